package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our transform against jitsi-srtp's independent implementation, byte for byte, every suite. */
class JitsiCrossCheckTest {

    static SrtpPolicy policy(SrtpSuite suite, boolean rtcp) {
        if (suite.isAead()) {
            return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, suite.masterKeyLength(), SrtpPolicy.NULL_AUTHENTICATION,
                    0, 16, suite.masterSaltLength());
        }
        int tag = rtcp ? suite.rtcpTagLength() : suite.rtpTagLength();
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tag, 14);
    }

    static SrtpContextFactory factory(SrtpKeyMaterial keys, boolean sender) {
        return new SrtpContextFactory(sender, keys.masterKey(), keys.masterSalt(), policy(keys.suite(), false),
                policy(keys.suite(), true), new LoggerImpl("jitsi-srtp"));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectsRtpExactlyAsJitsiSrtp(SrtpSuite suite) throws Exception {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession ours = SrtpSession.sender(keys);
        SrtpCryptoContext theirs = factory(keys, true).deriveContext(0x1234abcd, 0);
        ByteArrayBufferFlyweight view = new ByteArrayBufferFlyweight();
        // Crosses a sequence wrap so the ROC enters the IV and the HMAC.
        for (int i = 0; i < 300; i++) {
            int seq = (65400 + i) & 0xffff;
            byte[] a = i % 3 == 0 ? RtpPackets.rtpWithCsrcAndExtension(seq, 0x1234abcd, 17 + i, 16)
                    : RtpPackets.rtp(seq, 0x1234abcd, 160 + i, 16);
            byte[] b = a.clone();
            int len = a.length - 16;
            assertEquals(SrtpStatus.OK, ours.protectRtp(a, 0, len));
            assertEquals(SrtpErrorStatus.OK, theirs.transformPacket(view.wrap(b, 0, len)));
            assertEquals(len + suite.rtpOverhead(), view.getLength());
            assertArrayEquals(Arrays.copyOf(b, view.getLength()), Arrays.copyOf(a, len + suite.rtpOverhead()),
                    "packet " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void unprotectsWhatJitsiSrtpProtects(SrtpSuite suite) throws Exception {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession ours = SrtpSession.receiver(keys);
        SrtpCryptoContext theirs = factory(keys, true).deriveContext(0x55, 0);
        ByteArrayBufferFlyweight view = new ByteArrayBufferFlyweight();
        for (int i = 0; i < 200; i++) {
            int seq = (65500 + i) & 0xffff;
            byte[] plain = RtpPackets.rtp(seq, 0x55, 100 + i, 16);
            byte[] p = plain.clone();
            int len = p.length - 16;
            theirs.transformPacket(view.wrap(p, 0, len));
            assertEquals(SrtpStatus.OK, ours.unprotectRtp(p, 0, view.getLength()), "packet " + i);
            assertArrayEquals(Arrays.copyOf(plain, len), Arrays.copyOf(p, len));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectsAndUnprotectsRtcpAsJitsiSrtp(SrtpSuite suite) throws Exception {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession ourSender = SrtpSession.sender(keys);
        SrtpSession ourReceiver = SrtpSession.receiver(keys);
        SrtcpCryptoContext theirSender = factory(keys, true).deriveControlContext(0x77);
        SrtcpCryptoContext theirReceiver = factory(keys, false).deriveControlContext(0x77);
        ByteArrayBufferFlyweight view = new ByteArrayBufferFlyweight();
        for (int i = 0; i < 20; i++) {
            byte[] plain = RtpPackets.rtcpReceiverReport(0x77, 32);
            int len = plain.length - 32;
            byte[] a = plain.clone();
            byte[] b = plain.clone();
            assertEquals(SrtpStatus.OK, ourSender.protectRtcp(a, 0, len));
            assertEquals(SrtpErrorStatus.OK, theirSender.transformPacket(view.wrap(b, 0, len)));
            int protectedLength = len + suite.rtcpOverhead();
            assertEquals(protectedLength, view.getLength());
            assertArrayEquals(Arrays.copyOf(b, protectedLength), Arrays.copyOf(a, protectedLength), "packet " + i);
            assertEquals(SrtpErrorStatus.OK, theirReceiver.reverseTransformPacket(view.wrap(b, 0, protectedLength)));
            assertEquals(SrtpStatus.OK, ourReceiver.unprotectRtcp(a, 0, protectedLength));
            assertArrayEquals(Arrays.copyOf(plain, len), Arrays.copyOf(a, len));
            assertArrayEquals(Arrays.copyOf(plain, len), Arrays.copyOf(b, len));
        }
    }
}
