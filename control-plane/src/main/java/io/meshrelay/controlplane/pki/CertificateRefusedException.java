package io.meshrelay.controlplane.pki;

import java.security.cert.CertificateException;

/** A certificate that breaks a rule of the mesh, with the rule as an enum so TLS can send the matching alert. */
public final class CertificateRefusedException extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** Which rule a refused certificate breaks. */
    public enum Reason {
        /** Not signed by this mesh's CA (another mesh, or forged). */
        FOREIGN_CA,
        /** Outside its validity dates: expired. */
        EXPIRED,
        /** Outside its validity dates: not yet valid (or a clock is wrong). */
        NOT_YET_VALID,
        /** The mesh CA itself is outside its dates. */
        CA_EXPIRED,
        /** Not a node certificate: a CA, no node id, or CN and node id disagree. */
        NOT_A_NODE_CERTIFICATE,
        /** Lacks the extended key usage of the role it is presented in. */
        WRONG_USAGE,
        /** Fails RFC 5280 path validation for another reason (e.g. an unknown critical extension). */
        PATH_INVALID,
        /** A valid node certificate, but not of the node that was expected. */
        UNEXPECTED_NODE
    }

    private final Reason reason;

    public CertificateRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CertificateRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
