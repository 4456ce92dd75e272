package io.meshrelay.relaycore.leg;

import io.meshrelay.relaycore.crypto.CryptoResult;
import io.meshrelay.relaycore.forward.Forwarder;
import io.meshrelay.relaycore.frame.PacketClass;
import io.meshrelay.relaycore.frame.Rtp;
import io.meshrelay.relaycore.frame.Stun;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.status.DropReason;
import io.meshrelay.relaycore.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one leg's port on the session's I/O thread: budget, first-byte demux (RFC 7983),
 * latching, SRTP unprotect, per-SSRC statistics, then hands the plaintext to the forwarder.
 * Every packet that goes no further is counted under a {@link DropReason}.
 */
public final class LegHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LegHandler.class);

    private final Leg leg;
    private final Session session;
    private final Forwarder forwarder;
    private final int maxPacketBytes;

    public LegHandler(Leg leg, Session session, Forwarder forwarder, int maxPacketBytes) {
        this.leg = leg;
        this.session = session;
        this.forwarder = forwarder;
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket dp = (DatagramPacket) msg;
        ByteBuf buf = dp.content();
        try {
            int off = buf.readerIndex();
            int len = buf.readableBytes();
            leg.countRx(len);
            if (len > maxPacketBytes || len >= Transport.DATAGRAM_SLOT) {
                leg.countDrop(DropReason.OVERSIZED);
                return;
            }
            if (len == 0) {
                leg.countDrop(DropReason.TRUNCATED);
                return;
            }
            long now = System.nanoTime();
            if (!leg.takeBudget(now)) {
                leg.countDrop(DropReason.RATE_LIMITED);
                return;
            }
            switch (PacketClass.of(buf.getByte(off))) {
                case MEDIA:
                    onMedia(buf, off, len, dp.sender(), now);
                    break;
                case STUN:
                    onStun(ctx, buf, off, len, dp.sender(), now);
                    break;
                case DTLS:
                    Leg.DtlsHandler dtls = leg.dtls();
                    if (dtls == null) {
                        leg.countDrop(DropReason.NOT_MEDIA);
                    } else {
                        dtls.onDatagram(leg, buf, dp.sender());
                    }
                    break;
                default:
                    leg.countDrop(DropReason.NOT_MEDIA);
            }
        } finally {
            buf.release();
        }
    }

    private void onMedia(ByteBuf buf, int off, int len, InetSocketAddress sender, long now) {
        boolean rtcp = len >= 2 && Rtp.isRtcp(buf, off);
        if (rtcp ? !Rtp.isValidRtcp(buf, off, len) : !Rtp.isValidRtp(buf, off, len)) {
            leg.countDrop(DropReason.TRUNCATED);
            return;
        }
        Leg.SourceCheck source = leg.checkSource(sender, now);
        if (source == Leg.SourceCheck.REJECT) {
            leg.countDrop(DropReason.WRONG_SOURCE);
            return;
        }
        CryptoResult r = leg.inbound().unprotect(buf, rtcp);
        if (r != CryptoResult.OK) {
            leg.countDrop(r.drop());
            return;
        }
        if (!rtcp) {
            SsrcStats st = leg.ssrcStats(Rtp.ssrc(buf, off));
            if (st == null) {
                leg.countDrop(DropReason.TOO_MANY_SSRCS);
                return;
            }
            st.onRtp(Rtp.sequence(buf, off), Rtp.timestamp(buf, off), len, now);
        }
        if (source == Leg.SourceCheck.LEARN) {
            leg.latch(sender, now);
        } else {
            leg.heardFromRemote(now);
        }
        forwarder.fromLeg(session, leg, buf, rtcp);
    }

    private void onStun(ChannelHandlerContext ctx, ByteBuf buf, int off, int len, InetSocketAddress sender, long now) {
        Stun.Verdict v = Stun.check(buf, off, len, leg.iceUfrag(), leg.icePassword());
        switch (v) {
            case ANSWER:
                ByteBuf answer = Stun.answer(ctx.alloc(), buf, off, sender, leg.icePassword());
                int n = answer.readableBytes();
                ctx.channel().write(new DatagramPacket(answer, sender), ctx.channel().voidPromise());
                leg.countTx(n);
                forwarder.wrote(leg);
                // an ICE check that authenticated with our password proves the peer: latch to it
                if (leg.icePassword() != null && leg.checkSource(sender, now) != Leg.SourceCheck.REJECT) {
                    leg.latch(sender, now);
                }
                break;
            case MALFORMED:
            case UNAUTHORIZED:
                leg.countDrop(DropReason.BAD_STUN);
                break;
            default:
                break; // indications and other STUN traffic need no answer
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        forwarder.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // failed writes with a void promise land here: count, never log per packet
        leg.countDrop(DropReason.WRITE_FAILED);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {}", leg, cause.toString());
        }
    }
}
