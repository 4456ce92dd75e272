package io.meshrelay.controlplane.agent;

import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.trunk.ProbeListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures this node's links to every peer over the trunk: echo probes give RTT (EWMA),
 * jitter and loss over a sliding window; short back-to-back trains give an available-bandwidth
 * estimate from their spread at the peer. Links that carry flows are probed fast, the rest
 * slowly. A link whose answers stop for longer than the down threshold is reported down at
 * once (the caller reroutes without waiting for the controller).
 *
 * <p>State is owned by the agent thread that calls {@link #tick(long)}; answers arrive on I/O
 * threads and are queued for it.
 */
public final class LinkMonitor implements ProbeListener {
    /** A train sent faster than this per gap was sent back to back (this sender was not descheduled). */
    static final long BACK_TO_BACK_GAP_NS = 50_000;

    /**
     * Mbit/s one train shows the path carries, or NaN if it shows nothing: {@code gaps} = packets - 1,
     * spreads from the first to the last packet as sent here and as received by the peer.
     */
    static double trainMbps(int gaps, int bytes, long txSpreadNs, long rxSpreadNs) {
        if (gaps <= 0 || bytes <= 0 || rxSpreadNs <= 0) {
            return Double.NaN;
        }
        double bits = (double) gaps * bytes * 8;
        if (rxSpreadNs >= 2 * txSpreadNs) {
            return bits / (rxSpreadNs / 1e9) / 1e6; // the path spread the train: its dispersion is the measure
        }
        if (txSpreadNs > gaps * BACK_TO_BACK_GAP_NS) {
            return Double.NaN; // we sent it slowly (descheduled mid-train): it measured this sender, not the path
        }
        // sent back to back and arrived about as fast: the path is faster than this sender (loopback, a LAN),
        // so it carries at least the rate the train went through at
        return bits / (Math.max(rxSpreadNs, txSpreadNs) / 1e9) / 1e6;
    }

    /** Told on the agent thread when a link's state flips. */
    public interface Listener {
        void linkDown(int peer);

        void linkUp(int peer);
    }

    private record Reply(int peer, long seq, long sentNs, long peerRxNs, long rxNs, int size, int trainId,
            int trainIndex, int trainLength) {
    }

    private final DataPlane dataPlane;
    private final ProbeSettings settings;
    private final Listener listener;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Link> links = new HashMap<>();
    private Set<Integer> active = Set.of();
    private long nextSeq = 1;
    private int nextTrain = 1;

    public LinkMonitor(DataPlane dataPlane, ProbeSettings settings, Listener listener) {
        this.dataPlane = dataPlane;
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public void onReply(int peer, long seq, long sentNs, long peerRxNs, long receivedNs, int size, int trainId,
            int trainIndex, int trainLength) {
        replies.add(new Reply(peer, seq, sentNs, peerRxNs, receivedNs, size, trainId, trainIndex, trainLength));
    }

    /** The peers to probe (everyone with a known trunk address). Agent thread. */
    public void setPeers(Set<Integer> peers, long nowNs) {
        links.keySet().retainAll(peers);
        for (int p : peers) {
            links.computeIfAbsent(p, k -> new Link(k, nowNs));
        }
    }

    /** Peers that carry flows: probed at the active rate. Agent thread. */
    public void setActive(Set<Integer> peers) {
        this.active = Set.copyOf(peers);
    }

    /** Processes answers, sends due probes and trains, detects loss and down links. Agent thread. */
    public void tick(long nowNs) {
        for (Reply r; (r = replies.poll()) != null; ) {
            Link l = links.get(r.peer);
            if (l != null) {
                l.onReply(r);
            }
        }
        for (Link l : links.values()) {
            boolean isActive = active.contains(l.peer);
            long interval = (isActive ? settings.activeInterval() : settings.idleInterval()).toNanos();
            if (nowNs - l.lastProbeNs >= interval) {
                long seq = nextSeq++;
                if (dataPlane.sendProbes(l.peer, seq, 1, 64, 0)) {
                    l.sent(seq, nowNs);
                }
                l.lastProbeNs = nowNs;
            }
            if (nowNs >= l.nextTrainNs) {
                int train = nextTrain++ & 0xFFFF;
                if (train == 0) {
                    train = nextTrain++;
                }
                l.trainStarted(train);
                dataPlane.sendProbes(l.peer, nextSeq, settings.trainPackets(), settings.trainPacketBytes(), train);
                nextSeq += settings.trainPackets();
                // spread trains of different links over the interval
                l.nextTrainNs = nowNs + (long) (settings.trainInterval().toNanos() * (0.75 + 0.5
                        * ThreadLocalRandom.current().nextDouble()));
            }
            l.expire(nowNs, isActive);
            boolean down = l.silentTooLong(nowNs, settings.downAfter().toNanos());
            if (down && l.up) {
                l.up = false;
                listener.linkDown(l.peer);
            } else if (!down && !l.up) {
                l.up = true;
                listener.linkUp(l.peer);
            }
        }
    }

    /** Current measurements of every link. Agent thread. */
    public List<LinkMeasurement> measurements() {
        List<LinkMeasurement> out = new ArrayList<>();
        for (Link l : links.values()) {
            out.add(l.measurement(active.contains(l.peer)));
        }
        out.sort((a, b) -> Integer.compare(a.peer(), b.peer()));
        return out;
    }

    public LinkMeasurement measurement(int peer) {
        Link l = links.get(peer);
        return l == null ? null : l.measurement(active.contains(peer));
    }

    /** Per-peer state; agent thread only. */
    private final class Link {
        final int peer;
        /** Outstanding echo probes: seq -> send time. */
        final Map<Long, Long> pending = new HashMap<>();
        /** Outcomes of the last lossWindow probes: true = answered. */
        final boolean[] window = new boolean[settings.lossWindow()];
        int windowCount;
        int windowPos;
        double rttMs = -1;
        double jitterMs;
        double lastRttMs = -1;
        double bandwidthMbps = -1;
        long lastProbeNs;
        long nextTrainNs;
        boolean up = true;
        /** Send time of the oldest probe sent after the last answer; 0 when none is waiting. */
        long firstUnansweredNs;
        int train;
        long trainFirstRxNs;
        long trainFirstTxNs;
        int trainFirstIndex = -1;
        long trainLastRxNs;
        long trainLastTxNs;
        int trainLastIndex = -1;
        int trainBytes;
        /** The last few valid train estimates; the best of them is reported. */
        final double[] estimates = new double[4];
        int estimateCount;

        Link(int peer, long nowNs) {
            this.peer = peer;
            // first train a few seconds in, so a fresh mesh measures RTT before bandwidth
            this.nextTrainNs = nowNs + 2_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        }

        void sent(long seq, long nowNs) {
            pending.put(seq, nowNs);
            if (firstUnansweredNs == 0) {
                firstUnansweredNs = nowNs;
            }
        }

        void onReply(Reply r) {
            if (r.trainId != 0) {
                onTrainReply(r);
                return;
            }
            Long sentNs = pending.remove(r.seq);
            if (sentNs == null) {
                return; // already counted as lost, or not ours
            }
            double rtt = (r.rxNs - r.sentNs) / 1e6;
            if (rttMs < 0) {
                rttMs = rtt;
            } else {
                rttMs += 0.2 * (rtt - rttMs);
            }
            if (lastRttMs >= 0) {
                jitterMs += (Math.abs(rtt - lastRttMs) - jitterMs) / 16.0;
            }
            lastRttMs = rtt;
            firstUnansweredNs = 0;
            for (Map.Entry<Long, Long> e : pending.entrySet()) {
                if (e.getKey() > r.seq && (firstUnansweredNs == 0 || e.getValue() < firstUnansweredNs)) {
                    firstUnansweredNs = e.getValue();
                }
            }
            record(true);
        }

        private void onTrainReply(Reply r) {
            if (r.trainId != train) {
                return;
            }
            if (trainFirstIndex < 0 || r.trainIndex < trainFirstIndex) {
                trainFirstIndex = r.trainIndex;
                trainFirstRxNs = r.peerRxNs;
                trainFirstTxNs = r.sentNs;
            }
            if (r.trainIndex > trainLastIndex) {
                trainLastIndex = r.trainIndex;
                trainLastRxNs = r.peerRxNs;
                trainLastTxNs = r.sentNs;
            }
            trainBytes = r.size;
            if (trainLastIndex - trainFirstIndex == r.trainLength - 1) {
                train = 0;
                double mbps = trainMbps(trainLastIndex - trainFirstIndex, trainBytes, trainLastTxNs - trainFirstTxNs,
                        trainLastRxNs - trainFirstRxNs);
                if (Double.isNaN(mbps)) {
                    return;
                }
                estimates[estimateCount++ % estimates.length] = mbps;
                // cross traffic and receiver hiccups only ever stretch a train: the best recent one is closest
                double best = 0;
                for (int i = 0; i < Math.min(estimateCount, estimates.length); i++) {
                    best = Math.max(best, estimates[i]);
                }
                bandwidthMbps = best;
            }
        }

        void trainStarted(int id) {
            train = id;
            trainFirstIndex = -1;
            trainLastIndex = -1;
        }

        /** Probes unanswered after a timeout scaled to the link's RTT count as lost. */
        void expire(long nowNs, boolean isActive) {
            long timeoutNs = Math.max(Math.max(
                    rttMs < 0 ? 1_000_000_000L : (long) ((rttMs * 3 + 4 * jitterMs) * 1e6),
                    (isActive ? settings.activeInterval() : settings.idleInterval()).toNanos()),
                    settings.downAfter().toNanos());
            pending.entrySet().removeIf(e -> {
                if (nowNs - e.getValue() > timeoutNs) {
                    record(false);
                    return true;
                }
                return false;
            });
        }

        /** Down: a probe has waited longer than downAfter beyond one RTT and nothing came back since. */
        boolean silentTooLong(long nowNs, long downAfterNs) {
            long rttNs = rttMs < 0 ? 0 : (long) (rttMs * 1e6);
            return firstUnansweredNs != 0 && nowNs - firstUnansweredNs > downAfterNs + rttNs;
        }

        private void record(boolean answered) {
            window[windowPos] = answered;
            windowPos = (windowPos + 1) % window.length;
            windowCount = Math.min(windowCount + 1, window.length);
        }

        LinkMeasurement measurement(boolean isActive) {
            int lost = 0;
            for (int i = 0; i < windowCount; i++) {
                if (!window[i]) {
                    lost++;
                }
            }
            double loss = windowCount == 0 ? 0 : (double) lost / windowCount;
            return new LinkMeasurement(peer, rttMs, jitterMs, loss, bandwidthMbps, up, isActive, windowCount);
        }
    }
}
