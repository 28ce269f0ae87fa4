#!/usr/bin/env bash
# The soak: one transmitter at a high rate for minutes, under faults, in throw-away network namespaces.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'EOF'
usage: bench/scripts/soak.sh [-s SECONDS] [-r RATE_MBPS] [--quick] [-o LOG] [-- SOAK_OPTIONS...]

Runs io.salvo.bench.Soak: H.264 at RATE Mbit/s from one transmitter (default pacer, RTCP, RTX)
through a router namespace to a receiver in a third (veth pairs), while a schedule of faults plays
twice (5 % loss, reordering, tbf below the rate, link down, MTU 1000, receiver gone, quiet
stretches between). It prints a line a second and a summary, and exits 0 only if every check held:
submitted = sent + dropped + queued every second, queue and handoff bounded, every frame released
exactly once, heap after GC / RSS / direct memory of the second half within a tolerance of the
first half's, and traffic flowing again after each fault.

Makes three namespaces (salvo-soak-PID-tx with the JVM, -net the router, -rx the receiver's end)
and deletes them on exit, their qdiscs first. Reordering is made without netem, which not every
kernel has: a random share of the datagrams is steered into an HTB class on the router that holds
them behind its rate while the rest pass. The JVM runs with a fixed, pre-touched heap (-Xms512m
-Xmx512m -XX:+AlwaysPreTouch), so RSS growth is native growth; SALVO_JAVA_OPTS adds options.

options:
  -s, --seconds N      length of the run (default 600)
  -r, --rate MBPS      media rate in Mbit/s (default 200)
      --quick          a 60-second run (the same schedule, compressed)
  -o, --out FILE       also write the output to FILE (default bench/target/results/soak.log)
  -h, --help           this text
  -- ...               passed to Soak (java -cp bench/target/benchmarks.jar io.salvo.bench.Soak --help)

needs: root, ip, tc, nft (exit 2 without them); bench/target/benchmarks.jar
  (mvn -B -q -pl rtp,srtp,packetizer,sender,demo,bench -am package -DskipTests)
EOF
}

SECONDS_TOTAL=600 RATE=200 OUT=bench/target/results/soak.log
EXTRA=()
while (($#)); do
  case "$1" in
    -s|--seconds) SECONDS_TOTAL="$2"; shift ;;
    -r|--rate) RATE="$2"; shift ;;
    --quick) SECONDS_TOTAL=60 ;;
    -o|--out) OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; EXTRA=("$@"); break ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[[ "$SECONDS_TOTAL" =~ ^[1-9][0-9]*$ ]] || die "not a positive integer: $SECONDS_TOTAL"
is_number "$RATE" || die "not a number: $RATE"

missing=()
[[ "$(id -u)" == 0 ]] || missing+=("root")
for tool in ip tc nft; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "error: the soak needs root, ip, tc and nft; missing: ${missing[*]}" >&2
  exit 2
fi
# SOAK_CLASSPATH runs Soak from a class path instead of the jar (the bench module's test does).
if [[ -z "${SOAK_CLASSPATH:-}" ]]; then
  [[ -f "$BENCH_JAR" ]] || { echo "error: $BENCH_JAR not found: build it with
    mvn -B -q -pl rtp,srtp,packetizer,sender,demo,bench -am package -DskipTests" >&2; exit 2; }
  SOAK_CLASSPATH="$BENCH_JAR"
fi

TX="salvo-soak-$$-tx" NET="salvo-soak-$$-net" RX="salvo-soak-$$-rx"
TX_ADDR=10.77.0.1 GATEWAY=10.77.0.2 NET_ADDR=10.77.1.1 RX_ADDR=10.77.1.2 PORT=5004

# Deletes a namespace the way NetworkNamespace.close() does: its qdiscs first (a slow tbf holding
# packets keeps the closed sockets, and so the namespace, alive), links down, then the namespace.
delete_namespace() {
  local ns="$1" dev
  ip netns list 2>/dev/null | grep -q "^$ns\b" || return 0
  for dev in lo stx rta rtb srx; do
    ip -n "$ns" link show "$dev" >/dev/null 2>&1 || continue
    tc -n "$ns" qdisc del dev "$dev" root 2>/dev/null || true
    ip -n "$ns" link set "$dev" down 2>/dev/null || true
  done
  ip netns del "$ns" 2>/dev/null || log "could not delete namespace $ns"
}
cleanup() {
  cleanup_background   # the JVM first, if still running: its sockets go with it
  delete_namespace "$TX"
  delete_namespace "$NET"
  delete_namespace "$RX"
}
trap cleanup EXIT
# net CMD...: a setup step; its failure is the environment's (exit 2).
net() { "$@" || { echo "error: network setup failed: $*" >&2; exit 2; }; }

# sender (the JVM) stx 10.77.0.1 -- rta 10.77.0.2  router  10.77.1.1 rtb -- srx 10.77.1.2 receiver
for ns in "$TX" "$NET" "$RX"; do
  net ip netns add "$ns"
  net ip -n "$ns" link set lo up
done
net ip -n "$TX" link add stx type veth peer name rta netns "$NET"
net ip -n "$NET" link add rtb type veth peer name srx netns "$RX"
# The wire carries datagrams: the sender's UDP GSO runs are cut into datagrams before the veth (as
# a NIC's segmentation offload does before the wire), so the router and the receiver see single
# datagrams, not whole runs of up to 64 that a veth would otherwise pass on intact.
net ip -n "$TX" link set stx gso_max_segs 1
net ip -n "$TX" addr add "$TX_ADDR/30" dev stx
net ip -n "$NET" addr add "$GATEWAY/30" dev rta
net ip -n "$NET" addr add "$NET_ADDR/30" dev rtb
net ip -n "$RX" addr add "$RX_ADDR/30" dev srx
for link in "$TX stx" "$NET rta" "$NET rtb" "$RX srx"; do
  read -r ns dev <<<"$link"
  net ip -n "$ns" link set "$dev" up
done
net ip netns exec "$NET" sysctl -qw net.ipv4.ip_forward=1
net ip -n "$TX" route add "$RX_ADDR/32" via "$GATEWAY" dev stx
net ip -n "$RX" route add "$TX_ADDR/32" via "$NET_ADDR" dev srx
log "namespaces: $TX (the JVM, stx $TX_ADDR) -> $NET (router) -> $RX (the receiver, srx $RX_ADDR:$PORT)"

mkdir -p "$(dirname "$OUT")"
# In the background so that an interrupted script ends the JVM (cleanup) before deleting its namespace.
# shellcheck disable=SC2086 # SALVO_JAVA_OPTS is a list of JVM options
ip netns exec "$TX" "$JAVA" -Xms512m -Xmx512m -XX:+AlwaysPreTouch $SALVO_JAVA_OPTS -cp "$SOAK_CLASSPATH" \
  io.salvo.bench.Soak --seconds "$SECONDS_TOTAL" --rate-mbps "$RATE" --rx-netns "$RX" --net-netns "$NET" \
  --device stx --net-device rtb --gateway "$GATEWAY" --local "$TX_ADDR" --to "$RX_ADDR:$PORT" "${EXTRA[@]}" \
  > >(tee "$OUT") 2>&1 &
JVM_PID=$!
BACKGROUND_PIDS+=("$JVM_PID")
status=0
wait "$JVM_PID" || status=$?
BACKGROUND_PIDS=()
wait   # tee
log "soak exited with $status; output in $OUT"
exit "$status"
