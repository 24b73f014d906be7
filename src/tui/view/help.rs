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

/// The keys of the keymap as help writes them.
struct Keys<'a>(&'a App);

impl Keys<'_> {
    fn one(&self, action: Action) -> String {
        self.0.keymap.label(action)
    }

    /// The last key of an action (the letter of `home, g`).
    fn last(&self, action: Action) -> String {
        self.0
            .keymap
            .keys(action)
            .last()
            .map_or_else(|| self.one(action), ToString::to_string)
    }

    /// Every key of an action, joined by `sep`.
    fn all(&self, action: Action, sep: &str) -> String {
        self.0.keymap.joined(action, sep)
    }

    /// Two actions' first keys, `↑ ↓`, `alt+↑ ↓` (a shared modifier written once).
    fn pair(&self, first: Action, second: Action) -> String {
        let (a, b) = (self.one(first), self.one(second));
        match (a.rfind('+'), b.rfind('+')) {
            (Some(i), Some(j)) if a[..=i] == b[..=j] && j + 1 < b.len() => {
                format!("{a} {}", &b[j + 1..])
            }
            _ => format!("{a} {b}"),
        }
    }
}

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let k = Keys(app);
    let mut out = vec![Line::styled(
        "Actions (anywhere, also while typing; the list keys in a list)",
        theme::bold(),
    )];
    for action in Action::ALL.into_iter().filter(|a| !a.in_view()) {
        let mut what = action.describe().to_string();
        if action.writes() && app.read_only() {
            what.push_str(" (unavailable: read-only target)");
        }
        out.push(key_row(&app.keymap.labels(action), &what));
    }
    out.push(key_row(
        &format!("{} / {}", k.one(Action::PaneQuit), k.one(Action::PaneHelp)),
        "quit / help (in the section list and the preview)",
    ));
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
    let updown = k.pair(Action::Up, Action::Down);
    let pages = format!("{} / {}", k.one(Action::PageUp), k.one(Action::PageDown));
    let mut choose = k.pair(Action::PrevChoice, Action::NextChoice);
    for key in app.keymap.keys(Action::NextChoice).iter().skip(1) {
        choose.push_str(&format!("  {key}"));
    }
    choose.push_str(&format!("  {}", k.one(Action::UnsetChoice)));
    let (yes, ok, close) = (k.one(Action::Yes), k.one(Action::Ok), k.one(Action::Close));
    out.extend([
        key_row(
            &format!("{updown} / {}", k.one(Action::NextField)),
            "previous / next field; text fields are typed into directly",
        ),
        key_row(
            &choose,
            "choose a value / unset (channel type, opt-out, status)",
        ),
        // Letters jump: that is typing, not a key of the keymap.
        key_row(
            "a-z",
            "on a value list: jump to the value the letters start (e → EMAIL); the same \
             letter again goes to the next one",
        ),
        key_row(&k.one(Action::Back), "back to the section list"),
        Line::raw("Lists (attributes, user attributes, metrics)"),
        key_row(
            &k.pair(Action::NamesColumn, Action::ValuesColumn),
            "names / values column",
        ),
        key_row(
            &format!("type / {}", k.one(Action::EditRow)),
            &format!(
                "edit the name or value (what is typed goes at its end); {} when done",
                k.all(Action::EditDone, " or ")
            ),
        ),
        key_row(
            &k.pair(Action::MoveValueUp, Action::MoveValueDown),
            "move a value up or down",
        ),
        Line::raw("  a name with no values sends [] (Pinpoint clears that attribute)"),
        Line::raw(format!(
            "Sections: {updown} or {}-{} choose, {} edits the section from its first field.",
            k.one(Action::Section1),
            k.one(Action::Section6),
            k.one(Action::EditSection)
        )),
        Line::raw(format!(
            "Preview: follows the section being edited; {updown} {} {} scroll, {} / {} top \
             / end, {} back to the form.",
            k.one(Action::PageUp),
            k.one(Action::PageDown),
            k.last(Action::Top),
            k.last(Action::Bottom),
            k.one(Action::Back)
        )),
        Line::raw(
            "  After a fetch, a load from a user lookup or a submit, the cycle ends with the \
             stored record (GetEndpoint) with the fields that differ from the form marked; \
             after a submit, what the write changed (before → after) or that it created the \
             endpoint. The Amplify userInfo lists what of the form it has no place for.",
        ),
        Line::raw(format!(
            "Segments view (the preview key cycles to it): {updown} choose a segment, \
             {pages} scroll its criteria."
        )),
        Line::raw(format!(
            "In-app view (next in the cycle): each in-app campaign gets ✓, ✗ or ? for the \
             form as it is edited; {updown} choose one, {pages} scroll its reasons or its \
             message."
        )),
        Line::raw(
            "  Firing an event (NAME K=V... K:=N...) marks the message the app displays ▶, the \
             ones that qualify but lose ✓, the others ✗, those not on the device –.",
        ),
        Line::raw("  Nothing is sent: the decision is the Amplify client's, on a fresh device."),
        Line::raw(format!(
            "Pickers: type to filter, {updown} choose, {ok} loads or picks, {close} closes."
        )),
        Line::raw(format!(
            "  Profiles: {} removes, {} renames, {} creates many endpoints from the profile \
             (COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]] and the options of the bulk \
             command: --address, --start, --vary). The plan is shown first: the ids, the \
             target, every warning and the stored endpoints that would become INACTIVE; \
             {yes} starts the run, {} goes back to the prompt; {} cancels a run.",
            k.one(Action::RemoveSelected),
            k.one(Action::RenameProfile),
            k.one(Action::BulkFromProfile),
            k.last(Action::No),
            k.one(Action::Cancel)
        )),
        Line::raw(format!(
            "  A user's endpoints: {ok} loads one and shows its stored record; {} deletes \
             the selected one, the delete action's key (above) all of them, each after \
             asking.",
            k.one(Action::RemoveSelected)
        )),
        Line::raw(format!(
            "  Campaigns and in-app templates: {ok} opens one as the device shows it."
        )),
        Line::raw(format!(
            "Questions: {yes} goes ahead, {} does not; {ok} goes ahead only where nothing \
             is deleted, overwritten, discarded or written. {updown} scroll a long one.",
            k.all(Action::No, " or ")
        )),
        Line::raw(
            "A message cut at the edge of the status line, or several problems (a blocked \
             submit's errors), is shown in full with the show-message key.",
        ),
        Line::raw(format!(
            "Paste a JSON endpoint (Amplify userInfo, EndpointRequest, GetEndpoint output) \
             outside a text field to load it; pasted into a text field, {yes} loads it. \
             Mouse: click a section, a field or a pane."
        )),
    ]);
    out.push(Line::raw(""));
    out.push(Line::styled("Files", theme::bold()));
    for (what, path) in app.paths.all() {
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
    let title = format!("Help ({} closes)", app.keymap.label(Action::Close));
    let inner = super::popup(frame, area, &title);
    let width = inner.width as usize;
    let lines = lines(app)
        .into_iter()
        .flat_map(|line| wrapped(line, width))
        .collect();
    // The files and any configuration problems come last.
    super::scrolling(
        app,
        frame,
        area,
        inner,
        lines,
        scroll,
        &app.scroll_limits.help,
    );
}
