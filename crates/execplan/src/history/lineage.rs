//! Joining per-path events into lineages (one per logical plan).

use std::collections::{BTreeMap, HashMap};

use gix::bstr::BString;
use gix::ObjectId;

use super::{Certainty, ChangeKind, CommitInfo, FileLineage, FileRevision};

/// A file change as recorded during the walk; `commit` indexes the walk-order list.
pub(crate) struct Event {
    pub(crate) commit: usize,
    pub(crate) path: BString,
    pub(crate) blob: ObjectId,
    pub(crate) change: ChangeKind,
    /// Recorded only because a rename was followed below a merge that is TREESAME
    /// for this path: part of a lineage, not of `git log -- path`.
    pub(crate) followed: bool,
}

type Built = (
    Vec<CommitInfo>,
    Vec<FileLineage>,
    BTreeMap<BString, Vec<FileRevision>>,
    Vec<Certainty>,
);

/// Turn walk-order (newest first) commits and events into the oldest-first [`History`](super::History) parts.
pub(crate) fn build(mut commits: Vec<CommitInfo>, events: Vec<Event>) -> Built {
    let n = commits.len();
    commits.reverse();
    // Walk index i becomes n - 1 - i once commits are oldest first.
    let flip = |i: usize| n.saturating_sub(1).saturating_sub(i);
    let mut newest_first: HashMap<BString, Vec<Event>> = HashMap::new();
    for e in events {
        newest_first.entry(e.path.clone()).or_default().push(e);
    }
    let to_rev = |e: &Event| FileRevision {
        commit: flip(e.commit),
        path: e.path.clone(),
        blob: e.blob,
        change: e.change.clone(),
    };

    let mut files = Vec::new();
    let mut certainty = Vec::new();
    let mut roots: Vec<&BString> = newest_first.keys().collect();
    roots.sort();
    for path in roots {
        // A path known only through followed events is an old name, not a plan.
        let Some(newest) = newest_first
            .get(path)
            .and_then(|v| v.iter().find(|e| !e.followed))
        else {
            continue;
        };
        if matches!(newest.change, ChangeKind::RenamedAway { .. }) {
            continue;
        }
        let deleted = newest.change == ChangeKind::Deleted;
        let mut revs: Vec<FileRevision> = Vec::new();
        let mut cur: &BString = path;
        let mut cutoff: Option<usize> = None;
        // Every step moves to strictly older commits, so this ends; the bound is a backstop.
        for _ in 0..=newest_first.len() {
            let Some(list) = newest_first.get(cur) else {
                break;
            };
            let mut next = None;
            for e in list.iter().filter(|e| cutoff.is_none_or(|c| e.commit > c)) {
                match &e.change {
                    // Older than this is another lineage's past (the path was reused).
                    ChangeKind::RenamedAway { .. } => break,
                    ChangeKind::Renamed { from } => {
                        revs.push(to_rev(e));
                        next = Some((from, e.commit));
                        break;
                    }
                    _ => revs.push(to_rev(e)),
                }
            }
            match next {
                Some((from, at)) => {
                    cur = from;
                    cutoff = Some(at);
                }
                None => break,
            }
        }
        revs.reverse();
        let cert = match revs.first() {
            Some(FileRevision {
                change: ChangeKind::Renamed { from },
                ..
            }) => Certainty::RenamedFromUntracked { from: from.clone() },
            Some(r) if commits.get(r.commit).is_some_and(|c| c.at_shallow_boundary) => {
                Certainty::ShallowBoundary
            }
            _ => Certainty::Exact,
        };
        files.push(FileLineage {
            path: path.clone(),
            deleted,
            revisions: revs,
        });
        certainty.push(cert);
    }

    let by_path = newest_first
        .iter()
        .map(|(p, list)| {
            let revs: Vec<FileRevision> = list
                .iter()
                .rev()
                .filter(|e| !e.followed)
                .map(to_rev)
                .collect();
            (p.clone(), revs)
        })
        .filter(|(_, revs): &(BString, Vec<FileRevision>)| !revs.is_empty())
        .collect();
    (commits, files, by_path, certainty)
}
