#!/usr/bin/env python3
"""Floods `alert2jira serve` with large bodies and shows its memory going back to idle.

Two floods, one after the other, against a server with a bearer-token source:
  strangers: CONNECTIONS connections at once, each POSTing a 1 MiB body without credentials
             (the attack of issue 17: before the fix, 300 of them took the server from 116 to 453 MB
             and it kept about 400 MB after they closed);
  senders:   the same with the right token: the bodies are read, up to server.body_memory at once
             (64 MiB; the rest are answered 503), and then given back.
For each it prints the answers, the peak RSS during the flood, and RSS and USS (private memory) every
second for 10 s after it, against the idle figures before the first flood.

usage: Benchmarks/flood.py [CONNECTIONS]      (default 300)
Builds the release binary with `swift build -c release --static-swift-stdlib`.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONNECTIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
BODY = b'{"title": "flood", "description": "' + b"x" * ((1 << 20) - 40) + b'"}'


def build():
    flags = ["-c", "release", "--static-swift-stdlib"]
    subprocess.run(["swift", "build", *flags, "--product", "alert2jira"], cwd=ROOT, check=True, capture_output=True)
    return subprocess.run(["swift", "build", *flags, "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def memory(pid):
    """(RSS, USS) in MB: resident, and resident that is this process's alone."""
    with open(f"/proc/{pid}/status") as status:
        rss = int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        text = rollup.read()
    uss = sum(int(re.search(name + r":\s+(\d+)", text).group(1)) for name in ("Private_Clean", "Private_Dirty"))
    return rss / 1024, uss / 1024


def post(port, token, answers, lock):
    headers = b"POST /alerts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
    if token:
        headers += b"Authorization: Bearer " + token.encode() + b"\r\n"
    headers += b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n"
    status = "error"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
            connection.sendall(headers)
            try:
                for offset in range(0, len(BODY), 64 << 10):
                    connection.sendall(BODY[offset:offset + (64 << 10)])
            except OSError:
                pass  # answered early and closed: the answer is still there to read
            answer = b""
            while b"\r\n" not in answer:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                answer += chunk
            status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "no answer"
    except OSError as error:
        status = type(error).__name__
    with lock:
        answers[status] = answers.get(status, 0) + 1


def flood(name, pid, port, token, idle):
    answers, lock = {}, threading.Lock()
    threads = [threading.Thread(target=post, args=(port, token, answers, lock)) for _ in range(CONNECTIONS)]
    peak = 0.0
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, memory(pid)[0])
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    summary = ", ".join(f"{count}× {status}" for status, count in sorted(answers.items()))
    print(f"{name}: {CONNECTIONS} connections × 1 MiB in {elapsed:.1f} s; answers: {summary}; peak RSS {peak:.1f} MB")
    after = []
    for second in range(1, 11):
        time.sleep(1)
        after.append(memory(pid))
    line = "  ".join(f"{second}s {rss:.0f}/{uss:.0f}" for second, (rss, uss) in enumerate(after, 1))
    print(f"  after (RSS/USS MB): {line}")
    rss, uss = after[-1]
    verdict = "within" if rss - idle[0] <= 10 else "NOT within"
    print(f"  10 s after: RSS {rss:.1f} MB (idle {idle[0]:.1f}, {rss - idle[0]:+.1f}), USS {uss:.1f} MB (idle {idle[1]:.1f}): {verdict} 10 MB of idle")
    return rss - idle[0] <= 10


def main():
    binary = os.path.join(build(), "alert2jira")
    with tempfile.TemporaryDirectory(prefix="alert2jira-flood") as work:
        config = os.path.join(work, "serve.yaml")
        with open(config, "w") as file:
            file.write(f"""rules: []
sources:
  alertmanager:
    bearer_token: flood-token
server:
  data_dir: {work}/data
  log_level: error
  max_connections: {CONNECTIONS + 64}
""")
        server = subprocess.Popen([binary, "serve", "--config", config, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
        try:
            port = int(re.search(r":(\d+)\s*$", server.stdout.readline()).group(1))
            time.sleep(2)  # let start-up allocations settle before the idle figure
            idle = memory(server.pid)
            print(f"idle: RSS {idle[0]:.1f} MB, USS {idle[1]:.1f} MB")
            ok = flood("strangers (no token)", server.pid, port, None, idle)
            ok = flood("senders (with the token)", server.pid, port, "flood-token", idle) and ok
        finally:
            server.terminate()
            server.wait(timeout=30)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
