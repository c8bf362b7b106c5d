//! The class session: whether check-in is open, until when, and the code a
//! student must type to prove they can see the classroom screen.
//!
//! Everything is computed from the clock passed in, so tests can step a
//! code's life or a window's end without waiting. A rotating code lives for
//! one interval of `--rotate` seconds counted from the start; the code just
//! replaced is still accepted for one more interval, so a slow typist who
//! read it a moment before it changed is not refused. Codes come from the
//! OS's randomness (`random`), never from the clock.

use crate::random;
use crate::validate;
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// Default seconds a rotating code lasts.
pub const DEFAULT_ROTATE: u32 = 30;

/// The session's rules as the teacher started it: the code rule, how long
/// a rotating code lives, and how long check-in stays open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub code: Mode,
    /// Seconds each rotating code lasts.
    pub rotate: u32,
    /// Minutes check-in stays open after start; `None`: until closed.
    pub minutes: Option<u32>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            code: Mode::Rotating,
            rotate: DEFAULT_ROTATE,
            minutes: None,
        }
    }
}

/// True for a code a teacher can choose: 3 to 8 digits.
pub fn is_valid_fixed_code(code: &str) -> bool {
    (3..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// How many replaced codes are remembered, to tell "expired" from "wrong".
const REMEMBERED: usize = 20;
/// Minutes the teacher's "extend" button adds.
pub const EXTEND_MINUTES: i64 = 5;
/// How long an open session keeps the day it opened on, past midnight: a
/// class from 23:57 to 00:02 is one class, one day file; a session left
/// open all day does not hold yesterday.
pub const CLASS_HOURS: i64 = 4;

/// The code rule in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Rotating,
    Fixed(String),
    Off,
}

/// Why the session turned a check-in away (the code rule,
/// `guards::rules::code`, says it to the student).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAdmitted {
    Closed,
    MissingCode,
    WrongCode,
    ExpiredCode,
}

/// A snapshot for the teacher's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub open: bool,
    pub mode: Mode,
    /// The code to show; `None` with no code.
    pub code: Option<String>,
    /// Seconds until a rotating code changes.
    pub code_expires_in: Option<i64>,
    /// Seconds until check-in closes by itself; `None` when it will not.
    pub closes_in: Option<i64>,
    /// `LONGER` once the rotating code has 6 digits.
    pub longer: Option<&'static str>,
}

/// What the teacher is told when a sweep of the codes made them longer.
pub const LONGER: &str = "Many wrong codes: the code now has 6 digits";

/// One code and the interval it was drawn for.
#[derive(Debug, Clone)]
struct Drawn {
    slot: i64,
    code: String,
}

#[derive(Debug)]
pub struct Session {
    mode: Mode,
    /// Seconds per rotating code.
    every: i64,
    /// Where intervals are counted from.
    epoch: NaiveDateTime,
    current: Option<Drawn>,
    previous: Option<Drawn>,
    /// Codes replaced earlier (newest last), to say "expired".
    expired: Vec<String>,
    /// Open unless the teacher closed it or `closes_at` passed.
    open: bool,
    /// When check-in last opened.
    opened_at: NaiveDateTime,
    closes_at: Option<NaiveDateTime>,
    /// `--minutes`: how long a reopened session lasts.
    window: Option<Duration>,
    /// The fixed code to use when the teacher switches to one: `--code`,
    /// or the last one used.
    fixed: Option<String>,
    /// Digits of a rotating code: 4, or 6 once the codes are being swept.
    digits: usize,
}

impl Session {
    /// A session open from `now`: `mode` (`--code`, `--no-code`), a new
    /// rotating code every `rotate` seconds, closing after `minutes`.
    pub fn new(mode: Mode, rotate: u32, minutes: Option<u32>, now: NaiveDateTime) -> Session {
        let window = minutes.map(|m| Duration::minutes(i64::from(m)));
        let fixed = match &mode {
            Mode::Fixed(code) => Some(code.clone()),
            _ => None,
        };
        Session {
            mode,
            every: i64::from(rotate.max(1)),
            epoch: now,
            current: None,
            previous: None,
            expired: Vec::new(),
            open: true,
            opened_at: now,
            closes_at: window.map(|w| now + w),
            window,
            fixed,
            digits: 4,
        }
    }

    /// The fixed code for a switch to one: the one used before, or a new
    /// random one.
    pub fn fixed_code(&mut self) -> String {
        self.fixed.get_or_insert_with(|| random::digits(4)).clone()
    }

    /// The day check-in opened on, and until when the class keeps it past
    /// midnight: while it is open, for `CLASS_HOURS` from its opening.
    pub fn keeps_its_day(&self, now: NaiveDateTime) -> Option<(NaiveDate, NaiveDateTime)> {
        let until = self.opened_at + Duration::hours(CLASS_HOURS);
        self.is_open(now).then(|| (self.opened_at.date(), until))
    }

    /// True while students may check in.
    pub fn is_open(&self, now: NaiveDateTime) -> bool {
        self.open && self.closes_at.map_or(true, |t| now < t)
    }

    /// Lets a check-in with `typed` as its code through, or says why not.
    pub fn admit(&mut self, typed: &str, now: NaiveDateTime) -> Result<(), NotAdmitted> {
        if !self.is_open(now) {
            return Err(NotAdmitted::Closed);
        }
        // A code typed on a Hindi or Tamil keyboard (`४८२७`) is the same code.
        let typed = validate::ascii_digits(typed.trim());
        let typed = typed.as_str();
        let expected = match &self.mode {
            Mode::Off => return Ok(()),
            Mode::Fixed(code) => code.clone(),
            Mode::Rotating => {
                self.advance(now);
                match &self.current {
                    Some(d) => d.code.clone(),
                    None => return Err(NotAdmitted::WrongCode),
                }
            }
        };
        if typed.is_empty() {
            return Err(NotAdmitted::MissingCode);
        }
        if typed == expected {
            return Ok(());
        }
        if let (Some(prev), Some(cur)) = (&self.previous, &self.current) {
            if prev.slot + 1 == cur.slot && typed == prev.code {
                return Ok(());
            }
        }
        if self.previous.as_ref().map_or(false, |p| p.code == typed)
            || self.expired.iter().any(|c| c == typed)
        {
            return Err(NotAdmitted::ExpiredCode);
        }
        Err(NotAdmitted::WrongCode)
    }

    /// Seconds each rotating code lasts.
    pub fn every(&self) -> i64 {
        self.every
    }

    /// The code rule in force.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// What the teacher's screen shows now.
    pub fn status(&mut self, now: NaiveDateTime) -> Status {
        let open = self.is_open(now);
        let (code, code_expires_in) = match &self.mode {
            Mode::Off => (None, None),
            Mode::Fixed(code) => (Some(code.clone()), None),
            Mode::Rotating => {
                self.advance(now);
                let code = self.current.as_ref().map(|d| d.code.clone());
                let ends = self.epoch + Duration::seconds((self.slot(now) + 1) * self.every);
                (code, Some((ends - now).num_seconds().max(0)))
            }
        };
        Status {
            open,
            mode: self.mode.clone(),
            code,
            code_expires_in,
            closes_in: if open {
                self.closes_at.map(|t| (t - now).num_seconds().max(0))
            } else {
                None
            },
            longer: (self.digits == 6 && self.mode == Mode::Rotating).then_some(LONGER),
        }
    }

    /// The teacher opens check-in: for `--minutes` again if that was given,
    /// otherwise until closed.
    pub fn open(&mut self, now: NaiveDateTime) {
        if !self.is_open(now) {
            self.open = true;
            self.opened_at = now;
            self.closes_at = self.window.map(|w| now + w);
        }
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// Five more minutes: added to the time left, or, once closed, five
    /// minutes from now. An open session without an end stays so.
    pub fn extend(&mut self, now: NaiveDateTime) {
        let more = Duration::minutes(EXTEND_MINUTES);
        if self.is_open(now) {
            if let Some(t) = self.closes_at {
                self.closes_at = Some(t + more);
            }
        } else {
            self.open = true;
            self.opened_at = now;
            self.closes_at = Some(now + more);
        }
    }

    /// Switches the code rule. A fixed code keeps the one given, or draws
    /// one; switching to rotating starts a new code at once.
    pub fn set_mode(&mut self, mode: Mode, now: NaiveDateTime) {
        if mode == Mode::Rotating && self.mode != Mode::Rotating {
            self.epoch = now;
            self.retire_codes();
        }
        if let Mode::Fixed(code) = &mode {
            self.fixed = Some(code.clone());
        }
        self.mode = mode;
    }

    /// Someone is sweeping the codes (`Guards::sweeping`): a rotating code
    /// has 6 digits from now on, a new one at once. True if that is news
    /// (a fixed code is the teacher's to choose, and stays).
    pub fn lengthen(&mut self) -> bool {
        if self.mode != Mode::Rotating || self.digits == 6 {
            return false;
        }
        self.digits = 6;
        // (A 4-digit code typed now is a wrong one.)
        self.current = None;
        self.previous = None;
        true
    }

    /// The interval `now` falls in; never before the current one, so a clock
    /// set back does not bring an old code back.
    fn slot(&self, now: NaiveDateTime) -> i64 {
        let slot = (now - self.epoch).num_seconds().div_euclid(self.every);
        match &self.current {
            Some(d) => slot.max(d.slot),
            None => slot,
        }
    }

    /// Draws the code for the interval of `now` if it is not drawn yet.
    fn advance(&mut self, now: NaiveDateTime) {
        let slot = self.slot(now);
        if self.current.as_ref().map_or(false, |d| d.slot == slot) {
            return;
        }
        let mut code = random::digits(self.digits);
        // A new code that equals the one just shown would look stuck.
        while self.current.as_ref().map_or(false, |d| d.code == code) {
            code = random::digits(self.digits);
        }
        if let Some(old) = self.previous.take() {
            self.remember(old.code);
        }
        self.previous = self.current.take();
        self.current = Some(Drawn { slot, code });
    }

    fn retire_codes(&mut self) {
        for d in [self.previous.take(), self.current.take()]
            .into_iter()
            .flatten()
        {
            self.remember(d.code);
        }
    }

    fn remember(&mut self, code: String) {
        self.expired.push(code);
        if self.expired.len() > REMEMBERED {
            self.expired.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::clock::seconds_into_a_lesson as at;

    fn session(code: Mode, minutes: Option<u32>) -> Session {
        Session::new(code, DEFAULT_ROTATE, minutes, at(0))
    }

    #[test]
    fn a_rotating_code_changes_each_interval_and_the_last_one_has_grace() {
        let mut s = session(Mode::Rotating, None);
        let first = s.status(at(0)).code.expect("a code");
        assert_eq!(s.status(at(0)).code_expires_in, Some(30));
        assert_eq!(s.status(at(29)).code.as_deref(), Some(first.as_str()));
        assert_eq!(s.status(at(29)).code_expires_in, Some(1));
        assert_eq!(s.admit(&first, at(10)), Ok(()));
        let second = s.status(at(30)).code.expect("a code");
        assert_ne!(first, second);
        // The replaced code still works for one more interval...
        assert_eq!(s.admit(&first, at(59)), Ok(()));
        assert_eq!(s.admit(&second, at(59)), Ok(()));
        // ...then it has expired, and says so.
        let third = s.status(at(60)).code.expect("a code");
        assert_eq!(s.admit(&first, at(61)), Err(NotAdmitted::ExpiredCode));
        assert_eq!(s.admit(&second, at(61)), Ok(()));
        assert_eq!(s.admit(&third, at(61)), Ok(()));
        let wrong = (0..10_000)
            .map(|n| format!("{n:04}"))
            .find(|c| ![&first, &second, &third].contains(&c))
            .expect("some other code");
        assert_eq!(s.admit(&wrong, at(61)), Err(NotAdmitted::WrongCode));
        assert_eq!(s.admit("", at(61)), Err(NotAdmitted::MissingCode));
    }

    #[test]
    fn a_jump_of_several_intervals_leaves_no_grace_and_a_clock_set_back_no_old_code() {
        let mut s = session(Mode::Rotating, None);
        let first = s.status(at(0)).code.expect("a code");
        let later = s.status(at(300)).code.expect("a code");
        assert_eq!(s.admit(&first, at(300)), Err(NotAdmitted::ExpiredCode));
        // The clock goes back a minute: the code shown stays the newest.
        assert_eq!(s.status(at(240)).code.as_deref(), Some(later.as_str()));
        assert_eq!(s.admit(&later, at(240)), Ok(()));
    }

    #[test]
    fn fixed_and_no_code() {
        let mut s = session(Mode::Fixed("1234".into()), None);
        assert_eq!(s.admit("1234", at(999)), Ok(()));
        assert_eq!(s.admit(" 1234 ", at(999)), Ok(()));
        assert_eq!(s.admit("1235", at(999)), Err(NotAdmitted::WrongCode));
        // Typed on a Tamil, Hindi or full-width keyboard: the same code.
        assert_eq!(s.admit("௧௨௩௪", at(999)), Ok(()));
        assert_eq!(s.admit("१२३४", at(999)), Ok(()));
        assert_eq!(s.admit("１２３４", at(999)), Ok(()));
        assert_eq!(s.admit("१२३५", at(999)), Err(NotAdmitted::WrongCode));
        assert_eq!(s.status(at(0)).code_expires_in, None);
        let mut s = session(Mode::Off, None);
        assert_eq!(s.admit("", at(5)), Ok(()));
        assert_eq!(s.status(at(0)).code, None);
    }

    #[test]
    fn the_window_closes_reopens_and_extends() {
        let mut s = session(Mode::Off, Some(10));
        assert_eq!(s.status(at(0)).closes_in, Some(600));
        assert!(s.is_open(at(599)));
        assert_eq!(s.admit("", at(600)), Err(NotAdmitted::Closed));
        assert!(!s.status(at(600)).open);
        // Extending a closed session opens it for five minutes.
        s.extend(at(700));
        assert_eq!(s.status(at(700)).closes_in, Some(300));
        s.extend(at(760));
        assert_eq!(s.status(at(760)).closes_in, Some(540));
        s.close();
        assert_eq!(s.admit("", at(761)), Err(NotAdmitted::Closed));
        assert_eq!(s.status(at(761)).closes_in, None);
        // Reopening gives the --minutes window again.
        s.open(at(800));
        assert_eq!(s.status(at(800)).closes_in, Some(600));
        // Without --minutes it stays open until closed.
        let mut s = session(Mode::Off, None);
        assert_eq!(s.status(at(99_999)).closes_in, None);
        s.extend(at(10));
        assert_eq!(s.status(at(10)).closes_in, None);
    }

    #[test]
    fn a_swept_code_gets_six_digits_at_once_and_keeps_them() {
        let mut s = session(Mode::Rotating, None);
        let four = s.status(at(0)).code.expect("a code");
        assert_eq!(four.len(), 4);
        assert!(s.lengthen());
        assert!(!s.lengthen(), "once");
        let six = s.status(at(1)).code.expect("a code");
        assert_eq!(six.len(), 6);
        assert_eq!(s.admit(&four, at(2)), Err(NotAdmitted::WrongCode));
        assert_eq!(s.admit(&six, at(2)), Ok(()));
        assert_eq!(s.status(at(95)).code.map(|c| c.len()), Some(6));
        // A fixed code is the teacher's.
        let mut s = session(Mode::Fixed("1234".into()), None);
        assert!(!s.lengthen());
        assert_eq!(s.admit("1234", at(1)), Ok(()));
    }

    #[test]
    fn switching_modes() {
        let mut s = session(Mode::Rotating, None);
        let rotating = s.status(at(0)).code.expect("a code");
        s.set_mode(Mode::Fixed("5555".into()), at(5));
        assert_eq!(s.admit("5555", at(6)), Ok(()));
        assert_eq!(s.admit(&rotating, at(6)), Err(NotAdmitted::WrongCode));
        s.set_mode(Mode::Rotating, at(40));
        let fresh = s.status(at(40)).code.expect("a code");
        assert_eq!(s.status(at(40)).code_expires_in, Some(30));
        assert_eq!(s.admit(&fresh, at(41)), Ok(()));
        assert_eq!(s.admit(&rotating, at(41)), Err(NotAdmitted::ExpiredCode));
    }
}
