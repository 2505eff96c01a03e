//! Evidence written into the text itself, which `surprise-without-evidence`
//! and `tick-without-evidence` both accept: a reader can check a claim that
//! names a file and line, a command (and its output), a figure or a count, a
//! searchable identifier, how it was shown (measured, reproduced), a commit, an
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
        r"`/?[\w.-]+/[\w./-]+`",
        // a command in a code span
        r"`(?:cargo|npm|npx|pnpm|yarn|git|make|python3?|pytest|go|bazel|cmake|ctest|nox|uv|uvx|pip|bash|sh|just|bb|clojure|clj|lein|node|deno|bun|rg|grep|curl|docker|kubectl|gh|ruff|mypy|tox|mvn|gradle|dotnet|swift|xcodebuild|ninja|meson)\b[^`]*`",
        // a figure with a unit, a count of things, a ratio or a percentage
        r"(?i)\b\d+(?:[.,]\d+)*\s?(?:ms|s|sec|secs|seconds?|minutes?|mins?|hours?|h|µs|us|ns|%|x|×|kb|kib|mb|mib|gb|gib|bytes?|lines?|loc|tests?|assertions?|files?|commits?|runs?|errors?|warnings?|failures?|mutants?|ops|requests?|rps|qps|cases?|examples?|cores?|threads?|iterations?|samples?)\b",
        r"\b\d+\s?/\s?\d+\b",
        // a count of things ("20 qubits", "30 topology edges")
        r"\b\d+(?:[.,]\d+)?\s+(?:[a-z][a-z-]*\s)?[a-z]{2,}s\b",
        // a compound identifier in a code span, which a reader can search
        // for: `snake_case`, `a.b`, `CamelCase`, `SCREAMING_CASE`, `--flag`
        r"`[^`\s]*(?:\w_\w|\w\.\w|[a-z][A-Z]|--\w)[^`\s]*`",
        // how it was shown: a run, a measurement, a reproduction
        r"(?i)\b(?:showed|shown by|exposed|measured|measuring|reproduced|reproduces|confirmed|bisected|profiled|profiling|benchmarks?|benchmarked|failed with|fails with|crashed|crashes with|the logs? shows?)\b",
        // a measured change ("from 14 to 3") or a percentile (`p99`)
        r"(?i)\bfrom\s+\d+(?:[.,]\d+)*\s+to\s+\d",
        r"(?i)\bp(?:50|75|90|95|99|999)\b",
        r"\d%",
        // a commit id
        r"\b[0-9a-f]{7,40}\b",
        // an issue or pull request, or a tracker key in a code span (`proj-918`)
        r"`[A-Za-z][A-Za-z0-9]*-\d+`",
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
            "The captured model has 20 qubits and 30 topology edges.",
            "Closed `relay-918` with the notes.",
            "The installer cannot create `/usr/local/bin/capnpc`.",
            "An absent duration must produce `QDMI_ERROR_NOTSUPPORTED`.",
            "It selects a file through `session.device-config.file`.",
            "A real compilation exposed this; unit tests did not.",
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
            "The adapter needs no client library.",
        ] {
            assert!(!carries_evidence(text), "{text}");
        }
    }
}
