package io.meshrelay.relaycore.frame;

import io.netty.buffer.ByteBuf;

/**
 * Seals and verifies trunk frames with the mesh's keys. Keys carry a one-byte id so the mesh
 * can rotate without a flag day: frames are sealed with the current key, verified with
 * whichever key their id names. Immutable; a rotation publishes a new instance.
 */
public final class TrunkAuth {
    private final SipHash[] keys = new SipHash[256];
    private final int currentKeyId;

    /** {@code current} seals; {@code previous} (may be null) still verifies during a rotation. */
    public TrunkAuth(int currentKeyId, byte[] current, int previousKeyId, byte[] previous) {
        if (currentKeyId < 0 || currentKeyId > 255) {
            throw new IllegalArgumentException("key id must be 0..255");
        }
        this.currentKeyId = currentKeyId;
        keys[currentKeyId] = new SipHash(current);
        if (previous != null) {
            keys[previousKeyId & 0xFF] = new SipHash(previous);
        }
    }

    public TrunkAuth(int keyId, byte[] key) {
        this(keyId, key, 0, null);
    }

    public int currentKeyId() {
        return currentKeyId;
    }

    /** Writes the tag over the first {@code length - TAG_LENGTH} bytes of the frame at {@code offset}. */
    public void seal(ByteBuf b, int offset, int length) {
        int covered = length - TrunkFrame.TAG_LENGTH;
        long tag = keys[currentKeyId].hash(b, offset, covered, offset + TrunkFrame.OFF_SEG_INDEX);
        b.setLong(offset + covered, tag);
    }

    /** True if the frame's tag is right under the key its header names. */
    public boolean verify(ByteBuf b, int offset, int length) {
        SipHash k = keys[b.getUnsignedByte(offset + 2)];
        if (k == null) {
            return false;
        }
        int covered = length - TrunkFrame.TAG_LENGTH;
        return k.hash(b, offset, covered, offset + TrunkFrame.OFF_SEG_INDEX) == b.getLong(offset + covered);
    }
}
