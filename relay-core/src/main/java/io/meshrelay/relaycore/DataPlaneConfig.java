package io.meshrelay.relaycore;

import io.meshrelay.relaycore.transport.PortRange;
import io.meshrelay.relaycore.transport.TransportKind;
import java.net.InetAddress;

/**
 * Settings of one node's data plane, validated by the caller (the CLI names keys in errors).
 *
 * @param nodeIndex      this node's index in trunk frames (0..65535), unique in the mesh
 * @param bind           local address of media and trunk sockets
 * @param advertise      address participants are told to send to
 * @param mediaPorts     one port per leg from this range
 * @param trunkPort      UDP port of node-to-node traffic (0 picks a free one, for tests)
 * @param ioThreads      event loops; each session lives on one
 * @param transport      I/O transport
 * @param socketRcvBuf   SO_RCVBUF of every socket (bytes, 0 = kernel default)
 * @param socketSndBuf   SO_SNDBUF (bytes, 0 = kernel default)
 * @param dscp           DSCP of media and trunk packets (0..63; 46 = EF)
 * @param maxPacketBytes larger datagrams are dropped as oversized
 * @param legMaxPps      per-leg packet budget per second (0 = unlimited)
 * @param legBurst       packets a leg may send above its rate in a burst
 * @param relatchAfterNs a learning leg re-latches to a new source after the old one was silent this long
 */
public record DataPlaneConfig(
        int nodeIndex,
        InetAddress bind,
        InetAddress advertise,
        PortRange mediaPorts,
        int trunkPort,
        int ioThreads,
        TransportKind transport,
        int socketRcvBuf,
        int socketSndBuf,
        int dscp,
        int maxPacketBytes,
        int legMaxPps,
        int legBurst,
        long relatchAfterNs) {

    /**
     * Socket buffers absorb the I/O thread being descheduled: 4 MiB holds a few thousand small
     * datagrams. It is a limit, not an allocation; the kernel caps it at net.core.rmem_max.
     */
    public static final int DEFAULT_SOCKET_BUFFER = 4 << 20;

    public DataPlaneConfig {
        if (nodeIndex < 0 || nodeIndex > 0xFFFF) {
            throw new IllegalArgumentException("node index must be 0..65535");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("io threads must be >= 1");
        }
        if (dscp < 0 || dscp > 63) {
            throw new IllegalArgumentException("dscp must be 0..63");
        }
        if (maxPacketBytes < 64 || maxPacketBytes >= io.meshrelay.relaycore.transport.Transport.DATAGRAM_SLOT) {
            throw new IllegalArgumentException("max packet size must be 64.."
                    + (io.meshrelay.relaycore.transport.Transport.DATAGRAM_SLOT - 1));
        }
    }

    /** Defaults for a node on loopback: what tests and the demo start from. */
    public static DataPlaneConfig loopback(int nodeIndex, PortRange mediaPorts) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new DataPlaneConfig(nodeIndex, lo, lo, mediaPorts, 0, 1, TransportKind.AUTO, DEFAULT_SOCKET_BUFFER,
                DEFAULT_SOCKET_BUFFER, 46, 1500, 10_000, 2_000, 2_000_000_000L);
    }

    public DataPlaneConfig withTrunkPort(int port) {
        return new DataPlaneConfig(nodeIndex, bind, advertise, mediaPorts, port, ioThreads, transport, socketRcvBuf,
                socketSndBuf, dscp, maxPacketBytes, legMaxPps, legBurst, relatchAfterNs);
    }

    public DataPlaneConfig withIoThreads(int threads) {
        return new DataPlaneConfig(nodeIndex, bind, advertise, mediaPorts, trunkPort, threads, transport, socketRcvBuf,
                socketSndBuf, dscp, maxPacketBytes, legMaxPps, legBurst, relatchAfterNs);
    }

    public DataPlaneConfig withTransport(TransportKind kind) {
        return new DataPlaneConfig(nodeIndex, bind, advertise, mediaPorts, trunkPort, ioThreads, kind, socketRcvBuf,
                socketSndBuf, dscp, maxPacketBytes, legMaxPps, legBurst, relatchAfterNs);
    }

    public DataPlaneConfig withBind(InetAddress address) {
        return new DataPlaneConfig(nodeIndex, address, advertise, mediaPorts, trunkPort, ioThreads, transport, socketRcvBuf,
                socketSndBuf, dscp, maxPacketBytes, legMaxPps, legBurst, relatchAfterNs);
    }

    public DataPlaneConfig withRelatchAfter(long ns) {
        return new DataPlaneConfig(nodeIndex, bind, advertise, mediaPorts, trunkPort, ioThreads, transport, socketRcvBuf,
                socketSndBuf, dscp, maxPacketBytes, legMaxPps, legBurst, ns);
    }

    public DataPlaneConfig withLegBudget(int maxPps, int burst) {
        return new DataPlaneConfig(nodeIndex, bind, advertise, mediaPorts, trunkPort, ioThreads, transport, socketRcvBuf,
                socketSndBuf, dscp, maxPacketBytes, maxPps, burst, relatchAfterNs);
    }
}
