package io.meshrelay.controlplane.path;

import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An LSDB snapshot compiled once into primitive arrays for path search: nodes are indices
 * {@code 0..n-1} in ascending id order (so equal snapshots give equal graphs whatever their
 * list order), links are edges in compressed-sparse-row form, out-edges of each node sorted by
 * head index, plus the same edges grouped by head for searches toward a target. Down nodes and
 * links stay in the graph (a path over them can still be evaluated) and are priced out by
 * {@link LinkCosts}. Immutable after construction; safe to share between threads.
 */
public final class MeshGraph {
    final int n;
    final String[] ids;
    private final Map<String, Integer> indexOfId;
    final String[] regionNames;
    final int[] region;
    final double[] load;
    final boolean[] nodeUp;

    /** Out-edges of {@code u}: {@code outStart[u] <= e < outStart[u + 1]}, edge {@code e} is {@code tail[e] -> head[e]}. */
    final int[] outStart;
    final int[] head;
    final int[] tail;
    final double[] rttMs;
    final double[] jitterMs;
    final double[] loss;
    /** Available bandwidth, Mbit/s; NaN when not measured. */
    final double[] bandwidthMbps;
    final boolean[] linkUp;

    /** In-edges of {@code v}: {@code inStart[v] <= j < inStart[v + 1]}, edge {@code inEdge[j]} from {@code inTail[j]}. */
    final int[] inStart;
    final int[] inEdge;
    final int[] inTail;

    private final long epoch;

    private MeshGraph(LsdbSnapshot s) {
        this.epoch = s.epoch();
        List<LsdbNode> nodes = s.nodes();
        n = nodes.size();
        LsdbNode[] sorted = nodes.toArray(new LsdbNode[0]);
        Arrays.sort(sorted, (a, b) -> a.id().compareTo(b.id()));
        ids = new String[n];
        indexOfId = new HashMap<>(n * 2);
        TreeSet<String> regionSet = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            ids[i] = sorted[i].id();
            indexOfId.put(ids[i], i);
            regionSet.add(sorted[i].region());
        }
        regionNames = regionSet.toArray(new String[0]);
        region = new int[n];
        load = new double[n];
        nodeUp = new boolean[n];
        for (int i = 0; i < n; i++) {
            region[i] = Arrays.binarySearch(regionNames, sorted[i].region());
            load[i] = sorted[i].load();
            nodeUp[i] = sorted[i].up();
        }

        List<LsdbLink> links = s.links();
        int m = links.size();
        int[] from = new int[m];
        int[] to = new int[m];
        outStart = new int[n + 1];
        for (int k = 0; k < m; k++) {
            from[k] = indexOfId.get(links.get(k).from());
            to[k] = indexOfId.get(links.get(k).to());
            outStart[from[k] + 1]++;
        }
        for (int u = 0; u < n; u++) {
            outStart[u + 1] += outStart[u];
        }
        // Counting sort by tail, then each node's out-edges by head: (head << 32 | link) sorts by head.
        long[] keyed = new long[m];
        int[] fill = Arrays.copyOf(outStart, n);
        for (int k = 0; k < m; k++) {
            keyed[fill[from[k]]++] = ((long) to[k] << 32) | k;
        }
        for (int u = 0; u < n; u++) {
            Arrays.sort(keyed, outStart[u], outStart[u + 1]);
        }
        head = new int[m];
        tail = new int[m];
        rttMs = new double[m];
        jitterMs = new double[m];
        loss = new double[m];
        bandwidthMbps = new double[m];
        linkUp = new boolean[m];
        for (int u = 0; u < n; u++) {
            for (int e = outStart[u]; e < outStart[u + 1]; e++) {
                LsdbLink l = links.get((int) keyed[e]);
                head[e] = (int) (keyed[e] >>> 32);
                tail[e] = u;
                rttMs[e] = l.rttMs();
                jitterMs[e] = l.jitterMs();
                loss[e] = l.loss();
                bandwidthMbps[e] = l.availableBandwidthMbps() == null ? Double.NaN : l.availableBandwidthMbps();
                linkUp[e] = l.up();
            }
        }
        // In-edges grouped by head; scanning edges in tail order keeps each group sorted by tail.
        inStart = new int[n + 1];
        for (int e = 0; e < m; e++) {
            inStart[head[e] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            inStart[v + 1] += inStart[v];
        }
        inEdge = new int[m];
        inTail = new int[m];
        int[] at = Arrays.copyOf(inStart, n);
        for (int e = 0; e < m; e++) {
            int j = at[head[e]]++;
            inEdge[j] = e;
            inTail[j] = tail[e];
        }
    }

    public static MeshGraph of(LsdbSnapshot snapshot) {
        return new MeshGraph(snapshot);
    }

    public int nodeCount() {
        return n;
    }

    public int linkCount() {
        return head.length;
    }

    public long epoch() {
        return epoch;
    }

    /** The index of node {@code id}, or -1. */
    public int indexOf(String id) {
        Integer i = indexOfId.get(id);
        return i == null ? -1 : i;
    }

    public String id(int node) {
        return ids[node];
    }

    public String regionOf(int node) {
        return regionNames[region[node]];
    }

    /** Region labels, sorted. */
    public List<String> regions() {
        return List.of(regionNames);
    }

    /** Node ids in index order (sorted). */
    public List<String> nodeIds() {
        return List.of(ids);
    }

    /** The edge {@code u -> v}, or -1 when the LSDB has no such link. */
    int edge(int u, int v) {
        int lo = outStart[u];
        int hi = outStart[u + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int h = head[mid];
            if (h < v) {
                lo = mid + 1;
            } else if (h > v) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
