package io.meshrelay.controlplane.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meshrelay.controlplane.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlChannelConfigTest {
    private static String rejection(Runnable r) {
        return assertThrows(ConfigException.class, r::run).getMessage();
    }

    @Test
    void defaultsAreValidAndKeepAliveIsAThirdOfTheIdleTimeout() {
        ControlChannelConfig d = ControlChannelConfig.defaults();
        assertEquals(Duration.ofSeconds(15), d.idleTimeout());
        assertEquals(Duration.ofSeconds(5), d.keepAliveInterval());
        assertEquals(Duration.ofSeconds(2), d.withIdleTimeout(Duration.ofSeconds(6)).keepAliveInterval());
    }

    @Test
    void badValuesAreRejectedNamingTheSetting() {
        ControlChannelConfig d = ControlChannelConfig.defaults();
        assertEquals("control-idle-timeout: 100ms is outside 200ms-10m",
                rejection(() -> d.withIdleTimeout(Duration.ofMillis(100))));
        assertEquals("control-keepalive: 15s is outside 50ms-14999ms",
                rejection(() -> new ControlChannelConfig(Duration.ofSeconds(15), Duration.ofSeconds(15), 4096,
                        Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(1))));
        assertEquals("control-max-message: 100 is outside 1024-67108864 bytes",
                rejection(() -> d.withMaxMessageBytes(100)));
        assertEquals("control-reconnect-max: 50ms is outside 100ms-1h",
                rejection(() -> d.withReconnect(Duration.ofMillis(100), Duration.ofMillis(50))));
    }
}
