/*
 * ceiling: the native ceiling salvo's sender is measured against (bench/scripts/ceiling.sh).
 *
 *   ceiling send HOST PORT PACKETS SIZE BATCH MODE   MODE: sendmmsg | gso
 *   ceiling sink PORT SECONDS                        binds, never reads (the queue fills, the kernel drops)
 *   ceiling count PORT SECONDS                       binds, reads and counts until SIGTERM or SECONDS
 *
 * send: an unconnected UDP socket with the destination in every message (as salvo blast does);
 * each datagram is a 12-byte RTP header (own iovec, sequence number written per packet) plus a
 * payload iovec of SIZE - 12 bytes shared by all packets. sendmmsg mode: one mmsghdr per datagram,
 * BATCH datagrams per call. gso mode: one mmsghdr per run of up to 64 equal segments and at most
 * 65,000 bytes, the segment size in a SOL_UDP/UDP_SEGMENT cmsg, BATCH datagrams per call.
 * The last line is "pps=<n> gbps=<x> syscalls=<n>", timed with CLOCK_MONOTONIC around the loop.
 *
 * sink/count bind 127.0.0.1:PORT and PORT+1 (the RTCP port by convention, so ffmpeg's RTCP lands
 * here too); PORT 0 picks a free even/odd pair. The first line is "port=<n>". count prints
 * "datagrams=<n> bytes=<n> max=<largest> drops=<n> rtcp=<n>" (drops: the kernel's count, /proc/net/udp).
 * Build: gcc -O2 -o ceiling ceiling.c   (Linux >= 4.18 for gso)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#define RTP_HEADER 12
#define GSO_MAX_SEGMENTS 64
#define GSO_MAX_BYTES 65000
#define MAX_BATCH 1024           /* UIO_MAXIOV: the most messages one sendmmsg takes */
#define RECV_BATCH 64
#define RECV_BUFFER (32 << 20)   /* the count sink's receive buffer, so a fast sender loses nothing */

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static struct mmsghdr msgs[MAX_BATCH];
static struct iovec iov[2 * MAX_BATCH];
static uint8_t headers[MAX_BATCH][RTP_HEADER];
static union { char buf[CMSG_SPACE(sizeof(uint16_t))]; struct cmsghdr align; } controls[MAX_BATCH];

/* Spreads `count` datagrams over messages of up to `per_message` segments; returns the messages. */
static int layout(int count, int per_message) {
    int messages = (count + per_message - 1) / per_message;
    for (int m = 0; m < messages; m++) {
        int segments = count - m * per_message < per_message ? count - m * per_message : per_message;
        msgs[m].msg_hdr.msg_iov = &iov[2 * m * per_message];
        msgs[m].msg_hdr.msg_iovlen = 2 * segments;
    }
    return messages;
}

static int send_loop(const char *host, int port, long packets, int size, int batch, int gso) {
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
    if (inet_pton(AF_INET, host, &to.sin_addr) != 1) { fprintf(stderr, "not an IPv4 address: %s\n", host); return 2; }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    int per_message = gso ? (GSO_MAX_BYTES / size < GSO_MAX_SEGMENTS ? GSO_MAX_BYTES / size : GSO_MAX_SEGMENTS) : 1;
    uint8_t *payload = calloc(1, size - RTP_HEADER);
    for (int i = 0; i < batch; i++) {
        uint8_t h[RTP_HEADER] = { 0x80, 96, 0, 0, 0, 0, 0, 0, 0x5a, 0x1f, 0x00, 0x01 }; /* V=2, PT=96, SSRC */
        memcpy(headers[i], h, RTP_HEADER);
        iov[2 * i] = (struct iovec) { headers[i], RTP_HEADER };
        iov[2 * i + 1] = (struct iovec) { payload, size - RTP_HEADER };
    }
    for (int m = 0; m < batch; m++) {
        struct msghdr *h = &msgs[m].msg_hdr;
        h->msg_name = &to;
        h->msg_namelen = sizeof to;
        if (!gso) continue;
        h->msg_control = controls[m].buf;
        h->msg_controllen = sizeof controls[m].buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(h);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        *(uint16_t *) CMSG_DATA(c) = (uint16_t) size;
    }
    long sent = 0, syscalls = 0, retries = 0;
    uint16_t seq = 0;
    int todo = -1, messages = 0;
    double start = seconds(CLOCK_MONOTONIC), cpu_start = seconds(CLOCK_PROCESS_CPUTIME_ID);
    while (sent < packets) {
        int count = packets - sent < batch ? (int) (packets - sent) : batch;
        if (count != todo) messages = layout(todo = count, per_message);
        for (int i = 0; i < count; i++, seq++) {
            headers[i][2] = seq >> 8;
            headers[i][3] = seq & 0xff;
        }
        int n = sendmmsg(fd, msgs, messages, 0);
        syscalls++;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == ENOBUFS) { retries++; continue; }
            if (gso && (errno == EIO || errno == EINVAL)) fprintf(stderr, "UDP GSO refused by this kernel/device\n");
            die("sendmmsg");
        }
        sent += n * per_message < count ? n * per_message : count;
    }
    double elapsed = seconds(CLOCK_MONOTONIC) - start, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    printf("mode=%s packets=%ld size=%d batch=%d segments_per_message=%d seconds=%.6f cpu_s=%.6f retries=%ld\n",
           gso ? "gso" : "sendmmsg", sent, size, batch, per_message, elapsed, cpu, retries);
    printf("pps=%.0f gbps=%.3f syscalls=%ld\n", sent / elapsed, sent * (double) size * 8 / elapsed / 1e9, syscalls);
    return 0;
}

static int bind_udp(int port) {
    struct sockaddr_in at = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    if (bind(fd, (struct sockaddr *) &at, sizeof at) == 0) return fd;
    close(fd);
    return -1;
}

/* Binds PORT and PORT+1 (PORT 0: the first free pair with PORT even); returns PORT. */
static int bind_pair(int port, int fds[2]) {
    for (int attempt = 0; attempt < 100; attempt++) {
        if ((fds[0] = bind_udp(port)) < 0) die("bind");
        struct sockaddr_in at;
        socklen_t len = sizeof at;
        getsockname(fds[0], (struct sockaddr *) &at, &len);
        int bound = ntohs(at.sin_port);
        if ((port != 0 || bound % 2 == 0) && bound < 65535 && (fds[1] = bind_udp(bound + 1)) >= 0) return bound;
        if (port != 0) { fprintf(stderr, "port %d is taken\n", port + 1); exit(1); }
        close(fds[0]);
    }
    fprintf(stderr, "found no free port pair\n");
    exit(1);
}

/* The kernel's drop counter of the socket bound to 127.0.0.1:port (last column of /proc/net/udp), or -1. */
static long drops_of(int port) {
    FILE *f = fopen("/proc/net/udp", "r");
    if (!f) return -1;
    char line[512], local[64], want[32];
    snprintf(want, sizeof want, "0100007F:%04X", port);
    long drops = -1;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\n')) line[--n] = 0; /* lines end padded with spaces */
        char *last = strrchr(line, ' ');
        if (sscanf(line, "%*s %63s", local) == 1 && strcmp(local, want) == 0 && last) drops = atol(last + 1);
    }
    fclose(f);
    return drops;
}

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void) sig; stop = 1; }

static int sink(int port, int limit, int count) {
    int fds[2];
    port = bind_pair(port, fds);
    if (count) {
        int size = RECV_BUFFER;
        if (setsockopt(fds[0], SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
            setsockopt(fds[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof size); /* capped at net.core.rmem_max */
    }
    struct sigaction action = { .sa_handler = on_signal };
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    printf("port=%d\n", port);
    double deadline = seconds(CLOCK_MONOTONIC) + limit;
    static char buffers[RECV_BATCH][65536];
    static struct mmsghdr in[RECV_BATCH];
    static struct iovec vec[RECV_BATCH];
    for (int i = 0; i < RECV_BATCH; i++) {
        vec[i] = (struct iovec) { buffers[i], sizeof buffers[i] };
        in[i].msg_hdr = (struct msghdr) { .msg_iov = &vec[i], .msg_iovlen = 1 };
    }
    long datagrams = 0, bytes = 0, largest = 0, rtcp = 0;
    for (;;) {
        int last = stop || seconds(CLOCK_MONOTONIC) > deadline;  /* after SIGTERM: drain what is queued, then stop */
        if (!count) { if (last) break; poll(NULL, 0, 100); continue; }
        struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
        if (!last && poll(p, 2, 100) <= 0) continue;
        for (int s = 0; s < 2; s++) {
            int n;
            while ((n = recvmmsg(fds[s], in, RECV_BATCH, MSG_DONTWAIT, NULL)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (s == 1) { rtcp++; continue; }
                    datagrams++;
                    bytes += in[i].msg_len;
                    if (in[i].msg_len > largest) largest = in[i].msg_len;
                }
            }
        }
        if (last) break;
    }
    if (count) printf("datagrams=%ld bytes=%ld max=%ld drops=%ld rtcp=%ld\n", datagrams, bytes, largest, drops_of(port), rtcp);
    return 0;
}

static void usage(void) {
    fprintf(stderr, "usage: ceiling send HOST PORT PACKETS SIZE BATCH sendmmsg|gso\n"
                    "       ceiling sink PORT SECONDS\n"
                    "       ceiling count PORT SECONDS\n");
    exit(2);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 8 && strcmp(argv[1], "send") == 0) {
        long packets = atol(argv[4]);
        int size = atoi(argv[5]), batch = atoi(argv[6]), gso = strcmp(argv[7], "gso") == 0;
        if (!gso && strcmp(argv[7], "sendmmsg") != 0) usage();
        if (packets < 1 || size <= RTP_HEADER || size > 65000 || batch < 1 || batch > MAX_BATCH) {
            fprintf(stderr, "need PACKETS >= 1, %d < SIZE <= 65000, 1 <= BATCH <= %d\n", RTP_HEADER, MAX_BATCH);
            return 2;
        }
        return send_loop(argv[2], atoi(argv[3]), packets, size, batch, gso);
    }
    if (argc == 4 && strcmp(argv[1], "sink") == 0) return sink(atoi(argv[2]), atoi(argv[3]), 0);
    if (argc == 4 && strcmp(argv[1], "count") == 0) return sink(atoi(argv[2]), atoi(argv[3]), 1);
    usage();
}
