//! What comes back: the connection to a target and the results of calls.

use super::*;

pub(super) fn on_connected(app: &mut App, result: Result<Connection, String>) {
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
                app.set_status_details(
                    Tone::Warning,
                    format!("{} · {text}", app.notices.join(" · ")),
                    app.notice_details(),
                );
            } else {
                app.set_status(Tone::Success, text);
            }
            app.link = Link::Connected(c);
            app.inapp.forget_library();
            app.set_segments(None);
            app.segment_counts = Default::default();
        }
        Err(error) => {
            let target = app.link.target().to_owned();
            app.set_status(
                Tone::Error,
                format!("cannot connect to `{target}`: {error}"),
            );
            app.link = Link::Failed { target, error };
        }
    }
}

pub(super) fn outcome_words(call: &Call, result: &CallResult) -> String {
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
            let what = e.about.as_deref().unwrap_or(call.label());
            format!("{what} failed{status}: {}: {}", e.code, e.message)
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

pub(super) fn on_call_done(app: &mut App, result: CallResult, fx: &mut Vec<Effect>) {
    let ended = app
        .busy
        .as_ref()
        .filter(|b| b.id == result.id)
        .map(|b| b.call.clone());
    take_call_result(app, result, fx);
    if let Some(ended) = ended {
        load_for_view(app, fx, Some(&ended));
    }
}

fn take_call_result(app: &mut App, result: CallResult, fx: &mut Vec<Effect>) {
    if app.inapp.refreshing == Some(result.id) {
        return on_refreshed(app, result);
    }
    let Some(busy) = app.busy.take_if(|b| b.id == result.id) else {
        return; // cancelled or stale
    };
    let words = outcome_words(&busy.call, &result);
    let reply = match result.result {
        Ok(reply) => reply,
        Err(_) => {
            if busy.call == Call::LoadInApp {
                app.inapp.error = Some(words.clone());
                app.inapp.show_when_loaded = false;
            }
            return app.set_status(Tone::Error, words);
        }
    };
    if matches!(
        reply,
        Reply::Submitted { .. }
            | Reply::SubmittedUnconfirmed(_)
            | Reply::Deleted(_)
            | Reply::DeletedUser(_)
    ) {
        refresh_after_write(app, fx);
        count_segments(app, fx);
    }
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
        Reply::Submitted { before, landed } => {
            let change = before
                .map(|before| write_change(before.as_ref(), &landed))
                .map_err(|e| e.to_string());
            let id = landed.id.clone().unwrap_or_default();
            app.show_stored(landed, Source::Write(change.clone()));
            let found = app.landed.as_ref().map_or(0, |l| l.differences.len());
            let summary = match found {
                0 => "what landed matches the form".to_string(),
                1 => "what landed: 1 field differs from the form".to_string(),
                n => format!("what landed: {n} fields differ from the form"),
            };
            let text = format!("{words} · {} · {summary}", change_words(&id, &change));
            match change {
                Ok(WriteChange::Changed(changes)) if changes.len() > 1 => app.set_status_details(
                    Tone::Success,
                    text.clone(),
                    Details {
                        title: format!("What the write changed on endpoint `{id}`"),
                        lines: std::iter::once(text.clone())
                            .chain(changes.iter().map(|c| format!("  {c}")))
                            .collect(),
                    },
                ),
                Err(_) => app.set_status(Tone::Warning, text),
                _ => app.set_status(Tone::Success, text),
            }
        }
        Reply::Fetched(endpoint) => {
            app.set_status(Tone::Success, words.clone());
            let id = endpoint.id.clone().unwrap_or_default();
            let load = Pending::LoadStored(Box::new(StoredLoad {
                endpoint,
                origin: format!("fetched `{id}`"),
            }));
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
                    load,
                );
            } else {
                perform(app, load, fx);
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
            forget_stored(app, std::slice::from_ref(&endpoint));
            let id = endpoint.id.unwrap_or_default();
            app.set_status(Tone::Success, format!("{words} · removed endpoint `{id}`"));
        }
        Reply::DeletedUser(endpoints) => {
            forget_stored(app, &endpoints.item);
            app.set_status(
                Tone::Success,
                format!("{words} · removed {} endpoints", endpoints.item.len()),
            );
        }
        Reply::InApp(loaded) => {
            on_inapp_loaded(app, *loaded, words);
            // The segments came with the campaigns: counted unless they are already.
            if app.segment_counts == Default::default() {
                count_segments(app, fx);
            }
        }
        Reply::Segments(segments) => {
            app.set_status(
                Tone::Success,
                format!("{words} · {} segments", segments.item.len()),
            );
            app.set_segments(Some(segments.item));
            count_segments(app, fx);
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
                        mark(current.as_deref() == Some(a.id.as_str()), "current"),
                    ],
                    broken: None,
                })
                .collect();
            open_picker(
                app,
                PickerKind::Apps,
                &["APPLICATION ID", "NAME", "CREATED", ""],
                rows,
                current.as_deref(),
            );
        }
    }
}

pub(super) fn endpoint_row(e: &EndpointResponse) -> PickerRow {
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

/// The status line's words for what a write changed ("changed metrics.logins 157 → 212",
/// "created endpoint `qa-1`"), or why it is not known.
pub(super) fn change_words(id: &str, change: &Result<WriteChange, String>) -> String {
    match change {
        Ok(WriteChange::Created) => format!("created endpoint `{id}`"),
        Ok(WriteChange::Changed(changes)) => match changes.as_slice() {
            [] => "changed nothing (it was stored as it is)".to_string(),
            [one] => format!("changed {one}"),
            many => format!("changed {} fields", many.len()),
        },
        Err(e) => format!("what it changed is not known (the GetEndpoint before it failed: {e})"),
    }
}

/// Drops the stored record when it is one of the endpoints just deleted.
fn forget_stored(app: &mut App, deleted: &[EndpointResponse]) {
    let shown = app.landed.as_ref().map(|l| l.endpoint.id.clone());
    if shown.is_some_and(|id| deleted.iter().any(|e| e.id == id)) {
        app.landed = None;
        if app.preview == PreviewMode::Landed {
            app.preview = PreviewMode::Format(PreviewFormat::Pinpoint);
        }
    }
}
