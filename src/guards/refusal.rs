//! Why an attempt was turned away: one value that is at once the student's
//! answer (a page of its own or the form again, the HTTP status, how long
//! to wait) and the audit trail's reason, written by `Display` and read
//! back by `parse` here and nowhere else.
//!
//! Each kind of refusal is a `Kind`, defined in the file of the rule that
//! gives it (`rules/`). Its code is the trail's own fixed words; each
//! language's sentences for it are found by that code (`lang`), so a page
//! can be reworded without changing what a file says.

use crate::validate::{FieldErrors, Problem};
use std::borrow::Cow;
use std::fmt;

/// Where a student turned away is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// A page of its own.
    Page,
    /// The form again (422) with what was typed, the words beside the
    /// code, which is cleared: the next one must be read afresh.
    BesideCode,
    /// The form again (422) with what was typed, the words beside the
    /// roll or the name.
    BesideFields,
    /// The form again (422) with what was typed, the words above it.
    AboveForm,
}

/// How a refusal's particulars stand in the trail beside its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The code alone: "wrong code".
    Alone,
    /// The roll in brackets: "second roll on this phone (roll 12)".
    Roll,
    /// The count in place of the code's `#`: "more than 3 rolls from this
    /// address".
    Count,
    /// The first field problem's code in brackets: "invalid roll or name
    /// (no name)".
    Problem,
}

/// A kind of refusal, as the rule that gives it defines it.
#[derive(Debug)]
pub struct Kind {
    /// The audit trail's code: fixed words of the trail's own, read back at
    /// a restart, and the key of each language's sentences for it.
    pub code: &'static str,
    pub status: u16,
    /// Seconds to wait before trying again, where waiting is the answer.
    pub retry_after: Option<u32>,
    pub shown: Shown,
    pub written: Written,
    /// Written down at all (a post from another site is never read, so
    /// nothing of it is written).
    pub audited: bool,
    /// Counts toward the phone's refusals a minute: every refusal does but
    /// the limits' own answers, or a flood would never be let go.
    pub counts: bool,
}

impl Kind {
    /// A kind answered with a page of its own (403), its particulars not
    /// written; the rest by struct update.
    pub const fn page(code: &'static str) -> Kind {
        Kind {
            code,
            status: 403,
            retry_after: None,
            shown: Shown::Page,
            written: Written::Alone,
            audited: true,
            counts: true,
        }
    }

    /// A kind answered with the form again (422), its words beside `shown`.
    pub const fn form(code: &'static str, shown: Shown) -> Kind {
        Kind {
            status: 422,
            shown,
            ..Kind::page(code)
        }
    }
}

impl PartialEq for Kind {
    fn eq(&self, other: &Kind) -> bool {
        self.code == other.code
    }
}

impl Eq for Kind {}

/// A reason read back from the trail that this version does not give (an
/// older one's, or a trail edited by hand): kept as it stands.
static UNKNOWN: Kind = Kind::page("");

/// A refusal's particulars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    None,
    /// A roll: the phone's own (a second roll), or the one typed.
    Roll(String),
    /// A number: the most rolls allowed.
    Count(usize),
    /// What is wrong with the roll and the name.
    Fields(FieldErrors),
    /// The whole text of a reason this version does not give.
    Unknown(String),
}

/// Why one attempt was turned away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: &'static Kind,
    pub detail: Detail,
    /// Not written down: past a limit, only the first refusal of a minute
    /// is, so that a script's thousands leave one line a minute.
    pub quiet: bool,
}

impl Refusal {
    /// A refusal of `kind` without particulars.
    pub fn new(kind: &'static Kind) -> Refusal {
        Refusal::with(kind, Detail::None)
    }

    pub fn with(kind: &'static Kind, detail: Detail) -> Refusal {
        Refusal {
            kind,
            detail,
            quiet: false,
        }
    }

    /// Is this one written down in the trail (and counted for the teacher)?
    pub fn is_written(&self) -> bool {
        self.kind.audited && !self.quiet
    }

    /// The roll of its particulars, "" for none.
    pub fn roll(&self) -> &str {
        match &self.detail {
            Detail::Roll(roll) => roll,
            _ => "",
        }
    }

    /// The count of its particulars, 0 for none.
    pub fn count(&self) -> usize {
        match self.detail {
            Detail::Count(n) => n,
            _ => 0,
        }
    }

    /// The reason as the trail has it, if it is one of `kinds`; else kept
    /// as it stands (an older rollcall's, or edited by hand). Whatever the
    /// text, it writes back as exactly `text`.
    pub fn parse(text: &str, mut kinds: impl Iterator<Item = &'static Kind>) -> Refusal {
        kinds
            .find_map(|kind| read(kind, text))
            .unwrap_or_else(|| Refusal::with(&UNKNOWN, Detail::Unknown(text.to_string())))
    }

    /// The reason without its particulars, as the teacher's screen counts
    /// refusals: "second roll on this phone (roll 12)" counts as "second
    /// roll on this phone". Always the text before its first " (".
    pub fn counted_as(&self) -> Cow<'_, str> {
        match (&self.detail, self.kind.written) {
            (Detail::Unknown(text), _) => Cow::Borrowed(text.split(" (").next().unwrap_or(text)),
            (_, Written::Count) => Cow::Owned(self.to_string()),
            _ => Cow::Borrowed(self.kind.code),
        }
    }
}

/// `text` as a refusal of `kind`, if it is one.
fn read(kind: &'static Kind, text: &str) -> Option<Refusal> {
    let within = |before: &str| -> Option<&str> {
        text.strip_prefix(kind.code)?
            .strip_prefix(before)?
            .strip_suffix(')')
    };
    let detail = match kind.written {
        Written::Alone if text == kind.code => Detail::None,
        Written::Alone => return None,
        Written::Roll => Detail::Roll(within(" (roll ")?.to_string()),
        Written::Problem => Detail::Fields(FieldErrors::only(Problem::from_code(within(" (")?)?)),
        Written::Count => {
            let (before, after) = kind.code.split_once('#')?;
            let n = text.strip_prefix(before)?.strip_suffix(after)?;
            Detail::Count(n.parse().ok()?)
        }
    };
    let refusal = Refusal::with(kind, detail);
    // "+3" or "03" would write back as "3".
    (refusal.to_string() == text).then_some(refusal)
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.kind.code;
        match (&self.detail, self.kind.written) {
            (Detail::Unknown(text), _) => f.write_str(text),
            (Detail::Roll(roll), Written::Roll) => write!(f, "{code} (roll {roll})"),
            (Detail::Count(n), Written::Count) => {
                f.write_str(&code.replacen('#', &n.to_string(), 1))
            }
            (Detail::Fields(errors), Written::Problem) => {
                let first = errors.first().map_or("", Problem::code);
                write!(f, "{code} ({first})")
            }
            _ => f.write_str(code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guards::rules;

    #[test]
    fn every_kind_is_written_and_read_back_as_itself() {
        let all = [
            (
                Refusal::new(&rules::network::OTHER_NETWORK),
                "other network",
            ),
            (
                Refusal::with(&rules::second_roll::SECOND_ROLL, Detail::Roll("12".into())),
                "second roll on this phone (roll 12)",
            ),
            (
                Refusal::with(&rules::per_address::PER_ADDRESS, Detail::Count(3)),
                "more than 3 rolls from this address",
            ),
            (
                Refusal::new(&rules::limit::TOO_MANY),
                "too many refused attempts",
            ),
            (
                Refusal::new(&rules::limit::FROM_ADDRESS),
                "too many refused attempts from this address",
            ),
            (
                Refusal::new(&rules::limit::WRONG_CODES),
                "too many wrong codes from this address this hour",
            ),
            (Refusal::new(&rules::open::CLOSED), "closed"),
            (Refusal::new(&rules::code::NO_CODE), "no code"),
            (Refusal::new(&rules::code::WRONG), "wrong code"),
            (Refusal::new(&rules::code::EXPIRED), "expired code"),
            (
                Refusal::with(
                    &rules::fields::INVALID,
                    Detail::Fields(FieldErrors::only(Problem::RollChars)),
                ),
                "invalid roll or name (roll with other characters)",
            ),
            (
                Refusal::new(&rules::fields::NOT_ON_LIST),
                "not on the class list",
            ),
        ];
        for (refusal, text) in all {
            assert_eq!(refusal.to_string(), text);
            assert_eq!(rules::read(text), refusal, "{text}");
            assert_eq!(
                refusal.counted_as(),
                text.split(" (").next().unwrap_or(text)
            );
        }
        // A roll with brackets of its own is still the roll.
        let odd = Refusal::with(
            &rules::second_roll::SECOND_ROLL,
            Detail::Roll("1 (2)".into()),
        );
        assert_eq!(rules::read(&odd.to_string()), odd);
    }

    #[test]
    fn any_text_writes_back_as_itself_and_counts_by_what_precedes_its_bracket() {
        for text in [
            "",
            "second roll on this phone",
            "second roll on this phone (roll 12",
            "second roll",
            "more than 03 rolls from this address",
            "more than +3 rolls from this address",
            "more than x rolls from this address",
            "invalid roll or name (",
            // An older rollcall wrote the English page's sentence here.
            "invalid roll or name (Please type your name.)",
            "wrong code (typed 1234)",
            "Wrong code",
            "closed ",
            "…",
        ] {
            let refusal = rules::read(text);
            assert_eq!(refusal.to_string(), text);
            assert_eq!(
                refusal.counted_as(),
                text.split(" (").next().unwrap_or(text)
            );
        }
        assert_eq!(
            rules::read("wrong code (typed 1234)").detail,
            Detail::Unknown("wrong code (typed 1234)".into())
        );
    }

    #[test]
    fn every_field_problem_has_a_code_of_its_own_read_back_as_itself() {
        use Problem::*;
        let all = [
            RollEmpty, RollLong, RollChars, RollShape, NameEmpty, NameLong, NameChars, NameStart,
        ];
        let mut codes: Vec<&str> = all.iter().map(|p| p.code()).collect();
        for p in all {
            let refusal = Refusal::with(
                &rules::fields::INVALID,
                Detail::Fields(FieldErrors::only(p)),
            );
            assert_eq!(rules::read(&refusal.to_string()), refusal);
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "one code each");
    }
}
