#!/usr/bin/env bash
# Compiles the CUDA kernels into one fatbin: SASS for sm_90 (H100/H200) and PTX for compute_90, which
# the driver compiles just in time for newer chips. Called by Maven in generate-resources with the
# kernel folder and the output file; ptxas's per-kernel register and spill report goes to the build log.
# Without nvcc on the PATH it prints one line and succeeds: the jar then has no kernels and the cuda
# backend's unavailableReason says so.
set -euo pipefail
src="$1"
out="$2"

if ! command -v nvcc >/dev/null 2>&1; then
    echo "[cuda] nvcc is not on the PATH: the CUDA kernels were not built (the cuda backend will report it)"
    exit 0
fi

newest_source=$(find "$src" -name '*.cu' -o -name '*.cuh' | xargs ls -t | head -n 1)
if [[ -f "$out" && "$out" -nt "$newest_source" && "$out" -nt "$0" ]]; then
    echo "[cuda] $(basename "$out") is up to date"
    exit 0
fi

mkdir -p "$(dirname "$out")"
# --fmad=false: no fused multiply-adds, so that the elementwise kernels and AdamW round every product
# and sum as the Java reference does and match it bit for bit. Division and sqrt stay IEEE-rounded
# (nvcc's default without --use_fast_math, which is deliberately absent).
# kernels.cu includes every other file: one translation unit makes one fatbin with one module.
nvcc -fatbin -std=c++17 -O3 --fmad=false \
    -gencode arch=compute_90,code='[sm_90,compute_90]' \
    -Xptxas -v \
    -o "$out" "$src/kernels.cu"
echo "[cuda] built $(basename "$out") ($(stat -c %s "$out") bytes)"
