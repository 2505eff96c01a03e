#!/usr/bin/env python3
"""Time `plans lsp`'s static diagnostics on a 1,000-line plan, as an editor
sees them: a scratch repository with one generated plan (about 1,000 lines:
Progress items, Context paths, decisions), the server started as a client
starts it, the plan opened, then for each round a one-character change
followed at once by a `textDocument/diagnostic` pull. The server checks the
pending change before it answers, so the round trip is the static rules'
time plus the transport's. Prints the median and the slowest round.

    cargo build --release -p execplan-cli
    python3 scripts/bench-lsp.py target/release/cargo-plans [ROUNDS]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def plan(lines: int) -> str:
    head = [
        "# A long plan", "", "## Metadata", "- **Owner:** Ana", "- **Created:** 2025-10-01",
        "- **Last Updated:** 2025-10-01", "", "## Purpose / Big Picture", "Many items.", "",
        "## Context and Orientation",
    ]
    head += [f"- `src/module_{i}.rs` holds part {i}." for i in range(40)]
    head += ["", "## Plan of Work", "1. Do it.", "", "## Progress"]
    tail = [
        "", "## Surprises & Discoveries", "- Observation: none.", "  Evidence: n/a.", "",
        "## Decision Log", "- **Decision:** Keep it.", "- **Rationale:** Time.",
        "- **Date/Author:** 2025-10-01 — Ana", "", "## Outcomes & Retrospective", "None yet.",
    ]
    items = []
    i = 0
    while len(head) + len(items) + len(tail) < lines:
        if i % 3 == 0:
            items.append(f"- [x] (2025-10-01 10:{i % 60:02d}Z) Step {i}: write part {i} of the parser")
        else:
            items.append(f"- [ ] Step {i}: write part {i} of the parser and its tests")
        i += 1
    return "\n".join(head + items + tail) + "\n"


class Client:
    def __init__(self, cmd, cwd):
        self.p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next = 0

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.p.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next += 1
        self.send({"jsonrpc": "2.0", "id": self.next, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == self.next and "method" not in msg:
                return msg.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/cargo-plans")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Ada", GIT_AUTHOR_EMAIL="a@example.com",
               GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="a@example.com",
               GIT_AUTHOR_DATE="2025-10-01T10:00:00Z", GIT_COMMITTER_DATE="2025-10-01T10:00:00Z")
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["git", "init", "-q", "-b", "main", d], check=True, env=env)
        os.makedirs(f"{d}/.agents")
        text = plan(1000)
        path = f"{d}/.agents/long.md"
        with open(path, "w") as f:
            f.write(text)
        subprocess.run(["git", "-C", d, "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", d, "commit", "-qm", "plan"], check=True, env=env)
        c = Client([binary, "lsp"], d)
        c.request("initialize", {"processId": None, "rootUri": f"file://{d}",
                                 "capabilities": {"textDocument": {"diagnostic": {}}}})
        c.notify("initialized", {})
        uri = f"file://{path}"
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        times = []
        count = 0
        for r in range(rounds):
            changed = text.replace("Many items.", f"Many items {r}.")
            start = time.perf_counter()
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": r + 2},
                                                "contentChanges": [{"text": changed}]})
            result = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            times.append((time.perf_counter() - start) * 1000)
            count = len(result["items"])
        c.request("shutdown", None)
        c.notify("exit", None)
        c.p.wait(timeout=30)
    print(f"{len(text.splitlines())}-line plan, {rounds} changes: static diagnostics in "
          f"{statistics.median(times):.1f} ms median, {max(times):.1f} ms slowest ({count} diagnostics)")


if __name__ == "__main__":
    main()
