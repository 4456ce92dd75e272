package io.meshrelay.controlplane.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a control stream into frames: a 4-byte big-endian unsigned length, then that many
 * bytes of UTF-8 JSON. Length 0 is a keepalive and yields nothing. A frame longer than the
 * limit yields one {@link Oversized} at once and its bytes are skipped as they arrive, so the
 * stream stays in step and the connection lives on.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     payload length (uint32)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        payload: the JSON envelope, UTF-8 (length bytes)     ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Emits {@code byte[]} (the payload, a copy the callback thread may own) or {@link Oversized}.
 * Owned by the stream's event loop.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    static final int HEADER_BYTES = 4;

    /** A frame over the limit, already being skipped. */
    record Oversized(long length, int limit) {
    }

    private final int maxPayloadBytes;
    private long discardRemaining;

    FrameDecoder(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discardRemaining > 0) {
            int skip = (int) Math.min(discardRemaining, in.readableBytes());
            in.skipBytes(skip);
            discardRemaining -= skip;
            return;
        }
        if (in.readableBytes() < HEADER_BYTES) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length == 0) {
            in.skipBytes(HEADER_BYTES);
            return;
        }
        if (length > maxPayloadBytes) {
            in.skipBytes(HEADER_BYTES);
            discardRemaining = length;
            out.add(new Oversized(length, maxPayloadBytes));
            return;
        }
        if (in.readableBytes() < HEADER_BYTES + length) {
            return;
        }
        in.skipBytes(HEADER_BYTES);
        byte[] payload = new byte[(int) length];
        in.readBytes(payload);
        out.add(payload);
    }
}
