// Choosing each row's next token where its logits lie: one block per row of [rows, v].
#include "common.cuh"

// The warp's (value, index) with the largest value, the smallest index among ties, into lane 0.
__device__ void warp_argmax(float& value, int& index) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        float other = __shfl_down_sync(0xffffffffu, value, offset);
        int otherIndex = __shfl_down_sync(0xffffffffu, index, offset);
        if (other > value || (other == value && otherIndex < index)) {
            value = other;
            index = otherIndex;
        }
    }
}

// The block's (value, index) with the largest value, the smallest index among ties (torch.argmax).
__device__ void block_argmax(float& value, int& index) {
    __shared__ float values[32];
    __shared__ int indices[32];
    warp_argmax(value, index);
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    if (lane == 0) {
        values[warp] = value;
        indices[warp] = index;
    }
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        value = lane < warps ? values[lane] : -INFINITY;
        index = lane < warps ? indices[lane] : 0x7fffffff;
        warp_argmax(value, index);
        if (lane == 0) {
            values[0] = value;
            indices[0] = index;
        }
    }
    __syncthreads();
    value = values[0];
    index = indices[0];
    __syncthreads();
}

// tokens[r] = argmax of row r, logProbs[r] = its log-softmax at temperature 1 (the sum in double).
extern "C" __global__ void argmax_rows(int* tokens, float* logProbs, const float* logits, int v) {
    const float* row = logits + (long long)blockIdx.x * v;
    float best = -INFINITY;
    int bestIndex = 0x7fffffff;
    for (int j = threadIdx.x; j < v; j += blockDim.x) {
        if (row[j] > best) { // a thread's indices rise, so its first maximum is kept
            best = row[j];
            bestIndex = j;
        }
    }
    block_argmax(best, bestIndex);
    double sum = 0.0;
    for (int j = threadIdx.x; j < v; j += blockDim.x) {
        sum += exp((double)row[j] - best);
    }
    sum = block_sum(sum);
    if (threadIdx.x == 0) {
        tokens[blockIdx.x] = bestIndex;
        logProbs[blockIdx.x] = (float)(-log(sum)); // logit − max is 0 at the argmax
    }
}

// A draw from row r of a softmax with uniform u = uniforms[r] (NaN: the row is skipped): with
// target = u · Σp, the first positive entry at which the running remainder target − Σ_{j ≤ i} p_j falls
// below 0, or the row's last positive entry when rounding leaves none. Each thread sums one contiguous
// chunk, thread 0 scans the chunk sums in order, and each thread walks its own chunk from the remainder
// at its start; the first crossing wins. Blocks of at most 1024 threads.
extern "C" __global__ void draw_rows(int* tokens, float* logProbs, const float* probabilities,
        const double* uniforms, int v) {
    double uniform = uniforms[blockIdx.x];
    if (isnan(uniform)) {
        return; // the whole block returns together
    }
    const float* row = probabilities + (long long)blockIdx.x * v;
    int chunk = (v + blockDim.x - 1) / blockDim.x;
    int from = min(v, (int)threadIdx.x * chunk);
    int to = min(v, from + chunk);
    double own = 0.0;
    for (int j = from; j < to; j++) {
        own += row[j];
    }
    __shared__ double before[1024];
    __shared__ double total;
    __shared__ int chosen;
    __shared__ int lastPositive;
    before[threadIdx.x] = own;
    __syncthreads();
    if (threadIdx.x == 0) {
        double running = 0.0;
        for (int t = 0; t < blockDim.x; t++) {
            double sum = before[t];
            before[t] = running; // the sum of every earlier chunk
            running += sum;
        }
        total = running;
        chosen = 0x7fffffff;
        lastPositive = -1;
    }
    __syncthreads();
    double remainder = uniform * total - before[threadIdx.x];
    int crossing = -1;
    int last = -1;
    for (int j = from; j < to; j++) {
        if (row[j] > 0) {
            last = j;
            if (crossing < 0 && remainder >= 0) {
                remainder -= row[j];
                if (remainder < 0) {
                    crossing = j;
                }
            }
        }
    }
    if (crossing >= 0) {
        atomicMin(&chosen, crossing);
    }
    atomicMax(&lastPositive, last);
    __syncthreads();
    if (threadIdx.x == 0) {
        int token = chosen != 0x7fffffff ? chosen : (lastPositive >= 0 ? lastPositive : 0);
        tokens[blockIdx.x] = token;
        logProbs[blockIdx.x] = (float)(log((double)row[token]) - log(total));
    }
}
