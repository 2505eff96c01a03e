//! `stats`: figures for reviewing the code's shape — lines per source file, the
//! longest functions, and each crate's module import graph with its cycles
//! (the graph `tidy` checks).
//!
//! Function lengths come from parsed spans (syn with proc-macro2's
//! `span-locations`), so a multi-line signature or a brace inside a string cannot
//! skew them the way counting lines between `fn` and `}` would.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use syn::visit::Visit;

use crate::bench_check::workspace;

/// How many of the longest functions to list.
const LONGEST: usize = 10;

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

    for krate in &crate::tidy::CRATES {
        let src = crate::tidy::sources(root, krate)?;
        let mut graph = Graph::new();
        for m in &src.modules {
            graph.entry(m.clone()).or_default();
        }
        for e in crate::tidy::edges(&src) {
            if e.from != crate::tidy::ROOT && e.to != crate::tidy::ROOT {
                graph.entry(e.from).or_default().insert(e.to);
            }
        }
        let _ = writeln!(
            out,
            "\n## Module imports in {} (module -> modules it uses)",
            krate.src
        );
        for (from, to) in &graph {
            let list: Vec<&str> = to.iter().map(String::as_str).collect();
            let _ = writeln!(out, "{from} -> {}", list.join(", "));
        }
        let cycles = crate::tidy::cycles(&graph);
        let _ = writeln!(out, "\n## Import cycles in {}: {}", krate.src, cycles.len());
        for c in &cycles {
            let _ = writeln!(out, "{}", c.join(" <-> "));
        }
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

use crate::tidy::Graph;

#[cfg(test)]
mod tests {
    use super::*;

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
}
