//! Metadata fields: YAML front matter, a Metadata section, or `Key: value`
//! lines between the title and the first section.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{MetaField, MetaKey, MetaStyle, Section, SectionKind};
use crate::source::Source;

static KV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<key>\p{L}[\p{L}\p{N} /_\-]{0,40}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)[ \t]*(?P<val>.*?)\s*$",
    )
    .expect("static regex")
});

pub(super) fn collect(
    source: &Source,
    sections: &[Section],
    front_matter_lines: usize,
    code_line: &[bool],
) -> Vec<MetaField> {
    let mut out = Vec::new();
    let mut preamble_from = 1;
    if front_matter_lines > 0 && source.line(1).trim_end() == "---" {
        let n = source.line_count();
        let close = (2..=n).find(|&l| source.line(l).trim_end() == "---");
        if let Some(close) = close {
            fields(
                source,
                2,
                close - 1,
                MetaStyle::FrontMatter,
                true,
                code_line,
                &mut out,
            );
            preamble_from = close + 1;
        }
    }
    let first_section = sections.first().map_or(source.line_count(), |s| s.line - 1);
    fields(
        source,
        preamble_from,
        first_section,
        MetaStyle::Preamble,
        false,
        code_line,
        &mut out,
    );
    for s in sections
        .iter()
        .filter(|s| s.kind == Some(SectionKind::Metadata))
    {
        fields(
            source,
            s.body_lines.0,
            s.body_lines.1,
            MetaStyle::Section,
            true,
            code_line,
            &mut out,
        );
    }
    out
}

fn fields(
    source: &Source,
    from: usize,
    to: usize,
    style: MetaStyle,
    any_key: bool,
    code_line: &[bool],
    out: &mut Vec<MetaField>,
) {
    let mut l = from;
    while l <= to {
        let line_no = l;
        l += 1;
        if code_line.get(line_no).copied().unwrap_or(false) {
            continue;
        }
        let range = source.line_range(line_no);
        let line = &source.text[range.clone()];
        if line.starts_with('#') {
            continue;
        }
        let Some(c) = KV.captures(line) else { continue };
        let (Some(key), Some(val)) = (c.name("key"), c.name("val")) else {
            continue;
        };
        let field = MetaKey::from_name(key.as_str());
        if field.is_none() && !any_key {
            continue;
        }
        // `https://…` after a key is a value; `Note: see https://` is prose,
        // but only known keys are read outside Metadata, so both are fine.
        let mut value = val.as_str().to_string();
        let mut span = range.start + val.start()..range.start + val.end();
        // YAML quotes are not part of the value.
        if style == MetaStyle::FrontMatter && value.len() >= 2 {
            let q = value.as_bytes()[0];
            if (q == b'"' || q == b'\'') && value.as_bytes()[value.len() - 1] == q {
                value = value[1..value.len() - 1].to_string();
                span = span.start + 1..span.end - 1;
            }
        }
        // A YAML list under an empty key: `based_on:` then `  - a`.
        if value.is_empty() && style == MetaStyle::FrontMatter {
            let mut items = Vec::new();
            while l <= to {
                let t = source.line(l).trim_start();
                match t.strip_prefix("- ") {
                    Some(item) if source.line(l).starts_with([' ', '\t', '-']) => {
                        items.push(item.trim().trim_matches(['"', '\'']).to_string());
                        l += 1;
                    }
                    _ => break,
                }
            }
            value = items.join(", ");
        }
        out.push(MetaField {
            key: key.as_str().trim().to_string(),
            field,
            value,
            value_span: span,
            line: line_no,
            style,
        });
    }
}
