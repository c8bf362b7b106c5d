//! The class being run: what every request handler shares. The day's
//! register, the session (open or closed, the code), the clock, and the
//! teacher's secret.

use crate::batch::Batcher;
use crate::clock::Clock;
use crate::network::{self, Networks};
use crate::random;
use crate::register::{Outcome, Recorded, Register};
use crate::session::Session;
use crate::validate::Student;
use chrono::NaiveDateTime;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, MutexGuard};

pub struct Class {
    register: Mutex<Register>,
    session: Mutex<Session>,
    pub clock: Clock,
    /// The address listened on (the real port when `--port 0`).
    pub addr: SocketAddr,
    pub networks: Networks,
    /// A random value only the teacher's page carries; every teacher action
    /// must send it back, so a form on another site cannot post one.
    pub secret: String,
    /// Where handlers queue check-ins to share a sync.
    saving: Batcher<Student, Saved>,
}

/// What became of one check-in, and when.
pub struct Saved {
    pub now: NaiveDateTime,
    pub result: Recorded,
}

impl Class {
    pub fn new(register: Register, session: Session, clock: Clock, addr: SocketAddr) -> Class {
        Class {
            register: Mutex::new(register),
            session: Mutex::new(session),
            clock,
            addr,
            networks: Networks::new(),
            secret: random::token(),
            saving: Batcher::new(),
        }
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

    /// The addresses phones can open, with the network each is on: the
    /// laptop's own addresses, never 0.0.0.0; just the bound address when
    /// `--bind` named one.
    pub fn student_addresses(&self) -> Vec<(SocketAddr, String)> {
        if !self.addr.ip().is_unspecified() {
            return vec![(self.addr, String::new())];
        }
        network::for_phones(&self.networks.addresses(), self.addr.is_ipv6())
            .into_iter()
            .map(|a| (SocketAddr::new(a.ip, self.addr.port()), a.name))
            .collect()
    }

    /// The address to put in the join QR code: the first a phone can use,
    /// or this laptop's own when there is no network yet.
    pub fn join_url(&self) -> String {
        match self.student_addresses().first() {
            Some((addr, _)) => format!("http://{addr}/"),
            None => format!("http://{}/", self.local_addr()),
        }
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

    /// Saves `student`, together with whatever other check-ins arrive while
    /// a sync is under way (group commit, see `batch.rs`).
    pub fn save(&self, student: Student) -> Saved {
        self.saving.submit(student, |students| {
            let students: Vec<&Student> = students.iter().collect();
            let (now, results, count, notices) = {
                let mut register = self.register();
                let now = self.clock.now();
                let results = register.record(&students, now);
                (now, results, register.count(), register.take_notices())
            };
            for notice in notices {
                say!("\n  ** {notice}\n");
            }
            // The teacher's terminal: one line per check-in, in order.
            let fresh = results
                .iter()
                .filter(|r| matches!(r, Ok(Outcome::Marked(_))))
                .count();
            let mut marked = count - fresh;
            for (student, result) in students.iter().zip(&results) {
                if let Ok(Outcome::Marked(_)) = result {
                    marked += 1;
                }
                log_check_in(student, result, now, marked);
            }
            results
                .into_iter()
                .map(|result| Saved { now, result })
                .collect()
        })
    }
}

/// The terminal line for one check-in; `marked` counts today's students
/// including this one.
fn log_check_in(student: &Student, result: &Recorded, now: NaiveDateTime, marked: usize) {
    match result {
        Ok(Outcome::Marked(mark)) => say!(
            "  {}  Present   {:<8} {}   ({marked} today)",
            mark.time.format("%H:%M:%S"),
            mark.roll,
            mark.name
        ),
        Ok(Outcome::AlreadyMarked(mark)) => say!(
            "  {}  (again)   {:<8} {}   already marked at {}",
            now.format("%H:%M:%S"),
            student.roll,
            student.name,
            mark.time.format("%H:%M:%S")
        ),
        Err(e) => warn!(
            "\n  !! NOT SAVED: roll {} {} — {e}\n",
            student.roll, student.name
        ),
    }
}
