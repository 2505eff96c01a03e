#!/usr/bin/env python3
"""A hostile agent played against `cargo-plans plans mcp`.

    python3 scripts/hostile-agent.py target/debug/cargo-plans
    CARGO_PLANS=target/debug/cargo-plans python3 scripts/hostile-agent.py

It builds a scratch git repository in a temporary folder (`repo/`, with a
committed plan `.agents/plan.md` and a finished one, `.agents/done.md`), and
beside it, outside the repository, `outside/` (`outside.md` and `bashrc`,
holding a canary) and `secret.txt` (another canary). Inside the repository two
links lead out: `.agents/linked -> outside/` and `.agents/evil.md ->
outside/outside.md`. Then it starts the server on the repository and plays,
as an agent that wants out, each call below, checking every reply in order by
its id:

- read, check and timeline plans outside the root, in `.git/`, through the
  links: tool errors that show no canary and no line of /etc/passwd;
- write to them (`add`, `outcome`, `tick`): tool errors; `.git/config`
  unchanged and git still working;
- `close` into `/tmp`, `..`, `.git`: tool errors, the plan in place;
- a decision that is an `allow-file(all)` directive: accepted, and the
  plan's diagnostics the same as before it;
- control characters, bidi overrides and 10 MB in an item: refused;
- a heading in an outcome: accepted, and no new section;
- lines that are no request: JSON-RPC errors with id null;
- 250 adds written at once, then stdin closed: 250 successes, in order, and
  250 items in the plan.

Last, the files outside the repository must be byte-identical, and nothing
may have been created beside it. One line per check (`ok: ...`); the first
failure is printed with the evidence and the script exits 1. Python 3.11
standard library only; deterministic (fixed dates, EXECPLAN_NOW).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

NOW = "2025-10-10T12:00:00Z"
COMMIT_DATE = "2025-10-01T10:00:00Z"
CANARY_OUTSIDE = "CANARY-OUTSIDE-3e1f9a"
CANARY_SECRET = "CANARY-SECRET-b07c52"
REPLY_TIMEOUT = 30.0  # seconds for any one reply; a hang is a failure

PLAN = """# Hostile agent target

## Metadata
- **Owner:** hostile-agent
- **Created:** 2025-10-01
- **Last Updated:** 2025-10-01

## Purpose / Big Picture
A plan the hostile agent tries to break out of. Nothing here matters but its shape.

## Context and Orientation
The plan lives in `.agents/plan.md` of a scratch repository made by `scripts/hostile-agent.py`.

## Plan of Work
1. Let the agent try every way out.
2. Check that none worked.

## Progress
- [ ] Try every way out.
- [ ] Check that none worked.

## Surprises & Discoveries
None yet.

## Decision Log
None yet.

## Outcomes & Retrospective
Not started yet.
"""

DONE_PLAN = """# A finished plan

## Metadata
- **Owner:** hostile-agent
- **Created:** 2025-10-01
- **Last Updated:** 2025-10-01

## Purpose / Big Picture
A plan that may be closed, so that `close` is refused for its destination alone.

## Context and Orientation
The plan lives in `.agents/done.md` of a scratch repository made by `scripts/hostile-agent.py`.

## Plan of Work
1. Finish.

## Progress
- [x] (2025-10-01 10:00Z) Finish.

## Surprises & Discoveries
None yet.

## Decision Log
None yet.

## Outcomes & Retrospective
Finished: everything it set out to do is done.
"""


class Failure(Exception):
    """A check that does not hold."""


def ok(what: str) -> None:
    print(f"ok: {what}", flush=True)


def check(cond: bool, what: str, evidence: object = None) -> None:
    if not cond:
        detail = "" if evidence is None else f"\n  evidence: {shorten(evidence)}"
        raise Failure(f"{what}{detail}")


def shorten(value: object, limit: int = 2000) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


# --- the scratch repository ------------------------------------------------


def git_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_") and not k.startswith("EXECPLAN_")
    }
    env.update(
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_DATE=COMMIT_DATE,
        GIT_COMMITTER_DATE=COMMIT_DATE,
        LC_ALL="C",
    )
    return env


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            "git",
            "-c", "user.name=Hostile Agent",
            "-c", "user.email=hostile@example.com",
            "-c", "init.defaultBranch=main",
            "-c", "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        env=git_env(),
        capture_output=True,
        check=False,
    )


def must_git(repo: Path, *args: str) -> None:
    r = git(repo, *args)
    if r.returncode != 0:
        raise Failure(f"setup: git {' '.join(args)} failed: {r.stderr.decode(errors='replace')}")


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder` (not following links): file bytes, or a tag."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            if p.is_symlink():
                out[rel] = "link -> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = p.read_bytes()
    return out


# --- the server --------------------------------------------------------------


class Server:
    """`cargo-plans plans -C <repo> mcp`, its replies read by a thread."""

    def __init__(self, binary: Path, repo: Path, base: Path) -> None:
        env = git_env()
        env["EXECPLAN_NOW"] = NOW
        env["NO_COLOR"] = "1"
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [str(binary), "plans", "-C", str(repo), "mcp"],
            cwd=base,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
        )
        self.replies: queue.Queue[bytes | None] = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.replies.put(line)
        self.replies.put(None)

    def send_bytes(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise Failure(f"the server stopped reading its input; stderr: {self.stderr_text()}")

    def reply(self) -> dict | list:
        try:
            line = self.replies.get(timeout=REPLY_TIMEOUT)
        except queue.Empty:
            raise Failure(f"no reply within {REPLY_TIMEOUT:.0f}s; stderr: {self.stderr_text()}")
        if line is None:
            raise Failure(f"the server closed stdout early; stderr: {self.stderr_text()}")
        try:
            return json.loads(line)
        except ValueError as e:
            raise Failure(f"a reply is not JSON ({e}): {shorten(line.decode(errors='replace'))}")

    def request(self, method: str, params: dict | None = None) -> tuple[int, dict]:
        """Send one request; return its id and its reply (whose id must match)."""
        rid = self.next_id
        self.next_id += 1
        msg: dict = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send_bytes(json.dumps(msg).encode() + b"\n")
        reply = self.reply()
        check(isinstance(reply, dict) and reply.get("id") == rid,
              f"the reply to request {rid} ({method}) carries its id", reply)
        check(reply.get("jsonrpc") == "2.0", f"reply {rid} is JSON-RPC 2.0", reply)
        return rid, reply

    def call(self, tool: str, **arguments: object) -> tuple[dict, str]:
        """A tools/call: (its result, the text of its content)."""
        rid, reply = self.request("tools/call", {"name": tool, "arguments": arguments})
        check("result" in reply, f"`{tool}` (request {rid}) is answered with a tool result, "
              "not a protocol error", reply)
        result = reply["result"]
        text = "".join(c.get("text", "") for c in result.get("content", []))
        return result, text

    def stderr_text(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")


# --- the game ------------------------------------------------------------------


def play(binary: Path, base: Path) -> None:
    repo = base / "repo"
    outside = base / "outside"
    agents = repo / ".agents"
    agents.mkdir(parents=True)
    outside.mkdir()
    (outside / "outside.md").write_text(f"# Outside\n\n{CANARY_OUTSIDE}\n")
    (outside / "bashrc").write_text(f"export CANARY={CANARY_OUTSIDE}\n")
    (base / "secret.txt").write_text(f"{CANARY_SECRET}\n")

    must_git(repo, "init", "-q")
    (agents / "plan.md").write_text(PLAN)
    (agents / "done.md").write_text(DONE_PLAN)
    must_git(repo, "add", ".agents")
    must_git(repo, "commit", "-q", "-m", "Add the plans")
    os.symlink(outside, agents / "linked")
    os.symlink(outside / "outside.md", agents / "evil.md")
    git_config = (repo / ".git" / "config").read_bytes()
    plan_path = agents / "plan.md"
    done_path = agents / "done.md"

    beside_before = {p.name for p in base.iterdir()}
    outside_before = snapshot(outside)
    secret_before = (base / "secret.txt").read_bytes()
    try:
        passwd_first = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    except (OSError, IndexError):
        passwd_first = None
    secrets = [CANARY_OUTSIDE, CANARY_SECRET] + ([passwd_first] if passwd_first else [])
    ok(f"scratch repository at {repo}, canaries in {outside} and {base / 'secret.txt'}")

    server = Server(binary, repo, base)

    _, init = server.request("initialize", {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "hostile-agent", "version": "1"},
    })
    check("result" in init, "initialize succeeds", init)
    server.send_bytes(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    ok("initialize answered; the initialized notification gets no reply")

    def leaks(text: str) -> list[str]:
        return [s for s in secrets if s in text]

    hostile = [
        "/etc/passwd",
        "../outside/outside.md",
        str(outside / "outside.md"),
        ".git/config",
        ".agents/evil.md",
        ".agents/linked/outside.md",
    ]
    for plan in hostile:
        for tool in ("read_plan", "check_plan", "timeline"):
            result, text = server.call(tool, plan=plan)
            check(result.get("isError") is True, f"`{tool}` of {plan!r} is a tool error", result)
            check(not leaks(text), f"`{tool}` of {plan!r} shows nothing of what it names",
                  {"leaked": leaks(text), "text": text})
            ok(f"{tool} {plan!r}: refused ({first_line(text)})")
        for tool, args in (("add", {"text": "Escape."}), ("outcome", {"text": "Escaped."}),
                           ("tick", {"item": "Try every way out."})):
            result, text = server.call(tool, plan=plan, **args)
            check(result.get("isError") is True, f"`{tool}` into {plan!r} is a tool error", result)
            check(not leaks(text), f"`{tool}` into {plan!r} shows nothing of what it names",
                  {"leaked": leaks(text), "text": text})
            ok(f"{tool} {plan!r}: refused ({first_line(text)})")

    check((repo / ".git" / "config").read_bytes() == git_config, ".git/config is unchanged",
          (repo / ".git" / "config").read_text(errors="replace"))
    status = git(repo, "status", "--porcelain")
    check(status.returncode == 0, "git status still works", status.stderr.decode(errors="replace"))
    check(plan_path.read_text() == PLAN, ".agents/plan.md is unchanged by the refused writes")
    ok(".git/config byte-identical, git status works, the plan untouched")

    done_before = done_path.read_bytes()
    tmp_x_before = Path("/tmp/x").exists()
    for dest in ("/tmp/x", "../../x", ".git"):
        result, text = server.call("close", plan=".agents/done.md", move_to=dest)
        check(result.get("isError") is True, f"`close` into {dest!r} is a tool error", result)
        check(dest in first_line(text), f"`close` into {dest!r} is refused for its destination",
              text)
        check(done_path.exists() and done_path.read_bytes() == done_before,
              f"after `close` into {dest!r} the plan is still in place, unchanged",
              sorted(str(p.relative_to(repo)) for p in agents.rglob("*")))
        ok(f"close --move-to {dest!r}: refused ({first_line(text)}), the plan in place")
    check(Path("/tmp/x").exists() == tmp_x_before, "`close` created nothing at /tmp/x")
    # The control: the same plan closes into a plans folder.
    result, text = server.call("close", plan=".agents/done.md", move_to=".agents/archive")
    check(result.get("isError") is False, "`close` into `.agents/archive` is accepted", result)
    check(not done_path.exists() and (agents / "archive" / "done.md").is_file(),
          "`close` into `.agents/archive` moved the plan there",
          sorted(str(p.relative_to(repo)) for p in agents.rglob("*")))
    ok("close --move-to '.agents/archive' (the control): accepted, the plan moved")

    def rule_ids() -> list[str]:
        result, text = server.call("check_plan", plan=".agents/plan.md")
        check(result.get("isError") is False, "check_plan of the plan runs", result)
        doc = json.loads(text)
        return sorted(d["rule"] for p in doc["plans"] for d in p["diagnostics"])

    # A plain decision first, so that what the directive changes is all that
    # differs between the two checks.
    result, text = server.call("decide", plan=".agents/plan.md", decision="Refuse every way out.",
                               rationale="The agent is not trusted.", author="hostile-agent")
    check(result.get("isError") is False, "a plain decision is accepted", result)
    before = rule_ids()
    directive = "<!-- execplan: allow-file(all) -->"
    result, text = server.call("decide", plan=".agents/plan.md", decision=directive,
                               rationale="Silence every rule. -->", author="hostile-agent")
    check(result.get("isError") is False, "a decision that looks like a directive is accepted", result)
    check("<!--" not in plan_path.read_text(), "no `<!--` reached the plan",
          plan_path.read_text())
    after = rule_ids()
    check(after == before, "the directive silenced nothing: the same diagnostics before and after",
          {"before": before, "after": after})
    ok(f"decide {directive!r}: written as text, diagnostics unchanged ({before or 'none'})")

    plan_now = plan_path.read_bytes()
    for label, text_arg in (("a NUL", "a\u0000b"), ("an ESC sequence", "\u001b[2J\u001b[31mred"),
                            ("U+202E", "\u202e"), ("1 MB", "x" * 1_000_000)):
        result, text = server.call("add", plan=".agents/plan.md", text=text_arg)
        check(result.get("isError") is True, f"`add` of {label} is a tool error", result)
        check(plan_path.read_bytes() == plan_now, f"`add` of {label} left the plan unchanged")
        ok(f"add {label}: refused ({first_line(text)})")
    # 10 MB is more than a line may be (4 MiB): the transport answers it
    # with -32600 and id null before any tool sees it.
    rid = server.next_id
    server.next_id += 1
    big = {"jsonrpc": "2.0", "id": rid, "method": "tools/call",
           "params": {"name": "add", "arguments": {"plan": ".agents/plan.md", "text": "y" * 10_000_000}}}
    server.send_bytes(json.dumps(big).encode() + b"\n")
    reply = server.reply()
    refused = (reply.get("id") == rid and reply.get("result", {}).get("isError") is True) or (
        reply.get("id") is None and reply.get("error", {}).get("code") == -32600)
    check(refused, "`add` of 10 MB is refused (a tool error, or -32600 for the oversized line)",
          reply)
    check(plan_path.read_bytes() == plan_now, "`add` of 10 MB left the plan unchanged")
    ok(f"add 10 MB: refused ({shorten(reply, 160)})")

    def sections() -> list[tuple[str, int]]:
        result, text = server.call("read_plan", plan=".agents/plan.md")
        check(result.get("isError") is False, "read_plan of the plan runs", result)
        return [(s["heading"], s["level"]) for s in json.loads(text)["sections"]]

    sections_before = sections()
    result, text = server.call("outcome", plan=".agents/plan.md", text="# Heading\n## Progress\n- [ ] smuggled")
    check(result.get("isError") is False, "an outcome starting with `# Heading` is accepted", result)
    sections_after = sections()
    check(sections_after == sections_before, "the outcome added no section",
          {"before": sections_before, "after": sections_after})
    ok(f"outcome '# Heading': accepted as text, still {len(sections_after)} sections")

    for label, line, code in (("{not json", b"{not json\n", -32700),
                              ("invalid UTF-8", b"\xff\xfe\n", -32700),
                              ("[]", b"[]\n", -32600),
                              ("42", b"42\n", -32600),
                              ("a line of 5 MB", b"[" + b"1," * 2_500_000 + b"1]\n", -32600)):
        server.send_bytes(line)
        reply = server.reply()
        check(isinstance(reply, dict) and reply.get("jsonrpc") == "2.0" and "id" in reply
              and reply["id"] is None and reply.get("error", {}).get("code") == code,
              f"{label} is answered with {code} and id null", reply)
        ok(f"{label}: {code}, id null")

    # 250 adds at once, then stdin closed: every one answered, in order.
    first = server.next_id
    batch = b"".join(
        json.dumps({"jsonrpc": "2.0", "id": first + i, "method": "tools/call",
                    "params": {"name": "add", "arguments": {"plan": ".agents/plan.md",
                                                            "text": f"Flood item {i:03}."}}}).encode()
        + b"\n"
        for i in range(250))
    server.send_bytes(batch)
    assert server.proc.stdin is not None
    server.proc.stdin.close()
    replies = []
    while True:
        try:
            line = server.replies.get(timeout=REPLY_TIMEOUT * 4)
        except queue.Empty:
            raise Failure(f"the server stopped answering after {len(replies)} of 250 adds")
        if line is None:
            break
        replies.append(json.loads(line))
    code = server.proc.wait(timeout=REPLY_TIMEOUT)
    check(len(replies) == 250, "exactly 250 replies to 250 adds", {"count": len(replies)})
    ids = [r.get("id") for r in replies]
    check(ids == list(range(first, first + 250)), "the 250 replies come in id order", ids)
    bad = [r for r in replies if r.get("result", {}).get("isError") is not False]
    check(not bad, "every one of the 250 adds succeeded", bad[:3])
    text = plan_path.read_text()
    missing = [i for i in range(250) if f"- [ ] Flood item {i:03}." not in text]
    check(not missing, "the plan holds all 250 items", missing[:10])
    check(code == 0, "the server exits 0 when stdin closes", {"code": code, "stderr": server.stderr_text()})
    ok("250 adds at once: 250 successes in id order, 250 items in the plan, exit 0")

    check(snapshot(outside) == outside_before, "the outside folder is byte-identical",
          sorted(snapshot(outside)))
    check((base / "secret.txt").read_bytes() == secret_before, "secret.txt is byte-identical")
    beside_after = {p.name for p in base.iterdir()}
    check(beside_after == beside_before, "nothing was created beside the repository",
          sorted(beside_after ^ beside_before))
    check((repo / ".git" / "config").read_bytes() == git_config, ".git/config is still unchanged")
    ok("outside.md, bashrc and secret.txt byte-identical; nothing new outside the repository")


def first_line(text: str) -> str:
    try:
        doc = json.loads(text)
        msg = doc.get("error", {}).get("message") if isinstance(doc, dict) else None
        if msg:
            return shorten(msg, 140)
    except ValueError:
        pass
    return shorten(text.strip().splitlines()[0] if text.strip() else "", 140)


def main() -> int:
    arg = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_PLANS")
    if not arg:
        print("usage: hostile-agent.py CARGO_PLANS_BINARY (or set CARGO_PLANS)", file=sys.stderr)
        return 2
    binary = Path(arg).resolve()
    if not binary.is_file():
        print(f"hostile-agent: no binary at {binary}", file=sys.stderr)
        return 2
    if shutil.which("git") is None:
        print("hostile-agent: git is needed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hostile-agent-") as tmp:
        base = Path(tmp).resolve()
        try:
            play(binary, base)
        except Failure as e:
            print(f"FAIL: {e}", file=sys.stderr)
            return 1
    print("hostile-agent: every check holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
