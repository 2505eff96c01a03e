#!/usr/bin/env python3
"""For action.yml: read `cargo plans check --format json` and write the step's
outputs (errors, warnings, plans) to $GITHUB_OUTPUT and, unless SUMMARY is not
"true", a markdown summary to $GITHUB_STEP_SUMMARY. With --paths, print the
checked plans' paths, one a line. Only the standard library."""
import json
import os
import sys

MOST = 50  # findings listed in the summary; the annotations have them all


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def main(argv):
    paths_only = argv[:1] == ["--paths"]
    if paths_only:
        argv = argv[1:]
    try:
        with open(argv[0], encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"execplan: no JSON report to summarise ({e})", file=sys.stderr)
        return 0
    plans = doc.get("plans") or []
    if paths_only:
        for p in plans:
            print(p["path"])
        return 0
    total = doc.get("summary") or {}
    errors, warnings = total.get("errors", 0), total.get("warnings", 0)
    count = total.get("plans", len(plans))
    out = os.environ.get("GITHUB_OUTPUT")
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(f"errors={errors}\nwarnings={warnings}\nplans={count}\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary or os.environ.get("SUMMARY", "true") != "true":
        return 0
    lines = [
        "## ExecPlans",
        "",
        f"Checked {count} plan{'' if count == 1 else 's'}: {errors} error{'' if errors == 1 else 's'}, "
        f"{warnings} warning{'' if warnings == 1 else 's'}.",
        "",
        "| plan | title | done | errors | warnings |",
        "|---|---|---|---|---|",
    ]
    findings = []
    for p in plans:
        diags = p.get("diagnostics") or []
        e = sum(1 for d in diags if d.get("severity") == "error")
        w = sum(1 for d in diags if d.get("severity") == "warning")
        lines.append(
            f"| `{cell(p['path'])}` | {cell(p.get('title') or '')} | {p.get('done', 0)}/{p.get('total', 0)} | {e} | {w} |"
        )
        findings += diags
    if findings:
        lines += ["", "| finding | where | message |", "|---|---|---|"]
        for d in findings[:MOST]:
            lines.append(
                f"| {d['severity']} {d['rule']} {d['name']} | `{cell(d['path'])}:{d['line']}` | {cell(d['message'])} |"
            )
        if len(findings) > MOST:
            lines.append(f"\n{len(findings) - MOST} more in the annotations.")
    for failure in doc.get("failures") or []:
        lines.append(f"\nfailed: {cell(failure.get('message', ''))}")
    with open(summary, "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
