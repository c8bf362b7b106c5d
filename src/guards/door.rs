//! The door: the one question every attempt asks the guards — may it go
//! on, and if not, why (`Refusal`: what the student is told and what the
//! audit trail says)? Asked for the form (`door_to_form`), for a check-in
//! before anything is saved (`door`), and for each roll as it is saved
//! (`as_saved`), each time by asking the rules (`rules::RULES`) in order.
//! Turning away is counted here: for the teacher's screen, and against the
//! phone's refusals a minute.

use super::rules::{self, Check, Refused, Saving};
use super::{Arrival, Guards, Machine, Origin, Refusal};
use crate::network::Address;
use crate::roster::Roster;
use crate::session::Session;
use crate::validate::Student;
use chrono::NaiveDateTime;

/// A check-in at the door: who sent it, and what it says.
pub struct Knock<'a> {
    pub origin: &'a Origin,
    /// The device cookie as the phone sent it ("" for none, or for a copied
    /// one): the limits count a phone by it, however many new ones it is
    /// given.
    pub sent: &'a str,
    /// The roll, the name and the code, as typed.
    pub roll: &'a str,
    pub name: &'a str,
    pub code: &'a str,
    /// The form's ticket, as it came back ("" for none).
    pub ticket: &'a str,
    /// The class list, if there is one.
    pub roster: Option<&'a Roster>,
    /// The laptop's addresses on the classroom's networks.
    pub own: &'a [Address],
    pub now: NaiveDateTime,
}

/// What the door says of a check-in.
#[derive(Debug, PartialEq, Eq)]
pub enum Door {
    /// It may go on, to be saved: the student as the class list spells
    /// them, and the name as typed where the list spells it otherwise.
    Pass {
        student: Student,
        typed: Option<String>,
    },
    Turned(Turned),
}

/// A check-in turned away at the door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turned {
    pub refusal: Refusal,
    /// This wrong code made the day's a sweep, and the code has just got
    /// longer: the terminal says so.
    pub longer: bool,
}

impl Guards {
    /// A check-in at the door: each rule's `at_the_door`, in order (the
    /// code judged by `session`, which the caller locks after the guards,
    /// in that order only, so that phones of one machine racing each other
    /// cannot get more codes judged than its budget).
    pub fn door(&mut self, session: &mut Session, knock: &Knock<'_>) -> Door {
        let mut check = Check {
            knock,
            guards: self,
            session,
            longer: false,
            student: None,
        };
        let judged = rules::RULES
            .iter()
            .try_for_each(|rule| rule.at_the_door(&mut check));
        let (longer, student) = (check.longer, check.student);
        match (judged, student) {
            (Ok(()), Some((student, typed))) => Door::Pass { student, typed },
            (Err(refusal), _) => {
                let o = knock.origin;
                self.turned_away(o, knock.sent, knock.roll, &refusal, knock.now);
                Door::Turned(Turned { refusal, longer })
            }
            // (Every list of rules has the fields' own.)
            (Ok(()), None) => unreachable_fields(),
        }
    }

    /// The form, for the phone at `origin`: the network rule alone. A phone
    /// turned away is remembered against its network (so the teacher sees
    /// a campus subnet at once), and nothing is written down.
    pub fn door_to_form(&mut self, origin: &Origin, own: &[Address]) -> Result<(), Refusal> {
        if self.network_allows(origin.ip, own) {
            return Ok(());
        }
        self.note_network(origin.ip, origin.machine);
        Err(Refusal::new(&rules::network::OTHER_NETWORK))
    }

    /// The rules for `roll` from `origin` as it is saved, after what was
    /// saved today and `batch`, the rolls of its batch that passed ahead of
    /// it. One turned away counts toward the phone's refusals a minute
    /// too: a script cycling rolls waits.
    pub fn as_saved(
        &mut self,
        origin: &Origin,
        roll: &str,
        batch: &[Arrival],
        now: NaiveDateTime,
    ) -> Result<(), Refusal> {
        let saving = Saving {
            guards: self,
            batch,
            origin,
            roll,
        };
        let judged = rules::RULES
            .iter()
            .try_for_each(|rule| rule.as_saved(&saving));
        if let Err(refusal) = &judged {
            self.turned_away(origin, &origin.device, roll, refusal, now);
        }
        judged
    }

    /// A roll already marked, sent again from the phone with the cookie
    /// `sent` on `machine`: it counts as a refusal, so a form re-sent in a
    /// loop soon waits.
    pub fn sent_again(&mut self, machine: Machine, sent: &str, now: NaiveDateTime) {
        self.strike(machine, sent, now, false);
    }

    /// Counts `refusal` for the teacher (and lets its rule remember it;
    /// `roll` is the roll that was tried) and against the phone's refusals
    /// a minute.
    fn turned_away(
        &mut self,
        origin: &Origin,
        sent: &str,
        roll: &str,
        refusal: &Refusal,
        now: NaiveDateTime,
    ) {
        if refusal.is_written() {
            let r = Refused {
                refusal,
                device: &origin.device,
                ip: Some(origin.ip),
                machine: Some(origin.machine),
                roll,
            };
            self.remember(&r);
        }
        if refusal.kind.counts {
            let wrong = refusal.kind == &rules::code::WRONG;
            self.strike(origin.machine, sent, now, wrong);
        }
    }

    /// Counts a refusal by its kind, and lets the rule that gave it
    /// remember it: as it is given, and as a restart reads it back.
    pub(super) fn remember(&mut self, r: &Refused<'_>) {
        self.tally.count(&r.refusal.counted_as());
        if let Some(rule) = rules::of(r.refusal.kind) {
            rule.remember(self, r);
        }
    }
}

/// The door's answer where no rule read the fields: turned away, as a form
/// that cannot be read (never reached: `RULES` holds `Fields`).
fn unreachable_fields() -> Door {
    Door::Turned(Turned {
        refusal: Refusal::new(&rules::fields::INVALID),
        longer: false,
    })
}
