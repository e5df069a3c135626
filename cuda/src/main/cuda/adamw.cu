// One AdamW step (torch.optim.AdamW) over n parameters, one thread per parameter.
#include "common.cuh"

// The step's scalars come from the host, computed in double as the reference does:
// decay = 1 − lr·wd, stepSize = lr / (1 − β1^step), correction2Sqrt = √(1 − β2^step). The float
// operations below are the reference's, in its order; with fused multiply-adds off and IEEE sqrt and
// division they round identically.
extern "C" __global__ void adamw(float* param, const float* grad, float* m, float* v, int n, float decay,
        float stepSize, float correction2Sqrt, float beta1, float beta2, float eps) {
    GRID_STRIDE_LOOP(i, n) {
        float g = grad[i];
        float p = param[i] * decay;
        float mi = beta1 * m[i] + (1.0f - beta1) * g;
        float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        float denominator = sqrtf(vi) / correction2Sqrt + eps;
        param[i] = p - stepSize * mi / denominator;
        m[i] = mi;
        v[i] = vi;
    }
}
