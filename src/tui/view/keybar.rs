//! The key bar: the keys of the focused pane, then the global ones, as many as fit. Write
//! actions are crossed out on read-only targets. Where the pane's keys do not fit, each is
//! shortened (the least important first) before any is left out (the least important
//! first too); the global ones follow in what room is left.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Column, Dialog, Focus, PickerKind, PreviewMode, PromptKind, Question};
use crate::tui::form::{FieldKind, Section};
use crate::tui::inapp::Detail;
use crate::tui::keymap::Action;
use crate::tui::theme;

/// One key of the bar: the key, what it does, a shorter word for narrow terminals, whether
/// it is available, and whether it is one of the keys the bar must show (the pane's, submit
/// and help) rather than one shown where there is room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub what: String,
    pub short_key: String,
    pub short: String,
    pub available: bool,
    pub essential: bool,
}

/// The (key, what, available) triples for where the keyboard is now, most important first.
pub fn hints(app: &App) -> Vec<(String, String, bool)> {
    entries(app)
        .into_iter()
        .map(|h| (h.key, h.what, h.available))
        .collect()
}

/// The shorter name of a key, for narrow terminals (`^z` for ctrl+z).
fn short_key(key: &str) -> String {
    key.replace("ctrl+", "^")
}

/// The shorter word of a question's answer, for narrow terminals (the other words are
/// given with their keys).
fn short_answer(what: &str) -> &str {
    match what {
        "remove" => "rm",
        other => other,
    }
}

/// The keys of one hint, as the keymap binds them.
struct Keys<'a>(&'a App);

impl Keys<'_> {
    /// The first key of an action.
    fn one(&self, action: Action) -> String {
        self.0.keymap.label(action)
    }

    /// Every key of an action, `n/esc`.
    fn all(&self, action: Action) -> String {
        self.0.keymap.joined(action, "/")
    }

    /// Two actions that go together (`↑↓`, `alt+↑↓`, `PgUp/PgDn`), with the shorter
    /// form (`PgUp/Dn`: what the second key shares with the first is left out).
    fn pair(&self, first: Action, second: Action) -> (String, String) {
        let joined = self.0.keymap.pair(first, second);
        let (a, b) = (self.one(first), self.one(second));
        if joined != format!("{a}/{b}") {
            let short = short_key(&joined);
            return (joined, short);
        }
        let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let short = format!(
            "{}/{}",
            short_key(&a),
            b.chars().skip(common).collect::<String>()
        );
        (joined, short)
    }
}

/// An action's hint: its first key and its words, crossed out where it writes and the
/// target is read-only.
fn bar(app: &App, action: Action) -> Hint {
    let (what, short) = action.word();
    let available = !(action.writes() && app.read_only());
    hint(keyed(app.keymap.label(action)), what, short, available)
}

/// A hint with its key and words, full and short.
fn hint(key: (String, String), what: &str, short: &str, available: bool) -> Hint {
    Hint {
        key: key.0,
        short_key: key.1,
        what: what.to_string(),
        short: short.to_string(),
        available,
        essential: true,
    }
}

/// A hint that is always available.
fn always(key: (String, String), what: &str, short: &str) -> Hint {
    hint(key, what, short, true)
}

/// A key with what it does, the shorter key `^z` for `ctrl+z`.
fn keyed(key: String) -> (String, String) {
    let short = short_key(&key);
    (key, short)
}

/// The hints as the bar draws them in `width` columns: the essential ones first, shortened
/// (least important first) and then left out (least important first) until they fit; the
/// others after them, in full, as many as fit. (key, what, available).
pub fn fitted(app: &App, width: usize) -> Vec<(String, String, bool)> {
    let all = entries(app);
    let cost =
        |k: &str, w: &str| k.chars().count() + w.chars().count() + if w.is_empty() { 2 } else { 3 };
    let (essential, extra): (Vec<Hint>, Vec<Hint>) = all.into_iter().partition(|h| h.essential);
    let mut shown: Vec<(String, String, bool)> = essential
        .iter()
        .map(|h| (h.key.clone(), h.what.clone(), h.available))
        .collect();
    let total = |shown: &[(String, String, bool)]| -> usize {
        shown.iter().map(|(k, w, _)| cost(k, w)).sum()
    };
    // The last hint needs no gap after it.
    let width = width + 2;
    let mut next_short = shown.len();
    while total(&shown) > width {
        if next_short > 0 {
            next_short -= 1;
            shown[next_short].0 = essential[next_short].short_key.clone();
            shown[next_short].1 = essential[next_short].short.clone();
        } else if shown.pop().is_none() {
            break;
        }
    }
    let mut used = total(&shown);
    for h in extra {
        let width_of = cost(&h.key, &h.what);
        if used + width_of > width {
            break;
        }
        used += width_of;
        shown.push((h.key, h.what, h.available));
    }
    shown
}

/// Every hint for where the keyboard is now, most important first.
pub fn entries(app: &App) -> Vec<Hint> {
    let k = Keys(app);
    let one = |action: Action| keyed(k.one(action));
    let action = |action: Action, what: &str, short: &str| always(one(action), what, short);
    // Typing is no key of the keymap: it says what typing does there.
    let typing = |what: &str, short: &str| always(keyed("type".into()), what, short);
    let moves = |what: &str| always(k.pair(Action::Up, Action::Down), what, "");
    let mut out = match &app.dialog {
        Some(Dialog::Help { .. } | Dialog::Message { .. }) => {
            return vec![moves("scroll"), bar(app, Action::Close)];
        }
        Some(Dialog::Confirm(Question {
            yes, pending, hold, ..
        })) => {
            // What really works: enter only where nothing is deleted, overwritten,
            // discarded or written; y not while a lookup runs.
            let mut keys = vec![hint(
                one(Action::Yes),
                yes,
                short_answer(yes),
                hold.is_none(),
            )];
            if !pending.destructive() {
                keys.push(hint(
                    one(Action::Ok),
                    yes,
                    short_answer(yes),
                    hold.is_none(),
                ));
            }
            let cancel = pending.cancel_word();
            keys.push(always(keyed(k.all(Action::No)), cancel, cancel));
            return keys;
        }
        // The event prompt says what to type in the bar too.
        Some(Dialog::Prompt {
            kind: PromptKind::Event,
            ..
        }) => {
            return vec![
                action(Action::Ok, "fire", "fire"),
                action(Action::Close, "cancel", "cancel"),
                always(
                    ("NAME K=V K:=N".into(), "NAME K=V".into()),
                    "event, attributes, metrics",
                    "",
                ),
            ];
        }
        Some(Dialog::Prompt { .. }) => {
            return vec![
                bar(app, Action::Ok),
                action(Action::Close, "cancel", "cancel"),
            ];
        }
        Some(Dialog::Opened(opened)) => {
            let mut keys = Vec::new();
            let pages = opened.pages();
            if pages > 1 && !opened.show_json {
                keys.push(always(
                    k.pair(Action::PrevPage, Action::NextPage),
                    "page",
                    "page",
                ));
            }
            let other = if opened.show_json { "drawn" } else { "JSON" };
            keys.push(action(Action::SwitchView, other, other));
            keys.push(moves("scroll"));
            keys.push(bar(app, Action::Close));
            return keys;
        }
        Some(Dialog::Bulk(run)) if run.report.is_some() => {
            let mut keys = vec![action(Action::Ok, "close", "close")];
            if run.report.as_ref().is_some_and(|r| !r.failures.is_empty()) {
                keys.push(action(Action::ShowMessage, "every failure", "all"));
            }
            return keys;
        }
        Some(Dialog::Bulk(_)) => {
            return vec![action(Action::Cancel, "cancel the run", "cancel")];
        }
        Some(Dialog::Picker(p)) => {
            let writable = !app.read_only();
            let mut keys = vec![
                action(Action::Ok, "choose", "pick"),
                bar(app, Action::Close),
            ];
            match p.kind {
                PickerKind::Profiles => keys.extend([
                    bar(app, Action::RemoveSelected),
                    bar(app, Action::RenameProfile),
                    hint(one(Action::BulkFromProfile), "bulk", "bulk", writable),
                ]),
                PickerKind::UserEndpoints { .. } => {
                    keys[0] = action(Action::Ok, "load", "load");
                    keys.extend([
                        hint(
                            one(Action::RemoveSelected),
                            "delete one",
                            "rm one",
                            writable,
                        ),
                        hint(one(Action::Delete), "delete all", "rm all", writable),
                    ]);
                }
                _ => {}
            }
            // Typing and the arrows say least: they go first where room is short.
            keys.extend([typing("filter", "find"), moves("select")]);
            return keys;
        }
        None => Vec::new(),
    };
    if app.busy.is_some() {
        out.push(bar(app, Action::Cancel));
    }
    let quit = || bar(app, Action::PaneQuit);
    let back = |what: &str, short: &str| action(Action::Back, what, short);
    out.extend(match app.focus {
        Focus::Sections => vec![moves("section"), bar(app, Action::EditSection), quit()],
        Focus::Preview if app.preview == PreviewMode::Segments => vec![
            moves("segment"),
            always(
                k.pair(Action::PageUp, Action::PageDown),
                "criteria",
                "scroll",
            ),
            bar(app, Action::Reload),
            back("form", "form"),
            quit(),
        ],
        Focus::Preview if app.preview == PreviewMode::InApp => inapp_keys(app),
        Focus::Preview => vec![moves("scroll"), back("form", "form"), quit()],
        Focus::Form if app.editor.is_some() && app.section.is_list() => {
            let done = k.all(Action::EditDone);
            let last = app
                .keymap
                .keys(Action::EditDone)
                .last()
                .map_or_else(|| done.clone(), ToString::to_string);
            vec![
                always((done, short_key(&last)), "done", "done"),
                bar(app, Action::ClearField),
                bar(app, Action::Undo),
            ]
        }
        Focus::Form if app.section.is_list() => {
            let column = app.cursor().column;
            let mut keys = vec![
                typing("edit", ""),
                bar(app, Action::AddEntry),
                bar(app, Action::RemoveEntry),
                back("sections", "back"),
                bar(app, Action::Undo),
                always(
                    k.pair(Action::NamesColumn, Action::ValuesColumn),
                    "names/values",
                    "column",
                ),
                moves("move"),
            ];
            if column == Column::Values && app.section != Section::Metrics {
                keys.push(always(
                    k.pair(Action::MoveValueUp, Action::MoveValueDown),
                    "reorder",
                    "order",
                ));
            }
            keys
        }
        Focus::Form => match app.current_field().map(|f| f.kind()) {
            Some(FieldKind::Choice(_)) => vec![
                // Letters jump to a value: typing, not a key of the keymap.
                always(keyed("a-z".into()), "jump", "jump"),
                always(
                    k.pair(Action::PrevChoice, Action::NextChoice),
                    "choose",
                    "pick",
                ),
                back("sections", "back"),
                bar(app, Action::UnsetChoice),
                bar(app, Action::Undo),
                moves("field"),
            ],
            _ => {
                let (updown, short) = k.pair(Action::Up, Action::Down);
                vec![
                    typing("edit", ""),
                    always(
                        (format!("{updown}/{}", k.one(Action::NextField)), short),
                        "field",
                        "",
                    ),
                    back("sections", "back"),
                    bar(app, Action::Undo),
                    bar(app, Action::ClearField),
                ]
            }
        },
    });
    let global = |action: Action, what: &str, short: &str| {
        let available = !(action.writes() && app.read_only());
        hint(one(action), what, short, available)
    };
    // Submit and help first, so they show at every width; then the pane's keys; then the rest.
    let mut all = vec![bar(app, Action::Submit), bar(app, Action::Help)];
    // A status that does not fit its row, or has several problems behind it, can be read
    // in full.
    let status = &app.status;
    if app.busy.is_none()
        && (status.details.is_some()
            || crate::text::printable(&status.text).chars().count() > usize::from(app.size.0))
    {
        let (what, short) = match &status.details {
            Some(d) if d.lines.len() > 1 => ("every problem", "all"),
            _ => ("full message", "more"),
        };
        all.push(global(Action::ShowMessage, what, short));
    }
    all.append(&mut out);
    let mut extra: Vec<Hint> = Vec::new();
    // Beside the In-app view, firing an event comes first.
    if app.preview == PreviewMode::InApp && app.focus != Focus::Preview {
        extra.push(bar(app, Action::FireEvent));
    }
    for action in [
        Action::Save,
        Action::Profiles,
        Action::Fetch,
        Action::LookupUser,
        Action::CyclePreview,
        Action::CopyPreview,
        Action::Delete,
        Action::Targets,
        Action::FireEvent,
        Action::Campaigns,
    ] {
        let label = app.keymap.label(action);
        if !all.iter().any(|h| h.key == label) && !extra.iter().any(|h| h.key == label) {
            extra.push(bar(app, action));
        }
    }
    all.extend(extra.into_iter().map(|h| Hint {
        short_key: h.key.clone(),
        short: h.what.clone(),
        essential: false,
        ..h
    }));
    all
}

/// The keys of the In-app view with the keyboard.
fn inapp_keys(app: &App) -> Vec<Hint> {
    let k = Keys(app);
    let key = |action: Action, what: &str| always(keyed(k.one(action)), what, what);
    let mut keys = vec![always(k.pair(Action::Up, Action::Down), "campaign", "")];
    let other = match app.inapp.detail {
        Detail::Reasons => "message",
        Detail::Message => "reasons",
    };
    keys.push(key(Action::SwitchView, other));
    let pages = app.inapp.current().map_or(0, |d| {
        app.inapp_message(&d.campaign_id)
            .ok()
            .and_then(|m| m.content)
            .map_or(0, |c| c.len())
    });
    if app.inapp.detail == Detail::Message && pages > 1 {
        keys.push(always(
            k.pair(Action::PrevPage, Action::NextPage),
            "page",
            "page",
        ));
    }
    // Short words: firing an event shows at 80 columns too.
    keys.push(key(Action::FireEvent, "event"));
    keys.push(bar(app, Action::OpenMessage));
    keys.push(bar(app, Action::Campaigns));
    keys.push(bar(app, Action::Reload));
    keys.push(key(Action::Back, "form"));
    keys.push(bar(app, Action::PaneQuit));
    keys
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (key, what, available) in fitted(app, area.width as usize) {
        let style = if available {
            theme::bold()
        } else {
            theme::unavailable()
        };
        spans.push(Span::styled(key, style));
        if !what.is_empty() {
            let what_style = if available {
                theme::plain()
            } else {
                theme::unavailable()
            };
            spans.push(Span::styled(format!(" {what}"), what_style));
        }
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
