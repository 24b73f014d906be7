//! A confirmation that says what will happen: y goes ahead, n (or esc) does not; enter goes
//! ahead only where nothing is deleted, overwritten, discarded or written, and the keys shown
//! say so. Long questions (a bulk run's plan) wrap and scroll above the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::{App, Dialog};
use crate::tui::theme;

pub fn draw(app: &App, frame: &mut Frame) {
    let Some(Dialog::Confirm {
        title,
        lines,
        yes,
        pending,
        hold,
        refused_enter,
        scroll,
    }) = &app.dialog
    else {
        return;
    };
    let destructive = pending.destructive();
    let yes = super::printable(yes);
    let width = (lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(20)
        .clamp(30, 90) as u16
        + 4)
    .min(frame.area().width);
    let inner_width = width.saturating_sub(2);

    // Below the question: why y waits, or that enter does not confirm; then the keys.
    let notice = match (hold, refused_enter) {
        (Some(hold), _) => Some(Line::styled(format!("y waits: {hold}"), theme::hint())),
        (None, true) => Some(Line::styled(
            format!("Enter does not confirm this: press y to {yes}."),
            theme::warning(),
        )),
        (None, false) => None,
    };
    let y_style = if hold.is_some() {
        theme::unavailable()
    } else {
        theme::bold()
    };
    let mut keys = vec![Span::styled("y", y_style)];
    if !destructive {
        keys.push(Span::raw(" / "));
        keys.push(Span::styled("enter", y_style));
    }
    keys.extend([
        Span::raw(format!(" {yes}    ")),
        Span::styled("n", theme::bold()),
        Span::raw(format!(" / esc {}", pending.cancel_word())),
    ]);
    let mut footer = vec![Line::raw("")];
    footer.extend(notice);
    footer.push(Line::from(keys));
    let footer_rows = super::wrapped_rows_u16(footer.clone(), inner_width);

    let text: Vec<Line<'static>> = lines
        .iter()
        .map(|l| Line::raw(super::printable(l)))
        .collect();
    let rows = super::wrapped_rows_u16(text.clone(), inner_width);
    let height = rows.saturating_add(footer_rows).saturating_add(2);
    let area = super::centered(frame.area(), width, height);
    let inner = super::popup(frame, area, &super::printable(title));
    // The keys stay in view; the question scrolls above them.
    let footer_rows = footer_rows.min(inner.height);
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - footer_rows);
    super::scrolling(frame, area, body, text, *scroll, &app.scroll_limits.dialog);
    frame.render_widget(
        ratatui::widgets::Paragraph::new(footer).wrap(ratatui::widgets::Wrap { trim: false }),
        Rect::new(inner.x, body.y + body.height, inner.width, footer_rows),
    );
}
