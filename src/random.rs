//! Unpredictable numbers from the operating system, for the check-in codes
//! and the teacher's secret. Never from the clock: a code derived from the
//! time could be worked out by anyone who knows the time.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// Bytes from the OS kept for the next calls: every form served draws a
/// ticket and most a device cookie, and one call to the OS for a few dozen
/// of them is cheaper than one each (the bytes are the OS's all the same).
struct Pool {
    bytes: [u8; POOL],
    used: usize,
}

const POOL: usize = 1024;

static KEPT: std::sync::Mutex<Pool> = std::sync::Mutex::new(Pool {
    bytes: [0; POOL],
    used: POOL,
});

/// Fills `buf` from the OS's randomness, through the pool.
fn fill(buf: &mut [u8]) {
    let mut pool = crate::locks::lock(&KEPT);
    let mut at = 0;
    while at < buf.len() {
        if pool.used == POOL {
            from_os(&mut pool.bytes);
            pool.used = 0;
        }
        let n = (buf.len() - at).min(POOL - pool.used);
        let from = pool.used;
        buf[at..at + n].copy_from_slice(&pool.bytes[from..from + n]);
        // (Given out once: never again.)
        pool.bytes[from..from + n].fill(0);
        pool.used += n;
        at += n;
    }
}

/// Fills `buf` from the OS (getrandom(2), BCryptGenRandom on Windows). If
/// the OS ever refuses, std's hasher keys, themselves seeded from the OS
/// once per thread, stand in rather than stopping a class.
fn from_os(buf: &mut [u8]) {
    if getrandom::getrandom(buf).is_ok() {
        return;
    }
    for (i, chunk) in buf.chunks_mut(8).enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_usize(i);
        let bytes = hasher.finish().to_le_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
}

/// A uniformly random number below `bound` (which must be non-zero).
pub fn below(bound: u32) -> u32 {
    // Rejection sampling: no value is likelier than another.
    let zone = u32::MAX - u32::MAX % bound;
    loop {
        let mut b = [0u8; 4];
        fill(&mut b);
        let n = u32::from_le_bytes(b);
        if n < zone {
            return n % bound;
        }
    }
}

/// A code of `digits` decimal digits, leading zeros included.
pub fn digits(digits: usize) -> String {
    (0..digits)
        .map(|_| char::from(b'0' + below(10) as u8))
        .collect()
}

/// `n` (at most 128) random bits.
pub fn bits(n: u32) -> u128 {
    let mut b = [0u8; 16];
    fill(&mut b);
    let all = u128::from_le_bytes(b);
    match n {
        0 => 0,
        n if n >= 128 => all,
        n => all & ((1u128 << n) - 1),
    }
}

/// 128 random bits as 32 hexadecimal characters: the teacher's secret.
pub fn token() -> String {
    let mut b = [0u8; 16];
    fill(&mut b);
    hex(&b)
}

/// `bytes` as lowercase hexadecimal, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_their_length_and_vary() {
        let codes: Vec<String> = (0..50).map(|_| digits(4)).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit())));
        let mut distinct = codes.clone();
        distinct.sort();
        distinct.dedup();
        // 50 draws from 10,000 codes repeat a few at most.
        assert!(distinct.len() > 40, "{codes:?}");
        assert_ne!(token(), token());
        assert_eq!(token().len(), 32);
    }

    #[test]
    fn below_covers_its_range() {
        let mut seen = [false; 10];
        for _ in 0..500 {
            seen[below(10) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
    }
}
