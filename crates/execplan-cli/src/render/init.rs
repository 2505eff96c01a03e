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
