//! `plans new`: a fresh plan with every skeleton heading and short guidance.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;
use crate::write::write_atomic;

/// What to create.
#[derive(Debug, Clone)]
pub struct NewPlan {
    /// File name stem: lowercase letters, digits, `-`, `_`, `.`.
    pub slug: String,
    /// Title; defaults to the slug in words.
    pub title: Option<String>,
    /// Owner; defaults to a placeholder the checker will flag.
    pub owner: Option<String>,
    /// Agent / Module; defaults to the slug.
    pub module: Option<String>,
    /// Today's date (UTC).
    pub today: NaiveDate,
}

/// The slug of a name given as the file name: `retry.md` is the slug
/// `retry`, since the plan is written as `<slug>.md` and people type the
/// file they want (`retry.md.md` was never meant).
pub fn slug_of(name: &str) -> &str {
    let n = name.len();
    match name.get(n.saturating_sub(3)..) {
        Some(ext) if n > 3 && ext.eq_ignore_ascii_case(".md") => &name[..n - 3],
        _ => name,
    }
}

/// Check a slug: it becomes a file name, so no separators or dots at the ends.
pub fn validate_slug(slug: &str) -> Result<(), Error> {
    let ok = !slug.is_empty()
        && slug.len() <= 100
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !slug.starts_with(['.', '-'])
        && !slug.ends_with('.');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "`{slug}` is not a usable slug: use letters, digits, `-`, `_` and `.` (e.g. `add-retry-budget`)"
        )))
    }
}

/// Render the plan text.
///
/// Progress starts with no item: the only step known at creation is writing
/// the plan, and an item for it, ticked in a commit of its own as people do,
/// is a tick with no code behind it (EP106), and the plan would read as done
/// (1/1). The first items are the Plan of Work's steps.
pub fn render(p: &NewPlan) -> String {
    let title = p.title.clone().unwrap_or_else(|| {
        let words = p.slug.replace(['-', '_'], " ");
        let mut c = words.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    let owner = p
        .owner
        .clone()
        .unwrap_or_else(|| "<name or team>".to_string());
    let today = p.today.format("%Y-%m-%d");
    let module = p.module.clone().unwrap_or_else(|| p.slug.clone());
    format!(
        "# {title}\n\n\
## Metadata\n\
- **Owner:** {owner}\n\
- **Created:** {today}\n\
- **Last Updated:** {today}\n\
- **Agent / Module:** {module}\n\
- **Related Plans:** None.\n\n\
## Summary\n\
> **Guide:** One sentence: what will be true when this plan is done?\n\n\
## Purpose / Big Picture\n\
> **Guide:** Who gains what, and how will anyone see it? Name the measurable outcome.\n\n\
## Context and Orientation\n\
> **Guide:** Where this fits, the key files with full paths in `code spans`, what was tried before, and the words a newcomer needs. Assume the reader has read no other plan.\n\n\
## Plan of Work\n\
> **Guide:** Numbered steps: the file or module, the change, and how it will be verified. Enough that someone else could pick it up.\n\n\
## Progress\n\
> **Guide:** One item per step of the Plan of Work (`plans add`), each a piece of work in the code. Tick each in or after the commit that does it (`plans tick` stamps the UTC time: `- [x] (YYYY-MM-DD HH:MMZ) …`).\n\n\
## Surprises & Discoveries\n\
> **Guide:** `- Observation: …` then `  Evidence: …` (the measurement, log or commit).\n\n\
None yet.\n\n\
## Decision Log\n\
> **Guide:** `- **Decision:** …`, `- **Rationale:** …`, `- **Date/Author:** YYYY-MM-DD — name` for every material choice.\n\n\
None yet.\n\n\
## Outcomes & Retrospective\n\
> **Guide:** At milestones and at the end: what worked, what did not, impact against the purpose, lessons.\n\n\
Not started yet.\n\n\
## Risks / Open Questions\n\
> **Guide:** Optional. Assumptions that could fail and how success will be verified.\n\n\
None yet.\n\n\
## Next Steps / Handoff Notes\n\
> **Guide:** Optional. What is left for the next contributor, with links.\n\n\
None yet.\n"
    )
}

/// Write a new plan into `dir`; refuses to overwrite. Returns the path.
pub fn create(dir: &Path, p: &NewPlan) -> Result<PathBuf, Error> {
    let p = &NewPlan {
        slug: slug_of(&p.slug).to_string(),
        ..p.clone()
    };
    validate_slug(&p.slug)?;
    let path = dir.join(format!("{}.md", p.slug));
    if path.exists() || path.is_symlink() {
        return Err(Error::Exists { path });
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    write_atomic(&path, render(p).as_bytes(), true)?;
    Ok(path)
}
