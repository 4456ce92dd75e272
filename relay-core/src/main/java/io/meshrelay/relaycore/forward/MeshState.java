package io.meshrelay.relaycore.forward;

import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.trunk.ProbeListener;
import io.netty.util.collection.LongObjectHashMap;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * What every I/O thread of a node reads about the mesh: this node's index, where peers' trunk
 * ports are, the trunk keys, and the sessions by wire id. Each table is immutable and replaced
 * whole by the control thread (copy-on-write), so the packet path reads one volatile field.
 */
public final class MeshState {
    private volatile int selfIndex;
    private volatile InetSocketAddress[] peers = new InetSocketAddress[0];
    private volatile TrunkAuth auth;
    private volatile LongObjectHashMap<Session> sessions = new LongObjectHashMap<>();
    private volatile ProbeListener probeListener = ProbeListener.NONE;

    public MeshState(int selfIndex, TrunkAuth auth) {
        this.selfIndex = selfIndex;
        this.auth = auth;
    }

    public int selfIndex() {
        return selfIndex;
    }

    /** A controller assigned this node its index; frames sent from now on carry it. */
    public void setSelfIndex(int index) {
        if (index < 0 || index > 0xFFFF) {
            throw new IllegalArgumentException("node index must be 0..65535");
        }
        this.selfIndex = index;
    }

    /** Trunk address of node {@code index}, or null if unknown. */
    public InetSocketAddress peer(int index) {
        InetSocketAddress[] p = peers;
        return index < p.length ? p[index] : null;
    }

    public synchronized void setPeer(int index, InetSocketAddress address) {
        InetSocketAddress[] cur = peers;
        InetSocketAddress[] next = Arrays.copyOf(cur, Math.max(cur.length, index + 1));
        next[index] = address;
        peers = next;
    }

    public synchronized void removePeer(int index) {
        InetSocketAddress[] cur = peers;
        if (index < cur.length) {
            InetSocketAddress[] next = cur.clone();
            next[index] = null;
            peers = next;
        }
    }

    public TrunkAuth auth() {
        return auth;
    }

    public void setAuth(TrunkAuth next) {
        this.auth = next;
    }

    public Session session(long wireId) {
        return sessions.get(wireId);
    }

    public synchronized void putSession(Session s) {
        LongObjectHashMap<Session> next = new LongObjectHashMap<>(sessions.size() * 2 + 8);
        for (LongObjectHashMap.PrimitiveEntry<Session> e : sessions.entries()) {
            next.put(e.key(), e.value());
        }
        if (next.containsKey(s.wireId())) {
            throw new IllegalStateException("session wire id collision: " + s.id() + " and "
                    + next.get(s.wireId()).id());
        }
        next.put(s.wireId(), s);
        sessions = next;
    }

    public synchronized void removeSession(Session s) {
        LongObjectHashMap<Session> next = new LongObjectHashMap<>(sessions.size() * 2 + 8);
        for (LongObjectHashMap.PrimitiveEntry<Session> e : sessions.entries()) {
            if (e.value() != s) {
                next.put(e.key(), e.value());
            }
        }
        sessions = next;
    }

    public ProbeListener probeListener() {
        return probeListener;
    }

    public void setProbeListener(ProbeListener l) {
        this.probeListener = l == null ? ProbeListener.NONE : l;
    }
}
