package io.meshrelay.relaycore.transport;

/** Which Netty I/O transport carries the UDP sockets. */
public enum TransportKind {
    /** epoll when its native library loads here, else NIO. */
    AUTO,
    /** Linux epoll (recvmmsg/sendmmsg batching, SO_REUSEPORT). */
    EPOLL,
    /** Linux io_uring. */
    IO_URING,
    /** Java NIO: portable fallback. */
    NIO
}
