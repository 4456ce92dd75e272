package io.meshrelay.relaycore.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Answers STUN Binding Requests on leg ports (RFC 5389), which participants send as
 * connectivity checks and keep-alives (RFC 8445 §7.3, RFC 7675). With ICE credentials the
 * request must carry our ufrag and a valid MESSAGE-INTEGRITY, and the answer is signed; without
 * them the relay answers any well-formed request. Not on the media path: a few per second per leg.
 */
public final class Stun {
    public static final int MAGIC_COOKIE = 0x2112A442;
    static final int HEADER = 20;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_INDICATION = 0x0011;
    static final int BINDING_SUCCESS = 0x0101;
    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int FINGERPRINT_XOR = 0x5354554e;

    /** What to do with a STUN message. */
    public enum Verdict { ANSWER, IGNORE, MALFORMED, UNAUTHORIZED }

    private Stun() {
    }

    /**
     * Checks a message; {@code localUfrag}/{@code password} null means no ICE credentials.
     * Indications (keep-alives) are ignored without an answer (RFC 5389 §10.1.2).
     */
    public static Verdict check(ByteBuf b, int off, int len, String localUfrag, String password) {
        if (len < HEADER || (b.getUnsignedByte(off) & 0xC0) != 0 || b.getInt(off + 4) != MAGIC_COOKIE) {
            return Verdict.MALFORMED;
        }
        int bodyLen = b.getUnsignedShort(off + 2);
        if (bodyLen + HEADER != len || (bodyLen & 3) != 0) {
            return Verdict.MALFORMED;
        }
        int type = b.getUnsignedShort(off);
        if (type == BINDING_INDICATION) {
            return Verdict.IGNORE;
        }
        if (type != BINDING_REQUEST) {
            return Verdict.IGNORE;
        }
        int integrityAt = -1;
        String username = null;
        int p = off + HEADER;
        int end = off + len;
        while (p + 4 <= end) {
            int at = b.getUnsignedShort(p);
            int alen = b.getUnsignedShort(p + 2);
            if (p + 4 + alen > end) {
                return Verdict.MALFORMED;
            }
            if (at == ATTR_USERNAME) {
                username = b.toString(p + 4, alen, StandardCharsets.UTF_8);
            } else if (at == ATTR_MESSAGE_INTEGRITY) {
                if (alen != 20) {
                    return Verdict.MALFORMED;
                }
                integrityAt = p;
                break; // attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§15.4)
            }
            p += 4 + ((alen + 3) & ~3);
        }
        if (password == null) {
            return Verdict.ANSWER;
        }
        if (username == null || integrityAt < 0 || !username.startsWith(localUfrag + ":")) {
            return Verdict.UNAUTHORIZED;
        }
        byte[] msg = new byte[integrityAt - off];
        b.getBytes(off, msg);
        int lenWithIntegrity = integrityAt - off - HEADER + 24;
        msg[2] = (byte) (lenWithIntegrity >>> 8);
        msg[3] = (byte) lenWithIntegrity;
        byte[] expect = hmacSha1(password, msg);
        for (int i = 0; i < 20; i++) {
            if (expect[i] != b.getByte(integrityAt + 4 + i)) {
                return Verdict.UNAUTHORIZED;
            }
        }
        return Verdict.ANSWER;
    }

    /** A Binding success response to the request at {@code off}: XOR-MAPPED-ADDRESS, integrity if keyed, FINGERPRINT. */
    public static ByteBuf answer(ByteBufAllocator alloc, ByteBuf req, int off, InetSocketAddress mapped, String password) {
        boolean v4 = mapped.getAddress() instanceof Inet4Address;
        byte[] addr = mapped.getAddress().getAddress();
        int xorLen = 4 + (v4 ? 8 : 20);
        int total = HEADER + xorLen + (password != null ? 24 : 0) + 8;
        byte[] m = new byte[total];
        m[0] = (byte) (BINDING_SUCCESS >>> 8);
        m[1] = (byte) BINDING_SUCCESS;
        putInt(m, 4, MAGIC_COOKIE);
        req.getBytes(off + 8, m, 8, 12); // transaction id
        int p = HEADER;
        m[p] = 0;
        m[p + 1] = (byte) ATTR_XOR_MAPPED_ADDRESS;
        m[p + 3] = (byte) (xorLen - 4);
        m[p + 5] = (byte) (v4 ? 1 : 2);
        int port = mapped.getPort() ^ (MAGIC_COOKIE >>> 16);
        m[p + 6] = (byte) (port >>> 8);
        m[p + 7] = (byte) port;
        for (int i = 0; i < addr.length; i++) {
            // IPv4 xors with the cookie; IPv6 with cookie || transaction id (§15.2)
            addr[i] ^= m[4 + i];
        }
        System.arraycopy(addr, 0, m, p + 8, addr.length);
        p += xorLen;
        if (password != null) {
            setLength(m, p - HEADER + 24);
            byte[] mac = hmacSha1(password, java.util.Arrays.copyOf(m, p));
            m[p + 1] = (byte) ATTR_MESSAGE_INTEGRITY;
            m[p + 3] = 20;
            System.arraycopy(mac, 0, m, p + 4, 20);
            p += 24;
        }
        setLength(m, p - HEADER + 8);
        CRC32 crc = new CRC32();
        crc.update(m, 0, p);
        m[p] = (byte) (ATTR_FINGERPRINT >>> 8);
        m[p + 1] = (byte) ATTR_FINGERPRINT;
        m[p + 3] = 4;
        putInt(m, p + 4, (int) crc.getValue() ^ FINGERPRINT_XOR);
        ByteBuf out = alloc.buffer(total);
        out.writeBytes(m);
        return out;
    }

    private static void setLength(byte[] m, int bodyLen) {
        m[2] = (byte) (bodyLen >>> 8);
        m[3] = (byte) bodyLen;
    }

    private static void putInt(byte[] m, int at, int v) {
        m[at] = (byte) (v >>> 24);
        m[at + 1] = (byte) (v >>> 16);
        m[at + 2] = (byte) (v >>> 8);
        m[at + 3] = (byte) v;
    }

    static byte[] hmacSha1(String password, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            // short-term credentials: the key is the password itself (RFC 5389 §15.4, ICE passwords are ASCII)
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
