// LayerNorm and RMSNorm over the last dimension of x[rows, c], row-major.
//
// The forward kernels and the dx kernels take one block per row and reduce the row in double, as the
// reference does. The weight (and bias) gradients sum over rows: one thread per column walks the rows
// in order, in double, so that no two threads add into one element.
#include "common.cuh"

extern "C" __global__ void layer_norm_forward(float* out, float* mean, float* rstd, const float* x,
        const float* weight, const float* bias, int c, float eps) {
    long long row = (long long)blockIdx.x * c;
    double sum = 0.0;
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        sum += x[row + i];
    }
    double m = block_sum(sum) / c;
    double squares = 0.0;
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        double centered = x[row + i] - m;
        squares += centered * centered;
    }
    double s = 1.0 / sqrt(block_sum(squares) / c + eps);
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        double normalized = (x[row + i] - m) * s;
        out[row + i] = (float)(normalized * weight[i] + bias[i]);
    }
    if (threadIdx.x == 0) {
        mean[blockIdx.x] = (float)m;
        rstd[blockIdx.x] = (float)s;
    }
}

// With xhat = (x − mean)·rstd and dxhat = weight ⊙ dout:
// dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat ⊙ xhat)). One block per row.
extern "C" __global__ void layer_norm_backward_dx(float* dx, const float* dout, const float* x,
        const float* weight, const float* mean, const float* rstd, int c) {
    long long row = (long long)blockIdx.x * c;
    float mu = mean[blockIdx.x];
    double rs = rstd[blockIdx.x];
    double dxhatSum = 0.0;
    double dxhatXhatSum = 0.0;
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        // (x − mean) in float, as the reference subtracts two floats before widening.
        double xhat = (double)(x[row + i] - mu) * rs;
        double dxhat = (double)weight[i] * dout[row + i];
        dxhatSum += dxhat;
        dxhatXhatSum += dxhat * xhat;
    }
    double dxhatMean = block_sum(dxhatSum) / c;
    double dxhatXhatMean = block_sum(dxhatXhatSum) / c;
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        double xhat = (double)(x[row + i] - mu) * rs;
        double dxhat = (double)weight[i] * dout[row + i];
        dx[row + i] += (float)(rs * (dxhat - dxhatMean - xhat * dxhatXhatMean));
    }
}

// dweight[i] += Σ_r xhat[r, i]·dout[r, i] and dbias[i] += Σ_r dout[r, i]: one thread per column i.
extern "C" __global__ void layer_norm_backward_params(float* dweight, float* dbias, const float* dout,
        const float* x, const float* mean, const float* rstd, int rows, int c) {
    GRID_STRIDE_LOOP(i, c) {
        double dw = 0.0;
        double db = 0.0;
        for (int r = 0; r < rows; r++) {
            long long at = (long long)r * c + i;
            double xhat = (double)(x[at] - mean[r]) * (double)rstd[r];
            db += dout[at];
            dw += xhat * dout[at];
        }
        dweight[i] += (float)dw;
        dbias[i] += (float)db;
    }
}

extern "C" __global__ void rms_norm_forward(float* out, float* rstd, const float* x, const float* weight, int c,
        float eps) {
    long long row = (long long)blockIdx.x * c;
    double squares = 0.0;
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        squares += (double)x[row + i] * x[row + i];
    }
    double s = 1.0 / sqrt(block_sum(squares) / c + eps);
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        out[row + i] = (float)(x[row + i] * s * weight[i]);
    }
    if (threadIdx.x == 0) {
        rstd[blockIdx.x] = (float)s;
    }
}

// With xhat = x·rstd and dxhat = weight ⊙ dout: dx = rstd · (dxhat − xhat · mean(dxhat ⊙ xhat)).
extern "C" __global__ void rms_norm_backward_dx(float* dx, const float* dout, const float* x, const float* weight,
        const float* rstd, int c) {
    long long row = (long long)blockIdx.x * c;
    float rs = rstd[blockIdx.x];
    double dxhatXhatSum = 0.0;
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        double xhat = (double)x[row + i] * rs;
        double dxhat = (double)weight[i] * dout[row + i];
        dxhatXhatSum += dxhat * xhat;
    }
    double dxhatXhatMean = block_sum(dxhatXhatSum) / c;
    for (int i = threadIdx.x; i < c; i += blockDim.x) {
        double xhat = (double)x[row + i] * rs;
        double dxhat = (double)weight[i] * dout[row + i];
        dx[row + i] += (float)(rs * (dxhat - xhat * dxhatXhatMean));
    }
}

// dweight[i] += Σ_r xhat[r, i]·dout[r, i]: one thread per column i.
extern "C" __global__ void rms_norm_backward_weight(float* dweight, const float* dout, const float* x,
        const float* rstd, int rows, int c) {
    GRID_STRIDE_LOOP(i, c) {
        double dw = 0.0;
        for (int r = 0; r < rows; r++) {
            long long at = (long long)r * c + i;
            dw += (double)x[at] * rstd[r] * dout[at];
        }
        dweight[i] += (float)dw;
    }
}
