package io.meshrelay.controlplane.agent;

import io.meshrelay.controlplane.lsdb.LoadFigures;
import io.meshrelay.relaycore.DataPlaneStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Samples what makes a node busy: process CPU, heap, media bandwidth against the configured
 * capacity, packets per second, legs. The single {@link #load()} that path costs use is the
 * busiest resource, 0..1. Agent thread.
 */
public final class LoadSampler {
    private final double capacityMbps;
    private long lastNs;
    private long lastBytes;
    private long lastPackets;
    private LoadFigures figures = LoadFigures.NONE;
    private double load;

    public LoadSampler(double capacityMbps) {
        this.capacityMbps = capacityMbps;
    }

    public void sample(DataPlaneStats s, long nowNs) {
        long bytes = s.legRxBytes() + s.legTxBytes() + s.trunkBytesReceived() + s.trunkBytesSent();
        long packets = s.legRxPackets() + s.legTxPackets() + s.framesReceived() + s.framesSent();
        double cpu = Math.max(0, processCpu());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double mem = heap.getMax() > 0 ? Math.min(1, (double) heap.getUsed() / heap.getMax()) : 0;
        Double mbps = null;
        Double pps = null;
        if (lastNs != 0 && nowNs > lastNs) {
            double secs = (nowNs - lastNs) / 1e9;
            mbps = Math.max(0, (bytes - lastBytes) * 8 / secs / 1e6);
            pps = Math.max(0, (packets - lastPackets) / secs);
        }
        lastNs = nowNs;
        lastBytes = bytes;
        lastPackets = packets;
        figures = new LoadFigures(Math.min(1, cpu), mem, mbps, capacityMbps, pps, s.legs());
        double bw = mbps == null ? 0 : Math.min(1, mbps / capacityMbps);
        load = Math.max(Math.min(1, cpu), bw);
    }

    private static double processCpu() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad();
        }
        return 0;
    }

    public double load() {
        return load;
    }

    public LoadFigures figures() {
        return figures;
    }
}
