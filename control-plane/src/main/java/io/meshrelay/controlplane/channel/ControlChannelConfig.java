package io.meshrelay.controlplane.channel;

import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.config.Durations;
import java.time.Duration;

/**
 * Settings of the control channel, validated once; errors name the setting. Immutable.
 *
 * @param idleTimeout       QUIC max_idle_timeout (RFC 9000 §10.1): a peer silent this long is
 *                          dead and its connection closed; both ends use the smaller value
 * @param keepAliveInterval how often the client sends a keepalive frame, so an idle but healthy
 *                          connection never reaches the idle timeout
 * @param maxMessageBytes   largest JSON envelope this end accepts; announced in the hello
 * @param connectTimeout    limit for the QUIC handshake and for the hello exchange, each
 * @param reconnectMin      first reconnect delay of the client; doubles per failed attempt
 * @param reconnectMax      ceiling of the reconnect delay
 */
public record ControlChannelConfig(Duration idleTimeout, Duration keepAliveInterval, int maxMessageBytes,
        Duration connectTimeout, Duration reconnectMin, Duration reconnectMax) {

    public static final int MIN_MESSAGE_BYTES = 1024;
    public static final int MAX_MESSAGE_BYTES = 64 << 20;

    public ControlChannelConfig {
        requireBetween("control-idle-timeout", idleTimeout, Duration.ofMillis(200), Duration.ofMinutes(10));
        requireBetween("control-keepalive", keepAliveInterval, Duration.ofMillis(50), idleTimeout.minusMillis(1));
        if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new ConfigException("control-max-message: " + maxMessageBytes + " is outside " + MIN_MESSAGE_BYTES
                    + "-" + MAX_MESSAGE_BYTES + " bytes");
        }
        requireBetween("control-connect-timeout", connectTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
        requireBetween("control-reconnect-min", reconnectMin, Duration.ofMillis(1), Duration.ofMinutes(5));
        requireBetween("control-reconnect-max", reconnectMax, reconnectMin, Duration.ofHours(1));
    }

    /** 15 s idle timeout with a keepalive every 5 s, 1 MiB messages, 5 s connect, reconnect 100 ms → 10 s. */
    public static ControlChannelConfig defaults() {
        return new ControlChannelConfig(Duration.ofSeconds(15), Duration.ofSeconds(5), 1 << 20, Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /** This config with {@code idle} as idle timeout and a keepalive at a third of it. */
    public ControlChannelConfig withIdleTimeout(Duration idle) {
        return new ControlChannelConfig(idle, idle.dividedBy(3), maxMessageBytes, connectTimeout, reconnectMin,
                reconnectMax);
    }

    public ControlChannelConfig withMaxMessageBytes(int bytes) {
        return new ControlChannelConfig(idleTimeout, keepAliveInterval, bytes, connectTimeout, reconnectMin, reconnectMax);
    }

    public ControlChannelConfig withReconnect(Duration min, Duration max) {
        return new ControlChannelConfig(idleTimeout, keepAliveInterval, maxMessageBytes, connectTimeout, min, max);
    }

    public ControlChannelConfig withConnectTimeout(Duration timeout) {
        return new ControlChannelConfig(idleTimeout, keepAliveInterval, maxMessageBytes, timeout, reconnectMin,
                reconnectMax);
    }

    private static void requireBetween(String key, Duration d, Duration min, Duration max) {
        if (d == null) {
            throw new ConfigException(key + ": missing");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key + ": " + Durations.format(d) + " is outside " + Durations.format(min) + "-"
                    + Durations.format(max));
        }
    }
}
