// Helpers every kernel file shares: block-wide reductions and the grid-stride loop.
//
// Every reducing kernel runs with a block size that is a multiple of 32 (the host's LaunchShape sees
// to it), so that each warp is full when it shuffles.
#pragma once

#include <math.h>

// for (i = first index of this thread; i < n; i += every thread of the grid)
#define GRID_STRIDE_LOOP(i, n)                                                                  \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)(n);    \
         i += (long long)blockDim.x * gridDim.x)

struct SumOp {
    template <typename T> __device__ static T apply(T a, T b) { return a + b; }
};

struct MaxOp {
    template <typename T> __device__ static T apply(T a, T b) { return a > b ? a : b; }
};

// Combines one value per thread of the block with Op and returns the result to every thread. Each warp
// reduces by shuffles, warp 0 reduces the warps' results; the closing barrier lets a caller reduce
// again right away without overwriting a slot still being read.
template <typename Op, typename T>
__device__ T block_reduce(T value, T identity) {
    __shared__ T partials[32];
    for (int offset = 16; offset > 0; offset >>= 1) {
        value = Op::apply(value, __shfl_down_sync(0xffffffffu, value, offset));
    }
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    if (lane == 0) {
        partials[warp] = value;
    }
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        value = lane < warps ? partials[lane] : identity;
        for (int offset = 16; offset > 0; offset >>= 1) {
            value = Op::apply(value, __shfl_down_sync(0xffffffffu, value, offset));
        }
        if (lane == 0) {
            partials[0] = value;
        }
    }
    __syncthreads();
    T result = partials[0];
    __syncthreads();
    return result;
}

__device__ inline double block_sum(double value) { return block_reduce<SumOp, double>(value, 0.0); }

__device__ inline float block_sum(float value) { return block_reduce<SumOp, float>(value, 0.0f); }

__device__ inline float block_max(float value) { return block_reduce<MaxOp, float>(value, -INFINITY); }
