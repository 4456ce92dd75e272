package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.config.ConfigException;

/** Checks shared by the {@code pki} commands. Stateless. */
final class PkiOptions {
    /** A hundred years: beyond that a typo is likelier than intent (and X.509 dates stay in GeneralizedTime range). */
    static final int MAX_DAYS = 36_500;

    private PkiOptions() {
    }

    static void requireDays(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new ConfigException("days: " + days + " is outside 1-" + MAX_DAYS);
        }
    }
}
