package io.meshrelay.relaycore.session;

import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.forward.Deduplicator;
import io.meshrelay.relaycore.forward.Forwarder;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.status.Counters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A conference or call on this node: its local legs and its flows to remote anchor nodes. All
 * packet-path state of a session lives on one I/O thread ({@link #loop()}), so legs, SRTP
 * contexts and the de-duplication window need no locks. The control thread publishes new
 * leg and flow arrays and mesh keys through volatile fields.
 */
public final class Session {
    public static final int MESH_SENT = 0;
    public static final int MESH_RECEIVED = 1;
    public static final int MESH_DELIVERED = 2;

    private static final Leg[] NO_LEGS = new Leg[0];
    private static final Flow[] NO_FLOWS = new Flow[0];

    private final String id;
    private final long wireId;
    private final Forwarder loop;
    private final Deduplicator dedup = new Deduplicator();
    private final Counters counters = new Counters(3);
    private volatile Leg[] legs = NO_LEGS;
    private volatile Flow[] flows = NO_FLOWS;
    private volatile MediaCrypto meshSender = MediaCrypto.PLAIN;
    private volatile MediaCrypto meshReceiver = MediaCrypto.PLAIN;

    /** {@code loop} is the forwarder of the I/O thread that owns the session. */
    public Session(String id, Forwarder loop) {
        this.id = id;
        this.wireId = wireIdOf(id);
        this.loop = loop;
    }

    /**
     * The 64-bit session id in trunk frames: derived from the mesh-wide session id, so every
     * anchor node computes the same value without coordination.
     */
    public static long wireIdOf(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String id() {
        return id;
    }

    public long wireId() {
        return wireId;
    }

    public Forwarder loop() {
        return loop;
    }

    public Leg[] legs() {
        return legs;
    }

    public Flow[] flows() {
        return flows;
    }

    public synchronized void addLeg(Leg leg) {
        Leg[] next = Arrays.copyOf(legs, legs.length + 1);
        next[legs.length] = leg;
        legs = next;
    }

    public synchronized boolean removeLeg(Leg leg) {
        Leg[] cur = legs;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] == leg) {
                Leg[] next = new Leg[cur.length - 1];
                System.arraycopy(cur, 0, next, 0, i);
                System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                legs = next;
                return true;
            }
        }
        return false;
    }

    public synchronized Flow flow(int remoteNode) {
        for (Flow f : flows) {
            if (f.remoteNode() == remoteNode) {
                return f;
            }
        }
        return null;
    }

    public synchronized void addFlow(Flow f) {
        if (flow(f.remoteNode()) != null) {
            throw new IllegalStateException("session " + id + " already has a flow to node " + f.remoteNode());
        }
        Flow[] next = Arrays.copyOf(flows, flows.length + 1);
        next[flows.length] = f;
        flows = next;
    }

    public synchronized boolean removeFlow(int remoteNode) {
        Flow[] cur = flows;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i].remoteNode() == remoteNode) {
                Flow[] next = new Flow[cur.length - 1];
                System.arraycopy(cur, 0, next, 0, i);
                System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                flows = next;
                return true;
            }
        }
        return false;
    }

    /** Protects media towards other anchors and unprotects media from them (the session's mesh key). */
    public void setMeshCrypto(MediaCrypto sender, MediaCrypto receiver) {
        this.meshSender = sender;
        this.meshReceiver = receiver;
    }

    public MediaCrypto meshSender() {
        return meshSender;
    }

    public MediaCrypto meshReceiver() {
        return meshReceiver;
    }

    /** I/O thread only. */
    public Deduplicator dedup() {
        return dedup;
    }

    /** Written on the I/O thread; readable from any. */
    public Counters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "session " + id;
    }
}
