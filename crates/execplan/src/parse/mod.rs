//! Markdown (comrak AST) to the [`Plan`] model.
//!
//! comrak gives the block structure: headings, code blocks, task items and
//! their nesting, links. Byte positions are then located in the source lines
//! by this module, because comrak's inline source positions are not reliable
//! enough to rewrite bytes with (comrak #495, #501).

mod conflict;
mod entries;
pub mod headings;
mod metadata;
mod scan;
pub mod stamp;

use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use regex::Regex;

use crate::model::{Allow, Link, Located, Plan, ProgressItem, Section, SectionKind, Stamp};
use crate::source::Source;
pub use headings::HeadingTable;

/// Parser settings (from configuration).
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Heading aliases.
    pub headings: HeadingTable,
}

struct Heading {
    level: u8,
    line: usize,
    text: String,
}

struct Task {
    line: usize,
    end_line: usize,
    checked: bool,
    /// Index of the enclosing task item, if nested.
    parent: Option<usize>,
    /// Last line of the item's own text (before any nested list).
    text_end_line: usize,
}

/// Everything collected from one walk over the AST.
#[derive(Default)]
struct Blocks {
    headings: Vec<Heading>,
    tasks: Vec<Task>,
    /// 1-based line ranges covered by code blocks.
    code: Vec<(usize, usize)>,
    /// (destination, first line of the enclosing block, is code span)
    links: Vec<(String, usize, usize, bool)>,
    front_matter_lines: usize,
}

fn comrak_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.tasklist = true;
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.front_matter_delimiter = Some("---".to_string());
    o
}

/// Parse a decoded source into a plan. Never fails: what cannot be
/// understood is simply absent from the model.
pub fn parse(source: &Source, opts: &ParseOptions) -> Plan {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, &source.text, &comrak_options());
    let mut blocks = collect(root);
    let mut code_line = code_lines(source, &blocks.code);
    let conflicts = conflict::find(source, &code_line);
    if !conflicts.is_empty() {
        // Rare: parse again with the markers hidden, so that `=======` does not
        // make a heading of the line above it.
        let root = comrak::parse_document(
            &arena,
            &conflict::blank(source, &conflicts),
            &comrak_options(),
        );
        blocks = collect(root);
        code_line = code_lines(source, &blocks.code);
    }
    assemble(source, blocks, &code_line, conflicts, opts)
}

/// The plan as far as headings, sections, metadata and task items go, from the
/// line scanner ([`scan`]) instead of comrak: `None` whenever the text has a
/// shape the scanner is not certain of. Links are not collected and nested
/// items' spans may end elsewhere than comrak's: history digests
/// ([`crate::digest`]) read nothing else, and `tests/it/scan_props.rs` holds
/// their digests equal to the full parse's.
pub(crate) fn outline(source: &Source, opts: &ParseOptions) -> Option<Plan> {
    let blocks = scan::blocks(source)?;
    let code_line = code_lines(source, &blocks.code);
    if !conflict::find(source, &code_line).is_empty() {
        return None;
    }
    Some(assemble(source, blocks, &code_line, Vec::new(), opts))
}

/// The plan model from the block structure, whoever found it.
fn assemble(
    source: &Source,
    blocks: Blocks,
    code_line: &[bool],
    conflicts: Vec<crate::model::ConflictMarker>,
    opts: &ParseOptions,
) -> Plan {
    let mut plan = Plan {
        path: source.path.clone(),
        ..Plan::default()
    };
    plan.sections = sections(source, &blocks.headings, &opts.headings);
    if let Some(h) = blocks.headings.iter().find(|h| h.level == 1) {
        let span = source.line_range(h.line);
        plan.title = Some(Located {
            value: h.text.clone(),
            span,
            line: h.line,
        });
    }
    plan.metadata = metadata::collect(source, &plan.sections, blocks.front_matter_lines, code_line);
    plan.progress = items(source, &blocks.tasks, |line| {
        in_progress(&plan.sections, line)
    });
    plan.loose = items(source, &blocks.tasks, |line| {
        !in_progress(&plan.sections, line)
    });
    for s in &plan.sections {
        match s.kind {
            Some(SectionKind::Surprises) => {
                plan.surprises
                    .extend(entries::surprises(source, s.body_lines, code_line));
            }
            Some(SectionKind::Decisions) => {
                plan.decisions
                    .extend(entries::decisions(source, s.body_lines, code_line));
            }
            _ => {}
        }
    }
    plan.links = links(source, &blocks.links, &plan.sections);
    plan.allows = allows(source, code_line);
    plan.code_blocks = blocks.code;
    plan.conflicts = conflicts;
    plan
}

/// Per 1-based line: whether it is inside a code block.
fn code_lines(source: &Source, code: &[(usize, usize)]) -> Vec<bool> {
    let mut code_line = vec![false; source.line_count() + 2];
    for &(a, b) in code {
        for flag in code_line
            .iter_mut()
            .take(b.min(source.line_count()) + 1)
            .skip(a)
        {
            *flag = true;
        }
    }
    code_line
}

/// Walk the AST once, iteratively (comrak's `descendants` does not recurse).
fn collect<'a>(root: &'a AstNode<'a>) -> Blocks {
    let mut b = Blocks::default();
    let mut task_index: Vec<(*const AstNode<'a>, usize)> = Vec::new();
    for node in root.descendants() {
        let data = node.data.borrow();
        let pos = data.sourcepos;
        match &data.value {
            NodeValue::FrontMatter(fm) => {
                b.front_matter_lines = fm.lines().count();
            }
            NodeValue::Heading(h) => {
                b.headings.push(Heading {
                    level: h.level,
                    line: pos.start.line,
                    text: inline_text(node),
                });
            }
            NodeValue::CodeBlock(_) => {
                b.code.push((pos.start.line, pos.end.line));
            }
            NodeValue::TaskItem(t) => {
                let parent = node
                    .ancestors()
                    .skip(1)
                    .find(|a| matches!(a.data.borrow().value, NodeValue::TaskItem(_)))
                    .and_then(|a| {
                        let ptr: *const AstNode<'a> = a;
                        task_index.iter().find(|(p, _)| *p == ptr).map(|(_, i)| *i)
                    });
                let text_end_line = node
                    .children()
                    .take_while(|c| !matches!(c.data.borrow().value, NodeValue::List(_)))
                    .map(|c| c.data.borrow().sourcepos.end.line)
                    .max()
                    .unwrap_or(pos.start.line);
                let ptr: *const AstNode<'a> = node;
                task_index.push((ptr, b.tasks.len()));
                b.tasks.push(Task {
                    line: pos.start.line,
                    end_line: pos.end.line,
                    checked: t.symbol.is_some_and(|c| c != ' '),
                    parent,
                    text_end_line: text_end_line.max(pos.start.line),
                });
            }
            NodeValue::Link(l) | NodeValue::Image(l) => {
                let line = block_line(node);
                b.links.push((l.url.clone(), line, pos.start.line, false));
            }
            NodeValue::Code(c) => {
                let line = block_line(node);
                b.links
                    .push((c.literal.clone(), line, pos.start.line, true));
            }
            _ => {}
        }
    }
    b
}

/// First line of the nearest block ancestor: inline positions are unreliable.
fn block_line<'a>(node: &'a AstNode<'a>) -> usize {
    node.ancestors()
        .find(|a| a.data.borrow().value.block())
        .map_or(1, |a| a.data.borrow().sourcepos.start.line)
}

fn inline_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data.borrow().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Build sections from headings. A heading whose text names a skeleton
/// section starts one at any level (real plans put living sections at H3, and
/// some write every section as an H1 under an H1 title), except the title, the
/// first H1. A heading at the plan's section level starts one too, named or
/// not: H2, or H1 when more of the named sections are H1s than H2s. Other
/// headings are sub-headings of the current section, except an H1 that is
/// neither, which ends it.
fn sections(source: &Source, headings: &[Heading], table: &HeadingTable) -> Vec<Section> {
    let title = headings.iter().position(|h| h.level == 1);
    let kinds: Vec<Option<SectionKind>> = headings
        .iter()
        .enumerate()
        .map(|(k, h)| (Some(k) != title).then(|| table.kind(&h.text)).flatten())
        .collect();
    let named_at = |level: u8| {
        headings
            .iter()
            .zip(&kinds)
            .filter(|(h, kind)| h.level == level && kind.is_some())
            .count()
    };
    let section_level = if named_at(1) > named_at(2) { 1 } else { 2 };
    let starts: Vec<(&Heading, Option<SectionKind>)> = headings
        .iter()
        .zip(&kinds)
        .enumerate()
        .filter(|&(k, (h, kind))| kind.is_some() || (h.level == section_level && Some(k) != title))
        .map(|(_, (h, kind))| (h, *kind))
        .collect();
    let last_line = source.line_count();
    let mut out = Vec::with_capacity(starts.len());
    for (i, (h, kind)) in starts.iter().enumerate() {
        // A section ends at the next section start, or at an H1 that is not
        // one (a heading at the section level always starts one).
        let next = starts.get(i + 1).map_or(last_line + 1, |(n, _)| n.line);
        let h1 = headings
            .iter()
            .find(|x| x.level == 1 && x.line > h.line && x.line < next)
            .map_or(next, |x| x.line);
        let end_line = h1.saturating_sub(1);
        let first = h.line + 1;
        let body = source.line_start(first)..source.line_start(end_line + 1);
        out.push(Section {
            kind: *kind,
            heading: h.text.clone(),
            level: h.level,
            line: h.line,
            heading_span: source.line_range(h.line),
            body,
            body_lines: (first, end_line),
        });
    }
    out
}

static CHECKBOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[ xX]\][ \t]?").expect("static regex"));
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:completed|done|progress)?:?\s*(\d+)\s*/\s*(\d+)").expect("static regex")
});

/// Whether a line is in the body of a Progress section.
fn in_progress(sections: &[Section], line: usize) -> bool {
    sections.iter().any(|s| {
        s.kind == Some(SectionKind::Progress) && line >= s.body_lines.0 && line <= s.body_lines.1
    })
}

/// The task items on lines `keep` accepts, nested as written.
fn items(source: &Source, tasks: &[Task], keep: impl Fn(usize) -> bool) -> Vec<ProgressItem> {
    // Build items bottom-up: children are attached to parents by index, which
    // avoids recursion however deep the nesting.
    let mut built: Vec<Option<ProgressItem>> = tasks
        .iter()
        .map(|t| keep(t.line).then(|| item(source, t)))
        .collect();
    let mut roots = Vec::new();
    for i in (0..tasks.len()).rev() {
        let Some(it) = built[i].take() else { continue };
        match tasks[i].parent.filter(|&p| built[p].is_some()) {
            Some(p) => {
                if let Some(parent) = built[p].as_mut() {
                    parent.children.insert(0, it);
                }
            }
            None => roots.push(it),
        }
    }
    roots.reverse();
    roots
}

fn item(source: &Source, t: &Task) -> ProgressItem {
    let line_range = source.line_range(t.line);
    let line = &source.text[line_range.clone()];
    let after_box = CHECKBOX
        .find(line)
        .map_or(line_range.start, |m| line_range.start + m.end());
    let first = &source.text[after_box..line_range.end];
    let found = stamp::leading(first);
    let (stamp, text_from) = match found {
        Some(f) => (
            Some(Stamp {
                raw: f.raw,
                span: after_box + f.start..after_box + f.end,
                value: f.value,
            }),
            after_box + f.end,
        ),
        None => (None, after_box),
    };
    let mut text = source.text[text_from..line_range.end].trim().to_string();
    for l in t.line + 1..=t.text_end_line {
        let cont = source.line(l).trim();
        if !cont.is_empty() {
            text.push(' ');
            text.push_str(cont);
        }
    }
    let count = COUNT.captures(&text).and_then(|c| {
        let done = c.get(1)?.as_str().parse().ok()?;
        let total = c.get(2)?.as_str().parse().ok()?;
        (done <= total && total > 0).then_some((done, total))
    });
    let later_date = if stamp.is_none() {
        later_date(source, after_box, t)
    } else {
        None
    };
    ProgressItem {
        checked: t.checked,
        stamp,
        later_date,
        text,
        line: t.line,
        text_start: after_box,
        span: line_range.start..source.line_range(t.end_line).end,
        count,
        children: Vec::new(),
    }
}

static DATE_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").expect("static regex"));

/// The first calendar date in an item's own text (after its box, before any
/// nested list): `- [x] Merged as #12 (2025-10-02)`.
fn later_date(source: &Source, after_box: usize, t: &Task) -> Option<Located<chrono::NaiveDate>> {
    (t.line..=t.text_end_line).find_map(|l| {
        let r = source.line_range(l);
        let from = if l == t.line {
            after_box.max(r.start)
        } else {
            r.start
        };
        let text = &source.text[from..r.end];
        DATE_IN_TEXT.find_iter(text).find_map(|m| {
            let date = stamp::parse_date(m.as_str())?;
            Some(Located {
                value: date,
                span: from + m.start()..from + m.end(),
                line: l,
            })
        })
    })
}

fn section_at(sections: &[Section], line: usize) -> Option<SectionKind> {
    sections
        .iter()
        .rev()
        .find(|s| line >= s.body_lines.0 && line <= s.body_lines.1)
        .and_then(|s| s.kind)
}

fn links(source: &Source, raw: &[(String, usize, usize, bool)], sections: &[Section]) -> Vec<Link> {
    raw.iter()
        .map(|(dest, block_line, inline_line, code)| {
            // Locate the destination text in the lines of its block; fall back
            // to the line comrak gave.
            let mut found = None;
            let last = (*inline_line).max(*block_line) + 50;
            for l in *block_line..=last.min(source.line_count()) {
                let r = source.line_range(l);
                if let Some(i) = source.text[r.clone()].find(dest.as_str()) {
                    found = Some((l, r.start + i..r.start + i + dest.len()));
                    break;
                }
            }
            let (line, span) =
                found.unwrap_or_else(|| (*inline_line, source.line_range(*inline_line)));
            Link {
                dest: dest.clone(),
                line,
                span,
                section: section_at(sections, line),
                code_span: *code,
            }
        })
        .collect()
}

static ALLOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*execplan:\s*allow(-file)?\s*\(([^)]*)\)\s*-->").expect("static regex")
});

fn allows(source: &Source, code_line: &[bool]) -> Vec<Allow> {
    let mut out = Vec::new();
    let n = source.line_count();
    for l in 1..=n {
        let text = source.line(l);
        if !text.contains("execplan") || code_line.get(l).copied().unwrap_or(false) {
            continue;
        }
        for c in ALLOW.captures_iter(text) {
            let rules = c
                .get(2)
                .map_or("", |m| m.as_str())
                .split(',')
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect();
            // Block scope: the comment's own line, then the next block (up to
            // the blank line after it).
            let mut until = l;
            let mut seen_content = false;
            for next in l + 1..=n {
                let blank = source.line(next).trim().is_empty();
                if blank && seen_content {
                    break;
                }
                if !blank {
                    seen_content = true;
                }
                until = next;
            }
            out.push(Allow {
                rules,
                line: l,
                file: c.get(1).is_some(),
                until_line: until,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
