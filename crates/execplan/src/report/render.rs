//! Turning a [`Report`] into markdown, HTML or JSON.
//!
//! Markdown and HTML are minijinja templates (`templates/report.md.jinja`,
//! `templates/report.html.jinja`); a user's template replaces them. The
//! context is the report's JSON document plus chart fields (see `docs/report.md`).
//! HTML output escapes every value unless a template says `| safe`; the
//! markdown filter `md` escapes plan text for markdown and the terminal.

use std::path::Path;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, ErrorKind, Value};
use serde_json::json;

use super::Report;

const MARKDOWN: &str = include_str!("templates/report.md.jinja");
const HTML: &str = include_str!("templates/report.html.jinja");

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Release-notes markdown; charts as SVG files beside the output.
    Markdown,
    /// One self-contained HTML file, charts inline.
    Html,
    /// The report as JSON (`"schema": 1`).
    Json,
}

/// A rendered report: the main text and the files to write beside it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The report itself.
    pub text: String,
    /// (file name, content) of charts to write in the output's folder.
    pub files: Vec<(String, String)>,
}

fn slug(path: &str) -> String {
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    let s: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "plan".to_string()
    } else {
        s
    }
}

/// The byte ranges of the code spans in one line of markdown, backticks
/// included: a run of n backticks opens one, the next run of exactly n closes
/// it (CommonMark); a run with no closer is literal text.
fn code_spans(s: &str) -> Vec<std::ops::Range<usize>> {
    let b = s.as_bytes();
    let run = |i: usize| b[i..].iter().take_while(|&&c| c == b'`').count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run(i);
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = run(j);
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.push(i..end);
                i = end;
            }
            None => i += n,
        }
    }
    out
}

/// Escape `s`, with `plain` for each character outside a code span and
/// `code` for each inside one. A code span shows its text as written, so
/// escaping `<` there would show `&lt;`; markdown reads no HTML in it.
fn escape_spans(
    s: &str,
    plain: impl Fn(char, &mut String),
    code: impl Fn(char, &mut String),
) -> String {
    let spans = code_spans(s);
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if spans.iter().any(|r| r.contains(&i)) {
            code(c, &mut out);
        } else {
            plain(c, &mut out);
        }
    }
    out
}

/// Control characters as `\u{..}`, so nothing reaches a terminal raw.
fn control(c: char, out: &mut String) -> bool {
    if c.is_control() {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
        true
    } else {
        false
    }
}

/// Escape text for markdown (inline, one line): HTML-significant characters
/// and table pipes; inline markdown (code spans, emphasis) is kept, since plan
/// text is markdown, and inside a code span only the pipes are escaped (a
/// table cell ends at a bare one). Control characters are shown as `\u{..}`
/// so nothing reaches a terminal raw.
pub fn md_escape(s: &str) -> String {
    let common = |c: char, out: &mut String| match c {
        '|' => out.push_str("\\|"),
        '\n' | '\r' | '\t' => out.push(' '),
        c if control(c, out) => {}
        c => out.push(c),
    };
    escape_spans(
        s,
        |c, out| match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => common(c, out),
        },
        common,
    )
}

/// `value` as one markdown code span, escaped like [`md_escape`]'s code
/// spans: the fence one backtick longer than any run of backticks inside,
/// padded with a space where the value begins or ends with one.
pub fn md_code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    let mut inner = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => inner.push_str("\\|"),
            '\n' | '\r' | '\t' => inner.push(' '),
            c if control(c, &mut inner) => {}
            c => inner.push(c),
        }
    }
    format!("{fence}{pad}{inner}{pad}{fence}")
}

/// Escape a block of text for markdown, keeping line breaks: markdown
/// emphasis and lists are left alone (the text was markdown to begin with);
/// only HTML and control characters are neutralised, and neither inside a
/// fenced code block or a code span, which show their text as written.
pub fn md_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // The fence that opened the code block we are in: its character and length.
    let mut fence: Option<(char, usize)> = None;
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let t = line.trim_start_matches(' ');
        let marker = ['`', '~'].into_iter().find_map(|f| {
            let len = t.chars().take_while(|&c| c == f).count();
            (len >= 3 && line.len() - t.len() <= 3).then_some((f, len))
        });
        let keep = |c: char, out: &mut String| match c {
            '\t' => out.push(c),
            c if control(c, out) => {}
            c => out.push(c),
        };
        match (fence, marker) {
            (Some((f, len)), Some((g, m)))
                if f == g && m >= len && t[m * g.len_utf8()..].trim().is_empty() =>
            {
                fence = None;
                line.chars().for_each(|c| keep(c, &mut out));
            }
            (Some(_), _) => line.chars().for_each(|c| keep(c, &mut out)),
            (None, Some((f, len))) if !(f == '`' && t[len..].contains('`')) => {
                fence = Some((f, len));
                line.chars().for_each(|c| keep(c, &mut out));
            }
            (None, _) => out.push_str(&escape_spans(
                line,
                |c, out| match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    c => keep(c, out),
                },
                keep,
            )),
        }
    }
    out
}

/// `{{ time | date }}` / `{{ time | date("%Y-%m-%d") }}` on RFC 3339 strings.
fn date(value: String, fmt: Option<String>) -> Result<String, minijinja::Error> {
    let t = chrono::DateTime::parse_from_rfc3339(&value).map_err(|e| {
        minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("date: `{value}` is not an RFC 3339 time: {e}"),
        )
    })?;
    let fmt = fmt.unwrap_or_else(|| crate::parse::stamp::STAMP_FORMAT.to_string());
    let mut s = String::new();
    use std::fmt::Write;
    write!(s, "{}", t.with_timezone(&chrono::Utc).format(&fmt)).map_err(|_| {
        minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("date: bad format `{fmt}`"),
        )
    })?;
    Ok(s)
}

fn template_error(e: &minijinja::Error) -> crate::Error {
    let mut msg = format!("report template: {e}");
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    crate::Error::Invalid(msg)
}

/// The template environment for a format: HTML escapes by default.
fn environment(format: Format) -> Environment<'static> {
    let mut env = Environment::new();
    let html = format == Format::Html;
    env.set_auto_escape_callback(move |_| {
        if html {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.add_filter("md", |s: String| md_escape(&s));
    env.add_filter("md_block", |s: String| md_block(&s));
    env.add_filter("md_code", |s: String| md_code(&s));
    env.add_filter("date", date);
    env
}

/// Render `report`. `template` is a user's template (name, text) replacing the
/// built-in one; `chart_stem` names the chart files for markdown (none: no
/// chart files, the markdown says so).
pub fn render(
    report: &Report,
    format: Format,
    template: Option<(&str, &str)>,
    chart_stem: Option<&str>,
) -> Result<Rendered, crate::Error> {
    if format == Format::Json {
        let text = serde_json::to_string_pretty(report)
            .map_err(|e| crate::Error::Invalid(format!("serialising the report: {e}")))?;
        return Ok(Rendered {
            text: text + "\n",
            files: Vec::new(),
        });
    }
    let mut files = Vec::new();
    let mut ctx = serde_json::to_value(report)
        .map_err(|e| crate::Error::Invalid(format!("serialising the report: {e}")))?;
    let mut chart = |series: &[crate::timeline::SeriesPoint],
                     name: String|
     -> Result<serde_json::Value, crate::Error> {
        let svg = super::chart::burnup_svg(series)?;
        Ok(match format {
            Format::Html => json!({"file": null, "svg": svg}),
            _ => match chart_stem {
                Some(stem) => {
                    let file = format!("{stem}-{name}.svg");
                    files.push((file.clone(), svg));
                    json!({"file": file, "svg": null})
                }
                None => json!({"file": null, "svg": null}),
            },
        })
    };
    let overall = chart(&report.burnup, "burnup".to_string())?;
    let mut plan_charts = Vec::new();
    for (i, p) in report.plans.iter().enumerate() {
        plan_charts.push(chart(&p.series, format!("{:02}-{}", i + 1, slug(&p.path)))?);
    }
    if let Some(obj) = ctx.as_object_mut() {
        obj.insert("chart".into(), overall);
        obj.insert(
            "format".into(),
            json!(if format == Format::Html {
                "html"
            } else {
                "markdown"
            }),
        );
        if let Some(plans) = obj.get_mut("plans").and_then(|p| p.as_array_mut()) {
            for (p, c) in plans.iter_mut().zip(plan_charts) {
                if let Some(o) = p.as_object_mut() {
                    o.insert("chart".into(), c);
                }
            }
        }
    }
    let mut env = environment(format);
    let (name, source) = match template {
        Some((n, s)) => (n.to_string(), s.to_string()),
        None => match format {
            Format::Html => ("report.html".to_string(), HTML.to_string()),
            _ => ("report.md".to_string(), MARKDOWN.to_string()),
        },
    };
    env.add_template_owned(name.clone(), source)
        .map_err(|e| template_error(&e))?;
    let tmpl = env.get_template(&name).map_err(|e| template_error(&e))?;
    let value: Value = Serde(ctx).into();
    let text = tmpl.render(value).map_err(|e| template_error(&e))?;
    Ok(Rendered { text, files })
}

/// Write a rendered report to `out` and its chart files beside it (creating
/// the folder), each atomically.
pub fn write(out: &Path, rendered: &Rendered) -> Result<(), crate::Error> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|source| crate::Error::Io {
        path: dir.clone(),
        source,
    })?;
    for (name, content) in &rendered.files {
        crate::write::write_atomic(&dir.join(name), content.as_bytes(), false)?;
    }
    Ok(crate::write::write_atomic(
        out,
        rendered.text.as_bytes(),
        false,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(
            md_escape("a <b> | *c*\n\u{1b}[31m"),
            "a &lt;b&gt; \\| *c* \\u{1b}[31m"
        );
        assert_eq!(md_block("x\n<script>"), "x\n&lt;script&gt;");
        assert_eq!(slug(".agents/active/My Plan.md"), "my-plan");
    }

    #[test]
    fn code_spans_show_their_text_as_written() {
        // Inside a code span `&lt;` would show literally; markdown reads no HTML there.
        assert_eq!(
            md_escape("set `<repoPath>` to <x> | `a|b`"),
            "set `<repoPath>` to &lt;x&gt; \\| `a\\|b`"
        );
        // A double-backtick span holds a single backtick; an unclosed run is text.
        assert_eq!(md_escape("``a ` <b>`` c"), "``a ` <b>`` c");
        assert_eq!(md_escape("` <b>"), "` &lt;b&gt;");
        // An HTML tag cannot start inside a span and run past its end.
        assert_eq!(
            md_escape("`<img title=\"` onerror=\"x\">"),
            "`<img title=\"` onerror=\"x\"&gt;"
        );
        assert_eq!(md_code("<repoPath>"), "`<repoPath>`");
        assert_eq!(md_code("a`b|c"), "``a`b\\|c``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(
            md_block("See `<dir>` and <b>.\n```sh\necho <x>\n```\n<i>"),
            "See `<dir>` and &lt;b&gt;.\n```sh\necho <x>\n```\n&lt;i&gt;"
        );
        // A fence never closed keeps the rest as code, as markdown does.
        assert_eq!(md_block("~~~~\n<x>\n~~~\n<y>"), "~~~~\n<x>\n~~~\n<y>");
    }
}
