package io.meshrelay.controlplane.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@code meshrelay} process started from the shaded jar, as an operator would run it. */
public final class MeshrelayProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;

    private MeshrelayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The runnable jar built by this module's package phase. */
    public static Path jar() {
        Path p = Path.of("target", "meshrelay.jar");
        if (!Files.exists(p)) {
            throw new IllegalStateException("target/meshrelay.jar is missing: run the tests through 'mvn verify'");
        }
        return p;
    }

    public static MeshrelayProcess start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("meshrelay-it", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHRELAY_"));
        pb.environment().putAll(env);
        return new MeshrelayProcess(pb.start(), log);
    }

    /** Runs a command to completion (bounded) and returns its exit code. */
    public static Result run(Map<String, String> env, String... args) throws Exception {
        try (MeshrelayProcess p = start(env, args)) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("meshrelay " + String.join(" ", args) + " did not finish:\n" + p.output());
            }
            return new Result(p.process.exitValue(), p.output());
        }
    }

    /** Exit code and combined output of a finished command. */
    public record Result(int exitCode, String output) {
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    public Process process() {
        return process;
    }

    /** Polls {@code url} until it answers 200 or the process dies or {@code timeout} passes. */
    public void awaitHttp200(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " not ready after " + timeout + ":\n" + output());
    }

    /** SIGTERM, as systemd stops a unit; returns the exit code. */
    public int terminate() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process ignored SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(log);
    }
}
