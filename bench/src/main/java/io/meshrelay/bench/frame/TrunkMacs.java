package io.meshrelay.bench.frame;

import io.meshrelay.relaycore.frame.SipHash;
import io.meshrelay.relaycore.frame.TrunkFrame;
import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The candidate trunk-frame MACs compared in {@link TrunkTagBenchmark}, each computing a 64-bit
 * tag over a frame with the segment-index byte read as zero (the rule of {@code TrunkAuth}), so
 * they are interchangeable. One instance per thread: each keeps its own scratch arrays.
 */
public final class TrunkMacs {
    private TrunkMacs() {
    }

    /** A keyed 64-bit tag over {@code len} bytes of a frame at {@code off}. */
    public interface FrameMac {
        long tag(ByteBuf b, int off, int len);
    }

    /** The contenders. */
    public enum Kind {
        /** relay-core's SipHash-2-4 straight over the ByteBuf (what TrunkAuth uses). */
        SIPHASH_2_4,
        /** BouncyCastle's SipHash-2-4 over a copy in a reused array: a reference implementation. */
        SIPHASH_2_4_BC,
        /** javax.crypto.Mac HmacSHA256 truncated to 64 bits; doFinal allocates its result. */
        HMAC_SHA256_JCE,
        /** HMAC-SHA256 (RFC 2104) over MessageDigest into reused arrays: no allocation, SHA-NI intrinsic. */
        HMAC_SHA256,
        /** HMAC-SHA1 (RFC 2104) over MessageDigest, as SRTP authenticates: SHA-NI intrinsic. */
        HMAC_SHA1,
        /** AES-CMAC (RFC 4493) as one SunJCE AES/CBC call (AES-NI intrinsic), truncated to 64 bits. */
        AES_CMAC
    }

    /** A new MAC of {@code kind} under the 16-byte {@code key}. */
    public static FrameMac create(Kind kind, byte[] key) {
        switch (kind) {
            case SIPHASH_2_4:
                SipHash s = new SipHash(key);
                return (b, off, len) -> s.hash(b, off, len, off + TrunkFrame.OFF_SEG_INDEX);
            case SIPHASH_2_4_BC:
                return new BcSipHash(key);
            case HMAC_SHA256_JCE:
                return new JceHmac("HmacSHA256", key);
            case HMAC_SHA256:
                return new DigestHmac("SHA-256", key);
            case HMAC_SHA1:
                return new DigestHmac("SHA-1", key);
            case AES_CMAC:
                return new AesCmac(key);
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    /** Copies the covered bytes into {@code scratch} with the segment index zeroed. */
    static void copyCovered(ByteBuf b, int off, int len, byte[] scratch) {
        b.getBytes(off, scratch, 0, len);
        scratch[TrunkFrame.OFF_SEG_INDEX] = 0;
    }

    static long first8(byte[] d) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    private static final class BcSipHash implements FrameMac {
        private final org.bouncycastle.crypto.macs.SipHash mac = new org.bouncycastle.crypto.macs.SipHash(2, 4);
        private final byte[] scratch = new byte[2048];

        BcSipHash(byte[] key) {
            mac.init(new KeyParameter(key));
        }

        @Override
        public long tag(ByteBuf b, int off, int len) {
            copyCovered(b, off, len, scratch);
            mac.update(scratch, 0, len);
            return mac.doFinal();
        }
    }

    private static final class JceHmac implements FrameMac {
        private final Mac mac;
        private final byte[] scratch = new byte[2048];

        JceHmac(String algorithm, byte[] key) {
            try {
                mac = Mac.getInstance(algorithm);
                mac.init(new SecretKeySpec(key, algorithm));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " unavailable", e);
            }
        }

        @Override
        public long tag(ByteBuf b, int off, int len) {
            copyCovered(b, off, len, scratch);
            mac.update(scratch, 0, len);
            return first8(mac.doFinal());
        }
    }

    /** RFC 2104 over a MessageDigest: H((K ^ opad) || H((K ^ ipad) || m)), keys up to one block. */
    static final class DigestHmac implements FrameMac {
        private static final int BLOCK = 64;
        private final MessageDigest md;
        private final byte[] ipad = new byte[BLOCK];
        private final byte[] opad = new byte[BLOCK];
        private final byte[] inner;
        private final byte[] outer;
        private final byte[] scratch = new byte[2048];

        DigestHmac(String digest, byte[] key) {
            try {
                md = MessageDigest.getInstance(digest);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(digest + " unavailable", e);
            }
            if (key.length > BLOCK) {
                throw new IllegalArgumentException("keys longer than a block are hashed first (RFC 2104 §2): not needed here");
            }
            for (int i = 0; i < BLOCK; i++) {
                byte k = i < key.length ? key[i] : 0;
                ipad[i] = (byte) (k ^ 0x36);
                opad[i] = (byte) (k ^ 0x5c);
            }
            inner = new byte[md.getDigestLength()];
            outer = new byte[md.getDigestLength()];
        }

        /** The full HMAC of {@code len} bytes of {@code m} into {@code out}. */
        void hmac(byte[] m, int len, byte[] out) {
            try {
                md.update(ipad);
                md.update(m, 0, len);
                md.digest(inner, 0, inner.length);
                md.update(opad);
                md.update(inner);
                md.digest(out, 0, out.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long tag(ByteBuf b, int off, int len) {
            copyCovered(b, off, len, scratch);
            hmac(scratch, len, outer);
            return first8(outer);
        }
    }

    /**
     * AES-CMAC (RFC 4493): subkeys from the encrypted zero block, the last block tweaked with K1
     * (complete) or padded and tweaked with K2, then CBC-MAC under a zero IV in one doFinal
     * (which returns the cipher to its initial IV, so no re-init per frame).
     */
    static final class AesCmac implements FrameMac {
        private final Cipher cbc;
        private final byte[] k1 = new byte[16];
        private final byte[] k2 = new byte[16];
        private final byte[] scratch = new byte[2048 + 16];
        private final byte[] out = new byte[2048 + 16];
        private final byte[] tag = new byte[16];

        AesCmac(byte[] key) {
            try {
                SecretKeySpec k = new SecretKeySpec(key, "AES");
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, k);
                byte[] l = ecb.doFinal(new byte[16]);
                shiftXor(l, k1);
                shiftXor(k1, k2);
                cbc = Cipher.getInstance("AES/CBC/NoPadding");
                cbc.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(new byte[16]));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES unavailable", e);
            }
        }

        /** dst = src << 1, xor 0x87 if the top bit was set (RFC 4493 §2.3). */
        private static void shiftXor(byte[] src, byte[] dst) {
            int carry = 0;
            for (int i = 15; i >= 0; i--) {
                int v = src[i] & 0xFF;
                dst[i] = (byte) ((v << 1) | carry);
                carry = v >>> 7;
            }
            if ((src[0] & 0x80) != 0) {
                dst[15] ^= (byte) 0x87;
            }
        }

        /** The full 16-byte CMAC of {@code len} bytes already in the scratch array, into {@code mac}. */
        void cmac(int len, byte[] mac) {
            int blocks = Math.max(1, (len + 15) / 16);
            int last = (blocks - 1) * 16;
            boolean complete = len > 0 && len % 16 == 0;
            if (!complete) {
                scratch[len] = (byte) 0x80;
                Arrays.fill(scratch, len + 1, last + 16, (byte) 0);
            }
            byte[] k = complete ? k1 : k2;
            for (int i = 0; i < 16; i++) {
                scratch[last + i] ^= k[i];
            }
            try {
                cbc.doFinal(scratch, 0, blocks * 16, out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            System.arraycopy(out, last, mac, 0, 16);
        }

        byte[] scratch() {
            return scratch;
        }

        @Override
        public long tag(ByteBuf b, int off, int len) {
            copyCovered(b, off, len, scratch);
            cmac(len, tag);
            return first8(tag);
        }
    }
}
