/*
 * libsrtp2 side of meshrelay's SRTP interop tests (srtp/src/test/.../LibsrtpInteropIT.java).
 *
 *   srtp_interop protect|unprotect rtp|rtcp SUITE KEYSALT_HEX
 *
 * Reads one packet per line (hex) on stdin and writes one line per packet on stdout: the hex of
 * the protected/unprotected packet, or "ERR <srtp_err_status_t>". One libsrtp session per run
 * (ssrc_any_outbound to protect, ssrc_any_inbound to unprotect), so ROC, replay window and SRTCP
 * index carry across lines exactly as on a real stream.
 *
 * Build: gcc -O2 -Wall -o srtp_interop srtp_interop.c -lsrtp2
 */
#include "srtp_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int unhex(const char *s, unsigned char *out, int max)
{
    int n = 0;
    while (s[0] && s[0] != '\n' && s[0] != '\r') {
        int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;
        if (hi < 0 || lo < 0 || n >= max) return -1;
        out[n++] = (unsigned char)(hi << 4 | lo);
        s += 2;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s protect|unprotect rtp|rtcp SUITE KEYSALT_HEX\n", argv[0]);
        return 2;
    }
    int protect = strcmp(argv[1], "protect") == 0;
    int rtcp = strcmp(argv[2], "rtcp") == 0;
    if (!protect && strcmp(argv[1], "unprotect") != 0) {
        fprintf(stderr, "srtp_interop: mode must be protect or unprotect, got '%s'\n", argv[1]);
        return 2;
    }
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_interop: srtp_init failed\n");
        return 1;
    }
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    int keylen = set_suite(&policy, argv[3]);
    if (keylen < 0) {
        fprintf(stderr, "srtp_interop: unknown suite '%s'\n", argv[3]);
        return 2;
    }
    unsigned char key[64];
    if (unhex(argv[4], key, sizeof key) != keylen) {
        fprintf(stderr, "srtp_interop: key||salt must be %d bytes of hex for %s\n", keylen, argv[3]);
        return 2;
    }
    policy.ssrc.type = protect ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key;
    policy.window_size = 128;
    policy.allow_repeat_tx = 0;
    policy.next = NULL;
    srtp_t session;
    srtp_err_status_t err = srtp_create(&session, &policy);
    if (err != srtp_err_status_ok) {
        fprintf(stderr, "srtp_interop: srtp_create failed: %d\n", err);
        return 1;
    }
    static char line[2 * 70000];
    static unsigned char packet[70000];
    while (fgets(line, sizeof line, stdin)) {
        int len = unhex(line, packet, (int)sizeof packet - SRTP_MAX_TRAILER_LEN);
        if (len < 0) {
            fprintf(stderr, "srtp_interop: bad hex line\n");
            return 2;
        }
        if (protect) {
            err = rtcp ? srtp_protect_rtcp(session, packet, &len) : srtp_protect(session, packet, &len);
        } else {
            err = rtcp ? srtp_unprotect_rtcp(session, packet, &len) : srtp_unprotect(session, packet, &len);
        }
        if (err != srtp_err_status_ok) {
            printf("ERR %d\n", err);
        } else {
            for (int i = 0; i < len; i++) printf("%02x", packet[i]);
            printf("\n");
        }
        fflush(stdout);
    }
    srtp_dealloc(session);
    srtp_shutdown();
    return 0;
}
