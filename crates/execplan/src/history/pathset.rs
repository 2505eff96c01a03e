//! Sets of interned paths that may be infinite ("every path except ...").
//!
//! Per-path history simplification needs, for every commit, the set of paths for
//! which the commit is reachable from the start revision. Almost always that is
//! "every path", so the complement form keeps it small.

use std::collections::HashSet;

/// An interned path id.
pub(crate) type PathId = u32;

/// A set of paths: finite (`Only`) or co-finite (`Except`, where `Except(∅)` is "all").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSet {
    /// Exactly these paths.
    Only(HashSet<PathId>),
    /// Every path except these.
    Except(HashSet<PathId>),
}

impl PathSet {
    /// Every path.
    pub(crate) fn all() -> Self {
        PathSet::Except(HashSet::new())
    }

    /// No path.
    pub(crate) fn none() -> Self {
        PathSet::Only(HashSet::new())
    }

    /// True when the set holds no path at all.
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, PathSet::Only(s) if s.is_empty())
    }

    /// True when the set holds every path.
    pub(crate) fn is_all(&self) -> bool {
        matches!(self, PathSet::Except(s) if s.is_empty())
    }

    /// Membership test.
    pub(crate) fn contains(&self, p: PathId) -> bool {
        match self {
            PathSet::Only(s) => s.contains(&p),
            PathSet::Except(s) => !s.contains(&p),
        }
    }

    /// `self ∩ other`.
    pub(crate) fn intersect(&self, other: &PathSet) -> PathSet {
        use PathSet::*;
        match (self, other) {
            (Only(a), Only(b)) => Only(a.intersection(b).copied().collect()),
            (Only(a), Except(b)) | (Except(b), Only(a)) => Only(a.difference(b).copied().collect()),
            (Except(a), Except(b)) => Except(a.union(b).copied().collect()),
        }
    }

    /// `self ∪= other`.
    pub(crate) fn union_with(&mut self, other: &PathSet) {
        use PathSet::*;
        let merged = match (&*self, other) {
            (Only(a), Only(b)) => Only(a.union(b).copied().collect()),
            (Only(a), Except(b)) | (Except(b), Only(a)) => {
                Except(b.difference(a).copied().collect())
            }
            (Except(a), Except(b)) => Except(a.intersection(b).copied().collect()),
        };
        *self = merged;
    }
}

#[cfg(test)]
mod tests {
    use super::PathSet::{self, *};

    fn s(v: &[u32]) -> std::collections::HashSet<u32> {
        v.iter().copied().collect()
    }

    #[test]
    fn algebra() {
        let all = PathSet::all();
        let none = PathSet::none();
        assert!(all.is_all() && none.is_empty());
        assert_eq!(all.intersect(&Only(s(&[1]))), Only(s(&[1])));
        assert_eq!(
            Except(s(&[1, 2])).intersect(&Only(s(&[2, 3]))),
            Only(s(&[3]))
        );
        assert_eq!(
            Except(s(&[1])).intersect(&Except(s(&[2]))),
            Except(s(&[1, 2]))
        );
        let mut u = Except(s(&[1, 2]));
        u.union_with(&Only(s(&[2])));
        assert_eq!(u, Except(s(&[1])));
        let mut u = Except(s(&[1, 2]));
        u.union_with(&Except(s(&[2, 3])));
        assert_eq!(u, Except(s(&[2])));
        let mut u = none.clone();
        u.union_with(&Only(s(&[4])));
        assert!(u.contains(4) && !u.contains(5));
        assert!(Except(s(&[4])).contains(5) && !Except(s(&[4])).contains(4));
    }
}
