package io.meshrelay.srtp;

/** Why a DTLS-SRTP handshake failed: fingerprint mismatch, no common profile, timeout, alert. */
public final class DtlsSrtpException extends Exception {
    private static final long serialVersionUID = 1L;

    public DtlsSrtpException(String message, Throwable cause) {
        super(message, cause);
    }
}
