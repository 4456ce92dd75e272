package io.meshrelay.controlplane.lsdb;

import java.util.Arrays;

/**
 * Partitioning around medoids (PAM: greedy BUILD, then SWAP until no swap lowers the total
 * distance; Kaufman and Rousseeuw, "Finding Groups in Data", 1990, ch. 2) over a symmetric
 * distance matrix. Used to give nodes known only by their RTTs a region. Deterministic: ties go
 * to the lowest index. Stateless.
 */
final class RegionClustering {
    private RegionClustering() {
    }

    /** The chosen medoids (node indices, ascending) and each node's medoid. */
    record Result(int[] medoids, int[] medoidOf) {
    }

    static Result pam(double[][] d, int k) {
        int n = d.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k=" + k + " for " + n + " points");
        }
        int[] medoids = new int[k];
        boolean[] isMedoid = new boolean[n];
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        // BUILD: each step adds the point that lowers the total distance most.
        for (int m = 0; m < k; m++) {
            int best = -1;
            double bestTotal = Double.POSITIVE_INFINITY;
            for (int h = 0; h < n; h++) {
                if (isMedoid[h]) {
                    continue;
                }
                double total = 0;
                for (int j = 0; j < n; j++) {
                    total += Math.min(nearest[j], d[h][j]);
                }
                if (total < bestTotal) {
                    bestTotal = total;
                    best = h;
                }
            }
            medoids[m] = best;
            isMedoid[best] = true;
            for (int j = 0; j < n; j++) {
                nearest[j] = Math.min(nearest[j], d[best][j]);
            }
        }
        // SWAP: the single medoid/non-medoid exchange with the largest gain, until none gains.
        double[] second = new double[n];
        int[] nearestMedoid = new int[n];
        for (int round = 0; round < 10_000; round++) {
            assign(d, medoids, nearest, second, nearestMedoid);
            double bestDelta = -1e-9;
            int bestM = -1;
            int bestH = -1;
            for (int mi = 0; mi < k; mi++) {
                for (int h = 0; h < n; h++) {
                    if (isMedoid[h]) {
                        continue;
                    }
                    double delta = 0;
                    for (int j = 0; j < n; j++) {
                        double dh = d[h][j];
                        if (nearestMedoid[j] == mi) {
                            delta += Math.min(dh, second[j]) - nearest[j];
                        } else if (dh < nearest[j]) {
                            delta += dh - nearest[j];
                        }
                    }
                    if (delta < bestDelta) {
                        bestDelta = delta;
                        bestM = mi;
                        bestH = h;
                    }
                }
            }
            if (bestM < 0) {
                break;
            }
            isMedoid[medoids[bestM]] = false;
            isMedoid[bestH] = true;
            medoids[bestM] = bestH;
        }
        Arrays.sort(medoids);
        int[] medoidOf = new int[n];
        for (int j = 0; j < n; j++) {
            int best = medoids[0];
            for (int m : medoids) {
                if (d[m][j] < d[best][j] || m == j) {
                    best = m;
                    if (m == j) {
                        break;
                    }
                }
            }
            medoidOf[j] = best;
        }
        return new Result(medoids, medoidOf);
    }

    /** Distance to the nearest and second-nearest medoid, and which medoid (slot) is nearest. */
    private static void assign(double[][] d, int[] medoids, double[] nearest, double[] second, int[] nearestMedoid) {
        for (int j = 0; j < d.length; j++) {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.POSITIVE_INFINITY;
            int am = -1;
            for (int mi = 0; mi < medoids.length; mi++) {
                double x = d[medoids[mi]][j];
                if (x < a) {
                    b = a;
                    a = x;
                    am = mi;
                } else if (x < b) {
                    b = x;
                }
            }
            nearest[j] = a;
            second[j] = b;
            nearestMedoid[j] = am;
        }
    }
}
