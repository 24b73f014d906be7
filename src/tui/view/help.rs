//! Help: every action with its keys, the keys of each pane, and where the files are. Each
//! entry is wrapped to the popup's width under its own text (a key's description under the
//! description, a sentence under its first word).

use ratatui::Frame;
use ratatui::text::{Line, Span};

use crate::tui::app::App;
use crate::tui::keymap::Action;
use crate::tui::theme;

/// A key and what it does, the description in its own span (continuation rows go under it).
fn key_row(keys: &str, what: &str) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("  {keys:<22} ")),
        Span::raw(what.to_string()),
    ])
}

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(
        "Actions (anywhere, also while typing)",
        theme::bold(),
    )];
    for action in Action::ALL.into_iter().filter(|a| !a.in_view()) {
        let mut what = action.describe().to_string();
        if action.writes() && app.read_only() {
            what.push_str(" (unavailable: read-only target)");
        }
        out.push(key_row(&app.keymap.labels(action), &what));
    }
    out.push(key_row("q / ?", "quit / help (outside text fields)"));
    out.push(Line::raw(""));
    out.push(Line::styled(
        "In the Segments and In-app views (preview pane focused) and an opened message",
        theme::bold(),
    ));
    for action in Action::ALL.into_iter().filter(|a| a.in_view()) {
        out.push(key_row(&app.keymap.labels(action), action.describe()));
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Form", theme::bold()));
    // (keys, what they do), or ("", a sentence).
    for (keys, text) in [
        (
            "↑ ↓ / enter",
            "previous / next field; text fields are typed into directly",
        ),
        (
            "ctrl+u / ctrl+r",
            "undo / redo in the field being typed into",
        ),
        (
            "← →  space  del",
            "choose a value / unset (channel type, opt-out, status)",
        ),
        ("esc", "back to the section list"),
        ("", "Lists (attributes, user attributes, metrics)"),
        ("← →", "names / values column"),
        (
            "enter (e)",
            "edit the name or value; enter or esc when done",
        ),
        ("a / insert", "add a name or a value"),
        ("d / delete", "remove the name or value"),
        ("alt+↑ ↓ (K / J)", "move a value up or down"),
        (
            "",
            "  a name with no values sends [] (Pinpoint clears that attribute)",
        ),
        ("", "Sections: ↑ ↓ or 1-6 choose, enter edits."),
        (
            "",
            "Preview: follows the section being edited; ↑ ↓ PgUp PgDn scroll, g / G top / end.",
        ),
        (
            "",
            "Segments view (the preview key cycles to it): ↑ ↓ choose a segment, PgUp / PgDn \
             scroll its criteria.",
        ),
        (
            "",
            "In-app view (next in the cycle): each in-app campaign gets ✓, ✗ or ? for the form \
             as it is edited; ↑ ↓ choose one, PgUp / PgDn scroll its reasons or its message.",
        ),
        (
            "",
            "  Firing an event (NAME K=V... K:=N...) marks the message the app displays ▶, the \
             ones that qualify but lose ✓, the others ✗, those not on the device –.",
        ),
        (
            "",
            "  Nothing is sent: the decision is the Amplify client's, on a fresh device.",
        ),
        (
            "",
            "Pickers: type to filter, ↑ ↓ choose, enter loads or picks, esc closes.",
        ),
        (
            "",
            "  Profiles: del removes, F2 renames, F6 creates many endpoints from the profile \
             (COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]] and the options of the bulk \
             command: --address, --start, --vary). The plan is shown first: the ids, the \
             target, every warning and the stored endpoints that would become INACTIVE; y \
             starts the run, esc goes back to the prompt; esc cancels a run.",
        ),
        (
            "",
            "  A user's endpoints: del deletes them all, after asking.",
        ),
        (
            "",
            "  Campaigns and in-app templates: enter opens one as the device shows it.",
        ),
        (
            "",
            "Questions: y goes ahead, n or esc does not; enter goes ahead only where nothing \
             is deleted, overwritten, discarded or written. ↑ ↓ scroll a long one.",
        ),
        (
            "",
            "A message cut at the edge of the status line, or several problems (a blocked \
             submit's errors), is shown in full with the show-message key.",
        ),
        (
            "",
            "Paste a JSON endpoint (Amplify userInfo, EndpointRequest, GetEndpoint output) \
             outside a text field to load it. Mouse: click a section, a field or a pane.",
        ),
    ] {
        out.push(if keys.is_empty() {
            Line::raw(text)
        } else {
            key_row(keys, text)
        });
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Files", theme::bold()));
    let p = &app.paths;
    for (what, path) in [
        ("config", p.config_file()),
        ("profiles", p.profiles_dir()),
        ("data", p.data_dir.clone()),
        ("sandbox", p.sandbox_db()),
        ("draft", p.draft_file()),
        ("log", p.log_file()),
    ] {
        out.push(Line::raw(format!("  {what:<9} {}", path.display())));
    }
    if !app.notices.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Configuration problems", theme::bold()));
        out.extend(
            app.notices
                .iter()
                .map(|n| Line::styled(format!("  {n}"), theme::warning())),
        );
    }
    out
}

/// Where the continuation rows of an entry start: under a key's description (after its
/// first span), else two columns in from the entry.
fn hang(line: &Line<'_>, text: &str) -> usize {
    match line.spans.as_slice() {
        [keys, _, ..] => keys.content.chars().count(),
        _ => text.len() - text.trim_start().len() + 2,
    }
}

/// One entry as rows of `width`, continuation rows under [`hang`], in the entry's style.
fn wrapped(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let style = line.style;
    let span_style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let hang = hang(&line, &text);
    if text.chars().count() <= width || hang + 8 > width {
        return vec![line];
    }
    let indent = " ".repeat(hang);
    let options = textwrap::Options::new(width).subsequent_indent(&indent);
    textwrap::wrap(&text, options)
        .into_iter()
        .map(|row| Line::from(Span::styled(row.into_owned(), span_style)).style(style))
        .collect()
}

pub fn draw(app: &App, frame: &mut Frame, scroll: u16) {
    let area = super::centered(frame.area(), 96, 44);
    let inner = super::popup(frame, area, "Help (esc closes)");
    let width = inner.width as usize;
    let lines = lines(app)
        .into_iter()
        .flat_map(|line| wrapped(line, width))
        .collect();
    // The files and any configuration problems come last.
    super::scrolling(frame, area, inner, lines, scroll, &app.scroll_limits.help);
}
