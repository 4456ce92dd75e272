package io.meshrelay.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load point validation names the bad field; /proc/net/udp parsing. */
class LoadSpecTest {
    @Test
    void defaultsAreRelaybenchs() {
        LoadSpec s = LoadSpec.of("x", 100, 50_000, 2);
        assertEquals(172, s.size());
        assertEquals(200, s.tickUs());
        assertEquals(24000, s.srcBase());
        assertEquals(2, s.srcStep());
        assertEquals(100_000, s.plannedPackets());
    }

    @Test
    void rejectsOutOfRangeFieldsNamingThem() {
        assertMessage("flows", () -> LoadSpec.of("x", 0, 1000, 1));
        assertMessage("rate", () -> LoadSpec.of("x", 1, 0, 1));
        assertMessage("duration", () -> LoadSpec.of("x", 1, 1000, 601));
        assertMessage("size", () -> LoadSpec.of("x", 1, 1000, 1).withSize(43));
        assertMessage("tick", () -> LoadSpec.of("x", 1, 1000, 1).withTickUs(5));
        assertMessage("source ports", () -> LoadSpec.of("x", 20_000, 1000, 1).withSourcePorts(24000, 3));
    }

    private static void assertMessage(String field, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }

    @Test
    void readsDropsOfOnePortFromProcNetUdp(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("udp6");
        Files.writeString(f, String.join("\n",
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr "
                        + "tm->when retrnsmt   uid  timeout inode ref pointer drops",
                "  1: 0000000000000000FFFF00000100007F:5208 00000000000000000000000000000000:0000 07 00000000:00000000 "
                        + "00:00000000 00000000     0        0 1234 2 0000000000000000 17",
                "  2: 0000000000000000FFFF00000100007F:5209 00000000000000000000000000000000:0000 07 00000000:00000000 "
                        + "00:00000000 00000000     0        0 1235 2 0000000000000000 3") + "\n");
        assertEquals(17, ProcNet.udpDrops(f, 0x5208));
        assertEquals(3, ProcNet.udpDrops(f, 0x5209));
        assertEquals(-1, ProcNet.udpDrops(f, 1));
        assertEquals(-1, ProcNet.udpDrops(dir.resolve("absent"), 0x5208));
    }
}
