package io.meshrelay.srtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test-only: builds the C helpers in bench/native against Debian's libsrtp2 and runs them. */
final class NativeTools {
    private NativeTools() {
    }

    static Path nativeSources() {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../bench/native").normalize();
        if (!Files.isRegularFile(dir.resolve("srtp_interop.c"))) {
            dir = Path.of(System.getProperty("user.dir")).resolve("bench/native");
        }
        return dir;
    }

    /** Compiles bench/native/NAME.c into target/native/NAME once; fails with how to get the tools. */
    static synchronized Path build(String name) throws IOException, InterruptedException {
        Path out = Path.of(System.getProperty("user.dir"), "target", "native", name);
        if (Files.isExecutable(out)) {
            return out;
        }
        Files.createDirectories(out.getParent());
        Path source = nativeSources().resolve(name + ".c");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", out.toString(), source.toString(), "-lsrtp2")
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("building " + source + " against libsrtp2 failed (scripts/install-test-tools "
                    + "installs gcc and libsrtp2-dev):\n" + log);
        }
        return out;
    }

    /** Runs the interop helper over packets (one per line in, one per line out). */
    static List<String> srtpInterop(String mode, String kind, SrtpKeyMaterial keys, List<byte[]> packets)
            throws IOException, InterruptedException {
        Path tool = build("srtp_interop");
        Path input = Files.createTempFile("srtp-interop", ".hex");
        try {
            List<String> lines = new ArrayList<>();
            java.util.HexFormat hex = java.util.HexFormat.of();
            for (byte[] p : packets) {
                lines.add(hex.formatHex(p));
            }
            Files.write(input, lines);
            String keySalt = hex.formatHex(keys.masterKey()) + hex.formatHex(keys.masterSalt());
            Process p = new ProcessBuilder(tool.toString(), mode, kind, keys.suite().name(), keySalt)
                    .redirectInput(input.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("srtp_interop " + mode + " " + kind + " exited " + p.exitValue());
            }
            return out;
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
