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
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one leg's port on the session's I/O thread: budget, first-byte demux (RFC 7983),
 * latching, SRTP unprotect, per-SSRC statistics, then hands the plaintext to the forwarder.
 * Every packet that goes no further is counted under a {@link DropReason}. The handler of the
 * leg's main socket; its pinned socket ({@link Leg#pinned()}) calls {@link #onDatagram} and
 * {@link #readComplete} directly, on the same I/O thread.
 */
public final class LegHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LegHandler.class);
    /** SRTP held per DTLS leg while its keys are being installed: a few packets of a starting call. */
    static final int EARLY_MEDIA_MAX = 32;

    private record Early(ByteBuf packet, InetSocketAddress sender) {
    }

    private final Leg leg;
    private final Session session;
    private final Forwarder forwarder;
    private final int maxPacketBytes;
    /**
     * SRTP that arrived between the participant finishing the DTLS handshake and this leg
     * installing its keys: the relay sends its last flight before its own handshake returns, so a
     * quick client's first packets land in that gap. I/O thread only; null when empty.
     */
    private ArrayDeque<Early> early;

    public LegHandler(Leg leg, Session session, Forwarder forwarder, int maxPacketBytes) {
        this.leg = leg;
        this.session = session;
        this.forwarder = forwarder;
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket dp = (DatagramPacket) msg;
        onDatagram(dp.content(), dp.sender());
    }

    /** One datagram from {@code sender}, from the leg's main socket or its pinned one; releases it. */
    public void onDatagram(ByteBuf buf, InetSocketAddress sender) {
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
                    onMedia(buf, off, len, sender, now);
                    break;
                case STUN:
                    onStun(buf, off, len, sender, now);
                    break;
                case DTLS:
                    Leg.DtlsHandler dtls = leg.dtls();
                    if (dtls == null) {
                        leg.countDrop(DropReason.NOT_MEDIA);
                    } else {
                        dtls.onDatagram(leg, buf, sender);
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
            if (r == CryptoResult.NO_KEYS && leg.dtls() != null) {
                holdEarly(buf, off, len, sender);
            } else {
                leg.countDrop(r.drop());
            }
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
        leg.maybePin(now);
        forwarder.fromLeg(session, leg, buf, rtcp);
    }

    private void onStun(ByteBuf buf, int off, int len, InetSocketAddress sender, long now) {
        Stun.Verdict v = Stun.check(buf, off, len, leg.iceUfrag(), leg.icePassword());
        switch (v) {
            case ANSWER:
                // from the main socket, whichever socket the request came in on: same port, any sender
                Channel main = leg.channel();
                ByteBuf answer = Stun.answer(main.alloc(), buf, off, sender, leg.icePassword());
                int n = answer.readableBytes();
                main.write(new DatagramPacket(answer, sender), main.voidPromise());
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

    private void holdEarly(ByteBuf buf, int off, int len, InetSocketAddress sender) {
        if (early == null) {
            early = new ArrayDeque<>(EARLY_MEDIA_MAX);
        }
        if (early.size() == EARLY_MEDIA_MAX) {
            early.poll().packet().release();
            leg.countDrop(DropReason.NO_KEYS);
        }
        early.add(new Early(buf.copy(off, len), sender));
    }

    /**
     * I/O thread, once the leg's DTLS-SRTP keys are installed: delivers the media held while they
     * were not (or, if the handshake failed, drops it as no_keys).
     */
    public void releaseEarlyMedia(boolean keyed) {
        ArrayDeque<Early> q = early;
        early = null;
        if (q == null) {
            return;
        }
        long now = System.nanoTime();
        for (Early e; (e = q.poll()) != null; ) {
            ByteBuf b = e.packet();
            try {
                if (keyed && !leg.isClosed()) {
                    onMedia(b, b.readerIndex(), b.readableBytes(), e.sender(), now);
                } else {
                    leg.countDrop(DropReason.NO_KEYS);
                }
            } finally {
                b.release();
            }
        }
        forwarder.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseEarlyMedia(false); // the leg is gone
        super.channelInactive(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readComplete();
    }

    /** The end of a wake-up's reads on either socket: one flush for what they produced. */
    public void readComplete() {
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
