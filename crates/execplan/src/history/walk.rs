//! The one-pass walk: load the (simplified) commit graph, then process it children
//! first, diffing only tracked folder subtrees that changed. See the module docs of
//! [`crate::history`] for the definitions this implements.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use gix::bstr::{BStr, BString, ByteSlice};
use gix::diff::tree_with_rewrites::{Change as GixChange, Options as DiffOptions};
use gix::objs::commit::ref_iter::Token;
use gix::ObjectId;

use super::bloom::{ChangedPaths, PathKeys};
use super::lineage::{build, Event};
use super::packed::PackedReader;
use super::pathset::{PathId, PathSet};
use super::{ChangeKind, CommitInfo, History, HistoryError, Repo, WalkOptions};

/// Where a walk that only extends an older one stops (see [`walk_new`]).
struct Limit {
    old_head: ObjectId,
    /// Commits reachable from the new head and not from `old_head`.
    new: gix::hashtable::HashSet<ObjectId>,
    /// The walk would leave the new commits other than through `old_head`.
    outside: bool,
    /// What `old_head` inherits from the new commits.
    reach: Option<Reach>,
}

/// gix's own pack cache, for the few reads that bypass [`PackedReader`] (blobs for
/// rename detection): small, since the reader keeps the trees that matter.
const PACK_CACHE_BYTES: usize = 4 * 1024 * 1024;

/// Walk the history of every file under `opts.prefixes` reachable from `opts.rev`.
///
/// An unborn `HEAD` yields an empty [`History`]; any unreadable object other than a
/// parent beyond a declared shallow boundary is an error.
pub fn walk(repo: &Repo, opts: &WalkOptions) -> Result<History, HistoryError> {
    Ok(walk_raw(repo, opts)?.into_history())
}

/// A walk's result before lineages are joined: what the cache keeps, and what a
/// later walk extends (see [`super::extend`]).
pub(crate) struct Raw {
    pub(crate) head: Option<ObjectId>,
    pub(crate) shallow: bool,
    /// Recorded commits in walk order (newest first).
    pub(crate) commits: Vec<CommitInfo>,
    /// File events in walk order; `commit` indexes `commits`.
    pub(crate) events: Vec<Event>,
}

impl Raw {
    /// Join lineages: the [`History`] this walk describes.
    pub(crate) fn into_history(self) -> History {
        let (commits, files, by_path, certainty) = build(self.commits, self.events);
        History {
            head: self.head,
            shallow: self.shallow,
            commits,
            files,
            by_path,
            certainty,
        }
    }
}

/// [`walk`] without joining lineages.
pub(crate) fn walk_raw(repo: &Repo, opts: &WalkOptions) -> Result<Raw, HistoryError> {
    let prefixes = normalize_prefixes(&opts.prefixes)?;
    let Some(head) = repo.resolve_or_unborn(&opts.rev)? else {
        return Ok(Raw {
            head: None,
            shallow: false,
            commits: Vec::new(),
            events: Vec::new(),
        });
    };
    let repo = &tuned(repo.gix());
    let mut w = Walker::new(repo, &prefixes, opts.only_md)?;
    let root = w.load_graph(head)?;
    w.process(root)?;
    let mut raw = Raw {
        head: Some(head),
        shallow: w.reached_boundary,
        commits: w.commits,
        events: w.events,
    };
    super::follow::follow_moves_in(repo, &mut raw, &prefixes)?;
    Ok(raw)
}

/// The commits from `head` down to `old`'s head walked as [`walk_raw`] would walk
/// them, or `None` when that walk would not reach `old`'s head with every path
/// (then `old`'s part of a fresh walk could differ, and only a fresh walk is exact).
///
/// `new` holds the commits reachable from `head` but not from `old.head`. The walk
/// may enter the old commits only through `old.head` (every kept parent of a new
/// commit is new or `old.head`, no new commit is a root), so `old.head` is visited
/// last, and it must inherit every path: then from there on a fresh walk repeats
/// `old`'s walk step for step (the extra old names it follows are paths it visits
/// anyway), and its commits and events are `old`'s, after the new ones.
pub(crate) fn walk_new(
    repo: &Repo,
    opts: &WalkOptions,
    head: ObjectId,
    old_head: ObjectId,
    new: gix::hashtable::HashSet<ObjectId>,
) -> Result<Option<Raw>, HistoryError> {
    let prefixes = normalize_prefixes(&opts.prefixes)?;
    let repo = &tuned(repo.gix());
    let mut w = Walker::new(repo, &prefixes, opts.only_md)?;
    w.limit = Some(Limit {
        old_head,
        new,
        outside: false,
        reach: None,
    });
    let root = w.load_graph(head)?;
    if w.limit.as_ref().is_none_or(|l| l.outside) {
        return Ok(None);
    }
    w.process(root)?;
    let reached_all = w
        .limit
        .as_ref()
        .and_then(|l| l.reach.as_ref())
        .is_some_and(|r| r.paths.is_all());
    Ok(reached_all.then_some(Raw {
        head: Some(head),
        shallow: w.reached_boundary,
        commits: w.commits,
        events: w.events,
    }))
}

/// The caller's progress counters, told how many commits there are when the
/// commit-graph file says so cheaply (only looked up when someone observes).
fn started(repo: &gix::Repository) -> Option<std::sync::Arc<crate::progress::Progress>> {
    let progress = crate::progress::current()?;
    let total = repo
        .commit_graph_if_enabled()
        .ok()
        .flatten()
        .map(|g| u64::from(g.num_commits()));
    progress.walk_started(total);
    Some(progress)
}

/// The commit-graph whose commit data may stand in for commit objects, as git
/// uses it: not in a shallow clone (its boundary commits keep their parents in
/// the graph), not with replace refs (the graph records the original commits),
/// not when `core.commitGraph` is off, and not with `EXECPLAN_NO_BLOOM` (the
/// switch that turns every commit-graph read off, for comparisons).
fn commit_data(repo: &gix::Repository) -> Option<gix::commitgraph::Graph> {
    if std::env::var_os("EXECPLAN_NO_BLOOM").is_some()
        || repo.is_shallow()
        || !super::packed::replacements(repo).is_empty()
    {
        return None;
    }
    repo.commit_graph_if_enabled().ok().flatten()
}

/// gix's default pack cache is a 64-entry list searched linearly; on 100k commits
/// that lookup alone cost ~10 % of the walk. A hash map capped by memory is cheaper.
pub(super) fn tuned(repo: &gix::Repository) -> gix::Repository {
    let mut repo = repo.clone();
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            PACK_CACHE_BYTES,
        ))
    });
    repo
}

/// Clean up prefixes: strip `./` and trailing `/`, reject `..`, drop nested duplicates.
pub(crate) fn normalize_prefixes(raw: &[String]) -> Result<Vec<String>, HistoryError> {
    let mut out: Vec<String> = Vec::new();
    if raw.is_empty() {
        return Err(HistoryError::BadPrefix {
            prefix: String::new(),
            reason: "no folder given; pass at least one, e.g. `.agents`",
        });
    }
    for p in raw {
        let mut s = p.trim();
        while let Some(rest) = s.strip_prefix("./") {
            s = rest;
        }
        let s = s.trim_end_matches('/');
        let s = if s == "." { "" } else { s };
        if s.starts_with('/') || s.contains('\\') {
            return Err(HistoryError::BadPrefix {
                prefix: p.clone(),
                reason: "must be relative to the repository root and use `/`",
            });
        }
        if !s.is_empty() && s.split('/').any(|c| c.is_empty() || c == "." || c == "..") {
            return Err(HistoryError::BadPrefix {
                prefix: p.clone(),
                reason: "must not contain empty, `.` or `..` components",
            });
        }
        out.push(s.to_owned());
    }
    out.sort();
    out.dedup();
    let all = out.clone();
    // A nested prefix adds nothing but would double-count its files.
    out.retain(|p| {
        !all.iter()
            .any(|q| q != p && (q.is_empty() || p.starts_with(&format!("{q}/"))))
    });
    Ok(out)
}

pub(super) fn under_prefix(path: &BStr, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| {
        p.is_empty() || (path.starts_with(p.as_bytes()) && path.get(p.len()) == Some(&b'/'))
    })
}

/// The paths a commit is visited for: by per-path simplification (`git log -- p`),
/// and, only for joining lineages, older names of renamed plans (`--follow`).
#[derive(Clone)]
struct Reach {
    paths: PathSet,
    follow: PathSet,
}

impl Reach {
    fn none() -> Self {
        Reach {
            paths: PathSet::none(),
            follow: PathSet::none(),
        }
    }

    fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.follow.is_empty()
    }

    fn union_with(&mut self, other: &Reach) {
        self.paths.union_with(&other.paths);
        self.follow.union_with(&other.follow);
    }
}

struct Node {
    id: ObjectId,
    /// Root tree id.
    tree: ObjectId,
    /// Committer time, for ordering only.
    time: i64,
    /// Subtree id of each prefix (`None` when absent, or not a folder), once
    /// resolved: see [`Walker::folders`].
    folders: Option<Vec<Option<ObjectId>>>,
    /// Bit `n`: prefix `n` has the first parent's subtree id, by the commit-graph's
    /// changed-path filter (see [`super::bloom`]); the commit's trees need no read
    /// for it.
    inherit: u64,
    /// Parent ids as git sees them: empty for roots and shallow boundaries.
    parent_ids: Vec<ObjectId>,
    /// The commit object lists more than one parent.
    is_merge: bool,
    boundary: bool,
    parents: Vec<u32>,
    /// Parents followed after folder-level TREESAME pruning.
    kept: Vec<u32>,
    expanded: bool,
    indegree: u32,
}

/// One file change found by a folder diff.
pub(super) struct FolderChange {
    pub(super) path: BString,
    pub(super) blob: ObjectId,
    pub(super) kind: ChangeKind,
}

/// What a commit's headers say, as the walks need it.
pub(super) struct Headers {
    /// Its root tree.
    pub(super) tree: ObjectId,
    /// Its parents as git sees them: none at a shallow boundary.
    pub(super) parents: Vec<ObjectId>,
    /// The object names more than one parent.
    pub(super) merge: bool,
    /// Committer time, seconds since the epoch.
    pub(super) time: i64,
    /// It is in `.git/shallow`.
    pub(super) boundary: bool,
}

pub(super) struct Walker<'r> {
    repo: &'r gix::Repository,
    /// Every tree read goes through this: see [`super::packed`] for why.
    pub(super) reader: PackedReader<'r>,
    commit_buf: Vec<u8>,
    prefixes: &'r [String],
    only_md: bool,
    pub(super) shallow: HashSet<ObjectId>,
    nodes: Vec<Node>,
    /// Object ids are already uniformly distributed; gix's id hasher skips SipHash.
    index: gix::hashtable::HashMap<ObjectId, u32>,
    paths: HashMap<BString, PathId>,
    path_names: Vec<BString>,
    /// Recorded commits, in walk order (newest first).
    commits: Vec<CommitInfo>,
    commit_of_node: HashMap<u32, usize>,
    /// Recorded file events, in walk order.
    events: Vec<Event>,
    cache: Option<gix::diff::blob::Platform>,
    tree_state: gix::diff::tree::State,
    reached_boundary: bool,
    /// Set when only new commits are walked.
    limit: Option<Limit>,
    /// The commit-graph's changed-path filters, when the repository has them.
    pub(super) bloom: Option<ChangedPaths>,
    /// The commit-graph's commit data, when headers may be read from it (see
    /// [`commit_data`]): pass 1 then reads no commit object at all.
    graph: Option<gix::commitgraph::Graph>,
    /// The filter keys of each prefix.
    prefix_keys: Vec<Option<PathKeys>>,
    /// Counts for a progress display, when the caller observes one.
    progress: Option<std::sync::Arc<crate::progress::Progress>>,
}

impl<'r> Walker<'r> {
    pub(super) fn new(
        repo: &'r gix::Repository,
        prefixes: &'r [String],
        only_md: bool,
    ) -> Result<Self, HistoryError> {
        let shallow: HashSet<ObjectId> = if repo.is_shallow() {
            repo.shallow_commits()
                .map_err(|e| HistoryError::git("reading the shallow file", e))?
                .map(|c| c.iter().copied().collect())
                .unwrap_or_default()
        } else {
            HashSet::new()
        };
        Ok(Walker {
            repo,
            reader: PackedReader::new(repo),
            commit_buf: Vec::new(),
            prefixes,
            only_md,
            shallow,
            nodes: Vec::new(),
            index: Default::default(),
            paths: HashMap::new(),
            path_names: Vec::new(),
            commits: Vec::new(),
            commit_of_node: HashMap::new(),
            events: Vec::new(),
            cache: None,
            tree_state: Default::default(),
            reached_boundary: false,
            limit: None,
            bloom: ChangedPaths::open(repo),
            graph: commit_data(repo),
            prefix_keys: prefixes
                .iter()
                .map(|p| PathKeys::new(p.as_bytes()))
                .collect(),
            progress: started(repo),
        })
    }

    fn node(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }

    /// Read commit `id` into `buf`. A commit the clone lacks is
    /// [`HistoryError::MissingCommit`] when `child` names it as a parent.
    fn read_commit(
        &self,
        id: ObjectId,
        buf: &mut Vec<u8>,
        child: Option<ObjectId>,
    ) -> Result<(), HistoryError> {
        let found = self
            .reader
            .commit(id, buf)
            .map_err(|e| HistoryError::git(format!("reading commit {id}"), e))?;
        if found {
            return Ok(());
        }
        Err(match child {
            Some(child) => HistoryError::MissingCommit { missing: id, child },
            None => HistoryError::git(format!("reading commit {id}"), "object not found"),
        })
    }

    /// A commit's headers, one pass stopping at the committer: the message
    /// is never read (pass 1 touches every commit). `buf` is the buffer to
    /// read it into, kept by the caller to reuse.
    pub(super) fn headers(
        &self,
        id: ObjectId,
        buf: &mut Vec<u8>,
        child: Option<ObjectId>,
    ) -> Result<Headers, HistoryError> {
        if let Some(h) = self.graph_headers(id) {
            return Ok(h);
        }
        self.read_commit(id, buf, child)?;
        let bad =
            |e: gix::objs::decode::Error| HistoryError::git(format!("decoding commit {id}"), e);
        let mut tree = None;
        let mut parents: Vec<ObjectId> = Vec::new();
        let mut time = None;
        for token in gix::objs::CommitRefIter::from_bytes(buf, self.repo.object_hash()) {
            match token.map_err(bad)? {
                Token::Tree { id } => tree = Some(id),
                Token::Parent { id } => parents.push(id),
                Token::Committer { signature } => {
                    time = Some(signature.seconds());
                    break;
                }
                _ => {}
            }
        }
        let (Some(tree), Some(time)) = (tree, time) else {
            return Err(HistoryError::git(
                format!("decoding commit {id}"),
                "no tree or committer header",
            ));
        };
        let merge = parents.len() > 1;
        // git treats commits in .git/shallow as parentless; so do we.
        let boundary = self.shallow.contains(&id);
        if boundary {
            parents.clear();
        }
        Ok(Headers {
            tree,
            parents,
            merge,
            time,
            boundary,
        })
    }

    /// A commit's headers from the commit-graph's commit data, as git's own
    /// walk reads them; `None` when the graph does not hold the commit (a
    /// stale graph), names a parent it does not hold, or records a date it
    /// cannot hold exactly (34 bits: 0 or the largest value mean "look at the
    /// object").
    fn graph_headers(&self, id: ObjectId) -> Option<Headers> {
        let graph = self.graph.as_ref()?;
        let commit = graph.commit_by_id(id)?;
        let time = commit.committer_timestamp();
        if time == 0 || time >= (1 << 34) - 1 {
            return None;
        }
        let tree = commit.root_tree_id().to_owned();
        let mut parents = Vec::with_capacity(2);
        for p in commit.iter_parents() {
            parents.push(graph.id_at(p.ok()?).to_owned());
        }
        Some(Headers {
            tree,
            merge: parents.len() > 1,
            parents,
            time: i64::try_from(time).ok()?,
            boundary: false,
        })
    }

    /// Decode a commit and the ids of its tracked folders, once per commit.
    fn load(&mut self, id: ObjectId, child: Option<ObjectId>) -> Result<u32, HistoryError> {
        if let Some(&i) = self.index.get(&id) {
            return Ok(i);
        }
        let mut buf = std::mem::take(&mut self.commit_buf);
        let Headers {
            tree: tree_id,
            parents: parent_ids,
            merge: is_merge,
            time,
            boundary,
        } = self.headers(id, &mut buf, child)?;
        self.commit_buf = buf;
        let i = u32::try_from(self.nodes.len())
            .map_err(|e| HistoryError::git("indexing commits (more than 4 billion)", e))?;
        self.nodes.push(Node {
            id,
            tree: tree_id,
            time,
            folders: None,
            inherit: 0,
            parent_ids,
            is_merge,
            boundary,
            parents: Vec::new(),
            kept: Vec::new(),
            expanded: false,
            indegree: 0,
        });
        self.index.insert(id, i);
        if let Some(p) = &self.progress {
            p.commit_loaded();
        }
        Ok(i)
    }

    /// The subtree ids of the tracked folders in commit `i`, read once and kept.
    ///
    /// A prefix the changed-path filter marked unchanged takes its first parent's id,
    /// so a run of such commits resolves from the nearest one below whose trees are
    /// read. Resolved bottom-up without recursion (runs are as long as history).
    fn folders(&mut self, i: u32) -> Result<Vec<Option<ObjectId>>, HistoryError> {
        let mut chain = Vec::new();
        let mut j = i;
        while self.node(j).folders.is_none() {
            chain.push(j);
            let n = self.node(j);
            match n.parents.first() {
                Some(&p) if n.inherit != 0 => j = p,
                _ => break,
            }
        }
        while let Some(j) = chain.pop() {
            let n = self.node(j);
            let (tree, mask) = (n.tree, n.inherit);
            let inherited = match n.parents.first() {
                Some(&p) if mask != 0 => self.node(p).folders.clone(),
                _ => None,
            };
            let ids = self.folder_ids(tree, inherited.as_deref().map(|f| (f, mask)))?;
            self.nodes[j as usize].folders = Some(ids);
        }
        Ok(self.node(i).folders.clone().unwrap_or_default())
    }

    /// The subtree ids of the tracked folders in root tree `tree_id`; with
    /// `inherited`, the prefixes in its mask are copied from those ids instead.
    fn folder_ids(
        &self,
        tree_id: ObjectId,
        inherited: Option<(&[Option<ObjectId>], u64)>,
    ) -> Result<Vec<Option<ObjectId>>, HistoryError> {
        let mut out = Vec::with_capacity(self.prefixes.len());
        let mut buf = Vec::new();
        for (n, p) in self.prefixes.iter().enumerate() {
            if let Some((ids, mask)) = inherited {
                if mask & (1 << n) != 0 {
                    out.push(ids.get(n).copied().flatten());
                    continue;
                }
            }
            if p.is_empty() {
                out.push(Some(tree_id));
                continue;
            }
            let mut current = Some(tree_id);
            for comp in p.split('/') {
                let Some(id) = current else { break };
                current = self.subtree(id, comp.as_bytes(), &mut buf)?;
            }
            out.push(current);
        }
        Ok(out)
    }

    /// The id of the folder `name` inside tree `id`, if there is one.
    fn subtree(
        &self,
        id: ObjectId,
        name: &[u8],
        buf: &mut Vec<u8>,
    ) -> Result<Option<ObjectId>, HistoryError> {
        let bad = |e: gix::objs::find::Error| HistoryError::git(format!("reading tree {id}"), e);
        for entry in self.reader.tree(id, buf).map_err(bad)? {
            let entry = entry.map_err(|e| bad(e.into()))?;
            if entry.filename == name {
                return Ok(entry.mode.is_tree().then(|| entry.oid.to_owned()));
            }
        }
        Ok(None)
    }

    /// Pass 1: load every commit the per-path simplification can reach. A merge whose
    /// folders equal those of parent `j` never leads past parent `j` for any path.
    fn load_graph(&mut self, head: ObjectId) -> Result<u32, HistoryError> {
        let root = self.load(head, None)?;
        self.nodes[root as usize].expanded = true;
        let mut queue = vec![root];
        while let Some(i) = queue.pop() {
            let (id, parent_ids) = {
                let n = self.node(i);
                (n.id, n.parent_ids.clone())
            };
            if let Some(limit) = &mut self.limit {
                if id == limit.old_head {
                    continue;
                }
                // A new root (or boundary) is reached by no old commit: its place
                // in the walk order among old commits is not the old walk's.
                if !limit.new.contains(&id) || parent_ids.is_empty() {
                    limit.outside = true;
                    return Ok(root);
                }
            }
            let mut parents = Vec::with_capacity(parent_ids.len());
            for &p in &parent_ids {
                parents.push(self.load(p, Some(id))?);
            }
            let inherit = self.inherit_mask(i, &parent_ids, &parents);
            let n = &mut self.nodes[i as usize];
            n.parents.clone_from(&parents);
            n.inherit = inherit;
            let mut kept = Vec::with_capacity(parents.len());
            for &p in &parents {
                kept.push(p);
                // A single parent is kept whatever its folders are.
                if parents.len() > 1 && self.same_folders(i, p)? {
                    break;
                }
            }
            for &k in &kept {
                let n = &mut self.nodes[k as usize];
                n.indegree += 1;
                if !n.expanded {
                    n.expanded = true;
                    queue.push(k);
                }
            }
            self.nodes[i as usize].kept = kept;
        }
        Ok(root)
    }

    /// Which tracked folders of commit `i` certainly equal its first parent's, by
    /// the changed-path filter. The filter compares the trees the graph records, so
    /// it counts only when those are the trees this walk reads for both commits.
    fn inherit_mask(&self, i: u32, parent_ids: &[ObjectId], parents: &[u32]) -> u64 {
        let (Some(bloom), Some(first), Some(&p)) =
            (&self.bloom, parent_ids.first(), parents.first())
        else {
            return 0;
        };
        // Bits stand for prefixes; beyond 64 of them, nothing is inherited.
        if self.prefixes.len() > 64 {
            return 0;
        }
        let n = self.node(i);
        let Some(filter) = bloom.commit(&n.id, &n.tree, first) else {
            return 0;
        };
        if filter.parent_tree != self.node(p).tree {
            return 0;
        }
        let mut mask = 0;
        for (k, keys) in self.prefix_keys.iter().enumerate() {
            if keys.as_ref().is_some_and(|keys| filter.unchanged(keys)) {
                mask |= 1 << k;
            }
        }
        mask
    }

    /// Whether commit `i` and its parent `p` have the same tracked folders. For the
    /// first parent, a filter that says no folder changed answers without a read.
    fn same_folders(&mut self, i: u32, p: u32) -> Result<bool, HistoryError> {
        let n = self.node(i);
        if n.parents.first() == Some(&p) && self.all_inherited(n.inherit) {
            return Ok(true);
        }
        Ok(self.folders(i)? == self.folders(p)?)
    }

    fn all_inherited(&self, mask: u64) -> bool {
        let all = match self.prefixes.len() {
            64.. => u64::MAX,
            n => (1u64 << n) - 1,
        };
        mask & all == all
    }

    /// Pass 2: children before parents, propagating for each commit the set of paths
    /// for which it is reachable under per-path simplification, and the set of older
    /// names it is reachable for only because a rename below a merge was followed.
    fn process(&mut self, root: u32) -> Result<(), HistoryError> {
        let mut reach: Vec<Option<Reach>> = vec![None; self.nodes.len()];
        reach[root as usize] = Some(Reach {
            paths: PathSet::all(),
            follow: PathSet::none(),
        });
        let mut ready = BinaryHeap::new();
        ready.push((self.node(root).time, Reverse(root)));
        if let Some(p) = &self.progress {
            p.walk_sized(self.nodes.iter().filter(|n| n.expanded).count() as u64);
        }
        while let Some((_, Reverse(i))) = ready.pop() {
            if let Some(p) = &self.progress {
                p.commit_walked();
            }
            let r = reach[i as usize].take().unwrap_or_else(Reach::none);
            if let Some(limit) = &mut self.limit {
                if self.nodes[i as usize].id == limit.old_head {
                    limit.reach = Some(r);
                    continue;
                }
            }
            if !r.is_empty() {
                for (k, contribution) in self.visit(i, &r)? {
                    match &mut reach[k as usize] {
                        Some(set) => set.union_with(&contribution),
                        slot @ None => *slot = Some(contribution),
                    }
                }
            }
            let kept = self.node(i).kept.clone();
            for k in kept {
                let n = &mut self.nodes[k as usize];
                n.indegree = n.indegree.saturating_sub(1);
                if n.indegree == 0 {
                    ready.push((n.time, Reverse(k)));
                }
            }
        }
        Ok(())
    }

    /// Record commit `i`'s changes for paths in `r`; return what each kept parent inherits.
    fn visit(&mut self, i: u32, reach: &Reach) -> Result<Vec<(u32, Reach)>, HistoryError> {
        let r = &reach.paths;
        let node = self.node(i);
        let kept = node.kept.clone();
        if node.boundary {
            // Only a boundary whose files we actually look at makes the answer uncertain.
            self.reached_boundary = true;
        }
        if kept.is_empty() {
            let folders = self.folders(i)?;
            let changes = self.diff_folders(None, &folders, true)?;
            self.record(i, changes, reach, None)?;
            return Ok(Vec::new());
        }
        let first = kept[0];
        if self.same_folders(i, first)? {
            return Ok(vec![(first, reach.clone())]);
        }
        let folders = self.folders(i)?;
        let parent_folders = self.folders(first)?;
        let mut changes = self.diff_folders(Some(&parent_folders), &folders, true)?;
        self.detect_moves_in(first, i, &mut changes)?;
        // `git log --follow` takes a renamed plan's old name from here on, down
        // whichever side of a merge it was renamed on.
        let sources: HashSet<PathId> = changes
            .iter()
            .filter_map(|c| match &c.kind {
                ChangeKind::Renamed { from } => Some((c.path.clone(), from.clone())),
                _ => None,
            })
            .filter_map(|(to, from)| {
                let to = self.intern(to.as_bstr());
                (r.contains(to) || reach.follow.contains(to)).then(|| self.intern(from.as_bstr()))
            })
            .collect();
        let mut follow_first = reach.follow.clone();
        follow_first.union_with(&PathSet::Only(sources));
        if kept.len() == 1 {
            self.record(i, changes, reach, None)?;
            return Ok(vec![(
                first,
                Reach {
                    paths: r.clone(),
                    follow: follow_first,
                },
            )]);
        }
        // Merge not TREESAME to its first parent: per-path TREESAME against each parent.
        let mut diffs: Vec<HashSet<PathId>> = Vec::with_capacity(kept.len());
        diffs.push(
            changes
                .iter()
                .map(|c| self.intern(c.path.as_bstr()))
                .collect(),
        );
        for c in &changes {
            if let ChangeKind::Renamed { from } = &c.kind {
                let id = self.intern(from.as_bstr());
                diffs[0].insert(id);
            }
        }
        for &k in &kept[1..] {
            let pf = self.folders(k)?;
            let d = if pf == folders {
                HashSet::new()
            } else {
                let ch = self.diff_folders(Some(&pf), &folders, false)?;
                ch.iter().map(|c| self.intern(c.path.as_bstr())).collect()
            };
            diffs.push(d);
        }
        let mut changed_all = diffs[0].clone();
        for d in &diffs[1..] {
            changed_all.retain(|p| d.contains(p));
        }
        let mut out = Vec::with_capacity(kept.len());
        let k0: HashSet<PathId> = diffs[0].difference(&changed_all).copied().collect();
        let mask = PathSet::Except(k0);
        out.push((
            first,
            Reach {
                paths: r.intersect(&mask),
                follow: follow_first.intersect(&mask),
            },
        ));
        let mut in_all_before = diffs[0].clone();
        for (n, &k) in kept.iter().enumerate().skip(1) {
            let mut only: HashSet<PathId> = in_all_before.difference(&diffs[n]).copied().collect();
            only.extend(changed_all.iter().copied());
            let mask = PathSet::Only(only);
            out.push((
                k,
                Reach {
                    paths: r.intersect(&mask),
                    follow: reach.follow.intersect(&mask),
                },
            ));
            in_all_before.retain(|p| diffs[n].contains(p));
        }
        self.record(i, changes, reach, Some(&changed_all))?;
        Ok(out)
    }

    fn intern(&mut self, path: &BStr) -> PathId {
        if let Some(&id) = self.paths.get(path) {
            return id;
        }
        // Path counts are bounded by tree sizes; u32 overflow would need 4 billion paths.
        let id = self.path_names.len() as PathId;
        self.path_names.push(path.to_owned());
        self.paths.insert(path.to_owned(), id);
        id
    }

    /// Diff each prefix subtree that differs between `old` (None: empty) and `new`.
    fn diff_folders(
        &mut self,
        old: Option<&[Option<ObjectId>]>,
        new: &[Option<ObjectId>],
        rewrites: bool,
    ) -> Result<Vec<FolderChange>, HistoryError> {
        let mut out = Vec::new();
        for (n, prefix) in self.prefixes.iter().enumerate() {
            let before = old.and_then(|o| o.get(n).copied().flatten());
            let after = new.get(n).copied().flatten();
            if before == after {
                continue;
            }
            self.diff_trees(before, after, prefix, rewrites, &mut out)?;
        }
        Ok(out)
    }

    /// The tracked file changes between two trees (None: empty) under `prefix`, with
    /// renames paired when `rewrites` is set.
    fn diff_trees(
        &mut self,
        before: Option<ObjectId>,
        after: Option<ObjectId>,
        prefix: &str,
        rewrites: bool,
        out: &mut Vec<FolderChange>,
    ) -> Result<(), HistoryError> {
        let old = self.read_tree(before)?;
        let new = self.read_tree(after)?;
        for change in self.gix_tree_changes(&old, &new, prefix, rewrites)? {
            push_file_change(change, prefix, out);
        }
        Ok(())
    }

    /// A tree's raw bytes; an absent tree reads as empty.
    pub(super) fn read_tree(&self, id: Option<ObjectId>) -> Result<Vec<u8>, HistoryError> {
        let mut buf = Vec::new();
        if let Some(id) = id {
            self.reader
                .tree(id, &mut buf)
                .map_err(|e| HistoryError::git(format!("reading tree {id}"), e))?;
        }
        Ok(buf)
    }

    /// gix's tree diff of two raw trees, reusing the walk's rename-detection cache
    /// and tree state across calls (they are the expensive part to set up).
    pub(super) fn gix_tree_changes(
        &mut self,
        old: &[u8],
        new: &[u8],
        prefix: &str,
        rewrites: bool,
    ) -> Result<Vec<GixChange>, HistoryError> {
        let repo = self.repo;
        if self.cache.is_none() {
            let cache = repo
                .diff_resource_cache_for_tree_diff()
                .map_err(|e| HistoryError::git("preparing rename detection", e))?;
            self.cache = Some(cache);
        }
        let Some(cache) = self.cache.as_mut() else {
            return Ok(Vec::new());
        };
        let kind = repo.object_hash();
        let opts = DiffOptions {
            location: Some(gix::diff::tree::recorder::Location::Path),
            rewrites: rewrites.then(gix::diff::Rewrites::default),
        };
        let mut changes = Vec::new();
        gix::diff::tree_with_rewrites(
            gix::objs::TreeRefIter::from_bytes(old, kind),
            gix::objs::TreeRefIter::from_bytes(new, kind),
            cache,
            &mut self.tree_state,
            &self.reader,
            |change| -> Result<_, std::convert::Infallible> {
                changes.push(change.into_owned());
                Ok(std::ops::ControlFlow::Continue(()))
            },
            opts,
        )
        .map_err(|e| HistoryError::git(format!("diffing `{prefix}`"), e))?;
        cache.clear_resource_cache_keep_allocation();
        Ok(changes)
    }

    /// Turn additions that are moves from elsewhere (outside the tracked folders, or
    /// from another tracked folder) into renames, using a whole-tree rename diff. Only
    /// commits that add a tracked file pay for this.
    fn detect_moves_in(
        &mut self,
        parent: u32,
        child: u32,
        changes: &mut [FolderChange],
    ) -> Result<(), HistoryError> {
        let added: HashSet<BString> = changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Added && self.wanted(c.path.as_bstr()))
            .map(|c| c.path.clone())
            .collect();
        if added.is_empty() {
            return Ok(());
        }
        let old = self.node(parent).tree;
        let new = self.node(child).tree;
        let mut whole = Vec::new();
        self.diff_trees(Some(old), Some(new), "", true, &mut whole)?;
        for w in whole {
            let ChangeKind::Renamed { from } = w.kind else {
                continue;
            };
            if !added.contains(&w.path) {
                continue;
            }
            for c in changes.iter_mut() {
                if c.path == w.path && c.kind == ChangeKind::Added {
                    c.kind = ChangeKind::Renamed { from: from.clone() };
                } else if c.path == from && c.kind == ChangeKind::Deleted {
                    c.kind = ChangeKind::RenamedAway { to: w.path.clone() };
                }
            }
        }
        self.detect_copies(parent, changes)
    }

    /// A move done in two commits (copy, then delete the original later) is a copy
    /// in the first: `git log --follow` finds it (it looks for copies among all
    /// files). We take an addition as a copy of a tracked file in the parent with the
    /// same blob, or else with the same file name and at least half its lines kept.
    /// The source keeps its own history.
    fn detect_copies(
        &mut self,
        parent: u32,
        changes: &mut [FolderChange],
    ) -> Result<(), HistoryError> {
        if !changes
            .iter()
            .any(|c| c.kind == ChangeKind::Added && self.wanted(c.path.as_bstr()))
        {
            return Ok(());
        }
        let before = self.files_in(parent)?;
        for c in changes.iter_mut() {
            // Any two empty files are equal; that says nothing (as `track_empty: false`).
            if c.kind != ChangeKind::Added
                || !self.wanted(c.path.as_bstr())
                || c.blob.is_empty_blob()
            {
                continue;
            }
            let name = c.path.rsplit_str("/").next().unwrap_or_default();
            let source = match before.iter().find(|(_, id)| *id == c.blob) {
                Some((p, _)) => Some(p.clone()),
                None => self.similar_namesake(&before, name, c.blob)?,
            };
            if let Some(from) = source {
                c.kind = ChangeKind::Renamed { from };
            }
        }
        Ok(())
    }

    /// Among `files`, the one named `name` whose text keeps at least half the lines
    /// of blob `id` (the best, if several).
    fn similar_namesake(
        &self,
        files: &[(BString, ObjectId)],
        name: &[u8],
        id: ObjectId,
    ) -> Result<Option<BString>, HistoryError> {
        let same_name: Vec<&(BString, ObjectId)> = files
            .iter()
            .filter(|(p, _)| p.rsplit_str("/").next() == Some(name))
            .collect();
        if same_name.is_empty() {
            return Ok(None);
        }
        let read = |id: ObjectId| -> Result<String, HistoryError> {
            let blob = self
                .repo
                .find_blob(id)
                .map_err(|e| HistoryError::git(format!("reading blob {id}"), e))?;
            Ok(String::from_utf8_lossy(&blob.data).into_owned())
        };
        let new = read(id)?;
        let mut best: Option<(f32, &BString)> = None;
        for (p, old_id) in same_name {
            let old = read(*old_id)?;
            let ratio = similar::TextDiff::from_lines(old.as_str(), new.as_str()).ratio();
            if ratio >= 0.5 && best.is_none_or(|(b, _)| ratio > b) {
                best = Some((ratio, p));
            }
        }
        Ok(best.map(|(_, p)| p.clone()))
    }

    /// Every file under the tracked folders in commit `node`, with its blob.
    fn files_in(&mut self, node: u32) -> Result<Vec<(BString, ObjectId)>, HistoryError> {
        let mut out = Vec::new();
        let folders = self.folders(node)?;
        let mut stack: Vec<(BString, ObjectId)> = self
            .prefixes
            .iter()
            .zip(&folders)
            .filter_map(|(p, id)| Some((BString::from(p.as_str()), (*id)?)))
            .collect();
        let mut buf = Vec::new();
        while let Some((dir, id)) = stack.pop() {
            let bad =
                |e: gix::objs::find::Error| HistoryError::git(format!("reading tree {id}"), e);
            for entry in self.reader.tree(id, &mut buf).map_err(bad)? {
                let entry = entry.map_err(|e| bad(e.into()))?;
                let mut path = dir.clone();
                if !path.is_empty() {
                    path.push(b'/');
                }
                path.extend_from_slice(entry.filename);
                if entry.mode.is_tree() {
                    stack.push((path, entry.oid.to_owned()));
                } else if !entry.mode.is_commit() {
                    out.push((path, entry.oid.to_owned()));
                }
            }
        }
        Ok(out)
    }

    fn wanted(&self, path: &BStr) -> bool {
        !self.only_md || path.ends_with(b".md")
    }

    /// Store `changes` of commit `i` for the paths in `reach` (and, at merges, in `only`).
    fn record(
        &mut self,
        i: u32,
        changes: Vec<FolderChange>,
        reach: &Reach,
        only: Option<&HashSet<PathId>>,
    ) -> Result<(), HistoryError> {
        for c in changes {
            if !self.wanted(c.path.as_bstr()) || !under_prefix(c.path.as_bstr(), self.prefixes) {
                continue;
            }
            let pid = self.intern(c.path.as_bstr());
            let direct = reach.paths.contains(pid);
            if !(direct || reach.follow.contains(pid)) || only.is_some_and(|o| !o.contains(&pid)) {
                continue;
            }
            let commit = self.commit_index(i)?;
            self.events.push(Event {
                commit,
                path: c.path,
                blob: c.blob,
                change: c.kind,
                followed: !direct,
            });
        }
        Ok(())
    }

    fn commit_index(&mut self, i: u32) -> Result<usize, HistoryError> {
        if let Some(&c) = self.commit_of_node.get(&i) {
            return Ok(c);
        }
        let node = self.node(i);
        let info = self.commit_info(node.id, node.is_merge, node.boundary)?;
        self.commits.push(info);
        let idx = self.commits.len() - 1;
        self.commit_of_node.insert(i, idx);
        Ok(idx)
    }

    /// What a recorded commit says of itself (its message read this once).
    pub(super) fn commit_info(
        &self,
        id: ObjectId,
        is_merge: bool,
        boundary: bool,
    ) -> Result<CommitInfo, HistoryError> {
        let mut buf = Vec::new();
        self.read_commit(id, &mut buf, None)?;
        let decoded = gix::objs::CommitRef::from_bytes(&buf, self.repo.object_hash())
            .map_err(|e| HistoryError::git(format!("decoding commit {id}"), e))?;
        let author = decoded
            .author()
            .map_err(|e| HistoryError::git(format!("decoding the author of {id}"), e))?;
        let author_time = author
            .time()
            .map_err(|e| HistoryError::git(format!("parsing the author date of {id}"), e))?;
        let utc = |seconds: i64, what: &str| {
            chrono::DateTime::from_timestamp(seconds, 0).ok_or_else(|| {
                HistoryError::git(
                    format!("converting the {what} date of {id}"),
                    format!("{seconds} seconds since 1970 is out of range"),
                )
            })
        };
        let time = utc(author_time.seconds, "author")?;
        let committer_seconds = decoded
            .committer()
            .map_err(|e| HistoryError::git(format!("decoding the committer of {id}"), e))?
            .seconds();
        let committed = utc(committer_seconds, "committer")?;
        Ok(CommitInfo {
            id,
            short: id.to_hex_with_len(7).to_string(),
            author: author.name.to_str_lossy().into_owned(),
            email: author.email.to_str_lossy().into_owned(),
            time,
            offset: author_time.offset,
            committed,
            summary: decoded.message().summary().to_str_lossy().into_owned(),
            is_merge,
            at_shallow_boundary: boundary,
        })
    }
}

/// `location` (relative to the diffed subtree) as a path from the repository root.
fn repo_path(prefix: &str, location: &BStr) -> BString {
    if prefix.is_empty() {
        return location.to_owned();
    }
    let mut p = BString::from(prefix);
    p.push(b'/');
    p.extend_from_slice(location);
    p
}

/// Record one gix change as the file changes the walk tracks: submodules and
/// folders are not files, a file that became one (or stopped being one) was added
/// (or deleted), and a rename is its two halves.
pub(super) fn push_file_change(change: GixChange, prefix: &str, out: &mut Vec<FolderChange>) {
    let file = |m: gix::objs::tree::EntryMode| !m.is_tree() && !m.is_commit();
    let full = |loc: &BStr| repo_path(prefix, loc);
    match change {
        GixChange::Addition {
            location,
            entry_mode,
            id,
            ..
        } if file(entry_mode) => out.push(FolderChange {
            path: full(location.as_bstr()),
            blob: id,
            kind: ChangeKind::Added,
        }),
        GixChange::Deletion {
            location,
            entry_mode,
            id,
            ..
        } if file(entry_mode) => out.push(FolderChange {
            path: full(location.as_bstr()),
            blob: id,
            kind: ChangeKind::Deleted,
        }),
        GixChange::Modification {
            location,
            previous_entry_mode,
            previous_id,
            entry_mode,
            id,
        } => {
            let path = full(location.as_bstr());
            match (file(previous_entry_mode), file(entry_mode)) {
                (true, true) => out.push(FolderChange {
                    path,
                    blob: id,
                    kind: ChangeKind::Modified,
                }),
                (true, false) => out.push(FolderChange {
                    path,
                    blob: previous_id,
                    kind: ChangeKind::Deleted,
                }),
                (false, true) => out.push(FolderChange {
                    path,
                    blob: id,
                    kind: ChangeKind::Added,
                }),
                (false, false) => {}
            }
        }
        GixChange::Rewrite {
            source_location,
            source_id,
            location,
            id,
            entry_mode,
            ..
        } if file(entry_mode) => {
            let from = full(source_location.as_bstr());
            let to = full(location.as_bstr());
            out.push(FolderChange {
                path: from.clone(),
                blob: source_id,
                kind: ChangeKind::RenamedAway { to: to.clone() },
            });
            out.push(FolderChange {
                path: to,
                blob: id,
                kind: ChangeKind::Renamed { from },
            });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_prefixes;

    #[test]
    fn prefixes_are_normalized() {
        let p =
            |v: &[&str]| normalize_prefixes(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            p(&["./.agents/", "docs/x"]).ok(),
            Some(vec![".agents".into(), "docs/x".into()])
        );
        assert_eq!(
            p(&[".agents", ".agents/active"]).ok(),
            Some(vec![".agents".into()])
        );
        assert_eq!(p(&["", "a"]).ok(), Some(vec![String::new()]));
        assert!(p(&["../x"]).is_err());
        assert!(p(&["/abs"]).is_err());
        assert!(p(&[]).is_err());
    }
}
