//! execplan library.
pub mod history;
