package io.meshrelay.controlplane.channel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;

/**
 * Streams opened by the peer. On a server the client's first bidirectional stream becomes the
 * control stream; any other stream (on a client: every one) is refused and counted. Runs on the
 * event loop.
 */
@ChannelHandler.Sharable
final class PeerStreamInitializer extends ChannelInitializer<QuicStreamChannel> {
    private final ControlEndpoint endpoint;

    PeerStreamInitializer(ControlEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    protected void initChannel(QuicStreamChannel stream) {
        ControlConnection c = stream.parent().attr(ControlConnection.KEY).get();
        if (!endpoint.isServer || c == null || stream.type() != QuicStreamType.BIDIRECTIONAL || !c.adoptStream(stream)) {
            endpoint.counters.increment(ControlCounter.STREAMS_REFUSED);
            stream.close();
            return;
        }
        stream.pipeline().addLast(new FrameDecoder(endpoint.config.maxMessageBytes()), new ControlStreamHandler(c));
    }
}
