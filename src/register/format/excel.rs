//! Text as Excel may have saved it: a BOM or none, UTF-16 or Windows-1252,
//! `;` or tab as the separator (or a `sep=` line), and a time reformatted.
//! The reading half of `format`; what the cells mean is `format`'s.

use super::{LineError, BOM};
use chrono::NaiveTime;
use std::borrow::Cow;

/// What `read_records` calls with each record's cells and line number.
pub type RowReader<'a> = dyn FnMut(&[&str], u64) -> Result<(), String> + 'a;

/// Calls `row` with each record of a CSV file that has a non-blank cell, and
/// the line it starts on; the first error it returns stops the reading and
/// gets the line number.
/// The file may be as Excel saves it (see the module comment); the
/// separator is the one a `sep=` first line names, else the most frequent
/// of `,` `;` and tab on the first line.
pub fn read_records(bytes: &[u8], row: &mut RowReader<'_>) -> Result<(), LineError> {
    let text = decode(bytes);
    let mut text: &str = text.trim_start_matches('\u{feff}');
    let mut skipped = 0;
    let first = text.lines().next().unwrap_or("");
    let separator = match first.strip_prefix("sep=").map(str::as_bytes) {
        Some(&[sep]) => {
            text = &text[first.len()..];
            text = text.strip_prefix("\r\n").unwrap_or(text);
            text = text.strip_prefix('\n').unwrap_or(text);
            skipped = 1;
            sep
        }
        _ => sniff_separator(first),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    // The csv crate's line numbers skip blank lines and count CRLF oddly,
    // so lines are counted here, from where each record starts.
    let mut counted = (0, 1 + skipped);
    let mut line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut at = (byte as usize).clamp(counted.0, bytes.len());
        while matches!(bytes.get(at), Some(b'\r') | Some(b'\n')) {
            at += 1;
        }
        let newlines = bytes[counted.0..at].iter().filter(|&&b| b == b'\n').count();
        counted = (at, counted.1 + newlines as u64);
        counted.1
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            // Text from a `&str` split at ASCII separators cannot fail; the
            // csv crate's own wording would cost 2 KiB for nothing.
            Err(_) => {
                return Err(LineError {
                    line: line_at(reader.position().byte()),
                    reason: "this line cannot be read as CSV".into(),
                })
            }
        }
        // Cells of a `&str` split at ASCII separators are UTF-8 already.
        let cells: Vec<&str> = record
            .iter()
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = line_at(record.position().map_or(0, |p| p.byte()));
        row(&cells, line).map_err(|reason| LineError { line, reason })?;
    }
}

/// The separator a line most likely uses: the most frequent of `,` `;` and
/// tab outside quotes; a comma when none is there.
fn sniff_separator(line: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if b == *sep {
                    *n += 1;
                }
            }
        }
    }
    let mut best = counts[0];
    for c in &counts[1..] {
        if c.1 > best.1 {
            best = *c;
        }
    }
    best.0
}

/// A file's text, whichever way Excel saved it: UTF-8 (with a BOM or not),
/// UTF-16 with its BOM ("Unicode Text"), or else Windows-1252, the ANSI code
/// page "CSV (Comma delimited)" uses on Western and Indian English Windows.
/// Other ANSI code pages cannot be told apart from 1252 without a table
/// crate, so their letters come out wrong; rolls, in ASCII, still read.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let utf16 = |big: bool| {
        let units = bytes[2..].chunks(2).map(|p| {
            let pair = [p[0], p.get(1).copied().unwrap_or(0)];
            if big {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    match bytes {
        [0xFF, 0xFE, ..] => Cow::Owned(utf16(false)),
        [0xFE, 0xFF, ..] => Cow::Owned(utf16(true)),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) if bytes.starts_with(BOM) => String::from_utf8_lossy(bytes),
            Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
        },
    }
}

/// Windows-1252: Latin-1 but for 0x80–0x9F, where it has curly quotes,
/// dashes, € and a few letters. Unassigned bytes map as Latin-1 does.
fn windows_1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('?'),
        _ => char::from(b),
    }
}

/// A time as rollcall writes it or as Excel may have rewritten it: `9:05`,
/// `09:05:00 AM`, `9.05` in some locales, or a fraction of a day when the
/// cell became a number. Whole seconds: a fraction is dropped, so a day
/// written again keeps `HH:MM:SS`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    if let Some(t) = clock_time(text, ':') {
        return Some(t);
    }
    match day_fraction_seconds(text) {
        Some(secs) => NaiveTime::from_num_seconds_from_midnight_opt(secs, 0),
        // Locales whose time separator is a dot (Finnish, Danish...).
        None => clock_time(text, '.'),
    }
}

/// A fraction of a day as Excel writes a time cell turned into a number
/// (`0.5`, `.4305902777`): the second it rounds to. Read digit by digit
/// (no floating point, whose parser costs the binary ~14 KiB).
fn day_fraction_seconds(text: &str) -> Option<u32> {
    let fraction = text.strip_prefix('0').unwrap_or(text);
    let digits = match fraction.strip_prefix('.') {
        Some(digits) => digits,
        None if fraction.is_empty() && !text.is_empty() => "",
        None => return None,
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || (digits.is_empty() && text == ".") {
        return None;
    }
    // Enough digits for the nearest second; the rest only round.
    let (mut numerator, mut denominator) = (0u64, 1u64);
    for b in digits.bytes().take(12) {
        numerator = numerator * 10 + u64::from(b - b'0');
        denominator *= 10;
    }
    let secs = (numerator * 86_400 * 2 + denominator) / (denominator * 2);
    Some(secs.min(86_399) as u32)
}

/// `H:MM`, `H:MM:SS`, `H:MM:SS.fff`, each optionally with `AM`/`PM`, with
/// `separator` between the parts.
fn clock_time(text: &str, separator: char) -> Option<NaiveTime> {
    let lower = text.to_ascii_lowercase();
    let (clock, half) = match lower
        .strip_suffix("am")
        .map(|c| (c, Some(0)))
        .or_else(|| lower.strip_suffix("pm").map(|c| (c, Some(12))))
    {
        Some((clock, half)) => (clock.trim_end(), half),
        None => (lower.as_str(), None),
    };
    let mut parts = clock.splitn(3, separator);
    let number = |part: Option<&str>| -> Option<u32> {
        let part = part?;
        if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let hour = number(parts.next())?;
    let minute = number(parts.next())?;
    let second = match parts.next() {
        None => 0,
        // Seconds may carry a fraction (".25"), dropped.
        Some(s) => number(Some(s.split(['.', ',']).next().unwrap_or("")))?,
    };
    if separator == '.' && clock.matches('.').count() > 2 {
        return None;
    }
    let hour = match half {
        None => hour,
        Some(_) if hour == 0 || hour > 12 => return None,
        Some(add) => hour % 12 + add,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}
