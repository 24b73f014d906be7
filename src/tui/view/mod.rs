//! The view: a pure function of the state that draws one frame. One file per pane.

pub mod bulk;
pub mod confirm;
pub mod device;
pub mod form;
pub mod header;
pub mod help;
pub mod inapp;
pub mod json;
pub mod keybar;
pub mod lists;
pub mod message;
pub mod opened;
pub mod picker;
pub mod preview;
pub mod prompt;
pub mod sections;
pub mod segments;
pub mod status;

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Dialog, Focus};
use super::keymap::Action;
use super::layout::layout;
use super::theme;

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let areas = layout(area.width, area.height);
    header::draw(app, frame, areas.header);
    sections::draw(app, frame, areas.sections, areas.tabs);
    form::draw(app, frame, areas.form);
    preview::draw(app, frame, areas.preview);
    status::draw(app, frame, areas.status);
    keybar::draw(app, frame, areas.keybar);
    match &app.dialog {
        Some(Dialog::Help { scroll }) => help::draw(app, frame, *scroll),
        Some(Dialog::Confirm(_)) => confirm::draw(app, frame),
        Some(Dialog::Message { .. }) => message::draw(app, frame),
        Some(Dialog::Prompt { kind, input, error }) => {
            prompt::draw(app, frame, kind, input, error.as_deref())
        }
        Some(Dialog::Picker(picker)) => picker::draw(frame, picker),
        Some(Dialog::Bulk(run)) => bulk::draw(app, frame, run),
        Some(Dialog::Opened(opened)) => opened::draw(app, frame, opened),
        None => {}
    }
}

/// A bordered pane, highlighted when it has the keyboard.
pub fn pane(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        theme::focused_border()
    } else {
        theme::plain()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title)
}

pub fn focused(app: &App, focus: Focus) -> bool {
    app.dialog.is_none() && app.focus == focus
}

/// A rectangle centred in `area`, at most `width` x `height`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears a popup's rectangle and draws its frame; returns the inside.
pub fn popup(frame: &mut Frame, area: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focused_border())
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A popup `width` wide (its border included) titled `title`, as high as `text_rows` rows of
/// text and `footer_rows` rows of footer need, centred in the frame (and cut to it): the
/// popup and its inside.
pub fn footed_popup(
    frame: &mut Frame,
    title: &str,
    width: u16,
    text_rows: u16,
    footer_rows: u16,
) -> (Rect, Rect) {
    let height = text_rows.saturating_add(footer_rows).saturating_add(2);
    let area = centered(frame.area(), width, height);
    let inner = popup(frame, area, &printable(title));
    (area, inner)
}

/// Inside a `footed_popup`: `text` scrolls (by `scroll`) above `footer`, whose last
/// `footer_rows` rows (as many as fit) stay in view.
pub fn scrolling_above(
    app: &App,
    frame: &mut Frame,
    (area, inner): (Rect, Rect),
    text: Vec<Line<'static>>,
    scroll: u16,
    footer: Paragraph<'static>,
    footer_rows: u16,
) {
    let footer_rows = footer_rows.min(inner.height);
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - footer_rows);
    scrolling(
        app,
        frame,
        area,
        body,
        text,
        scroll,
        &app.scroll_limits.dialog,
    );
    frame.render_widget(
        footer,
        Rect::new(inner.x, body.y + body.height, inner.width, footer_rows),
    );
}

/// `text` wrapped in `area` and scrolled as the preview pane is, its last row no higher than
/// the bottom (the limit is kept for the scrolling keys).
pub fn preview_text<'a>(app: &App, frame: &mut Frame, text: impl Into<Text<'a>>, area: Rect) {
    let text = text.into();
    let limit = wrapped_rows_u16(text.clone(), area.width).saturating_sub(area.height);
    app.scroll_limits.preview.set(limit);
    let paragraph = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .scroll((app.preview_scroll.min(limit), 0));
    frame.render_widget(paragraph, area);
}

/// The rows of a list `height` rows high that keep `selected` in view, each with its index.
pub fn in_view<T>(
    items: &[T],
    selected: usize,
    height: usize,
) -> impl Iterator<Item = (usize, &T)> {
    let offset = selected.saturating_sub(height.saturating_sub(1));
    items.iter().enumerate().skip(offset).take(height)
}

/// The scrolling keys as a dialog's last row says them: `↑↓ PgUp PgDn scroll`.
pub fn scroll_keys(app: &App) -> String {
    format!(
        "{} {} {} scroll",
        app.keymap.pair(Action::Up, Action::Down),
        app.keymap.label(Action::PageUp),
        app.keymap.label(Action::PageDown)
    )
}

/// The word with its first letter in upper case.
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Cuts a string to `width` characters, marking the cut with `…`.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Cuts a string to `width` characters in its middle, so that both ends stay readable
/// (`0123…cdef` for an id).
pub fn clip_middle(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    if width <= 1 {
        return "…".chars().take(width).collect();
    }
    let tail = (width - 1) / 2;
    let head = width - 1 - tail;
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(count - tail));
    out
}

/// `text` word-wrapped at `width` columns in at most `rows` rows, the last one cut with `…`
/// when there is more.
pub fn wrap_clipped(text: &str, width: usize, rows: usize) -> Vec<String> {
    let mut lines: Vec<String> = textwrap::wrap(text, width.max(1))
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.len() > rows && rows > 0 {
        // The last row holds what is left, cut at the edge.
        let rest = lines[rows - 1..].join(" ");
        lines.truncate(rows - 1);
        lines.push(clip(&rest, width));
    }
    lines.truncate(rows);
    lines
}

/// The rows that text takes word-wrapped at `width` columns, exactly as a `Paragraph` with
/// `Wrap { trim: false }` draws it (ratatui's own count).
pub fn wrapped_rows<'a>(text: impl Into<Text<'a>>, width: u16) -> usize {
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .line_count(width)
}

/// Draws text in `body` of the popup `popup`, word-wrapped and scrolled by `scroll` rows,
/// never past where its last row reaches the bottom; that limit goes to `limit` for the
/// scroll keys. The popup's border says when there is more above or below.
pub fn scrolling(
    app: &App,
    frame: &mut Frame,
    popup: Rect,
    body: Rect,
    lines: Vec<Line<'static>>,
    scroll: u16,
    limit: &Cell<u16>,
) {
    let rows = wrapped_rows_u16(lines.clone(), body.width);
    let most = rows.saturating_sub(body.height);
    limit.set(most);
    // A smaller terminal than when the text was scrolled: the last row stays at the bottom.
    let scroll = scroll.min(most);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        body,
    );
    if popup.height > 2 && popup.width > 24 {
        let mut border = |y: u16, text: &str| {
            frame.render_widget(
                Paragraph::new(Line::styled(text, theme::bold())).alignment(Alignment::Right),
                Rect::new(popup.x + 1, y, popup.width - 2, 1),
            )
        };
        if scroll > 0 {
            border(popup.y, " ↑ more ");
        }
        if scroll < most {
            let keys = app.keymap.pair(Action::Up, Action::Down);
            border(
                popup.y + popup.height - 1,
                &format!(" ↓ more: {keys} scroll "),
            );
        }
    }
}

/// `wrapped_rows` as a scroll offset.
pub fn wrapped_rows_u16<'a>(text: impl Into<Text<'a>>, width: u16) -> u16 {
    wrapped_rows(text, width).try_into().unwrap_or(u16::MAX)
}

pub use crate::text::printable;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_in_the_middle_keeps_both_ends() {
        assert_eq!(
            clip_middle("0123456789abcdef0123456789abcdef", 9),
            "0123…cdef"
        );
        assert_eq!(clip_middle("short", 9), "short");
        assert_eq!(clip_middle("abcdef", 4), "ab…f");
        assert_eq!(clip_middle("abcdef", 1), "…");
        assert_eq!(clip_middle("abcdef", 0), "");
    }

    #[test]
    fn wrapped_text_keeps_to_its_rows_and_says_when_it_is_cut() {
        let text = "event purchase item=gloves: gloves-promo is the only qualifying message";
        assert_eq!(
            wrap_clipped(text, 40, 3),
            [
                "event purchase item=gloves: gloves-promo",
                "is the only qualifying message"
            ]
        );
        // The last row holds what is left, up to the edge.
        assert_eq!(
            wrap_clipped(text, 30, 2),
            [
                "event purchase item=gloves:",
                "gloves-promo is the only qual…"
            ]
        );
        assert_eq!(wrap_clipped(text, 20, 1), ["event purchase item…"]);
        assert!(wrap_clipped(text, 20, 0).is_empty());
    }
}
