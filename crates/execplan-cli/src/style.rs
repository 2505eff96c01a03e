//! Colour, in one place: the styles of every coloured thing this tool
//! prints, and the one function that applies them (anstyle's codes; the
//! caller has decided whether colour is on for the stream).

use anstyle::{AnsiColor, Style};

/// The word `error` and an error summary.
pub const ERROR: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
/// A warning summary.
pub const WARNING: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
/// A clean summary.
pub const CLEAN: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
/// The word `note`.
pub const NOTE: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
/// Headers, titles and the colon after `error` / `note`.
pub const BOLD: Style = Style::new().bold();
/// A done plan; an added line.
pub const GREEN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
/// A stale plan; a revision header.
pub const YELLOW: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
/// A removed line.
pub const RED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
/// A hunk header.
pub const CYAN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
/// The changed words inside a changed line.
pub const INVERT: Style = Style::new().invert();

/// `text` in `style` when `on`, else as it is.
pub fn paint(style: Style, text: &str, on: bool) -> String {
    if on {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}
