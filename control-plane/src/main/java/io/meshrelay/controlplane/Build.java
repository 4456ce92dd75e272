package io.meshrelay.controlplane;

import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about this build, read from the filtered {@code meshrelay-build.properties}. */
public final class Build {
    private static final Properties PROPS = load();

    private Build() {
    }

    public static String version() {
        return PROPS.getProperty("version", "unknown");
    }

    public static String nettyVersion() {
        Version v = Version.identify().get("netty-transport");
        return v == null ? "unknown" : v.artifactVersion();
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("/meshrelay-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a build without the resource reports "unknown"
        }
        return p;
    }
}
