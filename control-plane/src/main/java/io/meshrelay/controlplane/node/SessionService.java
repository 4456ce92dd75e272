package io.meshrelay.controlplane.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.forward.Path;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.leg.LegSnapshot;
import io.meshrelay.relaycore.leg.LegSpec;
import io.meshrelay.relaycore.session.Flow;
import io.meshrelay.relaycore.session.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sessions and participants of this node, as the REST API and the controller see them. Runs
 * on the API thread; validates requests whole before touching the data plane, so a bad
 * request changes nothing.
 */
public final class SessionService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataPlane dataPlane;
    private final String nodeId;
    private final InetAddress advertise;
    private final Latching defaultLatching;
    private final LegCryptoFactory crypto;
    private final List<Listener> listeners = new ArrayList<>();

    /** Told when sessions gain or lose participants here (the mesh sets up flows from it). */
    public interface Listener {
        void participantsChanged(Session session);

        void sessionRemoved(Session session);
    }

    public SessionService(DataPlane dataPlane, String nodeId, InetAddress advertise, Latching defaultLatching,
            LegCryptoFactory crypto) {
        this.dataPlane = dataPlane;
        this.nodeId = nodeId;
        this.advertise = advertise;
        this.defaultLatching = defaultLatching;
        this.crypto = crypto;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    public static String newId(String prefix) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    public static void requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.badRequest(what + " id '" + id + "' must be 1-128 of letters, digits, '.', '_', ':', '-'");
        }
    }

    /** Creates a session with {@code id} (or a fresh one); 409 if it exists here. */
    public Session create(String id) {
        String sid = id == null ? newId("s-") : id;
        requireId("session", sid);
        if (dataPlane.session(sid) != null) {
            throw ApiException.conflict("session " + sid + " exists");
        }
        return dataPlane.createSession(sid);
    }

    public Session require(String id) {
        Session s = dataPlane.session(id);
        if (s == null) {
            throw ApiException.notFound("no session " + id + " on node " + nodeId);
        }
        return s;
    }

    public Session find(String id) {
        return dataPlane.session(id);
    }

    public void remove(String id) {
        Session s = require(id);
        dataPlane.removeSession(id);
        for (Listener l : listeners) {
            l.sessionRemoved(s);
        }
    }

    /** Validates the whole request, binds a port and starts the leg; the answer is the API's 201 body. */
    public ObjectNode addParticipant(Session s, ParticipantRequest req) throws Exception {
        String pid = req.id() == null ? newId("p-") : req.id();
        requireId("participant", pid);
        if (dataPlane.leg(s, pid) != null) {
            throw ApiException.conflict("participant " + pid + " exists in session " + s.id());
        }
        InetSocketAddress remote = req.remote() == null ? null : parseRemote(req.remote());
        Latching latching = req.latching() == null ? defaultLatching : parseLatching(req.latching());
        if (latching == Latching.STRICT && remote == null) {
            throw ApiException.badRequest("latching 'strict' needs 'remote' (the address the participant sends from)");
        }
        String ufrag = null;
        String pwd = null;
        if (req.ice() != null) {
            ufrag = req.ice().ufrag();
            pwd = req.ice().pwd();
            if (ufrag == null || ufrag.length() < 4 || pwd == null || pwd.length() < 22) {
                throw ApiException.badRequest("ice: ufrag needs at least 4 and pwd at least 22 characters (RFC 8839 §5.4)");
            }
        }
        LegCryptoFactory.LegCrypto lc = crypto.create(req);
        Leg leg;
        try {
            leg = dataPlane.addLeg(s, new LegSpec(pid, remote, latching, lc.inbound(), lc.outbound(), ufrag, pwd));
        } catch (DataPlane.PortsExhaustedException e) {
            throw ApiException.unavailable(e.getMessage());
        }
        if (lc.starter() != null) {
            lc.starter().start(leg);
        }
        for (Listener l : listeners) {
            l.participantsChanged(s);
        }
        ObjectNode out = Json.object();
        out.put("id", pid);
        out.put("session", s.id());
        out.put("node", nodeId);
        out.putObject("media").put("address", advertise.getHostAddress()).put("port", leg.port());
        out.setAll(lc.answer());
        return out;
    }

    public void removeParticipant(Session s, String pid) {
        Leg leg = dataPlane.leg(s, pid);
        if (leg == null) {
            throw ApiException.notFound("no participant " + pid + " in session " + s.id());
        }
        dataPlane.removeLeg(s, leg);
        for (Listener l : listeners) {
            l.participantsChanged(s);
        }
    }

    public ObjectNode describeParticipant(Session s, String pid) throws Exception {
        Leg leg = dataPlane.leg(s, pid);
        if (leg == null) {
            throw ApiException.notFound("no participant " + pid + " in session " + s.id());
        }
        return participantJson(leg, dataPlane.onSessionThread(s, leg::snapshot));
    }

    private ObjectNode participantJson(Leg leg, LegSnapshot snap) {
        ObjectNode p = Json.MAPPER.valueToTree(snap);
        p.remove("port");
        p.put("node", nodeId);
        p.putObject("media").put("address", advertise.getHostAddress()).put("port", leg.port());
        return p;
    }

    public ObjectNode describe(Session s) throws Exception {
        ObjectNode out = Json.object();
        out.put("id", s.id());
        out.put("node", nodeId);
        ArrayNode parts = out.putArray("participants");
        List<LegSnapshot> snaps = dataPlane.onSessionThread(s, () -> {
            List<LegSnapshot> l = new ArrayList<>();
            for (Leg leg : s.legs()) {
                l.add(leg.snapshot());
            }
            return l;
        });
        Leg[] legs = s.legs();
        for (LegSnapshot snap : snaps) {
            for (Leg leg : legs) {
                if (leg.id().equals(snap.id())) {
                    parts.add(participantJson(leg, snap));
                }
            }
        }
        ArrayNode flows = out.putArray("flows");
        for (Flow f : s.flows()) {
            ObjectNode fj = flows.addObject();
            fj.put("toNodeIndex", f.remoteNode());
            fj.put("packetsSent", f.counters().get(Flow.SENT_PACKETS));
            fj.put("framesSent", f.counters().get(Flow.SENT_FRAMES));
            fj.put("noPath", f.counters().get(Flow.NO_PATH));
            if (f.pathSet() != null) {
                fj.put("epoch", f.pathSet().epoch());
                fj.set("active", paths(f.pathSet().active()));
                fj.set("backups", paths(f.pathSet().backups()));
            }
        }
        out.put("meshPacketsSent", s.counters().get(Session.MESH_SENT));
        out.put("meshPacketsDelivered", s.counters().get(Session.MESH_DELIVERED));
        return out;
    }

    private static JsonNode paths(List<Path> ps) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Path p : ps) {
            ArrayNode n = a.addArray();
            for (int node : p.nodes()) {
                n.add(node);
            }
        }
        return a;
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Session s : dataPlane.sessions()) {
            ids.add(s.id());
        }
        ids.sort(null);
        return ids;
    }

    static InetSocketAddress parseRemote(String text) {
        HostPort hp;
        try {
            hp = HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("remote: " + e.getMessage());
        }
        String h = hp.host();
        if (!h.matches("[0-9.]+") && h.indexOf(':') < 0) {
            throw ApiException.badRequest("remote: '" + text + "' must be an IP address and port, not a host name");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(h), hp.port());
        } catch (java.net.UnknownHostException e) {
            throw ApiException.badRequest("remote: '" + text + "' is not an IP address");
        }
    }

    static Latching parseLatching(String s) {
        try {
            return Latching.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("latching: '" + s + "' must be learn or strict");
        }
    }
}
