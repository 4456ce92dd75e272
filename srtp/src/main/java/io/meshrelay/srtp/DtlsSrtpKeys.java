package io.meshrelay.srtp;

/**
 * Outcome of a DTLS-SRTP handshake: the negotiated suite and the keys of each direction (RFC 5764
 * §4.2): {@code local} protects what we send, {@code remote} unprotects what we receive. Immutable.
 */
public record DtlsSrtpKeys(SrtpSuite suite, SrtpKeyMaterial local, SrtpKeyMaterial remote) {

    /** A sender session for our direction. */
    public SrtpSession newSender() {
        return SrtpSession.sender(local);
    }

    /** A receiver session for the peer's direction. */
    public SrtpSession newReceiver() {
        return SrtpSession.receiver(remote);
    }

    @Override
    public String toString() {
        return "DtlsSrtpKeys[" + suite + ", keys redacted]";
    }
}
