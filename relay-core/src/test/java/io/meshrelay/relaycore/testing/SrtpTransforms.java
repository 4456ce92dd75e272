package io.meshrelay.relaycore.testing;

import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpStatus;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** SRTP for test participants: datagram transforms around an {@link SrtpSession}. */
public final class SrtpTransforms {
    private SrtpTransforms() {
    }

    /** Protects each RTP/RTCP datagram before it is sent (one sender thread). */
    public static UnaryOperator<byte[]> protect(SrtpSession sender) {
        return plain -> {
            boolean rtcp = (plain[1] & 0xFF) >= 192 && (plain[1] & 0xFF) <= 223;
            byte[] b = Arrays.copyOf(plain, plain.length + 64);
            synchronized (sender) {
                SrtpStatus s = rtcp ? sender.protectRtcp(b, 0, plain.length) : sender.protectRtp(b, 0, plain.length);
                if (s != SrtpStatus.OK) {
                    throw new IllegalStateException("protect failed: " + s);
                }
            }
            int overhead = rtcp ? sender.suite().rtcpOverhead() : sender.suite().rtpOverhead();
            return Arrays.copyOf(b, plain.length + overhead);
        };
    }

    /** Unprotects each received datagram; null (counted as rejected by the peer) if it fails. */
    public static UnaryOperator<byte[]> unprotect(SrtpSession receiver) {
        return srtp -> {
            if (srtp.length < 2 || (srtp[0] & 0xC0) != 0x80) {
                return srtp; // STUN and other non-media pass through untouched
            }
            boolean rtcp = (srtp[1] & 0xFF) >= 192 && (srtp[1] & 0xFF) <= 223;
            byte[] b = srtp.clone();
            SrtpStatus s = rtcp ? receiver.unprotectRtcp(b, 0, b.length) : receiver.unprotectRtp(b, 0, b.length);
            if (s != SrtpStatus.OK) {
                return null;
            }
            int overhead = rtcp ? receiver.suite().rtcpOverhead() : receiver.suite().rtpOverhead();
            return Arrays.copyOf(b, b.length - overhead);
        };
    }
}
