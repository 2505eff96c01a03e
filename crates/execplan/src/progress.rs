//! Counters that long work publishes for a caller that shows progress: commits
//! read and walked by the history walk, plans done by each parallel pass.
//!
//! The library never prints; a caller that wants a progress bar creates a
//! [`Progress`], runs the work inside [`observe`] on the same thread, and reads
//! [`Progress::snapshot`] from another thread. Without [`observe`] nothing is
//! counted: the work looks once for an observer and finds none.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Shared counters, updated with relaxed atomics (they are for display only).
#[derive(Debug, Default)]
pub struct Progress {
    commits_total: AtomicU64,
    commits_loaded: AtomicU64,
    commits_to_walk: AtomicU64,
    commits_walked: AtomicU64,
    plans_total: AtomicU64,
    plans_done: AtomicU64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Commits in the repository per the commit-graph file; `None` without one.
    pub commits_total: Option<u64>,
    /// Commits read so far (the walk's first pass).
    pub commits_loaded: u64,
    /// Commits the second pass will visit; `0` until the first pass is over.
    pub commits_to_walk: u64,
    /// Commits visited by the second pass.
    pub commits_walked: u64,
    /// Plans in the current parallel pass (parsing, timelines); `0` when none runs.
    pub plans_total: u64,
    /// Plans of the current pass that are done.
    pub plans_done: u64,
}

impl Progress {
    /// The counters as they are now.
    pub fn snapshot(&self) -> Snapshot {
        let total = self.commits_total.load(Ordering::Relaxed);
        Snapshot {
            commits_total: (total > 0).then_some(total),
            commits_loaded: self.commits_loaded.load(Ordering::Relaxed),
            commits_to_walk: self.commits_to_walk.load(Ordering::Relaxed),
            commits_walked: self.commits_walked.load(Ordering::Relaxed),
            plans_total: self.plans_total.load(Ordering::Relaxed),
            plans_done: self.plans_done.load(Ordering::Relaxed),
        }
    }

    /// A walk starts: `total` is the commit-graph's count, when there is one.
    pub(crate) fn walk_started(&self, total: Option<u64>) {
        self.commits_total
            .store(total.unwrap_or(0), Ordering::Relaxed);
        self.commits_loaded.store(0, Ordering::Relaxed);
        self.commits_to_walk.store(0, Ordering::Relaxed);
        self.commits_walked.store(0, Ordering::Relaxed);
    }

    pub(crate) fn commit_loaded(&self) {
        self.commits_loaded.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn walk_sized(&self, nodes: u64) {
        self.commits_to_walk.store(nodes, Ordering::Relaxed);
    }

    pub(crate) fn commit_walked(&self) {
        self.commits_walked.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn plans_started(&self, total: usize) {
        self.plans_total.store(total as u64, Ordering::Relaxed);
        self.plans_done.store(0, Ordering::Relaxed);
    }

    pub(crate) fn plan_done(&self) {
        self.plans_done.fetch_add(1, Ordering::Relaxed);
    }
}

thread_local! {
    static OBSERVER: RefCell<Option<Arc<Progress>>> = const { RefCell::new(None) };
}

/// Run `work` with `progress` counting what it does on this thread (and on the
/// threads it starts for parallel passes).
pub fn observe<R>(progress: &Arc<Progress>, work: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<Progress>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            OBSERVER.with(|o| *o.borrow_mut() = previous);
        }
    }
    let previous = OBSERVER.with(|o| o.borrow_mut().replace(Arc::clone(progress)));
    let _restore = Restore(previous);
    work()
}

/// The progress observing this thread, if any.
pub(crate) fn current() -> Option<Arc<Progress>> {
    OBSERVER.with(|o| o.borrow().clone())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::*;

    #[test]
    fn counts_only_inside_observe_and_restores_the_previous_observer() {
        assert!(current().is_none());
        let outer = Arc::new(Progress::default());
        let inner = Arc::new(Progress::default());
        let count = || current().expect("observed").commit_loaded();
        observe(&outer, || {
            count();
            observe(&inner, || current().expect("observed").plan_done());
            count();
        });
        assert!(current().is_none());
        assert_eq!(outer.snapshot().commits_loaded, 2);
        assert_eq!(outer.snapshot().plans_done, 0);
        assert_eq!(inner.snapshot().plans_done, 1);
        assert_eq!(inner.snapshot().commits_total, None);
    }
}
