#!/usr/bin/env python3
"""Batch-1 decoding, ours against ggml's gpt-2 example, alternating run by run, with ratios.

    mvn -B -ntp -q package -DskipTests
    /usr/bin/python3 benchmarks/peers/decode_vs_ggml.py --ggml PATH/TO/gpt-2-backend [--rounds 5]

ggml is the tensor library llama.cpp computes with (llama.cpp's own snapshot was too large to fetch
here); build its example yourself (BENCHMARKS.md has the commands; none of it is committed). For each
shape, a random model from `engine.jar init` is written in ggml's format (to_ggml_gpt2.py) and both
sides decode 16 prompt tokens + 64 new ones, one sequence, 2 threads, float32 weights and KV cache,
sampling at temperature (ggml: top-k 40; ours: the full distribution). ggml's figure is new tokens
over its predict + sample time of one generation per process (its load excluded); ours is
`bench sample --batch 1`, the median of 10 generations after 2 untimed ones (what a short run
sees) and after 30 (the JIT done).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import to_ggml_gpt2  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
THREADS = 2
PROMPT, NEW = 16, 64
SHAPES = {
    "GPT-2 L4 C256": ["--layers", "4", "--dim", "256", "--heads", "4", "--vocab", "512", "--ctx", "128"],
    "GPT-2 124M": ["--layers", "12", "--dim", "768", "--heads", "12", "--vocab", "50257", "--ctx", "128"],
}


def run(command):
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, errors="replace")
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return done.stdout


def ours(shape, warmup):
    out = run(["java", "-jar", "engine.jar", "bench", "sample"] + shape + [
        "--batch", "1", "--prompt-len", str(PROMPT), "--new-tokens", str(NEW), "--repeats", "10",
        "--warmup", str(warmup), "--threads", str(THREADS)])
    return json.loads(out.strip().splitlines()[-1])["tokens_per_s"]


def ggml(binary, model):
    out = run([binary, "-m", model, "-p", "abcdefghijklmnop", "-n", str(NEW), "-t", str(THREADS), "-b", str(PROMPT)])
    ms = sum(float(re.search(rf"{what} time =\s+([0-9.]+) ms", out).group(1)) for what in ("sample", "predict"))
    return NEW / (ms / 1000)


def medians(peer, shape, rounds):
    """Medians of the peer's rate and ours after 2 and after 30 warm-up generations, alternating run by run."""
    runs = [[], [], []]
    for _ in range(rounds):
        runs[0].append(peer())
        runs[1].append(ours(shape, 2))
        runs[2].append(ours(shape, 30))
    return [statistics.median(r) for r in runs]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ggml", required=True, help="ggml's gpt-2-backend binary")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.rounds} rounds, alternating; tokens/s, medians")
    print("| shape | ggml | ours, 2 warm-up generations | ratio | ours, 30 warm-up generations | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, shape in SHAPES.items():
            model_dir = os.path.join(tmp, name.replace(" ", "_"))
            run(["java", "-jar", "engine.jar", "init", "--out", model_dir] + shape)
            model = model_dir + ".bin"
            to_ggml_gpt2.main(model_dir, model)
            p, c, w = medians(lambda: ggml(args.ggml, model), shape, args.rounds)
            print(f"| {name} | {p:.1f} | {c:.1f} | {c / p:.2f} | {w:.1f} | {w / p:.2f} |", flush=True)


if __name__ == "__main__":
    main()
