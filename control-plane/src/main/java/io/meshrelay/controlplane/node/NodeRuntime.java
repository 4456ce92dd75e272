package io.meshrelay.controlplane.node;

import io.meshrelay.controlplane.Build;
import io.meshrelay.controlplane.api.ApiResponse;
import io.meshrelay.controlplane.api.ApiServer;
import io.meshrelay.controlplane.api.HealthRoutes;
import io.meshrelay.controlplane.api.HttpAddresses;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.api.ProcessMetrics;
import io.meshrelay.controlplane.api.PrometheusText;
import io.meshrelay.controlplane.api.Router;
import io.meshrelay.controlplane.api.SessionRoutes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.agent.AgentView;
import io.meshrelay.controlplane.agent.MeshAgent;
import io.meshrelay.controlplane.agent.MeshSettings;
import io.meshrelay.controlplane.agent.ProbeSettings;
import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.controlplane.api.MeshRoutes;
import io.meshrelay.controlplane.channel.ControlChannelConfig;
import io.meshrelay.controlplane.config.MeshConfig;
import io.meshrelay.controlplane.config.NodeConfig;
import io.meshrelay.controlplane.controller.Controller;
import io.meshrelay.controlplane.controller.ControllerApi;
import io.meshrelay.controlplane.pki.NodeIdentity;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.DataPlaneConfig;
import io.meshrelay.relaycore.frame.TrunkAuth;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running node: owns its components, starts them in order and closes them in reverse. */
public final class NodeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** Node index of a node that runs alone (a controller assigns indices in a mesh). */
    static final int STANDALONE_INDEX = 1;

    private final NodeConfig config;
    private final long startedNs = System.nanoTime();
    private final ShutdownSignal shutdown = new ShutdownSignal();
    private volatile boolean ready;
    private DataPlane dataPlane;
    private SessionService sessions;
    private ParticipantKeying keying;
    private Controller controller;
    private ControllerApi controllerApi;
    private MeshAgent agent;
    private ApiServer api;

    private NodeRuntime(NodeConfig config) {
        this.config = config;
    }

    /** Starts the node; any failure (a port taken) closes what was started and propagates. */
    public static NodeRuntime start(NodeConfig config) throws Exception {
        NodeRuntime n = new NodeRuntime(config);
        try {
            n.startComponents();
        } catch (Exception e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void startComponents() throws Exception {
        // pick and self-test the SRTP crypto engines now, not on the first call's packets
        io.meshrelay.srtp.SrtpCryptoProvider.active();
        NodeConfig.Network net = config.network();
        NodeConfig.DataPlane dp = config.dataPlane();
        byte[] trunkKey = new byte[16];
        new SecureRandom().nextBytes(trunkKey);
        MeshConfig mesh = config.mesh();
        // in a mesh the controller assigns the index; 0 until it does (no flows exist before)
        DataPlaneConfig dpc = new DataPlaneConfig(mesh == null ? STANDALONE_INDEX : 0, net.bind(), net.advertise(), net.mediaPorts(),
                net.trunkPort(), dp.ioThreads(), dp.transport(), dp.socketBuffer().asInt(), dp.socketBuffer().asInt(),
                dp.dscp(), dp.maxPacketSize(), dp.legMaxPps(), dp.legBurst(), dp.relatchAfter().toNanos());
        dataPlane = DataPlane.start(dpc, new TrunkAuth(1, trunkKey));
        keying = new ParticipantKeying();
        sessions = new SessionService(dataPlane, config.nodeId(), net.advertise(), dp.latching(), keying);

        Router router = new Router();
        HealthRoutes.install(router, () -> ready, this::metrics);
        router.get("/v1/node", r -> ApiResponse.ok(describe()));
        SessionRoutes.MeshHooks hooks = null;
        if (mesh != null) {
            hooks = startMesh(mesh, router);
        }
        new SessionRoutes(sessions, config.nodeId(), hooks).install(router);
        api = ApiServer.start(router, new InetSocketAddress(config.api().host(), config.api().port()));
        ready = true;
        LOG.info("node {} (region {}) started, version {}; API on {}", config.nodeId(), config.region(),
                Build.version(), HttpAddresses.url(api.localAddress()));
    }

    private SessionRoutes.MeshHooks startMesh(MeshConfig mesh, Router router) throws Exception {
        NodeIdentity identity = NodeIdentity.load(mesh.tlsDir());
        ControlChannelConfig channel = ControlChannelConfig.defaults();
        if (mesh.embedController()) {
            controller = Controller.start(new InetSocketAddress(config.network().bind(), mesh.controlPort()), identity,
                    channel, mesh.deadAfter(), mesh.policy());
            controllerApi = new ControllerApi(controller);
        }
        ProbeSettings probes = new ProbeSettings(mesh.probeInterval(), mesh.probeIntervalActive(), mesh.linkDownAfter(),
                50, mesh.bandwidthProbeInterval(), 8, 1200);
        agent = new MeshAgent(new MeshSettings(mesh.controller(), identity, channel, probes, mesh.reportInterval(),
                mesh.capacityMbps(), mesh.peerAddresses(), mesh.policy()), dataPlane, sessions, config.region(),
                config.identity().lat(), config.identity().lon());
        agent.start();
        AgentView agentView = new AgentView(agent);
        new MeshRoutes(controllerApi != null ? controllerApi : agentView).install(router);
        router.get("/v1/mesh/status", r -> ApiResponse.ok(agentView.status()));
        return new SessionRoutes.MeshHooks() {
            @Override
            public void sessionCreated(String id) {
                agent.sessionCreated(id);
            }

            @Override
            public ApiResponse forwardParticipant(String session, String node, JsonNode request) throws Exception {
                if (controllerApi == null) {
                    throw ApiException.badRequest("this is node " + config.nodeId() + "; add participants of node "
                            + node + " through that node's API or the controller's");
                }
                return controllerApi.forwardAdd(session, node, request);
            }

            @Override
            public void decorate(Session s, ObjectNode d) throws Exception {
                com.fasterxml.jackson.databind.node.ArrayNode a = d.putArray("anchors");
                java.util.Map<Integer, String> ids = new java.util.HashMap<>();
                for (String n : agent.call(() -> {
                    for (io.meshrelay.controlplane.mesh.MemberInfo m : agent.members()) {
                        ids.put(m.index(), m.id());
                    }
                    return new java.util.TreeSet<>(agent.anchorsOf(s.id()));
                })) {
                    a.add(n);
                }
                // flows name nodes by trunk index; say who they are
                for (JsonNode f : d.path("flows")) {
                    ObjectNode fo = (ObjectNode) f;
                    fo.put("to", ids.getOrDefault(f.path("toNodeIndex").asInt(), "?"));
                    fo.set("activeVia", named(f.path("active"), ids));
                    fo.set("backupsVia", named(f.path("backups"), ids));
                }
            }

            private com.fasterxml.jackson.databind.node.ArrayNode named(JsonNode paths,
                    java.util.Map<Integer, String> ids) {
                com.fasterxml.jackson.databind.node.ArrayNode out = io.meshrelay.controlplane.api.Json.MAPPER
                        .createArrayNode();
                for (JsonNode p : paths) {
                    StringBuilder sb = new StringBuilder(config.nodeId());
                    for (JsonNode i : p) {
                        sb.append('>').append(ids.getOrDefault(i.asInt(), "#" + i.asInt()));
                    }
                    out.add(sb.toString());
                }
                return out;
            }
        };
    }

    public InetSocketAddress apiAddress() {
        return api.localAddress();
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    /** The embedded controller's control address, or null. */
    public InetSocketAddress controlAddress() {
        return controller == null ? null : controller.localAddress();
    }

    private Object describe() {
        return Json.object()
                .put("id", config.nodeId())
                .put("region", config.region())
                .put("version", Build.version())
                .put("advertise", config.network().advertise().getHostAddress())
                .put("mediaPorts", config.network().mediaPorts().toString())
                .put("trunk", HttpAddresses.hostPort(dataPlane.trunkAddress()))
                .put("transport", dataPlane.transport().name().toLowerCase(java.util.Locale.ROOT))
                .put("ioThreads", config.dataPlane().ioThreads())
                .put("dtlsFingerprint", keying.fingerprint())
                .put("uptimeSeconds", (System.nanoTime() - startedNs) / 1_000_000_000L);
    }

    private String metrics() {
        PrometheusText t = new PrometheusText("meshrelay_");
        t.family("build_info", "gauge", "Build of this process.").sample("build_info", 1, "version", Build.version(),
                "node", config.nodeId(), "region", config.region());
        ProcessMetrics.write(t, startedNs);
        DataPlaneMetrics.write(t, dataPlane.stats());
        long alloc = dataPlane.ioAllocatedBytes();
        if (alloc >= 0) {
            t.family("io_allocated_bytes_total", "counter", "Bytes allocated on the data-plane I/O threads (divide "
                    + "by packets: what the packet path allocates).").sample("io_allocated_bytes_total", alloc);
        }
        return t.toString();
    }

    /** Blocks until SIGTERM/SIGINT (or {@link #stop()}). */
    public void awaitShutdownSignal() throws InterruptedException {
        shutdown.await();
        LOG.info("node {} stopping", config.nodeId());
    }

    public void stop() {
        shutdown.trigger();
    }

    @Override
    public void close() {
        ready = false;
        if (api != null) {
            api.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (dataPlane != null) {
            dataPlane.close();
        }
        if (keying != null) {
            keying.close();
        }
        shutdown.closed();
    }
}
