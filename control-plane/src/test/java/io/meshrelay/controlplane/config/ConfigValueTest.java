package io.meshrelay.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meshrelay.relaycore.transport.PortRange;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValueTest {
    @Test
    void durationsReadOperatorUnitsAndPrintBack() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("PT2S"));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("5m", Durations.format(Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
    }

    @Test
    void sizesReadBinaryAndDecimalUnits() {
        assertEquals(4L << 20, ByteSize.parse("4MiB").bytes());
        assertEquals(4_000_000L, ByteSize.parse("4MB").bytes());
        assertEquals(262144L, ByteSize.parse("262144").bytes());
        assertEquals("256KiB", ByteSize.parse("262144").toString());
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("big"));
    }

    @Test
    void hostPortsAcceptBracketedIpv6Only() {
        assertEquals(new HostPort("::1", 7780), HostPort.parse("[::1]:7780"));
        assertEquals("[::1]:7780", HostPort.parse("[::1]:7780").toString());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:7780"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:0"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host"));
    }

    @Test
    void portRangesAreInclusiveAndBounded() {
        PortRange r = PortRange.parse("40000-40009");
        assertEquals(10, r.size());
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("0-10"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("10-9"));
    }

    @Test
    void editDistanceFindsNearKeys() {
        assertEquals(1, io.meshrelay.controlplane.Suggest.editDistance("media-port", "media-ports"));
        assertEquals(0, io.meshrelay.controlplane.Suggest.editDistance("a", "a"));
    }
}
