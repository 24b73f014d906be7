//! A one-line question: an endpoint id, a user id, a profile name.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::tui::app::PromptKind;
use crate::tui::theme;

pub fn draw(frame: &mut Frame, kind: &PromptKind, input: &TextArea<'static>, error: Option<&str>) {
    let area = super::centered(frame.area(), 70, 6);
    let inner = super::popup(frame, area, &kind.title());
    if inner.height < 2 {
        return;
    }
    frame.render_widget(input, Rect::new(inner.x, inner.y, inner.width, 1));
    let (text, style) = match error {
        Some(e) => (super::printable(e), theme::error()),
        None => ("enter ok · esc cancel".to_string(), theme::hint()),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            super::clip(&text, inner.width as usize),
            style,
        )),
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
    );
}
