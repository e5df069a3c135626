// Causal attention with grouped query heads: training forward and backward, and cached decoding.
//
// Layout (Backend#attentionForward): qkv is [B, T, W], W = (heads + 2·kvHeads)·hd, a token's query
// heads, then its key heads, then its value heads; out and dout are [B, T, heads·hd]; lse is
// [B, heads, T]. Query head h reads key/value head h / (heads / kvHeads).
//
// Every kernel runs with a block of at least hd threads (a multiple of 32, at least 128): thread d < hd
// owns output dimension d, and each thread scores one key (or query) of a tile of blockDim. Every
// output row belongs to exactly one block, so that no two blocks add into one element and the sums
// are deterministic. Scores, exponentials and accumulators are float, as in the vector backend.
#include "common.cuh"

__device__ inline float dot(const float* a, const float* b, int hd) {
    float acc = 0.0f;
    for (int d = 0; d < hd; d++) {
        acc += a[d] * b[d];
    }
    return acc;
}

// Attends query q (in shared memory) to keys 0..count−1 at keys + j·keyStride with values at
// values + j·valueStride, by online softmax over tiles of blockDim keys; writes the output row and
// returns the log-sum-exp of the scaled scores. weights is a shared array of blockDim floats.
__device__ float attend(float* out, const float* q, const float* keys, long long keyStride, const float* values,
        long long valueStride, int count, int hd, float scale, float* weights) {
    float runningMax = -INFINITY;
    float runningSum = 0.0f;
    float acc = 0.0f;
    for (int start = 0; start < count; start += blockDim.x) {
        int j = start + threadIdx.x;
        float score = j < count ? scale * dot(q, keys + j * keyStride, hd) : -INFINITY;
        float newMax = fmaxf(runningMax, block_max(score));
        float weight = j < count ? expf(score - newMax) : 0.0f;
        weights[threadIdx.x] = weight;
        float tileSum = block_sum(weight); // its barriers also publish weights[]
        // The earlier tiles' sum and output were weighted by exp(· − runningMax): move them to newMax.
        float rescale = expf(runningMax - newMax);
        runningSum = runningSum * rescale + tileSum;
        if (threadIdx.x < hd) {
            int tile = min((int)blockDim.x, count - start);
            float a = 0.0f;
            for (int t = 0; t < tile; t++) {
                a += weights[t] * values[(start + t) * valueStride + threadIdx.x];
            }
            acc = acc * rescale + a;
        }
        runningMax = newMax;
        __syncthreads(); // every thread has read weights[] before the next tile overwrites it
    }
    if (threadIdx.x < hd) {
        out[threadIdx.x] = acc / runningSum;
    }
    return runningMax + logf(runningSum);
}

// Copies hd floats into shared memory and waits until the block sees them.
__device__ inline void load_row(float* dst, const float* src, int hd) {
    if (threadIdx.x < hd) {
        dst[threadIdx.x] = src[threadIdx.x];
    }
    __syncthreads();
}

// Grid (T, heads, B): block (i, h, b) computes query i of head h in row b.
// Dynamic shared memory: (hd + blockDim) floats.
extern "C" __global__ void attention_forward(float* out, float* lse, const float* qkv, int t, int heads,
        int kvHeads, int hd, float scale) {
    extern __shared__ float shared[];
    float* q = shared;
    float* weights = shared + hd;
    int i = blockIdx.x;
    int h = blockIdx.y;
    int b = blockIdx.z;
    int kv = h / (heads / kvHeads);
    long long width = (long long)(heads + 2 * kvHeads) * hd;
    const float* rowStart = qkv + (long long)b * t * width; // token 0 of row b
    load_row(q, rowStart + i * width + h * hd, hd);
    const float* keys = rowStart + (long long)heads * hd + kv * hd;
    const float* values = rowStart + (long long)(heads + kvHeads) * hd + kv * hd;
    float* o = out + ((long long)b * t + i) * heads * hd + h * hd;
    float l = attend(o, q, keys, width, values, width, i + 1, hd, scale, weights);
    if (threadIdx.x == 0) {
        lse[((long long)b * heads + h) * t + i] = l;
    }
}

// The query gradient. With p_ij = exp(scale·q_i·k_j − lse_i), D_i = dout_i · out_i and
// dscore_ij = p_ij·(dout_i·v_j − D_i): dq_i += scale · Σ_{j ≤ i} dscore_ij · k_j.
// Grid (T, heads, B) as the forward pass; dynamic shared memory: (2·hd + blockDim) floats.
extern "C" __global__ void attention_backward_dq(float* dqkv, const float* dout, const float* qkv,
        const float* out, const float* lse, int t, int heads, int kvHeads, int hd, float scale) {
    extern __shared__ float shared[];
    float* q = shared;
    float* d = shared + hd;
    float* dscores = shared + 2 * hd;
    int i = blockIdx.x;
    int h = blockIdx.y;
    int b = blockIdx.z;
    int kv = h / (heads / kvHeads);
    long long width = (long long)(heads + 2 * kvHeads) * hd;
    const float* rowStart = qkv + (long long)b * t * width;
    long long o = ((long long)b * t + i) * heads * hd + h * hd;
    load_row(q, rowStart + i * width + h * hd, hd);
    load_row(d, dout + o, hd);
    float rowTerm = block_sum(threadIdx.x < hd ? d[threadIdx.x] * out[o + threadIdx.x] : 0.0f);
    float logSumExp = lse[((long long)b * heads + h) * t + i];
    const float* keys = rowStart + (long long)heads * hd + kv * hd;
    const float* values = rowStart + (long long)(heads + kvHeads) * hd + kv * hd;
    float acc = 0.0f;
    for (int start = 0; start <= i; start += blockDim.x) {
        int j = start + threadIdx.x;
        float dscore = 0.0f;
        if (j <= i) {
            float p = expf(scale * dot(q, keys + j * width, hd) - logSumExp);
            dscore = p * (dot(d, values + j * width, hd) - rowTerm);
        }
        dscores[threadIdx.x] = dscore;
        __syncthreads();
        if (threadIdx.x < hd) {
            int tile = min((int)blockDim.x, i + 1 - start);
            for (int s = 0; s < tile; s++) {
                acc += dscores[s] * keys[(start + s) * width + threadIdx.x];
            }
        }
        __syncthreads();
    }
    if (threadIdx.x < hd) {
        dqkv[(long long)b * t * width + i * width + h * hd + threadIdx.x] += scale * acc;
    }
}

// The key and value gradients of key/value head kv at position j, summed over every query head of its
// group and every query i ≥ j: dv_j += Σ p_ij·dout_i, dk_j += scale · Σ dscore_ij·q_i.
// Grid (T, kvHeads, B); dynamic shared memory: (2·hd + 2·blockDim) floats.
extern "C" __global__ void attention_backward_dkv(float* dqkv, const float* dout, const float* qkv,
        const float* out, const float* lse, int t, int heads, int kvHeads, int hd, float scale) {
    extern __shared__ float shared[];
    float* k = shared;
    float* v = shared + hd;
    float* probabilities = shared + 2 * hd;
    float* dscores = probabilities + blockDim.x;
    int j = blockIdx.x;
    int kv = blockIdx.y;
    int b = blockIdx.z;
    int group = heads / kvHeads;
    long long width = (long long)(heads + 2 * kvHeads) * hd;
    long long c = (long long)heads * hd;
    const float* rowStart = qkv + (long long)b * t * width;
    long long keyAt = j * width + c + kv * hd;        // within row b
    long long valueAt = keyAt + (long long)kvHeads * hd;
    load_row(k, rowStart + keyAt, hd);
    load_row(v, rowStart + valueAt, hd);
    float dk = 0.0f;
    float dv = 0.0f;
    for (int h = kv * group; h < (kv + 1) * group; h++) {
        for (int start = j; start < t; start += blockDim.x) {
            int i = start + threadIdx.x;
            float p = 0.0f;
            float dscore = 0.0f;
            if (i < t) {
                const float* q = rowStart + i * width + h * hd;
                long long o = ((long long)b * t + i) * c + h * hd;
                float logSumExp = lse[((long long)b * heads + h) * t + i];
                p = expf(scale * dot(q, k, hd) - logSumExp);
                dscore = p * (dot(dout + o, v, hd) - dot(dout + o, out + o, hd));
            }
            probabilities[threadIdx.x] = p;
            dscores[threadIdx.x] = dscore;
            __syncthreads();
            if (threadIdx.x < hd) {
                int tile = min((int)blockDim.x, t - start);
                for (int s = 0; s < tile; s++) {
                    long long query = (long long)b * t + start + s;
                    dv += probabilities[s] * dout[query * c + h * hd + threadIdx.x];
                    dk += dscores[s] * qkv[query * width + h * hd + threadIdx.x];
                }
            }
            __syncthreads();
        }
    }
    if (threadIdx.x < hd) {
        float* rowGrad = dqkv + (long long)b * t * width;
        rowGrad[keyAt + threadIdx.x] += scale * dk;
        rowGrad[valueAt + threadIdx.x] += dv;
    }
}

// Writes the new tokens' keys and values into the caches [B, maxT, kvHeads·hd] at positions
// pastLength[b] + i: one thread per (b, i, e), e < kvHeads·hd. The host checked pastLength[b] + tq ≤ maxT.
extern "C" __global__ void attention_cache_write(float* kCache, float* vCache, const float* qkv,
        const int* pastLength, int batch, int tq, int heads, int kvHeads, int hd, int maxT) {
    int kvWidth = kvHeads * hd;
    long long width = (long long)(heads + 2 * kvHeads) * hd;
    GRID_STRIDE_LOOP(element, (long long)batch * tq * kvWidth) {
        int e = (int)(element % kvWidth);
        long long token = element / kvWidth; // b·tq + i
        int b = (int)(token / tq);
        int i = (int)(token % tq);
        long long slot = ((long long)b * maxT + pastLength[b] + i) * kvWidth + e;
        const float* keyHeads = qkv + token * width + (long long)heads * hd;
        kCache[slot] = keyHeads[e];
        vCache[slot] = keyHeads[kvWidth + e];
    }
}

// New token i of row b, query head h, attends to cached positions 0..pastLength[b] + i.
// Grid (tq, heads, B); dynamic shared memory: (hd + blockDim) floats.
extern "C" __global__ void attention_cached(float* out, const float* qkv, const float* kCache, const float* vCache,
        const int* pastLength, int tq, int heads, int kvHeads, int hd, int maxT, float scale) {
    extern __shared__ float shared[];
    float* q = shared;
    float* weights = shared + hd;
    int i = blockIdx.x;
    int h = blockIdx.y;
    int b = blockIdx.z;
    int kv = h / (heads / kvHeads);
    long long width = (long long)(heads + 2 * kvHeads) * hd;
    long long kvWidth = (long long)kvHeads * hd;
    load_row(q, qkv + ((long long)b * tq + i) * width + h * hd, hd);
    const float* keys = kCache + (long long)b * maxT * kvWidth + kv * hd;
    const float* values = vCache + (long long)b * maxT * kvWidth + kv * hd;
    float* o = out + ((long long)b * tq + i) * heads * hd + h * hd;
    attend(o, q, keys, kvWidth, values, kvWidth, pastLength[b] + i + 1, hd, scale, weights);
}
