package io.meshrelay.bench.load;

import java.net.InetSocketAddress;
import java.util.Collections;

/** No relay: every flow sends straight to the receiver. The generator's own capacity baseline. */
public final class DirectTarget implements Target {
    @Override
    public String name() {
        return "direct";
    }

    @Override
    public Flows setup(int flows, InetSocketAddress receiver) {
        return new Flows(Collections.nCopies(flows, receiver), null, null);
    }

    @Override
    public void teardown(int flows) {
    }
}
