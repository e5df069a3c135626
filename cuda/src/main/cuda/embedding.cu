// Embedding rows: gather table rows by index and the gradient's scatter-add; rows are c floats wide.
#include "common.cuh"

// out[i, :] = table[index[i], :] for i < n; one thread per element. Indices were checked on the host.
extern "C" __global__ void gather_rows(float* out, const float* table, const int* index, int n, int c) {
    GRID_STRIDE_LOOP(e, (long long)n * c) {
        long long i = e / c;
        int j = (int)(e % c);
        out[e] = table[(long long)index[i] * c + j];
    }
}

// dtable[index[i], :] += dout[i, :]. One thread per column j walks i = 0..n−1 in order: repeated
// indices add in the reference's order, so the result is bit-identical and no atomics are needed.
extern "C" __global__ void scatter_add_rows(float* dtable, const float* dout, const int* index, int n, int c) {
    GRID_STRIDE_LOOP(j, c) {
        for (int i = 0; i < n; i++) {
            dtable[(long long)index[i] * c + j] += dout[(long long)i * c + j];
        }
    }
}
