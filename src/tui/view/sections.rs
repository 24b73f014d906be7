//! The section list (or tab strip on narrow terminals): each section with its count and a
//! problem marker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus};
use crate::tui::form::{Section, problem_counts};
use crate::tui::keymap::Action;
use crate::tui::theme;

fn count(app: &App, section: Section) -> Option<usize> {
    match section {
        Section::Attributes | Section::UserAttributes | Section::Metrics => {
            Some(app.form.names(section).len())
        }
        _ => None,
    }
}

fn marker(app: &App, section: Section) -> Span<'static> {
    match problem_counts(&app.problems, section) {
        (0, 0) => Span::raw(""),
        (0, w) => Span::styled(format!(" !{w}"), theme::warning()),
        (e, _) => Span::styled(format!(" ✗{e}"), theme::error()),
    }
}

/// The shortest names, for tabs narrower than the short ones.
fn tiny(section: Section) -> &'static str {
    match section {
        Section::Identity => "Id",
        Section::Attributes => "Attr",
        Section::Demographic => "Demo",
        Section::Location => "Loc",
        Section::Metrics => "Metr",
        Section::UserAttributes => "User",
    }
}

/// A tab's label for a tab `width` columns wide, with its count and problem marker: the short
/// name, else the shortest, else cut; one column always stays free, the gap to the next tab.
fn tab_label(section: Section, count: &str, marker: usize, width: usize) -> String {
    let room = width.saturating_sub(1 + marker);
    [short(section), tiny(section)]
        .into_iter()
        .map(|name| format!("{name}{count}"))
        .find(|label| label.chars().count() <= room)
        .unwrap_or_else(|| {
            let name_room = room.saturating_sub(count.chars().count());
            format!("{}{count}", super::clip(tiny(section), name_room))
        })
}

fn short(section: Section) -> &'static str {
    match section {
        Section::Identity => "Identity",
        Section::Attributes => "Attrs",
        Section::Demographic => "Demogr.",
        Section::Location => "Location",
        Section::Metrics => "Metrics",
        Section::UserAttributes => "User attrs",
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, tabs: bool) {
    let focused = super::focused(app, Focus::Sections);
    if tabs {
        let width = (area.width / Section::ALL.len() as u16) as usize;
        let spans: Vec<Span> = Section::ALL
            .iter()
            .flat_map(|s| {
                let n = count(app, *s).map(|n| format!("({n})")).unwrap_or_default();
                let m = marker(app, *s);
                let text = tab_label(*s, &n, m.content.chars().count(), width);
                let pad = width.saturating_sub(text.chars().count() + m.content.chars().count());
                let style = theme::row(*s == app.section, focused);
                vec![Span::styled(text, style), m, Span::raw(" ".repeat(pad))]
            })
            .collect();
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let lines: Vec<Line> = Section::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = count(app, *s)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let style = theme::row(*s == app.section, focused);
            Line::from(vec![
                // Each section's number is its key.
                Span::styled(
                    format!("{} {}{n}", app.keymap.label(Action::SECTIONS[i]), s.title()),
                    style,
                ),
                marker(app, *s),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(super::pane(" Sections ".into(), focused)),
        area,
    );
}
