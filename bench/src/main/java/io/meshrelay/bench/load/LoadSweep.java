package io.meshrelay.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.relaycore.transport.TransportKind;
import io.meshrelay.srtp.SrtpSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadsweep}: the Java load generator over a set of relays, rates and flow counts, in the
 * same interleaved order as relaybench's run.sh (for each rate and flow count every relay runs
 * back to back, the start rotating, so machine drift hits all alike), as a fixed-rate sweep
 * and/or a bisection of the highest rate with loss under {@code --loss-max}. Relays: {@code
 * direct} (the generator's own capacity), {@code meshrelay} (plain RTP leg to leg) and {@code
 * meshrelay-srtp} (SRTP in, re-protected out), the last two created per point through the node's
 * REST API. Each point appends one JSON line to {@code results.jsonl}; with {@code --rbstat} the
 * line is relaybench's merged record (relay CPU, other processes' CPU, socket drops). Bounded by
 * {@code --max-total-s}.
 */
@Command(name = "loadsweep", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Java load generator sweep: direct / meshrelay / meshrelay-srtp, interleaved."})
public final class LoadSweep implements Callable<Integer> {
    @Option(names = "--relays", split = ",", defaultValue = "direct,meshrelay,meshrelay-srtp",
            description = "Relays, in order: direct, meshrelay, meshrelay-srtp. Default: ${DEFAULT-VALUE}.")
    List<String> relays;

    @Option(names = "--api", defaultValue = "127.0.0.1:21380",
            description = "REST API of the meshrelay node (host:port). Default: ${DEFAULT-VALUE}.")
    String api;

    @Option(names = "--mode", defaultValue = "sweep",
            description = "sweep (fixed rates), findmax (bisection) or both. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--rates", split = ",", defaultValue = "25000,50000,100000,200000",
            description = "Offered packets/s of the sweep. Default: ${DEFAULT-VALUE}.")
    List<Integer> rates;

    @Option(names = "--flows", split = ",", defaultValue = "1,100", description = "Flow counts. Default: ${DEFAULT-VALUE}.")
    List<Integer> flows;

    @Option(names = "--duration", defaultValue = "2", description = "Seconds per point, (0, 60]. Default: ${DEFAULT-VALUE}.")
    double durationS;

    @Option(names = "--repeat", defaultValue = "1", description = "Repetitions of the sweep. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--size", defaultValue = "172", description = "Packet bytes before SRTP. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--tick-us", defaultValue = "200", description = "Pacing tick. Default: ${DEFAULT-VALUE}.")
    int tickUs;

    @Option(names = "--suite", defaultValue = "AES_CM_128_HMAC_SHA1_80",
            description = "SRTP suite of meshrelay-srtp. Default: ${DEFAULT-VALUE}.")
    String suite;

    @Option(names = "--findmax-lo", defaultValue = "20000", description = "First bisection rate. Default: ${DEFAULT-VALUE}.")
    int findmaxLo;

    @Option(names = "--findmax-hi", defaultValue = "800000", description = "Upper bound. Default: ${DEFAULT-VALUE}.")
    int findmaxHi;

    @Option(names = "--findmax-steps", defaultValue = "5", description = "Bisection steps. Default: ${DEFAULT-VALUE}.")
    int findmaxSteps;

    @Option(names = "--loss-max", defaultValue = "0.1", description = "Sustained: loss below this %%. Default: ${DEFAULT-VALUE}.")
    double lossMax;

    @Option(names = "--p50-max-us", defaultValue = "10000",
            description = "Sustained: median one-way latency below this (a relay whose backlog grows in its socket "
                    + "buffers loses nothing for seconds). Default: ${DEFAULT-VALUE}.")
    double p50MaxUs;

    @Option(names = "--recv", defaultValue = "127.0.0.1:21000",
            description = "Receiver bind address (port 0 = ephemeral). Default: ${DEFAULT-VALUE}.")
    String recv;

    @Option(names = "--src-base", defaultValue = "24000",
            description = "Source port of flow 0, flow i uses base + i*step (0 = ephemeral). Default: ${DEFAULT-VALUE}.")
    int srcBase;

    @Option(names = "--src-step", defaultValue = "2", description = "Source port step. Default: ${DEFAULT-VALUE}.")
    int srcStep;

    @Option(names = "--transport", defaultValue = "epoll",
            description = "Generator transport: epoll, io_uring, nio, auto. Default: ${DEFAULT-VALUE}.")
    TransportKind transport;

    @Option(names = "--out", required = true, description = "Directory for results.jsonl, findmax.jsonl, meta.json.")
    Path out;

    @Option(names = "--rbstat", description = "relaybench's rbstat.py: merge relay CPU, noise and socket drops per point.")
    Path rbstat;

    @Option(names = "--relay-pid-file", description = "PID file of the meshrelay node (for its CPU, via rbstat).")
    Path relayPidFile;

    @Option(names = "--noise-max", defaultValue = "0.25",
            description = "A point is noisy when other processes used more cores than this. Default: ${DEFAULT-VALUE}.")
    double noiseMax;

    @Option(names = "--noise-retry", defaultValue = "0", description = "Retries of a noisy point. Default: ${DEFAULT-VALUE}.")
    int noiseRetry;

    @Option(names = "--warmup-s", defaultValue = "2",
            description = "Seconds of unrecorded load per relay before the first point (JIT). Default: ${DEFAULT-VALUE}.")
    double warmupS;

    @Option(names = "--max-total-s", defaultValue = "900",
            description = "Stop starting points after this many seconds. Default: ${DEFAULT-VALUE}.")
    long maxTotalS;

    private final PrintStream log = System.err;
    private long startNs;
    private LoadGenerator gen;
    private InetSocketAddress recvAddress;
    private final Map<String, Target> targets = new LinkedHashMap<>();

    public static void main(String[] args) {
        // later flags win: scripts/bench appends overrides (BENCH_DURATION, LOAD_RATES) to a mode's defaults
        System.exit(new CommandLine(new LoadSweep()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Files.createDirectories(out.resolve("work"));
        startNs = System.nanoTime();
        MeshrelayApi meshApi = new MeshrelayApi(api);
        for (String r : relays) {
            switch (r) {
                case "direct":
                    targets.put(r, new DirectTarget());
                    break;
                case "meshrelay":
                    targets.put(r, new MeshrelayTarget(meshApi, null, "lg-"));
                    break;
                case "meshrelay-srtp":
                    targets.put(r, new MeshrelayTarget(meshApi, SrtpSuite.fromName(suite), "lg-"));
                    break;
                default:
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--relays: unknown relay '" + r + "' (direct, meshrelay, meshrelay-srtp)");
            }
        }
        try (LoadGenerator g = new LoadGenerator(transport)) {
            gen = g;
            writeMeta(meshApi);
            for (Target t : targets.values()) {
                if (warmupS > 0) {
                    log.println("loadsweep: warm-up " + t.name() + " " + warmupS + " s");
                    gen.run(spec(t.name() + "/warmup", 10, 20000, warmupS), t, recvAddress);
                }
            }
            if (mode.equals("sweep") || mode.equals("both")) {
                sweep();
            }
            if (mode.equals("findmax") || mode.equals("both")) {
                findmax();
            }
        }
        log.printf(Locale.ROOT, "loadsweep: done in %d s; results in %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs), out);
        return 0;
    }

    private void validate() {
        CommandLine cl = new CommandLine(this);
        if (!(durationS > 0 && durationS <= 60)) {
            throw new CommandLine.ParameterException(cl, "--duration: " + durationS + " is outside (0, 60]");
        }
        if (!List.of("sweep", "findmax", "both").contains(mode)) {
            throw new CommandLine.ParameterException(cl, "--mode: '" + mode + "' must be sweep, findmax or both");
        }
        if (repeat < 1 || repeat > 20) {
            throw new CommandLine.ParameterException(cl, "--repeat: " + repeat + " is outside 1..20");
        }
        if (findmaxLo <= 0 || findmaxHi <= findmaxLo || findmaxSteps < 0 || findmaxSteps > 12) {
            throw new CommandLine.ParameterException(cl, "--findmax-lo/hi/steps: need 0 < lo < hi and 0..12 steps");
        }
        for (int r : rates) {
            if (r <= 0) {
                throw new CommandLine.ParameterException(cl, "--rates: " + r + " must be positive");
            }
        }
        int colon = recv.lastIndexOf(':');
        if (colon < 0) {
            throw new CommandLine.ParameterException(cl, "--recv: '" + recv + "' must be host:port");
        }
        recvAddress = new InetSocketAddress(recv.substring(0, colon), Integer.parseInt(recv.substring(colon + 1)));
        // LoadSpec checks the rest (flows, size, tick, source ports) with the field named
        for (int f : flows) {
            spec("check", f, 1000, durationS);
        }
    }

    private LoadSpec spec(String label, int nflows, double rate, double seconds) {
        return new LoadSpec(label, nflows, rate, seconds, size, tickUs, 0x10000000, "127.0.0.1", srcBase, srcStep);
    }

    private boolean outOfTime() {
        return System.nanoTime() - startNs > TimeUnit.SECONDS.toNanos(maxTotalS);
    }

    private void sweep() throws Exception {
        List<String> names = new ArrayList<>(targets.keySet());
        int nr = names.size();
        for (int rep = 1; rep <= repeat; rep++) {
            for (int ri = 0; ri < rates.size(); ri++) {
                for (int fi = 0; fi < flows.size(); fi++) {
                    int offset = (ri + fi + rep) % nr; // rotate so no relay always runs first
                    for (int k = 0; k < nr; k++) {
                        point(names.get((offset + k) % nr), flows.get(fi), rates.get(ri), rep);
                    }
                }
            }
        }
    }

    /** Geometric bisection per relay and flow count, interleaved per step as run.sh's MODE=findmax. */
    private void findmax() throws Exception {
        List<String> names = new ArrayList<>(targets.keySet());
        Map<String, long[]> state = new LinkedHashMap<>(); // lo, hi, loSent
        for (int f : flows) {
            for (String n : names) {
                state.put(n + "/" + f, new long[] {0, findmaxHi, 0});
            }
        }
        for (int step = 0; step <= findmaxSteps; step++) {
            for (int f : flows) {
                for (int k = 0; k < names.size(); k++) {
                    String n = names.get((k + step) % names.size());
                    long[] s = state.get(n + "/" + f);
                    long rate;
                    if (step == 0) {
                        rate = findmaxLo;
                    } else {
                        if (s[0] <= 0) {
                            continue;
                        }
                        rate = Math.round(Math.sqrt((double) s[0] * s[1]) / 1000.0) * 1000;
                        if (rate <= s[0] || rate >= s[1]) {
                            continue;
                        }
                    }
                    JsonNode r = point(n, f, (int) rate, step);
                    if (r == null) {
                        continue;
                    }
                    if (sustained(r, rate)) {
                        s[0] = rate;
                        s[2] = r.path("rate_sent").asLong();
                    } else {
                        s[1] = rate;
                    }
                }
            }
        }
        for (int f : flows) {
            for (String n : names) {
                long[] s = state.get(n + "/" + f);
                ObjectNode o = MeshrelayApi.JSON.createObjectNode().put("findmax", true).put("relay", n).put("flows", f)
                        .put("lo", s[0]).put("lo_sent", s[2]).put("hi", s[1]).put("generator", "java-netty-" + gen.transportName());
                append(out.resolve("findmax.jsonl"), o.toString());
            }
        }
    }

    /** Loss under --loss-max, p50 under --p50-max-us, and the generator really offered 95% of the rate. */
    private boolean sustained(JsonNode r, long rate) {
        return r.path("loss_pct").asDouble(100) < lossMax && r.path("lat_us").path("p50").asDouble(Double.MAX_VALUE) < p50MaxUs
                && r.path("rate_sent").asDouble(0) >= 0.95 * rate;
    }

    /** Runs one point (retrying a noisy one if asked) and appends its record; null when out of time. */
    private JsonNode point(String relay, int nflows, int rate, int rep) throws Exception {
        if (outOfTime()) {
            log.println("loadsweep: --max-total-s reached, skipping " + relay + "/" + nflows + "/" + rate);
            return null;
        }
        Target t = targets.get(relay);
        String label = relay + "/" + nflows + "/" + rate + "/" + rep;
        for (int attempt = 1; ; attempt++) {
            String pidFile = relay.startsWith("meshrelay") && relayPidFile != null ? relayPidFile.toString() : null;
            String before = rbstat == null ? null : snap(pidFile);
            long ownCpuBefore = ownCpuNanos();
            LoadResult res;
            try {
                res = gen.run(spec(label, nflows, rate, durationS), t, recvAddress);
            } catch (Exception e) {
                log.println("loadsweep: " + label + " failed: " + e);
                ObjectNode o = MeshrelayApi.JSON.createObjectNode().put("relay", relay).put("flows", nflows)
                        .put("rate", rate).put("rep", rep).put("error", e.toString()).put("loss_pct", 100.0);
                append(out.resolve("errors.jsonl"), o.toString());
                return o;
            }
            ObjectNode rec;
            boolean noisy = false;
            if (rbstat != null) {
                long ownCpu = ownCpuNanos() - ownCpuBefore;
                String after = snap(pidFile);
                Path blast = out.resolve("work/last.json");
                Files.writeString(blast, res.toJson().toString() + "\n");
                rec = merge(before, after, blast, relay, nflows, rate, rep, attempt);
                noisy = discountGenerator(rec, ownCpu / 1e9,
                        res.sendUserS() + res.sendSysS() + res.recvUserS() + res.recvSysS(), noiseMax);
            } else {
                rec = res.toJson();
                rec.put("relay", relay).put("rate", rate).put("rep", rep).put("attempt", attempt);
            }
            if (t.lastSocketDrops() >= 0) {
                rec.put("relay_sock_drops", t.lastSocketDrops()); // rbstat reads IPv4 sockets only
            }
            rec.put("generator", res.generator()).put("srtp", res.srtpSuite()).put("srtp_fail", res.srtpFailures())
                    .put("unwritable", res.unwritable()).put("send_cpu_s", res.sendUserS() + res.sendSysS())
                    .put("recv_cpu_s", res.recvUserS() + res.recvSysS());
            append(out.resolve("results.jsonl"), rec.toString());
            log.println("  " + res.summaryLine() + (noisy ? "  NOISY" : ""));
            if (!noisy || attempt > noiseRetry) {
                return rec;
            }
            log.println("  (noisy: retry)");
        }
    }

    /** This JVM's CPU time (every thread: the generator's, its GC and JIT), or 0 where the JVM can't say. */
    private static long ownCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /**
     * rbstat counts every process but the relay as "other", and the generator is this JVM, alive
     * through the window (relaybench's blaster is a process that has exited by then): without this,
     * every point at a useful rate was flagged noisy by the generator's own CPU. Takes this JVM's
     * CPU ({@code own} seconds over the point) out of the other-process count, and the part its
     * send/receive threads did not report ({@code threads} seconds) out of the tick count; records
     * it and returns whether the point is still noisy.
     */
    static boolean discountGenerator(ObjectNode rec, double own, double threads, double noiseMax) {
        double wall = rec.path("wall_s").asDouble(0);
        if (wall <= 0 || own <= 0) {
            return rec.path("noisy").asBoolean(false);
        }
        double proc = Math.max(0, rec.path("other_proc_cores").asDouble(0) - own / wall);
        double tick = Math.max(0, rec.path("other_tick_cores").asDouble(0) - Math.max(0, own - threads) / wall);
        double other = Math.max(proc, tick);
        boolean noisy = other > noiseMax;
        rec.put("generator_cpu_cores", LoadResult.round(own / wall, 3))
                .put("other_proc_cores", LoadResult.round(proc, 3))
                .put("other_tick_cores", LoadResult.round(tick, 3))
                .put("other_cores", LoadResult.round(other, 3))
                .put("noisy", noisy);
        return noisy;
    }

    private String snap(String pidFile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", rbstat.toString(), "snap"));
        if (pidFile != null) {
            cmd.add(pidFile);
        }
        return exec(cmd).trim();
    }

    private ObjectNode merge(String before, String after, Path blast, String relay, int nflows, int rate, int rep,
            int attempt) throws IOException, InterruptedException {
        String line = exec(List.of("python3", rbstat.toString(), "merge", "--before", before, "--after", after,
                "--blast", blast.toString(), "--relay", relay, "--flows", Integer.toString(nflows), "--rate",
                Integer.toString(rate), "--rep", Integer.toString(rep), "--attempt", Integer.toString(attempt),
                "--noise-max", Double.toString(noiseMax))).trim();
        return (ObjectNode) MeshrelayApi.JSON.readTree(line);
    }

    /** Runs a helper; exit status 3 is rbstat's "noisy point", still a valid record. */
    private String exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd.subList(0, 3)) + " did not finish in 60 s");
        }
        if (p.exitValue() != 0 && p.exitValue() != 3) {
            throw new IOException(String.join(" ", cmd.subList(0, 3)) + " exited with " + p.exitValue());
        }
        return new String(outBytes, StandardCharsets.UTF_8);
    }

    private void writeMeta(MeshrelayApi meshApi) throws IOException {
        ObjectNode m = MeshrelayApi.JSON.createObjectNode();
        m.put("generator", "java-netty-" + gen.transportName()).put("java", System.getProperty("java.version"))
                .put("mode", mode).put("duration_s", durationS).put("size", size).put("tick_us", tickUs)
                .put("suite", suite).put("loss_max_pct", lossMax).put("p50_max_us", p50MaxUs).put("recv", recv).put("src_base", srcBase)
                .put("src_step", srcStep);
        m.putPOJO("relays", relays).putPOJO("rates", rates).putPOJO("flows", flows);
        if (targets.keySet().stream().anyMatch(n -> n.startsWith("meshrelay"))) {
            try {
                m.set("node", meshApi.node());
            } catch (IOException | InterruptedException e) {
                throw new IOException("meshrelay node at " + api + " does not answer GET /v1/node: " + e.getMessage(), e);
            }
        }
        Files.writeString(out.resolve("meta.json"), m.toPrettyString() + "\n");
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
