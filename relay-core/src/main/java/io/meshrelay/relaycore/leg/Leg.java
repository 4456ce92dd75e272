package io.meshrelay.relaycore.leg;

import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.status.Counters;
import io.meshrelay.relaycore.status.DropReason;
import io.meshrelay.relaycore.transport.PinnedSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One participant's media connection to this node: a local UDP port (RTP and RTCP muxed), the
 * remote address (signalled or latched), and its crypto per direction. Packet-path state is
 * owned by the session's I/O thread; the control thread only publishes through volatile fields.
 */
public final class Leg {
    public static final int RX_PACKETS = 0;
    public static final int RX_BYTES = 1;
    public static final int TX_PACKETS = 2;
    public static final int TX_BYTES = 3;
    private static final int DROP_BASE = 4;
    /** SSRCs tracked per leg; a real endpoint sends a handful, garbage must not grow the map. */
    public static final int MAX_SSRCS = 32;
    /** At most one pinning attempt a second per leg: a remote that flips between addresses stays unpinned. */
    public static final long PIN_INTERVAL_NS = 1_000_000_000L;

    private final String id;
    private final int port;
    private final Latching latching;
    private final long relatchAfterNs;
    private final Counters counters = new Counters(DROP_BASE + DropReason.count());
    private final IntObjectHashMap<SsrcStats> ssrcs = new IntObjectHashMap<>();
    private final TokenBucket budget;
    private final String iceUfrag;
    private final String icePassword;

    private volatile InetSocketAddress remote;
    private volatile boolean latched;
    private volatile MediaCrypto inbound;
    private volatile MediaCrypto outbound;
    private volatile DtlsHandler dtls;
    private volatile Channel channel;
    private volatile boolean closed;

    /**
     * A second socket on this leg's port, connected to {@link #remote()}: the kernel hands it the
     * remote's packets without a sender address to build, sends on it skip the route lookup, and
     * it is read and written without a Netty channel, so without an object per packet
     * (docs/data-plane.md). The main socket stays unconnected, so new sources,
     * ICE checks and re-latching work exactly as without it. Null until pinned, and again as soon
     * as the remote changes. Loop-owned, like the rest of the pinning state.
     */
    private PinnedSocket pinned;
    private Pinner pinner;
    /** Loop-owned: the address pinned or being pinned, null if none. */
    private InetSocketAddress pinTarget;
    private long lastPinNs;

    /** Loop-owned: last packet from the latched source, for re-latching after silence. */
    private long lastFromRemoteNs;
    /** Loop-owned: the leg is on its forwarder's list to flush at the end of the current read batch. */
    public boolean dirty;
    /** Loop-owned: the main socket has unflushed writes in the current batch (the pinned one has its own queue). */
    public boolean mainWritten;

    public Leg(String id, int port, InetSocketAddress signalled, Latching latching, MediaCrypto inbound,
            MediaCrypto outbound, String iceUfrag, String icePassword, int maxPps, int burst, long relatchAfterNs) {
        if (latching == Latching.STRICT && signalled == null) {
            throw new IllegalArgumentException("strict latching needs the participant's address");
        }
        this.id = id;
        this.port = port;
        this.remote = signalled;
        this.latching = latching;
        this.inbound = inbound;
        this.outbound = outbound;
        this.iceUfrag = iceUfrag;
        this.icePassword = icePassword;
        this.budget = new TokenBucket(maxPps, burst, System.nanoTime());
        this.relatchAfterNs = relatchAfterNs;
        this.lastPinNs = System.nanoTime() - PIN_INTERVAL_NS;
    }

    /** Opens a socket on the leg's port connected to {@code to}, then hands it to {@code leg.pinned(socket, to)}. */
    public interface Pinner {
        void pin(Leg leg, InetSocketAddress to);
    }

    /** Receives DTLS records of a DTLS-SRTP leg (called on the leg's I/O thread). */
    public interface DtlsHandler {
        void onDatagram(Leg leg, ByteBuf record, InetSocketAddress sender);

        /** The leg is gone: stop any handshake in progress. */
        default void close() {
        }
    }

    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public boolean isLatched() {
        return latched;
    }

    public Latching latching() {
        return latching;
    }

    public MediaCrypto inbound() {
        return inbound;
    }

    public MediaCrypto outbound() {
        return outbound;
    }

    /** Installs keys (e.g. when DTLS-SRTP completes); takes effect with the next packet. */
    public void setCrypto(MediaCrypto in, MediaCrypto out) {
        this.inbound = in;
        this.outbound = out;
    }

    public DtlsHandler dtls() {
        return dtls;
    }

    public void setDtls(DtlsHandler handler) {
        this.dtls = handler;
    }

    public String iceUfrag() {
        return iceUfrag;
    }

    public String icePassword() {
        return icePassword;
    }

    public Channel channel() {
        return channel;
    }

    public void bindChannel(Channel ch) {
        this.channel = ch;
    }

    /** Lets this leg pin a connected socket to its remote (transports that can share the port). */
    public void enablePinning(Pinner p) {
        this.pinner = p;
    }

    /** The socket connected to the remote, or null: send on it when set, else on {@link #channel()}. */
    public PinnedSocket pinned() {
        return pinned;
    }

    /** I/O thread: starts pinning a socket to the remote if none is pinned or on its way. */
    public void maybePin(long nowNs) {
        if (pinTarget != null || pinner == null) {
            return;
        }
        InetSocketAddress r = remote;
        if (r == null || closed || nowNs - lastPinNs < PIN_INTERVAL_NS) {
            return;
        }
        pinTarget = r;
        lastPinNs = nowNs;
        pinner.pin(this, r);
    }

    /**
     * I/O thread: the socket pinned to {@code to} is connected. Returns false if the leg no longer
     * wants it (closed, or its remote moved on meanwhile); the caller then closes it. A failed
     * attempt is simply never offered: the leg keeps sending from its main socket.
     */
    public boolean pinned(PinnedSocket ch, InetSocketAddress to) {
        if (closed || !to.equals(pinTarget) || !to.equals(remote)) {
            return false;
        }
        pinned = ch;
        return true;
    }

    /** I/O thread: takes the pinned socket away (to close it) and allows a new pin. */
    public PinnedSocket unpin() {
        PinnedSocket p = pinned;
        pinned = null;
        pinTarget = null;
        return p;
    }

    public boolean isClosed() {
        return closed;
    }

    public void markClosed() {
        closed = true;
    }

    // ---- packet path (session I/O thread) ----

    /** I/O thread only. */
    public boolean takeBudget(long nowNs) {
        return budget.tryTake(nowNs);
    }

    /** Whether a packet from {@code sender} may be processed before authentication. */
    public SourceCheck checkSource(InetSocketAddress sender, long nowNs) {
        InetSocketAddress r = remote;
        if (r != null && r.equals(sender)) {
            return SourceCheck.KNOWN;
        }
        if (latching == Latching.STRICT) {
            return SourceCheck.REJECT;
        }
        if (r == null || !latched) {
            return SourceCheck.LEARN;
        }
        // a keyed leg's peer proves itself by authenticating; a plain one only after silence
        if (!inbound.isIdentity() || nowNs - lastFromRemoteNs > relatchAfterNs) {
            return SourceCheck.LEARN;
        }
        return SourceCheck.REJECT;
    }

    /** Outcome of {@link #checkSource}. */
    public enum SourceCheck { KNOWN, LEARN, REJECT }

    public void latch(InetSocketAddress sender, long nowNs) {
        if (!sender.equals(remote)) {
            remote = sender;
            PinnedSocket p = unpin();
            if (p != null) {
                p.close();
            }
        }
        latched = true;
        lastFromRemoteNs = nowNs;
    }

    public void heardFromRemote(long nowNs) {
        lastFromRemoteNs = nowNs;
        latched = true;
    }

    public void countRx(int bytes) {
        counters.increment(RX_PACKETS);
        counters.add(RX_BYTES, bytes);
    }

    public void countTx(int bytes) {
        counters.increment(TX_PACKETS);
        counters.add(TX_BYTES, bytes);
    }

    public void countDrop(DropReason reason) {
        counters.increment(DROP_BASE + reason.ordinal());
    }

    /** Statistics for an SSRC, or null once the leg tracks {@link #MAX_SSRCS}. */
    public SsrcStats ssrcStats(int ssrc) {
        SsrcStats s = ssrcs.get(ssrc);
        if (s == null) {
            if (ssrcs.size() >= MAX_SSRCS) {
                return null;
            }
            s = new SsrcStats(ssrc);
            ssrcs.put(ssrc, s);
        }
        return s;
    }

    public long counter(int index) {
        return counters.get(index);
    }

    public long drops(DropReason reason) {
        return counters.get(DROP_BASE + reason.ordinal());
    }

    /** Call on the leg's I/O thread for a consistent view. */
    public LegSnapshot snapshot() {
        Map<String, Long> drops = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            long n = drops(r);
            if (n > 0) {
                drops.put(r.label(), n);
            }
        }
        List<LegSnapshot.SsrcSnapshot> list = new ArrayList<>();
        for (SsrcStats s : ssrcs.values()) {
            list.add(new LegSnapshot.SsrcSnapshot(s.ssrc & 0xFFFFFFFFL, s.packets, s.bytes, s.expected(), s.lost(),
                    s.jitterMs(), s.clockRate()));
        }
        InetSocketAddress r = remote;
        return new LegSnapshot(id, port, r == null ? null : r.getAddress().getHostAddress() + ":" + r.getPort(),
                latched, pinned != null, inbound.toString(), counters.get(RX_PACKETS), counters.get(RX_BYTES),
                counters.get(TX_PACKETS), counters.get(TX_BYTES), drops, list);
    }

    @Override
    public String toString() {
        return "leg " + id + " :" + port;
    }
}
