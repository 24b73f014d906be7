//! The In-app view and the in-app messages: loading the campaigns and templates, choosing a
//! campaign, its reasons or its drawn message, carousel pages, firing an event, the
//! campaigns picker and an opened message.

use super::*;

use crate::model::wire::InAppMessage;
use crate::pinpoint::inapp::Loaded;
use crate::tui::app::{Opened, message_pages};
use crate::tui::inapp::{Detail, event_words, parse_event};

/// The In-app view's own keys: up and down choose a campaign, the page keys scroll its
/// reasons or its message.
pub(super) fn inapp_key(app: &mut App, action: Action) {
    let limit = app.scroll_limits.preview.get();
    let count = app.inapp.deliveries.len();
    let selected = app.inapp.selected;
    match action {
        Action::Down => {
            app.inapp.selected = (selected + 1).min(count.saturating_sub(1));
        }
        Action::Up => app.inapp.selected = selected.saturating_sub(1),
        Action::PageDown => app.preview_scroll = app.preview_scroll.saturating_add(5).min(limit),
        Action::PageUp => app.preview_scroll = app.preview_scroll.saturating_sub(5),
        _ => {}
    }
    if app.inapp.selected != selected {
        app.preview_scroll = 0;
        app.inapp.page = 0;
    }
}

/// The actions of the Segments and In-app views (reload, open, switch, pages); false when
/// the preview pane does not have the keyboard or shows another view.
pub(super) fn view_action(app: &mut App, action: Action, fx: &mut Vec<Effect>) -> bool {
    if app.focus != Focus::Preview {
        return false;
    }
    match (action, app.preview) {
        (Action::Reload, PreviewMode::Segments) => start_call(app, Call::GetSegments, fx),
        (Action::Reload, PreviewMode::InApp) => start_call(app, Call::LoadInApp, fx),
        (Action::OpenMessage, PreviewMode::InApp) => {
            let Some(id) = app.inapp.current().map(|d| d.campaign_id.clone()) else {
                return false;
            };
            open_campaign(app, &id);
        }
        (Action::SwitchView, PreviewMode::InApp) => {
            app.inapp.detail = match app.inapp.detail {
                Detail::Reasons => Detail::Message,
                Detail::Message => Detail::Reasons,
            };
            app.preview_scroll = 0;
        }
        (Action::NextPage | Action::PrevPage, PreviewMode::InApp)
            if app.inapp.detail == Detail::Message =>
        {
            let pages = app
                .inapp
                .current()
                .map(|d| d.campaign_id.clone())
                .map_or(0, |id| message_pages(&app.inapp_message(&id)));
            app.inapp.page = turn(app.inapp.page, pages, action);
            app.preview_scroll = 0;
        }
        _ => return false,
    }
    true
}

/// The page after a page key, within `pages`.
fn turn(page: usize, pages: usize, action: Action) -> usize {
    match action {
        Action::NextPage => (page + 1).min(pages.saturating_sub(1)),
        _ => page.saturating_sub(1),
    }
}

/// Asks for an event, offering the last one.
pub(super) fn fire_event_prompt(app: &mut App) {
    let text = app.inapp.event_text.clone();
    prompt(app, PromptKind::Event, &text);
}

/// Fires the event typed in the prompt: the In-app view shows which message the Amplify
/// client would display and why the others would not, the shown message drawn.
pub(super) fn fire_event(app: &mut App, text: &str, fx: &mut Vec<Effect>) -> Result<(), String> {
    let event = parse_event(text)?;
    app.inapp.event_text = event_words(&event);
    app.inapp.event = Some(event);
    app.preview = PreviewMode::InApp;
    app.preview_scroll = 0;
    app.form_changed();
    if app.inapp.library.is_some() {
        show_pick(app);
    } else {
        app.inapp.show_when_loaded = true;
        start_call(app, Call::LoadInApp, fx);
    }
    Ok(())
}

/// Selects the message the event shows and draws it, and says why on the status line.
fn show_pick(app: &mut App) {
    app.inapp.show_when_loaded = false;
    let Some(pick) = &app.inapp.pick else {
        return;
    };
    let event = app.inapp.event_text.clone();
    let why = app.inapp.pick_words();
    let shown = pick.shown.is_some();
    if app.inapp.select_shown() {
        app.inapp.detail = Detail::Message;
    } else {
        app.inapp.detail = Detail::Reasons;
    }
    app.preview_scroll = 0;
    let tone = if shown { Tone::Success } else { Tone::Warning };
    app.set_status(tone, format!("event {event}: {why}"));
}

/// Takes what a load brought: the segments and the campaigns and templates, decided for
/// the form at once.
pub(super) fn take_loaded(app: &mut App, loaded: Loaded) {
    app.segments = Some(loaded.segments);
    app.inapp.library = Some(loaded.library);
    app.inapp.notes = loaded.notes;
    app.inapp.error = None;
    app.form_changed();
    let rows = campaign_rows(app);
    if let Some(Dialog::Picker(picker)) = &mut app.dialog
        && picker.kind == PickerKind::Campaigns
    {
        picker.rows = rows;
        picker.selected = picker
            .selected
            .min(picker.visible().len().saturating_sub(1));
    }
}

/// The reply to a load the user asked for (the view, the reload key, the picker).
pub(super) fn on_inapp_loaded(app: &mut App, loaded: Loaded, words: String) {
    take_loaded(app, loaded);
    let library = app.inapp.library.as_ref();
    let campaigns = library.map_or(0, |l| l.in_app_campaigns().count());
    let templates = library.map_or(0, |l| {
        let mut names: Vec<&str> = l
            .templates
            .iter()
            .map(|t| t.template_name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    });
    let text = format!(
        "{words} · {campaigns} in-app campaign{}, {templates} in-app template{}",
        plural(campaigns),
        plural(templates)
    );
    if app.inapp.notes.is_empty() {
        app.set_status(Tone::Success, text);
    } else {
        let details = Details {
            title: "Not loaded".into(),
            lines: app.inapp.notes.clone(),
        };
        let text = format!("{text} · not loaded: {}", app.inapp.notes.join("; "));
        app.set_status_details(Tone::Warning, text, details);
    }
    if app.inapp.show_when_loaded {
        show_pick(app);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// After a write the console made (a submit, a delete), the campaigns and templates are
/// loaded again in the background when they were loaded, so the view stays current.
pub(super) fn refresh_after_write(app: &mut App, fx: &mut Vec<Effect>) {
    if app.inapp.library.is_none() || app.inapp.refreshing.is_some() || app.connection().is_none() {
        return;
    }
    let id = app.next_call_id();
    app.inapp.refreshing = Some(id);
    fx.push(Effect::Call {
        id,
        call: Call::LoadInApp,
    });
}

/// The end of a background load: taken quietly; a failure is said, the old lists stay.
pub(super) fn on_refreshed(app: &mut App, result: CallResult) {
    app.inapp.refreshing = None;
    match result.result {
        Ok(Reply::InApp(loaded)) => take_loaded(app, *loaded),
        Ok(_) => {}
        Err(e) => app.set_status(
            Tone::Warning,
            format!("the in-app campaigns were not refreshed: {e}"),
        ),
    }
}

/// Opens the campaigns and templates picker, loading them first when they are not.
pub(super) fn open_campaigns(app: &mut App, fx: &mut Vec<Effect>) {
    commit_editor(app);
    let rows = campaign_rows(app);
    open_picker(
        app,
        PickerKind::Campaigns,
        &[
            "KIND",
            "NAME",
            "LAYOUT",
            "STATE",
            "SEGMENT / DESCRIPTION",
            "ID / VERSION",
        ],
        rows,
        None,
    );
    if app.inapp.library.is_none() {
        start_call(app, Call::LoadInApp, fx);
    }
}

/// What the campaigns picker lists: each campaign, then each in-app template (its active
/// version: the first of its name).
pub(super) fn campaign_rows(app: &App) -> Vec<PickerRow> {
    let Some(library) = &app.inapp.library else {
        return Vec::new();
    };
    let segments = app.segment_list();
    let mut rows: Vec<PickerRow> = library
        .campaigns
        .iter()
        .map(|c| {
            let own = c.in_app_message();
            let template = c.in_app_template().and_then(|t| t.name.clone());
            // The layout as the In-app view decided it (a template's too).
            let decided = app
                .inapp
                .deliveries
                .iter()
                .position(|d| d.campaign_id == c.id)
                .and_then(|i| app.inapp.layouts.get(i));
            let layout = match (decided, own, template) {
                (Some(layout), _, None) => layout.clone(),
                (Some(layout), _, Some(t)) => format!("{layout} ({t})"),
                (None, Some(m), _) => m.layout.clone().unwrap_or_else(|| "(none)".into()),
                (None, None, Some(t)) => format!("template {t}"),
                (None, None, None) => "not in-app".into(),
            };
            let segment = segments
                .iter()
                .find(|s| s.id == c.segment_id)
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| c.segment_id.clone());
            let state = if c.is_paused == Some(true) {
                "PAUSED".to_string()
            } else {
                c.state
                    .as_ref()
                    .and_then(|s| s.campaign_status.clone())
                    .unwrap_or_default()
            };
            PickerRow {
                key: format!("campaign:{}", c.id),
                columns: vec![
                    "campaign".into(),
                    c.name.clone().unwrap_or_default(),
                    layout,
                    state,
                    format!("{segment} v{}", c.segment_version),
                    c.id.clone(),
                ],
                broken: None,
            }
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    rows.extend(
        library
            .templates
            .iter()
            .enumerate()
            .filter(|(_, t)| seen.insert(t.template_name.as_str()))
            .map(|(i, t)| PickerRow {
                key: format!("template:{i}"),
                columns: vec![
                    "template".into(),
                    t.template_name.clone(),
                    t.layout.clone().unwrap_or_else(|| "(none)".into()),
                    String::new(),
                    t.template_description.clone().unwrap_or_default(),
                    format!("version {}", t.version.as_deref().unwrap_or("?")),
                ],
                broken: None,
            }),
    );
    rows
}

/// Opens a campaign: its message drawn (what the form's device receives, or the
/// campaign's own), or its JSON.
pub(super) fn open_campaign(app: &mut App, id: &str) {
    let Some(campaign) = app
        .inapp
        .library
        .as_ref()
        .and_then(|l| l.campaigns.iter().find(|c| c.id == id))
    else {
        return;
    };
    let name = campaign.name.as_deref().unwrap_or("(no name)");
    let title = format!("campaign {name} ({id})");
    let json = serde_json::to_string_pretty(campaign).expect("wire types always serialize");
    let message = app.inapp_message(id);
    app.dialog = Some(Dialog::Opened(Opened {
        title,
        message,
        json,
        show_json: false,
        page: 0,
        scroll: 0,
    }));
}

/// Opens what the campaigns picker's row names.
pub(super) fn choose_campaign_row(app: &mut App, key: &str) {
    if let Some(id) = key.strip_prefix("campaign:") {
        return open_campaign(app, id);
    }
    let template = key
        .strip_prefix("template:")
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| app.inapp.library.as_ref()?.templates.get(i));
    let Some(t) = template else {
        return;
    };
    let version = t.version.as_deref().unwrap_or("?");
    app.dialog = Some(Dialog::Opened(Opened {
        title: format!("template {}, version {version}", t.template_name),
        message: Ok(InAppMessage {
            content: t.content.clone(),
            custom_config: t.custom_config.clone(),
            layout: t.layout.clone(),
        }),
        json: serde_json::to_string_pretty(t).expect("wire types always serialize"),
        show_json: false,
        page: 0,
        scroll: 0,
    }));
}

/// Keys in an opened message: pages, drawn or JSON, scrolling; the close key closes it.
pub(super) fn opened_key(app: &mut App, mut opened: Opened, action: Option<Action>) {
    let limit = app.scroll_limits.dialog.get();
    match action {
        Some(action @ (Action::NextPage | Action::PrevPage)) if !opened.show_json => {
            opened.page = turn(opened.page, opened.pages(), action);
            opened.scroll = 0;
        }
        Some(Action::SwitchView) => {
            opened.show_json = !opened.show_json;
            opened.scroll = 0;
        }
        Some(Action::Close) => return,
        Some(action) => {
            if let Some(scroll) = scrolled(action, opened.scroll, limit) {
                opened.scroll = scroll;
            }
        }
        None => {}
    }
    app.dialog = Some(Dialog::Opened(opened));
}
