#!/usr/bin/env bash
# The native reference for SRTP cost: libsrtp2's protect and unprotect, ns per 1200-byte packet.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

usage() {
  cat <<'EOF'
usage: bench/scripts/srtp-ceiling.sh [options]

Measures libsrtp2 with a C loop (bench/scripts/native/srtp_loop.c, compiled with gcc now against
the installed libsrtp2), one process per profile and round, the profile order rotating each round:
  AES_CM_128_HMAC_SHA1_80  AES_CM_128_HMAC_SHA1_32  AEAD_AES_128_GCM  AEAD_AES_256_GCM
on 1200-byte RTP packets (12-byte header + 1188-byte payload, one SSRC, increasing sequence numbers):
  protect+copy  memcpy of the packet from the frame into the working buffer, then srtp_protect in
                place (libsrtp encrypts in place; salvo encrypts the frame into a separate output
                slot, so this is the number to hold salvo against)
  protect       srtp_protect in place alone
  unprotect     srtp_unprotect in place, every packet new to the replay window, as in a live stream
The three are interleaved 32 packets at a time, after a warm-up of a tenth of --packets. A profile
this libsrtp2 lacks (GCM needs a build with OpenSSL or NSS) is reported as unsupported.
Medians (ns per packet) are printed and written under --out:
  srtp-libsrtp2-runs.csv  every run     srtp-libsrtp2.csv  the medians     srtp-libsrtp2.md  the table

options:
  -r, --rounds N       rounds (default 5)
  -n, --packets N      timed packets per measurement per run (default 100000)
      --libsrtp DIR    build against the libsrtp2 installed under DIR (DIR/include/srtp2/srtp.h,
                       DIR/lib/libsrtp2.so, found at run time through an rpath) instead of the system's
      --no-salvo       accepted like the other scripts; there is no salvo side here yet
      --quick          smoke run: 2 rounds of 20000 packets
  -o, --out DIR        output directory (default bench/target/results)
  -h, --help           this text

needs: gcc and libsrtp2's header and library (Debian: apt-get install -y libsrtp2-dev); this script
installs nothing and exits 2 when one is missing.
EOF
}

PROFILES=(AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AEAD_AES_128_GCM AEAD_AES_256_GCM)
SIZE=1200   # srtp_loop.c's PACKET_SIZE
ROUNDS=5 PACKETS=100000 LIBSRTP="" OUT=bench/target/results
while (($#)); do
  case "$1" in
    -r|--rounds) ROUNDS="$2"; shift ;;
    -n|--packets) PACKETS="$2"; shift ;;
    --libsrtp) LIBSRTP="$2"; shift ;;
    --no-salvo) ;;
    --quick) ROUNDS=2 PACKETS=20000 ;;
    -o|--out) OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds: not a positive integer: $ROUNDS"
[[ "$PACKETS" =~ ^[1-9][0-9]*$ ]] || die "--packets: not a positive integer: $PACKETS"

# missing WHAT: a prerequisite this script does not install; exit 2.
missing() { echo "error: $*" >&2; exit 2; }

# Compiles native/srtp_loop.c into the temp dir; sets SRTP_LOOP, BUILD_CMD, LIBSRTP_VERSION and CRYPTO.
build_srtp_loop() {
  command -v gcc >/dev/null 2>&1 || missing "gcc not found on PATH (it compiles bench/scripts/native/srtp_loop.c)"
  local cflags=() libs=(-lsrtp2) where="the system's include path"
  if [[ -n "$LIBSRTP" ]]; then
    cflags=(-I"$LIBSRTP/include") libs=(-L"$LIBSRTP/lib" -Wl,-rpath,"$LIBSRTP/lib" -lsrtp2) where="$LIBSRTP/include"
  elif command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsrtp2; then
    read -ra cflags <<<"$(pkg-config --cflags libsrtp2)"
    read -ra libs <<<"$(pkg-config --libs libsrtp2)"
  fi
  local hint="install it with: apt-get install -y libsrtp2-dev"
  [[ -n "$LIBSRTP" ]] && hint="is libsrtp2 installed under $LIBSRTP?"
  if [[ -n "$LIBSRTP" ]]; then   # checked here: gcc would fall back to the system's header and library
    [[ -f "$LIBSRTP/include/srtp2/srtp.h" ]] || missing "$LIBSRTP/include/srtp2/srtp.h not found; $hint"
    [[ -f "$LIBSRTP/lib/libsrtp2.so" ]] || missing "$LIBSRTP/lib/libsrtp2.so not found; $hint"
  fi
  printf '#include <srtp2/srtp.h>\n' | gcc "${cflags[@]}" -E -x c - -o /dev/null 2>/dev/null ||
    missing "libsrtp2's header <srtp2/srtp.h> not found in $where; $hint"
  SRTP_LOOP="$WORK_DIR/srtp_loop"
  BUILD_CMD="gcc -O2${cflags[*]:+ ${cflags[*]}} -o \$tmp/srtp_loop bench/scripts/native/srtp_loop.c ${libs[*]}"
  gcc -O2 -Wall "${cflags[@]}" -c -o "$SRTP_LOOP.o" "$SCRIPTS/native/srtp_loop.c" ||
    die "could not compile bench/scripts/native/srtp_loop.c"
  gcc -o "$SRTP_LOOP" "$SRTP_LOOP.o" "${libs[@]}" 2>"$WORK_DIR/link.err" ||
    { cat "$WORK_DIR/link.err" >&2; missing "could not link libsrtp2 (${libs[*]}); $hint"; }
  LIBSRTP_VERSION="$("$SRTP_LOOP" version)" || die "$SRTP_LOOP does not run (is libsrtp2.so.1 loadable?)"
  # The crypto libsrtp2 was built with: what the libsrtp2 it loads links to.
  local lib deps=""
  lib="$(ldd "$SRTP_LOOP" | awk '$1 ~ /^libsrtp2/ { print $3 }')"
  [[ -n "$lib" ]] && deps="$(ldd "$lib")"   # whole, not piped into grep -q: pipefail and SIGPIPE
  if [[ -z "$lib" ]]; then CRYPTO="unknown (libsrtp2 linked statically)"
  elif [[ "$deps" == *libcrypto.so* ]]; then CRYPTO=OpenSSL
  elif [[ "$deps" == *libnss3.so* ]]; then CRYPTO=NSS
  else CRYPTO="libsrtp's own"; fi
}

mkdir -p "$OUT"
build_srtp_loop
log "$LIBSRTP_VERSION, crypto: $CRYPTO"

# run PROFILE: one run; prints "status,srtp_bytes,protect_copy_ns,protect_ns,unprotect_ns,cpu_share".
run() {
  local out status=0 last
  out="$("$SRTP_LOOP" "$1" "$PACKETS" 2>&1)" || status=$?
  last="$(tail -n 1 <<<"$out")"
  case "$(kv status "$last")" in
    ok) ((status == 0)) || { printf '%s\n' "$out" >&2; die "srtp_loop $1 exited $status"; }
        echo "ok,$(kv srtp_bytes "$last"),$(kv protect_copy_ns "$last"),$(kv protect_ns "$last"),$(kv unprotect_ns "$last"),$(kv cpu_share "$last")" ;;
    unsupported) echo "unsupported (srtp_err_status $(kv error "$last")),,,,," ;;
    *) printf '%s\n' "$out" >&2; die "srtp_loop $1 $PACKETS failed (exit $status) or printed no status=<ok|unsupported> last" ;;
  esac
}

RUNS="$OUT/srtp-libsrtp2-runs.csv"
echo "round,profile,packets,size,status,srtp_bytes,protect_copy_ns,protect_ns,unprotect_ns,cpu_share" >"$RUNS"
declare -A UNSUPPORTED=()
for ((round = 1; round <= ROUNDS; round++)); do
  for ((i = 0; i < ${#PROFILES[@]}; i++)); do
    profile="${PROFILES[(i + round - 1) % ${#PROFILES[@]}]}"
    [[ -n "${UNSUPPORTED[$profile]:-}" ]] && continue
    result="$(run "$profile")" || exit 1
    IFS=, read -r status srtp_bytes copy_ns protect_ns unprotect_ns cpu_share <<<"$result"
    if [[ "$status" != ok ]]; then
      UNSUPPORTED[$profile]="$status"
      log "$profile: $status in $LIBSRTP_VERSION"
    else
      log "round $round/$ROUNDS: $profile protect+copy $copy_ns ns, protect $protect_ns ns, unprotect $unprotect_ns ns (cpu share $cpu_share)"
    fi
    echo "$round,$profile,$PACKETS,$SIZE,$status,$srtp_bytes,$copy_ns,$protect_ns,$unprotect_ns,$cpu_share" >>"$RUNS"
  done
done

# med PROFILE COLUMN: the median of that column over the profile's runs, 1 decimal; empty if none.
med() {
  local column
  column="$(head -n 1 "$RUNS" | tr , '\n' | grep -nx "$2" | cut -d: -f1)"
  awk -F, -v p="$1" -v c="$column" 'NR > 1 && $2 == p && $5 == "ok" { print $c }' "$RUNS" |
    median 2>/dev/null | awk '{ printf "%.1f\n", $1 }' || true
}

CSV="$OUT/srtp-libsrtp2.csv"
echo "profile,packets,rounds,size,srtp_bytes,protect_copy_ns,protect_ns,unprotect_ns,cpu_share,status,libsrtp,crypto" >"$CSV"
TABLE=() SHARED=0
for profile in "${PROFILES[@]}"; do
  if [[ -n "${UNSUPPORTED[$profile]:-}" ]]; then
    echo "$profile,$PACKETS,$ROUNDS,$SIZE,,,,,,${UNSUPPORTED[$profile]},$LIBSRTP_VERSION,$CRYPTO" >>"$CSV"
    TABLE+=("$profile|unsupported|unsupported|unsupported")
    continue
  fi
  bytes="$(awk -F, -v p="$profile" 'NR > 1 && $2 == p && $5 == "ok" { print $6; exit }' "$RUNS")"
  copy_ns="$(med "$profile" protect_copy_ns)" protect_ns="$(med "$profile" protect_ns)"
  unprotect_ns="$(med "$profile" unprotect_ns)"
  cpu_share="$(med "$profile" cpu_share | awk '{ printf "%.2f\n", $1 }')"
  awk -v s="$cpu_share" 'BEGIN { exit !(s < 0.95) }' && SHARED=1
  echo "$profile,$PACKETS,$ROUNDS,$SIZE,$bytes,$copy_ns,$protect_ns,$unprotect_ns,$cpu_share,ok,$LIBSRTP_VERSION,$CRYPTO" >>"$CSV"
  TABLE+=("$profile|$copy_ns|$protect_ns|$unprotect_ns")
done

WHAT="$LIBSRTP_VERSION (crypto: $CRYPTO), $SIZE-byte RTP packets (12-byte header + $((SIZE - 12))-byte payload), ns per packet, median of $ROUNDS runs of $(fmt_int "$PACKETS") packets"
COPY_NOTE="protect+copy: memcpy of the $SIZE-byte packet into the working buffer, then srtp_protect in place (comparable to salvo, which encrypts the frame into a separate output slot); protect: srtp_protect in place alone"
SHARED_NOTE="Other processes took part of the CPU during these runs (median CPU share below 0.95, see cpu_share in the CSVs): the numbers are inflated."
{
  echo "### SRTP: libsrtp2 protect and unprotect"
  echo
  echo "$WHAT (every run: \`srtp-libsrtp2-runs.csv\`). The three measurements are interleaved 32 packets at a time" \
    "after a warm-up of a tenth as many; unprotect sees every packet once, in order, each new to the replay window."
  echo "$COPY_NOTE."
  ((SHARED)) && echo && echo "$SHARED_NOTE"
  echo
  echo "| profile | protect+copy, ns | protect, ns | unprotect, ns | libsrtp |"
  echo "|---|---:|---:|---:|---|"
  for row in "${TABLE[@]}"; do
    IFS='|' read -r profile copy_ns protect_ns unprotect_ns <<<"$row"
    echo "| $profile | $copy_ns | $protect_ns | $unprotect_ns | $LIBSRTP_VERSION ($CRYPTO) |"
  done
  echo
  echo "Command (\$tmp/srtp_loop: \`$BUILD_CMD\`):" \
    "\`\$tmp/srtp_loop PROFILE $PACKETS\`"
} >"$OUT/srtp-libsrtp2.md"

echo
echo "$WHAT"
echo "$COPY_NOTE"
((SHARED)) && echo "$SHARED_NOTE"
printf '%-24s %15s %11s %13s  %s\n' profile "protect+copy" protect unprotect libsrtp
for row in "${TABLE[@]}"; do
  IFS='|' read -r profile copy_ns protect_ns unprotect_ns <<<"$row"
  printf '%-24s %15s %11s %13s  %s\n' "$profile" "$copy_ns" "$protect_ns" "$unprotect_ns" "$LIBSRTP_VERSION"
done
echo "wrote $OUT/srtp-libsrtp2.md, $CSV, $RUNS"
