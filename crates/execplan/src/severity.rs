//! How much a finding matters. Below the configuration, which sets it per
//! rule, and the rules, which default it.

use serde::{Deserialize, Serialize};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not reported.
    #[serde(alias = "allow", alias = "none")]
    Off,
    /// Reported; does not fail `check`.
    #[serde(alias = "warn")]
    Warning,
    /// Reported; `check` exits 1.
    #[serde(alias = "deny")]
    Error,
}

impl Severity {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}
