package io.meshrelay.controlplane.channel;

import io.meshrelay.controlplane.pki.NodeIdentity;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link ControlConnection} needs from the server or client that owns it: identity,
 * settings, listener, callback executor, counters, and notice of connections opening and
 * closing. Its hooks run on the endpoint's event loop.
 */
abstract class ControlEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ControlEndpoint.class);

    final NodeIdentity identity;
    final ControlChannelConfig config;
    final ControlListener listener;
    final Executor callbacks;
    final ControlCounters counters;
    final boolean isServer;

    ControlEndpoint(NodeIdentity identity, ControlChannelConfig config, ControlListener listener, Executor callbacks,
            ControlCounters counters, boolean isServer) {
        this.identity = identity;
        this.config = config;
        this.listener = listener;
        this.callbacks = callbacks;
        this.counters = counters;
        this.isServer = isServer;
    }

    /** The connection finished its hello and is open. Event loop. */
    abstract void opened(ControlConnection connection);

    /** The connection's QUIC connection closed; {@code wasOpen} says whether it had opened. Event loop. */
    abstract void closed(ControlConnection connection, boolean wasOpen, String reason);

    /** A QUIC connection ended before its peer was authenticated (TLS refused, timed out). Event loop. */
    abstract void failedBeforeAuthentication(QuicChannel quic, SocketAddress remote, String reason);

    /** Runs {@code task} on the callback thread; dropped (and logged) only once the endpoint is shutting down. */
    final void callback(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("control channel callback dropped: executor shut down");
        }
    }
}
