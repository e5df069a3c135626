// Row sums and the double-precision sums over a whole storage.
#include "common.cuh"

// out[r] = Σ_j x[r, j] for x[rows, n]: one block per row, in double.
extern "C" __global__ void row_sum(float* out, const float* x, int n) {
    long long row = (long long)blockIdx.x * n;
    double acc = 0.0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        acc += x[row + j];
    }
    acc = block_sum(acc);
    if (threadIdx.x == 0) {
        out[blockIdx.x] = (float)acc;
    }
}

// First pass of Σ x (or Σ x², squared ≠ 0) in double: partials[block] = this block's share.
extern "C" __global__ void sum_partials(double* partials, const float* x, int n, int squared) {
    double acc = 0.0;
    GRID_STRIDE_LOOP(i, n) {
        double value = x[i];
        acc += squared ? value * value : value;
    }
    acc = block_sum(acc);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = acc;
    }
}

// Second pass, one block: result[at] = Σ partials[0 .. count).
extern "C" __global__ void sum_finish(double* result, int at, const double* partials, int count) {
    double acc = 0.0;
    for (int i = threadIdx.x; i < count; i += blockDim.x) {
        acc += partials[i];
    }
    acc = block_sum(acc);
    if (threadIdx.x == 0) {
        result[at] = acc;
    }
}
