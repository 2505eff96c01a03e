//! Naming a plan: a path to its file, or its slug (the file name without
//! `.md`) among the plans the configuration finds.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::discover::discover;
use crate::error::Error;
use crate::plans::ReadPlan;
use crate::source::Source;

/// The plan file `name` refers to, absolute. A path to an existing file wins;
/// otherwise `name` is a slug: an exact file stem, else the one stem that
/// contains it. Nothing or several: [`Error::Choice`] with the candidates.
pub fn resolve(root: &Path, cwd: &Path, config: &Config, name: &str) -> Result<PathBuf, Error> {
    let direct = cwd.join(name);
    if direct.is_file() {
        return Ok(direct);
    }
    let found = discover(root, config, &[])?;
    let plans: Vec<&PathBuf> = found
        .files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .collect();
    let slug = name.strip_suffix(".md").unwrap_or(name);
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let exact: Vec<&PathBuf> = plans
        .iter()
        .copied()
        .filter(|p| stem(p) == slug || p.as_path() == Path::new(name))
        .collect();
    let lower = slug.to_lowercase();
    let close: Vec<&PathBuf> = plans
        .iter()
        .copied()
        .filter(|p| !lower.is_empty() && stem(p).to_lowercase().contains(&lower))
        .collect();
    let shown =
        |ps: &[&PathBuf]| -> Vec<String> { ps.iter().map(|p| p.display().to_string()).collect() };
    let pick = if exact.is_empty() { &close } else { &exact };
    match pick.as_slice() {
        [one] => Ok(absolute(root, one)),
        [] => Err(Error::Choice {
            message: format!(
                "no plan named `{name}` (neither a file nor a slug); name one of these"
            ),
            candidates: shown(&plans),
        }),
        many => Err(Error::Choice {
            message: format!("`{name}` names several plans; give the path or the whole slug"),
            candidates: shown(many),
        }),
    }
}

fn absolute(root: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        root.join(p)
    }
}

/// The plan `name` refers to ([`resolve`]), read and parsed, under its path
/// relative to the root.
pub fn read(root: &Path, cwd: &Path, config: &Config, name: &str) -> Result<ReadPlan, Error> {
    let path = resolve(root, cwd, config, name)?;
    let rel = crate::discover::rel(root, &path).to_path_buf();
    let bytes = std::fs::read(&path).map_err(|source| Error::Io {
        path: rel.clone(),
        source,
    })?;
    let source = Source::from_bytes(&rel, bytes)?;
    let plan = crate::parse::parse(&source, &config.parse_options());
    Ok(ReadPlan {
        path: rel,
        source,
        plan,
    })
}
