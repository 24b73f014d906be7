//! Keys anywhere in the console: each key resolved to its actions (the one that works
//! anywhere, and the key of the dialog or pane on top), the actions that work anywhere
//! (submit, fetch, save, quit...) and the calls, confirmations and prompts they start.

use super::*;

pub(super) fn on_key(app: &mut App, event: KeyEvent, fx: &mut Vec<Effect>) {
    // The key as actions, before anything looks at it: the action that works anywhere, and
    // the key of the dialog or pane that has the keyboard.
    let key = Key::from_event(&event);
    let action = app.keymap.action(key);
    let local = app.keymap.resolve(key, context(app));
    if action == Some(Action::Quit) {
        // A second quit key at the quit question means it.
        if let Some(Dialog::Confirm(Question {
            pending: Pending::Quit,
            ..
        })) = &app.dialog
        {
            app.should_quit = true;
            return;
        }
        return request_quit(app);
    }
    if app.dialog.is_some() {
        return dialog_key(app, local, key, event, fx);
    }
    if let Some(action) = action
        && run_action(app, action, fx)
    {
        return;
    }
    let action = local;
    match action {
        Some(Action::PaneHelp) => app.dialog = Some(Dialog::Help { scroll: 0 }),
        Some(Action::PaneQuit) => request_quit(app),
        _ => match app.focus {
            Focus::Sections => sections_key(app, action),
            Focus::Form => form_key(app, action, key, event),
            Focus::Preview => preview_key(app, action),
        },
    }
}

/// Where the keyboard is: the dialog on top, else the focused pane and what it shows.
pub(super) fn context(app: &App) -> Context {
    if let Some(dialog) = &app.dialog {
        return match dialog {
            Dialog::Help { .. } => Context::Help,
            Dialog::Message { .. } => Context::Message,
            Dialog::Confirm(_) => Context::Confirm,
            Dialog::Prompt { .. } => Context::Prompt,
            Dialog::Picker(_) => Context::Picker,
            Dialog::Opened(_) => Context::Opened,
            Dialog::Bulk(_) => Context::Bulk,
        };
    }
    match app.focus {
        Focus::Sections => Context::Sections,
        Focus::Preview => match app.preview {
            PreviewMode::Segments => Context::Segments,
            PreviewMode::InApp => Context::InApp,
            _ => Context::Preview,
        },
        Focus::Form if app.section.is_list() && app.editor.is_some() => Context::ListEditor,
        Focus::Form if app.section.is_list() => Context::List,
        Focus::Form => match app.current_field().map(|f| f.kind()) {
            Some(FieldKind::Choice(_)) => Context::Choice,
            _ => Context::Field,
        },
    }
}

/// Runs a global action. Returns false when the action does not apply here (the key then
/// goes to the focused pane).
pub(super) fn run_action(app: &mut App, action: Action, fx: &mut Vec<Effect>) -> bool {
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
                let where_ = target_words(app, "from");
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
                PreviewMode::Segments => PreviewMode::InApp,
                PreviewMode::InApp if app.landed.is_some() => PreviewMode::Landed,
                PreviewMode::InApp | PreviewMode::Landed => {
                    PreviewMode::Format(PreviewFormat::Pinpoint)
                }
            };
            app.preview_scroll = 0;
            load_for_view(app, fx, None);
        }
        Action::CopyPreview => fx.push(Effect::Copy(app.preview_text())),
        Action::FocusNext | Action::FocusPrev => {
            commit_editor(app);
            let order = [Focus::Sections, Focus::Form, Focus::Preview];
            let at = order.iter().position(|f| *f == app.focus).unwrap_or(0);
            let step = if action == Action::FocusNext { 1 } else { 2 };
            match order[(at + step) % 3] {
                Focus::Form if app.focus == Focus::Sections => enter_section(app),
                focus => {
                    app.focus = focus;
                    sync_editor(app);
                }
            }
        }
        Action::Undo => undo_redo(app, true),
        Action::Redo => undo_redo(app, false),
        Action::ClearField => return clear_field(app),
        Action::AddEntry => return add_entry(app),
        Action::RemoveEntry => return remove_entry(app),
        Action::ShowMessage => show_message_dialog(app),
        Action::FireEvent => fire_event_prompt(app),
        Action::Campaigns => open_campaigns(app, fx),
        Action::Reload
        | Action::OpenMessage
        | Action::SwitchView
        | Action::NextPage
        | Action::PrevPage => return view_action(app, action, fx),
        Action::Cancel => match app.busy.take() {
            Some(call) => {
                fx.push(Effect::Cancel { id: call.id });
                app.set_status(Tone::Warning, format!("{} cancelled", call.call.label()));
            }
            None => return false,
        },
        // The keys of a pane or dialog are resolved there.
        _ => return false,
    }
    true
}

/// Where a call goes, for questions: `from application 5a9d… on target `sandbox``, with the
/// preposition given (`from`, `to`).
pub(super) fn target_words(app: &App, preposition: &str) -> String {
    match app.connection() {
        Some(c) => format!(
            "{preposition} application {} on target `{}`",
            c.application_id, c.target
        ),
        None => format!("{preposition} the target"),
    }
}

pub(super) fn request_quit(app: &mut App) {
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

/// Opens the status line's message in full: the problems behind it, one a line, or else
/// its text, wrapped and scrollable.
pub(super) fn show_message_dialog(app: &mut App) {
    let status = &app.status;
    let (title, lines) = match &status.details {
        Some(details) => (details.title.clone(), details.lines.clone()),
        None => {
            let title = match status.tone {
                Tone::Error => "Error",
                Tone::Warning => "Warning",
                Tone::Info | Tone::Success => "Last message",
            };
            (title.to_string(), vec![status.text.clone()])
        }
    };
    app.dialog = Some(Dialog::Message {
        title,
        lines,
        tone: status.tone,
        scroll: 0,
    });
}

pub(super) fn submit(app: &mut App, fx: &mut Vec<Effect>) {
    commit_editor(app);
    let errors: Vec<String> = app
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    if !errors.is_empty() {
        // Every error, on the status line and one a line in a dialog that scrolls.
        let title = match errors.len() {
            1 => "Submit blocked by 1 error".to_string(),
            n => format!("Submit blocked by {n} errors"),
        };
        app.set_status_details(
            Tone::Error,
            format!("submit blocked: {}", errors.join("; ")),
            Details {
                title,
                lines: errors,
            },
        );
        return show_message_dialog(app);
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

/// Starts what the preview's view needs and has not got (the segments; the campaigns and
/// templates) when nothing else runs: when the view is shown, and when the call that held it
/// up ends (`ended`), so that going through the Segments view to the In-app view while the
/// segments load still loads the campaigns. Never the call that just ended, nor a load that
/// failed, again by itself: a failure is not retried in a loop.
pub(super) fn load_for_view(app: &mut App, fx: &mut Vec<Effect>, ended: Option<&Call>) {
    if app.busy.is_some() {
        return;
    }
    let call = match app.preview {
        PreviewMode::Segments if app.segments.is_none() => Call::GetSegments,
        PreviewMode::InApp if app.inapp.library.is_none() => Call::LoadInApp,
        _ => return,
    };
    let after_a_call = ended.is_some();
    if after_a_call
        && (ended == Some(&call)
            || app.connection().is_none()
            || (call == Call::LoadInApp && app.inapp.error.is_some()))
    {
        return;
    }
    start_call(app, call, fx);
}

pub(super) fn start_call(app: &mut App, call: Call, fx: &mut Vec<Effect>) {
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
pub(super) fn guard(app: &mut App, pending: Pending, fx: &mut Vec<Effect>) {
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

pub(super) fn perform(app: &mut App, pending: Pending, fx: &mut Vec<Effect>) {
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
        Pending::LoadStored(load) => {
            let StoredLoad { endpoint, origin } = *load;
            app.replace_form(Replacement {
                form: UserInfo::from_endpoint_response(&endpoint),
                profile: None,
                origin: origin.clone(),
            });
            app.show_stored(endpoint, Source::Read);
            app.set_status(Tone::Success, format!("loaded {origin}"));
            sync_editor(app);
        }
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
        Pending::Bulk(bulk) => run_bulk(app, *bulk, fx),
    }
}

pub(super) fn confirm(app: &mut App, title: &str, lines: Vec<String>, yes: &str, pending: Pending) {
    app.dialog = Some(Dialog::confirm(title, lines, yes, pending));
}

pub(super) fn single_line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.set_cursor_line_style(ratatui::style::Style::default());
    input.move_cursor(ratatui_textarea::CursorMove::End);
    input
}

/// A prompt offering `text` as its answer, selected: typing replaces it (a count typed over
/// the suggested 100 is that count, not 100 followed by it); an arrow key keeps it to edit.
pub(super) fn prompt(app: &mut App, kind: PromptKind, text: &str) {
    let mut input = single_line_input(text);
    input.select_all();
    open_prompt(app, kind, input);
}

/// A prompt holding what the user typed before, the cursor at its end.
pub(super) fn reopen_prompt(app: &mut App, kind: PromptKind, text: &str) {
    open_prompt(app, kind, single_line_input(text));
}

fn open_prompt(app: &mut App, kind: PromptKind, input: TextArea<'static>) {
    commit_editor(app);
    app.dialog = Some(Dialog::Prompt {
        kind,
        input,
        error: None,
    });
}

pub(super) fn save_as_prompt(app: &mut App) {
    let suggestion = app
        .profile
        .clone()
        .or_else(|| app.form.info.endpoint_id.clone())
        .unwrap_or_default();
    prompt(app, PromptKind::SaveAs, &suggestion);
}
