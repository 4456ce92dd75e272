package io.meshrelay.bench.support;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker pool made of Netty {@code FastThreadLocalThread}s, like the data plane's I/O
 * threads, so pooled buffers and Netty's object recyclers behave as they do in production (on a
 * plain thread Netty 4.2 neither caches pool chunks nor recycles buffer objects, which would show
 * up as per-packet allocation that the relay does not have). Selected by JMH through
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.meshrelay.bench.support.IoThreadExecutor} in each
 * benchmark's {@code @Fork(jvmArgsAppend)}.
 */
public final class IoThreadExecutor extends ThreadPoolExecutor {
    /** JMH calls this constructor reflectively with the worker count and a thread name prefix. */
    public IoThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
