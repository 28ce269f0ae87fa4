#!/usr/bin/env bash
# The native ceiling: salvo blast against a C sendmmsg/GSO loop in the same run, as ratios.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'EOF'
usage: bench/scripts/ceiling.sh [options]

Sends synthetic RTP datagrams to a local sink as fast as each path allows, alternating a C loop
(bench/scripts/native/ceiling.c, compiled with gcc now) and `salvo blast` run by run:
  C sendmmsg, salvo sendmmsg, C gso, salvo gso, salvo channel   (pairs swap order every other round)
then prints median packets/s per path and the ratios, and writes under --out:
  ceiling-runs.csv  every run          ceiling.csv  the medians          ceiling.md  the table
With --sweep it also measures packets/s by batch size (1 4 16 48 128 512 1024) for every path:
  batch-sweep-runs.csv  every run      batch-sweep.csv  medians, header path,batch,pps      batch-sweep.md

options:
  -r, --rounds N         rounds per path (default 5)
  -n, --packets N        datagrams per sendmmsg and channel run (default 2000000)
      --gso-packets N    datagrams per GSO run (default 4 x --packets; GSO is ~4x faster)
  -s, --size BYTES       datagram size, 12-byte RTP header included (default 1200)
  -b, --batch N          datagrams per sendmmsg call (default 48)
      --sink KIND        drop: the sink never reads, the kernel drops at its full queue (default);
                         read: the sink reads and counts every datagram (it uses the other core)
      --sweep            also run the batch-size sweep
      --sweep-only       run only the batch-size sweep
      --sweep-packets N  datagrams per sweep run (default 300000; GSO runs 4x)
      --sweep-rounds N   rounds per sweep point (default 3)
      --no-salvo         run only the C loop (checks this script before salvo.jar exists; no ratios)
      --quick            smoke run: 2 rounds, 300000 datagrams, sweep 1 round of 100000
  -o, --out DIR          output directory (default bench/target/results)
  -h, --help             this text

needs: gcc; salvo's jar ($SALVO_JAR, default demo/target/salvo.jar: mvn -B -q package -DskipTests)
EOF
}

ROUNDS=5 PACKETS=2000000 GSO_PACKETS="" SIZE=1200 BATCH=48 SINK_KIND=drop
SWEEP=0 SWEEP_ONLY=0 SWEEP_PACKETS=300000 SWEEP_ROUNDS=3 SALVO=1 OUT=bench/target/results
SWEEP_BATCHES=(1 4 16 48 128 512 1024)
while (($#)); do
  case "$1" in
    -r|--rounds) ROUNDS="$2"; shift ;;
    -n|--packets) PACKETS="$2"; shift ;;
    --gso-packets) GSO_PACKETS="$2"; shift ;;
    -s|--size) SIZE="$2"; shift ;;
    -b|--batch) BATCH="$2"; shift ;;
    --sink) SINK_KIND="$2"; shift ;;
    --sweep) SWEEP=1 ;;
    --sweep-only) SWEEP=1 SWEEP_ONLY=1 ;;
    --sweep-packets) SWEEP_PACKETS="$2"; shift ;;
    --sweep-rounds) SWEEP_ROUNDS="$2"; shift ;;
    --no-salvo) SALVO=0 ;;
    --quick) ROUNDS=2 PACKETS=300000 SWEEP_PACKETS=100000 SWEEP_ROUNDS=1 ;;
    -o|--out) OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
GSO_PACKETS="${GSO_PACKETS:-$((PACKETS * 4))}"
case "$SINK_KIND" in drop) SINK_MODE=sink ;; read) SINK_MODE=count ;; *) die "--sink must be drop or read" ;; esac
for n in "$ROUNDS" "$PACKETS" "$GSO_PACKETS" "$SIZE" "$BATCH" "$SWEEP_PACKETS" "$SWEEP_ROUNDS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a positive integer: $n"
done
((SALVO)) && require_salvo
mkdir -p "$OUT"
build_ceiling
start_sink "$SINK_MODE"
log "sink ($SINK_KIND) on 127.0.0.1:$SINK_PORT"

# The commands as shown in the fragment ($PORT and $tmp stay literal there; $JAVA is the java that runs).
# shellcheck disable=SC2016
C_CMD='$tmp/ceiling send 127.0.0.1 $PORT %s %s %s %s'
# shellcheck disable=SC2016
SALVO_CMD="$JAVA ${SALVO_JAVA_OPTS:+$SALVO_JAVA_OPTS }-jar $SALVO_JAR"' blast --to 127.0.0.1:$PORT --packets %s --size %s --batch %s --mode %s'

# run IMPL MODE PACKETS BATCH: one run; prints "pps,gbps,syscalls" (gbps/syscalls empty if not reported).
run() {
  local impl="$1" mode="$2" packets="$3" batch="$4" out status=0
  kill -0 "$SINK_PID" 2>/dev/null || die "the sink (pid $SINK_PID) is gone"
  if [[ "$impl" == C ]]; then
    out="$("$CEILING" send 127.0.0.1 "$SINK_PORT" "$packets" "$SIZE" "$batch" "$mode" 2>&1)" || status=$?
  else
    # shellcheck disable=SC2086 # SALVO_JAVA_OPTS is a list of JVM options
    out="$("$JAVA" $SALVO_JAVA_OPTS -jar "$SALVO_JAR" blast --to "127.0.0.1:$SINK_PORT" --packets "$packets" \
      --size "$SIZE" --batch "$batch" --mode "$mode" 2>&1)" || status=$?
  fi
  local last pps
  last="$(tail -n 1 <<<"$out")"
  pps="$(kv pps "$last")"
  if ((status != 0)) || ! is_number "$pps"; then
    printf '%s\n' "$out" >&2
    die "$impl $mode (packets=$packets batch=$batch) failed (exit $status) or printed no pps=<n> on its last line"
  fi
  echo "$pps,$(kv gbps "$last"),$(kv syscalls "$last")"
}

# The runs of one round as IMPL_MODE, in order; salvo's are skipped with --no-salvo.
runs_of_round() {
  if ((!SALVO)); then echo C_sendmmsg C_gso
  elif (($1 % 2)); then echo C_sendmmsg salvo_sendmmsg C_gso salvo_gso salvo_channel
  else echo salvo_sendmmsg C_sendmmsg salvo_gso C_gso salvo_channel; fi
}

# measure CSV ROUNDS PACKETS GSO_PACKETS BATCH...: runs every path per round per batch; appends
# "round,impl,mode,packets,size,batch,sink,pps,gbps,syscalls" rows to CSV.
measure() {
  local csv="$1" rounds="$2" packets="$3" gso_packets="$4"; shift 4
  local batch round one impl mode n result pps gbps syscalls
  for batch in "$@"; do
    for ((round = 1; round <= rounds; round++)); do
      for one in $(runs_of_round "$round"); do
        impl="${one%_*}" mode="${one#*_}"
        n="$packets"; [[ "$mode" == gso ]] && n="$gso_packets"
        result="$(run "$impl" "$mode" "$n" "$batch")" || exit 1
        IFS=, read -r pps gbps syscalls <<<"$result"
        log "round $round/$rounds batch $batch: $impl $mode $(fmt_mpps "$pps") ($n datagrams)"
        echo "$round,$impl,$mode,$n,$SIZE,$batch,$SINK_KIND,$pps,$gbps,$syscalls" >>"$csv"
      done
    done
  done
}

# med CSV IMPL MODE [BATCH]: the median pps of those rows, empty if none.
med() {
  awk -F, -v i="$2" -v m="$3" -v b="${4:-}" 'NR > 1 && $2 == i && $3 == m && (b == "" || $6 == b) { print $8 }' "$1" |
    median 2>/dev/null || true
}

HEADER="round,impl,mode,packets,size,batch,sink,pps,gbps,syscalls"

if ((!SWEEP_ONLY)); then
  RUNS="$OUT/ceiling-runs.csv"
  echo "$HEADER" >"$RUNS"
  measure "$RUNS" "$ROUNDS" "$PACKETS" "$GSO_PACKETS" "$BATCH"

  C_SMM="$(med "$RUNS" C sendmmsg)" C_GSO="$(med "$RUNS" C gso)"
  S_SMM="$(med "$RUNS" salvo sendmmsg)" S_GSO="$(med "$RUNS" salvo gso)" S_CH="$(med "$RUNS" salvo channel)"
  R_SMM="$(ratio "$S_SMM" "$C_SMM")" R_GSO="$(ratio "$S_GSO" "$C_GSO")"
  R_SMM_CH="$(ratio "$S_SMM" "$S_CH")" R_GSO_CH="$(ratio "$S_GSO" "$S_CH")"
  R_S_GSO_SMM="$(ratio "$S_GSO" "$S_SMM")" R_C_GSO_SMM="$(ratio "$C_GSO" "$C_SMM")"
  {
    echo "mode,packets,c_median_pps,salvo_median_pps,salvo_over_c"
    echo "sendmmsg,$PACKETS,$C_SMM,$S_SMM,$R_SMM"
    echo "gso,$GSO_PACKETS,$C_GSO,$S_GSO,$R_GSO"
    echo "channel,$PACKETS,,$S_CH,"
  } >"$OUT/ceiling.csv"

  NOT_RUN="not run (--no-salvo)"
  s() { if ((SALVO)); then fmt_mpps "$1"; else echo "$NOT_RUN"; fi; }
  {
    echo "### Native ceiling: \`salvo blast\` against a C loop"
    echo
    echo "127.0.0.1, datagrams of $SIZE bytes (12-byte RTP header iovec + $((SIZE - 12))-byte payload iovec)," \
      "batches of $BATCH datagrams per call, unconnected sockets with the destination in every message."
    echo "The sink $([[ $SINK_KIND == drop ]] && echo "binds the port and never reads (the kernel drops at its full queue: the sender pays the whole send path, nothing else runs)" || echo "reads and counts every datagram on the other core")."
    echo "$ROUNDS rounds, C and salvo alternating run by run (pairs swap order every other round); medians of $ROUNDS runs" \
      "(every run: \`ceiling-runs.csv\`). GSO: one message per run of up to 64 equal segments ≤ 65,000 bytes (UDP_SEGMENT)." \
      "Packets/s as each sender reports it on its last line (the C loop times its send loop with CLOCK_MONOTONIC)."
    echo
    echo "| path | datagrams/run | C loop, median | salvo, median | salvo / C | target | met |"
    echo "|---|---:|---:|---:|---:|---:|:-:|"
    echo "| sendmmsg | $(fmt_int "$PACKETS") | $(fmt_mpps "$C_SMM") | $(s "$S_SMM") | $R_SMM | ≥ 0.95 | $(meets "$R_SMM" 0.95) |"
    echo "| UDP GSO | $(fmt_int "$GSO_PACKETS") | $(fmt_mpps "$C_GSO") | $(s "$S_GSO") | $R_GSO | ≥ 0.90 | $(meets "$R_GSO" 0.90) |"
    echo "| DatagramChannel | $(fmt_int "$PACKETS") | — | $(s "$S_CH") | — | | |"
    echo
    echo "| ratio | value | target | met |"
    echo "|---|---:|---:|:-:|"
    echo "| salvo sendmmsg / salvo DatagramChannel | $R_SMM_CH | ≥ 1.4 | $(meets "$R_SMM_CH" 1.4) |"
    echo "| salvo GSO / salvo DatagramChannel | $R_GSO_CH | ≥ 5 (DESIGN.md) | $(meets "$R_GSO_CH" 5) |"
    echo "| salvo GSO / salvo sendmmsg | $R_S_GSO_SMM | | |"
    echo "| C GSO / C sendmmsg | $R_C_GSO_SMM | | |"
    echo
    echo "Commands (\$PORT: the sink's port; \$tmp/ceiling: \`gcc -O2 -o \$tmp/ceiling bench/scripts/native/ceiling.c\`):"
    echo
    echo '```'
    echo "\$tmp/ceiling $SINK_MODE 0 3600   # the sink"
    for mode in sendmmsg gso; do
      n="$PACKETS"; [[ $mode == gso ]] && n="$GSO_PACKETS"
      # shellcheck disable=SC2059
      printf "$C_CMD\n" "$n" "$SIZE" "$BATCH" "$mode"
      # shellcheck disable=SC2059
      ((SALVO)) && printf "$SALVO_CMD\n" "$n" "$SIZE" "$BATCH" "$mode"
    done
    # shellcheck disable=SC2059
    ((SALVO)) && printf "$SALVO_CMD\n" "$PACKETS" "$SIZE" "$BATCH" channel
    echo '```'
  } >"$OUT/ceiling.md"

  echo
  printf '%-10s %16s %16s %9s\n' mode "C median" "salvo median" "salvo/C"
  printf '%-10s %16s %16s %9s\n' sendmmsg "$(fmt_mpps "$C_SMM")" "$(fmt_mpps "$S_SMM")" "$R_SMM"
  printf '%-10s %16s %16s %9s\n' gso "$(fmt_mpps "$C_GSO")" "$(fmt_mpps "$S_GSO")" "$R_GSO"
  printf '%-10s %16s %16s %9s\n' channel "—" "$(fmt_mpps "$S_CH")" "—"
  echo "salvo sendmmsg / salvo channel: $R_SMM_CH   salvo gso / salvo sendmmsg: $R_S_GSO_SMM   C gso / C sendmmsg: $R_C_GSO_SMM"
  echo "wrote $OUT/ceiling.md, $OUT/ceiling.csv, $RUNS"
fi

if ((SWEEP)); then
  RUNS="$OUT/batch-sweep-runs.csv"
  echo "$HEADER" >"$RUNS"
  measure "$RUNS" "$SWEEP_ROUNDS" "$SWEEP_PACKETS" "$((SWEEP_PACKETS * 4))" "${SWEEP_BATCHES[@]}"
  PATHS=("C sendmmsg" "C gso")
  ((SALVO)) && PATHS+=("salvo sendmmsg" "salvo gso" "salvo channel")
  {
    echo "path,batch,pps"
    for path in "${PATHS[@]}"; do
      for batch in "${SWEEP_BATCHES[@]}"; do
        printf '%s,%s,%.0f\n' "$path" "$batch" "$(med "$RUNS" "${path% *}" "${path#* }" "$batch")"
      done
    done
  } >"$OUT/batch-sweep.csv"
  {
    echo "### Packets/s by batch size"
    echo
    echo "Datagrams of $SIZE bytes, $(fmt_int "$SWEEP_PACKETS") per run ($(fmt_int $((SWEEP_PACKETS * 4))) for GSO)," \
      "median of $SWEEP_ROUNDS run(s) per point, sink: $SINK_KIND. Batch = datagrams per call" \
      "(DatagramChannel sends one datagram per call whatever the batch). Data: \`batch-sweep.csv\`."
    echo
    printf '| batch |'; printf ' %s |' "${PATHS[@]}"; echo
    printf '|---:|'; printf -- '---:|%.0s' "${PATHS[@]}"; echo
    for batch in "${SWEEP_BATCHES[@]}"; do
      printf '| %s |' "$batch"
      for path in "${PATHS[@]}"; do
        printf ' %s |' "$(fmt_mpps "$(med "$RUNS" "${path% *}" "${path#* }" "$batch")")"
      done
      echo
    done
  } >"$OUT/batch-sweep.md"
  echo
  cat "$OUT/batch-sweep.md"
  echo "wrote $OUT/batch-sweep.csv, $OUT/batch-sweep.md, $RUNS"
fi
