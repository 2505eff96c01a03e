//! What the history rules (EP1xx) share.

use chrono::NaiveDate;

use crate::model::{MetaField, MetaKey};
use crate::parse::stamp::parse_meta_date;

use super::HistoryCtx;

pub(crate) const UNSHALLOW: &str = "history is shallow here (a CI checkout fetches one commit by default): run `git fetch --unshallow`, or set `fetch-depth: 0` in actions/checkout";

/// A metadata date field and the date it names, when both are there.
pub(super) fn date_field<'a>(
    ctx: &HistoryCtx<'a>,
    key: MetaKey,
) -> Option<(&'a MetaField, NaiveDate)> {
    let field = ctx.plan.meta(key)?;
    Some((field, parse_meta_date(&field.value)?))
}
