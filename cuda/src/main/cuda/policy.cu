// The policy-gradient terms that stay in device memory: masks, per-row factors, the k3 estimator, and a
// sum written into a storage instead of read on the host.
#include "common.cuh"

// out[i] = keep[i] ? x[i] : 0, keep uploaded as one int per element (the backend's index buffer).
extern "C" __global__ void mask_values(float* out, const float* x, const int* keep, int n) {
    GRID_STRIDE_LOOP(i, n) {
        out[i] = keep[i] ? x[i] : 0.0f;
    }
}

// out[r, j] = x[r, j] · factors[r] for x[rows, n], over rows·n elements.
extern "C" __global__ void scale_rows(float* out, const float* x, const float* factors, int n, long long total) {
    GRID_STRIDE_LOOP(i, total) {
        out[i] = x[i] * factors[i / n];
    }
}

// k3 = e^δ − 1 − δ and its slope 1 − e^δ, δ = ref − logp (the float difference, widened), in double.
extern "C" __global__ void k3_terms(float* values, float* slopes, const float* logp, const float* ref,
        const int* counted, int n) {
    GRID_STRIDE_LOOP(i, n) {
        if (counted[i]) {
            double delta = (double)(ref[i] - logp[i]);
            double m1 = expm1(delta);
            values[i] = (float)(m1 - delta);
            slopes[i] = (float)(-m1);
        } else {
            values[i] = 0.0f;
            slopes[i] = 0.0f;
        }
    }
}

// out[0] = (float)(scale · sums[0]), after sum_partials and sum_finish left the sum in sums[0].
extern "C" __global__ void store_scaled_sum(float* out, const double* sums, double scale) {
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        out[0] = (float)(scale * sums[0]);
    }
}

// totals[0] = Σ_i sums[i] over count per-storage sums, in order: the global gradient norm's square.
extern "C" __global__ void add_in_order(double* totals, const double* sums, int count) {
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        double total = 0.0;
        for (int i = 0; i < count; i++) {
            total += sums[i];
        }
        totals[0] = total;
    }
}
