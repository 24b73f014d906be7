//! Colours: the terminal's own foreground and background, plus a few semantic colours from
//! the standard palette, which light and dark themes both define. No dark grey text.

use ratatui::style::{Color, Modifier, Style};

use super::app::Tone;

pub fn plain() -> Style {
    Style::default()
}

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

/// A list's row: the current one stands out, reversed where its pane has the focus.
pub fn row(current: bool, focused: bool) -> Style {
    match (current, focused) {
        (true, true) => selected(),
        (true, false) => bold(),
        (false, _) => plain(),
    }
}

pub fn hint() -> Style {
    Style::default().add_modifier(Modifier::ITALIC)
}

pub fn error() -> Style {
    Style::default().fg(Color::Red)
}

pub fn warning() -> Style {
    Style::default().fg(Color::Yellow)
}

pub fn success() -> Style {
    Style::default().fg(Color::Green)
}

pub fn accent() -> Style {
    Style::default().fg(Color::Cyan)
}

/// The border of the pane that has the keyboard.
pub fn focused_border() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

/// An action the target does not allow (read-only).
pub fn unavailable() -> Style {
    Style::default().add_modifier(Modifier::CROSSED_OUT)
}

pub fn tone(tone: Tone) -> Style {
    match tone {
        Tone::Info => plain(),
        Tone::Success => success(),
        Tone::Warning => warning(),
        Tone::Error => error(),
    }
}

pub fn json_key() -> Style {
    Style::default().fg(Color::Cyan)
}

pub fn json_string() -> Style {
    Style::default().fg(Color::Green)
}

pub fn json_number() -> Style {
    Style::default().fg(Color::Magenta)
}

pub fn json_literal() -> Style {
    Style::default().fg(Color::Yellow)
}
