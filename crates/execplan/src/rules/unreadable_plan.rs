//! EP020 `unreadable-plan`: A plan file is not UTF-8 text.

use super::{Check, Finding, Fixture, Fixtures, Needs, Rule, Severity, Unreadable};
use crate::error::Error;

/// EP020: A plan file is not UTF-8 text.
pub const RULE: Rule = Rule {
    id: "EP020",
    name: "unreadable-plan",
    default: Severity::Error,
    needs: Needs::Static,
    summary: "A plan file is not UTF-8 text.",
    doc: "The file contains bytes that are not UTF-8 (the diagnostic names the line) or looks binary. Re-save it as UTF-8, or move it out of the plans folder.",
    check: Check::Unreadable(check),
    fixtures: Fixtures {
        triggers: &[
            Fixture::at(1, &[("Fewer retries.", "Fewer\0retries.")]),
        ],
        clean: &[
            Fixture::clean(&[("Fewer retries.", "Fewer retries, naïve ones.")]),
        ],
    },
};

/// Undecodable text is the file's fault and a finding; any other load error
/// is operational and not this rule's.
fn check(error: &Error) -> Option<Unreadable> {
    match error {
        Error::Binary { .. } => Some(Unreadable {
            finding: Finding::new(0..0, "binary file in the plans folder (contains NUL bytes)")
                .help("move it out of the plans folder, or add it to `exclude` in execplan.toml"),
            at: None,
        }),
        Error::NotUtf8 { line, column, .. } => Some(Unreadable {
            finding: Finding::new(0..0, "not valid UTF-8").help("re-save the file as UTF-8"),
            at: Some((*line, *column)),
        }),
        _ => None,
    }
}
