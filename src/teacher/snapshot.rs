//! The state of the class as the teacher's screen shows it, read once per
//! request: the page, its live parts and the status JSON are all built
//! from one `Snapshot`, so what they say agrees.

use super::desk::{Desk, Undoable};
use crate::class::Class;
use crate::guards::RefusedNetwork;
use crate::register::{Details, Mark};
use crate::roster::Roster;
use crate::session::{Mode, Status};
use crate::validate::roll_key;
use std::sync::Arc;

/// Everything the screen shows, gathered under three locks in turn (the
/// session, the register, the guards; see `Snapshot::take`), and the
/// desk's.
pub struct Snapshot<'a> {
    pub status: Status,
    pub date: String,
    /// The class is past its midnight, still the day it opened on.
    pub past_midnight: bool,
    /// Today's rows, in the order they were saved.
    pub rows: Arc<Vec<Mark>>,
    /// The join address.
    pub url: String,
    /// The join address with the code, as the QR code carries it.
    pub join: String,
    /// The join address's network in a teacher's words: "Wi-Fi (wlan0)".
    pub network: String,
    /// Every address phones could use, best first: (url, network, kind).
    pub networks: Vec<(String, String, &'static str)>,
    /// No phone has arrived in the first minutes: show what to check.
    pub nobody_yet: bool,
    /// Evidence beside rows, by `roll_key`: "same phone as 13".
    pub flags: Vec<(String, Vec<String>)>,
    /// Refused attempts today by reason, most first.
    pub refused: Vec<(String, usize)>,
    /// Networks phones were refused from, with how many phones.
    pub refused_networks: Vec<RefusedNetwork>,
    /// With a class list: how many students it has, and who is not marked
    /// yet (roll, name), in its order, the excused left out.
    pub expected: Option<usize>,
    pub absent: Vec<(String, String)>,
    /// With a class list: those excused and not marked (roll, name, reason).
    pub excused: Vec<(String, String, String)>,
    /// When check-in opened today and the late rule.
    pub details: Details,
    /// The class's name (`--class`).
    pub class: Option<String>,
    /// Connections open, turned away, timed out (from tiny_http).
    pub connections: Option<tiny_http::ConnectionStats>,
    /// This run's id: the page reloads itself when it changes (a restart).
    pub run: String,
    /// The row just removed or the student just excused, while Undo is
    /// offered.
    pub undo: Option<Undoable>,
    /// Several phones agree that the laptop's clock is off: in words.
    pub clock: Option<String>,
    /// The class list (`--roster`), for the whole class's view.
    pub roster: Option<&'a Roster>,
    /// The heads counted in the room today.
    pub heads: Option<u32>,
    /// The spot check's students still to be answered for (roll, name).
    pub spot: Vec<(String, String)>,
}

/// Where phones join: the address, the link in the QR code, its network,
/// and every address they could use.
struct Join {
    url: String,
    join: String,
    network: String,
    networks: Vec<(String, String, &'static str)>,
}

impl<'a> Snapshot<'a> {
    /// The state of the class now, read under three locks in turn, never
    /// two at once: the session, the register, the guards.
    pub fn take(class: &'a Class, desk: &Desk) -> Snapshot<'a> {
        let now = class.now();
        let status = class.session().status(now);
        let (rows, date, details) = {
            let register = class.register();
            (register.rows(), register.date(), register.details())
        };
        let (flags, refused, refused_networks) = {
            let guards = class.guards();
            let marked: Vec<String> = rows.iter().map(|m| roll_key(&m.roll)).collect();
            (
                guards.flags(&marked),
                guards.refusals(),
                guards.refused_networks(),
            )
        };
        let join = Join::read(class, &status);
        let (absent, excused) = not_here(class, &rows, &details);
        Snapshot {
            nobody_yet: class.arrivals.hint_due(now, status.open),
            // (The screen's one notice: the clock, or a code made longer.)
            clock: (class
                .phone_clocks
                .disagreement(now, || class.guards().flagged_machines())
                .map(|d| d.words()))
            .or_else(|| status.longer.map(String::from)),
            status,
            date: date.to_string(),
            past_midnight: date < now.date(),
            rows,
            url: join.url,
            join: join.join,
            network: join.network,
            networks: join.networks,
            flags,
            refused,
            refused_networks,
            expected: class.roster.as_ref().map(|r| r.len()),
            absent,
            excused,
            details,
            class: class.name.clone(),
            connections: class.connections(),
            run: desk.run.clone(),
            undo: desk.undoable(now),
            roster: class.roster.as_ref(),
            heads: desk.heads(now.date()),
            spot: desk.spot_check(now.date()),
        }
    }

    /// The code to show, if one is needed and check-in is open.
    pub fn code(&self) -> Option<&str> {
        if self.status.open {
            self.status.code.as_deref()
        } else {
            None
        }
    }

    /// True for a row that is late: checked in past the day's late rule,
    /// or marked late by hand (a hand mark is on time unless the teacher
    /// said late).
    pub fn is_late(&self, mark: &Mark) -> bool {
        self.details.is_row_late(&mark.roll, mark.time)
    }

    /// True for a row the teacher marked by hand.
    pub fn by_hand(&self, mark: &Mark) -> bool {
        self.details.by_hand_of(&mark.roll, mark.time).is_some()
    }

    /// More are marked than the heads counted in the room: how many more.
    pub fn too_many(&self) -> Option<usize> {
        let heads = self.heads? as usize;
        (self.rows.len() > heads).then(|| self.rows.len() - heads)
    }

    /// Today's counts as the state's app asks for them, the line
    /// `rollcall report --day` prints first: "On roll 45, Present 41,
    /// Late 0, Excused 0, Absent 4" (counted by the register's rules).
    pub fn day_counts(&self) -> String {
        crate::report::day::counts(self.roster, &self.rows, &self.details).to_string()
    }

    /// How many of today's rows are late.
    pub fn late(&self) -> usize {
        self.rows.iter().filter(|m| self.is_late(m)).count()
    }

    /// The flags beside `mark`'s row.
    pub fn flags_of(&self, mark: &Mark) -> &[String] {
        // Keys are `roll_key`s: the roll in capitals.
        self.flags
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&mark.roll))
            .map_or(&[], |(_, f)| f.as_slice())
    }
}

impl Join {
    /// Read once: the ranking, the join address and its network agree.
    fn read(class: &Class, status: &Status) -> Join {
        let addresses = class.join.student_addresses();
        let url = class.join.join_url(&addresses);
        let networks = addresses
            .iter()
            .map(|a| (class.join.url_of(a), a.label(), a.kind.id()))
            .collect();
        let network = addresses.first().map_or_else(String::new, |a| a.label());
        // A closed session's code is no use to a phone: the QR code then
        // carries the address alone.
        let join = match status.code.as_deref().filter(|_| status.open) {
            Some(code) => format!("{url}?code={code}"),
            None => url.clone(),
        };
        Join {
            url,
            join,
            network,
            networks,
        }
    }
}

/// With a class list, those not marked yet, in its order: the absent (roll,
/// name), and the excused (roll, name, reason), who are not counted absent.
/// An excused student who checks in is simply marked.
#[allow(clippy::type_complexity)]
fn not_here(
    class: &Class,
    rows: &[Mark],
    details: &Details,
) -> (Vec<(String, String)>, Vec<(String, String, String)>) {
    let (mut absent, mut excused) = (Vec::new(), Vec::new());
    let roster = match &class.roster {
        Some(roster) => roster,
        None => return (absent, excused),
    };
    let marked: Vec<String> = rows.iter().map(|m| roll_key(&m.roll)).collect();
    for s in roster.students() {
        if marked.contains(&roll_key(&s.roll)) {
            continue;
        }
        match details.excuse_of(&s.roll) {
            Some(e) => excused.push((s.roll.clone(), s.name.clone(), e.reason.clone())),
            None => absent.push((s.roll.clone(), s.name.clone())),
        }
    }
    (absent, excused)
}

/// The kind of code as the screen and the status JSON name it.
pub fn mode_name(mode: &Mode) -> &'static str {
    match mode {
        Mode::Rotating => "rotating",
        Mode::Fixed(_) => "fixed",
        Mode::Off => "off",
    }
}
