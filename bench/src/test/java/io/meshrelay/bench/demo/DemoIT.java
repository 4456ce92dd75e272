package io.meshrelay.bench.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command keeps working: the demo mesh (five node processes from the runnable
 * jar over emulated WAN links) forms, carries a call, moves it off a degraded link and reroutes
 * it around a dead one.
 */
@Timeout(300)
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demoMeshFormsCarriesACallAndHealsItself() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("control-plane/target/meshrelay.jar");
        assertTrue(Files.exists(jar), "build control-plane first (mvn verify builds it): " + jar);
        // The transcript goes into the failure message: CI shows that, not the report files.
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, transcript), true, StandardCharsets.UTF_8);
        try (DemoMesh demo = new DemoMesh(jar, root.resolve("control-plane/src/test/resources/lsdb/rtt-100-nodes.json"),
                dir, List.of("38", "91", "23", "59", "88"), out)) {
            int code = demo.run(1, 20);
            assertEquals(List.of(), demo.problems(), () -> "demo transcript:\n" + transcript.toString(StandardCharsets.UTF_8));
            assertEquals(0, code);
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
