#!/bin/bash
# usage: profile.sh OUTDIR RELAYSPEC RATE FLOWS   (as root; the relaybench kit built in bench/target/relaybench)
# One 30 s relaybench point; 6 s into it, perf samples the relay's core (CPU 1) for 8 s, then counts
# wake-ups, IPIs and system calls there for 5 s. NOREC=1 skips the sampling, PERFG=-g adds call chains.
o=$1; mkdir -p $o
cd "$(dirname "$0")/../../../target/relaybench"
OUT=$o/rb DURATION=30 MAX_TOTAL_S=600 RELAYS="$2" FLOWS="$4" RATES="$3" REPEAT=1 ./run.sh > $o/run.log 2>&1 &
rp=$!
for i in $(seq 600); do pgrep -f "rtpblast.*--rate $3 " >/dev/null && break; sleep 0.5; done
sleep 6
jp=$(pgrep -f "^java .*-jar .*node run" | head -1)
[ -n "$jp" ] && jcmd $jp Compiler.perfmap >/dev/null 2>&1
[ -n "${NOREC:-}" ] || perf record ${PERFG:-} -o $o/perf.data -C 1 -F 2999 -- sleep 8 > $o/perf.log 2>&1
perf stat -C 1 -e sched:sched_waking,sched:sched_wakeup,ipi:ipi_send_cpu,sched:sched_wake_idle_without_ipi,raw_syscalls:sys_enter,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_recvmmsg,syscalls:sys_enter_sendmmsg -- sleep 5 > $o/stat.txt 2>&1
[ -n "$jp" ] && jcmd $jp Compiler.perfmap >/dev/null 2>&1
wait $rp
