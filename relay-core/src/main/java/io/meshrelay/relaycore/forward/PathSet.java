package io.meshrelay.relaycore.forward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the ingress needs to send one flow: the paths every packet takes now
 * ({@code active}: one, or two disjoint ones in redundant mode), pre-computed {@code backups}
 * for fast reroute, and the old paths still fed until {@code drainUntilNs} during a
 * make-before-break switch. Immutable: a switch publishes a new instance behind one reference.
 */
public final class PathSet {
    private static final Path[] NONE = new Path[0];

    private final int epoch;
    private final Path[] active;
    private final Path[] backups;
    private final Path[] draining;
    private final long drainUntilNs;

    private PathSet(int epoch, Path[] active, Path[] backups, Path[] draining, long drainUntilNs) {
        if (active.length == 0) {
            throw new IllegalArgumentException("a path set needs at least one active path");
        }
        int dest = active[0].destination();
        for (Path p : concat(active, backups)) {
            if (p.destination() != dest) {
                throw new IllegalArgumentException("all paths of a set must end at node " + dest + ": " + p);
            }
        }
        this.epoch = epoch & 0xFFFF;
        this.active = active;
        this.backups = backups;
        this.draining = draining;
        this.drainUntilNs = drainUntilNs;
    }

    /** One active path with backups. */
    public static PathSet single(int epoch, Path primary, Path... backups) {
        return new PathSet(epoch, new Path[] {primary}, backups.clone(), NONE, 0);
    }

    /** Every packet on two (or more) disjoint paths; the egress de-duplicates. */
    public static PathSet redundant(int epoch, Path[] active, Path... backups) {
        return new PathSet(epoch, active.clone(), backups.clone(), NONE, 0);
    }

    /**
     * The set that replaces {@code old} with {@code next} make-before-break: {@code old}'s active
     * paths that {@code next} no longer uses keep receiving copies until {@code nowNs + overlapNs}.
     */
    public static PathSet switchTo(PathSet old, PathSet next, long nowNs, long overlapNs) {
        if (old == null || overlapNs <= 0) {
            return next;
        }
        List<Path> drain = new ArrayList<>();
        for (Path p : old.active) {
            if (!contains(next.active, p)) {
                drain.add(p);
            }
        }
        if (drain.isEmpty()) {
            return next;
        }
        return new PathSet(next.epoch, next.active, next.backups, drain.toArray(NONE), nowNs + overlapNs);
    }

    /**
     * Fast reroute: the set without paths crossing the failed link ({@code from -> to}, or node
     * {@code to} when {@code from} is -1): affected active paths are replaced by the first
     * unaffected backups, at once and without overlap (the old path is dead). Returns this set
     * if nothing is affected, or null if no usable path remains.
     */
    public PathSet withoutHop(int self, int from, int to) {
        boolean hit = false;
        for (Path p : active) {
            hit |= affected(p, self, from, to);
        }
        if (!hit) {
            return this;
        }
        List<Path> keep = new ArrayList<>();
        for (Path p : active) {
            if (!affected(p, self, from, to)) {
                keep.add(p);
            }
        }
        List<Path> spare = new ArrayList<>();
        for (Path b : backups) {
            if (!affected(b, self, from, to) && !keep.contains(b)) {
                spare.add(b);
            }
        }
        int want = active.length;
        while (keep.size() < want && !spare.isEmpty()) {
            keep.add(spare.remove(0));
        }
        if (keep.isEmpty()) {
            return null;
        }
        return new PathSet(epoch + 1, keep.toArray(NONE), spare.toArray(NONE), NONE, 0);
    }

    private static boolean affected(Path p, int self, int from, int to) {
        return from < 0 ? p.visits(to) : p.uses(self, from, to);
    }

    private static boolean contains(Path[] ps, Path p) {
        for (Path q : ps) {
            if (q.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static Path[] concat(Path[] a, Path[] b) {
        Path[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    public int epoch() {
        return epoch;
    }

    public int destination() {
        return active[0].destination();
    }

    /** Read on the packet path: not copied. */
    Path[] activeUnsafe() {
        return active;
    }

    Path[] drainingUnsafe() {
        return draining;
    }

    public long drainUntilNs() {
        return drainUntilNs;
    }

    public List<Path> active() {
        return List.of(active);
    }

    public List<Path> backups() {
        return List.of(backups);
    }

    public List<Path> draining() {
        return List.of(draining);
    }

    public boolean isRedundant() {
        return active.length > 1;
    }

    @Override
    public String toString() {
        return "PathSet{epoch=" + epoch + ", active=" + Arrays.toString(active) + ", backups=" + Arrays.toString(backups)
                + (draining.length > 0 ? ", draining=" + Arrays.toString(draining) : "") + "}";
    }
}
