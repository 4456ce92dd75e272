package io.meshrelay.relaycore.leg;

import io.meshrelay.relaycore.crypto.MediaCrypto;
import java.net.InetSocketAddress;

/**
 * What the control plane asks for when it adds a participant's leg.
 *
 * @param id          participant id, unique within the session
 * @param remote      signalled address, or null to latch on the first authenticated packet
 * @param latching    latching mode
 * @param inbound     unprotects what the participant sends
 * @param outbound    protects what the participant receives
 * @param iceUfrag    our ICE username fragment, or null (then any Binding Request is answered)
 * @param icePassword our ICE password, or null
 */
public record LegSpec(String id, InetSocketAddress remote, Latching latching, MediaCrypto inbound, MediaCrypto outbound,
        String iceUfrag, String icePassword) {

    public static LegSpec plain(String id, InetSocketAddress remote) {
        return new LegSpec(id, remote, Latching.LEARN, MediaCrypto.PLAIN, MediaCrypto.PLAIN, null, null);
    }
}
