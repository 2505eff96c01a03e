//! The history pass, on its own thread so typing never waits for git.
//!
//! A job carries the document's generation at the time it was asked and the
//! document's live counter: the worker gives up between steps as soon as a
//! newer edit has arrived, skips queued jobs a later job for the same
//! document replaces, and the main loop drops any result whose generation is
//! no longer the document's.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use execplan::live::Buffer;
use lsp_types::Uri;

use super::documents::{compute, History, Place};

/// One history pass to make.
pub struct Job {
    /// The document.
    pub uri: Uri,
    /// Its root-relative path.
    pub rel: std::path::PathBuf,
    /// Its text.
    pub text: String,
    /// Its generation when asked.
    pub generation: u64,
    /// Its live generation counter.
    pub live: Arc<AtomicU64>,
}

/// A finished pass.
pub struct Done {
    /// The document.
    pub uri: Uri,
    /// The generation it was computed for.
    pub generation: u64,
    /// What it found.
    pub history: History,
}

/// Start the worker; it ends when the job sender is dropped.
pub fn start(place: Place) -> (Sender<Job>, Receiver<Done>) {
    let (jobs, inbox) = crossbeam_channel::unbounded::<Job>();
    let (outbox, done) = crossbeam_channel::unbounded::<Done>();
    std::thread::spawn(move || {
        while let Ok(first) = inbox.recv() {
            let mut queue = vec![first];
            queue.extend(inbox.try_iter());
            for (i, job) in queue.iter().enumerate() {
                // A later job for the same document replaces this one.
                if queue[i + 1..].iter().any(|j| j.uri == job.uri) {
                    continue;
                }
                let stale = || job.live.load(Ordering::SeqCst) != job.generation;
                if stale() {
                    continue;
                }
                let Ok(ws) = place.workspace() else { continue };
                let buffer = Buffer::new(&ws, &job.rel, &job.text);
                if let Some(mut history) = compute(&ws, &buffer, &stale) {
                    history.text.clone_from(&job.text);
                    let sent = outbox.send(Done {
                        uri: job.uri.clone(),
                        generation: job.generation,
                        history,
                    });
                    if sent.is_err() {
                        return;
                    }
                }
            }
        }
    });
    (jobs, done)
}
