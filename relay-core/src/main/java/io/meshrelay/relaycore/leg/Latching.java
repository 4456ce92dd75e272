package io.meshrelay.relaycore.leg;

/** How a leg decides where to send and whose packets to accept (symmetric RTP, RFC 4961). */
public enum Latching {
    /**
     * Learn the remote from the first authenticated packet (for plain RTP: the first packet),
     * and follow it when an SRTP leg's peer authenticates from a new address or a plain leg's
     * old source has been silent (NAT rebinding).
     */
    LEARN,
    /** Accept and send only the signalled address. */
    STRICT
}
