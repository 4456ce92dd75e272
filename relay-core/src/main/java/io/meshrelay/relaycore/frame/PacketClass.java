package io.meshrelay.relaycore.frame;

/**
 * What arrived on a leg port, by its first byte (RFC 7983 §7): STUN 0-3, DTLS 20-63,
 * RTP/RTCP 128-191; everything else is dropped.
 */
public enum PacketClass {
    STUN, DTLS, MEDIA, UNKNOWN;

    private static final PacketClass[] BY_FIRST_BYTE = new PacketClass[256];

    static {
        for (int i = 0; i < 256; i++) {
            BY_FIRST_BYTE[i] = i <= 3 ? STUN : i >= 20 && i <= 63 ? DTLS : i >= 128 && i <= 191 ? MEDIA : UNKNOWN;
        }
    }

    public static PacketClass of(int firstByte) {
        return BY_FIRST_BYTE[firstByte & 0xFF];
    }
}
