//! A confirmation that says what will happen: y goes ahead, n (or esc) does not; enter goes
//! ahead only where nothing is deleted, overwritten, discarded or written, and the keys shown
//! (as the keymap binds them) say so. Long questions (a bulk run's plan) wrap and scroll above the keys.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::{App, Dialog, Question};
use crate::tui::keymap::Action;
use crate::tui::theme;

pub fn draw(app: &App, frame: &mut Frame) {
    let Some(Dialog::Confirm(question)) = &app.dialog else {
        return;
    };
    let Question {
        title,
        lines,
        pending,
        hold,
        ..
    } = question;
    let destructive = pending.destructive();
    let (y, ok) = (app.keymap.label(Action::Yes), app.keymap.label(Action::Ok));
    let yes = super::printable(&question.yes);
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
    let notice = match (hold, question.refused_enter) {
        (Some(hold), _) => Some(Line::styled(format!("{y} waits: {hold}"), theme::hint())),
        (None, true) => Some(Line::styled(
            format!(
                "{} does not confirm this: press {y} to {yes}.",
                super::capitalize(&ok)
            ),
            theme::warning(),
        )),
        (None, false) => None,
    };
    let y_style = if hold.is_some() {
        theme::unavailable()
    } else {
        theme::bold()
    };
    let mut keys = vec![Span::styled(y.clone(), y_style)];
    if !destructive {
        keys.push(Span::raw(" / "));
        keys.push(Span::styled(ok, y_style));
    }
    // The first no key in bold, the others after it.
    let no = app.keymap.keys(Action::No);
    let first_no = no
        .first()
        .map_or_else(|| app.keymap.label(Action::No), ToString::to_string);
    let other_no: String = no.iter().skip(1).map(|k| format!(" / {k}")).collect();
    keys.extend([
        Span::raw(format!(" {yes}    ")),
        Span::styled(first_no, theme::bold()),
        Span::raw(format!("{other_no} {}", pending.cancel_word())),
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
    // The keys stay in view; the question scrolls above them.
    let popup = super::footed_popup(frame, title, width, rows, footer_rows);
    let footer = Paragraph::new(footer).wrap(Wrap { trim: false });
    super::scrolling_above(
        app,
        frame,
        popup,
        text,
        question.scroll,
        footer,
        footer_rows,
    );
}
