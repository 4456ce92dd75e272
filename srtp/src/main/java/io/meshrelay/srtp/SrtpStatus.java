package io.meshrelay.srtp;

/** Outcome of one protect/unprotect call; expected failures are values, never exceptions. */
public enum SrtpStatus {
    /** Transformed; the buffer holds the result. */
    OK,
    /** Tag mismatch: tampered, truncated into the tag, or keyed with another key. Buffer unchanged. */
    AUTH_FAIL,
    /** Index older than the replay window (RFC 3711 §3.3.2). Buffer unchanged. */
    REPLAY_OLD,
    /** Index inside the replay window and already accepted. Buffer unchanged. */
    REPLAY_DUPLICATE,
    /** Too short, wrong RTP/RTCP version, or header (CSRC/extension) longer than the packet. */
    MALFORMED,
    /** protect: fewer writable bytes than the suite's overhead. Buffer unchanged. */
    NO_SPACE,
    /** A new SSRC would exceed the session's SSRC limit. Buffer unchanged. */
    SSRC_LIMIT,
    /** The packet index space of this key is used up (2^48 SRTP, 2^31 SRTCP): re-key (RFC 3711 §9.2). */
    KEY_EXHAUSTED;

    private static final SrtpStatus[] VALUES = values();

    static SrtpStatus of(int ordinal) {
        return VALUES[ordinal];
    }
}
