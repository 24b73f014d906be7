//! A message in full: the status line's text, or every problem behind it (a blocked
//! submit's errors with their fields, a bulk run's failures), wrapped and scrollable.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Dialog};
use crate::tui::keymap::Action;
use crate::tui::theme;

pub fn draw(app: &App, frame: &mut Frame) {
    let Some(Dialog::Message {
        title,
        lines,
        tone,
        scroll,
    }) = &app.dialog
    else {
        return;
    };
    // Several problems: each starts with a bullet, so that one wrapped over rows is told
    // from the next.
    let bullet = if lines.len() > 1 { "• " } else { "" };
    let text: Vec<Line<'static>> = lines
        .iter()
        .map(|l| {
            Line::styled(
                format!("{bullet}{}", super::printable(l)),
                theme::tone(*tone),
            )
        })
        .collect();
    let width = (text
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .clamp(40, 90) as u16
        + 4)
    .min(frame.area().width);
    let rows = super::wrapped_rows_u16(text.clone(), width.saturating_sub(2));
    // The text, a blank row and the keys, inside the border.
    let popup = super::footed_popup(frame, title, width, rows, 2);
    if popup.1.height < 2 {
        return;
    }
    let keys = format!(
        "{} · {} closes",
        super::scroll_keys(app),
        app.keymap.label(Action::Close)
    );
    let footer = Paragraph::new(vec![Line::raw(""), Line::styled(keys, theme::hint())]);
    super::scrolling_above(app, frame, popup, text, *scroll, footer, 2);
}
