//! Each language's words kept small in the binary: packed when rollcall is
//! compiled (`const fn`s, from the `Text` in each language's file, which
//! the binary then does not hold), and unpacked once, the first time a page
//! in that language is asked for.
//!
//! An Indic script's letters take three bytes each in UTF-8, and each
//! script has its own block of 128 code points (Devanagari U+0900, Bengali
//! U+0980, Tamil U+0B80, Telugu U+0C00). Packed, a character of the
//! language's block is one byte, 0x80 and up; ASCII is itself; any other
//! character (a dash, the Devanagari danda in Bengali, a joiner) is the
//! byte 1 and then its UTF-8; each text ends with a 0. That is a third of
//! the bytes for Hindi, Bengali, Marathi, Tamil and Telugu text, and no
//! table of pointers.

/// Ends each text.
const END: u8 = 0;
/// Comes before a character neither ASCII nor of the block, in UTF-8.
const ESCAPE: u8 = 1;

/// The character at `i` in the UTF-8 `s`, and its length in bytes.
const fn char_at(s: &[u8], i: usize) -> (u32, usize) {
    let b = s[i] as u32;
    if b < 0x80 {
        (b, 1)
    } else if b < 0xE0 {
        (((b & 0x1F) << 6) | low(s, i + 1), 2)
    } else if b < 0xF0 {
        let high = ((b & 0x0F) << 12) | (low(s, i + 1) << 6);
        (high | low(s, i + 2), 3)
    } else {
        let high = ((b & 0x07) << 18) | (low(s, i + 1) << 12);
        (high | (low(s, i + 2) << 6) | low(s, i + 3), 4)
    }
}

/// The six bits a UTF-8 continuation byte carries.
const fn low(s: &[u8], i: usize) -> u32 {
    (s[i] as u32) & 0x3F
}

/// How `c` is packed for the block at `base`: its byte, or `None` for an
/// escape.
const fn byte_for(c: u32, base: u32) -> Option<u8> {
    if c > ESCAPE as u32 && c < 0x80 {
        Some(c as u8)
    } else if c >= base && c < base + 0x80 && base >= 0x80 {
        Some((c - base + 0x80) as u8)
    } else {
        None
    }
}

/// The packed length of `texts` for the block at `base`.
pub const fn packed_len(texts: &[&str], base: u32) -> usize {
    let mut n = 0;
    let mut t = 0;
    while t < texts.len() {
        let s = texts[t].as_bytes();
        let mut i = 0;
        while i < s.len() {
            let (c, len) = char_at(s, i);
            n += match byte_for(c, base) {
                Some(_) => 1,
                None => 1 + len,
            };
            i += len;
        }
        n += 1;
        t += 1;
    }
    n
}

/// `texts` packed for the block at `base`, in `N` (`packed_len`) bytes.
pub const fn pack<const N: usize>(texts: &[&str], base: u32) -> [u8; N] {
    let mut out = [0; N];
    let mut n = 0;
    let mut t = 0;
    while t < texts.len() {
        let s = texts[t].as_bytes();
        let mut i = 0;
        while i < s.len() {
            let (c, len) = char_at(s, i);
            if let Some(b) = byte_for(c, base) {
                out[n] = b;
                n += 1;
            } else {
                out[n] = ESCAPE;
                n += 1;
                let mut k = 0;
                while k < len {
                    out[n] = s[i + k];
                    n += 1;
                    k += 1;
                }
            }
            i += len;
        }
        out[n] = END;
        n += 1;
        t += 1;
    }
    out
}

/// The texts `packed` for the block at `base` holds, in order.
pub fn unpack(packed: &[u8], base: u32) -> Vec<String> {
    let mut texts = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while let Some(&b) = packed.get(i) {
        i += 1;
        match b {
            END => texts.push(std::mem::take(&mut text)),
            ESCAPE => {
                let len = packed.get(i).map_or(1, |&lead| utf8_len(lead));
                let bytes = packed.get(i..i + len).unwrap_or_default();
                text.push_str(std::str::from_utf8(bytes).unwrap_or("\u{FFFD}"));
                i += len;
            }
            b if b < 0x80 => text.push(char::from(b)),
            b => text.push(char::from_u32(base + u32::from(b - 0x80)).unwrap_or('\u{FFFD}')),
        }
    }
    texts
}

/// The length of the UTF-8 character whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_they_were() {
        let texts = [
            "हाज़िरी — 12",
            "",
            "রোল {roll}। ok",
            "ల్యాప్\u{200c}టాప్",
            "\u{1}x\u{0}",
            "😀",
        ];
        for base in [0, 0x0900, 0x0980, 0x0C00] {
            let packed = pack::<160>(&texts, base);
            let len = packed_len(&texts, base);
            assert!(len <= 160 && packed[len..].iter().all(|&b| b == 0));
            assert_eq!(unpack(&packed[..len], base), texts, "{base:x}");
        }
        // A Devanagari letter is one byte packed for Devanagari.
        assert_eq!(packed_len(&["हाज़िरी"], 0x0900), 7 + 1);
        assert_eq!(packed_len(&["हाज़िरी"], 0), 7 * 4 + 1);
    }
}
