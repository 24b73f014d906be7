//! A confirmation that says what will happen: y (or enter) goes ahead, n (or esc) does not.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::theme;

pub fn draw(frame: &mut Frame, title: &str, lines: &[String], yes: &str) {
    let width = (lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(20)
        .clamp(30, 90) as u16
        + 4)
    .min(frame.area().width);
    // Long lines wrap: make room for every row, so the y / n line is never cut off.
    let inner_width = width.saturating_sub(2);
    let rows: usize = lines
        .iter()
        .map(|l| super::wrapped_rows(super::printable(l), inner_width))
        .sum();
    let height = rows as u16 + 4;
    let area = super::centered(frame.area(), width, height);
    let inner = super::popup(frame, area, title);
    let mut text: Vec<Line> = lines
        .iter()
        .map(|l| Line::raw(super::printable(l)))
        .collect();
    text.push(Line::raw(""));
    text.push(Line::from(vec![
        Span::styled("y", theme::bold()),
        Span::raw(format!(" {yes}    ")),
        Span::styled("n", theme::bold()),
        Span::raw(" / esc cancel"),
    ]));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}
