#!/usr/bin/env bash
# Bytes the meshrelay node allocates per forwarded packet, end to end: one node under the relaybench
# adapter (same JVM options, pinning and SCHED_FIFO as a sweep), rtpblast through it for DURATION s per
# flow count after 3 s of settling, heap accounting from `jstat -gc` before and after
# (young collections x eden size + eden growth). Needs root, a built kit and jstat (JDK).
#   RB_DIR=bench/target/relaybench bench/relaybench/alloc-per-packet.sh [RATE] [DURATION] [FLOWS...]
# Defaults: 100000 pps, 10 s, flows 1 and 100. MESHRELAY_JAR / MESHRELAY_JAVA_OPTS as for meshrelay.sh;
# TICK_US paces the blaster as in the kit (1000: 1 ms bursts, which fill the node's read batches).
# Prints one line per flow count: packets delivered, young GCs, bytes allocated, bytes per packet.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rate=${1:-100000}
secs=${2:-10}
shift $(($# < 2 ? $# : 2))
if [ $# -gt 0 ]; then flow_counts=("$@"); else flow_counts=(1 100); fi
export RB_DIR=${RB_DIR:?RB_DIR must point at a built relaybench kit (make in it)}
export RB_WORK=${RB_WORK:-$(mktemp -d /tmp/meshrelay-alloc.XXXXXX)}
export RB_RECV_PORT=${RB_RECV_PORT:-21000} RB_SRC_BASE=${RB_SRC_BASE:-24000} RB_SRC_STEP=2
export RB_RELAY_CPUS=${RB_RELAY_CPUS:-1} RB_RELAY_RT=${RB_RELAY_RT:-10} RB_MAX_LIFE=${RB_MAX_LIFE:-900}
export RB_NAME=alloc
adapter=$here/meshrelay.sh
command -v jstat >/dev/null || { echo "alloc-per-packet: jstat (a JDK) is needed" >&2; exit 2; }
blast=(chrt -f "$RB_RELAY_RT" taskset -c 0 "$RB_DIR/rtpblast" both --src-base "$RB_SRC_BASE" --src-step 2
    --port "$RB_RECV_PORT" --rate "$rate" ${TICK_US:+--tick-us "$TICK_US"})

"$adapter" start
trap '"$adapter" stop >/dev/null 2>&1 || true' EXIT
pid=$(cat "$RB_WORK/$RB_NAME.pid")
for flows in "${flow_counts[@]}"; do
    targets=$RB_WORK/targets.$flows
    "$adapter" setup "$flows" "$targets" >/dev/null
    "${blast[@]}" --targets "$targets" --flows "$flows" --duration 3 >/dev/null 2>&1
    before=$(jstat -gc "$pid" | tail -1)
    result=$("${blast[@]}" --targets "$targets" --flows "$flows" --duration "$secs" 2>/dev/null)
    after=$(jstat -gc "$pid" | tail -1)
    "$adapter" teardown "$flows" >/dev/null
    python3 - "$flows" "$before" "$after" "$result" <<'PY'
import json, sys
flows, before, after, result = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4]
# jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ... YGC (index 12), sizes in KiB
eden_kib, gcs = float(after[4]), int(after[12]) - int(before[12])
allocated = (gcs * eden_kib + float(after[5]) - float(before[5])) * 1024
delivered = json.loads(result[result.index("{"):])["unique"]
print(f"flows={flows} delivered={delivered} young_gcs={gcs} allocated_bytes={allocated:.0f} "
      f"bytes_per_packet={allocated / max(delivered, 1):.1f}")
PY
done
