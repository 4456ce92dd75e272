package io.meshrelay.controlplane.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands the frames of a control stream to its {@link ControlConnection}. One per stream; owned by its event loop. */
final class ControlStreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ControlStreamHandler.class);

    private final ControlConnection connection;

    ControlStreamHandler(ControlConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // FrameDecoder emits byte[] copies or Oversized markers: nothing to release.
        if (msg instanceof FrameDecoder.Oversized) {
            connection.onOversized((FrameDecoder.Oversized) msg);
        } else {
            connection.onFrame((byte[]) msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The control stream is the connection's lifeline. Deferred so that, when the whole
        // connection is closing, its own reason (idle timeout, peer close) is the one reported.
        ctx.channel().eventLoop().execute(() ->
                connection.closeWith(ControlConnection.CloseCode.PROTOCOL_ERROR, "control stream closed"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("control stream to {} failed", connection.peerNodeId(), cause);
        connection.closeWith(ControlConnection.CloseCode.INTERNAL_ERROR, "control stream failed: " + cause);
    }
}
