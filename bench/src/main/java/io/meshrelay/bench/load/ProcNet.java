package io.meshrelay.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads kernel UDP socket counters from /proc/net/udp (Linux); -1 where unavailable. Any thread. */
final class ProcNet {
    private ProcNet() {
    }

    /**
     * Datagrams the kernel dropped at UDP sockets bound to local {@code port} (receive buffer full),
     * IPv4 and IPv6 tables together: Netty's native transports open dual-stack IPv6 sockets, so a
     * socket bound to 127.0.0.1 is listed in /proc/net/udp6.
     */
    static long udpDrops(int port) {
        long v4 = udpDrops(Path.of("/proc/net/udp"), port);
        long v6 = udpDrops(Path.of("/proc/net/udp6"), port);
        return v4 < 0 && v6 < 0 ? -1 : Math.max(0, v4) + Math.max(0, v6);
    }

    /** Sum of {@link #udpDrops(int)} over {@code ports}, reading each table once; -1 if none was found. */
    static long udpDrops(Collection<Integer> ports) {
        Map<Integer, Long> all = new HashMap<>();
        read(Path.of("/proc/net/udp"), all);
        read(Path.of("/proc/net/udp6"), all);
        long sum = 0;
        boolean found = false;
        for (int p : ports) {
            Long d = all.get(p);
            if (d != null) {
                sum += d;
                found = true;
            }
        }
        return found ? sum : -1;
    }

    private static void read(Path file, Map<Integer, Long> into) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return;
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 13) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            if (colon > 0) {
                into.merge(Integer.parseInt(f[1].substring(colon + 1), 16), Long.parseLong(f[f.length - 1]), Long::sum);
            }
        }
    }

    static long udpDrops(Path file, int port) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return -1;
        }
        long drops = 0;
        boolean found = false;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 13) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            if (colon < 0 || Integer.parseInt(f[1].substring(colon + 1), 16) != port) {
                continue;
            }
            drops += Long.parseLong(f[f.length - 1]);
            found = true;
        }
        return found ? drops : -1;
    }
}
