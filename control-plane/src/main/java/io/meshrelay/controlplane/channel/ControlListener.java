package io.meshrelay.controlplane.channel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the application hears from a control-channel endpoint. All callbacks of one endpoint run
 * one at a time, in order, on its callback thread ({@code meshrelay-control-server} /
 * {@code meshrelay-control-client}, or the serial executor given at start), never on Netty's
 * event loop: a callback may block briefly, but a slow one stalls that endpoint's later
 * callbacks and, past a bound, pauses reading from the peer (QUIC flow control then holds the
 * sender back). For one connection the order is: onConnect, onMessage..., onDisconnect.
 */
@FunctionalInterface
public interface ControlListener {
    /**
     * A message from {@code from}; {@code type} is never "hello". Transport errors arrive here as
     * type "error" with a body {@code {"code":..., "message":..., "type":...}}.
     */
    void onMessage(ControlConnection from, String type, JsonNode body);

    /** The connection is authenticated and open; on a client this is the moment to re-sync. */
    default void onConnect(ControlConnection connection) {
    }

    /** The connection is gone; {@code reason} says why (idle timeout, peer closed, superseded...). */
    default void onDisconnect(ControlConnection connection, String reason) {
    }
}
