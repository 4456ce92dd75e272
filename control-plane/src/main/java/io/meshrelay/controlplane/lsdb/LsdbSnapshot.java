package io.meshrelay.controlplane.lsdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One consistent view of the mesh: every node with its region and load, and every measured
 * directed link. This is what {@code GET /v1/mesh/links} serves and what
 * {@code meshrelay mesh paths --lsdb FILE} reads ({@link LsdbJson}). Validated whole on
 * construction, so a snapshot that exists is usable; immutable and safe to share between threads.
 *
 * @param epoch LSDB generation, increasing with every change the controller reflects (0 for files)
 * @param nodes every member node, ids unique
 * @param links directed links between members, at most one per ordered pair
 */
public record LsdbSnapshot(long epoch, List<LsdbNode> nodes, List<LsdbLink> links) {
    /** The JSON format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public LsdbSnapshot {
        if (epoch < 0) {
            throw new LsdbException("epoch: must be >= 0, got " + epoch);
        }
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        Map<String, Integer> byId = new HashMap<>(nodes.size() * 2);
        for (int i = 0; i < nodes.size(); i++) {
            Integer before = byId.putIfAbsent(nodes.get(i).id(), i);
            if (before != null) {
                throw new LsdbException("nodes[" + i + "].id: duplicate node '" + nodes.get(i).id()
                        + "' (also nodes[" + before + "])");
            }
        }
        Map<String, Integer> pairs = new HashMap<>(links.size() * 2);
        for (int i = 0; i < links.size(); i++) {
            LsdbLink l = links.get(i);
            if (!byId.containsKey(l.from())) {
                throw new LsdbException("links[" + i + "].from: unknown node '" + l.from() + "'");
            }
            if (!byId.containsKey(l.to())) {
                throw new LsdbException("links[" + i + "].to: unknown node '" + l.to() + "'");
            }
            Integer before = pairs.putIfAbsent(l.from() + '\n' + l.to(), i);
            if (before != null) {
                throw new LsdbException("links[" + i + "]: duplicate link " + l.from() + " -> " + l.to()
                        + " (also links[" + before + "])");
            }
        }
    }

    /** Region labels in use, sorted. */
    public List<String> regions() {
        TreeSet<String> r = new TreeSet<>();
        for (LsdbNode n : nodes) {
            r.add(n.region());
        }
        return List.copyOf(r);
    }

    /** Node ids per region, both sorted. */
    public Map<String, List<String>> nodesByRegion() {
        TreeMap<String, TreeSet<String>> m = new TreeMap<>();
        for (LsdbNode n : nodes) {
            m.computeIfAbsent(n.region(), k -> new TreeSet<>()).add(n.id());
        }
        Map<String, List<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** The node with this id, or null. Linear: for tools and tests, not for path computation. */
    public LsdbNode node(String id) {
        for (LsdbNode n : nodes) {
            if (n.id().equals(id)) {
                return n;
            }
        }
        return null;
    }

    /** A copy with {@code replacement} in place of the link with the same ends (added if absent). */
    public LsdbSnapshot withLink(LsdbLink replacement) {
        List<LsdbLink> copy = new ArrayList<>(links);
        boolean replaced = false;
        for (int i = 0; i < copy.size(); i++) {
            LsdbLink l = copy.get(i);
            if (l.from().equals(replacement.from()) && l.to().equals(replacement.to())) {
                copy.set(i, replacement);
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            copy.add(replacement);
        }
        return new LsdbSnapshot(epoch + 1, nodes, copy);
    }
}
