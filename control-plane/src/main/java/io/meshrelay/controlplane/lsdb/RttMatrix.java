package io.meshrelay.controlplane.lsdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A symmetric round-trip-time matrix in the {@code {"A-B": ms}} form of
 * {@code rtt-100-nodes.json} (integer node numbers, each unordered pair once), turned into an
 * LSDB snapshot for what-if analysis. Nodes get the ids {@code "0"}, {@code "1"}, ...; every pair
 * becomes two up links with that RTT, no jitter, no loss and no bandwidth estimate; every node
 * load 0. Regions come from {@link RegionClustering} (k-medoids on RTT) and are named after
 * their medoid, {@code r23} = "the servers nearest to server 23". Accumulates pairs on one
 * thread, then {@link #toSnapshot} builds an immutable result.
 */
public final class RttMatrix {
    /** Continental-scale regions for a world-wide fleet (docs/paths.md shows the 100-node split). */
    public static final int DEFAULT_REGIONS = 8;

    static final Pattern KEY = Pattern.compile("(\\d{1,9})-(\\d{1,9})");

    /** (low, high) node numbers -> RTT, and the key it was read under (for error messages). */
    private final TreeMap<Long, Double> rtt = new TreeMap<>();
    private final Map<Long, String> keyOf = new TreeMap<>();

    /** True when {@code key} has the {@code "A-B"} shape (used to tell this format from an LSDB). */
    public static boolean looksLikePairKey(String key) {
        return KEY.matcher(key).matches();
    }

    /** Adds one pair; rejects self pairs, negative or non-finite RTTs and contradicting duplicates. */
    public void add(String key, double rttMs) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new LsdbException("'" + key + "': an RTT matrix key must be \"A-B\" with node numbers A and B");
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        if (a == b) {
            throw new LsdbException("'" + key + "': a node has no RTT to itself");
        }
        if (!(rttMs >= 0 && rttMs < Double.POSITIVE_INFINITY)) {
            throw new LsdbException("'" + key + "': RTT must be a finite number of ms >= 0, got " + rttMs);
        }
        long pair = ((long) Math.min(a, b) << 32) | Math.max(a, b);
        Double before = rtt.putIfAbsent(pair, rttMs);
        if (before != null) {
            throw new LsdbException("'" + key + "': pair already given as '" + keyOf.get(pair) + "'"
                    + (before == rttMs ? "" : " with " + fmt(before) + " ms")
                    + " (each unordered pair appears once)");
        }
        keyOf.put(pair, key);
    }

    public int pairs() {
        return rtt.size();
    }

    /**
     * The snapshot this matrix describes, with nodes clustered into {@code regions} regions
     * (fewer if there are fewer nodes). Pairs missing from the matrix have no link; for
     * clustering they count as twice the largest RTT given.
     */
    public LsdbSnapshot toSnapshot(int regions) {
        if (regions < 1) {
            throw new LsdbException("regions: must be >= 1, got " + regions);
        }
        if (rtt.isEmpty()) {
            throw new LsdbException("the RTT matrix has no pairs");
        }
        TreeMap<Integer, Integer> index = new TreeMap<>();
        for (long pair : rtt.keySet()) {
            index.putIfAbsent((int) (pair >>> 32), 0);
            index.putIfAbsent((int) pair, 0);
        }
        int n = index.size();
        int[] number = new int[n];
        int i = 0;
        for (Map.Entry<Integer, Integer> e : index.entrySet()) {
            number[i] = e.getKey();
            e.setValue(i++);
        }
        double max = 0;
        for (double v : rtt.values()) {
            max = Math.max(max, v);
        }
        double[][] d = new double[n][n];
        for (double[] row : d) {
            Arrays.fill(row, 2 * max + 1);
        }
        for (int j = 0; j < n; j++) {
            d[j][j] = 0;
        }
        for (Map.Entry<Long, Double> e : rtt.entrySet()) {
            int a = index.get((int) (e.getKey() >>> 32));
            int b = index.get((int) (long) e.getKey());
            d[a][b] = e.getValue();
            d[b][a] = e.getValue();
        }
        RegionClustering.Result clusters = RegionClustering.pam(d, Math.min(regions, n));
        List<LsdbNode> nodes = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            nodes.add(LsdbNode.of(Integer.toString(number[j]), "r" + number[clusters.medoidOf()[j]], 0));
        }
        List<LsdbLink> links = new ArrayList<>(rtt.size() * 2);
        for (Map.Entry<Long, Double> e : rtt.entrySet()) {
            String a = Integer.toString((int) (e.getKey() >>> 32));
            String b = Integer.toString((int) (long) e.getKey());
            links.add(LsdbLink.rttOnly(a, b, e.getValue()));
            links.add(LsdbLink.rttOnly(b, a, e.getValue()));
        }
        return new LsdbSnapshot(0, nodes, links);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
