//! An opened campaign or template: its message drawn as the device shows it, over most of
//! the screen (pages turn, a long body scrolls), or its JSON as the service returned it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::inapp::display::{Platform, displayed};
use crate::tui::app::{App, Opened};
use crate::tui::keymap::Action;
use crate::tui::theme;

/// The widest the app's screen is drawn, in columns.
pub const DEVICE_WIDTH: u16 = 76;

pub fn draw(app: &App, frame: &mut Frame, opened: &Opened) {
    let screen = frame.area();
    let area = super::centered(
        screen,
        screen.width.saturating_sub(4).max(40),
        screen.height.saturating_sub(2).max(8),
    );
    let inner = super::popup(frame, area, &super::printable(&opened.title));
    if inner.height < 3 {
        return;
    }
    let keys = keys_line(app, opened);
    frame.render_widget(
        Paragraph::new(Line::styled(
            super::clip(&keys, inner.width as usize),
            theme::hint(),
        )),
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
    );
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
    if opened.show_json {
        let lines: Vec<Line<'static>> = opened.json.lines().map(super::json::line).collect();
        return super::scrolling(
            app,
            frame,
            area,
            body,
            lines,
            opened.scroll,
            &app.scroll_limits.dialog,
        );
    }
    let message = match &opened.message {
        Ok(message) => message,
        Err(why) => {
            app.scroll_limits.dialog.set(0);
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("no message to draw: {}", super::printable(why)),
                    theme::error(),
                ))
                .wrap(Wrap { trim: false }),
                body,
            );
            return;
        }
    };
    let platform = Platform::of(app.form.info.demographic.platform.as_deref());
    let message = displayed(message, platform);
    let page = opened.page.min(message.pages.len().saturating_sub(1));
    let caption = super::device::caption(&message, page);
    let rows = super::wrapped_rows_u16(caption.as_str(), body.width)
        .min(2)
        .min(body.height);
    frame.render_widget(
        Paragraph::new(Line::styled(caption, theme::hint())).wrap(Wrap { trim: false }),
        Rect::new(body.x, body.y, body.width, rows),
    );
    // The app's screen no wider than a small tablet's, in the middle.
    let width = body.width.min(DEVICE_WIDTH);
    let device = Rect::new(
        body.x + (body.width - width) / 2,
        body.y + rows,
        width,
        body.height - rows,
    );
    let limit = super::device::draw(frame, device, &message, page, opened.scroll, app.true_color);
    app.scroll_limits.dialog.set(limit);
}

/// The keys that work here, from the key map.
fn keys_line(app: &App, opened: &Opened) -> String {
    let pages = opened.pages();
    let mut keys = Vec::new();
    if pages > 1 && !opened.show_json {
        keys.push(format!(
            "{} {} page",
            app.keymap.label(Action::PrevPage),
            app.keymap.label(Action::NextPage)
        ));
    }
    let other = if opened.show_json {
        "drawn message"
    } else {
        "JSON"
    };
    keys.push(format!("{} {other}", app.keymap.label(Action::SwitchView)));
    keys.push(super::scroll_keys(app));
    keys.push(format!("{} closes", app.keymap.label(Action::Close)));
    keys.join(" · ")
}
