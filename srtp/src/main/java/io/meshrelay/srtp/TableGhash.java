package io.meshrelay.srtp;

/**
 * GHASH engine in pure Java with Shoup's 8-bit table (256 multiples of H, 4 KiB per key): the
 * fallback when the JDK's intrinsic cannot be used (~25 ns per block on the bench machine, about
 * ten times the intrinsic); owned by one session's thread.
 *
 * <p>Field elements are two big-endian longs (hi = bytes 0..7). GCM's bit order is reflected: the
 * first bit is the x^0 coefficient, so multiplying by x is a right shift, reduced with 0xE1 at the
 * top byte when a bit falls off the end.
 */
final class TableGhash extends Ghash {
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
    private long stateHi;
    private long stateLo;

    TableGhash(byte[] h) {
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

    @Override
    void clearState() {
        stateHi = 0;
        stateLo = 0;
    }

    @Override
    void absorb(byte[] data, int off, int blocks) {
        long hi = stateHi;
        long lo = stateLo;
        for (int i = 0; i < blocks; i++, off += 16) {
            long xHi = hi ^ readLong(data, off);
            long xLo = lo ^ readLong(data, off + 8);
            // Horner over the bytes from the last to the first.
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
            hi = zHi;
            lo = zLo;
        }
        stateHi = hi;
        stateLo = lo;
    }

    @Override
    void digest(byte[] out, int outOff) {
        writeLong(out, outOff, stateHi);
        writeLong(out, outOff + 8, stateLo);
    }
}
