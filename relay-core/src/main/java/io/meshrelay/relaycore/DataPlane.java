package io.meshrelay.relaycore;

import io.meshrelay.relaycore.forward.Forwarder;
import io.meshrelay.relaycore.forward.MeshState;
import io.meshrelay.relaycore.forward.PathSet;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.leg.LegHandler;
import io.meshrelay.relaycore.leg.LegSpec;
import io.meshrelay.relaycore.session.Flow;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.status.DropReason;
import io.meshrelay.relaycore.transport.PinnedSocket;
import io.meshrelay.relaycore.transport.PortAllocator;
import io.meshrelay.relaycore.transport.Transport;
import io.meshrelay.relaycore.transport.TransportKind;
import io.meshrelay.relaycore.trunk.ProbeListener;
import io.meshrelay.relaycore.trunk.TrunkHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's data plane: the I/O threads, the trunk socket of each, the legs, sessions and
 * flows, and the small API the control plane drives (sessions, legs, path sets, peers, probes,
 * counters). Control calls are serialised on this object and publish immutable state; the
 * packet path never waits on them.
 */
public final class DataPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);
    /** Tries before a leg gives up finding a bindable port (others may hold ports of the range). */
    private static final int BIND_ATTEMPTS = 64;
    private static final AtomicBoolean PIN_FAILURE_LOGGED = new AtomicBoolean();

    private final DataPlaneConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final MeshState mesh;
    private final List<Forwarder> forwarders = new ArrayList<>();
    private final PortAllocator ports;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final LongAdder trunkWriteFailures = new LongAdder();
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private InetSocketAddress trunkAddress;
    private final List<Thread> ioThreads = new ArrayList<>();

    private DataPlane(DataPlaneConfig config, TrunkAuth auth) {
        this.config = config;
        this.transport = Transport.select(config.transport());
        this.group = transport.newGroup(config.ioThreads(), "meshrelay-io");
        this.mesh = new MeshState(config.nodeIndex(), auth);
        this.ports = new PortAllocator(config.mediaPorts());
    }

    /** Starts the I/O threads and binds the trunk port on each (SO_REUSEPORT when more than one). */
    public static DataPlane start(DataPlaneConfig config, TrunkAuth auth) throws Exception {
        DataPlane dp = new DataPlane(config, auth);
        try {
            dp.bindTrunk();
        } catch (Exception e) {
            dp.close();
            throw e;
        }
        LOG.info("data plane: node index {}, transport {}, {} I/O thread(s), trunk {}, media ports {}",
                config.nodeIndex(), dp.transport, config.ioThreads(),
                dp.trunkAddress.getAddress().getHostAddress() + ":" + dp.trunkAddress.getPort(), config.mediaPorts());
        return dp;
    }

    private void bindTrunk() throws Exception {
        boolean reuse = config.ioThreads() > 1;
        int port = config.trunkPort();
        for (int i = 0; i < config.ioThreads(); i++) {
            EventLoop loop = group.next();
            Forwarder fw = new Forwarder(loop, mesh, alloc);
            Bootstrap b = transport.configure(new Bootstrap().group(loop), config.bind(), config.socketRcvBuf(),
                    config.socketSndBuf(), config.dscp(), Transport.BATCH, reuse)
                    .option(ChannelOption.ALLOCATOR, alloc)
                    .handler(new TrunkHandler(fw, trunkWriteFailures));
            Channel ch;
            try {
                ch = b.bind(config.bind(), port).sync().channel();
            } catch (Exception e) {
                throw new java.net.BindException("cannot bind trunk port " + config.bind().getHostAddress() + ":"
                        + port + ": " + e.getMessage());
            }
            fw.trunkChannel(ch);
            if (i == 0) {
                warnIfCapped(ch);
            }
            if (port == 0) {
                port = ((InetSocketAddress) ch.localAddress()).getPort();
            }
            forwarders.add(fw);
            ioThreads.add(loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS));
        }
        trunkAddress = new InetSocketAddress(config.advertise(), port);
    }

    /** The kernel silently caps socket buffers at net.core.rmem_max/wmem_max: say so once. */
    private void warnIfCapped(Channel ch) {
        Integer rcv = ch.config().getOption(ChannelOption.SO_RCVBUF);
        // Linux reports twice the requested size (it accounts for bookkeeping overhead)
        if (config.socketRcvBuf() > 0 && rcv != null && rcv < config.socketRcvBuf()) {
            LOG.warn("socket receive buffer is {} bytes, less than the {} configured: raise sysctl net.core.rmem_max",
                    rcv / 2, config.socketRcvBuf());
        }
        Integer snd = ch.config().getOption(ChannelOption.SO_SNDBUF);
        if (config.socketSndBuf() > 0 && snd != null && snd < config.socketSndBuf()) {
            LOG.warn("socket send buffer is {} bytes, less than the {} configured: raise sysctl net.core.wmem_max",
                    snd / 2, config.socketSndBuf());
        }
    }

    public DataPlaneConfig config() {
        return config;
    }

    public int nodeIndex() {
        return mesh.selfIndex();
    }

    /** Sets this node's index in trunk frames (assigned by the controller). */
    public void setNodeIndex(int index) {
        mesh.setSelfIndex(index);
    }

    /** Where other nodes send this node's trunk frames. */
    public InetSocketAddress trunkAddress() {
        return trunkAddress;
    }

    public TransportKind transport() {
        return transport.kind();
    }

    // ------------------------------------------------------------ mesh

    public void setPeer(int nodeIndex, InetSocketAddress trunk) {
        mesh.setPeer(nodeIndex, trunk);
    }

    public void removePeer(int nodeIndex) {
        mesh.removePeer(nodeIndex);
    }

    public InetSocketAddress peer(int nodeIndex) {
        return mesh.peer(nodeIndex);
    }

    public void setTrunkAuth(TrunkAuth auth) {
        mesh.setAuth(auth);
    }

    public void setProbeListener(ProbeListener listener) {
        mesh.setProbeListener(listener);
    }

    /**
     * Sends {@code count} probes back to back to {@code peer} (a packet train when count > 1)
     * from one I/O thread. Returns at once; false if the peer is unknown.
     */
    public boolean sendProbes(int peer, long firstSeq, int count, int size, int trainId) {
        if (mesh.peer(peer) == null) {
            return false;
        }
        Forwarder fw = forwarders.get(Math.floorMod(peer, forwarders.size()));
        if (count == 1) {
            fw.eventLoop().execute(() -> fw.sendProbe(peer, firstSeq, size, trainId));
        } else {
            fw.eventLoop().execute(() -> fw.sendTrain(peer, firstSeq, count, size, trainId));
        }
        return true;
    }

    /** Transit frames this node has sent towards {@code nextHop}, summed over I/O threads (monotonic). */
    public long transitFramesTo(int nextHop) {
        long n = 0;
        for (Forwarder fw : forwarders) {
            n += fw.transitTo(nextHop);
        }
        return n;
    }

    // ------------------------------------------------------------ sessions

    /** Creates the session {@code id} on the next I/O thread; fails if it exists. */
    public synchronized Session createSession(String id) {
        if (sessions.containsKey(id)) {
            throw new IllegalStateException("session " + id + " exists");
        }
        Forwarder fw = forwarders.get(Math.floorMod(nextLoop.getAndIncrement(), forwarders.size()));
        Session s = new Session(id, fw);
        mesh.putSession(s);
        sessions.put(id, s);
        return s;
    }

    public Session session(String id) {
        return sessions.get(id);
    }

    public Collection<Session> sessions() {
        return sessions.values();
    }

    /** Removes the session, its legs (ports freed) and its flows. */
    public synchronized boolean removeSession(String id) {
        Session s = sessions.remove(id);
        if (s == null) {
            return false;
        }
        mesh.removeSession(s);
        for (Leg l : s.legs()) {
            removeLeg(s, l);
        }
        for (Flow f : s.flows()) {
            s.removeFlow(f.remoteNode());
        }
        return true;
    }

    // ------------------------------------------------------------ legs

    /** Binds a port from the media range on the session's I/O thread and starts the leg. */
    public synchronized Leg addLeg(Session s, LegSpec spec) throws Exception {
        for (Leg l : s.legs()) {
            if (l.id().equals(spec.id())) {
                throw new IllegalStateException("participant " + spec.id() + " exists in session " + s.id());
            }
        }
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = ports.reserve();
            if (port < 0) {
                throw new PortsExhaustedException("no free media port in " + config.mediaPorts() + " ("
                        + ports.inUse() + " in use)");
            }
            Leg leg = new Leg(spec.id(), port, spec.remote(), spec.latching(), spec.inbound(), spec.outbound(),
                    spec.iceUfrag(), spec.icePassword(), config.legMaxPps(), config.legBurst(), config.relatchAfterNs());
            Forwarder fw = s.loop();
            LegHandler handler = new LegHandler(leg, s, fw, config.maxPacketBytes());
            Bootstrap b = transport.configure(new Bootstrap().group(fw.eventLoop()), config.bind(),
                            config.socketRcvBuf(), config.socketSndBuf(), config.dscp(), Transport.LEG_BATCH, false)
                    .option(ChannelOption.ALLOCATOR, alloc)
                    .handler(handler);
            try {
                // bound without SO_REUSEPORT, so a port another socket holds is refused, even one of
                // another node of this user; only then opened to the leg's own pinned socket
                Channel ch = b.bind(config.bind(), port).sync().channel();
                leg.bindChannel(ch);
                if (transport.sharePort(ch)) {
                    leg.enablePinning((l, to) -> pin(l, to, fw, handler));
                    fw.eventLoop().execute(() -> leg.maybePin(System.nanoTime())); // a signalled remote: pin now
                }
                s.addLeg(leg);
                return leg;
            } catch (Exception e) {
                // taken by another process: keep it reserved so we do not retry it for every leg
                LOG.debug("media port {} unavailable: {}", port, e.toString());
            }
        }
        throw new PortsExhaustedException("no bindable media port after " + BIND_ATTEMPTS + " attempts in "
                + config.mediaPorts());
    }

    /** Stops a leg and frees its port once the socket is closed. */
    public synchronized void removeLeg(Session s, Leg leg) {
        if (!s.removeLeg(leg)) {
            return;
        }
        leg.markClosed();
        Leg.DtlsHandler dtls = leg.dtls();
        if (dtls != null) {
            dtls.close();
        }
        Channel ch = leg.channel();
        if (ch == null) {
            ports.release(leg.port());
            return;
        }
        // on the leg's thread, which alone sets the pinned socket: none can appear after this
        ch.eventLoop().execute(() -> {
            PinnedSocket pinned = leg.unpin();
            if (pinned != null) {
                pinned.close(); // synchronous, on this loop
            }
            ch.close().addListener(f -> ports.release(leg.port()));
        });
    }

    /**
     * Opens the leg's pinned socket: same port (SO_REUSEPORT, same user), connected to {@code to},
     * read on the same thread straight into the leg's handler. If it cannot be had, the leg simply
     * goes on with its main socket; the first such failure is logged.
     */
    private void pin(Leg leg, InetSocketAddress to, Forwarder fw, LegHandler handler) {
        PinnedSocket.Receiver receiver = new PinnedSocket.Receiver() {
            @Override
            public void onDatagram(ByteBuf datagram, InetSocketAddress sender) {
                handler.onDatagram(datagram, sender);
            }

            @Override
            public void onReadComplete() {
                handler.readComplete();
            }

            @Override
            public void onSent(int bytes) {
                leg.countTx(bytes);
            }

            @Override
            public void onSendFailed() {
                leg.countDrop(DropReason.WRITE_FAILED);
            }

            @Override
            public void onClosed(PinnedSocket socket) {
                // closed by any other path than the leg's own unpin: the leg goes back to its main
                // socket at once and pins again a little later (a leg that only sends never gets
                // the packet that would otherwise trigger it)
                if (leg.pinned() == socket) {
                    leg.unpin();
                    if (!fw.eventLoop().isShuttingDown()) { // the loop closes its handles as it stops
                        fw.eventLoop().schedule(() -> leg.maybePin(System.nanoTime()), Leg.PIN_INTERVAL_NS,
                                TimeUnit.NANOSECONDS);
                    }
                }
            }
        };
        PinnedSocket.open((IoEventLoop) fw.eventLoop(), new InetSocketAddress(config.bind(), leg.port()), to,
                config.socketRcvBuf(), config.socketSndBuf(), config.dscp(), alloc, receiver).addListener(f -> {
                    if (!f.isSuccess()) {
                        if (PIN_FAILURE_LOGGED.compareAndSet(false, true)) {
                            LOG.warn("cannot pin a connected socket to {} on media port {} ({}); legs send from their "
                                    + "unconnected socket, which works, at a higher cost per packet", to, leg.port(),
                                    f.cause().toString());
                        }
                        return;
                    }
                    PinnedSocket ps = (PinnedSocket) f.getNow();
                    if (!leg.pinned(ps, to)) {
                        ps.close();
                    }
                });
    }

    public Leg leg(Session s, String legId) {
        for (Leg l : s.legs()) {
            if (l.id().equals(legId)) {
                return l;
            }
        }
        return null;
    }

    // ------------------------------------------------------------ flows

    /**
     * Installs or replaces the path set of the flow from {@code s} to {@code remoteNode}. A
     * replacement with {@code overlapNs > 0} is make-before-break: old active paths keep
     * receiving copies for that long.
     */
    public synchronized void installPathSet(Session s, int remoteNode, PathSet next, long overlapNs) {
        if (next.destination() != remoteNode) {
            throw new IllegalArgumentException("path set ends at node " + next.destination() + ", flow is to " + remoteNode);
        }
        Flow f = s.flow(remoteNode);
        if (f == null) {
            s.addFlow(new Flow(remoteNode, next));
        } else {
            f.pathSet(PathSet.switchTo(f.pathSet(), next, System.nanoTime(), overlapNs));
        }
    }

    public synchronized boolean removeFlow(Session s, int remoteNode) {
        return s.removeFlow(remoteNode);
    }

    /**
     * Fast reroute after the link {@code from -> to} (or node {@code to} when {@code from} is -1)
     * went down: every flow using it moves to its first usable backup now, without asking the
     * controller. A flow with no usable backup keeps its path: sending into a link that may be
     * dead loses no more than not sending, and nothing if the report was wrong. Returns the
     * number of flows moved.
     */
    public synchronized int hopDown(int from, int to) {
        int moved = 0;
        for (Session s : sessions.values()) {
            for (Flow f : s.flows()) {
                PathSet ps = f.pathSet();
                if (ps == null) {
                    continue;
                }
                PathSet next = ps.withoutHop(mesh.selfIndex(), from, to);
                if (next != null && next != ps) {
                    f.pathSet(next);
                    moved++;
                }
            }
        }
        return moved;
    }

    // ------------------------------------------------------------ observation

    /** Runs {@code task} on the session's I/O thread and waits for its result (control path). */
    public <T> T onSessionThread(Session s, Callable<T> task) throws Exception {
        Future<T> f = s.loop().eventLoop().submit(task);
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("I/O thread of session " + s.id() + " did not answer in 2 s");
        }
    }

    /**
     * Bytes the JVM allocated on the I/O threads so far (HotSpot's per-thread counter): divided
     * by packets over an interval, it shows what the packet path allocates in steady state.
     * -1 where the JVM cannot tell.
     */
    public long ioAllocatedBytes() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean)) {
            return -1;
        }
        com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) mx;
        long sum = 0;
        for (Thread t : ioThreads) {
            long b = hs.getThreadAllocatedBytes(t.getId());
            if (b < 0) {
                return -1;
            }
            sum += b;
        }
        return sum;
    }

    public DataPlaneStats stats() {
        long rxP = 0;
        long rxB = 0;
        long txP = 0;
        long txB = 0;
        int legs = 0;
        long[] drops = new long[DropReason.count()];
        for (Session s : sessions.values()) {
            for (Leg l : s.legs()) {
                legs++;
                rxP += l.counter(Leg.RX_PACKETS);
                rxB += l.counter(Leg.RX_BYTES);
                txP += l.counter(Leg.TX_PACKETS);
                txB += l.counter(Leg.TX_BYTES);
                for (DropReason r : DropReason.values()) {
                    drops[r.ordinal()] += l.drops(r);
                }
            }
        }
        long fr = 0;
        long ft = 0;
        long fe = 0;
        long fs = 0;
        long pa = 0;
        long pr = 0;
        long br = 0;
        long bs = 0;
        for (Forwarder fw : forwarders) {
            fr += fw.counter(Forwarder.FRAMES_RECEIVED);
            ft += fw.counter(Forwarder.FRAMES_TRANSIT);
            fe += fw.counter(Forwarder.FRAMES_EGRESS);
            fs += fw.counter(Forwarder.FRAMES_SENT);
            pa += fw.counter(Forwarder.PROBES_ANSWERED);
            pr += fw.counter(Forwarder.PROBE_REPLIES);
            br += fw.counter(Forwarder.BYTES_RECEIVED);
            bs += fw.counter(Forwarder.BYTES_SENT);
            for (DropReason r : DropReason.values()) {
                drops[r.ordinal()] += fw.drops(r);
            }
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            byReason.put(r.label(), drops[r.ordinal()]);
        }
        return new DataPlaneStats(sessions.size(), legs, rxP, rxB, txP, txB, fr, ft, fe, fs, br, bs, pa, pr,
                trunkWriteFailures.sum(), byReason);
    }

    @Override
    public synchronized void close() {
        for (Session s : new ArrayList<>(sessions.values())) {
            removeSession(s.id());
        }
        for (Forwarder fw : forwarders) {
            Channel ch = fw.trunkChannel();
            if (ch != null) {
                ch.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            }
            fw.eventLoop().execute(fw::releaseQueued);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** The media port range has no free port. */
    public static final class PortsExhaustedException extends Exception {
        private static final long serialVersionUID = 1L;

        public PortsExhaustedException(String message) {
            super(message);
        }
    }
}
