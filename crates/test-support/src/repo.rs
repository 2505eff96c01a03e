//! Throw-away git repositories. The CLI is allowed in tests (the product itself
//! reads git with gix only).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Set the isolation every child process of a test shares (see the crate docs).
pub(crate) fn isolate(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Author")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Cy Committer")
        .env("GIT_COMMITTER_EMAIL", "cy@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
}

/// An isolated `git` in `dir` with the settings a fresh machine would lack
/// (branch `main`, no signing, local submodules allowed). `date` (RFC 3339 or
/// git's formats) sets both author and committer dates.
pub fn git_command(dir: &Path, date: Option<&str>) -> Command {
    let mut cmd = Command::new("git");
    isolate(cmd.current_dir(dir)).args([
        "-c",
        "init.defaultBranch=main",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "protocol.file.allow=always",
    ]);
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    cmd
}

/// `git commit -q` in `dir` at `now` (author and committer dates, and the
/// `EXECPLAN_NOW` a hook it runs sees), without colour: add the arguments.
pub fn commit_command(dir: &Path, now: &str) -> Command {
    let mut cmd = git_command(dir, Some(now));
    cmd.args(["commit", "-q"])
        .env("EXECPLAN_NOW", now)
        .env("NO_COLOR", "1");
    cmd
}

/// Run git in `dir` (see [`git_command`]); panic with stderr on failure.
pub fn git_in(dir: &Path, date: Option<&str>, args: &[&str]) -> String {
    let out = git_command(dir, date)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 git output")
}

/// A temporary git repository with a worktree, on branch `main`.
pub struct TestRepo {
    /// Keeps the directory alive; removed on drop.
    pub dir: tempfile::TempDir,
}

impl TestRepo {
    /// `git init` a fresh repository on branch `main`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        git_in(dir.path(), None, &["init", "-q", "-b", "main"]);
        TestRepo { dir }
    }

    /// The worktree root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the worktree.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write `text` to `path` (relative), creating folders.
    pub fn write(&self, path: &str, text: &str) {
        let p = self.join(path);
        std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    /// Delete a file from the worktree (the next commit records it).
    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.join(path)).expect("remove");
    }

    /// `git mv from to`, creating the target folder.
    pub fn mv(&self, from: &str, to: &str) {
        std::fs::create_dir_all(self.join(to).parent().expect("has parent")).expect("mkdir");
        self.git(&["mv", from, to]);
    }

    /// Stage everything and commit with author and committer date `date`; returns the id.
    pub fn commit(&self, msg: &str, date: &str) -> String {
        self.commit_dated(msg, date, date)
    }

    /// Commit with distinct author and committer dates (e.g. after a rebase).
    pub fn commit_dated(&self, msg: &str, author: &str, committer: &str) -> String {
        self.git(&["add", "-A"]);
        let out = git_command(self.path(), None)
            .env("GIT_AUTHOR_DATE", author)
            .env("GIT_COMMITTER_DATE", committer)
            .args(["commit", "-q", "--allow-empty", "-m", msg])
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "commit failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// Run git in the worktree and return stdout.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), None, args)
    }

    /// Run git with author and committer date `date` (for merges, cherry-picks).
    pub fn git_at(&self, date: &str, args: &[&str]) -> String {
        git_in(self.path(), Some(date), args)
    }

    /// `git diff --numstat from to -- pathspec…`: (path, added, removed) per
    /// file, `None` for a binary file's counts.
    pub fn numstat(
        &self,
        from: &str,
        to: &str,
        pathspec: &[&str],
    ) -> Vec<(String, Option<u64>, Option<u64>)> {
        let mut args = vec!["diff", "--numstat", from, to, "--"];
        args.extend_from_slice(pathspec);
        self.lines(&args)
            .iter()
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[2].to_string(), f[0].parse().ok(), f[1].parse().ok())
            })
            .collect()
    }

    /// Non-empty output lines.
    pub fn lines(&self, args: &[&str]) -> Vec<String> {
        self.git(args)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}
