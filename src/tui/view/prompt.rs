//! A one-line question: an endpoint id, a user id, a profile name, a bulk run (with a hint
//! of what to type).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::tui::app::{App, PromptKind};
use crate::tui::keymap::Action;
use crate::tui::theme;

pub fn draw(
    app: &App,
    frame: &mut Frame,
    kind: &PromptKind,
    input: &TextArea<'static>,
    error: Option<&str>,
) {
    let hint = kind.hint();
    // Between the input and the keys: what is wrong, or else what to type, wrapped in full.
    let body = match (error, hint) {
        (Some(e), _) => Some(Line::styled(super::printable(e), theme::error())),
        (None, Some(hint)) => Some(Line::styled(hint, theme::hint())),
        (None, None) => None,
    };
    let width = 70.min(frame.area().width);
    let body_rows = body.as_ref().map_or(0, |b| {
        super::wrapped_rows_u16(b.clone(), width.saturating_sub(2))
    });
    // The input, a blank row, the body, the keys and the border.
    let height = body_rows.saturating_add(5).max(6);
    let area = super::centered(frame.area(), width, height);
    let inner = super::popup(frame, area, &kind.title());
    if inner.height < 2 {
        return;
    }
    frame.render_widget(input, Rect::new(inner.x, inner.y, inner.width, 1));
    let keys = Line::styled(
        format!(
            "{} ok · {} cancel",
            app.keymap.label(Action::Ok),
            app.keymap.label(Action::Close)
        ),
        theme::hint(),
    );
    let bottom = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
    match body {
        Some(body) if inner.height > 3 => {
            frame.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: false }),
                Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 3),
            );
            frame.render_widget(Paragraph::new(keys), bottom);
        }
        // A short terminal: an error takes the keys' row.
        _ if error.is_some() => {
            let error = super::printable(error.unwrap_or_default());
            let line = Line::styled(super::clip(&error, inner.width as usize), theme::error());
            frame.render_widget(Paragraph::new(line), bottom);
        }
        _ => frame.render_widget(Paragraph::new(keys), bottom),
    }
}
