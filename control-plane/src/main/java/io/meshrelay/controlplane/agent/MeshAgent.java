package io.meshrelay.controlplane.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.Build;
import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.controlplane.api.ApiRequest;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.channel.ControlClient;
import io.meshrelay.controlplane.channel.ControlConnection;
import io.meshrelay.controlplane.channel.ControlListener;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.mesh.MemberInfo;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.mesh.Messages;
import io.meshrelay.controlplane.mesh.Requests;
import io.meshrelay.controlplane.node.ParticipantRequest;
import io.meshrelay.controlplane.node.SessionService;
import io.meshrelay.controlplane.path.PathFinder;
import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.crypto.SrtpMediaCrypto;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSuite;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part of the mesh: registers with the controller, reports load and link
 * measurements, keeps a copy of the LSDB, learns its sessions' anchors and mesh keys, and
 * computes and installs the path sets of the flows it originates. When a probed link dies it
 * reroutes at once (no controller round trip) and then tells the controller. If the controller
 * is unreachable everything keeps forwarding on the last state; on return the node re-registers
 * with its index, trunk key and sessions so the controller can rebuild its view.
 *
 * <p>State is owned by one thread ({@code meshrelay-agent}); the control channel delivers on it.
 */
public final class MeshAgent implements AutoCloseable, SessionService.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(MeshAgent.class);
    private static final long TICK_MS = 10;
    private static final long RECOMPUTE_MS = 500;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("meshrelay-agent", true));
    private final MeshSettings settings;
    private final DataPlane dataPlane;
    private final SessionService sessions;
    private final String self;
    private final String region;
    private final Double lat;
    private final Double lon;
    private final LinkMonitor links;
    private final FlowManager flows;
    private final LoadSampler load;
    private final Requests requests = new Requests();

    private final Map<String, MemberInfo> nodes = new TreeMap<>();
    private final Map<String, LsdbLink> lsdbLinks = new TreeMap<>();
    private final Map<Integer, String> idByIndex = new HashMap<>();
    private final Map<String, Set<String>> anchors = new HashMap<>();
    private final Map<String, SrtpKeyMaterial> meshKeys = new HashMap<>();
    private final Set<String> joined = new HashSet<>();
    /** Transit frames per next hop at the last look, to tell which links carry transit media. */
    private final Map<Integer, Long> transitSeen = new HashMap<>();
    private long epoch;
    private MeshPolicy policy;
    private boolean welcomed;
    private int trunkKeyId = -1;
    private byte[] trunkKey;
    private long lastReportNs;
    private long lastRecomputeNs;
    private boolean recomputeSoon;
    /** Bad news (a link or node went down): recompute at the next tick, not after the rate limit. */
    private boolean recomputeNow;
    private ControlClient client;

    public MeshAgent(MeshSettings settings, DataPlane dataPlane, SessionService sessions, String region, Double lat,
            Double lon) {
        this.settings = settings;
        this.dataPlane = dataPlane;
        this.sessions = sessions;
        this.self = settings.identity().nodeId();
        this.region = region;
        this.lat = lat;
        this.lon = lon;
        this.policy = settings.initialPolicy();
        this.links = new LinkMonitor(dataPlane, settings.probes(), new LinkMonitor.Listener() {
            @Override
            public void linkDown(int peer) {
                onLinkDown(peer);
            }

            @Override
            public void linkUp(int peer) {
                LOG.info("link {} -> {} is up again", self, idByIndex.getOrDefault(peer, "#" + peer));
                recomputeSoon = true;
            }
        });
        this.flows = new FlowManager(dataPlane);
        this.flows.idMapping(i -> idByIndex.getOrDefault(i, "#" + i));
        this.load = new LoadSampler(settings.capacityMbps());
    }

    /** Connects to the controller (retrying with backoff for as long as the node runs) and starts probing. */
    public void start() throws InterruptedException {
        dataPlane.setProbeListener(links);
        sessions.addListener(this);
        client = ControlClient.start(settings.controller(), null, settings.identity(), settings.channel(),
                new Listener(), thread);
        thread.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("mesh agent {}: controller {}", self, settings.controller());
    }

    /** Runs {@code task} on the agent thread and waits (API handlers). */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    // ------------------------------------------------------------------ control channel

    private final class Listener implements ControlListener {
        @Override
        public void onConnect(ControlConnection c) {
            register(c);
        }

        @Override
        public void onDisconnect(ControlConnection c, String reason) {
            LOG.warn("controller connection lost ({}): forwarding continues on the last state", reason);
            requests.failAll("controller connection lost");
        }

        @Override
        public void onMessage(ControlConnection from, String type, JsonNode body) {
            try {
                handle(from, type, body);
            } catch (RuntimeException e) {
                LOG.warn("bad {} from the controller: {}", type, e.toString());
                if (body.has("rid")) {
                    Requests.reply(from, body, 400, Json.object().put("error", String.valueOf(e.getMessage())));
                }
            }
        }
    }

    private void register(ControlConnection c) {
        ObjectNode r = Json.object();
        r.put("region", region);
        if (lat != null) {
            r.put("lat", lat).put("lon", lon);
        }
        InetSocketAddress trunk = dataPlane.trunkAddress();
        r.put("trunk", trunk.getAddress().getHostAddress() + ":" + trunk.getPort());
        r.put("indexHint", welcomed ? dataPlane.nodeIndex() : -1);
        r.put("version", Build.version());
        if (trunkKey != null) {
            r.putObject("trunkKey").put("id", trunkKeyId).put("key", Base64.getEncoder().encodeToString(trunkKey));
        }
        ArrayNode ss = r.putArray("sessions");
        for (String id : joined) {
            ObjectNode s = ss.addObject().put("id", id);
            SrtpKeyMaterial k = meshKeys.get(id);
            if (k != null) {
                s.putObject("key").put("suite", k.suite().name()).put("key", k.inlineBase64());
            }
        }
        c.send(Messages.REGISTER, r);
    }

    private void handle(ControlConnection from, String type, JsonNode body) throws RuntimeException {
        switch (type) {
            case Messages.WELCOME:
                welcome(body);
                break;
            case Messages.LSDB_DELTA:
                applyDelta(body);
                break;
            case Messages.SESSION_UPDATE:
                sessionUpdate(body);
                break;
            case Messages.SESSION_REMOVED:
                String id = body.path("id").asText();
                if (sessions.find(id) != null) {
                    sessions.remove(id);
                }
                anchors.remove(id);
                joined.remove(id);
                meshKeys.remove(id);
                recomputeSoon = true;
                break;
            case Messages.POLICY:
                policy = MeshPolicy.fromJson(body);
                recomputeSoon = true;
                break;
            case Messages.PARTICIPANT_ADD:
                participantAdd(from, body);
                break;
            case Messages.PARTICIPANT_REMOVE:
                participantRemove(from, body);
                break;
            case Messages.SESSION_DESCRIBE:
                sessionDescribe(from, body);
                break;
            case Messages.REPLY:
                requests.onReply(body);
                break;
            default:
                LOG.debug("unknown message {} from the controller", type);
        }
    }

    private void welcome(JsonNode w) {
        int index = w.path("nodeIndex").asInt(-1);
        if (index < 1) {
            throw new IllegalArgumentException("welcome without a node index");
        }
        if (welcomed && index != dataPlane.nodeIndex()) {
            LOG.warn("controller moved this node from index {} to {}", dataPlane.nodeIndex(), index);
        }
        dataPlane.setNodeIndex(index);
        JsonNode tk = w.path("trunkKey");
        int id = tk.path("id").asInt();
        byte[] key = Base64.getDecoder().decode(tk.path("key").asText());
        if (trunkKey == null || id != trunkKeyId || !java.util.Arrays.equals(key, trunkKey)) {
            // keep verifying the old key while the rest of the mesh catches up
            dataPlane.setTrunkAuth(trunkKey == null || id == trunkKeyId ? new TrunkAuth(id, key)
                    : new TrunkAuth(id, key, trunkKeyId, trunkKey));
            trunkKeyId = id;
            trunkKey = key;
        }
        policy = MeshPolicy.fromJson(w.path("policy"));
        if (w.path("complete").asBoolean(true)) {
            nodes.clear();
            lsdbLinks.clear();
        } // else a restarted controller still re-learning the mesh: keep what we know, add what it says
        epoch = w.path("epoch").asLong();
        for (JsonNode n : w.path("nodes")) {
            putNode(MemberInfo.fromJson(n));
        }
        for (JsonNode l : w.path("links")) {
            putLink(l);
        }
        welcomed = true;
        LOG.info("joined the mesh as {} (index {}), {} nodes known", self, index, nodes.size());
        refreshPeers();
        recomputeSoon = true;
    }

    private void applyDelta(JsonNode d) {
        epoch = d.path("epoch").asLong(epoch);
        for (JsonNode n : d.path("nodes")) {
            MemberInfo mi = MemberInfo.fromJson(n);
            MemberInfo was = nodes.get(mi.id());
            recomputeNow |= !mi.up() && (was == null || was.up());
            putNode(mi);
        }
        for (JsonNode l : d.path("links")) {
            LsdbLink was = lsdbLinks.get(l.path("from").asText() + ">" + l.path("to").asText());
            recomputeNow |= !l.path("up").asBoolean(true) && (was == null || was.up());
            putLink(l);
        }
        for (JsonNode r : d.path("removedLinks")) {
            lsdbLinks.remove(r.path("from").asText() + ">" + r.path("to").asText());
        }
        refreshPeers();
        recomputeSoon = true;
    }

    private void putNode(MemberInfo mi) {
        MemberInfo old = nodes.put(mi.id(), mi);
        if (old != null && old.index() != mi.index()) {
            idByIndex.remove(old.index());
        }
        idByIndex.put(mi.index(), mi.id());
    }

    private void putLink(JsonNode l) {
        String from = l.path("from").asText();
        String to = l.path("to").asText();
        Double bw = l.hasNonNull("bandwidthMbps") ? l.get("bandwidthMbps").asDouble() : null;
        lsdbLinks.put(from + ">" + to, new LsdbLink(from, to, l.path("rttMs").asDouble(), l.path("jitterMs").asDouble(),
                l.path("loss").asDouble(), bw, l.path("up").asBoolean(true)));
    }

    /** Every known node's trunk address goes into the data plane (overrides first); probing follows. */
    private void refreshPeers() {
        Set<Integer> peers = new HashSet<>();
        for (MemberInfo m : nodes.values()) {
            if (m.id().equals(self)) {
                continue;
            }
            InetSocketAddress addr = settings.peerAddresses().get(m.id());
            if (addr == null) {
                addr = parseTrunk(m.trunk());
            }
            if (addr != null && !addr.equals(dataPlane.peer(m.index()))) {
                dataPlane.setPeer(m.index(), addr);
            }
            if (m.up()) {
                peers.add(m.index());
            }
        }
        links.setPeers(peers, System.nanoTime());
    }

    private static InetSocketAddress parseTrunk(String trunk) {
        int colon = trunk.lastIndexOf(':');
        try {
            String host = trunk.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(trunk.substring(colon + 1)));
        } catch (Exception e) {
            LOG.warn("unusable trunk address {}", trunk);
            return null;
        }
    }

    private void sessionUpdate(JsonNode u) {
        String id = u.path("id").asText();
        Session s = sessions.find(id);
        if (s == null) {
            return; // not ours (any more)
        }
        Set<String> a = new HashSet<>();
        for (JsonNode n : u.path("anchors")) {
            a.add(n.asText());
        }
        if (!u.path("complete").asBoolean(true)) {
            // a restarted controller that has not heard from every anchor yet: never drop one on its word
            a.addAll(anchors.getOrDefault(id, Set.of()));
        }
        anchors.put(id, a);
        JsonNode k = u.path("key");
        SrtpKeyMaterial key = SrtpKeyMaterial.fromInline(SrtpSuite.fromName(k.path("suite").asText()),
                k.path("key").asText());
        SrtpKeyMaterial had = meshKeys.get(id);
        if (had == null) {
            meshKeys.put(id, key);
            s.setMeshCrypto(SrtpMediaCrypto.sender(key), SrtpMediaCrypto.meshReceiver(key));
        } else if (!had.equals(key)) {
            LOG.warn("session {}: the controller sent another mesh key; keeping the one in use", id);
        }
        recomputeSoon = true;
    }

    // ------------------------------------------------------------------ participants asked for by the controller

    private void participantAdd(ControlConnection from, JsonNode body) {
        try {
            String sid = body.path("session").asText();
            ParticipantRequest req = ApiRequest.bind(body.path("request"), ParticipantRequest.class);
            Session s = sessions.find(sid);
            if (s == null) {
                s = sessions.create(sid);
            }
            Requests.reply(from, body, 201, sessions.addParticipant(s, req));
        } catch (ApiException e) {
            Requests.reply(from, body, e.status(), Json.object().put("error", e.getMessage()).put("status", e.status()));
        } catch (Exception e) {
            Requests.reply(from, body, 500, Json.object().put("error", e.toString()).put("status", 500));
        }
    }

    private void participantRemove(ControlConnection from, JsonNode body) {
        try {
            Session s = sessions.require(body.path("session").asText());
            sessions.removeParticipant(s, body.path("participant").asText());
            Requests.reply(from, body, 204, null);
        } catch (ApiException e) {
            Requests.reply(from, body, e.status(), Json.object().put("error", e.getMessage()).put("status", e.status()));
        }
    }

    private void sessionDescribe(ControlConnection from, JsonNode body) {
        try {
            Session s = sessions.require(body.path("session").asText());
            Requests.reply(from, body, 200, sessions.describe(s));
        } catch (ApiException e) {
            Requests.reply(from, body, e.status(), Json.object().put("error", e.getMessage()).put("status", e.status()));
        } catch (Exception e) {
            Requests.reply(from, body, 500, Json.object().put("error", e.toString()).put("status", 500));
        }
    }

    // ------------------------------------------------------------------ sessions on this node (API thread -> agent)

    @Override
    public void participantsChanged(Session session) {
        int legs = session.legs().length;
        String id = session.id();
        thread.execute(() -> {
            if (legs > 0 && joined.add(id)) {
                ObjectNode j = Json.object().put("id", id);
                send(Messages.SESSION_JOIN, j);
            } else if (legs == 0 && joined.remove(id)) {
                anchors.remove(id);
                send(Messages.SESSION_LEAVE, Json.object().put("id", id));
            }
            recomputeSoon = true;
        });
    }

    @Override
    public void sessionRemoved(Session session) {
        String id = session.id();
        thread.execute(() -> {
            if (joined.remove(id)) {
                send(Messages.SESSION_LEAVE, Json.object().put("id", id));
            }
            anchors.remove(id);
            meshKeys.remove(id);
            recomputeSoon = true;
        });
    }

    /** A session id created through this node's API becomes known mesh-wide. */
    public void sessionCreated(String id) {
        thread.execute(() -> send(Messages.SESSION_CREATE, Json.object().put("id", id)));
    }

    private boolean send(String type, ObjectNode body) {
        return client != null && client.send(type, body);
    }

    // ------------------------------------------------------------------ the agent loop

    private void tick() {
        try {
            long now = System.nanoTime();
            links.tick(now);
            if (now - lastReportNs >= settings.reportInterval().toNanos()) {
                lastReportNs = now;
                load.sample(dataPlane.stats(), now);
                if (welcomed) {
                    send(Messages.REPORT, report());
                }
                recomputeSoon = true; // own link metrics moved
                updateActiveLinks();
            }
            if (recomputeNow || (recomputeSoon && now - lastRecomputeNs >= RECOMPUTE_MS * 1_000_000L)) {
                recompute(now);
            }
        } catch (RuntimeException e) {
            LOG.error("agent tick failed", e);
        }
    }

    private ObjectNode report() {
        ObjectNode r = Json.object();
        ObjectNode l = r.putObject("load");
        l.put("load", load.load());
        l.set("figures", Json.MAPPER.valueToTree(load.figures()));
        ArrayNode ls = r.putArray("links");
        for (LinkMeasurement m : links.measurements()) {
            String to = idByIndex.get(m.peer());
            if (to == null || (m.rttMs() < 0 && m.up())) {
                continue; // nothing measured yet
            }
            ObjectNode o = ls.addObject();
            o.put("to", to).put("rttMs", Math.max(0, m.rttMs())).put("jitterMs", m.jitterMs())
                    .put("loss", m.up() ? m.loss() : 1.0).put("up", m.up());
            if (m.bandwidthMbps() > 0) {
                o.put("bandwidthMbps", m.bandwidthMbps());
            }
        }
        return r;
    }

    private void onLinkDown(int peer) {
        String to = idByIndex.getOrDefault(peer, "#" + peer);
        int moved = dataPlane.hopDown(dataPlane.nodeIndex(), peer);
        LOG.warn("link {} -> {} is down: {} flow(s) rerouted to their backups", self, to, moved);
        send(Messages.LINK_DOWN, Json.object().put("to", to));
        recomputeNow = true;
    }

    private void recompute(long now) {
        lastRecomputeNs = now;
        recomputeSoon = false;
        recomputeNow = false;
        if (!welcomed || !nodes.containsKey(self)) {
            return;
        }
        Map<String, Set<String>> remote = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : anchors.entrySet()) {
            Set<String> others = new HashSet<>();
            for (String a : e.getValue()) {
                MemberInfo m = nodes.get(a);
                if (!a.equals(self) && m != null && m.up()) {
                    others.add(a);
                }
            }
            if (meshKeys.containsKey(e.getKey())) {
                remote.put(e.getKey(), others);
            }
        }
        PathFinder finder = PathFinder.of(snapshot(), policy.weights());
        flows.sync(self, remote, finder, policy, id -> {
            MemberInfo m = nodes.get(id);
            return m == null ? -1 : m.index();
        }, now / 1_000_000);
        updateActiveLinks();
    }

    /**
     * Links probed fast: first hops of this node's own flows, and next hops its transit traffic
     * went to since the last look (transit nodes keep no flow state, yet a dead link downstream of
     * them must be noticed as fast as one at an ingress).
     */
    private void updateActiveLinks() {
        Set<Integer> active = new HashSet<>(flows.activePeers());
        for (MemberInfo m : nodes.values()) {
            long n = dataPlane.transitFramesTo(m.index());
            Long before = transitSeen.put(m.index(), n);
            if (before != null && n > before) {
                active.add(m.index());
            }
        }
        links.setActive(active);
    }

    /** The LSDB as this node sees it: the controller's copy, with this node's own links fresher from its probes. */
    LsdbSnapshot snapshot() {
        List<LsdbNode> ns = new ArrayList<>();
        for (MemberInfo m : nodes.values()) {
            ns.add(m.toLsdb());
        }
        Map<String, LsdbLink> ls = new TreeMap<>(lsdbLinks);
        for (LinkMeasurement m : links.measurements()) {
            String to = idByIndex.get(m.peer());
            if (to == null || !nodes.containsKey(to)) {
                continue;
            }
            if (!m.up()) {
                LsdbLink old = ls.get(self + ">" + to);
                ls.put(self + ">" + to, new LsdbLink(self, to, old == null ? 0 : old.rttMs(), 0, 1.0, null, false));
            } else if (m.rttMs() >= 0) {
                ls.put(self + ">" + to, new LsdbLink(self, to, m.rttMs(), m.jitterMs(), m.loss(),
                        m.bandwidthMbps() > 0 ? m.bandwidthMbps() : null, true));
            }
        }
        return new LsdbSnapshot(epoch, ns, new ArrayList<>(ls.values()));
    }

    // ------------------------------------------------------------------ views for the API (agent thread)

    public boolean connected() {
        return client != null && client.isConnected();
    }

    public List<MemberInfo> members() {
        return new ArrayList<>(nodes.values());
    }

    public MeshPolicy policy() {
        return policy;
    }

    public Set<String> anchorsOf(String session) {
        return anchors.getOrDefault(session, Set.of());
    }

    public List<LinkMeasurement> linkMeasurements() {
        return links.measurements();
    }

    public String idOfIndex(int index) {
        return idByIndex.get(index);
    }

    public long flowSwitches() {
        return flows.switches();
    }

    /** Asks the controller to change the policy (a node's API was asked). Agent thread. */
    public CompletableFuture<Requests.Reply> requestPolicy(JsonNode patch) {
        ObjectNode b = Json.object();
        b.set("policy", patch);
        ControlConnection c = client == null ? null : client.connection();
        return requests.send(c, Messages.POLICY_SET, b);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        thread.shutdownNow();
    }
}
