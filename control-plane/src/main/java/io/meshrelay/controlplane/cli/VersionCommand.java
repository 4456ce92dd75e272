package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.Build;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.handler.codec.quic.Quic;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code meshrelay version}: the build and what this machine offers the data plane. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Print the meshrelay version, the Java runtime and which native transports load here.")
public final class VersionCommand implements Runnable {
    private final CliContext ctx;

    VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        for (String line : lines()) {
            ctx.out().println(line);
        }
    }

    static String[] lines() {
        return new String[] {
            "meshrelay " + Build.version(),
            "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "netty " + Build.nettyVersion(),
            "transport epoll: " + (Epoll.isAvailable() ? "available" : "unavailable"),
            "transport io_uring: " + (IoUring.isAvailable() ? "available" : "unavailable"),
            "quic: " + (Quic.isAvailable() ? "available" : "unavailable"),
        };
    }

    /** Feeds {@code --version} on every command. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"meshrelay " + Build.version()};
        }
    }
}
