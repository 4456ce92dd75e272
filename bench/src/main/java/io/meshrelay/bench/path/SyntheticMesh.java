package io.meshrelay.bench.path;

import io.meshrelay.controlplane.lsdb.LoadFigures;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded full-mesh LSDB snapshots for the path benchmarks. Two shapes:
 * <ul>
 * <li>{@code geo}: nodes scattered around eight metros; RTT is twice the great-circle distance at
 * 200 km/ms, times a per-pair routing inflation of 1.2-2.0, plus 1-3 ms: like the real
 * rtt-100-nodes data, many pairs have a faster detour;</li>
 * <li>{@code uniform}: every RTT independent in 5-250 ms, the adversarial case where the best
 * paths have many hops.</li>
 * </ul>
 * In both: jitter a few % of the RTT, 15% of links with 0-2% loss, bandwidth 100-1000 Mbit/s
 * (10% of links 10-100), node load 0-0.9. Built on the benchmark's setup thread.
 */
public final class SyntheticMesh {
    private static final double[][] METROS = {
        {50.1, 8.7}, {51.5, -0.1}, {38.9, -77.0}, {37.4, -122.0}, {-23.5, -46.6}, {1.35, 103.8}, {35.7, 139.7}, {-33.9, 151.2},
    };
    private static final String[] METRO_NAMES = {"eu-central", "eu-west", "us-east", "us-west", "sa-east", "ap-southeast",
        "ap-northeast", "ap-south"};

    private SyntheticMesh() {
    }

    public static LsdbSnapshot fullMesh(int n, String shape, long seed) {
        Random r = new Random(seed);
        boolean geo = switch (shape) {
            case "geo" -> true;
            case "uniform" -> false;
            default -> throw new IllegalArgumentException("shape: geo or uniform, got " + shape);
        };
        double[] lat = new double[n];
        double[] lon = new double[n];
        List<LsdbNode> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int metro = r.nextInt(METROS.length);
            lat[i] = Math.max(-89, Math.min(89, METROS[metro][0] + r.nextGaussian() * 4));
            lon[i] = ((METROS[metro][1] + r.nextGaussian() * 6) + 540) % 360 - 180;
            nodes.add(new LsdbNode(id(i), METRO_NAMES[metro], lat[i], lon[i], true, r.nextDouble() * 0.9, LoadFigures.NONE));
        }
        List<LsdbLink> links = new ArrayList<>(n * (n - 1));
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                double rtt = geo
                        ? 2 * greatCircleKm(lat[a], lon[a], lat[b], lon[b]) / 200.0 * (1.2 + 0.8 * r.nextDouble()) + 1 + 2 * r.nextDouble()
                        : 5 + 245 * r.nextDouble();
                links.add(link(r, id(a), id(b), rtt));
                links.add(link(r, id(b), id(a), rtt));
            }
        }
        return new LsdbSnapshot(1, nodes, links);
    }

    static String id(int i) {
        return String.format("n%04d", i);
    }

    private static LsdbLink link(Random r, String from, String to, double rtt) {
        double jitter = rtt * (0.01 + 0.04 * r.nextDouble());
        double loss = r.nextDouble() < 0.15 ? 0.02 * r.nextDouble() : 0;
        double bw = r.nextDouble() < 0.1 ? 10 + 90 * r.nextDouble() : 100 + 900 * r.nextDouble();
        return new LsdbLink(from, to, rtt, jitter, loss, bw, true);
    }

    private static double greatCircleKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
