package io.meshrelay.bench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.lsdb.LsdbJson;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.relaycore.testing.LinkEmulator;
import io.meshrelay.relaycore.testing.LinkEmulator.Impairment;
import io.meshrelay.relaycore.testing.Ports;
import io.meshrelay.relaycore.testing.RtpPeer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local demo mesh ({@code scripts/demo}): real {@code meshrelay node run} processes whose
 * trunk links run through user-space WAN emulators with the round-trip times of real servers
 * ({@code rtt-100-nodes.json}); a call between two distant nodes; then a degraded link the call
 * moves off without losing a packet, and a dead link it is rerouted around in milliseconds.
 * Leaves the mesh running for the operator to explore until Ctrl-C (or {@code --duration}).
 */
public final class DemoMesh implements AutoCloseable {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final PrintStream out;
    private final Path jar;
    private final Path dir;
    private final LsdbSnapshot rtts;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> api = new LinkedHashMap<>();
    private final Map<String, Integer> trunk = new LinkedHashMap<>();
    private final Map<String, LinkEmulator> links = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int controlPort;

    DemoMesh(Path jar, Path rttFile, Path dir, List<String> servers, PrintStream out) {
        this.out = out;
        this.jar = jar;
        this.dir = dir;
        this.rtts = LsdbJson.read(rttFile);
        for (String s : servers) {
            if (rtts.node(s) == null) {
                throw new IllegalArgumentException("server " + s + " is not in " + rttFile);
            }
            ids.add("n" + s);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        Path jar = Path.of(a.getOrDefault("jar", "control-plane/target/meshrelay.jar"));
        Path rtt = Path.of(a.getOrDefault("rtt", "control-plane/src/test/resources/lsdb/rtt-100-nodes.json"));
        Path dir = a.containsKey("dir") ? Path.of(a.get("dir")) : Files.createTempDirectory("meshrelay-demo-");
        List<String> servers = List.of(a.getOrDefault("nodes", "38,91,23,59,88").split(","));
        long duration = Long.parseLong(a.getOrDefault("duration", "0"));
        int callSeconds = Integer.parseInt(a.getOrDefault("call-seconds", "40"));
        int code;
        try (DemoMesh demo = new DemoMesh(jar, rtt, dir, servers, System.out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(demo::stopProcesses));
            code = demo.run(duration, callSeconds);
        }
        System.exit(code);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: DemoMesh [--jar F] [--rtt F] [--dir D] "
                        + "[--nodes 38,91,23,59,88] [--duration SECONDS (0: until Ctrl-C)] [--call-seconds 40]");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    /** What did not go as expected in the last {@link #run}, one line each; empty if all did. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Runs the demo; 0 if every step showed what it should. */
    int run(long durationS, int seconds) throws Exception {
        problems.clear();
        String from = ids.get(0);
        String to = ids.get(1);
        step("Mesh PKI: one CA, a certificate per node (meshrelay pki)");
        cli("pki", "init", "--dir", dir.resolve("ca").toString());
        for (String id : ids) {
            cli("pki", "issue", "--dir", dir.resolve("ca").toString(), "--node-id", id, "--out", dir.resolve(id).toString());
        }
        step("WAN: every trunk link through a user-space emulator, delay = RTT/2 each way (rtt-100-nodes.json)");
        controlPort = Ports.freeUdp();
        for (String id : ids) {
            trunk.put(id, Ports.freeUdp());
            api.put(id, Ports.freeTcp());
        }
        Map<String, List<String>> peers = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                String x = ids.get(i);
                String y = ids.get(j);
                double rtt = rtt(x, y);
                LinkEmulator l = LinkEmulator.start(new InetSocketAddress(LO, trunk.get(x)), new InetSocketAddress(LO,
                        trunk.get(y)));
                l.setBoth(Impairment.delay(rtt / 2));
                links.put(key(x, y), l);
                closeables.add(l);
                peers.computeIfAbsent(x, k -> new ArrayList<>()).add(y + "=127.0.0.1:" + l.addressForA().getPort());
                peers.computeIfAbsent(y, k -> new ArrayList<>()).add(x + "=127.0.0.1:" + l.addressForB().getPort());
                out.printf(Locale.ROOT, "  %-4s <-> %-4s %4.0f ms RTT%n", x, y, rtt);
            }
        }
        step("Nodes: " + ids.get(0) + " embeds the controller, the others join it over QUIC with mutual TLS");
        int media = 30000;
        for (String id : ids) {
            String region = rtts.node(id.substring(1)).region();
            List<String> cmd = new ArrayList<>(List.of("node", "run", "--tls-dir", dir.resolve(id).toString(),
                    "--region", region, "--bind", "127.0.0.1", "--api", "127.0.0.1:" + api.get(id),
                    "--trunk-port", String.valueOf(trunk.get(id)), "--media-ports", media + "-" + (media + 99),
                    "--peer-address", String.join(",", peers.get(id)), "--report-interval", "500ms",
                    "--probe-interval", "500ms", "--switch-hold", "3s", "--weight-load", "0", "--io-threads", "1"));
            media += 100;
            if (id.equals(ids.get(0))) {
                cmd.addAll(List.of("--controller", "--control-port", String.valueOf(controlPort)));
            } else {
                cmd.addAll(List.of("--controller-address", "127.0.0.1:" + controlPort));
            }
            processes.add(start(id, cmd));
            out.printf(Locale.ROOT, "  %-4s region %-4s API http://127.0.0.1:%d  log %s%n", id, region, api.get(id),
                    dir.resolve(id + ".log"));
            if (id.equals(ids.get(0))) {
                await("the controller's node", 60, () -> get(ids.get(0), "/readyz") != null);
            }
        }
        await("all nodes up and every link measured", 90, () -> {
            JsonNode n = get(from, "/v1/mesh/nodes");
            JsonNode l = get(from, "/v1/mesh/links");
            int up = 0;
            for (JsonNode x : n == null ? Json.MAPPER.createArrayNode() : n.path("nodes")) {
                up += x.path("up").asBoolean() ? 1 : 0;
            }
            return up == ids.size() && l != null && l.path("links").size() >= ids.size() * (ids.size() - 1);
        });
        Thread.sleep(3000); // a few more probes: RTT estimates settle
        cli("mesh", "nodes", "--api", "127.0.0.1:" + api.get(from));
        cli("mesh", "paths", "--api", "127.0.0.1:" + api.get(from), "--from", from, "--to", to, "--k", "4");

        step("A call: alice on " + from + ", bob on " + to + " (" + (int) rtt(from, to) + " ms RTT apart), 50 packets/s "
                + "each way, added through the controller's API");
        RtpPeer alice = RtpPeer.open();
        RtpPeer bob = RtpPeer.open();
        closeables.add(alice);
        closeables.add(bob);
        JsonNode pa = post(from, "/v1/sessions/demo-call/participants", "{\"id\":\"alice\",\"rtp\":true,\"remote\":"
                + "\"127.0.0.1:" + alice.address().getPort() + "\"}");
        JsonNode pb = post(from, "/v1/sessions/demo-call/participants", "{\"id\":\"bob\",\"node\":\"" + to
                + "\",\"rtp\":true,\"remote\":\"127.0.0.1:" + bob.address().getPort() + "\"}");
        InetSocketAddress aliceLeg = new InetSocketAddress(LO, pa.path("media").path("port").asInt());
        InetSocketAddress bobLeg = new InetSocketAddress(LO, pb.path("media").path("port").asInt());
        await("the call's flows", 30, () -> !activeVia(from).isEmpty() && !activeVia(to).isEmpty());
        RtpPeer.Stream aToB = alice.stream(aliceLeg, 0xA11CE, 50, 50 * seconds);
        RtpPeer.Stream bToA = bob.stream(bobLeg, 0xB0B, 50, 50 * seconds);
        Thread.sleep(4000);
        List<String> before = activeVia(from);
        out.println("  " + from + " sends the call on " + before + " (the direct link is the slow one)");

        String path = before.get(0);
        String[] hops = path.split(">");
        if (hops.length >= 3) {
            String transit = hops[1];
            step("Degrade " + transit + " <-> " + to + " by 80 ms: the call moves make-before-break");
            links.get(key(transit, to)).setBoth(Impairment.delay(rtt(transit, to) / 2 + 80));
            boolean moved = awaitQuietly(30, () -> !activeVia(from).contains(path));
            List<String> after = activeVia(from);
            out.println("  " + (moved ? "moved to " : "still on ") + after);
            if (!moved) {
                problems.add("the call did not move off the degraded path " + path + " within 30 s: " + after);
            }
            Thread.sleep(3000);
            String firstHop = after.get(0).split(">")[1];
            if (!firstHop.equals(to)) {
                step("Blackhole " + from + " <-> " + firstHop + ": fast reroute to the backup, no controller round trip");
                long t0 = System.nanoTime();
                links.get(key(from, firstHop)).setBoth(Impairment.blackholed());
                awaitQuietly(10, () -> !activeVia(from).get(0).split(">")[1].equals(firstHop));
                out.printf(Locale.ROOT, "  rerouted to %s (the API showed it after %d ms; the packets it cost are "
                        + "counted below)%n", activeVia(from), (System.nanoTime() - t0) / 1_000_000);
            }
        } else {
            out.println("  (the best path is direct here: nothing to degrade)");
        }
        aToB.await();
        bToA.await();
        Thread.sleep(1000);
        int sent = 50 * seconds;
        int lostToBob = bob.received(0xA11CE).missing(sent);
        int lostToAlice = alice.received(0xB0B).missing(sent);
        step("The call");
        out.printf(Locale.ROOT, "  alice -> bob: %d of %d packets delivered, %d duplicates%n", sent - lostToBob, sent,
                bob.received(0xA11CE).duplicates());
        out.printf(Locale.ROOT, "  bob -> alice: %d of %d packets delivered, %d duplicates%n", sent - lostToAlice, sent,
                alice.received(0xB0B).duplicates());
        out.println("  (a blackholed link costs the packets in flight until it is detected: ~"
                + "link-down-after + RTT; a degraded link costs none)");
        if (bob.received(0xA11CE).duplicates() != 0 || alice.received(0xB0B).duplicates() != 0) {
            problems.add("duplicates delivered: " + bob.received(0xA11CE).duplicates() + " to bob, "
                    + alice.received(0xB0B).duplicates() + " to alice");
        }
        if (lostToBob >= 50 || lostToAlice >= 50) {
            problems.add("more than a second of media lost: " + lostToBob + " packets to bob, " + lostToAlice
                    + " to alice");
        }

        step("Explore");
        out.println("  meshrelay mesh nodes --api 127.0.0.1:" + api.get(from));
        out.println("  meshrelay mesh links --api 127.0.0.1:" + api.get(to));
        out.println("  meshrelay mesh paths --api 127.0.0.1:" + api.get(from) + " --from " + from + " --to " + to);
        out.println("  curl -s 127.0.0.1:" + api.get(from) + "/v1/sessions/demo-call | python3 -m json.tool");
        out.println("  curl -s 127.0.0.1:" + api.get(from) + "/metrics | grep dropped");
        out.println("  logs and certificates: " + dir);
        if (durationS == 0) {
            out.println("\nThe mesh keeps running; Ctrl-C stops it.");
            Thread.currentThread().join();
        } else {
            Thread.sleep(TimeUnit.SECONDS.toMillis(durationS));
        }
        out.println(problems.isEmpty() ? "\ndemo: OK" : "\ndemo: not as expected: " + String.join("; ", problems));
        return problems.isEmpty() ? 0 : 1;
    }

    private double rtt(String x, String y) {
        String a = x.substring(1);
        String b = y.substring(1);
        for (LsdbLink l : rtts.links()) {
            if (l.from().equals(a) && l.to().equals(b)) {
                return l.rttMs();
            }
        }
        throw new IllegalArgumentException("no RTT between " + a + " and " + b);
    }

    private static String key(String x, String y) {
        return x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x;
    }

    private List<String> activeVia(String node) {
        List<String> out = new ArrayList<>();
        JsonNode s = get(node, "/v1/sessions/demo-call");
        if (s != null) {
            for (JsonNode f : s.path("flows")) {
                for (JsonNode p : f.path("activeVia")) {
                    out.add(p.asText());
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ processes and HTTP

    private Process start(String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHRELAY_"));
        return pb.start();
    }

    private void cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        out.println("$ meshrelay " + String.join(" ", args).replace(dir.toString(), "$DEMO"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHRELAY_"));
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        for (String line : printed.split("\n")) {
            if (!line.isBlank() && !line.contains(" INFO ")) {
                out.println("  " + line);
            }
        }
        if (p.exitValue() != 0 && !(args[0].equals("mesh") && p.exitValue() == 1)) {
            throw new IllegalStateException("meshrelay " + args[0] + " " + args[1] + " failed");
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private JsonNode get(String node, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.get(node)
                    + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            return r.body().startsWith("{") ? Json.MAPPER.readTree(r.body()) : Json.object();
        } catch (Exception e) {
            return null;
        }
    }

    private JsonNode post(String node, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.get(node) + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private void await(String what, int seconds, Check c) throws Exception {
        out.print("  waiting for " + what + " ...");
        if (!awaitQuietly(seconds, c)) {
            out.println(" timed out");
            throw new IllegalStateException("timed out waiting for " + what + "; logs in " + dir);
        }
        out.println(" ok");
    }

    private static boolean awaitQuietly(int seconds, Check c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (c.ok()) {
                return true;
            }
            Thread.sleep(200);
        }
        return c.ok();
    }

    private void step(String title) {
        out.println();
        out.println("== " + title);
    }

    void stopProcesses() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopProcesses();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

}
