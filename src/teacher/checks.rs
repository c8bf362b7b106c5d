//! The checks that work in a real room, which no program's can replace:
//! the heads counted (`POST /teacher/heads`, `count`) beside the number
//! marked, and the spot check (`POST /teacher/spot-check`, `count`): that
//! many students marked by phones, picked at random by the OS's randomness
//! (the rows the door flagged first), called to stand up on the projector;
//! for each the teacher answers `here` or `not-here` (`roll`), or stops it
//! (`spot-stop`). Not here takes the row away (Undo puts it back), writes
//! it down, and tells the teacher which phone had marked that roll and what
//! else that phone marked today.

use super::desk::{Desk, Did, Undoable};
use super::done::{listed, note, said, Done};
use crate::class::Class;
use crate::guards::Arrival;
use crate::random;
use crate::register::{audit, Details, Mark};
use crate::validate::{self, roll_key};
use chrono::NaiveDateTime;

/// Most students one spot check calls.
pub const SPOT_MOST: usize = 20;
/// Most heads a room holds, as typed.
const HEADS_MOST: u32 = 999;

/// `count` typed (in any script's digits) from 0 (or 1) to `most`.
fn number(typed: &str, least: u32, most: u32) -> Option<u32> {
    let n = validate::ascii_digits(typed.trim()).parse::<u32>().ok()?;
    (least..=most).contains(&n).then_some(n)
}

/// The heads counted in the room, beside the number marked.
pub fn heads(class: &Class, desk: &Desk, count: &str, now: NaiveDateTime) -> Done {
    let n = number(count, 0, HEADS_MOST)
        .ok_or_else(|| said("Heads: type how many students are in the room (a number)."))?;
    desk.set_heads(now.date(), n);
    let marked = class.register().count();
    let what = format!("counted {n} heads in the room ({marked} marked)");
    note(class, now, ("", ""), audit::SESSION, &what);
    Ok(())
}

/// Picks `count` of the students marked by phones today at random, those
/// the door flagged first, and calls them on the projector.
pub fn spot_check(class: &Class, desk: &Desk, count: &str, now: NaiveDateTime) -> Done {
    let n = number(count, 1, SPOT_MOST as u32).ok_or_else(|| {
        said(format!(
            "Check at random: type how many, from 1 to {SPOT_MOST}."
        ))
    })? as usize;
    let (rows, details) = {
        let register = class.register();
        (register.rows(), register.details())
    };
    let flagged = flagged(class, &rows, &details);
    // Those the teacher marked by hand were seen already.
    let (mut first, mut rest): (Vec<&Mark>, Vec<&Mark>) = rows
        .iter()
        .filter(|m| details.by_hand_of(&m.roll, m.time).is_none())
        .partition(|m| flagged.contains(&roll_key(&m.roll)));
    if first.is_empty() && rest.is_empty() {
        return Err(said(
            "Nobody is marked by a phone yet: there is nobody to check.",
        ));
    }
    shuffle(&mut first);
    shuffle(&mut rest);
    let picks: Vec<(String, String)> = (first.into_iter().chain(rest))
        .take(n)
        .map(|m| (m.roll.clone(), m.name.clone()))
        .collect();
    let who = listed(picks.iter().map(|(r, n)| (r.as_str(), n.as_str())));
    let what = format!("spot check: {} called: {who}", picks.len());
    note(class, now, ("", ""), audit::SESSION, &what);
    if picks.len() < n {
        desk.say(said(format!(
            "Only {} marked by phones could be called.",
            picks.len()
        )));
    }
    desk.start_spot_check(now.date(), picks);
    Ok(())
}

/// The rolls (by `roll_key`) whose rows are flagged: by the door, or marked
/// again after a spot check found them not here.
fn flagged(class: &Class, rows: &[Mark], details: &Details) -> Vec<String> {
    let keys: Vec<String> = rows.iter().map(|m| roll_key(&m.roll)).collect();
    let mut flagged: Vec<String> = (class.guards().flags(&keys).into_iter())
        .map(|(key, _)| key)
        .collect();
    flagged.extend(
        (details.not_here.iter())
            .filter(|n| rows.iter().any(|m| roll_key(&m.roll) == roll_key(&n.roll)))
            .map(|n| roll_key(&n.roll)),
    );
    flagged
}

/// `items` in a random order (Fisher–Yates, the OS's randomness).
fn shuffle<T>(items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = random::below(i as u32 + 1) as usize;
        items.swap(i, j);
    }
}

/// The spot check: `roll` stood up.
pub fn here(class: &Class, desk: &Desk, roll: &str, now: NaiveDateTime) -> Done {
    let name = desk
        .answered(roll)
        .ok_or_else(|| said(format!("Roll {roll} is not being called.")))?;
    let what = format!("{roll} {name} is here (spot check)");
    note(class, now, (roll, &name), audit::HERE, &what);
    Ok(())
}

/// Nobody is called any more.
pub fn stop(class: &Class, desk: &Desk, now: NaiveDateTime) -> Done {
    let left = desk.spot_check(now.date());
    desk.stop_spot_check();
    if !left.is_empty() {
        let who = listed(left.iter().map(|(r, n)| (r.as_str(), n.as_str())));
        let what = format!("spot check stopped; not answered for: {who}");
        note(class, now, ("", ""), audit::SESSION, &what);
    }
    Ok(())
}

/// The spot check: `roll` is not in the room. Its row is taken away (Undo
/// puts it back), and the teacher is told which phone had marked it.
pub fn not_here(class: &Class, desk: &Desk, roll: &str, now: NaiveDateTime) -> Done {
    let (rows, details) = {
        let register = class.register();
        (register.rows(), register.details())
    };
    let row = rows.iter().find(|m| roll_key(&m.roll) == roll_key(roll));
    let row = row.ok_or_else(|| {
        desk.answered(roll);
        said(format!(
            "Roll {roll} has no row today: nothing to take away."
        ))
    })?;
    let by = Marker::of(class, row, &details, &rows);
    let removed = class.register().not_here(roll, &by.written(), now);
    match removed {
        Ok(Some((mark, place))) => {
            desk.answered(roll);
            let what = format!("{} {} is not here: row taken away", mark.roll, mark.name);
            super::done::tell(now, &what);
            desk.say(said(by.told(&mark)));
            desk.offer_undo(Undoable {
                did: Did::NotHere { mark, place },
                date: now.date(),
                at: now,
            });
            Ok(())
        }
        Ok(None) => Err(said(format!("Roll {roll} has no row today: nothing to take away."))),
        Err(e) if e.is_held_by_another_program() => Err(said(
            "Excel (or another program) has today's file open, so the row cannot be taken away. Close the file in Excel, then try again.",
        )),
        Err(e) => Err(said(format!("Not taken away: {e}"))),
    }
}

/// Who marked a row: a phone (and what else it and its machine marked
/// today), the teacher by hand, or the laptop itself.
enum Marker {
    Phone {
        arrival: Arrival,
        /// Other rolls the same phone marked, with their names.
        phone: Vec<String>,
        /// Other rolls its machine marked under another cookie.
        machine: Vec<String>,
    },
    ByHand(Mark),
    Laptop(Mark),
}

impl Marker {
    fn of(class: &Class, row: &Mark, details: &Details, rows: &[Mark]) -> Marker {
        if details.by_hand_of(&row.roll, row.time).is_some() {
            return Marker::ByHand(row.clone());
        }
        let guards = class.guards();
        let arrival = match guards.marked_by(&row.roll) {
            Some(a) => a,
            None => return Marker::Laptop(row.clone()),
        };
        let (phone, machine) = guards.marked_with(&arrival);
        let named = |rolls: Vec<String>| -> Vec<String> {
            (rolls.into_iter())
                .map(
                    |r| match rows.iter().find(|m| roll_key(&m.roll) == roll_key(&r)) {
                        Some(m) => format!("{} {}", m.roll, m.name),
                        None => r,
                    },
                )
                .collect()
        };
        Marker::Phone {
            arrival,
            phone: named(phone),
            machine: named(machine),
        }
    }

    /// The phone's cookie as the screen shows it: enough to find it in the
    /// audit trail.
    fn cookie(arrival: &Arrival) -> String {
        match arrival.device.get(..8) {
            Some(start) if arrival.device.len() > 8 => format!("cookie {start}…"),
            _ if arrival.device.is_empty() => "no cookie".to_string(),
            _ => format!("cookie {}", arrival.device),
        }
    }

    /// What the teacher is told, after "Not here: 19 Ravi".
    fn told(&self, mark: &Mark) -> String {
        let head = format!("{} {} is off today's register.", mark.roll, mark.name);
        match self {
            Marker::Phone {
                arrival,
                phone,
                machine,
            } => {
                let mut said = format!(
                    "{head} The phone at {} ({}) marked roll {} at {}",
                    arrival.ip,
                    Marker::cookie(arrival),
                    mark.roll,
                    arrival.time
                );
                said += &match phone.is_empty() {
                    true => "; it marked no other roll today.".to_string(),
                    false => format!(" and also marked {} today.", phone.join(", ")),
                };
                if !machine.is_empty() {
                    said += &format!(
                        " Its machine also marked {} under another cookie.",
                        machine.join(", ")
                    );
                }
                said
            }
            Marker::ByHand(m) => format!("{head} It was marked by hand at {}.", m.time),
            Marker::Laptop(m) => format!("{head} It was marked at {} on this laptop.", m.time),
        }
    }

    /// The audit line's reason: the phone, in the trail's own columns'
    /// words.
    fn written(&self) -> String {
        match self {
            Marker::Phone {
                arrival,
                phone,
                machine,
            } => {
                let rolls = |named: &[String]| -> String {
                    let rolls: Vec<&str> = (named.iter())
                        .map(|n| n.split(' ').next().unwrap_or(""))
                        .collect();
                    rolls.join(" ")
                };
                format!(
                    "marked at {} from {} device {}; that phone also marked: {}; its machine also: {}",
                    arrival.time,
                    arrival.ip,
                    arrival.device,
                    rolls(phone),
                    rolls(machine)
                )
            }
            Marker::ByHand(m) => format!("marked by hand at {}", m.time),
            Marker::Laptop(m) => format!("marked at {} on the laptop", m.time),
        }
    }
}
