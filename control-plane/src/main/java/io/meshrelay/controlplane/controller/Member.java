package io.meshrelay.controlplane.controller;

import io.meshrelay.controlplane.channel.ControlConnection;
import io.meshrelay.controlplane.lsdb.LoadFigures;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.mesh.MemberInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the controller holds about one node. Controller thread only. */
final class Member {
    final String id;
    final int index;
    String region;
    Double lat;
    Double lon;
    String trunk;
    String version;
    ControlConnection connection;
    long lastHeardNs;
    boolean alive;
    double load;
    LoadFigures figures = LoadFigures.NONE;
    /** Latest links this node measured, by far end. */
    final Map<String, LsdbLink> links = new LinkedHashMap<>();

    Member(String id, int index) {
        this.id = id;
        this.index = index;
    }

    MemberInfo info() {
        return new MemberInfo(id, index, region, lat, lon, trunk, alive, load, figures);
    }
}
