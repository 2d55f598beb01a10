#!/usr/bin/env bash
# Builds the benchmarks and runs them: benchmarks/run.sh [quick|full] [spawn inflight memory snapshot stop drain contention startup adoption soak endpoint executors]
# The JDK is the one JAVA_HOME names (or java on the PATH); run it on a JDK 21+ for the virtual-thread cases.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -Xmx2g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
	io.github.managedworkers.benchmarks.Bench "${@:-quick}"
