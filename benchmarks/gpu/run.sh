#!/usr/bin/env bash
# Runs on the GPU machine, from the bundle assemble.sh made (no Java installed there): the conformance
# suite on the cuda backend, then `bench train` and `bench sample` on cuda beside PyTorch on the same GPU,
# within 8 minutes; a short table last. --dry-run (on a machine without a GPU) runs the suite, which skips
# its cuda cases with the reason, and prints the benchmark commands instead of running them.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
java="$here/jdk/bin/java"
jvm_flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC)
deadline=$((SECONDS + 8 * 60))
dry_run=false
[[ "${1:-}" == "--dry-run" ]] && dry_run=true

# libcublas.so.13 may live only inside PyTorch's wheels: point the java.lang.foreign binding at it.
if [[ -z "${SCORE_CUBLAS:-}" ]] && command -v python3 >/dev/null; then
    SCORE_CUBLAS=$(python3 - <<'PY' 2>/dev/null
import glob, os
try:
    import nvidia.cublas
    folders = [os.path.join(p, "lib") for p in nvidia.cublas.__path__]
except ImportError:
    folders = []
for folder in folders:
    for path in sorted(glob.glob(os.path.join(folder, "libcublas.so.*"))):
        print(path)
        raise SystemExit
PY
    )
    export SCORE_CUBLAS
fi
echo "SCORE_CUBLAS=${SCORE_CUBLAS:-unset, the dynamic loader path is searched}"

echo "== conformance: every op on cuda against the scalar reference"
timeout 240 "$java" "${jvm_flags[@]}" -Dconformance.backends=cuda -jar "$here/tests/junit-console.jar" execute \
    --class-path "$here/engine.jar:$here/tests/kernels-tests.jar:$here/tests/cuda-tests.jar" \
    --select-class dev.score.kernels.ConformanceTest --select-package dev.score.cuda \
    --details summary --disable-banner --details-theme ascii 2>&1 | tail -40
conformance=${PIPESTATUS[0]}
echo "conformance exit code: $conformance"

SMALL=(--layers 4 --dim 256 --heads 4 --vocab 512 --ctx 128)
GPT2_124M=(--layers 12 --dim 768 --heads 12 --vocab 50257 --ctx 1024)
cases=(
    "train L4 C256 B16 T128|train ${SMALL[*]} --batch 16 --steps 10|--warmup 5|--warmup 2"
    "train GPT-2 124M B8 T1024|train ${GPT2_124M[*]} --batch 8 --steps 5|--warmup 2|--warmup 2"
    "sample L4 C256 B64 16+64|sample ${SMALL[*]} --batch 64 --prompt-len 16 --new-tokens 64 --repeats 3|--warmup 2|--warmup 1"
    "sample GPT-2 124M B64 16+64|sample ${GPT2_124M[*]} --batch 64 --prompt-len 16 --new-tokens 64 --repeats 2|--warmup 1|--warmup 1"
)
results=$(mktemp)
for entry in "${cases[@]}"; do
    IFS='|' read -r name args ours_warmup peer_warmup <<<"$entry"
    ours_cmd=("$java" "${jvm_flags[@]}" -cp "$here/engine.jar" dev.score.cli.Main bench $args $ours_warmup --backend cuda)
    peer_cmd=(python3 "$here/peers/torch_peer.py" $args $peer_warmup)
    if $dry_run; then
        echo "would run: ${ours_cmd[*]}"
        echo "would run: ${peer_cmd[*]}"
        continue
    fi
    ours="" peer=""
    left=$((deadline - SECONDS))
    if (( left > 30 )); then
        ours=$(timeout $((left / 2)) "${ours_cmd[@]}" 2>/tmp/ours.err | tail -1)
        [[ -n "$ours" ]] || { echo "ours failed on $name:"; tail -5 /tmp/ours.err; }
        left=$((deadline - SECONDS))
        peer=$(timeout $((left > 10 ? left : 10)) "${peer_cmd[@]}" 2>/tmp/peer.err | tail -1)
        [[ -n "$peer" ]] || { echo "PyTorch failed on $name:"; tail -5 /tmp/peer.err; }
    fi
    echo "$name: ours $ours"
    echo "$name: torch $peer"
    printf '%s\t%s\t%s\n' "$name" "$ours" "$peer" >>"$results"
done
$dry_run && exit 0

echo
echo "conformance on cuda: exit code $conformance (0: every case passed)"
python3 - "$results" <<'PY'
import json
import sys


def tokens_per_s(line):
    try:
        return json.loads(line)["tokens_per_s"]
    except (ValueError, KeyError, TypeError):
        return None


print("| case | ours on cuda, tokens/s | PyTorch on cuda, tokens/s | ours / PyTorch |")
print("|---|---:|---:|---:|")
with open(sys.argv[1]) as f:
    for row in f:
        name, ours, peer = (row.rstrip("\n").split("\t") + ["", ""])[:3]
        a, b = tokens_per_s(ours), tokens_per_s(peer)
        ratio = f"{a / b:.2f}" if a and b else "-"
        print(f"| {name} | {a or 'failed'} | {b or 'failed'} | {ratio} |")
PY
