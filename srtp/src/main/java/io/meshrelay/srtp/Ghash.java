package io.meshrelay.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH of GCM (NIST SP 800-38D §6.4) with Shoup's 8-bit table (256 multiples of H, 4 KiB per key):
 * pure Java, no allocation per packet; owned by one session's thread.
 *
 * <p>Field elements are two big-endian longs (hi = bytes 0..7). GCM's bit order is reflected: the
 * first bit is the x^0 coefficient, so multiplying by x is a right shift, reduced with 0xE1 at the
 * top byte when a bit falls off the end.
 */
final class Ghash {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Reduction of the byte that falls off a right shift by 8, placed at the top of hi. */
    private static final long[] REDUCE8 = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long hi = 0;
            long lo = b;
            for (int i = 0; i < 8; i++) {
                boolean carry = (lo & 1) != 0;
                lo = (lo >>> 1) | (hi << 63);
                hi >>>= 1;
                if (carry) {
                    hi ^= 0xE1L << 56;
                }
            }
            REDUCE8[b] = hi;
        }
    }

    /** tableHi/Lo[b] = (element whose first byte is b) times H. */
    private final long[] tableHi = new long[256];
    private final long[] tableLo = new long[256];
    private final byte[] pending = new byte[16];
    private int pendingLength;
    private long stateHi;
    private long stateLo;

    Ghash(byte[] h) {
        long hi = readLong(h, 0);
        long lo = readLong(h, 8);
        // Bit 7 of the byte is x^0: M[0x80] = H, M[0x40] = H*x, ..., M[0x01] = H*x^7.
        for (int bit = 0x80; bit > 0; bit >>>= 1) {
            tableHi[bit] = hi;
            tableLo[bit] = lo;
            boolean carry = (lo & 1) != 0;
            lo = (lo >>> 1) | (hi << 63);
            hi >>>= 1;
            if (carry) {
                hi ^= 0xE1L << 56;
            }
        }
        for (int b = 2; b < 256; b <<= 1) {
            for (int j = 1; j < b; j++) {
                tableHi[b + j] = tableHi[b] ^ tableHi[j];
                tableLo[b + j] = tableLo[b] ^ tableLo[j];
            }
        }
    }

    void reset() {
        stateHi = 0;
        stateLo = 0;
        pendingLength = 0;
    }

    /** Absorbs data as a continuation of the current input (AAD or ciphertext); see {@link #pad()}. */
    void update(byte[] data, int off, int len) {
        int end = off + len;
        if (pendingLength > 0) {
            while (pendingLength < 16 && off < end) {
                pending[pendingLength++] = data[off++];
            }
            if (pendingLength < 16) {
                return;
            }
            multiply(stateHi ^ readLong(pending, 0), stateLo ^ readLong(pending, 8));
            pendingLength = 0;
        }
        while (off + 16 <= end) {
            multiply(stateHi ^ readLong(data, off), stateLo ^ readLong(data, off + 8));
            off += 16;
        }
        while (off < end) {
            pending[pendingLength++] = data[off++];
        }
    }

    /** Ends the AAD or the ciphertext: zero-pads a partial last block (SP 800-38D §6.4). */
    void pad() {
        if (pendingLength > 0) {
            for (int i = pendingLength; i < 16; i++) {
                pending[i] = 0;
            }
            multiply(stateHi ^ readLong(pending, 0), stateLo ^ readLong(pending, 8));
            pendingLength = 0;
        }
    }

    /** Absorbs the length block and writes the 16-byte GHASH to out[outOff..]. */
    void finish(long aadBytes, long textBytes, byte[] out, int outOff) {
        pad();
        multiply(stateHi ^ (aadBytes << 3), stateLo ^ (textBytes << 3));
        writeLong(out, outOff, stateHi);
        writeLong(out, outOff + 8, stateLo);
    }

    /** state = (xHi, xLo) * H, Horner over the bytes from the last to the first. */
    private void multiply(long xHi, long xLo) {
        long zHi = 0;
        long zLo = 0;
        for (int shift = 0; shift < 64; shift += 8) {
            int rem = (int) zLo & 0xff;
            zLo = (zLo >>> 8) | (zHi << 56);
            zHi = (zHi >>> 8) ^ REDUCE8[rem];
            int b = (int) (xLo >>> shift) & 0xff;
            zHi ^= tableHi[b];
            zLo ^= tableLo[b];
        }
        for (int shift = 0; shift < 64; shift += 8) {
            int rem = (int) zLo & 0xff;
            zLo = (zLo >>> 8) | (zHi << 56);
            zHi = (zHi >>> 8) ^ REDUCE8[rem];
            int b = (int) (xHi >>> shift) & 0xff;
            zHi ^= tableHi[b];
            zLo ^= tableLo[b];
        }
        stateHi = zHi;
        stateLo = zLo;
    }

    static long readLong(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    static void writeLong(byte[] b, int off, long v) {
        LONG_BE.set(b, off, v);
    }
}
