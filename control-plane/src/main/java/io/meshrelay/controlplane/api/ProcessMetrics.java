package io.meshrelay.controlplane.api;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;

/** Process-level gauges every meshrelay process exports. */
public final class ProcessMetrics {
    private ProcessMetrics() {
    }

    public static void write(PrometheusText t, long startedNs) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        t.family("uptime_seconds", "gauge", "Seconds since this process started.")
                .sample("uptime_seconds", (System.nanoTime() - startedNs) / 1e9);
        t.family("jvm_heap_used_bytes", "gauge", "JVM heap in use.")
                .sample("jvm_heap_used_bytes", mem.getHeapMemoryUsage().getUsed());
        t.family("jvm_heap_max_bytes", "gauge", "JVM heap limit.")
                .sample("jvm_heap_max_bytes", mem.getHeapMemoryUsage().getMax());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
            t.family("process_cpu_seconds_total", "counter", "CPU time used by this process.")
                    .sample("process_cpu_seconds_total", sun.getProcessCpuTime() / 1e9);
        }
        t.family("threads", "gauge", "Live JVM threads.")
                .sample("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    }
}
