#!/usr/bin/env python3
"""RL steps per minute of `train` in one process (on both cores, and on one) and with `--spark local[1]` and
`--spark local[2]` (executor tasks of one thread each), side by side.

Each configuration trains the default task's SCoRe for STEPS steps from the same cached base model (run it where
`java -jar engine.jar train` has cached one, in .score-cache/), REPEATS times, interleaved so that a noisy machine
slows every configuration alike. A step's time is the trainer's own `seconds` (sampling and update, validation and
checkpoints excluded); the first two steps of a run (JIT warm-up, Spark's first jobs) are left out.

    python3 benchmarks/spark/steps_per_minute.py [--jar engine.jar] [--steps 12] [--repeats 2]
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import tempfile

CONFIGS = {
    "one process": [],
    "one process, 1 thread": ["--threads", "1"],
    "spark local[1]": ["--spark", "local[1]", "--spark-shards", "1"],
    "spark local[2]": ["--spark", "local[2]", "--spark-shards", "2"],
}


def run(jar, steps, extra, out):
    command = ["java", "-jar", jar, "train", "--set", f"schedule=I:{steps}", "--set", "eval_every=100000",
               "--set", "validation_problems=16", "--set", "test_problems=16", "--out", str(out)] + extra
    if "--spark" in extra:
        command += ["--spark-conf", "spark.ui.enabled=false"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = [json.loads(line) for line in (out / "score" / "metrics.jsonl").read_text().splitlines()]
    return [line["seconds"] for line in lines[2:]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default="engine.jar")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    seconds = {name: [] for name in CONFIGS}
    with tempfile.TemporaryDirectory() as scratch:
        for repeat in range(args.repeats):
            for name, extra in CONFIGS.items():
                out = pathlib.Path(scratch) / f"{name.replace(' ', '-')}-{repeat}"
                seconds[name] += run(args.jar, args.steps, extra, out)
    base = statistics.median(seconds["one process"])
    print("| configuration | median s/step | steps/min | against one process on both cores |")
    print("|---|---|---|---|")
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.2f} | {60 / median:.1f} | {median - base:+.2f} s ({median / base:.2f}×) |")


if __name__ == "__main__":
    main()
