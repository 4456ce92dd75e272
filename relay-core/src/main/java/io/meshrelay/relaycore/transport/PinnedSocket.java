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
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.FileDescriptor;
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
 * into a pooled buffer handed straight to the {@link Receiver}. Datagrams to send are queued and
 * flushed once a read batch: one {@code send} a datagram, or for a run of equal-sized ones (a burst
 * on one flow) one {@code send} of them all with UDP GSO ({@code UDP_SEGMENT}), which the kernel
 * cuts back into datagrams after one pass through the stack. All methods but {@link #open} run on
 * the loop.
 *
 * <p>Reads adapt to the socket's traffic. Draining until the socket is empty costs one {@code recv}
 * that finds nothing; with many legs, each sees one datagram a wake-up and that empty read was a
 * third of the node's system calls. The socket is registered level-triggered, so a leg that gets
 * datagrams one at a time reads one per wake-up and the next {@code epoll_wait} reports anything
 * left. A leg reported again soon after such a read, or in the very next round of a loop busy with
 * other legs too ({@link EpollRounds}), was left with datagrams and drains until empty again. The
 * second rule is what lets a loop that fell behind catch up: its rounds then take longer than any
 * fixed gap, and one datagram a leg a round costs twice what draining does (measured: 2.8 against
 * 1.2-1.5 us a packet at 100 legs), so without it the backlog never cleared.
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

        /** A queued datagram of {@code bytes} left (the kernel took it). */
        void onSent(int bytes);

        /** A queued datagram was refused (send buffer full, an ICMP error, the socket closed). */
        void onSendFailed();
    }

    /** Datagrams queued before a flush is forced: one system call's worth. */
    static final int MAX_QUEUED = Transport.MAX_MESSAGES_PER_READ;
    /** Whether pinned sockets may send runs of equal-sized datagrams with UDP GSO ({@code -Dmeshrelay.gso=false}: never). */
    static final boolean GSO = !"false".equals(System.getProperty("meshrelay.gso"));
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    /** A GSO send's cap: Linux's UDP_MAX_SEGMENTS on older kernels (newer allow more), and in bytes well inside 64 KiB. */
    static final int MAX_GSO_SEGMENTS = 64;
    private static final int MAX_GSO_BYTES = 60_000;
    private static final int ECONNREFUSED = 111;

    /** Reported again within this of a one-datagram read: the read left datagrams behind. */
    static final long BURST_GAP_NANOS = 100_000;

    private final LinuxSocket socket;
    private final InetSocketAddress remote;
    private final ByteBufAllocator alloc;
    private final Receiver receiver;
    private final ByteBuf[] queued = new ByteBuf[MAX_QUEUED];
    private int queuedCount;
    /** This socket may send with GSO: until the kernel refuses it. */
    private boolean gso = GSO;
    /** The socket's UDP_SEGMENT now (0: off); a datagram longer than it would be cut, so it is reset first. */
    private int gsoSize;
    private IoRegistration registration;
    private boolean closed;
    private boolean draining;
    private long lastReadNanos = Long.MIN_VALUE / 2;
    private EpollRounds rounds = EpollRounds.NONE;
    private long lastReadRound = -2;
    private long emptyReads;
    private long segmentedSends;

    private PinnedSocket(LinuxSocket socket, InetSocketAddress remote, ByteBufAllocator alloc, Receiver receiver) {
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
            LinuxSocket s = LinuxSocket.newSocketDgram(local.getAddress() instanceof Inet4Address
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
        long round = rounds.round;
        if (!draining && (now - lastReadNanos < BURST_GAP_NANOS
                || round == lastReadRound + 1 && rounds.previousEvents > 1)) {
            draining = true;
        }
        lastReadNanos = now;
        lastReadRound = round;
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

    /** The round counter of the loop that registered this socket; on that loop's thread. */
    void rounds(EpollRounds loopRounds) {
        this.rounds = loopRounds;
    }

    /** Reads that found the socket empty, for tests: one a burst, none for datagrams that come one at a time. */
    long emptyReads() {
        return emptyReads;
    }

    /** GSO sends the kernel took, for tests. */
    long segmentedSends() {
        return segmentedSends;
    }

    /**
     * Queues {@code datagram} (a direct buffer, taken over) for the next {@link #flush}; the receiver
     * hears of it as sent or failed then.
     */
    public void queue(ByteBuf datagram) {
        if (closed) {
            datagram.release();
            receiver.onSendFailed();
            return;
        }
        if (queuedCount == MAX_QUEUED) {
            flush();
        }
        queued[queuedCount++] = datagram;
    }

    /** Sends what {@link #queue} holds, in order: runs of equal-sized datagrams in one GSO send each. */
    public void flush() {
        int n = queuedCount;
        if (n == 0) {
            return;
        }
        queuedCount = 0;
        int i = 0;
        while (i < n) {
            int run = gso ? sameSizeRun(i, n) : 1;
            if (run > 1 && sendSegmented(i, run)) {
                i += run;
                continue;
            }
            for (int end = i + run; i < end; i++) {
                sendQueued(i);
            }
        }
    }

    /** How many datagrams from {@code i} one GSO send can carry: equal sizes, the last may be shorter. */
    private int sameSizeRun(int i, int n) {
        int size = queued[i].readableBytes();
        if (size == 0) {
            return 1;
        }
        int j = i + 1;
        int bytes = size;
        while (j < n && j - i < MAX_GSO_SEGMENTS && bytes + size <= MAX_GSO_BYTES) {
            int len = queued[j].readableBytes();
            if (len != size) {
                if (len > 0 && len < size) {
                    j++; // a shorter one may end a run
                }
                break;
            }
            bytes += len;
            j++;
        }
        return j - i;
    }

    /**
     * One send for {@code queued[i..i+run)}, segmented by the kernel at the first one's size. False
     * if the datagrams are still to be sent one by one: GSO refused (then off for this socket) or a
     * pending ICMP error taken by this send.
     */
    private boolean sendSegmented(int i, int run) {
        int size = queued[i].readableBytes();
        try {
            if (gsoSize != size) {
                socket.setIntOpt(SOL_UDP, UDP_SEGMENT, size);
                gsoSize = size;
            }
        } catch (IOException e) {
            gso = false; // a kernel without UDP_SEGMENT (before 4.18)
            return false;
        }
        ByteBuf all = alloc.directBuffer(run * size);
        for (int k = i; k < i + run; k++) {
            ByteBuf d = queued[k];
            all.writeBytes(d, d.readerIndex(), d.readableBytes());
        }
        int n;
        try {
            n = write(all);
        } catch (IOException e) {
            // a pending ICMP error (ECONNREFUSED) taken by this send; anything else means no GSO on
            // this route: a device without checksum offload (EIO), a segment above its MTU (EMSGSIZE)
            if (!(e instanceof Errors.NativeIoException)
                    || ((Errors.NativeIoException) e).expectedErr() != -ECONNREFUSED) {
                gso = false;
            }
            resetGso();
            return false;
        } finally {
            all.release();
        }
        if (n == 0) { // the send buffer is full: all of it is dropped, as single sends would be
            for (int k = i; k < i + run; k++) {
                sendFailed(k);
            }
            return true;
        }
        segmentedSends++;
        for (int k = i; k < i + run; k++) {
            ByteBuf d = queued[k];
            queued[k] = null;
            receiver.onSent(d.readableBytes());
            d.release();
        }
        return true;
    }

    private void resetGso() {
        try {
            socket.setIntOpt(SOL_UDP, UDP_SEGMENT, 0);
            gsoSize = 0;
        } catch (IOException e) {
            gso = false; // cannot happen where setting it worked; never send with a stale size
        }
    }

    private void sendQueued(int i) {
        ByteBuf d = queued[i];
        queued[i] = null;
        int len = d.readableBytes();
        boolean sent = sendOne(d);
        d.release();
        if (sent) {
            receiver.onSent(len);
        } else {
            receiver.onSendFailed();
        }
    }

    /** One datagram, whole, whatever UDP_SEGMENT the last run left on the socket; does not release it. */
    private boolean sendOne(ByteBuf d) {
        int len = d.readableBytes();
        if (gsoSize != 0 && len > gsoSize) {
            resetGso(); // else the kernel would cut it at the last run's size
            if (gsoSize != 0) {
                return false;
            }
        }
        try {
            return write(d) == len; // 0: the send buffer is full (EAGAIN)
        } catch (IOException e) {
            if (gsoSize == 0) {
                return false; // the remote's port unreachable (an earlier send's ICMP error): counted as failed
            }
            // with UDP_SEGMENT set the kernel refuses a datagram that needs IP fragments, which it
            // would otherwise send fragmented; or this was a pending ICMP error: once more without it
            resetGso();
            try {
                return gsoSize == 0 && write(d) == len;
            } catch (IOException again) {
                return false;
            }
        }
    }

    private void sendFailed(int i) {
        queued[i].release();
        queued[i] = null;
        receiver.onSendFailed();
    }

    /** One {@code send} of {@code d}'s readable bytes; 0 if the send buffer is full. */
    private int write(ByteBuf d) throws IOException {
        if (d.hasMemoryAddress()) {
            return socket.sendAddress(d.memoryAddress(), d.readerIndex(), d.writerIndex());
        }
        ByteBuffer nio = d.internalNioBuffer(d.readerIndex(), d.readableBytes());
        return socket.send(nio, nio.position(), nio.limit());
    }

    /** Deregisters and closes the socket (what is queued is dropped as failed), then tells the receiver. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < queuedCount; i++) {
            sendFailed(i);
        }
        queuedCount = 0;
        if (registration != null) {
            registration.cancel();
        }
        closeQuietly(socket);
        receiver.onClosed(this);
    }

    private static void closeQuietly(LinuxSocket s) {
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
