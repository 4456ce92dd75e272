package io.meshrelay.relaycore.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for tests and the demo to hand to a node before it starts.
 *
 * <p>Asking the kernel for an ephemeral port and closing it is not enough: between the close and
 * the node's bind, any socket bound to port 0 (a link emulator, a test peer, an HTTP client) may
 * get the same port from the kernel. These come from a band below the ephemeral range (Linux:
 * 32768-60999), the default media range (16384-32767) and the tests' media blocks, so the kernel
 * never hands them out on its own and no leg takes them; this JVM never hands one out twice, and
 * each is checked free when handed out.
 */
public final class Ports {
    private static final int LOW = 10_000;
    private static final int HIGH = 16_383;
    private static final AtomicInteger NEXT = new AtomicInteger(
            LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW + 1));
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private Ports() {
    }

    /** A port free for UDP and TCP on loopback (a node's trunk, control and API ports). */
    public static int freeUdp() throws IOException {
        return next();
    }

    public static int freeTcp() throws IOException {
        return next();
    }

    private static int next() throws IOException {
        for (int i = 0; i <= HIGH - LOW; i++) {
            int port = LOW + Math.floorMod(NEXT.getAndIncrement() - LOW, HIGH - LOW + 1);
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port in " + LOW + "-" + HIGH);
    }

    private static boolean free(int port) {
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(LO, port));
                ServerSocket t = new ServerSocket()) {
            t.bind(new InetSocketAddress(LO, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
