package io.meshrelay.controlplane.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a node or controller: REST under {@code /v1}, {@code /metrics} and health.
 * Netty's I/O thread parses; routes run one at a time on the {@code meshrelay-api} thread, so
 * handlers see a consistent control state without locks of their own.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final Router router;
    private final EventLoopGroup group;
    private final ExecutorService worker;
    private final Channel channel;

    private ApiServer(Router router, InetSocketAddress bind) throws InterruptedException, BindException {
        this.router = router;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("meshrelay-http", true),
                NioIoHandler.newFactory());
        this.worker = Executors.newSingleThreadExecutor(new DefaultThreadFactory("meshrelay-api", true));
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(60, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast(new Dispatch());
                    }
                });
        try {
            this.channel = b.bind(bind).sync().channel();
        } catch (Exception e) {
            close();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new BindException("cannot listen on API address " + HttpAddresses.hostPort(bind) + ": " + e.getMessage());
            }
            throw e;
        }
    }

    /** Starts listening on {@code bind}; fails at once (port taken, bad address) rather than later. */
    public static ApiServer start(Router router, InetSocketAddress bind) throws InterruptedException, BindException {
        return new ApiServer(router, bind);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        worker.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** Runs a route for one request: parse on the I/O thread, handle on the API worker, reply from there. */
    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            String method = msg.method().name();
            QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
            Map<String, List<String>> query = qs.parameters();
            String path = qs.path();
            byte[] body = ByteBufUtil.getBytes(msg.content());
            try {
                worker.execute(() -> reply(ctx, method, handle(method, path, query, body), keepAlive));
            } catch (RejectedExecutionException e) {
                reply(ctx, method, ApiResponse.error(503, "shutting down"), false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("API connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private ApiResponse handle(String method, String path, Map<String, List<String>> query, byte[] body) {
        try {
            Router.Match m = router.match(method, path);
            return m.handler().handle(new ApiRequest(method, path, m.params(), query, body));
        } catch (ApiException e) {
            return ApiResponse.error(e.status(), e.getMessage());
        } catch (Exception e) {
            LOG.warn("API {} {} failed", method, path, e);
            return ApiResponse.error(500, "internal error: " + e);
        }
    }

    private static void reply(ChannelHandlerContext ctx, String method, ApiResponse r, boolean keepAlive) {
        byte[] body = "HEAD".equals(method) ? new byte[0] : r.body();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (keepAlive) {
            HttpUtil.setKeepAlive(res, true);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
