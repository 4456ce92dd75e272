package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.cli.options.ApiOptions;
import io.meshrelay.controlplane.lsdb.LsdbJson;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshrelay mesh links}: the LSDB's measured links; {@code --format json} is a snapshot for what-if. */
@Command(name = "links", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = {"Show the link-state database: every measured link with RTT, jitter, loss and bandwidth.",
            "--format json prints the snapshot that 'meshrelay mesh paths --lsdb FILE' reads: save it to plan offline."},
        footer = {"", "Exit codes: 0 ok, 2 usage error, 1 the API could not be reached or failed."})
public final class MeshLinksCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ApiOptions api;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    MeshPathsCommand.Format format;

    MeshLinksCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String json = new ApiClient(api.api).getText("/v1/mesh/links");
        if (format == MeshPathsCommand.Format.json) {
            ctx.out().print(json);
            ctx.out().println();
            return Meshrelay.EXIT_OK;
        }
        LsdbSnapshot s = LsdbJson.parse(json);
        ctx.out().printf(Locale.ROOT, "LSDB epoch %d: %d nodes, %d links, regions %s%n%n", s.epoch(), s.nodes().size(),
                s.links().size(), s.regions());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FROM", "TO", "RTT", "JITTER", "LOSS", "BANDWIDTH", "STATE"});
        for (LsdbLink l : s.links()) {
            rows.add(new String[] {l.from(), l.to(), String.format(Locale.ROOT, "%.1f ms", l.rttMs()),
                String.format(Locale.ROOT, "%.1f ms", l.jitterMs()), String.format(Locale.ROOT, "%.1f%%", l.loss() * 100),
                l.availableBandwidthMbps() == null ? "-"
                        : String.format(Locale.ROOT, "%.0f Mbit/s", l.availableBandwidthMbps()),
                l.up() ? "up" : "DOWN"});
        }
        Tables.print(rows, ctx.out());
        return Meshrelay.EXIT_OK;
    }
}
