package io.meshrelay.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH of GCM (NIST SP 800-38D §6.4) under one hash key H: the buffering of AAD and ciphertext
 * into 16-byte blocks, over an engine that absorbs whole blocks; owned by one session's thread,
 * no allocation per packet.
 *
 * <p>Engines: {@link JdkGhash} (the JDK's CLMUL intrinsic, when {@link JdkGcmIntrinsics} says it
 * is usable) and {@link TableGhash} (pure Java, the fallback). A packet is absorbed in as few
 * engine calls as the layout allows (AAD, the whole ciphertext, then the last partial block
 * together with the length block) because the intrinsic has a fixed cost per call.
 */
abstract class Ghash {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** A partial block, and room for the length block right after it (see {@link #finish}). */
    private final byte[] pending = new byte[32];
    private int pendingLength;

    /** The fastest engine usable in this JVM for hash key h (16 bytes, E(K, 0^128)). */
    static Ghash create(byte[] h) {
        return JdkGcmIntrinsics.ghashUnavailable() == null ? new JdkGhash(h) : new TableGhash(h);
    }

    /** Starts a new message. */
    final void reset() {
        clearState();
        pendingLength = 0;
    }

    /** Absorbs data as a continuation of the current input (AAD or ciphertext); see {@link #pad()}. */
    final void update(byte[] data, int off, int len) {
        int end = off + len;
        if (pendingLength > 0) {
            while (pendingLength < 16 && off < end) {
                pending[pendingLength++] = data[off++];
            }
            if (pendingLength < 16) {
                return;
            }
            absorb(pending, 0, 1);
            pendingLength = 0;
        }
        int blocks = (end - off) >>> 4;
        if (blocks > 0) {
            absorb(data, off, blocks);
            off += blocks << 4;
        }
        while (off < end) {
            pending[pendingLength++] = data[off++];
        }
    }

    /** Ends the AAD or the ciphertext: zero-pads a partial last block (SP 800-38D §6.4). */
    final void pad() {
        if (pendingLength > 0) {
            zeroPending();
            absorb(pending, 0, 1);
            pendingLength = 0;
        }
    }

    /**
     * Pads the ciphertext, absorbs the length block len(A) || len(C) in bits (SP 800-38D §7.1
     * step 5) and writes the 16-byte GHASH to out[outOff..].
     */
    final void finish(long aadBytes, long textBytes, byte[] out, int outOff) {
        int lengthOff = 0;
        if (pendingLength > 0) {
            zeroPending();
            lengthOff = 16;
        }
        writeLong(pending, lengthOff, aadBytes << 3);
        writeLong(pending, lengthOff + 8, textBytes << 3);
        absorb(pending, 0, (lengthOff >>> 4) + 1);
        pendingLength = 0;
        digest(out, outOff);
    }

    private void zeroPending() {
        for (int i = pendingLength; i < 16; i++) {
            pending[i] = 0;
        }
    }

    /** Sets the hash state to zero. */
    abstract void clearState();

    /** state = (state XOR block) * H for each of {@code blocks} 16-byte blocks at data[off..]. */
    abstract void absorb(byte[] data, int off, int blocks);

    /** Writes the 16-byte state to out[outOff..]. */
    abstract void digest(byte[] out, int outOff);

    static long readLong(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    static void writeLong(byte[] b, int off, long v) {
        LONG_BE.set(b, off, v);
    }
}
