//! The form's tickets. Every form this run serves carries one (a hidden
//! field: no script, no cookie needed), and every check-in must bring one
//! back, once, from the machine it was served to. A script posting roll,
//! name and the projected code without ever loading the form marks
//! nothing; and a page the laptop did not serve (another site's, in the
//! laptop's own browser) cannot read one, whatever headers that browser
//! sends.
//!
//! A ticket is 128 bits from the OS: the run's 32 (so one from another run
//! is told apart from a made-up one) and 96 random. Tickets are kept per
//! machine, 4,096 each, and 16,384 in all; when full, the
//! machine holding the most loses its oldest, so one laptop fetching the
//! form in a loop wipes only its own. They cost no sync: memory only, and
//! a restart starts afresh (a phone that loaded the form before it gets
//! the form back with a fresh ticket, one more tap).

use super::Machine;
use crate::random;
use std::collections::VecDeque;

/// Tickets kept per machine: a school's phones behind one shared address
/// (or the laptop's own kiosk) fetch one each, hundreds at once.
const PER_MACHINE: usize = 4096;
/// Tickets kept in all.
const MOST: usize = 16384;
/// Used tickets remembered, to say "used already" rather than "unknown".
const USED_KEPT: usize = 4096;

/// Why a ticket was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untaken {
    /// None came.
    Missing,
    /// One of another run of rollcall (the form was loaded before a
    /// restart).
    OtherRun,
    /// One taken already; `again` when its re-use was refused before (a
    /// form re-sent in a loop is written down once).
    Used { again: bool },
    /// One this run never gave this machine (made up, or given to
    /// another machine, or let go when the tickets were full).
    Unknown,
}

pub struct Tickets {
    run: u32,
    issued: Vec<(Machine, VecDeque<u128>)>,
    /// Tickets taken, and whether a re-use of each was refused yet.
    used: Vec<(u128, bool)>,
    total: usize,
}

impl Tickets {
    pub fn new() -> Tickets {
        Tickets {
            run: random::below(u32::MAX),
            issued: Vec::new(),
            used: Vec::new(),
            total: 0,
        }
    }

    /// A new ticket for a form served to `machine`.
    pub fn issue(&mut self, machine: Machine) -> String {
        if self.total >= MOST {
            self.let_go_of_one();
        }
        let ticket = u128::from(self.run) << 96 | random::bits(96);
        let i = match self.issued.iter().position(|(m, _)| *m == machine) {
            Some(i) => i,
            None => {
                self.issued.push((machine, VecDeque::new()));
                self.issued.len() - 1
            }
        };
        let mine = &mut self.issued[i].1;
        if mine.len() >= PER_MACHINE && mine.pop_front().is_some() {
            self.total -= 1;
        }
        mine.push_back(ticket);
        self.total += 1;
        random::hex(&ticket.to_be_bytes())
    }

    /// Takes `ticket` from `machine`, once.
    pub fn take(&mut self, machine: Machine, ticket: &str) -> Result<(), Untaken> {
        let value = match parse(ticket) {
            None if ticket.trim().is_empty() => return Err(Untaken::Missing),
            None => return Err(Untaken::Unknown),
            Some(value) => value,
        };
        if (value >> 96) as u32 != self.run {
            return Err(Untaken::OtherRun);
        }
        let mine = self
            .issued
            .iter_mut()
            .find(|(m, _)| *m == machine)
            .and_then(|(_, tickets)| {
                tickets
                    .iter()
                    .position(|t| *t == value)
                    .map(|i| (tickets, i))
            });
        match mine {
            Some((tickets, i)) => {
                tickets.remove(i);
                self.total -= 1;
                if self.used.len() >= USED_KEPT {
                    self.used.remove(0);
                }
                self.used.push((value, false));
                Ok(())
            }
            None => match self.used.iter_mut().find(|(t, _)| *t == value) {
                Some((_, refused)) => {
                    let again = *refused;
                    *refused = true;
                    Err(Untaken::Used { again })
                }
                None => Err(Untaken::Unknown),
            },
        }
    }

    /// Lets go of the oldest ticket of the machine holding the most.
    fn let_go_of_one(&mut self) {
        let most = self
            .issued
            .iter_mut()
            .max_by_key(|(_, tickets)| tickets.len());
        if let Some((_, tickets)) = most {
            if tickets.pop_front().is_some() {
                self.total -= 1;
            }
        }
        self.issued.retain(|(_, tickets)| !tickets.is_empty());
    }
}

/// A ticket as the form sends it back: 32 hexadecimal digits.
fn parse(text: &str) -> Option<u128> {
    let text = text.trim();
    if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    fn machine(n: u8) -> Machine {
        Machine::of(IpAddr::from([10, 0, 0, n]), None)
    }

    #[test]
    fn a_ticket_is_taken_once_by_the_machine_it_was_given_to() {
        let mut t = Tickets::new();
        let ticket = t.issue(machine(1));
        assert_eq!(ticket.len(), 32);
        assert_eq!(t.take(machine(2), &ticket), Err(Untaken::Unknown));
        assert_eq!(t.take(machine(1), &ticket), Ok(()));
        assert_eq!(
            t.take(machine(1), &ticket),
            Err(Untaken::Used { again: false })
        );
        assert_eq!(
            t.take(machine(1), &ticket),
            Err(Untaken::Used { again: true })
        );
        assert_eq!(t.take(machine(1), ""), Err(Untaken::Missing));
        assert_eq!(t.take(machine(1), "nonsense"), Err(Untaken::Unknown));
        let made_up = format!("{:08x}{}", t.run, "0".repeat(24));
        assert_eq!(t.take(machine(1), &made_up), Err(Untaken::Unknown));
        // Another run's ticket is told apart.
        let other = Tickets::new().issue(machine(1));
        assert_eq!(t.take(machine(1), &other), Err(Untaken::OtherRun));
    }

    #[test]
    fn a_machine_fetching_forms_in_a_loop_lets_go_only_of_its_own() {
        let mut t = Tickets::new();
        let honest: Vec<String> = (1..=40).map(|n| t.issue(machine(n))).collect();
        for _ in 0..100_000 {
            t.issue(machine(200));
        }
        assert!(t.total <= MOST);
        for (n, ticket) in (1..=40).zip(&honest) {
            assert_eq!(t.take(machine(n), ticket), Ok(()), "phone {n}");
        }
    }
}
