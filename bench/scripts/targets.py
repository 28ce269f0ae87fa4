#!/usr/bin/env python3
"""Prints the performance targets of issue 17 as a markdown table, each with the ratio measured in
this run, from what results.sh wrote: ceiling.csv (salvo blast vs the C loop), file-to-rtp.csv
(salvo stream --fast vs ffmpeg and GStreamer) and jmh.json (TransmitterBenchmark against
SenderPathBenchmark at batch 48, the raw path on the same kind of socket).

usage: bench/scripts/targets.py RESULTS_DIR
A part that was not run shows as "not measured".
"""
import csv
import json
import os
import sys


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def jmh_run(runs, benchmark, **params):
    """The JMH run of benchmark with these params, or None."""
    for run in runs:
        got = run.get("params") or {}
        if run["benchmark"].endswith(benchmark) and all(got.get(k) == str(v) for k, v in params.items()):
            return run
    return None


def jmh_packets(runs, benchmark, **params):
    """The 'packets' counter (datagrams/s) of the run of benchmark with these params, or None."""
    run = jmh_run(runs, benchmark, **params)
    metric = (run.get("secondaryMetrics") or {}).get("packets") if run else None
    return metric["score"] if metric else None


def jmh_score(runs, benchmark, **params):
    """The primary score of the run of benchmark with these params, or None."""
    run = jmh_run(runs, benchmark, **params)
    return run["primaryMetric"]["score"] if run else None


# CryptoBackend.forProfile: the JDK for AES-CM, OpenSSL for AES-GCM (where libcrypto loads)
DEFAULT_BACKEND = {"AES_CM_128_HMAC_SHA1_80": "JCE", "AES_CM_128_HMAC_SHA1_32": "JCE",
                   "AEAD_AES_128_GCM": "OPENSSL", "AEAD_AES_256_GCM": "OPENSSL"}


def ratio(a, b):
    return a / b if a is not None and b else None


def main(out):
    table = []

    def target(name, measured, goal, detail, strict=False, lower=False):
        if measured is None:
            met = "—"
        elif lower:
            met = "yes" if measured <= goal else "no"
        else:
            met = "yes" if (measured > goal if strict else measured >= goal) else "no"
        shown = "not measured" if measured is None else f"{measured:.2f}"
        sign = "≤" if lower else (">" if strict else "≥")
        table.append(f"| {name} | {shown} | {sign} {goal:g} | {met} | {detail} |")

    ceiling = {r["mode"]: r for r in rows(os.path.join(out, "ceiling.csv"))}
    for mode, label in (("sendmmsg", "sendmmsg"), ("gso", "UDP GSO")):
        r = ceiling.get(mode, {})
        c, s = number(r.get("c_median_pps")), number(r.get("salvo_median_pps"))
        target(f"`salvo blast` / C loop, {label}", ratio(s, c), 0.95,
               f"{s / 1e6:.3f} M/s vs {c / 1e6:.3f} M/s, medians" if s and c else "")

    runs = []
    if os.path.exists(os.path.join(out, "jmh.json")):
        with open(os.path.join(out, "jmh.json")) as f:
            runs = json.load(f)
    for path in ("sendmmsg", "gso"):
        raw = jmh_packets(runs, "SenderPathBenchmark.sendBatch", batch=48, path=path)
        for framing in ("annexb", "avcc"):
            end = jmh_packets(runs, "TransmitterBenchmark.sendFrame", destinations=1, framing=framing, path=path)
            target(f"Transmitter end to end / raw path, {path}, {framing}", ratio(end, raw), 0.9,
                   f"{end / 1e6:.3f} M/s vs {raw / 1e6:.3f} M/s (SenderPath batch 48)" if end and raw else "")
    for path in ("sendmmsg", "gso"):
        one = jmh_packets(runs, "TransmitterBenchmark.sendFrame", destinations=1, framing="annexb", path=path)
        hundred = jmh_packets(runs, "TransmitterBenchmark.sendFrame", destinations=100, framing="annexb", path=path)
        # "the same per-datagram cost": datagrams/s to 100 destinations within 5 % of 1 destination, or better
        target(f"fan-out to 100 / 1 destination, datagrams/s, {path}", ratio(hundred, one), 0.95,
               f"{hundred / 1e6:.3f} M/s vs {one / 1e6:.3f} M/s" if hundred and one else "")

    newest = []
    if os.path.exists(os.path.join(out, "jmh-newest.json")):
        with open(os.path.join(out, "jmh-newest.json")) as f:
            newest = json.load(f)
    newest_java = newest[0].get("jdkVersion", "newest") if newest else None
    libsrtp = {r["profile"]: r for r in rows(os.path.join(out, "srtp-libsrtp2.csv"))}
    for profile, backend in DEFAULT_BACKEND.items():
        for where, results in (("Java " + (runs[0].get("jdkVersion", "") if runs else ""), runs),
                               (f"Java {newest_java}", newest)):
            if results is newest and (not newest or backend != "OPENSSL"):
                continue
            salvo = jmh_score(results, "SrtpBenchmark.protect", profile=profile, backend=backend)
            theirs = number(libsrtp.get(profile, {}).get("protect_copy_ns"))
            target(f"SRTP protect, libsrtp2 / salvo ({backend}, {where}), {profile}", ratio(theirs, salvo), 1.0,
                   f"{salvo:.0f} ns vs {theirs:.0f} ns per 1200-byte packet (libsrtp2 with its copy)"
                   if salvo and theirs else "")
    for profile in ("AEAD_AES_128_GCM", "AEAD_AES_256_GCM"):
        for where, results in (("Java " + (runs[0].get("jdkVersion", "") if runs else ""), runs),
                               (f"Java {newest_java}, foreign function API", newest)):
            if results is newest and not newest:
                continue
            salvo = jmh_score(results, "SrtpBenchmark.protect", profile=profile, backend=DEFAULT_BACKEND[profile])
            target(f"SRTP protect of a 1200-byte packet, {profile}, µs, {where}", salvo / 1000 if salvo else None, 1.0,
                   f"{salvo:.0f} ns on {DEFAULT_BACKEND[profile]}" if salvo else "", lower=True)

    burst = {r["tool"]: r for r in rows(os.path.join(out, "startup-burst.csv"))}
    peak = number(burst.get("salvo", {}).get("peak_to_mean"))
    target("pacing from the first frame: busiest 1-ms window / mean, salvo", peak, 3.0,
           f"ffmpeg -re {number(burst['ffmpeg']['peak_to_mean']):.1f}, GStreamer {number(burst['gstreamer']['peak_to_mean']):.1f}"
           if peak and "ffmpeg" in burst and "gstreamer" in burst else "", lower=True)

    tools = {r["tool"]: r for r in rows(os.path.join(out, "file-to-rtp.csv"))}
    for tool, label in (("ffmpeg", "ffmpeg"), ("gstreamer", "GStreamer")):
        r = tools.get(tool, {})
        target(f"file → RTP, {label} / salvo, whole process", number(r.get("whole_over_salvo")), 1.0,
               f"{number(r.get('whole_seconds')):.3f} s vs {number(tools['salvo']['whole_seconds']):.3f} s"
               if r.get("whole_seconds") and "salvo" in tools else "", strict=True)
        target(f"file → RTP, {label} / salvo, steady state", number(r.get("steady_over_salvo")), 3.0,
               f"{number(r.get('steady_seconds')):.3f} s vs {number(tools['salvo']['steady_seconds']):.3f} s"
               if r.get("steady_seconds") and tools.get("salvo", {}).get("steady_seconds") else "")
        target(f"file → RTP, {label} / salvo, marginal rate (start-up left out)", number(r.get("marginal_over_salvo")),
               3.0, "")

    print("| target | measured | goal | met | figures |")
    print("|---|---:|---:|:-:|---|")
    print("\n".join(table))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
