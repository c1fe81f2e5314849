#!/usr/bin/env bash
# Runs the benchmark suite with a short profile and writes jmh/RESULTS.md and jmh/results.png.
# JMH_ARGS overrides the profile, e.g. JMH_ARGS="-f 2 -wi 5 -i 10" for a careful run.
# SKIP_BUILD=1 uses jmh/target/benchmarks.jar as it is (build it with
# `mvn -q -B -pl jmh -am package -DskipTests`).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${JMH_ARGS:--f 1 -wi 2 -i 3 -w 1s -r 1s}
jar=jmh/target/benchmarks.jar
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
    mvn -q -B -DskipTests install
fi
# The state reads and writes per call that the report prints, counted rather than typed in.
read -ra flags <<< "$(java -cp $jar dev.lockstep.jmh.StateAccesses --jvm-flags)"
java "${flags[@]}" -cp $jar dev.lockstep.jmh.StateAccesses jmh/target/state-accesses.properties
java -jar $jar $profile -prof gc -rf json -rff jmh/target/results.json \
    'TransferBenchmark|WriteSetBenchmark|PhoenixBenchmark'
java -cp $jar dev.lockstep.jmh.report.ResultsReport jmh/target/results.json jmh/target/state-accesses.properties \
    jmh/RESULTS.md "JMH_ARGS=\"$profile\" jmh/run-benchmarks.sh   # $(java -version 2>&1 | head -1)"
echo "Wrote jmh/RESULTS.md and jmh/results.png"
