//! The teacher's terminal: one line per check-in of a batch, in order.

use super::{Answer, Attempt};
use crate::register::{Details, Outcome};
use chrono::NaiveDateTime;

/// Tells the terminal of each attempt (with whether it is to be told: a
/// repeat past the first of its minute is not); `count` is today's
/// students after the batch; `details` tell who is late.
pub fn tell(
    attempts: &[Attempt],
    answers: &[(Answer, bool)],
    now: NaiveDateTime,
    count: usize,
    details: &Details,
) {
    let fresh = answers
        .iter()
        .filter(|(a, _)| matches!(a, Answer::Saved(Outcome::Marked(_))))
        .count();
    let mut marked = count.saturating_sub(fresh);
    for (attempt, (answer, told)) in attempts.iter().zip(answers) {
        if let Answer::Saved(Outcome::Marked(_)) = answer {
            marked += 1;
        }
        if *told {
            line(attempt, answer, now, marked, details);
        }
    }
}

/// The terminal line for one check-in; `marked` counts today's students
/// including this one.
fn line(attempt: &Attempt, answer: &Answer, now: NaiveDateTime, marked: usize, details: &Details) {
    let student = &attempt.student;
    match answer {
        Answer::Saved(Outcome::Marked(mark)) => {
            let late = if details.is_late(mark.time) {
                "   late"
            } else {
                ""
            };
            say!(
                "  {}  Present   {:<8} {}{late}   ({marked} today)",
                mark.time,
                mark.roll,
                mark.name
            )
        }
        Answer::Saved(Outcome::AlreadyMarked(mark)) => say!(
            "  {}  (again)   {:<8} {}   already marked at {}",
            now.time(),
            student.roll,
            student.name,
            mark.time
        ),
        Answer::Refused(refusal) => say!(
            "  {}  REFUSED   {:<8} {}   {}",
            now.time(),
            student.roll,
            student.name,
            refusal
        ),
        Answer::Failed(e) => warn!(
            "\n  !! NOT SAVED: roll {} {} — {e}\n",
            student.roll, student.name
        ),
    }
}
