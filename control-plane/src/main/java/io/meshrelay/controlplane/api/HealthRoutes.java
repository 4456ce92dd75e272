package io.meshrelay.controlplane.api;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}, the same on nodes and controllers. */
public final class HealthRoutes {
    private HealthRoutes() {
    }

    /** {@code /healthz} answers while the process serves; {@code /readyz} only once {@code ready} holds. */
    public static void install(Router router, BooleanSupplier ready, Supplier<String> metrics) {
        router.get("/healthz", r -> ApiResponse.text(200, ApiResponse.TEXT, "ok\n"));
        router.get("/readyz", r -> ready.getAsBoolean()
                ? ApiResponse.text(200, ApiResponse.TEXT, "ready\n")
                : ApiResponse.text(503, ApiResponse.TEXT, "not ready\n"));
        router.get("/metrics", r -> ApiResponse.text(200, ApiResponse.PROMETHEUS, metrics.get()));
    }
}
