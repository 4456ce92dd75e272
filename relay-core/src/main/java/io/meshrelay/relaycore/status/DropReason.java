package io.meshrelay.relaycore.status;

/**
 * Why a packet was dropped. Ids and labels are stable: they are metric label values
 * ({@code meshrelay_dropped_packets_total{reason="auth_fail"}}) operators alert on.
 */
public enum DropReason {
    /** Shorter than its own header says. */
    TRUNCATED("truncated"),
    /** First byte is none of STUN, DTLS, RTP/RTCP (RFC 7983), or RTP version is not 2. */
    NOT_MEDIA("not_media"),
    /** Larger than the configured maximum datagram. */
    OVERSIZED("oversized"),
    /** Over the leg's packet budget: a flood on one port must not starve the others. */
    RATE_LIMITED("rate_limited"),
    /** From an address other than the latched or signalled one. */
    WRONG_SOURCE("wrong_source"),
    /** SRTP/SRTCP authentication failed (tampered, wrong key, truncated tag). */
    AUTH_FAIL("auth_fail"),
    /** SRTP replay protection: seen before or older than the window. */
    REPLAY("replay"),
    /** The SRTP index space of the key is used up: the participant must re-key. */
    KEY_EXHAUSTED("key_exhausted"),
    /** Media on a DTLS-SRTP leg before its handshake finished. */
    NO_KEYS("no_keys"),
    /** More SSRCs on one leg than the relay tracks. */
    TOO_MANY_SSRCS("too_many_ssrcs"),
    /** Malformed STUN, or STUN with bad credentials. */
    BAD_STUN("bad_stun"),
    /** A trunk frame whose structure is wrong (version, segments, type). */
    BAD_FRAME("bad_frame"),
    /** A trunk frame whose tag does not verify under the mesh key. */
    BAD_TAG("bad_tag"),
    /** A trunk frame whose current segment is not this node. */
    MISROUTED("misrouted"),
    /** The next hop of a frame or path is not a known peer. */
    UNKNOWN_PEER("unknown_peer"),
    /** A trunk frame for a session this node does not anchor. */
    UNKNOWN_SESSION("unknown_session"),
    /** A copy of a packet already delivered (make-before-break overlap, redundant paths): expected. */
    DUPLICATE("duplicate"),
    /** Too far behind the de-duplication window to tell whether it was delivered. */
    TOO_OLD("too_old"),
    /** A flow to a remote anchor has no path installed. */
    NO_PATH("no_path"),
    /** The session's I/O thread had no room to take a frame handed over from another thread. */
    HANDOFF_FULL("handoff_full"),
    /** The socket refused the write (buffer full, closed leg). */
    WRITE_FAILED("write_failed");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    private static final DropReason[] VALUES = values();

    public static DropReason byId(int id) {
        return VALUES[id];
    }

    public static int count() {
        return VALUES.length;
    }
}
