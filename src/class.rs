//! The class being run: what every request handler shares. The day's
//! register, the session (open or closed, the code), the clock, and the
//! teacher's secret.

use crate::arrivals::Arrivals;
use crate::batch::Batcher;
use crate::cli::Options;
use crate::clock::Clock;
use crate::guards::{Added, Cidr, Door, Guards, Knock, Machine, Neighbours, Origin, Turned};
use crate::network::{Address, Kind, Networks};
use crate::phone_clocks::PhoneClocks;
use crate::random;
use crate::register::audit::{self, Entry};
use crate::register::{Details, Outcome, Recorded, Register, RegisterError};
use crate::roster::Roster;
use crate::session::{Mode, Session};
use crate::standing::{Standing, Standings};
use crate::validate::{self, Student};
use chrono::NaiveDateTime;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

pub struct Class {
    register: Mutex<Register>,
    session: Mutex<Session>,
    guards: Mutex<Guards>,
    pub clock: Clock,
    /// The address listened on (the real port when `--port 0`).
    pub addr: SocketAddr,
    pub networks: Networks,
    /// The hardware addresses behind the addresses on those networks.
    neighbours: Neighbours,
    /// Whether any phone has reached the laptop yet ("nobody arrives").
    pub arrivals: Arrivals,
    /// The phones' clocks against the laptop's.
    pub phone_clocks: PhoneClocks,
    /// A random value only the teacher's page carries; every teacher action
    /// must send it back, so a form on another site cannot post one.
    pub secret: String,
    /// Where handlers queue check-ins and refusals to share a sync.
    saving: Batcher<Attempt, Handled>,
    /// The class list (`--roster`), if given.
    pub roster: Option<Roster>,
    /// The class's name (`--class`), if given.
    pub name: Option<String>,
    /// The connections' counts, as `connections::watch` last read them.
    connections: Mutex<Option<tiny_http::ConnectionStats>>,
    /// Each student's month so far, for the Present page.
    standings: Standings,
    /// `--threshold`: below this percentage the Present page says so.
    pub threshold: u32,
}

/// Something to write down: a check-in to save (and audit), or a refusal
/// already decided, for the audit trail alone.
pub enum Attempt {
    CheckIn {
        student: Student,
        origin: Origin,
        /// Marked by hand on the teacher's screen: no phone rules apply.
        by_teacher: bool,
        /// The name as typed, where the class list spells it otherwise
        /// (the list's spelling is what is saved).
        typed: Option<String>,
    },
    Refused(Entry),
}

/// What became of an attempt, and when.
pub struct Handled {
    pub now: NaiveDateTime,
    pub answer: Answer,
}

pub enum Answer {
    /// Saved (or already there).
    Saved(Outcome),
    /// Turned away by the phone rules; nothing written but the audit line.
    Refused(Turned),
    /// The disk said no; nobody was told "Present".
    Failed(Arc<RegisterError>),
    /// A refusal, now in the audit trail.
    Logged,
}

impl Class {
    pub fn new(
        register: Register,
        session: Session,
        guards: Guards,
        clock: Clock,
        addr: SocketAddr,
        roster: Option<Roster>,
        options: &Options,
    ) -> Class {
        let started = clock.now();
        Class {
            register: Mutex::new(register),
            session: Mutex::new(session),
            guards: Mutex::new(guards),
            clock,
            addr,
            networks: Networks::new(options.network.clone()),
            neighbours: Neighbours::default(),
            arrivals: Arrivals::new(started),
            phone_clocks: PhoneClocks::new(),
            secret: random::token(),
            saving: Batcher::new(),
            roster,
            name: options.class.clone(),
            connections: Mutex::new(None),
            standings: Standings::default(),
            threshold: options.threshold,
        }
    }

    /// How `roll`, just marked present, stands this month, from memory
    /// (`None` when the month's files are not read yet or cannot be).
    pub fn standing(&self, roll: &str) -> Option<Standing> {
        self.standings.of(roll, self.now().date())
    }

    /// Reads this month's days before today for `standing`, unless read
    /// already: at start and from a watcher thread, never on a request.
    pub fn read_month_ahead(&self) {
        let folder = self.register().dir().to_path_buf();
        self.standings
            .read_ahead(&folder, self.roster.as_ref(), self.now().date());
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn register(&self) -> MutexGuard<'_, Register> {
        // A panic cannot leave the register half-updated in a way that
        // matters (rows are synced before memory is), so carry on.
        self.register
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Connections turned away and the like, for the teacher's screen.
    pub fn connections(&self) -> Option<tiny_http::ConnectionStats> {
        self.connections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn set_connections(&self, stats: tiny_http::ConnectionStats) {
        *self
            .connections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(stats);
    }

    pub fn guards(&self) -> MutexGuard<'_, Guards> {
        self.guards
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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

    /// The machine at `ip`: on one of the laptop's networks (and not the
    /// laptop's own address), the hardware address behind it, or if none
    /// is known, the address alone; from elsewhere, the address, an IPv6
    /// one by its /64 (see `guards::Machine`).
    pub fn machine(&self, ip: IpAddr) -> Machine {
        let own = self.networks.addresses();
        let on_link = !ip.is_loopback()
            && own.iter().all(|a| a.ip != ip)
            && own
                .iter()
                .any(|a| !a.ip.is_loopback() && Cidr::new(a.ip, a.prefix).contains(ip));
        if !on_link {
            return Machine::of(ip, None);
        }
        match self.neighbours.hardware(ip) {
            Some(hw) => Machine::Hardware(hw),
            // Not known here (macOS, or dropped by the OS): the phones of
            // this network share its /64, so the address counts alone.
            None => Machine::Address(ip),
        }
    }

    /// The addresses phones can open, best first (see `network`): the
    /// laptop's own addresses, never 0.0.0.0; just the bound address when
    /// `--bind` named one.
    pub fn student_addresses(&self) -> Vec<Address> {
        let bound = self.addr.ip();
        if !bound.is_unspecified() {
            let own = self.networks.addresses();
            let found = own.iter().find(|a| a.ip == bound).cloned();
            return vec![found.unwrap_or(Address {
                name: String::new(),
                ip: bound,
                prefix: 32,
                kind: Kind::Other,
            })];
        }
        self.networks.for_phones(bound.is_ipv6())
    }

    /// The address phones open for `a`: `http://192.168.43.17:8000/`.
    pub fn url_of(&self, a: &Address) -> String {
        format!("http://{}/", SocketAddr::new(a.ip, self.addr.port()))
    }

    /// The address to put in the join QR code: the best a phone can use,
    /// or this laptop's own when there is no network yet.
    /// `addresses` are `student_addresses`, read once by the caller.
    pub fn join_url(&self, addresses: &[Address]) -> String {
        match addresses.first() {
            Some(a) => self.url_of(a),
            None => format!("http://{}/", self.local_addr()),
        }
    }

    /// The join network in a teacher's words ("Wi-Fi (wlan0)"), and the
    /// other addresses phones could use with theirs.
    pub fn join_networks(&self) -> (String, Vec<(String, String)>) {
        let all = self.student_addresses();
        let join = all.first().map_or_else(String::new, |a| a.label());
        let others = all
            .iter()
            .skip(1)
            .map(|a| (self.url_of(a), a.label()))
            .collect();
        (join, others)
    }

    /// The address this laptop itself opens.
    pub fn local_addr(&self) -> SocketAddr {
        let bound = self.addr.ip();
        if bound.is_unspecified() {
            let loopback = if bound.is_ipv6() {
                IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1])
            } else {
                IpAddr::from([127u8, 0, 0, 1])
            };
            SocketAddr::new(loopback, self.addr.port())
        } else {
            self.addr
        }
    }

    /// Saves a check-in, or writes down a refusal, together with whatever
    /// else arrives while a sync is under way (group commit, see
    /// `batch.rs`). The phone rules (one roll per phone, rolls per address)
    /// are checked here, in order, by the one saver of the batch (under the
    /// guards' lock), so that two check-ins from one phone at the same
    /// instant cannot both pass.
    pub fn save(&self, attempt: Attempt) -> Handled {
        self.saving.submit(attempt, |attempts| {
            let mut batch = Batch::new(&attempts, self.clock.now());
            // The guards' lock is not held while the disk syncs: every
            // handler asks it before queueing, and would otherwise wait for
            // the sync instead of joining the next batch.
            batch.check_phone_rules(&mut self.guards());
            let mut register = self.register();
            let results = batch.record(self, &mut register);
            let unsaved = batch.settle(&mut self.guards(), results);
            let count = register.count();
            let details = register.details();
            let notices = register.take_notices();
            drop(register);
            if !unsaved.is_empty() {
                self.register().write_audit(&unsaved);
            }
            for notice in notices {
                say!("\n  ** {notice}\n");
            }
            batch.tell_terminal(count, &details);
            batch.into_handled()
        })
    }
}

/// One batch of attempts on its way through `Class::save`.
struct Batch<'a> {
    attempts: &'a [Attempt],
    now: NaiveDateTime,
    /// Each attempt's answer, as it is decided.
    answers: Vec<Option<Answer>>,
    /// The check-ins that passed the phone rules (by place in `attempts`),
    /// with what each added to the guards' memory.
    passed: Vec<(usize, Added)>,
    /// Repeats not written down again (one a minute per phone and roll).
    quiet: Vec<bool>,
}

impl<'a> Batch<'a> {
    fn new(attempts: &'a [Attempt], now: NaiveDateTime) -> Batch<'a> {
        Batch {
            attempts,
            now,
            answers: attempts.iter().map(|_| None).collect(),
            passed: Vec::new(),
            quiet: vec![false; attempts.len()],
        }
    }

    /// The phone rules, in order (see `Guards::phone_rules`). A roll that
    /// passes is forgotten again in `settle` if it is not saved.
    fn check_phone_rules(&mut self, guards: &mut Guards) {
        for (i, attempt) in self.attempts.iter().enumerate() {
            let (student, origin, by_teacher) = match attempt {
                Attempt::Refused(_) => {
                    self.answers[i] = Some(Answer::Logged);
                    continue;
                }
                Attempt::CheckIn {
                    student,
                    origin,
                    by_teacher,
                    ..
                } => (student, origin, *by_teacher),
            };
            match guards.phone_rules(origin, &student.roll, by_teacher, self.now) {
                Ok(added) => self.passed.push((i, added)),
                Err(turned) => self.answers[i] = Some(Answer::Refused(turned)),
            }
        }
    }

    /// Writes the rows that passed, with the batch's audit lines, and
    /// returns each one's outcome (in the order of `passed`).
    fn record(&mut self, class: &Class, register: &mut Register) -> Vec<Recorded> {
        let students: Vec<&Student> = self
            .passed
            .iter()
            .filter_map(|(i, _)| match &self.attempts[*i] {
                Attempt::CheckIn { student, .. } => Some(student),
                Attempt::Refused(_) => None,
            })
            .collect();
        let (attempts, answers, now) = (self.attempts, &self.answers, self.now);
        let quiet = &mut self.quiet;
        register.record(&students, now, |outcomes| {
            // A phone re-sending a roll marked already is written down
            // (audit trail and terminal) once a minute: a loop cannot
            // grow them.
            audit_lines(
                attempts,
                answers,
                outcomes,
                now,
                &mut |i, origin, student| {
                    let first = class
                        .guards()
                        .first_repeat(&origin.device, &student.roll, now);
                    quiet[i] = !first;
                    first
                },
            )
        })
    }

    /// Each saved check-in's answer; a roll not saved is forgotten by the
    /// guards again. Returns the "not saved" audit lines, one per attempt
    /// (after the line written beside the row that failed).
    fn settle(&mut self, guards: &mut Guards, results: Vec<Recorded>) -> Vec<Entry> {
        let mut unsaved = Vec::new();
        for (&(i, added), result) in self.passed.iter().zip(results) {
            let (student, origin, by_teacher) = match &self.attempts[i] {
                Attempt::CheckIn {
                    student,
                    origin,
                    by_teacher,
                    ..
                } => (student, origin, *by_teacher),
                Attempt::Refused(_) => continue,
            };
            if !matches!(result, Ok(Outcome::Marked(_))) {
                guards.unmark(origin, &student.roll, added);
            }
            self.answers[i] = Some(match result {
                Ok(outcome) => Answer::Saved(outcome),
                Err(e) => {
                    let mut line =
                        entry(self.now, origin, student, audit::NOT_SAVED, &e.to_string());
                    if by_teacher {
                        line.address = audit::TEACHER.into();
                    }
                    unsaved.push(line);
                    Answer::Failed(e)
                }
            });
        }
        unsaved
    }

    /// The teacher's terminal: one line per check-in, in order; `count` is
    /// today's students after the batch; `details` tell who is late.
    fn tell_terminal(&self, count: usize, details: &Details) {
        let fresh = self
            .answers
            .iter()
            .filter(|a| matches!(a, Some(Answer::Saved(Outcome::Marked(_)))))
            .count();
        let mut marked = count - fresh;
        for (i, (attempt, answer)) in self.attempts.iter().zip(&self.answers).enumerate() {
            if let (
                Attempt::CheckIn {
                    student,
                    by_teacher,
                    ..
                },
                Some(answer),
            ) = (attempt, answer)
            {
                if let Answer::Saved(Outcome::Marked(_)) = answer {
                    marked += 1;
                }
                if !self.quiet[i] {
                    let late = matches!(answer, Answer::Saved(Outcome::Marked(m)) if details.is_late(m.time));
                    log_check_in(student, answer, self.now, marked, *by_teacher, late);
                }
            }
        }
    }

    fn into_handled(self) -> Vec<Handled> {
        let now = self.now;
        self.answers
            .into_iter()
            .map(|answer| Handled {
                now,
                answer: answer.unwrap_or(Answer::Logged),
            })
            .collect()
    }
}

/// The audit lines of a batch, in order: refusals as decided, check-ins
/// with the outcome they will have (`outcomes` follows the check-ins that
/// passed the guards; it is empty when the day's file could not be opened).
/// `first_repeat` says whether the repeat of attempt `i` is the first of
/// its minute (only those are written).
fn audit_lines(
    attempts: &[Attempt],
    answers: &[Option<Answer>],
    outcomes: &[Outcome],
    now: NaiveDateTime,
    first_repeat: &mut dyn FnMut(usize, &Origin, &Student) -> bool,
) -> Vec<Entry> {
    let mut outcomes = outcomes.iter();
    let mut lines = Vec::new();
    for (i, (attempt, answer)) in attempts.iter().zip(answers).enumerate() {
        match (attempt, answer) {
            (Attempt::Refused(e), _) => lines.push(e.clone()),
            (
                Attempt::CheckIn {
                    student, origin, ..
                },
                Some(Answer::Refused(turned)),
            ) => {
                if let Some(reason) = &turned.audit {
                    let reason = reason.to_string();
                    lines.push(entry(now, origin, student, audit::REFUSED, &reason));
                }
            }
            (
                Attempt::CheckIn {
                    student,
                    origin,
                    by_teacher,
                    typed,
                },
                _,
            ) => match outcomes.next() {
                Some(Outcome::Marked(_)) => {
                    let outcome = if *by_teacher {
                        audit::BY_TEACHER
                    } else {
                        audit::ACCEPTED
                    };
                    let reason = typed
                        .as_ref()
                        .map_or(String::new(), |t| format!("typed as \"{t}\""));
                    let mut line = entry(now, origin, student, outcome, &reason);
                    if *by_teacher {
                        // Every line the teacher's screen caused says so
                        // in the Address column, the same way.
                        line.address = audit::TEACHER.into();
                    }
                    lines.push(line)
                }
                Some(Outcome::AlreadyMarked(m)) if first_repeat(i, origin, student) => {
                    lines.push(entry(
                        now,
                        origin,
                        student,
                        audit::ALREADY,
                        &format!("marked at {} as {}", m.time, m.name),
                    ))
                }
                Some(Outcome::AlreadyMarked(_)) => {}
                None => {}
            },
        }
    }
    lines
}

/// An audit line for `student` from `origin`.
pub fn entry(
    now: NaiveDateTime,
    origin: &Origin,
    student: &Student,
    outcome: &str,
    reason: &str,
) -> Entry {
    Entry {
        time: now.time(),
        address: origin.ip.to_string(),
        device: clip(&origin.device, 64),
        roll: clip(&student.roll, validate::ROLL_MAX),
        name: clip(&student.name, validate::NAME_MAX),
        outcome: outcome.to_string(),
        reason: clip(reason, 200),
    }
}

/// `text` cut to `most` characters (with "…"): what was typed is written
/// down only as long as a roll or a name can be, so refused nonsense cannot
/// grow the audit trail by kilobytes a line.
fn clip(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// The terminal line for one check-in; `marked` counts today's students
/// including this one; `late` past the day's late rule.
fn log_check_in(
    student: &Student,
    answer: &Answer,
    now: NaiveDateTime,
    marked: usize,
    by_teacher: bool,
    late: bool,
) {
    let late = if late { "   late" } else { "" };
    match answer {
        Answer::Saved(Outcome::Marked(mark)) if by_teacher => say!(
            "  {}  Teacher   marked {} {} present by hand{late}   ({marked} today)",
            mark.time,
            mark.roll,
            mark.name
        ),
        Answer::Saved(Outcome::Marked(mark)) => say!(
            "  {}  Present   {:<8} {}{late}   ({marked} today)",
            mark.time,
            mark.roll,
            mark.name
        ),
        Answer::Saved(Outcome::AlreadyMarked(mark)) => say!(
            "  {}  (again)   {:<8} {}   already marked at {}",
            now.time(),
            student.roll,
            student.name,
            mark.time
        ),
        Answer::Refused(Turned {
            audit: Some(reason),
            ..
        }) => say!(
            "  {}  REFUSED   {:<8} {}   {}",
            now.time(),
            student.roll,
            student.name,
            reason
        ),
        Answer::Refused(_) => {}
        Answer::Failed(e) => warn!(
            "\n  !! NOT SAVED: roll {} {} — {e}\n",
            student.roll, student.name
        ),
        Answer::Logged => {}
    }
}
