//! Why an attempt was turned away, as the audit trail says it: the Reason
//! column of a refused line. Written by `Display` and read back by `parse`
//! (a restart rebuilds the day from the trail), here and nowhere else, so
//! that what is written is what is read.

use crate::session::NotAdmitted;
use crate::validate::FieldErrors;
use std::borrow::Cow;
use std::fmt;

/// The audit trail's reason for a refused attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    OtherNetwork,
    /// The phone already checked in this roll today.
    SecondRoll(String),
    /// The address already marked this many rolls, the most a day.
    PerAddress(usize),
    TooManyRefusals,
    TooManyFromAddress,
    TooManyWrongCodes,
    Closed,
    NoCode,
    WrongCode,
    ExpiredCode,
    /// The roll or name is not one; the first of the form's complaints.
    Invalid(String),
    NotOnList,
    /// A reason this version does not write (an older one's, or a trail
    /// edited by hand), read back as it stands: counted by its kind.
    Other(String),
}

/// The reasons without particulars, for `parse` to try.
const FIXED: [Reason; 9] = [
    Reason::OtherNetwork,
    Reason::TooManyRefusals,
    Reason::TooManyFromAddress,
    Reason::TooManyWrongCodes,
    Reason::Closed,
    Reason::NoCode,
    Reason::WrongCode,
    Reason::ExpiredCode,
    Reason::NotOnList,
];

/// The kinds of the reasons with particulars in brackets after them: "second
/// roll on this phone (roll 12)", "invalid roll or name (too long)".
const SECOND_ROLL: &str = "second roll on this phone";
const INVALID: &str = "invalid roll or name";
/// "more than 3 rolls from this address"
const PER_ADDRESS: (&str, &str) = ("more than ", " rolls from this address");

impl Reason {
    /// The first complaint of the form's checks about a roll and name.
    pub fn invalid(errors: &FieldErrors) -> Reason {
        let first = errors.roll.or(errors.name);
        Reason::Invalid(first.map_or_else(|| "invalid".into(), |p| p.to_string()))
    }

    /// The text of a reason without particulars.
    fn fixed(&self) -> Option<&'static str> {
        Some(match self {
            Reason::OtherNetwork => "other network",
            Reason::TooManyRefusals => "too many refused attempts",
            Reason::TooManyFromAddress => "too many refused attempts from this address",
            Reason::TooManyWrongCodes => "too many wrong codes from this address this hour",
            Reason::Closed => "closed",
            Reason::NoCode => "no code",
            Reason::WrongCode => "wrong code",
            Reason::ExpiredCode => "expired code",
            Reason::NotOnList => "not on the class list",
            Reason::SecondRoll(_)
            | Reason::PerAddress(_)
            | Reason::Invalid(_)
            | Reason::Other(_) => return None,
        })
    }

    /// A reason as the trail has it. Whatever the text, `parse(text)`
    /// writes back as exactly `text`: one this version would not have
    /// written is `Other`.
    pub fn parse(text: &str) -> Reason {
        if let Some(fixed) = FIXED.into_iter().find(|r| r.fixed() == Some(text)) {
            return fixed;
        }
        let within = |kind: &str, before: &str| {
            text.strip_prefix(kind)?
                .strip_prefix(before)?
                .strip_suffix(')')
                .map(String::from)
        };
        if let Some(roll) = within(SECOND_ROLL, " (roll ") {
            return Reason::SecondRoll(roll);
        }
        if let Some(why) = within(INVALID, " (") {
            return Reason::Invalid(why);
        }
        let most = text
            .strip_prefix(PER_ADDRESS.0)
            .and_then(|t| t.strip_suffix(PER_ADDRESS.1))
            .and_then(|n| n.parse::<usize>().ok())
            .map(Reason::PerAddress);
        match most {
            // "+3" or "03" would write back as "3".
            Some(r) if r.to_string() == text => r,
            _ => Reason::Other(text.into()),
        }
    }

    /// The reason without its particulars, as the teacher's screen counts
    /// refusals: "second roll on this phone (roll 12)" counts as "second
    /// roll on this phone". Always the text before its first " (".
    pub fn kind(&self) -> Cow<'_, str> {
        match self {
            Reason::SecondRoll(_) => Cow::Borrowed(SECOND_ROLL),
            Reason::Invalid(_) => Cow::Borrowed(INVALID),
            Reason::PerAddress(_) => Cow::Owned(self.to_string()),
            Reason::Other(text) => Cow::Borrowed(text.split(" (").next().unwrap_or(text)),
            fixed => Cow::Borrowed(fixed.fixed().unwrap_or_default()),
        }
    }
}

impl From<NotAdmitted> for Reason {
    fn from(refused: NotAdmitted) -> Reason {
        match refused {
            NotAdmitted::Closed => Reason::Closed,
            NotAdmitted::MissingCode => Reason::NoCode,
            NotAdmitted::WrongCode => Reason::WrongCode,
            NotAdmitted::ExpiredCode => Reason::ExpiredCode,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::SecondRoll(roll) => write!(f, "{SECOND_ROLL} (roll {roll})"),
            Reason::PerAddress(n) => write!(f, "{}{n}{}", PER_ADDRESS.0, PER_ADDRESS.1),
            Reason::Invalid(why) => write!(f, "{INVALID} ({why})"),
            Reason::Other(text) => f.write_str(text),
            fixed => f.write_str(fixed.fixed().unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Problem;

    #[test]
    fn every_reason_is_written_as_before_and_read_back_as_itself() {
        let all = [
            (Reason::OtherNetwork, "other network"),
            (
                Reason::SecondRoll("12".into()),
                "second roll on this phone (roll 12)",
            ),
            (Reason::PerAddress(3), "more than 3 rolls from this address"),
            (Reason::TooManyRefusals, "too many refused attempts"),
            (
                Reason::TooManyFromAddress,
                "too many refused attempts from this address",
            ),
            (
                Reason::TooManyWrongCodes,
                "too many wrong codes from this address this hour",
            ),
            (Reason::Closed, "closed"),
            (Reason::NoCode, "no code"),
            (Reason::WrongCode, "wrong code"),
            (Reason::ExpiredCode, "expired code"),
            (
                Reason::Invalid("A roll number uses only digits".into()),
                "invalid roll or name (A roll number uses only digits)",
            ),
            (Reason::NotOnList, "not on the class list"),
            (
                Reason::Other("a reason from another version (x)".into()),
                "a reason from another version (x)",
            ),
        ];
        for (reason, text) in all {
            assert_eq!(reason.to_string(), text);
            assert_eq!(Reason::parse(text), reason, "{text}");
            assert_eq!(reason.kind(), text.split(" (").next().unwrap_or(text));
        }
        // A roll with brackets of its own is still the roll.
        let odd = Reason::SecondRoll("1 (2)".into());
        assert_eq!(Reason::parse(&odd.to_string()), odd);
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
            "wrong code (typed 1234)",
            "Wrong code",
            "closed ",
            "…",
        ] {
            let reason = Reason::parse(text);
            assert_eq!(reason.to_string(), text);
            assert_eq!(reason.kind(), text.split(" (").next().unwrap_or(text));
        }
        assert_eq!(
            Reason::parse("wrong code (typed 1234)"),
            Reason::Other("wrong code (typed 1234)".into())
        );
    }

    #[test]
    fn the_session_and_the_form_name_their_reasons() {
        assert_eq!(Reason::from(NotAdmitted::MissingCode), Reason::NoCode);
        assert_eq!(Reason::from(NotAdmitted::Closed), Reason::Closed);
        let errors = FieldErrors {
            roll: None,
            name: Some(Problem::NameEmpty),
        };
        assert_eq!(
            Reason::invalid(&errors).to_string(),
            "invalid roll or name (Please type your name.)"
        );
        assert_eq!(
            Reason::invalid(&FieldErrors::default()).to_string(),
            "invalid roll or name (invalid)"
        );
    }
}
