//! `GET /teacher/parts.json`: what `www/teacher.js` polls every two
//! seconds. The screen's live regions, drawn by `page.rs` as the page
//! draws them, keyed by element id, for the script to swap in; which of
//! them are hidden; and what the script decides by: the run (a restart
//! reloads the page), the layout (a change reloads it) and the join link
//! (a change fetches a new QR code).
//!
//! `{"run":"…","layout":"…","join":"…","parts":{"marked":"<li>…",…},
//! "hidden":{"hint":true,…}}`
//!
//! The parts' forms carry the run's secret, as the page's do, so this is
//! the page's own rule: answered to the laptop only (`access`), readable
//! by no other site's script (no CORS header), and never run as a script
//! (`nosniff`; its markup is escaped as `\u003c`).

use super::page;
use super::snapshot::Snapshot;
use super::status::push_string;

/// The parts of the screen as JSON; `secret` goes into their buttons' forms
/// as into the page's.
pub fn json(s: &Snapshot, secret: &str) -> String {
    let (live, layout) = page::parts(s, secret);
    let size: usize = live.parts.iter().map(|(_, html)| html.len() + 16).sum();
    let mut out = String::with_capacity(256 + size);
    out.push_str("{\"run\":");
    push_string(&mut out, &s.run);
    out.push_str(",\"layout\":");
    push_string(&mut out, &layout);
    out.push_str(",\"join\":");
    push_string(&mut out, &s.join);
    out.push_str(",\"parts\":{");
    for (i, (id, html)) in live.parts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, id);
        out.push(':');
        push_string(&mut out, html);
    }
    out.push_str("},\"hidden\":{");
    for (i, (id, hidden)) in live.hidden.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, id);
        out.push_str(if *hidden { ":true" } else { ":false" });
    }
    out.push_str("}}");
    out
}
