//! A spinner on stderr for slow work (a long history walk): shown only on a
//! terminal, and only once the work has taken more than a second, so quick
//! runs and pipes print nothing extra.

use std::io::IsTerminal;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A running spinner; stops and clears itself when dropped.
pub struct Spinner {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Spinner {
    /// Start a spinner with `message`, shown after one second on a terminal.
    pub fn start(message: &'static str) -> Self {
        if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            return Self {
                stop: None,
                thread: None,
            };
        }
        let (tx, rx) = channel::<()>();
        let thread = std::thread::spawn(move || {
            match rx.recv_timeout(Duration::from_secs(1)) {
                Err(RecvTimeoutError::Timeout) => {}
                _ => return,
            }
            let pb = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
                pb.set_style(style);
            }
            pb.set_message(message);
            pb.enable_steady_tick(Duration::from_millis(100));
            let _ = rx.recv();
            pb.finish_and_clear();
        });
        Self {
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
