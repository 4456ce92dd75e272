package io.meshrelay.controlplane.api;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
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
        // A collection stops the I/O threads: media jitter an operator should be able to line up with.
        long collections = 0;
        long collectionMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            collectionMs += Math.max(0, gc.getCollectionTime());
        }
        t.family("jvm_gc_collections_total", "counter", "Garbage collections since start.")
                .sample("jvm_gc_collections_total", collections);
        t.family("jvm_gc_seconds_total", "counter", "Time spent in garbage collection since start.")
                .sample("jvm_gc_seconds_total", collectionMs / 1e3);
        // Still growing long after start means code paths are still being (re)compiled: not yet steady state.
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            t.family("jvm_jit_compilation_seconds_total", "counter", "Time the JIT compilers spent compiling.")
                    .sample("jvm_jit_compilation_seconds_total", jit.getTotalCompilationTime() / 1e3);
        }
    }
}
