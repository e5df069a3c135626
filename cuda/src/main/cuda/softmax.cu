// The softmax family and cross-entropy, each row of x[rows, n] (logits[rows, v]) by one block.
//
// The log-sum-exp is the reference's: the row's maximum (exact in any order), then Σ exp(x − max)
// in double, lse = max + log(sum).
#include "common.cuh"

// log Σ_j exp(row[j]) for j < n, shifted by the maximum so that exp cannot overflow.
__device__ double row_log_sum_exp(const float* row, int n) {
    float max = -INFINITY;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        max = fmaxf(max, row[j]);
    }
    double m = block_max(max);
    double sum = 0.0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        sum += exp(row[j] - m);
    }
    return m + log(block_sum(sum));
}

extern "C" __global__ void softmax_forward(float* out, const float* x, int n) {
    long long row = (long long)blockIdx.x * n;
    double lse = row_log_sum_exp(x + row, n);
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        out[row + j] = (float)exp(x[row + j] - lse);
    }
}

// dx += p ⊙ (dout − Σ_j p·dout)
extern "C" __global__ void softmax_backward(float* dx, const float* p, const float* dout, int n) {
    long long row = (long long)blockIdx.x * n;
    double dot = 0.0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        dot += (double)p[row + j] * dout[row + j];
    }
    dot = block_sum(dot);
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        dx[row + j] += (float)(p[row + j] * (dout[row + j] - dot));
    }
}

extern "C" __global__ void log_softmax_forward(float* out, const float* x, int n) {
    long long row = (long long)blockIdx.x * n;
    double lse = row_log_sum_exp(x + row, n);
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        out[row + j] = (float)(x[row + j] - lse);
    }
}

// dx += dout − exp(logp)·Σ_j dout
extern "C" __global__ void log_softmax_backward(float* dx, const float* logp, const float* dout, int n) {
    long long row = (long long)blockIdx.x * n;
    double sum = 0.0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        sum += dout[row + j];
    }
    sum = block_sum(sum);
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        dx[row + j] += (float)(dout[row + j] - exp((double)logp[row + j]) * sum);
    }
}

// losses[r] = logsumexp(logits[r]) − logits[r, targets[r]], 0 where the target is negative (ignored).
// The host has checked every target against v.
extern "C" __global__ void cross_entropy_forward(float* losses, const float* logits, const int* targets, int v) {
    int target = targets[blockIdx.x];
    if (target < 0) {
        if (threadIdx.x == 0) {
            losses[blockIdx.x] = 0.0f;
        }
        return; // the whole block leaves together: no barrier is skipped by only some threads
    }
    long long row = (long long)blockIdx.x * v;
    double lse = row_log_sum_exp(logits + row, v);
    if (threadIdx.x == 0) {
        losses[blockIdx.x] = (float)(lse - logits[row + target]);
    }
}

// dlogits[r] += dlosses[r] · (softmax(logits[r]) − onehot(targets[r])); ignored rows get nothing.
extern "C" __global__ void cross_entropy_backward(float* dlogits, const float* logits, const int* targets,
        const float* dlosses, int v) {
    int target = targets[blockIdx.x];
    if (target < 0) {
        return;
    }
    long long row = (long long)blockIdx.x * v;
    double lse = row_log_sum_exp(logits + row, v);
    float dl = dlosses[blockIdx.x];
    for (int j = threadIdx.x; j < v; j += blockDim.x) {
        double p = exp(logits[row + j] - lse);
        double onehot = j == target ? 1.0 : 0.0;
        dlogits[row + j] += (float)(dl * (p - onehot));
    }
}
