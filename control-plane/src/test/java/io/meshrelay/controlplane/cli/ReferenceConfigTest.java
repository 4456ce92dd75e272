package io.meshrelay.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commented reference config in {@code config/} stays true: valid, and naming every node setting. */
class ReferenceConfigTest {
    private static final Path REFERENCE = Path.of("..", "config", "meshrelay.yaml");

    @Test
    void referenceConfigIsAcceptedAsIs() {
        CliRun run = CliRun.of("node", "run", "--config", REFERENCE.toString(), "--print-config");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void referenceConfigDocumentsEveryNodeSetting() throws Exception {
        String text = Files.readString(REFERENCE);
        CliContext ctx = new CliContext(Map.of(), new ConfigSources(Map.of(), null),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()));
        CommandLine cl = Meshrelay.newCommandLine(ctx, new String[0]);
        for (String key : ConfigSources.configKeys(cl.getSubcommands().get("node").getSubcommands().get("run")
                .getCommandSpec())) {
            assertTrue(Pattern.compile("(?m)^(# )?" + Pattern.quote(key) + ":").matcher(text).find(),
                    "config/meshrelay.yaml does not mention '" + key + "'");
        }
    }
}
