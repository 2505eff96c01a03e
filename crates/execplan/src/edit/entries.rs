//! Decision Log, Surprises & Discoveries and Outcomes & Retrospective
//! entries, written like the plan's last entry of the same kind (its markers,
//! bold, indentation, spacing), else like the skeleton.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::error::Error;
use crate::fill::Edit;
use crate::model::{Located, Plan, Section, SectionKind};
use crate::source::Source;

use super::sections::{append, content, create, newline};
use super::text::{written, Place, MAX_ENTRY, MAX_NAME, MAX_OUTCOME};
use super::Draft;

/// The lines of a section that are only a placeholder (`None yet.`), when
/// everything but guidance quotes is one: a first entry goes in their place.
fn placeholder_lines(source: &Source, s: &Section) -> Option<(usize, usize)> {
    let lines: Vec<usize> = (s.body_lines.0..=s.body_lines.1)
        .filter(|&l| {
            let t = source.line(l).trim();
            !t.is_empty() && !t.starts_with('>') && !super::sections::is_break(t)
        })
        .collect();
    let (first, last) = (*lines.first()?, *lines.last()?);
    lines
        .iter()
        .all(|&l| {
            // "None" would be an answer in a finished plan; here it only holds the place.
            crate::model::is_unwritten(source.line(l), &["none"])
                || crate::model::is_placeholder(source.line(l))
        })
        .then_some((first, last))
}

/// Whether a section says nothing yet: no content, or only a placeholder
/// beside guidance quotes.
pub(super) fn is_empty(source: &Source, s: &Section) -> bool {
    placeholder_lines(source, s).is_some() || content(source, s).iter().all(|l| l.starts_with('>'))
}

/// Put `lines` into the section of `kind`: in place of a placeholder, after
/// its content (a blank line before when `blank`), or in a new section.
fn place(
    source: &Source,
    plan: &Plan,
    kind: SectionKind,
    lines: &[String],
    blank: bool,
    what: String,
) -> Edit {
    let nl = newline(source);
    match plan.section(kind) {
        Some(s) => match placeholder_lines(source, s) {
            Some((first, last)) => Edit {
                span: source.line_start(first)..source.line_range(last).end,
                text: lines.join(nl),
                what,
            },
            None => append(source, s, lines, blank, what),
        },
        None => {
            let mut e = create(source, plan, kind, lines);
            e.what = format!("{what} ({})", e.what);
            e
        }
    }
}

/// Copy the lines from `first` to `last` with each `(span, value)` put in
/// place; `None` when a line in between holds none of the values (a wrapped
/// value would be copied as text).
fn copy_with(
    source: &Source,
    mut values: Vec<(std::ops::Range<usize>, String)>,
) -> Option<Vec<String>> {
    values.sort_by_key(|(s, _)| s.start);
    let first = source.line_col(values.first()?.0.start).0;
    let last = source.line_col(values.last()?.0.start).0;
    let mut out = Vec::new();
    for l in first..=last {
        let r = source.line_range(l);
        let here: Vec<_> = values
            .iter()
            .filter(|(s, _)| r.start <= s.start && s.end <= r.end)
            .collect();
        if here.is_empty() {
            return None;
        }
        let mut line = String::new();
        let mut at = r.start;
        for (s, v) in here {
            line.push_str(&source.text[at..s.start]);
            line.push_str(v);
            at = s.end;
        }
        line.push_str(&source.text[at..r.end]);
        out.push(line);
    }
    Some(out)
}

/// Whether the last two entries (first lines given) are apart by a blank line;
/// with one entry, whether it spans several lines (then entries read as blocks).
fn blank_between(source: &Source, firsts: &[usize], lasts: &[usize]) -> bool {
    match (firsts, lasts) {
        ([.., _, b], [.., a_end, _]) => (a_end + 1..*b).any(|l| source.line(l).trim().is_empty()),
        ([a], [a_end]) => a_end > a,
        _ => false,
    }
}

static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4}-\d{2}-\d{2})([^\p{L}\p{N}]*)").expect("static regex"));

fn date_author(template: Option<&Located<String>>, today: NaiveDate, author: &str) -> String {
    let sep = template
        .and_then(|t| DATE.captures(&t.value))
        .and_then(|c| c.get(2))
        .map(|m| m.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(" — ");
    format!("{today}{sep}{author}")
}

/// A Decision Log entry: like the last complete one, else the skeleton's
/// three bullets; the first that reads back as written is used.
pub(super) fn decide(
    source: &Source,
    plan: &Plan,
    decision: &str,
    rationale: &str,
    today: NaiveDate,
    author: &str,
) -> Result<Vec<Draft>, Error> {
    let decision = written(decision, "--decision", MAX_ENTRY, Place::Inline)?;
    let rationale = written(rationale, "--rationale", MAX_ENTRY, Place::Inline)?;
    let author = written(author, "--author", MAX_NAME, Place::Inline)?;
    let last = plan
        .decisions
        .iter()
        .rev()
        .find(|d| d.rationale.is_some() && d.date_author.is_some());
    let da = date_author(last.and_then(|d| d.date_author.as_ref()), today, &author);
    let firsts: Vec<usize> = plan.decisions.iter().map(|d| d.decision.line).collect();
    let lasts: Vec<usize> = plan
        .decisions
        .iter()
        .map(|d| {
            [
                Some(&d.decision),
                d.rationale.as_ref(),
                d.date_author.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(|x| x.line)
            .max()
            .unwrap_or(d.decision.line)
        })
        .collect();
    let mut forms: Vec<(Vec<String>, bool)> = Vec::new();
    if let Some(d) = last {
        let mut values = vec![(d.decision.span.clone(), decision.clone())];
        values.extend(
            d.rationale
                .iter()
                .map(|r| (r.span.clone(), rationale.clone())),
        );
        values.extend(d.date_author.iter().map(|x| (x.span.clone(), da.clone())));
        if let Some(lines) = copy_with(source, values) {
            forms.push((lines, blank_between(source, &firsts, &lasts)));
        }
    }
    forms.push((
        vec![
            format!("- **Decision:** {decision}"),
            format!("- **Rationale:** {rationale}"),
            format!("- **Date/Author:** {da}"),
        ],
        true,
    ));
    let count = plan.decisions.len();
    Ok(forms
        .into_iter()
        .map(|(lines, blank)| {
            let (d, r, a) = (decision.clone(), rationale.clone(), da.clone());
            let mut step = Draft::verify(move |_: &Source, p: &Plan| {
                p.decisions.len() == count + 1
                    && p.decisions.last().is_some_and(|x| {
                        x.decision.value == d
                            && x.rationale.as_ref().is_some_and(|v| v.value == r)
                            && x.date_author.as_ref().is_some_and(|v| v.value == a)
                    })
            });
            step.edits.push(place(
                source,
                plan,
                SectionKind::Decisions,
                &lines,
                blank,
                format!("decision `{decision}`"),
            ));
            step
        })
        .collect())
}

/// A Surprises & Discoveries entry: like the last one with evidence, else
/// `- Observation: …` with `  Evidence: …` under it.
pub(super) fn surprise(
    source: &Source,
    plan: &Plan,
    observation: &str,
    evidence: &str,
) -> Result<Vec<Draft>, Error> {
    let observation = written(observation, "--observation", MAX_ENTRY, Place::Inline)?;
    let evidence = written(evidence, "--evidence", MAX_ENTRY, Place::Inline)?;
    let last = plan.surprises.iter().rev().find(|s| s.evidence.is_some());
    let firsts: Vec<usize> = plan.surprises.iter().map(|s| s.observation.line).collect();
    let lasts: Vec<usize> = plan
        .surprises
        .iter()
        .map(|s| {
            s.evidence
                .as_ref()
                .map_or(s.observation.line, |e| e.line.max(s.observation.line))
        })
        .collect();
    let mut forms: Vec<(Vec<String>, bool)> = Vec::new();
    if let Some(s) = last {
        let mut values = vec![(s.observation.span.clone(), observation.clone())];
        values.extend(
            s.evidence
                .iter()
                .map(|e| (e.span.clone(), evidence.clone())),
        );
        if let Some(lines) = copy_with(source, values) {
            forms.push((
                lines,
                blank_between(source, &firsts, &lasts) && firsts.len() > 1,
            ));
        }
    }
    forms.push((
        vec![
            format!("- Observation: {observation}"),
            format!("  Evidence: {evidence}"),
        ],
        false,
    ));
    let count = plan.surprises.len();
    Ok(forms
        .into_iter()
        .map(|(lines, blank)| {
            let (o, e) = (observation.clone(), evidence.clone());
            let mut step = Draft::verify(move |_: &Source, p: &Plan| {
                p.surprises.len() == count + 1
                    && p.surprises.last().is_some_and(|x| {
                        x.observation.value == o
                            && x.evidence.as_ref().is_some_and(|v| v.value == e)
                    })
            });
            step.edits.push(place(
                source,
                plan,
                SectionKind::Surprises,
                &lines,
                blank,
                format!("surprise `{observation}`"),
            ));
            step
        })
        .collect())
}

/// A paragraph (or, when the section is a list, an item) in Outcomes &
/// Retrospective.
pub(super) fn outcome(source: &Source, plan: &Plan, text: &str) -> Result<Vec<Draft>, Error> {
    let section = plan.section(SectionKind::Outcomes);
    let list_marker = section.and_then(|s| {
        if placeholder_lines(source, s).is_some() {
            return None;
        }
        let last = super::sections::last_content_line(source, s)?;
        let line = source.line(last);
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        ["- ", "* ", "+ "]
            .into_iter()
            .find(|m| {
                t.starts_with(m)
                    && !t.starts_with("- [")
                    && !t.starts_with("* [")
                    && !t.starts_with("+ [")
            })
            .map(|m| format!("{indent}{m}"))
    });
    let at = if list_marker.is_some() {
        Place::Inline
    } else {
        Place::LineStart
    };
    let text = written(text, "outcome text", MAX_OUTCOME, at)?;
    let (line, blank) = match &list_marker {
        Some(m) => (format!("{m}{text}"), false),
        None => (text.clone(), true),
    };
    let want = line.trim().to_string();
    let mut step = Draft::verify(move |s: &Source, p: &Plan| {
        p.section(SectionKind::Outcomes)
            .is_some_and(|sec| content(s, sec).contains(&want))
    });
    step.edits.push(place(
        source,
        plan,
        SectionKind::Outcomes,
        &[line],
        blank,
        format!("outcome `{text}`"),
    ));
    Ok(vec![step])
}
