"""PyTorch on the GPU, the peer of `engine.jar bench train|sample --backend cuda`: peers.py's workloads, same
arguments and JSON line, with every tensor on CUDA and each timed repetition ended by a device synchronize.

    python3 torch_peer.py train --layers 4 --dim 256 --heads 4 --vocab 512 --ctx 128 --batch 16 --steps 10

TF32 stays off (PyTorch's default for float32 matmuls), as in our cuBLAS calls.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "benchmarks", "peers"))
import peers  # noqa: E402  (after the path it lives on)

torch.backends.cuda.matmul.allow_tf32 = False
# peers.py makes its tensors and generators with no device named: default both to the GPU.
torch.set_default_device("cuda")
_cpu_generator = torch.Generator
torch.Generator = lambda device="cuda": _cpu_generator(device=device)
_median_seconds = peers.median_seconds


def synchronized_median_seconds(body, warmup, runs, min_seconds=0.0):
    """peers.median_seconds, each repetition ending only when the GPU has finished it."""
    def finished():
        body()
        torch.cuda.synchronize()
    return _median_seconds(finished, warmup, runs, min_seconds)


peers.median_seconds = synchronized_median_seconds

if __name__ == "__main__":
    peers.main()
