package io.meshrelay.relaycore.trunk;

import io.meshrelay.relaycore.forward.Forwarder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.atomic.LongAdder;

/** Reads one I/O thread's trunk socket and hands frames to that thread's forwarder. */
public final class TrunkHandler extends ChannelInboundHandlerAdapter {
    private final Forwarder forwarder;
    private final LongAdder writeFailures;

    public TrunkHandler(Forwarder forwarder, LongAdder writeFailures) {
        this.forwarder = forwarder;
        this.writeFailures = writeFailures;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        forwarder.onTrunk((DatagramPacket) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        forwarder.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        writeFailures.increment(); // e.g. ECONNREFUSED from an unreachable peer: counted, not logged per packet
    }
}
