//! Unpredictable numbers from the operating system, for the check-in codes
//! and the teacher's secret. Never from the clock: a code derived from the
//! time could be worked out by anyone who knows the time.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// Fills `buf` from the OS (getrandom(2), BCryptGenRandom on Windows). If
/// the OS ever refuses, std's hasher keys, themselves seeded from the OS
/// once per thread, stand in rather than stopping a class.
fn fill(buf: &mut [u8]) {
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
    b.iter().map(|x| format!("{x:02x}")).collect()
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
