//! A message in full: the status line's text, or every problem behind it (a blocked
//! submit's errors with their fields, a bulk run's failures), wrapped and scrollable.

use ratatui::Frame;
use ratatui::layout::Rect;
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
    let area = super::centered(frame.area(), width, rows.saturating_add(4));
    let inner = super::popup(frame, area, &super::printable(title));
    if inner.height < 2 {
        return;
    }
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - 2);
    super::scrolling(
        app,
        frame,
        area,
        body,
        text,
        *scroll,
        &app.scroll_limits.dialog,
    );
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{} · {} closes",
                super::scroll_keys(app),
                app.keymap.label(Action::Close)
            ),
            theme::hint(),
        )),
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
    );
}
