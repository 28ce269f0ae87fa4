# Shared helpers for bench/scripts/*.sh (sourced, not run). Bash 4+, Linux, no root needed.

# The repo root, from this file's location; every script cds there first.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPTS="$REPO_ROOT/bench/scripts"
SALVO_JAR="${SALVO_JAR:-demo/target/salvo.jar}"
BENCH_JAR="${BENCH_JAR:-bench/target/benchmarks.jar}"
JAVA="${JAVA:-java}"
# Extra JVM options for every salvo run (e.g. SALVO_JAVA_OPTS="-Xmx512m"); empty by default.
SALVO_JAVA_OPTS="${SALVO_JAVA_OPTS:-}"

die() { echo "error: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# Background processes started by a script, ended on exit (each by its own pid).
BACKGROUND_PIDS=()
cleanup_background() {
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BACKGROUND_PIDS=()
  if [[ -n "${WORK_DIR:-}" && -d "$WORK_DIR" ]]; then rm -rf "$WORK_DIR"; fi
}
trap cleanup_background EXIT
trap 'exit 130' INT TERM

# A private temp dir for the compiled C tool and sink output (removed on exit).
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/salvo-bench.XXXXXX")"

# Fails loudly when salvo's jar is not built: these scripts never invent numbers for it.
require_salvo() {
  [[ -f "$SALVO_JAR" ]] || die "$SALVO_JAR not found: build it at the repo root with
    mvn -B -q package -DskipTests
  (or pass --no-salvo to run only the peer side: the C loop, ffmpeg, GStreamer)."
}

require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH ($2)"
}

# Compiles bench/scripts/native/ceiling.c into the temp dir; sets CEILING.
build_ceiling() {
  require_tool gcc "needed to build the native ceiling loop"
  CEILING="$WORK_DIR/ceiling"
  gcc -O2 -Wall -o "$CEILING" "$SCRIPTS/native/ceiling.c" || die "could not compile bench/scripts/native/ceiling.c"
}

# start_sink sink|count: starts '$CEILING <kind> 0 3600' on a free 127.0.0.1 port pair;
# sets SINK_PID, SINK_PORT and SINK_OUT (its stdout). 'sink' never reads, 'count' reads and counts.
start_sink() {
  local kind="$1"
  SINK_OUT="$WORK_DIR/sink.$RANDOM.out"
  : >"$SINK_OUT"   # exists before the sink's own redirection opens it: the loop below reads it at once
  "$CEILING" "$kind" 0 3600 >>"$SINK_OUT" &
  SINK_PID=$!
  BACKGROUND_PIDS+=("$SINK_PID")
  local i
  for ((i = 0; i < 100; i++)); do
    SINK_PORT="$(sed -n 's/^port=//p' "$SINK_OUT")"
    [[ -n "$SINK_PORT" ]] && return 0
    kill -0 "$SINK_PID" 2>/dev/null || die "the $kind sink exited before binding"
    sleep 0.05
  done
  die "the $kind sink did not report its port"
}

# stop_sink: ends the current sink (a count sink drains its queue first, then prints its totals).
stop_sink() {
  kill -TERM "$SINK_PID" 2>/dev/null || true
  wait "$SINK_PID" 2>/dev/null || true
  local kept=() pid
  for pid in "${BACKGROUND_PIDS[@]}"; do [[ "$pid" == "$SINK_PID" ]] || kept+=("$pid"); done
  BACKGROUND_PIDS=("${kept[@]}")
}

# kv KEY TEXT: the value of KEY=value in TEXT (last occurrence), empty if absent. KEY is matched
# as a whole word (at a line's start or after a space, comma or semicolon): protect_ns is not found
# inside unprotect_ns, nor peak_to_mean inside first_second_peak_to_mean.
kv() { grep -oE "(^|[ ,;])$1=[^ ,;]*" <<<"$2" | tail -n 1 | cut -d= -f2- || true; }

is_number() { [[ "$1" =~ ^[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?$ ]]; }

# median: the median of the numbers on stdin (one a line), printed with 6 decimals.
median() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    if (NR % 2) printf "%.6f\n", v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B with 2 decimals, "n/a" when either is missing or B is zero.
ratio() {
  if is_number "${1:-}" && is_number "${2:-}"; then
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f\n", a / b }'
  else
    echo "n/a"
  fi
}

# meets RATIO TARGET: "yes"/"no" (RATIO >= TARGET), "n/a" without a ratio.
meets() {
  is_number "${1:-}" || { echo "n/a"; return; }
  awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t) ? "yes" : "no" }'
}

# Display formats: packets/s as "1.437 M/s", seconds with 3 decimals, integers with thousands separators.
fmt_mpps() { is_number "${1:-}" && awk -v p="$1" 'BEGIN { printf "%.3f M/s\n", p / 1e6 }' || echo "${1:-—}"; }
fmt_s() { is_number "${1:-}" && awk -v s="$1" 'BEGIN { printf "%.3f s\n", s }' || echo "${1:-—}"; }
fmt_int() { printf "%s" "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; echo; }

now_ns() { date +%s%N; }
