//! A cache of tick evidence under the repository's git directory, so a
//! re-run diffs only the commit pairs it has not seen.
//!
//! One file per scope (`<common git dir>/execplan/evidence-<hash>.json`, the
//! hash of the plans entries and the `evidence` globs), holding the format
//! version and the scope it was made for, then one entry per
//! `(previous revision, tick)` pair. Objects are immutable, so an equal pair
//! in an equal scope means equal evidence, except for the commit list, which
//! a shallow boundary cuts short: a shallow repository is never cached. A
//! missing, stale or unreadable cache is simply recomputed; a cache that
//! cannot be written is not an error. `EXECPLAN_NO_CACHE` turns it off.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Evidence;
use crate::config::Config;
use crate::history::{ObjectId, Repo};

/// Bumped whenever evidence's meaning or this format changes.
const FORMAT: u32 = 1;

/// A `(previous revision, tick)` pair.
pub(super) type Pair = (Option<ObjectId>, ObjectId);

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    scope: String,
    /// `(previous revision or "", tick, evidence)`.
    entries: Vec<(String, String, Evidence)>,
}

/// The evidence known so far, and where it is kept.
pub(super) struct Cache {
    path: Option<PathBuf>,
    scope: String,
    entries: HashMap<Pair, Evidence>,
    added: bool,
}

impl Cache {
    /// The cache for `config`'s scope in `repo`, read from disk when there is one.
    pub(super) fn open(repo: &Repo, config: &Config) -> Self {
        let scope = format!("plans={:?} evidence={:?}", config.plans, config.evidence);
        let off = std::env::var_os("EXECPLAN_NO_CACHE").is_some() || repo.is_shallow();
        let path = (!off).then(|| {
            // A stable name per scope; the full scope is checked inside.
            let mut h = std::collections::hash_map::DefaultHasher::new();
            scope.hash(&mut h);
            repo.common_dir()
                .join("execplan")
                .join(format!("evidence-{:016x}.json", h.finish()))
        });
        let entries = path
            .as_ref()
            .and_then(|p| read(p, &scope))
            .unwrap_or_default();
        Self {
            path,
            scope,
            entries,
            added: false,
        }
    }

    /// The evidence of `pair`, when known.
    pub(super) fn get(&self, pair: &Pair) -> Option<&Evidence> {
        self.entries.get(pair)
    }

    /// Remember the evidence of `pair`.
    pub(super) fn insert(&mut self, pair: Pair, e: Evidence) {
        self.entries.insert(pair, e);
        self.added = true;
    }

    /// Write the cache back when something was added; failures are ignored
    /// (a read-only repository or a full disk must not fail the command).
    pub(super) fn save(&self) {
        let Some(path) = self.path.as_ref().filter(|_| self.added) else {
            return;
        };
        let mut entries: Vec<(String, String, Evidence)> = self
            .entries
            .iter()
            .map(|((prev, tick), e)| {
                let prev = prev.map(|p| p.to_string()).unwrap_or_default();
                (prev, tick.to_string(), e.clone())
            })
            .collect();
        entries.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let file = File {
            format: FORMAT,
            scope: self.scope.clone(),
            entries,
        };
        let Some(bytes) = serde_json::to_vec(&file)
            .ok()
            .and_then(|b| crate::history::seal(&b))
        else {
            return;
        };
        if let Some(dir) = path.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return;
            }
        }
        let _ = crate::write::write_atomic(path, &bytes, false);
    }
}

fn read(path: &std::path::Path, scope: &str) -> Option<HashMap<Pair, Evidence>> {
    let bytes = std::fs::read(path).ok()?;
    let f: File = serde_json::from_slice(crate::history::unseal(&bytes)?).ok()?;
    if f.format != FORMAT || f.scope != scope {
        return None;
    }
    let oid = |hex: &str| ObjectId::from_hex(hex.as_bytes()).ok();
    let mut out = HashMap::new();
    for (prev, tick, e) in f.entries {
        let prev = match prev.as_str() {
            "" => None,
            hex => Some(oid(hex)?),
        };
        out.insert((prev, oid(&tick)?), e);
    }
    Some(out)
}
