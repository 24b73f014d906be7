//! The header: target, application, loaded profile and the unsaved marker. Where it does not
//! fit, the application id and then the form's name are cut in their middle (both ends of an
//! id stay readable), the console's name goes, and the unsaved marker always stays.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Link};
use crate::tui::theme;

/// The shortest an id or a name is cut to.
const MIN_CUT: usize = 9;

/// `text` cut to `width` in its middle; where it names something in backquotes
/// (`fetched \`qa-ios-0001\``), the name inside is cut instead, so that the words around it
/// and both ends of the name stay.
fn cut_name(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let quoted: Vec<&str> = text.splitn(3, '`').collect();
    if let [before, name, after] = quoted.as_slice() {
        let around = before.chars().count() + after.chars().count() + 2;
        if width >= around + 5 {
            return format!(
                "{before}`{}`{after}",
                super::clip_middle(name, width - around)
            );
        }
    }
    super::clip_middle(text, width)
}

/// The header's spans for a row `width` columns wide.
pub fn spans(app: &App, width: usize) -> Vec<Span<'static>> {
    let title = vec![
        Span::styled(" pinpoint-console ", theme::bold()),
        Span::raw("│ "),
    ];
    // The target (with and without the words `target` and `app`), the application id apart:
    // it is cut first.
    let mut target: Vec<Span<'static>> = Vec::new();
    let mut bare: Vec<Span<'static>> = Vec::new();
    let mut app_id: Option<String> = None;
    match &app.link {
        Link::Connected(c) => {
            let name = Span::styled(super::printable(&c.target), theme::accent());
            target.push(Span::raw("target "));
            target.push(name.clone());
            bare.push(name);
            if c.read_only {
                let read_only = Span::styled(" (read-only)", theme::warning());
                target.push(read_only.clone());
                bare.push(read_only);
            }
            target.push(Span::raw(" │ app "));
            bare.push(Span::raw(" │ "));
            app_id = Some(c.application_id.clone());
        }
        Link::Connecting { target: t } => target.push(Span::raw(format!(
            "target {} (connecting…)",
            super::printable(t)
        ))),
        Link::Failed { target: t, .. } => {
            target.push(Span::raw(format!("target {} ", super::printable(t))));
            target.push(Span::styled("(not connected)", theme::error()));
        }
    }
    if bare.is_empty() {
        bare = target.clone();
    }
    // The form: a profile's name, where it came from, or a new form.
    let (form_prefix, form_name, form_style): (&str, String, Style) =
        match (&app.profile, &app.origin) {
            (Some(p), _) => ("profile ", super::printable(p), theme::bold()),
            (None, Some(origin)) => ("", super::printable(origin), theme::plain()),
            (None, None) => ("", "new form".into(), theme::plain()),
        };
    let unsaved = app.dirty();

    let len = |spans: &[Span<'_>]| {
        spans
            .iter()
            .map(|s| s.content.chars().count())
            .sum::<usize>()
    };
    // Level 2: the title and the words; 1: the words; 0: neither.
    let build = |level: u8, id: Option<String>, name: String, marker: &str| {
        let mut out = if level == 2 {
            title.clone()
        } else {
            Vec::new()
        };
        out.extend(if level >= 1 { &target } else { &bare }.iter().cloned());
        if let Some(id) = id {
            out.push(Span::styled(id, theme::accent()));
        }
        out.push(Span::raw(" │ "));
        out.push(Span::raw(form_prefix));
        out.push(Span::styled(name, form_style));
        if unsaved {
            out.push(Span::styled(marker.to_string(), theme::warning()));
        }
        out
    };
    let short_id = app_id.as_deref().map(|id| super::clip_middle(id, MIN_CUT));
    // Each attempt gives up a little more, until the row fits.
    let mut attempts = vec![
        build(2, app_id.clone(), form_name.clone(), " ● unsaved"),
        build(2, short_id.clone(), form_name.clone(), " ● unsaved"),
        build(1, short_id.clone(), form_name.clone(), " ● unsaved"),
    ];
    // The form's name cut to the room left (at least MIN_CUT): with the words, without
    // them, then with the marker alone.
    for (level, marker) in [(1, " ● unsaved"), (0, " ● unsaved"), (0, " ●")] {
        let without_name = len(&build(level, short_id.clone(), String::new(), marker));
        let room = width.saturating_sub(without_name).max(MIN_CUT);
        // The words go before the name is cut to less than this.
        if level == 1 && room < 2 * MIN_CUT {
            continue;
        }
        attempts.push(build(
            level,
            short_id.clone(),
            cut_name(&form_name, room),
            marker,
        ));
    }
    let last = attempts.pop().unwrap_or_default();
    attempts
        .into_iter()
        .find(|spans| len(spans) <= width)
        .unwrap_or(last)
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = spans(app, area.width as usize);
    // What still does not fit is cut before the unsaved marker, which stays.
    let total: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    if total > area.width as usize && app.dirty() {
        let marker = spans.pop();
        let room = (area.width as usize)
            .saturating_sub(marker.as_ref().map_or(0, |m| m.content.chars().count()));
        let mut kept = Vec::new();
        let mut used = 0;
        for span in spans {
            let n = span.content.chars().count();
            if used + n <= room {
                used += n;
                kept.push(span);
            } else {
                let rest: String = span.content.chars().take(room - used).collect();
                kept.push(Span::styled(rest, span.style));
                break;
            }
        }
        kept.extend(marker);
        spans = kept;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_backquotes_is_cut_inside_them() {
        let origin = "fetched `0123456789abcdef0123456789abcdef`";
        assert_eq!(cut_name(origin, 20), "fetched `01234…cdef`");
        assert_eq!(cut_name(origin, 100), origin);
        assert_eq!(cut_name("a new form with no quotes", 9), "a ne…otes");
    }
}
