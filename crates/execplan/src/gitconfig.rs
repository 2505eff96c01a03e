//! Reading git configuration values (through [`crate::history::Repo`], never the git CLI).

/// git's `user.name` for the repository at `dir` (or the global one).
pub fn user_name(dir: &std::path::Path) -> Option<String> {
    let name = crate::history::Repo::open(dir)
        .ok()?
        .config_string("user.name");
    name.filter(|n| !n.trim().is_empty())
}
