#!/usr/bin/env python3
"""Records every datagram that reaches a UDP port with the kernel's arrival time (SO_TIMESTAMPNS),
until --idle seconds pass without one (after the first); then prints, for the stream as it arrived,
the busiest window of --window ms against the mean rate over the whole stream, start included:

    datagrams=N bytes=B seconds=S mean_bps=M busiest_window_bytes=W peak_to_mean=R first_second_peak_to_mean=F

The busiest window slides over arrivals: for each datagram, the bytes from it to --window ms later.
"""
import argparse
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = 35


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle", type=float, default=2.0)
    parser.add_argument("--window", type=float, default=1.0, help="ms")
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sock.bind(("127.0.0.1", args.port))
    print("listening", flush=True)
    times, sizes = [], []
    sock.settimeout(None)
    while True:
        try:
            data, ancillary, _flags, _addr = sock.recvmsg(65536, 64)
        except socket.timeout:
            break
        stamp = None
        for level, kind, value in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                seconds, nanos = struct.unpack("qq", value[:16])
                stamp = seconds * 1_000_000_000 + nanos
        times.append(stamp if stamp is not None else time.time_ns())
        sizes.append(len(data))
        if len(times) == 1:
            sock.settimeout(args.idle)
    if len(times) < 2:
        print("datagrams=%d (too few)" % len(times))
        return 1
    window = int(args.window * 1_000_000)
    total = sum(sizes)
    span = times[-1] - times[0]
    mean = total / (span / 1e9)
    per_window_mean = mean * window / 1e9

    def busiest(upto):
        best, j, running = 0, 0, 0
        for i in range(len(times)):
            if times[i] > upto:
                break
            while j < len(times) and times[j] < times[i] + window:
                running += sizes[j]
                j += 1
            best = max(best, running)
            running -= sizes[i]
        return best

    peak = busiest(times[-1])
    first = busiest(times[0] + 1_000_000_000)
    print("datagrams=%d bytes=%d seconds=%.3f mean_bps=%.0f busiest_window_bytes=%d peak_to_mean=%.2f "
          "first_second_peak_to_mean=%.2f" % (len(times), total, span / 1e9, mean * 8, peak, peak / per_window_mean,
                                              first / per_window_mean))
    return 0


if __name__ == "__main__":
    sys.exit(main())
