package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AES-GCM engine choice in fresh JVMs (flags cannot change inside one): the JDK intrinsics on
 * every JDK 17+ installed under /usr/lib/jvm when the package is opened, and a correct pure-Java
 * fallback with its reason in one log line when it is not, when C2 is off, or when one intrinsic
 * is disabled.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GcmFallbackIT {
    private static final String ADD_OPENS = "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED";
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    @Test
    void usesTheJdkIntrinsicsOnEveryInstalledJdkWhenThePackageIsOpened() throws Exception {
        List<Path> javaHomes = javaHomes();
        for (Path home : javaHomes) {
            List<String> out = probe(home, 40_000, ADD_OPENS);
            assertTrue(out.contains("ghash=JDK"), home + ": " + out);
            assertTrue(out.contains("ctr=JDK"), home + ": " + out);
            assertTrue(out.contains("check=ok 40000"), home + ": " + out);
            assertTrue(out.stream().anyMatch(l -> l.contains("SRTP AES-GCM: JDK intrinsics for GHASH and AES-CTR")),
                    home + ": " + out);
        }
    }

    @Test
    void fallsBackToPureJavaWithoutTheOpensAndLogsTheFlagToAdd() throws Exception {
        List<String> out = probe(currentJavaHome(), 2_000);
        assertTrue(out.contains("ghash=java.base does not open com.sun.crypto.provider to us"), out.toString());
        assertTrue(out.contains("ctr=java.base does not open com.sun.crypto.provider to us"), out.toString());
        assertTrue(out.contains("check=ok 2000"), out.toString());
        List<String> logLines = out.stream().filter(l -> l.contains("SRTP AES-GCM")).toList();
        assertEquals(1, logLines.size(), out.toString());
        assertTrue(logLines.get(0).contains("WARN"), logLines.toString());
        assertTrue(logLines.get(0).endsWith("start the JVM with --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED"),
                logLines.toString());
    }

    @Test
    void fallsBackWhenC2IsOff() throws Exception {
        List<String> out = probe(currentJavaHome(), 2_000, ADD_OPENS, "-XX:TieredStopAtLevel=1");
        assertTrue(out.contains("ghash=C2 is off (-XX:TieredStopAtLevel=1)"), out.toString());
        assertTrue(out.contains("ctr=C2 is off (-XX:TieredStopAtLevel=1)"), out.toString());
        assertTrue(out.contains("check=ok 2000"), out.toString());
        assertFalse(out.stream().anyMatch(l -> l.contains("start the JVM with")), out.toString());
    }

    @Test
    void fallsBackPerEngineWhenOneIntrinsicIsDisabled() throws Exception {
        List<String> out = probe(currentJavaHome(), 20_000, ADD_OPENS, "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-UseGHASHIntrinsics");
        assertTrue(out.contains("ghash=-XX:-UseGHASHIntrinsics"), out.toString());
        assertTrue(out.contains("ctr=JDK"), out.toString());
        assertTrue(out.contains("check=ok 20000"), out.toString());
    }

    /** Runs GcmEngineProbe with this test's classpath under the JDK at home; stdout and stderr lines. */
    private static List<String> probe(Path home, int packets, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(GcmEngineProbe.class.getName());
        command.add(Integer.toString(packets));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "probe did not finish: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + String.join("\n", out));
        return out;
    }

    private static Path currentJavaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** This JDK and every other JDK 17+ under /usr/lib/jvm (by real path, each once). */
    private static List<Path> javaHomes() throws IOException {
        Set<Path> homes = new LinkedHashSet<>();
        homes.add(currentJavaHome().toRealPath());
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                for (Path dir : dirs.sorted().toList()) {
                    if (Files.isExecutable(dir.resolve("bin/java")) && Files.isRegularFile(dir.resolve("release"))) {
                        Matcher m = JAVA_VERSION.matcher(Files.readString(dir.resolve("release")));
                        if (m.find() && Integer.parseInt(m.group(1)) >= 17) {
                            homes.add(dir.toRealPath());
                        }
                    }
                }
            }
        }
        return new ArrayList<>(homes);
    }
}
