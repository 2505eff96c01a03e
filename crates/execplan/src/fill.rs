//! `plans fill`: write Created / Last Updated and missing Progress timestamps
//! from facts (history), changing only those bytes.
//!
//! `--check`, `--dry-run` and the write share one code path: [`edits`]
//! computes the byte edits, [`apply`] produces the new text; "would change
//! nothing" is an empty edit list. A second run finds nothing to do because
//! every edit makes its own condition false.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Error;
use crate::model::{MetaKey, MetaStyle, Plan, ProgressItem, Span};
use crate::parse::stamp::parse_meta_date;
use crate::source::Source;
use crate::timeline::Fact;
use crate::write::write_atomic;

/// What history says about a plan.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Date of the creating commit (UTC), when certain.
    pub created: Option<NaiveDate>,
    /// Date of the last change (UTC; today for uncommitted changes).
    pub last_updated: Option<NaiveDate>,
    /// When each checked item was ticked, by its line in the current text.
    pub ticks: HashMap<usize, DateTime<Utc>>,
    /// Dates also right for Created and Last Updated: the same commits' dates in
    /// their authors' own zones. A field that says one of them is left alone.
    pub created_local: Option<NaiveDate>,
    /// See [`Facts::created_local`].
    pub last_updated_local: Option<NaiveDate>,
    /// Per line of `ticks`, the tick commit's committer date: a stamp up to it is
    /// the author's word (amends and rebases move it); only a later one is wrong.
    pub tick_bounds: HashMap<usize, DateTime<Utc>>,
    /// Who created the plan (the creating commit's author), for a missing Owner.
    pub owner: Option<String>,
    /// A plan that keeps no metadata block gets one (after its title, or in its
    /// front matter): asked for with `fill --metadata` or `require_metadata`.
    pub metadata_block: bool,
}

impl Facts {
    /// `have` is what history says for `key`, in UTC or in the author's zone.
    fn accepts(&self, key: MetaKey, have: Option<NaiveDate>) -> bool {
        let (want, local) = match key {
            MetaKey::Created => (self.created, self.created_local),
            _ => (self.last_updated, self.last_updated_local),
        };
        have.is_some() && (have == want || have == local)
    }
}

/// One byte edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Bytes of `Source::text` to replace (empty for an insertion).
    pub span: Span,
    /// The new bytes.
    pub text: String,
    /// What it does, for people: "Created 2025-10-01 → 2025-09-30".
    pub what: String,
}

/// Compute the edits that bring a plan in line with the facts.
///
/// Edits are checked against the markdown they land in: if applying them
/// would change the plan's structure (its sections, its items), break a date
/// or leave work for a second run, new field lines are dropped first, then
/// everything: `fill` never guesses, and filling twice equals filling once.
pub fn edits(source: &Source, plan: &Plan, facts: &Facts) -> Vec<Edit> {
    let raw = raw_edits(source, plan, facts);
    if raw.is_empty() {
        return raw;
    }
    let before = parse_default(source);
    first_accepted(guarded(source, &before, facts, raw), |edits| {
        settles(source, &before, facts, edits)
    })
}

/// All the edits, or all but the new lines, or none: the first that `ok` accepts.
/// A new line is what can change the markdown around it (an indented, unclosed
/// code fence below becomes part of the new list item).
fn first_accepted(all: Vec<Edit>, ok: impl Fn(&[Edit]) -> bool) -> Vec<Edit> {
    if all.is_empty() || ok(&all) {
        return all;
    }
    let without_lines: Vec<Edit> = all.into_iter().filter(|e| !is_new_line(e)).collect();
    if !without_lines.is_empty() && ok(&without_lines) {
        without_lines
    } else {
        Vec::new()
    }
}

/// The structure guard and the date check use the parser's defaults, whatever
/// options the caller parsed with: they compare the text with itself.
fn parse_default(source: &Source) -> Plan {
    crate::parse::parse(source, &crate::parse::ParseOptions::default())
}

/// A run on the result of `edits` would find nothing more to do. Ticks follow
/// their items, which keep their order (the structure guard ensures it).
fn settles(source: &Source, before: &Plan, facts: &Facts, edits: &[Edit]) -> bool {
    let after_source = Source::from_string(&source.path, apply(source, edits));
    let after = parse_default(&after_source);
    let moved: HashMap<usize, usize> = before
        .all_items()
        .iter()
        .zip(after.all_items().iter())
        .map(|(a, b)| (a.line, b.line))
        .collect();
    let facts = Facts {
        created: facts.created,
        last_updated: facts.last_updated,
        ticks: facts
            .ticks
            .iter()
            .filter_map(|(line, t)| Some((*moved.get(line)?, *t)))
            .collect(),
        created_local: facts.created_local,
        last_updated_local: facts.last_updated_local,
        tick_bounds: facts
            .tick_bounds
            .iter()
            .filter_map(|(line, t)| Some((*moved.get(line)?, *t)))
            .collect(),
        owner: facts.owner.clone(),
        metadata_block: facts.metadata_block,
    };
    let raw = raw_edits(&after_source, &after, &facts);
    guarded(&after_source, &after, &facts, raw).is_empty()
}

fn is_new_line(e: &Edit) -> bool {
    e.span.is_empty() && e.text.starts_with(['\n', '\r'])
}

/// Those of `raw` that keep the plan's structure and dates, checked one step
/// deep; `before` is `source` parsed with the defaults.
fn guarded(source: &Source, before: &Plan, facts: &Facts, raw: Vec<Edit>) -> Vec<Edit> {
    let shape_before = shape(before);
    // The structure must not change, and every date written (or already right)
    // must read back as that field with that date: a new line can be swallowed
    // by the markdown around it or change how the lines around it read.
    first_accepted(raw, |edits| {
        let after = parse_default(&Source::from_string(&source.path, apply(source, edits)));
        shape(&after) == shape_before && dates_read_back(before, &after, facts, edits)
    })
}

/// Every wanted metadata date that `edits` write, or that `before` already read
/// correctly, is what `after` reads for that field: edits must not break a field
/// they did not touch (a new line can change how the lines around it read).
fn dates_read_back(before: &Plan, after: &Plan, facts: &Facts, edits: &[Edit]) -> bool {
    let reads = |plan: &Plan, key: MetaKey| plan.meta(key).and_then(|f| parse_meta_date(&f.value));
    [
        (MetaKey::Created, facts.created),
        (MetaKey::LastUpdated, facts.last_updated),
    ]
    .into_iter()
    .filter(|(key, want)| {
        want.is_some()
            && (facts.accepts(*key, reads(before, *key))
                || edits.iter().any(|e| e.what.starts_with(key.label())))
    })
    .all(|(key, want)| reads(after, key) == want || facts.accepts(key, reads(after, key)))
}

/// What must not change when a field line or a stamp is added: the sections
/// (a Metadata section aside: fill may add one), and each item's state and text
/// (a new line can regroup which text belongs to which item while keeping the
/// count of checked boxes).
fn shape(plan: &Plan) -> (Vec<Option<crate::model::SectionKind>>, Vec<(bool, String)>) {
    (
        plan.sections
            .iter()
            .map(|s| s.kind)
            .filter(|k| *k != Some(crate::model::SectionKind::Metadata))
            .collect(),
        plan.all_items()
            .iter()
            .map(|i| (i.checked, i.key()))
            .collect(),
    )
}

/// Every edit the facts call for, before the guards: metadata dates, then
/// Progress stamps, in text order.
fn raw_edits(source: &Source, plan: &Plan, facts: &Facts) -> Vec<Edit> {
    let dates = [
        (MetaKey::Created, facts.created),
        (MetaKey::LastUpdated, facts.last_updated),
    ];
    let mut out: Vec<Edit> = match new_block(source, plan, facts) {
        Some(block) => vec![block],
        None => dates
            .into_iter()
            .filter_map(|(key, want)| date_edit(source, plan, facts, key, want?))
            .chain(owner_edit(source, plan, facts))
            .collect(),
    };
    out.extend(plan.all_items().into_iter().filter_map(|item| {
        let t = facts.ticks.get(&item.line)?;
        let bound = facts.tick_bounds.get(&item.line).unwrap_or(t);
        stamp_edit(source, item, *t, *bound)
    }));
    // A whole new field line goes after any value edit at the same byte (an
    // empty value at the end of the last metadata line).
    out.sort_by_key(|e| (e.span.start, e.text.starts_with(['\n', '\r'])));
    out
}

/// The edit that makes a metadata date field say `want`: its date replaced,
/// or the field inserted when the plan has none. `None` when it already does.
fn date_edit(
    source: &Source,
    plan: &Plan,
    facts: &Facts,
    key: MetaKey,
    want: NaiveDate,
) -> Option<Edit> {
    let Some(field) = plan.meta(key) else {
        return insert_field(source, plan, key, &want.to_string());
    };
    let have = parse_meta_date(&field.value);
    if facts.accepts(key, have) {
        return None;
    }
    // Keep whatever follows the date (a time, a note), replace the date.
    let span = match have {
        Some(_) => {
            let lead = field.value.len() - field.value.trim_start_matches(['`', '*', '_']).len();
            let start = field.value_span.start + lead;
            // The date as written: `2025-1-5` is 8 bytes, not 10.
            let rest = &field.value[lead..];
            let len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                .unwrap_or(rest.len());
            start..start + len
        }
        None => field.value_span.clone(),
    };
    Some(Edit {
        span,
        text: want.to_string(),
        what: format!(
            "{} {} → {want}",
            key.label(),
            if field.value.is_empty() {
                "(empty)"
            } else {
                field.value.as_str()
            }
        ),
    })
}

/// The edit that stamps a checked item with `t`, the time of the commit that
/// ticked it, or corrects a stamp later than that. `None` for an open item,
/// an acceptable stamp, or a box fill could not read back.
/// `t` is when the item was ticked (the author date written into a missing or
/// wrong stamp); `bound` the tick commit's committer date, the latest honest stamp.
fn stamp_edit(
    source: &Source,
    item: &ProgressItem,
    t: DateTime<Utc>,
    bound: DateTime<Utc>,
) -> Option<Edit> {
    if !item.checked {
        return None;
    }
    // Only where the checkbox really is: in odd markdown comrak may place a
    // task's box off its first line, and a stamp anywhere else could never
    // be read back (fill would insert it again and again).
    let before =
        source.text[source.line_start(item.line)..item.text_start].trim_end_matches([' ', '\t']);
    if !(before.ends_with("[x]") || before.ends_with("[X]")) {
        return None;
    }
    let written = format!("({})", t.format(crate::parse::stamp::STAMP_FORMAT));
    if let Some(stamp) = &item.stamp {
        // A stamp later than the commit that ticked the item (its committer
        // date: amends and rebases move it) is wrong; any other stamp is the
        // author's word and stays.
        if !stamp.value.later_than(bound) {
            return None;
        }
        let sep = &source.text[stamp.span.clone()];
        let kept = sep.len() - sep.trim_end().len();
        return Some(Edit {
            span: stamp.span.start..stamp.span.end - kept,
            text: written,
            what: format!(
                "line {}: timestamp {} → {} (later than the commit that ticked it)",
                item.line,
                stamp.raw,
                t.format(crate::parse::stamp::STAMP_FORMAT)
            ),
        });
    }
    // Dated later in its text (EP022): a stamp in front would date it twice.
    if item.later_date.is_some() {
        return None;
    }
    // `- [x]` with nothing after the box: a stamp glued to `]` would stop
    // the line being a task item, and a trailing space is noise.
    let glued = !source.text[..item.text_start].ends_with([' ', '\t']);
    let at_end = source.text[item.text_start..].starts_with(['\n', '\r'])
        || item.text_start == source.text.len();
    Some(Edit {
        span: item.text_start..item.text_start,
        text: format!(
            "{}{written}{}",
            if glued { " " } else { "" },
            if at_end { "" } else { " " }
        ),
        what: format!(
            "line {}: timestamp {}",
            item.line,
            t.format(crate::parse::stamp::STAMP_FORMAT)
        ),
    })
}

/// A missing Owner, from history, in a plan that keeps a metadata block.
fn owner_edit(source: &Source, plan: &Plan, facts: &Facts) -> Option<Edit> {
    let owner = facts.owner.as_deref().filter(|o| !o.trim().is_empty())?;
    if plan.meta(MetaKey::Owner).is_some() {
        return None;
    }
    insert_field(source, plan, MetaKey::Owner, owner)
}

/// The plan keeps a metadata block: fields in a Metadata section or front matter.
pub fn has_metadata_block(plan: &Plan) -> bool {
    plan.metadata
        .iter()
        .any(|m| matches!(m.style, MetaStyle::Section | MetaStyle::FrontMatter))
        || plan
            .sections
            .iter()
            .any(|s| s.kind == Some(crate::model::SectionKind::Metadata))
}

/// A whole Metadata section for a plan that keeps none, when asked for: right
/// after the title, at the level of the plan's sections, holding the fields
/// history knows. A plan with front matter (and no such fields) gets them there.
fn new_block(source: &Source, plan: &Plan, facts: &Facts) -> Option<Edit> {
    if !facts.metadata_block || has_metadata_block(plan) {
        return None;
    }
    let owner = facts.owner.as_deref().filter(|o| !o.trim().is_empty());
    let fields: Vec<(MetaKey, String)> = [
        (MetaKey::Owner, owner.map(str::to_string)),
        (MetaKey::Created, facts.created.map(|d| d.to_string())),
        (
            MetaKey::LastUpdated,
            facts.last_updated.map(|d| d.to_string()),
        ),
    ]
    .into_iter()
    .filter(|(key, _)| plan.meta(*key).is_none())
    .filter_map(|(key, v)| Some((key, v?)))
    .collect();
    if fields.is_empty() {
        return None;
    }
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.label()).collect();
    let what = format!("Metadata (missing) → {}", names.join(", "));
    if let Some(close) = front_matter_end(source) {
        let nl = newline_of(source, 1);
        let text: String = fields
            .iter()
            .map(|(k, v)| format!("{}: {v}{nl}", k.label().to_lowercase().replace(' ', "_")))
            .collect();
        let at = source.line_start(close);
        return Some(Edit {
            span: at..at,
            text,
            what,
        });
    }
    let title = plan.title.as_ref()?;
    let level = plan.sections.first().map_or(2, |s| s.level.max(2));
    let nl = newline_of(source, title.line);
    let mut text = format!("{nl}{nl}{} Metadata{nl}", "#".repeat(usize::from(level)));
    for (k, v) in &fields {
        text.push_str(&format!("- **{}:** {v}{nl}", k.label()));
    }
    // After the title line, before the blank line that follows it.
    let at = source.line_range(title.line).end;
    let mut text = text.trim_end_matches(['\r', '\n']).to_string();
    // Text right under the title would continue the last field's bullet.
    if !source.line(title.line + 1).trim().is_empty() {
        text.push_str(nl);
    }
    Some(Edit {
        span: at..at,
        text,
        what,
    })
}

/// The 1-based line of the closing `---` of front matter at the top, if any.
fn front_matter_end(source: &Source) -> Option<usize> {
    if source.line(1).trim_end() != "---" {
        return None;
    }
    (2..=source.line_count()).find(|&l| source.line(l).trim_end() == "---")
}

fn newline_of(source: &Source, line: usize) -> &'static str {
    match source.line_ending(line) {
        "\r\n" => "\r\n",
        _ => "\n",
    }
}

/// Add a missing field after the last field of the plan's metadata block,
/// in that block's style. Without a block there is nowhere natural to put it.
fn insert_field(source: &Source, plan: &Plan, key: MetaKey, value: &str) -> Option<Edit> {
    let last = plan
        .metadata
        .iter()
        .filter(|m| matches!(m.style, MetaStyle::Section | MetaStyle::FrontMatter))
        .max_by_key(|m| m.line)?;
    // The same line ending as the line it follows.
    let newline = match source.line_ending(block_end(source, plan, last)) {
        "" => "\n",
        e => e,
    };
    let at = source.line_range(block_end(source, plan, last)).end;
    let line = match last.style {
        MetaStyle::FrontMatter => format!(
            "{newline}{}: {value}",
            key.label().to_lowercase().replace(' ', "_")
        ),
        _ => format!("{newline}- **{}:** {value}", key.label()),
    };
    Some(Edit {
        span: at..at,
        text: line,
        what: format!("{} (missing) → {value}", key.label()),
    })
}

/// The last line of the bullet (or YAML entry) that holds `field`: a wrapped value
/// continues on the following lines, and a field inserted between them would take
/// them over.
fn block_end(source: &Source, plan: &Plan, field: &crate::model::MetaField) -> usize {
    if field.style == MetaStyle::FrontMatter {
        // A YAML value continues on indented lines and `- item` lines.
        let mut end = field.line;
        while end < source.line_count() {
            let next = source.line(end + 1);
            if next.trim_end() == "---"
                || !(next.starts_with([' ', '\t']) || next.starts_with("- "))
            {
                break;
            }
            end += 1;
        }
        return end;
    }
    if field.style != MetaStyle::Section {
        return field.line;
    }
    let section_end = plan
        .sections
        .iter()
        .find(|s| s.body_lines.0 <= field.line && field.line <= s.body_lines.1)
        .map_or(field.line, |s| s.body_lines.1);
    let mut end = field.line;
    while end < section_end {
        let next = source.line(end + 1);
        let t = next.trim_start();
        let starts_block = t.is_empty()
            || t.starts_with(['#', '>', '|'])
            || t.starts_with("```")
            || t.starts_with("~~~")
            || plan.metadata.iter().any(|m| m.line == end + 1)
            || is_list_marker(t);
        if starts_block {
            break;
        }
        end += 1;
    }
    end
}

fn is_list_marker(t: &str) -> bool {
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = t.strip_prefix(['-', '*', '+', '.', ')']);
    rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// Facts for `fill` from a plan's timeline: dates only when history is
/// certain of them, tick times for items ticked in history or in the working tree.
pub fn facts(tl: &crate::timeline::PlanTimeline) -> Facts {
    Facts {
        created: tl
            .created
            .as_ref()
            .filter(|_| tl.created_certain)
            .map(|c| c.time.date_naive()),
        last_updated: tl
            .last_updated
            .as_ref()
            .filter(|f| !f.boundary)
            .map(|f| f.time.date_naive()),
        ticks: tl
            .items
            .iter()
            .filter_map(|i| {
                Some((
                    i.line?,
                    i.checked_at.as_ref().filter(|f| f.is_certain())?.time,
                ))
            })
            .collect(),
        created_local: tl
            .created
            .as_ref()
            .filter(|_| tl.created_certain)
            .map(Fact::local_date),
        last_updated_local: tl
            .last_updated
            .as_ref()
            .filter(|f| !f.boundary)
            .map(Fact::local_date),
        tick_bounds: tl
            .items
            .iter()
            .filter_map(|i| {
                let at = i.checked_at.as_ref().filter(|f| f.is_certain())?;
                Some((i.line?, at.committed))
            })
            .collect(),
        owner: tl
            .created
            .as_ref()
            .filter(|c| tl.created_certain && c.commit.is_some())
            .map(|c| c.author.clone()),
        metadata_block: false,
    }
}

/// Apply edits to the source text; the BOM is put back.
pub fn apply(source: &Source, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(source.text.len() + 64);
    if source.bom {
        out.push('\u{feff}');
    }
    let mut at = 0;
    for e in edits {
        if e.span.start < at {
            continue; // overlapping edits cannot happen; never corrupt if they do
        }
        out.push_str(&source.text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&source.text[at..]);
    out
}

/// Write the result atomically (permissions kept). Nothing is written when
/// there are no edits.
pub fn write(path: &Path, source: &Source, edits: &[Edit]) -> Result<bool, Error> {
    if edits.is_empty() {
        return Ok(false);
    }
    write_atomic(path, apply(source, edits).as_bytes(), false)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normal::normal_form;
    use crate::parse::{parse, ParseOptions};

    fn src(t: &str) -> Source {
        Source::from_string(Path::new("p.md"), t.to_string())
    }

    /// `text` after one `fill` with `f`.
    fn filled(text: &str, f: &Facts) -> String {
        let s = src(text);
        let p = parse(&s, &ParseOptions::default());
        apply(&s, &edits(&s, &p, f))
    }

    fn facts() -> Facts {
        let mut f = Facts {
            created: NaiveDate::from_ymd_opt(2025, 9, 30),
            last_updated: NaiveDate::from_ymd_opt(2025, 10, 3),
            ticks: HashMap::new(),
            ..Facts::default()
        };
        f.ticks.insert(
            9,
            DateTime::parse_from_rfc3339("2025-10-02T08:05:00Z")
                .expect("literal")
                .with_timezone(&Utc),
        );
        f
    }

    const PLAN: &str = "\u{feff}# T\r\n\r\n## Metadata\r\n- **Created:** 2025-10-01\r\n- **Last Updated:** <YYYY-MM-DD>\r\n\r\n## Progress\r\n\r\n- [x] Done without a time.\r\n- [x] (2025-10-01 10:00Z) Done with one.\r\n- [ ] Open.\r\n";

    #[test]
    fn edits_only_the_needed_bytes_and_is_idempotent() {
        let s = src(PLAN);
        let p = parse(&s, &ParseOptions::default());
        let e = edits(&s, &p, &facts());
        assert_eq!(e.len(), 3, "{e:?}");
        let out = apply(&s, &e);
        assert_eq!(
            out,
            "\u{feff}# T\r\n\r\n## Metadata\r\n- **Created:** 2025-09-30\r\n- **Last Updated:** 2025-10-03\r\n\r\n## Progress\r\n\r\n- [x] (2025-10-02 08:05Z) Done without a time.\r\n- [x] (2025-10-01 10:00Z) Done with one.\r\n- [ ] Open.\r\n"
        );
        let s2 = Source::from_string(Path::new("p.md"), out);
        let p2 = parse(&s2, &ParseOptions::default());
        assert!(edits(&s2, &p2, &facts()).is_empty());
        assert_eq!(normal_form(&s, &p), normal_form(&s2, &p2));
    }

    #[test]
    fn inserts_missing_field_in_block_style() {
        let out = filled(
            "# T\n\n## Metadata\n- **Owner:** Ana\n\n## Progress\n- [ ] a\n",
            &facts(),
        );
        assert_eq!(out, "# T\n\n## Metadata\n- **Owner:** Ana\n- **Created:** 2025-09-30\n- **Last Updated:** 2025-10-03\n\n## Progress\n- [ ] a\n");
        let out = filled(
            "---\nowner: Bo\n---\n# T\n\n## Progress\n- [ ] a\n",
            &facts(),
        );
        assert!(
            out.starts_with("---\nowner: Bo\ncreated: 2025-09-30\nlast_updated: 2025-10-03\n---\n"),
            "{out}"
        );
    }

    #[test]
    fn writes_a_metadata_block_only_when_asked() {
        let mut f = facts();
        f.owner = Some("Ana Lee".into());
        let plan = "# T\nIntro.\n\n## Progress\n- [ ] a\n";
        assert_eq!(filled(plan, &f), plan, "not asked: no block");
        f.metadata_block = true;
        let out = filled(plan, &f);
        assert_eq!(out, "# T\n\n## Metadata\n- **Owner:** Ana Lee\n- **Created:** 2025-09-30\n- **Last Updated:** 2025-10-03\n\nIntro.\n\n## Progress\n- [ ] a\n");
        assert_eq!(filled(&out, &f), out, "idempotent");
        // Only fill's values were added: not an update (no self-stamping).
        let normal = |t: &str| {
            let s = src(t);
            normal_form(&s, &parse(&s, &ParseOptions::default()))
        };
        assert_eq!(normal(plan), normal(&out));
        // CRLF and a title followed by a blank line; sections at level 3.
        let out = filled("# T\r\n\r\n### Progress\r\n- [ ] a\r\n", &f);
        assert_eq!(out, "# T\r\n\r\n### Metadata\r\n- **Owner:** Ana Lee\r\n- **Created:** 2025-09-30\r\n- **Last Updated:** 2025-10-03\r\n\r\n### Progress\r\n- [ ] a\r\n");
        // Front matter without such fields gets them there.
        let out = filled("---\ntitle: T\n---\n# T\n\n## Progress\n- [ ] a\n", &f);
        assert_eq!(out, "---\ntitle: T\ncreated: 2025-09-30\nlast_updated: 2025-10-03\nowner: Ana Lee\n---\n# T\n\n## Progress\n- [ ] a\n");
        // No title, nowhere natural: nothing.
        let plan = "## Progress\n- [ ] a\n";
        assert_eq!(filled(plan, &f), plan);
    }

    #[test]
    fn a_missing_owner_joins_a_kept_block() {
        let mut f = facts();
        f.owner = Some("Bo".into());
        let out = filled(
            "# T\n\n## Metadata\n- **Created:** 2025-09-30\n\n## Progress\n- [ ] a\n",
            &f,
        );
        assert_eq!(out, "# T\n\n## Metadata\n- **Created:** 2025-09-30\n- **Last Updated:** 2025-10-03\n- **Owner:** Bo\n\n## Progress\n- [ ] a\n");
    }

    #[test]
    fn a_wrapped_last_field_keeps_its_continuation_line() {
        let out = filled("# T\n\n## Metadata\n- **Owner:** Ana\n- **Related Plans:** [a](a.md),\n  [b](b.md)\n\n## Progress\n- [ ] a\n", &facts());
        assert_eq!(out, "# T\n\n## Metadata\n- **Owner:** Ana\n- **Related Plans:** [a](a.md),\n  [b](b.md)\n- **Created:** 2025-09-30\n- **Last Updated:** 2025-10-03\n\n## Progress\n- [ ] a\n");
    }

    /// Found by fuzzing: a field line added before a lazy continuation line is
    /// swallowed by it, so every run would add it again.
    #[test]
    fn a_field_goes_after_lazy_continuation_lines() {
        let s = src("# T\n\n## Metadata\nOwner: x\n a\n  =");
        let p = parse(&s, &ParseOptions::default());
        let e = edits(&s, &p, &facts());
        let out = apply(&s, &e);
        let s2 = src(&out);
        let p2 = parse(&s2, &ParseOptions::default());
        assert!(edits(&s2, &p2, &facts()).is_empty(), "{out:?}");
    }

    #[test]
    fn empty_value_and_missing_field_at_the_same_byte() {
        let out = filled(
            "# T\n\n## Metadata\n- **Last Updated:** \n\n## Progress\n",
            &facts(),
        );
        assert_eq!(out, "# T\n\n## Metadata\n- **Last Updated:** 2025-10-03\n- **Created:** 2025-09-30\n\n## Progress\n");
    }

    #[test]
    fn front_matter_lists_stay_whole() {
        let out = filled(
            "---\nowner: Bo\nbased_on:\n  - a.md\n  - b.md\n---\n# T\n\n## Progress\n- [ ] a\n",
            &facts(),
        );
        assert!(
            out.starts_with("---\nowner: Bo\nbased_on:\n  - a.md\n  - b.md\ncreated: 2025-09-30\nlast_updated: 2025-10-03\n---\n"),
            "{out}"
        );
    }

    #[test]
    fn replaces_an_unpadded_date_whole() {
        let f = Facts {
            created: NaiveDate::from_ymd_opt(2025, 9, 30),
            ..Facts::default()
        };
        assert_eq!(
            filled(
                "# T\n\n## Metadata\n- **Created:** `2025-1-5` (draft)\n\n## Progress\n- [ ] a\n",
                &f
            ),
            "# T\n\n## Metadata\n- **Created:** `2025-09-30` (draft)\n\n## Progress\n- [ ] a\n"
        );
    }

    #[test]
    fn keeps_text_after_the_date() {
        let f = Facts {
            created: NaiveDate::from_ymd_opt(2025, 9, 30),
            ..Facts::default()
        };
        assert_eq!(
            filled(
                "# T\n\n## Metadata\n- **Created:** `2025-10-01` (draft)\n\n## Progress\n- [ ] a\n",
                &f
            ),
            "# T\n\n## Metadata\n- **Created:** `2025-09-30` (draft)\n\n## Progress\n- [ ] a\n"
        );
    }
}
