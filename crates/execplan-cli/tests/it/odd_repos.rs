//! Odd repositories: each has a defined behaviour and none panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use test_support::{git_command, git_in, plans_command, TestRepo, NOW};

const PLAN: &str = "# T\n\n## Progress\n- [x] (2025-10-01 10:00Z) a\n- [ ] b\n";

/// Without the history cache, so each odd repository is walked as it is.
fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    test_support::output(
        plans_command(dir, NOW)
            .env("EXECPLAN_NO_CACHE", "1")
            .args(args),
    )
}

fn timeline(dir: &Path) -> Value {
    let (out, err, code) = run(dir, &["timeline", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn sha256_repository() {
    let dir = tempfile::tempdir().unwrap();
    git_in(dir.path(), None, &["init", "-q", "--object-format=sha256"]);
    std::fs::create_dir_all(dir.path().join(".agents")).unwrap();
    std::fs::write(dir.path().join(".agents/p.md"), PLAN).unwrap();
    git_in(dir.path(), None, &["add", "."]);
    git_in(
        dir.path(),
        Some("2025-10-01T10:00:00Z"),
        &[
            "-c",
            "user.name=A",
            "-c",
            "user.email=a@x",
            "commit",
            "-q",
            "-m",
            "x",
        ],
    );
    let doc = timeline(dir.path());
    let id = doc["plans"][0]["created"]["commit"].as_str().unwrap();
    assert_eq!(id.len(), 64, "a SHA-256 id: {id}");
    assert_eq!(id, git_in(dir.path(), None, &["rev-parse", "HEAD"]).trim());
}

#[test]
fn repository_owned_by_another_user_is_read() {
    let r = TestRepo::new();
    r.write(".agents/p.md", PLAN);
    let id = r.commit("x", "2025-10-01T10:00:00Z");
    // Only root can give a folder away; elsewhere this row is exercised by CI.
    let chown = Command::new("chown")
        .args(["-R", "nobody"])
        .arg(r.path())
        .status();
    if !chown.is_ok_and(|s| s.success()) {
        eprintln!("note: cannot chown here; skipped");
        return;
    }
    // Read-only work needs no trust: gix opens it with repository config
    // that could run programs ignored, where git would refuse outright.
    let doc = timeline(r.path());
    assert_eq!(doc["plans"][0]["created"]["commit"], id.as_str());
}

#[test]
fn non_utf8_file_names_keep_their_history() {
    let r = TestRepo::new();
    // "café" in Latin-1: not valid UTF-8.
    let latin1: std::path::PathBuf = {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(b"caf\xe9.md").into()
    };
    std::fs::create_dir_all(r.join(".agents")).unwrap();
    std::fs::write(r.join(".agents").join(&latin1), PLAN).unwrap();
    let id = r.commit("x", "2025-10-01T10:00:00Z");
    let doc = timeline(r.path());
    assert_eq!(doc["plans"][0]["created"]["commit"], id.as_str());
    assert_eq!(doc["plans"][0]["path"], ".agents/caf\u{fffd}.md");
    let (out, _, code) = run(r.path(), &["check"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn submodule_with_its_own_plans() {
    let inner = TestRepo::new();
    inner.write(".agents/p.md", PLAN);
    let inner_id = inner.commit("inner", "2025-10-01T10:00:00Z");
    let outer = TestRepo::new();
    outer.write("README.md", "x\n");
    outer.commit("outer", "2025-10-02T10:00:00Z");
    let url = format!("file://{}", inner.path().display());
    outer.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        &url,
        "sub",
    ]);
    outer.commit("add submodule", "2025-10-03T10:00:00Z");
    // Inside the submodule, its own history answers.
    let doc = timeline(&outer.join("sub"));
    assert_eq!(doc["plans"][0]["created"]["commit"], inner_id.as_str());
    // The superproject has no plans folder of its own.
    let (_, err, code) = run(outer.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("no plans folder"), "{err}");
}

#[test]
fn shallow_depth_five() {
    let r = TestRepo::new();
    r.write(".agents/p.md", PLAN);
    let first = r.commit("create", "2025-10-01T10:00:00Z");
    for i in 0..8 {
        r.write("x.txt", &i.to_string());
        r.commit("noise", &format!("2025-10-02T1{i}:00:00Z"));
    }
    r.write(".agents/p.md", &format!("{PLAN}- [ ] c\n"));
    let last = r.commit("edit", "2025-10-03T10:00:00Z");
    let clone = tempfile::tempdir().unwrap();
    git_in(
        clone.path(),
        None,
        &[
            "clone",
            "-q",
            "--depth",
            "5",
            &format!("file://{}", r.path().display()),
            "c",
        ],
    );
    let doc = timeline(&clone.path().join("c"));
    assert_eq!(doc["shallow"], true);
    let p = &doc["plans"][0];
    assert_eq!(p["created_certain"], false);
    assert_ne!(p["created"]["commit"], first.as_str());
    assert_eq!(p["last_updated"]["commit"], last.as_str());
    // A full clone knows better.
    assert_eq!(
        timeline(r.path())["plans"][0]["created"]["commit"],
        first.as_str()
    );
}

#[test]
fn ten_thousand_renames_of_one_plan() {
    let dir = tempfile::tempdir().unwrap();
    git_in(dir.path(), None, &["init", "-q", "-b", "main"]);
    let mut stream = String::new();
    let content = PLAN;
    let n = 10_000;
    for i in 0..n {
        let t = 1_759_312_800 + i * 60;
        stream.push_str(&format!("commit refs/heads/main\nmark :{}\nauthor A <a@x> {t} +0000\ncommitter A <a@x> {t} +0000\ndata 1\nx\n", i + 1));
        if i == 0 {
            stream.push_str(&format!(
                "M 100644 inline .agents/p0.md\ndata {}\n{content}\n",
                content.len()
            ));
        } else {
            stream.push_str(&format!(
                "from :{i}\nR .agents/p{}.md .agents/p{i}.md\n\n",
                i - 1
            ));
        }
    }
    let mut child = git_command(dir.path(), None)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    git_in(dir.path(), None, &["checkout", "-q", "main"]);
    let doc = timeline(dir.path());
    let p = &doc["plans"][0];
    assert_eq!(p["path"], format!(".agents/p{}.md", n - 1));
    assert_eq!(p["revisions"].as_array().unwrap().len(), n as usize);
    let root = git_in(dir.path(), None, &["rev-list", "--max-parents=0", "HEAD"]);
    assert_eq!(p["created"]["commit"], root.trim());
    assert_eq!(p["created"]["time"], "2025-10-01T10:00:00Z");
}
