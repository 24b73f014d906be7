//! The key bar: the keys of the focused pane, then the global ones, as many as fit. Write
//! actions are crossed out on read-only targets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Column, Dialog, Focus, PickerKind, PreviewMode, PromptKind};
use crate::tui::form::{FieldKind, Section};
use crate::tui::inapp::Detail;
use crate::tui::keymap::Action;
use crate::tui::theme;

/// The (key, what) pairs for where the keyboard is now.
pub fn hints(app: &App) -> Vec<(String, String, bool)> {
    let local = |pairs: &[(&str, &str)]| -> Vec<(String, String, bool)> {
        pairs
            .iter()
            .map(|(k, w)| (k.to_string(), w.to_string(), true))
            .collect()
    };
    let mut out = match &app.dialog {
        Some(Dialog::Help { .. } | Dialog::Message { .. }) => {
            return local(&[("↑↓", "scroll"), ("esc", "close")]);
        }
        Some(Dialog::Confirm {
            yes, pending, hold, ..
        }) => {
            // What really works: enter only where nothing is deleted, overwritten,
            // discarded or written; y not while a lookup runs.
            let mut keys = vec![("y".into(), yes.clone(), hold.is_none())];
            if !pending.destructive() {
                keys.push(("enter".into(), yes.clone(), hold.is_none()));
            }
            keys.push(("n/esc".into(), pending.cancel_word().into(), true));
            return keys;
        }
        // The event prompt says what to type in the bar too.
        Some(Dialog::Prompt {
            kind: PromptKind::Event,
            ..
        }) => {
            return local(&[
                ("enter", "fire"),
                ("esc", "cancel"),
                ("NAME K=V K:=N", "event, attributes, metrics"),
            ]);
        }
        Some(Dialog::Prompt { .. }) => return local(&[("enter", "ok"), ("esc", "cancel")]),
        Some(Dialog::Opened(opened)) => {
            let mut keys = Vec::new();
            let pages = opened
                .message
                .as_ref()
                .ok()
                .and_then(|m| m.content.as_ref())
                .map_or(0, Vec::len);
            if pages > 1 && !opened.show_json {
                keys.push(view_key(app, Action::PrevPage, Action::NextPage, "page"));
            }
            let other = if opened.show_json { "drawn" } else { "JSON" };
            keys.push((app.keymap.label(Action::SwitchView), other.into(), true));
            keys.extend(local(&[("↑↓", "scroll"), ("esc", "close")]));
            return keys;
        }
        Some(Dialog::Bulk(run)) if run.report.is_some() => {
            let mut keys = local(&[("enter", "close")]);
            if run.report.as_ref().is_some_and(|r| !r.failures.is_empty()) {
                keys.push((
                    app.keymap.label(Action::ShowMessage),
                    "every failure".into(),
                    true,
                ));
            }
            return keys;
        }
        Some(Dialog::Bulk(_)) => return local(&[("esc", "cancel the run")]),
        Some(Dialog::Picker(p)) => {
            let mut keys = local(&[
                ("type", "filter"),
                ("↑↓", "select"),
                ("enter", "choose"),
                ("esc", "close"),
            ]);
            match p.kind {
                PickerKind::Profiles => {
                    keys.extend(local(&[("del", "remove"), ("F2", "rename")]));
                    keys.push(("F6".into(), "bulk".into(), !app.read_only()));
                }
                PickerKind::UserEndpoints { .. } => keys.push((
                    "del".into(),
                    "delete all of the user".into(),
                    !app.read_only(),
                )),
                _ => {}
            }
            return keys;
        }
        None => Vec::new(),
    };
    if app.busy.is_some() {
        out.push((app.keymap.label(Action::Cancel), "cancel".into(), true));
    }
    out.extend(match app.focus {
        Focus::Sections => local(&[("↑↓", "section"), ("enter", "edit"), ("q", "quit")]),
        Focus::Preview if app.preview == PreviewMode::Segments => {
            let mut keys = local(&[("↑↓", "segment"), ("PgUp/PgDn", "criteria")]);
            keys.push((app.keymap.label(Action::Reload), "reload".into(), true));
            keys.extend(local(&[("q", "quit")]));
            keys
        }
        Focus::Preview if app.preview == PreviewMode::InApp => inapp_keys(app),
        Focus::Preview => local(&[("↑↓", "scroll"), ("q", "quit")]),
        Focus::Form if app.editor.is_some() && app.section.is_list() => local(&[
            ("enter", "done"),
            ("esc", "done"),
            ("ctrl+u", "undo"),
            ("ctrl+r", "redo"),
        ]),
        Focus::Form if app.section.is_list() => {
            let column = app.cursor().column;
            let mut keys = local(&[
                ("↑↓", "move"),
                ("←→", "names/values"),
                ("enter", "edit"),
                ("a", "add"),
                ("d", "remove"),
            ]);
            if column == Column::Values && app.section != Section::Metrics {
                keys.push(("alt+↑↓".into(), "reorder".into(), true));
            }
            keys.extend(local(&[("esc", "sections")]));
            keys
        }
        Focus::Form => match app.current_field().map(|f| f.kind()) {
            Some(FieldKind::Choice(_)) => local(&[
                ("←→", "choose"),
                ("del", "unset"),
                ("↑↓", "field"),
                ("esc", "sections"),
            ]),
            _ => local(&[
                ("type", "edit"),
                ("↑↓/enter", "field"),
                ("ctrl+u", "undo"),
                ("esc", "sections"),
            ]),
        },
    });
    let global = |action: Action, what: &str| {
        let available = !(action.writes() && app.read_only());
        (app.keymap.label(action), what.to_string(), available)
    };
    // Submit and help first, so they show at every width; then the pane's keys; then the rest.
    let mut all = vec![
        global(Action::Submit, "submit"),
        global(Action::Help, "help"),
    ];
    // A status that does not fit its row, or has several problems behind it, can be read
    // in full.
    let status = &app.status;
    if app.busy.is_none()
        && (status.details.is_some()
            || crate::text::printable(&status.text).chars().count() > usize::from(app.size.0))
    {
        let what = match &status.details {
            Some(d) if d.lines.len() > 1 => "every problem",
            _ => "full message",
        };
        all.push(global(Action::ShowMessage, what));
    }
    all.append(&mut out);
    // Beside the In-app view, firing an event comes first.
    if app.preview == PreviewMode::InApp && app.focus != Focus::Preview {
        all.push(global(Action::FireEvent, "fire event"));
    }
    for (action, what) in [
        (Action::Save, "save"),
        (Action::Profiles, "profiles"),
        (Action::Fetch, "fetch"),
        (Action::LookupUser, "user"),
        (Action::CyclePreview, "preview"),
        (Action::CopyPreview, "copy"),
        (Action::Delete, "delete"),
        (Action::Targets, "target"),
        (Action::FireEvent, "fire event"),
        (Action::Campaigns, "campaigns"),
    ] {
        if !all.iter().any(|(k, _, _)| *k == app.keymap.label(action)) {
            all.push(global(action, what));
        }
    }
    all
}

/// Two keys that go together (`← →`) with what they do.
fn view_key(app: &App, first: Action, second: Action, what: &str) -> (String, String, bool) {
    let keys = format!("{}{}", app.keymap.label(first), app.keymap.label(second));
    (keys, what.to_string(), true)
}

/// The keys of the In-app view with the keyboard.
fn inapp_keys(app: &App) -> Vec<(String, String, bool)> {
    let key = |action: Action, what: &str| (app.keymap.label(action), what.to_string(), true);
    let mut keys = vec![("↑↓".to_string(), "campaign".to_string(), true)];
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
        keys.push(view_key(app, Action::PrevPage, Action::NextPage, "page"));
    }
    // Short words: firing an event shows at 80 columns too.
    keys.push(key(Action::FireEvent, "event"));
    keys.push(key(Action::OpenMessage, "open"));
    keys.push(key(Action::Campaigns, "campaigns"));
    keys.push(key(Action::Reload, "reload"));
    keys.push(("q".to_string(), "quit".to_string(), true));
    keys
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (key, what, available) in hints(app) {
        let width = key.chars().count() + what.chars().count() + 3;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        let style = if available {
            theme::bold()
        } else {
            theme::unavailable()
        };
        spans.push(Span::styled(key, style));
        let what_style = if available {
            theme::plain()
        } else {
            theme::unavailable()
        };
        spans.push(Span::styled(format!(" {what}"), what_style));
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
