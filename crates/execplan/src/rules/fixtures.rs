//! Each rule's fixtures: plans, written as small edits of [`BASE_PLAN`] (a
//! plan every rule accepts), that trigger the rule at a known line or that it
//! must accept. `crates/execplan-cli/tests/it/rule_fixtures.rs` runs them all
//! through the real binary, so a rule without fixtures fails the tests.

/// A plan every rule accepts, when it sits in `.agents/` beside the file
/// `crates/client/src/lib.rs` and, for the history rules, was committed as
/// the fixture test does. Line numbers in fixtures count in this text.
pub const BASE_PLAN: &str = "\
# Retry budget

## Metadata
- **Owner:** Ana
- **Created:** 2025-10-01
- **Last Updated:** 2025-10-03
- **Agent / Module:** `crates/client`
- **Related Plans:** None.

## Purpose / Big Picture
Fewer retries.

## Context and Orientation
The client lives in `crates/client/src/lib.rs`.

## Plan of Work
1. Add the budget.

## Progress
- [x] (2025-10-01 13:00Z) Wrote the budget.
- [ ] Add tests (completed: 2/6).

## Surprises & Discoveries
- Observation: retries doubled the load.
  Evidence: 10 runs on staging.

## Decision Log
- **Decision:** Use a token bucket.
- **Rationale:** Simple and bounded.
- **Date/Author:** 2025-10-02 — Ana

## Outcomes & Retrospective
In progress.
";

/// One plan file: [`BASE_PLAN`] with edits, at a path, with a configuration.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    /// Path under `.agents/`.
    pub file: &'static str,
    /// `(from, to)`: each replaces the first `from` in [`BASE_PLAN`].
    pub edits: &'static [(&'static str, &'static str)],
    /// The text of `execplan.toml` (empty: none).
    pub config: &'static str,
    /// In a trigger, the line of the rule's one diagnostic; 0 in a clean fixture.
    pub line: u64,
    /// For a history rule: changes committed after the plan (2025-10-04T09:00Z).
    pub later: &'static [Later],
}

/// A change a history rule's fixture commits after the plan.
#[derive(Debug, Clone, Copy)]
pub enum Later {
    /// `git mv from to`.
    Move(&'static str, &'static str),
    /// Delete the file.
    Delete(&'static str),
    /// Append this many lines to the file.
    Grow(&'static str, usize),
}

impl Fixture {
    /// `.agents/p.md` made by `edits`, on which the rule reports once, at `line`.
    pub const fn at(line: u64, edits: &'static [(&'static str, &'static str)]) -> Self {
        Self {
            file: "p.md",
            edits,
            config: "",
            line,
            later: &[],
        }
    }

    /// `.agents/p.md` made by `edits`, which the rule accepts.
    pub const fn clean(edits: &'static [(&'static str, &'static str)]) -> Self {
        Self::at(0, edits)
    }

    /// The same plan at another path under `.agents/`.
    pub const fn in_file(self, file: &'static str) -> Self {
        Self { file, ..self }
    }

    /// The same plan with an `execplan.toml`.
    pub const fn with_config(self, config: &'static str) -> Self {
        Self { config, ..self }
    }

    /// The same plan, with `later` committed after it.
    pub const fn then(self, later: &'static [Later]) -> Self {
        Self { later, ..self }
    }

    /// The fixture's text.
    pub fn text(&self) -> String {
        self.edits
            .iter()
            .fold(BASE_PLAN.to_string(), |t, (from, to)| {
                t.replacen(from, to, 1)
            })
    }
}

/// A rule's fixtures.
#[derive(Debug, Clone, Copy)]
pub struct Fixtures {
    /// Plans on which the rule reports exactly once, at the fixture's line.
    pub triggers: &'static [Fixture],
    /// Plans on which the rule reports nothing.
    pub clean: &'static [Fixture],
}
