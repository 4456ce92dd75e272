package io.meshrelay.relaycore.transport;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * The rounds of one epoll event loop: a round is one {@code epoll_wait} and the events it returned.
 * A pinned socket that read one datagram and is reported again in the very next round of a loop
 * that was serving other sockets too still holds datagrams, however long that round took; a fixed
 * time gap cannot tell, because a loop that has fallen behind takes longer over every round (see
 * {@link PinnedSocket}'s reads). Read and written on the loop's thread only.
 */
final class EpollRounds {
    /** For a socket on a loop not built by {@link Transport}: never advances, so only the time gap applies. */
    static final EpollRounds NONE = new EpollRounds();

    /** Rounds begun on this loop. */
    long round;
    /** I/O events the previous round handled. */
    int previousEvents;

    private EpollRounds() {
    }

    /** {@code epoll}'s handlers, each counting its rounds and handing the count to the pinned sockets it registers. */
    static IoHandlerFactory counting(IoHandlerFactory epoll) {
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new Counting(epoll.newHandler(executor));
            }

            @Override
            public boolean isChangingThreadSupported() {
                return epoll.isChangingThreadSupported();
            }
        };
    }

    private static final class Counting implements IoHandler {
        private final IoHandler epoll;
        private final EpollRounds rounds = new EpollRounds();

        Counting(IoHandler epoll) {
            this.epoll = epoll;
        }

        @Override
        public int run(IoHandlerContext context) {
            rounds.round++;
            int events = epoll.run(context);
            rounds.previousEvents = events;
            return events;
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            IoRegistration registration = epoll.register(handle);
            if (handle instanceof PinnedSocket pinned) {
                pinned.rounds(rounds);
            }
            return registration;
        }

        @Override
        public void initialize() {
            epoll.initialize();
        }

        @Override
        public void prepareToDestroy() {
            epoll.prepareToDestroy();
        }

        @Override
        public void destroy() {
            epoll.destroy();
        }

        @Override
        public void wakeup() {
            epoll.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return epoll.isCompatible(handleType);
        }
    }
}
