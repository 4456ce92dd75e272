package io.meshrelay.controlplane.config;

import io.meshrelay.controlplane.Suggest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The settings cascade below the command line: environment ({@code MESHRELAY_MEDIA_PORTS}),
 * then the YAML file ({@code media-ports:}), then the option's own default. picocli asks this
 * provider only for options not given as flags, which puts flags on top.
 */
public final class ConfigSources implements CommandLine.IDefaultValueProvider {
    public static final String ENV_PREFIX = "MESHRELAY_";

    /** Options that steer the command itself rather than configure the node. */
    private static final Set<String> NOT_CONFIG = Set.of("help", "version", "print-config", "config");

    /** Variables read by the launcher script, not by the process. */
    private static final Set<String> LAUNCHER_ENV = Set.of(
            "MESHRELAY_CONFIG", "MESHRELAY_JAVA_OPTS", "MESHRELAY_JAR", "MESHRELAY_HOME", "MESHRELAY_JAVA");

    /** Where an effective value came from. */
    public enum Origin { FLAG, ENV, FILE, DEFAULT }

    private final Map<String, String> env;
    private final ConfigFile file;

    public ConfigSources(Map<String, String> env, ConfigFile file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    public ConfigFile file() {
        return file;
    }

    /** The config key of an option: its long name without dashes, or null if it is not a config key. */
    public static String keyOf(ArgSpec arg) {
        if (!(arg instanceof OptionSpec)) {
            return null;
        }
        String key = ((OptionSpec) arg).longestName().replaceFirst("^-+", "");
        return NOT_CONFIG.contains(key) ? null : key;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        String key = keyOf(arg);
        if (key == null) {
            return null;
        }
        String v = env.get(envName(key));
        if (v != null) {
            return v;
        }
        return file == null ? null : file.values().get(key);
    }

    public Origin originOf(OptionSpec option, ParseResult parsed) {
        if (parsed != null && parsed.hasMatchedOption(option)) {
            return Origin.FLAG;
        }
        String key = keyOf(option);
        if (key != null && env.containsKey(envName(key))) {
            return Origin.ENV;
        }
        if (key != null && file != null && file.values().containsKey(key)) {
            return Origin.FILE;
        }
        return Origin.DEFAULT;
    }

    /** Human words for where a value came from, for error messages and --print-config. */
    public String describeOrigin(OptionSpec option, ParseResult parsed) {
        String key = keyOf(option);
        switch (originOf(option, parsed)) {
            case FLAG: return "flag " + option.longestName();
            case ENV: return "env " + envName(key);
            case FILE: return "file " + file.path() + ", key " + key;
            default: return "default";
        }
    }

    /** Rejects file keys that are not options of {@code command}, suggesting the nearest one. */
    public void checkFileKeys(CommandSpec command) {
        if (file == null) {
            return;
        }
        Set<String> known = configKeys(command);
        for (String key : file.values().keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException("config file " + file.path() + ": unknown key '" + key + "'"
                        + suggestion(key, known) + " for 'meshrelay " + commandPath(command) + "'");
            }
        }
    }

    /** Rejects {@code MESHRELAY_*} variables that no command of the tree knows (a typo would be silently ignored). */
    public void checkEnvNames(CommandSpec root) {
        Set<String> known = new TreeSet<>();
        collectKeys(root, known);
        Set<String> knownEnv = new TreeSet<>();
        for (String k : known) {
            knownEnv.add(envName(k));
        }
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(ENV_PREFIX) && !knownEnv.contains(name) && !LAUNCHER_ENV.contains(name)) {
                List<String> envKeys = new ArrayList<>(knownEnv);
                throw new ConfigException("environment variable " + name + " is not a meshrelay setting"
                        + suggestion(name, envKeys));
            }
        }
    }

    public static Set<String> configKeys(CommandSpec command) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec o : command.options()) {
            String k = keyOf(o);
            if (k != null) {
                keys.add(k);
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    private static void collectKeys(CommandSpec spec, Set<String> into) {
        into.addAll(configKeys(spec));
        for (CommandLine sub : spec.subcommands().values()) {
            collectKeys(sub.getCommandSpec(), into);
        }
    }

    private static String commandPath(CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        int sp = q.indexOf(' ');
        return sp < 0 ? q : q.substring(sp + 1);
    }

    private static String suggestion(String wrong, Iterable<String> candidates) {
        String best = Suggest.nearest(wrong, candidates, Math.max(2, wrong.length() / 4));
        return best != null ? " (did you mean '" + best + "'?)" : "";
    }

}
