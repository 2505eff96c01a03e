//! Reading git configuration values (with gix, never the git CLI).

/// git's `user.name` for the repository at `dir` (or the global one).
pub fn user_name(dir: &std::path::Path) -> Option<String> {
    let repo = gix::discover(dir).ok()?;
    let name = repo
        .config_snapshot()
        .string("user.name")
        .map(|s| s.to_string());
    name.filter(|n| !n.trim().is_empty())
}
