#!/usr/bin/env bash
# Assembles what a GPU machine without Java needs to check and time the cuda backend, into
# benchmarks/gpu/bundle (under 64 MiB, the most a device run carries):
#   jdk/            a jlinked JDK 25 runtime: the modules the jars need (jdeps) plus jdk.incubator.vector
#   engine.jar      the engine with the cuda module, its kernels fatbin and JCuda's driver natives
#   tests/          the kernels' test jar (ConformanceTest), the cuda module's test classes, and the JUnit
#                   Platform console launcher
#   peers/          PyTorch peers: benchmarks/peers/peers.py, the parity models it builds, torch_peer.py
#   run.sh          what runs on the device (see there)
# Run from anywhere after `mvn -B -ntp -o install -DskipTests` (the build must have had nvcc, or the jar
# holds no kernels). --dry-run assembles, prints the sizes, checks the total, and runs run.sh --dry-run
# here: the bundled JDK starts, the suite is found and skips its cuda cases with the reason.
#
# On the device (the run tool carries the ignored bundle):  benchmarks/gpu/bundle/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bundle="$root/benchmarks/gpu/bundle"
java_home=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
junit_console=~/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.11.4/junit-platform-console-standalone-1.11.4.jar
limit_mib=64
dry_run=false
[[ "${1:-}" == "--dry-run" ]] && dry_run=true

for needed in "$root/engine.jar" "$root/kernels/target/kernels-0.1.0-SNAPSHOT-tests.jar" \
        "$root/cuda/target/test-classes" "$junit_console"; do
    [[ -e "$needed" ]] || { echo "missing $needed: build first (and fetch the JUnit console launcher:"\
        "mvn dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.11.4)" >&2; exit 1; }
done
unzip -l "$root/engine.jar" dev/score/cuda/kernels.fatbin >/dev/null \
    || { echo "engine.jar holds no CUDA kernels: build with nvcc on the PATH" >&2; exit 1; }

rm -rf "$bundle"
mkdir -p "$bundle/tests" "$bundle/peers/benchmarks/peers" "$bundle/peers/parity"

# java.desktop is dropped from what jdeps lists: only Jackson's optional java.beans support names it, and
# Jackson runs without it (checked: score and bench train run on the bundled JDK). It would add 15 MB.
modules=$("$java_home/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps \
    "$root/engine.jar" "$junit_console" | tr ',' '\n' | grep -vx java.desktop | paste -sd, -)
# jdk.zipfs: JUnit scans the test jars for --select-package through the zip file system.
modules="$modules,jdk.zipfs"
"$java_home/bin/jlink" --add-modules "$modules" --compress zip-9 --strip-debug \
    --no-header-files --no-man-pages --output "$bundle/jdk"

cp "$root/engine.jar" "$bundle/"
cp "$root/kernels/target/kernels-0.1.0-SNAPSHOT-tests.jar" "$bundle/tests/kernels-tests.jar"
"$java_home/bin/jar" --create --file "$bundle/tests/cuda-tests.jar" -C "$root/cuda/target/test-classes" .
cp "$junit_console" "$bundle/tests/junit-console.jar"
cp "$root/benchmarks/peers/peers.py" "$bundle/peers/benchmarks/peers/"
cp "$root/parity/make_fixtures.py" "$root/parity/make_llama_fixtures.py" "$bundle/peers/parity/"
cp "$root/benchmarks/gpu/torch_peer.py" "$bundle/peers/"
cp "$root/benchmarks/gpu/run.sh" "$bundle/"

echo "modules: $modules"
du -sh "$bundle"/jdk "$bundle"/engine.jar "$bundle"/tests/* "$bundle"/peers | sed "s#$bundle/##"
total_kib=$(du -sk "$bundle" | cut -f1)
echo "total: $((total_kib / 1024)) MiB of $limit_mib"
(( total_kib < limit_mib * 1024 )) || { echo "the bundle is over $limit_mib MiB" >&2; exit 1; }

if $dry_run; then
    "$bundle/run.sh" --dry-run
fi
