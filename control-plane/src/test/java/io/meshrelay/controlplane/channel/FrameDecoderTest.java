package io.meshrelay.controlplane.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static ByteBuf frame(String payload) {
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeInt(b.length).writeBytes(b);
    }

    private static String text(Object frame) {
        return new String((byte[]) frame, StandardCharsets.UTF_8);
    }

    @Test
    void reassemblesFramesSplitAcrossReadsAndSplitsFramesSharingARead() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf two = Unpooled.buffer().writeBytes(frame("{\"a\":1}")).writeBytes(frame("{\"b\":2}"));
        ByteBuf head = two.readRetainedSlice(3);
        ByteBuf rest = two.readRetainedSlice(two.readableBytes());
        two.release();

        assertFalse(ch.writeInbound(head), "three bytes are not even a header");
        ch.writeInbound(rest);

        assertEquals("{\"a\":1}", text(ch.readInbound()));
        assertEquals("{\"b\":2}", text(ch.readInbound()));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void keepaliveFrameYieldsNothing() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ch.writeInbound(Unpooled.buffer().writeInt(0).writeInt(0).writeBytes(frame("{}")));
        assertEquals("{}", text(ch.readInbound()));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void oversizedFrameIsReportedAtOnceThenSkippedAcrossReadsAndTheNextFrameDecodes() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(16));
        ch.writeInbound(Unpooled.buffer().writeInt(40).writeZero(10));

        FrameDecoder.Oversized o = ch.readInbound();
        assertEquals(new FrameDecoder.Oversized(40, 16), o);

        ch.writeInbound(Unpooled.buffer().writeZero(25));
        assertNull(ch.readInbound(), "still inside the oversized frame");
        ch.writeInbound(Unpooled.buffer().writeZero(5).writeBytes(frame("{\"ok\":1}")));
        assertEquals("{\"ok\":1}", text(ch.readInbound()));
        assertFalse(ch.finish());
    }

    @Test
    void lengthAboveTwoGigabytesIsOversizedNotNegative() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ch.writeInbound(Unpooled.buffer().writeInt(0xFFFF_FFF0));
        FrameDecoder.Oversized o = ch.readInbound();
        assertEquals(0xFFFF_FFF0L, o.length());
        assertFalse(ch.finish());
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(8));
        byte[] eight = "12345678".getBytes(StandardCharsets.US_ASCII);
        ch.writeInbound(Unpooled.buffer().writeInt(8).writeBytes(eight));
        assertArrayEquals(eight, ch.readInbound());
        assertFalse(ch.finish());
    }
}
