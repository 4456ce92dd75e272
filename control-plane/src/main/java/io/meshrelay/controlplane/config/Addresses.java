package io.meshrelay.controlplane.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.regex.Pattern;

/** Address parsing for config: literal IPs only, so a start never waits on DNS. */
public final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Addresses() {
    }

    /** Parses a literal IPv4 or IPv6 address; {@code key} names the setting in the error. */
    public static InetAddress literal(String key, String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!IPV4.matcher(t).matches() && t.indexOf(':') < 0) {
            throw new ConfigException(key + ": '" + text + "' is not an IP address (host names are not resolved here)");
        }
        try {
            return InetAddress.getByName(t); // literal: no lookup
        } catch (UnknownHostException e) {
            throw new ConfigException(key + ": '" + text + "' is not an IP address");
        }
    }

    /** The address to announce when bound to a wildcard: the first non-loopback IPv4 of an up interface. */
    public static InetAddress detectAdvertise() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
        } catch (SocketException e) {
            // fall back to loopback below
        }
        return InetAddress.getLoopbackAddress();
    }

    /** This host's name, trimmed to a valid node id. */
    public static String hostNodeId() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "node");
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return name.isEmpty() ? "node" : name.substring(0, Math.min(64, name.length()));
    }
}
