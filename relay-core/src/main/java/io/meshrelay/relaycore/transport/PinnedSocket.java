package io.meshrelay.relaycore.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A leg's pinned socket on epoll: bound to the leg's port (SO_REUSEPORT), connected to its remote,
 * registered with the leg's event loop as a plain {@link EpollIoHandle} rather than a Netty channel.
 *
 * <p>Why not a channel: Netty's datagram read loop wraps every datagram in a {@code DatagramPacket}
 * that escapes into the pipeline (24 B a packet, the node's only per-packet allocation), and a
 * write goes through the pipeline, the outbound buffer and a flush. Here a read is {@code recv}
 * into a pooled buffer handed straight to the {@link Receiver}, and a send is one {@code send}.
 * Sends are not batched (Netty's {@code sendmmsg} is not public API); side by side, one hot flow
 * cost no more CPU for it. All methods but {@link #open} run on the loop.
 *
 * <p>Reads adapt to the socket's traffic. Draining until the socket is empty costs one {@code recv}
 * that finds nothing; with many legs, each sees one datagram a wake-up and that empty read was a
 * third of the node's system calls. The socket is registered level-triggered, so a leg that gets
 * datagrams one at a time reads one per wake-up and the next {@code epoll_wait} reports anything
 * left; a leg reported again soon after such a read is in a burst and drains until empty again.
 */
public final class PinnedSocket implements EpollIoHandle {
    /** Where datagrams go; called on the socket's event loop. */
    public interface Receiver {
        /** Takes ownership of {@code datagram}; {@code sender} is the connected remote. */
        void onDatagram(ByteBuf datagram, InetSocketAddress sender);

        /** The end of one wake-up's reads: flush what they produced. */
        void onReadComplete();

        /** The socket closed, whoever closed it. */
        void onClosed(PinnedSocket socket);
    }

    /** Reported again within this of a one-datagram read: the read left datagrams behind. */
    static final long BURST_GAP_NANOS = 100_000;

    private final Socket socket;
    private final InetSocketAddress remote;
    private final ByteBufAllocator alloc;
    private final Receiver receiver;
    private IoRegistration registration;
    private boolean closed;
    private boolean draining;
    private long lastReadNanos = Long.MIN_VALUE / 2;
    private long emptyReads;

    private PinnedSocket(Socket socket, InetSocketAddress remote, ByteBufAllocator alloc, Receiver receiver) {
        this.socket = socket;
        this.remote = remote;
        this.alloc = alloc;
        this.receiver = receiver;
    }

    /**
     * Opens the socket on {@code loop}: bind to {@code local} with SO_REUSEPORT, connect to
     * {@code remote}, register for reads. Fails (and closes the socket) if any step fails.
     */
    public static Future<PinnedSocket> open(IoEventLoop loop, InetSocketAddress local, InetSocketAddress remote,
            int rcvBuf, int sndBuf, int dscp, ByteBufAllocator alloc, Receiver receiver) {
        Promise<PinnedSocket> done = loop.newPromise();
        loop.execute(() -> {
            // the family of the leg's own socket: SO_REUSEPORT shares a port within one family
            Socket s = LinuxSocket.newSocketDgram(local.getAddress() instanceof Inet4Address
                    ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6);
            try {
                s.setReusePort(true);
                if (rcvBuf > 0) {
                    s.setReceiveBufferSize(rcvBuf);
                }
                if (sndBuf > 0) {
                    s.setSendBufferSize(sndBuf);
                }
                if (dscp != 0) {
                    s.setTrafficClass(dscp << 2);
                }
                s.bind(local);
                s.connect(remote);
            } catch (IOException | RuntimeException e) {
                closeQuietly(s);
                done.setFailure(e);
                return;
            }
            PinnedSocket ps = new PinnedSocket(s, remote, alloc, receiver);
            loop.register(ps).addListener(f -> {
                if (!f.isSuccess()) {
                    closeQuietly(s);
                    done.setFailure(f.cause());
                    return;
                }
                ps.registration = (IoRegistration) f.getNow();
                ps.registration.submit(EpollIoOps.EPOLLIN);
                done.setSuccess(ps);
            });
        });
        return done;
    }

    @Override
    public FileDescriptor fd() {
        return socket;
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        if (!ops.contains(EpollIoOps.EPOLLIN) && !ops.contains(EpollIoOps.EPOLLERR)) {
            return;
        }
        long now = System.nanoTime();
        if (!draining && now - lastReadNanos < BURST_GAP_NANOS) {
            draining = true;
        }
        lastReadNanos = now;
        // draining: until the socket is empty, at most the loop's per-socket budget (fairness between legs)
        int limit = draining ? Transport.MAX_MESSAGES_PER_READ : 1;
        int read = 0;
        try {
            for (int i = 0; i < limit && !closed; i++) {
                ByteBuf buf = alloc.directBuffer(Transport.DATAGRAM_SLOT);
                int n;
                try {
                    if (buf.hasMemoryAddress()) {
                        n = socket.recvAddress(buf.memoryAddress(), 0, Transport.DATAGRAM_SLOT);
                    } else {
                        ByteBuffer nio = buf.internalNioBuffer(0, Transport.DATAGRAM_SLOT);
                        n = socket.recv(nio, nio.position(), nio.limit());
                    }
                } catch (IOException e) {
                    // an ICMP error of an earlier send (port unreachable): the remote may come back
                    buf.release();
                    continue;
                }
                if (n == 0) { // nothing left (EAGAIN)
                    buf.release();
                    emptyReads++;
                    // a drain that found one datagram: the burst is over, read one at a time again
                    draining &= read > 1;
                    break;
                }
                read++;
                buf.writerIndex(Math.max(n, 0)); // -1: a zero-length datagram, which the receiver drops
                receiver.onDatagram(buf, remote);
            }
        } finally {
            receiver.onReadComplete();
        }
    }

    /** Reads that found the socket empty, for tests: one a burst, none for datagrams that come one at a time. */
    long emptyReads() {
        return emptyReads;
    }

    /**
     * Sends {@code datagram} (a direct buffer) to the remote and releases it; false if the kernel
     * refused it or the socket is closed (its descriptor may already belong to another socket).
     */
    public boolean send(ByteBuf datagram) {
        if (closed) {
            datagram.release();
            return false;
        }
        try {
            int len = datagram.readableBytes();
            int n;
            if (datagram.hasMemoryAddress()) {
                n = socket.sendAddress(datagram.memoryAddress(), datagram.readerIndex(), datagram.writerIndex());
            } else {
                ByteBuffer nio = datagram.internalNioBuffer(datagram.readerIndex(), len);
                n = socket.send(nio, nio.position(), nio.limit());
            }
            return n == len; // 0: the send buffer is full (EAGAIN)
        } catch (IOException e) {
            return false; // the remote's port unreachable (an earlier send's ICMP error): the caller counts it
        } finally {
            datagram.release();
        }
    }

    /** Deregisters and closes the socket, then tells the receiver. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.cancel();
        }
        closeQuietly(socket);
        receiver.onClosed(this);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket we own; nothing to recover
        }
    }

    @Override
    public String toString() {
        return "pinned " + remote;
    }
}
