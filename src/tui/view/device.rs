//! An in-app message drawn as the device shows it, inside an outline of the app's screen:
//! a banner at the top, middle or bottom, a modal in the middle, a full screen or a
//! carousel page over all of it (with its page dots), each with its image placeholder
//! (`[image: URL]`), header, body and buttons (`[Shop → myapp://gloves]`, `[Dismiss ✕]`) in
//! the message's colours, mapped to the terminal's palette and kept legible. Text is made
//! printable, wrapped, and a body too long for its box scrolls; a huge body is cut.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use crate::model::inapp::display::{Button, Displayed, Layout, Page, Text};
use crate::tui::palette::legible;
use crate::tui::theme;

/// The most characters of a body that are drawn (Pinpoint's console allows 150; the API
/// does not say); the rest is counted, not drawn.
pub const BODY_SHOWN: usize = 4000;

/// One line about the message: its layout (and the name it was sent as), the page, and
/// whose button overrides apply.
pub fn caption(message: &Displayed, page: usize) -> String {
    let mut text = message.layout.name().to_string();
    if let Some(sent) = &message.sent_layout
        && sent != message.layout.name()
    {
        text.push_str(&format!(" (sent as {sent})"));
    }
    if message.sent_layout.is_none() {
        text.push_str(" (no layout sent)");
    }
    if let Layout::Other(_) = message.layout {
        text.push_str(": not a layout Amplify draws; shown as a top banner");
    }
    let pages = message.pages.len();
    if pages > 1 {
        text.push_str(&format!(" · page {} of {pages}", page.min(pages - 1) + 1));
    }
    text.push_str(&format!(" · buttons for {}", message.platform.member()));
    if !message.custom_data.is_empty() {
        let data: Vec<String> = message
            .custom_data
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        text.push_str(&format!(" · custom data {}", data.join(", ")));
    }
    super::printable(&text)
}

fn alignment(text: &Text) -> Alignment {
    match text.align.as_str() {
        "left" => Alignment::Left,
        "right" => Alignment::Right,
        _ => Alignment::Center,
    }
}

/// A body's lines, printable, cut to `BODY_SHOWN` characters (the rest counted).
fn body_lines(body: &str) -> Vec<String> {
    let mut shown: String = body.chars().take(BODY_SHOWN).collect();
    let more = body.chars().count().saturating_sub(BODY_SHOWN);
    if more > 0 {
        shown.push_str(&format!("… ({more} more characters not drawn)"));
    }
    // Line breaks break lines; every other control character is made visible.
    shown.split('\n').map(super::printable).collect()
}

/// What a button does, as it is labelled: `[Shop → myapp://gloves]`, `[Dismiss ✕]`.
pub fn button_label(button: &Button) -> String {
    let title = super::printable(&button.title);
    match (button.action.as_str(), &button.url) {
        ("CLOSE", _) => format!("[{title} ✕]"),
        ("LINK" | "DEEP_LINK", Some(url)) => format!("[{title} → {}]", super::printable(url)),
        ("LINK" | "DEEP_LINK", None) => format!("[{title} → (no link)]"),
        (other, _) => format!("[{title} ({})]", super::printable(other)),
    }
}

/// The buttons' rows: the secondary then the primary on one row when they fit, else one a
/// row, each cut to the width; none without buttons.
fn button_lines(page: &Page, width: usize, true_color: bool) -> Vec<Line<'static>> {
    let background = page.background.as_deref();
    let buttons: Vec<(String, Style)> = [&page.secondary, &page.primary]
        .into_iter()
        .flatten()
        .map(|b| {
            let bg = b.background.as_deref().or(background);
            let style = legible(b.color.as_deref(), bg, true_color).add_modifier(Modifier::BOLD);
            (button_label(b), style)
        })
        .collect();
    // No buttons: no row for them.
    if buttons.is_empty() {
        return Vec::new();
    }
    let total: usize = buttons
        .iter()
        .map(|(t, _)| t.chars().count())
        .sum::<usize>()
        + 2 * buttons.len().saturating_sub(1);
    if total <= width {
        let mut spans = Vec::new();
        for (i, (text, style)) in buttons.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(text, style));
        }
        return vec![Line::from(spans).alignment(Alignment::Center)];
    }
    buttons
        .into_iter()
        .map(|(text, style)| {
            Line::from(Span::styled(super::clip(&text, width), style)).alignment(Alignment::Center)
        })
        .collect()
}

/// Draws `message` at `page` in `area` (the app's screen, outline included), the body
/// scrolled by `scroll` rows. Returns how far the body can scroll.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    message: &Displayed,
    page: usize,
    scroll: u16,
    true_color: bool,
) -> u16 {
    let screen = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme::plain())
        .title(format!(" app screen ({}) ", message.platform.name()));
    let inner = screen.inner(area);
    frame.render_widget(screen, area);
    if inner.width < 8 || inner.height < 3 {
        return 0;
    }
    let Some(content) = message
        .pages
        .get(page.min(message.pages.len().saturating_sub(1)))
    else {
        frame.render_widget(
            Paragraph::new(Line::styled("the message has no content", theme::hint())),
            inner,
        );
        return 0;
    };
    let carousel = message.layout == Layout::Carousel && message.pages.len() > 1;
    // The box's width and the rows of everything but the body.
    let width = match message.layout {
        Layout::FullScreen | Layout::Carousel => inner.width,
        Layout::Modal => (inner.width.saturating_sub(4)).min((inner.width * 3 / 4).max(34)),
        _ => inner.width.saturating_sub(2),
    };
    let text_width = width.saturating_sub(4).max(1);
    let style = legible(
        content.body.as_ref().map(|b| b.color.as_str()),
        content.background.as_deref(),
        true_color,
    );
    let header_style = legible(
        content.header.as_ref().map(|h| h.color.as_str()),
        content.background.as_deref(),
        true_color,
    )
    .add_modifier(Modifier::BOLD);
    let mut top: Vec<Line<'static>> = Vec::new();
    if let Some(url) = &content.image {
        top.push(
            Line::styled(
                super::clip(
                    &format!("[image: {}]", super::printable(url)),
                    text_width as usize,
                ),
                style,
            )
            .alignment(Alignment::Center),
        );
    }
    if let Some(header) = &content.header {
        let align = alignment(header);
        top.extend(
            header
                .content
                .split('\n')
                .map(|l| Line::styled(super::printable(l), header_style).alignment(align)),
        );
    }
    let top_rows = super::wrapped_rows_u16(top.clone(), text_width);
    let body: Vec<Line<'static>> = content
        .body
        .as_ref()
        .map(|b| {
            let align = alignment(b);
            body_lines(&b.content)
                .into_iter()
                .map(|l| Line::styled(l, style).alignment(align))
                .collect()
        })
        .unwrap_or_default();
    let body_rows = super::wrapped_rows_u16(body.clone(), text_width);
    let buttons = button_lines(content, text_width as usize, true_color);
    let button_rows = buttons.len() as u16;
    let dots = u16::from(carousel);
    // Rows inside the box: the top part, the body, a blank (when there is room) and the
    // buttons, the dots.
    let room = inner.height.saturating_sub(2);
    let gap = u16::from(button_rows > 0 && top_rows + body_rows + button_rows + dots < room);
    let fixed = top_rows + gap + button_rows + dots;
    let wanted = fixed + body_rows + 2;
    let height = match message.layout {
        Layout::FullScreen | Layout::Carousel => inner.height,
        _ => wanted.min(inner.height),
    };
    let x = inner.x + (inner.width - width) / 2;
    let y = match message.layout {
        Layout::MiddleBanner | Layout::Modal => inner.y + (inner.height - height) / 2,
        Layout::BottomBanner => inner.y + inner.height - height,
        _ => inner.y,
    };
    let frame_area = Rect::new(x, y, width, height);
    frame.render_widget(Clear, frame_area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(style)
        .style(style)
        .title(Line::from("✕").alignment(Alignment::Right));
    let inside = block.inner(frame_area);
    frame.render_widget(block, frame_area);
    if inside.height == 0 || inside.width < 3 {
        return 0;
    }
    let text_area = Rect::new(
        inside.x + 1,
        inside.y,
        inside.width.saturating_sub(2),
        inside.height,
    );
    // Rows from the top: the image and header, then the body in what is left.
    let top_shown = top_rows.min(text_area.height);
    frame.render_widget(
        Paragraph::new(top).wrap(Wrap { trim: false }),
        Rect::new(text_area.x, text_area.y, text_area.width, top_shown),
    );
    let bottom = (gap + button_rows + dots).min(text_area.height - top_shown);
    let body_room = text_area.height - top_shown - bottom;
    let limit = body_rows.saturating_sub(body_room);
    let scroll = scroll.min(limit);
    if body_room > 0 {
        let body_area = Rect::new(
            text_area.x,
            text_area.y + top_shown,
            text_area.width,
            body_room,
        );
        frame.render_widget(
            Paragraph::new(body)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            body_area,
        );
    }
    if limit > 0 {
        let more = match (scroll > 0, scroll < limit) {
            (true, true) => " ↑↓ more ",
            (true, false) => " ↑ more ",
            _ => " ↓ more ",
        };
        frame.render_widget(
            Paragraph::new(Line::styled(more, style)).alignment(Alignment::Right),
            Rect::new(
                frame_area.x + 1,
                frame_area.y + frame_area.height - 1,
                frame_area.width.saturating_sub(2),
                1,
            ),
        );
    }
    // The buttons (after a blank row) and the page dots at the bottom of the box.
    let mut rows: Vec<Line<'static>> = Vec::new();
    if bottom > dots {
        if gap > 0 {
            rows.push(Line::raw(""));
        }
        rows.extend(buttons);
    }
    if carousel {
        let dots: Vec<&str> = (0..message.pages.len())
            .map(|i| if i == page { "●" } else { "○" })
            .collect();
        rows.push(Line::styled(dots.join(" "), style).alignment(Alignment::Center));
    }
    let shown = (rows.len() as u16).min(bottom);
    let skip = rows.len() - shown as usize;
    frame.render_widget(
        Paragraph::new(rows.into_iter().skip(skip).collect::<Vec<_>>()),
        Rect::new(
            text_area.x,
            text_area.y + text_area.height - shown,
            text_area.width,
            shown,
        ),
    );
    limit
}
