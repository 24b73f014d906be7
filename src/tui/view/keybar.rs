//! The key bar: the keys of the focused pane, then the global ones, as many as fit. Write
//! actions are crossed out on read-only targets. Where the pane's keys do not fit, each is
//! shortened (the least important first) before any is left out (the least important
//! first too); the global ones follow in what room is left.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Column, Dialog, Focus, PickerKind, PreviewMode, PromptKind};
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
    match key {
        "↑↓/enter" => "↑↓".into(),
        "PgUp/PgDn" => "PgUp/Dn".into(),
        "enter/esc" => "esc".into(),
        "NAME K=V K:=N" => "NAME K=V".into(),
        other => other.replace("ctrl+", "^"),
    }
}

/// The shorter word of a key's description, for narrow terminals.
fn short_word(what: &str) -> &str {
    match what {
        "names/values" => "column",
        "sections" => "back",
        "scroll" | "select" | "section" | "segment" | "campaign" | "field" | "move" => "",
        "criteria" => "scroll",
        "filter" => "find",
        "choose" => "pick",
        "remove" => "rm",
        "rename" => "mv",
        "delete one" => "rm one",
        "delete all" => "rm all",
        "every problem" | "every failure" => "all",
        "full message" => "more",
        "cancel the run" => "cancel",
        "event, attributes, metrics" => "",
        "reorder" => "order",
        other => other,
    }
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
    let local = |pairs: &[(&str, &str)]| -> Vec<(String, String, bool)> {
        pairs
            .iter()
            .map(|(k, w)| (k.to_string(), w.to_string(), true))
            .collect()
    };
    let essential = |hints: Vec<(String, String, bool)>| -> Vec<Hint> {
        hints
            .into_iter()
            .map(|(key, what, available)| Hint {
                short_key: short_key(&key),
                // `type` alone says that typing edits.
                short: if key == "type" && what == "edit" {
                    String::new()
                } else {
                    short_word(&what).to_string()
                },
                key,
                what,
                available,
                essential: true,
            })
            .collect()
    };
    let mut out = match &app.dialog {
        Some(Dialog::Help { .. } | Dialog::Message { .. }) => {
            return essential(local(&[("↑↓", "scroll"), ("esc", "close")]));
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
            return essential(keys);
        }
        // The event prompt says what to type in the bar too.
        Some(Dialog::Prompt {
            kind: PromptKind::Event,
            ..
        }) => {
            return essential(local(&[
                ("enter", "fire"),
                ("esc", "cancel"),
                ("NAME K=V K:=N", "event, attributes, metrics"),
            ]));
        }
        Some(Dialog::Prompt { .. }) => {
            return essential(local(&[("enter", "ok"), ("esc", "cancel")]));
        }
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
            return essential(keys);
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
            return essential(keys);
        }
        Some(Dialog::Bulk(_)) => return essential(local(&[("esc", "cancel the run")])),
        Some(Dialog::Picker(p)) => {
            let mut keys = local(&[("enter", "choose"), ("esc", "close")]);
            match p.kind {
                PickerKind::Profiles => {
                    keys.extend(local(&[("del", "remove"), ("F2", "rename")]));
                    keys.push(("F6".into(), "bulk".into(), !app.read_only()));
                }
                PickerKind::UserEndpoints { .. } => {
                    keys[0].1 = "load".into();
                    keys.extend([
                        ("del".into(), "delete one".into(), !app.read_only()),
                        (
                            app.keymap.label(Action::Delete),
                            "delete all".into(),
                            !app.read_only(),
                        ),
                    ]);
                }
                _ => {}
            }
            // Typing and the arrows say least: they go first where room is short.
            keys.extend(local(&[("type", "filter"), ("↑↓", "select")]));
            return essential(keys);
        }
        None => Vec::new(),
    };
    let key = |action: Action, what: &str| (app.keymap.label(action), what.to_string(), true);
    if app.busy.is_some() {
        out.push((app.keymap.label(Action::Cancel), "cancel".into(), true));
    }
    out.extend(match app.focus {
        Focus::Sections => local(&[("↑↓", "section"), ("enter", "edit"), ("q", "quit")]),
        Focus::Preview if app.preview == PreviewMode::Segments => {
            let mut keys = local(&[("↑↓", "segment"), ("PgUp/PgDn", "criteria")]);
            keys.push((app.keymap.label(Action::Reload), "reload".into(), true));
            keys.extend(local(&[("esc", "form"), ("q", "quit")]));
            keys
        }
        Focus::Preview if app.preview == PreviewMode::InApp => inapp_keys(app),
        Focus::Preview => local(&[("↑↓", "scroll"), ("esc", "form"), ("q", "quit")]),
        Focus::Form if app.editor.is_some() && app.section.is_list() => {
            let mut keys = local(&[("enter/esc", "done")]);
            keys.push(key(Action::ClearField, "clear"));
            keys.push(key(Action::Undo, "undo"));
            keys
        }
        Focus::Form if app.section.is_list() => {
            let column = app.cursor().column;
            let mut keys = local(&[("type", "edit")]);
            keys.push(key(Action::AddEntry, "add"));
            keys.push(key(Action::RemoveEntry, "remove"));
            keys.extend(local(&[("esc", "sections")]));
            keys.push(key(Action::Undo, "undo"));
            keys.extend(local(&[("←→", "names/values"), ("↑↓", "move")]));
            if column == Column::Values && app.section != Section::Metrics {
                keys.push(("alt+↑↓".into(), "reorder".into(), true));
            }
            keys
        }
        Focus::Form => match app.current_field().map(|f| f.kind()) {
            Some(FieldKind::Choice(_)) => {
                let mut keys = local(&[
                    ("a-z", "jump"),
                    ("←→", "choose"),
                    ("esc", "sections"),
                    ("del", "unset"),
                ]);
                keys.push(key(Action::Undo, "undo"));
                keys.extend(local(&[("↑↓", "field")]));
                keys
            }
            _ => {
                let mut keys =
                    local(&[("type", "edit"), ("↑↓/enter", "field"), ("esc", "sections")]);
                keys.push(key(Action::Undo, "undo"));
                keys.push(key(Action::ClearField, "clear"));
                keys
            }
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
    let mut all = essential(all);
    let mut extra = Vec::new();
    // Beside the In-app view, firing an event comes first.
    if app.preview == PreviewMode::InApp && app.focus != Focus::Preview {
        extra.push(global(Action::FireEvent, "fire event"));
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
        let label = app.keymap.label(action);
        if !all.iter().any(|h| h.key == label) && !extra.iter().any(|(k, _, _)| *k == label) {
            extra.push(global(action, what));
        }
    }
    all.extend(extra.into_iter().map(|(key, what, available)| Hint {
        short_key: key.clone(),
        short: what.clone(),
        key,
        what,
        available,
        essential: false,
    }));
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
    keys.push(("esc".to_string(), "form".to_string(), true));
    keys.push(("q".to_string(), "quit".to_string(), true));
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
