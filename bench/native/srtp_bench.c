/*
 * libsrtp2 comparator for meshrelay's SRTP benchmarks (bench/.../srtp/SrtpProtectBenchmark.java):
 * protect and unprotect packets/s per suite and payload size on the calling core, as JSON.
 *
 *   srtp_bench [SECONDS_PER_RUN [RUNS]]        (defaults 1 and 5; pin it with taskset)
 *
 * It does what the JMH benchmark does per operation: copy a 12-byte-header RTP packet of the given
 * payload size into a work buffer, then srtp_protect (a new sequence number each time) or
 * srtp_unprotect (a ring of 1024 pre-protected packets; the receiving stream is re-created
 * each time the ring wraps, as the Java side forgets its SSRC state). Median of RUNS runs.
 *
 * Build: gcc -O2 -Wall -o srtp_bench srtp_bench.c -lsrtp2
 */
#include "srtp_common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING 1024
#define MAXPKT 1600

static const char *SUITES[] = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM",
                               "AEAD_AES_256_GCM"};
static const int SIZES[] = {160, 1200};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void rtp_packet(unsigned char *p, int payload, uint16_t seq)
{
    p[0] = 0x80;
    p[1] = 96;
    p[2] = seq >> 8;
    p[3] = seq & 0xff;
    uint32_t ts = seq * 960u;
    p[4] = ts >> 24; p[5] = ts >> 16; p[6] = ts >> 8; p[7] = ts;
    p[8] = 0x12; p[9] = 0x34; p[10] = 0x56; p[11] = 0x78;
    for (int i = 0; i < payload; i++) p[12 + i] = (unsigned char)(i * 7 + 3);
}

static srtp_t make_session(const char *suite, unsigned char *key, int outbound)
{
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    set_suite(&policy, suite);
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key;
    policy.window_size = 128;
    srtp_t s;
    if (srtp_create(&s, &policy) != srtp_err_status_ok) {
        fprintf(stderr, "srtp_bench: srtp_create failed for %s\n", suite);
        exit(1);
    }
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One timed run of protect: packets per second. */
static double run_protect(const char *suite, unsigned char *key, int payload, double seconds)
{
    srtp_t s = make_session(suite, key, 1);
    static unsigned char tmpl[MAXPKT], work[MAXPKT];
    rtp_packet(tmpl, payload, 0);
    uint32_t seq = 0;
    long n = 0;
    double start = now_s(), end = start + seconds, t;
    do {
        for (int i = 0; i < 256; i++) {
            int len = 12 + payload;
            memcpy(work, tmpl, len);
            work[2] = (seq >> 8) & 0xff;
            work[3] = seq & 0xff;
            seq++;
            if (srtp_protect(s, work, &len) != srtp_err_status_ok) {
                fprintf(stderr, "srtp_bench: protect failed\n");
                exit(1);
            }
        }
        n += 256;
    } while ((t = now_s()) < end);
    srtp_dealloc(s);
    return n / (t - start);
}

static double run_unprotect(const char *suite, unsigned char *key, int payload, double seconds)
{
    static unsigned char ring[RING][MAXPKT], work[MAXPKT];
    static int lens[RING];
    srtp_t tx = make_session(suite, key, 1);
    for (int i = 0; i < RING; i++) {
        int len = 12 + payload;
        rtp_packet(ring[i], payload, (uint16_t)i);
        if (srtp_protect(tx, ring[i], &len) != srtp_err_status_ok) exit(1);
        lens[i] = len;
    }
    srtp_dealloc(tx);
    srtp_t rx = make_session(suite, key, 0);
    long n = 0;
    int r = 0;
    double start = now_s(), end = start + seconds, t;
    do {
        for (int i = 0; i < 256; i++) {
            int len = lens[r];
            memcpy(work, ring[r], len);
            if (srtp_unprotect(rx, work, &len) != srtp_err_status_ok) {
                fprintf(stderr, "srtp_bench: unprotect failed at %d\n", r);
                exit(1);
            }
            if (++r == RING) {
                r = 0;
                srtp_dealloc(rx);
                rx = make_session(suite, key, 0);
            }
        }
        n += 256;
    } while ((t = now_s()) < end);
    srtp_dealloc(rx);
    return n / (t - start);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (seconds <= 0 || runs < 1 || runs > 50) {
        fprintf(stderr, "usage: %s [SECONDS_PER_RUN [RUNS]]\n", argv[0]);
        return 2;
    }
    srtp_init();
    unsigned char key[64];
    for (int i = 0; i < 64; i++) key[i] = (unsigned char)(i * 13 + 1);
    printf("{\"library\": \"libsrtp2 %s\", \"seconds_per_run\": %g, \"runs\": %d, \"results\": [\n",
           srtp_get_version_string(), seconds, runs);
    int first = 1;
    for (size_t s = 0; s < sizeof SUITES / sizeof *SUITES; s++) {
        for (size_t z = 0; z < sizeof SIZES / sizeof *SIZES; z++) {
            for (int op = 0; op < 2; op++) {
                double pps[50];
                (op == 0 ? run_protect : run_unprotect)(SUITES[s], key, SIZES[z], seconds / 2); /* warm-up */
                for (int r = 0; r < runs; r++) {
                    pps[r] = (op == 0 ? run_protect : run_unprotect)(SUITES[s], key, SIZES[z], seconds);
                }
                qsort(pps, runs, sizeof *pps, cmp_double);
                printf("%s  {\"suite\": \"%s\", \"payload\": %d, \"op\": \"%s\", \"pps_median\": %.0f, "
                       "\"pps_min\": %.0f, \"pps_max\": %.0f}",
                       first ? "" : ",\n", SUITES[s], SIZES[z], op == 0 ? "protect" : "unprotect",
                       pps[runs / 2], pps[0], pps[runs - 1]);
                first = 0;
                fflush(stdout);
            }
        }
    }
    printf("\n]}\n");
    srtp_shutdown();
    return 0;
}
