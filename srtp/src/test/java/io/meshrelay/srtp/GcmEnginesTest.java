package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDK-intrinsic GCM engines against the pure-Java ones, their selection and their guards. */
class GcmEnginesTest {

    @Test
    void jdkInternalsAreReachableUnderTheTestArgLine() {
        assertNull(JdkGcmIntrinsics.lookupFailure(),
                "the test JVM needs " + JdkGcmIntrinsics.ADD_OPENS + " (keep it in meshrelay.test.argLine)");
    }

    @Test
    void jdkEnginesPassTheirKnownAnswerSelfTests() {
        assertNull(JdkGcmIntrinsics.ghashSelfTestFailure());
        assertNull(JdkGcmIntrinsics.ctrSelfTestFailure());
    }

    @Test
    void picksTheJdkEnginesWhereTheVmAllowsAndEcbForOtherProviders() throws Exception {
        byte[] key = new byte[16];
        byte[] h = new byte[16];
        if (JdkGcmIntrinsics.ctrUnavailable() == null) {
            assertInstanceOf(JdkGctr.class, Gctr.create(SrtpCryptoProvider.SUN_JCE, key));
        } else {
            assertInstanceOf(EcbGctr.class, Gctr.create(SrtpCryptoProvider.SUN_JCE, key));
        }
        assertInstanceOf(EcbGctr.class, Gctr.create(SrtpCryptoProvider.BOUNCY_CASTLE, key));
        Class<? extends Ghash> expectedGhash = JdkGcmIntrinsics.ghashUnavailable() == null ? JdkGhash.class
                : TableGhash.class;
        assertEquals(expectedGhash, Ghash.create(h).getClass());
    }

    /**
     * Long enough (tens of thousands of calls) for C2 to compile the engines, so the JDK's stubs,
     * not only its Java fallbacks, are compared with the pure-Java engines.
     */
    @Test
    void jdkAndPureJavaEnginesAgreeOnRandomPacketsOnceCompiled() throws Exception {
        SplittableRandom random = new SplittableRandom(20240);
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        random.nextBytes(key);
        random.nextBytes(salt);
        AesGcmTransform jdk = GcmEngines.JDK_CTR_JDK_GHASH.transform(key, salt);
        AesGcmTransform java = GcmEngines.ECB_CTR_TABLE_GHASH.transform(key, salt);
        byte[] a = new byte[1500];
        byte[] b = new byte[1500];
        for (int i = 0; i < 30_000; i++) {
            // Mostly short packets keep the interpreted phase cheap; every 16th is up to 1.2 KB.
            int header = 12 + 4 * random.nextInt(8);
            int text = (i & 15) == 0 ? random.nextInt(1200) : random.nextInt(100);
            int ssrc = random.nextInt();
            long index = random.nextLong() & 0xFFFFFFFFFFFFL;
            random.nextBytes(a);
            System.arraycopy(a, 0, b, 0, header + text);
            jdk.protectRtp(a, 0, header + text, header, ssrc, index);
            java.protectRtp(b, 0, header + text, header, ssrc, index);
            int end = header + text + AesGcmTransform.TAG_LENGTH;
            if (!Arrays.equals(a, 0, end, b, 0, end)) {
                assertArrayEquals(Arrays.copyOf(b, end), Arrays.copyOf(a, end), "packet " + i + ", text " + text);
            }
            if (!jdk.unprotectRtp(a, 0, header + text, header, ssrc, index)) {
                throw new AssertionError("JDK engines rejected their own packet " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GcmEngines.class)
    void rtcpMatchesThePureJavaEnginesAndRoundTrips(GcmEngines engines) throws Exception {
        SplittableRandom random = new SplittableRandom(9);
        byte[] key = new byte[32];
        byte[] salt = new byte[12];
        random.nextBytes(key);
        random.nextBytes(salt);
        AesGcmTransform gcm = engines.transform(key, salt);
        AesGcmTransform reference = GcmEngines.ECB_CTR_TABLE_GHASH.transform(key, salt);
        byte[] plain = new byte[60];
        random.nextBytes(plain);
        plain[0] = (byte) 0x81;
        byte[] packet = Arrays.copyOf(plain, plain.length + 20);
        gcm.protectRtcp(packet, 0, plain.length, 0x11223344, 5);
        byte[] expected = Arrays.copyOf(plain, plain.length + 20);
        reference.protectRtcp(expected, 0, plain.length, 0x11223344, 5);
        assertArrayEquals(expected, packet);
        assertTrue(gcm.unprotectRtcp(packet, 0, packet.length, 0x11223344, PacketTransform.readInt(packet, 76)));
        assertArrayEquals(plain, Arrays.copyOf(packet, plain.length));
    }

    @Test
    void jdkGhashChecksBoundsBeforeTheUncheckedStub() {
        JdkGhash ghash = new JdkGhash(new byte[16]);
        byte[] data = new byte[40];
        assertThrows(IndexOutOfBoundsException.class, () -> ghash.absorb(data, 32, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ghash.absorb(data, -16, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ghash.absorb(data, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ghash.absorb(data, 0, -1));
    }

    @Test
    void jdkGctrChecksBounds() {
        JdkGctr gctr = new JdkGctr(new byte[16]);
        assertThrows(IndexOutOfBoundsException.class, () -> gctr.xor(new byte[16], 2, new byte[40], 30, 16));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void gctrRefusesACounterThatWouldWrapItsLast32Bits(boolean jdkEngine) throws Exception {
        Gctr gctr = jdkEngine ? new JdkGctr(new byte[16]) : new EcbGctr(SrtpCryptoProvider.SUN_JCE, new byte[16]);
        byte[] iv = new byte[16];
        Arrays.fill(iv, 12, 16, (byte) 0xff);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gctr.xor(iv, 0, new byte[32], 0, 32));
        assertEquals("GCTR counter word would wrap: start 4294967295, 32 bytes", e.getMessage());
        // The last block before the wrap is still fine: E(K, iv).
        byte[] block = new byte[16];
        gctr.xor(iv, 0, block, 0, 16);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"));
        assertArrayEquals(ecb.doFinal(iv), block);
    }
}
