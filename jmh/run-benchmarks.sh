#!/usr/bin/env bash
# Runs the benchmark suite with a short profile and writes jmh/RESULTS.md and jmh/results.png.
# JMH_ARGS overrides the profile, e.g. JMH_ARGS="-f 2 -wi 5 -i 10" for a careful run.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${JMH_ARGS:--f 1 -wi 2 -i 3 -w 1s -r 1s}
mvn -q -B -DskipTests install
java -jar jmh/target/benchmarks.jar $profile -prof gc -rf json -rff jmh/target/results.json \
    'TransferBenchmark|WriteSetBenchmark|PhoenixBenchmark'
java -cp jmh/target/benchmarks.jar dev.lockstep.jmh.report.ResultsReport jmh/target/results.json jmh/RESULTS.md \
    "JMH_ARGS=\"$profile\" jmh/run-benchmarks.sh   # $(java -version 2>&1 | head -1)"
echo "Wrote jmh/RESULTS.md and jmh/results.png"
