//! The real `cargo-plans` binary, run the way a user would, with the same
//! isolation as the fixtures' git.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::repo::isolate;

/// The fixed "now" (`EXECPLAN_NOW`) of every run unless a test picks another.
pub const NOW: &str = "2025-10-10T12:00:00Z";

/// The `cargo-plans` binary Cargo built for this test run.
///
/// Cargo builds a package's binaries before its integration tests and puts them
/// beside the `deps/` folder holding the test executable; `CARGO_BIN_EXE_cargo-plans`
/// at run time overrides that (for runners that lay files out differently).
pub fn cargo_plans() -> PathBuf {
    if let Some(p) = std::env::var_os("CARGO_BIN_EXE_cargo-plans") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test executable path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("test executable in <target>/<profile>/deps/");
    let bin = profile.join(format!("cargo-plans{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} not built: run the tests through `cargo test -p execplan-cli`",
        bin.display()
    );
    bin
}

/// `cargo-plans -C dir` with `EXECPLAN_NOW=now`, no colour, no `COLUMNS` and
/// isolated git.
pub fn plans_command(dir: &Path, now: &str) -> Command {
    let mut cmd = Command::new(cargo_plans());
    isolate(&mut cmd)
        .arg("-C")
        .arg(dir)
        .env("EXECPLAN_NOW", now)
        .env("NO_COLOR", "1")
        // `plans list` fits its rows to COLUMNS off a terminal: the runner's
        // own must not change what a test sees.
        .env_remove("COLUMNS");
    cmd
}

/// Run `cargo-plans -C dir args…` at [`NOW`]: (stdout, stderr, exit code, or -1
/// when killed by a signal).
pub fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    run_at(dir, NOW, args)
}

/// [`run`] at another "now".
pub fn run_at(dir: &Path, now: &str, args: &[&str]) -> (String, String, i32) {
    output(plans_command(dir, now).args(args))
}

/// Run a [`plans_command`] the caller has added to: (stdout, stderr, exit code,
/// or -1 when killed by a signal).
pub fn output(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("run cargo-plans");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// [`output`] with `input` written to the command's stdin.
pub fn output_with_input(cmd: &mut Command, input: &str) -> (String, String, i32) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cargo-plans");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait for cargo-plans");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A finished process's stdout then stderr, for assertion messages.
pub fn combined(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// (rule, line) of every diagnostic in a `check --format json` document.
pub fn diagnostics(doc: &serde_json::Value) -> Vec<(String, u64)> {
    doc["plans"]
        .as_array()
        .expect("`plans` array")
        .iter()
        .flat_map(|p| {
            p["diagnostics"]
                .as_array()
                .expect("`diagnostics` array")
                .iter()
        })
        .map(|d| {
            (
                d["rule"].as_str().expect("`rule`").to_string(),
                d["line"].as_u64().expect("`line`"),
            )
        })
        .collect()
}
