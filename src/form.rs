//! Decoding `application/x-www-form-urlencoded` bodies and cookie values.
//!
//! Hand-written because it is twenty lines and the only decoding the server
//! does; a URL crate would cost more binary than it saves. The rules are the
//! WHATWG ones a browser uses when it submits a form: `+` is a space, `%XX` is
//! a byte, and the bytes must be UTF-8. Unlike a browser we refuse malformed
//! escapes instead of passing them through, so a garbled submission is told
//! so rather than recorded as something the student never typed.

use std::fmt;

/// Why a body could not be decoded; every variant becomes HTTP 400.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` not followed by two hexadecimal digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::BadEscape => f.write_str("the form data has a broken %-escape"),
            DecodeError::NotUtf8 => f.write_str("the form data is not UTF-8 text"),
        }
    }
}

/// Decodes a whole urlencoded body into `(name, value)` pairs, in order.
pub fn decode(body: &[u8]) -> Result<Vec<(String, String)>, DecodeError> {
    let mut pairs = Vec::new();
    for part in body.split(|&b| b == b'&') {
        if part.is_empty() {
            continue;
        }
        let (key, value) = match part.iter().position(|&b| b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &b""[..]),
        };
        pairs.push((decode_component(key, true)?, decode_component(value, true)?));
    }
    Ok(pairs)
}

/// The first value of field `name`, if present.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Decodes one percent-encoded component; `plus_is_space` for form bodies.
pub fn decode_component(input: &[u8], plus_is_space: bool) -> Result<String, DecodeError> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'%' => {
                let hi = input.get(i + 1).and_then(|&b| hex_value(b));
                let lo = input.get(i + 2).and_then(|&b| hex_value(b));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(DecodeError::BadEscape),
                }
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| DecodeError::NotUtf8)
}

/// Percent-encodes everything but unreserved ASCII, for cookie values.
pub fn encode_component(input: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(input.len());
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// The value of cookie `name` in a `Cookie:` header, percent-decoded.
pub fn cookie(header: &str, name: &str) -> Option<String> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        if k == name {
            decode_component(v.as_bytes(), false).ok()
        } else {
            None
        }
    })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(body: &str) -> Vec<(String, String)> {
        decode(body.as_bytes()).expect("valid body")
    }

    #[test]
    fn decodes_fields_plus_and_escapes() {
        let p = pairs("roll=12&name=Udbhav+K%C3%A4r");
        assert_eq!(field(&p, "roll"), Some("12"));
        assert_eq!(field(&p, "name"), Some("Udbhav Kär"));
        assert_eq!(field(&p, "code"), None);
    }

    #[test]
    fn decodes_devanagari_as_a_browser_sends_it() {
        let p = pairs("name=%E0%A4%89%E0%A4%A6%E0%A5%8D%E0%A4%AD%E0%A4%B5");
        assert_eq!(field(&p, "name"), Some("उद्भव"));
    }

    #[test]
    fn keeps_first_of_repeated_fields_and_tolerates_empty_parts() {
        let p = pairs("&roll=1&&roll=2&flag&name=");
        assert_eq!(field(&p, "roll"), Some("1"));
        assert_eq!(field(&p, "flag"), Some(""));
        assert_eq!(field(&p, "name"), Some(""));
    }

    #[test]
    fn equals_sign_inside_a_value_is_kept() {
        let p = pairs("name=a%3Db=c");
        assert_eq!(field(&p, "name"), Some("a=b=c"));
    }

    #[test]
    fn refuses_broken_escapes() {
        for body in ["name=%", "name=%4", "name=%zz", "name=%G1", "a%=b"] {
            assert_eq!(
                decode(body.as_bytes()),
                Err(DecodeError::BadEscape),
                "{body}"
            );
        }
    }

    #[test]
    fn refuses_invalid_utf8() {
        assert_eq!(decode(b"name=%FF%FE"), Err(DecodeError::NotUtf8));
        assert_eq!(decode(b"name=\xff"), Err(DecodeError::NotUtf8));
    }

    #[test]
    fn encode_then_decode_round_trips() {
        for s in ["12", "Udbhav K", "தமிழ்", "a+b&c=d;e%f", ""] {
            let encoded = encode_component(s);
            assert!(encoded.bytes().all(|b| b.is_ascii_graphic()), "{encoded}");
            assert_eq!(
                decode_component(encoded.as_bytes(), false).as_deref(),
                Ok(s)
            );
        }
    }

    #[test]
    fn reads_cookies_by_name() {
        let h = "theme=dark; rc_roll=12; rc_name=Udbhav%20K";
        assert_eq!(cookie(h, "rc_roll").as_deref(), Some("12"));
        assert_eq!(cookie(h, "rc_name").as_deref(), Some("Udbhav K"));
        assert_eq!(cookie(h, "missing"), None);
        assert_eq!(cookie("rc_roll=%zz", "rc_roll"), None);
    }
}
