//! What a class run comes to: the timed request's percentiles, the time to
//! save the class, and every phone that failed, as one line of JSON (for
//! scripts/bench) and a line for a person (on stderr).

use crate::phone::{Visit, Way};

/// A class run's phones: those that got an answer, and those that did not.
pub struct Run {
    pub way: Way,
    pub phones: usize,
    pub concurrency: usize,
    /// `concurrency` in flight at every moment (else in waves).
    pub steady: bool,
    /// The whole class, first phone to last, in seconds.
    pub seconds: f64,
    pub visits: Vec<Visit>,
    /// Phones that got no answer: "roll: what went wrong".
    pub errors: Vec<String>,
}

/// The `p`th percentile of `sorted` (nearest rank), to 0.1 ms.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    Some((sorted[i.min(sorted.len() - 1)] * 10.0).round() / 10.0)
}

fn json_number(x: Option<f64>) -> String {
    x.map_or("null".to_string(), |x| format!("{x}"))
}

fn json_string(s: Option<&str>) -> String {
    s.map_or("null".to_string(), |s| format!("{s:?}"))
}

impl Run {
    /// Milliseconds of every phone's timed request, in order.
    fn sorted_ms(&self) -> Vec<f64> {
        self.sorted(|v| v.ms)
    }

    /// One figure of every phone, in order.
    fn sorted(&self, figure: impl Fn(&Visit) -> f64) -> Vec<f64> {
        let mut ms: Vec<f64> = self.visits.iter().map(figure).collect();
        ms.sort_by(|x, y| x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
        ms
    }

    fn schedule(&self) -> &'static str {
        if self.steady {
            "steady"
        } else {
            "waves"
        }
    }

    pub fn acknowledged(&self) -> impl Iterator<Item = &Visit> {
        self.visits.iter().filter(|v| v.acknowledged)
    }

    /// From the class's start to the last acknowledgement, in seconds.
    fn saved_in(&self) -> f64 {
        self.acknowledged().map(|v| v.done_at).fold(0.0, f64::max)
    }

    pub fn json(&self) -> String {
        let ms = self.sorted_ms();
        let refused: Vec<&Visit> = self.visits.iter().filter(|v| !v.acknowledged).collect();
        let first_refusal = refused
            .first()
            .and_then(|v| v.refusal.as_ref())
            .map(|r| format!("{}: {r}", refused[0].roll));
        let way = match self.way {
            Way::Kept => "kept",
            Way::Arriving => "arriving",
        };
        let acknowledged = self.acknowledged().count();
        let (form, whole) = (self.sorted(|v| v.form_ms), self.sorted(|v| v.visit_ms));
        format!(
            "{{\"way\": \"{way}\", \"schedule\": \"{}\", \"phones\": {}, \"concurrency\": {}, \"seconds\": {:.3}, \"saved_in\": {:.3}, \
             \"p50\": {}, \"p90\": {}, \"p95\": {}, \"p99\": {}, \"max\": {}, \
             \"form_p50\": {}, \"form_p99\": {}, \"visit_p99\": {}, \
             \"acknowledged\": {acknowledged}, \"refused\": {}, \"errors\": {}, \"failures\": {}, \
             \"connections\": {}, \"first_refusal\": {}, \"first_error\": {}}}",
            self.schedule(),
            self.phones,
            self.concurrency,
            self.seconds,
            self.saved_in(),
            json_number(percentile(&ms, 50.0)),
            json_number(percentile(&ms, 90.0)),
            json_number(percentile(&ms, 95.0)),
            json_number(percentile(&ms, 99.0)),
            json_number(percentile(&ms, 100.0)),
            json_number(percentile(&form, 50.0)),
            json_number(percentile(&form, 99.0)),
            json_number(percentile(&whole, 99.0)),
            refused.len(),
            self.errors.len(),
            self.phones - acknowledged,
            self.visits.iter().map(|v| v.connections).sum::<usize>(),
            json_string(first_refusal.as_deref()),
            json_string(self.errors.first().map(String::as_str)),
        )
    }

    /// One line for a person reading the terminal.
    pub fn summary(&self) -> String {
        let ms = self.sorted_ms();
        let p = |q| json_number(percentile(&ms, q));
        format!(
            "{} phones, {} at a time ({}, {}): all saved in {:.3} s; timed request p50 {} / p90 {} / p99 {} / max {} ms; {} failed",
            self.phones,
            self.concurrency,
            match self.way {
                Way::Kept => "kept-alive from 127.0.0.1",
                Way::Arriving => "a connection each from 127.10.x.y",
            },
            self.schedule(),
            self.saved_in(),
            p(50.0),
            p(90.0),
            p(99.0),
            p(100.0),
            self.phones - self.acknowledged().count(),
        )
    }

    /// Each phone's roll, its timed request's, form's and whole visit's
    /// milliseconds, and whether it was acknowledged; then the errors.
    pub fn latencies(&self) -> String {
        let lines: Vec<String> = self
            .visits
            .iter()
            .map(|v| {
                let (ms, form, whole) = (v.ms, v.form_ms, v.visit_ms);
                format!("{} {ms:.3} {form:.3} {whole:.3} {}", v.roll, v.acknowledged)
            })
            .chain(self.errors.iter().map(|e| format!("# {e}")))
            .collect();
        lines.join("\n") + "\n"
    }
}
