#!/usr/bin/env python3
"""Creates and deletes benchmark calls on a meshrelay node through its REST API (stdlib only).

setup: per flow i a session "<prefix><i>" with participant "tx" (latches on the blaster's first packet) and
participant "rx" (sends to 127.0.0.1:<recv-port>); writes one "127.0.0.1:<tx port>" line per flow to --targets.
teardown: deletes those sessions; with --sockdrops LOW-HIGH first appends one JSON line to --sockdrops-log with the
kernel's drop counters summed over UDP sockets bound in that port range (/proc/net/udp and udp6: Netty's sockets
are dual-stack IPv6, which relaybench's rbstat.py does not read), i.e. the node's media sockets of this point.
"""
import argparse
import base64
import json
import sys
import time
import urllib.error
import urllib.request


def call(api, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://{api}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        # Generous: after an overload the node (SCHED_FIFO, one core) drains its socket buffers before
        # its API thread runs again; that is the benchmark's placement, not a hung node.
        with urllib.request.urlopen(req, timeout=60) as r:
            text = r.read()
            return r.status, (json.loads(text) if text else {})
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text or b"{}")
        except ValueError:
            return e.code, {"error": text.decode(errors="replace")}


def keying(mode, key_hex):
    if mode == "plain":
        return {"rtp": True}
    key = base64.b64encode(bytes.fromhex(key_hex)).decode()
    return {"srtp": {"suite": "AES_CM_128_HMAC_SHA1_80", "key": key}}


def sock_drops(lo, hi):
    """(sockets, drops) over UDP sockets whose local port is in [lo, hi]."""
    socks = drops = 0
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    p = line.split()
                    port = int(p[1].rsplit(":", 1)[1], 16)
                    if lo <= port <= hi:
                        socks += 1
                        drops += int(p[-1])
        except OSError:
            pass
    return socks, drops


def setup(a):
    lines = []
    for i in range(a.flows):
        sid = f"{a.prefix}{i}"
        call(a.api, "DELETE", f"/v1/sessions/{sid}")
        st, body = call(a.api, "POST", "/v1/sessions", {"id": sid})
        if st != 201:
            print(f"create {sid}: {st} {body}", file=sys.stderr)
            return 1
        st, tx = call(a.api, "POST", f"/v1/sessions/{sid}/participants", {"id": "tx", **keying(a.mode, a.key_hex)})
        if st != 201:
            print(f"tx leg {sid}: {st} {tx}", file=sys.stderr)
            return 1
        st, rx = call(a.api, "POST", f"/v1/sessions/{sid}/participants",
                      {"id": "rx", "remote": f"127.0.0.1:{a.recv_port}", **keying(a.mode, a.key_hex)})
        if st != 201:
            print(f"rx leg {sid}: {st} {rx}", file=sys.stderr)
            return 1
        lines.append(f"127.0.0.1:{tx['media']['port']}")
    with open(a.targets, "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


def teardown(a):
    if a.sockdrops:
        lo, hi = (int(x) for x in a.sockdrops.split("-"))
        socks, drops = sock_drops(lo, hi)
        if a.sockdrops_log:
            with open(a.sockdrops_log, "a") as f:
                f.write(json.dumps({"t": round(time.time(), 3), "flows": a.flows, "sockets": socks,
                                    "sock_drops": drops}) + "\n")
    for i in range(a.flows):
        call(a.api, "DELETE", f"/v1/sessions/{a.prefix}{i}")
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", required=True)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--flows", type=int, required=True)
    s.add_argument("--targets", required=True)
    s.add_argument("--recv-port", type=int, required=True)
    s.add_argument("--mode", default="plain", choices=["plain", "srtp"])
    s.add_argument("--key-hex", default="000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d")
    s.add_argument("--prefix", default="rb-")
    t = sub.add_parser("teardown")
    t.add_argument("--flows", type=int, required=True)
    t.add_argument("--prefix", default="rb-")
    t.add_argument("--sockdrops", help="LOW-HIGH: record kernel drops of sockets in this port range first")
    t.add_argument("--sockdrops-log", help="file the sockdrops line is appended to")
    a = p.parse_args()
    return teardown(a) if a.cmd == "teardown" else setup(a)


if __name__ == "__main__":
    sys.exit(main())
