/*
 * Prints the known-answer packets of LibsrtpVectorsTest, made by libsrtp 2.5 (Debian's
 * libsrtp2-1, built on NSS, so independent of both of salvo's backends). Not part of the build:
 *
 *   gcc -o /tmp/libsrtp_vectors srtp/src/test/c/libsrtp_vectors.c -l:libsrtp2.so.1 && /tmp/libsrtp_vectors
 *
 * The declarations below are those of libsrtp 2.5's srtp2/srtp.h (the -dev package is not needed).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct srtp_ctx_t_ *srtp_t;
typedef struct {
    uint32_t cipher_type;
    int cipher_key_len;
    uint32_t auth_type;
    int auth_key_len;
    int auth_tag_len;
    int sec_serv;
} srtp_crypto_policy_t;
typedef struct {
    int type; /* 1 = ssrc_specific */
    unsigned int value;
} srtp_ssrc_t;
typedef struct srtp_policy_t {
    srtp_ssrc_t ssrc;
    srtp_crypto_policy_t rtp;
    srtp_crypto_policy_t rtcp;
    unsigned char *key;
    void **keys;
    unsigned long num_master_keys;
    void *deprecated_ekt;
    unsigned long window_size;
    int allow_repeat_tx;
    int *enc_xtn_hdr;
    int enc_xtn_hdr_count;
    struct srtp_policy_t *next;
} srtp_policy_t;

int srtp_init(void);
int srtp_create(srtp_t *session, const srtp_policy_t *policy);
int srtp_protect(srtp_t ctx, void *rtp_hdr, int *len_ptr);
int srtp_protect_rtcp(srtp_t ctx, void *rtcp_hdr, int *len_ptr);
void srtp_crypto_policy_set_rtp_default(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_128_16_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_256_16_auth(srtp_crypto_policy_t *p);

static void print(const char *what, const uint8_t *bytes, int length) {
    printf("%s (%d bytes):", what, length);
    for (int i = 0; i < length; i++) {
        printf("%s%02x", i % 16 == 0 ? "\n  " : " ", bytes[i]);
    }
    printf("\n");
}

/* V=2, X=1, CC=2, PT=96, SSRC 0x12345678, 2 CSRCs, one-byte extension of 1 word, 40-byte payload */
static int rtp(uint8_t *p, int seq) {
    static const uint8_t header[] = {
        0x92, 0x60, 0x00, 0x00, 0x00, 0x01, 0xe2, 0x40, 0x12, 0x34, 0x56, 0x78,
        0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x0b,
        0xbe, 0xde, 0x00, 0x01, 0x10, 0x2a, 0x00, 0x00,
    };
    memcpy(p, header, sizeof header);
    p[2] = (uint8_t) (seq >> 8);
    p[3] = (uint8_t) seq;
    for (int i = 0; i < 40; i++) {
        p[sizeof header + i] = (uint8_t) (i * 7 + 1);
    }
    return sizeof header + 40;
}

/* an RR (SSRC 0x12345678, no blocks) + SDES CNAME "salvo" */
static int rtcp(uint8_t *p) {
    static const uint8_t packet[] = {
        0x80, 0xc9, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78,
        0x81, 0xca, 0x00, 0x03, 0x12, 0x34, 0x56, 0x78, 0x01, 0x05, 's', 'a', 'l', 'v', 'o', 0x00,
    };
    memcpy(p, packet, sizeof packet);
    return sizeof packet;
}

static void run(const char *name, void (*set)(srtp_crypto_policy_t *), void (*set_rtcp)(srtp_crypto_policy_t *),
                unsigned char *key) {
    srtp_policy_t policy;
    srtp_t session;
    uint8_t packet[256];
    int length;
    memset(&policy, 0, sizeof policy);
    set(&policy.rtp);
    set_rtcp(&policy.rtcp);
    policy.ssrc.type = 1;
    policy.ssrc.value = 0x12345678;
    policy.key = key;
    policy.window_size = 128;
    if (srtp_create(&session, &policy) != 0) {
        printf("%s: srtp_create failed\n", name);
        return;
    }
    printf("== %s\n", name);
    length = rtp(packet, 65535);
    srtp_protect(session, packet, &length);
    print("RTP seq 65535, ROC 0", packet, length);
    length = rtp(packet, 1);
    srtp_protect(session, packet, &length);
    print("RTP seq 1, ROC 1", packet, length);
    length = rtcp(packet);
    srtp_protect_rtcp(session, packet, &length);
    print("RTCP, SRTCP index 1", packet, length);
}

int main(void) {
    /* RFC 3711 B.3 master key and salt */
    unsigned char cm_key[30] = {
        0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
        0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6,
    };
    /* key 00..0f or 00..1f, salt a0..ab */
    unsigned char gcm128_key[28], gcm256_key[44];
    for (int i = 0; i < 16; i++) gcm128_key[i] = (unsigned char) i;
    for (int i = 0; i < 12; i++) gcm128_key[16 + i] = (unsigned char) (0xa0 + i);
    for (int i = 0; i < 32; i++) gcm256_key[i] = (unsigned char) i;
    for (int i = 0; i < 12; i++) gcm256_key[32 + i] = (unsigned char) (0xa0 + i);
    srtp_init();
    run("AES_CM_128_HMAC_SHA1_80", srtp_crypto_policy_set_rtp_default, srtp_crypto_policy_set_rtp_default, cm_key);
    run("AES_CM_128_HMAC_SHA1_32", srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32, srtp_crypto_policy_set_rtp_default, cm_key);
    run("AEAD_AES_128_GCM", srtp_crypto_policy_set_aes_gcm_128_16_auth, srtp_crypto_policy_set_aes_gcm_128_16_auth, gcm128_key);
    run("AEAD_AES_256_GCM", srtp_crypto_policy_set_aes_gcm_256_16_auth, srtp_crypto_policy_set_aes_gcm_256_16_auth, gcm256_key);
    return 0;
}
