#!/usr/bin/env python3
"""Batch-1 decoding, ours against llama.cpp's llama-bench, alternating run by run, with ratios.

    mvn -B -ntp -q package -DskipTests
    /usr/bin/python3 benchmarks/peers/decode_vs_llamacpp.py --llama-bench PATH/TO/llama-bench \\
        --gguf-py PATH/TO/llama.cpp/gguf-py [--rounds 3]

Build llama.cpp yourself (BENCHMARKS.md has the commands; none of it is committed). For each shape a
random model from `engine.jar init` is written as a float32 GGUF (to_gguf.py) and both sides process 16
prompt tokens and generate 64 new ones, one sequence, 2 threads, float32 weights. llama.cpp's figure is
its `-pg 16,64` test (prompt and generation in one context, as ours): 64 new tokens over that test's
time, with its default f16 KV cache (ours is float32; llama-bench here refuses f32, and llama.cpp's f32
cache is the slower one). Ours is
`bench sample --batch 1`,
the median of 10 generations after 2 untimed ones (what a short run sees) and after 30 (the JIT done).
"""
import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from decode_vs_ggml import NEW, PROMPT, THREADS, medians, run  # noqa: E402

SHAPES = {
    "GPT-2 L4 C256": ["--layers", "4", "--dim", "256", "--heads", "4", "--vocab", "512", "--ctx", "128"],
    "SmolLM2-135M (Llama)": ["--family", "llama", "--layers", "30", "--dim", "576", "--heads", "9", "--kv-heads", "3",
                             "--ffn", "1536", "--vocab", "49152", "--ctx", "256"],
    "GPT-2 124M": ["--layers", "12", "--dim", "768", "--heads", "12", "--vocab", "50257", "--ctx", "128"],
}


def llama_cpp(binary, model):
    out = run([binary, "-m", model, "-t", str(THREADS), "-p", "0", "-n", "0", "-pg", f"{PROMPT},{NEW}", "-r", "3",
               "-o", "json"])
    (test,) = json.loads(out)
    # llama-bench counts prompt and generated tokens together in a -pg test's rate.
    seconds = (PROMPT + NEW) / test["avg_ts"]
    return NEW / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llama-bench", required=True)
    parser.add_argument("--gguf-py", required=True, help="llama.cpp's gguf-py directory")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="run one shape (its name in the table)")
    args = parser.parse_args()
    print(f"{args.rounds} rounds, alternating; new tokens/s, medians")
    print("| shape | llama.cpp | ours, after 2 | ours / llama.cpp | ours, after 30 | ours / llama.cpp |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, shape in SHAPES.items():
            if args.only and args.only != name:
                continue
            model_dir = os.path.join(tmp, "model")
            run(["java", "-jar", "engine.jar", "init", "--force", "--out", model_dir] + shape)
            model = os.path.join(tmp, "model.gguf")
            run([sys.executable, os.path.join(HERE, "to_gguf.py"), model_dir, model, "--gguf-py", args.gguf_py])
            p, c, w = medians(lambda: llama_cpp(args.llama_bench, model), shape, args.rounds)
            print(f"| {name} | {p:.1f} | {c:.1f} | {c / p:.2f} | {w:.1f} | {w / p:.2f} |", flush=True)


if __name__ == "__main__":
    main()
