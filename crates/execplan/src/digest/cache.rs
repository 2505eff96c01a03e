//! Digests kept under the git directory (`<common git dir>/execplan/digests-<hash>.bin`,
//! one file per parse configuration), keyed by blob id. The file is postcard
//! (serde's compact binary form): a warm `plans list` reads it on every run. Blobs are immutable,
//! so a digest made by the same parser with the same options stays true; the
//! file holds the key it was made for (format, version, heading aliases) and
//! a different key is read as empty. A missing, corrupt or unwritable file is
//! never an error: the digests are simply computed again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Digest;
use crate::history::{ObjectId, Repo};
use crate::parse::ParseOptions;

/// Bumped whenever the parser, the scanner or the digest changes meaning.
const FORMAT: u32 = 4;

#[derive(Serialize, Deserialize)]
struct File {
    key: String,
    /// Blob id (raw bytes) and digest, `None` for a blob that does not decode.
    blobs: Vec<(Vec<u8>, Option<Digest>)>,
}

/// Where digests for one parse configuration live.
pub(super) struct Store {
    path: PathBuf,
    key: String,
}

impl Store {
    /// The store for `opts` in `repo`; `None` when `EXECPLAN_NO_CACHE` is set.
    pub(super) fn new(repo: &Repo, opts: &ParseOptions) -> Option<Self> {
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
            .join(format!("digests-{:016x}.bin", h.finish()));
        Some(Self { path, key })
    }

    /// The digests kept for this key (empty when there are none, or the file
    /// is unreadable or was made for another key).
    pub(super) fn read(&self) -> HashMap<ObjectId, Option<Digest>> {
        let Ok(bytes) = std::fs::read(&self.path) else {
            return HashMap::new();
        };
        let Some(Ok(f)) = crate::history::unseal(&bytes).map(postcard::from_bytes::<File>) else {
            return HashMap::new();
        };
        if f.key != self.key {
            return HashMap::new();
        }
        f.blobs
            .into_iter()
            .filter_map(|(k, v)| Some((ObjectId::try_from(k.as_slice()).ok()?, v)))
            .collect()
    }

    /// Keep `map`; failures (read-only repository, full disk) are ignored.
    pub(super) fn write(&self, map: &HashMap<ObjectId, Option<Digest>>) {
        let f = File {
            key: self.key.clone(),
            blobs: map
                .iter()
                .map(|(k, v)| (k.as_slice().to_vec(), v.clone()))
                .collect(),
        };
        let Some(bytes) = postcard::to_stdvec(&f)
            .ok()
            .and_then(|b| crate::history::seal(&b))
        else {
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
