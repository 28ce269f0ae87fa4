/*
 * srtp_loop: the native reference for SRTP cost per packet, libsrtp2 (bench/scripts/srtp-ceiling.sh).
 *
 *   srtp_loop PROFILE PACKETS   PROFILE: AES_CM_128_HMAC_SHA1_80 | AES_CM_128_HMAC_SHA1_32 |
 *                                        AEAD_AES_128_GCM | AEAD_AES_256_GCM
 *   srtp_loop version           prints srtp_get_version_string()
 *
 * RTP packets of PACKET_SIZE bytes: a 12-byte header (V=2, PT=96, one SSRC, no CSRCs or
 * extensions) and a PACKET_SIZE - 12 byte payload, sequence numbers increasing by one. Sessions
 * are created for that SSRC (no cloning from a wildcard on the first packet). Three measurements,
 * interleaved BLOCK packets at a time so that all three see the same machine (the order of the two
 * protects swaps every block), each timed with CLOCK_MONOTONIC around its BLOCK packets:
 *   protect_copy  memcpy of the whole packet from the frame buffer into the working buffer,
 *                 sequence number written, srtp_protect in place: libsrtp encrypts in place, salvo
 *                 encrypts from the frame into a separate output slot, so this is the comparable one
 *   protect       sequence number written, srtp_protect in place on the working buffer, no copy
 *                 (it encrypts the previous packet's ciphertext again: the cost is the same)
 *   unprotect     a second sender protects BLOCK packets into a ring (untimed), the receiver
 *                 unprotects them in place in order (timed), each is checked against the plaintext
 *                 (untimed). The ring is protected afresh every block: unprotect decrypts in place,
 *                 and the replay window (128) refuses an index twice; here every index is the
 *                 highest yet, as in a live stream, so the window never refuses one.
 * PACKETS / 10 packets (at least 1000) of each go first as warm-up, then PACKETS of each are timed.
 * The last line is "status=ok protect_copy_ns=<x> protect_ns=<x> unprotect_ns=<x> srtp_bytes=<n>
 * cpu_share=<x>": ns per packet, the SRTP packet's length, and this thread's CPU time over the wall
 * time of the timed part (below ~0.95: other processes took the CPU, the numbers are inflated).
 * Or "status=unsupported error=<n>" when libsrtp2 has no such policy (GCM in a build without
 * OpenSSL or NSS): n is srtp_create's srtp_err_status_t, -1 if the setter itself is missing.
 * Build: gcc -O2 -o srtp_loop srtp_loop.c -lsrtp2   (libsrtp2-dev)
 */
#define _GNU_SOURCE
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Weak: a libsrtp2 without these setters links and reports the profile as unsupported. */
#pragma weak srtp_crypto_policy_set_aes_gcm_128_16_auth
#pragma weak srtp_crypto_policy_set_aes_gcm_256_16_auth

#define PACKET_SIZE 1200
#define RTP_HEADER 12
#define SLOT 1408                /* PACKET_SIZE + SRTP_MAX_TRAILER_LEN (144), rounded up to 64 */
#define BLOCK 32                 /* packets per measurement per turn; the ring is 45 KB, in cache */
#define SSRC 0x5a1f0001u

typedef void (*policy_setter)(srtp_crypto_policy_t *);

static policy_setter setter_of(const char *profile) {
    /* srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 is a macro for this function */
    if (strcmp(profile, "AES_CM_128_HMAC_SHA1_80") == 0) return srtp_crypto_policy_set_rtp_default;
    if (strcmp(profile, "AES_CM_128_HMAC_SHA1_32") == 0) return srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32;
    if (strcmp(profile, "AEAD_AES_128_GCM") == 0) return srtp_crypto_policy_set_aes_gcm_128_16_auth;
    if (strcmp(profile, "AEAD_AES_256_GCM") == 0) return srtp_crypto_policy_set_aes_gcm_256_16_auth;
    fprintf(stderr, "unknown profile: %s\n", profile);
    exit(2);
}

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static void fail(const char *what, srtp_err_status_t status) {
    fprintf(stderr, "%s failed: srtp_err_status %d\n", what, status);
    exit(1);
}

static uint8_t frame[PACKET_SIZE] __attribute__((aligned(64)));      /* the plaintext packet */
static uint8_t work[SLOT] __attribute__((aligned(64)));              /* protect's working buffer */
static uint8_t ring[BLOCK][SLOT] __attribute__((aligned(64)));       /* unprotect's packets */

/* A sending session and the next sequence number it protects. */
struct sender { srtp_t session; uint16_t seq; };

/* One packet through the sender into `out` (memcpy of the frame first if `copy`); returns the SRTP length. */
static inline int protect(struct sender *tx, uint8_t *out, int copy) {
    if (copy) memcpy(out, frame, PACKET_SIZE);
    out[2] = tx->seq >> 8;
    out[3] = tx->seq & 0xff;
    tx->seq++;
    int len = PACKET_SIZE;
    srtp_err_status_t status = srtp_protect(tx->session, out, &len);
    if (status != srtp_err_status_ok) fail("srtp_protect", status);
    return len;
}

/* Time spent, in ns, per measurement. */
struct totals { double protect_copy, protect, unprotect; };

/* `count` packets of each measurement, their times added to `t`. tx: the timed protects; feed and
 * rx: the stream that is unprotected (its own sessions, so the receiver sees every index in order). */
static void block(struct sender *tx, struct sender *feed, srtp_t rx, int count, int copy_first, struct totals *t) {
    for (int pass = 0; pass < 2; pass++) {
        int copy = (pass == 0) == copy_first;
        double start = now(CLOCK_MONOTONIC);
        for (int j = 0; j < count; j++) protect(tx, work, copy);
        *(copy ? &t->protect_copy : &t->protect) += now(CLOCK_MONOTONIC) - start;
    }
    int lens[BLOCK];
    for (int j = 0; j < count; j++) lens[j] = protect(feed, ring[j], 1);
    double start = now(CLOCK_MONOTONIC);
    for (int j = 0; j < count; j++) {
        srtp_err_status_t status = srtp_unprotect(rx, ring[j], &lens[j]);
        if (status != srtp_err_status_ok) fail("srtp_unprotect", status);
    }
    t->unprotect += now(CLOCK_MONOTONIC) - start;
    for (int j = 0; j < count; j++) {
        if (lens[j] != PACKET_SIZE || memcmp(ring[j] + RTP_HEADER, frame + RTP_HEADER, PACKET_SIZE - RTP_HEADER) != 0) {
            fprintf(stderr, "srtp_unprotect returned %d bytes, or not the plaintext\n", lens[j]);
            exit(1);
        }
    }
}

static srtp_err_status_t create(srtp_t *session, policy_setter set, const uint8_t *key) {
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    set(&policy.rtp);
    set(&policy.rtcp);
    policy.ssrc.type = ssrc_specific;
    policy.ssrc.value = SSRC;
    policy.key = (unsigned char *) key;
    policy.window_size = 128;  /* libsrtp's default; packets arrive in order here */
    policy.allow_repeat_tx = 0;
    policy.next = NULL;
    return srtp_create(session, &policy);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    srtp_err_status_t status = srtp_init();
    if (status != srtp_err_status_ok) fail("srtp_init", status);
    if (argc == 2 && strcmp(argv[1], "version") == 0) {
        printf("%s\n", srtp_get_version_string());
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: srtp_loop PROFILE PACKETS\n       srtp_loop version\n");
        return 2;
    }
    policy_setter set = setter_of(argv[1]);
    long packets = atol(argv[2]);
    if (packets < 1) { fprintf(stderr, "need PACKETS >= 1\n"); return 2; }
    long warmup = packets / 10 < 1000 ? 1000 : packets / 10;

    uint8_t key[64], feed_key[64];  /* master key and salt; a policy reads as many bytes as it needs */
    for (int i = 0; i < (int) sizeof key; i++) key[i] = (uint8_t) (i * 37 + 11), feed_key[i] = (uint8_t) (i * 59 + 3);
    struct sender tx = { 0 }, feed = { 0 };
    srtp_t rx = NULL;
    if (!set || (status = create(&tx.session, set, key)) != srtp_err_status_ok ||
        (status = create(&feed.session, set, feed_key)) != srtp_err_status_ok ||
        (status = create(&rx, set, feed_key)) != srtp_err_status_ok) {
        printf("profile=%s status=unsupported error=%d\n", argv[1], set ? (int) status : -1);
        return 0;
    }

    static const uint8_t header[RTP_HEADER] = { 0x80, 96, 0, 0, 0, 0, 0, 0, 0x5a, 0x1f, 0x00, 0x01 };  /* V=2, PT=96, SSRC */
    memcpy(frame, header, RTP_HEADER);
    for (int i = RTP_HEADER; i < PACKET_SIZE; i++) frame[i] = (uint8_t) (i * 131 + 7);

    /* One packet first: it must grow by the tag and its payload must change. */
    int srtp_bytes = protect(&tx, work, 1);
    if (srtp_bytes <= PACKET_SIZE || memcmp(work + RTP_HEADER, frame + RTP_HEADER, PACKET_SIZE - RTP_HEADER) == 0) {
        fprintf(stderr, "srtp_protect returned %d bytes or left the payload in the clear\n", srtp_bytes);
        return 1;
    }

    struct totals t = { 0 };
    for (long done = 0, n = 0; done < warmup; done += BLOCK, n++)
        block(&tx, &feed, rx, BLOCK, n % 2 == 0, &t);
    t = (struct totals) { 0 };
    double wall = now(CLOCK_MONOTONIC), cpu = now(CLOCK_THREAD_CPUTIME_ID);
    for (long done = 0, n = 0; done < packets; done += BLOCK, n++)
        block(&tx, &feed, rx, packets - done < BLOCK ? (int) (packets - done) : BLOCK, n % 2 == 0, &t);
    double cpu_share = (now(CLOCK_THREAD_CPUTIME_ID) - cpu) / (now(CLOCK_MONOTONIC) - wall);

    printf("profile=%s packets=%ld warmup=%ld size=%d block=%d\n", argv[1], packets, warmup, PACKET_SIZE, BLOCK);
    printf("status=ok protect_copy_ns=%.1f protect_ns=%.1f unprotect_ns=%.1f srtp_bytes=%d cpu_share=%.3f\n",
           t.protect_copy / packets, t.protect / packets, t.unprotect / packets, srtp_bytes, cpu_share);
    srtp_dealloc(tx.session);
    srtp_dealloc(feed.session);
    srtp_dealloc(rx);
    srtp_shutdown();
    return 0;
}
