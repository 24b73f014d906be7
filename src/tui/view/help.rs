//! Help: every action with its keys, the keys of each pane, and where the files are.

use ratatui::Frame;
use ratatui::text::Line;

use crate::tui::app::App;
use crate::tui::keymap::Action;
use crate::tui::theme;

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(
        "Actions (anywhere, also while typing)",
        theme::bold(),
    )];
    for action in Action::ALL.into_iter().filter(|a| !a.in_view()) {
        let mut text = format!("  {:<22} {}", app.keymap.labels(action), action.describe());
        if action.writes() && app.read_only() {
            text.push_str(" (unavailable: read-only target)");
        }
        out.push(Line::raw(text));
    }
    out.push(Line::raw(
        "  q / ?                  quit / help (outside text fields)",
    ));
    out.push(Line::raw(""));
    out.push(Line::styled(
        "In the Segments and In-app views (preview pane focused) and an opened message",
        theme::bold(),
    ));
    for action in Action::ALL.into_iter().filter(|a| a.in_view()) {
        out.push(Line::raw(format!(
            "  {:<22} {}",
            app.keymap.labels(action),
            action.describe()
        )));
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Form", theme::bold()));
    for text in [
        "  ↑ ↓ / enter            previous / next field; text fields are typed into directly",
        "  ctrl+u / ctrl+r        undo / redo in the field being typed into",
        "  ← →  space  del        choose a value / unset (channel type, opt-out, status)",
        "  esc                    back to the section list",
        "Lists (attributes, user attributes, metrics)",
        "  ← →                    names / values column",
        "  enter (e)              edit the name or value; enter or esc when done",
        "  a / insert             add a name or a value",
        "  d / delete             remove the name or value",
        "  alt+↑ ↓ (K / J)        move a value up or down",
        "  a name with no values sends [] (Pinpoint clears that attribute)",
        "Sections: ↑ ↓ or 1-6 choose, enter edits.",
        "Preview: follows the section being edited; ↑ ↓ PgUp PgDn scroll, g / G top / end.",
        "Segments view (the preview key cycles to it): ↑ ↓ choose a segment,",
        "  PgUp / PgDn scroll its criteria.",
        "In-app view (next in the cycle): each in-app campaign gets ✓, ✗ or ? for the form",
        "  as it is edited; ↑ ↓ choose one, PgUp / PgDn scroll its reasons or its message.",
        "  Firing an event (NAME K=V... K:=N...) marks the message the app displays ▶,",
        "  the ones that qualify but lose ✓, the others ✗, those not on the device –.",
        "  Nothing is sent: the decision is the Amplify client's, on a fresh device.",
        "Pickers: type to filter, ↑ ↓ choose, enter loads or picks, esc closes.",
        "  Profiles: del removes, F2 renames, F6 creates many endpoints from the profile",
        "  (COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]] and the options of the bulk",
        "  command: --address, --start, --vary). The plan is shown first: the ids, the",
        "  target, every warning and the stored endpoints that would become INACTIVE;",
        "  y starts the run, esc goes back to the prompt; esc cancels a run.",
        "  A user's endpoints: del deletes them all, after asking.",
        "Questions: y goes ahead, n or esc does not; enter goes ahead only where nothing",
        "  is deleted, overwritten, discarded or written. ↑ ↓ scroll a long one.",
        "A message cut at the edge of the status line, or several problems (a blocked",
        "  submit's errors), is shown in full with the show-message key.",
        "Paste a JSON endpoint (Amplify userInfo, EndpointRequest, GetEndpoint output)",
        "outside a text field to load it. Mouse: click a section, a field or a pane.",
    ] {
        out.push(Line::raw(text));
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

pub fn draw(app: &App, frame: &mut Frame, scroll: u16) {
    let area = super::centered(frame.area(), 96, 44);
    let inner = super::popup(frame, area, "Help (esc closes)");
    // The files and any configuration problems come last.
    super::scrolling(
        frame,
        area,
        inner,
        lines(app),
        scroll,
        &app.scroll_limits.help,
    );
}
