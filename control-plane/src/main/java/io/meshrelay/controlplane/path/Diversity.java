package io.meshrelay.controlplane.path;

/** How independent a backup path is of the primary (and of the backups chosen before it). */
public enum Diversity {
    /** No transit node, no link and no transit region (other than the ends' own) in common. */
    NODE_AND_REGION_DISJOINT,
    /** No transit node and no link in common, but it crosses a region the primary crosses. */
    NODE_DISJOINT,
    /** Shares a transit node or link: the best the constraints allow, it survives fewer faults. */
    OVERLAPPING
}
