//! rollcall patch: who may hold a connection, and what was turned away.
//!
//! Every connection holds a thread and a file handle until it closes, so
//! both are bounded: at most `PER_ADDRESS` from one client address, so one
//! phone cannot take the room's share, and at most `max_connections` in all.
//! Loopback (the laptop itself: the teacher's screen, local tools) counts
//! towards the total only. A connection over the per-address cap is answered
//! 503 and closed at once by the accept thread, which never blocks on a
//! client.
//!
//! When the server is full, a new connection must still get in (issue 22:
//! forty addresses each trickling 16 headers, reconnecting at once, kept
//! every phone out). So the accept thread makes room by letting go of one
//! connection (`choose`): one that has not finished its request (or, failing
//! that, an idle kept-alive one; never one being answered), from the address
//! holding the most such connections (an IPv6 client counted by its /64,
//! which one machine can fill with addresses), the oldest first. An honest
//! phone's request arrives in one packet and is answered in milliseconds, so
//! it is never the oldest unfinished one; a trickling attacker's always is.
//! The one let go is shut down from the accept thread (its blocked receive
//! returns at once; where the OS does not wake it, it sees at its next look,
//! within a second), and counts as gone: at most `LETTING_GO` may be on
//! their way out at once. Only if nothing can be let go (everything is
//! loopback or being answered) does the accept thread wait, as before, while
//! idle connections step aside.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::net::{IpAddr, Ipv6Addr, Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use crate::connection::Connection;

/// Most connections one client address may hold at once. A phone's browser
/// opens up to six.
pub const PER_ADDRESS: usize = 16;
/// Most connections in all, unless the program sets another limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// Most connections let go but not yet closed, over the limit: on Linux
/// their threads end within a millisecond (the program keeps file handles
/// in reserve for these); Windows has no such limit, and a receive there
/// notices within a second.
const LETTING_GO: usize = if cfg!(windows) { 64 } else { 8 };
/// How many of those holding the most are named.
const NAMED: usize = 3;

/// A client address as the limits see it: an IPv4 address, or an IPv6
/// address's /64 (a machine may hold a whole /64 of addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Holder(IpAddr);

impl Holder {
    pub fn of(ip: IpAddr) -> Holder {
        match unmapped(ip) {
            IpAddr::V6(v6) => {
                let s = v6.segments();
                Holder(IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0)))
            }
            v4 => Holder(v4),
        }
    }

    /// The IPv4 address, or the first address of the IPv6 /64.
    pub fn ip(&self) -> IpAddr {
        self.0
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

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
    /// Times the server became full.
    pub full: u64,
    /// Connections let go to make room for new ones while full.
    pub let_go: u64,
    /// Those holding the most connections when the server was last full,
    /// most first (at most three, each holding two or more).
    pub holding: Vec<(Holder, usize)>,
    /// Requests that did not arrive whole in time (answered 408, closed).
    pub timed_out: u64,
    /// Connections that could not be taken: a failed accept (often: no
    /// file handles left) or no thread to be had (no memory). They are
    /// closed; the program tells the user (upstream logged them to a
    /// logger nobody installs).
    pub failed: u64,
}

/// Where a connection is: what `choose` looks at.
pub(crate) mod stage {
    /// Accepted, or reading a request: no whole request yet.
    pub const UNFINISHED: u8 = 0;
    /// Answered, waiting for the next request.
    pub const IDLE: u8 = 1;
    /// A whole request being handled and answered: never let go.
    pub const BUSY: u8 = 2;
    /// Let go: its thread ends at its next look.
    pub const LET_GO: u8 = 3;
}

/// A connection from a client other than loopback, as the table holds it.
pub(crate) struct Slot {
    holder: Holder,
    stage: AtomicU8,
    /// When it entered its stage, in milliseconds since `Admission::epoch`.
    since: AtomicU64,
    /// The socket, to shut down if let go.
    conn: Weak<Connection>,
}

pub(crate) struct Admission {
    state: Mutex<State>,
    freed: Condvar,
    max: AtomicUsize,
    epoch: Instant,
    /// Set while the accept thread waits for room: idle connections close.
    crowded: AtomicBool,
    refused: AtomicU64,
    full: AtomicU64,
    let_go: AtomicU64,
    timed_out: AtomicU64,
    failed: AtomicU64,
}

#[derive(Default)]
struct State {
    open: usize,
    /// Let go, not yet closed.
    leaving: usize,
    per_address: HashMap<IpAddr, usize>,
    slots: Vec<Arc<Slot>>,
    last_refused: Option<IpAddr>,
    /// Full when the accept thread last looked.
    full_now: bool,
    holding: Vec<(Holder, usize)>,
    /// When `holding` was last counted (`Admission::now_ms`).
    holding_ms: Option<u64>,
}

/// A connection's place; gives it back when dropped.
pub(crate) struct Ticket {
    admission: Arc<Admission>,
    address: Option<IpAddr>,
    slot: Option<Arc<Slot>>,
}

impl Admission {
    pub fn new() -> Arc<Admission> {
        Arc::new(Admission {
            state: Mutex::new(State::default()),
            freed: Condvar::new(),
            max: AtomicUsize::new(DEFAULT_MAX_CONNECTIONS),
            epoch: Instant::now(),
            crowded: AtomicBool::new(false),
            refused: AtomicU64::new(0),
            full: AtomicU64::new(0),
            let_go: AtomicU64::new(0),
            timed_out: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    pub fn set_max(&self, max: usize) {
        self.max.store(max.max(1), Ordering::SeqCst);
        self.freed.notify_all();
    }

    /// Returns once there is room for one more connection (or `closing` is
    /// set). When full, lets go of a connection to make room (see the top
    /// of this file); waits only if none can be let go.
    pub fn wait_for_room(&self, closing: &AtomicBool) {
        let mut state = self.lock();
        loop {
            let max = self.max.load(Ordering::SeqCst);
            // Those on their way out count as gone.
            if state.open - state.leaving < max || closing.load(Ordering::SeqCst) {
                break;
            }
            if !state.full_now {
                state.full_now = true;
                self.full.fetch_add(1, Ordering::SeqCst);
            }
            if state.leaving < LETTING_GO && self.let_go_one(&mut state) {
                continue;
            }
            self.crowded.store(true, Ordering::SeqCst);
            state = self
                .freed
                .wait_timeout(state, Duration::from_millis(200))
                .map(|(s, _)| s)
                .unwrap_or_else(|p| p.into_inner().0);
        }
        if state.open < self.max.load(Ordering::SeqCst) {
            state.full_now = false;
        }
        self.crowded.store(false, Ordering::SeqCst);
    }

    /// Lets go of the connection `choose` picks, if any: false if none.
    fn let_go_one(&self, state: &mut State) -> bool {
        loop {
            let seen: Vec<Seen> = state
                .slots
                .iter()
                .map(|s| Seen {
                    holder: s.holder,
                    stage: s.stage.load(Ordering::SeqCst),
                    since: s.since.load(Ordering::SeqCst),
                })
                .collect();
            let picked = match choose(&seen) {
                Some(i) => i,
                None => return false,
            };
            let slot = state.slots[picked].clone();
            let was = seen[picked].stage;
            // It may have just finished its request: then choose again.
            if slot
                .stage
                .compare_exchange(was, stage::LET_GO, Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                continue;
            }
            // Counted four times a second at most: under a flood this
            // runs for every connection accepted.
            let now = self.now_ms();
            if state.holding_ms.map_or(true, |t| now >= t + 250) {
                state.holding = holding(&seen);
                state.holding_ms = Some(now);
            }
            state.leaving += 1;
            self.let_go.fetch_add(1, Ordering::SeqCst);
            if let Some(conn) = slot.conn.upgrade() {
                let _ = conn.shutdown(Shutdown::Both);
            }
            return true;
        }
    }

    /// True while new connections wait for room: an idle connection should
    /// close and make some.
    pub fn crowded(&self) -> bool {
        self.crowded.load(Ordering::Relaxed)
    }

    /// A place for connection `conn` from `address`, or `None` if that
    /// address holds its share already.
    pub fn admit(self: &Arc<Self>, address: Option<IpAddr>, conn: Weak<Connection>) -> Option<Ticket> {
        let address = address.map(unmapped);
        let now = self.now_ms();
        let mut state = self.lock();
        let mut slot = None;
        if let Some(ip) = address.filter(|ip| !ip.is_loopback()) {
            let held = state.per_address.entry(ip).or_insert(0);
            if *held >= PER_ADDRESS {
                state.last_refused = Some(ip);
                self.refused.fetch_add(1, Ordering::SeqCst);
                return None;
            }
            *held += 1;
            let s = Arc::new(Slot {
                holder: Holder::of(ip),
                stage: AtomicU8::new(stage::UNFINISHED),
                since: AtomicU64::new(now),
                conn,
            });
            state.slots.push(s.clone());
            slot = Some(s);
        }
        state.open += 1;
        Some(Ticket {
            admission: self.clone(),
            address,
            slot,
        })
    }

    pub fn count_timeout(&self) {
        self.timed_out.fetch_add(1, Ordering::SeqCst);
    }

    pub fn count_failure(&self) {
        self.failed.fetch_add(1, Ordering::SeqCst);
    }

    pub fn stats(&self) -> ConnectionStats {
        let state = self.lock();
        ConnectionStats {
            open: state.open,
            max: self.max.load(Ordering::SeqCst),
            refused: self.refused.load(Ordering::SeqCst),
            last_refused: state.last_refused,
            full: self.full.load(Ordering::SeqCst),
            let_go: self.let_go.load(Ordering::SeqCst),
            holding: state.holding.clone(),
            timed_out: self.timed_out.load(Ordering::SeqCst),
            failed: self.failed.load(Ordering::SeqCst),
        }
    }
}

impl Ticket {
    /// Moves the connection to `to` (a `stage`), unless it was let go:
    /// then false, and it must close.
    pub fn enter(&self, to: u8) -> bool {
        let slot = match &self.slot {
            Some(slot) => slot,
            None => return true,
        };
        let mut was = slot.stage.load(Ordering::SeqCst);
        loop {
            if was == stage::LET_GO {
                return false;
            }
            if was == to {
                return true;
            }
            // When it entered, before it can be seen there.
            slot.since
                .store(self.admission.now_ms(), Ordering::SeqCst);
            match slot
                .stage
                .compare_exchange(was, to, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => return true,
                Err(now) => was = now,
            }
        }
    }

    /// True once this connection has been let go.
    pub fn let_go(&self) -> bool {
        self.slot
            .as_ref()
            .map_or(false, |s| s.stage.load(Ordering::Relaxed) == stage::LET_GO)
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
        if let Some(slot) = self.slot.take() {
            if let Some(at) = state.slots.iter().position(|s| Arc::ptr_eq(s, &slot)) {
                state.slots.swap_remove(at);
            }
            if slot.stage.load(Ordering::SeqCst) == stage::LET_GO {
                state.leaving -= 1;
            }
        }
        drop(state);
        self.admission.freed.notify_one();
    }
}

/// A connection as `choose` sees it.
#[derive(Debug, Clone, Copy)]
struct Seen {
    holder: Holder,
    stage: u8,
    since: u64,
}

/// Which connection to let go to make room, if any: one that has not
/// finished its request before an idle one (one being answered, or already
/// let go, never); among those, one of the holder with the most connections
/// in that stage; among its, the one longest in it.
fn choose(seen: &[Seen]) -> Option<usize> {
    let from = if seen.iter().any(|s| s.stage == stage::UNFINISHED) {
        stage::UNFINISHED
    } else {
        stage::IDLE
    };
    // (Keyed by address, as the per-address counts are: one kind of table
    // in the binary.)
    let mut counts: HashMap<IpAddr, usize> = HashMap::new();
    for s in seen.iter().filter(|s| s.stage == from) {
        *counts.entry(s.holder.0).or_insert(0) += 1;
    }
    seen.iter()
        .enumerate()
        .filter(|(_, s)| s.stage == from)
        .max_by_key(|(_, s)| {
            (
                counts.get(&s.holder.0).copied().unwrap_or(0),
                std::cmp::Reverse(s.since),
            )
        })
        .map(|(i, _)| i)
}

/// Those holding the most connections (two or more), most first.
fn holding(seen: &[Seen]) -> Vec<(Holder, usize)> {
    let mut counts: HashMap<IpAddr, usize> = HashMap::new();
    for s in seen {
        *counts.entry(s.holder.0).or_insert(0) += 1;
    }
    let mut most = Vec::new();
    while most.len() < NAMED {
        let next = counts
            .iter()
            .filter(|(_, n)| **n >= 2)
            .max_by_key(|(ip, n)| (**n, std::cmp::Reverse(**ip)))
            .map(|(ip, n)| (*ip, *n));
        match next {
            Some((ip, n)) => {
                counts.remove(&ip);
                most.push((Holder(ip), n));
            }
            None => break,
        }
    }
    most
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
            .map(|i| a.admit(Some(if i % 2 == 0 { phone } else { mapped }), Weak::new()).unwrap())
            .collect();
        assert!(a.admit(Some(phone), Weak::new()).is_none());
        assert!(a.admit(Some(mapped), Weak::new()).is_none());
        assert_eq!(a.stats().refused, 2);
        assert_eq!(a.stats().last_refused, Some(phone));
        assert!(a.admit(Some("10.0.0.3".parse().unwrap()), Weak::new()).is_some());
        let local: Vec<Ticket> = (0..3 * PER_ADDRESS)
            .map(|_| a.admit(Some("127.0.0.1".parse().unwrap()), Weak::new()).unwrap())
            .collect();
        assert_eq!(a.stats().open, PER_ADDRESS + 3 * PER_ADDRESS);
        held.pop();
        assert!(a.admit(Some(phone), Weak::new()).is_some());
        drop(local);
        drop(held);
        assert_eq!(a.stats().open, 0);
    }

    #[test]
    fn the_accept_thread_waits_while_full() {
        let a = Admission::new();
        a.set_max(2);
        let closing = AtomicBool::new(false);
        let first = a.admit(None, Weak::new()).unwrap();
        let _second = a.admit(None, Weak::new()).unwrap();
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
    fn seen(holder: &str, stage: u8, since: u64) -> Seen {
        Seen {
            holder: Holder::of(holder.parse().unwrap()),
            stage,
            since,
        }
    }

    #[test]
    fn an_ipv6_client_is_held_by_its_64() {
        let a = Holder::of("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = Holder::of("2001:db8:1:2:bbbb::7".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "2001:db8:1:2::/64");
        assert_ne!(a, Holder::of("2001:db8:1:3::1".parse().unwrap()));
        let v4 = Holder::of("::ffff:10.0.0.2".parse().unwrap());
        assert_eq!(v4.to_string(), "10.0.0.2");
    }

    #[test]
    fn the_one_let_go_is_unfinished_from_the_holder_of_most_and_oldest() {
        use stage::*;
        // An honest phone: one connection being answered, one idle, one
        // just opened. Two attackers' unfinished connections, one of them
        // holding more.
        let all = [
            seen("10.0.0.9", BUSY, 1),
            seen("10.0.0.9", IDLE, 2),
            seen("10.0.0.9", UNFINISHED, 900),
            seen("10.0.0.5", UNFINISHED, 10),
            seen("10.0.0.6", UNFINISHED, 300),
            seen("10.0.0.6", UNFINISHED, 200),
            seen("10.0.0.6", UNFINISHED, 400),
        ];
        assert_eq!(choose(&all), Some(5), "10.0.0.6's oldest");
        // Holders tie: the oldest unfinished anywhere.
        let tie = [
            seen("10.0.0.7", UNFINISHED, 50),
            seen("10.0.0.8", UNFINISHED, 40),
            seen("10.0.0.9", UNFINISHED, 990),
        ];
        assert_eq!(choose(&tie), Some(1));
        // 5,000 addresses of one /64, one each, outweigh a phone of
        // another /64 whose request began later.
        let v6 = [
            seen("2001:db8:0:9::1", UNFINISHED, 5),
            seen("2001:db8:0:1::1", UNFINISHED, 20),
            seen("2001:db8:0:1::2", UNFINISHED, 30),
        ];
        assert_eq!(choose(&v6), Some(1));
        // Only if nothing is unfinished: an idle one, of the holder with
        // the most idle ones.
        let idle = [
            seen("10.0.0.9", BUSY, 1),
            seen("10.0.0.9", IDLE, 2),
            seen("10.0.0.5", IDLE, 7),
            seen("10.0.0.5", IDLE, 3),
        ];
        assert_eq!(choose(&idle), Some(3));
        // Nothing being answered, or already let go, is ever chosen.
        assert_eq!(choose(&[seen("10.0.0.9", BUSY, 1), seen("10.0.0.5", LET_GO, 0)]), None);
        assert_eq!(choose(&[]), None);
    }

    #[test]
    fn those_holding_the_most_are_named() {
        use stage::*;
        let mut all = vec![seen("10.0.0.1", IDLE, 0)];
        for i in 0..5 {
            all.push(seen("10.0.0.2", UNFINISHED, i));
        }
        for i in 0..9 {
            all.push(seen(&format!("2001:db8::{i}"), UNFINISHED, i));
        }
        for _ in 0..2 {
            all.push(seen("10.0.0.3", BUSY, 0));
            all.push(seen("10.0.0.4", BUSY, 0));
        }
        let named: Vec<String> = holding(&all)
            .iter()
            .map(|(h, n)| format!("{h} {n}"))
            .collect();
        assert_eq!(named, ["2001:db8::/64 9", "10.0.0.2 5", "10.0.0.3 2"]);
    }

    #[test]
    fn when_full_the_accept_thread_lets_one_go_without_waiting() {
        let a = Admission::new();
        a.set_max(3);
        let closing = AtomicBool::new(false);
        let phone = a.admit(Some("10.0.0.9".parse().unwrap()), Weak::new()).unwrap();
        let trickler = a.admit(Some("10.0.0.5".parse().unwrap()), Weak::new()).unwrap();
        let local = a.admit(Some("127.0.0.1".parse().unwrap()), Weak::new()).unwrap();
        assert!(phone.enter(stage::BUSY));
        a.wait_for_room(&closing);
        let s = a.stats();
        assert_eq!((s.open, s.full, s.let_go), (3, 1, 1));
        assert!(trickler.let_go() && !phone.let_go());
        // Its thread, at its next look, ends.
        assert!(!trickler.enter(stage::BUSY));
        let newcomer = a.admit(Some("10.0.0.7".parse().unwrap()), Weak::new()).unwrap();
        drop(trickler);
        assert_eq!(a.stats().open, 3);
        // Now only loopback, a request being answered and a newcomer that
        // has not sent its request: the newcomer goes.
        a.wait_for_room(&closing);
        assert!(newcomer.let_go());
        drop(newcomer);
        // Nothing left to let go: the accept thread waits, as before.
        let _another = a.admit(None, Weak::new()).unwrap();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| a.wait_for_room(&closing));
            while !a.crowded() {
                std::thread::yield_now();
            }
            drop(local);
            waiter.join().unwrap();
        });
        assert_eq!(a.stats().let_go, 2);
    }
}
