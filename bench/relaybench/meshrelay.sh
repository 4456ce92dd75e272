#!/usr/bin/env bash
# relaybench adapter for meshrelay (interface: start | setup FLOWS TARGETS | teardown FLOWS | stop), used by
# scripts/bench as RELAYS="... meshrelay=$PWD/bench/relaybench/meshrelay.sh". One node, leg-to-leg forwarding:
# per flow a session with a latching sender leg and a leg towards the kit's receiver.
#   MESHRELAY_BENCH_MODE=plain|srtp   plain RTP both legs (default) or SRTP both ways (sender and receiver
#                                     legs keyed with SDES; needs an SRTP-capable load generator, not rtpblast)
#   MESHRELAY_BENCH_ARGS="..."        extra `meshrelay node run` flags (e.g. --transport io_uring)
#   MESHRELAY_JAVA_OPTS="..."         JVM options (default -Xms256m -Xmx256m)
set -euo pipefail
. "${RB_DIR:?RB_DIR must point at shared/relaybench}/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
NAME=${RB_NAME:-meshrelay}
API_PORT=${MESHRELAY_BENCH_API:-21380}
TRUNK_PORT=${MESHRELAY_BENCH_TRUNK:-21390}
MEDIA=${MESHRELAY_BENCH_MEDIA:-32000-32767}
jar=$root/control-plane/target/meshrelay.jar
case "${1:-}" in
    start)
        [ -f "$jar" ] || { echo "meshrelay adapter: build first (mvn -pl control-plane -am package)" >&2; exit 2; }
        # shellcheck disable=SC2086
        rb_spawn "$NAME" java ${MESHRELAY_JAVA_OPTS:--Xms256m -Xmx256m} -XX:+UseSerialGC -jar "$jar" node run \
            --node-id bench --bind 127.0.0.1 --api "127.0.0.1:$API_PORT" --trunk-port "$TRUNK_PORT" \
            --media-ports "$MEDIA" --io-threads 1 --leg-max-pps 0 --log-level warn ${MESHRELAY_BENCH_ARGS:-}
        for _ in $(seq 300); do
            curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1 && exit 0
            rb_alive "$NAME" || { echo "meshrelay died, see $RB_WORK/$NAME.log" >&2; exit 1; }
            sleep 0.2
        done
        echo "meshrelay not ready" >&2; exit 1 ;;
    setup)
        python3 "$here/meshrelay_calls.py" --api "127.0.0.1:$API_PORT" setup --flows "$2" --targets "$3" \
            --recv-port "$RB_RECV_PORT" --mode "${MESHRELAY_BENCH_MODE:-plain}" ;;
    teardown)
        python3 "$here/meshrelay_calls.py" --api "127.0.0.1:$API_PORT" teardown --flows "$2" ;;
    stop) rb_stop "$NAME" ;;
    *) echo "usage: $0 start|setup FLOWS TARGETS|teardown FLOWS|stop" >&2; exit 2 ;;
esac
