//! Keys in the dialogs: confirmations, prompts, help and the pickers (profiles, targets,
//! applications, a user's endpoints).

use super::*;

/// A key in the dialog on top, resolved in its context (`action`); the key itself is
/// only typed into an input.
pub(super) fn dialog_key(
    app: &mut App,
    action: Option<Action>,
    key: Key,
    event: KeyEvent,
    fx: &mut Vec<Effect>,
) {
    let Some(dialog) = app.dialog.take() else {
        return;
    };
    match dialog {
        Dialog::Help { scroll } => {
            let limit = app.scroll_limits.help.get();
            if let Some(scroll) = action.and_then(|a| scrolled(a, scroll, limit)) {
                return app.dialog = Some(Dialog::Help { scroll });
            }
            if !matches!(
                action,
                Some(Action::Close | Action::PaneHelp | Action::Help | Action::Ok)
            ) {
                app.dialog = Some(Dialog::Help {
                    scroll: scroll.min(limit),
                });
            }
        }
        Dialog::Message {
            title,
            lines,
            tone,
            scroll,
        } => {
            let limit = app.scroll_limits.dialog.get();
            let scroll = match action {
                Some(Action::ShowMessage | Action::Close | Action::Ok) => return,
                Some(action) => scrolled(action, scroll, limit).unwrap_or(scroll),
                None => scroll,
            };
            app.dialog = Some(Dialog::Message {
                title,
                lines,
                tone,
                scroll,
            });
        }
        Dialog::Confirm(mut question) => {
            match action {
                Some(Action::Yes | Action::Ok) if question.hold.is_some() => {}
                // Enter does not confirm what deletes, overwrites, discards or writes: the
                // dialog says that y does.
                Some(Action::Ok) if question.pending.destructive() => question.refused_enter = true,
                Some(Action::Yes | Action::Ok) => return perform(app, question.pending, fx),
                Some(Action::No) => {
                    return match question.pending {
                        Pending::Quit => {
                            app.dialog = app.stashed_dialog.take();
                            app.set_status(Tone::Info, "quit cancelled");
                        }
                        Pending::Bulk(bulk) => back_to_prompt(app, &bulk),
                        _ => {
                            let cancelled = format!("{} cancelled", question.title.to_lowercase());
                            app.set_status(Tone::Info, cancelled)
                        }
                    };
                }
                other => {
                    let limit = app.scroll_limits.dialog.get();
                    if let Some(scroll) = other.and_then(|a| scrolled(a, question.scroll, limit)) {
                        question.scroll = scroll;
                    }
                }
            }
            app.dialog = Some(Dialog::Confirm(question));
        }
        Dialog::Prompt {
            kind,
            mut input,
            error,
        } => match action {
            Some(Action::Close) => {}
            Some(Action::Ok) => {
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
                edit_input(app, &mut input, key, event);
                app.dialog = Some(Dialog::Prompt { kind, input, error });
            }
        },
        Dialog::Picker(picker) => picker_key(app, picker, action, key, event, fx),
        Dialog::Opened(opened) => opened_key(app, opened, action),
        Dialog::Bulk(mut run) => {
            let finished = run.report.is_some();
            match action {
                Some(Action::Cancel | Action::Ok) if finished => return,
                // The summary's failures, each in full.
                Some(Action::ShowMessage) if finished => return show_message_dialog(app),
                Some(Action::Cancel) if !run.cancelling => {
                    run.cancelling = true;
                    fx.push(Effect::CancelBulk);
                }
                _ => {}
            }
            app.dialog = Some(Dialog::Bulk(run));
        }
    }
}

/// A key in a dialog's one-line input: the clear, undo and redo keys as in the form's
/// fields (within this input), anything else as the input takes it.
pub(super) fn edit_input(app: &App, input: &mut TextArea<'static>, key: Key, event: KeyEvent) {
    match app.keymap.action(key) {
        Some(Action::ClearField) => {
            input.delete_line_by_head();
        }
        Some(Action::Undo) => {
            input.undo();
        }
        Some(Action::Redo) => {
            input.redo();
        }
        _ => {
            input.input(event);
        }
    }
}

/// The scroll of a scrolling text after a key, or `None` when the key does not scroll:
/// up and down by a row, the page keys by ten, top and bottom to the ends, never past
/// `limit` (where the last row reaches the bottom, as the last frame drew it).
pub(super) fn scrolled(action: Action, scroll: u16, limit: u16) -> Option<u16> {
    let scroll = scroll.min(limit);
    let scroll = match action {
        Action::Down => scroll.saturating_add(1),
        Action::Up => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(10),
        Action::PageUp => scroll.saturating_sub(10),
        Action::Top => 0,
        Action::Bottom => limit,
        _ => return None,
    };
    Some(scroll.min(limit))
}

/// Acts on a prompt's answer; an error keeps the prompt open with the message.
pub(super) fn prompt_done(
    app: &mut App,
    kind: &PromptKind,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), String> {
    if text.is_empty() {
        let close = app.keymap.label(Action::Close);
        return Err(format!("type a value, or {close} to cancel"));
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
        PromptKind::Event => return fire_event(app, text, fx),
    }
    Ok(())
}

pub(super) fn picker_key(
    app: &mut App,
    mut picker: Picker,
    action: Option<Action>,
    key: Key,
    event: KeyEvent,
    fx: &mut Vec<Effect>,
) {
    let count = picker.visible().len();
    // In a user's list the delete key deletes them all (the remove key, the one selected).
    if let PickerKind::UserEndpoints { user_id } = &picker.kind
        && action == Some(Action::Delete)
        && !refused_read_only(app)
    {
        return delete_user(app, &picker, user_id.clone());
    }
    match action {
        Some(Action::Close) => return,
        Some(Action::Down) => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
        Some(Action::Up) => picker.selected = picker.selected.saturating_sub(1),
        Some(Action::PageDown) => {
            picker.selected = (picker.selected + 10).min(count.saturating_sub(1))
        }
        Some(Action::PageUp) => picker.selected = picker.selected.saturating_sub(10),
        Some(Action::Ok) => {
            if let Some(row) = picker.current().cloned() {
                return choose(app, &picker, row, fx);
            }
        }
        Some(Action::RemoveSelected) => {
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
                    PickerKind::UserEndpoints { user_id } if !refused_read_only(app) => {
                        return delete_user_endpoint(app, user_id.clone(), row.key);
                    }
                    _ => {}
                }
            }
        }
        Some(Action::BulkFromProfile) if picker.kind == PickerKind::Profiles => {
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
        Some(Action::RenameProfile) if picker.kind == PickerKind::Profiles => {
            if let Some(row) = picker.current() {
                let from = row.key.clone();
                return prompt(app, PromptKind::Rename { from: from.clone() }, &from);
            }
        }
        _ if app
            .keymap
            .action(key)
            .is_some_and(|a| matches!(a, Action::ClearField | Action::Undo | Action::Redo)) =>
        {
            edit_input(app, &mut picker.filter, key, event);
            picker.selected = 0;
        }
        Some(_) => {}
        // Typing filters.
        None => {
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

pub(super) fn choose(app: &mut App, picker: &Picker, row: PickerRow, fx: &mut Vec<Effect>) {
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
            if let Link::Connected(connection) = &app.link
                && connection.target == row.key
            {
                // Nothing to change: a link that failed or is under way is tried again.
                app.dialog = None;
                let message = format!(
                    "already connected to {} (application {})",
                    row.key, connection.application_id
                );
                return app.set_status(Tone::Info, message);
            }
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
            let target = app.link.target().to_owned();
            app.link = Link::Connecting {
                target: target.clone(),
            };
            app.set_status(Tone::Info, format!("switching to application {}…", row.key));
            fx.push(Effect::Connect {
                target,
                app: Some(row.key),
            });
        }
        PickerKind::Campaigns => choose_campaign_row(app, &row.key),
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
                Pending::LoadStored(Box::new(StoredLoad {
                    endpoint: endpoint.clone(),
                    origin: format!("endpoint `{}` of user `{user_id}`", row.key),
                })),
                fx,
            );
        }
    }
}

pub(super) fn new_picker(kind: PickerKind, header: &[&str], rows: Vec<PickerRow>) -> Picker {
    Picker {
        kind,
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
        filter: single_line_input(""),
        selected: 0,
        endpoints: Vec::new(),
    }
}

/// Opens a picker over the form, on the row keyed `current` when there is one (the first
/// row otherwise).
pub(super) fn open_picker(
    app: &mut App,
    kind: PickerKind,
    header: &[&str],
    rows: Vec<PickerRow>,
    current: Option<&str>,
) {
    let mut picker = new_picker(kind, header, rows);
    picker.selected = current.and_then(|key| picker.position(key)).unwrap_or(0);
    app.dialog = Some(Dialog::Picker(picker));
}

/// A picker column that marks the row with `word` when `on`, and is blank otherwise.
pub(super) fn mark(on: bool, word: &str) -> String {
    if on { word.into() } else { String::new() }
}

pub(super) fn profile_rows(rows: &[ProfileRow]) -> Vec<PickerRow> {
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

pub(super) fn open_profiles(app: &mut App) {
    commit_editor(app);
    let rows = profile_rows(&app.profiles);
    // On the profile the form is, when it is one.
    let current = app.profile.clone();
    open_picker(
        app,
        PickerKind::Profiles,
        &["NAME", "USER ID", "CHANNEL", "MODIFIED"],
        rows,
        current.as_deref(),
    );
}

pub(super) fn open_targets(app: &mut App) {
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
                [
                    mark(*name == app.link.target(), "current"),
                    mark(t.read_only, "read-only"),
                ]
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            ],
            broken: None,
        })
        .collect();
    let current = app.link.target().to_owned();
    open_picker(
        app,
        PickerKind::Targets,
        &["TARGET", "KIND", "REGION", "APPLICATION", ""],
        rows,
        Some(&current),
    );
}

pub(super) fn on_profiles(app: &mut App, result: Result<Vec<ProfileRow>, StoreError>) {
    match result {
        Ok(rows) => {
            app.profiles = rows;
            if let Some(Dialog::Picker(picker)) = &mut app.dialog
                && picker.kind == PickerKind::Profiles
            {
                // The same profile stays chosen; on a first listing, the form's.
                let chosen = picker
                    .current()
                    .map(|row| row.key.clone())
                    .or_else(|| app.profile.clone());
                picker.rows = profile_rows(&app.profiles);
                picker.selected = chosen
                    .and_then(|key| picker.position(&key))
                    .unwrap_or(picker.selected)
                    .min(picker.visible().len().saturating_sub(1));
            }
        }
        Err(e) => app.set_status(Tone::Error, format!("profiles not listed: {e}")),
    }
}

/// Asks before deleting one endpoint of a user lookup (DeleteEndpoint).
fn delete_user_endpoint(app: &mut App, user_id: String, endpoint_id: String) {
    let where_ = target_words(app, "from");
    confirm(
        app,
        "Delete endpoint",
        vec![
            format!("Delete endpoint `{endpoint_id}` of user `{user_id}` {where_}?"),
            "It is removed from the service (DeleteEndpoint); the user's other endpoints stay."
                .into(),
        ],
        "delete",
        Pending::DeleteEndpoint(endpoint_id),
    );
}

/// Asks before deleting every endpoint of a user lookup (DeleteUserEndpoints).
fn delete_user(app: &mut App, picker: &Picker, user_id: String) {
    let mut lines = vec![format!(
        "Delete all {} endpoints of user `{user_id}` {} (DeleteUserEndpoints)?",
        picker.rows.len(),
        target_words(app, "from")
    )];
    lines.extend(
        picker
            .rows
            .iter()
            .take(15)
            .map(|r| format!("  {}", r.columns.join("  "))),
    );
    confirm(
        app,
        "Delete user endpoints",
        lines,
        "delete",
        Pending::DeleteUser(user_id),
    );
}

/// On a read-only target, says that deleting is unavailable and returns true.
fn refused_read_only(app: &mut App) -> bool {
    let refused = app.read_only();
    if refused {
        app.set_status(
            Tone::Warning,
            "the target is read-only: deleting is unavailable",
        );
    }
    refused
}
