#!/usr/bin/env python3
"""The editor server's latency, for make bench (bench.py): from a keystroke to its
diagnostics.

`polc lsp` is started on a copy of policy-src/ (the seed policy and its framework), with
standards.pol (the largest, 111 kB) open. Each round sends one didChange of it — a
character added to, then taken from, a prose line, as when typing — and waits for the
publishDiagnostics of every file of the policy: that is what the server does after
each keystroke (load from the buffers, check, index, publish). Prints the median and
the 95th percentile over ROUNDS rounds; the target is 50 ms.

Usage: lsp_latency.py POLC [ROUNDS]   (or as a module: measure(polc, src, rounds))"""
import json, os, select, shutil, statistics, subprocess, sys, tempfile, time
from urllib.parse import quote

TARGET_MS = 50.0


class _Server:
    def __init__(self, polc):
        self.p = subprocess.Popen([polc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.buf = b""

    def send(self, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        while True:
            if b"\r\n\r\n" in self.buf:
                head, rest = self.buf.split(b"\r\n\r\n", 1)
                n = int(head.split(b":")[1])
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            if not select.select([self.p.stdout], [], [], 30)[0]:
                raise TimeoutError("polc lsp did not answer")
            chunk = os.read(self.p.stdout.fileno(), 1 << 16)
            if not chunk:
                raise EOFError("polc lsp ended")
            self.buf += chunk

    def publishes(self, n):
        got = 0
        while got < n:
            if self.read().get("method") == "textDocument/publishDiagnostics":
                got += 1


def measure(polc, src, rounds=100):
    """Median and 95th percentile in ms of didChange -> all diagnostics published."""
    tmp = tempfile.mkdtemp(prefix="polc-lsp-bench-")
    try:
        root = os.path.join(tmp, "policy-src")
        shutil.copytree(src, root)
        nfiles = sum(1 for _, _, fs in os.walk(root) for f in fs if f.endswith(".pol"))
        path = os.path.join(root, "standards.pol")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        uri = "file://" + quote(path)
        s = _Server(polc)
        s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        s.read()
        s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "pol", "version": 1, "text": text}}})
        s.publishes(nfiles)
        # a prose line in the middle of the file
        lines = text.split("\n")
        at = next(i for i in range(len(lines) // 2, len(lines)) if lines[i] and lines[i][0] not in "@# ")
        times = []
        for r in range(rounds):
            lines2 = list(lines)
            if r % 2 == 0:
                lines2[at] += "、"
            t0 = time.perf_counter()
            s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": r + 2},
                               "contentChanges": [{"text": "\n".join(lines2)}]}})
            s.publishes(nfiles)
            times.append((time.perf_counter() - t0) * 1000)
        s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        s.read()
        s.send({"jsonrpc": "2.0", "method": "exit"})
        s.p.wait(timeout=30)
        times.sort()
        return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    med, p95 = measure(os.path.abspath(sys.argv[1]), os.path.abspath("policy-src"),
                       int(sys.argv[2]) if len(sys.argv) > 2 else 100)
    print(f"lsp: didChange of standards.pol -> diagnostics of every file: median {med:.1f} ms, "
          f"95th percentile {p95:.1f} ms (target <= {TARGET_MS:g} ms)")
