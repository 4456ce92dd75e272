package io.meshrelay.srtp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Test-only main that {@link GcmFallbackIT} runs in a JVM of its own: prints which GCM engines
 * this JVM chose and why, then checks the chosen engines against RFC 7714 §16.1.1 and the pure-Java
 * engines over random packets (enough of them for C2 to compile the hot path).
 *
 * <p>Output: {@code ghash=JDK|<reason>}, {@code ctr=JDK|<reason>}, {@code check=ok <packets>}.
 */
final class GcmEngineProbe {
    private GcmEngineProbe() {
    }

    public static void main(String[] args) throws Exception {
        int packets = Integer.parseInt(args[0]);
        System.out.println("ghash=" + orJdk(JdkGcmIntrinsics.ghashUnavailable()));
        System.out.println("ctr=" + orJdk(JdkGcmIntrinsics.ctrUnavailable()));
        HexFormat hex = HexFormat.of();
        AesGcmTransform rfc = new AesGcmTransform(SrtpCryptoProvider.SUN_JCE,
                hex.parseHex("000102030405060708090a0b0c0d0e0f"), hex.parseHex("517569642070726f2071756f"));
        byte[] plain = hex.parseHex("8040f17b8041f8d35501a0b2"
                + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
        byte[] packet = Arrays.copyOf(plain, plain.length + AesGcmTransform.TAG_LENGTH);
        rfc.protectRtp(packet, 0, plain.length, 12, 0x5501a0b2, 0xf17b);
        if (!hex.formatHex(packet).equals("8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f"
                + "42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce")) {
            throw new AssertionError("RFC 7714 16.1.1 mismatch: " + hex.formatHex(packet));
        }
        SplittableRandom random = new SplittableRandom(17);
        for (int keyLength : new int[] {16, 32}) {
            byte[] key = new byte[keyLength];
            byte[] salt = new byte[12];
            random.nextBytes(key);
            random.nextBytes(salt);
            AesGcmTransform chosen = new AesGcmTransform(SrtpCryptoProvider.SUN_JCE, key, salt);
            AesGcmTransform reference = GcmEngines.ECB_CTR_TABLE_GHASH.transform(key, salt);
            byte[] a = new byte[1400];
            byte[] b = new byte[1400];
            for (int i = 0; i < packets; i++) {
                int text = (i & 15) == 0 ? random.nextInt(1300) : random.nextInt(160);
                int ssrc = random.nextInt();
                long index = random.nextLong() & 0xFFFFFFFFFFFFL;
                random.nextBytes(a);
                System.arraycopy(a, 0, b, 0, 12 + text);
                chosen.protectRtp(a, 0, 12 + text, 12, ssrc, index);
                reference.protectRtp(b, 0, 12 + text, 12, ssrc, index);
                if (!Arrays.equals(a, 0, 28 + text, b, 0, 28 + text)) {
                    throw new AssertionError(keyLength * 8 + "-bit key, packet " + i + ": chosen engines differ");
                }
                if (!chosen.unprotectRtp(a, 0, 12 + text, 12, ssrc, index)) {
                    throw new AssertionError(keyLength * 8 + "-bit key, packet " + i + ": own packet rejected");
                }
            }
        }
        System.out.println("check=ok " + packets);
    }

    private static String orJdk(String unavailable) {
        return unavailable == null ? "JDK" : unavailable;
    }
}
