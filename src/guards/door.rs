//! The door: the one question every attempt asks the guards — may it go
//! on, and if not, what is the student told and what does the audit trail
//! say? Asked for the form (`door_to_form`), for a check-in before anything
//! is saved (`door`), and for the phone rules as it is saved
//! (`phone_rules`). Turning away is counted here too: for the teacher's
//! screen, and against the phone's refusals a minute.

use super::{Added, Guards, Machine, Origin, Reason, Refusal, Verdict};
use crate::network::Address;
use crate::session::{NotAdmitted, Session};
use chrono::{NaiveDate, NaiveDateTime};
use std::net::IpAddr;

/// A check-in at the door: who sent it, and what it says.
pub struct Knock<'a> {
    pub origin: &'a Origin,
    /// The device cookie as the phone sent it ("" for none, or for a copied
    /// one): the limits count a phone by it, however many new ones it is
    /// given.
    pub sent: &'a str,
    /// The code as typed.
    pub code: &'a str,
    /// What the form's own checks (`validate`, the class list) found wrong
    /// with the roll or name, as the audit trail says it.
    pub fields: Option<Reason>,
    /// The laptop's addresses on the classroom's networks.
    pub own: &'a [Address],
    pub now: NaiveDateTime,
}

/// What the door says of an attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum Door {
    /// It may go on, to be saved.
    Pass,
    Turned(Turned),
}

/// An attempt turned away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turned {
    pub told: Told,
    /// The audit trail's reason; `None` where nothing is written down (past
    /// a limit, only the first refusal of a minute is).
    pub audit: Option<Reason>,
    /// This wrong code made the day's a sweep, and the code has just got
    /// longer: the terminal says so.
    pub longer: bool,
}

impl Turned {
    /// Turned away with `refusal`'s page, and its reason when `written`.
    pub(super) fn page(refusal: Refusal, written: bool) -> Turned {
        Turned {
            audit: refusal.reason().filter(|_| written),
            told: Told::Page(refusal),
            longer: false,
        }
    }
}

/// What a student turned away is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Told {
    /// A page of its own.
    Page(Refusal),
    /// The form again (422), with what was typed and, where the code was
    /// refused, why beside it; else the form's own complaints.
    Form { code_error: Option<NotAdmitted> },
}

impl Guards {
    /// A check-in at the door, in this order: the tries a minute, the
    /// network rule, the code (judged by `session`, which the caller locks
    /// after the guards, in that order only, so that phones of one address
    /// racing each other cannot get more codes judged than its budget),
    /// then the form's fields.
    pub fn door(&mut self, session: &mut Session, knock: &Knock<'_>) -> Door {
        let (origin, sent, now) = (knock.origin, knock.sent, knock.now);
        // Past a few refusals a minute, a phone (or an address) waits: a
        // script guessing codes, or flooding from outside, gets one audit
        // line a minute, not thousands.
        if let Verdict::Blocked { first, limit } = self.rate(origin.machine, sent, now) {
            let turned = Turned::page(Refusal::over(limit), first);
            if let Some(reason) = &turned.audit {
                self.tally(reason, now.date());
            }
            return Door::Turned(turned);
        }
        // (No roll is remembered for these: a second roll is found only
        // as it is saved.)
        if !self.network_allows(origin.ip, knock.own) {
            let turned = Turned::page(Refusal::OtherNetwork, true);
            return Door::Turned(self.turn_away(origin, sent, "", turned, now));
        }
        let judged = session.admit(knock.code, now);
        match judged {
            Ok(()) => self.right_code(origin.machine, sent),
            // Only a wrong code could have been right: an expired or
            // missing one is no guess.
            Err(NotAdmitted::WrongCode) => self.wrong_code(origin.machine, sent, now),
            Err(_) => {}
        }
        let turned = match (judged, &knock.fields) {
            (Ok(()), None) => return Door::Pass,
            (Ok(()), Some(fields)) => Turned {
                told: Told::Form { code_error: None },
                audit: Some(fields.clone()),
                longer: false,
            },
            (Err(NotAdmitted::Closed), _) => Turned::page(Refusal::Closed, true),
            // The fields are not judged: the code must be read afresh first.
            (Err(refused), _) => Turned {
                told: Told::Form {
                    code_error: Some(refused),
                },
                audit: Some(refused.into()),
                longer: false,
            },
        };
        let mut turned = self.turn_away(origin, sent, "", turned, now);
        // More wrong codes than a class makes: the code gets longer.
        turned.longer =
            turned.audit == Some(Reason::WrongCode) && self.sweeping() && session.lengthen();
        Door::Turned(turned)
    }

    /// The form, for the phone at `ip`: the network rule alone. A phone
    /// turned away is remembered against its network (so the teacher sees
    /// a campus subnet at once), and nothing is written down.
    pub fn door_to_form(
        &mut self,
        ip: IpAddr,
        own: &[Address],
        today: NaiveDate,
    ) -> Result<(), Refusal> {
        if self.network_allows(ip, own) {
            return Ok(());
        }
        self.note_network(ip, today);
        Err(Refusal::OtherNetwork)
    }

    /// The phone rules for `roll` from `origin`, as a batch is saved (a
    /// teacher's mark, `by_teacher`, passes them all). A roll that passes
    /// is remembered at once, so that a second roll from the same phone in
    /// the same batch is caught too; `unmark` forgets it if it is not
    /// saved. One turned away counts toward the phone's refusals a minute
    /// too: a script cycling rolls waits.
    pub fn phone_rules(
        &mut self,
        origin: &Origin,
        roll: &str,
        by_teacher: bool,
        now: NaiveDateTime,
    ) -> Result<Added, Turned> {
        let checked = if by_teacher {
            Ok(())
        } else {
            self.check_roll(origin, roll, now.date())
        };
        match checked {
            Ok(()) => Ok(self.note_marked(origin, roll, now.time())),
            Err(refusal) => {
                let turned = Turned::page(refusal, true);
                Err(self.turn_away(origin, &origin.device, roll, turned, now))
            }
        }
    }

    /// A roll already marked, sent again from the phone with the cookie
    /// `sent` on `machine`: it counts as a refusal, so a form re-sent in a
    /// loop soon waits (and is written down once a minute: `first_repeat`).
    pub fn sent_again(&mut self, machine: Machine, sent: &str, now: NaiveDateTime) {
        self.strike(machine, sent, now);
    }

    /// Counts `turned` for the teacher (see `note_refused`; `roll` is the
    /// roll that was tried) and against the phone's refusals a minute
    /// (every refusal counts there, so a flood of any kind waits).
    fn turn_away(
        &mut self,
        origin: &Origin,
        sent: &str,
        roll: &str,
        turned: Turned,
        now: NaiveDateTime,
    ) -> Turned {
        if let Some(reason) = &turned.audit {
            self.note_refused(&origin.device, Some(origin.ip), roll, reason, now.date());
        }
        self.strike(origin.machine, sent, now);
        turned
    }
}
