//! The class being run: the state every request handler shares, each part
//! behind a lock of its own or read-only. What happens to a check-in is
//! `checkin`'s; what the door decides is `guards`'.
//!
//! Locks are taken one at a time, and each only for what it guards: the
//! register's is held over a sync (so nothing a phone waits on takes it:
//! the attendance folder, the class list and the month's standings have
//! their own places), the guards' then the session's are held together at
//! the door (`door`), never the other way round.

use crate::arrivals::Arrivals;
use crate::clock::Clock;
use crate::guards::{Door, Guards, Knock, Machine};
use crate::locks::lock;
use crate::network::Join;
use crate::phone_clocks::PhoneClocks;
use crate::register::{audit, Register, Trail};
use crate::roster::Roster;
use crate::session::{Mode, Session};
use crate::standing::{Standing, Standings};
use chrono::{NaiveDate, NaiveDateTime};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

pub struct Class {
    register: Mutex<Register>,
    session: Mutex<Session>,
    guards: Mutex<Guards>,
    /// The audit trail, which refusals and the teacher's actions write to
    /// straight away (the register writes the check-ins' beside the rows).
    trail: Arc<Trail>,
    pub clock: Clock,
    /// The address listened on and the laptop's networks.
    pub join: Join,
    /// Whether any phone has reached the laptop yet ("nobody arrives").
    pub arrivals: Arrivals,
    /// The phones' clocks against the laptop's.
    pub phone_clocks: PhoneClocks,
    /// A random value only the teacher's page carries; every teacher action
    /// must send it back, so a form on another site cannot post one.
    pub secret: String,
    /// The class list (`--roster`), if given.
    pub roster: Option<Roster>,
    /// The class's name (`--class`), if given.
    pub name: Option<String>,
    /// The attendance folder (the register's, readable without its lock).
    pub folder: PathBuf,
    /// `--threshold`: below this percentage the Present page says so.
    pub threshold: u32,
    /// The hardware addresses behind the addresses on the laptop's networks.
    neighbours: crate::guards::Neighbours,
    /// Each student's month so far, for the Present page.
    standings: Standings,
    /// The connections' counts, as `connections::watch` last read them.
    connections: Mutex<Option<tiny_http::ConnectionStats>>,
    /// The class day: the register's open day (past midnight, a class
    /// still open keeps the day it opened on), kept here so that what
    /// needs only the date does not wait for the register's lock.
    day: Mutex<NaiveDate>,
}

/// What a class is made of, once the server has opened and read it.
pub struct Parts {
    pub register: Register,
    pub session: Session,
    pub guards: Guards,
    pub trail: Arc<Trail>,
    pub clock: Clock,
    pub join: Join,
    pub roster: Option<Roster>,
    pub name: Option<String>,
    pub threshold: u32,
}

impl Class {
    pub fn new(parts: Parts) -> Class {
        let started = parts.clock.now();
        let day = parts.register.date();
        Class {
            day: Mutex::new(day),
            folder: parts.register.dir().to_path_buf(),
            register: Mutex::new(parts.register),
            session: Mutex::new(parts.session),
            guards: Mutex::new(parts.guards),
            trail: parts.trail,
            clock: parts.clock,
            join: parts.join,
            arrivals: Arrivals::new(started),
            phone_clocks: PhoneClocks::new(),
            secret: crate::random::token(),
            roster: parts.roster,
            name: parts.name,
            threshold: parts.threshold,
            neighbours: crate::guards::Neighbours::default(),
            standings: Standings::default(),
            connections: Mutex::new(None),
        }
    }

    /// Hands lines to the audit trail without waiting for them to be
    /// synced: what is only the teacher's to read (a row flagged), never
    /// what a phone is told depends on.
    pub fn note_down(&self, entries: &[audit::Entry]) {
        if !entries.is_empty() {
            let _ = self.trail.send(self.day(), audit::encode(entries));
        }
    }

    /// How `roll`, just marked present by the phone with the cookie
    /// `device`, stands this month, from memory (`None` for a phone that
    /// marked no such roll earlier this month, and when the month's files
    /// are not read yet or cannot be).
    pub fn standing(&self, roll: &str, device: &str) -> Option<Standing> {
        self.standings.of(roll, device, self.day())
    }

    /// Reads this month's days before today for `standing`, unless read
    /// already: at start and from a watcher thread, never on a request.
    pub fn read_month_ahead(&self) {
        self.standings
            .read_ahead(&self.folder, self.roster.as_ref(), self.day());
    }

    /// The class day (see `day`).
    pub fn day(&self) -> NaiveDate {
        *lock(&self.day)
    }

    /// The register moved to `day`: the guards follow it (a new day
    /// forgets the last one's phones), and so does what reads the day.
    pub fn follow_day(&self, day: NaiveDate) {
        *lock(&self.day) = day;
        self.guards().follow(day);
    }

    /// Keeps the class's day as the session says (a class open since the
    /// evening keeps its day past midnight for a few hours), moves to a new
    /// day ahead of its first check-in, its files made then, and reads the
    /// month ahead for the Present page. The watcher's, every half second.
    pub fn keep_up(&self) {
        let now = self.now();
        let kept = self.session().keeps_its_day(now);
        let (day, notices) = {
            let mut register = self.register();
            register.keep_day(kept);
            register.turn_day(now);
            (register.date(), register.take_notices())
        };
        for notice in notices {
            say!("\n  ** {notice}\n");
        }
        if day != self.day() {
            self.follow_day(day);
        }
        self.read_month_ahead();
    }

    /// Says in the terminal, the first time several phones agree, that the
    /// laptop's clock is off. From the class's watcher, not a phone's
    /// request: the machines the door flags are sums over the whole day,
    /// under the guards' lock the door and the savers also take.
    pub fn tell_phone_clocks(&self) {
        let flagged = || self.guards().flagged_machines();
        if let Some(found) = self.phone_clocks.news(self.now(), flagged) {
            warn!("\n  ** {}\n", found.words());
        }
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// The register. A panic cannot leave it half-updated in a way that
    /// matters (rows are synced before memory is), so a poisoned lock is
    /// taken as it is.
    pub fn register(&self) -> MutexGuard<'_, Register> {
        lock(&self.register)
    }

    pub fn session(&self) -> MutexGuard<'_, Session> {
        lock(&self.session)
    }

    pub fn guards(&self) -> MutexGuard<'_, Guards> {
        lock(&self.guards)
    }

    /// Asks the guards whether a check-in may go on (`Guards::door`), the
    /// code judged by the session under the guards' lock: the two locks in
    /// this order only. Also the code rule, for the form.
    pub fn door(&self, knock: &Knock<'_>) -> (Door, Mode) {
        let mut guards = self.guards();
        let mut session = self.session();
        let door = guards.door(&mut session, knock);
        (door, session.mode().clone())
    }

    /// The machine at `ip` (see `Neighbours::machine`).
    pub fn machine(&self, ip: IpAddr) -> Machine {
        self.neighbours.machine(ip, &self.join.networks.addresses())
    }

    /// Writes lines down in the audit trail now (a refusal at the door,
    /// something the teacher did), with whatever else is being written.
    /// A trail that cannot be written is told on the terminal; it never
    /// stops a check-in.
    pub fn write_down(&self, entries: &[audit::Entry]) {
        let day = self.day();
        if let Err(e) = self.trail.write(day, audit::encode(entries)) {
            let path = self.trail.path(day);
            warn!(
                "\n  ** could not write the audit trail {}: {e} (check-ins are still saved)\n",
                path.display()
            );
        }
    }

    /// Connections turned away and the like, for the teacher's screen.
    pub fn connections(&self) -> Option<tiny_http::ConnectionStats> {
        lock(&self.connections).clone()
    }

    pub fn set_connections(&self, stats: tiny_http::ConnectionStats) {
        *lock(&self.connections) = Some(stats);
    }
}
