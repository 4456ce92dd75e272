package io.meshrelay.controlplane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * A test-only UDP relay between one client and one server that can be cut (both directions
 * drop everything) and restored: a dead or partitioned peer without touching production code.
 */
public final class UdpRelay implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final InetSocketAddress target;
    private volatile SocketAddress client;
    private volatile boolean cut;
    private final Thread up;
    private final Thread down;

    public UdpRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.front = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.up = new Thread(this::clientToServer, "udp-relay-up");
        this.down = new Thread(this::serverToClient, "udp-relay-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    /** Where the client should send. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    public void cut() {
        cut = true;
    }

    public void restore() {
        cut = false;
    }

    private void clientToServer() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (true) {
                buf.clear();
                client = front.receive(buf);
                buf.flip();
                if (!cut) {
                    back.send(buf, target);
                }
            }
        } catch (ClosedChannelException e) {
            // closed: done
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serverToClient() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (true) {
                buf.clear();
                back.receive(buf);
                buf.flip();
                SocketAddress c = client;
                if (!cut && c != null) {
                    front.send(buf, c);
                }
            }
        } catch (ClosedChannelException e) {
            // closed: done
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        front.close();
        back.close();
    }
}
