package io.meshrelay.controlplane.api;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Socket addresses written the way operators type them: {@code 127.0.0.1:7780}, {@code [::1]:7780}. */
public final class HttpAddresses {
    private HttpAddresses() {
    }

    public static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        boolean v6 = a.getAddress() instanceof Inet6Address || host.indexOf(':') >= 0;
        return (v6 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public static String url(InetSocketAddress a) {
        return "http://" + hostPort(a);
    }
}
