package io.meshrelay.controlplane.controller;

import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpCryptoProvider;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mesh-wide sessions: which nodes anchor each one and its mesh key (the SRTP key media
 * travels under between anchors). Owned by the controller thread.
 */
final class SessionRegistry {
    /** One session: its key never changes while it exists, so anchors can join at any time. */
    static final class Entry {
        final String id;
        final SrtpKeyMaterial key;
        final Set<String> anchors = new TreeSet<>();

        Entry(String id, SrtpKeyMaterial key) {
            this.id = id;
            this.key = key;
        }
    }

    private final Map<String, Entry> sessions = new LinkedHashMap<>();

    /** The entry, created with {@code keyHint} (a node re-syncing after a controller restart) or a fresh key. */
    Entry ensure(String id, SrtpKeyMaterial keyHint) {
        return sessions.computeIfAbsent(id, k -> new Entry(id,
                keyHint != null ? keyHint : SrtpKeyMaterial.generate(SrtpCryptoProvider.fastestSuite())));
    }

    Entry get(String id) {
        return sessions.get(id);
    }

    Entry remove(String id) {
        return sessions.remove(id);
    }

    Collection<Entry> all() {
        return sessions.values();
    }
}
