//! What a timeline reads from one revision of a plan, its [`Digest`]: the
//! items (text, tick, line), a hash of the normal form (to tell an update
//! from `fill`'s own stamps) and whether the text looks like a plan.
//!
//! History shares blobs between revisions, renames and plans, so digests are
//! kept per blob id and each distinct blob is read once, on every core
//! ([`for_blobs`]). A revision is read with the line scanner
//! (the parser's `outline`) when its shape is simple, with comrak otherwise;
//! `tests/it/scan_props.rs` holds both to the same digest. Digests persist under
//! the git directory (`digest/cache.rs`), so a re-run parses only blobs it has not seen.

mod cache;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::history::{HashKind, History, HistoryError, ObjectId, Repo, SharedRepo};
use crate::model::Plan;
use crate::normal::normal_form;
use crate::parse::{parse, ParseOptions};
use crate::source::Source;
use crate::summary::Fields;

/// One item of a revision, as a timeline follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The item text without its box and timestamp.
    #[serde(rename = "t")]
    pub text: String,
    /// Ticked.
    #[serde(rename = "c")]
    pub checked: bool,
    /// 1-based line of its box.
    #[serde(rename = "l")]
    pub line: usize,
}

/// What a timeline needs from one revision of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// [`Plan::items`], in document order.
    #[serde(rename = "i")]
    pub items: Vec<Item>,
    /// SHA-256 of [`normal_form`]: equal for two revisions that differ only
    /// by what `fill` writes.
    #[serde(rename = "n")]
    pub normal: String,
    /// [`Plan::looks_like_plan`].
    #[serde(rename = "p")]
    pub plan: bool,
    /// The title (first H1), for `plans list`.
    #[serde(rename = "T")]
    pub title: Option<String>,
    /// The Owner field's value, for `plans list`.
    #[serde(rename = "o")]
    pub owner: Option<String>,
    /// The Last Updated field's value as written, for `plans list`.
    #[serde(rename = "u")]
    pub updated: Option<String>,
}

impl Digest {
    /// The digest of a parsed plan.
    pub fn of(source: &Source, plan: &Plan) -> Self {
        let facts = Fields::of_plan(plan);
        let normal = normal_form(source, plan);
        // SHA-256: a crafted collision cannot make an update pass for a stamp.
        let normal = match crate::history::sha256_hex(normal.as_bytes()) {
            Some(hex) => hex,
            // Only SHA-1 reports collisions; should it ever, keep the text.
            None => format!("text:{normal}"),
        };
        Self {
            items: plan
                .items()
                .into_iter()
                .map(|i| Item {
                    text: i.text.clone(),
                    checked: i.checked,
                    line: i.line,
                })
                .collect(),
            normal,
            plan: plan.looks_like_plan(),
            title: facts.title.map(str::to_owned),
            owner: facts.owner.map(str::to_owned),
            updated: facts.updated.map(str::to_owned),
        }
    }

    /// What a `plans list` row reads, the same as from the parsed plan
    /// (`Fields::of_plan`).
    pub fn facts(&self) -> Fields<'_> {
        Fields {
            title: self.title.as_deref(),
            owner: self.owner.as_deref(),
            updated: self.updated.as_deref(),
            done: self.items.iter().filter(|i| i.checked).count(),
            total: self.items.len(),
        }
    }

    /// The digest from the line scanner alone: `None` when the text has a
    /// shape the scanner leaves to comrak.
    pub fn scan(source: &Source, opts: &ParseOptions) -> Option<Self> {
        crate::parse::outline(source, opts).map(|plan| Self::of(source, &plan))
    }

    /// The digest, scanned when the scanner is sure, parsed otherwise.
    pub fn read(source: &Source, opts: &ParseOptions) -> Self {
        Self::scan(source, opts).unwrap_or_else(|| Self::of(source, &parse(source, opts)))
    }
}

/// Digests of blobs, each read once; `None` for a blob that does not decode
/// (binary, not UTF-8).
#[derive(Debug, Default)]
pub struct Digests {
    map: HashMap<ObjectId, Option<Digest>>,
    /// Blobs the repository lacks (a partial clone), with what reading said.
    missing: HashMap<ObjectId, String>,
    /// How many blobs this run read and parsed (the rest came from the cache).
    pub computed: usize,
}

impl Digests {
    /// The digest of `blob`; `None` when it does not decode or was not asked for.
    pub fn get(&self, blob: &ObjectId) -> Option<&Digest> {
        self.map.get(blob).and_then(Option::as_ref)
    }

    /// Why `blob` could not be read, when the repository lacks it.
    pub fn missing(&self, blob: &ObjectId) -> Option<&str> {
        self.missing.get(blob).map(String::as_str)
    }
}

/// The digests kept under the git directory for `opts` (empty when there are
/// none or `EXECPLAN_NO_CACHE` is set): read ahead, while the working tree's
/// plans are parsed, and handed to [`for_blobs`].
#[derive(Debug)]
pub struct Kept {
    map: HashMap<ObjectId, Option<Digest>>,
    /// Digests made meanwhile from working-tree files (whose bytes are these
    /// blobs): [`for_blobs`] takes them instead of reading the blobs, and
    /// keeps only those of blobs history has.
    fresh: HashMap<ObjectId, Digest>,
    kind: HashKind,
}

impl Kept {
    /// The id `bytes` have as a blob in the repository the digests are kept for.
    pub fn blob_id(&self, bytes: &[u8]) -> Option<ObjectId> {
        crate::history::blob_id(self.kind, bytes)
    }

    /// The kept digest of `blob`; `None` when there is none or it does not decode.
    pub fn get(&self, blob: &ObjectId) -> Option<&Digest> {
        self.map.get(blob).and_then(Option::as_ref)
    }

    /// Remember `digest`, made from bytes whose blob id is `blob`.
    pub fn remember(&mut self, blob: ObjectId, digest: Digest) {
        if !self.map.contains_key(&blob) {
            self.fresh.insert(blob, digest);
        }
    }
}

/// [`Kept`] for `opts` in `repo`.
pub fn kept(repo: &Repo, opts: &ParseOptions) -> Kept {
    Kept {
        map: cache::Store::new(repo, opts)
            .as_ref()
            .map(cache::Store::read)
            .unwrap_or_default(),
        fresh: HashMap::new(),
        kind: repo.hash_kind(),
    }
}

/// The digests of `ids` (duplicates are read once), from the cache under the
/// git directory where it has them (or from `kept`, when it was read ahead),
/// the rest read on every core and added to it. `EXECPLAN_NO_CACHE` turns the
/// cache off.
pub fn for_blobs(
    repo: &SharedRepo,
    history: &History,
    ids: &[ObjectId],
    opts: &ParseOptions,
    kept: Option<Kept>,
) -> Result<Digests, HistoryError> {
    let local = repo.to_local();
    let store = cache::Store::new(&local, opts);
    let (mut map, mut fresh) = match kept {
        Some(Kept { map, fresh, .. }) => (map, fresh),
        None => (
            store.as_ref().map(cache::Store::read).unwrap_or_default(),
            HashMap::new(),
        ),
    };
    let mut seen = std::collections::HashSet::new();
    let mut computed = 0;
    let mut missing: Vec<ObjectId> = Vec::new();
    for id in ids {
        if map.contains_key(id) || !seen.insert(*id) {
            continue;
        }
        match fresh.remove(id) {
            Some(d) => {
                map.insert(*id, Some(d));
                computed += 1;
            }
            None => missing.push(*id),
        }
    }
    // Chunks in lineage order: a plan's revisions are delta chains of one
    // another, so one thread reading them in turn reuses its pack cache.
    let per = missing.len().div_ceil(64).max(1);
    let chunks: Vec<&[ObjectId]> = missing.chunks(per).collect();
    let read = crate::parallel::map(&chunks, |chunk| {
        let repo = repo.to_local();
        chunk
            .iter()
            .map(|id| {
                let bytes = match history.blob(&repo, *id) {
                    Ok(b) => b,
                    // A partial clone: the plan that needs it says so.
                    Err(e) if e.is_missing_object() => return Ok((*id, Err(e.to_string()))),
                    Err(e) => return Err(e),
                };
                let digest = Source::from_bytes(Path::new(""), bytes)
                    .ok()
                    .map(|s| Digest::read(&s, opts));
                Ok((*id, Ok(digest)))
            })
            .collect::<Result<Vec<_>, HistoryError>>()
    });
    let mut lacking = HashMap::new();
    for r in read {
        for (id, d) in r? {
            match d {
                Ok(d) => {
                    map.insert(id, d);
                    computed += 1;
                }
                Err(why) => {
                    lacking.insert(id, why);
                }
            }
        }
    }
    if computed > 0 {
        if let Some(store) = &store {
            store.write(&map);
        }
    }
    Ok(Digests {
        map,
        missing: lacking,
        computed,
    })
}
