package io.meshrelay.srtp;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's blocking {@link DatagramTransport} fed by a queue: the I/O thread offers datagrams
 * (never blocks; drops when full, as UDP would), the handshake thread takes them. Sends go to the
 * data plane's callback. Handshake traffic only, so a copy per datagram is fine.
 */
final class DtlsQueueTransport implements DatagramTransport {
    /** A full DTLS flight is a handful of datagrams; 64 absorbs retransmission bursts. */
    private static final int QUEUE_DEPTH = 64;
    private static final int RECEIVE_LIMIT = 1500;
    /** Conservative path MTU minus IP/UDP headers: handshake messages above it are fragmented. */
    private static final int SEND_LIMIT = 1200;
    private static final byte[] CLOSED = new byte[0];

    private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE_DEPTH);
    private final Consumer<byte[]> sendToPeer;
    private volatile boolean closed;
    private volatile long dropped;

    DtlsQueueTransport(Consumer<byte[]> sendToPeer) {
        this.sendToPeer = sendToPeer;
    }

    /** From the I/O thread. */
    void offer(byte[] datagram, int off, int len) {
        if (closed || len <= 0 || !inbound.offer(Arrays.copyOfRange(datagram, off, off + len))) {
            dropped++;
        }
    }

    long dropped() {
        return dropped;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS endpoint closed");
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a DTLS datagram", e);
        }
        if (datagram == null) {
            return -1;
        }
        if (datagram == CLOSED) {
            throw new IOException("DTLS endpoint closed");
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS endpoint closed");
        }
        sendToPeer.accept(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inbound.clear();
            inbound.offer(CLOSED);
        }
    }
}
