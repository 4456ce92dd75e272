package io.meshrelay.controlplane.node;

import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.relaycore.crypto.MediaCrypto;

/** Keying for plain RTP legs. */
final class PlainOnlyCrypto implements LegCryptoFactory {
    @Override
    public LegCrypto create(ParticipantRequest r) {
        int kinds = (Boolean.TRUE.equals(r.rtp()) ? 1 : 0) + (r.srtp() != null ? 1 : 0) + (r.dtls() != null ? 1 : 0);
        if (kinds != 1) {
            throw ApiException.badRequest("give exactly one of \"rtp\": true, \"srtp\": {...} or \"dtls\": {...}");
        }
        if (!Boolean.TRUE.equals(r.rtp())) {
            throw new ApiException(501, "SRTP legs are not available in this build");
        }
        return new LegCrypto(MediaCrypto.PLAIN, MediaCrypto.PLAIN, Json.object().put("rtp", true), null);
    }
}
