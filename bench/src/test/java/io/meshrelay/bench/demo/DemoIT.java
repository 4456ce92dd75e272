package io.meshrelay.bench.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        try (DemoMesh demo = new DemoMesh(jar, root.resolve("control-plane/src/test/resources/lsdb/rtt-100-nodes.json"),
                dir, List.of("38", "91", "23", "59", "88"))) {
            assertEquals(0, demo.run(1, 20));
        }
    }
}
