package io.meshrelay.srtp;

import java.util.Objects;

/**
 * GHASH engine over the JDK's own {@code com.sun.crypto.provider.GHASH.processBlocks}, which C2
 * replaces with a CLMUL stub (AVX on x86_64): about ten times {@link TableGhash}. Owned by one
 * session's thread; no allocation per packet.
 *
 * <p>The state (two big-endian longs) and the hash-key table are the arrays of a JDK GHASH made
 * for this key, so their sizes and their lazily filled powers of H are exactly what the stub
 * expects on this JDK. The stub checks no bounds: {@link #absorb} checks them before each call.
 */
final class JdkGhash extends Ghash {
    private final long[] state;
    private final long[] subkeyTable;

    JdkGhash(byte[] h) {
        Object jdkGhash = JdkGcmIntrinsics.newGhash(h);
        this.state = JdkGcmIntrinsics.ghashState(jdkGhash);
        this.subkeyTable = JdkGcmIntrinsics.ghashSubkeyTable(jdkGhash);
        if (state.length != 2) {
            throw new IllegalStateException("JDK GHASH state has " + state.length + " longs, expected 2");
        }
    }

    @Override
    void clearState() {
        state[0] = 0;
        state[1] = 0;
    }

    @Override
    void absorb(byte[] data, int off, int blocks) {
        if (blocks == 0) {
            return;
        }
        // The intrinsic reads data[off, off + 16 * blocks) unchecked: a bad range here would read
        // past the array instead of throwing. Intrinsified too, so this costs next to nothing.
        Objects.checkFromIndexSize(off, blocks << 4, data.length);
        try {
            JdkGcmIntrinsics.GHASH_PROCESS_BLOCKS.invokeExact(data, off, blocks, state, subkeyTable);
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH failed", t);
        }
    }

    @Override
    void digest(byte[] out, int outOff) {
        writeLong(out, outOff, state[0]);
        writeLong(out, outOff + 8, state[1]);
    }
}
