//! One batch of check-ins, start to finish: decide, write, learn, tell.

use super::terminal;
use super::{Answer, Attempt, Handled};
use crate::class::Class;
use crate::guards::{Arrival, Guards, Refusal};
use crate::register::audit::{self, Entry};
use crate::register::{CheckIn, Outcome, Recorded, Register, Sender};
use chrono::NaiveDateTime;

/// A batch of attempts on its way through the pass.
pub struct Pass<'a> {
    attempts: &'a [Attempt],
    now: NaiveDateTime,
}

/// What the rules said of each attempt as it was saved.
type Decided = Vec<Result<(), Refusal>>;

/// What the register did with the attempts that passed (in their order).
type Written = Vec<Recorded>;

impl<'a> Pass<'a> {
    pub fn new(attempts: &'a [Attempt], now: NaiveDateTime) -> Pass<'a> {
        Pass { attempts, now }
    }

    /// Decides, writes, learns and tells; one answer per attempt.
    pub fn run(self, class: &Class) -> Vec<Handled> {
        // The guards' lock is not held while the disk syncs: every handler
        // asks it at the door, and would otherwise wait for the sync
        // instead of joining the next batch.
        self.follow_the_day(class);
        let decided = self.decide(&mut class.guards());
        let (written, count, details) = {
            let mut register = class.register();
            let written = self.write(&mut register, &decided);
            for notice in register.take_notices() {
                say!("\n  ** {notice}\n");
            }
            (written, register.count(), register.details())
        };
        let bursts = self.learn(&mut class.guards(), &decided, &written);
        class.note_down(&bursts);
        let answers = self.answers(decided, written);
        terminal::tell(self.attempts, &answers, self.now, count, &details);
        answers
            .into_iter()
            .map(|(answer, _)| Handled {
                now: self.now,
                answer,
            })
            .collect()
    }

    /// Turns the register to the class day of the batch, and the guards
    /// with it, before they judge anything: the watcher turns the day ahead
    /// of its first check-in, but this batch may have come first.
    fn follow_the_day(&self, class: &Class) {
        let day = {
            let mut register = class.register();
            register.turn_day(self.now);
            register.date()
        };
        if day != class.day() {
            class.follow_day(day);
        }
    }

    /// The rules as each roll is saved, in order: a roll that passes
    /// counts against the ones after it in the batch (one phone, one
    /// roll), though nothing is learnt until it is saved.
    fn decide(&self, guards: &mut Guards) -> Decided {
        let mut batch: Vec<Arrival> = Vec::new();
        self.attempts
            .iter()
            .map(|a| {
                let roll = &a.student.roll;
                guards.as_saved(&a.origin, roll, &batch, self.now)?;
                batch.push(Arrival::of(&a.origin, roll, self.now.time()));
                Ok(())
            })
            .collect()
    }

    /// The rows that passed, with the batch's audit lines (the refusals'
    /// decided above, the check-ins' as the register finds them).
    fn write(&self, register: &mut Register, decided: &Decided) -> Written {
        let mut check_ins = Vec::new();
        let mut refused = Vec::new();
        for (a, d) in self.attempts.iter().zip(decided) {
            match d {
                Ok(()) => check_ins.push(CheckIn {
                    student: &a.student,
                    sender: sender(a),
                    typed: a.typed.as_deref(),
                }),
                Err(r) if r.is_written() => refused.push(refused_line(a, r, self.now)),
                Err(_) => {}
            }
        }
        register.record(&check_ins, &refused, self.now)
    }

    /// The guards learn each roll saved from a phone; a roll sent again
    /// counts as a refusal, so a form re-sent in a loop soon waits. Returns
    /// the audit lines of the rows this batch made part of a burst.
    fn learn(&self, guards: &mut Guards, decided: &Decided, written: &Written) -> Vec<Entry> {
        let passed = self.attempts.iter().zip(decided).filter(|(_, d)| d.is_ok());
        for ((a, _), w) in passed.zip(written) {
            match &w.result {
                Ok(Outcome::Marked(_)) => guards.learn(&a.origin, &a.student.roll, self.now),
                Ok(Outcome::AlreadyMarked(_)) => {
                    guards.sent_again(a.origin.machine, &a.sent, self.now)
                }
                Err(_) => {}
            }
        }
        guards
            .new_bursts()
            .into_iter()
            .map(|(a, words)| {
                let sender = Sender::Phone {
                    ip: a.ip,
                    device: &a.device,
                };
                Entry::new(self.now, &sender, (&a.roll, ""), audit::FLAGGED, &words)
            })
            .collect()
    }

    /// Each attempt's answer, and whether the terminal is told of it.
    fn answers(&self, decided: Decided, written: Written) -> Vec<(Answer, bool)> {
        let mut written = written.into_iter();
        decided
            .into_iter()
            .map(|d| match d {
                Err(refusal) => {
                    let told = refusal.is_written();
                    (Answer::Refused(refusal), told)
                }
                Ok(()) => match written.next() {
                    Some(Recorded {
                        result: Ok(o),
                        noted,
                    }) => (Answer::Saved(o), noted),
                    Some(Recorded { result: Err(e), .. }) => (Answer::Failed(e), true),
                    // (The register answers every check-in it is given.)
                    None => (
                        Answer::Refused(Refusal::new(&crate::guards::rules::fields::INVALID)),
                        false,
                    ),
                },
            })
            .collect()
    }
}

/// Who sent `attempt`, as the audit trail names them: a phone (the
/// teacher's hand marks go by `Register::mark_by_hand`, not this pass).
fn sender(attempt: &Attempt) -> Sender<'_> {
    Sender::Phone {
        ip: attempt.origin.ip,
        device: &attempt.origin.device,
    }
}

/// The audit line of a roll turned away as it was saved.
fn refused_line(a: &Attempt, refusal: &Refusal, now: NaiveDateTime) -> Entry {
    let reason = refusal.to_string();
    Entry::new(now, &sender(a), a.student.pair(), audit::REFUSED, &reason)
}
