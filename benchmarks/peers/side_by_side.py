"""Ours against the peers, alternating run by run on the same machine, with ratios.

    mvn -B -ntp -q package -DskipTests
    /usr/bin/python3 benchmarks/peers/side_by_side.py [--rounds 3] [--only matmul,train,sample,train-124m,sample-124m,train-smollm,sample-smollm,sample-smollm-b1]

Each round runs `java -jar engine.jar bench …` and then every peer variant once (peers.py in a fresh
Python process); each figure is the median over the rounds, and each ratio is ours over that peer's.
Alternating keeps the other tenants of a shared machine from favouring either side.

Two variants of every peer, since Debian's OpenBLAS 0.3.21 does not recognize this CPU (it reports
"Prescott" and runs its SSE3 kernels):
  installed  the packages as they come: numpy / torch with OpenBLAS's own choice, 2 threads
  tuned      OPENBLAS_CORETYPE=SkylakeX (the AVX-512 kernels); for torch also OPENBLAS_NUM_THREADS=1,
             which stops OpenBLAS's threads from fighting torch's OpenMP threads (fastest we found)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = os.path.join(ROOT, "benchmarks", "peers", "peers.py")
THREADS = 2

MATMUL_SHAPES = [(2048, 256, 768), (2048, 256, 1024), (2048, 1024, 256), (2048, 256, 512),
                 (4096, 768, 3072), (256, 768, 2304), (1024, 1024, 1024)]
SMALL = ["--layers", "4", "--dim", "256", "--heads", "4", "--vocab", "512", "--ctx", "128"]
GPT2_124M = ["--layers", "12", "--dim", "768", "--heads", "12", "--vocab", "50257", "--ctx", "64"]
# SmolLM2-135M's shape (a tied Llama with grouped-query attention), as issue 15 asks.
SMOLLM2_135M = ["--family", "llama", "--layers", "30", "--dim", "576", "--heads", "9", "--kv-heads", "3", "--ffn", "1536",
                "--vocab", "49152"]

# (name, ours: engine.jar bench arguments, peer: peers.py arguments, figure, extra environment per variant)
MATMUL_ENV = {"installed": {"OPENBLAS_NUM_THREADS": str(THREADS)},
              "tuned": {"OPENBLAS_NUM_THREADS": str(THREADS), "OPENBLAS_CORETYPE": "SkylakeX"}}
TORCH_ENV = {"installed": {}, "tuned": {"OPENBLAS_CORETYPE": "SkylakeX", "OPENBLAS_NUM_THREADS": "1"}}


def cases(only):
    result = []
    if "matmul" in only:
        for m, k, n in MATMUL_SHAPES:
            shape = ["--m", str(m), "--k", str(k), "--n", str(n)]
            result.append((f"matmul {m}x{k}x{n}", ["matmul"] + shape, ["matmul"] + shape, "gflops", MATMUL_ENV))
    if "train" in only:
        args = SMALL + ["--batch", "16", "--steps", "10"]
        result.append(("train L4 C256 B16 T128", ["train"] + args + ["--warmup", "10"],
                       ["train"] + args + ["--warmup", "2"], "tokens_per_s", TORCH_ENV))
    if "train-124m" in only:
        args = GPT2_124M + ["--batch", "4", "--steps", "3"]
        result.append(("train GPT-2 124M B4 T64", ["train"] + args + ["--warmup", "3"],
                       ["train"] + args + ["--warmup", "1"], "tokens_per_s", TORCH_ENV))
    if "sample" in only:
        args = SMALL + ["--batch", "64", "--prompt-len", "16", "--new-tokens", "64", "--repeats", "3"]
        result.append(("sample L4 C256 B64 16+64", ["sample"] + args + ["--warmup", "3"],
                       ["sample"] + args + ["--warmup", "1"], "tokens_per_s", TORCH_ENV))
    if "sample-124m" in only:
        # Issue 20's shape: GPT-2 124M with its whole context, 64 rows of 16 prompt + 64 new tokens.
        args = GPT2_124M[:-1] + ["1024", "--batch", "64", "--prompt-len", "16", "--new-tokens", "64", "--repeats", "2"]
        result.append(("sample GPT-2 124M B64 16+64", ["sample"] + args + ["--warmup", "2"],
                       ["sample"] + args + ["--warmup", "1"], "tokens_per_s", TORCH_ENV))
    if "train-smollm" in only:
        args = SMOLLM2_135M + ["--ctx", "64", "--batch", "4", "--steps", "3"]
        result.append(("train SmolLM2-135M B4 T64", ["train"] + args + ["--warmup", "3"],
                       ["train"] + args + ["--warmup", "1"], "tokens_per_s", TORCH_ENV))
    if "sample-smollm" in only:
        args = SMOLLM2_135M + ["--ctx", "1024", "--batch", "64", "--prompt-len", "16", "--new-tokens", "64",
                               "--repeats", "2"]
        result.append(("sample SmolLM2-135M B64 16+64", ["sample"] + args + ["--warmup", "2"],
                       ["sample"] + args + ["--warmup", "1"], "tokens_per_s", TORCH_ENV))
    if "sample-smollm-b1" in only:
        # One sequence (what generate does), after enough generations for our JIT to finish.
        args = SMOLLM2_135M + ["--ctx", "128", "--batch", "1", "--prompt-len", "16", "--new-tokens", "64",
                               "--repeats", "5"]
        result.append(("sample SmolLM2-135M B1 16+64", ["sample"] + args + ["--warmup", "5"],
                       ["sample"] + args + ["--warmup", "1"], "tokens_per_s", TORCH_ENV))
    return result


def last_json_line(command, env):
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ours(args):
    return last_json_line(["java", "-jar", "engine.jar", "bench"] + args + ["--threads", str(THREADS)], {})


def peer(args, env):
    threads = [] if args[0] == "matmul" else ["--threads", str(THREADS)]
    return last_json_line(["/usr/bin/python3", PEERS] + args + threads, env)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="matmul,train,sample,train-124m")
    parser.add_argument("--peak-gflops", type=float, default=None,
                        help="float32 peak; default cores x 2 FMA units x 16 lanes x 2 x the cpuinfo clock")
    args = parser.parse_args()
    peak = args.peak_gflops or THREADS * 2 * 16 * 2 * cpu_mhz() / 1000
    print(f"float32 peak used for fractions: {peak:.0f} GFLOP/s; {args.rounds} rounds, alternating", flush=True)
    print("| case | figure | ours | installed peer | ours / installed | tuned peer | ours / tuned | extra |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for name, our_args, peer_args, figure, envs in cases(set(args.only.split(","))):
        runs = {"ours": [], **{variant: [] for variant in envs}}
        for _ in range(args.rounds):
            runs["ours"].append(ours(our_args))
            for variant, env in envs.items():
                runs[variant].append(peer(peer_args, env))
        med = {side: statistics.median(r[figure] for r in results) for side, results in runs.items()}
        extra = ""
        if figure == "gflops":
            extra = f"of peak: ours {med['ours'] / peak:.2f}, tuned {med['tuned'] / peak:.2f}"
        if "peak_rss_mb" in runs["ours"][0]:
            rss = {side: statistics.median(r["peak_rss_mb"] for r in results) for side, results in runs.items()}
            extra = (f"peak RSS MB: ours {rss['ours']:.0f}, installed {rss['installed']:.0f},"
                     f" tuned {rss['tuned']:.0f}")
        print(f"| {name} | {figure} | {med['ours']:.1f} | {med['installed']:.1f} | "
              f"{med['ours'] / med['installed']:.2f} | {med['tuned']:.1f} | {med['ours'] / med['tuned']:.2f} | {extra} |",
              flush=True)


def cpu_mhz():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("cpu MHz"):
                return float(line.split(":")[1])
    raise SystemExit("no clock in /proc/cpuinfo: pass --peak-gflops")


if __name__ == "__main__":
    main()
