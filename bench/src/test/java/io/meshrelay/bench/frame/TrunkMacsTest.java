package io.meshrelay.bench.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshrelay.relaycore.frame.TrunkFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** The MAC contenders of TrunkTagBenchmark compute what they claim, so the comparison is fair. */
class TrunkMacsTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Random random = new Random(1);

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void ourSipHashEqualsBouncyCastlesOverEveryLength() {
        byte[] key = randomBytes(16);
        TrunkMacs.FrameMac ours = TrunkMacs.create(TrunkMacs.Kind.SIPHASH_2_4, key);
        TrunkMacs.FrameMac bc = TrunkMacs.create(TrunkMacs.Kind.SIPHASH_2_4_BC, key);
        for (int len = TrunkFrame.FIXED_HEADER; len < 300; len++) {
            ByteBuf b = Unpooled.wrappedBuffer(randomBytes(len));
            assertEquals(bc.tag(b, 0, len), ours.tag(b, 0, len), "length " + len);
        }
    }

    @Test
    void hmacOverMessageDigestEqualsJceMac() throws Exception {
        byte[] key = randomBytes(16);
        for (String[] algo : new String[][] {{"SHA-1", "HmacSHA1"}, {"SHA-256", "HmacSHA256"}}) {
            TrunkMacs.DigestHmac ours = new TrunkMacs.DigestHmac(algo[0], key);
            Mac jce = Mac.getInstance(algo[1]);
            jce.init(new SecretKeySpec(key, algo[1]));
            for (int len : new int[] {0, 1, 55, 56, 63, 64, 65, 200, 1232}) {
                byte[] m = randomBytes(len);
                byte[] out = new byte[jce.getMacLength()];
                ours.hmac(m, len, out);
                assertArrayEquals(jce.doFinal(m), out, algo[1] + " length " + len);
            }
        }
    }

    @Test
    void aesCmacMatchesRfc4493Examples() {
        byte[] key = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        String m = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
        String[][] examples = {
            {"0", "bb1d6929e95937287fa37d129b756746"},
            {"16", "070a16b46b4d4144f79bdd9dd04a287c"},
            {"40", "dfa66747de9ae63030ca32611497c827"},
            {"64", "51f0bebf7e3b9d92fc49741779363cfe"},
        };
        TrunkMacs.AesCmac cmac = new TrunkMacs.AesCmac(key);
        byte[] msg = HEX.parseHex(m);
        for (String[] ex : examples) {
            int len = Integer.parseInt(ex[0]);
            System.arraycopy(msg, 0, cmac.scratch(), 0, len);
            byte[] tag = new byte[16];
            cmac.cmac(len, tag);
            assertEquals(ex[1], HEX.formatHex(tag), "RFC 4493 example with " + len + " bytes");
        }
    }

    @Test
    void aesCmacEqualsBouncyCastleOnFrames() {
        byte[] key = randomBytes(16);
        TrunkMacs.FrameMac ours = TrunkMacs.create(TrunkMacs.Kind.AES_CMAC, key);
        for (int len = TrunkFrame.FIXED_HEADER; len < 200; len += 7) {
            byte[] frame = randomBytes(len);
            CMac bc = new CMac(AESEngine.newInstance());
            bc.init(new KeyParameter(key));
            byte[] covered = frame.clone();
            covered[TrunkFrame.OFF_SEG_INDEX] = 0;
            bc.update(covered, 0, len);
            byte[] full = new byte[16];
            bc.doFinal(full, 0);
            assertEquals(TrunkMacs.first8(full), ours.tag(Unpooled.wrappedBuffer(frame), 0, len), "length " + len);
        }
    }

    @Test
    void everyContenderIgnoresTheSegmentIndexAsTrunkAuthDoes() {
        byte[] key = randomBytes(16);
        for (TrunkMacs.Kind k : TrunkMacs.Kind.values()) {
            TrunkMacs.FrameMac mac = TrunkMacs.create(k, key);
            byte[] frame = randomBytes(120);
            long before = mac.tag(Unpooled.wrappedBuffer(frame), 0, frame.length);
            frame[TrunkFrame.OFF_SEG_INDEX]++;
            assertEquals(before, mac.tag(Unpooled.wrappedBuffer(frame), 0, frame.length), k.name());
            frame[30]++;
            assertEquals(false, before == mac.tag(Unpooled.wrappedBuffer(frame), 0, frame.length),
                    k + " must cover the payload");
        }
    }
}
