package io.meshrelay.controlplane.path;

import java.util.List;

/**
 * A backup of a flow's primary path, with why it was chosen. Immutable.
 *
 * @param path          the backup path
 * @param diversity     how independent it is of the primary and earlier backups
 * @param sharedNodes   transit nodes it shares with them (empty unless {@link Diversity#OVERLAPPING})
 * @param sharedRegions transit regions it shares with them (ends' regions excluded)
 */
public record BackupPath(RankedPath path, Diversity diversity, List<String> sharedNodes, List<String> sharedRegions) {
    public BackupPath {
        sharedNodes = List.copyOf(sharedNodes);
        sharedRegions = List.copyOf(sharedRegions);
    }
}
