//! The commit-graph's changed-path Bloom filters (chunks `BIDX` and `BDAT`), which
//! gix 0.87 does not read: for a commit, "path `p` certainly did not change against
//! the first parent", so the walk can take a tracked folder's subtree id from the
//! first parent instead of reading the commit's trees.
//!
//! The format (git's `Documentation/gitformat-commit-graph.adoc`, `bloom.c`,
//! `commit-graph.c`): a graph file is a 8-byte header (`CGPH`, version 1, hash
//! version, chunk count, base count), a table of chunk ids and offsets, and chunks.
//! `OIDF` is the 256-entry fanout, `OIDL` the sorted commit ids, `CDAT` per commit
//! the root tree, two parent positions and the date. `BIDX` holds per commit (in
//! `OIDL` order) the 4-byte big-endian end offset of its filter in `BDAT`; `BDAT`
//! starts with a 12-byte header (hash version, number of hashes, bits per entry),
//! then the filters. A filter's keys are every path the commit changed against its
//! first parent *and* each leading directory of it; a key's bits are
//! `h0 + i * h1 mod (8 * len)` for `i < num_hashes`, with `h0`, `h1` the murmur3
//! hashes of the path under seeds `0x293ae76f` and `0x7e646e2c`. Version 1 hashes
//! the bytes as C's signed `char` (it differs from murmur3 only for bytes of 0x80 and
//! above), version 2 as unsigned. A commit with more than 512 changes has the
//! one-byte all-ones filter ("maybe" for every path); a zero-length filter means
//! none. Split chains (`info/commit-graphs/commit-graph-chain`, base first) give each
//! layer its own chunks and settings, and parent positions count across layers.
//!
//! Everything here only ever answers "certainly unchanged" or "don't know"; every
//! doubt is "don't know" and the walk reads the trees as it would without a graph:
//! a commit not in the graph (a stale graph), a layer without filters or with an
//! unknown version, a version-1 filter asked about a path with a byte of 0x80 or
//! above (writers other than git may have hashed those either way), a graph whose
//! root tree or first parent for the commit is not the one the walk read (replace
//! refs), and anything out of bounds. Config as git reads it: `core.commitGraph`,
//! `commitGraph.readChangedPaths`, `commitGraph.changedPathsVersion` (0 turns the
//! filters off, 1 or 2 keeps only layers of that version). `EXECPLAN_NO_BLOOM` (any
//! value) turns the reader off, and with it the walk's use of the graph's commit data
//! (`walk.rs`), for benchmarks that compare both ways.
//!
//! The files are read with `std::fs::read` (no mmap: no `unsafe`), once per walk.

use std::path::Path;

use gix::ObjectId;

const SEED0: u32 = 0x293a_e76f;
const SEED1: u32 = 0x7e64_6e2c;
/// CDAT's "no parent" position.
const NO_PARENT: u32 = 0x7000_0000;
/// Bloom data header: hash version, number of hashes, bits per entry.
const BDAT_HEADER: usize = 12;

/// murmur3 (32-bit) of `data` under `seed`; `signed` hashes the bytes as C's signed
/// `char`, as git's version-1 filters do.
pub(crate) fn murmur3(seed: u32, data: &[u8], signed: bool) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let byte = |b: u8| -> u32 {
        if signed {
            // Sign extension, as `(uint32_t)(char)b` on platforms where char is signed.
            i32::from(b as i8) as u32
        } else {
            u32::from(b)
        }
    };
    let mut h = seed;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = byte(c[0]) | (byte(c[1]) << 8) | (byte(c[2]) << 16) | (byte(c[3]) << 24);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut k = 0u32;
        for (n, &b) in tail.iter().enumerate().rev() {
            k ^= byte(b) << (8 * n);
        }
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
    }
    // git xors the length as a 32-bit value.
    h ^= data.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}

/// The two base hashes of one path under one hash version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    h0: u32,
    h1: u32,
}

impl Key {
    pub(crate) fn new(path: &[u8], version: u32) -> Key {
        let signed = version == 1;
        Key {
            h0: murmur3(SEED0, path, signed),
            h1: murmur3(SEED1, path, signed),
        }
    }

    /// The first `n` bit hashes, as git's `bloom_key_fill`.
    #[cfg(test)]
    fn hashes(&self, n: u32) -> Vec<u32> {
        (0..n)
            .map(|i| self.h0.wrapping_add(i.wrapping_mul(self.h1)))
            .collect()
    }
}

/// One commit's filter with its layer's settings.
#[derive(Clone, Copy)]
pub(crate) struct Filter<'a> {
    bits: &'a [u8],
    num_hashes: u32,
}

impl Filter<'_> {
    /// `false` when the key is certainly absent; `true` for "maybe".
    pub(crate) fn maybe_contains(&self, key: Key) -> bool {
        let modulus = self.bits.len() as u64 * 8;
        if modulus == 0 {
            return true;
        }
        (0..self.num_hashes).all(|i| {
            let h = u64::from(key.h0.wrapping_add(i.wrapping_mul(key.h1))) % modulus;
            let byte = self.bits.get((h / 8) as usize).copied().unwrap_or(0xff);
            byte & (1u8 << (h % 8)) != 0
        })
    }
}

/// Where a layer's Bloom chunks are, and their settings.
struct Blooms {
    bidx: usize,
    bdat: usize,
    bdat_len: usize,
    version: u32,
    num_hashes: u32,
}

/// One commit-graph file.
struct Layer {
    data: Vec<u8>,
    hash_len: usize,
    commits: u32,
    /// Commits in the layers below this one.
    base: u32,
    fanout: usize,
    oids: usize,
    cdat: usize,
    blooms: Option<Blooms>,
}

impl Layer {
    /// Parse a graph file; `None` for anything unexpected.
    fn parse(data: Vec<u8>, hash_len: usize, hash_version: u8) -> Option<Layer> {
        if data.get(..4)? != b"CGPH" || *data.get(4)? != 1 || *data.get(5)? != hash_version {
            return None;
        }
        let chunks = usize::from(*data.get(6)?);
        let mut table = Vec::with_capacity(chunks + 1);
        for n in 0..=chunks {
            let at = 8 + 12 * n;
            let id: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
            let offset = usize::try_from(u64::from_be_bytes(
                data.get(at + 4..at + 12)?.try_into().ok()?,
            ))
            .ok()?;
            table.push((id, offset));
        }
        let chunk = |want: &[u8; 4]| -> Option<(usize, usize)> {
            let n = table[..chunks].iter().position(|(id, _)| id == want)?;
            let (start, end) = (table[n].1, table[n + 1].1);
            (start <= end && end <= data.len()).then_some((start, end - start))
        };
        let (fanout, fanout_len) = chunk(b"OIDF")?;
        let (oids, oids_len) = chunk(b"OIDL")?;
        let (cdat, cdat_len) = chunk(b"CDAT")?;
        if fanout_len != 256 * 4 {
            return None;
        }
        let commits = be32(&data, fanout + 255 * 4)?;
        let n = commits as usize;
        if oids_len != n.checked_mul(hash_len)? || cdat_len != n.checked_mul(hash_len + 16)? {
            return None;
        }
        let blooms = match (chunk(b"BIDX"), chunk(b"BDAT")) {
            (Some((bidx, bidx_len)), Some((bdat, bdat_len)))
                if bidx_len == n * 4 && bdat_len >= BDAT_HEADER =>
            {
                Some(Blooms {
                    bidx,
                    bdat,
                    bdat_len,
                    version: be32(&data, bdat)?,
                    num_hashes: be32(&data, bdat + 4)?,
                })
            }
            _ => None,
        };
        Some(Layer {
            data,
            hash_len,
            commits,
            base: 0,
            fanout,
            oids,
            cdat,
            blooms,
        })
    }

    /// The position of `id` in this layer (`OIDL` order).
    fn find(&self, id: &gix::oid) -> Option<u32> {
        let bytes = id.as_bytes();
        let first = usize::from(*bytes.first()?);
        let lo = if first == 0 {
            0
        } else {
            be32(&self.data, self.fanout + (first - 1) * 4)?
        };
        let hi = be32(&self.data, self.fanout + first * 4)?;
        let (mut lo, mut hi) = (lo, hi.min(self.commits));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at = self.oids + mid as usize * self.hash_len;
            match self.data.get(at..at + self.hash_len)?.cmp(bytes) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn oid(&self, pos: u32) -> Option<ObjectId> {
        let at = self.oids + pos as usize * self.hash_len;
        ObjectId::try_from(self.data.get(at..at + self.hash_len)?).ok()
    }

    /// Root tree and first-parent position (global) of the commit at `pos`.
    fn commit(&self, pos: u32) -> Option<(ObjectId, Option<u32>)> {
        let at = self.cdat + pos as usize * (self.hash_len + 16);
        let tree = ObjectId::try_from(self.data.get(at..at + self.hash_len)?).ok()?;
        let parent = be32(&self.data, at + self.hash_len)?;
        Some((tree, (parent != NO_PARENT).then_some(parent)))
    }

    fn filter(&self, pos: u32) -> Option<Filter<'_>> {
        let b = self.blooms.as_ref()?;
        let end = be32(&self.data, b.bidx + pos as usize * 4)? as usize;
        let start = match pos {
            0 => 0,
            _ => be32(&self.data, b.bidx + (pos as usize - 1) * 4)? as usize,
        };
        let room = b.bdat_len - BDAT_HEADER;
        if start > end || end > room || start == end {
            return None;
        }
        let from = b.bdat + BDAT_HEADER;
        Some(Filter {
            bits: self.data.get(from + start..from + end)?,
            num_hashes: b.num_hashes,
        })
    }
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The keys of one path: the path and each of its leading directories (git's
/// `bloom_keyvec`), under both hash versions. The path certainly did not change
/// when any of them is certainly absent (a changed path puts all of them in).
pub(crate) struct PathKeys {
    /// `None` when the path has a byte of 0x80 or above: version-1 filters are not
    /// trusted for it.
    v1: Option<Vec<Key>>,
    v2: Vec<Key>,
}

impl PathKeys {
    /// The keys of `path` (`/`-separated, no trailing `/`); `None` for the
    /// repository root, which every non-empty commit changes.
    pub(crate) fn new(path: &[u8]) -> Option<PathKeys> {
        if path.is_empty() {
            return None;
        }
        let mut paths: Vec<&[u8]> = vec![path];
        paths.extend(
            path.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'/')
                .map(|(n, _)| &path[..n]),
        );
        let high = path.iter().any(|&b| b >= 0x80);
        Some(PathKeys {
            v1: (!high).then(|| paths.iter().map(|s| Key::new(s, 1)).collect()),
            v2: paths.iter().map(|s| Key::new(s, 2)).collect(),
        })
    }
}

/// The changed-path filters of a repository's commit-graph.
pub(crate) struct ChangedPaths {
    /// Base first.
    layers: Vec<Layer>,
    /// `commitGraph.changedPathsVersion` when it is 1 or 2.
    only_version: Option<u32>,
}

/// One commit's filter, usable against the first parent's tree `parent_tree`.
#[derive(Clone)]
pub(crate) struct CommitFilter<'a> {
    filter: Filter<'a>,
    version: u32,
    /// The first parent's root tree as the graph records it: the filter compares
    /// against that tree, so the caller must read the same one.
    pub(crate) parent_tree: ObjectId,
}

impl CommitFilter<'_> {
    /// The path of `keys` certainly has the same entry (or none) in the commit
    /// and its first parent.
    pub(crate) fn unchanged(&self, keys: &PathKeys) -> bool {
        let keys = match self.version {
            1 => keys.v1.as_deref(),
            2 => Some(keys.v2.as_slice()),
            _ => None,
        };
        keys.is_some_and(|keys| keys.iter().any(|k| !self.filter.maybe_contains(*k)))
    }
}

impl ChangedPaths {
    /// The filters of `repo`'s commit-graph; `None` when there are none to use (no
    /// graph, no filters, switched off).
    pub(crate) fn open(repo: &gix::Repository) -> Option<ChangedPaths> {
        if std::env::var_os("EXECPLAN_NO_BLOOM").is_some() {
            return None;
        }
        let config = repo.config_snapshot();
        if config.boolean("core.commitGraph") == Some(false)
            || config.boolean("commitGraph.readChangedPaths") == Some(false)
        {
            return None;
        }
        let only_version = match config.integer("commitGraph.changedPathsVersion") {
            None | Some(-1) => None,
            Some(v @ (1 | 2)) => Some(v as u32),
            Some(_) => return None,
        };
        let kind = repo.object_hash();
        let (hash_len, hash_version) = match kind {
            gix::hash::Kind::Sha1 => (20, 1),
            _ => (kind.len_in_bytes(), 2),
        };
        let info = repo.objects.store_ref().path().join("info");
        let layers = read_layers(&info, hash_len, hash_version)?;
        if layers.iter().all(|l| l.blooms.is_none()) {
            return None;
        }
        Some(ChangedPaths {
            layers,
            only_version,
        })
    }

    /// The layer holding global position `pos`, and the position within it.
    fn at(&self, pos: u32) -> Option<(&Layer, u32)> {
        self.layers
            .iter()
            .find(|l| pos >= l.base && pos - l.base < l.commits)
            .map(|l| (l, pos - l.base))
    }

    /// The filter of commit `id`, given the root tree and first parent the walk
    /// read for it; `None` when there is none to trust.
    pub(crate) fn commit(
        &self,
        id: &gix::oid,
        tree: &gix::oid,
        parent: &gix::oid,
    ) -> Option<CommitFilter<'_>> {
        // A commit is in one layer only.
        let (layer, pos) = self
            .layers
            .iter()
            .rev()
            .find_map(|l| Some((l, l.find(id)?)))?;
        let blooms = layer.blooms.as_ref()?;
        if self.only_version.is_some_and(|v| v != blooms.version)
            || !matches!(blooms.version, 1 | 2)
        {
            return None;
        }
        let (graph_tree, parent_pos) = layer.commit(pos)?;
        if graph_tree.as_ref() != tree {
            return None;
        }
        let (parent_layer, parent_at) = self.at(parent_pos?)?;
        if parent_layer.oid(parent_at)?.as_ref() != parent {
            return None;
        }
        let (parent_tree, _) = parent_layer.commit(parent_at)?;
        Some(CommitFilter {
            filter: layer.filter(pos)?,
            version: blooms.version,
            parent_tree,
        })
    }
}

/// The graph layers under `info` (an objects folder's `info/`), base first: the single
/// file if there is one (git reads it first), else the split chain. A chain with any
/// unreadable layer is dropped whole: positions count across layers.
fn read_layers(info: &Path, hash_len: usize, hash_version: u8) -> Option<Vec<Layer>> {
    if let Ok(data) = std::fs::read(info.join("commit-graph")) {
        let layer = Layer::parse(data, hash_len, hash_version)?;
        // A lone file naming bases is inconsistent.
        return (layer.data.get(7) == Some(&0)).then(|| vec![layer]);
    }
    let dir = info.join("commit-graphs");
    let chain = std::fs::read_to_string(dir.join("commit-graph-chain")).ok()?;
    let mut layers: Vec<Layer> = Vec::new();
    let mut base = 0u32;
    for (n, line) in chain.lines().map(str::trim).enumerate() {
        if line.is_empty() || !line.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let data = std::fs::read(dir.join(format!("graph-{line}.graph"))).ok()?;
        let mut layer = Layer::parse(data, hash_len, hash_version)?;
        if usize::from(*layer.data.get(7)?) != n {
            return None;
        }
        layer.base = base;
        base = base.checked_add(layer.commits)?;
        layers.push(layer);
    }
    (!layers.is_empty()).then_some(layers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// git's t0095-bloom.sh and t/helper/test-bloom.c (seed 0, version 2).
    #[test]
    fn murmur3_matches_git() {
        assert_eq!(murmur3(0, b"", false), 0);
        assert_eq!(murmur3(0, b"Hello world!", false), 0x627b_0c2c);
        assert_eq!(
            murmur3(0, b"The quick brown fox jumps over the lazy dog", false),
            0x2e4f_f723
        );
        assert_eq!(
            murmur3(0, b"\x99\xaa\xbb\xcc\xdd\xee\xff", false),
            0xa183_ccfd
        );
        // ASCII hashes the same under both versions.
        assert_eq!(murmur3(0, b"Hello world!", true), 0x627b_0c2c);
        // Version 1 differs for high bytes (the values of bloom.c's
        // murmur3_seeded_v1, compiled as it is).
        assert_eq!(
            murmur3(0, b"\x99\xaa\xbb\xcc\xdd\xee\xff", true),
            0xdd92_776e
        );
        assert_eq!(murmur3(SEED0, "déjà".as_bytes(), true), 0xdb51_720c);
    }

    /// t0095's `generate_filter` keys (version 1 settings: 7 hashes, 10 bits each).
    #[test]
    fn keys_match_git() {
        let cases: [(&[u8], [u32; 7]); 4] = [
            (
                b"",
                [
                    0x5615800c, 0x5b966560, 0x61174ab4, 0x66983008, 0x6c19155c, 0x7199fab0,
                    0x771ae004,
                ],
            ),
            (
                b" ",
                [
                    0xf178874c, 0x5f3d6eb6, 0xcd025620, 0x3ac73d8a, 0xa88c24f4, 0x16510c5e,
                    0x8415f3c8,
                ],
            ),
            (
                b"Hello world!",
                [
                    0xb270de9b, 0x1bb6f26e, 0x84fd0641, 0xee431a14, 0x57892de7, 0xc0cf41ba,
                    0x2a15558d,
                ],
            ),
            (
                b"file.txt",
                [
                    0x20ab385b, 0xf5237fe2, 0xc99bc769, 0x9e140ef0, 0x728c5677, 0x47049dfe,
                    0x1b7ce585,
                ],
            ),
        ];
        for (path, want) in cases {
            assert_eq!(Key::new(path, 1).hashes(7), want.to_vec());
            assert_eq!(Key::new(path, 2).hashes(7), want.to_vec());
        }
    }

    /// t0095's filters: a 2-byte filter holding one key, with git's bytes.
    #[test]
    fn filters_match_git() {
        let cases: [(&[u8], [u8; 2]); 4] = [
            (b"", [0x11, 0x11]),
            (b" ", [0x51, 0x55]),
            (b"Hello world!", [0x92, 0x6c]),
            (b"file.txt", [0xa5, 0x4a]),
        ];
        for (path, bits) in cases {
            let mut built = [0u8; 2];
            for h in Key::new(path, 1).hashes(7) {
                let bit = h % 16;
                built[(bit / 8) as usize] |= 1 << (bit % 8);
            }
            assert_eq!(built, bits);
            let filter = Filter {
                bits: &bits,
                num_hashes: 7,
            };
            assert!(filter.maybe_contains(Key::new(path, 1)));
        }
        let empty = Filter {
            bits: &[0],
            num_hashes: 7,
        };
        assert!(!empty.maybe_contains(Key::new(b"file.txt", 2)));
        let too_large = Filter {
            bits: &[0xff],
            num_hashes: 7,
        };
        assert!(too_large.maybe_contains(Key::new(b"anything", 2)));
        let none = Filter {
            bits: &[],
            num_hashes: 7,
        };
        assert!(none.maybe_contains(Key::new(b"anything", 2)));
    }
}
