//! The outline: sections (nested by heading level) with their Progress
//! items, and folding ranges for sections, items with children and code
//! blocks.

use execplan::live::Buffer;
use execplan::model::{ProgressItem, Section};
use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind};

use super::text::LineIndex;

/// The document symbols of a plan.
pub fn symbols(buffer: &Buffer) -> Vec<DocumentSymbol> {
    let index = LineIndex::new(&buffer.source.text);
    let items = buffer.plan.all_items();
    // Sections as a tree: a stack of open sections by level.
    let mut stack: Vec<(u8, DocumentSymbol)> = Vec::new();
    let mut top: Vec<DocumentSymbol> = Vec::new();
    let close = |stack: &mut Vec<(u8, DocumentSymbol)>, top: &mut Vec<DocumentSymbol>| {
        if let Some((_, sym)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(sym),
                None => top.push(sym),
            }
        }
    };
    for section in &buffer.plan.sections {
        while stack.last().is_some_and(|(l, _)| *l >= section.level) {
            close(&mut stack, &mut top);
        }
        let mut sym = section_symbol(section, &index);
        let inside: Vec<DocumentSymbol> = items
            .iter()
            .filter(|i| i.span.start >= section.body.start && i.span.start < section.body.end)
            .filter(|i| {
                // Only the outermost items; children nest under them.
                !items.iter().any(|o| {
                    !std::ptr::eq(*o, **i) && o.children.iter().any(|c| std::ptr::eq(c, **i))
                })
            })
            .map(|i| item_symbol(i, &index))
            .collect();
        if !inside.is_empty() {
            sym.children = Some(inside);
        }
        stack.push((section.level, sym));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut top);
    }
    top
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written to build one
fn section_symbol(section: &Section, index: &LineIndex<'_>) -> DocumentSymbol {
    let full = section.heading_span.start..section.body.end.max(section.heading_span.end);
    DocumentSymbol {
        name: if section.heading.trim().is_empty() {
            "(untitled)".to_string()
        } else {
            section.heading.clone()
        },
        detail: section.kind.map(|k| k.heading().to_string()),
        kind: SymbolKind::NAMESPACE,
        tags: None,
        deprecated: None,
        range: index.range(&full),
        selection_range: index.range(&section.heading_span),
        children: None,
    }
}

#[allow(deprecated)]
fn item_symbol(item: &ProgressItem, index: &LineIndex<'_>) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = item
        .children
        .iter()
        .map(|c| item_symbol(c, index))
        .collect();
    let first_line_end = index.range(&item.span).start;
    let sel = lsp_types::Range::new(first_line_end, index.position(item.span.start + 1));
    DocumentSymbol {
        name: format!("[{}] {}", if item.checked { "x" } else { " " }, item.text),
        detail: item.stamp.as_ref().map(|s| s.raw.clone()),
        kind: if item.checked {
            SymbolKind::BOOLEAN
        } else {
            SymbolKind::EVENT
        },
        tags: None,
        deprecated: None,
        range: index.range(&item.span),
        selection_range: sel,
        children: (!children.is_empty()).then_some(children),
    }
}

/// Folding ranges: each section (heading to the end of its body), each item
/// with children, each code block.
pub fn folding(buffer: &Buffer) -> Vec<FoldingRange> {
    let index = LineIndex::new(&buffer.source.text);
    let line_of = |offset: usize| index.position(offset).line;
    let mut out = Vec::new();
    let mut push = |start: u32, end: u32, kind: Option<FoldingRangeKind>| {
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                end_line: end,
                kind,
                ..FoldingRange::default()
            });
        }
    };
    for s in &buffer.plan.sections {
        let end = line_of(s.body.end.saturating_sub(1).max(s.heading_span.start));
        push(
            line_of(s.heading_span.start),
            end,
            Some(FoldingRangeKind::Region),
        );
    }
    for i in buffer.plan.all_items() {
        if !i.children.is_empty() {
            push(
                line_of(i.span.start),
                line_of(i.span.end.saturating_sub(1)),
                Some(FoldingRangeKind::Region),
            );
        }
    }
    for &(a, b) in &buffer.plan.code_blocks {
        let a = u32::try_from(a.saturating_sub(1)).unwrap_or(0);
        let b = u32::try_from(b.saturating_sub(1)).unwrap_or(0);
        push(a, b, None);
    }
    out
}
