package io.meshrelay.controlplane.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.channel.ControlChannelConfig;
import io.meshrelay.controlplane.channel.ControlConnection;
import io.meshrelay.controlplane.channel.ControlListener;
import io.meshrelay.controlplane.channel.ControlServer;
import io.meshrelay.controlplane.lsdb.LoadFigures;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.mesh.LogLimiter;
import io.meshrelay.controlplane.mesh.MemberInfo;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.mesh.Messages;
import io.meshrelay.controlplane.mesh.Requests;
import io.meshrelay.controlplane.pki.NodeIdentity;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSuite;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's global view: membership (register, heartbeat, death after silence, rejoin with
 * the same index), link-state reflection (reports in, thresholded deltas out), policy, and the
 * session registry (anchors, mesh keys). Holds no state that nodes cannot give back: after a
 * restart it adopts the trunk key, node indices and sessions nodes re-register with, so media
 * keeps flowing across a controller outage.
 *
 * <p>All state is owned by one thread ({@code meshrelay-controller}); the control channel
 * delivers on it and API calls hop onto it with {@link #call(Callable)}.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    private static final long TICK_MS = 200;
    /**
     * After a start the controller's view is whatever nodes have re-registered so far; nodes
     * reconnect with backoff (up to 10 s), so for this long its session anchors and LSDB are
     * marked incomplete and nodes merge them into what they know instead of replacing it.
     */
    static final long RESYNC_NS = 15_000_000_000L;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("meshrelay-controller", true));
    private final Duration deadAfter;
    private final Map<String, Member> members = new TreeMap<>();
    /** Indices ever handed out, kept across deaths so a node that rejoins gets its own back. */
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final SessionRegistry sessions = new SessionRegistry();
    private final Requests requests = new Requests();
    private final LogLimiter warnings = new LogLimiter(60_000_000_000L);
    private final SecureRandom random = new SecureRandom();
    private MeshPolicy policy;
    private int trunkKeyId = -1;
    private byte[] trunkKey;
    private long epoch;
    /** What the last delta told the nodes: ids -> info, "from>to" -> link. */
    private final Map<String, MemberInfo> publishedNodes = new TreeMap<>();
    private final Map<String, LsdbLink> publishedLinks = new TreeMap<>();
    private ControlServer server;
    private final long startedNs = System.nanoTime();
    private boolean resynced;

    private Controller(Duration deadAfter, MeshPolicy policy) {
        this.deadAfter = deadAfter;
        this.policy = policy;
    }

    /** Listens for nodes on {@code bind} with the mesh identity {@code identity}. */
    public static Controller start(InetSocketAddress bind, NodeIdentity identity, ControlChannelConfig channel,
            Duration deadAfter, MeshPolicy policy) throws Exception {
        Controller c = new Controller(deadAfter, policy);
        try {
            c.server = ControlServer.start(bind, identity, channel, c.new Listener(), c.thread);
        } catch (Exception e) {
            c.close();
            throw e;
        }
        c.thread.scheduleWithFixedDelay(c::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("controller listening on {} (QUIC, mutual TLS), nodes declared dead after {} ms of silence",
                c.server.localAddress(), deadAfter.toMillis());
        return c;
    }

    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** Runs {@code task} on the controller thread and waits (API handlers). */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    // ------------------------------------------------------------------ channel

    private final class Listener implements ControlListener {
        @Override
        public void onMessage(ControlConnection from, String type, JsonNode body) {
            try {
                handle(from, type, body);
            } catch (RuntimeException e) {
                // one bad message never takes the controller down; the node is told why
                if (warnings.allow(from.peerNodeId() + "/" + type, System.nanoTime())) {
                    LOG.warn("bad {} from {}: {}", type, from.peerNodeId(), e.getMessage());
                }
                if (body.has("rid")) {
                    Requests.reply(from, body, 400, Json.object().put("error", String.valueOf(e.getMessage())));
                }
            }
        }

        @Override
        public void onDisconnect(ControlConnection c, String reason) {
            Member m = members.get(c.peerNodeId());
            if (m != null && m.connection == c) {
                m.connection = null;
                LOG.info("node {} disconnected: {}", m.id, reason);
            }
        }
    }

    private void handle(ControlConnection from, String type, JsonNode body) {
        String node = from.peerNodeId();
        switch (type) {
            case Messages.REGISTER:
                register(from, body);
                return;
            case Messages.REPLY:
                requests.onReply(body);
                return;
            default:
                break;
        }
        Member m = members.get(node);
        if (m == null || m.connection != from) {
            LOG.debug("{} from unregistered node {}: ignored", type, node);
            return;
        }
        m.lastHeardNs = System.nanoTime();
        switch (type) {
            case Messages.REPORT:
                report(m, body);
                break;
            case Messages.LINK_DOWN:
                String to = body.path("to").asText();
                LsdbLink l = m.links.get(to);
                if (l != null) {
                    m.links.put(to, new LsdbLink(l.from(), l.to(), l.rttMs(), l.jitterMs(), 1.0,
                            l.availableBandwidthMbps(), false));
                }
                publishDelta(); // every transit path over it must move now, not at the next tick
                break;
            case Messages.SESSION_CREATE:
                sessions.ensure(requireText(body, "id"), null);
                break;
            case Messages.SESSION_JOIN:
                join(m.id, requireText(body, "id"), keyOf(body.get("key")));
                break;
            case Messages.SESSION_LEAVE:
                leave(m.id, requireText(body, "id"));
                break;
            case Messages.POLICY_SET:
                try {
                    setPolicy(body.path("policy"));
                    Requests.reply(from, body, 200, policy.toJson());
                } catch (IllegalArgumentException e) {
                    Requests.reply(from, body, 400, Json.object().put("error", e.getMessage()));
                }
                break;
            default:
                LOG.debug("unknown message {} from {}", type, node);
        }
    }

    private void register(ControlConnection from, JsonNode body) {
        String id = from.peerNodeId(); // the certificate, not the message, says who this is
        Member m = members.get(id);
        int hint = body.path("indexHint").asInt(-1);
        if (m == null) {
            m = new Member(id, allocateIndex(id, hint));
            members.put(id, m);
        }
        m.region = requireText(body, "region");
        m.lat = body.hasNonNull("lat") ? body.get("lat").asDouble() : null;
        m.lon = body.hasNonNull("lon") ? body.get("lon").asDouble() : null;
        m.trunk = requireText(body, "trunk");
        m.version = body.path("version").asText("?");
        m.connection = from;
        m.lastHeardNs = System.nanoTime();
        boolean rejoined = !m.alive;
        m.alive = true;
        // a restarted controller adopts the key the mesh is already using
        JsonNode tk = body.get("trunkKey");
        if (trunkKey == null && tk != null && tk.hasNonNull("key")) {
            trunkKeyId = tk.path("id").asInt(1);
            trunkKey = Base64.getDecoder().decode(tk.get("key").asText());
            LOG.info("adopted trunk key #{} from node {}", trunkKeyId, id);
        } else if (trunkKey == null) {
            trunkKeyId = 1;
            trunkKey = new byte[16];
            random.nextBytes(trunkKey);
        }
        ObjectNode w = Json.object();
        w.put("nodeIndex", m.index);
        w.putObject("trunkKey").put("id", trunkKeyId).put("key", Base64.getEncoder().encodeToString(trunkKey));
        w.set("policy", policy.toJson());
        w.put("epoch", epoch);
        w.put("complete", !resyncing());
        ArrayNode nodes = w.putArray("nodes");
        for (Member each : members.values()) {
            nodes.add(each.info().toJson());
        }
        ArrayNode links = w.putArray("links");
        for (LsdbLink l : publishedLinks.values()) {
            links.add(linkJson(l));
        }
        from.send(Messages.WELCOME, w);
        LOG.info("node {} {} as index {} (region {}, trunk {})", id, rejoined ? "joined" : "re-registered", m.index,
                m.region, m.trunk);
        // sessions the node anchors: re-sync the registry (adopting keys after a controller restart)
        for (JsonNode s : body.path("sessions")) {
            join(id, requireText(s, "id"), keyOf(s.get("key")));
        }
        publishDelta();
    }

    private int allocateIndex(String id, int hint) {
        Integer known = indexOf.get(id);
        if (known != null) {
            return known;
        }
        Set<Integer> used = new TreeSet<>(indexOf.values());
        int idx = hint >= 1 && hint <= 0xFFFF && !used.contains(hint) ? hint : 1;
        while (used.contains(idx)) {
            idx++;
        }
        indexOf.put(id, idx);
        return idx;
    }

    private void report(Member m, JsonNode body) {
        JsonNode load = body.path("load");
        m.load = Math.max(0, Math.min(1, load.path("load").asDouble(0)));
        if (load.hasNonNull("figures")) {
            try {
                m.figures = Json.MAPPER.treeToValue(load.get("figures"), LoadFigures.class);
            } catch (Exception e) {
                throw new IllegalArgumentException("load.figures: " + e.getMessage());
            }
        }
        Map<String, LsdbLink> fresh = new LinkedHashMap<>();
        for (JsonNode l : body.path("links")) {
            String to = requireText(l, "to");
            if (to.equals(m.id) || !members.containsKey(to)) {
                continue;
            }
            Double bw = l.hasNonNull("bandwidthMbps") ? l.get("bandwidthMbps").asDouble() : null;
            fresh.put(to, new LsdbLink(m.id, to, l.path("rttMs").asDouble(), l.path("jitterMs").asDouble(),
                    l.path("loss").asDouble(), bw, l.path("up").asBoolean(true)));
        }
        m.links.clear();
        m.links.putAll(fresh);
    }

    private void join(String node, String sessionId, SrtpKeyMaterial keyHint) {
        SessionRegistry.Entry e = sessions.ensure(sessionId, keyHint);
        if (e.anchors.add(node)) {
            LOG.debug("session {}: {} anchors it ({} anchors)", sessionId, node, e.anchors.size());
        }
        announce(e);
    }

    private void leave(String node, String sessionId) {
        SessionRegistry.Entry e = sessions.get(sessionId);
        if (e == null || !e.anchors.remove(node)) {
            return;
        }
        if (e.anchors.isEmpty()) {
            sessions.remove(sessionId);
        } else {
            announce(e);
        }
    }

    /** Tells every anchor of {@code e} who the anchors are and the session's mesh key. */
    private void announce(SessionRegistry.Entry e) {
        ObjectNode u = Json.object();
        u.put("id", e.id);
        ArrayNode a = u.putArray("anchors");
        e.anchors.forEach(a::add);
        u.set("key", keyJson(e.key));
        u.put("complete", !resyncing());
        for (String anchor : e.anchors) {
            Member m = members.get(anchor);
            if (m != null && m.alive && m.connection != null) {
                m.connection.send(Messages.SESSION_UPDATE, u);
            }
        }
    }

    // ------------------------------------------------------------------ ticking: death and deltas

    private boolean resyncing() {
        return System.nanoTime() - startedNs < RESYNC_NS;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            if (!resynced && !resyncing()) {
                // the re-sync window is over: what the registry holds now is the truth, say it whole
                resynced = true;
                for (SessionRegistry.Entry e : sessions.all()) {
                    announce(e);
                }
            }
            for (Member m : members.values()) {
                if (m.alive && now - m.lastHeardNs > deadAfter.toNanos()) {
                    m.alive = false;
                    LOG.warn("node {} declared dead: silent for {} ms", m.id, (now - m.lastHeardNs) / 1_000_000);
                    for (SessionRegistry.Entry e : new ArrayList<>(sessions.all())) {
                        if (e.anchors.contains(m.id)) {
                            leave(m.id, e.id);
                        }
                    }
                }
            }
            publishDelta();
        } catch (RuntimeException e) {
            LOG.error("controller tick failed", e);
        }
    }

    /** Sends alive nodes what changed noticeably since the last delta; the next delta corrects the rest. */
    private void publishDelta() {
        List<MemberInfo> changedNodes = new ArrayList<>();
        for (Member m : members.values()) {
            MemberInfo now = m.info();
            MemberInfo was = publishedNodes.get(m.id);
            if (was == null || was.up() != now.up() || !was.trunk().equals(now.trunk())
                    || !was.region().equals(now.region()) || Math.abs(was.load() - now.load()) > 0.05) {
                changedNodes.add(now);
            }
        }
        Map<String, LsdbLink> current = new TreeMap<>();
        for (Member m : members.values()) {
            if (!m.alive) {
                continue;
            }
            for (LsdbLink l : m.links.values()) {
                Member far = members.get(l.to());
                if (far != null) {
                    current.put(l.from() + ">" + l.to(), l);
                }
            }
        }
        List<LsdbLink> changedLinks = new ArrayList<>();
        for (Map.Entry<String, LsdbLink> e : current.entrySet()) {
            LsdbLink was = publishedLinks.get(e.getKey());
            if (was == null || significant(was, e.getValue())) {
                changedLinks.add(e.getValue());
            }
        }
        List<String> removedLinks = new ArrayList<>();
        for (String k : publishedLinks.keySet()) {
            if (!current.containsKey(k)) {
                removedLinks.add(k);
            }
        }
        if (changedNodes.isEmpty() && changedLinks.isEmpty() && removedLinks.isEmpty()) {
            return;
        }
        epoch++;
        ObjectNode d = Json.object();
        d.put("epoch", epoch);
        ArrayNode n = d.putArray("nodes");
        for (MemberInfo mi : changedNodes) {
            publishedNodes.put(mi.id(), mi);
            n.add(mi.toJson());
        }
        ArrayNode l = d.putArray("links");
        for (LsdbLink link : changedLinks) {
            publishedLinks.put(link.from() + ">" + link.to(), link);
            l.add(linkJson(link));
        }
        ArrayNode r = d.putArray("removedLinks");
        for (String k : removedLinks) {
            publishedLinks.remove(k);
            String[] ends = k.split(">", 2);
            r.addObject().put("from", ends[0]).put("to", ends[1]);
        }
        for (Member m : members.values()) {
            if (m.alive && m.connection != null) {
                m.connection.send(Messages.LSDB_DELTA, d);
            }
        }
    }

    /** A change worth telling the mesh: liveness, or metrics beyond measurement noise. */
    static boolean significant(LsdbLink was, LsdbLink now) {
        if (was.up() != now.up()) {
            return true;
        }
        if (Math.abs(was.rttMs() - now.rttMs()) > Math.max(1.0, 0.05 * was.rttMs())) {
            return true;
        }
        if (Math.abs(was.jitterMs() - now.jitterMs()) > Math.max(1.0, 0.2 * was.jitterMs())) {
            return true;
        }
        if (Math.abs(was.loss() - now.loss()) > 0.01) {
            return true;
        }
        Double a = was.availableBandwidthMbps();
        Double b = now.availableBandwidthMbps();
        if ((a == null) != (b == null)) {
            return true;
        }
        return a != null && Math.abs(a - b) > 0.1 * a;
    }

    static ObjectNode linkJson(LsdbLink l) {
        ObjectNode o = Json.object();
        o.put("from", l.from()).put("to", l.to()).put("rttMs", l.rttMs()).put("jitterMs", l.jitterMs())
                .put("loss", l.loss()).put("up", l.up());
        if (l.availableBandwidthMbps() != null) {
            o.put("bandwidthMbps", l.availableBandwidthMbps());
        }
        return o;
    }

    static ObjectNode keyJson(SrtpKeyMaterial k) {
        return Json.object().put("suite", k.suite().name()).put("key", k.inlineBase64());
    }

    static SrtpKeyMaterial keyOf(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return SrtpKeyMaterial.fromInline(SrtpSuite.fromName(requireText(n, "suite")), requireText(n, "key"));
    }

    private static String requireText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' missing or not a string");
        }
        return v.asText();
    }

    // ------------------------------------------------------------------ views for the API (controller thread)

    /** The LSDB as the mesh sees it (alive nodes' reports). Controller thread. */
    LsdbSnapshot lsdb() {
        List<LsdbNode> nodes = new ArrayList<>();
        for (Member m : members.values()) {
            nodes.add(m.info().toLsdb());
        }
        List<LsdbLink> links = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.alive) {
                links.addAll(m.links.values());
            }
        }
        return new LsdbSnapshot(epoch, nodes, links);
    }

    List<MemberInfo> memberInfos() {
        List<MemberInfo> out = new ArrayList<>();
        for (Member m : members.values()) {
            out.add(m.info());
        }
        return out;
    }

    ObjectNode nodeDetails(MemberInfo mi) {
        Member m = members.get(mi.id());
        ObjectNode o = mi.toJson();
        o.put("connected", m.connection != null && m.connection.isOpen());
        o.put("lastHeardMsAgo", (System.nanoTime() - m.lastHeardNs) / 1_000_000);
        o.put("version", m.version);
        return o;
    }

    MeshPolicy policy() {
        return policy;
    }

    /** Validates and applies a (partial) policy, then tells every node. Controller thread. */
    MeshPolicy setPolicy(JsonNode patch) {
        MeshPolicy next = policy.merge(patch);
        policy = next;
        ObjectNode p = next.toJson();
        for (Member m : members.values()) {
            if (m.alive && m.connection != null) {
                m.connection.send(Messages.POLICY, p);
            }
        }
        LOG.info("policy changed: {}", p);
        return next;
    }

    SessionRegistry sessions() {
        return sessions;
    }

    /** Removes a session mesh-wide: anchors delete it and its legs. Controller thread. */
    boolean removeSession(String id) {
        SessionRegistry.Entry e = sessions.remove(id);
        if (e == null) {
            return false;
        }
        for (String a : e.anchors) {
            Member m = members.get(a);
            if (m != null && m.connection != null) {
                m.connection.send(Messages.SESSION_REMOVED, Json.object().put("id", id));
            }
        }
        return true;
    }

    /** Sends a request to node {@code nodeId}; fails fast when it is unknown or unreachable. Controller thread. */
    CompletableFuture<Requests.Reply> request(String nodeId, String type, ObjectNode body) {
        Member m = members.get(nodeId);
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no node " + nodeId + " in the mesh"));
        }
        if (!m.alive || m.connection == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("node " + nodeId + " is not connected"));
        }
        return requests.send(m.connection, type, body);
    }

    /** Membership and registry gauges. Controller thread. */
    void writeMetrics(io.meshrelay.controlplane.api.PrometheusText t) {
        long alive = members.values().stream().filter(m -> m.alive).count();
        t.family("mesh_nodes", "gauge", "Nodes the controller knows, by state.")
                .sample("mesh_nodes", alive, "state", "alive")
                .sample("mesh_nodes", members.size() - alive, "state", "dead");
        long links = members.values().stream().filter(m -> m.alive).mapToLong(m -> m.links.size()).sum();
        t.family("mesh_links", "gauge", "Links in the LSDB.").sample("mesh_links", links);
        t.family("mesh_sessions", "gauge", "Sessions in the mesh-wide registry.").sample("mesh_sessions",
                sessions.all().size());
        t.family("lsdb_epoch", "counter", "Deltas published so far.").sample("lsdb_epoch", epoch);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        thread.shutdownNow();
        requests.failAll("controller stopped");
    }
}
