//! A class of phones checking in at once, against any server on this
//! machine that serves a check-in form at `GET /` and takes it back at its
//! `action` (rollcall, or the Flask peer in benches/peer). Used by
//! scripts/bench; a Rust client, so that what is measured is the server and
//! not the client (the Python one, with 50 threads under its interpreter
//! lock, added 10-15 ms at p99 of its own).
//!
//!   cargo bench --bench burst -- PORT [--arriving] [--phones 300]
//!       [--concurrency 50] [--first-roll 1] [--code CODE] [--peer]
//!       [--acked FILE] [--latencies FILE]
//!
//! Each phone does what a phone's browser does (`phone.rs`): `GET /` with no
//! cookies, reads the form, and posts it back, urlencoded, with its roll and
//! the name "Student" typed, every hidden field as the form carried it, the
//! code if the form asks for one (`--code`; run rollcall with `--no-code`
//! for a benchmark), and the cookies the server set. Only the POST is timed:
//! from its first byte sent to the whole answer read (a connection the
//! server had closed is opened again before the clock starts).
//!
//! Two ways for the class to come:
//! - kept-alive (the default): every phone from 127.0.0.1, and after its
//!   check-in a `GET /` again, then its connection held open until the
//!   whole class is done, as a phone's browser keeps it;
//! - `--arriving`, a class as it arrives: each phone on a connection of its
//!   own, from an address of its own (the n-th phone from 127.10.x.y, see
//!   `socket.rs`), closed after its answer.
//!
//! Phones come `concurrency` at a time, in waves that start together
//! (a barrier); the next wave starts when the last phone of this one is done.
//! `--peer` sends a `GET /` where the POST was: the same traffic, nothing
//! saved. Prints one line of JSON (`figures.rs`): seconds for the class,
//! `saved_in` (the class's start to the last acknowledgement), the timed
//! request's p50/p90/p95/p99/max in ms, acknowledged ("Present"), refused
//! (answered otherwise), errors (no answer), failures (refused + errors);
//! and a line for a person on stderr. `--acked` writes the acknowledged
//! rolls, one a line; `--latencies` each phone's roll, ms and whether it was
//! acknowledged. Traffic goes to 127.0.0.1 only, bounded: a read waits at
//! most 60 s.

mod figures;
mod form;
mod http;
mod phone;
mod socket;

use figures::Run;
use phone::{Ask, Visit, Way};
use std::process::exit;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;
use std::time::Instant;

struct Args {
    port: u16,
    way: Way,
    phones: usize,
    concurrency: usize,
    /// `concurrency` phones in flight at every moment, rather than waves.
    steady: Option<bool>,
    first_roll: usize,
    code: Option<String>,
    peer: bool,
    acked: Option<String>,
    latencies: Option<String>,
}

const USAGE: &str = "usage: burst PORT [--arriving] [--phones N] [--concurrency N] \
                     [--first-roll N] [--code CODE] [--peer] [--acked FILE] [--latencies FILE]";

fn usage(problem: &str) -> ! {
    eprintln!("burst: {problem}\n{USAGE}");
    exit(2)
}

fn args() -> Args {
    let mut a = Args {
        port: 0,
        way: Way::Kept,
        phones: 300,
        concurrency: 50,
        steady: None,
        first_roll: 1,
        code: None,
        peer: false,
        acked: None,
        latencies: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .unwrap_or_else(|| usage(&format!("{name} needs a value")))
        };
        let mut number = |name: &str| -> usize {
            value(name)
                .parse()
                .unwrap_or_else(|_| usage(&format!("{name} needs a number")))
        };
        match arg.as_str() {
            "--arriving" => a.way = Way::Arriving,
            "--phones" => a.phones = number("--phones"),
            "--concurrency" => a.concurrency = number("--concurrency").max(1),
            "--steady" => a.steady = Some(true),
            "--waves" => a.steady = Some(false),
            "--first-roll" => a.first_roll = number("--first-roll"),
            "--code" => a.code = Some(value("--code")),
            "--peer" => a.peer = true,
            "--acked" => a.acked = Some(value("--acked")),
            "--latencies" => a.latencies = Some(value("--latencies")),
            "--bench" => {} // what `cargo bench` adds
            port => a.port = port.parse().unwrap_or_else(|_| usage("PORT is a number")),
        }
    }
    if a.port == 0 {
        usage("which PORT?");
    }
    a
}

/// What became of one phone: its visit (and, kept-alive, the connection
/// to hold), or what went wrong.
type Outcome = (usize, Result<(Visit, Option<http::Conn>), String>);

/// The phone `index` of the class, its visit.
fn one_phone(a: &Args, index: usize, start: Instant) -> Outcome {
    let roll = a.first_roll + index;
    let from = match a.way {
        Way::Kept => None,
        Way::Arriving => match socket::phone_address(index) {
            Some(ip) => Some(ip),
            None => return (roll, Err("no 127.10.x.y address left".to_string())),
        },
    };
    let ask = Ask {
        port: a.port,
        roll,
        from,
        way: a.way,
        peer: a.peer,
        code: a.code.as_deref(),
    };
    (roll, phone::visit(&ask, start))
}

/// `phones` (indices into the class) played by `workers` threads that start
/// together, each taking the next phone not yet taken when it is done with
/// one.
fn play(a: &Args, phones: &[usize], workers: usize, start: Instant) -> Vec<Outcome> {
    let together = Barrier::new(workers);
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                let (together, next) = (&together, &next);
                s.spawn(move || {
                    together.wait();
                    let mut outcomes = Vec::new();
                    while let Some(&index) = phones.get(next.fetch_add(1, Ordering::Relaxed)) {
                        outcomes.push(one_phone(a, index, start));
                    }
                    outcomes
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_default())
            .collect()
    })
}

fn main() {
    let a = args();
    // (A class as it arrives keeps arriving; today's kept-alive run came in
    // waves.)
    let steady = a.steady.unwrap_or(a.way == Way::Arriving);
    let mut run = Run {
        way: a.way,
        phones: a.phones,
        concurrency: a.concurrency,
        steady,
        seconds: 0.0,
        visits: Vec::with_capacity(a.phones),
        errors: Vec::new(),
    };
    let mut held = Vec::new();
    let start = Instant::now();
    let phones: Vec<usize> = (0..a.phones).collect();
    let outcomes: Vec<Outcome> = if steady {
        play(&a, &phones, a.concurrency.min(a.phones.max(1)), start)
    } else {
        phones
            .chunks(a.concurrency)
            .flat_map(|wave| play(&a, wave, wave.len(), start))
            .collect()
    };
    for (roll, outcome) in outcomes {
        match outcome {
            Ok((visit, conn)) => {
                run.visits.push(visit);
                held.extend(conn);
            }
            Err(e) => run.errors.push(format!("{roll}: {e}")),
        }
    }
    run.seconds = start.elapsed().as_secs_f64();
    drop(held);
    let write = |file: &Option<String>, text: String| {
        if let Some(file) = file {
            if let Err(e) = std::fs::write(file, text) {
                eprintln!("burst: cannot write {file}: {e}");
                exit(1);
            }
        }
    };
    let acked: Vec<String> = run.acknowledged().map(|v| v.roll.to_string()).collect();
    write(&a.acked, acked.join("\n"));
    write(&a.latencies, run.latencies());
    eprintln!("burst: {}", run.summary());
    println!("{}", run.json());
}
