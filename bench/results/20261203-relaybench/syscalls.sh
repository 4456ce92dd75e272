#!/bin/bash
# wait for a measured (non-warm-up) rtpblast point, then count the relay's syscalls for 5 s
for i in $(seq 600); do
  if pgrep -f 'rtpblast both.*label meshrelay' | xargs -r -I{} cat /proc/{}/cmdline 2>/dev/null | tr '\0' ' ' | grep -v warmup | grep -q label; then break; fi
  sleep 0.5
done
sleep 3
perf stat -C 1 -e raw_syscalls:sys_enter,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_recvmsg,syscalls:sys_enter_sendmsg,syscalls:sys_enter_recvmmsg,syscalls:sys_enter_sendmmsg,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_futex -- sleep 5 2>&1
