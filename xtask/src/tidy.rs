//! `tidy`: the invariants of ARCHITECTURE.md that a reader can break without
//! a compiler error, checked over the real syntax trees (syn) of the library,
//! the CLI and xtask, in the manner of rust-analyzer's tidy tests. Run by
//! `cargo test -p xtask` and by `cargo xtask tidy`.
//!
//! **Layers.** Each crate's top-level modules sit in the layers of its table
//! in ARCHITECTURE.md (read from there, never kept twice). A module may name
//! its own layer and the ones below; the crate root (`lib.rs`, `main.rs`) is
//! above every layer, so nothing may reach up into it; and the module graph
//! has no cycle. Every way a name can be reached counts: `use` trees with
//! nested groups and renames, `crate::`, `super::` and `self::` paths, paths
//! in expressions, types and patterns, paths inside macro calls (`out!(…)`),
//! and items re-exported at the crate root (`crate::Error` is `error`'s).
//!
//! **Promises.** gix is named only inside the library's `history/`; the
//! library never prints, exits or aborts (fault injection aside, which is
//! compiled only with the `fault-injection` feature); nothing runs the git
//! CLI; the CLI's verbs and its MCP server call library workflows instead of
//! parsing or walking history themselves; the CLI writes stdout only through
//! `out.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;

/// A crate the tidy rules cover: its name in messages, its source folder
/// (the heading of its layer table in ARCHITECTURE.md names the same path)
/// and its root file.
pub struct Crate {
    /// The crate's name in messages.
    pub name: &'static str,
    /// Its source folder, relative to the workspace.
    pub src: &'static str,
    /// Its root file (`lib.rs` or `main.rs`).
    pub root_file: &'static str,
}

/// The library, the CLI and xtask.
pub const CRATES: [Crate; 3] = [
    Crate {
        name: "execplan",
        src: "crates/execplan/src",
        root_file: "lib.rs",
    },
    Crate {
        name: "execplan-cli",
        src: "crates/execplan-cli/src",
        root_file: "lib.rs",
    },
    Crate {
        name: "xtask",
        src: "xtask/src",
        root_file: "main.rs",
    },
];

/// The module name the crate root goes by.
pub const ROOT: &str = "(root)";

/// One path a source file names, resolved to the top-level module that holds
/// what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The top-level module of the file that names it.
    pub from: String,
    /// The top-level module it lands in ([`ROOT`] for the crate root's own items).
    pub to: String,
    /// The file, relative to the workspace.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The path as written.
    pub path: String,
}

/// One path as it appears in a file, before resolution.
#[derive(Debug, Clone)]
pub struct Named {
    /// Segments, as written (`crate`, `super`, `self` kept).
    pub segments: Vec<String>,
    /// The module (relative to the crate root) the path appears in.
    pub scope: Vec<String>,
    /// 1-based line.
    pub line: usize,
    /// Inside an item compiled only with the `fault-injection` feature.
    pub fault_injection: bool,
    /// A macro's name (`println`), when this is a macro call.
    pub macro_call: bool,
}

/// Every path of one parsed file.
pub fn paths_in(file: &syn::File, scope: Vec<String>) -> Vec<Named> {
    let mut v = Paths {
        scope,
        fault: 0,
        found: Vec::new(),
    };
    v.visit_file(file);
    v.found
}

struct Paths {
    scope: Vec<String>,
    /// Depth of `#[cfg(feature = "fault-injection")]` items around us.
    fault: usize,
    found: Vec<Named>,
}

impl Paths {
    fn push(&mut self, segments: Vec<String>, line: usize, macro_call: bool) {
        if segments.is_empty() {
            return;
        }
        self.found.push(Named {
            segments,
            scope: self.scope.clone(),
            line,
            fault_injection: self.fault > 0,
            macro_call,
        });
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, line: usize) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree, line);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                self.push(full, line, false);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.push(full, line, false);
            }
            syn::UseTree::Glob(_) => self.push(prefix.clone(), line, false),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t, line);
                }
            }
        }
    }

    /// Paths inside a macro call's tokens (`ident :: ident …`), which syn
    /// does not parse: `out!("{}", render::check::json(…))` names `render`.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => {
                    self.tokens(g.stream());
                    i += 1;
                }
                TokenTree::Ident(id) => {
                    let line = id.span().start().line;
                    let mut segments = vec![id.to_string()];
                    let mut j = i + 1;
                    while let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(next)),
                    ) = (trees.get(j), trees.get(j + 1), trees.get(j + 2))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        segments.push(next.to_string());
                        j += 3;
                    }
                    if segments.len() > 1 {
                        self.push(segments, line, false);
                    }
                    i = j;
                }
                TokenTree::Punct(_) | TokenTree::Literal(_) => i += 1,
            }
        }
    }
}

/// `#[cfg(feature = "fault-injection")]`, alone or inside `any(…)`/`all(…)`.
fn fault_injection(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("\"fault-injection\""))
    })
}

fn segments(p: &syn::Path) -> Vec<String> {
    p.segments.iter().map(|s| s.ident.to_string()).collect()
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let line = u.span().start().line;
        let mut prefix = Vec::new();
        self.use_tree(&mut prefix, &u.tree, line);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let fault = fault_injection(&m.attrs);
        self.fault += usize::from(fault);
        if m.content.is_some() {
            self.scope.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.scope.pop();
        }
        self.fault -= usize::from(fault);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let fault = fault_injection(&f.attrs);
        self.fault += usize::from(fault);
        syn::visit::visit_item_fn(self, f);
        self.fault -= usize::from(fault);
    }

    fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
        let attrs: &[syn::Attribute] = match s {
            syn::Stmt::Local(l) => &l.attrs,
            syn::Stmt::Expr(syn::Expr::If(e), _) => &e.attrs,
            syn::Stmt::Expr(syn::Expr::Block(e), _) => &e.attrs,
            syn::Stmt::Macro(m) => &m.attrs,
            _ => &[],
        };
        let fault = fault_injection(attrs);
        self.fault += usize::from(fault);
        syn::visit::visit_stmt(self, s);
        self.fault -= usize::from(fault);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let line = p.span().start().line;
        self.push(segments(p), line, false);
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let line = m.path.span().start().line;
        self.push(segments(&m.path), line, true);
        self.tokens(m.tokens.clone());
    }
}

/// A crate's sources: each file's module path and parsed tree.
pub struct Sources {
    /// The workspace the file paths are relative to.
    pub root: PathBuf,
    /// (file relative to the workspace, module path relative to the crate root, tree).
    pub files: Vec<(PathBuf, Vec<String>, syn::File)>,
    /// The top-level modules (files or folders directly under `src/`).
    pub modules: BTreeSet<String>,
    /// Names the crate root defines or re-exports, with the module that holds them.
    pub root_names: BTreeMap<String, String>,
}

/// The module path of a file under `src/`: `history/walk.rs` → `[history, walk]`,
/// `history/mod.rs` → `[history]`, the root file → `[]`.
fn module_path(inside: &Path, root_file: &str) -> Vec<String> {
    let mut parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(&last).to_string();
        if !(stem == "mod" || (parts.is_empty() && last == root_file)) {
            parts.push(stem);
        }
    }
    parts
}

/// Read and parse every `.rs` file of `krate` under the workspace `root`.
pub fn sources(root: &Path, krate: &Crate) -> Result<Sources, String> {
    let src = root.join(krate.src);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let inside = path.strip_prefix(&src).map_err(|e| e.to_string())?;
        if inside.starts_with("bin") {
            continue; // binaries are crates of their own, calling the library's `run`
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let tree = syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let rel = path
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .to_path_buf();
        files.push((rel, module_path(inside, krate.root_file), tree));
    }
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|(_, m, _)| m.first().cloned())
        .collect();
    let mut root_names = BTreeMap::new();
    if let Some((_, _, tree)) = files.iter().find(|(_, m, _)| m.is_empty()) {
        for item in &tree.items {
            match item {
                syn::Item::Use(u) => root_uses(&u.tree, &mut Vec::new(), &modules, &mut root_names),
                other => {
                    if let Some(name) = item_name(other) {
                        root_names.insert(name, ROOT.to_string());
                    }
                }
            }
        }
    }
    Ok(Sources {
        root: root.to_path_buf(),
        files,
        modules,
        root_names,
    })
}

/// Names a root `use` brings in, mapped to the top-level module they come from.
fn root_uses(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    modules: &BTreeSet<String>,
    out: &mut BTreeMap<String, String>,
) {
    let mut add = |name: String, prefix: &[String]| {
        let first = prefix.iter().find(|s| *s != "crate" && *s != "self");
        if let Some(m) = first.filter(|m| modules.contains(*m)) {
            out.insert(name, m.clone());
        }
    };
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            root_uses(&p.tree, prefix, modules, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => add(n.ident.to_string(), prefix),
        syn::UseTree::Rename(r) => add(r.rename.to_string(), prefix),
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(g) => {
            for t in &g.items {
                root_uses(t, prefix, modules, out);
            }
        }
    }
}

fn item_name(item: &syn::Item) -> Option<String> {
    Some(match item {
        syn::Item::Const(i) => i.ident.to_string(),
        syn::Item::Enum(i) => i.ident.to_string(),
        syn::Item::Fn(i) => i.sig.ident.to_string(),
        syn::Item::Static(i) => i.ident.to_string(),
        syn::Item::Struct(i) => i.ident.to_string(),
        syn::Item::Trait(i) => i.ident.to_string(),
        syn::Item::Type(i) => i.ident.to_string(),
        syn::Item::Macro(i) => i.ident.as_ref()?.to_string(),
        _ => return None,
    })
}

/// The top-level module a path lands in, seen from `scope`: `crate::x…`,
/// `super::…` and `self::…` resolve against the crate's module tree; a bare
/// path resolves only when it starts at the crate root (a top-level module
/// named from the root file). `None` for anything outside the crate.
pub fn resolve(named: &Named, src: &Sources) -> Option<String> {
    let segs = &named.segments;
    let mut at: Vec<String> = named.scope.clone();
    let mut rest = segs.as_slice();
    match segs.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &segs[1..];
        }
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                at.pop();
                rest = &rest[1..];
            }
        }
        Some("self") => rest = &segs[1..],
        _ if named.scope.is_empty() => {}
        _ => return None,
    }
    let mut full = at;
    full.extend(rest.iter().cloned());
    let first = full.first()?;
    if src.modules.contains(first) {
        Some(first.clone())
    } else {
        src.root_names.get(first).cloned()
    }
}

/// Every edge between top-level modules of one crate (a module naming
/// itself is not an edge).
pub fn edges(src: &Sources) -> Vec<Edge> {
    let mut out = Vec::new();
    for (file, module, tree) in &src.files {
        let from = module.first().cloned().unwrap_or_else(|| ROOT.to_string());
        for named in paths_in(tree, module.clone()) {
            let Some(to) = resolve(&named, src) else {
                continue;
            };
            if to != from {
                out.push(Edge {
                    from: from.clone(),
                    to,
                    file: file.clone(),
                    line: named.line,
                    path: named.segments.join("::"),
                });
            }
        }
    }
    out
}

/// The layer tables of ARCHITECTURE.md: per source folder named in a
/// heading, each module's layer (the first column of a row is the layer,
/// the second names modules in backticks).
pub fn layer_tables(architecture: &str) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut tables: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in architecture.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            current = CRATES
                .iter()
                .find(|c| heading.contains(&format!("`{}/`", c.src)))
                .map(|c| c.src.to_string());
            continue;
        }
        let (Some(src), Some(row)) = (&current, line.strip_prefix('|')) else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (Some(layer), Some(names)) = (cells.first(), cells.get(1)) else {
            continue;
        };
        let Ok(layer) = layer.parse::<usize>() else {
            continue;
        };
        for name in names.split('`').skip(1).step_by(2) {
            let name = name.trim_end_matches('/').trim_end_matches(".rs");
            tables
                .entry(src.clone())
                .or_default()
                .insert(name.to_string(), layer);
        }
    }
    tables
}

/// Top-level module -> the other top-level modules it names.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// The strongly connected components with more than one module (Tarjan's
/// algorithm), each sorted, in a stable order.
pub fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct Tarjan<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, v: &'g str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.found.sort();
    t.found
}

/// Each violation, as `file:line: message`.
pub type Problems = Vec<String>;

/// Layers and cycles of one crate.
pub fn check_layers(krate: &Crate, src: &Sources, layers: &BTreeMap<String, usize>) -> Problems {
    let mut problems = Vec::new();
    for m in &src.modules {
        if !layers.contains_key(m) {
            problems.push(format!(
                "{}/{m}: module `{m}` of {} is in no layer of ARCHITECTURE.md's table for `{}/`",
                krate.src, krate.name, krate.src
            ));
        }
    }
    for m in layers.keys() {
        if !src.modules.contains(m) {
            problems.push(format!(
                "ARCHITECTURE.md: the table for `{}/` names `{m}`, which is no module of it",
                krate.src
            ));
        }
    }
    let all = edges(src);
    for e in &all {
        let upward = if e.to == ROOT {
            Some("the crate root".to_string())
        } else {
            match (layers.get(&e.from), layers.get(&e.to)) {
                (Some(f), Some(t)) if t > f => Some(format!("`{}` (layer {t})", e.to)),
                _ => None,
            }
        };
        if let Some(target) = upward {
            let from_layer = layers
                .get(&e.from)
                .map_or(String::new(), |l| format!(" (layer {l})"));
            problems.push(format!(
                "{}:{}: `{}`{from_layer} reaches up to {target} through `{}`",
                e.file.display(),
                e.line,
                e.from,
                e.path
            ));
        }
    }
    let mut graph = Graph::new();
    for e in all.iter().filter(|e| e.from != ROOT && e.to != ROOT) {
        graph
            .entry(e.from.clone())
            .or_default()
            .insert(e.to.clone());
        graph.entry(e.to.clone()).or_default();
    }
    for cycle in cycles(&graph) {
        let witness: Vec<String> = all
            .iter()
            .filter(|e| cycle.contains(&e.from) && cycle.contains(&e.to))
            .map(|e| format!("{}:{} `{}`", e.file.display(), e.line, e.path))
            .collect();
        problems.push(format!(
            "{}: import cycle {}: {}",
            krate.name,
            cycle.join(" ↔ "),
            witness.join(", ")
        ));
    }
    problems
}

/// The promises that hold per path: gix only in `history/`, the library
/// silent and alive, no git CLI, verbs calling workflows, stdout through
/// `out.rs`.
pub fn check_promises(krate: &Crate, src: &Sources) -> Problems {
    let mut problems = Vec::new();
    for (file, module, tree) in &src.files {
        let at = |line: usize| format!("{}:{line}", file.display());
        let in_history = krate.name == "execplan" && module.first().is_some_and(|m| m == "history");
        for named in paths_in(tree, module.clone()) {
            let first = named.segments.first().map(String::as_str).unwrap_or("");
            let last = named.segments.last().map(String::as_str).unwrap_or("");
            let joined = named.segments.join("::");
            if first == "gix" && !in_history {
                problems.push(format!(
                    "{}: `{joined}`: gix is named only inside the library's history/ (use `execplan::history`'s facade)",
                    at(named.line)
                ));
            }
            if krate.name == "execplan" {
                let prints = named.macro_call
                    && ["print", "println", "eprint", "eprintln", "dbg"].contains(&last)
                    && named.segments.len() == 1;
                let exits = !named.macro_call
                    && (joined.ends_with("process::exit") || joined.ends_with("process::abort"));
                if prints || (exits && !named.fault_injection) {
                    problems.push(format!(
                        "{}: `{joined}`: the library returns values and errors; the CLI prints and exits",
                        at(named.line)
                    ));
                }
            }
            if krate.name == "execplan-cli" {
                let verb_or_server = module
                    .first()
                    .is_some_and(|m| m == "cmd" || m == "mcp" || m == "lsp");
                let lower = ["history", "parse", "source"];
                if verb_or_server
                    && first == "execplan"
                    && named
                        .segments
                        .get(1)
                        .is_some_and(|s| lower.contains(&s.as_str()))
                {
                    problems.push(format!(
                        "{}: `{joined}`: a verb or the MCP server calls a library workflow instead of walking history or parsing itself",
                        at(named.line)
                    ));
                }
                let stdout = (named.macro_call && (last == "print" || last == "println"))
                    || joined.ends_with("io::stdout")
                    || joined.ends_with("Connection::stdio");
                if stdout && module.first().is_none_or(|m| m != "out") {
                    problems.push(format!(
                        "{}: `{joined}`: stdout is written with out!/outln! or crate::out, which stop quietly on a closed pipe",
                        at(named.line)
                    ));
                }
            }
        }
        // The library's words, too: outside history/ it speaks of git and of
        // the facade, so a reader never looks for gix behind a comment.
        if krate.name == "execplan" && !in_history {
            if let Ok(text) = std::fs::read_to_string(src.root.join(file)) {
                for (n, line) in text.lines().enumerate() {
                    let words = line.split(|c: char| !c.is_alphanumeric() && c != '_');
                    if words.into_iter().any(|w| w == "gix") && !line.contains("gix::") {
                        problems.push(format!(
                            "{}: `gix` in a comment or string: outside history/ the library names git and `history::Repo`",
                            at(n + 1)
                        ));
                    }
                }
            }
        }
        if krate.name != "xtask" {
            let mut git = GitCli(Vec::new());
            git.visit_file(tree);
            for line in git.0 {
                problems.push(format!(
                    "{}: the product reads git through gix, never the git CLI",
                    at(line)
                ));
            }
        }
    }
    problems
}

/// Lines of `Command::new("git")`.
struct GitCli(Vec<usize>);

impl<'ast> Visit<'ast> for GitCli {
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*c.func {
            let segs = segments(&p.path);
            let is_new = segs.ends_with(&["Command".to_string(), "new".to_string()]);
            let git = c.args.first().is_some_and(|a| {
                matches!(a, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value() == "git")
            });
            if is_new && git {
                self.0.push(c.span().start().line);
            }
        }
        syn::visit::visit_expr_call(self, c);
    }
}

/// Every problem in the workspace at `root`.
pub fn problems(root: &Path) -> Result<Problems, String> {
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md"))
        .map_err(|e| format!("ARCHITECTURE.md: {e}"))?;
    let tables = layer_tables(&architecture);
    let mut out = Vec::new();
    for krate in &CRATES {
        let src = sources(root, krate)?;
        match tables.get(krate.src) {
            Some(layers) => out.extend(check_layers(krate, &src, layers)),
            None => out.push(format!(
                "ARCHITECTURE.md: no layer table under a heading naming `{}/`",
                krate.src
            )),
        }
        out.extend(check_promises(krate, &src));
    }
    Ok(out)
}

/// `cargo xtask tidy`: print every problem; an error when there is one.
pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask tidy".into());
    }
    let found = problems(&crate::bench_check::workspace())?;
    for p in &found {
        println!("{p}");
    }
    if found.is_empty() {
        println!(
            "tidy: layers, cycles and promises hold in {} crates",
            CRATES.len()
        );
        Ok(())
    } else {
        Err(format!("tidy: {} problems", found.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate made of `(file under src/, text)` pairs (the folder lives as
    /// long as the returned guard).
    fn fake(files: &[(&str, &str)], root_file: &str) -> (tempfile::TempDir, Sources) {
        let dir = tempfile::tempdir().expect("a temp folder");
        for (name, text) in files {
            let p = dir.path().join("src").join(name);
            std::fs::create_dir_all(p.parent().expect("a folder")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        let krate = Crate {
            name: "fake",
            src: "src",
            root_file: if root_file == "main.rs" {
                "main.rs"
            } else {
                "lib.rs"
            },
        };
        let src = sources(dir.path(), &krate).expect("parses");
        (dir, src)
    }

    fn layers(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(m, l)| (m.to_string(), *l)).collect()
    }

    const FAKE: Crate = Crate {
        name: "fake",
        src: "src",
        root_file: "lib.rs",
    };

    fn problems_of(files: &[(&str, &str)], table: &[(&str, usize)]) -> Problems {
        check_layers(&FAKE, &fake(files, "lib.rs").1, &layers(table))
    }

    const LIB: (&str, &str) = (
        "lib.rs",
        "mod low; mod high; pub use high::Thing; pub struct Cli;",
    );
    const TABLE: &[(&str, usize)] = &[("low", 0), ("high", 1)];

    #[test]
    fn a_clean_crate_has_no_problem() {
        let found = problems_of(
            &[
                LIB,
                ("low.rs", "pub fn f() {}"),
                ("high.rs", "use crate::low::f; pub struct Thing;"),
            ],
            TABLE,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_import_through_a_root_reexport_is_seen() {
        let found = problems_of(
            &[
                LIB,
                ("low.rs", "fn f(_: crate::Thing) {}"),
                ("high.rs", "pub struct Thing;"),
            ],
            TABLE,
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("`high` (layer 1)") && p.contains("crate::Thing")),
            "{found:?}"
        );
    }

    #[test]
    fn a_super_path_and_a_nested_group_are_seen() {
        let found = problems_of(
            &[
                LIB,
                ("low/mod.rs", "mod inner;"),
                ("low/inner.rs", "use super::super::{high::{Thing}};"),
                ("high.rs", "pub struct Thing;"),
            ],
            TABLE,
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("super::super::high::Thing")),
            "{found:?}"
        );
    }

    #[test]
    fn a_path_inside_a_macro_call_is_seen() {
        let found = problems_of(
            &[
                LIB,
                ("low.rs", "fn f() { format!(\"{}\", crate::high::g()); }"),
                ("high.rs", "pub fn g() {} pub struct Thing;"),
            ],
            TABLE,
        );
        assert!(
            found.iter().any(|p| p.contains("crate::high::g")),
            "{found:?}"
        );
    }

    #[test]
    fn reaching_the_crate_root_is_upward() {
        let found = problems_of(
            &[
                LIB,
                ("low.rs", "use crate::Cli;"),
                ("high.rs", "pub struct Thing;"),
            ],
            TABLE,
        );
        assert!(
            found.iter().any(|p| p.contains("the crate root")),
            "{found:?}"
        );
    }

    #[test]
    fn a_cycle_within_a_layer_is_named() {
        let found = problems_of(
            &[
                LIB,
                ("low.rs", "use crate::other::g; pub fn f() {}"),
                ("other.rs", "use crate::low::f; pub fn g() {}"),
                ("high.rs", "pub struct Thing;"),
            ],
            &[("low", 0), ("other", 0), ("high", 1)],
        );
        assert!(
            found.iter().any(|p| p.contains("import cycle low ↔ other")),
            "{found:?}"
        );
    }

    #[test]
    fn the_lsp_transport_outside_out_rs_and_parsing_in_lsp_are_refused() {
        let cli = Crate {
            name: "execplan-cli",
            src: "src",
            root_file: "lib.rs",
        };
        let (_dir, src) = fake(
            &[
                ("lib.rs", "mod out; mod lsp;"),
                (
                    "out.rs",
                    "pub fn lsp_stdio() { lsp_server::Connection::stdio(); }",
                ),
                (
                    "lsp/mod.rs",
                    "fn f() { lsp_server::Connection::stdio(); execplan::parse::parse(); }",
                ),
            ],
            "lib.rs",
        );
        let found = check_promises(&cli, &src);
        let stdio: Vec<_> = found
            .iter()
            .filter(|p| p.contains("Connection::stdio"))
            .collect();
        assert_eq!(stdio.len(), 1, "{found:?}");
        assert!(stdio[0].contains("lsp/mod.rs"), "{found:?}");
        assert!(
            found.iter().any(|p| p.contains("execplan::parse::parse")),
            "{found:?}"
        );
    }

    #[test]
    fn gix_outside_history_and_a_print_in_the_library_are_refused() {
        let lib = Crate {
            name: "execplan",
            src: "src",
            root_file: "lib.rs",
        };
        let (_dir, src) = fake(
            &[
                ("lib.rs", "mod history; mod evidence;"),
                ("history/mod.rs", "pub use gix::ObjectId; // gix is named here"),
                ("evidence.rs", "fn f(_: gix::ObjectId) { println!(\"x\"); std::process::abort(); }\n#[cfg(feature = \"fault-injection\")]\nfn g() { std::process::abort(); }\n// read with gix\n"),
            ],
            "lib.rs",
        );
        let found = check_promises(&lib, &src);
        assert_eq!(
            found.iter().filter(|p| p.contains("in a comment")).count(),
            1,
            "{found:?}"
        );
        assert_eq!(
            found.iter().filter(|p| p.contains("gix::ObjectId")).count(),
            1,
            "{found:?}"
        );
        assert!(found.iter().any(|p| p.contains("`println`")), "{found:?}");
        assert_eq!(
            found
                .iter()
                .filter(|p| p.contains("process::abort"))
                .count(),
            1,
            "{found:?}"
        );
    }

    #[test]
    fn a_two_module_loop_is_one_cycle_and_a_chain_is_none() {
        let mut g = Graph::new();
        let edge = |g: &mut Graph, a: &str, b: &str| {
            g.entry(a.into()).or_default().insert(b.into());
            g.entry(b.into()).or_default();
        };
        edge(&mut g, "a", "b");
        edge(&mut g, "b", "a");
        edge(&mut g, "b", "c");
        assert_eq!(cycles(&g), vec![vec!["a".to_owned(), "b".to_owned()]]);
    }

    #[test]
    fn the_tables_are_read_from_architecture_md() {
        let md = "## Library modules (`crates/execplan/src/`), lowest first\n\n| layer | module | what |\n|---|---|---|\n| 0 | `write`, `gitconfig` | x |\n| 1 | `history/` | y |\n\n## Other\n| 9 | `nope` | z |\n";
        let t = layer_tables(md);
        let lib = &t["crates/execplan/src"];
        assert_eq!(lib.get("history"), Some(&1));
        assert_eq!(lib.get("gitconfig"), Some(&0));
        assert!(!lib.contains_key("nope"));
    }

    #[test]
    fn the_workspace_is_tidy() {
        let found = problems(&crate::bench_check::workspace()).expect("the sources parse");
        assert!(
            found.is_empty(),
            "{} problems:\n{}",
            found.len(),
            found.join("\n")
        );
    }
}
