package io.meshrelay.controlplane.agent;

import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.path.BackupPath;
import io.meshrelay.controlplane.path.PathEvaluation;
import io.meshrelay.controlplane.path.PathFinder;
import io.meshrelay.controlplane.path.PathPlan;
import io.meshrelay.controlplane.path.RankedPath;
import io.meshrelay.controlplane.path.SwitchDecision;
import io.meshrelay.controlplane.path.SwitchPolicy;
import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.forward.Path;
import io.meshrelay.relaycore.forward.PathSet;
import io.meshrelay.relaycore.session.Flow;
import io.meshrelay.relaycore.session.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes and installs the path set of every flow this node originates (one per local
 * session and remote anchor), from the LSDB and the mesh policy. A new primary replaces the
 * installed one only when the switch policy says so (clear gain, breached threshold, dead
 * path), and then make-before-break with the policy's overlap; backups are refreshed freely.
 * Agent thread.
 */
public final class FlowManager {
    private static final Logger LOG = LoggerFactory.getLogger(FlowManager.class);

    /** Per flow: when it last switched, and stable ids for the paths it has used. */
    private static final class FlowState {
        long lastSwitchMs;
        int epoch;
        final Map<List<String>, Integer> pathIds = new HashMap<>();
        int nextPathId = 1;

        int idFor(List<String> nodes) {
            return pathIds.computeIfAbsent(nodes, k -> nextPathId++ & 0xFFFF);
        }
    }

    private final DataPlane dataPlane;
    private final Map<String, Map<String, FlowState>> states = new HashMap<>();
    private final Set<Integer> activePeers = new HashSet<>();
    private long switches;

    public FlowManager(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    /**
     * Brings every flow in line with {@code remoteAnchors} (session id -> anchor node ids other
     * than this one). {@code indexOf} maps node ids to trunk indices (negative: unknown).
     */
    public void sync(String self, Map<String, Set<String>> remoteAnchors, PathFinder finder, MeshPolicy policy,
            ToIntFunction<String> indexOf, long nowMs) {
        activePeers.clear();
        SwitchPolicy switchPolicy = new SwitchPolicy(policy.thresholds());
        for (Map.Entry<String, Set<String>> e : remoteAnchors.entrySet()) {
            Session s = dataPlane.session(e.getKey());
            if (s == null) {
                continue;
            }
            Map<String, FlowState> perAnchor = states.computeIfAbsent(s.id(), k -> new HashMap<>());
            Set<Integer> wanted = new HashSet<>();
            for (String anchor : e.getValue()) {
                int idx = indexOf.applyAsInt(anchor);
                if (idx < 0) {
                    continue;
                }
                wanted.add(idx);
                FlowState st = perAnchor.computeIfAbsent(anchor, k -> new FlowState());
                try {
                    syncFlow(self, s, anchor, idx, st, finder, policy, switchPolicy, indexOf, nowMs);
                } catch (RuntimeException ex) {
                    // one flow's bad data must not stop the others from being kept up to date
                    LOG.warn("session {}: flow to {} not updated: {}", s.id(), anchor, ex.toString());
                }
            }
            for (Flow f : s.flows()) {
                if (!wanted.contains(f.remoteNode())) {
                    dataPlane.removeFlow(s, f.remoteNode());
                }
            }
            perAnchor.keySet().retainAll(e.getValue());
        }
        states.keySet().retainAll(remoteAnchors.keySet());
        for (Session s : dataPlane.sessions()) {
            if (!remoteAnchors.containsKey(s.id())) {
                for (Flow f : s.flows()) {
                    dataPlane.removeFlow(s, f.remoteNode());
                }
            } else {
                for (Flow f : s.flows()) {
                    PathSet ps = f.pathSet();
                    if (ps != null) {
                        ps.active().forEach(p -> activePeers.add(p.firstHop()));
                        ps.backups().forEach(p -> activePeers.add(p.firstHop()));
                    }
                }
            }
        }
    }

    private void syncFlow(String self, Session s, String anchor, int anchorIdx, FlowState st, PathFinder finder,
            MeshPolicy policy, SwitchPolicy switchPolicy, ToIntFunction<String> indexOf, long nowMs) {
        Flow f = s.flow(anchorIdx);
        PathSet current = f == null ? null : f.pathSet();
        boolean known = finder.graph().indexOf(self) >= 0 && finder.graph().indexOf(anchor) >= 0;
        PathPlan plan = known ? finder.plan(self, anchor, policy.k(), policy.backups(), policy.constraints()) : null;
        if (plan == null || !plan.hasPath()) {
            if (current == null) {
                // nothing measured yet (a fresh mesh): go direct so media flows from the first packet
                List<String> direct = List.of(self, anchor);
                dataPlane.installPathSet(s, anchorIdx, PathSet.single(++st.epoch, new Path(st.idFor(direct), anchorIdx)),
                        0);
                st.lastSwitchMs = nowMs;
            }
            return;
        }
        if (current == null) {
            install(s, anchorIdx, st, plan.primary(), plan, policy, indexOf, 0);
            st.lastSwitchMs = nowMs;
            return;
        }
        List<String> currentNodes = nodesOf(self, current.active().get(0));
        PathEvaluation eval = finder.evaluate(currentNodes, policy.constraints());
        SwitchDecision d = switchPolicy.decide(eval, plan.ranked(), nowMs, st.lastSwitchMs);
        if (d.reason().switches() && d.target() != null && !d.target().nodes().equals(currentNodes)) {
            install(s, anchorIdx, st, d.target(), plan, policy, indexOf, policy.overlapMs() * 1_000_000L);
            st.lastSwitchMs = nowMs;
            switches++;
            LOG.info("session {}: flow to {} switches {} -> {} ({}: {})", s.id(), anchor, String.join(">", currentNodes),
                    String.join(">", d.target().nodes()), d.reason(), d.detail());
            return;
        }
        // keep the primary; refresh backups (and the redundant second path) without overlap
        PathSet next = build(st, currentNodes, plan, policy, indexOf);
        if (next != null && (!next.backups().equals(current.backups()) || !next.active().equals(current.active()))) {
            dataPlane.installPathSet(s, anchorIdx, next, 0);
        }
    }

    private void install(Session s, int anchorIdx, FlowState st, RankedPath primary, PathPlan plan, MeshPolicy policy,
            ToIntFunction<String> indexOf, long overlapNs) {
        PathSet next = build(st, primary.nodes(), plan, policy, indexOf);
        if (next != null) {
            dataPlane.installPathSet(s, anchorIdx, next, overlapNs);
        }
    }

    /** The path set with {@code primaryNodes} first, the plan's backups after, a second active path if redundant. */
    private PathSet build(FlowState st, List<String> primaryNodes, PathPlan plan, MeshPolicy policy,
            ToIntFunction<String> indexOf) {
        Path primary = toPath(st, primaryNodes, indexOf);
        if (primary == null) {
            return null;
        }
        List<Path> backups = new ArrayList<>();
        for (BackupPath b : plan.backups()) {
            addIfNew(backups, primary, toPath(st, b.path().nodes(), indexOf));
        }
        if (!plan.primary().nodes().equals(primaryNodes)) {
            addIfNew(backups, primary, toPath(st, plan.primary().nodes(), indexOf));
        }
        for (RankedPath r : plan.ranked()) {
            if (backups.size() >= policy.backups()) {
                break;
            }
            addIfNew(backups, primary, toPath(st, r.nodes(), indexOf));
        }
        st.epoch++;
        if (policy.mode() == MeshPolicy.Mode.REDUNDANT && !backups.isEmpty()) {
            Path second = backups.remove(0);
            return PathSet.redundant(st.epoch, new Path[] {primary, second}, backups.toArray(new Path[0]));
        }
        return PathSet.single(st.epoch, primary, backups.toArray(new Path[0]));
    }

    private static void addIfNew(List<Path> list, Path primary, Path p) {
        if (p != null && !p.equals(primary) && !list.contains(p)) {
            list.add(p);
        }
    }

    private static Path toPath(FlowState st, List<String> nodes, ToIntFunction<String> indexOf) {
        if (nodes.size() < 2) {
            return null;
        }
        int[] idx = new int[nodes.size() - 1];
        for (int i = 1; i < nodes.size(); i++) {
            idx[i - 1] = indexOf.applyAsInt(nodes.get(i));
            if (idx[i - 1] < 0) {
                return null;
            }
        }
        return new Path(st.idFor(nodes), idx);
    }

    /** Node ids of an installed path, starting at this node. */
    private List<String> nodesOf(String self, Path p) {
        List<String> out = new ArrayList<>();
        out.add(self);
        for (int n : p.nodes()) {
            out.add(idOf.apply(n));
        }
        return out;
    }

    private java.util.function.IntFunction<String> idOf = i -> String.valueOf(i);

    /** How node indices map back to ids (for reading installed paths). */
    public void idMapping(java.util.function.IntFunction<String> mapping) {
        this.idOf = mapping;
    }

    /** First hops of every installed path: links to probe at the active rate. */
    public Set<Integer> activePeers() {
        return Set.copyOf(activePeers);
    }

    public long switches() {
        return switches;
    }
}
