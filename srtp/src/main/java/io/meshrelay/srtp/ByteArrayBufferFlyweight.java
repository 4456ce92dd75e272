package io.meshrelay.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * jitsi-utils' {@link ByteArrayBuffer} as a re-pointable flyweight over (array, offset, length), so
 * jitsi-srtp's own contexts can run over our buffers without a wrapper per packet. Used where
 * jitsi-srtp is the reference (interop tests, the JMH baseline); owned by one thread.
 */
public final class ByteArrayBufferFlyweight implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this view at a packet; returns this. */
    public ByteArrayBufferFlyweight wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || offset + len > buffer.length) {
            throw new IllegalArgumentException("length " + len + " outside buffer of " + buffer.length);
        }
        length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > buffer.length) {
            throw new IllegalArgumentException("offset " + off + " outside buffer of " + buffer.length);
        }
        offset = off;
    }

    @Override
    public boolean isInvalid() {
        return buffer == null;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
        System.arraycopy(buffer, offset + off, outBuff, 0, len);
    }

    /** Ensures room for len more bytes after the packet; never reallocates (the caller sized it). */
    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalStateException("no room for " + howMuch + " more bytes: size the buffer for the overhead");
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
