//! The update function: one message changes the state and may ask for effects. No I/O
//! happens here, so every action can be tested by feeding messages.
//!
//! Here the messages are dispatched; the handlers live in one file per part of the screen:
//! `actions` (keys anywhere), `dialogs`, `form` (the panes), `inapp` (the In-app view and
//! in-app messages), `pointer` (paste and mouse), `results` (connections and calls),
//! `segments` (the Segments view's counts) and `bulk`. They share the imports below
//! (`use super::*`).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui_textarea::TextArea;

use crate::model::UserInfo;
use crate::model::compare::{WriteChange, write_change};
use crate::model::import::parse_json;
use crate::model::preview::PreviewFormat;
use crate::model::validate::Severity;
use crate::model::wire::EndpointResponse;
use crate::store::StoreError;
use crate::store::profiles::check_name;

use crate::pinpoint::bulk::Progress;

use super::app::{
    App, BulkPlan, BulkRun, Column, Cursor, Details, Dialog, EditTarget, Editor, Focus, InFlight,
    Link, Lookup, Pending, Picker, PickerKind, PickerRow, Planning, PreviewMode, PromptKind,
    Question, Replacement, Source, StoredLoad, Tone,
};
use super::form::{FieldKind, Section};
use super::keymap::{Action, Context, Key};
use super::layout::{Areas, layout, list_rows};
use super::message::{Call, CallResult, Connection, Effect, Msg, ProfileRow, Reply};

mod actions;
mod bulk;
mod dialogs;
mod form;
mod inapp;
mod pointer;
mod results;
mod segments;

use actions::*;
use bulk::*;
use dialogs::*;
use form::*;
use inapp::*;
use pointer::*;
use results::*;
use segments::*;

pub use form::{commit_editor, sync_editor};

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
        Msg::DraftWriterFailed(e) => {
            app.set_status(Tone::Warning, format!("the draft writer failed: {e}"))
        }
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
            Err(StoreError::ProfileExists(_)) => confirm(
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
                    app.preview.name()
                ),
            ),
            Err(e) => app.set_status(Tone::Error, format!("not copied: {e}")),
        },
        Msg::BulkProgress(progress) => {
            if let Some(run) = bulk_run(app) {
                run.progress = progress;
            }
        }
        Msg::BulkDone(report) => on_bulk_done(app, report),
        Msg::BulkPlanned { id, result } => on_bulk_planned(app, id, result, &mut fx),
        Msg::BulkStored { id, result } => on_bulk_stored(app, id, result),
        Msg::SegmentCounts { id, result } => on_segment_counts(app, id, result),
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
        .and_then(|member| app.preview_text().lines().position(|l| l == member))
        .unwrap_or(0);
    app.preview_scroll = line.try_into().unwrap_or(u16::MAX);
}
