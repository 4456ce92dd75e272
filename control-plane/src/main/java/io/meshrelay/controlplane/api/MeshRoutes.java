package io.meshrelay.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.lsdb.LsdbJson;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.path.PathFinder;
import io.meshrelay.controlplane.path.PathQuery;
import io.meshrelay.controlplane.path.PathQueryException;
import io.meshrelay.controlplane.path.PathReport;

/**
 * {@code GET /v1/mesh/nodes}, {@code GET /v1/mesh/links} (the LSDB, in the same JSON that
 * {@code meshrelay mesh paths --lsdb} reads), {@code GET /v1/paths?from=A&to=B&k=4} (ranked paths
 * with metrics, under the mesh policy) and {@code GET|PUT /v1/policy}.
 */
public final class MeshRoutes {
    private final MeshView view;

    public MeshRoutes(MeshView view) {
        this.view = view;
    }

    public void install(Router r) {
        r.get("/v1/mesh/nodes", req -> {
            ObjectNode out = Json.object();
            out.set("nodes", view.nodes());
            return ApiResponse.ok(out);
        });
        r.get("/v1/mesh/links", req -> ApiResponse.text(200, ApiResponse.JSON, LsdbJson.write(view.lsdb())));
        r.get("/v1/paths", req -> {
            String from = req.requireQuery("from");
            String to = req.requireQuery("to");
            int k = req.queryInt("k", PathQuery.DEFAULT_K, 1, PathQuery.MAX_K);
            int backups = req.queryInt("backups", PathQuery.DEFAULT_BACKUPS, 0, PathQuery.MAX_BACKUPS);
            LsdbSnapshot lsdb = view.lsdb();
            MeshPolicy p = view.policy();
            try {
                PathQuery q = new PathQuery(from, to, k, backups, p.weights(), p.constraints());
                return ApiResponse.ok(PathReport.of(PathFinder.of(lsdb, p.weights()), q));
            } catch (PathQueryException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
        r.get("/v1/policy", req -> ApiResponse.ok(view.policy().toJson()));
        r.put("/v1/policy", req -> {
            try {
                return view.setPolicy(req.json());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
    }
}
