package io.meshrelay.relaycore.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The socket options a data-plane socket really ends up with, on a real bound channel. */
class TransportConfigureTest {

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = {"EPOLL", "NIO"})
    void everyDataPlaneSocketReadsUpToTheMessageBudgetPerWakeUp(TransportKind kind) throws Exception {
        Transport t = Transport.select(kind);
        EventLoopGroup group = t.newGroup(1, "test-" + kind);
        try {
            for (int batch : new int[] {Transport.LEG_BATCH, Transport.BATCH}) {
                Bootstrap b = t.configure(new Bootstrap().group(group), InetAddress.getLoopbackAddress(), 0, 0, 0,
                        batch, false).handler(new ChannelInboundHandlerAdapter());
                Channel ch = b.bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
                try {
                    // the budget must sit on the allocator in use: set before RCVBUF_ALLOCATOR it was lost
                    MaxMessagesRecvByteBufAllocator a = ch.config().getRecvByteBufAllocator();
                    assertEquals(Transport.MAX_MESSAGES_PER_READ, a.maxMessagesPerRead(), kind + " batch " + batch);
                    assertEquals(Transport.MAX_MESSAGES_PER_READ, ch.config().getMaxMessagesPerRead());
                    if (kind == TransportKind.EPOLL) {
                        assertTrue((a instanceof LegReadAllocator) == (batch == Transport.LEG_BATCH),
                                "leg sockets adapt their read slots, the trunk keeps its batch");
                    }
                } finally {
                    ch.close().sync();
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
