// Elementwise kernels over n floats, one thread per element in a grid-stride loop; and the bias ops,
// whose tensors are [rows, n] row-major.
//
// Each kernel does the Java reference's (ScalarBackend's) arithmetic in its order and precision:
// float ops where it works in float (add, mul, axpy, scale, bias: bit-identical, since the build turns
// off fused multiply-adds), double where it works in double (exp, GELU, SwiGLU).
#include "common.cuh"

// √(2/π) and the cubic coefficient of GPT-2's tanh approximation of GELU (ScalarBackend's constants).
__device__ constexpr double kGeluScale = 0.7978845608028654;
__device__ constexpr double kGeluCubic = 0.044715;

__device__ inline float gelu(float x) {
    double v = x;
    double t = tanh(kGeluScale * (v + kGeluCubic * v * v * v));
    return (float)(0.5 * v * (1.0 + t));
}

__device__ inline double sigmoid(double g) { return 1.0 / (1.0 + exp(-g)); }

extern "C" __global__ void add_kernel(float* out, const float* a, const float* b, int n) {
    GRID_STRIDE_LOOP(i, n) { out[i] = a[i] + b[i]; }
}

extern "C" __global__ void mul_kernel(float* out, const float* a, const float* b, int n) {
    GRID_STRIDE_LOOP(i, n) { out[i] = a[i] * b[i]; }
}

extern "C" __global__ void axpy_kernel(float* y, float alpha, const float* x, int n) {
    GRID_STRIDE_LOOP(i, n) { y[i] += alpha * x[i]; }
}

extern "C" __global__ void scale_kernel(float* x, float alpha, int n) {
    GRID_STRIDE_LOOP(i, n) { x[i] *= alpha; }
}

extern "C" __global__ void exp_kernel(float* out, const float* x, int n) {
    GRID_STRIDE_LOOP(i, n) { out[i] = (float)exp((double)x[i]); }
}

extern "C" __global__ void gelu_forward(float* out, const float* x, int n) {
    GRID_STRIDE_LOOP(i, n) { out[i] = gelu(x[i]); }
}

extern "C" __global__ void gelu_backward(float* dx, const float* x, const float* dout, int n) {
    GRID_STRIDE_LOOP(i, n) {
        double v = x[i];
        double t = tanh(kGeluScale * (v + kGeluCubic * v * v * v));
        double sech2 = 1.0 - t * t;
        // d/dx of 0.5·x·(1 + tanh(u(x))), u' = √(2/π)·(1 + 3·0.044715·x²)
        double gradient = 0.5 * (1.0 + t) + 0.5 * v * sech2 * kGeluScale * (1.0 + 3.0 * kGeluCubic * v * v);
        dx[i] += (float)(gradient * dout[i]);
    }
}

// pre and out are [rows, n]: pre += bias (row-broadcast), then out = gelu(pre).
extern "C" __global__ void bias_gelu_forward(float* out, float* pre, const float* bias, int rows, int n) {
    GRID_STRIDE_LOOP(i, (long long)rows * n) {
        float p = pre[i] + bias[i % n];
        pre[i] = p;
        out[i] = gelu(p);
    }
}

extern "C" __global__ void swiglu_forward(float* out, const float* gate, const float* up, int n) {
    GRID_STRIDE_LOOP(i, n) { out[i] = (float)(gate[i] * sigmoid(gate[i]) * up[i]); }
}

extern "C" __global__ void swiglu_backward(float* dgate, float* dup, const float* dout, const float* gate,
        const float* up, int n) {
    GRID_STRIDE_LOOP(i, n) {
        double s = sigmoid(gate[i]);
        // silu'(g) = d/dg of g·σ(g) = σ + g·σ·(1 − σ)
        double slope = s * (1.0 + gate[i] * (1.0 - s));
        dgate[i] += (float)((double)dout[i] * up[i] * slope);
        dup[i] += (float)((double)dout[i] * gate[i] * s);
    }
}

// out is [rows, n]: out[r, j] += bias[j].
extern "C" __global__ void add_bias(float* out, const float* bias, int rows, int n) {
    GRID_STRIDE_LOOP(i, (long long)rows * n) { out[i] += bias[i % n]; }
}

// dout is [rows, n]: one thread per column j sums its rows in double, top to bottom as the reference does.
extern "C" __global__ void bias_backward(float* dbias, const float* dout, int rows, int n) {
    GRID_STRIDE_LOOP(j, n) {
        double acc = 0.0;
        for (int r = 0; r < rows; r++) {
            acc += dout[(long long)r * n + j];
        }
        dbias[j] += (float)acc;
    }
}
