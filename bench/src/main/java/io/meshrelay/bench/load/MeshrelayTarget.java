package io.meshrelay.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSuite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A meshrelay node driven through its REST API, leg to leg: per flow one session with a sending
 * participant {@code tx} (latches on the generator's first packet) and a receiving participant
 * {@code rx} (signalled at the receiver's address). Plain RTP both ways, or SDES-SRTP both ways:
 * the generator offers its key for {@code tx}, the node answers its own key for {@code rx}, so the
 * node unprotects every packet and re-protects it for the receiver (the SBC-style anchor).
 */
public final class MeshrelayTarget implements Target {
    private final MeshrelayApi api;
    private final SrtpSuite suite;
    private final String prefix;
    private final String name;
    private final List<Integer> legPorts = new ArrayList<>();
    private long lastSocketDrops = -1;

    /** {@code suite} null = plain RTP. Sessions are named {@code prefix + flow index}. */
    public MeshrelayTarget(MeshrelayApi api, SrtpSuite suite, String prefix) {
        this.api = api;
        this.suite = suite;
        this.prefix = prefix;
        this.name = suite == null ? "meshrelay" : "meshrelay-srtp";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Flows setup(int flows, InetSocketAddress receiver) throws Exception {
        legPorts.clear();
        List<InetSocketAddress> targets = new ArrayList<>(flows);
        List<SrtpKeyMaterial> tx = suite == null ? null : new ArrayList<>(flows);
        List<SrtpKeyMaterial> rx = suite == null ? null : new ArrayList<>(flows);
        String remote = receiver.getAddress().getHostAddress() + ":" + receiver.getPort();
        for (int i = 0; i < flows; i++) {
            String sid = prefix + i;
            api.deleteSession(sid); // a leftover from an interrupted run
            api.createSession(sid);
            ObjectNode txBody = MeshrelayApi.JSON.createObjectNode().put("id", "tx");
            SrtpKeyMaterial ours = suite == null ? null : SrtpKeyMaterial.generate(suite);
            keying(txBody, ours);
            JsonNode txAnswer = api.addParticipant(sid, txBody);
            ObjectNode rxBody = MeshrelayApi.JSON.createObjectNode().put("id", "rx").put("remote", remote);
            keying(rxBody, suite == null ? null : SrtpKeyMaterial.generate(suite));
            JsonNode rxAnswer = api.addParticipant(sid, rxBody);
            JsonNode media = txAnswer.path("media");
            if (!media.has("port")) {
                throw new IOException("session " + sid + ": no media port in the answer " + txAnswer);
            }
            targets.add(new InetSocketAddress(media.path("address").asText("127.0.0.1"), media.get("port").asInt()));
            legPorts.add(media.get("port").asInt());
            legPorts.add(rxAnswer.path("media").path("port").asInt());
            if (suite != null) {
                JsonNode key = rxAnswer.path("srtp").path("key");
                if (!key.isTextual()) {
                    throw new IOException("session " + sid + ": no srtp.key in the answer for rx " + rxAnswer);
                }
                tx.add(ours);
                rx.add(SrtpKeyMaterial.fromInline(suite, key.asText()));
            }
        }
        return new Flows(targets, tx, rx);
    }

    @Override
    public long lastSocketDrops() {
        return lastSocketDrops;
    }

    private void keying(ObjectNode body, SrtpKeyMaterial key) {
        if (key == null) {
            body.put("rtp", true);
        } else {
            body.putObject("srtp").put("suite", suite.name()).put("key", key.inlineBase64());
        }
    }

    @Override
    public void teardown(int flows) throws Exception {
        // the node's sockets are gone after the delete: read their drop counters first
        lastSocketDrops = legPorts.isEmpty() ? -1 : ProcNet.udpDrops(legPorts);
        for (int i = 0; i < flows; i++) {
            api.deleteSession(prefix + i);
        }
    }
}
