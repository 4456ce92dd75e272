package io.meshrelay.controlplane.channel;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * QUIC address validation with Retry tokens (RFC 9000 §8.1.2): the server answers a first
 * Initial with a Retry carrying a token that only it can make, bound to the client's IP and
 * the original connection id, valid for a few seconds. A spoofed source address never gets a
 * handshake, so the server cannot be used to amplify floods (RFC 9000 §8). Netty's
 * {@code InsecureQuicTokenHandler} has no MAC, so anyone can forge its tokens.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  format (1)   |        issued at, ms since epoch (8)         ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   HMAC-SHA256(key, format | issued | client IP | ODCID), first 16 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   original destination connection id (ODCID, 0..20 bytes)   ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The key is random per server process: tokens die with it, which is fine for Retry tokens.
 * Called only on the server's event loop, which owns the {@link Mac}.
 */
final class RetryTokenHandler implements QuicTokenHandler {
    static final byte FORMAT = 1;
    static final int MAC_BYTES = 16;
    static final int HEADER_BYTES = 1 + Long.BYTES + MAC_BYTES;
    /** Long enough for one round trip on a bad path, short enough to make replays useless. */
    static final long LIFETIME_MS = 10_000;

    private final Mac mac;
    private final LongSupplier clockMs;

    RetryTokenHandler(LongSupplier clockMs) {
        this.clockMs = clockMs;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        long issued = clockMs.getAsLong();
        byte[] tag = tag(issued, address, dcid, dcid.readerIndex(), dcid.readableBytes());
        out.writeByte(FORMAT).writeLong(issued).writeBytes(tag, 0, MAC_BYTES)
                .writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
        return true;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int start = token.readerIndex();
        int odcidLen = token.readableBytes() - HEADER_BYTES;
        if (odcidLen < 0 || odcidLen > Quic.MAX_CONN_ID_LEN || token.getByte(start) != FORMAT) {
            return -1;
        }
        long issued = token.getLong(start + 1);
        long age = clockMs.getAsLong() - issued;
        if (age < 0 || age > LIFETIME_MS) {
            return -1;
        }
        byte[] expected = tag(issued, address, token, start + HEADER_BYTES, odcidLen);
        byte[] got = new byte[MAC_BYTES];
        token.getBytes(start + 1 + Long.BYTES, got);
        byte[] want = new byte[MAC_BYTES];
        System.arraycopy(expected, 0, want, 0, MAC_BYTES);
        // Constant time, so the tag cannot be guessed byte by byte.
        return MessageDigest.isEqual(want, got) ? HEADER_BYTES : -1;
    }

    @Override
    public int maxTokenLength() {
        return HEADER_BYTES + Quic.MAX_CONN_ID_LEN;
    }

    private byte[] tag(long issued, InetSocketAddress address, ByteBuf odcid, int odcidIndex, int odcidLen) {
        mac.update(FORMAT);
        for (int i = 7; i >= 0; i--) {
            mac.update((byte) (issued >>> (i * 8)));
        }
        // The IP only, not the port: a NAT may rebind the port between Retry and the next Initial.
        mac.update(address.getAddress().getAddress());
        mac.update(odcid.nioBuffer(odcidIndex, odcidLen));
        return mac.doFinal();
    }
}
