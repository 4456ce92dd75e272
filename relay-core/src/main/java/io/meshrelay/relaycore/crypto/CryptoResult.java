package io.meshrelay.relaycore.crypto;

import io.meshrelay.relaycore.status.DropReason;

/** Outcome of protecting or unprotecting one packet, with the drop reason it counts under. */
public enum CryptoResult {
    OK(null),
    AUTH_FAIL(DropReason.AUTH_FAIL),
    REPLAY(DropReason.REPLAY),
    MALFORMED(DropReason.TRUNCATED),
    NO_KEYS(DropReason.NO_KEYS),
    TOO_MANY_SSRCS(DropReason.TOO_MANY_SSRCS),
    KEY_EXHAUSTED(DropReason.KEY_EXHAUSTED);

    private final DropReason drop;

    CryptoResult(DropReason drop) {
        this.drop = drop;
    }

    public DropReason drop() {
        return drop;
    }
}
