package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Published vectors: RFC 3711 Appendix B.2 and B.3, RFC 7714 §16 (every GCM engine); and GCM against the JDK's. */
class RfcVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(SrtpCryptoProvider.class)
    void aesCmKeystreamMatchesRfc3711AppendixB2(SrtpCryptoProvider provider) throws Exception {
        AesKeystream keystream = new AesKeystream(provider, HEX.parseHex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = HEX.parseHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] stream = new byte[0x10000 * 16];
        keystream.xor(iv, 0, stream, 0, stream.length);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4"
                        + "d23513162b02d0f72a43a2fe4a5f97ab"
                        + "41e95b3bb0a2e8dd477901e4fca894c0",
                HEX.formatHex(stream, 0, 48));
        assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4", HEX.formatHex(stream, 0xFEFF * 16, 0xFEFF * 16 + 16));
        assertEquals("362b7c3c6773516318a077d7fc5073ae", HEX.formatHex(stream, 0xFF00 * 16, 0xFF00 * 16 + 16));
        assertEquals("6a2cc3787889374fbeb4c81b17ba6c44", HEX.formatHex(stream, 0xFF01 * 16, 0xFF01 * 16 + 16));
    }

    @ParameterizedTest
    @EnumSource(SrtpCryptoProvider.class)
    void keyDerivationMatchesRfc3711AppendixB3(SrtpCryptoProvider provider) throws Exception {
        SrtpKdf kdf = new SrtpKdf(provider, HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139"),
                HEX.parseHex("0EC675AD498AFEEBB6960B3AABE6"));
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", HEX.formatHex(kdf.derive(SrtpKdf.LABEL_RTP_ENCRYPTION, 16)));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", HEX.formatHex(kdf.derive(SrtpKdf.LABEL_RTP_SALT, 14)));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a15", HEX.formatHex(kdf.derive(SrtpKdf.LABEL_RTP_AUTH, 16)));
    }

    private static final String RFC7714_SALT = "517569642070726f2071756f";
    private static final String GALLIA = "8040f17b8041f8d35501a0b2"
            + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";

    @ParameterizedTest
    @EnumSource(GcmEngines.class)
    void aeadAes128GcmMatchesRfc7714Section16_1_1(GcmEngines engines) throws Exception {
        checkRfc7714(engines, "000102030405060708090a0b0c0d0e0f",
                "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f"
                        + "42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce");
    }

    @ParameterizedTest
    @EnumSource(GcmEngines.class)
    void aeadAes256GcmMatchesRfc7714Section16_2_1(GcmEngines engines) throws Exception {
        checkRfc7714(engines, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3"
                        + "b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13");
    }

    @ParameterizedTest
    @EnumSource(SrtpCryptoProvider.class)
    void aeadAesGcmMatchesRfc7714WithEachProvidersDefaultEngines(SrtpCryptoProvider provider) throws Exception {
        checkRfc7714(provider, "000102030405060708090a0b0c0d0e0f",
                "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f"
                        + "42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce");
    }

    private static void checkRfc7714(GcmEngines engines, String key, String expected) throws Exception {
        checkRfc7714(engines.transform(HEX.parseHex(key), HEX.parseHex(RFC7714_SALT)), engines.toString(), expected);
    }

    private static void checkRfc7714(SrtpCryptoProvider provider, String key, String expected) throws Exception {
        checkRfc7714(new AesGcmTransform(provider, HEX.parseHex(key), HEX.parseHex(RFC7714_SALT)), provider.toString(),
                expected);
    }

    private static void checkRfc7714(AesGcmTransform gcm, String label, String expected) {
        byte[] plain = HEX.parseHex(GALLIA);
        byte[] packet = Arrays.copyOf(plain, plain.length + 16);
        gcm.protectRtp(packet, 0, plain.length, 12, 0x5501a0b2, 0xf17b);
        assertEquals(expected, HEX.formatHex(packet), label);
        assertTrue(gcm.unprotectRtp(packet, 0, plain.length, 12, 0x5501a0b2, 0xf17b), label);
        assertArrayEquals(plain, Arrays.copyOf(packet, plain.length), label);
        packet[plain.length + 3] ^= 1;
        assertFalse(gcm.unprotectRtp(packet, 0, plain.length, 12, 0x5501a0b2, 0xf17b), label);
    }

    @ParameterizedTest
    @EnumSource(GcmEngines.class)
    void gcmMatchesTheJdkForEveryAadAndTextLengthUpTo80(GcmEngines engines) throws Exception {
        Random random = new Random(7714);
        for (int keyLength : new int[] {16, 32}) {
            byte[] key = new byte[keyLength];
            byte[] salt = new byte[12];
            random.nextBytes(key);
            random.nextBytes(salt);
            AesGcmTransform ours = engines.transform(key, salt);
            for (int header = 12; header <= 60; header += 4) {
                for (int text = 0; text <= 80; text++) {
                    byte[] packet = new byte[header + text + 16];
                    random.nextBytes(packet);
                    int ssrc = random.nextInt();
                    long index = random.nextLong() & 0xFFFFFFFFFFFFL;
                    byte[] expected = jdkGcm(key, salt, packet, header, text, ssrc, index);
                    ours.protectRtp(packet, 0, header + text, header, ssrc, index);
                    assertArrayEquals(expected, packet, engines + " header " + header + " text " + text);
                }
            }
        }
    }

    private static byte[] jdkGcm(byte[] key, byte[] salt, byte[] packet, int header, int text, int ssrc, long index)
            throws Exception {
        byte[] iv = new byte[12];
        byte[] nonce = {0, 0, (byte) (ssrc >>> 24), (byte) (ssrc >>> 16), (byte) (ssrc >>> 8), (byte) ssrc,
                (byte) (index >>> 40), (byte) (index >>> 32), (byte) (index >>> 24), (byte) (index >>> 16),
                (byte) (index >>> 8), (byte) index};
        for (int i = 0; i < 12; i++) {
            iv[i] = (byte) (nonce[i] ^ salt[i]);
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(packet, 0, header);
        byte[] out = packet.clone();
        cipher.doFinal(packet, header, text, out, header);
        return out;
    }
}
