#!/usr/bin/env bash
# relaybench adapter for meshrelay (interface: start | setup FLOWS TARGETS | teardown FLOWS | stop), used by
# scripts/bench as RELAYS="... meshrelay=$PWD/bench/relaybench/meshrelay.sh". One node, leg-to-leg forwarding:
# per flow a session with a latching sender leg and a leg towards the kit's receiver.
#   MESHRELAY_BENCH_MODE=plain|srtp   plain RTP both legs (default) or SRTP both ways (sender and receiver
#                                     legs keyed with SDES; needs an SRTP-capable load generator, not rtpblast)
#   MESHRELAY_BENCH_ARGS="..."        extra `meshrelay node run` flags (e.g. --transport io_uring)
#   MESHRELAY_JAVA_OPTS="..."         JVM options (default: 256 MiB heap, SerialGC: the node is pinned to one
#                                     core, where a concurrent collector's threads would share that core;
#                                     -XX:-TieredCompilation: one C2 compile per hot method instead of C1 then C2,
#                                     fewer compiles that, under SCHED_FIFO on that core, stall the I/O thread)
#   MESHRELAY_BENCH_WARMUP_S=4        seconds per warm-up round: rtpblast traffic with 1 and then 100 flows, each
#                                     with the REST setup/teardown a point makes, right after start (0 = off)
#   MESHRELAY_BENCH_WARMUP_PPS=100000 the warm-up's rate: one the node sustains at both flow counts. Faster
#                                     (150k) overran a node still in the interpreter, whose 100 x 8 MiB of
#                                     socket buffers then took 30 s to drain into a receiver already gone
#   MESHRELAY_BENCH_WARMUP_ROUNDS=2..8 rounds: at least 2, then until a round adds under 0.1 s of JIT compile
#                                     time (the node's meshrelay_jvm_jit_compilation_seconds_total). Points run
#                                     on a still-compiling node had p99 of 6-19 ms instead of 0.2-0.3 ms
#   MESHRELAY_BENCH_API / _TRUNK / _MEDIA   ports: 21380 (TCP), 21390, 21400-23999 (2 ports per flow, up to
#                                     1300 flows; inside relaybench's 21000-31999 range, below the ephemeral ports)
#   MESHRELAY_JAR                     the node jar (default control-plane/target/meshrelay.jar)
# Side files in $RB_WORK: NAME.node.json (GET /v1/node at start: version, transport, threads) and
# NAME.sockdrops.jsonl (one line per point, in point order: kernel drops at the node's media sockets, read from
# /proc/net/udp and udp6 at teardown; rbstat's relay_sock_drops only reads IPv4 sockets and Netty's are IPv6).
set -euo pipefail
. "${RB_DIR:?RB_DIR must point at shared/relaybench}/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
NAME=${RB_NAME:-meshrelay}
API_PORT=${MESHRELAY_BENCH_API:-21380}
TRUNK_PORT=${MESHRELAY_BENCH_TRUNK:-21390}
MEDIA=${MESHRELAY_BENCH_MEDIA:-21400-23999}
jar=${MESHRELAY_JAR:-$root/control-plane/target/meshrelay.jar}
calls=(python3 "$here/meshrelay_calls.py" --api "127.0.0.1:$API_PORT")

jit_seconds() {
    curl -sf "http://127.0.0.1:$API_PORT/metrics" 2>/dev/null \
        | awk '$1 == "meshrelay_jvm_jit_compilation_seconds_total" { print $2; found = 1 } END { if (!found) print 0 }'
}

warm_up() {
    # A JVM reaches steady state only after its JIT has compiled (and re-compiled) the packet path and
    # the REST calls each point makes. Under relaybench's SCHED_FIFO on one pinned core a compile delays
    # the I/O thread, so the warm-up runs every shape a measurement will (1 and 100 flows, setup and
    # teardown) at a rate the node sustains, round after round until compilation has settled.
    local secs=${MESHRELAY_BENCH_WARMUP_S:-4} pps=${MESHRELAY_BENCH_WARMUP_PPS:-100000}
    local max=${MESHRELAY_BENCH_WARMUP_ROUNDS:-8} t=$RB_WORK/$NAME.warmup.targets flows round before after
    [ "$secs" != 0 ] && [ -x "$RB_DIR/rtpblast" ] || return 0
    for round in $(seq "$max"); do
        before=$(jit_seconds)
        for flows in 1 100; do
            "${calls[@]}" setup --flows "$flows" --targets "$t" --recv-port "$RB_RECV_PORT" --prefix "$NAME-warmup-" >/dev/null
            "$RB_DIR/rtpblast" both --targets "$t" --flows "$flows" --src-base "$RB_SRC_BASE" --src-step "$RB_SRC_STEP" \
                --port "$RB_RECV_PORT" --rate "$pps" --duration "$secs" --label "$NAME/warmup" >/dev/null 2>&1 || true
            "${calls[@]}" teardown --flows "$flows" --prefix "$NAME-warmup-" >/dev/null
        done
        after=$(jit_seconds)
        echo "meshrelay adapter: warm-up round $round: JIT compile time $before -> $after s" >&2
        if [ "$round" -ge 2 ] && awk -v a="$after" -v b="$before" 'BEGIN { exit !(a - b < 0.1) }'; then
            break
        fi
    done
}

case "${1:-}" in
    start)
        [ -f "$jar" ] || { echo "meshrelay adapter: $jar missing: build first (mvn -pl control-plane -am package)" >&2; exit 2; }
        # the adapter's own MESHRELAY_BENCH_* knobs are not node settings (the node rejects unknown ones)
        unset_bench=()
        for v in $(compgen -e | grep '^MESHRELAY_BENCH_' || true); do unset_bench+=(-u "$v"); done
        # shellcheck disable=SC2086
        rb_spawn "$NAME" env "${unset_bench[@]}" java ${MESHRELAY_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC -XX:-TieredCompilation} -XX:+ExitOnOutOfMemoryError \
            -jar "$jar" node run --node-id bench --bind 127.0.0.1 --api "127.0.0.1:$API_PORT" \
            --trunk-port "$TRUNK_PORT" --media-ports "$MEDIA" --io-threads 1 --leg-max-pps 0 --log-level warn \
            ${MESHRELAY_BENCH_ARGS:-}
        for _ in $(seq 300); do
            if curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1; then
                curl -sf "http://127.0.0.1:$API_PORT/v1/node" >"$RB_WORK/$NAME.node.json" 2>/dev/null || true
                warm_up
                exit 0
            fi
            rb_alive "$NAME" || { echo "meshrelay died, see $RB_WORK/$NAME.log" >&2; exit 1; }
            sleep 0.2
        done
        echo "meshrelay not ready" >&2; exit 1 ;;
    setup)
        "${calls[@]}" setup --flows "$2" --targets "$3" --recv-port "$RB_RECV_PORT" \
            --mode "${MESHRELAY_BENCH_MODE:-plain}" ;;
    teardown)
        "${calls[@]}" teardown --flows "$2" --sockdrops "$MEDIA" --sockdrops-log "$RB_WORK/$NAME.sockdrops.jsonl" ;;
    stop) rb_stop "$NAME" ;;
    *) echo "usage: $0 start|setup FLOWS TARGETS|teardown FLOWS|stop" >&2; exit 2 ;;
esac
