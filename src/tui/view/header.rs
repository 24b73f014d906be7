//! The header: target, application, loaded profile and the unsaved marker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Link};
use crate::tui::theme;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![
        Span::styled(" pinpoint-console ", theme::bold()),
        Span::raw("│ "),
    ];
    match &app.link {
        Link::Connected(c) => {
            spans.push(Span::raw("target "));
            spans.push(Span::styled(c.target.clone(), theme::accent()));
            if c.read_only {
                spans.push(Span::styled(" (read-only)", theme::warning()));
            }
            spans.push(Span::raw(" │ app "));
            let id = if area.width < 100 {
                super::clip(&c.application_id, 9)
            } else {
                c.application_id.clone()
            };
            spans.push(Span::styled(id, theme::accent()));
        }
        Link::Connecting { target } => {
            spans.push(Span::raw(format!("target {target} (connecting…)")))
        }
        Link::Failed { target, .. } => {
            spans.push(Span::raw(format!("target {target} ")));
            spans.push(Span::styled("(not connected)", theme::error()));
        }
    }
    spans.push(Span::raw(" │ "));
    match (&app.profile, &app.origin) {
        (Some(p), _) => {
            spans.push(Span::raw("profile "));
            spans.push(Span::styled(super::printable(p), theme::bold()));
        }
        (None, Some(origin)) => spans.push(Span::raw(super::printable(origin))),
        (None, None) => spans.push(Span::raw("new form")),
    }
    if app.dirty() {
        spans.push(Span::styled(" ● unsaved", theme::warning()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
