//! How many phones may be connected at once, and telling the teacher when
//! some are turned away.
//!
//! Every open connection holds a file handle. On Linux the usual limit is
//! 1,024 handles (often with a higher hard limit): rollcall raises its own
//! limit to the hard one at start, then lets tiny_http hold at most that many
//! connections less a reserve for its own files (today's file, the folder,
//! the terminal), so a crowd of connections can never leave it unable to
//! save a check-in. tiny_http also caps what one address may hold (see
//! third_party/tiny_http/src/admission.rs); when it turns connections away
//! or is full, a line on the terminal says so, at most every few seconds.

use crate::class::Class;
use crate::shutdown;
use std::time::{Duration, Instant};

/// File handles kept for rollcall's own use.
const RESERVE: u64 = 32;
/// Most connections at once, whatever the handle limit. With 512, 5,000
/// addresses reconnecting at once overflowed Linux's listen queue (4,096)
/// and an honest phone's first try was often lost (slowest 2.2 s); with
/// 1,024 the slowest took 1.3 s (tests/it/hostile.rs), at 18 MiB.
const MAX: u64 = 1024;
/// Fewest connections at once, however low the handle limit.
const MIN: u64 = 8;
/// At most one notice of each kind this often.
const NOTICE_EVERY: Duration = Duration::from_secs(10);

/// Runs until Ctrl+C: sets the connection limit, then watches for
/// connections being turned away, for the terminal and the teacher's
/// screen (`class`).
pub fn watch(http: &tiny_http::Server, class: &Class) {
    http.set_max_connections(limit(raise_file_limit()));
    let mut told = http.connection_stats();
    let mut last_notice: Option<Instant> = None;
    while !shutdown::requested() {
        std::thread::sleep(Duration::from_millis(250));
        let now = http.connection_stats();
        class.set_connections(now.clone());
        if last_notice.map_or(false, |t| t.elapsed() < NOTICE_EVERY) {
            continue;
        }
        let notices = notices(&told, &now);
        if notices.is_empty() {
            continue;
        }
        for line in notices {
            warn!("{line}");
        }
        told = now;
        last_notice = Some(Instant::now());
    }
}

/// The connection limit for a process allowed `files` open files.
fn limit(files: Option<u64>) -> usize {
    match files {
        Some(files) => files.saturating_sub(RESERVE).clamp(MIN, MAX) as usize,
        None => MAX as usize,
    }
}

/// What changed since the teacher was last told, in the teacher's words.
fn notices(told: &tiny_http::ConnectionStats, now: &tiny_http::ConnectionStats) -> Vec<String> {
    let mut lines = Vec::new();
    let refused = now.refused - told.refused;
    if refused > 0 {
        let from = now
            .last_refused
            .map_or_else(String::new, |ip| format!(" from {ip}"));
        lines.push(format!(
            "  !! Connections turned away: {refused}{from} (one device may hold {} at once; phones checking in need 1-6). Check-ins go on.",
            tiny_http::PER_ADDRESS
        ));
    }
    let failed = now.failed - told.failed;
    if failed > 0 {
        lines.push(format!(
            "  !! {failed} connection(s) could not be taken (no file handles or memory left?): those phones should try again. Check-ins go on."
        ));
    }
    let let_go = now.let_go - told.let_go;
    if let_go > 0 {
        lines.push(format!(
            "  !! rollcall is holding its most connections ({}): {let_go} let go to make room for new phones, unfinished ones first, from those holding the most{}. Check-ins go on.",
            now.max,
            match holders(now) {
                who if who.is_empty() => String::new(),
                who => format!(": {who}"),
            }
        ));
    } else if now.full > told.full {
        lines.push(format!(
            "  !! rollcall is holding its most connections ({}): new phones wait a moment until some close.",
            now.max
        ));
    }
    lines
}

/// Those holding the most connections when the server was last full, as
/// `10.0.0.5 (16), 2001:db8:1:2::/64 (300)`; empty if none held two.
pub fn holders(stats: &tiny_http::ConnectionStats) -> String {
    stats
        .holding
        .iter()
        .map(|(who, n)| format!("{who} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Raises the soft limit on open files to the hard one (Unix), and returns
/// the limit in force, if there is one.
#[cfg(unix)]
fn raise_file_limit() -> Option<u64> {
    // SAFETY: getrlimit/setrlimit on a local struct.
    unsafe {
        let mut lim: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let old = lim.rlim_cur;
            lim.rlim_cur = lim.rlim_max;
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                lim.rlim_cur = old;
            }
        }
        if lim.rlim_cur == libc::RLIM_INFINITY {
            None
        } else {
            Some(lim.rlim_cur as u64)
        }
    }
}

/// Windows has no small per-process limit on sockets.
#[cfg(not(unix))]
fn raise_file_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_keeps_a_reserve_for_rollcalls_own_files() {
        assert_eq!(limit(Some(1024)), 992);
        assert_eq!(limit(Some(256)), 224);
        assert_eq!(limit(Some(64)), 32);
        assert_eq!(limit(Some(16)), 8);
        assert_eq!(limit(Some(1 << 20)), 1024);
        assert_eq!(limit(None), 1024);
    }

    #[test]
    fn the_teacher_is_told_what_changed() {
        let before = tiny_http::ConnectionStats::default();
        assert!(notices(&before, &before).is_empty());
        let after = tiny_http::ConnectionStats {
            refused: 984,
            last_refused: Some("10.0.0.2".parse().expect("address")),
            full: 1,
            max: 512,
            ..before.clone()
        };
        let lines = notices(&before, &after);
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].contains("turned away: 984 from 10.0.0.2"),
            "{}",
            lines[0]
        );
        assert!(lines[1].contains("(512)"), "{}", lines[1]);
        // Connections let go: those holding the most are named.
        let attacked = tiny_http::ConnectionStats {
            let_go: 3_000,
            holding: vec![(holder("10.0.0.5"), 16), (holder("2001:db8:1:2::77"), 9)],
            ..after.clone()
        };
        let lines = notices(&after, &attacked);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].contains("3000 let go")
                && lines[0].contains("holding the most: 10.0.0.5 (16), 2001:db8:1:2::/64 (9)."),
            "{}",
            lines[0]
        );
    }

    fn holder(ip: &str) -> tiny_http::Holder {
        tiny_http::Holder::of(ip.parse().expect("address"))
    }
}
