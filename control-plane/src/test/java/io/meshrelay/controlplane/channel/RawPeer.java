package io.meshrelay.controlplane.channel;

import io.meshrelay.controlplane.pki.NodeIdentity;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test-only QUIC peer that speaks the control channel's framing by hand, so tests can send
 * what a well-behaved {@link ControlClient} never would: no certificate, garbage, wrong
 * versions, oversized frames, no hello. It trusts any server certificate.
 */
final class RawPeer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private Channel udp;
    private QuicChannel quic;
    private QuicStreamChannel stream;

    /** Connects with {@code id}'s key and certificate, or with none if {@code id} is null. */
    static RawPeer connect(InetSocketAddress server, NodeIdentity id) throws Exception {
        RawPeer p = new RawPeer();
        p.start(server, id);
        return p;
    }

    private void start(InetSocketAddress server, NodeIdentity id) throws Exception {
        QuicSslContextBuilder tls = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(QuicSetup.ALPN);
        if (id != null) {
            tls.keyManager(id.privateKey(), null, id.certificate());
        }
        udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new QuicClientCodecBuilder().sslContext(tls.build())
                        .maxIdleTimeout(5, TimeUnit.SECONDS)
                        .initialMaxData(1 << 20)
                        .initialMaxStreamDataBidirectionalLocal(1 << 20)
                        .initialMaxStreamDataBidirectionalRemote(1 << 20)
                        .build())
                .bind(new InetSocketAddress(0)).sync().channel();
        Future<QuicChannel> f = QuicChannel.newBootstrap(udp)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        ctx.channel().closeFuture().addListener(x -> closed.complete("closed"));
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof QuicConnectionCloseEvent) {
                            closed.complete(QuicConnectionHandler.describe((QuicConnectionCloseEvent) evt));
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                })
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(server)
                .connect().await();
        if (f.isSuccess()) {
            quic = f.getNow();
        } else {
            closed.complete("connect failed: " + f.cause());
        }
    }

    /** Opens the bidirectional stream and collects the frames the server sends on it. */
    RawPeer openStream() throws Exception {
        stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
            @Override
            protected void initChannel(QuicStreamChannel ch) {
                ch.pipeline().addLast(new FrameDecoder(64 << 20), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        frames.add((byte[]) msg);
                    }
                });
            }
        }).sync().getNow();
        return this;
    }

    RawPeer hello() {
        return frame("{\"v\":1,\"type\":\"hello\",\"body\":{\"maxMessageBytes\":1048576}}");
    }

    RawPeer frame(String json) {
        return frame(json.getBytes(StandardCharsets.UTF_8));
    }

    RawPeer frame(byte[] payload) {
        ByteBuf b = stream.alloc().buffer().writeInt(payload.length).writeBytes(payload);
        stream.writeAndFlush(b).syncUninterruptibly();
        return this;
    }

    /** A length prefix announcing {@code length} bytes followed by that many filler bytes. */
    RawPeer oversized(int length) {
        ByteBuf b = stream.alloc().buffer().writeInt(length).writeZero(length);
        stream.writeAndFlush(b).syncUninterruptibly();
        return this;
    }

    /** The next frame from the server, as text; blocks (tests bound this with @Timeout). */
    String next() throws InterruptedException {
        return new String(frames.take(), StandardCharsets.UTF_8);
    }

    /** Why the connection ended; blocks until it has. */
    String awaitClosed() throws Exception {
        return closed.get();
    }

    boolean connected() {
        return quic != null;
    }

    @Override
    public void close() {
        if (quic != null) {
            quic.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (udp != null) {
            udp.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
