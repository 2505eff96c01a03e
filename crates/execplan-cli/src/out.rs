//! Standard output for every verb, through [`outln!`] and [`out!`] instead of
//! `println!`, which panics when the reader has gone (`plans list | head -1`).
//!
//! A reader that closed the pipe wants no more: the rest of the output is
//! dropped and the verb ends with its own exit code, as if it had been read.
//! Any other write failure (a full disk behind a redirect) is said once on
//! stderr and makes the run end with exit 2 ([`failed`]).

use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);
static FAILED: AtomicBool = AtomicBool::new(false);

/// Whether stdout is a terminal (colour and progress decide on it).
pub fn is_terminal() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stdout())
}

/// The width of the terminal stdout is, if it is one.
pub fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
}

/// Write to stdout, unless an earlier write found it closed or failing.
pub fn write_fmt(args: std::fmt::Arguments<'_>) {
    guarded(|out| out.write_fmt(args));
}

/// Write bytes to stdout, the same way as [`write_fmt`].
pub fn write_bytes(bytes: &[u8]) {
    guarded(|out| out.write_all(bytes));
}

fn guarded(write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = write(&mut std::io::stdout().lock()) {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != ErrorKind::BrokenPipe {
            FAILED.store(true, Ordering::Relaxed);
            eprintln!("error: cannot write to standard output: {e}");
        }
    }
}

/// Stdout as an [`std::io::Write`], for serialisers that stream.
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        write_bytes(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Stdout for a protocol server (`plans mcp`): every write reaches the
/// client at once (flushed by the caller) and its failure is returned, so a
/// server whose client has gone stops instead of working on for nobody.
pub struct Raw;

impl Write for Raw {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::io::stdout().lock().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stdout().lock().flush()
    }
}

/// The Language Server's transport (`plans lsp`): stdin and stdout as
/// `lsp-server`'s stdio connection, whose writer thread owns stdout until
/// the server ends. Nothing else writes stdout meanwhile.
pub fn lsp_stdio() -> (lsp_server::Connection, lsp_server::IoThreads) {
    lsp_server::Connection::stdio()
}

/// Whether a write to stdout failed for another reason than a closed pipe.
pub fn failed() -> bool {
    FAILED.load(Ordering::Relaxed)
}

/// `println!` through [`write_fmt`].
macro_rules! outln {
    () => {
        $crate::out::write_fmt(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::write_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` through [`write_fmt`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::out::write_fmt(format_args!($($arg)*))
    };
}
