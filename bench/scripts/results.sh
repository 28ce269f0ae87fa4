#!/usr/bin/env bash
# Runs every side-by-side measurement and writes bench/RESULTS.md (never edit that file by hand).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'EOF'
usage: bench/scripts/results.sh [options]

Runs, in this order, and assembles bench/RESULTS.md from what they write to bench/target/results/:
  1. machine facts (kernel, cores, CPU, memory, Java, gcc, ffmpeg, GStreamer, date, commit)
  2. bench/scripts/ceiling.sh --sweep    salvo blast vs the C sendmmsg/GSO loop, batch-size sweep
  3. bench/scripts/file-to-rtp.sh        salvo stream --fast vs ffmpeg vs GStreamer (whole file, steady state)
     bench/scripts/startup-burst.sh      busiest 1-ms window / mean of a real-time stream from its start
     bench/scripts/srtp-ceiling.sh       libsrtp2's SRTP cost per packet (skipped without libsrtp2-dev)
  4. JMH (bench/target/benchmarks.jar, -rf json) and the PacingAccuracy harness
  5. charts: bench/charts/*.png (io.salvo.bench.ResultsChart), committed with RESULTS.md
  6. the targets table (bench/scripts/targets.py): every issue-17 target with its measured ratio
About 8-10 minutes on a 2-core machine with the defaults (the test file, generated once: ~45 s more).

Build first, at the repo root:  mvn -B -q package -DskipTests
  (demo/target/salvo.jar and bench/target/benchmarks.jar)

options:
  --quick       smoke run: every part with 1-2 rounds and small counts; writes
                bench/target/results/RESULTS.quick.md instead of bench/RESULTS.md
  --no-salvo    only the peers (C loop, ffmpeg, GStreamer), no Java at all; writes
                bench/target/results/RESULTS.partial.md (to check the scripts before salvo.jar exists)
  -h, --help    this text

environment: JMH_ARGS (default "-prof gc -f 1 -wi 2 -w 1s -i 3 -r 1s"; --quick: "-prof gc -f 1 -wi 1 -w 1s -i 2 -r 1s"),
  JMH_INCLUDE (benchmark regex, default all), SALVO_JAR, BENCH_JAR, JAVA, SALVO_JAVA_OPTS
EOF
}

QUICK=0 SALVO=1
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-salvo) SALVO=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
OUT=bench/target/results
CHARTS=bench/charts   # committed with RESULTS.md; a --quick run keeps its charts under $OUT/charts
PASS=()
((QUICK)) && PASS+=(--quick)
((SALVO)) || PASS+=(--no-salvo)
if ((QUICK)); then JMH_ARGS="${JMH_ARGS:--prof gc -f 1 -wi 1 -w 1s -i 2 -r 1s}"; else JMH_ARGS="${JMH_ARGS:--prof gc -f 1 -wi 2 -w 1s -i 3 -r 1s}"; fi
JMH_INCLUDE="${JMH_INCLUDE:-}"
if ((!SALVO)); then RESULTS="$OUT/RESULTS.partial.md"; elif ((QUICK)); then RESULTS="$OUT/RESULTS.quick.md"; else RESULTS=bench/RESULTS.md; fi
((QUICK || !SALVO)) && CHARTS="$OUT/charts"

# Everything needed is checked before the first measurement, so a missing part fails in seconds.
for tool in gcc ffmpeg ffprobe gst-launch-1.0 unzip; do require_tool "$tool" "results.sh runs it"; done
if ((SALVO)); then
  require_salvo
  [[ -f "$BENCH_JAR" ]] || die "$BENCH_JAR not found: build it at the repo root with
    mvn -B -q package -DskipTests
  (or pass --no-salvo to run only the peer side)."
  for class in ResultsChart PacingAccuracy; do
    unzip -l "$BENCH_JAR" "io/salvo/bench/$class.class" >/dev/null 2>&1 ||
      die "$BENCH_JAR has no io.salvo.bench.$class (needed for the charts / pacing section)"
  done
fi
((SALVO)) && require_tool python3 "formats the JMH table (bench/scripts/jmh-table.py)"
rm -rf "$OUT"
mkdir -p "$OUT" "$CHARTS"
STARTED="$(now_ns)"

# --- 1. machine --------------------------------------------------------------------------------
first_line() { "$@" 2>&1 | head -n 1 || true; }
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && COMMIT="$COMMIT (with uncommitted changes)"
{
  echo "| | |"
  echo "|---|---|"
  echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| commit | $COMMIT |"
  echo "| kernel | Linux $(uname -r) ($(uname -m)) |"
  echo "| CPU | $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores available |"
  echo "| memory | $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
  echo "| Java | $(first_line "$JAVA" -version), $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.name = //p' | head -n 1) |"
  echo "| gcc | $(first_line gcc --version) |"
  echo "| ffmpeg | $(first_line ffmpeg -version | sed 's/ Copyright.*//') |"
  echo "| GStreamer | $(gst-launch-1.0 --version 2>&1 | sed -n 's/^GStreamer //p' | head -n 1) |"
  echo "| loopback MTU | $(cat /sys/class/net/lo/mtu 2>/dev/null || echo '?') |"
  echo "| net.core.rmem_max / wmem_max | $(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo '?') / $(cat /proc/sys/net/core/wmem_max 2>/dev/null || echo '?') |"
} >"$OUT/machine.md"
log "machine facts written"

# --- 2. and 3. the side-by-side scripts ---------------------------------------------------------
CEILING_CMD=(bench/scripts/ceiling.sh --sweep "${PASS[@]}")
FILE_CMD=(bench/scripts/file-to-rtp.sh "${PASS[@]}")
log "running ${CEILING_CMD[*]}"
"${CEILING_CMD[@]}"
log "running ${FILE_CMD[*]}"
"${FILE_CMD[@]}"
# pacing from the first frame: busiest 1-ms window / mean at a receiver, salvo vs ffmpeg -re vs GStreamer
BURST_CMD=(bench/scripts/startup-burst.sh "${PASS[@]}")
log "running ${BURST_CMD[*]}"
"${BURST_CMD[@]}" >/dev/null
# libsrtp2's cost per packet, beside SrtpBenchmark's in the same run (exit 2: libsrtp2-dev missing)
SRTP_CMD=(bench/scripts/srtp-ceiling.sh "${PASS[@]}")
log "running ${SRTP_CMD[*]}"
SRTP_STATUS=0
"${SRTP_CMD[@]}" >"$OUT/srtp-ceiling.out" 2>&1 || SRTP_STATUS=$?
case "$SRTP_STATUS" in
  0) ;;
  2) log "srtp-ceiling.sh: $(grep -m1 '^error' "$OUT/srtp-ceiling.out") (the libsrtp2 column stays empty)" ;;
  *) cat "$OUT/srtp-ceiling.out" >&2; die "srtp-ceiling.sh failed" ;;
esac

# --- 4. and 5. the Java parts (written by the lead in bench/src/main/java/io/salvo/bench) -------
JMH_CMD=() PACING_CMD=() PACING_PARK_CMD=()
if ((SALVO)); then
  # shellcheck disable=SC2206 # JMH_ARGS is a list of JMH options
  JMH_CMD=("$JAVA" -jar "$BENCH_JAR" $JMH_ARGS -rf json -rff "$OUT/jmh.json" ${JMH_INCLUDE:+"$JMH_INCLUDE"})
  log "running ${JMH_CMD[*]}"
  "${JMH_CMD[@]}" >"$OUT/jmh.log" 2>&1 || { tail -n 30 "$OUT/jmh.log" >&2; die "JMH failed (log: $OUT/jmh.log)"; }
  python3 bench/scripts/jmh-table.py "$OUT/jmh.json" >"$OUT/jmh.md"

  # SRTP again on the newest JDK under /usr/lib/jvm when it is 22 or later: there the AES-GCM calls
  # to OpenSSL go through the foreign function API instead of JNA
  NEWEST_JAVA="" NEWEST_MAJOR=0
  for home in /usr/lib/jvm/*/; do
    [[ -x "$home/bin/java" ]] || continue
    major="$("$home/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p')"
    if [[ -n "$major" ]] && ((major > NEWEST_MAJOR)); then NEWEST_MAJOR="$major" NEWEST_JAVA="$home/bin/java"; fi
  done
  JMH_NEWEST_CMD=()
  if ((NEWEST_MAJOR >= 22)); then
    # shellcheck disable=SC2206 # JMH_ARGS is a list of JMH options
    JMH_NEWEST_CMD=("$NEWEST_JAVA" -jar "$BENCH_JAR" $JMH_ARGS -rf json -rff "$OUT/jmh-newest.json" 'SrtpBenchmark.protect$')
    log "running ${JMH_NEWEST_CMD[*]}"
    "${JMH_NEWEST_CMD[@]}" >"$OUT/jmh-newest.log" 2>&1 || { tail -n 30 "$OUT/jmh-newest.log" >&2; die "JMH on Java $NEWEST_MAJOR failed"; }
    python3 bench/scripts/jmh-table.py "$OUT/jmh-newest.json" >"$OUT/jmh-newest.md"
  fi

  # PacingAccuracy measures pacing with the hybrid idle strategy (the default) and writes its PNG;
  # its standard output (summary and JSON line) goes into RESULTS.md as is.
  PACING_CMD=("$JAVA" -cp "$BENCH_JAR" io.salvo.bench.PacingAccuracy --png "$CHARTS/pacing.png")
  log "running ${PACING_CMD[*]}"
  "${PACING_CMD[@]}" >"$OUT/pacing.out" 2>"$OUT/pacing.err" || { cat "$OUT/pacing.err" >&2; die "PacingAccuracy failed"; }
  # the same stream with the park strategy (lowest CPU), no unpaced comparison or chart
  PACING_PARK_CMD=("$JAVA" -cp "$BENCH_JAR" io.salvo.bench.PacingAccuracy --idle park --unpaced-seconds 0)
  log "running ${PACING_PARK_CMD[*]}"
  "${PACING_PARK_CMD[@]}" >"$OUT/pacing-park.out" 2>"$OUT/pacing-park.err" ||
    { cat "$OUT/pacing-park.err" >&2; die "PacingAccuracy --idle park failed"; }

  # io.salvo.bench.ResultsChart turns a CSV into a small PNG:
  #   ResultsChart --csv FILE --x COLUMN --y COLUMN[,COLUMN] [--series COLUMN] [--log-x] --title TEXT --png FILE
  chart() { "$JAVA" -cp "$BENCH_JAR" io.salvo.bench.ResultsChart "$@" || die "ResultsChart failed: $*"; }
  chart --csv "$OUT/batch-sweep.csv" --x batch --y pps --series path --log-x \
    --title "packets/s by batch size (1200-byte datagrams, loopback)" --png "$CHARTS/batch-sweep.png"
  chart --csv "$OUT/ceiling.csv" --x mode --y c_median_pps,salvo_median_pps \
    --title "salvo blast vs the C loop (median packets/s)" --png "$CHARTS/ceiling.png"
  FILE_Y=whole_seconds
  [[ -n "$(awk -F, 'NR == 2 { print $3 }' "$OUT/file-to-rtp.csv")" ]] && FILE_Y=whole_seconds,steady_seconds
  chart --csv "$OUT/file-to-rtp.csv" --x tool --y "$FILE_Y" \
    --title "file -> RTP, whole-process seconds: the file and the steady-state file (lower is better)" --png "$CHARTS/file-to-rtp.png"
fi
ELAPSED="$(( ($(now_ns) - STARTED) / 1000000000 ))"
python3 bench/scripts/targets.py "$OUT" >"$OUT/targets.md" || die "bench/scripts/targets.py failed"

# --- RESULTS.md ---------------------------------------------------------------------------------
section() { if [[ -f "$1" ]]; then cat "$1"; else echo "_missing: $1_"; fi; }
image() { [[ -f "$CHARTS/$1" ]] && echo "![$2](charts/$1)" && echo; true; }
{
  echo "# salvo — benchmark results"
  echo
  echo "Written by \`bench/scripts/results.sh${PASS[*]:+ ${PASS[*]}}\` in $ELAPSED s; do not edit by hand, run the" \
    "script again. Every number below comes from one run on the machine described here; the raw data" \
    "(every run) is in \`bench/target/results/\` after a run."
  if ((!SALVO)); then echo; echo "**Partial: salvo was not run (--no-salvo); only the peers' side is measured.**"; fi
  echo
  echo "## Machine"
  echo
  cat "$OUT/machine.md"
  echo
  echo "## Targets"
  echo
  echo "Each performance target of issue 17 with the ratio measured in this run (sections below for" \
    "the details; bench/scripts/targets.py computes the table from the same raw data)."
  echo
  cat "$OUT/targets.md"
  echo
  echo "## Sending datagrams: the native ceiling"
  echo
  echo "\`${CEILING_CMD[*]}\`"
  echo
  image ceiling.png "salvo blast vs the C loop"
  section "$OUT/ceiling.md"
  echo
  image batch-sweep.png "packets/s by batch size"
  section "$OUT/batch-sweep.md"
  echo
  echo "## File → RTP"
  echo
  echo "\`${FILE_CMD[*]}\`"
  echo
  image file-to-rtp.png "file to RTP, seconds"
  section "$OUT/file-to-rtp.md"
  echo
  echo "## Pacing from the first frame"
  echo
  echo "\`${BURST_CMD[*]}\`"
  echo
  section "$OUT/startup-burst.md"
  echo
  echo "## SRTP: libsrtp2 in the same run"
  echo
  echo "\`${SRTP_CMD[*]}\`; salvo's side is \`SrtpBenchmark\` in the JMH table below (ns per 1200-byte packet)," \
    "and the Targets table sets the two side by side."
  echo
  section "$OUT/srtp-libsrtp2.md"
  echo
  echo "## Microbenchmarks (JMH)"
  echo
  if ((SALVO)); then
    echo "\`${JMH_CMD[*]}\`" | sed "s|$OUT/|bench/target/results/|g"
    echo
    cat "$OUT/jmh.md"
  else
    echo "_not run (--no-salvo)_"
  fi
  echo
  if ((${#JMH_NEWEST_CMD[@]})); then
    echo "### SRTP on Java $NEWEST_MAJOR"
    echo
    echo "\`${JMH_NEWEST_CMD[*]}\`" | sed "s|$OUT/|bench/target/results/|g"
    echo
    cat "$OUT/jmh-newest.md"
    echo
  fi
  echo "## Pacing accuracy"
  echo
  if ((SALVO)); then
    echo "\`${PACING_CMD[*]}\`"
    echo
    image pacing.png "pacing accuracy"
    echo '```'
    cat "$OUT/pacing.out"
    echo '```'
    echo
    echo "\`${PACING_PARK_CMD[*]}\`"
    echo
    echo '```'
    cat "$OUT/pacing-park.out"
    echo '```'
  else
    echo "_not run (--no-salvo)_"
  fi
} >"$RESULTS"
log "wrote $RESULTS in $ELAPSED s"
ls -l "$CHARTS"/*.png 2>/dev/null || true
