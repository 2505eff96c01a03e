//! Where a path written in a plan points, the one reading EP014, EP015 and
//! EP107 share. A leading `/` means the repository root, and plans written from
//! a checkout's parent folder spell that `/<repository-name>/…`; a leading
//! `/` whose first folder is neither the repository's name nor a folder in
//! it names a place on someone's machine (`/Users/…`, `/tmp/…`), which no
//! check here can see.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Plan, SectionKind, Span};
use crate::source::Source;

/// A path written in a code span in Context and Orientation (EP015 and
/// EP107 read the same ones).
pub(crate) struct Named<'p> {
    /// The code span.
    pub span: &'p Span,
    /// The path as a path: no `./`, no trailing `/`.
    pub path: &'p str,
    /// Where it may be ([`candidates`]), most likely first.
    pub tries: Vec<PathBuf>,
    /// The plan says it will create the file ("`src/x.rs` (new)", "create
    /// `src/x.rs`") or remove it ("remove `src/x.rs`", "before this plan,
    /// `src/x.rs` …"): its absence, and later its growth or its deletion,
    /// are the plan's work.
    pub creates: bool,
}

/// Words before a path that say the plan will bring it into being, or after
/// it in parentheses.
static CREATES_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:new|create[sd]?|creating|add|adds|adding|introduce[sd]?|introducing|scaffold(?:s|ed|ing)?|generate[sd]?|will (?:add|create|introduce|hold|live|contain))\b[^.;:]{0,40}$")
        .expect("static regex")
});
static CREATES_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W{0,3}(?:\((?:new|new file|new module|new crate|new test|to be (?:created|added|written)|planned|proposed|not yet created|does not exist yet)\b|(?:will be (?:created|added|written|generated)|(?:is )?(?:new|to be created|created by this plan|does not exist yet|not yet created))\b)")
        .expect("static regex")
});

/// Words before a path that say the plan removes it, that it is the past,
/// or that it lives in another repository ("see that repository's `docs/x.md`").
static REMOVES_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:remove[sd]?|removing|delete[sd]?|deleting|drop(?:s|ped|ping)?|retire[sd]?|retiring|replace[sd]?|replacing|supersede[sd]?|formerly|previously|before this plan|used to|the old|legacy|will (?:remove|delete|replace|retire)|(?:that|the other|another|upstream|their) (?:repository|repo)'s)\b[^.;:]{0,40}$")
        .expect("static regex")
});
static REMOVES_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W{0,3}(?:\((?:removed|deleted|gone|deprecated|replaced|retired|old|formerly|legacy)\b|will be (?:removed|deleted|replaced|retired|dropped)\b)")
        .expect("static regex")
});

/// Whether the text around `span` (on its line) says the plan will create
/// or remove it.
fn says_created(source: &Source, span: &Span) -> bool {
    let text = &source.text;
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    // The words before may end the previous line of a wrapped paragraph.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_start = match line_start.checked_sub(1) {
        Some(nl) if !starts_block(&text[line_start..start]) && start - line_start < 40 => {
            text[..nl].rfind('\n').map_or(0, |i| i + 1)
        }
        _ => line_start,
    };
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    // The span is the code span's content: step over its backticks.
    let before = text[line_start..start].replace('\n', " ");
    let before = before.trim_end_matches('`');
    let after = text[end..line_end].trim_start_matches('`');
    CREATES_BEFORE.is_match(before)
        || CREATES_AFTER.is_match(after)
        || REMOVES_BEFORE.is_match(before)
        || REMOVES_AFTER.is_match(after)
}

/// A line that begins a list item, a heading or a table row: the words of the
/// line before belong to another block.
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['-', '*', '+', '#', '|', '>'])
        || t.split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A finished plan records the repository as it was when the work ended: a
/// path named there that moved or went away later is history, not a mistake
/// to fix (EP015 and EP107 pass over it). Finished: every Progress item
/// done, filed in a finished folder, or a Status that says so.
pub(crate) fn is_record(plan: &Plan) -> bool {
    let (done, total) = plan.counts();
    let status_done = plan.meta(crate::model::MetaKey::Status).is_some_and(|s| {
        let v = s.value.trim().trim_matches(['*', '_', '`']).to_lowercase();
        [
            "complete", "done", "finished", "closed", "shipped", "archived",
        ]
        .iter()
        .any(|w| v.starts_with(w))
    });
    (total > 0 && done == total) || in_finished_folder(&plan.path) || status_done
}

/// The plan is filed in a folder for finished plans (`completed/`, `done/`, …).
pub(crate) fn in_finished_folder(path: &Path) -> bool {
    path.components().any(|c| {
        matches!(
            c.as_os_str().to_str().map(str::to_lowercase).as_deref(),
            Some("completed" | "complete" | "done" | "finished")
        )
    })
}

/// Every path-shaped code span in `plan`'s Context and Orientation that lies
/// inside the repository at `root`. Only path-shaped spans count: they
/// contain a `/` and start `./`, end in a name with an extension, or start
/// with a folder that exists; `loader/load` is a code identifier.
pub(crate) fn context_paths<'p>(plan: &'p Plan, source: &Source, root: &Path) -> Vec<Named<'p>> {
    let rel = plan.path.parent().unwrap_or(Path::new(""));
    let plan_dir = if rel.is_absolute() {
        rel.to_path_buf()
    } else {
        root.join(rel)
    };
    plan.links
        .iter()
        .filter(|l| l.code_span && l.section == Some(SectionKind::Context))
        .filter_map(|l| {
            let p = path_like(&l.dest)?;
            if !path_shaped(root, &plan_dir, &l.dest, p) {
                return None;
            }
            let tries = candidates(root, &plan_dir, p, true)?;
            Some(Named {
                span: &l.span,
                path: p,
                tries,
                creates: says_created(source, &l.span),
            })
        })
        .collect()
}

/// A path that does not exist where it was resolved but is not missing
/// either: written relative to a package (a tracked path ends with it),
/// ignored by git (generated output), inside an archive, or foreign (its
/// first folder is nowhere in the repository: another repository's
/// `owner/repo/…`, another package's files).
pub(crate) fn elsewhere(ctx: &super::Ctx<'_>, named: &Named<'_>) -> bool {
    let p = named.path.trim_start_matches('/');
    let archive = p.split('/').rev().skip(1).any(|seg| {
        let seg = seg.to_ascii_lowercase();
        [
            ".zip", ".tar", ".tgz", ".tar.gz", ".jar", ".whl", ".gem", ".nupkg", ".7z", ".rar",
        ]
        .iter()
        .any(|ext| seg.ends_with(ext))
    });
    if archive {
        return true;
    }
    let Some(files) = ctx.files else {
        return false;
    };
    // Relative to the root, as the repository has it.
    let rels: Vec<String> = named
        .tries
        .iter()
        .filter_map(|t| t.strip_prefix(ctx.root).ok())
        .map(crate::timeline::repo_path)
        .collect();
    if rels.iter().any(|r| files.is_ignored(r)) {
        return true;
    }
    if files.resolve_suffix(p).is_some() {
        return true;
    }
    let first = p.split('/').next().unwrap_or(p);
    let known = ctx.root.join(first).exists()
        || ctx.plan_dir().join(first).exists()
        || files.has_folder(first);
    !known
}

/// Whether a span with slashes is a path rather than a code identifier
/// (`loader/load`, `view/optimizer-view`): it starts `./`, its last segment
/// has an extension, or its first segment exists.
fn path_shaped(root: &Path, plan_dir: &Path, raw: &str, p: &str) -> bool {
    if raw.trim().starts_with("./") || has_extension(p) {
        return true;
    }
    let rooted = p.trim_start_matches('/');
    let first = rooted.split('/').next().unwrap_or(rooted);
    let repo_name = root.canonicalize().ok();
    let named = repo_name
        .as_deref()
        .and_then(|r| r.file_name())
        .is_some_and(|n| n == first);
    named || root.join(first).exists() || plan_dir.join(first).exists()
}

/// `lib.rs`, `Cargo.toml`, `.env.example`: a name, a dot, a short alphanumeric tail.
fn has_extension(p: &str) -> bool {
    let last = p.rsplit('/').next().unwrap_or(p);
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.trim_start_matches('.').is_empty()
            && (1..=10).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Whether a code span looks like a repository path.
fn path_like(s: &str) -> Option<&str> {
    let t = s.trim();
    if !t.contains('/')
        || t.contains("://")
        || t.contains(char::is_whitespace)
        || t.starts_with('-')
        || t.starts_with('~')
        || t.starts_with('$')
        || t.contains([
            '*', '?', '{', '}', '<', '>', '|', '(', ')', '=', '"', '\'', '@', ':',
        ])
        || t.starts_with("//")
        || t.ends_with("//")
        || t.starts_with("/dev/")
    {
        return None;
    }
    // A path needs a segment that is a name: `a/b` where a is a file or folder.
    let t = t.trim_start_matches("./").trim_end_matches('/');
    (!t.is_empty() && t.split('/').all(|seg| !seg.is_empty())).then_some(t)
}

/// The places `path` may be, most likely first; `None` when it lies outside
/// the repository. A relative path is tried against the plan's folder, and
/// also against the root when `root_relative` (paths in prose usually are).
pub(crate) fn candidates(
    root: &Path,
    plan_dir: &Path,
    path: &str,
    root_relative: bool,
) -> Option<Vec<PathBuf>> {
    let Some(rooted) = path.strip_prefix('/') else {
        let mut out = vec![plan_dir.join(path)];
        if root_relative {
            out.push(root.join(path));
        }
        return Some(out);
    };
    let full = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // The repository's own absolute path, written out in full.
    if let Ok(inside) = Path::new(path).strip_prefix(&full) {
        return Some(vec![root.join(inside)]);
    }
    let (first, rest) = rooted.split_once('/').unwrap_or((rooted, ""));
    let named = full.file_name().is_some_and(|n| n == first);
    match (named, root.join(first).exists()) {
        (true, true) => Some(vec![root.join(rest), root.join(rooted)]),
        (true, false) => Some(vec![root.join(rest)]),
        (false, true) => Some(vec![root.join(rooted)]),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_like_spans() {
        assert_eq!(path_like("src/lib.rs"), Some("src/lib.rs"));
        assert_eq!(path_like("./docs/"), Some("docs"));
        assert_eq!(path_like("cargo test"), None);
        assert_eq!(path_like("https://x.y/z"), None);
        assert_eq!(path_like("a/*.rs"), None);
        assert_eq!(path_like("lib.rs"), None);
        assert!(has_extension("src/lib.rs") && has_extension("a/.env.example"));
        assert!(!has_extension("shadow.loader/load") && !has_extension("a/.gitignore"));
    }

    #[test]
    fn paths_the_plan_will_create() {
        let said = |line: &str| {
            let s = Source::from_string(Path::new("p.md"), line.to_string());
            let at = line.find("src/x.rs").expect("path in line");
            says_created(&s, &(at..at + "src/x.rs".len()))
        };
        assert!(said("- `src/x.rs` (new): the parser."));
        assert!(said("- Create `src/x.rs` for the parser."));
        assert!(said("- A new module `src/x.rs` holds the parser."));
        assert!(said("- `src/x.rs` (to be created) holds it."));
        assert!(said("- `src/x.rs` will be created by milestone 2."));
        assert!(!said("- `src/x.rs`: the parser."));
        assert!(!said("- The parser lives in `src/x.rs`."));
        assert!(!said("- Newer code calls `src/x.rs`."));
        assert!(said("- Remove `src/x.rs` once callers moved."));
        assert!(said("- Before this plan, `src/x.rs` held the parser."));
        assert!(said("- `src/x.rs` (removed): the old parser."));
        assert!(said("- `src/x.rs` will be removed by milestone 2."));
        // A fate stated is not the plan's work: history says what happened.
        assert!(!said("- `src/x.rs` is deleted."));
        assert!(said("- See that repository's `src/x.rs` for the inputs."));
        assert!(said(
            "The caller guide is in that\nrepository's `src/x.rs` with the inputs."
        ));
        assert!(!said("- Create the budget.\n- The parser is `src/x.rs`."));
        assert!(!said("- Create the budget\n- The parser is `src/x.rs`"));
    }

    #[test]
    fn rooted_paths_by_name_and_outside_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("client");
        std::fs::create_dir_all(root.join("src")).expect("mkdir");
        let plans = root.join(".agents");
        let got = |p: &str| candidates(&root, &plans, p, false);
        assert_eq!(
            got("/client/src/lib.rs"),
            Some(vec![root.join("src/lib.rs")])
        );
        assert_eq!(got("/src/lib.rs"), Some(vec![root.join("src/lib.rs")]));
        assert_eq!(got("/Users/ana/notes.md"), None);
        assert_eq!(got("/tmp/x"), None);
        assert_eq!(got("a.md"), Some(vec![plans.join("a.md")]));
    }
}
