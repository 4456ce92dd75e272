package io.meshrelay.controlplane.controller;

import io.meshrelay.controlplane.Build;
import io.meshrelay.controlplane.api.ApiServer;
import io.meshrelay.controlplane.api.HealthRoutes;
import io.meshrelay.controlplane.api.HttpAddresses;
import io.meshrelay.controlplane.api.MeshRoutes;
import io.meshrelay.controlplane.api.ProcessMetrics;
import io.meshrelay.controlplane.api.PrometheusText;
import io.meshrelay.controlplane.api.Router;
import io.meshrelay.controlplane.channel.ControlChannelConfig;
import io.meshrelay.controlplane.config.ControllerConfig;
import io.meshrelay.controlplane.node.ShutdownSignal;
import io.meshrelay.controlplane.pki.NodeIdentity;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A standalone controller process: the controller, its REST API and metrics. */
public final class ControllerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntime.class);

    private final ControllerConfig config;
    private final long startedNs = System.nanoTime();
    private final ShutdownSignal shutdown = new ShutdownSignal();
    private volatile boolean ready;
    private Controller controller;
    private ApiServer api;

    private ControllerRuntime(ControllerConfig config) {
        this.config = config;
    }

    public static ControllerRuntime start(ControllerConfig config) throws Exception {
        ControllerRuntime c = new ControllerRuntime(config);
        try {
            NodeIdentity identity = NodeIdentity.load(config.tlsDir());
            c.controller = Controller.start(new InetSocketAddress(config.bind(), config.controlPort()), identity,
                    ControlChannelConfig.defaults(), config.deadAfter(), config.policy());
            ControllerApi capi = new ControllerApi(c.controller);
            Router router = new Router();
            HealthRoutes.install(router, () -> c.ready, c::metrics);
            new MeshRoutes(capi).install(router);
            capi.installSessionRoutes(router);
            c.api = ApiServer.start(router, new InetSocketAddress(config.api().host(), config.api().port()));
            c.ready = true;
            LOG.info("controller started, version {}; API on {}", Build.version(), HttpAddresses.url(c.api.localAddress()));
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    public InetSocketAddress apiAddress() {
        return api.localAddress();
    }

    public InetSocketAddress controlAddress() {
        return controller.localAddress();
    }

    private String metrics() {
        PrometheusText t = new PrometheusText("meshrelay_");
        t.family("build_info", "gauge", "Build of this process.").sample("build_info", 1, "version", Build.version(),
                "role", "controller");
        ProcessMetrics.write(t, startedNs);
        try {
            controller.call(() -> {
                controller.writeMetrics(t);
                return null;
            });
        } catch (Exception e) {
            LOG.debug("controller metrics unavailable: {}", e.toString());
        }
        return t.toString();
    }

    public void awaitShutdownSignal() throws InterruptedException {
        shutdown.await();
        LOG.info("controller stopping");
    }

    @Override
    public void close() {
        ready = false;
        if (api != null) {
            api.close();
        }
        if (controller != null) {
            controller.close();
        }
        shutdown.closed();
    }
}
