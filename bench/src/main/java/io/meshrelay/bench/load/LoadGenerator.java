package io.meshrelay.bench.load;

import io.meshrelay.relaycore.transport.Transport;
import io.meshrelay.relaycore.transport.TransportKind;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Java load generator: one event loop thread sends (every flow's socket), another receives
 * and measures, both on Netty's native epoll transport (recvmmsg/sendmmsg) like the relay, with
 * NIO as the fallback. {@link #run} does one load point end to end: bind the receiver, let the
 * target set up its flows, send for the duration, wait for stragglers, tear down, and return the
 * measured {@link LoadResult}. The loops live as long as this object, so a sweep keeps its JIT
 * warmth between points. Not thread-safe: one point at a time, from one control thread.
 */
public final class LoadGenerator implements AutoCloseable {
    /** After the last packet is sent, stop waiting once the receiver was idle this long. */
    private static final long IDLE_END_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /** ... or at the latest this long after the last send. */
    private static final long MAX_DRAIN_NS = TimeUnit.SECONDS.toNanos(3);

    private final Transport transport;
    private final EventLoopGroup senderGroup;
    private final EventLoopGroup receiverGroup;
    private final EventLoop senderLoop;
    private final EventLoop receiverLoop;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public LoadGenerator(TransportKind kind) {
        this.transport = Transport.select(kind);
        this.senderGroup = transport.newGroup(1, "loadgen-tx");
        this.receiverGroup = transport.newGroup(1, "loadgen-rx");
        this.senderLoop = senderGroup.next();
        this.receiverLoop = receiverGroup.next();
    }

    /** {@code epoll}, {@code io_uring} or {@code nio}. */
    public String transportName() {
        return transport.toString();
    }

    /**
     * One load point through {@code target}; the receiver binds {@code receiverBind} (port 0 for
     * an ephemeral port). Bounded: the send phase stops at the planned count or after the
     * duration plus 30 s, the drain after 3 s.
     */
    public LoadResult run(LoadSpec spec, Target target, InetSocketAddress receiverBind) throws Exception {
        int runId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        try (LoadReceiver rx = LoadReceiver.bind(transport, receiverLoop, receiverBind)) {
            Target.Flows flows = target.setup(spec.flows(), rx.address());
            try {
                return measure(spec, flows, rx, runId, rx.address().getPort());
            } finally {
                target.teardown(spec.flows());
            }
        }
    }

    private LoadResult measure(LoadSpec spec, Target.Flows flows, LoadReceiver rx, int runId, int rxPort)
            throws Exception {
        SrtpSession[] txSrtp = null;
        SrtpSession[] rxSrtp = null;
        String suite = null;
        if (flows.srtp()) {
            txSrtp = sessions(flows.senderKeys(), true);
            rxSrtp = sessions(flows.receiverKeys(), false);
            suite = flows.senderKeys().get(0).suite().name();
        }
        rx.arm(runId, spec.flows(), spec.ssrcBase(), rxSrtp);
        LoadSender tx = LoadSender.open(transport, senderLoop, spec, flows.targets(), txSrtp, runId);
        try {
            long txThread = tx.threadId();
            long rxThread = rx.threadId();
            long txCpu0 = threads.getThreadCpuTime(txThread);
            long txUser0 = threads.getThreadUserTime(txThread);
            long rxCpu0 = threads.getThreadCpuTime(rxThread);
            long rxUser0 = threads.getThreadUserTime(rxThread);
            tx.start();
            long boundMs = (long) (spec.durationS() * 1000) + 30_000;
            if (!tx.finished().await(boundMs, TimeUnit.MILLISECONDS)) {
                tx.stop();
            }
            long sentTotal = senderState(tx, SenderState::sentOk);
            long endNs = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                if (rx.uniqueSoFar() >= sentTotal || now - endNs > MAX_DRAIN_NS
                        || (now - endNs > IDLE_END_NS && now - rx.lastBatchNs() > IDLE_END_NS)) {
                    break;
                }
                Thread.sleep(10);
            }
            long rxDrops = ProcNet.udpDrops(rxPort);
            SenderState st = senderState(tx, s -> s);
            ReceiverStats rs = rx.stats();
            double txCpu = (threads.getThreadCpuTime(txThread) - txCpu0) / 1e9;
            double txUser = (threads.getThreadUserTime(txThread) - txUser0) / 1e9;
            double rxCpu = (threads.getThreadCpuTime(rxThread) - rxCpu0) / 1e9;
            double rxUser = (threads.getThreadUserTime(rxThread) - rxUser0) / 1e9;
            return result(spec, runId, suite, st, rs, rxDrops, txUser, txCpu - txUser, rxUser, rxCpu - rxUser);
        } finally {
            tx.close();
        }
    }

    private static SrtpSession[] sessions(List<SrtpKeyMaterial> keys, boolean sender) {
        SrtpSession[] s = new SrtpSession[keys.size()];
        for (int i = 0; i < s.length; i++) {
            // the receiver skips SRTP's replay window so duplicates and reordering reach the statistics
            s[i] = sender ? SrtpSession.sender(keys.get(i)) : SrtpSession.receiverWithoutReplayCheck(keys.get(i));
        }
        return s;
    }

    /** A copy of the sender's counters taken on its thread. */
    private record SenderState(long[] written, long[] errors, long skipped, long unwritable, long srtpFailures,
            long t0, long tEnd, long maxBehindNs) {
        long sentOk() {
            long n = 0;
            for (int i = 0; i < written.length; i++) {
                n += Math.max(0, written[i] - errors[i]);
            }
            return n;
        }
    }

    private <T> T senderState(LoadSender tx, java.util.function.Function<SenderState, T> f) throws Exception {
        SenderState s = senderLoop.submit(() -> new SenderState(tx.written.clone(), tx.errors.clone(), tx.skipped,
                tx.unwritable, tx.srtpFailures, tx.t0, tx.tEnd, tx.maxBehindNs)).get(10, TimeUnit.SECONDS);
        return f.apply(s);
    }

    private LoadResult result(LoadSpec spec, int runId, String suite, SenderState st, ReceiverStats rs, long rxDrops,
            double txUser, double txSys, double rxUser, double rxSys) {
        long sent = 0;
        long errors = 0;
        long lost = 0;
        long dup = 0;
        long reorder = 0;
        long seen = 0;
        double worst = 0;
        for (int i = 0; i < spec.flows(); i++) {
            long ok = Math.max(0, st.written()[i] - st.errors()[i]);
            FlowTracker t = rs.flows[i];
            long l = Math.max(0, ok - t.unique);
            sent += ok;
            errors += st.errors()[i];
            lost += l;
            dup += t.duplicates;
            reorder += t.reordered;
            if (t.received > 0) {
                seen++;
            }
            if (ok > 0) {
                worst = Math.max(worst, 100.0 * l / ok);
            }
        }
        long unique = rs.unique();
        double elapsed = st.tEnd() > st.t0() ? (st.tEnd() - st.t0()) / 1e9 : 0;
        double rxWindow = rs.lastRxNs > rs.firstRxNs ? (rs.lastRxNs - rs.firstRxNs) / 1e9 : 0;
        LatencyHistogram h = rs.latency;
        return new LoadResult(spec.label(), "java-netty-" + transport, suite, runId, spec.flows(), spec.size(),
                spec.ratePps(), spec.durationS(), spec.tickUs(), spec.plannedPackets(), sent, errors, st.skipped(),
                st.unwritable(), st.srtpFailures(), elapsed, elapsed > 0 ? sent / elapsed : 0,
                st.maxBehindNs() / 1000.0, rs.received, unique, lost, sent > 0 ? 100.0 * lost / sent : 0, dup,
                reorder, rs.foreign, rs.stale, rs.srtpFailures, seen, worst, rxWindow,
                elapsed > 0 ? unique / elapsed : 0, rxDrops, h.count(), h.percentileUs(0.50), h.percentileUs(0.90),
                h.percentileUs(0.99), h.percentileUs(0.999), h.maxUs(), h.meanUs(), txUser, txSys, rxUser, rxSys);
    }

    @Override
    public void close() {
        senderGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        receiverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
