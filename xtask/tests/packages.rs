//! The published crates package what a user builds from and nothing else:
//! `cargo package --list` (no build, no registry) for `execplan` and
//! `execplan-cli`. `cargo publish --dry-run --workspace` is the full check;
//! it builds both packages again, so it is run by hand, not in CI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn listed(package: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            package,
        ])
        .output()
        .expect("run cargo package");
    assert!(
        out.status.success(),
        "cargo package --list -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn published_crates_hold_their_sources_and_readme_only() {
    for package in ["execplan", "execplan-cli"] {
        let files = listed(package);
        for f in &files {
            assert!(
                f.starts_with("src/")
                    || [
                        "Cargo.toml",
                        "Cargo.toml.orig",
                        "Cargo.lock",
                        "README.md",
                        ".cargo_vcs_info.json"
                    ]
                    .contains(&f.as_str()),
                "{package} would publish {f}"
            );
        }
        assert!(
            files.iter().any(|f| f == "README.md"),
            "{package}: {files:?}"
        );
        assert!(
            files.iter().any(|f| f == "src/lib.rs"),
            "{package}: {files:?}"
        );
    }
    // The report's templates are read with include_str!.
    let lib = listed("execplan");
    assert!(lib
        .iter()
        .any(|f| f == "src/report/templates/report.html.jinja"));
}
