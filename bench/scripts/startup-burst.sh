#!/usr/bin/env bash
# How smoothly a stream leaves from its first frame: busiest 1-ms window / mean rate, at the receiver.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'EOF'
usage: bench/scripts/startup-burst.sh [options]

Streams one high-rate clip in real time (1080p30 H.264 at constant QP 5, ~33 Mbit/s, 6 s, MP4,
generated once into bench/target/media/) to a loopback receiver (bench/scripts/arrivals.py: the
kernel's arrival time of every datagram, SO_TIMESTAMPNS) with
  salvo       java -jar demo/target/salvo.jar stream CLIP --to 127.0.0.1:PORT --linger 0
  ffmpeg      ffmpeg -re -i CLIP -c copy -f rtp rtp://127.0.0.1:PORT?pkt_size=1200
  gstreamer   filesrc ! qtdemux ! h264parse ! rtph264pay mtu=1200 ! udpsink sync=true
and reports, per tool, the busiest 1-ms window of the received stream against the mean rate over
the whole stream, start included (the first keyframe is the hard part: the issue-16 target for
salvo is <= 3), and the same over the first second alone. Tools alternate run by run; medians.

options:
  -r, --rounds N   rounds (default 3)
      --no-salvo   only ffmpeg and GStreamer
      --quick      1 round
  -o, --out DIR    output directory (default bench/target/results)
  -h, --help       this text

writes: startup-burst.md (the table), startup-burst.csv (medians), startup-burst-runs.csv (every run)
EOF
}

ROUNDS=3 SALVO=1 OUT=bench/target/results
while (($#)); do
  case "$1" in
    -r|--rounds) ROUNDS="$2"; shift ;;
    --no-salvo) SALVO=0 ;;
    --quick) ROUNDS=1 ;;
    -o|--out) OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds: not a positive integer: $ROUNDS"
for tool in ffmpeg gst-launch-1.0 python3; do require_tool "$tool" "startup-burst.sh runs it"; done
((SALVO)) && require_salvo
mkdir -p "$OUT" bench/target/media

CLIP=bench/target/media/testsrc2-1080p30-6s-qp5.mp4
GENERATE=(ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" -t 6
  -c:v libx264 -preset ultrafast -qp 5 -g 60 -pix_fmt yuv420p -movflags +faststart "$CLIP")
if [[ ! -s "$CLIP" ]]; then
  log "generating $CLIP"
  "${GENERATE[@]}" || die "could not generate $CLIP"
fi

free_port() { python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

command_of() {   # command_of TOOL PORT: the sender's command line
  case "$1" in
    salvo) echo "$JAVA $SALVO_JAVA_OPTS -jar $SALVO_JAR stream $CLIP --to 127.0.0.1:$2 --linger 0" ;;
    ffmpeg) echo "ffmpeg -hide_banner -loglevel error -nostdin -re -i $CLIP -c copy -f rtp rtp://127.0.0.1:$2?pkt_size=1200" ;;
    gstreamer) echo "gst-launch-1.0 -q filesrc location=$CLIP ! qtdemux ! h264parse ! rtph264pay mtu=1200 ! udpsink host=127.0.0.1 port=$2 sync=true" ;;
  esac
}

TOOLS=(ffmpeg gstreamer)
((SALVO)) && TOOLS=(salvo ffmpeg gstreamer)
RUNS="$OUT/startup-burst-runs.csv"
echo "round,tool,datagrams,bytes,seconds,mean_bps,busiest_window_bytes,peak_to_mean,first_second_peak_to_mean" >"$RUNS"
for ((round = 1; round <= ROUNDS; round++)); do
  n=${#TOOLS[@]}
  for ((k = 0; k < n; k++)); do
    tool="${TOOLS[$(((k + round - 1) % n))]}"
    port="$(free_port)"
    report="$WORK_DIR/arrivals.$tool.$round"
    : >"$report"
    python3 bench/scripts/arrivals.py --port "$port" --idle 2 >"$report" 2>&1 &
    receiver=$!
    for ((i = 0; i < 100; i++)); do grep -q listening "$report" && break; sleep 0.05; done
    # shellcheck disable=SC2046 # the command line is split on purpose
    $(command_of "$tool" "$port") >"$WORK_DIR/$tool.out" 2>&1 || { cat "$WORK_DIR/$tool.out" >&2; die "$tool failed"; }
    wait "$receiver" || die "arrivals.py failed for $tool: $(cat "$report")"
    line="$(grep '^datagrams=' "$report")"
    log "round $round $tool: $line"
    row="$round,$tool"
    for key in datagrams bytes seconds mean_bps busiest_window_bytes peak_to_mean first_second_peak_to_mean; do
      row="$row,$(kv "$key" "$line")"
    done
    echo "$row" >>"$RUNS"
  done
done

med() { awk -F, -v t="$1" -v c="$2" 'NR > 1 && $2 == t { print $c }' "$RUNS" | median; }
CSV="$OUT/startup-burst.csv"
echo "tool,mean_bps,peak_to_mean,first_second_peak_to_mean,runs" >"$CSV"
for tool in "${TOOLS[@]}"; do
  echo "$tool,$(med "$tool" 6),$(med "$tool" 8),$(med "$tool" 9),$ROUNDS" >>"$CSV"
done
{
  echo "### Pacing from the first frame"
  echo
  echo "\`$CLIP\` ($(stat -c %s "$CLIP") bytes), generated with \`${GENERATE[*]}\`, streamed in real time to a" \
    "loopback receiver that stamps every datagram with the kernel's arrival time (\`bench/scripts/arrivals.py\`)." \
    "Peak/mean = the busiest 1-ms window of the whole stream / the mean rate of the whole stream, start included;" \
    "first second = the busiest window of the first second / the same mean. $ROUNDS rounds, tools alternating, medians" \
    "(every run: \`startup-burst-runs.csv\`)."
  echo
  echo "| tool | mean rate | peak / mean | first second peak / mean | target | met |"
  echo "|---|---:|---:|---:|---:|:-:|"
  while IFS=, read -r tool mean peak first _; do
    [[ "$tool" == tool ]] && continue
    target="" met=""
    if [[ "$tool" == salvo ]]; then
      target="≤ 3"
      met="$(awk -v r="$peak" 'BEGIN { print (r <= 3) ? "yes" : "no" }')"
    fi
    echo "| $tool | $(awk -v b="$mean" 'BEGIN { printf "%.1f Mbit/s", b / 1e6 }') | $(printf %.2f "$peak") | $(printf %.2f "$first") | $target | $met |"
  done <"$CSV"
  echo
  echo "Commands (PORT: the receiver's):"
  echo
  echo '```'
  for tool in "${TOOLS[@]}"; do command_of "$tool" PORT; done
  echo '```'
} >"$OUT/startup-burst.md"
cat "$OUT/startup-burst.md"
log "wrote $OUT/startup-burst.md, $CSV, $RUNS"
