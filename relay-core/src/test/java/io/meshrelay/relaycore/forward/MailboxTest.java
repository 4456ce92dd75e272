package io.meshrelay.relaycore.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.session.Session;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MailboxTest {
    @Test
    @Timeout(30)
    void manyProducersHandOverEveryBufferExactlyOnceOrGetRefused() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            EventLoop loop = group.next();
            MeshState mesh = new MeshState(0, new TrunkAuth(0, new byte[16]));
            Forwarder fw = new Forwarder(loop, mesh, ByteBufAllocator.DEFAULT);
            Session s = new Session("mailbox", fw);
            Mailbox box = new Mailbox(fw, 64);
            int producers = 4;
            int each = 20_000;
            long[] refused = new long[producers];
            CountDownLatch done = new CountDownLatch(producers);
            java.util.List<io.netty.buffer.ByteBuf> all = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        io.netty.buffer.ByteBuf b = Unpooled.buffer(4);
                        if (box.offer(s, b, false)) {
                            all.add(b);
                        } else {
                            refused[id]++;
                            b.release();
                        }
                    }
                    done.countDown();
                }).start();
            }
            assertTrue(done.await(20, TimeUnit.SECONDS));
            // drain whatever is still queued on the loop, then every accepted buffer was released once by deliver
            loop.submit(box).get(5, TimeUnit.SECONDS);
            long accepted = all.size();
            long refusedTotal = java.util.Arrays.stream(refused).sum();
            assertEquals((long) producers * each, accepted + refusedTotal);
            for (io.netty.buffer.ByteBuf b : all) {
                assertEquals(0, b.refCnt(), "every handed-over buffer is consumed exactly once");
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
