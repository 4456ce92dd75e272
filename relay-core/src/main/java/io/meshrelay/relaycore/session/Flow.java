package io.meshrelay.relaycore.session;

import io.meshrelay.relaycore.forward.PathSet;
import io.meshrelay.relaycore.status.Counters;

/**
 * Media of one session from this node to one remote anchor node. The path set sits behind one
 * volatile reference: a switch is a single write, the packet path a single read.
 */
public final class Flow {
    public static final int SENT_PACKETS = 0;
    public static final int SENT_FRAMES = 1;
    public static final int NO_PATH = 2;

    private final int remoteNode;
    private final Counters counters = new Counters(3);
    private volatile PathSet pathSet;

    public Flow(int remoteNode, PathSet pathSet) {
        this.remoteNode = remoteNode;
        this.pathSet = pathSet;
    }

    public int remoteNode() {
        return remoteNode;
    }

    public PathSet pathSet() {
        return pathSet;
    }

    /** Control thread: publishes a new path set (already merged for make-before-break). */
    public void pathSet(PathSet next) {
        this.pathSet = next;
    }

    /** I/O thread only. */
    public Counters counters() {
        return counters;
    }
}
