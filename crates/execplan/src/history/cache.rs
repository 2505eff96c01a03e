//! A cache of walk results under the repository's git directory: a re-run
//! with nothing new reads one small file instead of walking the whole graph,
//! and a run after new commits walks only those.
//!
//! One file per configuration (`<common git dir>/execplan/history-<hash>.bin`, postcard,
//! the hash of the folder prefixes), holding the configuration it was made for
//! (the prefixes, the shallow boundary — a `fetch --unshallow` changes history
//! without moving HEAD — and the replace refs in effect, as `git replace --graft`
//! does too), the commit walked from, and the walk's commits and file events
//! before lineages are joined. Objects are immutable, so the same configuration
//! and start commit mean the same walk. When only the start commit differs and
//! the cached one is an ancestor of the new one, the new commits are walked and
//! put in front of the cached ones ([`extend`]); a rewritten history (amend,
//! rebase, reset), or new commits a fresh walk would enter the old ones through
//! elsewhere, is walked again from scratch. A missing, stale or unreadable cache
//! is simply walked again; a cache that cannot be written is not an error.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::lineage::Event;
use super::walk::Raw;
use super::{BString, ChangeKind, CommitInfo, History, HistoryError, Repo, WalkOptions};

/// Bumped whenever the walk's meaning or this format changes.
const FORMAT: u32 = 5;

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    config: String,
    /// Ids are raw bytes, times whole seconds since the epoch (git's own).
    head: Vec<u8>,
    shallow: bool,
    /// Walk order: newest first.
    commits: Vec<Commit>,
    /// Walk order; `commit` indexes `commits`.
    events: Vec<Ev>,
}

#[derive(Serialize, Deserialize)]
struct Ev {
    commit: usize,
    path: Vec<u8>,
    blob: Vec<u8>,
    change: CachedChange,
    followed: bool,
}

#[derive(Serialize, Deserialize)]
struct Commit {
    id: Vec<u8>,
    author: String,
    email: String,
    time: i64,
    offset: i32,
    committed: i64,
    summary: String,
    merge: bool,
    boundary: bool,
}

#[derive(Serialize, Deserialize)]
enum CachedChange {
    Added,
    Modified,
    Renamed(Vec<u8>),
    RenamedAway(Vec<u8>),
    Deleted,
}

/// How [`walk_cached_with_outcome`] got its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheOutcome {
    /// A whole walk: no usable cache, the cache is off, or history was rewritten.
    Walked,
    /// The cache was for this very commit.
    Served,
    /// The cache was for an ancestor; only the commits since were walked.
    Extended {
        /// How many commits were new (`git rev-list --count cached..head`).
        new_commits: usize,
    },
}

/// [`super::walk`], served from the cache when the configuration and start commit
/// match, extended from it when the cached start commit is an ancestor.
pub fn walk_cached(repo: &Repo, opts: &WalkOptions) -> Result<History, HistoryError> {
    Ok(walk_cached_with_outcome(repo, opts)?.0)
}

/// [`walk_cached`], also saying whether the cache served, extended or was bypassed.
pub fn walk_cached_with_outcome(
    repo: &Repo,
    opts: &WalkOptions,
) -> Result<(History, CacheOutcome), HistoryError> {
    if std::env::var_os("EXECPLAN_NO_CACHE").is_some() {
        return Ok((super::walk(repo, opts)?, CacheOutcome::Walked));
    }
    let Some(head) = repo.resolve_or_unborn(&opts.rev)? else {
        return Ok((super::walk(repo, opts)?, CacheOutcome::Walked));
    };
    let config = config(repo.gix(), opts);
    let path = location(repo.common_dir(), opts);
    let (raw, outcome) = match read(&path, &config) {
        Some(cached) if cached.head == Some(head) => {
            return Ok((cached.into_history(), CacheOutcome::Served))
        }
        Some(cached) => match extend(repo, opts, cached, head)? {
            Some((raw, new_commits)) => (raw, CacheOutcome::Extended { new_commits }),
            None => (super::walk::walk_raw(repo, opts)?, CacheOutcome::Walked),
        },
        None => (super::walk::walk_raw(repo, opts)?, CacheOutcome::Walked),
    };
    write(&path, &config, &raw);
    Ok((raw.into_history(), outcome))
}

/// `old` extended to `head`: the walk of the commits reachable from `head` but not
/// from `old.head`, in front of `old`'s. `None` when only a fresh walk is exact: the
/// cached head is not an ancestor of `head` (history was rewritten), the repository
/// is shallow or has replace refs (git's reachability and ours could part), or the
/// new commits would enter the old ones other than through the cached head with
/// every path (see [`super::walk::walk_new`]; e.g. a merge of a branch that changed
/// plans and forked before the cached head).
fn extend(
    repo: &Repo,
    opts: &WalkOptions,
    old: Raw,
    head: ObjectId,
) -> Result<Option<(Raw, usize)>, HistoryError> {
    let Some(old_head) = old.head else {
        return Ok(None);
    };
    if repo.is_shallow() || !super::packed::replacements(repo.gix()).is_empty() {
        return Ok(None);
    }
    let Some(new) = new_commits(repo.gix(), head, old_head) else {
        return Ok(None);
    };
    let count = new.len();
    let Some(mut raw) = super::walk::walk_new(repo, opts, head, old_head, new)? else {
        return Ok(None);
    };
    let shift = raw.commits.len();
    raw.commits.extend(old.commits);
    raw.events.extend(old.events.into_iter().map(|mut e| {
        e.commit += shift;
        e
    }));
    raw.shallow |= old.shallow;
    // Moves in among the new commits; the old ones were followed when cached.
    let prefixes = super::walk::normalize_prefixes(&opts.prefixes)?;
    super::follow::follow_moves_in(repo.gix(), &mut raw, &prefixes)?;
    Ok(Some((raw, count)))
}

/// The commits reachable from `head` and not from `old_head` (`git rev-list
/// old_head..head`), or `None` when `old_head` is not an ancestor of `head` or
/// the graph cannot be read (a fresh walk then reports what is wrong).
fn new_commits(
    repo: &gix::Repository,
    head: ObjectId,
    old_head: ObjectId,
) -> Option<gix::hashtable::HashSet<ObjectId>> {
    let walk = repo.rev_walk([head]).with_hidden([old_head]).all().ok()?;
    let mut new = gix::hashtable::HashSet::default();
    let mut descends = false;
    for info in walk {
        let info = info.ok()?;
        descends |= info.parent_ids.contains(&old_head);
        new.insert(info.id);
    }
    descends.then_some(new)
}

fn config(repo: &gix::Repository, opts: &WalkOptions) -> String {
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
        "v{FORMAT} {} prefixes={:?} only_md={} shallow={} replace={}",
        env!("CARGO_PKG_VERSION"),
        opts.prefixes,
        opts.only_md,
        boundary.join(","),
        replaced.join(",")
    )
}

fn location(common_dir: &std::path::Path, opts: &WalkOptions) -> PathBuf {
    // A stable name per configuration; the full key is checked inside.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&opts.prefixes, opts.only_md).hash(&mut h);
    common_dir
        .join("execplan")
        .join(format!("history-{:016x}.bin", h.finish()))
}

fn oid(bytes: &[u8]) -> Option<ObjectId> {
    ObjectId::try_from(bytes).ok()
}

fn at(secs: i64) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(secs, 0)
}

fn read(path: &std::path::Path, config: &str) -> Option<Raw> {
    let bytes = std::fs::read(path).ok()?;
    let f: File = postcard::from_bytes(super::seal::unseal(&bytes)?).ok()?;
    if f.format != FORMAT || f.config != config {
        return None;
    }
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
                time: at(c.time)?,
                offset: c.offset,
                committed: at(c.committed)?,
                summary: c.summary,
                is_merge: c.merge,
                at_shallow_boundary: c.boundary,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = commits.len();
    let events = f
        .events
        .into_iter()
        .map(|e| {
            // An index past the commits would be a corrupt file, not a walk.
            (e.commit < n).then_some(())?;
            Some(Event {
                commit: e.commit,
                path: BString::from(e.path),
                blob: oid(&e.blob)?,
                change: match e.change {
                    CachedChange::Added => ChangeKind::Added,
                    CachedChange::Modified => ChangeKind::Modified,
                    CachedChange::Renamed(from) => ChangeKind::Renamed { from: from.into() },
                    CachedChange::RenamedAway(to) => ChangeKind::RenamedAway { to: to.into() },
                    CachedChange::Deleted => ChangeKind::Deleted,
                },
                followed: e.followed,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Raw {
        head: Some(oid(&f.head)?),
        shallow: f.shallow,
        commits,
        events,
    })
}

fn write(path: &std::path::Path, config: &str, raw: &Raw) {
    let Some(head) = raw.head else {
        return;
    };
    let f = File {
        format: FORMAT,
        config: config.to_string(),
        head: head.as_slice().to_vec(),
        shallow: raw.shallow,
        commits: raw
            .commits
            .iter()
            .map(|c| Commit {
                id: c.id.as_slice().to_vec(),
                author: c.author.clone(),
                email: c.email.clone(),
                time: c.time.timestamp(),
                offset: c.offset,
                committed: c.committed.timestamp(),
                summary: c.summary.clone(),
                merge: c.is_merge,
                boundary: c.at_shallow_boundary,
            })
            .collect(),
        events: raw
            .events
            .iter()
            .map(|e| Ev {
                commit: e.commit,
                path: e.path.to_vec(),
                blob: e.blob.as_slice().to_vec(),
                change: match &e.change {
                    ChangeKind::Added => CachedChange::Added,
                    ChangeKind::Modified => CachedChange::Modified,
                    ChangeKind::Renamed { from } => CachedChange::Renamed(from.to_vec()),
                    ChangeKind::RenamedAway { to } => CachedChange::RenamedAway(to.to_vec()),
                    ChangeKind::Deleted => CachedChange::Deleted,
                },
                followed: e.followed,
            })
            .collect(),
    };
    let Some(bytes) = postcard::to_stdvec(&f)
        .ok()
        .and_then(|b| super::seal::seal(&b))
    else {
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
