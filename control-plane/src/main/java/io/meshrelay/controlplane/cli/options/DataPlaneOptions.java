package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.config.ByteSize;
import io.meshrelay.relaycore.transport.TransportKind;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Tuning of the data plane: threads, transport, sockets, per-leg budgets and latching. */
public final class DataPlaneOptions {
    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Data-plane I/O threads; each call lives on one. 0 = one per CPU. Default: ${DEFAULT-VALUE}.")
    public int ioThreads;

    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "auto",
            description = "UDP transport: ${COMPLETION-CANDIDATES} (auto = epoll where it loads, else nio). "
                    + "Default: ${DEFAULT-VALUE}.")
    public TransportKind transport;

    @Option(names = "--socket-buffer", paramLabel = "SIZE", defaultValue = "4MiB",
            description = "SO_RCVBUF and SO_SNDBUF of every media and trunk socket (capped by net.core.rmem_max/"
                    + "wmem_max). Default: ${DEFAULT-VALUE}.")
    public ByteSize socketBuffer;

    @Option(names = "--dscp", paramLabel = "0-63", defaultValue = "46",
            description = "DSCP of media and trunk packets (46 = EF, expedited forwarding). Default: ${DEFAULT-VALUE}.")
    public int dscp;

    @Option(names = "--max-packet-size", paramLabel = "BYTES", defaultValue = "1500",
            description = "Larger datagrams are dropped as oversized. Default: ${DEFAULT-VALUE}.")
    public int maxPacketSize;

    @Option(names = "--leg-max-pps", paramLabel = "N", defaultValue = "10000",
            description = "Packets per second one leg may send before the excess is dropped (a flood on one port must "
                    + "not starve other calls); 0 = unlimited. Default: ${DEFAULT-VALUE}.")
    public int legMaxPps;

    @Option(names = "--leg-burst", paramLabel = "N", defaultValue = "2000",
            description = "Packets a leg may send above its rate in one burst. Default: ${DEFAULT-VALUE}.")
    public int legBurst;

    @Option(names = "--latching", paramLabel = "MODE", defaultValue = "learn",
            description = "Default for new legs: learn (follow the first authenticated source) or strict (only the "
                    + "signalled address). Default: ${DEFAULT-VALUE}.")
    public io.meshrelay.relaycore.leg.Latching latching;

    @Option(names = "--relatch-after", paramLabel = "DURATION", defaultValue = "2s",
            description = "A plain-RTP leg follows a new source address once its old one was silent this long "
                    + "(NAT rebinding). Default: ${DEFAULT-VALUE}.")
    public Duration relatchAfter;
}
