//! The plan model: what the parser produces and the rules read.
//!
//! Every element keeps its byte span in [`crate::source::Source::text`] and its
//! 1-based line, so diagnostics can point at it and `fill` can rewrite exactly
//! those bytes.

use std::ops::Range;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

/// A byte range in the source text.
pub type Span = Range<usize>;

/// A parsed plan.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Path of the file as discovered.
    pub path: PathBuf,
    /// The first level-1 heading, if any.
    pub title: Option<Located<String>>,
    /// Metadata fields, wherever they were found (front matter, a Metadata
    /// section, `Key: value` lines before the first section).
    pub metadata: Vec<MetaField>,
    /// Sections in document order, known and unknown.
    pub sections: Vec<Section>,
    /// Progress items (top-level items of every Progress section, children nested).
    pub progress: Vec<ProgressItem>,
    /// Surprises & Discoveries entries.
    pub surprises: Vec<Surprise>,
    /// Decision Log entries.
    pub decisions: Vec<Decision>,
    /// Links anywhere in the plan (outside code).
    pub links: Vec<Link>,
    /// Inline allow comments: `<!-- execplan: allow(rule, …) -->`.
    pub allows: Vec<Allow>,
    /// Task-list items outside Progress sections (acceptance lists, or the
    /// checklist of a plan with no Progress section), nested as written.
    pub loose: Vec<ProgressItem>,
    /// 1-based line ranges of code blocks.
    pub code_blocks: Vec<(usize, usize)>,
    /// Unresolved merge conflicts (their marker lines are hidden from the
    /// Markdown parser, so they do not turn into headings or quotes).
    pub conflicts: Vec<ConflictMarker>,
}

/// One unresolved merge conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictMarker {
    /// 1-based line of its first marker.
    pub line: usize,
    /// 1-based lines of all its markers (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`).
    pub lines: Vec<usize>,
}

/// A value with the span and line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Byte span in the source text.
    pub span: Span,
    /// 1-based line of the span's start.
    pub line: usize,
}

/// The metadata fields the skeleton defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaKey {
    /// `Owner`
    Owner,
    /// `Created`
    Created,
    /// `Last Updated`
    LastUpdated,
    /// `Agent / Module`
    AgentModule,
    /// `Related Plans`
    RelatedPlans,
    /// `Status` (not in the skeleton, but common in real plans).
    Status,
}

impl MetaKey {
    /// The skeleton's spelling of the field.
    pub fn label(self) -> &'static str {
        match self {
            MetaKey::Owner => "Owner",
            MetaKey::Created => "Created",
            MetaKey::LastUpdated => "Last Updated",
            MetaKey::AgentModule => "Agent / Module",
            MetaKey::RelatedPlans => "Related Plans",
            MetaKey::Status => "Status",
        }
    }

    /// Recognise a field name, whatever its case, punctuation or language.
    pub fn from_name(name: &str) -> Option<Self> {
        let n: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match n.as_str() {
            "owner" | "owners" | "author" | "responsable" | "dueño" => MetaKey::Owner,
            "created" | "createdat" | "datecreated" | "created on" | "creado"
            | "fechadecreacion" | "fechadecreación" => MetaKey::Created,
            "lastupdated"
            | "updated"
            | "updatedat"
            | "lastupdate"
            | "lastmodified"
            | "actualizado"
            | "ultimaactualizacion"
            | "últimaactualización" => MetaKey::LastUpdated,
            "agentmodule" | "agent" | "module" | "agentsmodule" => MetaKey::AgentModule,
            "relatedplans" | "related" | "relatedplan" | "basedon" => MetaKey::RelatedPlans,
            "status" | "state" | "estado" | "planstatus" => MetaKey::Status,
            _ => return None,
        })
    }
}

/// Where a metadata field was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaStyle {
    /// YAML front matter between `---` lines.
    FrontMatter,
    /// A bullet or line inside a Metadata section.
    Section,
    /// A `Key: value` line between the title and the first section.
    Preamble,
}

/// One metadata field.
#[derive(Debug, Clone)]
pub struct MetaField {
    /// The key as written.
    pub key: String,
    /// The recognised field, if any.
    pub field: Option<MetaKey>,
    /// The value as written (trimmed, emphasis markers kept).
    pub value: String,
    /// Span of the value (empty span at the insertion point when the value is empty).
    pub value_span: Span,
    /// 1-based line.
    pub line: usize,
    /// Where it was written.
    pub style: MetaStyle,
}

impl MetaField {
    /// Whether the value is a template placeholder such as `<YYYY-MM-DD>`.
    pub fn is_placeholder(&self) -> bool {
        is_placeholder(&self.value)
    }
}

/// Whether text is a template placeholder (`<name or team>`, `YYYY-MM-DD`, `TBD`).
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim().trim_matches('`').trim();
    (t.starts_with('<') && t.ends_with('>') && !t.contains("://") && !t.starts_with("<!--"))
        || t.contains("YYYY-MM-DD")
        || t.eq_ignore_ascii_case("tbd")
        || t.eq_ignore_ascii_case("todo")
}

/// Bodies that only say nothing was written yet, in [`placeholder_form`]:
/// what `unfilled-section` reports on a finished plan and what a write verb's
/// first entry replaces (each adds its own: "in progress", "none").
pub const UNWRITTEN_BODIES: &[&str] = &[
    "tbd",
    "todo",
    "none yet",
    "not started yet",
    "not started",
    "pending",
    "n/a",
    "to be written",
    "to be filled in",
];

/// A body reduced so that `- _(None yet.)_` and `None yet` compare equal:
/// lower case, without parentheses, emphasis, code ticks, a leading bullet
/// or a trailing full stop.
pub fn placeholder_form(text: &str) -> String {
    let t: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '_' | '*' | '`'))
        .collect();
    t.trim()
        .trim_start_matches(['-', ' '])
        .trim_end_matches(['.', ' '])
        .trim()
        .to_string()
}

/// Whether `text` says only that nothing was written yet: one of
/// [`UNWRITTEN_BODIES`] or of `extra`, compared in [`placeholder_form`].
pub fn is_unwritten(text: &str, extra: &[&str]) -> bool {
    let f = placeholder_form(text);
    UNWRITTEN_BODIES.iter().chain(extra).any(|p| f == *p)
}

/// The sections the skeleton defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Metadata
    Metadata,
    /// Purpose / Big Picture
    Purpose,
    /// Context and Orientation
    Context,
    /// Plan of Work
    PlanOfWork,
    /// Progress
    Progress,
    /// Surprises & Discoveries
    Surprises,
    /// Decision Log
    Decisions,
    /// Outcomes & Retrospective
    Outcomes,
    /// Risks / Open Questions (optional)
    Risks,
    /// Next Steps / Handoff Notes (optional)
    NextSteps,
}

impl SectionKind {
    /// Every kind, in skeleton order.
    pub const ALL: [SectionKind; 10] = [
        SectionKind::Metadata,
        SectionKind::Purpose,
        SectionKind::Context,
        SectionKind::PlanOfWork,
        SectionKind::Progress,
        SectionKind::Surprises,
        SectionKind::Decisions,
        SectionKind::Outcomes,
        SectionKind::Risks,
        SectionKind::NextSteps,
    ];

    /// The skeleton's heading text.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Metadata => "Metadata",
            SectionKind::Purpose => "Purpose / Big Picture",
            SectionKind::Context => "Context and Orientation",
            SectionKind::PlanOfWork => "Plan of Work",
            SectionKind::Progress => "Progress",
            SectionKind::Surprises => "Surprises & Discoveries",
            SectionKind::Decisions => "Decision Log",
            SectionKind::Outcomes => "Outcomes & Retrospective",
            SectionKind::Risks => "Risks / Open Questions",
            SectionKind::NextSteps => "Next Steps / Handoff Notes",
        }
    }

    /// The key used in configuration files (`purpose`, `plan-of-work`, …).
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::Metadata => "metadata",
            SectionKind::Purpose => "purpose",
            SectionKind::Context => "context",
            SectionKind::PlanOfWork => "plan-of-work",
            SectionKind::Progress => "progress",
            SectionKind::Surprises => "surprises",
            SectionKind::Decisions => "decisions",
            SectionKind::Outcomes => "outcomes",
            SectionKind::Risks => "risks",
            SectionKind::NextSteps => "next-steps",
        }
    }

    /// Parse a configuration key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// A section: a heading and the lines up to the next heading of the same or
/// a higher level that starts another section.
#[derive(Debug, Clone)]
pub struct Section {
    /// The recognised kind, or `None` for sections the skeleton does not name.
    pub kind: Option<SectionKind>,
    /// Heading text as written (inline markup removed).
    pub heading: String,
    /// Heading level (1–6).
    pub level: u8,
    /// 1-based line of the heading.
    pub line: usize,
    /// Span of the heading line.
    pub heading_span: Span,
    /// Span of the body (after the heading line, up to the next section).
    pub body: Span,
    /// First and last 1-based line of the body (`first > last` when empty).
    pub body_lines: (usize, usize),
}

/// A parsed progress timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The text as written, without surrounding brackets.
    pub raw: String,
    /// Span of the whole stamp including brackets and the separator after it.
    pub span: Span,
    /// What it means.
    pub value: StampValue,
}

/// The meaning of a timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StampValue {
    /// A full time whose zone is known, converted to UTC.
    Instant(DateTime<Utc>),
    /// A time with no zone; read as UTC, but the plan does not say so.
    NoZone(NaiveDateTime),
    /// A time in a zone abbreviation that means several offsets (`CST`, `IST`).
    Ambiguous(NaiveDateTime, String),
    /// A date without a time.
    Date(NaiveDate),
    /// A date range; the end date counts.
    Range(NaiveDate, NaiveDate),
    /// A template placeholder such as `(YYYY-MM-DD HH:MMZ)`.
    Placeholder,
    /// Looks like a timestamp but is not a valid one.
    Invalid(String),
}

impl StampValue {
    /// The best UTC instant for comparisons: the end of a date (23:59:59) when
    /// only a date is known, so that a date never reads as "before" a commit
    /// made later the same day.
    pub fn latest_utc(&self) -> Option<DateTime<Utc>> {
        match self {
            StampValue::Instant(t) => Some(*t),
            StampValue::NoZone(n) | StampValue::Ambiguous(n, _) => Some(n.and_utc()),
            StampValue::Date(d) | StampValue::Range(_, d) => {
                d.and_hms_opt(23, 59, 59).map(|n| n.and_utc())
            }
            StampValue::Placeholder | StampValue::Invalid(_) => None,
        }
    }

    /// Whether this stamp is provably later than `tick`, the time of the
    /// commit that ticked its item. One minute of grace for full times
    /// (stamps are written to the minute); dates compare as dates; a time in
    /// an unknown zone only when a whole day apart.
    pub fn later_than(&self, tick: DateTime<Utc>) -> bool {
        match self {
            StampValue::Instant(s) => *s > tick + chrono::Duration::seconds(59),
            StampValue::Date(d) | StampValue::Range(_, d) => *d > tick.date_naive(),
            StampValue::NoZone(n) | StampValue::Ambiguous(n, _) => {
                n.date() > tick.date_naive() + chrono::Duration::days(1)
            }
            StampValue::Placeholder | StampValue::Invalid(_) => false,
        }
    }

    /// The date the stamp names, if valid.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            StampValue::Instant(t) => Some(t.date_naive()),
            StampValue::NoZone(n) | StampValue::Ambiguous(n, _) => Some(n.date()),
            StampValue::Date(d) | StampValue::Range(_, d) => Some(*d),
            StampValue::Placeholder | StampValue::Invalid(_) => None,
        }
    }
}

/// One Progress checklist item.
#[derive(Debug, Clone)]
pub struct ProgressItem {
    /// Whether the box is ticked (`[x]`, `[X]`).
    pub checked: bool,
    /// The timestamp written on the item, if any.
    pub stamp: Option<Stamp>,
    /// Without a leading stamp, the first date written later in the item's
    /// own text (`Merged as #12 (2025-10-02)`): dated, just not at the start.
    pub later_date: Option<Located<NaiveDate>>,
    /// Item text without checkbox and timestamp, continuation lines joined.
    pub text: String,
    /// 1-based line of the checkbox.
    pub line: usize,
    /// Byte offset just after `[x] ` where a timestamp is (or would be) written.
    pub text_start: usize,
    /// Span of the whole item (all its lines, children included).
    pub span: Span,
    /// A partial count written in the text, such as `completed: 2/6`.
    pub count: Option<(u32, u32)>,
    /// Nested items.
    pub children: Vec<ProgressItem>,
}

impl ProgressItem {
    /// Identity of the item across revisions: its text without timestamp,
    /// lowercased, markup and whitespace folded.
    pub fn key(&self) -> String {
        item_key(&self.text)
    }

    /// This item and all its descendants, depth first, iteratively.
    pub fn walk(&self) -> Vec<&ProgressItem> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(i.children.iter().rev());
        }
        out
    }
}

/// Normalise item text to its identity key.
pub fn item_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        // Written straight into `out` (a key is made for every item of every
        // revision); a word of emphasis marks alone leaves nothing, not a space.
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let mut empty = true;
        for c in word.chars().filter(|c| !matches!(c, '*' | '_' | '`')) {
            empty = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
        if empty {
            out.truncate(start);
        }
    }
    while out.ends_with(['.', ';', ',', ':']) {
        out.pop();
    }
    out
}

/// A Surprises & Discoveries entry.
#[derive(Debug, Clone)]
pub struct Surprise {
    /// The observation text.
    pub observation: Located<String>,
    /// The evidence text, if given.
    pub evidence: Option<Located<String>>,
}

/// A Decision Log entry.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The decision text.
    pub decision: Located<String>,
    /// The rationale, if given.
    pub rationale: Option<Located<String>>,
    /// The `Date/Author` value, if given.
    pub date_author: Option<Located<String>>,
}

/// A link or image destination found outside code.
#[derive(Debug, Clone)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// 1-based line of the link.
    pub line: usize,
    /// Span of the destination text where it could be located, else the line.
    pub span: Span,
    /// The section kind the link sits in.
    pub section: Option<SectionKind>,
    /// Whether this is an inline code span that names a path (not a link).
    pub code_span: bool,
}

/// An inline allow comment.
#[derive(Debug, Clone)]
pub struct Allow {
    /// Rule ids or names it allows.
    pub rules: Vec<String>,
    /// 1-based line of the comment.
    pub line: usize,
    /// Applies to the whole file (`allow-file`) rather than the next block.
    pub file: bool,
    /// Last line it covers (for block scope).
    pub until_line: usize,
}

impl Plan {
    /// Whether a 1-based line is inside a code block.
    pub fn in_code(&self, line: usize) -> bool {
        self.code_blocks
            .iter()
            .any(|&(a, b)| line >= a && line <= b)
    }

    /// The first section of a kind.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == Some(kind))
    }

    /// The first metadata field of a kind.
    pub fn meta(&self, key: MetaKey) -> Option<&MetaField> {
        self.metadata.iter().find(|m| m.field == Some(key))
    }

    /// All progress items, nested ones included, in document order: the
    /// items timestamps are written on (and `fill` stamps).
    pub fn all_items(&self) -> Vec<&ProgressItem> {
        self.progress.iter().flat_map(|i| i.walk()).collect()
    }

    /// The plan's items, the one definition every verb counts and tracks:
    /// its Progress items, or, in a plan with no Progress section, its
    /// checkboxes wherever they are. Nested ones included, in document order.
    pub fn items(&self) -> Vec<&ProgressItem> {
        if self.section(SectionKind::Progress).is_some() {
            self.all_items()
        } else {
            self.loose.iter().flat_map(|i| i.walk()).collect()
        }
    }

    /// (done, total) over [`Plan::items`].
    pub fn counts(&self) -> (usize, usize) {
        let items = self.items();
        (items.iter().filter(|i| i.checked).count(), items.len())
    }

    /// What makes the file a plan, if anything: see [`Signal`].
    pub fn signal(&self) -> Signal {
        let mut kinds: Vec<SectionKind> = self.sections.iter().filter_map(|s| s.kind).collect();
        kinds.sort();
        kinds.dedup();
        if kinds.contains(&SectionKind::Progress) || kinds.len() >= 3 {
            Signal::Skeleton
        } else if self.meta(MetaKey::Status).is_some() && !self.loose.is_empty() {
            Signal::Weak
        } else {
            Signal::None
        }
    }

    /// Whether discovery takes the file as a plan: any [`Signal`] but `None`.
    pub fn looks_like_plan(&self) -> bool {
        self.signal() != Signal::None
    }
}

/// What makes a file a plan, strongest first (README, "What makes a file a
/// plan").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// A Progress section, or at least three different sections of the
    /// skeleton (headings at any level): checked by every rule.
    Skeleton,
    /// Only a Status field and checkboxes, none under a Progress heading: a
    /// plan kept as a checklist, or a design note. Listed and checked, but
    /// not held to the skeleton: the structure rules
    /// ([`crate::rules::STRUCTURE`]) pass it over and every other finding is
    /// at most a warning.
    Weak,
    /// Neither: discovery passes the file over (named explicitly, it is
    /// checked as a plan).
    None,
}
