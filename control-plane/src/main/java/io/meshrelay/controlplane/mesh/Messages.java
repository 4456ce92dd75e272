package io.meshrelay.controlplane.mesh;

/**
 * Message types on the control channel (envelope: {@code docs/control-channel.md}); bodies are
 * described in {@code docs/mesh.md}. Version 1. A peer ignores types it does not know, so new
 * types can be added without a flag day.
 */
public final class Messages {
    // node -> controller
    /** On every (re)connect: identity, trunk address, index hint, trunk key and local sessions, to re-sync. */
    public static final String REGISTER = "register";
    /** Every report interval: load figures and this node's link measurements. */
    public static final String REPORT = "report";
    /** A node now anchors (has legs in) a session. */
    public static final String SESSION_JOIN = "session.join";
    /** A node no longer anchors a session. */
    public static final String SESSION_LEAVE = "session.leave";
    /** A session id was created through a node's API (registry entry, no anchors yet). */
    public static final String SESSION_CREATE = "session.create";
    /** A link this node probes went down (it already rerouted locally). */
    public static final String LINK_DOWN = "link.down";
    /** A node's API was asked to change the policy: the controller decides. */
    public static final String POLICY_SET = "policy.set";

    // controller -> node
    /** Answer to register: node index, trunk key, policy, the full LSDB. */
    public static final String WELCOME = "welcome";
    /** Changed nodes and links since the last delta (never the whole LSDB). */
    public static final String LSDB_DELTA = "lsdb.delta";
    /** The anchors and mesh key of a session this node anchors. */
    public static final String SESSION_UPDATE = "session.update";
    /** A session was deleted mesh-wide: remove it here. */
    public static final String SESSION_REMOVED = "session.removed";
    /** The mesh policy (weights, constraints, mode, switching thresholds). */
    public static final String POLICY = "policy";
    /** Add a participant on this node (the controller's API was asked with "node"). */
    public static final String PARTICIPANT_ADD = "participant.add";
    /** Remove a participant on this node. */
    public static final String PARTICIPANT_REMOVE = "participant.remove";
    /** Describe this node's part of a session. */
    public static final String SESSION_DESCRIBE = "session.describe";

    // both ways
    /** Answer to a request that carried {@code rid}: {@code {"rid", "status", "body"}}. */
    public static final String REPLY = "reply";

    private Messages() {
    }
}
