//! `plans init` output: one line per step.

use execplan::init::Action;

use crate::term;

/// `created …`, `appended … to …` or `kept … (already there)`, one per line.
pub fn steps(steps: &[Action]) -> String {
    let mut out = String::new();
    for step in steps {
        let line = match step {
            Action::Created(p) => format!("created {}", p.display()),
            Action::Appended(p) => format!("appended a line about .agents/ to {}", p.display()),
            Action::Kept(p) => format!("kept {} (already there)", p.display()),
        };
        out.push_str(&term::escape(&line));
        out.push('\n');
    }
    out
}

/// What `init --agent` did to each file, one line each.
pub fn agent(changes: &[execplan::agent::FileChange]) -> String {
    let mut out = String::new();
    for c in changes {
        let line = if c.unchanged() {
            format!("kept {} ({} already there)", c.path.display(), c.what)
        } else if c.old.is_none() {
            format!("created {} with {}", c.path.display(), c.what)
        } else {
            format!("added {} to {}", c.what, c.path.display())
        };
        out.push_str(&term::escape(&line));
        out.push('\n');
    }
    out
}

/// `init --agent --dry-run`: a unified diff per file it would change, then a
/// line per file it would keep.
pub fn diff(changes: &[execplan::agent::FileChange]) -> String {
    let mut out = String::new();
    for c in changes.iter().filter(|c| !c.unchanged()) {
        let path = c.path.display().to_string();
        let old = c.old.as_deref().unwrap_or("");
        let from = if c.old.is_some() {
            format!("a/{path}")
        } else {
            "/dev/null".to_string()
        };
        let text = similar::TextDiff::from_lines(old, c.new.as_str())
            .unified_diff()
            .context_radius(3)
            .header(&from, &format!("b/{path}"))
            .to_string();
        out.push_str(&term::escape(&text));
    }
    for c in changes.iter().filter(|c| c.unchanged()) {
        out.push_str(&term::escape(&format!(
            "kept {} ({} already there)",
            c.path.display(),
            c.what
        )));
        out.push('\n');
    }
    if changes.iter().all(execplan::agent::FileChange::unchanged) {
        out.push_str("nothing to change\n");
    }
    out
}
