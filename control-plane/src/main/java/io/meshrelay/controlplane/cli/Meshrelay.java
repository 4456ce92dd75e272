package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.config.ByteSize;
import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.config.ConfigFile;
import io.meshrelay.controlplane.config.ConfigSources;
import io.meshrelay.controlplane.config.Durations;
import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.relaycore.transport.PortRange;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The process entry point of the {@code meshrelay} command. Exit codes: 0 ok, 2 usage or
 * configuration error (one line naming the flag or key), 1 runtime failure.
 */
public final class Meshrelay {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Meshrelay.class);

    private Meshrelay() {
    }

    public static void main(String[] args) {
        // first: Netty reads its pool sizes once, when the first pooled buffer is made
        io.meshrelay.relaycore.transport.Transport.tuneRecycler();
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty's default samples one buffer in 128 and records a stack trace for it and for every
            // slice of it: on the packet path that was a quarter of the node's allocation (JFR, 100k
            // packets/s). Tests run with it on; an operator chasing a leak sets the property back.
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, System.getenv(), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given environment; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        ConfigFile file;
        try {
            Path configPath = findConfigPath(args, env);
            file = configPath == null ? null : ConfigFile.load(configPath);
        } catch (ConfigException e) {
            err.println("meshrelay: " + e.getMessage());
            return EXIT_USAGE;
        }
        CliContext ctx = new CliContext(env, new ConfigSources(env, file), out, err);
        return newCommandLine(ctx, args).execute(args);
    }

    static CommandLine newCommandLine(CliContext ctx, String[] args) {
        CommandLine cl = new CommandLine(MeshrelayCommand.class, new ContextFactory(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        registerConverters(cl);
        cl.setDefaultValueProvider(ctx.sources());
        cl.setParameterExceptionHandler((ex, a) -> onUsageError(ctx, ex, args));
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> onRunFailure(ctx, ex));
        return cl;
    }

    static void registerConverters(CommandLine cl) {
        cl.registerConverter(PortRange.class, strict(PortRange::parse));
        cl.registerConverter(HostPort.class, strict(HostPort::parse));
        cl.registerConverter(ByteSize.class, strict(ByteSize::parse));
        cl.registerConverter(Duration.class, strict(Durations::parse));
    }

    private static <T> CommandLine.ITypeConverter<T> strict(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /**
     * The config file applies to commands that have a {@code --config} option; its path comes
     * from that flag or from {@code MESHRELAY_CONFIG}. A first, provider-less parse finds it.
     */
    private static Path findConfigPath(String[] args, Map<String, String> env) {
        CommandLine probe = new CommandLine(MeshrelayCommand.class, new ContextFactory(
                new CliContext(env, new ConfigSources(Map.of(), null), new PrintWriter(PrintWriter.nullWriter()),
                        new PrintWriter(PrintWriter.nullWriter()))));
        registerConverters(probe);
        probe.setCaseInsensitiveEnumValuesAllowed(true);
        ParseResult leaf;
        try {
            leaf = probe.parseArgs(args);
        } catch (ParameterException e) {
            return null; // the real parse reports it
        }
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        if (leaf.commandSpec().findOption("--config") == null) {
            return null;
        }
        Path flag = leaf.matchedOptionValue("--config", null);
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get("MESHRELAY_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    private static int onUsageError(CliContext ctx, ParameterException ex, String[] args) {
        PrintWriter err = ctx.err();
        String msg = ex.getMessage();
        ArgSpec arg = ex.getArgSpec();
        if (arg instanceof OptionSpec && !givenAsFlag((OptionSpec) arg, args)) {
            String key = ConfigSources.keyOf(arg);
            if (key != null && ctx.env().containsKey(ConfigSources.envName(key))) {
                msg += " (from environment variable " + ConfigSources.envName(key) + ")";
            } else if (key != null && ctx.sources().file() != null && ctx.sources().file().values().containsKey(key)) {
                msg += " (from config file " + ctx.sources().file().path() + ", key '" + key + "')";
            }
        }
        err.println("meshrelay: " + msg);
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        return EXIT_USAGE;
    }

    private static boolean givenAsFlag(OptionSpec option, String[] args) {
        List<String> names = List.of(option.names());
        for (String a : args) {
            if ("--".equals(a)) {
                return false;
            }
            int eq = a.indexOf('=');
            if (names.contains(eq < 0 ? a : a.substring(0, eq))) {
                return true;
            }
        }
        return false;
    }

    private static int onRunFailure(CliContext ctx, Exception ex) {
        if (ex instanceof ConfigException) {
            ctx.err().println("meshrelay: " + ex.getMessage());
            return EXIT_USAGE;
        }
        LOG.debug("command failed", ex);
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        ctx.err().println("meshrelay: " + msg);
        return EXIT_RUNTIME;
    }

    /** Builds commands with a {@link CliContext} constructor argument where they take one. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext ctx;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ContextFactory(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(ctx));
                }
            }
            return fallback.create(cls);
        }
    }
}
