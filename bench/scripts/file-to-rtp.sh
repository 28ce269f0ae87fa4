#!/usr/bin/env bash
# File -> RTP as fast as possible: salvo stream --fast against ffmpeg and GStreamer, whole-process time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'EOF'
usage: bench/scripts/file-to-rtp.sh [options]

Streams one H.264 Annex B file over RTP to a local sink as fast as each tool can, alternating the
tools run by run (the order rotates every round), and times each whole process (date +%s%N):
  salvo      java -jar demo/target/salvo.jar stream FILE --to 127.0.0.1:PORT --fast
  ffmpeg     ffmpeg -f h264 -framerate 60 -i FILE -c copy -bsf:v setts=pts=DTS -f rtp rtp://127.0.0.1:PORT?pkt_size=1200
  gstreamer  gst-launch-1.0 -q filesrc location=FILE ! h264parse ! rtph264pay mtu=1200 ! udpsink host=127.0.0.1 port=PORT sync=false
Every datagram is at most 1200 bytes (RTP header included) for all three. A sink on the other
core reads and counts what arrives; a run counts only if the tool exits 0 and the sink got the
whole file (RTP payload bytes within -1%/+2% of the file size, no datagram over 1200 bytes).
Medians and ratios (tool / salvo) are printed and written under --out:
  file-to-rtp-runs.csv  every run      file-to-rtp.csv  the medians      file-to-rtp.md  the tables

Three parts, every tool in each, the same checks everywhere:
  whole     the test file, whole-process time (JVM start-up included for salvo)
  steady    the test file concatenated --steady K times (one valid Annex B stream, cached next to
            it), long enough that start-up is a small share: the steady-state comparison
  start-up  the first second of the test file (--startup-frames frames): what each tool costs
            before it streams, so the start-up share of a steady run can be quoted, and the
            marginal rate (K x size - short size) / (t_steady - t_startup) computed, which leaves
            start-up out altogether

The test file (1080p60 testsrc2 with temporal noise, x264 ultrafast at 60 Mbit/s, GOP 120) is
generated once with ffmpeg and cached in bench/target/media/ (60 s: about 450 MB, ~45 s on 2 cores).

options:
  -r, --rounds N       rounds (default 5)
  -d, --duration S     seconds of video to generate (default 60)
  -m, --media FILE     use this H.264 Annex B file instead (frame rate from ffprobe)
  -k, --steady K       copies of the test file in the steady-state file (default 10; 0: skip the
                       steady and start-up parts)
      --startup-frames N  frames in the start-up file (default 60)
      --no-salvo       run only ffmpeg and GStreamer (checks this script before salvo.jar exists; no ratios)
      --quick          smoke run: 2 rounds on a 10 s file (about 75 MB), steady file of 3 copies
  -o, --out DIR        output directory (default bench/target/results)
  -h, --help           this text

needs: gcc, ffmpeg, ffprobe, gst-launch-1.0 (h264parse, rtph264pay, udpsink); salvo's jar
($SALVO_JAR, default demo/target/salvo.jar: mvn -B -q package -DskipTests)
EOF
}

ROUNDS=5 DURATION=60 MEDIA="" SALVO=1 OUT=bench/target/results STEADY=10 STARTUP_FRAMES=60
MTU=1200        # the largest datagram every tool may send, RTP header included (salvo's default)
RTP_HEADER=12   # none of the three adds CSRCs or header extensions here
BITRATE=60M FPS=60
while (($#)); do
  case "$1" in
    -r|--rounds) ROUNDS="$2"; shift ;;
    -d|--duration) DURATION="$2"; shift ;;
    -m|--media) MEDIA="$2"; shift ;;
    -k|--steady) STEADY="$2"; shift ;;
    --startup-frames) STARTUP_FRAMES="$2"; shift ;;
    --no-salvo) SALVO=0 ;;
    --quick) ROUNDS=2 DURATION=10 STEADY=3 ;;
    -o|--out) OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds: not a positive integer: $ROUNDS"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "--duration: not a positive integer: $DURATION"
[[ "$STEADY" =~ ^[0-9]+$ && "$STEADY" != 1 ]] || die "--steady: 0 (off) or a number of copies >= 2, was: $STEADY"
[[ "$STARTUP_FRAMES" =~ ^[1-9][0-9]*$ ]] || die "--startup-frames: not a positive integer: $STARTUP_FRAMES"
((SALVO)) && require_salvo
require_tool ffmpeg "generates the test file and is one of the peers"
require_tool ffprobe "describes the test file"
require_tool gst-launch-1.0 "GStreamer is one of the peers"
mkdir -p "$OUT" bench/target/media
build_ceiling

# --- the test file (generated once, cached with a .info file describing it) ------------------
GEN_FILTER="testsrc2=size=1920x1080:rate=$FPS,noise=alls=20:allf=t"
GEN_ARGS=(-hide_banner -loglevel error -nostdin -f lavfi -i "$GEN_FILTER" -t "$DURATION"
  -c:v libx264 -preset ultrafast -b:v "$BITRATE" -g $((FPS * 2)) -f h264)
if [[ -z "$MEDIA" ]]; then
  MEDIA="bench/target/media/testsrc2-noise-1080p${FPS}-${DURATION}s-${BITRATE}.h264"
  if [[ ! -s "$MEDIA" || ! -s "$MEDIA.info" ]]; then
    log "generating $MEDIA ($DURATION s of 1080p$FPS H.264 at $BITRATE; about $((DURATION * 3 / 4)) s on 2 cores)"
    start="$(now_ns)"
    ffmpeg "${GEN_ARGS[@]}" -y "$MEDIA.tmp" || die "ffmpeg could not generate the test file"
    took="$(awk -v ns=$(($(now_ns) - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')"
    mv "$MEDIA.tmp" "$MEDIA"
    {
      echo "generated_seconds=$took"
      echo "generated_on=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
      echo "command=ffmpeg ${GEN_ARGS[*]} $MEDIA" | sed "s|$GEN_FILTER|\"$GEN_FILTER\"|"
    } >"$MEDIA.info"
    log "generated in $took s"
  fi
fi
[[ -s "$MEDIA" ]] || die "no such media file: $MEDIA"
probe="$(ffprobe -v error -select_streams v:0 -count_packets \
  -show_entries stream=codec_name,width,height,r_frame_rate,nb_read_packets -of default=nw=1 "$MEDIA")"
[[ "$(kv codec_name "$probe")" == h264 ]] || die "$MEDIA is not H.264 (ffprobe: $probe)"
FRAMES="$(kv nb_read_packets "$probe")" RATE="$(kv r_frame_rate "$probe")"
FPS_IN="$(awk -v r="$RATE" 'BEGIN { split(r, f, "/"); printf "%g", f[1] / (f[2] ? f[2] : 1) }')"
SIZE_BYTES="$(stat -c %s "$MEDIA")"
MEDIA_SECONDS="$(awk -v n="$FRAMES" -v f="$FPS_IN" 'BEGIN { printf "%.2f", n / f }')"
GENERATED="$(sed -n 's/^generated_seconds=//p' "$MEDIA.info" 2>/dev/null || true)"
GEN_COMMAND="$(sed -n 's/^command=//p' "$MEDIA.info" 2>/dev/null || true)"
log "$MEDIA: $(fmt_int "$SIZE_BYTES") bytes, $FRAMES frames at $FPS_IN fps ($MEDIA_SECONDS s), $(kv width "$probe")x$(kv height "$probe")"
cat "$MEDIA" >/dev/null   # into the page cache, so no tool pays the first read from disk

# --- the steady-state file (K copies back to back) and the start-up file (the first frames) ----
PARTS=(whole)
if ((STEADY > 0)); then
  LONG="${MEDIA%.*}-x$STEADY.h264" SHORT="${MEDIA%.*}-first$STARTUP_FRAMES.h264"
  LONG_BYTES=$((SIZE_BYTES * STEADY))
  if [[ ! -s "$LONG" || "$(stat -c %s "$LONG")" != "$LONG_BYTES" ]]; then
    log "writing $LONG ($STEADY copies of $MEDIA, $(fmt_int "$LONG_BYTES") bytes)"
    for ((copy = 0; copy < STEADY; copy++)); do cat "$MEDIA"; done >"$LONG.tmp"
    mv "$LONG.tmp" "$LONG"
  fi
  if [[ ! -s "$SHORT" ]]; then
    ffmpeg -hide_banner -loglevel error -nostdin -f h264 -i "$MEDIA" -frames:v "$STARTUP_FRAMES" -c copy -f h264 -y "$SHORT.tmp" ||
      die "ffmpeg could not cut the first $STARTUP_FRAMES frames of $MEDIA"
    mv "$SHORT.tmp" "$SHORT"
  fi
  SHORT_BYTES="$(stat -c %s "$SHORT")"
  cat "$LONG" "$SHORT" >/dev/null
  PARTS=(whole steady startup)
fi
# part_file PART / part_bytes PART: the file a part streams and its size
part_file() { case "$1" in whole) echo "$MEDIA" ;; steady) echo "$LONG" ;; startup) echo "$SHORT" ;; esac; }
part_bytes() { case "$1" in whole) echo "$SIZE_BYTES" ;; steady) echo "$LONG_BYTES" ;; startup) echo "$SHORT_BYTES" ;; esac; }

# --- one run ---------------------------------------------------------------------------------
# set_command TOOL PORT [FILE]: sets CMD to the argv of TOOL streaming FILE (default MEDIA) to 127.0.0.1:PORT.
# shellcheck disable=SC2206 # SALVO_JAVA_OPTS is a list of JVM options
set_command() {
  local file="${3:-$MEDIA}"
  case "$1" in
    salvo) CMD=("$JAVA" $SALVO_JAVA_OPTS -jar "$SALVO_JAR" stream "$file" --to "127.0.0.1:$2" --fast) ;;
    ffmpeg) CMD=(ffmpeg -hide_banner -loglevel error -nostdin -f h264 -framerate "$FPS_IN" -i "$file"
      -c copy -bsf:v setts=pts=DTS -f rtp "rtp://127.0.0.1:$2?pkt_size=$MTU") ;;
    gstreamer) CMD=(gst-launch-1.0 -q filesrc location="$file" ! h264parse ! rtph264pay mtu=$MTU
      ! udpsink host=127.0.0.1 port="$2" sync=false) ;;
  esac
}

RUNS="$OUT/file-to-rtp-runs.csv"
echo "part,round,tool,seconds,datagrams,bytes,max_datagram,drops,payload_over_file,verified" >"$RUNS"

# run PART ROUND TOOL: times TOOL's whole process streaming the PART's file, checks what the sink
# received, appends a CSV row.
run() {
  local part="$1" round="$2" tool="$3" status=0 start end log="$WORK_DIR/$3.log" file size
  file="$(part_file "$part")" size="$(part_bytes "$part")"
  start_sink count
  set_command "$tool" "$SINK_PORT" "$file"
  start="$(now_ns)"
  "${CMD[@]}" >"$log" 2>&1 </dev/null || status=$?
  end="$(now_ns)"
  stop_sink
  local got seconds datagrams bytes largest drops payload verified
  got="$(tail -n 1 "$SINK_OUT")"
  seconds="$(awk -v ns=$((end - start)) 'BEGIN { printf "%.6f", ns / 1e9 }')"
  datagrams="$(kv datagrams "$got")" bytes="$(kv bytes "$got")" largest="$(kv max "$got")" drops="$(kv drops "$got")"
  if ((status != 0)); then
    tail -n 20 "$log" >&2
    die "$tool exited with $status in round $round ($part): ${CMD[*]}"
  fi
  is_number "$datagrams" || die "the sink reported nothing for $tool (got: $got)"
  payload="$(awk -v b="$bytes" -v d="$datagrams" -v h=$RTP_HEADER -v s="$size" 'BEGIN { printf "%.4f", (b - d * h) / s }')"
  ((largest <= MTU)) || die "$tool sent a $largest-byte datagram (limit $MTU): not comparable"
  if [[ "$drops" == 0 ]]; then
    awk -v p="$payload" 'BEGIN { exit !(p >= 0.99 && p <= 1.02) }' ||
      die "$tool delivered $payload x the file's bytes in RTP payload ($datagrams datagrams, $part): not the whole file"
    verified=yes
  else # the sink lost some (its queue overflowed): check the datagram count only
    awk -v d="$datagrams" -v x="$drops" -v m=$((MTU - RTP_HEADER)) -v s="$size" 'BEGIN { exit !((d + x) * m >= 0.99 * s) }' ||
      die "$tool: $datagrams datagrams received + $drops dropped cannot hold the file ($part)"
    verified="count only ($drops dropped at the sink)"
    log "warning: the sink dropped $drops datagrams of $tool ($part); checked the datagram count only"
  fi
  log "$part, round $round/$ROUNDS: $tool $(fmt_s "$seconds") ($datagrams datagrams, payload/file $payload)"
  echo "$part,$round,$tool,$seconds,$datagrams,$bytes,$largest,$drops,$payload,$verified" >>"$RUNS"
}

TOOLS=(ffmpeg gstreamer)
((SALVO)) && TOOLS=(salvo ffmpeg gstreamer)
for part in "${PARTS[@]}"; do
  for ((round = 1; round <= ROUNDS; round++)); do
    n=${#TOOLS[@]}
    for ((i = 0; i < n; i++)); do
      run "$part" "$round" "${TOOLS[$(((i + round - 1) % n))]}"
    done
  done
done

# --- medians, ratios, the fragment -----------------------------------------------------------
med() { awk -F, -v p="$1" -v t="$2" 'NR > 1 && $1 == p && $3 == t { print $4 }' "$RUNS" | median 2>/dev/null || true; }
med_datagrams() { awk -F, -v p="$1" -v t="$2" 'NR > 1 && $1 == p && $3 == t { print $5 }' "$RUNS" | median 2>/dev/null | awk '{ printf "%.0f", $1 }'; }
runs_of() { awk -F, -v p="$1" -v t="$2" 'NR > 1 && $1 == p && $3 == t { n++ } END { print n + 0 }' "$RUNS"; }
mbps() { is_number "${1:-}" && awk -v s="$1" -v b="$2" 'BEGIN { printf "%.0f MB/s", b / s / 1e6 }' || echo "—"; }
rate_mbps() { is_number "${1:-}" && awk -v r="$1" 'BEGIN { printf "%.0f MB/s", r / 1e6 }' || echo "—"; }
share() { is_number "${1:-}" && is_number "${2:-}" && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }' || echo "—"; }
# marginal TOOL: the rate between the start-up run and the steady run, start-up left out (bytes/s)
marginal() {
  local long short
  long="$(med steady "$1")" short="$(med startup "$1")"
  is_number "$long" && is_number "$short" &&
    awk -v l="$long" -v s="$short" -v L="$LONG_BYTES" -v S="$SHORT_BYTES" 'BEGIN { if (l > s) printf "%.0f", (L - S) / (l - s); else print "—" }' ||
    echo "—"
}
ALL_VERIFIED="$(awk -F, 'NR > 1 && $10 != "yes" { n++ } END { print n ? "no: " n " run(s) checked by datagram count only" : "yes" }' "$RUNS")"
declare -A M R
for part in "${PARTS[@]}"; do
  for tool in salvo ffmpeg gstreamer; do M[$part,$tool]="$(med "$part" "$tool")"; done
  for tool in ffmpeg gstreamer; do R[$part,$tool]="$(ratio "${M[$part,$tool]}" "${M[$part,salvo]}")"; done
done
if ((STEADY > 0)); then
  for tool in salvo ffmpeg gstreamer; do M[marginal,$tool]="$(marginal "$tool")"; done
  for tool in ffmpeg gstreamer; do R[marginal,$tool]="$(ratio "${M[marginal,salvo]}" "${M[marginal,$tool]}")"; done
fi
{ # one row per tool, one column per part (ResultsChart draws whole and steady side by side)
  echo "tool,whole_seconds,steady_seconds,startup_seconds,whole_over_salvo,steady_over_salvo,marginal_bytes_per_s,marginal_over_salvo,runs"
  for tool in salvo ffmpeg gstreamer; do
    echo "$tool,${M[whole,$tool]},${M[steady,$tool]:-},${M[startup,$tool]:-},${R[whole,$tool]:-},${R[steady,$tool]:-},${M[marginal,$tool]:-},${R[marginal,$tool]:-},$(runs_of whole "$tool")"
  done
} >"$OUT/file-to-rtp.csv"

not_run() { if ((SALVO)); then "$@"; else echo "not run (--no-salvo)"; fi; }
{
  echo "### File → RTP as fast as possible"
  echo
  echo "\`$MEDIA\`: $(fmt_int "$SIZE_BYTES") bytes, H.264 Annex B, $(kv width "$probe")x$(kv height "$probe")," \
    "$FRAMES frames at $FPS_IN fps ($MEDIA_SECONDS s of video)${GENERATED:+, generated in $GENERATED s}."
  [[ -n "$GEN_COMMAND" ]] && echo "Generated with \`$GEN_COMMAND\`."
  echo "The files are read once before the runs so every tool finds them in the page cache. Each tool sends a file to" \
    "127.0.0.1 as fast as it can, datagrams of at most $MTU bytes (RTP header included) for all three;" \
    "wall time of the whole process (JVM start-up included for salvo), $ROUNDS rounds, tools alternating" \
    "run by run (the order rotates every round), medians. A sink on the other core counts every datagram;" \
    "a run counts only if the tool exits 0 and the RTP payload received is the whole file (within -1%/+2%)." \
    "All runs verified: $ALL_VERIFIED. Every run: \`file-to-rtp-runs.csv\`."
  echo
  echo "| tool | median wall time | file rate | datagrams | tool / salvo | target | met |"
  echo "|---|---:|---:|---:|---:|---:|:-:|"
  echo "| salvo stream --fast | $(not_run fmt_s "${M[whole,salvo]}") | $(mbps "${M[whole,salvo]}" "$SIZE_BYTES") | $(fmt_int "$(med_datagrams whole salvo)") | $(not_run echo 1) | | |"
  echo "| ffmpeg -c copy -f rtp | $(fmt_s "${M[whole,ffmpeg]}") | $(mbps "${M[whole,ffmpeg]}" "$SIZE_BYTES") | $(fmt_int "$(med_datagrams whole ffmpeg)") | ${R[whole,ffmpeg]} | > 1 | $(meets "${R[whole,ffmpeg]}" 1.0001) |"
  echo "| GStreamer rtph264pay ! udpsink | $(fmt_s "${M[whole,gstreamer]}") | $(mbps "${M[whole,gstreamer]}" "$SIZE_BYTES") | $(fmt_int "$(med_datagrams whole gstreamer)") | ${R[whole,gstreamer]} | > 1 | $(meets "${R[whole,gstreamer]}" 1.0001) |"
  if ((STEADY > 0)); then
    echo
    echo "#### Steady state"
    echo
    echo "The same file $STEADY times back to back (\`$LONG\`, $(fmt_int "$LONG_BYTES") bytes, one valid Annex B stream)," \
      "and its first $STARTUP_FRAMES frames (\`$SHORT\`, $(fmt_int "$SHORT_BYTES") bytes, cut with \`ffmpeg -c copy\`) for" \
      "what each tool costs before it streams. Start-up share = start-up run / steady run. Marginal rate =" \
      "(steady bytes − start-up bytes) / (steady time − start-up time): start-up left out altogether."
    echo
    echo "| tool | steady run | file rate | start-up run | start-up share | marginal rate | tool / salvo (steady run) | tool / salvo (marginal) | target | met |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|"
    for tool in salvo ffmpeg gstreamer; do
      local_ratio="${R[steady,$tool]:-1}" local_marginal="${R[marginal,$tool]:-1}" target="" met=""
      [[ "$tool" != salvo ]] && target="≥ 3" met="$(meets "$local_ratio" 3)"
      echo "| $tool | $(fmt_s "${M[steady,$tool]}") | $(mbps "${M[steady,$tool]}" "$LONG_BYTES") | $(fmt_s "${M[startup,$tool]}") | $(share "${M[startup,$tool]}" "${M[steady,$tool]}") | $(rate_mbps "${M[marginal,$tool]}") | $local_ratio | $local_marginal | $target | $met |"
    done
  fi
  echo
  echo "Commands (\$PORT: the sink's port, \`\$tmp/ceiling count 0 3600\` from bench/scripts/native/ceiling.c; FILE: one of the files above):"
  echo
  echo '```'
  # shellcheck disable=SC2016 # $PORT stays literal in the fragment
  for tool in "${TOOLS[@]}"; do set_command "$tool" '$PORT' FILE; echo "${CMD[*]}"; done
  echo '```'
} >"$OUT/file-to-rtp.md"

echo
for part in "${PARTS[@]}"; do
  printf '%-8s %-10s %14s %12s\n' part tool "median time" "tool/salvo"
  printf '%-8s %-10s %14s %12s\n' "$part" salvo "$(fmt_s "${M[$part,salvo]}")" "1"
  printf '%-8s %-10s %14s %12s\n' "$part" ffmpeg "$(fmt_s "${M[$part,ffmpeg]}")" "${R[$part,ffmpeg]}"
  printf '%-8s %-10s %14s %12s\n' "$part" gstreamer "$(fmt_s "${M[$part,gstreamer]}")" "${R[$part,gstreamer]}"
done
((STEADY > 0)) && echo "marginal rate: salvo $(rate_mbps "${M[marginal,salvo]}"), ffmpeg $(rate_mbps "${M[marginal,ffmpeg]}") (${R[marginal,ffmpeg]}), gstreamer $(rate_mbps "${M[marginal,gstreamer]}") (${R[marginal,gstreamer]})"
echo "file: $MEDIA, $(fmt_int "$SIZE_BYTES") bytes, $MEDIA_SECONDS s; all runs verified: $ALL_VERIFIED"
echo "wrote $OUT/file-to-rtp.md, $OUT/file-to-rtp.csv, $RUNS"
