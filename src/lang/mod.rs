//! The student pages in the phone's language: which language a phone asks
//! for (`Accept-Language`), the words of each (`Text`, one file a
//! language, kept packed in the binary: `pack`), and the digits each writes
//! its numbers in.
//!
//! What to say is decided where it arises, as a key (`validate::Problem`,
//! `guards::Refusal`, whose words are found by its audit code); it becomes
//! words only where a page is built (`pages`, `student`), through `Lang`. A `{roll}`, `{n}`
//! or `{time}` in a text is filled in then (`fill`: one pass, no template
//! engine). The audit trail, the terminal and the teacher's screen stay
//! English (`en.rs`).

mod bn;
mod en;
mod hi;
mod mr;
mod pack;
mod ta;
mod te;

use crate::guards::Refusal;
use crate::locks;
use crate::validate::{Problem, NAME_MAX, ROLL_MAX};
use std::sync::Mutex;

/// A language the student pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Hi,
    Bn,
    Mr,
    Ta,
    Te,
}

/// Every language offered, English first.
pub const OFFERED: [Lang; 6] = [Lang::En, Lang::Hi, Lang::Bn, Lang::Mr, Lang::Ta, Lang::Te];

/// Defines `Text` with these fields (and the months), the list of its
/// texts in order to pack them (`pack`), and `Words`, the same texts
/// unpacked, each by the name of its field.
macro_rules! text {
    ($($(#[$attribute:meta])* $field:ident,)*) => {
        /// The words of the student pages in one language, as each
        /// language's file writes them (`en.rs`, `hi.rs`...). Packed into
        /// the binary; a page has them as `Words`.
        pub struct Text {
            $($(#[$attribute])* pub $field: &'static str,)*
            /// The refusals' words, each found by the audit trail's code
            /// for it (`guards::Kind`): [code, heading, sentence].
            pub refusals: &'static [[&'static str; 3]],
            /// The months, January first, for the date line ("10 February
            /// 2026").
            pub months: [&'static str; 12],
        }

        /// How many texts a `Text` holds, the months included, before
        /// its refusals.
        const TEXTS: usize = [$(stringify!($field),)*].len() + 12;

        impl Text {
            /// Its texts, in order, then each refusal's three.
            const fn texts(&self) -> [&'static str; ALL] {
                let m = &self.months;
                let fields = [$(self.$field,)* m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11]];
                // Every language has a sentence for every refusal: a
                // table of another length does not compile.
                assert!(self.refusals.len() == REFUSALS);
                let mut all = [""; ALL];
                let mut i = 0;
                while i < ALL {
                    all[i] = if i < TEXTS {
                        fields[i]
                    } else {
                        self.refusals[(i - TEXTS) / 3][(i - TEXTS) % 3]
                    };
                    i += 1;
                }
                all
            }
        }

        /// Where each text is in `Words`.
        #[allow(non_camel_case_types)]
        enum At {
            $($field,)*
        }

        impl Words {
            $(
                $(#[$attribute])*
                pub fn $field(&self) -> &'static str {
                    self.nth(At::$field as usize)
                }
            )*
        }
    };
}

/// A language's words as a page has them: its `Text`, unpacked.
pub struct Words(Vec<&'static str>);

impl Words {
    fn nth(&self, at: usize) -> &'static str {
        self.0.get(at).copied().unwrap_or("")
    }

    /// The name of a month, January being 0.
    pub fn month(&self, month0: usize) -> &'static str {
        match month0 {
            0..=11 => self.nth(TEXTS - 12 + month0),
            _ => "",
        }
    }

    /// The heading and the sentence of the refusal with the audit code
    /// `code` ("" for a refusal this language has no words for).
    pub fn refusal(&self, code: &str) -> (&'static str, &'static str) {
        (0..REFUSALS)
            .map(|r| TEXTS + 3 * r)
            .find(|&at| self.nth(at) == code)
            .map_or(("", ""), |at| (self.nth(at + 1), self.nth(at + 2)))
    }
}

/// How many refusals each language has words for: as many as English.
const REFUSALS: usize = en::TEXT.refusals.len();
/// How many texts each language packs, its refusals' included.
const ALL: usize = TEXTS + 3 * REFUSALS;

text! {
    /// The check-in form's title and heading.
    attendance,
    /// Label of the roll number field.
    roll,
    /// Label of the name field.
    name,
    /// Label of the code field (when the teacher uses a code).
    code,
    /// The form's button.
    button,
    /// The line under the form.
    remembers,
    /// The big word once a check-in is saved (after a tick), and the start of that page's title.
    present,
    /// Under the name on that page: `{time}` is when it was saved (10:12:05).
    at,
    /// The line at the bottom of that page.
    show,
    /// Heading (and title) when the roll was already marked today.
    already,
    /// Under it: `{roll}` as saved, `{time}` when it was first marked.
    already_at,
    /// The line at the bottom of that page.
    nothing_new,
    /// The link under a message, back to the form.
    back,
    /// Above the form when the laptop could not save the check-in.
    not_saved,
    /// Beside the roll field: it is empty.
    roll_empty,
    /// Beside the roll field: it is longer than `{n}` characters.
    roll_long,
    /// Beside the roll field: it holds something else than A-Z, 0-9, - and /.
    roll_chars,
    /// Beside the roll field: it ends with - or /, or has two of them together.
    roll_shape,
    /// Beside the name field: it is empty.
    name_empty,
    /// Beside the name field: it is longer than `{n}` characters.
    name_long,
    /// Beside the name field: it holds something else than letters, spaces, . ' and -.
    name_chars,
    /// Beside the name field: it starts with something else than a letter.
    name_start,
    /// Heading: an address the laptop has no page for.
    not_found_h,
    /// Its sentence.
    not_found,
    /// The student's month on the Present page: `{n}` days present of `{of}` class days, `{percent}` of them.
    record,
    /// Under it, below the class's minimum: `{min}` is that minimum in percent.
    record_low,
}

/// A language's texts, packed when rollcall is compiled (`pack`), and the
/// block of its script.
macro_rules! packed {
    ($text:expr, $base:expr) => {{
        const BYTES: usize = pack::packed_len(&$text.texts(), $base);
        const PACKED: [u8; BYTES] = pack::pack::<BYTES>(&$text.texts(), $base);
        (&PACKED, $base)
    }};
}

/// Each language's texts packed, in the order of `Lang`, with the block of
/// its script (English: none).
static PACKED: [(&[u8], u32); 6] = [
    packed!(en::TEXT, 0),
    packed!(hi::TEXT, 0x0900),
    packed!(bn::TEXT, 0x0980),
    packed!(mr::TEXT, 0x0900),
    packed!(ta::TEXT, 0x0B80),
    packed!(te::TEXT, 0x0C00),
];

/// Each language's words, once a page has asked for them.
static UNPACKED: Mutex<[Option<&'static Words>; 6]> = Mutex::new([None; 6]);

impl Lang {
    /// The language's code, as `<html lang>` and `Accept-Language` have it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Hi => "hi",
            Lang::Bn => "bn",
            Lang::Mr => "mr",
            Lang::Ta => "ta",
            Lang::Te => "te",
        }
    }

    /// The language's words: unpacked the first time they are asked for,
    /// and kept.
    pub fn text(self) -> &'static Words {
        let mut unpacked = locks::lock(&UNPACKED);
        let at = self as usize;
        if let Some(words) = unpacked[at] {
            return words;
        }
        let (bytes, base) = PACKED[at];
        let texts = pack::unpack(bytes, base).into_iter();
        let words = Words(texts.map(|t| &*Box::leak(t.into_boxed_str())).collect());
        let words: &'static Words = Box::leak(Box::new(words));
        unpacked[at] = Some(words);
        words
    }

    /// The language a phone's `Accept-Language` asks for: of those offered,
    /// the one with the highest weight (`q`, 1 when not given; the first
    /// listed of equals). `hi-IN` is `hi`; `*`, and a header naming none
    /// offered, or none at all, is English. A language weighted `q=0` is
    /// refused.
    pub fn asked(accept: &str) -> Lang {
        let mut best = (0, Lang::En);
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .map(str::trim)
                .find_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
                .map_or(Some(1000), weight);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = if primary == "*" {
                Some(Lang::En)
            } else {
                OFFERED
                    .into_iter()
                    .find(|l| primary.eq_ignore_ascii_case(l.code()))
            };
            if let (Some(q), Some(lang)) = (q, lang) {
                if q > best.0 {
                    best = (q, lang);
                }
            }
        }
        best.1
    }

    /// The zero of the digits the language's pages write numbers in (the
    /// time, the date, counts and percentages; a roll number is shown as it
    /// was saved). Each is the default of the language in the Unicode
    /// locale data (CLDR) that phones follow, and what its schools teach:
    /// - Bengali: Bengali digits (০-৯). Bengali-medium schools, textbooks and
    ///   newspapers in West Bengal and Bangladesh write them, and a phone set
    ///   to Bengali shows its clock in them.
    /// - Marathi: Devanagari digits (०-९). Marathi-medium textbooks
    ///   (Balbharati) and papers write them, and a phone set to Marathi
    ///   shows its clock in them.
    /// - Hindi: 0-9. The Constitution (article 343) makes the international
    ///   form of Indian numerals the official one; Hindi-medium textbooks
    ///   and phones set to Hindi write 0-9.
    /// - Tamil and Telugu: 0-9. Their own digits are not in everyday use;
    ///   schools and phones write 0-9.
    ///
    /// Digits typed in any script are read as 0-9 (`validate::ascii_digits`).
    fn zero(self) -> char {
        match self {
            Lang::Bn => '\u{09E6}',
            Lang::Mr => '\u{0966}',
            Lang::En | Lang::Hi | Lang::Ta | Lang::Te => '0',
        }
    }

    /// `text` with its digits 0-9 written in the language's own.
    pub fn digits(self, text: &str) -> String {
        let zero = u32::from(self.zero());
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(zero + d).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    /// A number in the language's digits.
    pub fn number(self, n: usize) -> String {
        self.digits(&n.to_string())
    }

    /// What the form says beside a roll or name with `problem`.
    pub fn problem(self, problem: Problem) -> String {
        let t = self.text();
        let (text, most) = match problem {
            Problem::RollEmpty => (t.roll_empty(), 0),
            Problem::RollLong => (t.roll_long(), ROLL_MAX),
            Problem::RollChars => (t.roll_chars(), 0),
            Problem::RollShape => (t.roll_shape(), 0),
            Problem::NameEmpty => (t.name_empty(), 0),
            Problem::NameLong => (t.name_long(), NAME_MAX),
            Problem::NameChars => (t.name_chars(), 0),
            Problem::NameStart => (t.name_start(), 0),
        };
        fill(text, &[("n", &self.number(most))])
    }

    /// What the student is told of `refusal`: its page's heading (""
    /// for one shown beside a field) and its sentence, the roll or the
    /// number of its particulars filled in.
    pub fn refusal(self, refusal: &Refusal) -> (String, String) {
        let (heading, text) = self.text().refusal(refusal.kind.code);
        let n = self.number(refusal.count());
        let slots = [("roll", refusal.roll()), ("n", n.as_str())];
        (fill(heading, &slots), fill(text, &slots))
    }
}

/// `text` with each `{key}` of `slots` replaced by its value, in one pass
/// (a value is never scanned for keys); an unknown `{key}` stays as it is.
pub fn fill(text: &str, slots: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').and_then(|end| {
            let key = &after[..end];
            let found = slots.iter().find(|(k, _)| *k == key)?;
            Some((found.1, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A `q` weight in thousandths: `1`, `0.5`, `0.125`; `None` if it is not one.
fn weight(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
