//! Completion of paths inside Context and Orientation (from the paths git
//! tracks), and go to definition on a link to another file of the
//! repository (a Related Plans link).

use std::path::Path;

use execplan::live::Buffer;
use execplan::model::SectionKind;
use execplan::workspace::Workspace;
use lsp_types::{
    CompletionItem, CompletionItemKind, GotoDefinitionResponse, Location, Position, Range,
};

use super::text::{path_uri, LineIndex};

/// The most completions one answer holds.
const MAX_COMPLETIONS: usize = 200;

/// Path completions at `pos`: inside an open code span (an odd number of
/// backticks before the cursor on its line) in Context and Orientation, the
/// next segment of each tracked path that starts with what is typed.
pub fn complete(ws: &Workspace, buffer: &Buffer, pos: Position) -> Vec<CompletionItem> {
    let index = LineIndex::new(&buffer.source.text);
    let at = index.offset(pos);
    let in_context = buffer
        .plan
        .section(SectionKind::Context)
        .is_some_and(|s| s.body.start <= at && at <= s.body.end.max(s.body.start));
    if !in_context {
        return Vec::new();
    }
    let line_start = index.offset(Position::new(pos.line, 0));
    let before = &buffer.source.text[line_start..at];
    if before.matches('`').count().is_multiple_of(2) {
        return Vec::new();
    }
    let typed = before.rsplit('`').next().unwrap_or("");
    let (dir, _) = typed.rsplit_once('/').map_or(("", typed), |(d, n)| (d, n));
    let mut seen = std::collections::BTreeSet::new();
    for p in execplan::live::tracked_paths(ws) {
        let Some(rest) = p.strip_prefix(typed) else {
            continue;
        };
        // The next segment: a folder (with its `/`) or the file.
        let done = &p[..typed.len()];
        let next = match rest.find('/') {
            Some(i) => format!("{done}{}", &rest[..=i]),
            None => p.clone(),
        };
        seen.insert(next);
        if seen.len() >= MAX_COMPLETIONS {
            break;
        }
    }
    let from = Position::new(
        pos.line,
        pos.character
            .saturating_sub(u32::try_from(typed.encode_utf16().count()).unwrap_or(0)),
    );
    seen.into_iter()
        .map(|p| {
            let folder = p.ends_with('/');
            let label = p
                .strip_prefix(dir)
                .map(|l| l.trim_start_matches('/'))
                .unwrap_or(&p)
                .to_string();
            CompletionItem {
                label,
                kind: Some(if folder {
                    CompletionItemKind::FOLDER
                } else {
                    CompletionItemKind::FILE
                }),
                filter_text: Some(p.clone()),
                text_edit: Some(lsp_types::CompletionTextEdit::Edit(
                    lsp_types::TextEdit::new(Range::new(from, pos), p),
                )),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// The file a link under `pos` points to, when it is a local file inside
/// the repository.
pub fn definition(
    ws: &Workspace,
    buffer: &Buffer,
    pos: Position,
) -> Option<GotoDefinitionResponse> {
    let index = LineIndex::new(&buffer.source.text);
    let at = index.offset(pos);
    let line = pos.line as usize + 1;
    let link = buffer
        .plan
        .links
        .iter()
        .filter(|l| !l.code_span && l.line == line)
        .find(|l| l.span.start <= at && at <= l.span.end)
        .or_else(|| {
            let on_line: Vec<_> = buffer
                .plan
                .links
                .iter()
                .filter(|l| !l.code_span && l.line == line)
                .collect();
            (on_line.len() == 1).then(|| on_line[0])
        })?;
    let dest = link.dest.split('#').next().unwrap_or("");
    if dest.is_empty() || dest.contains("://") || dest.starts_with("mailto:") {
        return None;
    }
    let base = if buffer.path.is_absolute() {
        buffer.path.parent()?.to_path_buf()
    } else {
        ws.root.join(buffer.path.parent().unwrap_or(Path::new("")))
    };
    let target = match dest.strip_prefix('/') {
        Some(from_root) => ws.root.join(from_root),
        None => base.join(dest),
    };
    // Only inside the repository, links followed.
    let rel = ws.inside(&target).ok()?;
    let full = ws.root.join(rel);
    if !full.is_file() {
        return None;
    }
    Some(GotoDefinitionResponse::Scalar(Location::new(
        path_uri(&full)?,
        Range::default(),
    )))
}
