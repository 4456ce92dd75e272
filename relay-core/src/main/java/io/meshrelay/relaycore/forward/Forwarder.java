package io.meshrelay.relaycore.forward;

import io.meshrelay.relaycore.crypto.CryptoResult;
import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.frame.Rtp;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.frame.TrunkFrame;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.session.Flow;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.status.Counters;
import io.meshrelay.relaycore.status.DropReason;
import io.meshrelay.relaycore.transport.PinnedSocket;
import io.meshrelay.relaycore.transport.Transport;
import io.meshrelay.relaycore.trunk.Probe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The packet path of one I/O thread: fan-out to the session's local legs (re-protected per
 * receiver), trunk frames along each flow's path set, transit forwarding, egress
 * de-duplication and delivery, probe answers. One instance per event loop, used only on that
 * loop's thread; writes are batched and flushed once per read batch ({@link #flush()}).
 */
public final class Forwarder {
    public static final int FRAMES_RECEIVED = 0;
    public static final int FRAMES_TRANSIT = 1;
    public static final int FRAMES_EGRESS = 2;
    public static final int FRAMES_SENT = 3;
    public static final int PROBES_ANSWERED = 4;
    public static final int PROBE_REPLIES = 5;
    public static final int BYTES_RECEIVED = 6;
    public static final int BYTES_SENT = 7;
    private static final int DROP_BASE = 8;
    private static final int MAILBOX_SLOTS = 4096;
    /** Next hops whose transit traffic is tracked (node indices below this; larger ones are not). */
    public static final int TRACKED_NEXT_HOPS = 4096;

    private final EventLoop loop;
    private final MeshState mesh;
    private final ByteBufAllocator alloc;
    private final Counters counters = new Counters(DROP_BASE + DropReason.count());
    /**
     * Transit frames sent per next hop: a transit node keeps no flow state, but its agent must
     * know which of its links carry media to probe them fast (fast reroute upstream needs it).
     */
    private final Counters transitByNextHop = new Counters(TRACKED_NEXT_HOPS);
    private final TrunkFrame in = new TrunkFrame();
    private final TrunkFrame out = new TrunkFrame();
    private final Mailbox mailbox;
    private Channel trunk;
    private boolean trunkDirty;
    private Leg[] dirty = new Leg[16];
    private int dirtyCount;

    public Forwarder(EventLoop loop, MeshState mesh, ByteBufAllocator alloc) {
        this.loop = loop;
        this.mesh = mesh;
        this.alloc = alloc;
        this.mailbox = new Mailbox(this, MAILBOX_SLOTS);
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public void trunkChannel(Channel ch) {
        this.trunk = ch;
    }

    public Channel trunkChannel() {
        return trunk;
    }

    public long counter(int index) {
        return counters.get(index);
    }

    /** Transit frames sent so far towards node {@code nextHop} (any thread). */
    public long transitTo(int nextHop) {
        return nextHop < TRACKED_NEXT_HOPS ? transitByNextHop.get(nextHop) : 0;
    }

    public long drops(DropReason reason) {
        return counters.get(DROP_BASE + reason.ordinal());
    }

    private void drop(DropReason reason) {
        counters.increment(DROP_BASE + reason.ordinal());
    }

    // ---------------------------------------------------------------- from a local leg

    /**
     * A plaintext packet from {@code src} (already authenticated and decrypted): to every other
     * local leg and once per remote anchor along its path set. The caller keeps ownership.
     */
    public void fromLeg(Session s, Leg src, ByteBuf plain, boolean rtcp) {
        fanOut(s, src, plain, rtcp);
        Flow[] flows = s.flows();
        if (flows.length > 0) {
            toMesh(s, flows, plain, rtcp);
        }
    }

    private void fanOut(Session s, Leg src, ByteBuf plain, boolean rtcp) {
        Leg[] legs = s.legs();
        int off = plain.readerIndex();
        int len = plain.readableBytes();
        for (Leg l : legs) {
            if (l == src) {
                continue;
            }
            InetSocketAddress to = l.remote();
            Channel ch = l.channel();
            if (to == null || ch == null || l.isClosed()) {
                continue; // not reachable yet: nothing is sent before the participant is known
            }
            MediaCrypto oc = l.outbound();
            ByteBuf copy;
            if (oc.isIdentity()) {
                copy = plain.retainedDuplicate();
            } else {
                copy = alloc.directBuffer(len + oc.overhead(rtcp));
                copy.writeBytes(plain, off, len);
                CryptoResult r = oc.protect(copy, rtcp);
                if (r != CryptoResult.OK) {
                    copy.release();
                    l.countDrop(r.drop());
                    continue;
                }
            }
            PinnedSocket pinned = l.pinned();
            if (pinned != null) {
                // connected to exactly this remote (Leg unpins before the remote changes): no envelope;
                // counted as sent or failed when flushed
                pinned.queue(copy);
                enlist(l);
                continue;
            }
            int n = copy.readableBytes();
            ch.write(new DatagramPacket(copy, to), ch.voidPromise());
            markDirty(l);
            l.countTx(n);
        }
    }

    private void toMesh(Session s, Flow[] flows, ByteBuf plain, boolean rtcp) {
        MediaCrypto mc = s.meshSender();
        int len = plain.readableBytes();
        ByteBuf payload = alloc.directBuffer(len + mc.overhead(rtcp));
        try {
            payload.writeBytes(plain, plain.readerIndex(), len);
            CryptoResult r = mc.protect(payload, rtcp);
            if (r != CryptoResult.OK) {
                drop(r.drop());
                return;
            }
            s.counters().increment(Session.MESH_SENT);
            long now = System.nanoTime();
            for (Flow f : flows) {
                PathSet ps = f.pathSet();
                if (ps == null) {
                    f.counters().increment(Flow.NO_PATH);
                    drop(DropReason.NO_PATH);
                    continue;
                }
                f.counters().increment(Flow.SENT_PACKETS);
                Path[] active = ps.activeUnsafe();
                int flags = active.length > 1 ? TrunkFrame.FLAG_REDUNDANT : 0;
                for (Path p : active) {
                    sendFrame(s, f, ps, p, flags, payload, rtcp);
                }
                Path[] draining = ps.drainingUnsafe();
                if (draining.length > 0 && now - ps.drainUntilNs() < 0) {
                    for (Path p : draining) {
                        sendFrame(s, f, ps, p, flags | TrunkFrame.FLAG_DRAINING, payload, rtcp);
                    }
                }
            }
        } finally {
            payload.release();
        }
    }

    private void sendFrame(Session s, Flow f, PathSet ps, Path p, int flags, ByteBuf payload, boolean rtcp) {
        InetSocketAddress next = mesh.peer(p.firstHop());
        if (next == null) {
            drop(DropReason.UNKNOWN_PEER);
            return;
        }
        TrunkAuth auth = mesh.auth();
        int hl = TrunkFrame.headerLength(p.hops());
        int plen = payload.readableBytes();
        int total = hl + plen + TrunkFrame.TAG_LENGTH;
        ByteBuf fb = alloc.directBuffer(total);
        out.wrap(fb, 0, total).writeHeader(rtcp ? TrunkFrame.TYPE_RTCP : TrunkFrame.TYPE_RTP, flags, auth.currentKeyId(),
                mesh.selfIndex(), s.wireId(), p.id(), ps.epoch(), p.segmentsUnsafe(), 0);
        fb.setBytes(hl, payload, payload.readerIndex(), plen);
        fb.writerIndex(total);
        auth.seal(fb, 0, total);
        trunk.write(new DatagramPacket(fb, next), trunk.voidPromise());
        trunkDirty = true;
        f.counters().increment(Flow.SENT_FRAMES);
        counters.increment(FRAMES_SENT);
        counters.add(BYTES_SENT, total);
    }

    // ---------------------------------------------------------------- from the trunk

    /** A datagram read from this loop's trunk socket; takes ownership. */
    public void onTrunk(DatagramPacket dp) {
        ByteBuf buf = dp.content();
        try {
            counters.increment(FRAMES_RECEIVED);
            int off = buf.readerIndex();
            int len = buf.readableBytes();
            counters.add(BYTES_RECEIVED, len);
            if (len >= Transport.DATAGRAM_SLOT) {
                drop(DropReason.OVERSIZED);
                return;
            }
            TrunkFrame f = in.wrap(buf, off, len);
            TrunkFrame.FrameCheck c = f.check();
            if (c != TrunkFrame.FrameCheck.OK) {
                drop(c == TrunkFrame.FrameCheck.TRUNCATED ? DropReason.TRUNCATED : DropReason.BAD_FRAME);
                return;
            }
            if (!mesh.auth().verify(buf, off, len)) {
                drop(DropReason.BAD_TAG);
                return;
            }
            int type = f.type();
            if (type == TrunkFrame.TYPE_PROBE) {
                answerProbe(f, dp.sender());
                return;
            }
            if (type == TrunkFrame.TYPE_PROBE_REPLY) {
                onProbeReply(f);
                return;
            }
            int idx = f.segmentIndex();
            int self = mesh.selfIndex();
            if (f.segment(idx) != self) {
                drop(DropReason.MISROUTED);
                return;
            }
            if (idx + 1 < f.segmentCount()) {
                // transit: no session state here, only the segment list
                InetSocketAddress next = mesh.peer(f.segment(idx + 1));
                if (next == null) {
                    drop(DropReason.UNKNOWN_PEER);
                    return;
                }
                int nextHop = f.segment(idx + 1);
                if (nextHop < TRACKED_NEXT_HOPS) {
                    transitByNextHop.increment(nextHop);
                }
                f.segmentIndex(idx + 1);
                counters.add(BYTES_SENT, len);
                trunk.write(new DatagramPacket(buf, next), trunk.voidPromise());
                buf = null;
                trunkDirty = true;
                counters.increment(FRAMES_TRANSIT);
                return;
            }
            Session s = mesh.session(f.session());
            if (s == null) {
                drop(DropReason.UNKNOWN_SESSION);
                return;
            }
            boolean rtcp = type == TrunkFrame.TYPE_RTCP;
            int p = f.payloadOffset();
            buf.setIndex(p, p + f.payloadLength());
            counters.increment(FRAMES_EGRESS);
            Forwarder owner = s.loop();
            if (owner == this) {
                ByteBuf b = buf;
                buf = null;
                deliver(s, b, rtcp);
            } else if (owner.mailbox.offer(s, buf, rtcp)) {
                buf = null;
            } else {
                drop(DropReason.HANDOFF_FULL);
            }
        } finally {
            if (buf != null) {
                buf.release();
            }
        }
    }

    /** Egress on the session's thread: de-duplicate, unprotect the mesh SRTP, fan out. Takes ownership. */
    void deliver(Session s, ByteBuf buf, boolean rtcp) {
        try {
            int off = buf.readerIndex();
            int len = buf.readableBytes();
            MediaCrypto mr = s.meshReceiver();
            Deduplicator d = s.dedup();
            Deduplicator.Verdict v;
            boolean checked = true;
            if (rtcp) {
                if (!Rtp.isValidRtcp(buf, off, len)) {
                    drop(DropReason.TRUNCATED);
                    return;
                }
                long index = mr.srtcpIndex(buf);
                if (index < 0) {
                    v = Deduplicator.Verdict.NEW; // plain RTCP carries no index to de-duplicate by
                    checked = false;
                } else {
                    v = d.checkRtcp(Rtp.rtcpSsrc(buf, off), index);
                }
            } else {
                if (!Rtp.isValidRtp(buf, off, len)) {
                    drop(DropReason.TRUNCATED);
                    return;
                }
                v = d.checkRtp(Rtp.ssrc(buf, off), Rtp.sequence(buf, off));
            }
            if (v != Deduplicator.Verdict.NEW) {
                drop(v == Deduplicator.Verdict.DUPLICATE ? DropReason.DUPLICATE
                        : v == Deduplicator.Verdict.TOO_OLD ? DropReason.TOO_OLD : DropReason.TOO_MANY_SSRCS);
                return;
            }
            CryptoResult r = mr.unprotect(buf, rtcp);
            if (r != CryptoResult.OK) {
                drop(r.drop());
                return;
            }
            if (checked) {
                d.markLast();
            }
            s.counters().increment(Session.MESH_DELIVERED);
            fanOut(s, null, buf, rtcp);
        } finally {
            buf.release();
        }
    }

    // ---------------------------------------------------------------- probes

    private void answerProbe(TrunkFrame f, InetSocketAddress sender) {
        long rxNs = System.nanoTime();
        if (f.payloadLength() < Probe.LENGTH) {
            drop(DropReason.TRUNCATED);
            return;
        }
        TrunkAuth auth = mesh.auth();
        int hl = TrunkFrame.headerLength(1);
        int total = hl + Probe.REPLY_LENGTH + TrunkFrame.TAG_LENGTH;
        ByteBuf r = alloc.directBuffer(total);
        out.wrap(r, 0, total).writeHeader(TrunkFrame.TYPE_PROBE_REPLY, auth.currentKeyId(), mesh.selfIndex(),
                f.sourceNode());
        // answer the UDP source: that is where the prober's frames come from (NAT, WAN emulator)
        r.setBytes(hl, f.buffer(), f.payloadOffset(), Probe.LENGTH);
        r.setLong(hl + Probe.LENGTH, rxNs);
        r.setInt(hl + Probe.LENGTH + 8, f.length());
        r.writerIndex(total);
        auth.seal(r, 0, total);
        trunk.write(new DatagramPacket(r, sender), trunk.voidPromise());
        trunkDirty = true;
        counters.increment(PROBES_ANSWERED);
    }

    private void onProbeReply(TrunkFrame f) {
        long rxNs = System.nanoTime();
        if (f.payloadLength() < Probe.REPLY_LENGTH) {
            drop(DropReason.TRUNCATED);
            return;
        }
        ByteBuf b = f.buffer();
        int p = f.payloadOffset();
        counters.increment(PROBE_REPLIES);
        mesh.probeListener().onReply(f.sourceNode(), Probe.seq(b, p), Probe.sentNs(b, p), Probe.peerRxNs(b, p), rxNs,
                Probe.probeSize(b, p), Probe.trainId(b, p), Probe.trainIndex(b, p), Probe.trainLength(b, p));
    }

    /**
     * Sends one probe of {@code size} bytes to {@code peer} (a train of one) and flushes at once
     * (the send time is stamped just before). Must run on this loop's thread. False if the peer is
     * unknown.
     */
    public boolean sendProbe(int peer, long seq, int size, int trainId) {
        InetSocketAddress to = mesh.peer(peer);
        if (to == null || trunk == null) {
            return false;
        }
        trunk.writeAndFlush(new DatagramPacket(probeFrame(peer, seq, size, trainId, 0, 1, -1), to), trunk.voidPromise());
        return true;
    }

    /**
     * Sends a packet train of {@code count} probes: every frame is built and sealed first, then all
     * are written and flushed once (one sendmmsg), so they leave back to back however slowly this
     * thread builds them (a train runs rarely, often in the interpreter: sealing 1,200-byte frames
     * one by one spread a train over milliseconds). They carry one send stamp. This loop's thread.
     */
    public boolean sendTrain(int peer, long firstSeq, int count, int size, int trainId) {
        InetSocketAddress to = mesh.peer(peer);
        if (to == null || trunk == null) {
            return false;
        }
        long sentNs = System.nanoTime();
        for (int i = 0; i < count; i++) {
            trunk.write(new DatagramPacket(probeFrame(peer, firstSeq + i, size, trainId, i, count, sentNs), to),
                    trunk.voidPromise());
        }
        trunk.flush();
        return true;
    }

    /** A sealed probe frame; {@code sentNs} -1 stamps it now, just before sealing. */
    private ByteBuf probeFrame(int peer, long seq, int size, int trainId, int trainIndex, int trainLength, long sentNs) {
        TrunkAuth auth = mesh.auth();
        int hl = TrunkFrame.headerLength(1);
        int plen = Math.max(Probe.LENGTH, size - hl - TrunkFrame.TAG_LENGTH);
        int total = hl + plen + TrunkFrame.TAG_LENGTH;
        ByteBuf b = alloc.directBuffer(total);
        out.wrap(b, 0, total).writeHeader(TrunkFrame.TYPE_PROBE, auth.currentKeyId(), mesh.selfIndex(), peer);
        b.setZero(hl + Probe.LENGTH, plen - Probe.LENGTH); // pooled memory: never send stale bytes
        Probe.write(b, hl, seq, trainId, trainIndex, trainLength, sentNs < 0 ? System.nanoTime() : sentNs);
        b.writerIndex(total);
        auth.seal(b, 0, total);
        return b;
    }

    // ---------------------------------------------------------------- batching

    private void markDirty(Leg l) {
        l.mainWritten = true;
        enlist(l);
    }

    private void enlist(Leg l) {
        if (!l.dirty) {
            l.dirty = true;
            if (dirtyCount == dirty.length) {
                dirty = Arrays.copyOf(dirty, dirty.length * 2);
            }
            dirty[dirtyCount++] = l;
        }
    }

    /** Marks a leg's main socket written from outside the forwarder (STUN answers) for the next flush. */
    public void wrote(Leg l) {
        markDirty(l);
    }

    /** Flushes every socket written during this read batch: sendmmsg on a channel, GSO runs on a pinned socket. */
    public void flush() {
        for (int i = 0; i < dirtyCount; i++) {
            Leg l = dirty[i];
            dirty[i] = null;
            l.dirty = false;
            PinnedSocket pinned = l.pinned();
            if (pinned != null) {
                pinned.flush();
            }
            if (l.mainWritten) {
                l.mainWritten = false;
                Channel ch = l.channel();
                if (ch != null) {
                    ch.flush();
                }
            }
        }
        dirtyCount = 0;
        if (trunkDirty) {
            trunkDirty = false;
            trunk.flush();
        }
    }

    /** Shutdown: frees frames still waiting for this thread. */
    public void releaseQueued() {
        mailbox.drainAndRelease();
    }
}
