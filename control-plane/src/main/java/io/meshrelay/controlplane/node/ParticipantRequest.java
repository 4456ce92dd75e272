package io.meshrelay.controlplane.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /v1/sessions/{id}/participants}: how the participant sends and wants to
 * receive media. Exactly one of {@code rtp}, {@code srtp}, {@code dtls}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ParticipantRequest(
        @JsonProperty("id") String id,
        @JsonProperty("node") String node,
        @JsonProperty("remote") String remote,
        @JsonProperty("latching") String latching,
        @JsonProperty("rtp") Boolean rtp,
        @JsonProperty("srtp") Srtp srtp,
        @JsonProperty("dtls") Dtls dtls,
        @JsonProperty("ice") Ice ice) {

    /** SDES keying: the suite and the participant's inline key||salt (base64), which it sends with. */
    public record Srtp(@JsonProperty("suite") String suite, @JsonProperty("key") String key) {
    }

    /** DTLS-SRTP: the participant's role (a=setup) and certificate fingerprint (a=fingerprint). */
    public record Dtls(@JsonProperty("setup") String setup, @JsonProperty("fingerprint") String fingerprint) {
    }

    /** ICE-lite credentials for answering the participant's connectivity checks. */
    public record Ice(@JsonProperty("ufrag") String ufrag, @JsonProperty("pwd") String pwd) {
    }
}
