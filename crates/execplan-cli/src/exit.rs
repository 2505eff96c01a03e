//! The exit codes, one meaning each.

/// Exit code: nothing at error level.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at error level (or `--check` would change something).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the tool could not do its job.
pub const EXIT_TROUBLE: u8 = 2;
