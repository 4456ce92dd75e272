package io.meshrelay.srtp;

/**
 * GCTR over the JDK's own {@code com.sun.crypto.provider.CounterMode}, whose {@code implCrypt} C2
 * replaces with a pipelined AES-NI/VAES stub: about eight times {@link EcbGctr} at 1200 bytes.
 * One CounterMode is initialised per session key and only re-positioned per packet, so nothing is
 * allocated; owned by one session's thread.
 *
 * <p>Re-positioning relies on CounterMode keeping the IV array it was initialised with and
 * {@code reset()} copying it into the counter (JDK 17 to 25): we write the next counter block
 * into that array and call reset. {@link JdkGcmIntrinsics}'s self test checks that this still
 * holds before the engine is used. {@code encrypt} checks the array bounds before the stub.
 */
final class JdkGctr extends Gctr {
    /** The IV array CounterMode keeps: our first counter block goes here before each reset. */
    private final byte[] counterBlock = new byte[16];
    private final Object counterMode;

    JdkGctr(byte[] key) {
        this.counterMode = JdkGcmIntrinsics.newCounterMode(key, counterBlock);
    }

    @Override
    void xor(byte[] iv, int firstCounter, byte[] data, int off, int len) {
        int word = firstCounterWord(iv, firstCounter, len);
        if (len == 0) {
            return;
        }
        System.arraycopy(iv, 0, counterBlock, 0, 12);
        PacketTransform.writeInt(counterBlock, 12, word);
        try {
            JdkGcmIntrinsics.CTR_RESET.invokeExact(counterMode);
            int done = (int) JdkGcmIntrinsics.CTR_ENCRYPT.invokeExact(counterMode, data, off, len, data, off);
            if (done != len) {
                throw new IllegalStateException("JDK CounterMode processed " + done + " of " + len + " bytes");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("JDK AES-CTR failed", t);
        }
    }
}
