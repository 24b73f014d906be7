//! The update function: one message changes the state and may ask for effects. No I/O
//! happens here, so every action can be tested by feeding messages.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui_textarea::TextArea;

use crate::model::UserInfo;
use crate::model::import::parse_json;
use crate::model::preview::{self, PreviewFormat};
use crate::model::validate::Severity;
use crate::model::wire::EndpointResponse;
use crate::store::profiles::check_name;

use crate::pinpoint::bulk::Progress;

use super::app::{
    App, BulkRun, Column, Dialog, EditTarget, Editor, Focus, InFlight, Landed, Link, Pending,
    Picker, PickerKind, PickerRow, PreviewMode, PromptKind, Replacement, Tone,
};
use super::diff::differences;
use super::form::{FieldKind, Section};
use super::keymap::{Action, Key};
use super::message::{Call, CallResult, Connection, Effect, Msg, ProfileRow, Reply};
use super::view::layout::{Areas, layout};

/// Applies one message to the state and returns the effects it asks for.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    let section = app.section;
    let typed = matches!(msg, Msg::Key(_) | Msg::Paste(_));
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Press => on_key(app, key, &mut fx),
        Msg::Key(_) => {}
        Msg::Paste(text) => on_paste(app, &text, &mut fx),
        Msg::Mouse(mouse) => on_mouse(app, mouse),
        Msg::Resize(w, h) => app.size = (w, h),
        Msg::Tick => app.spinner = app.spinner.wrapping_add(1),
        Msg::Terminate(signal) => {
            app.should_quit = true;
            app.terminated = Some(signal);
        }
        Msg::Failed(what) => {
            app.should_quit = true;
            app.failed = Some(what);
        }
        Msg::DraftFailed(e) => app.set_status(
            Tone::Warning,
            format!("the unsaved form could not be kept as a draft: {e}"),
        ),
        Msg::Connected(result) => on_connected(app, result),
        Msg::CallDone(result) => on_call_done(app, result, &mut fx),
        Msg::Profiles(result) => on_profiles(app, result),
        Msg::ProfileLoaded { name, result } => match result {
            Ok(form) => {
                app.replace_form(Replacement {
                    form,
                    profile: Some(name.clone()),
                    origin: String::new(),
                });
                app.set_status(Tone::Success, format!("loaded profile `{name}`"));
            }
            Err(e) => app.set_status(Tone::Error, format!("profile `{name}` not loaded: {e}")),
        },
        Msg::ProfileSaved { name, form, result } => match result {
            Ok(()) => {
                app.baseline = form;
                app.profile = Some(name.clone());
                app.origin = None;
                app.set_status(Tone::Success, format!("saved profile `{name}`"));
            }
            Err(e) if e.contains("already exists") => confirm(
                app,
                "Replace profile",
                vec![
                    format!("A profile named `{name}` already exists."),
                    "Replace it with this form?".into(),
                ],
                "replace",
                Pending::OverwriteProfile(name),
            ),
            Err(e) => app.set_status(Tone::Error, format!("not saved: {e}")),
        },
        Msg::ProfileRemoved { name, result } => {
            match result {
                Ok(()) => {
                    if app.profile.as_deref() == Some(name.as_str()) {
                        app.profile = None;
                    }
                    app.set_status(Tone::Success, format!("removed profile `{name}`"));
                }
                Err(e) => app.set_status(Tone::Error, format!("profile `{name}` not removed: {e}")),
            }
            fx.push(Effect::ListProfiles);
        }
        Msg::ProfileRenamed { from, to, result } => {
            match result {
                Ok(()) => {
                    if app.profile.as_deref() == Some(from.as_str()) {
                        app.profile = Some(to.clone());
                    }
                    app.set_status(Tone::Success, format!("renamed profile `{from}` to `{to}`"));
                }
                Err(e) => app.set_status(Tone::Error, format!("not renamed: {e}")),
            }
            fx.push(Effect::ListProfiles);
        }
        Msg::Copied(result) => match result {
            Ok(()) => app.set_status(
                Tone::Success,
                format!(
                    "copied the {} preview to the clipboard (OSC 52)",
                    preview_name(app)
                ),
            ),
            Err(e) => app.set_status(Tone::Error, format!("not copied: {e}")),
        },
        Msg::BulkProgress(progress) => {
            if let Some(run) = bulk_run(app) {
                run.progress = progress;
            }
        }
        Msg::BulkDone(report) => {
            let text = format!(
                "bulk: {} endpoints written, {} failed, in {:.2} s ({:.0} endpoints/s){}",
                report.done,
                report.failed(),
                report.elapsed.as_secs_f64(),
                report.rate(),
                if report.cancelled { ", cancelled" } else { "" }
            );
            let tone = if report.failed() > 0 || report.cancelled {
                Tone::Warning
            } else {
                Tone::Success
            };
            app.set_status(tone, text);
            if let Some(run) = bulk_run(app) {
                run.report = Some(report);
            }
        }
        Msg::BulkNotice(text) => {
            if let Some(run) = bulk_run(app) {
                run.notice = Some(text);
            }
        }
        Msg::BulkRefused(why) => {
            if matches!(app.dialog, Some(Dialog::Bulk(_))) {
                app.dialog = None;
            }
            app.set_status(Tone::Error, format!("bulk not started: {why}"));
        }
    }
    // A text field with the focus is always typed into, also after a dialog, a save, a
    // submit or a loaded form closed its editor.
    if app.dialog.is_none() && app.focus == Focus::Form && app.editor.is_none() {
        sync_editor(app);
    }
    if app.focus != Focus::Preview && (typed || app.section != section) {
        follow_section(app);
    }
    fx
}

/// The preview follows the form: the member of the section being edited goes to the top
/// (the top itself for Identity, or when the section is empty and so not sent). The AWS CLI
/// line, what landed and the Segments view keep their own scroll.
fn follow_section(app: &mut App) {
    let PreviewMode::Format(format @ (PreviewFormat::Pinpoint | PreviewFormat::Amplify)) =
        app.preview
    else {
        return;
    };
    let pinpoint = format == PreviewFormat::Pinpoint;
    // The member's whole line: a name in a map is never followed by `{`.
    let member = match app.section {
        Section::Identity => None,
        Section::Attributes if pinpoint => Some("  \"Attributes\": {"),
        Section::Attributes => Some("  \"attributes\": {"),
        Section::Demographic if pinpoint => Some("  \"Demographic\": {"),
        Section::Demographic => Some("  \"demographic\": {"),
        Section::Location if pinpoint => Some("  \"Location\": {"),
        Section::Location => Some("  \"location\": {"),
        Section::Metrics if pinpoint => Some("  \"Metrics\": {"),
        Section::Metrics => Some("  \"metrics\": {"),
        // Amplify's userInfo has no user attributes.
        Section::UserAttributes if pinpoint => Some("    \"UserAttributes\": {"),
        Section::UserAttributes => None,
    };
    let line = member
        .and_then(|member| preview_text(app).lines().position(|l| l == member))
        .unwrap_or(0);
    app.preview_scroll = line.try_into().unwrap_or(u16::MAX);
}

// ----- keys -----

fn on_key(app: &mut App, event: KeyEvent, fx: &mut Vec<Effect>) {
    let key = Key::from_event(&event);
    if key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL {
        // A second ctrl+c at the quit question means it.
        if let Some(Dialog::Confirm {
            pending: Pending::Quit,
            ..
        }) = &app.dialog
        {
            app.should_quit = true;
            return;
        }
        return request_quit(app);
    }
    if app.dialog.is_some() {
        return dialog_key(app, key, event, fx);
    }
    if let Some(action) = app.keymap.action(key)
        && run_action(app, action, fx)
    {
        return;
    }
    if !app.typing() {
        match key.code {
            KeyCode::Char('?') | KeyCode::F(1) => {
                return app.dialog = Some(Dialog::Help { scroll: 0 });
            }
            KeyCode::Char('q') if key.modifiers.is_empty() => return request_quit(app),
            _ => {}
        }
    }
    match app.focus {
        Focus::Sections => sections_key(app, key),
        Focus::Form => form_key(app, key, event),
        Focus::Preview => preview_key(app, key, fx),
    }
}

/// Runs a global action. Returns false when the action does not apply here (the key then
/// goes to the focused pane).
fn run_action(app: &mut App, action: Action, fx: &mut Vec<Effect>) -> bool {
    if action.writes() && app.read_only() {
        let target = app
            .connection()
            .map(|c| c.target.clone())
            .unwrap_or_default();
        app.set_status(
            Tone::Warning,
            format!(
                "target `{target}` is read-only: {} is unavailable",
                action.describe()
            ),
        );
        return true;
    }
    match action {
        Action::Help => app.dialog = Some(Dialog::Help { scroll: 0 }),
        Action::Quit => request_quit(app),
        Action::Submit => submit(app, fx),
        Action::Fetch => {
            let id = app.form.info.endpoint_id.clone().unwrap_or_default();
            prompt(app, PromptKind::FetchId, &id);
        }
        Action::LookupUser => {
            let id = app.form.info.user_id.clone().unwrap_or_default();
            prompt(app, PromptKind::UserId, &id);
        }
        Action::Delete => match app.form.info.endpoint_id.clone() {
            Some(id) => {
                let where_ = target_words(app);
                confirm(
                    app,
                    "Delete endpoint",
                    vec![
                        format!("Delete endpoint `{id}` {where_}?"),
                        "It is removed from the service (DeleteEndpoint). The form stays as it is."
                            .into(),
                    ],
                    "delete",
                    Pending::DeleteEndpoint(id),
                );
            }
            None => app.set_status(
                Tone::Warning,
                "no endpoint id in the form: nothing to delete",
            ),
        },
        Action::Save => {
            commit_editor(app);
            match app.profile.clone() {
                Some(name) => fx.push(Effect::SaveProfile {
                    name,
                    form: app.form.info.clone(),
                    overwrite: true,
                }),
                None => save_as_prompt(app),
            }
        }
        Action::SaveAs => {
            commit_editor(app);
            save_as_prompt(app);
        }
        Action::Profiles => {
            open_profiles(app);
            fx.push(Effect::ListProfiles);
        }
        Action::Targets => open_targets(app),
        Action::Apps => start_call(app, Call::GetApps, fx),
        Action::NewForm => guard(
            app,
            Pending::Replace(Replacement {
                form: UserInfo::default(),
                profile: None,
                origin: String::new(),
            }),
            fx,
        ),
        Action::CyclePreview => {
            app.preview = match app.preview {
                PreviewMode::Format(PreviewFormat::Cli) => PreviewMode::Segments,
                PreviewMode::Format(f) => PreviewMode::Format(f.next()),
                PreviewMode::Segments if app.landed.is_some() => PreviewMode::Landed,
                PreviewMode::Segments | PreviewMode::Landed => {
                    PreviewMode::Format(PreviewFormat::Pinpoint)
                }
            };
            app.preview_scroll = 0;
            if app.preview == PreviewMode::Segments && app.segments.is_none() && app.busy.is_none()
            {
                start_call(app, Call::GetSegments, fx);
            }
        }
        Action::CopyPreview => fx.push(Effect::Copy(preview_text(app))),
        Action::FocusNext | Action::FocusPrev => {
            commit_editor(app);
            let order = [Focus::Sections, Focus::Form, Focus::Preview];
            let at = order.iter().position(|f| *f == app.focus).unwrap_or(0);
            let step = if action == Action::FocusNext { 1 } else { 2 };
            app.focus = order[(at + step) % 3];
            sync_editor(app);
        }
        Action::Cancel => match app.busy.take() {
            Some(call) => {
                fx.push(Effect::Cancel { id: call.id });
                app.set_status(Tone::Warning, format!("{} cancelled", call.call.label()));
            }
            None => return false,
        },
    }
    true
}

fn target_words(app: &App) -> String {
    match app.connection() {
        Some(c) => format!(
            "from application {} on target `{}`",
            c.application_id, c.target
        ),
        None => "from the target".into(),
    }
}

fn request_quit(app: &mut App) {
    commit_editor(app);
    let bulk_running = matches!(&app.dialog, Some(Dialog::Bulk(run)) if run.report.is_none());
    let mut lines = Vec::new();
    if bulk_running {
        lines.push("A bulk run is still sending endpoints; quitting stops it.".to_string());
    }
    if app.dirty() {
        lines.push("The form has unsaved changes.".into());
    }
    if lines.is_empty() {
        app.should_quit = true;
        return;
    }
    lines.push(
        if app.dirty() {
            "Quit and discard them?"
        } else {
            "Quit anyway?"
        }
        .into(),
    );
    // The open dialog (a prompt, a picker, a bulk run) comes back if the answer is no.
    app.stashed_dialog = app.dialog.take();
    confirm(app, "Quit", lines, "quit", Pending::Quit);
}

fn submit(app: &mut App, fx: &mut Vec<Effect>) {
    commit_editor(app);
    let errors: Vec<_> = app
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if let Some(first) = errors.first() {
        let more = if errors.len() > 1 {
            format!(" (and {} more)", errors.len() - 1)
        } else {
            String::new()
        };
        app.set_status(
            Tone::Error,
            format!("submit blocked: {}: {}{more}", first.path, first.message),
        );
        return;
    }
    let endpoint_id = app.form.info.endpoint_id.clone().unwrap_or_default();
    let request = Box::new(app.form.info.to_endpoint_request());
    start_call(
        app,
        Call::Submit {
            endpoint_id,
            request,
        },
        fx,
    );
}

fn start_call(app: &mut App, call: Call, fx: &mut Vec<Effect>) {
    if let Some(busy) = &app.busy {
        let cancel = app.keymap.label(Action::Cancel);
        app.set_status(
            Tone::Warning,
            format!(
                "{} is still running ({cancel} cancels it)",
                busy.call.label()
            ),
        );
        return;
    }
    if app.connection().is_none() {
        let why = match &app.link {
            Link::Failed { target, error } => format!("not connected to `{target}`: {error}"),
            _ => "still connecting to the target".into(),
        };
        app.set_status(Tone::Error, why);
        return;
    }
    let id = app.next_call_id();
    app.set_status(Tone::Info, format!("{}…", call.label()));
    app.busy = Some(InFlight {
        id,
        call: call.clone(),
        started: std::time::Instant::now(),
        form_at_start: app.form.info.clone(),
    });
    fx.push(Effect::Call { id, call });
}

/// Does `pending` now, or asks first when it would discard unsaved changes.
fn guard(app: &mut App, pending: Pending, fx: &mut Vec<Effect>) {
    commit_editor(app);
    if app.dirty() {
        let what = app
            .profile
            .as_ref()
            .map_or("the form".to_string(), |p| format!("profile `{p}`"));
        confirm(
            app,
            "Unsaved changes",
            vec![
                format!("{what} has unsaved changes."),
                "Discard them? (Save first with the save key.)".into(),
            ],
            "discard",
            pending,
        );
    } else {
        perform(app, pending, fx);
    }
}

fn perform(app: &mut App, pending: Pending, fx: &mut Vec<Effect>) {
    match pending {
        Pending::Quit => app.should_quit = true,
        Pending::Replace(replacement) => {
            let origin = replacement.origin.clone();
            app.replace_form(replacement);
            let text = if origin.is_empty() {
                "new empty form".to_string()
            } else {
                format!("loaded {origin}")
            };
            app.set_status(Tone::Success, text);
            sync_editor(app);
        }
        Pending::Start(call) => start_call(app, call, fx),
        Pending::LoadProfile(name) => fx.push(Effect::LoadProfile { name }),
        Pending::DeleteEndpoint(endpoint_id) => {
            start_call(app, Call::DeleteEndpoint { endpoint_id }, fx)
        }
        Pending::DeleteUser(user_id) => start_call(app, Call::DeleteUser { user_id }, fx),
        Pending::RemoveProfile(name) => fx.push(Effect::RemoveProfile { name }),
        Pending::RestoreDraft(draft) => {
            app.replace_form(Replacement {
                form: draft.form,
                // Saving puts it back into the profile it was loaded from.
                profile: draft.profile,
                origin: "restored draft".into(),
            });
            app.baseline = UserInfo::default();
            app.set_status(Tone::Success, "restored the unsaved form from the draft");
            sync_editor(app);
        }
        Pending::OverwriteProfile(name) => fx.push(Effect::SaveProfile {
            name,
            form: app.form.info.clone(),
            overwrite: true,
        }),
    }
}

fn confirm(app: &mut App, title: &str, lines: Vec<String>, yes: &str, pending: Pending) {
    app.dialog = Some(Dialog::Confirm {
        title: title.into(),
        lines,
        yes: yes.into(),
        pending,
    });
}

fn single_line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.set_cursor_line_style(ratatui::style::Style::default());
    input.move_cursor(ratatui_textarea::CursorMove::End);
    input
}

fn prompt(app: &mut App, kind: PromptKind, text: &str) {
    commit_editor(app);
    app.dialog = Some(Dialog::Prompt {
        kind,
        input: single_line_input(text),
        error: None,
    });
}

fn save_as_prompt(app: &mut App) {
    let suggestion = app
        .profile
        .clone()
        .or_else(|| app.form.info.endpoint_id.clone())
        .unwrap_or_default();
    prompt(app, PromptKind::SaveAs, &suggestion);
}

// ----- dialogs -----

fn dialog_key(app: &mut App, key: Key, event: KeyEvent, fx: &mut Vec<Effect>) {
    let Some(dialog) = app.dialog.take() else {
        return;
    };
    match dialog {
        Dialog::Help { scroll } => {
            let limit = app.scroll_limits.help.get();
            let scroll = scroll.min(limit);
            let scroll = match key.code {
                KeyCode::Down | KeyCode::Char('j') => scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::PageDown => scroll.saturating_add(10),
                KeyCode::PageUp => scroll.saturating_sub(10),
                KeyCode::Esc
                | KeyCode::Char('q')
                | KeyCode::Char('?')
                | KeyCode::F(1)
                | KeyCode::Enter => return,
                _ => scroll,
            };
            app.dialog = Some(Dialog::Help {
                scroll: scroll.min(limit),
            });
        }
        Dialog::Confirm {
            title,
            lines,
            yes,
            pending,
        } => match key.code {
            KeyCode::Char('y') | KeyCode::Enter => perform(app, pending, fx),
            KeyCode::Char('n') | KeyCode::Esc => {
                if pending == Pending::Quit {
                    app.dialog = app.stashed_dialog.take();
                }
                app.set_status(Tone::Info, format!("{} cancelled", title.to_lowercase()))
            }
            _ => {
                app.dialog = Some(Dialog::Confirm {
                    title,
                    lines,
                    yes,
                    pending,
                })
            }
        },
        Dialog::Prompt {
            kind,
            mut input,
            error,
        } => match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => {
                let text = input
                    .lines()
                    .first()
                    .cloned()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                if let Err(message) = prompt_done(app, &kind, &text, fx) {
                    app.dialog = Some(Dialog::Prompt {
                        kind,
                        input,
                        error: Some(message),
                    });
                }
            }
            _ => {
                input.input(event);
                app.dialog = Some(Dialog::Prompt { kind, input, error });
            }
        },
        Dialog::Picker(picker) => picker_key(app, picker, key, event, fx),
        Dialog::Bulk(mut run) => {
            let finished = run.report.is_some();
            match key.code {
                KeyCode::Esc | KeyCode::Enter if finished => return,
                KeyCode::Esc if !run.cancelling => {
                    run.cancelling = true;
                    fx.push(Effect::CancelBulk);
                }
                _ => {}
            }
            app.dialog = Some(Dialog::Bulk(run));
        }
    }
}

/// Acts on a prompt's answer; an error keeps the prompt open with the message.
fn prompt_done(
    app: &mut App,
    kind: &PromptKind,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), String> {
    if text.is_empty() {
        return Err("type a value, or esc to cancel".into());
    }
    match kind {
        PromptKind::FetchId => guard(
            app,
            Pending::Start(Call::Fetch {
                endpoint_id: text.to_string(),
            }),
            fx,
        ),
        PromptKind::UserId => start_call(
            app,
            Call::LookupUser {
                user_id: text.to_string(),
            },
            fx,
        ),
        PromptKind::SaveAs => {
            check_name(text).map_err(|e| e.to_string())?;
            fx.push(Effect::SaveProfile {
                name: text.to_string(),
                form: app.form.info.clone(),
                overwrite: app.profile.as_deref() == Some(text),
            });
        }
        PromptKind::Rename { from } => {
            check_name(text).map_err(|e| e.to_string())?;
            fx.push(Effect::RenameProfile {
                from: from.clone(),
                to: text.to_string(),
            });
        }
        PromptKind::Bulk { profile } => return start_bulk(app, profile, text, fx),
    }
    Ok(())
}

fn picker_key(app: &mut App, mut picker: Picker, key: Key, event: KeyEvent, fx: &mut Vec<Effect>) {
    let count = picker.visible().len();
    match key.code {
        KeyCode::Esc => return,
        KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
        KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
        KeyCode::PageDown => picker.selected = (picker.selected + 10).min(count.saturating_sub(1)),
        KeyCode::PageUp => picker.selected = picker.selected.saturating_sub(10),
        KeyCode::Enter => {
            if let Some(row) = picker.current().cloned() {
                return choose(app, &picker, row, fx);
            }
        }
        KeyCode::Delete => {
            if let Some(row) = picker.current().cloned() {
                match &picker.kind {
                    PickerKind::Profiles => {
                        return confirm(
                            app,
                            "Remove profile",
                            vec![format!(
                                "Remove profile `{}`? Its file is deleted.",
                                row.key
                            )],
                            "remove",
                            Pending::RemoveProfile(row.key),
                        );
                    }
                    PickerKind::UserEndpoints { user_id } if !app.read_only() => {
                        let mut lines = vec![format!(
                            "Delete all {} endpoints of user `{user_id}` {} (DeleteUserEndpoints)?",
                            picker.rows.len(),
                            target_words(app)
                        )];
                        lines.extend(
                            picker
                                .rows
                                .iter()
                                .take(15)
                                .map(|r| format!("  {}", r.columns.join("  "))),
                        );
                        let user_id = user_id.clone();
                        return confirm(
                            app,
                            "Delete user endpoints",
                            lines,
                            "delete",
                            Pending::DeleteUser(user_id),
                        );
                    }
                    PickerKind::UserEndpoints { .. } => app.set_status(
                        Tone::Warning,
                        "the target is read-only: deleting is unavailable",
                    ),
                    _ => {}
                }
            }
        }
        KeyCode::F(6) if picker.kind == PickerKind::Profiles => {
            if let Some(row) = picker.current().cloned() {
                if let Some(why) = &row.broken {
                    app.dialog = None;
                    return app.set_status(
                        Tone::Error,
                        format!("profile `{}` does not parse: {why}", row.key),
                    );
                }
                return prompt(app, PromptKind::Bulk { profile: row.key }, "100");
            }
        }
        KeyCode::F(2) if picker.kind == PickerKind::Profiles => {
            if let Some(row) = picker.current() {
                let from = row.key.clone();
                return prompt(app, PromptKind::Rename { from: from.clone() }, &from);
            }
        }
        _ => {
            if key.is_text()
                || matches!(
                    key.code,
                    KeyCode::Backspace
                        | KeyCode::Left
                        | KeyCode::Right
                        | KeyCode::Home
                        | KeyCode::End
                )
            {
                picker.filter.input(event);
                picker.selected = 0;
            }
        }
    }
    app.dialog = Some(Dialog::Picker(picker));
}

fn choose(app: &mut App, picker: &Picker, row: PickerRow, fx: &mut Vec<Effect>) {
    match &picker.kind {
        PickerKind::Profiles => {
            if let Some(why) = &row.broken {
                app.dialog = None;
                return app.set_status(
                    Tone::Error,
                    format!("profile `{}` does not parse: {why}", row.key),
                );
            }
            guard(app, Pending::LoadProfile(row.key), fx);
        }
        PickerKind::Targets => {
            app.link = Link::Connecting {
                target: row.key.clone(),
            };
            app.set_status(Tone::Info, format!("connecting to {}…", row.key));
            fx.push(Effect::Connect {
                target: row.key,
                app: None,
            });
        }
        PickerKind::Apps => {
            let target = match &app.link {
                Link::Connected(c) => c.target.clone(),
                Link::Connecting { target } | Link::Failed { target, .. } => target.clone(),
            };
            app.link = Link::Connecting {
                target: target.clone(),
            };
            app.set_status(Tone::Info, format!("switching to application {}…", row.key));
            fx.push(Effect::Connect {
                target,
                app: Some(row.key),
            });
        }
        PickerKind::UserEndpoints { user_id } => {
            let Some(endpoint) = picker
                .endpoints
                .iter()
                .find(|e| e.id.as_deref() == Some(row.key.as_str()))
            else {
                return;
            };
            guard(
                app,
                Pending::Replace(Replacement {
                    form: UserInfo::from_endpoint_response(endpoint),
                    profile: None,
                    origin: format!("endpoint `{}` of user `{user_id}`", row.key),
                }),
                fx,
            );
        }
    }
}

fn new_picker(kind: PickerKind, header: &[&str], rows: Vec<PickerRow>) -> Picker {
    Picker {
        kind,
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
        filter: single_line_input(""),
        selected: 0,
        endpoints: Vec::new(),
    }
}

fn profile_rows(rows: &[ProfileRow]) -> Vec<PickerRow> {
    rows.iter()
        .map(|p| PickerRow {
            key: p.name.clone(),
            columns: vec![
                p.name.clone(),
                p.user_id.clone().unwrap_or_default(),
                p.channel.clone().unwrap_or_default(),
                if p.broken.is_some() {
                    "BROKEN".into()
                } else {
                    p.modified.clone()
                },
            ],
            broken: p.broken.clone(),
        })
        .collect()
}

fn open_profiles(app: &mut App) {
    commit_editor(app);
    let rows = profile_rows(&app.profiles);
    app.dialog = Some(Dialog::Picker(new_picker(
        PickerKind::Profiles,
        &["NAME", "USER ID", "CHANNEL", "MODIFIED"],
        rows,
    )));
}

fn open_targets(app: &mut App) {
    commit_editor(app);
    let rows = app
        .config
        .targets
        .iter()
        .map(|(name, t)| PickerRow {
            key: name.clone(),
            columns: vec![
                name.clone(),
                format!("{:?}", t.kind).to_lowercase(),
                t.region.clone().unwrap_or_default(),
                t.application_id.clone().unwrap_or_default(),
                if t.read_only {
                    "read-only".into()
                } else {
                    String::new()
                },
            ],
            broken: None,
        })
        .collect();
    app.dialog = Some(Dialog::Picker(new_picker(
        PickerKind::Targets,
        &["TARGET", "KIND", "REGION", "APPLICATION", ""],
        rows,
    )));
}

fn on_profiles(app: &mut App, result: Result<Vec<ProfileRow>, String>) {
    match result {
        Ok(rows) => {
            app.profiles = rows;
            if let Some(Dialog::Picker(picker)) = &mut app.dialog
                && picker.kind == PickerKind::Profiles
            {
                picker.rows = profile_rows(&app.profiles);
                picker.selected = picker
                    .selected
                    .min(picker.visible().len().saturating_sub(1));
            }
        }
        Err(e) => app.set_status(Tone::Error, format!("profiles not listed: {e}")),
    }
}

// ----- the form -----

fn sections_key(app: &mut App, key: Key) {
    let i = app.section_index();
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => app.section = Section::ALL[(i + 1).min(5)],
        KeyCode::Up | KeyCode::Char('k') => app.section = Section::ALL[i.saturating_sub(1)],
        KeyCode::Char(c @ '1'..='6') => app.section = Section::ALL[c as usize - '1' as usize],
        KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => {
            app.focus = Focus::Form;
            sync_editor(app);
        }
        _ => {}
    }
}

fn preview_key(app: &mut App, key: Key, fx: &mut Vec<Effect>) {
    // Past the end (the terminal grew since) counts from the end.
    let limit = app.scroll_limits.preview.get();
    app.preview_scroll = app.preview_scroll.min(limit);
    if app.preview == PreviewMode::Segments {
        let count = app.segment_results.len();
        let selected = app.segment_selected;
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                app.segment_selected = (selected + 1).min(count.saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => app.segment_selected = selected.saturating_sub(1),
            // The criteria tree of the selected segment scrolls.
            KeyCode::PageDown => {
                app.preview_scroll = app.preview_scroll.saturating_add(5).min(limit);
            }
            KeyCode::PageUp => app.preview_scroll = app.preview_scroll.saturating_sub(5),
            KeyCode::Char('r') => start_call(app, Call::GetSegments, fx),
            _ => {}
        }
        if app.segment_selected != selected {
            app.preview_scroll = 0;
        }
        return;
    }
    app.preview_scroll = match key.code {
        KeyCode::Down | KeyCode::Char('j') => app.preview_scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => app.preview_scroll.saturating_sub(1),
        KeyCode::PageDown => app.preview_scroll.saturating_add(10),
        KeyCode::PageUp => app.preview_scroll.saturating_sub(10),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => limit,
        _ => app.preview_scroll,
    }
    .min(limit);
}

/// Opens the editor for the scalar field under the cursor (text and number fields are typed
/// into as soon as they are selected), or closes it elsewhere.
pub fn sync_editor(app: &mut App) {
    if app.focus != Focus::Form {
        commit_editor(app);
        return;
    }
    if let Some(field) = app.current_field() {
        let wanted = EditTarget::Field(field);
        if app.editor.as_ref().is_some_and(|e| e.target == wanted) {
            return;
        }
        commit_editor(app);
        if !matches!(field.kind(), FieldKind::Choice(_)) {
            app.editor = Some(Editor::new(wanted, &app.form.text(field)));
        }
    }
}

/// Ends the edit in progress, applying what needs applying at the end (a rename, a new name).
pub fn commit_editor(app: &mut App) {
    let Some(editor) = app.editor.take() else {
        return;
    };
    let text = editor.text();
    match editor.target {
        EditTarget::Field(_) | EditTarget::Metric { .. } => {}
        EditTarget::Value {
            section,
            index,
            value,
        } => {
            if text.is_empty() {
                app.form.remove_value(section, index, value);
                let cursor = app.cursor_mut();
                cursor.value_row = cursor.value_row.saturating_sub(1);
            }
        }
        EditTarget::Name { section, index } => {
            if text.is_empty() {
                app.set_status(
                    Tone::Warning,
                    "a name cannot be empty; the old name is kept",
                );
            } else if let Err(e) = app.form.rename(section, index, &text) {
                app.set_status(Tone::Error, e);
            }
        }
        EditTarget::NewName { section } => {
            if text.is_empty() {
                return;
            }
            if app.form.names(section).contains(&text) {
                return app.set_status(
                    Tone::Error,
                    format!("`{text}` is already a name in {}", section.title()),
                );
            }
            let index = app.form.add_name(section, &text);
            let cursor = app.cursor_mut();
            cursor.row = index;
            cursor.value_row = 0;
            // Go straight on to the first value (or the metric's number).
            cursor.column = Column::Values;
            app.editor = Some(match section {
                // Typed from empty (the new metric is 0 until a number is typed).
                Section::Metrics => Editor::new(EditTarget::Metric { name: text.clone() }, ""),
                _ => {
                    let value = app.form.add_value(section, index, None).unwrap_or(0);
                    Editor::new(
                        EditTarget::Value {
                            section,
                            index,
                            value,
                        },
                        "",
                    )
                }
            });
        }
    }
    app.form_changed();
}

/// Applies the editor's text where it is applied as typed.
fn apply_editor(app: &mut App) {
    let Some(editor) = &app.editor else { return };
    let text = editor.text();
    match editor.target.clone() {
        EditTarget::Field(field) => app.form.set_text(field, &text),
        EditTarget::Value {
            section,
            index,
            value,
        } => app.form.set_value(section, index, value, &text),
        EditTarget::Metric { name } => app.form.set_metric_text(&name, &text),
        EditTarget::Name { .. } | EditTarget::NewName { .. } => return,
    }
    app.form_changed();
}

fn form_key(app: &mut App, key: Key, event: KeyEvent) {
    if app.section.is_list() {
        list_key(app, key, event)
    } else {
        scalar_key(app, key, event)
    }
}

fn move_row(app: &mut App, step: isize) {
    let count = if app.section.is_list() {
        app.form.names(app.section).len()
    } else {
        app.section.fields().len()
    };
    let cursor = app.cursor_mut();
    let row = (cursor.row as isize + step).clamp(0, count.saturating_sub(1) as isize) as usize;
    if row != cursor.row {
        cursor.row = row;
        cursor.value_row = 0;
    }
}

fn scalar_key(app: &mut App, key: Key, event: KeyEvent) {
    let Some(field) = app.current_field() else {
        return;
    };
    match key.code {
        KeyCode::Up => move_row(app, -1),
        KeyCode::Down | KeyCode::Enter => move_row(app, 1),
        KeyCode::Esc => {
            commit_editor(app);
            app.focus = Focus::Sections;
            return;
        }
        _ => match field.kind() {
            FieldKind::Choice(_) => match key.code {
                KeyCode::Right | KeyCode::Char(' ') => app.form.cycle_choice(field, 1),
                KeyCode::Left => app.form.cycle_choice(field, -1),
                KeyCode::Backspace | KeyCode::Delete => app.form.set_text(field, ""),
                _ => return,
            },
            _ => {
                if let Some(editor) = &mut app.editor
                    && editor.input.input(event)
                {
                    apply_editor(app);
                }
                return;
            }
        },
    }
    app.form_changed();
    sync_editor(app);
}

fn list_key(app: &mut App, key: Key, event: KeyEvent) {
    let section = app.section;
    if app.editor.is_some() {
        match key.code {
            KeyCode::Enter | KeyCode::Esc => commit_editor(app),
            KeyCode::Up | KeyCode::Down => {
                commit_editor(app);
                list_move(app, if key.code == KeyCode::Up { -1 } else { 1 });
            }
            _ => {
                if let Some(editor) = &mut app.editor
                    && editor.input.input(event)
                {
                    apply_editor(app);
                }
            }
        }
        return;
    }
    let names = app.form.names(section);
    let cursor = app.cursor();
    let name = names.get(cursor.row).cloned();
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Esc => app.focus = Focus::Sections,
        KeyCode::Up | KeyCode::Down
            if alt && cursor.column == Column::Values && section != Section::Metrics =>
        {
            let step = if key.code == KeyCode::Up { -1 } else { 1 };
            let moved = app
                .form
                .move_value(section, cursor.row, cursor.value_row, step);
            app.cursor_mut().value_row = moved;
            app.form_changed();
        }
        KeyCode::Char('K') | KeyCode::Char('J')
            if cursor.column == Column::Values && section != Section::Metrics =>
        {
            let step = if key.code == KeyCode::Char('K') {
                -1
            } else {
                1
            };
            let moved = app
                .form
                .move_value(section, cursor.row, cursor.value_row, step);
            app.cursor_mut().value_row = moved;
            app.form_changed();
        }
        KeyCode::Up | KeyCode::Char('k') => list_move(app, -1),
        KeyCode::Down | KeyCode::Char('j') => list_move(app, 1),
        KeyCode::Left | KeyCode::Char('h') => app.cursor_mut().column = Column::Names,
        KeyCode::Right | KeyCode::Char('l') if name.is_some() => {
            app.cursor_mut().column = Column::Values
        }
        KeyCode::Enter | KeyCode::Char('e') => match (cursor.column, name) {
            (_, None) => app.editor = Some(Editor::new(EditTarget::NewName { section }, "")),
            (Column::Names, Some(name)) => {
                app.editor = Some(Editor::new(
                    EditTarget::Name {
                        section,
                        index: cursor.row,
                    },
                    &name,
                ))
            }
            (Column::Values, Some(name)) => {
                edit_value(app, section, cursor.row, cursor.value_row, &name)
            }
        },
        KeyCode::Char('a') | KeyCode::Insert => match (cursor.column, name) {
            (Column::Values, Some(name)) if section == Section::Metrics => {
                edit_value(app, section, cursor.row, 0, &name)
            }
            (Column::Values, Some(_)) => {
                let after =
                    (!app.form.values(section, cursor.row).is_empty()).then_some(cursor.value_row);
                if let Some(value) = app.form.add_value(section, cursor.row, after) {
                    app.cursor_mut().value_row = value;
                    app.editor = Some(Editor::new(
                        EditTarget::Value {
                            section,
                            index: cursor.row,
                            value,
                        },
                        "",
                    ));
                    app.form_changed();
                }
            }
            _ => app.editor = Some(Editor::new(EditTarget::NewName { section }, "")),
        },
        KeyCode::Char('d') | KeyCode::Delete => match (cursor.column, name) {
            (Column::Values, Some(_)) if section != Section::Metrics => {
                app.form.remove_value(section, cursor.row, cursor.value_row);
                let left = app.form.values(section, cursor.row).len();
                app.cursor_mut().value_row = cursor.value_row.min(left.saturating_sub(1));
                app.form_changed();
            }
            (_, Some(name)) => {
                app.form.remove_name(section, cursor.row);
                let left = app.form.names(section).len();
                let c = app.cursor_mut();
                c.row = c.row.min(left.saturating_sub(1));
                c.value_row = 0;
                c.column = Column::Names;
                app.form_changed();
                app.set_status(
                    Tone::Info,
                    format!("removed `{name}` from {}", section.title()),
                );
            }
            _ => {}
        },
        _ => {}
    }
}

fn edit_value(app: &mut App, section: Section, index: usize, value: usize, name: &str) {
    if section == Section::Metrics {
        let text = app.form.metric_text(name);
        app.editor = Some(Editor::new(
            EditTarget::Metric {
                name: name.to_string(),
            },
            &text,
        ));
        return;
    }
    let values = app.form.values(section, index);
    match values.get(value) {
        Some(text) => {
            app.editor = Some(Editor::new(
                EditTarget::Value {
                    section,
                    index,
                    value,
                },
                text,
            ))
        }
        None => {
            if let Some(value) = app.form.add_value(section, index, None) {
                app.cursor_mut().value_row = value;
                app.editor = Some(Editor::new(
                    EditTarget::Value {
                        section,
                        index,
                        value,
                    },
                    "",
                ));
                app.form_changed();
            }
        }
    }
}

fn list_move(app: &mut App, step: isize) {
    let cursor = app.cursor();
    if cursor.column == Column::Values && app.section != Section::Metrics {
        let count = app.form.values(app.section, cursor.row).len();
        let value_row =
            (cursor.value_row as isize + step).clamp(0, count.saturating_sub(1) as isize) as usize;
        app.cursor_mut().value_row = value_row;
    } else {
        move_row(app, step);
    }
}

// ----- paste and mouse -----

fn on_paste(app: &mut App, text: &str, fx: &mut Vec<Effect>) {
    match &mut app.dialog {
        Some(Dialog::Prompt { input, .. }) => {
            input.insert_str(text.lines().next().unwrap_or_default());
            return;
        }
        Some(Dialog::Picker(picker)) => {
            picker
                .filter
                .insert_str(text.lines().next().unwrap_or_default());
            picker.selected = 0;
            return;
        }
        Some(_) => return,
        None => {}
    }
    if let Some(editor) = &mut app.editor {
        let line = text.replace(['\r', '\n'], " ");
        editor.input.insert_str(line.trim_end());
        apply_editor(app);
        return;
    }
    match parse_json(text) {
        Ok((shape, form)) => guard(
            app,
            Pending::Replace(Replacement {
                form,
                profile: None,
                origin: format!("pasted {shape}"),
            }),
            fx,
        ),
        Err(e) => app.set_status(
            Tone::Error,
            format!("the pasted text is not an endpoint: {e}"),
        ),
    }
}

fn on_mouse(app: &mut App, mouse: MouseEvent) {
    if app.dialog.is_some() {
        return;
    }
    let areas: Areas = layout(app.size.0, app.size.1);
    let (x, y) = (mouse.column, mouse.row);
    let inside =
        |r: ratatui::layout::Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
    match mouse.kind {
        MouseEventKind::ScrollDown if inside(areas.preview) => {
            app.preview_scroll = app
                .preview_scroll
                .saturating_add(3)
                .min(app.scroll_limits.preview.get())
        }
        MouseEventKind::ScrollUp if inside(areas.preview) => {
            app.preview_scroll = app.preview_scroll.saturating_sub(3)
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if inside(areas.sections) {
                commit_editor(app);
                if let Some(section) = areas.section_at(x, y) {
                    app.section = section;
                }
                app.focus = Focus::Sections;
            } else if inside(areas.form) {
                commit_editor(app);
                app.focus = Focus::Form;
                let row = y.saturating_sub(areas.form.y + 1) as usize;
                if app.section.is_list() {
                    // The same rows and scrolling as the view draws.
                    let inner = ratatui::widgets::Block::bordered().inner(areas.form);
                    let rows = super::view::lists::list_rows(app, inner);
                    let names = app.form.names(app.section).len();
                    let values = app.form.values(app.section, app.cursor().row).len();
                    let c = app.cursor_mut();
                    if x >= rows.values.x && names > 0 {
                        let clicked = y.saturating_sub(rows.values.y) as usize + rows.values_offset;
                        c.column = Column::Values;
                        c.value_row = clicked.min(values.saturating_sub(1));
                    } else {
                        let clicked = y.saturating_sub(rows.names.y) as usize + rows.names_offset;
                        c.column = Column::Names;
                        c.row = clicked.min(names.saturating_sub(1));
                        c.value_row = 0;
                    }
                } else {
                    let count = app.section.fields().len();
                    app.cursor_mut().row = row.min(count.saturating_sub(1));
                }
                sync_editor(app);
            } else if inside(areas.preview) {
                commit_editor(app);
                app.focus = Focus::Preview;
            }
        }
        _ => {}
    }
}

// ----- results -----

fn on_connected(app: &mut App, result: Result<Connection, String>) {
    match result {
        Ok(c) => {
            let mut text = format!(
                "connected to `{}` (application {}) at {}",
                c.target, c.application_id, c.url
            );
            if c.read_only {
                text.push_str(" · read-only: submit and delete are unavailable");
            }
            if !app.notices.is_empty() {
                app.set_status(
                    Tone::Warning,
                    format!("{} · {text}", app.notices.join(" · ")),
                );
            } else {
                app.set_status(Tone::Success, text);
            }
            app.link = Link::Connected(c);
            app.set_segments(None);
        }
        Err(error) => {
            let target = match &app.link {
                Link::Connecting { target } | Link::Failed { target, .. } => target.clone(),
                Link::Connected(c) => c.target.clone(),
            };
            app.set_status(
                Tone::Error,
                format!("cannot connect to `{target}`: {error}"),
            );
            app.link = Link::Failed { target, error };
        }
    }
}

fn outcome_words(call: &Call, result: &CallResult) -> String {
    let mut text = match (call, &result.result) {
        (Call::Submit { .. }, Ok(Reply::SubmittedUnconfirmed(_))) => {
            "UpdateEndpoint 202".to_string()
        }
        (Call::Submit { .. }, Ok(_)) => "UpdateEndpoint 202 → GetEndpoint 200".to_string(),
        (Call::DeleteEndpoint { .. } | Call::DeleteUser { .. }, Ok(_)) => {
            format!("{} 202", call.label())
        }
        (_, Ok(_)) => format!("{} 200", call.label()),
        (_, Err(e)) => {
            let status = e.status.map(|s| format!(" ({s})")).unwrap_or_default();
            format!("{} failed{status}: {}: {}", call.label(), e.code, e.message)
        }
    };
    text.push_str(&format!(" · {} ms", result.latency.as_millis()));
    let request_id = result.request_id.clone().or_else(|| {
        result
            .result
            .as_ref()
            .err()
            .and_then(|e| e.request_id.clone())
    });
    if let Some(id) = request_id {
        text.push_str(&format!(" · request id {id}"));
    }
    text
}

fn on_call_done(app: &mut App, result: CallResult, fx: &mut Vec<Effect>) {
    let Some(busy) = app.busy.take_if(|b| b.id == result.id) else {
        return; // cancelled or stale
    };
    let words = outcome_words(&busy.call, &result);
    let reply = match result.result {
        Ok(reply) => reply,
        Err(_) => return app.set_status(Tone::Error, words),
    };
    match reply {
        Reply::SubmittedUnconfirmed(error) => {
            app.landed = None;
            if app.preview == PreviewMode::Landed {
                app.preview = PreviewMode::Format(PreviewFormat::Pinpoint);
            }
            app.set_status(
                Tone::Warning,
                format!("{words} · the update landed, but fetching it back failed: {error}"),
            );
        }
        Reply::Submitted { landed } => {
            let landed_form = UserInfo::from_endpoint_response(&landed);
            let found = differences(&busy.form_at_start, &landed_form);
            let summary = match found.len() {
                0 => "what landed matches the form".to_string(),
                1 => "what landed: 1 field differs from the form".to_string(),
                n => format!("what landed: {n} fields differ from the form"),
            };
            app.landed = Some(Landed {
                endpoint: landed,
                differences: found,
            });
            app.preview = PreviewMode::Landed;
            app.preview_scroll = 0;
            app.set_status(Tone::Success, format!("{words} · {summary}"));
        }
        Reply::Fetched(endpoint) => {
            app.set_status(Tone::Success, words.clone());
            let id = endpoint.id.clone().unwrap_or_default();
            let replacement = Replacement {
                form: UserInfo::from_endpoint_response(&endpoint),
                profile: None,
                origin: format!("fetched `{id}`"),
            };
            if app.form.info != busy.form_at_start {
                confirm(
                    app,
                    "Replace the form",
                    vec![
                        format!(
                            "Endpoint `{id}` arrived, but the form changed while it was on its way."
                        ),
                        "Replace the form with the fetched endpoint?".into(),
                    ],
                    "replace",
                    Pending::Replace(replacement),
                );
            } else {
                perform(app, Pending::Replace(replacement), fx);
                app.set_status(Tone::Success, words);
            }
        }
        Reply::User(endpoints) => {
            let Call::LookupUser { user_id } = busy.call else {
                return;
            };
            app.set_status(
                Tone::Success,
                format!("{words} · {} endpoints", endpoints.item.len()),
            );
            let rows = endpoints.item.iter().map(endpoint_row).collect();
            let mut picker = new_picker(
                PickerKind::UserEndpoints { user_id },
                &["ENDPOINT ID", "CHANNEL", "ADDRESS", "STATUS", "LAST UPDATE"],
                rows,
            );
            picker.endpoints = endpoints.item;
            app.dialog = Some(Dialog::Picker(picker));
        }
        Reply::Deleted(endpoint) => {
            app.landed = None;
            if app.preview == PreviewMode::Landed {
                app.preview = PreviewMode::Format(PreviewFormat::Pinpoint);
            }
            let id = endpoint.id.unwrap_or_default();
            app.set_status(Tone::Success, format!("{words} · removed endpoint `{id}`"));
        }
        Reply::DeletedUser(endpoints) => {
            app.set_status(
                Tone::Success,
                format!("{words} · removed {} endpoints", endpoints.item.len()),
            );
        }
        Reply::Segments(segments) => {
            app.set_status(
                Tone::Success,
                format!("{words} · {} segments", segments.item.len()),
            );
            app.set_segments(Some(segments.item));
        }
        Reply::Apps(apps) => {
            app.set_status(
                Tone::Success,
                format!("{words} · {} applications", apps.item.len()),
            );
            let current = app.connection().map(|c| c.application_id.clone());
            let rows = apps
                .item
                .iter()
                .map(|a| PickerRow {
                    key: a.id.clone(),
                    columns: vec![
                        a.id.clone(),
                        a.name.clone(),
                        a.creation_date.clone().unwrap_or_default(),
                        if current.as_deref() == Some(a.id.as_str()) {
                            "current".into()
                        } else {
                            String::new()
                        },
                    ],
                    broken: None,
                })
                .collect();
            app.dialog = Some(Dialog::Picker(new_picker(
                PickerKind::Apps,
                &["APPLICATION ID", "NAME", "CREATED", ""],
                rows,
            )));
        }
    }
}

fn endpoint_row(e: &EndpointResponse) -> PickerRow {
    let id = e.id.clone().unwrap_or_default();
    PickerRow {
        key: id.clone(),
        columns: vec![
            id,
            e.channel_type.clone().unwrap_or_default(),
            e.address.clone().unwrap_or_default(),
            e.endpoint_status.clone().unwrap_or_default(),
            e.effective_date.clone().unwrap_or_default(),
        ],
        broken: None,
    }
}

// ----- the preview -----

fn preview_name(app: &App) -> &'static str {
    match app.preview {
        PreviewMode::Format(f) => f.name(),
        PreviewMode::Segments => "segments",
        PreviewMode::Landed => "landed",
    }
}

/// The text of the preview pane (also what the copy key copies).
pub fn preview_text(app: &App) -> String {
    match (app.preview, &app.landed) {
        (PreviewMode::Landed, Some(landed)) => {
            serde_json::to_string_pretty(&landed.endpoint).expect("wire types always serialize")
        }
        (PreviewMode::Format(format), _) => {
            preview::render(&app.form.info, format, &app.cli_context())
        }
        (PreviewMode::Segments, _) => serde_json::to_string_pretty(&app.segment_results)
            .expect("segment results always serialize"),
        (PreviewMode::Landed, None) => preview::pinpoint_json(&app.form.info),
    }
}

/// Starts a bulk run from a profile: `COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]]` and
/// the options of the `bulk` command (`--address`, `--start`, `--vary`).
fn start_bulk(
    app: &mut App,
    profile: &str,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), String> {
    let (count, options) = crate::cli::BulkPrompt::parse_text(text)?;
    if app.read_only() {
        return Err("the target is read-only: bulk writes are unavailable".into());
    }
    if app.connection().is_none() {
        return Err("not connected to a target yet".into());
    }
    app.dialog = Some(Dialog::Bulk(BulkRun {
        profile: profile.to_string(),
        progress: Progress {
            finished: 0,
            failed: 0,
            total: count,
        },
        report: None,
        cancelling: false,
        notice: None,
    }));
    fx.push(Effect::Bulk {
        profile: profile.to_string(),
        count,
        options,
    });
    Ok(())
}

/// The bulk run's dialog, open or covered by the quit question.
fn bulk_run(app: &mut App) -> Option<&mut BulkRun> {
    [&mut app.dialog, &mut app.stashed_dialog]
        .into_iter()
        .find_map(|d| match d {
            Some(Dialog::Bulk(run)) => Some(run),
            _ => None,
        })
}
