//! `stats`: figures for reviewing the code's shape — lines per source file, the
//! longest functions, and the library's module import graph with its cycles.
//!
//! Function lengths come from parsed spans (syn with proc-macro2's
//! `span-locations`), so a multi-line signature or a brace inside a string cannot
//! skew them the way counting lines between `fn` and `}` would.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use syn::visit::Visit;

use crate::bench_check::workspace;

/// How many of the longest functions to list.
const LONGEST: usize = 10;

/// The library whose import graph is drawn.
const LIBRARY_SRC: &str = "crates/execplan/src";

/// Print the report for the workspace this xtask belongs to, or for the checkout
/// given as the one argument (to compare with another revision's export).
pub fn run(args: &[String]) -> Result<(), String> {
    let root = match args {
        [] => workspace(),
        [dir] => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask stats [WORKSPACE-DIR]".to_owned()),
    };
    print!("{}", report(&root)?);
    Ok(())
}

/// The whole report as text.
fn report(root: &Path) -> Result<String, String> {
    let files = rust_files(root)?;
    let mut out = String::new();

    let mut sizes = Vec::new();
    let mut functions = Vec::new();
    for rel in &files {
        let text = read(root, rel)?;
        sizes.push((text.lines().count(), rel.clone()));
        let ast = syn::parse_file(&text).map_err(|e| format!("{}: {e}", rel.display()))?;
        let mut finder = FnLengths {
            file: rel,
            owner: Vec::new(),
            found: &mut functions,
        };
        finder.visit_file(&ast);
    }
    sizes.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let total: usize = sizes.iter().map(|(n, _)| n).sum();
    let _ = writeln!(
        out,
        "## Lines per file ({} files, {total} lines)",
        sizes.len()
    );
    for (n, path) in &sizes {
        let _ = writeln!(out, "{n:>6}  {}", path.display());
    }

    functions.sort_by(|a, b| b.lines.cmp(&a.lines).then_with(|| a.name.cmp(&b.name)));
    let _ = writeln!(out, "\n## The {LONGEST} longest functions (lines)");
    for f in functions.iter().take(LONGEST) {
        let _ = writeln!(out, "{:>6}  {}  {}", f.lines, f.file.display(), f.name);
    }

    let graph = import_graph(root, &files)?;
    let _ = writeln!(
        out,
        "\n## Module imports in {LIBRARY_SRC} (module -> modules it uses)"
    );
    for (from, to) in &graph {
        let list: Vec<&str> = to.iter().map(String::as_str).collect();
        let _ = writeln!(out, "{from} -> {}", list.join(", "));
    }
    let cycles = cycles(&graph);
    let _ = writeln!(out, "\n## Import cycles: {}", cycles.len());
    for c in &cycles {
        let _ = writeln!(out, "{}", c.join(" <-> "));
    }
    Ok(out)
}

fn read(root: &Path, rel: &Path) -> Result<String, String> {
    std::fs::read_to_string(root.join(rel)).map_err(|e| format!("{}: {e}", rel.display()))
}

/// Every `.rs` file under the workspace root, relative and sorted, skipping build
/// output and hidden folders (`.git`, `.agents`).
fn rust_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let walk = walkdir::WalkDir::new(root).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || name == "target")
    });
    for entry in walk {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|x| x == "rs") {
            let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
            found.push(rel.to_path_buf());
        }
    }
    found.sort();
    Ok(found)
}

/// One function or method and its length in lines, attributes and doc comment
/// excluded (they are not what makes a function hard to read).
struct FnLength {
    file: PathBuf,
    name: String,
    lines: usize,
}

/// Collects [`FnLength`]s, naming methods `Type::method`.
struct FnLengths<'a> {
    file: &'a Path,
    /// The `impl` or `trait` blocks we are inside of, innermost last.
    owner: Vec<String>,
    found: &'a mut Vec<FnLength>,
}

impl FnLengths<'_> {
    fn record(&mut self, ident: &syn::Ident, from: proc_macro2::Span, to: proc_macro2::Span) {
        let name = match self.owner.last() {
            Some(owner) => format!("{owner}::{ident}"),
            None => ident.to_string(),
        };
        let lines = to.end().line.saturating_sub(from.start().line) + 1;
        self.found.push(FnLength {
            file: self.file.to_path_buf(),
            name,
            lines,
        });
    }
}

/// The name a reader would use for an `impl`'s type: its last path segment.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(|| "?".to_owned(), |s| s.ident.to_string()),
        syn::Type::Reference(r) => type_name(&r.elem),
        _ => "?".to_owned(),
    }
}

impl<'ast> Visit<'ast> for FnLengths<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(&f.sig.ident, f.sig.span(), f.block.span());
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.record(&f.sig.ident, f.sig.span(), f.block.span());
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.record(&f.sig.ident, f.sig.span(), block.span());
        }
        syn::visit::visit_trait_item_fn(self, f);
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        self.owner.push(type_name(&i.self_ty));
        syn::visit::visit_item_impl(self, i);
        self.owner.pop();
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        self.owner.push(t.ident.to_string());
        syn::visit::visit_item_trait(self, t);
        self.owner.pop();
    }
}

/// Top-level library module -> the other top-level modules it names through
/// `use crate::x…` or a `crate::x::…` path. Submodules count as their top-level
/// module: a cycle between `a::b` and `c` is a cycle between `a` and `c`.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn import_graph(root: &Path, files: &[PathBuf]) -> Result<Graph, String> {
    let mut graph = Graph::new();
    for rel in files {
        let Ok(inside) = rel.strip_prefix(LIBRARY_SRC) else {
            continue;
        };
        let Some(module) = top_module(inside) else {
            continue;
        };
        let ast = syn::parse_file(&read(root, rel)?).map_err(|e| e.to_string())?;
        let mut uses = CrateUses::default();
        uses.visit_file(&ast);
        let edges = graph.entry(module.clone()).or_default();
        edges.extend(uses.0.into_iter().filter(|m| *m != module));
    }
    // A name after `crate::` may be an item re-exported at the root (`crate::Error`);
    // only real modules are nodes.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for to in graph.values_mut() {
        to.retain(|m| modules.contains(m));
    }
    Ok(graph)
}

/// `history/walk.rs` -> `history`; `lib.rs` is the root, not a module.
fn top_module(inside: &Path) -> Option<String> {
    let first = inside.components().next()?.as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first);
    (name != "lib").then(|| name.to_owned())
}

/// The first segment after `crate` of every path in a file.
#[derive(Default)]
struct CrateUses(BTreeSet<String>);

impl CrateUses {
    fn use_tree(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                self.0.insert(p.ident.to_string());
            }
            syn::UseTree::Name(n) => {
                self.0.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) => {
                self.0.insert(r.ident.to_string());
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(t)),
            syn::UseTree::Glob(_) => {}
        }
    }
}

impl<'ast> Visit<'ast> for CrateUses {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        match &u.tree {
            syn::UseTree::Path(p) if p.ident == "crate" => self.use_tree(&p.tree),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    if let syn::UseTree::Path(p) = t {
                        if p.ident == "crate" {
                            self.use_tree(&p.tree);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let mut segments = p.segments.iter();
        if segments.next().is_some_and(|s| s.ident == "crate") {
            if let Some(next) = segments.next() {
                self.0.insert(next.ident.to_string());
            }
        }
        syn::visit::visit_path(self, p);
    }
}

/// The strongly connected components with more than one module (Tarjan's
/// algorithm), each sorted, in a stable order.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn function_length_spans_signature_to_closing_brace() {
        let ast = syn::parse_file(
            "/// doc\nfn f(\n    x: u8,\n) {\n    let _ = \"}\";\n}\nimpl S { fn g(&self) {} }\n",
        )
        .expect("parses");
        let mut found = Vec::new();
        FnLengths {
            file: Path::new("x.rs"),
            owner: Vec::new(),
            found: &mut found,
        }
        .visit_file(&ast);
        let got: Vec<(String, usize)> = found.into_iter().map(|f| (f.name, f.lines)).collect();
        assert_eq!(got, vec![("f".to_owned(), 5), ("S::g".to_owned(), 1)]);
    }

    #[test]
    fn crate_paths_in_uses_and_expressions_are_found() {
        let ast = syn::parse_file(
            "use crate::{a::X, b}; use std::fmt; fn f() { crate::c::g(); let _ = super::d::h; }",
        )
        .expect("parses");
        let mut uses = CrateUses::default();
        uses.visit_file(&ast);
        let got: Vec<&str> = uses.0.iter().map(String::as_str).collect();
        assert_eq!(got, ["a", "b", "c"]);
    }
}
