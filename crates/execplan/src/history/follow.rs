//! Following a plan moved in from a folder the walk does not track, as
//! `git log --follow` does: the walk sees `.agent/plans/x.md` →
//! `docs/plans/x.md` as a `Renamed { from }` whose `from` lies outside the
//! plans folders. Without the old name's history the move commit would pass for
//! the plan's creation, and every item ticked before it for a tick made there.
//!
//! The old name is followed by a walk of its own, one path per step, from the
//! move commit's first parent down: per-path simplification as in the main walk
//! (a commit TREESAME to a parent for the path leads only to the first such
//! parent; one that differs from every parent is a revision and leads to all),
//! and a whole-tree rename diff only where the path appears (a further move).
//! So the cost is a path lookup per commit on the old name's history, not a
//! diff of every path of every commit. The found revisions join the walk's
//! result as `followed` events (part of the lineage, not of `git log -- p`), in
//! new commits merged into the walk order after the move.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

use gix::bstr::{BStr, BString, ByteSlice};
use gix::ObjectId;

use super::bloom::{ChangedPaths, CommitFilter, PathKeys};
use super::lineage::Event;
use super::walk::{push_file_change, under_prefix, FolderChange, Headers, Raw, Walker};
use super::{ChangeKind, CommitInfo, HistoryError};

/// Follow every move into the tracked folders from an untracked path that has
/// not been followed yet (a cache extension keeps the ones it followed before).
///
/// A move whose old history cannot be read (a partial clone lacks an object)
/// stays unfollowed: the plan's creation is then reported as uncertain
/// ([`super::Certainty::RenamedFromUntracked`]), never invented.
pub(super) fn follow_moves_in(
    repo: &gix::Repository,
    raw: &mut Raw,
    prefixes: &[String],
) -> Result<(), HistoryError> {
    let targets = unfollowed(raw, prefixes);
    if targets.is_empty() {
        return Ok(());
    }
    // Fault injection for the test of an old history that cannot be read.
    // Compiled only into test builds: the shipped binary has no such switch.
    #[cfg(feature = "fault-injection")]
    if std::env::var_os("EXECPLAN_FAULT_FOLLOW").is_some() {
        return Ok(());
    }
    let repo = &super::walk::tuned(repo);
    let mut walker = Walker::new(repo, &[], false)?;
    let bloom = walker.bloom.take();
    // Shared by the follows: moves often come in batches (a folder of plans moved
    // at once), and each follow would read the same old commits again.
    let mut seen = Seen::default();
    let mut found = Found::default();
    for (at, from) in targets {
        let Some(start) = raw.commits.get(at).map(|c| c.id) else {
            continue;
        };
        let mut one = Found::default();
        match follow(
            &mut walker,
            bloom.as_ref(),
            &mut seen,
            start,
            from,
            &mut one,
        ) {
            Ok(()) => found.absorb(one, at),
            // Unreadable old history leaves the move uncertain; nothing else fails.
            Err(_) => continue,
        }
    }
    found.merge_into(&mut walker, raw)
}

/// The moves in to follow: `(walk index of the move, old path)`. One whose
/// old name already has older events was followed before.
fn unfollowed(raw: &Raw, prefixes: &[String]) -> Vec<(usize, BString)> {
    let mut oldest: HashMap<&BStr, usize> = HashMap::new();
    for e in &raw.events {
        let slot = oldest.entry(e.path.as_bstr()).or_insert(e.commit);
        *slot = (*slot).max(e.commit);
    }
    let mut out: Vec<(usize, BString)> = raw
        .events
        .iter()
        .filter_map(|e| match &e.change {
            ChangeKind::Renamed { from } if !under_prefix(from.as_bstr(), prefixes) => {
                let done = oldest.get(from.as_bstr()).is_some_and(|&o| o > e.commit);
                (!done).then(|| (e.commit, from.clone()))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What following found: revisions of old names, by commit, in the order the
/// follow met the commits (children before parents).
#[derive(Default)]
struct Found {
    /// Commits in follow order, each with the walk index of the move it lies
    /// below (it must come after that move in the walk order).
    commits: Vec<(ObjectId, usize, bool)>,
    seen: HashSet<ObjectId>,
    events: Vec<(ObjectId, FolderChange)>,
}

impl Found {
    fn note(&mut self, id: ObjectId, boundary: bool) {
        if self.seen.insert(id) {
            self.commits.push((id, 0, boundary));
        }
    }

    /// Take in one follow's result, found below the move at walk index `at`.
    fn absorb(&mut self, other: Found, at: usize) {
        for (id, _, boundary) in other.commits {
            if self.seen.insert(id) {
                self.commits.push((id, at, boundary));
            } else if let Some(c) = self.commits.iter_mut().find(|c| c.0 == id) {
                c.1 = c.1.max(at);
            }
        }
        self.events.extend(other.events);
    }

    /// Put the found revisions into `raw`: new commits merged into the walk
    /// order (newest committer date first, each after the move it lies below,
    /// the follow's own order kept), every index remapped.
    fn merge_into(self, walker: &mut Walker<'_>, raw: &mut Raw) -> Result<(), HistoryError> {
        if self.events.is_empty() {
            return Ok(());
        }
        let known: HashMap<ObjectId, usize> = raw
            .commits
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let with_events: HashSet<ObjectId> = self.events.iter().map(|(id, _)| *id).collect();
        let mut fresh: Vec<(CommitInfo, usize)> = Vec::new();
        for (id, at, boundary) in self.commits {
            if known.contains_key(&id) || !with_events.contains(&id) {
                continue;
            }
            let merge = commit_parents(walker, id)?.len() > 1;
            fresh.push((walker.commit_info(id, merge, boundary)?, at));
        }
        if fresh.iter().any(|(c, _)| c.at_shallow_boundary) {
            raw.shallow = true;
        }
        // Merge two sequences, each keeping its order.
        let old = std::mem::take(&mut raw.commits);
        let mut remap = vec![0usize; old.len()];
        let mut merged: Vec<CommitInfo> = Vec::with_capacity(old.len() + fresh.len());
        let mut fresh = fresh.into_iter().peekable();
        for (i, c) in old.into_iter().enumerate() {
            while let Some((f, at)) = fresh.peek() {
                // Below its move, and newer than what comes next.
                if *at < i && f.committed > c.committed {
                    if let Some((f, _)) = fresh.next() {
                        merged.push(f);
                    }
                } else {
                    break;
                }
            }
            remap[i] = merged.len();
            merged.push(c);
        }
        merged.extend(fresh.map(|(f, _)| f));
        let index: HashMap<ObjectId, usize> =
            merged.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        for e in &mut raw.events {
            e.commit = remap.get(e.commit).copied().unwrap_or(e.commit);
        }
        for (id, change) in self.events {
            let Some(&commit) = index.get(&id) else {
                continue;
            };
            raw.events.push(Event {
                commit,
                path: change.path,
                blob: change.blob,
                change: change.kind,
                followed: true,
            });
        }
        // Events stay in walk order: lineages read each path's newest first.
        raw.events.sort_by_key(|e| e.commit);
        raw.commits = merged;
        Ok(())
    }
}

fn commit_parents(walker: &Walker<'_>, id: ObjectId) -> Result<Vec<ObjectId>, HistoryError> {
    Ok(load(walker, id)?.parents)
}

/// A commit as the follow needs it: root tree, parents as git sees them
/// (none at a shallow boundary), committer time.
fn load(walker: &Walker<'_>, id: ObjectId) -> Result<Headers, HistoryError> {
    walker.headers(id, &mut Vec::new(), None)
}

/// The blob at `path` in tree `tree` (a file, link or executable; not a folder
/// or submodule).
fn file_at(
    walker: &Walker<'_>,
    tree: ObjectId,
    path: &BStr,
) -> Result<Option<ObjectId>, HistoryError> {
    let mut current = tree;
    let mut buf = Vec::new();
    let mut parts = path.split_str("/").peekable();
    while let Some(name) = parts.next() {
        let last = parts.peek().is_none();
        let bad =
            |e: gix::objs::find::Error| HistoryError::git(format!("reading tree {current}"), e);
        let mut next = None;
        for entry in walker.reader.tree(current, &mut buf).map_err(bad)? {
            let entry = entry.map_err(|e| bad(e.into()))?;
            if entry.filename == name {
                let mode = entry.mode;
                let wanted = if last {
                    !mode.is_tree() && !mode.is_commit()
                } else {
                    mode.is_tree()
                };
                next = wanted.then(|| entry.oid.to_owned());
                break;
            }
        }
        match next {
            Some(id) if last => return Ok(Some(id)),
            Some(id) => current = id,
            None => return Ok(None),
        }
    }
    Ok(None)
}

/// What the follows learn of commits and paths, kept across them.
#[derive(Default)]
struct Seen<'b> {
    nodes: HashMap<ObjectId, Headers>,
    /// Per commit: its changed-path filter, when there is one whose trees are the
    /// ones read here.
    filters: HashMap<ObjectId, Option<CommitFilter<'b>>>,
    keys: HashMap<BString, Option<PathKeys>>,
}

/// The state of one follow: commits still to visit, with the paths to look
/// for in each, newest committer date first.
#[derive(Default)]
struct Queue {
    pending: HashMap<ObjectId, BTreeSet<BString>>,
    nodes: HashMap<ObjectId, Headers>,
    ready: BinaryHeap<(i64, Reverse<u64>, ObjectId)>,
    order: u64,
}

impl Queue {
    fn node(&mut self, walker: &Walker<'_>, id: ObjectId) -> Result<&Headers, HistoryError> {
        match self.nodes.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => Ok(e.insert(load(walker, id)?)),
        }
    }

    /// Look for `path` in commit `id`.
    fn push(
        &mut self,
        walker: &Walker<'_>,
        id: ObjectId,
        path: BString,
    ) -> Result<(), HistoryError> {
        let time = self.node(walker, id)?.time;
        let set = self.pending.entry(id).or_default();
        if set.is_empty() {
            self.order += 1;
            self.ready.push((time, Reverse(self.order), id));
        }
        set.insert(path);
        Ok(())
    }
}

/// Follow `path` from the first parent of the move commit `moved` down.
fn follow<'b>(
    walker: &mut Walker<'_>,
    bloom: Option<&'b ChangedPaths>,
    seen: &mut Seen<'b>,
    moved: ObjectId,
    path: BString,
    out: &mut Found,
) -> Result<(), HistoryError> {
    let mut q = Queue {
        nodes: std::mem::take(&mut seen.nodes),
        ..Queue::default()
    };
    let result = follow_in(walker, bloom, seen, &mut q, moved, path, out);
    seen.nodes = std::mem::take(&mut q.nodes);
    result
}

/// [`follow`] with its queue.
fn follow_in<'b>(
    walker: &mut Walker<'_>,
    bloom: Option<&'b ChangedPaths>,
    seen: &mut Seen<'b>,
    q: &mut Queue,
    moved: ObjectId,
    path: BString,
    out: &mut Found,
) -> Result<(), HistoryError> {
    let Some(&start) = q.node(walker, moved)?.parents.first() else {
        return Ok(());
    };
    let mut done: HashSet<(ObjectId, BString)> = HashSet::new();
    q.push(walker, start, path)?;
    while let Some((_, _, id)) = q.ready.pop() {
        let Some(paths) = q.pending.remove(&id) else {
            continue;
        };
        let (tree, parents, boundary) = {
            let n = q.node(walker, id)?;
            (n.tree, n.parents.clone(), n.boundary)
        };
        // The changed-path filter against the first parent, when it compares the
        // trees read here: a path it says is unchanged is TREESAME to the first
        // parent, which is where the tree reads below would send it too.
        let filter = match (bloom, parents.first()) {
            (Some(bloom), Some(&first)) => match seen.filters.get(&id) {
                Some(f) => f.clone(),
                None => {
                    let first_tree = q.node(walker, first)?.tree;
                    let f = bloom
                        .commit(&id, &tree, &first)
                        .filter(|f| f.parent_tree == first_tree);
                    seen.filters.insert(id, f.clone());
                    f
                }
            },
            _ => None,
        };
        for p in paths {
            if !done.insert((id, p.clone())) {
                continue;
            }
            if let Some(f) = &filter {
                let k = seen
                    .keys
                    .entry(p.clone())
                    .or_insert_with(|| PathKeys::new(&p));
                if k.as_ref().is_some_and(|k| f.unchanged(k)) {
                    q.push(walker, parents[0], p)?;
                    continue;
                }
            }
            let here = file_at(walker, tree, p.as_bstr())?;
            if parents.is_empty() {
                if let Some(blob) = here {
                    out.note(id, boundary);
                    out.events.push((id, change(&p, blob, ChangeKind::Added)));
                }
                continue;
            }
            let mut before = Vec::with_capacity(parents.len());
            for parent in &parents {
                let ptree = q.node(walker, *parent)?.tree;
                before.push(file_at(walker, ptree, p.as_bstr())?);
            }
            if let Some(k) = before.iter().position(|b| *b == here) {
                q.push(walker, parents[k], p)?;
                continue;
            }
            match here {
                None => {
                    if let Some(blob) = before.iter().flatten().next().copied() {
                        out.note(id, boundary);
                        out.events.push((id, change(&p, blob, ChangeKind::Deleted)));
                    }
                    for parent in &parents {
                        q.push(walker, *parent, p.clone())?;
                    }
                }
                Some(blob) if before.iter().all(Option::is_none) => {
                    out.note(id, boundary);
                    let first = parents[0];
                    let ptree = q.node(walker, first)?.tree;
                    match moved_from(walker, Some(ptree), tree, &p)? {
                        Some(from) => {
                            let kind = ChangeKind::Renamed { from: from.clone() };
                            out.events.push((id, change(&p, blob, kind)));
                            q.push(walker, first, from)?;
                        }
                        None => out.events.push((id, change(&p, blob, ChangeKind::Added))),
                    }
                }
                Some(blob) => {
                    out.note(id, boundary);
                    out.events
                        .push((id, change(&p, blob, ChangeKind::Modified)));
                    for parent in &parents {
                        q.push(walker, *parent, p.clone())?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn change(path: &BString, blob: ObjectId, kind: ChangeKind) -> FolderChange {
    FolderChange {
        path: path.clone(),
        blob,
        kind,
    }
}

/// The path `path` was renamed from between `old` and `new` (a whole-tree
/// rename diff, as git's), if it was.
fn moved_from(
    walker: &mut Walker<'_>,
    old: Option<ObjectId>,
    new: ObjectId,
    path: &BString,
) -> Result<Option<BString>, HistoryError> {
    let old = walker.read_tree(old)?;
    let new = walker.read_tree(Some(new))?;
    let mut changes = Vec::new();
    for c in walker.gix_tree_changes(&old, &new, "", true)? {
        push_file_change(c, "", &mut changes);
    }
    Ok(changes.into_iter().find_map(|c| match c.kind {
        ChangeKind::Renamed { from } if &c.path == path => Some(from),
        _ => None,
    }))
}
