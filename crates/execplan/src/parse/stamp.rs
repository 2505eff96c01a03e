//! Progress timestamps in the many forms real plans use.
//!
//! Accepted at the start of an item (after the checkbox), bracketed or not:
//! `(2025-10-01 13:00 Z)`, `(2025-10-01 13:00Z)`, `13:00 UTC`, ISO 8601 with
//! `T` and seconds, offsets (`-08:00`, `-0400`), zone names (`EDT`, `CEST`),
//! date only, date ranges, bare `2026-06-05:` and words after the time.
//! Template placeholders (`(YYYY-MM-DD HH:MMZ)`) are recognised as such.

use std::sync::LazyLock;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use regex::Regex;

use crate::model::StampValue;

/// How execplan writes and shows a UTC time (`2025-10-01 13:00Z`, chrono's
/// `format` syntax): Progress stamps `fill` writes, and every time a verb prints.
pub const STAMP_FORMAT: &str = "%Y-%m-%d %H:%MZ";

/// A stamp found in a line, with byte offsets relative to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Start of the stamp (opening bracket included).
    pub start: usize,
    /// End of the stamp including the separator that follows it.
    pub end: usize,
    /// The stamp text without brackets.
    pub raw: String,
    /// Its meaning.
    pub value: StampValue,
}

const CORE: &str = r"(?P<date>\d{4}-\d{1,2}-\d{1,2})
    (?:
        (?:[T\x20]|,\x20)\s*(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?
        \s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,5}\b)?
    )?
    (?:\s*(?:–|—|-|to|\.\.)\s*(?P<date2>\d{4}-\d{1,2}-\d{1,2}))?";

// `(2025-10-01 13:00Z GREEN)`: brackets may hold words after the time.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^[(\[]\s*(?P<body>{CORE}(?P<words>[^)\]]{{0,40}}?))\s*[)\]](?:\s*(?::|—|–|-|\|)\s*|\s*)"
    ))
    .expect("static regex")
});

// `2026-06-05: text`, `**2026-06-05** text`: no words, and a separator after.
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^(?P<open>\*\*|_)?(?P<body>{CORE})(?P<close>\*\*|_)?(?:\s*(?::|—|–|\|)\s*|\s+-\s+|\s+|$)"
    ))
    .expect("static regex")
});

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\(|\[)?\s*(YYYY-MM-DD(?:[ T]HH:MM(?::SS)?\s*(?:Z|UTC)?)?)\s*(\)|\])?\s*(?::|—|-)?\s*",
    )
    .expect("static regex")
});

/// Find a timestamp at the start of `text` (the item text after its checkbox).
pub fn leading(text: &str) -> Option<Found> {
    if let Some(c) = PLACEHOLDER.captures(text) {
        let whole = c.get(0)?;
        return Some(Found {
            start: 0,
            end: whole.end(),
            raw: c.get(2).map_or("", |m| m.as_str()).to_string(),
            value: StampValue::Placeholder,
        });
    }
    let c = match BRACKETED.captures(text) {
        Some(c) => c,
        None => {
            let c = BARE.captures(text)?;
            if c.name("open").map(|m| m.as_str()) != c.name("close").map(|m| m.as_str()) {
                return None;
            }
            c
        }
    };
    let date = c.name("date")?.as_str();
    let whole = c.get(0)?;
    let body = c.name("body")?.as_str().trim().to_string();
    let value = interpret(&c, date);
    Some(Found {
        start: 0,
        end: whole.end(),
        raw: body,
        value,
    })
}

fn interpret(c: &regex::Captures<'_>, date: &str) -> StampValue {
    let Some(d) = parse_date(date) else {
        return StampValue::Invalid(format!("`{date}` is not a calendar date"));
    };
    if let Some(d2) = c.name("date2") {
        return match parse_date(d2.as_str()) {
            Some(end) if end >= d => StampValue::Range(d, end),
            Some(_) => StampValue::Invalid("the range ends before it starts".into()),
            None => StampValue::Invalid(format!("`{}` is not a calendar date", d2.as_str())),
        };
    }
    let Some(h) = c.name("h") else {
        return StampValue::Date(d);
    };
    let num = |name: &str| {
        c.name(name)
            .and_then(|m| m.as_str().parse::<u32>().ok())
            .unwrap_or(0)
    };
    let Some(time) = NaiveTime::from_hms_opt(h.as_str().parse().unwrap_or(99), num("m"), num("s"))
    else {
        return StampValue::Invalid("the time of day is out of range".into());
    };
    let naive = NaiveDateTime::new(d, time);
    match c.name("zone").map(|m| m.as_str()) {
        None => StampValue::NoZone(naive),
        Some(z) => match zone_offset(z) {
            Zone::Offset(minutes) => {
                let utc = naive - Duration::minutes(i64::from(minutes));
                StampValue::Instant(Utc.from_utc_datetime(&utc))
            }
            Zone::Ambiguous => StampValue::Ambiguous(naive, z.to_string()),
            Zone::Unknown => StampValue::Ambiguous(naive, z.to_string()),
        },
    }
}

/// Parse `YYYY-MM-DD` (one-digit month and day tolerated).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut it = s.trim().split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Parse a metadata date value: `2025-10-01`, optionally followed by a time
/// or words (`2025-10-01 (draft)`). Returns `None` when no date leads.
pub fn parse_meta_date(s: &str) -> Option<NaiveDate> {
    let t = s
        .trim()
        .trim_matches(|c| c == '`' || c == '*' || c == '_')
        .trim();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '-'))
        .map_or(t.len(), |(i, _)| i);
    let head = &t[..end];
    if head.len() < 8 {
        return None;
    }
    parse_date(head)
}

enum Zone {
    Offset(i32),
    Ambiguous,
    Unknown,
}

fn zone_offset(z: &str) -> Zone {
    if z == "Z" || z == "UTC" || z == "GMT" {
        return Zone::Offset(0);
    }
    if let Some(rest) = z.strip_prefix(['+', '-']) {
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let (h, m) = digits.split_at(2.min(digits.len()));
        let minutes = h.parse::<i32>().unwrap_or(0) * 60 + m.parse::<i32>().unwrap_or(0);
        return Zone::Offset(if z.starts_with('-') {
            -minutes
        } else {
            minutes
        });
    }
    let hours = match z {
        "EST" => -5,
        "EDT" => -4,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        "AKST" => -9,
        "AKDT" => -8,
        "HST" => -10,
        "WET" => 0,
        "WEST" | "CET" => 1,
        "CEST" | "EET" => 2,
        "EEST" | "MSK" => 3,
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        "NZST" => 12,
        "NZDT" => 13,
        // CST: US Central or China; IST: India, Ireland or Israel; BST: British
        // Summer or Bangladesh. Guessing would silently move a stamp by hours.
        "CST" | "IST" | "BST" | "AST" | "SST" => return Zone::Ambiguous,
        _ => return Zone::Unknown,
    };
    Zone::Offset(hours * 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn utc(s: &str) -> StampValue {
        StampValue::Instant(
            DateTime::parse_from_rfc3339(s)
                .expect("test literal")
                .with_timezone(&Utc),
        )
    }

    fn value(t: &str) -> Option<StampValue> {
        leading(t).map(|f| f.value)
    }

    #[test]
    fn guide_forms() {
        assert_eq!(
            value("(2025-10-01 13:00 Z) Did it"),
            Some(utc("2025-10-01T13:00:00Z"))
        );
        assert_eq!(
            value("(2025-10-01 13:00Z) Did it"),
            Some(utc("2025-10-01T13:00:00Z"))
        );
        assert_eq!(
            value("(2025-10-01 13:00 UTC) x"),
            Some(utc("2025-10-01T13:00:00Z"))
        );
        assert_eq!(
            value("(2026-05-03T01:52:42Z) x"),
            Some(utc("2026-05-03T01:52:42Z"))
        );
        assert_eq!(
            value("(2025-10-01T13:00) x"),
            Some(StampValue::NoZone(
                NaiveDate::from_ymd_opt(2025, 10, 1)
                    .and_then(|d| d.and_hms_opt(13, 0, 0))
                    .expect("date")
            ))
        );
    }

    #[test]
    fn zones_and_offsets() {
        assert_eq!(
            value("(2025-10-01 09:00 EDT) x"),
            Some(utc("2025-10-01T13:00:00Z"))
        );
        assert_eq!(
            value("(2025-10-01 05:00-08:00) x"),
            Some(utc("2025-10-01T13:00:00Z"))
        );
        assert_eq!(
            value("(2025-10-01 09:00 -0400) x"),
            Some(utc("2025-10-01T13:00:00Z"))
        );
        assert_eq!(
            value("(2025-10-01 15:00 CEST) x"),
            Some(utc("2025-10-01T13:00:00Z"))
        );
        assert!(
            matches!(value("(2025-10-01 15:00 CST) x"), Some(StampValue::Ambiguous(_, z)) if z == "CST")
        );
    }

    #[test]
    fn dates_ranges_bare_words() {
        let d = NaiveDate::from_ymd_opt(2026, 4, 11).expect("date");
        assert_eq!(value("(2026-04-11) x"), Some(StampValue::Date(d)));
        assert_eq!(value("2026-04-11: x"), Some(StampValue::Date(d)));
        assert_eq!(value("2026-04-11 — x"), Some(StampValue::Date(d)));
        assert_eq!(value("**2026-04-11** x"), Some(StampValue::Date(d)));
        let f = leading("(2026-04-11 10:00Z GREEN) x").expect("stamp");
        assert_eq!(f.value, utc("2026-04-11T10:00:00Z"));
        assert!(
            matches!(value("(2026-04-10 – 2026-04-11) x"), Some(StampValue::Range(_, e)) if e == d)
        );
        assert_eq!(value("Did 2026-04-11 things"), None);
        assert_eq!(value("2026-04-11things"), None);
    }

    #[test]
    fn separator_is_consumed() {
        let t = "(2025-10-01 13:00Z) Did it";
        let f = leading(t).expect("stamp");
        assert_eq!(&t[f.end..], "Did it");
        let t = "2026-06-05: Did it";
        assert_eq!(&t[leading(t).expect("stamp").end..], "Did it");
    }

    #[test]
    fn placeholders_and_invalid() {
        assert_eq!(
            value("(YYYY-MM-DD HH:MMZ) x"),
            Some(StampValue::Placeholder)
        );
        assert!(matches!(
            value("(2025-02-30 10:00Z) x"),
            Some(StampValue::Invalid(_))
        ));
        assert!(matches!(
            value("(2025-10-01 25:00Z) x"),
            Some(StampValue::Invalid(_))
        ));
    }

    #[test]
    fn meta_dates() {
        assert_eq!(
            parse_meta_date("2025-10-01"),
            NaiveDate::from_ymd_opt(2025, 10, 1)
        );
        assert_eq!(
            parse_meta_date("`2025-10-01` (draft)"),
            NaiveDate::from_ymd_opt(2025, 10, 1)
        );
        assert_eq!(parse_meta_date("<YYYY-MM-DD>"), None);
        assert_eq!(parse_meta_date("2025-13-01"), None);
    }
}
