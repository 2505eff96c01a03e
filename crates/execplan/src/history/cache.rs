//! A cache of walk results under the repository's git directory, keyed by
//! the commit walked from: a re-run with nothing new reads one small file
//! instead of walking the whole graph.
//!
//! One file per configuration (`<common git dir>/execplan/history-<hash>.json`,
//! the hash of the folder prefixes), holding the key it was made for: the
//! start commit, the prefixes, the shallow boundary (a `fetch --unshallow`
//! changes history without moving HEAD) and the replace refs in effect (so does
//! `git replace --graft`). Objects are immutable, so an equal
//! key means an equal walk. A missing, stale or unreadable cache is simply
//! walked again; a cache that cannot be written is not an error.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::{
    BString, Certainty, ChangeKind, CommitInfo, FileLineage, FileRevision, History, HistoryError,
    WalkOptions,
};

/// Bumped whenever the walk's meaning or this format changes.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    key: String,
    head: Option<String>,
    shallow: bool,
    commits: Vec<Commit>,
    files: Vec<Lineage>,
    by_path: Vec<(Vec<u8>, Vec<Rev>)>,
    certainty: Vec<Cert>,
}

#[derive(Serialize, Deserialize)]
struct Commit {
    id: String,
    author: String,
    email: String,
    time: chrono::DateTime<chrono::Utc>,
    offset: i32,
    committed: chrono::DateTime<chrono::Utc>,
    summary: String,
    merge: bool,
    boundary: bool,
}

#[derive(Serialize, Deserialize)]
struct Lineage {
    path: Vec<u8>,
    deleted: bool,
    revisions: Vec<Rev>,
}

#[derive(Serialize, Deserialize)]
struct Rev {
    commit: usize,
    path: Vec<u8>,
    blob: String,
    change: Change,
}

#[derive(Serialize, Deserialize)]
enum Change {
    Added,
    Modified,
    Renamed(Vec<u8>),
    RenamedAway(Vec<u8>),
    Deleted,
}

#[derive(Serialize, Deserialize)]
enum Cert {
    Exact,
    ShallowBoundary,
    RenamedFromUntracked(Vec<u8>),
}

/// [`super::walk`], served from the cache when the key matches.
pub fn walk_cached(repo: &gix::Repository, opts: &WalkOptions) -> Result<History, HistoryError> {
    if std::env::var_os("EXECPLAN_NO_CACHE").is_some() {
        return super::walk(repo, opts);
    }
    let Some(head) = super::walk::resolve(repo, &opts.rev)? else {
        return super::walk(repo, opts);
    };
    let key = key(repo, opts, head);
    let path = location(repo, opts);
    if let Some(h) = read(&path, &key) {
        return Ok(h);
    }
    let history = super::walk(repo, opts)?;
    write(&path, &key, &history);
    Ok(history)
}

fn key(repo: &gix::Repository, opts: &WalkOptions, head: ObjectId) -> String {
    let mut boundary: Vec<String> = repo
        .shallow_commits()
        .ok()
        .flatten()
        .map(|c| c.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    boundary.sort();
    let mut replaced: Vec<String> = super::packed::replacements(repo)
        .into_iter()
        .map(|(from, to)| format!("{from}:{to}"))
        .collect();
    replaced.sort();
    format!(
        "v{FORMAT} {} head={head} prefixes={:?} only_md={} shallow={} replace={}",
        env!("CARGO_PKG_VERSION"),
        opts.prefixes,
        opts.only_md,
        boundary.join(","),
        replaced.join(",")
    )
}

fn location(repo: &gix::Repository, opts: &WalkOptions) -> PathBuf {
    // A stable name per configuration; the full key is checked inside.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&opts.prefixes, opts.only_md).hash(&mut h);
    repo.common_dir()
        .join("execplan")
        .join(format!("history-{:016x}.json", h.finish()))
}

fn oid(hex: &str) -> Option<ObjectId> {
    ObjectId::from_hex(hex.as_bytes()).ok()
}

fn read(path: &std::path::Path, key: &str) -> Option<History> {
    let bytes = std::fs::read(path).ok()?;
    let f: File = serde_json::from_slice(&bytes).ok()?;
    if f.format != FORMAT || f.key != key {
        return None;
    }
    let rev = |r: Rev| -> Option<FileRevision> {
        Some(FileRevision {
            commit: r.commit,
            path: BString::from(r.path),
            blob: oid(&r.blob)?,
            change: match r.change {
                Change::Added => ChangeKind::Added,
                Change::Modified => ChangeKind::Modified,
                Change::Renamed(from) => ChangeKind::Renamed { from: from.into() },
                Change::RenamedAway(to) => ChangeKind::RenamedAway { to: to.into() },
                Change::Deleted => ChangeKind::Deleted,
            },
        })
    };
    let commits = f
        .commits
        .into_iter()
        .map(|c| {
            let id = oid(&c.id)?;
            Some(CommitInfo {
                short: id.to_hex_with_len(7).to_string(),
                id,
                author: c.author,
                email: c.email,
                time: c.time,
                offset: c.offset,
                committed: c.committed,
                summary: c.summary,
                is_merge: c.merge,
                at_shallow_boundary: c.boundary,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let files = f
        .files
        .into_iter()
        .map(|l| {
            Some(FileLineage {
                path: l.path.into(),
                deleted: l.deleted,
                revisions: l
                    .revisions
                    .into_iter()
                    .map(rev)
                    .collect::<Option<Vec<_>>>()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let by_path = f
        .by_path
        .into_iter()
        .map(|(p, revs)| {
            Some((
                BString::from(p),
                revs.into_iter().map(rev).collect::<Option<Vec<_>>>()?,
            ))
        })
        .collect::<Option<BTreeMap<_, _>>>()?;
    let certainty = f
        .certainty
        .into_iter()
        .map(|c| match c {
            Cert::Exact => Certainty::Exact,
            Cert::ShallowBoundary => Certainty::ShallowBoundary,
            Cert::RenamedFromUntracked(from) => {
                Certainty::RenamedFromUntracked { from: from.into() }
            }
        })
        .collect();
    Some(History {
        head: match f.head {
            Some(h) => Some(oid(&h)?),
            None => None,
        },
        shallow: f.shallow,
        commits,
        files,
        by_path,
        certainty,
    })
}

fn write(path: &std::path::Path, key: &str, h: &History) {
    let rev = |r: &FileRevision| Rev {
        commit: r.commit,
        path: r.path.to_vec(),
        blob: r.blob.to_string(),
        change: match &r.change {
            ChangeKind::Added => Change::Added,
            ChangeKind::Modified => Change::Modified,
            ChangeKind::Renamed { from } => Change::Renamed(from.to_vec()),
            ChangeKind::RenamedAway { to } => Change::RenamedAway(to.to_vec()),
            ChangeKind::Deleted => Change::Deleted,
        },
    };
    let f = File {
        format: FORMAT,
        key: key.to_string(),
        head: h.head.map(|id| id.to_string()),
        shallow: h.shallow,
        commits: h
            .commits
            .iter()
            .map(|c| Commit {
                id: c.id.to_string(),
                author: c.author.clone(),
                email: c.email.clone(),
                time: c.time,
                offset: c.offset,
                committed: c.committed,
                summary: c.summary.clone(),
                merge: c.is_merge,
                boundary: c.at_shallow_boundary,
            })
            .collect(),
        files: h
            .files
            .iter()
            .map(|l| Lineage {
                path: l.path.to_vec(),
                deleted: l.deleted,
                revisions: l.revisions.iter().map(rev).collect(),
            })
            .collect(),
        by_path: h
            .by_path
            .iter()
            .map(|(p, revs)| (p.to_vec(), revs.iter().map(rev).collect()))
            .collect(),
        certainty: h
            .certainty
            .iter()
            .map(|c| match c {
                Certainty::Exact => Cert::Exact,
                Certainty::ShallowBoundary => Cert::ShallowBoundary,
                Certainty::RenamedFromUntracked { from } => {
                    Cert::RenamedFromUntracked(from.to_vec())
                }
            })
            .collect(),
    };
    let Ok(bytes) = serde_json::to_vec(&f) else {
        return;
    };
    if let Some(dir) = path.parent() {
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
    }
    // A read-only repository or a full disk must not fail the command.
    let _ = crate::write::write_atomic(path, &bytes, false);
}
