//! Whether any phone has reached the laptop yet. When check-in has been
//! open two minutes and none has, the teacher's screen and the terminal say
//! what to check (`hint`); the hint goes as soon as one arrives. Nothing is
//! sent off the laptop to find out: only requests that reach rollcall count.

use crate::network::Address;
use chrono::{Duration, NaiveDateTime};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// How long check-in is open with no phone before the teacher is told.
pub const WAIT_SECONDS: i64 = 120;

pub struct Arrivals {
    started: NaiveDateTime,
    /// Set once a phone arrived: the check on every request stays one load.
    seen: AtomicBool,
    /// The first phone: when, and from where.
    first: Mutex<Option<(NaiveDateTime, IpAddr)>>,
}

impl Arrivals {
    pub fn new(started: NaiveDateTime) -> Arrivals {
        Arrivals {
            started,
            seen: AtomicBool::new(false),
            first: Mutex::new(None),
        }
    }

    /// Has a phone arrived yet?
    pub fn any(&self) -> bool {
        self.seen.load(Ordering::Relaxed)
    }

    /// Notes a request from `peer`: a phone unless it is the laptop itself
    /// (loopback, or one of its `own` addresses).
    pub fn saw(&self, peer: IpAddr, own: &[Address], now: NaiveDateTime) {
        if self.any() || peer.is_loopback() || own.iter().any(|a| a.ip == peer) {
            return;
        }
        let mut first = crate::locks::lock(&self.first);
        if first.is_none() {
            *first = Some((now, peer));
        }
        self.seen.store(true, Ordering::Relaxed);
    }

    /// When and from where the first phone arrived, if one has.
    pub fn first_phone(&self) -> Option<(NaiveDateTime, IpAddr)> {
        *crate::locks::lock(&self.first)
    }

    /// Should the teacher be told that nobody arrives: no phone yet, and
    /// check-in `open` for two minutes since rollcall started?
    pub fn hint_due(&self, now: NaiveDateTime, open: bool) -> bool {
        open && !self.any() && now - self.started >= Duration::seconds(WAIT_SECONDS)
    }
}

/// What to check when no phone arrives, in order, in a teacher's words.
/// `join` is the network the QR code shows ("Wi-Fi (wlan0)"); `others` the
/// other addresses phones could open, each with its network (url, label).
pub fn hint(join: &str, others: &[(String, String)]) -> Vec<String> {
    let mut steps = vec![
        format!("The phones are on the same network as this laptop — {join} — with mobile data off."),
        firewall().to_string(),
        "Some school and guest Wi-Fi keeps devices apart, so phones cannot reach the laptop: use a phone's hotspot, or this laptop's own, instead.".to_string(),
    ];
    if !others.is_empty() {
        steps.push(format!(
            "The phones may be on another network of this laptop: try {}.",
            others
                .iter()
                .map(|(url, label)| format!("{url} on {label}"))
                .collect::<Vec<_>>()
                .join(", or ")
        ));
    }
    steps
}

#[cfg(windows)]
fn firewall() -> &'static str {
    "Windows Firewall: when it asked about rollcall, both \"Private networks\" and \"Public networks\" had to be ticked. Pressed Cancel? Control Panel → Windows Defender Firewall → Allow an app through Windows Firewall → Change settings → tick rollcall on Private and Public."
}

#[cfg(not(windows))]
fn firewall() -> &'static str {
    "This laptop's firewall lets rollcall's port in (ufw or firewalld on Linux; System Settings → Network → Firewall on a Mac)."
}
