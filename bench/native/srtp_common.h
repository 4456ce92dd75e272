/* Shared helpers of meshrelay's libsrtp2 comparators: suite names to libsrtp policies. */
#ifndef MESHRELAY_SRTP_COMMON_H
#define MESHRELAY_SRTP_COMMON_H

#include <srtp2/srtp.h>
#include <string.h>

/* Sets the RTP and RTCP crypto policies of an SDES suite name; returns the master key+salt
 * length, or -1 for an unknown name. AES_CM_128_HMAC_SHA1_32 keeps the 80-bit SRTCP tag
 * (RFC 4568 section 6.2.2), as libsrtp's DTLS profile mapping does. */
static int set_suite(srtp_policy_t *policy, const char *suite)
{
    if (strcmp(suite, "AES_CM_128_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtcp);
        return 30;
    }
    if (strcmp(suite, "AES_CM_128_HMAC_SHA1_32") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtcp);
        return 30;
    }
    if (strcmp(suite, "AEAD_AES_128_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtcp);
        return 28;
    }
    if (strcmp(suite, "AEAD_AES_256_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy->rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy->rtcp);
        return 44;
    }
    return -1;
}

#endif
