//! Marking by hand, `POST /teacher/mark`: the students without a phone (or
//! whose phone died), one roll with its name, or several at once from the
//! class list, typed ("3 12, 17") or ticked on the screen; present (the
//! default: a hand mark is on time whatever the late rule), late, or
//! excused with a reason. What was done is one action for Undo, whole.
//!
//! The contract scripts and tests use: `secret`; `roll` holding one or
//! several rolls (spaces or commas; the field may come several times, as
//! the ticked boxes send it); `name`, which a class list makes optional
//! (it gives the names) and which goes with one roll only; `status` `P`,
//! `L` or `E`; `reason` with `E`.

use super::desk::{Desk, Did, Flash, Undoable};
use super::done::{listed, one_line, said, tell, Done};
use crate::class::Class;
use crate::form;
use crate::guards::{rules, Detail, Refusal};
use crate::lang::Lang;
use crate::register::{ByHand, Mark, Outcome, Recorded};
use crate::validate::{self, roll_key, Student};
use chrono::NaiveDateTime;

/// Most rolls one press marks: a class, with room to spare.
const MOST_AT_ONCE: usize = 200;

/// What the teacher says of the students marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Present,
    Late,
    Excused,
}

/// The rolls typed or ticked, and the name, as the teacher sent them: kept
/// in the form after a typo.
struct Typed {
    rolls: Vec<String>,
    text: String,
    name: String,
}

impl Typed {
    fn of(fields: &[(String, String)]) -> Typed {
        let text: Vec<&str> = (fields.iter())
            .filter(|(k, _)| k == "roll")
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        let text = text.join(" ");
        Typed {
            rolls: rolls_of(&text),
            name: form::field(fields, "name").unwrap_or("").trim().to_string(),
            text,
        }
    }

    /// `notice`, with what was typed kept for the form.
    fn kept(&self, notice: String) -> Flash {
        Flash {
            notice,
            roll: self.text.clone(),
            name: self.name.clone(),
        }
    }
}

/// The rolls in `text`, split at spaces and commas, each once.
fn rolls_of(text: &str) -> Vec<String> {
    let mut rolls: Vec<String> = Vec::new();
    for roll in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '،' | '、')) {
        if !roll.is_empty() && !rolls.iter().any(|r| roll_key(r) == roll_key(roll)) {
            rolls.push(roll.to_string());
        }
    }
    rolls
}

/// `POST /teacher/mark`.
pub fn mark(class: &Class, desk: &Desk, fields: &[(String, String)], now: NaiveDateTime) -> Done {
    let typed = Typed::of(fields);
    let status = match form::field(fields, "status").unwrap_or("").trim() {
        "" | "P" | "p" => Status::Present,
        "L" | "l" => Status::Late,
        "E" | "e" => Status::Excused,
        _ => return Err(typed.kept("Choose Present, Late or Excused.".into())),
    };
    if typed.rolls.is_empty() {
        return Err(typed.kept(
            "Type a roll (or several: 3 12, 17), or tick the students in the class list.".into(),
        ));
    }
    if typed.rolls.len() > 1 && !typed.name.is_empty() {
        return Err(typed.kept("Type one roll with its name, or several rolls without names: their names come from the class list.".into()));
    }
    if typed.rolls.len() > MOST_AT_ONCE {
        return Err(typed.kept(format!("At most {MOST_AT_ONCE} rolls at once.")));
    }
    let reason = form::field(fields, "reason").unwrap_or("");
    match status {
        Status::Excused => excuse(class, desk, &typed.rolls, reason, now),
        _ => by_hand(class, desk, &typed, status == Status::Late, now),
    }
}

/// Each roll as it is saved, or it and why it cannot be: with a name typed
/// for one roll, that name (the class list's spelling wins); else the
/// class list's name.
#[allow(clippy::type_complexity)]
fn students(
    class: &Class,
    typed: &Typed,
) -> Vec<Result<(Student, Option<String>), (String, String)>> {
    let roster = class.roster.as_ref();
    let alone = typed.rolls.len() == 1;
    typed
        .rolls
        .iter()
        .map(|roll| {
            let listed = roster.and_then(|r| r.get(&validate::ascii_digits(roll)));
            let name = match (typed.name.as_str(), listed) {
                ("", Some(s)) => s.name.clone(),
                ("", None) if roster.is_some() => {
                    let why = format!("Roll {roll} is not on the class list.");
                    return Err((roll.clone(), why));
                }
                ("", None) if !alone => {
                    let why = "type its name: there is no class list".to_string();
                    return Err((roll.clone(), why));
                }
                (name, _) => name.to_string(),
            };
            rules::fields::checked(roll, &name, roster)
                .map_err(|refusal| (roll.clone(), why_not(&refusal)))
        })
        .collect()
}

/// Why a roll and name typed by the teacher cannot be marked, in the
/// teacher's (English) words: a field's problem, or the class list's.
fn why_not(refusal: &Refusal) -> String {
    match &refusal.detail {
        Detail::Fields(errors) => errors.first().map_or_else(
            || "Check the roll and name.".into(),
            |p| Lang::En.problem(p),
        ),
        _ => format!("Roll {} is {}.", refusal.roll(), refusal),
    }
}

/// "Not marked: 99 (roll 99 is not on the class list), 3 (…)."
fn not_marked(refused: &[(String, String)]) -> String {
    let each: Vec<String> = refused
        .iter()
        .map(|(roll, why)| format!("{roll} ({})", lower_first(why)))
        .collect();
    format!("Not marked: {}.", each.join(", "))
}

/// A sentence (English, rollcall's own) as the middle of another: no
/// capital, no full stop. ASCII only: Unicode's case tables would cost the
/// binary KiBs for words that are all ASCII.
fn lower_first(text: &str) -> String {
    let text = text.trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Marks present (or late) by hand with one write and one sync; what was
/// marked is one Undo.
fn by_hand(class: &Class, desk: &Desk, typed: &Typed, late: bool, now: NaiveDateTime) -> Done {
    let resolved = students(class, typed);
    let (fine, refused): (Vec<_>, Vec<_>) = resolved.into_iter().partition(|r| r.is_ok());
    let fine: Vec<(Student, Option<String>)> = fine.into_iter().filter_map(Result::ok).collect();
    let refused: Vec<(String, String)> = refused.into_iter().filter_map(Result::err).collect();
    if fine.is_empty() {
        return Err(typed.kept(match (typed.rolls.len(), refused.first()) {
            (1, Some((_, why))) => format!("Not marked: {why}"),
            _ => not_marked(&refused),
        }));
    }
    let hands: Vec<ByHand<'_>> = (fine.iter())
        .map(|(student, typed)| ByHand {
            student,
            typed: typed.as_deref(),
        })
        .collect();
    let (recorded, word_failed, count) = {
        let mut register = class.register();
        let (recorded, failed) = register.mark_by_hand(&hands, late, now);
        for notice in register.take_notices() {
            say!("\n  ** {notice}\n");
        }
        (recorded, failed, register.count())
    };
    let outcome = Marking::of(&recorded);
    outcome.tell(late, count, now);
    if !outcome.marked.is_empty() {
        desk.offer_undo(Undoable {
            did: Did::Marked {
                marks: outcome.marked.clone(),
                late,
            },
            date: now.date(),
            at: now,
        });
    }
    let mut words = outcome.words(typed, &refused);
    if let Some(e) = word_failed {
        words.push(format!("Marked, but on time or late is not saved: {e}"));
    }
    match (words.is_empty(), outcome.failed.is_some()) {
        (true, _) => Ok(()),
        (false, true) => Err(typed.kept(words.join(" "))),
        (false, false) => Err(said(words.join(" "))),
    }
}

/// What became of the rows marked by hand.
struct Marking {
    marked: Vec<Mark>,
    already: Vec<Mark>,
    failed: Option<String>,
}

impl Marking {
    fn of(recorded: &[Recorded]) -> Marking {
        let mut m = Marking {
            marked: Vec::new(),
            already: Vec::new(),
            failed: None,
        };
        for r in recorded {
            match &r.result {
                Ok(Outcome::Marked(mark)) => m.marked.push(mark.clone()),
                Ok(Outcome::AlreadyMarked(mark)) => m.already.push(mark.clone()),
                Err(e) => m.failed = Some(e.to_string()),
            }
        }
        m
    }

    /// A terminal line for each row marked; `count` is today's rows after.
    fn tell(&self, late: bool, count: usize, now: NaiveDateTime) {
        let before = count.saturating_sub(self.marked.len());
        for (i, m) in self.marked.iter().enumerate() {
            let late = if late { "   late" } else { "" };
            let today = before + i + 1;
            tell(
                now,
                &format!(
                    "marked {} {} present by hand{late}   ({today} today)",
                    m.roll, m.name
                ),
            );
        }
    }

    /// What the teacher is told beyond the Undo line: those already marked,
    /// those refused, the disk's error.
    fn words(&self, typed: &Typed, refused: &[(String, String)]) -> Vec<String> {
        let mut words = Vec::new();
        if let (Some(m), 1) = (self.already.first(), typed.rolls.len()) {
            words.push(format!(
                "Roll {} was already marked at {} as {}.",
                m.roll, m.time, m.name
            ));
        } else if !self.already.is_empty() {
            let already: Vec<String> = (self.already.iter())
                .map(|m| format!("{} (at {})", m.roll, m.time))
                .collect();
            words.push(format!("Marked already: {}.", already.join(", ")));
        }
        if !refused.is_empty() {
            words.push(not_marked(refused));
        }
        if let Some(e) = &self.failed {
            words.push(format!("Not saved: {e}"));
        }
        words
    }
}

/// Excuses students on the class list who are not here (a note from home,
/// a school trip), each with the one reason; those excused are one Undo.
pub fn excuse(
    class: &Class,
    desk: &Desk,
    rolls: &[String],
    reason: &str,
    now: NaiveDateTime,
) -> Done {
    let reason = one_line(reason);
    let mut excused: Vec<Mark> = Vec::new();
    let mut not: Vec<String> = Vec::new();
    for roll in rolls {
        match excuse_one(class, roll, &reason, now) {
            Ok(mark) => excused.push(mark),
            Err(why) => not.push(why),
        }
    }
    if !excused.is_empty() {
        let why = if reason.is_empty() {
            String::new()
        } else {
            format!(" ({reason})")
        };
        let who = listed(excused.iter().map(|m| (m.roll.as_str(), m.name.as_str())));
        tell(now, &format!("excused {who}{why}"));
        desk.offer_undo(Undoable {
            did: Did::Excused(excused.clone()),
            date: now.date(),
            at: now,
        });
    }
    match (not.len(), rolls.len()) {
        (0, _) => Ok(()),
        (1, 1) => Err(said(not.remove(0))),
        _ => Err(said(format!("Not excused: {}", not.join(" ")))),
    }
}

/// Excuses one roll, or says why not, in a sentence.
fn excuse_one(class: &Class, roll: &str, reason: &str, now: NaiveDateTime) -> Result<Mark, String> {
    let listed = class
        .roster
        .as_ref()
        .and_then(|r| r.get(&validate::ascii_digits(roll)))
        .ok_or_else(|| format!("Roll {roll} is not on the class list."))?;
    let excused = class.register().excuse(listed, reason, now);
    match excused {
        Ok(None) => Ok(Mark {
            roll: listed.roll.clone(),
            name: listed.name.clone(),
            time: now.time(),
        }),
        Ok(Some(m)) => Err(format!(
            "Roll {} was marked present at {}: there is nothing to excuse.",
            m.roll, m.time
        )),
        Err(e) => Err(format!("Roll {roll} is not excused: {e}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolls_are_split_at_spaces_and_commas_each_once() {
        assert_eq!(rolls_of("3 12, 17"), ["3", "12", "17"]);
        assert_eq!(rolls_of(" 3,,12a ;12A\t4、5 "), ["3", "12a", "4", "5"]);
        assert!(rolls_of(" , ").is_empty());
        let refused = [
            (
                "99".to_string(),
                "Roll 99 is not on the class list.".to_string(),
            ),
            ("x y".to_string(), "Please type your name.".to_string()),
        ];
        assert_eq!(
            not_marked(&refused),
            "Not marked: 99 (roll 99 is not on the class list), x y (please type your name)."
        );
    }
}
