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

/// The names a configuration may give (the aliases included); the tool
/// itself writes only `off`, `warning` and `error`.
impl schemars::JsonSchema for Severity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Severity".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "How much a finding matters: error (fails check), warning, or off (not reported); warn, deny, allow and none are accepted as aliases.",
            "type": "string",
            "enum": ["error", "warning", "off", "deny", "warn", "allow", "none"]
        })
    }
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
