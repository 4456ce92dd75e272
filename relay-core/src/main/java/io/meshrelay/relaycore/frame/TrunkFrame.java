package io.meshrelay.relaycore.frame;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a segment-routed trunk frame, the only thing nodes send each other. Wrap a
 * buffer, read or write fields at fixed offsets; one instance per thread, reused per packet.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  Type |     Flags     |    Key id     | Segment count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Segment index |   Reserved    |      Source node index        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                     Session id (64 bits)                      +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Path id            |          Path epoch           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Segment[0] (node index)   |     Segment[1] ...            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload: an SRTP/SRTCP packet, or a probe             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Tag (64 bits, SipHash-2-4)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The segment list names the nodes still to visit after the ingress; {@code segment index}
 * points at the node that must process the frame now. A transit node checks the tag, bumps the
 * index and sends the same bytes on: it keeps no per-flow state. The tag covers every byte
 * except the segment index (treated as zero), so transit nodes never re-sign.
 */
public final class TrunkFrame {
    public static final int VERSION = 1;
    public static final int FIXED_HEADER = 20;
    public static final int TAG_LENGTH = 8;
    /** Bounded hop count: a frame never visits more than this many nodes after its ingress. */
    public static final int MAX_SEGMENTS = 8;

    public static final int TYPE_RTP = 1;
    public static final int TYPE_RTCP = 2;
    public static final int TYPE_PROBE = 3;
    public static final int TYPE_PROBE_REPLY = 4;

    /** The frame is one of two copies sent on disjoint paths (redundant mode). */
    public static final int FLAG_REDUNDANT = 0x01;
    /** The frame travels an old path during a make-before-break overlap. */
    public static final int FLAG_DRAINING = 0x02;

    static final int OFF_VERSION_TYPE = 0;
    static final int OFF_FLAGS = 1;
    static final int OFF_KEY_ID = 2;
    static final int OFF_SEG_COUNT = 3;
    public static final int OFF_SEG_INDEX = 4;
    static final int OFF_SOURCE = 6;
    static final int OFF_SESSION = 8;
    static final int OFF_PATH_ID = 16;
    static final int OFF_PATH_EPOCH = 18;
    static final int OFF_SEGMENTS = 20;

    private ByteBuf buf;
    private int offset;
    private int length;

    /** Points this flyweight at {@code length} bytes of {@code buf} from {@code offset}. */
    public TrunkFrame wrap(ByteBuf buf, int offset, int length) {
        this.buf = buf;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public static int headerLength(int segments) {
        return FIXED_HEADER + 2 * segments;
    }

    /** The structural checks a received frame must pass before anything else is read. */
    public FrameCheck check() {
        if (length < FIXED_HEADER + TAG_LENGTH) {
            return FrameCheck.TRUNCATED;
        }
        if (version() != VERSION) {
            return FrameCheck.BAD_VERSION;
        }
        int n = segmentCount();
        if (n < 1 || n > MAX_SEGMENTS || segmentIndex() >= n) {
            return FrameCheck.BAD_SEGMENTS;
        }
        if (headerLength(n) + TAG_LENGTH > length) {
            return FrameCheck.TRUNCATED;
        }
        int t = type();
        if (t < TYPE_RTP || t > TYPE_PROBE_REPLY) {
            return FrameCheck.BAD_TYPE;
        }
        return FrameCheck.OK;
    }

    /** Outcome of {@link #check()}. */
    public enum FrameCheck { OK, TRUNCATED, BAD_VERSION, BAD_SEGMENTS, BAD_TYPE }

    /** Writes a complete header; the caller then writes the payload and seals with the tag. */
    public void writeHeader(int type, int flags, int keyId, int sourceNode, long session, int pathId, int pathEpoch,
            short[] segments, int segIndex) {
        buf.setByte(offset + OFF_VERSION_TYPE, (VERSION << 4) | type);
        buf.setByte(offset + OFF_FLAGS, flags);
        buf.setByte(offset + OFF_KEY_ID, keyId);
        buf.setByte(offset + OFF_SEG_COUNT, segments.length);
        buf.setByte(offset + OFF_SEG_INDEX, segIndex);
        buf.setByte(offset + 5, 0);
        buf.setShort(offset + OFF_SOURCE, sourceNode);
        buf.setLong(offset + OFF_SESSION, session);
        buf.setShort(offset + OFF_PATH_ID, pathId);
        buf.setShort(offset + OFF_PATH_EPOCH, pathEpoch);
        for (int i = 0; i < segments.length; i++) {
            buf.setShort(offset + OFF_SEGMENTS + 2 * i, segments[i]);
        }
    }

    /** A one-segment header (probes and their answers). */
    public void writeHeader(int type, int keyId, int sourceNode, int segment) {
        buf.setByte(offset + OFF_VERSION_TYPE, (VERSION << 4) | type);
        buf.setByte(offset + OFF_FLAGS, 0);
        buf.setByte(offset + OFF_KEY_ID, keyId);
        buf.setByte(offset + OFF_SEG_COUNT, 1);
        buf.setByte(offset + OFF_SEG_INDEX, 0);
        buf.setByte(offset + 5, 0);
        buf.setShort(offset + OFF_SOURCE, sourceNode);
        buf.setLong(offset + OFF_SESSION, 0);
        buf.setInt(offset + OFF_PATH_ID, 0);
        buf.setShort(offset + OFF_SEGMENTS, segment);
    }

    public int version() {
        return buf.getUnsignedByte(offset + OFF_VERSION_TYPE) >>> 4;
    }

    public int type() {
        return buf.getUnsignedByte(offset + OFF_VERSION_TYPE) & 0x0F;
    }

    public int flags() {
        return buf.getUnsignedByte(offset + OFF_FLAGS);
    }

    public int keyId() {
        return buf.getUnsignedByte(offset + OFF_KEY_ID);
    }

    public int segmentCount() {
        return buf.getUnsignedByte(offset + OFF_SEG_COUNT);
    }

    public int segmentIndex() {
        return buf.getUnsignedByte(offset + OFF_SEG_INDEX);
    }

    public void segmentIndex(int index) {
        buf.setByte(offset + OFF_SEG_INDEX, index);
    }

    public int segment(int i) {
        return buf.getUnsignedShort(offset + OFF_SEGMENTS + 2 * i);
    }

    public int sourceNode() {
        return buf.getUnsignedShort(offset + OFF_SOURCE);
    }

    public long session() {
        return buf.getLong(offset + OFF_SESSION);
    }

    public int pathId() {
        return buf.getUnsignedShort(offset + OFF_PATH_ID);
    }

    public int pathEpoch() {
        return buf.getUnsignedShort(offset + OFF_PATH_EPOCH);
    }

    /** Offset of the payload in the buffer (absolute). */
    public int payloadOffset() {
        return offset + headerLength(segmentCount());
    }

    public int payloadLength() {
        return length - headerLength(segmentCount()) - TAG_LENGTH;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public ByteBuf buffer() {
        return buf;
    }
}
