package io.meshrelay.controlplane.channel;

import io.meshrelay.controlplane.pki.CertificateRefusedException;
import io.meshrelay.controlplane.pki.MeshCertificates;
import io.netty.handler.ssl.OpenSslCertificateException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts exactly the certificates of this mesh: signed by the mesh CA, in date, with the TLS
 * role's extended key usage and a node id ({@link MeshCertificates#verify}). Replaces the JDK's
 * trust manager so the system CAs are never consulted and refusals say why. Called by BoringSSL
 * on the endpoint's TLS task thread during handshakes; stateless apart from counters.
 */
final class MeshTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(MeshTrustManager.class);

    private final X509Certificate ca;
    private final MeshCertificates.Usage peerUsage;
    private final String expectedPeerNodeId;
    private final ControlCounters counters;

    /**
     * @param peerUsage          the role the peer plays: CLIENT on a server, SERVER on a client
     * @param expectedPeerNodeId the only node id accepted, or null for any node of the mesh
     */
    MeshTrustManager(X509Certificate ca, MeshCertificates.Usage peerUsage, String expectedPeerNodeId,
            ControlCounters counters) {
        this.ca = ca;
        this.peerUsage = peerUsage;
        this.expectedPeerNodeId = expectedPeerNodeId;
        this.counters = counters;
    }

    /**
     * The node id of an accepted peer chain (leaf first). A refusal is thrown as Netty's
     * {@link OpenSslCertificateException} with the X.509 verify code of its reason, which
     * BoringSSL turns into the matching TLS alert: the refused node learns why (certificate
     * expired, unknown CA...) instead of a bare internal_error.
     */
    String check(X509Certificate[] chain) throws CertificateException {
        try {
            if (chain == null || chain.length == 0) {
                throw new CertificateRefusedException(CertificateRefusedException.Reason.NOT_A_NODE_CERTIFICATE,
                        "the peer presented no certificate");
            }
            String nodeId = MeshCertificates.verify(chain[0], ca, peerUsage, Instant.now());
            if (expectedPeerNodeId != null && !expectedPeerNodeId.equals(nodeId)) {
                throw new CertificateRefusedException(CertificateRefusedException.Reason.UNEXPECTED_NODE,
                        "the peer is node '" + nodeId + "', expected '" + expectedPeerNodeId + "'");
            }
            return nodeId;
        } catch (CertificateRefusedException e) {
            counters.increment(ControlCounter.PEER_CERTIFICATES_REJECTED);
            LOG.warn("control channel: refused peer certificate: {}", e.getMessage());
            throw new OpenSslCertificateException(e.getMessage(), e, x509VerifyCode(e.reason()));
        }
    }

    /** OpenSSL/BoringSSL X509_V_ERR_* codes (x509_vfy.h), chosen for the TLS alert BoringSSL derives from each. */
    static int x509VerifyCode(CertificateRefusedException.Reason reason) {
        switch (reason) {
            case FOREIGN_CA: return 20;          // UNABLE_TO_GET_ISSUER_CERT_LOCALLY -> unknown_ca
            case EXPIRED:
            case CA_EXPIRED: return 10;          // CERT_HAS_EXPIRED -> certificate_expired
            case NOT_YET_VALID: return 9;        // CERT_NOT_YET_VALID -> bad_certificate
            case NOT_A_NODE_CERTIFICATE:
            case WRONG_USAGE: return 26;         // INVALID_PURPOSE -> unsupported_certificate
            default: return 28;                  // CERT_REJECTED -> bad_certificate
        }
    }

    private void check(X509Certificate[] chain, MeshCertificates.Usage asked) throws CertificateException {
        if (asked != peerUsage) {
            // A server context never asks about servers, nor a client context about clients.
            throw new CertificateException("this endpoint checks TLS " + peerUsage + " peers only");
        }
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, MeshCertificates.Usage.CLIENT);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, MeshCertificates.Usage.CLIENT);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, MeshCertificates.Usage.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, MeshCertificates.Usage.SERVER);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, MeshCertificates.Usage.SERVER);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, MeshCertificates.Usage.SERVER);
    }

    /**
     * Empty on purpose: these names go into the CertificateRequest (RFC 8446 §4.2.4), and a
     * client whose certificate is from another CA would then send none, so the log would say
     * "no certificate" instead of naming the foreign CA. Nodes hold one identity anyway.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
