//! The roll and the name: what `validate` says they may be, and, with a
//! class list, a roll on it (the list's spelling of the name is what is
//! saved; the name as typed is kept for the audit trail). Asked last at
//! the door: past a refused code, the fields are not the question.

use super::{Check, Rule};
use crate::guards::refusal::{Detail, Kind, Refusal, Shown, Written};
use crate::roster::Roster;
use crate::validate::{self, Student};

/// Not a roll or not a name: the form's complaints beside each field.
pub static INVALID: Kind = Kind {
    written: Written::Problem,
    ..Kind::form("invalid roll or name", Shown::BesideFields)
};

/// A roll that is not on the class list.
pub static NOT_ON_LIST: Kind = Kind::form("not on the class list", Shown::BesideFields);

static KINDS: [&Kind; 2] = [&INVALID, &NOT_ON_LIST];
pub struct Fields;

impl Rule for Fields {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn at_the_door(&self, c: &mut Check<'_, '_>) -> Result<(), Refusal> {
        let k = c.knock;
        c.student = Some(checked(k.roll, k.name, k.roster)?);
        Ok(())
    }
}

/// `roll` and `name` as typed, checked and, with a class list, as the list
/// has them (roll and name spelt as there), with the name as typed where
/// the list spells it otherwise.
pub fn checked(
    roll: &str,
    name: &str,
    roster: Option<&Roster>,
) -> Result<(Student, Option<String>), Refusal> {
    let student = validate::student(roll, name)
        .map_err(|errors| Refusal::with(&INVALID, Detail::Fields(errors)))?;
    let roster = match roster {
        Some(roster) => roster,
        None => return Ok((student, None)),
    };
    match roster.get(&student.roll) {
        Some(listed) => {
            let typed = (listed.name != student.name).then(|| student.name.clone());
            Ok((listed.clone(), typed))
        }
        None => Err(Refusal::with(&NOT_ON_LIST, Detail::Roll(student.roll))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{FieldErrors, Problem};

    #[test]
    fn a_roll_and_a_name_are_checked_then_looked_up_on_the_list() {
        let refused = checked("", "Asha", None).expect_err("no roll");
        assert_eq!(
            refused.detail,
            Detail::Fields(FieldErrors::only(Problem::RollEmpty))
        );
        let roster = Roster::parse(b"Roll,Name\r\n12,Asha Rao\r\n").expect("a list");
        let (student, typed) = checked(" 12 ", "asha", Some(&roster)).expect("on the list");
        assert_eq!(student.name, "Asha Rao");
        assert_eq!(typed.as_deref(), Some("asha"));
        let refused = checked("99", "Ghost", Some(&roster)).expect_err("not listed");
        assert_eq!(refused.kind, &NOT_ON_LIST);
        assert_eq!(refused.roll(), "99");
        assert_eq!(refused.to_string(), "not on the class list");
    }
}
