//! Progress on stderr for slow work (a long history walk): how many commits of
//! how many, then how many plans. Shown only for human output on a terminal, and
//! only once the work has taken more than a second (`EXECPLAN_PROGRESS_AFTER_MS`
//! sets another delay), so quick runs, pipes, CI and the JSON, GitHub and SARIF
//! formats print nothing extra.

use std::io::IsTerminal;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use execplan::progress::{observe, Progress, Snapshot};
use indicatif::{ProgressBar, ProgressStyle};

/// Whether progress may be drawn: human output, stderr a terminal, not CI.
pub fn shown(human: bool, stderr_is_terminal: bool, ci: bool) -> bool {
    human && stderr_is_terminal && !ci
}

/// Run `work`, drawing its progress under `label` when [`shown`] allows.
pub fn run<R>(label: &'static str, human: bool, work: impl FnOnce() -> R) -> R {
    let ci = std::env::var_os("CI").is_some();
    if !shown(human, std::io::stderr().is_terminal(), ci) {
        return work();
    }
    let after = std::env::var("EXECPLAN_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis);
    let counters = Arc::new(Progress::default());
    let (stop, stopped) = channel::<()>();
    let display = {
        let counters = Arc::clone(&counters);
        std::thread::spawn(move || {
            // With no delay, draw at least once however quick the work is.
            if !after.is_zero() {
                match stopped.recv_timeout(after) {
                    Err(RecvTimeoutError::Timeout) => {}
                    _ => return,
                }
            }
            let bar = ProgressBar::new(0);
            let mut counted = None;
            loop {
                let (style, pos, len, msg) = describe(label, &counters.snapshot());
                if counted != Some(style) {
                    if let Ok(s) = ProgressStyle::with_template(style) {
                        bar.set_style(s);
                    }
                    counted = Some(style);
                }
                bar.set_length(len);
                bar.set_position(pos);
                bar.set_message(msg);
                bar.tick();
                match stopped.recv_timeout(Duration::from_millis(100)) {
                    Err(RecvTimeoutError::Timeout) => {}
                    _ => break,
                }
            }
            bar.finish_and_clear();
        })
    };
    let out = observe(&counters, work);
    let _ = stop.send(());
    let _ = display.join();
    out
}

const WITH_TOTAL: &str = "{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}";
const COUNT_ONLY: &str = "{spinner} {msg} {pos} {elapsed}";

/// The style, position, length and message for one moment of the work.
fn describe(label: &str, s: &Snapshot) -> (&'static str, u64, u64, String) {
    if s.commits_to_walk > 0 && s.commits_walked < s.commits_to_walk {
        return (
            WITH_TOTAL,
            s.commits_walked,
            s.commits_to_walk,
            format!("{label}: walking commits"),
        );
    }
    if s.commits_loaded > 0 && s.commits_to_walk == 0 {
        return match s.commits_total {
            Some(total) => (
                WITH_TOTAL,
                s.commits_loaded.min(total),
                total,
                format!("{label}: reading commits"),
            ),
            None => (
                COUNT_ONLY,
                s.commits_loaded,
                0,
                format!("{label}: commits read"),
            ),
        };
    }
    if s.plans_total > 0 {
        return (
            WITH_TOTAL,
            s.plans_done,
            s.plans_total,
            format!("{label}: plans"),
        );
    }
    (COUNT_ONLY, 0, 0, label.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_human_output_on_a_terminal_outside_ci() {
        assert!(shown(true, true, false));
        assert!(!shown(false, true, false), "JSON, GitHub, SARIF: never");
        assert!(!shown(true, false, false), "a pipe or a file: never");
        assert!(!shown(true, true, true), "CI logs: never");
    }

    #[test]
    fn commits_of_the_total_then_plans() {
        let mut s = Snapshot {
            commits_loaded: 40,
            commits_total: Some(100),
            ..Snapshot::default()
        };
        assert_eq!(describe("h", &s).0, WITH_TOTAL);
        assert_eq!((describe("h", &s).1, describe("h", &s).2), (40, 100));
        s.commits_total = None;
        assert_eq!(describe("h", &s).0, COUNT_ONLY);
        s.commits_to_walk = 90;
        s.commits_walked = 30;
        assert_eq!((describe("h", &s).1, describe("h", &s).2), (30, 90));
        s.commits_walked = 90;
        s.plans_total = 12;
        s.plans_done = 5;
        let (style, pos, len, msg) = describe("h", &s);
        assert_eq!(
            (style, pos, len, msg.as_str()),
            (WITH_TOTAL, 5, 12, "h: plans")
        );
    }
}
