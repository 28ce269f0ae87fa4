#!/usr/bin/env bash
# Runs every Jazzer fuzz target (@FuzzTest) in fuzzing mode, one JVM each, and reports executions.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'EOF'
usage: bench/scripts/fuzz.sh [options] [TARGET_FILTER]

Fuzzes every @FuzzTest method of the modules (found in */src/test/java), each in its own JVM
started in the module's directory for SECONDS (Jazzer's CLI driving the JUnit fuzz test, what
JAZZER_FUZZ=1 does under Maven, one target per process), and prints per target the executions,
executions per second and edge coverage from Jazzer's last line ("#N DONE cov: ... exec/s: ...").
TARGET_FILTER (a grep -E pattern on Class#method) fuzzes only the matching targets.

A finding (an exception, a failed assertion, a timeout, an OutOfMemoryError) is saved by Jazzer as
MODULE/src/test/resources/PACKAGE/CLASSInputs/METHOD/crash-* (or timeout-*, oom-*): from then on
`mvn test` runs it as a regression input. The generated corpus stays in MODULE/.cifuzz-corpus/
(ignored by git) and later runs start from it. The script exits 1 when a target found something
or failed to run.

Writes under --out: fuzz.csv (target,seconds,runs,execs_per_s,cov,corpus,result), fuzz.md (the
table) and fuzz-logs/TARGET.log (Jazzer's output).

options:
  -t, --time SECONDS   fuzzing time per target (default 60)
  -j, --jobs N         targets fuzzed at once (default 1; executions per second are per target,
                       so measure with 1 and use 2 on a 2-core machine only to save wall time)
      --timeout S      an input running longer than S seconds is a finding (default 10)
      --quick          5 s per target, 2 at a time, C1 JIT only: the short run of .ci/run
      --no-build       use the classes and classpaths of the last run (skip Maven)
      --no-salvo       accepted like the other scripts; fuzzing needs salvo, so nothing runs
  -o, --out DIR        output directory (default bench/target/results)
  -h, --help           this text

env: FUZZ_JAVA_OPTS for each fuzzing JVM (default "-Xmx1g -XX:+UseSerialGC", and with --quick
-XX:TieredStopAtLevel=1: for a few seconds the C2 compiler costs more CPU than it gives back, and
C1 alone runs two to ten times as many inputs in 5 s).
EOF
}

SECONDS_PER_TARGET=60 JOBS=1 TIMEOUT=10 BUILD=1 OUT=bench/target/results FILTER="" QUICK=0
while (($#)); do
  case "$1" in
    -t|--time) SECONDS_PER_TARGET="$2"; shift ;;
    -j|--jobs) JOBS="$2"; shift ;;
    --timeout) TIMEOUT="$2"; shift ;;
    --quick) SECONDS_PER_TARGET=5 JOBS=2 QUICK=1 ;;
    --no-build) BUILD=0 ;;
    --no-salvo) log "fuzz.sh: --no-salvo leaves nothing to fuzz"; exit 0 ;;
    -o|--out) OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) FILTER="$1" ;;
  esac
  shift
done
[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || die "--time: not a positive integer: $SECONDS_PER_TARGET"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "--jobs: not a positive integer: $JOBS"
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "--timeout: not a positive integer: $TIMEOUT"
if ((QUICK)); then
  FUZZ_JAVA_OPTS="${FUZZ_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
else
  FUZZ_JAVA_OPTS="${FUZZ_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}"
fi

# The targets: "module class method" for every @FuzzTest method (the first void method after it).
TARGETS=()
while IFS= read -r line; do
  TARGETS+=("$line")
done < <(grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort | while IFS= read -r file; do
  module="${file%%/*}"
  class="${file#*/src/test/java/}"
  class="${class%.java}"
  class="${class//\//.}"
  awk -v m="$module" -v c="$class" '
    /^[[:space:]]*@FuzzTest/ { pending = 1; next }
    pending && match($0, /void [A-Za-z0-9_]+\(/) {
      name = substr($0, RSTART + 5, RLENGTH - 6); print m, c, name; pending = 0 }' "$file"
done)
if [[ -n "$FILTER" ]]; then
  kept=()
  for t in "${TARGETS[@]}"; do
    read -r _ class method <<<"$t"
    if grep -qE -- "$FILTER" <<<"${class##*.}#$method"; then kept+=("$t"); fi
  done
  TARGETS=("${kept[@]}")
fi
((${#TARGETS[@]})) || die "no @FuzzTest target${FILTER:+ matches '$FILTER'}"
MODULES=($(printf '%s\n' "${TARGETS[@]}" | cut -d' ' -f1 | sort -u))

if ((BUILD)); then
  log "compiling ${MODULES[*]} and their tests, writing MODULE/target/fuzz.classpath"
  mkdir -p "$OUT"
  mvn -B -pl "$(IFS=,; echo "${MODULES[*]}")" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test >"$OUT/fuzz-build.log" 2>&1 || {
    tail -n 40 "$OUT/fuzz-build.log" >&2
    die "the Maven build failed (all of its output: $OUT/fuzz-build.log)"
  }
fi
for module in "${MODULES[@]}"; do
  [[ -f "$module/target/fuzz.classpath" ]] || die "$module/target/fuzz.classpath is missing: run without --no-build"
done

mkdir -p "$OUT/fuzz-logs"
CSV="$OUT/fuzz.csv"
TOTAL_START=$(date +%s)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "fuzzing ${#TARGETS[@]} targets, ${SECONDS_PER_TARGET} s each, $JOBS at a time ($(nproc) cores)"

# start_one MODULE CLASS METHOD: starts one Jazzer run in the background (its pid in $!), its
# output in fuzz-logs/CLASS#METHOD.log.
start_one() {
  local module="$1" class="$2" method="$3"
  local classpath="target/test-classes:target/classes:$(cat "$module/target/fuzz.classpath")"
  # shellcheck disable=SC2086 # FUZZ_JAVA_OPTS holds several options
  (cd "$module" && exec "$JAVA" $FUZZ_JAVA_OPTS -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
      --target_class="$class" --target_method="$method" \
      --instrumentation_includes='io.salvo.**' --custom_hook_includes='io.salvo.**' \
      -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT") >"$OUT/fuzz-logs/${class##*.}#$method.log" 2>&1 &
}

# report MODULE CLASS METHOD STATUS: one CSV line from the target's log.
report() {
  local module="$1" class="$2" method="$3" status="$4"
  local log_file="$OUT/fuzz-logs/${class##*.}#$method.log"
  local done_line runs execs cov corpus result artifact
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log_file" | tail -n 1 || true)"
  runs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$done_line")"
  execs="$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$done_line")"
  cov="$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")"
  corpus="$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$done_line")"
  artifact="$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log_file" | tail -n 1)"
  if [[ "$status" == 0 ]]; then
    result=ok
  elif [[ -n "$artifact" ]]; then
    result="FINDING ${artifact#"$REPO_ROOT"/}"
    runs="${runs:-$(grep -oE '^#[0-9]+' "$log_file" | tail -n 1 | tr -d '#')}"
  else
    result="ERROR exit $status (see $log_file)"
  fi
  echo "${class##*.}#$method,$SECONDS_PER_TARGET,${runs:-},${execs:-},${cov:-},${corpus:-},$result" >>"$CSV"
  log "$(printf '%-52s %11s runs %7s exec/s  cov %5s  %s' "${class##*.}#$method" "${runs:--}" "${execs:--}" \
    "${cov:--}" "$result")"
}

echo "target,seconds,runs,execs_per_s,cov,corpus,result" >"$CSV"
declare -A RUNNING=()   # pid -> "module class method"
reap() {
  local pid status
  for pid in "${!RUNNING[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      status=0
      wait "$pid" || status=$?
      read -r m c f <<<"${RUNNING[$pid]}"
      unset "RUNNING[$pid]"
      report "$m" "$c" "$f" "$status"
    fi
  done
}
for t in "${TARGETS[@]}"; do
  while ((${#RUNNING[@]} >= JOBS)); do
    sleep 0.2
    reap
  done
  read -r module class method <<<"$t"
  start_one "$module" "$class" "$method"
  RUNNING[$!]="$t"
  BACKGROUND_PIDS+=("$!")
done
while ((${#RUNNING[@]})); do
  sleep 0.2
  reap
done
BACKGROUND_PIDS=()

ELAPSED=$(($(date +%s) - TOTAL_START))
{
  echo "# Fuzzing: executions per target"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), ${SECONDS_PER_TARGET} s per target, $JOBS at a time, $(nproc) cores" \
    "($(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), load average before:" \
    "$LOAD_BEFORE; JVM options $FUZZ_JAVA_OPTS; Jazzer $(grep -oE "jazzer-junit-[0-9.]+[0-9]" "${MODULES[0]}/target/fuzz.classpath" | head -n 1 | cut -d- -f3), $("$JAVA" -version 2>&1 | head -n 1); ${ELAPSED} s in all."
  echo
  echo "| target | runs | exec/s | cov | corpus | result |"
  echo "|---|---:|---:|---:|---:|---|"
  tail -n +2 "$CSV" | while IFS=, read -r target _ runs execs cov corpus result; do
    echo "| \`$target\` | $runs | $execs | $cov | $corpus | $result |"
  done
} >"$OUT/fuzz.md"
log "wrote $OUT/fuzz.md and $CSV (${ELAPSED} s)"
if grep -qE ',(FINDING|ERROR)' "$CSV"; then
  log "some targets found something or failed: see above"
  exit 1
fi
