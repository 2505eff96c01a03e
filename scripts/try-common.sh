# Sourced by scripts/try-action.sh and scripts/try-init-ci.sh: a scratch
# folder removed on exit, git and cargo set up as on a GitHub runner, the
# `run:` steps of a workflow or composite action as scripts, and scratch
# repositories holding one plan.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com
# `cargo install` goes to $CARGO_INSTALL_ROOT; put that first on PATH, as
# ~/.cargo/bin is on a runner.
export CARGO_INSTALL_ROOT="$work/install" PATH="$work/install/bin:$PATH"

# PyYAML reads the steps: the system's, or one from the package registry in a venv.
python=${PYTHON:-python3}
if ! "$python" -c 'import yaml' 2>/dev/null; then
  "$python" -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check pyyaml
  python="$work/venv/bin/python"
fi

extract_steps() { # $1 = action.yml or a workflow, $2 = folder for NN.sh, one per `run:` step
  mkdir -p "$2"
  "$python" - "$1" "$2" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
if "runs" in doc:
    assert doc["runs"]["using"] == "composite", "a composite action"
    steps = doc["runs"]["steps"]
else:  # a workflow: its one job
    (job,) = doc["jobs"].values()
    steps = job["steps"]
for i, step in enumerate(steps):
    if "uses" in step:
        # The caller lays the checkout out (a full clone); nothing else is used.
        assert step["uses"].startswith("actions/checkout@"), step
        assert step.get("with", {}).get("fetch-depth") == 0, "history needs fetch-depth: 0"
        continue
    assert step.get("shell", "bash") == "bash", step
    with open(f"{sys.argv[2]}/{i:02d}.sh", "w") as f:
        for k, v in (step.get("env") or {}).items():
            f.write(f'export {k}="{v}"\n')
        f.write(f"cd {step.get('working-directory', '.')!s}\n")
        f.write(step["run"])
PY
}

plan() { # $1 = second Progress item
  printf '# Retry budget\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-10-01\n- **Last Updated:** 2025-10-01\n\n## Purpose / Big Picture\nFewer retries.\n\n## Context and Orientation\nThe client.\n\n## Plan of Work\n1. Do it.\n\n## Progress\n- [x] (2025-10-01 10:00Z) a\n%s\n\n## Surprises & Discoveries\n- Observation: none so far.\n  Evidence: n/a.\n\n## Decision Log\n- **Decision:** Keep it small.\n- **Rationale:** Time.\n- **Date/Author:** 2025-10-01 — Ana\n\n## Outcomes & Retrospective\nGoing well.\n' "$1"
}
scratch() { # $1 = folder, $2 = second Progress item
  git init -q -b main "$1"
  mkdir "$1/.agents"
  plan "$2" > "$1/.agents/p.md"
  git -C "$1" add -A
  GIT_AUTHOR_DATE=2025-10-01T10:00:00Z GIT_COMMITTER_DATE=2025-10-01T10:00:00Z git -C "$1" commit -qm create
}
