//! Cache files sealed with a checksum. A cache under `.git/execplan/` may be
//! torn by a crash, flipped by a failing disk or left by another build: its
//! bytes are trusted only when their SHA-256, kept in the file, verifies.
//! Anything else reads as no cache at all, and the caller computes afresh.

use gix::hash::Kind;

/// Marks a sealed file (and its layout: magic, 32-byte digest, payload).
const MAGIC: &[u8; 8] = b"EXPLSEAL";

fn digest(payload: &[u8]) -> Option<Vec<u8>> {
    let mut h = gix::hash::hasher(Kind::Sha256);
    h.update(payload);
    h.try_finalize().ok().map(|id| id.as_slice().to_vec())
}

/// `payload` with its checksum, as it is written to disk; `None` only if the
/// hash cannot be computed (then nothing should be kept).
pub fn seal(payload: &[u8]) -> Option<Vec<u8>> {
    let sum = digest(payload)?;
    let mut out = Vec::with_capacity(MAGIC.len() + sum.len() + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&sum);
    out.extend_from_slice(payload);
    Some(out)
}

/// The payload of a sealed file, when its checksum verifies.
pub fn unseal(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (sum, payload) = rest.split_at_checked(32)?;
    (digest(payload)?.as_slice() == sum).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_flipped_bit_or_cut_is_refused() {
        let sealed = seal(b"some cache").expect("sha-256 available");
        assert_eq!(unseal(&sealed), Some(&b"some cache"[..]));
        for i in 0..sealed.len() {
            for bit in 0..8 {
                let mut bad = sealed.clone();
                bad[i] ^= 1 << bit;
                assert_eq!(unseal(&bad), None, "byte {i} bit {bit}");
            }
        }
        for cut in 0..sealed.len() {
            assert_eq!(unseal(&sealed[..cut]), None, "cut at {cut}");
        }
        assert_eq!(unseal(b"some cache"), None);
    }
}
