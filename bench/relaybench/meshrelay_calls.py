#!/usr/bin/env python3
"""Creates and deletes benchmark calls on a meshrelay node through its REST API (stdlib only).

setup: per flow i a session "rb-<i>" with participant "tx" (latches on the blaster's first packet) and
participant "rx" (sends to 127.0.0.1:<recv-port>); writes one "127.0.0.1:<tx port>" line per flow to --targets.
"""
import argparse
import json
import sys
import urllib.error
import urllib.request


def call(api, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://{api}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
            return r.status, (json.loads(text) if text else {})
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def keying(mode, key_hex):
    if mode == "plain":
        return {"rtp": True}
    import base64
    key = base64.b64encode(bytes.fromhex(key_hex)).decode()
    return {"srtp": {"suite": "AES_CM_128_HMAC_SHA1_80", "key": key}}


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
    t = sub.add_parser("teardown")
    t.add_argument("--flows", type=int, required=True)
    a = p.parse_args()
    if a.cmd == "teardown":
        for i in range(a.flows):
            call(a.api, "DELETE", f"/v1/sessions/rb-{i}")
        return 0
    lines = []
    for i in range(a.flows):
        sid = f"rb-{i}"
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


if __name__ == "__main__":
    sys.exit(main())
