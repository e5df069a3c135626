// The one translation unit nvcc compiles: every kernel file, so that the build makes one fatbin that
// the backend loads as one module (nvcc -fatbin takes a single input). Each file holds one concern.
#include "elementwise.cu"
#include "norms.cu"
#include "softmax.cu"
#include "rotary.cu"
#include "embedding.cu"
#include "attention.cu"
#include "adamw.cu"
#include "reductions.cu"
#include "policy.cu"
#include "tokens.cu"
