//! The library's module graph has layers and no cycles (a tidy test in the
//! manner of rust-analyzer's `tidy.rs`): it reads the sources, collects every
//! `crate::x` path, and fails naming the file and line of an import that
//! reaches up a layer. A module may use its own layer and every layer below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. Every top-level module of `src/` is in exactly one layer.
const LAYERS: &[&[&str]] = &[
    &["write", "gitconfig", "parallel", "progress", "severity"],
    &["history"],
    &["error", "source", "model", "matching"],
    &["parse"],
    &["config", "normal", "summary"],
    &[
        "discover", "revision", "digest", "new", "init", "evidence", "drift",
    ],
    &["timeline"],
    &["rules"],
    &["diagnostic"],
    &["check"],
    &["fill", "revdiff", "plans", "fuzzing"],
    &["changes", "report", "hook", "edit"],
];

/// Imports that reach up a layer on purpose, with the reason. Each must
/// still exist (the list only shrinks), and the cycle check ignores them.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// One `crate::x` reference: the module that holds it, where, and what it names.
struct Import {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a source file belongs to (`rules/broken_link.rs` → `rules`).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// Module names after `crate::` on one line, braces expanded one level
/// (`crate::{a, b::c}` names `a` and `b`).
fn targets(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `execplan_crate::` or similar
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let head = item.trim().split("::").next().unwrap_or("").to_string();
                        if !head.is_empty() {
                            out.push(head);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

fn imports() -> Vec<Import> {
    let root = src();
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&root).unwrap().to_path_buf();
        let Some(from) = module_of(&rel) else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // A multi-line `use crate::{…}` is joined so its names are seen.
        let mut pending: Option<(usize, String)> = None;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.starts_with("//") {
                continue;
            }
            let (at, joined) = match pending.take() {
                Some((at, mut acc)) => {
                    acc.push_str(line);
                    (at, acc)
                }
                None => (n + 1, line.to_string()),
            };
            if joined.contains("crate::{") && !joined.contains('}') {
                pending = Some((at, joined));
                continue;
            }
            for to in targets(&joined) {
                if to != from {
                    out.push(Import {
                        from: from.clone(),
                        to,
                        file: rel.clone(),
                        line: at,
                    });
                }
            }
        }
    }
    out
}

fn excepted(i: &Import) -> bool {
    EXCEPTIONS
        .iter()
        .any(|(from, to, _)| i.from == *from && i.to == *to)
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The module graph's cycles, each as its strongly connected component.
fn cycles(imports: &[Import]) -> Vec<BTreeSet<String>> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for i in imports.iter().filter(|i| !excepted(i)) {
        graph.entry(&i.from).or_default().insert(&i.to);
        graph.entry(&i.to).or_default();
    }
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(m) = todo.pop() {
            for &n in &graph[m] {
                if seen.insert(n) {
                    todo.push(n);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<&str>> = graph.keys().map(|&m| (m, reach(m))).collect();
    let mut out: Vec<BTreeSet<String>> = Vec::new();
    for (&m, r) in &reaches {
        if !r.contains(m) || out.iter().any(|c| c.contains(m)) {
            continue;
        }
        let component = graph
            .keys()
            .filter(|&&n| r.contains(n) && reaches[n].contains(m))
            .map(|n| n.to_string())
            .collect();
        out.push(component);
    }
    out
}

#[test]
fn every_module_is_in_one_layer() {
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(src()).unwrap() {
        let path = PathBuf::from(entry.unwrap().file_name());
        if let Some(m) = module_of(&path) {
            modules.insert(m);
        }
    }
    let listed: Vec<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
    let mut problems = Vec::new();
    for m in &modules {
        match listed.iter().filter(|l| *l == m).count() {
            1 => {}
            0 => problems.push(format!("module `{m}` is in no layer of LAYERS")),
            _ => problems.push(format!("module `{m}` is in more than one layer")),
        }
    }
    for l in &listed {
        if !modules.contains(*l) {
            problems.push(format!("LAYERS names `{l}`, which is no module of src/"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_module_imports_a_higher_layer() {
    let mut problems = Vec::new();
    for i in imports() {
        let (Some(from), Some(to)) = (layer(&i.from), layer(&i.to)) else {
            continue; // names outside LAYERS are reported by the test above
        };
        if to > from && !excepted(&i) {
            problems.push(format!(
                "src/{}:{}: `{}` (layer {from}) imports `{}` (layer {to}), a higher layer",
                i.file.display(),
                i.line,
                i.from,
                i.to
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_exception_is_still_needed() {
    let imports = imports();
    for (from, to, why) in EXCEPTIONS {
        assert!(
            imports.iter().any(|i| i.from == *from && i.to == *to),
            "`{from}` no longer imports `{to}`: drop the exception ({why})"
        );
    }
}

#[test]
fn the_module_graph_has_no_cycles() {
    let imports = imports();
    let found = cycles(&imports);
    let names: Vec<String> = found
        .iter()
        .map(|c| c.iter().cloned().collect::<Vec<_>>().join(" ↔ "))
        .collect();
    assert!(found.is_empty(), "import cycles: {}", names.join("; "));
}

#[test]
fn the_scanner_sees_grouped_and_plain_paths() {
    assert_eq!(
        targets("use crate::{model::Plan, source::Source};"),
        ["model", "source"]
    );
    assert_eq!(targets("let x = crate::parallel::map(a);"), ["parallel"]);
    assert_eq!(targets("use execplan_crate::x;"), Vec::<String>::new());
    let graph = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")].map(|(from, to)| Import {
        from: from.into(),
        to: to.into(),
        file: PathBuf::new(),
        line: 0,
    });
    let found = cycles(&graph);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].iter().collect::<Vec<_>>(), ["a", "b", "c"]);
}
