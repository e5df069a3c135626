// Rotary position embedding (Hugging Face's rotate_half) on x[rows, heads·headDim]: one thread per
// pair (i, i + half) of one head of one row, half = headDim / 2.
#include "common.cuh"

// out (+)= R(sign·θ)·x: the forward pass rotates by +θ (sign 1, overwriting), its gradient by −θ
// (sign −1, adding). cos and sin are [P, half]; positions[rows] were checked against P on the host.
extern "C" __global__ void rotary(float* out, const float* x, const float* cos, const float* sin,
        const int* positions, int rows, int heads, int headDim, float sign, int accumulate) {
    int half = headDim / 2;
    GRID_STRIDE_LOOP(pair, (long long)rows * heads * half) {
        // pair = (r·heads + h)·half + i
        int i = (int)(pair % half);
        long long rowHead = pair / half;
        int r = (int)(rowHead / heads);
        long long at = rowHead * headDim; // (r·heads + h)·headDim: head h of row r
        long long table = (long long)positions[r] * half + i;
        double c = cos[table];
        double s = sign * (double)sin[table];
        double x1 = x[at + i];
        double x2 = x[at + half + i];
        double first = x1 * c - x2 * s;
        double second = x2 * c + x1 * s;
        // Accumulating, the sum is taken in double before rounding, as the reference does.
        out[at + i] = (float)(accumulate ? out[at + i] + first : first);
        out[at + half + i] = (float)(accumulate ? out[at + half + i] + second : second);
    }
}
