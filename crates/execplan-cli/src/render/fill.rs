//! `plans fill` output: the unified diff of `--dry-run`, and the per-plan
//! lines of `--check` and of a write.

use std::path::Path;

use execplan::fill::{apply, Edit};
use execplan::Source;

use crate::term;

/// The unified diff (context 1) filling `source` with `edits` would apply.
pub fn dry_run(path: &Path, source: &Source, edits: &[Edit]) -> String {
    let shown = term::escape(&path.display().to_string());
    let mut before = String::new();
    if source.bom {
        before.push('\u{feff}');
    }
    before.push_str(&source.text);
    let after = apply(source, edits);
    let diff = similar::TextDiff::from_lines(&before, &after);
    term::escape(
        &diff
            .unified_diff()
            .context_radius(1)
            .header(&format!("a/{shown}"), &format!("b/{shown}"))
            .to_string(),
    )
}

/// "path: verb", then one indented line per edit.
pub fn changed(path: &Path, verb: &str, edits: &[Edit]) -> String {
    let mut out = format!("{}: {verb}\n", term::escape(&path.display().to_string()));
    for x in edits {
        out.push_str(&format!("  {}\n", term::escape(&x.what)));
    }
    out
}
