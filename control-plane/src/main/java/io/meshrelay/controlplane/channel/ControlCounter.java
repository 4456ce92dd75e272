package io.meshrelay.controlplane.channel;

/**
 * The counters of one control-channel endpoint (server or client), each with a stable id and
 * label for exporters; values live in {@link ControlCounters}.
 */
public enum ControlCounter {
    CONNECTIONS_OPENED(1, "control connections opened (peer authenticated, hello exchanged)"),
    CONNECTIONS_CLOSED(2, "control connections closed after being opened"),
    HANDSHAKES_FAILED(3, "connections that ended before authentication (no, untrusted or expired certificate)"),
    PEER_CERTIFICATES_REJECTED(4, "peer certificates refused by the mesh trust check"),
    HELLO_FAILED(5, "authenticated connections closed for a missing, late or bad hello"),
    CONNECTIONS_SUPERSEDED(6, "connections closed because the same node connected again"),
    STREAMS_REFUSED(7, "extra streams opened by a peer and refused"),
    MESSAGES_RECEIVED(8, "messages delivered to the listener"),
    MESSAGES_SENT(9, "messages queued for sending"),
    SEND_NOT_CONNECTED(10, "sends refused because no connection was open"),
    SEND_FAILED(11, "messages whose write failed (connection lost meanwhile)"),
    MALFORMED_RECEIVED(12, "received messages dropped as malformed (answered with an error)"),
    UNSUPPORTED_VERSION_RECEIVED(13, "received messages dropped for an unknown envelope version (answered with an error)"),
    OVERSIZED_RECEIVED(14, "received messages dropped for exceeding the size limit (answered with an error)"),
    ERRORS_RECEIVED(15, "error replies received from the peer"),
    LISTENER_FAILURES(16, "listener callbacks that threw"),
    READS_PAUSED(17, "times reading paused because the listener fell behind"),
    CONNECT_ATTEMPTS(18, "connection attempts (client)"),
    CONNECT_FAILURES(19, "connection attempts that failed before opening (client)");

    private final int id;
    private final String label;

    ControlCounter(int id, String label) {
        this.id = id;
        this.label = label;
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }
}
