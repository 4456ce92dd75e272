package io.meshrelay.controlplane.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.leg.Leg;

/**
 * Turns a participant request's keying (plain RTP, SDES-SRTP, DTLS-SRTP) into the leg's crypto
 * and what the API answers about it (our key or our fingerprint).
 */
public interface LegCryptoFactory {
    /** The leg's two directions, plus the answer fields to merge into the API response. */
    record LegCrypto(MediaCrypto inbound, MediaCrypto outbound, ObjectNode answer, LegStarter starter) {
    }

    /** Work that needs the bound leg (e.g. start a DTLS handshake); may be null. */
    interface LegStarter {
        void start(Leg leg);
    }

    LegCrypto create(ParticipantRequest request) throws ApiException;
}
