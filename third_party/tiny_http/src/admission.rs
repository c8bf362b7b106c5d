//! rollcall patch: who may hold a connection, and what was turned away.
//!
//! Every connection holds a thread and a file handle until it closes, so
//! both are bounded: at most `max_connections` in all (the accept thread
//! waits for one to close before it accepts more, and meanwhile idle
//! kept-alive connections step aside), and at most `PER_ADDRESS` from one
//! client address, so one phone cannot take the room's share. Loopback (the
//! laptop itself: the teacher's screen, local tools) counts towards the total
//! only. A connection over the per-address cap is answered 503 and closed at
//! once by the accept thread, which never blocks on a client.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Most connections one client address may hold at once. A phone's browser
/// opens up to six.
pub const PER_ADDRESS: usize = 16;
/// Most connections in all, unless the program sets another limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// What the server has turned away or given up on so far, for the program to
/// tell its user. Counts only grow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionStats {
    /// Connections open now.
    pub open: usize,
    /// The limit on open connections.
    pub max: usize,
    /// Connections refused because their address already held `PER_ADDRESS`.
    pub refused: u64,
    /// The address refused last.
    pub last_refused: Option<IpAddr>,
    /// Times the server was full and new connections had to wait.
    pub full: u64,
    /// Requests that did not arrive whole in time (answered 408, closed).
    pub timed_out: u64,
}

pub(crate) struct Admission {
    state: Mutex<State>,
    freed: Condvar,
    max: AtomicUsize,
    /// Set while the accept thread waits for room: idle connections close.
    crowded: AtomicBool,
    refused: AtomicU64,
    full: AtomicU64,
    timed_out: AtomicU64,
}

#[derive(Default)]
struct State {
    open: usize,
    per_address: HashMap<IpAddr, usize>,
    last_refused: Option<IpAddr>,
}

/// A connection's place; gives it back when dropped.
pub(crate) struct Ticket {
    admission: Arc<Admission>,
    address: Option<IpAddr>,
}

impl Admission {
    pub fn new() -> Arc<Admission> {
        Arc::new(Admission {
            state: Mutex::new(State::default()),
            freed: Condvar::new(),
            max: AtomicUsize::new(DEFAULT_MAX_CONNECTIONS),
            crowded: AtomicBool::new(false),
            refused: AtomicU64::new(0),
            full: AtomicU64::new(0),
            timed_out: AtomicU64::new(0),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_max(&self, max: usize) {
        self.max.store(max.max(1), Ordering::SeqCst);
        self.freed.notify_all();
    }

    /// Blocks the accept thread while the server is full (until a
    /// connection closes or `closing` is set).
    pub fn wait_for_room(&self, closing: &AtomicBool) {
        let mut state = self.lock();
        if state.open < self.max.load(Ordering::SeqCst) {
            return;
        }
        self.full.fetch_add(1, Ordering::SeqCst);
        self.crowded.store(true, Ordering::SeqCst);
        while state.open >= self.max.load(Ordering::SeqCst) && !closing.load(Ordering::SeqCst) {
            state = self
                .freed
                .wait_timeout(state, Duration::from_millis(200))
                .map(|(s, _)| s)
                .unwrap_or_else(|p| p.into_inner().0);
        }
        self.crowded.store(false, Ordering::SeqCst);
    }

    /// True while new connections wait for room: an idle connection should
    /// close and make some.
    pub fn crowded(&self) -> bool {
        self.crowded.load(Ordering::Relaxed)
    }

    /// A place for a connection from `address`, or `None` if that address
    /// holds its share already.
    pub fn admit(self: &Arc<Self>, address: Option<IpAddr>) -> Option<Ticket> {
        let address = address.map(unmapped);
        let mut state = self.lock();
        if let Some(ip) = address.filter(|ip| !ip.is_loopback()) {
            let held = state.per_address.entry(ip).or_insert(0);
            if *held >= PER_ADDRESS {
                state.last_refused = Some(ip);
                self.refused.fetch_add(1, Ordering::SeqCst);
                return None;
            }
            *held += 1;
        }
        state.open += 1;
        Some(Ticket {
            admission: self.clone(),
            address,
        })
    }

    pub fn count_timeout(&self) {
        self.timed_out.fetch_add(1, Ordering::SeqCst);
    }

    pub fn stats(&self) -> ConnectionStats {
        let state = self.lock();
        ConnectionStats {
            open: state.open,
            max: self.max.load(Ordering::SeqCst),
            refused: self.refused.load(Ordering::SeqCst),
            last_refused: state.last_refused,
            full: self.full.load(Ordering::SeqCst),
            timed_out: self.timed_out.load(Ordering::SeqCst),
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.admission.lock();
        state.open -= 1;
        if let Some(ip) = self.address.filter(|ip| !ip.is_loopback()) {
            if let Some(held) = state.per_address.get_mut(&ip) {
                *held -= 1;
                if *held == 0 {
                    state.per_address.remove(&ip);
                }
            }
        }
        drop(state);
        self.admission.freed.notify_one();
    }
}

/// `::ffff:10.0.0.2` is `10.0.0.2`: one phone, whichever socket family.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.octets() {
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d] => IpAddr::from([a, b, c, d]),
            _ => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

/// Tells a refused client why, without ever waiting on it, and closes.
pub(crate) fn refuse(stream: TcpStream) {
    const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 40\r\n\r\nToo many connections from this device.\r\n";
    if stream.set_nonblocking(true).is_ok() {
        let _ = (&stream).write(BUSY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_gets_its_share_and_loopback_only_counts_in_the_total() {
        let a = Admission::new();
        let phone: IpAddr = "10.0.0.2".parse().unwrap();
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        let mut held: Vec<Ticket> = (0..PER_ADDRESS)
            .map(|i| a.admit(Some(if i % 2 == 0 { phone } else { mapped })).unwrap())
            .collect();
        assert!(a.admit(Some(phone)).is_none());
        assert!(a.admit(Some(mapped)).is_none());
        assert_eq!(a.stats().refused, 2);
        assert_eq!(a.stats().last_refused, Some(phone));
        assert!(a.admit(Some("10.0.0.3".parse().unwrap())).is_some());
        let local: Vec<Ticket> = (0..3 * PER_ADDRESS)
            .map(|_| a.admit(Some("127.0.0.1".parse().unwrap())).unwrap())
            .collect();
        assert_eq!(a.stats().open, PER_ADDRESS + 3 * PER_ADDRESS);
        held.pop();
        assert!(a.admit(Some(phone)).is_some());
        drop(local);
        drop(held);
        assert_eq!(a.stats().open, 0);
    }

    #[test]
    fn the_accept_thread_waits_while_full() {
        let a = Admission::new();
        a.set_max(2);
        let closing = AtomicBool::new(false);
        let first = a.admit(None).unwrap();
        let _second = a.admit(None).unwrap();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| a.wait_for_room(&closing));
            while !a.crowded() {
                std::thread::yield_now();
            }
            drop(first);
            waiter.join().unwrap();
        });
        assert!(!a.crowded());
        assert_eq!(a.stats().full, 1);
    }
}
