//! Evidence written into the text itself, which `surprise-without-evidence`
//! and `tick-without-evidence` both accept: a reader can check a claim that
//! names a file and line, a command (and its output), a figure, a commit, an
//! issue or a link, or that shows a code block, without an `Evidence:` label.
//! A claim in prose alone ("the cache was slow") names nothing to check.

use std::sync::LazyLock;

use regex::Regex;

/// One pattern per kind of checkable pointer; any match is evidence.
static POINTERS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // file:line (`src/lib.rs:42`, `parser.cljs:120-140`)
        r"[\w./-]+\.[A-Za-z0-9]{1,8}:\d+",
        // a path to a file (`docs/a.md`, `src/x/y.rs`) or a file name in code (`Cargo.toml`)
        r"\b[\w.-]+/[\w./-]*\.[A-Za-z0-9]{1,8}\b",
        r"`[\w.-]+\.[A-Za-z0-9]{1,8}`",
        // a command in a code span
        r"`(?:cargo|npm|npx|pnpm|yarn|git|make|python3?|pytest|go|bazel|cmake|ctest|nox|uv|uvx|pip|bash|sh|just|bb|clojure|clj|lein|node|deno|bun|rg|grep|curl|docker|kubectl|gh|ruff|mypy|tox|mvn|gradle|dotnet|swift|xcodebuild|ninja|meson)\b[^`]*`",
        // a figure with a unit, a count of things, a ratio or a percentage
        r"(?i)\b\d+(?:[.,]\d+)*\s?(?:ms|s|sec|secs|seconds?|minutes?|mins?|hours?|h|µs|us|ns|%|x|×|kb|kib|mb|mib|gb|gib|bytes?|lines?|loc|tests?|assertions?|files?|commits?|runs?|errors?|warnings?|failures?|mutants?|ops|requests?|rps|qps|cases?|examples?|cores?|threads?|iterations?|samples?)\b",
        r"\b\d+\s?/\s?\d+\b",
        // a measured change ("from 14 to 3") or a percentile (`p99`)
        r"(?i)\bfrom\s+\d+(?:[.,]\d+)*\s+to\s+\d",
        r"(?i)\bp(?:50|75|90|95|99|999)\b",
        r"\d%",
        // a commit id
        r"\b[0-9a-f]{7,40}\b",
        // an issue or pull request
        r"(?i)(?:#\d+\b|\b(?:pull request|pr|issue|merge request|mr)\s*#?\d+\b)",
        // a link
        r"https?://\S+",
        // a qualified code symbol: `a::b`, `a.b()`, `f(x)`
        r"`[^`\s]*(?:::|\(\)|\w\()[^`]*`",
        // a fenced code block or quoted output
        r"(?m)^\s*(?:```|~~~)",
    ]
    .into_iter()
    .map(|p| Regex::new(p).expect("static regex"))
    .collect()
});

/// Whether `text` carries its own evidence (see the module doc).
pub(crate) fn carries_evidence(text: &str) -> bool {
    POINTERS
        .iter()
        .any(|re| re.find_iter(text).any(|m| !only_letters_id(m.as_str())))
}

/// A 7+ letter word of a–f only ("defaced") is not a commit id.
fn only_letters_id(m: &str) -> bool {
    m.len() >= 7 && m.bytes().all(|b| (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::carries_evidence;

    #[test]
    fn pointers_a_reader_can_check() {
        for text in [
            "The parser drops the last token (src/parse.rs:88).",
            "Retries fell from 14 to 3 a minute.",
            "The p99 doubled under load.",
            "Startup is slow: 4.2 s on a cold cache.",
            "`cargo test -p core` fails on the second run.",
            "Only 12/40 mutants were killed.",
            "Reverted in 3f2a9c1.",
            "Upstream already fixed it (#1951).",
            "pull request 1687 added the voting.",
            "See https://example.com/run/1.",
            "`Loader::warm` already caches the index.",
            "The bundle grew by 12%.",
            "Moving it removes 50 lines.",
            "Config lives in `Cargo.toml`.",
            "Output:\n```\nerror: x\n```",
        ] {
            assert!(carries_evidence(text), "{text}");
        }
    }

    #[test]
    fn prose_alone_is_not_evidence() {
        for text in [
            "The cache was slower than expected.",
            "Treating `measure` as an expression accepted too much.",
            "We decided the defaced approach is simpler.",
            "Two of the three plans disagree.",
        ] {
            assert!(!carries_evidence(text), "{text}");
        }
    }
}
