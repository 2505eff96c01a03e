//! Digests kept under the git directory (`<common git dir>/execplan/digests-<hash>.json`,
//! one file per parse configuration), keyed by blob id. Blobs are immutable,
//! so a digest made by the same parser with the same options stays true; the
//! file holds the key it was made for (format, version, heading aliases) and
//! a different key is read as empty. A missing, corrupt or unwritable file is
//! never an error: the digests are simply computed again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::Digest;
use crate::parse::ParseOptions;

/// Bumped whenever the parser, the scanner or the digest changes meaning.
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct File {
    key: String,
    /// Blob id (hex) → digest, `null` for a blob that does not decode.
    blobs: HashMap<String, Option<Digest>>,
}

/// Where digests for one parse configuration live.
pub(super) struct Store {
    path: PathBuf,
    key: String,
}

impl Store {
    /// The store for `opts` in `repo`; `None` when `EXECPLAN_NO_CACHE` is set.
    pub(super) fn new(repo: &gix::Repository, opts: &ParseOptions) -> Option<Self> {
        if std::env::var_os("EXECPLAN_NO_CACHE").is_some() {
            return None;
        }
        let key = format!(
            "v{FORMAT} {} headings={}",
            env!("CARGO_PKG_VERSION"),
            opts.headings.fingerprint()
        );
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        let path = repo
            .common_dir()
            .join("execplan")
            .join(format!("digests-{:016x}.json", h.finish()));
        Some(Self { path, key })
    }

    /// The digests kept for this key (empty when there are none, or the file
    /// is unreadable or was made for another key).
    pub(super) fn read(&self) -> HashMap<ObjectId, Option<Digest>> {
        let Ok(bytes) = std::fs::read(&self.path) else {
            return HashMap::new();
        };
        let Ok(f) = serde_json::from_slice::<File>(&bytes) else {
            return HashMap::new();
        };
        if f.key != self.key {
            return HashMap::new();
        }
        f.blobs
            .into_iter()
            .filter_map(|(k, v)| Some((ObjectId::from_hex(k.as_bytes()).ok()?, v)))
            .collect()
    }

    /// Keep `map`; failures (read-only repository, full disk) are ignored.
    pub(super) fn write(&self, map: &HashMap<ObjectId, Option<Digest>>) {
        let f = File {
            key: self.key.clone(),
            blobs: map
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        };
        let Ok(bytes) = serde_json::to_vec(&f) else {
            return;
        };
        if let Some(dir) = self.path.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return;
            }
        }
        let _ = crate::write::write_atomic(&self.path, &bytes, false);
    }
}
