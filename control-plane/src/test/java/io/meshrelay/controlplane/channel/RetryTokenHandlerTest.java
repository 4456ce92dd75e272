package io.meshrelay.controlplane.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTokenHandlerTest {
    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final RetryTokenHandler tokens = new RetryTokenHandler(nowMs::get);
    private final ByteBuf odcid = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    private final ByteBuf token = Unpooled.buffer();

    private static InetSocketAddress addr(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @AfterEach
    void release() {
        odcid.release();
        token.release();
    }

    @Test
    void tokenValidatesForTheSameIpEvenFromAnotherPortAndPointsAtTheOriginalConnectionId() throws Exception {
        tokens.writeToken(token, odcid, addr("192.0.2.1", 5000));
        int offset = tokens.validateToken(token, addr("192.0.2.1", 5001));
        assertEquals(RetryTokenHandler.HEADER_BYTES, offset);
        assertEquals(odcid, token.slice(offset, token.readableBytes() - offset));
        assertEquals(RetryTokenHandler.HEADER_BYTES + 20, tokens.maxTokenLength());
    }

    @Test
    void tokenFromAnotherAddressIsRejected() throws Exception {
        tokens.writeToken(token, odcid, addr("192.0.2.1", 5000));
        assertEquals(-1, tokens.validateToken(token, addr("192.0.2.2", 5000)));
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        tokens.writeToken(token, odcid, addr("192.0.2.1", 5000));
        nowMs.addAndGet(RetryTokenHandler.LIFETIME_MS + 1);
        assertEquals(-1, tokens.validateToken(token, addr("192.0.2.1", 5000)));
    }

    @Test
    void tamperedConnectionIdOrTagIsRejected() throws Exception {
        tokens.writeToken(token, odcid, addr("192.0.2.1", 5000));
        int last = token.writerIndex() - 1;
        token.setByte(last, token.getByte(last) ^ 1);
        assertEquals(-1, tokens.validateToken(token, addr("192.0.2.1", 5000)));
        token.setByte(last, token.getByte(last) ^ 1);
        token.setByte(10, token.getByte(10) ^ 1);
        assertEquals(-1, tokens.validateToken(token, addr("192.0.2.1", 5000)));
    }

    @Test
    void tokenOfAnotherServerProcessIsRejected() throws Exception {
        tokens.writeToken(token, odcid, addr("192.0.2.1", 5000));
        assertEquals(-1, new RetryTokenHandler(nowMs::get).validateToken(token, addr("192.0.2.1", 5000)));
    }

    @Test
    void truncatedOrForeignTokensAreRejected() throws Exception {
        ByteBuf shortToken = Unpooled.wrappedBuffer(new byte[] {RetryTokenHandler.FORMAT, 0, 0});
        // What InsecureQuicTokenHandler writes: "netty", the IP, the connection id.
        ByteBuf netty = Unpooled.wrappedBuffer("netty\u007f\0\0\1abcdefgh".getBytes(StandardCharsets.ISO_8859_1));
        try {
            assertEquals(-1, tokens.validateToken(shortToken, addr("127.0.0.1", 1)));
            assertEquals(-1, tokens.validateToken(netty, addr("127.0.0.1", 1)));
        } finally {
            shortToken.release();
            netty.release();
        }
    }
}
