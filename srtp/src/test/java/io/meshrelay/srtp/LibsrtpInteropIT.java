package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop with Debian's libsrtp2 (bench/native/srtp_interop.c) for every suite: its packets
 * unprotected by us, ours by it, byte-identical SRTP, and our tampered packets refused by it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LibsrtpInteropIT {
    private static final HexFormat HEX = HexFormat.of();
    private static final int SSRC = 0x0BADCAFE;

    /** 300 packets from seq 65400: a wrap (ROC 1), CSRC+extension headers, sizes 0..~1200. */
    private static List<byte[]> rtpStream() {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int seq = (65400 + i) & 0xffff;
            int payload = (i * 37) % 1200;
            packets.add(i % 5 == 0 ? RtpPackets.rtpWithCsrcAndExtension(seq, SSRC, payload, 0)
                    : RtpPackets.rtp(seq, SSRC, payload, 0));
        }
        return packets;
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void libsrtpUnprotectsOurSrtpAndProducesTheSameBytes(SrtpSuite suite) throws Exception {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        List<byte[]> plain = rtpStream();
        List<byte[]> ours = new ArrayList<>();
        for (byte[] p : plain) {
            byte[] b = Arrays.copyOf(p, p.length + suite.rtpOverhead());
            assertEquals(SrtpStatus.OK, sender.protectRtp(b, 0, p.length));
            ours.add(b);
        }
        List<String> theirProtect = NativeTools.srtpInterop("protect", "rtp", keys, plain);
        List<String> theirUnprotect = NativeTools.srtpInterop("unprotect", "rtp", keys, ours);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(HEX.formatHex(ours.get(i)), theirProtect.get(i), "libsrtp protected packet " + i + " differently");
            assertEquals(HEX.formatHex(plain.get(i)), theirUnprotect.get(i), "libsrtp unprotect of our packet " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void weUnprotectLibsrtpSrtpAndRejectItsReplays(SrtpSuite suite) throws Exception {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        List<byte[]> plain = rtpStream();
        List<String> theirs = NativeTools.srtpInterop("protect", "rtp", keys, plain);
        SrtpSession receiver = SrtpSession.receiver(keys);
        for (int i = 0; i < plain.size(); i++) {
            byte[] srtp = HEX.parseHex(theirs.get(i));
            assertEquals(SrtpStatus.OK, receiver.unprotectRtp(srtp, 0, srtp.length), "packet " + i);
            assertEquals(HEX.formatHex(plain.get(i)), HEX.formatHex(srtp, 0, srtp.length - suite.rtpOverhead()));
            byte[] again = HEX.parseHex(theirs.get(i));
            assertEquals(SrtpStatus.REPLAY_DUPLICATE, receiver.unprotectRtp(again, 0, again.length));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void srtcpInteroperatesBothWays(SrtpSuite suite) throws Exception {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        List<byte[]> plain = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] rr = RtpPackets.rtcpReceiverReport(SSRC, 0);
            rr[20] = (byte) i;
            plain.add(rr);
        }
        SrtpSession sender = SrtpSession.sender(keys);
        List<byte[]> ours = new ArrayList<>();
        for (byte[] p : plain) {
            byte[] b = Arrays.copyOf(p, p.length + suite.rtcpOverhead());
            assertEquals(SrtpStatus.OK, sender.protectRtcp(b, 0, p.length));
            ours.add(b);
        }
        List<String> theirUnprotect = NativeTools.srtpInterop("unprotect", "rtcp", keys, ours);
        List<String> theirProtect = NativeTools.srtpInterop("protect", "rtcp", keys, plain);
        SrtpSession receiver = SrtpSession.receiver(keys);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(HEX.formatHex(plain.get(i)), theirUnprotect.get(i), "libsrtp unprotect of our SRTCP " + i);
            byte[] srtcp = HEX.parseHex(theirProtect.get(i));
            assertEquals(SrtpStatus.OK, receiver.unprotectRtcp(srtcp, 0, srtcp.length), "their SRTCP " + i);
            assertEquals(HEX.formatHex(plain.get(i)), HEX.formatHex(srtcp, 0, srtcp.length - suite.rtcpOverhead()));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void libsrtpRejectsOurTamperedTruncatedAndWrongKeyPackets(SrtpSuite suite) throws Exception {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] p = RtpPackets.rtp(100 + i, SSRC, 160, suite.rtpOverhead());
            assertEquals(SrtpStatus.OK, sender.protectRtp(p, 0, 172));
            switch (i) {
                case 0 -> p[50] ^= 0x20;
                case 1 -> p = Arrays.copyOf(p, p.length - 1);
                default -> p[p.length - 1] ^= 1;
            }
            bad.add(p);
        }
        SrtpSession otherKey = SrtpSession.sender(SrtpKeyMaterial.generate(suite));
        byte[] p = RtpPackets.rtp(200, SSRC, 160, suite.rtpOverhead());
        otherKey.protectRtp(p, 0, 172);
        bad.add(p);
        for (String line : NativeTools.srtpInterop("unprotect", "rtp", keys, bad)) {
            assertTrue(line.startsWith("ERR "), line);
        }
    }
}
