//! The console's update function, one message at a time: keys, paste, mouse and the results
//! of calls and profile work go in; the state and the effects come out. Every action of the
//! console (issue 4) is driven here. `update` does no I/O, so nothing here touches the disk
//! or the network (the paths below are never created).

mod common;

use std::time::Duration;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use indexmap::IndexMap;

use common::form::form_errors;

use pinpoint_console::model::UserInfo;
use pinpoint_console::model::compare::WriteChange;
use pinpoint_console::model::form::CHANNEL_TYPES;
use pinpoint_console::model::import::parse_json;
use pinpoint_console::model::preview::PreviewFormat;
use pinpoint_console::model::segment::{Verdict, parse_instant};
use pinpoint_console::model::validate::Severity;
use pinpoint_console::model::wire::{
    ApplicationResponse, ApplicationsResponse, EndpointResponse, EndpointsResponse,
    SegmentResponse, SegmentsResponse,
};
use pinpoint_console::pinpoint::CallError;
use pinpoint_console::pinpoint::inapp::Loaded;
use pinpoint_console::sandbox::store::Size;
use pinpoint_console::store::StoreError;
use pinpoint_console::store::config::{Config, Target};
use pinpoint_console::store::paths::Paths;
use pinpoint_console::tui::app::{
    App, Clock, Column, Counted, Dialog, EditTarget, Focus, Link, Pending, Picker, PickerKind,
    PreviewMode, PromptKind, Question, Source, Tone,
};
use pinpoint_console::tui::form::{Field, Section};
use pinpoint_console::tui::inapp::Detail;
use pinpoint_console::tui::keymap::{Action, Key, Keymap};
use pinpoint_console::tui::layout::layout;
use pinpoint_console::tui::message::{
    Call, CallResult, Connection, Effect, Msg, ProfileRow, Reply, SegmentSizes,
};
use pinpoint_console::tui::update::{sync_editor, update};
use pinpoint_console::tui::view::{help, keybar, segments};

const APP_ID: &str = "0123456789abcdef0123456789abcdef";
const QA_IOS: &str = include_str!("../assets/profiles/qa-ios.json");

// ----- helpers -----

fn connection(read_only: bool) -> Connection {
    Connection {
        target: "sandbox".into(),
        application_id: APP_ID.into(),
        url: "http://127.0.0.1:4575".into(),
        read_only,
        cli: pinpoint_console::model::preview::CliContext {
            application_id: Some(APP_ID.into()),
            endpoint_url: Some("http://127.0.0.1:4575".into()),
            region: None,
        },
    }
}

/// A console as `tui::prepare` builds it, connected to the sandbox target.
fn console_with(config: Config, keymap: Keymap, read_only: bool) -> App {
    let paths = Paths::under(std::env::temp_dir().join("pinpoint-console-tui-update-unused"));
    let mut app = App::new(config, paths, keymap, "sandbox".into());
    sync_editor(&mut app);
    let fx = update(&mut app, Msg::Connected(Ok(connection(read_only))));
    assert!(fx.is_empty());
    app
}

/// A console whose keymap moves these actions to these keys (`config.toml`'s `[keys]`), every
/// one accepted.
fn console_with_keys(overrides: &[(&str, &str)]) -> App {
    let overrides: IndexMap<String, String> = overrides
        .iter()
        .map(|(action, key)| (action.to_string(), key.to_string()))
        .collect();
    let (keymap, errors) = Keymap::with_overrides(&overrides);
    assert_eq!(errors, []);
    console_with(Config::default(), keymap, false)
}

fn console() -> App {
    console_with(Config::default(), Keymap::default(), false)
}

fn qa_ios() -> UserInfo {
    parse_json(QA_IOS).unwrap().1
}

/// A console with the qa-ios profile loaded (clean).
fn loaded() -> App {
    let mut app = console();
    load_profile(&mut app);
    app
}

fn load_profile(app: &mut App) {
    let fx = update(
        app,
        Msg::ProfileLoaded {
            name: "qa-ios".into(),
            result: Ok(qa_ios()),
        },
    );
    assert!(fx.is_empty());
    assert!(!app.dirty());
}

fn event(spec: &str) -> KeyEvent {
    let key = Key::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
    KeyEvent::new(key.code, key.modifiers)
}

/// Presses one key, written as in config.toml (`ctrl+s`, `f5`, `alt+up`, `q`).
fn press(app: &mut App, spec: &str) -> Vec<Effect> {
    update(app, Msg::Key(event(spec)))
}

/// Types text one key at a time, as a terminal sends it.
fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        let modifiers = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        fx.extend(update(
            app,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), modifiers)),
        ));
    }
    fx
}

/// Empties the field being typed into with backspace.
fn clear_editor(app: &mut App) {
    let n = app
        .editor
        .as_ref()
        .expect("an open editor")
        .text()
        .chars()
        .count();
    for _ in 0..n {
        press(app, "backspace");
    }
}

/// Moves to a section (through the section list) and a field of it.
fn go_to(app: &mut App, section: Section, field: Option<Field>) {
    for _ in 0..3 {
        if app.focus == Focus::Sections {
            break;
        }
        press(app, "shift+tab");
    }
    assert_eq!(app.focus, Focus::Sections);
    let digit = Section::ALL.iter().position(|s| *s == section).unwrap() + 1;
    press(app, &digit.to_string());
    press(app, "enter");
    assert_eq!((app.section, app.focus), (section, Focus::Form));
    if let Some(field) = field {
        let row = section.fields().iter().position(|f| *f == field).unwrap();
        for _ in 0..section.fields().len() {
            press(app, "up");
        }
        for _ in 0..row {
            press(app, "down");
        }
        assert_eq!(app.current_field(), Some(field));
    }
}

fn editing(app: &App) -> Option<EditTarget> {
    app.editor.as_ref().map(|e| e.target.clone())
}

fn the_call(fx: &[Effect]) -> (u64, Call) {
    match fx {
        [Effect::Call { id, call }] => (*id, call.clone()),
        other => panic!("expected one call, got {other:?}"),
    }
}

/// The effects other than the Segments view's count of stored endpoints (asked for when
/// segments arrive and after writes; `segment_counts_are_counted_...` follows it).
fn without_counts(fx: Vec<Effect>) -> Vec<Effect> {
    fx.into_iter()
        .filter(|e| !matches!(e, Effect::CountSegments { .. }))
        .collect()
}

/// Submits (the submit key) and answers the UpdateEndpoint call: what was stored `before`,
/// and what `landed`.
fn submitted(
    app: &mut App,
    before: Result<Option<EndpointResponse>, CallError>,
    landed: EndpointResponse,
) -> Vec<Effect> {
    let (id, _) = the_call(&press(app, "f5"));
    done(app, id, Ok(Reply::Submitted { before, landed }))
}

fn done(app: &mut App, id: u64, result: Result<Reply, CallError>) -> Vec<Effect> {
    let request_id = result.is_ok().then(|| "req-0001".to_string());
    update(
        app,
        Msg::CallDone(CallResult {
            id,
            result,
            request_id,
            latency: Duration::from_millis(42),
        }),
    )
}

fn confirm_of(app: &App) -> (&str, &[String], &Pending) {
    match &app.dialog {
        Some(Dialog::Confirm(Question {
            title,
            lines,
            pending,
            ..
        })) => (title, lines, pending),
        _ => panic!("no confirmation dialog open"),
    }
}

fn prompt_of(app: &App) -> (&PromptKind, String, Option<&str>) {
    match &app.dialog {
        Some(Dialog::Prompt { kind, input, error }) => (
            kind,
            input.lines().first().cloned().unwrap_or_default(),
            error.as_deref(),
        ),
        _ => panic!("no prompt open"),
    }
}

fn picker_of(app: &App) -> &Picker {
    match &app.dialog {
        Some(Dialog::Picker(p)) => p,
        _ => panic!("no picker open"),
    }
}

fn visible_keys(app: &App) -> Vec<String> {
    picker_of(app)
        .visible()
        .iter()
        .map(|r| r.key.clone())
        .collect()
}

fn endpoint(id: &str, user_id: &str, channel: &str, address: &str) -> EndpointResponse {
    let mut e: EndpointResponse = serde_json::from_str(QA_IOS).unwrap();
    e.id = Some(id.into());
    e.channel_type = Some(channel.into());
    e.address = Some(address.into());
    e.endpoint_status = Some("ACTIVE".into());
    e.effective_date = Some("2026-03-14T09:26:53.000Z".into());
    e.application_id = Some(APP_ID.into());
    if let Some(user) = &mut e.user {
        user.user_id = Some(user_id.into());
    }
    e
}

fn profile_rows() -> Vec<ProfileRow> {
    let row = |name: &str, user: &str, channel: &str| ProfileRow {
        name: name.into(),
        user_id: Some(user.into()),
        channel: Some(channel.into()),
        modified: "2026-03-14 09:26".into(),
        broken: None,
    };
    vec![
        row("qa-ios", "qa-user-0001", "APNS"),
        row("sms-user", "qa-user-0002", "SMS"),
        ProfileRow {
            name: "broken-one".into(),
            user_id: None,
            channel: None,
            modified: "2026-03-14 09:26".into(),
            broken: Some("line 3: expected `=`".into()),
        },
    ]
}

fn open_profiles(app: &mut App) {
    assert_eq!(press(app, "ctrl+o"), [Effect::ListProfiles]);
    assert!(update(app, Msg::Profiles(Ok(profile_rows()))).is_empty());
    assert_eq!(visible_keys(app), ["qa-ios", "sms-user", "broken-one"]);
}

fn click(app: &mut App, column: u16, row: u16) {
    let fx = update(
        app,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert!(fx.is_empty());
}

// ----- typing and keys -----

#[test]
fn typing_into_a_field_updates_the_form_and_the_preview() {
    let mut app = console();
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::EndpointId)));
    assert!(app.problems.iter().any(|p| p.path == "endpoint_id"));

    assert!(type_text(&mut app, "qa-1").is_empty());
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-1"));
    assert!(app.dirty());
    assert!(
        !app.problems.iter().any(|p| p.path == "endpoint_id"),
        "problems are recomputed as typed: {:?}",
        app.problems
    );
    press(&mut app, "ctrl+p");
    press(&mut app, "ctrl+p");
    assert!(
        app.preview_text().contains("--endpoint-id qa-1 "),
        "{}",
        app.preview_text()
    );
    // On to the Segments view (it fetches the segments), the In-app view (it loads the
    // campaigns), and round to the Pinpoint JSON.
    let (id, call) = the_call(&press(&mut app, "ctrl+p"));
    assert_eq!(call, Call::GetSegments);
    done(&mut app, id, Ok(Reply::Segments(Default::default())));
    let (id, call) = the_call(&press(&mut app, "ctrl+p"));
    assert_eq!(call, Call::LoadInApp);
    done(&mut app, id, Ok(Reply::InApp(Box::default())));
    press(&mut app, "ctrl+p");
    assert_eq!(app.preview, PreviewMode::Format(PreviewFormat::Pinpoint));

    press(&mut app, "down");
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::UserId)));
    type_text(&mut app, "User-7");
    assert_eq!(app.form.info.user_id.as_deref(), Some("User-7"));
    assert!(app.preview_text().contains(r#""UserId": "User-7""#));

    press(&mut app, "backspace");
    assert!(app.preview_text().contains(r#""UserId": "User-""#));
    clear_editor(&mut app);
    assert_eq!(app.form.info.user_id, None, "an emptied field is unset");
    assert!(!app.preview_text().contains("UserId"));

    // Numbers: a text that is not a number stays as typed and is an error on the field.
    go_to(&mut app, Section::Location, Some(Field::Latitude));
    type_text(&mut app, "47.6");
    assert_eq!(app.form.info.location.latitude, Some(47.6));
    assert!(app.preview_text().contains(r#""Latitude": 47.6"#));
    type_text(&mut app, "N");
    assert_eq!(app.form.text(Field::Latitude), "47.6N");
    assert!(app.problems.iter().any(|p| p.path == "location.latitude"
        && p.severity == Severity::Error
        && p.message.contains("not a number")));
}

#[test]
fn printable_keys_in_a_text_field_are_text_never_commands() {
    let text = "q?jk1 6Qe";
    // A scalar field.
    let mut app = console();
    assert!(type_text(&mut app, text).is_empty());
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some(text));
    assert!(!app.should_quit);
    assert!(app.dialog.is_none());
    assert_eq!((app.focus, app.section), (Focus::Form, Section::Identity));

    // A new attribute name, then its value.
    let mut app = console();
    go_to(&mut app, Section::Attributes, None);
    assert!(type_text(&mut app, text).is_empty());
    press(&mut app, "enter");
    assert!(type_text(&mut app, "adjkq?").is_empty());
    assert_eq!(app.form.names(Section::Attributes), [text]);
    assert_eq!(app.form.values(Section::Attributes, 0), ["adjkq?"]);
    assert!(!app.should_quit && app.dialog.is_none());

    // A prompt and a picker filter.
    let mut app = console();
    press(&mut app, "ctrl+g");
    type_text(&mut app, "q?");
    assert_eq!(prompt_of(&app).1, "q?");
    let mut app = console();
    open_profiles(&mut app);
    type_text(&mut app, "q?");
    assert_eq!(picker_of(&app).filter_text(), "q?");
    assert!(!app.should_quit);
}

#[test]
fn q_outside_a_text_field_quits_and_asks_first_when_there_are_unsaved_changes() {
    // Clean: quits at once, from the section list or a choice field.
    let mut app = console();
    press(&mut app, "shift+tab");
    assert_eq!(app.focus, Focus::Sections);
    assert!(press(&mut app, "q").is_empty());
    assert!(app.should_quit);

    // In the form letters are never commands: on a choice field they look for a value.
    let mut app = loaded();
    go_to(&mut app, Section::Identity, Some(Field::ChannelType));
    press(&mut app, "q");
    assert!(!app.should_quit, "letters on a choice field choose a value");
    assert!(app.status.text.contains("no channel type starts with `q`"));
    assert_eq!(app.form.info.channel_type.as_deref(), Some("APNS"));

    // Dirty: asks; n keeps the console, y quits.
    let mut app = console();
    type_text(&mut app, "x");
    press(&mut app, "shift+tab");
    press(&mut app, "q");
    assert!(!app.should_quit);
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Quit");
    assert_eq!(pending, &Pending::Quit);
    assert!(lines.join(" ").contains("unsaved changes"));
    press(&mut app, "n");
    assert!(app.dialog.is_none() && !app.should_quit);
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("x"));
    press(&mut app, "q");
    press(&mut app, "y");
    assert!(app.should_quit);
}

#[test]
fn ctrl_c_quits_from_anywhere_asking_when_dirty() {
    type Setup = fn(&mut App);
    let places: [(&str, Setup); 7] = [
        ("a text field", |_| {}),
        ("the section list", |a| {
            press(a, "shift+tab");
        }),
        ("the preview", |a| {
            press(a, "tab");
        }),
        ("help", |a| {
            press(a, "f1");
        }),
        ("a prompt", |a| {
            press(a, "ctrl+g");
        }),
        ("a picker", |a| {
            press(a, "ctrl+o");
        }),
        ("a list name being typed", |a| {
            go_to(a, Section::Attributes, None);
            press(a, "ins");
        }),
    ];
    for (place, setup) in places {
        let mut app = loaded();
        setup(&mut app);
        assert!(press(&mut app, "ctrl+c").is_empty(), "{place}");
        assert!(app.should_quit, "ctrl+c quits a clean form from {place}");

        let mut app = loaded();
        type_text(&mut app, "x");
        setup(&mut app);
        press(&mut app, "ctrl+c");
        assert!(!app.should_quit, "{place}");
        assert_eq!(confirm_of(&app).2, &Pending::Quit, "{place}");
        press(&mut app, "y");
        assert!(app.should_quit, "{place}");
    }
}

#[test]
fn question_mark_and_f1_open_help_and_esc_closes_it() {
    let mut app = console();
    press(&mut app, "shift+tab");
    press(&mut app, "?");
    assert!(matches!(app.dialog, Some(Dialog::Help { scroll: 0 })));
    press(&mut app, "down");
    press(&mut app, "down");
    assert!(matches!(app.dialog, Some(Dialog::Help { scroll: 2 })));
    press(&mut app, "esc");
    assert!(app.dialog.is_none());

    // F1 works while typing (it is not text); `?` there is text.
    let mut app = console();
    type_text(&mut app, "?");
    assert!(app.dialog.is_none());
    press(&mut app, "f1");
    assert!(matches!(app.dialog, Some(Dialog::Help { .. })));
    press(&mut app, "f1");
    assert!(app.dialog.is_none());
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::EndpointId)));
}

#[test]
fn tab_and_shift_tab_move_the_focus_round_the_panes() {
    let mut app = console();
    type_text(&mut app, "qa-1");
    let order = [
        ("tab", Focus::Preview),
        ("tab", Focus::Sections),
        ("tab", Focus::Form),
        ("shift+tab", Focus::Sections),
        ("shift+tab", Focus::Preview),
        ("shift+tab", Focus::Form),
    ];
    for (key, focus) in order {
        assert!(press(&mut app, key).is_empty());
        assert_eq!(app.focus, focus, "after {key}");
        assert_eq!(
            app.editor.is_some(),
            focus == Focus::Form,
            "the field is typed into only while the form has the focus"
        );
    }
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-1"));
    type_text(&mut app, "2");
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-12"));
}

#[test]
fn the_section_list_moves_with_arrows_digits_and_enter() {
    let mut app = console();
    press(&mut app, "shift+tab");
    let steps = [
        ("down", Section::Attributes),
        ("down", Section::Demographic),
        ("up", Section::Attributes),
        ("up", Section::Identity),
        ("up", Section::Identity),
        ("j", Section::Attributes),
        ("k", Section::Identity),
        ("6", Section::UserAttributes),
        ("down", Section::UserAttributes),
        ("5", Section::Metrics),
        ("3", Section::Demographic),
        ("1", Section::Identity),
        ("4", Section::Location),
    ];
    for (key, section) in steps {
        press(&mut app, key);
        assert_eq!(app.section, section, "after {key}");
        assert_eq!(app.focus, Focus::Sections);
    }
    press(&mut app, "enter");
    assert_eq!(app.focus, Focus::Form);
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::City)));
    // Entering a section again starts at its first field, by enter, → or tab.
    press(&mut app, "down");
    press(&mut app, "down");
    assert_eq!(app.current_field(), Some(Field::PostalCode));
    go_to(&mut app, Section::Demographic, None);
    assert_eq!(app.current_field(), Some(Field::AppVersion));
    press(&mut app, "shift+tab");
    press(&mut app, "4");
    press(&mut app, "enter");
    assert_eq!(app.current_field(), Some(Field::City));
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::City)));
    press(&mut app, "down");
    press(&mut app, "shift+tab");
    press(&mut app, "right");
    assert_eq!(app.current_field(), Some(Field::City));
    press(&mut app, "down");
    press(&mut app, "shift+tab");
    press(&mut app, "tab");
    assert_eq!(app.current_field(), Some(Field::City));
    // Coming back from the preview is not entering again: the field stays.
    press(&mut app, "down");
    press(&mut app, "tab");
    press(&mut app, "shift+tab");
    assert_eq!(app.current_field(), Some(Field::Country));
}

#[test]
fn choice_fields_cycle_with_arrows_and_del_unsets() {
    let mut app = console();
    go_to(&mut app, Section::Identity, Some(Field::ChannelType));
    assert_eq!(app.editor.as_ref().map(|e| e.target.clone()), None);
    let steps: [(&str, Option<&str>); 7] = [
        ("right", Some(CHANNEL_TYPES[0])),
        ("right", Some(CHANNEL_TYPES[1])),
        ("space", Some(CHANNEL_TYPES[2])),
        ("left", Some(CHANNEL_TYPES[1])),
        ("del", None),
        ("left", Some(CHANNEL_TYPES[12])),
        ("backspace", None),
    ];
    for (key, want) in steps {
        assert!(press(&mut app, key).is_empty());
        assert_eq!(app.form.info.channel_type.as_deref(), want, "after {key}");
    }
    press(&mut app, "right");
    press(&mut app, "right");
    press(&mut app, "right");
    assert!(app.preview_text().contains(r#""ChannelType": "APNS""#));
    press(&mut app, "down");
    press(&mut app, "down");
    assert_eq!(app.current_field(), Some(Field::OptOut));
    press(&mut app, "right");
    assert_eq!(app.form.info.opt_out.as_deref(), Some("NONE"));
    press(&mut app, "down");
    press(&mut app, "left");
    assert_eq!(app.form.info.endpoint_status.as_deref(), Some("INACTIVE"));
}

// ----- list sections -----

#[test]
fn a_name_is_added_then_its_values_are_added_edited_reordered_and_removed() {
    let mut app = console();
    go_to(&mut app, Section::Attributes, None);
    assert_eq!(editing(&app), None);

    press(&mut app, "ins");
    assert_eq!(
        editing(&app),
        Some(EditTarget::NewName {
            section: Section::Attributes
        })
    );
    type_text(&mut app, "plan");
    assert!(
        app.form.names(Section::Attributes).is_empty(),
        "added on enter"
    );
    press(&mut app, "enter");
    assert_eq!(app.form.names(Section::Attributes), ["plan"]);
    // Straight on to the first value.
    assert_eq!(app.cursor().column, Column::Values);
    assert_eq!(
        editing(&app),
        Some(EditTarget::Value {
            section: Section::Attributes,
            index: 0,
            value: 0
        })
    );
    type_text(&mut app, "premium");
    assert_eq!(app.form.values(Section::Attributes, 0), ["premium"]);
    assert!(
        app.preview_text().contains(r#""premium""#),
        "applied as typed"
    );
    press(&mut app, "enter");
    assert_eq!(editing(&app), None);

    // Add a second value after the first.
    press(&mut app, "ins");
    type_text(&mut app, "trial");
    press(&mut app, "enter");
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["premium", "trial"]
    );
    assert_eq!(app.cursor().value_row, 1);

    // A value added and left empty goes away (alt+a adds too).
    press(&mut app, "alt+a");
    press(&mut app, "enter");
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["premium", "trial"]
    );

    // Edit the first value.
    press(&mut app, "up");
    assert_eq!(app.cursor().value_row, 0);
    press(&mut app, "enter");
    assert_eq!(app.editor.as_ref().unwrap().text(), "premium");
    clear_editor(&mut app);
    type_text(&mut app, "pro");
    press(&mut app, "enter");
    assert_eq!(app.form.values(Section::Attributes, 0), ["pro", "trial"]);

    // Reorder with alt+↑↓.
    press(&mut app, "alt+down");
    assert_eq!(app.form.values(Section::Attributes, 0), ["trial", "pro"]);
    assert_eq!(app.cursor().value_row, 1, "the cursor follows the value");
    press(&mut app, "alt+down");
    assert_eq!(app.form.values(Section::Attributes, 0), ["trial", "pro"]);
    press(&mut app, "alt+up");
    assert_eq!(app.form.values(Section::Attributes, 0), ["pro", "trial"]);
    assert!(app.preview_text().contains("\"pro\",\n      \"trial\""));

    // Remove a value.
    press(&mut app, "down");
    press(&mut app, "del");
    assert_eq!(app.form.values(Section::Attributes, 0), ["pro"]);
    assert_eq!(app.cursor().value_row, 0);
    press(&mut app, "del");
    assert!(app.form.values(Section::Attributes, 0).is_empty());
    assert_eq!(
        app.form.names(Section::Attributes),
        ["plan"],
        "the name stays"
    );
    assert!(
        app.preview_text().contains(r#""plan": []"#),
        "{}",
        app.preview_text()
    );
}

#[test]
fn names_are_renamed_in_place_and_duplicates_are_refused() {
    let mut app = loaded();
    go_to(&mut app, Section::Attributes, None);
    assert_eq!(
        app.form.names(Section::Attributes),
        ["interests", "plan", "signup_date"]
    );
    press(&mut app, "enter");
    assert_eq!(
        editing(&app),
        Some(EditTarget::Name {
            section: Section::Attributes,
            index: 0
        })
    );
    clear_editor(&mut app);
    type_text(&mut app, "hobbies");
    press(&mut app, "enter");
    assert_eq!(
        app.form.names(Section::Attributes),
        ["hobbies", "plan", "signup_date"]
    );
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["running", "cooking"]
    );

    // Renaming to a name that exists is refused, and said.
    press(&mut app, "enter");
    clear_editor(&mut app);
    type_text(&mut app, "plan");
    press(&mut app, "enter");
    assert_eq!(
        app.form.names(Section::Attributes),
        ["hobbies", "plan", "signup_date"]
    );
    assert_eq!(app.status.tone, Tone::Error);
    assert!(
        app.status
            .text
            .contains("`plan` is already a name in Attributes")
    );

    // So is adding one.
    press(&mut app, "ins");
    type_text(&mut app, "signup_date");
    press(&mut app, "enter");
    assert_eq!(app.form.names(Section::Attributes).len(), 3);
    assert_eq!(app.status.tone, Tone::Error);
    assert!(app.status.text.contains("`signup_date` is already a name"));

    // An empty name keeps the old one.
    press(&mut app, "enter");
    clear_editor(&mut app);
    press(&mut app, "enter");
    assert_eq!(app.form.names(Section::Attributes)[0], "hobbies");
    assert_eq!(app.status.tone, Tone::Warning);
}

#[test]
fn a_name_is_removed_with_its_values() {
    let mut app = loaded();
    go_to(&mut app, Section::UserAttributes, None);
    assert_eq!(
        app.form.names(Section::UserAttributes),
        ["tier", "beta_tester"]
    );
    press(&mut app, "down");
    press(&mut app, "del");
    assert_eq!(app.form.names(Section::UserAttributes), ["tier"]);
    assert_eq!(app.cursor().row, 0, "the cursor stays on a name");
    assert!(
        app.status
            .text
            .contains("removed `beta_tester` from User attributes")
    );
    assert!(!app.preview_text().contains("beta_tester"));
    press(&mut app, "del");
    assert!(app.form.names(Section::UserAttributes).is_empty());
    assert!(!app.preview_text().contains("UserAttributes"));
}

#[test]
fn metrics_are_numbers_checked_as_typed() {
    let mut app = console();
    type_text(&mut app, "qa-1");
    go_to(&mut app, Section::Metrics, None);
    press(&mut app, "ins");
    type_text(&mut app, "logins");
    press(&mut app, "enter");
    assert_eq!(
        editing(&app),
        Some(EditTarget::Metric {
            name: "logins".into()
        })
    );
    type_text(&mut app, "157");
    assert_eq!(app.form.info.metrics["logins"], 157.0);
    assert_eq!(
        app.editor.as_ref().unwrap().text(),
        "157",
        "a new metric's number is typed from empty"
    );
    assert!(app.preview_text().contains(r#""logins": 157"#));

    type_text(&mut app, "x");
    assert_eq!(app.form.metric_text("logins"), "157x", "the text is kept");
    let problem = app
        .problems
        .iter()
        .find(|p| p.path == "metrics.logins")
        .expect("a problem on the metric");
    assert_eq!(problem.severity, Severity::Error);
    assert!(problem.message.contains("not a number"));
    press(&mut app, "enter");
    assert!(press(&mut app, "f5").is_empty(), "blocked by the error");
    assert_eq!(
        app.status.text,
        "submit blocked: metrics.logins: `157x` is not a number"
    );
    press(&mut app, "esc");

    press(&mut app, "enter");
    press(&mut app, "backspace");
    press(&mut app, "enter");
    assert_eq!(app.form.info.metrics["logins"], 157.0);
    assert!(!app.problems.iter().any(|p| p.path == "metrics.logins"));

    // An existing metric is edited from its value column.
    let mut app = loaded();
    go_to(&mut app, Section::Metrics, None);
    press(&mut app, "down");
    press(&mut app, "right");
    press(&mut app, "enter");
    assert_eq!(app.editor.as_ref().unwrap().text(), "12");
    type_text(&mut app, ".5");
    assert_eq!(app.form.info.metrics["purchases"], 12.5);
}

// ----- submit and results -----

#[test]
fn submit_is_blocked_with_the_reason_while_there_are_errors() {
    let mut app = console();
    let fx = press(&mut app, "f5");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.busy.is_none());
    assert_eq!(app.status.tone, Tone::Error);
    assert_eq!(
        app.status.text,
        "submit blocked: endpoint_id: an endpoint id is required"
    );

    let mut app = loaded();
    go_to(&mut app, Section::Location, Some(Field::Latitude));
    clear_editor(&mut app);
    type_text(&mut app, "91");
    go_to(&mut app, Section::Location, Some(Field::Longitude));
    clear_editor(&mut app);
    type_text(&mut app, "-181");
    assert!(press(&mut app, "f5").is_empty());
    assert_eq!(
        app.status.text,
        "submit blocked: location.latitude: latitude 91 is outside -90..90; location.longitude: longitude -181 is outside -180..180"
    );
    press(&mut app, "esc");

    // Warnings do not block.
    let mut app = loaded();
    go_to(&mut app, Section::Demographic, Some(Field::Timezone));
    clear_editor(&mut app);
    type_text(&mut app, "Mars/Base");
    assert!(app.problems.iter().any(|p| p.severity == Severity::Warning));
    let (_, call) = the_call(&press(&mut app, "f5"));
    assert!(matches!(call, Call::Submit { .. }));
}

#[test]
fn submit_sends_the_exact_request() {
    let mut app = loaded();
    let fx = press(&mut app, "f5");
    let (id, call) = the_call(&fx);
    assert_eq!(
        call,
        Call::Submit {
            endpoint_id: "qa-ios-0001".into(),
            request: Box::new(qa_ios().to_endpoint_request()),
        }
    );
    let busy = app.busy.as_ref().expect("a call in flight");
    assert_eq!((busy.id, &busy.call), (id, &call));
    assert_eq!(app.status.text, "UpdateEndpoint…");

    // A second submit waits for the first.
    assert!(press(&mut app, "alt+enter").is_empty());
    assert!(app.status.text.contains("UpdateEndpoint is still running"));
    assert!(app.status.text.contains("esc cancels"));

    // alt+enter submits too, with what was just typed.
    let mut app = loaded();
    go_to(&mut app, Section::Identity, Some(Field::Address));
    clear_editor(&mut app);
    type_text(&mut app, "token-2");
    let (_, call) = the_call(&press(&mut app, "alt+enter"));
    let Call::Submit { request, .. } = call else {
        panic!("not a submit")
    };
    assert_eq!(request.address.as_deref(), Some("token-2"));
    assert_eq!(
        editing(&app),
        Some(EditTarget::Field(Field::Address)),
        "still typing into the field after a submit"
    );
}

#[test]
fn what_landed_is_shown_with_the_fields_that_differ() {
    let mut app = loaded();
    let (id, _) = the_call(&press(&mut app, "f5"));
    let mut landed = endpoint(
        "qa-ios-0001",
        "qa-user-0001",
        "APNS",
        &qa_ios().address.unwrap(),
    );
    landed
        .attributes
        .as_mut()
        .unwrap()
        .insert("old".into(), vec!["kept".into()]);
    let fx = done(
        &mut app,
        id,
        Ok(Reply::Submitted {
            before: Ok(None),
            landed: landed.clone(),
        }),
    );
    assert!(fx.is_empty());
    assert!(app.busy.is_none());
    let shown = app.landed.as_ref().expect("what landed");
    assert_eq!(shown.endpoint, landed);
    let paths: Vec<&str> = shown.differences.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["attributes.old"]);
    assert_eq!(app.preview, PreviewMode::Landed);
    assert_eq!(
        app.preview_text(),
        serde_json::to_string_pretty(&landed).unwrap()
    );
    assert_eq!(app.status.tone, Tone::Success);
    assert_eq!(
        app.status.text,
        "UpdateEndpoint 202 → GetEndpoint 200 · 42 ms · request id req-0001 · created endpoint `qa-ios-0001` · what landed: 1 field differs from the form"
    );
    assert!(
        !app.dirty(),
        "submitting does not save the profile, nor dirty it"
    );
}

/// The stored qa-ios-0001 with `logins` as its logins metric.
fn stored_with_logins(logins: f64) -> EndpointResponse {
    let mut e = endpoint(
        "qa-ios-0001",
        "qa-user-0001",
        "APNS",
        &qa_ios().address.unwrap(),
    );
    e.metrics.as_mut().unwrap().insert("logins".into(), logins);
    e
}

#[test]
fn a_submit_says_what_the_write_changed_before_and_after() {
    let mut app = loaded();
    submitted(
        &mut app,
        Ok(Some(stored_with_logins(157.0))),
        stored_with_logins(212.0),
    );
    let landed = app.landed.as_ref().expect("what landed");
    let Source::Write(Ok(WriteChange::Changed(changes))) = &landed.source else {
        panic!("{:?}", landed.source)
    };
    let changes: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(changes, ["metrics.logins 157 → 212"]);
    assert_eq!(
        app.status.text,
        "UpdateEndpoint 202 → GetEndpoint 200 · 42 ms · request id req-0001 · changed metrics.logins 157 → 212 · what landed: 1 field differs from the form"
    );
    assert_eq!(app.status.tone, Tone::Success);

    // The same endpoint stored again: nothing changed.
    submitted(
        &mut app,
        Ok(Some(stored_with_logins(212.0))),
        stored_with_logins(212.0),
    );
    assert!(
        app.status
            .text
            .contains("· changed nothing (it was stored as it is) ·"),
        "{}",
        app.status.text
    );

    // Several changes: counted on the status line, each listed by the show-message key.
    let mut before = stored_with_logins(157.0);
    before.address = Some("old-token".into());
    before.channel_type = Some("GCM".into());
    submitted(&mut app, Ok(Some(before)), stored_with_logins(212.0));
    assert!(
        app.status.text.contains("· changed 3 fields ·"),
        "{}",
        app.status.text
    );
    press(&mut app, "ctrl+v");
    let Some(Dialog::Message { title, lines, .. }) = &app.dialog else {
        panic!("no message")
    };
    assert_eq!(title, "What the write changed on endpoint `qa-ios-0001`");
    assert_eq!(
        lines[1..],
        [
            "  channel_type GCM → APNS".to_string(),
            format!("  address old-token → {}", qa_ios().address.unwrap()),
            "  metrics.logins 157 → 212".to_string(),
        ]
    );
    press(&mut app, "esc");

    // The stored endpoint could not be read first: the write went ahead, the change is
    // not known, and the status says why.
    let (id, _) = the_call(&press(&mut app, "f5"));
    let refused = CallError {
        about: Some(format!("GetEndpoint qa-ios-0001 in application {APP_ID}")),
        code: "ForbiddenException".into(),
        message: "not allowed".into(),
        request_id: None,
        status: Some(403),
    };
    done(
        &mut app,
        id,
        Ok(Reply::Submitted {
            before: Err(refused),
            landed: stored_with_logins(212.0),
        }),
    );
    assert_eq!(app.status.tone, Tone::Warning);
    assert!(
        app.status.text.contains(&format!("what it changed is not known (the GetEndpoint before it failed: GetEndpoint qa-ios-0001 in application {APP_ID}: ForbiddenException: not allowed)")),
        "{}",
        app.status.text
    );
}

#[test]
fn a_fetched_endpoint_shows_its_stored_record_marked_where_the_form_differs() {
    let mut app = loaded();
    press(&mut app, "ctrl+g");
    let (id, _) = the_call(&press(&mut app, "enter"));
    let mut fetched = stored_with_logins(157.0);
    fetched.cohort_id = Some("42".into());
    fetched.creation_date = Some("2026-03-01T08:00:00.000Z".into());
    fetched.request_id = Some("r-7".into());
    done(&mut app, id, Ok(Reply::Fetched(fetched.clone())));
    assert_eq!(app.preview, PreviewMode::Landed, "shown on load");
    let stored = app.landed.as_ref().expect("the stored record");
    assert_eq!(stored.source, Source::Read);
    assert!(stored.differences.is_empty());
    let text = app.preview_text();
    for member in [
        r#""CohortId": "42""#,
        r#""CreationDate": "2026-03-01T08:00:00.000Z""#,
        r#""EffectiveDate": "2026-03-14T09:26:53.000Z""#,
        r#""EndpointStatus": "ACTIVE""#,
        r#""RequestId": "r-7""#,
    ] {
        assert!(text.contains(member), "{member} in {text}");
    }
    assert!(text.contains(&format!(r#""ApplicationId": "{APP_ID}""#)));

    // Editing the form marks the field that now differs, live.
    go_to(&mut app, Section::Location, Some(Field::City));
    clear_editor(&mut app);
    type_text(&mut app, "Tacoma");
    let paths: Vec<String> = app
        .landed
        .as_ref()
        .unwrap()
        .differences
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(paths, ["location.city: form Tacoma, stored Seattle"]);
    clear_editor(&mut app);
    type_text(&mut app, "Seattle");
    assert!(app.landed.as_ref().unwrap().differences.is_empty());

    // The record stays in the preview cycle, after the In-app view.
    let mut seen = Vec::new();
    for _ in 0..6 {
        for fx in press(&mut app, "ctrl+p") {
            if let Effect::Call { id, call } = fx {
                let reply = match call {
                    Call::GetSegments => Reply::Segments(Default::default()),
                    _ => Reply::InApp(Box::default()),
                };
                done(&mut app, id, Ok(reply));
            }
        }
        seen.push(app.preview);
    }
    assert_eq!(
        seen,
        [
            PreviewMode::Format(PreviewFormat::Pinpoint),
            PreviewMode::Format(PreviewFormat::Amplify),
            PreviewMode::Format(PreviewFormat::Cli),
            PreviewMode::Segments,
            PreviewMode::InApp,
            PreviewMode::Landed,
        ]
    );

    // Another form (a profile) has no stored record.
    load_profile(&mut app);
    assert!(app.landed.is_none());
    assert_eq!(app.preview, PreviewMode::Format(PreviewFormat::Pinpoint));
}

#[test]
fn deleting_the_endpoint_shown_takes_its_stored_record_away() {
    let mut app = loaded();
    press(&mut app, "ctrl+g");
    let (id, _) = the_call(&press(&mut app, "enter"));
    let fetched = stored_with_logins(157.0);
    done(&mut app, id, Ok(Reply::Fetched(fetched.clone())));
    assert!(app.landed.is_some());

    // Another endpoint of the user deleted from the lookup: the record stays.
    let (mut app, endpoints) = (
        app,
        EndpointsResponse {
            item: vec![
                fetched.clone(),
                endpoint("qa-sms-0001", "qa-user-0001", "SMS", "+12065550100"),
            ],
        },
    );
    press(&mut app, "ctrl+l");
    let (id, _) = the_call(&press(&mut app, "enter"));
    done(&mut app, id, Ok(Reply::User(endpoints.clone())));
    press(&mut app, "down");
    press(&mut app, "del");
    let (id, _) = the_call(&press(&mut app, "y"));
    done(&mut app, id, Ok(Reply::Deleted(endpoints.item[1].clone())));
    assert_eq!(app.preview, PreviewMode::Landed);
    assert!(app.landed.is_some(), "not the endpoint shown");

    // The endpoint shown deleted: its record goes, the preview shows the request.
    press(&mut app, "ctrl+x");
    let (id, _) = the_call(&press(&mut app, "y"));
    done(&mut app, id, Ok(Reply::Deleted(fetched)));
    assert!(app.landed.is_none());
    assert_eq!(app.preview, PreviewMode::Format(PreviewFormat::Pinpoint));
}

#[test]
fn a_failed_call_names_what_it_was_about() {
    let mut app = loaded();
    let (id, _) = the_call(&press(&mut app, "f5"));
    let error = CallError::new("NotFoundException", "Resource not found")
        .about("UpdateEndpoint qa-7 in application 5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c");
    assert!(done(&mut app, id, Err(error)).is_empty());
    assert_eq!(
        app.status.text,
        "UpdateEndpoint qa-7 in application 5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c failed: NotFoundException: Resource not found · 42 ms"
    );
}

#[test]
fn a_failed_call_shows_the_error_name_message_and_request_id() {
    let mut app = loaded();
    let (id, _) = the_call(&press(&mut app, "f5"));
    let error = CallError {
        about: None,
        code: "BadRequestException".into(),
        message: "Invalid ChannelType".into(),
        request_id: Some("req-err-9".into()),
        status: Some(400),
    };
    assert!(done(&mut app, id, Err(error)).is_empty());
    assert!(app.busy.is_none() && app.landed.is_none());
    assert_eq!(app.status.tone, Tone::Error);
    assert_eq!(
        app.status.text,
        "UpdateEndpoint failed (400): BadRequestException: Invalid ChannelType · 42 ms · request id req-err-9"
    );
    assert_eq!(app.preview, PreviewMode::Format(PreviewFormat::Pinpoint));
}

#[test]
fn stale_and_cancelled_results_are_dropped() {
    let mut app = loaded();
    let (id, _) = the_call(&press(&mut app, "f5"));
    let landed = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "x");

    // A result for another call.
    let fx = done(
        &mut app,
        id + 100,
        Ok(Reply::Submitted {
            before: Ok(None),
            landed: landed.clone(),
        }),
    );
    assert!(fx.is_empty());
    assert!(app.landed.is_none());
    assert_eq!(app.busy.as_ref().map(|b| b.id), Some(id));

    // Esc cancels the call in flight, even from a text field.
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::EndpointId)));
    assert_eq!(press(&mut app, "esc"), [Effect::Cancel { id }]);
    assert!(app.busy.is_none());
    assert_eq!(
        app.focus,
        Focus::Form,
        "esc cancelled the call, not the field"
    );
    assert_eq!(app.status.text, "UpdateEndpoint cancelled");
    assert_eq!(app.status.tone, Tone::Warning);

    // Its result, arriving anyway, is dropped.
    assert!(
        done(
            &mut app,
            id,
            Ok(Reply::Submitted {
                before: Ok(None),
                landed,
            })
        )
        .is_empty()
    );
    assert!(app.landed.is_none());
    assert_eq!(app.status.text, "UpdateEndpoint cancelled");

    // With nothing in flight, esc is the pane's again.
    assert!(press(&mut app, "esc").is_empty());
    assert_eq!(app.focus, Focus::Sections);
}

#[test]
fn calls_wait_for_a_connection() {
    let paths = Paths::under(std::env::temp_dir().join("pinpoint-console-tui-update-unused"));
    let mut app = App::new(
        Config::default(),
        paths,
        Keymap::default(),
        "sandbox".into(),
    );
    sync_editor(&mut app);
    load_profile(&mut app);
    assert!(press(&mut app, "f5").is_empty());
    assert_eq!(app.status.text, "still connecting to the target");
    update(
        &mut app,
        Msg::Connected(Err("sandbox database is locked".into())),
    );
    assert!(matches!(app.link, Link::Failed { .. }));
    assert!(press(&mut app, "f5").is_empty());
    assert_eq!(
        app.status.text,
        "not connected to `sandbox`: sandbox database is locked"
    );
    assert_eq!(app.status.tone, Tone::Error);
}

// ----- fetch, look up, delete -----

#[test]
fn fetch_asks_for_the_id_then_replaces_the_form() {
    let mut app = loaded();
    assert!(press(&mut app, "ctrl+g").is_empty());
    let (kind, text, error) = prompt_of(&app);
    assert_eq!(
        (kind, text.as_str(), error),
        (&PromptKind::FetchId, "qa-ios-0001", None)
    );

    // An empty answer is refused in the prompt.
    for _ in 0..11 {
        press(&mut app, "backspace");
    }
    assert!(press(&mut app, "enter").is_empty());
    assert_eq!(prompt_of(&app).2, Some("type a value, or esc to cancel"));

    type_text(&mut app, "qa-ios-0002");
    let (id, call) = the_call(&press(&mut app, "enter"));
    assert_eq!(
        call,
        Call::Fetch {
            endpoint_id: "qa-ios-0002".into()
        }
    );
    assert!(app.dialog.is_none());
    assert_eq!(app.status.text, "GetEndpoint…");

    let fetched = endpoint("qa-ios-0002", "qa-user-0002", "GCM", "token-2");
    assert!(done(&mut app, id, Ok(Reply::Fetched(fetched.clone()))).is_empty());
    assert_eq!(app.form.info, UserInfo::from_endpoint_response(&fetched));
    assert!(!app.dirty());
    assert_eq!(app.profile, None, "no longer the profile");
    assert_eq!(app.origin.as_deref(), Some("fetched `qa-ios-0002`"));
    assert_eq!(app.status.tone, Tone::Success);
    assert_eq!(
        app.status.text,
        "GetEndpoint 200 · 42 ms · request id req-0001"
    );
    type_text(&mut app, "x");
    assert_eq!(
        app.form.info.endpoint_id.as_deref(),
        Some("qa-ios-0002x"),
        "typing goes on in the field"
    );
}

#[test]
fn fetch_asks_before_discarding_unsaved_changes() {
    let mut app = loaded();
    type_text(&mut app, "-draft");
    press(&mut app, "ctrl+g");
    assert_eq!(prompt_of(&app).1, "qa-ios-0001-draft");
    assert!(press(&mut app, "enter").is_empty());
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Unsaved changes");
    assert!(lines[0].contains("profile `qa-ios` has unsaved changes"));
    assert_eq!(
        pending,
        &Pending::Start(Call::Fetch {
            endpoint_id: "qa-ios-0001-draft".into()
        })
    );
    // n keeps the form and the typing.
    assert!(press(&mut app, "n").is_empty());
    assert_eq!(
        app.form.info.endpoint_id.as_deref(),
        Some("qa-ios-0001-draft")
    );
    type_text(&mut app, "2");
    assert_eq!(
        app.form.info.endpoint_id.as_deref(),
        Some("qa-ios-0001-draft2"),
        "after the dialog, typing goes on in the field"
    );
    press(&mut app, "ctrl+g");
    press(&mut app, "enter");
    let (_, call) = the_call(&press(&mut app, "y"));
    assert_eq!(
        call,
        Call::Fetch {
            endpoint_id: "qa-ios-0001-draft2".into()
        }
    );
}

#[test]
fn a_fetch_that_arrives_after_new_edits_asks_before_replacing() {
    let mut app = loaded();
    press(&mut app, "ctrl+g");
    let (id, _) = the_call(&press(&mut app, "enter"));
    go_to(&mut app, Section::Location, Some(Field::City));
    clear_editor(&mut app);
    type_text(&mut app, "Tacoma");
    let fetched = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "a");
    assert!(done(&mut app, id, Ok(Reply::Fetched(fetched.clone()))).is_empty());
    assert_eq!(
        app.form.info.location.city.as_deref(),
        Some("Tacoma"),
        "not replaced yet"
    );
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Replace the form");
    assert!(lines[0].contains("changed while it was on its way"));
    assert!(matches!(pending, Pending::LoadStored(l) if l.origin == "fetched `qa-ios-0001`"));
    press(&mut app, "y");
    assert_eq!(app.form.info, UserInfo::from_endpoint_response(&fetched));
    assert!(!app.dirty());
    assert_eq!(
        app.preview,
        PreviewMode::Landed,
        "its stored record is shown"
    );
    assert_eq!(app.landed.as_ref().unwrap().endpoint, fetched);
}

#[test]
fn looking_up_a_user_lists_its_endpoints_to_load_one() {
    let mut app = loaded();
    assert!(press(&mut app, "ctrl+l").is_empty());
    assert_eq!(
        (prompt_of(&app).0, prompt_of(&app).1),
        (&PromptKind::UserId, "qa-user-0001".to_string())
    );
    let (id, call) = the_call(&press(&mut app, "enter"));
    assert_eq!(
        call,
        Call::LookupUser {
            user_id: "qa-user-0001".into()
        }
    );
    let endpoints = EndpointsResponse {
        item: vec![
            endpoint("qa-ios-0001", "qa-user-0001", "APNS", "token-1"),
            endpoint("qa-sms-0001", "qa-user-0001", "SMS", "+12065550100"),
        ],
    };
    assert!(done(&mut app, id, Ok(Reply::User(endpoints.clone()))).is_empty());
    assert!(
        app.status.text.ends_with("· 2 endpoints"),
        "{}",
        app.status.text
    );
    let picker = picker_of(&app);
    assert_eq!(
        picker.kind,
        PickerKind::UserEndpoints {
            user_id: "qa-user-0001".into()
        }
    );
    assert_eq!(
        picker.header,
        ["ENDPOINT ID", "CHANNEL", "ADDRESS", "STATUS", "LAST UPDATE"]
    );
    assert_eq!(
        picker.rows[1].columns,
        [
            "qa-sms-0001",
            "SMS",
            "+12065550100",
            "ACTIVE",
            "2026-03-14T09:26:53.000Z"
        ]
    );

    // Filter, choose: the endpoint replaces the (clean) form.
    type_text(&mut app, "sms");
    assert_eq!(visible_keys(&app), ["qa-sms-0001"]);
    assert!(press(&mut app, "enter").is_empty());
    assert!(app.dialog.is_none());
    assert_eq!(
        app.form.info,
        UserInfo::from_endpoint_response(&endpoints.item[1])
    );
    assert_eq!(
        app.origin.as_deref(),
        Some("endpoint `qa-sms-0001` of user `qa-user-0001`")
    );

    // With unsaved changes, choosing asks first.
    type_text(&mut app, "x");
    press(&mut app, "ctrl+l");
    let (id, _) = the_call(&press(&mut app, "enter"));
    done(&mut app, id, Ok(Reply::User(endpoints.clone())));
    assert!(press(&mut app, "enter").is_empty());
    assert!(matches!(confirm_of(&app).2, Pending::LoadStored(_)));
    press(&mut app, "y");
    assert_eq!(
        app.form.info,
        UserInfo::from_endpoint_response(&endpoints.item[0])
    );
    assert_eq!(
        app.landed.as_ref().map(|l| &l.endpoint),
        Some(&endpoints.item[0]),
        "the stored record of the endpoint loaded"
    );
}

/// A console showing the two endpoints of qa-user-0001 in the user lookup.
fn user_list() -> (App, EndpointsResponse) {
    let mut app = loaded();
    press(&mut app, "ctrl+l");
    let (id, _) = the_call(&press(&mut app, "enter"));
    let endpoints = EndpointsResponse {
        item: vec![
            endpoint("qa-ios-0001", "qa-user-0001", "APNS", "token-1"),
            endpoint("qa-sms-0001", "qa-user-0001", "SMS", "+12065550100"),
        ],
    };
    done(&mut app, id, Ok(Reply::User(endpoints.clone())));
    (app, endpoints)
}

#[test]
fn ctrl_x_in_the_user_list_deletes_all_of_the_users_endpoints_after_asking() {
    for key in ["ctrl+x", "f8"] {
        let (mut app, endpoints) = user_list();
        assert!(press(&mut app, key).is_empty());
        let (title, lines, pending) = confirm_of(&app);
        assert_eq!(title, "Delete user endpoints");
        assert_eq!(
            lines[0],
            format!(
                "Delete all 2 endpoints of user `qa-user-0001` from application {APP_ID} on target `sandbox` (DeleteUserEndpoints)?"
            )
        );
        assert!(lines[1].contains("qa-ios-0001") && lines[2].contains("qa-sms-0001"));
        assert_eq!(pending, &Pending::DeleteUser("qa-user-0001".into()));
        let (id, call) = the_call(&press(&mut app, "y"));
        assert_eq!(
            call,
            Call::DeleteUser {
                user_id: "qa-user-0001".into()
            }
        );
        done(&mut app, id, Ok(Reply::DeletedUser(endpoints)));
        assert_eq!(
            app.status.text,
            "DeleteUserEndpoints 202 · 42 ms · request id req-0001 · removed 2 endpoints"
        );
    }
}

#[test]
fn del_in_the_user_list_deletes_the_selected_endpoint_after_y() {
    let (mut app, endpoints) = user_list();
    press(&mut app, "down");
    assert!(press(&mut app, "del").is_empty());
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Delete endpoint");
    assert_eq!(
        lines[0],
        format!(
            "Delete endpoint `qa-sms-0001` of user `qa-user-0001` from application {APP_ID} on target `sandbox`?"
        )
    );
    assert_eq!(pending, &Pending::DeleteEndpoint("qa-sms-0001".into()));
    // n goes back to nothing deleted; the list is asked for again to try once more.
    press(&mut app, "n");
    assert!(app.dialog.is_none());
    assert_eq!(app.status.text, "delete endpoint cancelled");

    let (mut app, endpoints_again) = user_list();
    assert_eq!(endpoints_again, endpoints);
    press(&mut app, "down");
    press(&mut app, "del");
    let (id, call) = the_call(&press(&mut app, "y"));
    assert_eq!(
        call,
        Call::DeleteEndpoint {
            endpoint_id: "qa-sms-0001".into()
        }
    );
    done(&mut app, id, Ok(Reply::Deleted(endpoints.item[1].clone())));
    assert_eq!(
        app.status.text,
        "DeleteEndpoint 202 · 42 ms · request id req-0001 · removed endpoint `qa-sms-0001`"
    );
    assert_eq!(app.form.info, qa_ios(), "the form stays as it was");

    // The key bar offers both, the delete-all key as the keymap has it.
    let (app, _) = user_list();
    let hints: Vec<(String, String)> = keybar::hints(&app)
        .into_iter()
        .map(|(k, w, _)| (k, w))
        .collect();
    assert!(
        hints.contains(&("del".into(), "delete one".into()))
            && hints.contains(&("ctrl+x".into(), "delete all".into())),
        "{hints:?}"
    );

    // Read-only: neither deletes, the list stays open and says why.
    let mut app = console_with(Config::default(), Keymap::default(), true);
    load_profile(&mut app);
    press(&mut app, "ctrl+l");
    let (id, _) = the_call(&press(&mut app, "enter"));
    done(&mut app, id, Ok(Reply::User(endpoints)));
    for key in ["del", "ctrl+x"] {
        assert!(press(&mut app, key).is_empty());
        assert!(matches!(app.dialog, Some(Dialog::Picker(_))), "{key}");
        assert_eq!(
            app.status.text,
            "the target is read-only: deleting is unavailable"
        );
    }
}

#[test]
fn delete_asks_naming_the_endpoint_then_deletes_it() {
    let mut app = loaded();
    assert!(press(&mut app, "ctrl+x").is_empty());
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Delete endpoint");
    assert_eq!(
        lines[0],
        format!("Delete endpoint `qa-ios-0001` from application {APP_ID} on target `sandbox`?")
    );
    assert_eq!(pending, &Pending::DeleteEndpoint("qa-ios-0001".into()));
    // n and esc do nothing.
    assert!(press(&mut app, "n").is_empty());
    assert!(app.dialog.is_none());
    assert_eq!(app.status.text, "delete endpoint cancelled");
    press(&mut app, "f8");
    assert!(press(&mut app, "esc").is_empty());
    assert!(app.dialog.is_none());
    // Other keys leave the question open.
    press(&mut app, "ctrl+x");
    assert!(press(&mut app, "x").is_empty());
    assert!(matches!(app.dialog, Some(Dialog::Confirm(_))));

    let (id, call) = the_call(&press(&mut app, "y"));
    assert_eq!(
        call,
        Call::DeleteEndpoint {
            endpoint_id: "qa-ios-0001".into()
        }
    );
    let gone = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "a");
    done(&mut app, id, Ok(Reply::Deleted(gone)));
    assert_eq!(
        app.status.text,
        "DeleteEndpoint 202 · 42 ms · request id req-0001 · removed endpoint `qa-ios-0001`"
    );
    assert_eq!(
        app.form.info,
        qa_ios(),
        "the form stays, to submit it again"
    );

    // Nothing to delete without an id.
    let mut app = console();
    assert!(press(&mut app, "ctrl+x").is_empty());
    assert!(app.dialog.is_none());
    assert_eq!(
        app.status.text,
        "no endpoint id in the form: nothing to delete"
    );
}

// ----- profiles -----

#[test]
fn save_asks_for_a_name_the_first_time_then_saves_in_place() {
    let mut app = console();
    type_text(&mut app, "qa-7");
    assert!(press(&mut app, "ctrl+s").is_empty());
    let (kind, text, _) = prompt_of(&app);
    assert_eq!((kind, text.as_str()), (&PromptKind::SaveAs, "qa-7"));

    // A name a file cannot have is refused in the prompt.
    press(&mut app, "end");
    type_text(&mut app, "/x");
    assert!(press(&mut app, "enter").is_empty());
    assert!(prompt_of(&app).2.unwrap().contains("contains '/'"));
    press(&mut app, "backspace");
    press(&mut app, "backspace");

    let fx = press(&mut app, "enter");
    let form = app.form.info.clone();
    assert_eq!(
        fx,
        [Effect::SaveProfile {
            name: "qa-7".into(),
            form: form.clone(),
            overwrite: false
        }]
    );
    assert!(app.dirty(), "not saved until the disk says so");
    let fx = update(
        &mut app,
        Msg::ProfileSaved {
            name: "qa-7".into(),
            form,
            result: Ok(()),
        },
    );
    assert!(fx.is_empty());
    assert!(!app.dirty());
    assert_eq!(app.profile.as_deref(), Some("qa-7"));
    assert_eq!(app.status.text, "saved profile `qa-7`");

    // Typing goes on in the field; the next save goes straight to the profile.
    type_text(&mut app, "b");
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-7b"));
    let fx = press(&mut app, "ctrl+s");
    assert_eq!(
        fx,
        [Effect::SaveProfile {
            name: "qa-7".into(),
            form: app.form.info.clone(),
            overwrite: true
        }]
    );
    assert!(app.dialog.is_none());
    type_text(&mut app, "q");
    assert_eq!(
        app.form.info.endpoint_id.as_deref(),
        Some("qa-7bq"),
        "after a save, q is still text"
    );
    assert!(!app.should_quit);

    // F2 saves as another name.
    press(&mut app, "f2");
    assert_eq!(prompt_of(&app).1, "qa-7");
}

#[test]
fn saving_over_an_existing_profile_asks_first() {
    let mut app = console();
    type_text(&mut app, "qa-1");
    press(&mut app, "ctrl+s");
    clear_editor_prompt(&mut app);
    type_text(&mut app, "qa-ios");
    let fx = press(&mut app, "enter");
    let [Effect::SaveProfile { form, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let fx = update(
        &mut app,
        Msg::ProfileSaved {
            name: "qa-ios".into(),
            form: form.clone(),
            result: Err(StoreError::ProfileExists("qa-ios".into())),
        },
    );
    assert!(fx.is_empty());
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Replace profile");
    assert!(lines[0].contains("`qa-ios` already exists"));
    assert_eq!(pending, &Pending::OverwriteProfile("qa-ios".into()));
    assert_eq!(
        press(&mut app, "y"),
        [Effect::SaveProfile {
            name: "qa-ios".into(),
            form: app.form.info.clone(),
            overwrite: true
        }]
    );

    // Other failures are reported.
    let form = app.form.info.clone();
    update(
        &mut app,
        Msg::ProfileSaved {
            name: "qa-ios".into(),
            form,
            result: Err(StoreError::Invalid("permission denied".into())),
        },
    );
    assert_eq!(app.status.text, "not saved: permission denied");
    assert!(app.dirty());
}

/// Whether a failed save asks to replace is decided on the store's variant, not its words:
/// another failure that happens to say "already exists" is reported, not asked about.
#[test]
fn only_an_existing_profile_asks_to_replace_it() {
    let mut app = console();
    type_text(&mut app, "qa-1");
    let form = app.form.info.clone();
    let fx = update(
        &mut app,
        Msg::ProfileSaved {
            name: "qa-ios".into(),
            form,
            result: Err(StoreError::Invalid("a lock file already exists".into())),
        },
    );
    assert!(fx.is_empty());
    assert!(app.dialog.is_none(), "no question is asked");
    assert_eq!(app.status.text, "not saved: a lock file already exists");
}

fn clear_editor_prompt(app: &mut App) {
    for _ in 0..prompt_of(app).1.chars().count() {
        press(app, "backspace");
    }
}

#[test]
fn the_profile_picker_filters_as_you_type_and_loads() {
    let mut app = console();
    open_profiles(&mut app);
    let picker = picker_of(&app);
    assert_eq!(picker.kind, PickerKind::Profiles);
    assert_eq!(picker.header, ["NAME", "USER ID", "CHANNEL", "MODIFIED"]);
    assert_eq!(picker.rows[2].columns[3], "BROKEN");

    // The filter matches any column.
    type_text(&mut app, "SMS");
    assert_eq!(visible_keys(&app), ["sms-user"]);
    press(&mut app, "backspace");
    press(&mut app, "backspace");
    press(&mut app, "backspace");
    type_text(&mut app, "qa-user");
    assert_eq!(visible_keys(&app), ["qa-ios", "sms-user"]);
    press(&mut app, "down");
    assert_eq!(picker_of(&app).current().unwrap().key, "sms-user");
    type_text(&mut app, "-0001");
    assert_eq!(visible_keys(&app), ["qa-ios"]);
    assert_eq!(picker_of(&app).selected, 0, "the selection restarts");
    type_text(&mut app, "zzz");
    assert!(visible_keys(&app).is_empty());
    assert!(press(&mut app, "enter").is_empty(), "nothing to choose");
    for _ in 0..3 {
        press(&mut app, "backspace");
    }

    assert_eq!(
        press(&mut app, "enter"),
        [Effect::LoadProfile {
            name: "qa-ios".into()
        }]
    );
    assert!(app.dialog.is_none());
    load_profile(&mut app);
    assert_eq!(app.profile.as_deref(), Some("qa-ios"));
    assert_eq!(app.status.text, "loaded profile `qa-ios`");
    // The form is typed into again at once.
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::EndpointId)));
    type_text(&mut app, "q");
    assert!(!app.should_quit, "q after loading a profile is text");
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-ios-0001q"));

    // Dirty now: loading asks first.
    open_profiles(&mut app);
    press(&mut app, "down");
    assert!(press(&mut app, "enter").is_empty());
    assert_eq!(confirm_of(&app).2, &Pending::LoadProfile("sms-user".into()));
    assert_eq!(
        press(&mut app, "y"),
        [Effect::LoadProfile {
            name: "sms-user".into()
        }]
    );

    // A load that fails says why.
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "sms-user".into(),
            result: Err(StoreError::Invalid("line 2: bad".into())),
        },
    );
    assert_eq!(
        app.status.text,
        "profile `sms-user` not loaded: line 2: bad"
    );
    assert_eq!(app.profile.as_deref(), Some("qa-ios"));
}

#[test]
fn broken_profiles_are_listed_but_cannot_be_loaded() {
    let mut app = console();
    open_profiles(&mut app);
    type_text(&mut app, "broken");
    assert_eq!(visible_keys(&app), ["broken-one"]);
    assert!(press(&mut app, "enter").is_empty());
    assert!(app.dialog.is_none());
    assert_eq!(app.status.tone, Tone::Error);
    assert_eq!(
        app.status.text,
        "profile `broken-one` does not parse: line 3: expected `=`"
    );
}

#[test]
fn profiles_are_removed_and_renamed_from_the_picker() {
    let mut app = loaded();
    open_profiles(&mut app);
    assert!(press(&mut app, "del").is_empty());
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Remove profile");
    assert_eq!(lines, ["Remove profile `qa-ios`? Its file is deleted."]);
    assert_eq!(pending, &Pending::RemoveProfile("qa-ios".into()));
    assert_eq!(
        press(&mut app, "y"),
        [Effect::RemoveProfile {
            name: "qa-ios".into()
        }]
    );
    let fx = update(
        &mut app,
        Msg::ProfileRemoved {
            name: "qa-ios".into(),
            result: Ok(()),
        },
    );
    assert_eq!(fx, [Effect::ListProfiles]);
    assert_eq!(app.profile, None, "the form is no longer that profile");
    assert_eq!(app.status.text, "removed profile `qa-ios`");

    // Rename with F2.
    let mut app = loaded();
    open_profiles(&mut app);
    assert!(press(&mut app, "f2").is_empty());
    let (kind, text, _) = prompt_of(&app);
    assert_eq!(
        (kind, text.as_str()),
        (
            &PromptKind::Rename {
                from: "qa-ios".into()
            },
            "qa-ios"
        )
    );
    press(&mut app, "end"); // the suggestion is selected: an arrow key keeps it
    type_text(&mut app, "-old");
    assert_eq!(
        press(&mut app, "enter"),
        [Effect::RenameProfile {
            from: "qa-ios".into(),
            to: "qa-ios-old".into()
        }]
    );
    let fx = update(
        &mut app,
        Msg::ProfileRenamed {
            from: "qa-ios".into(),
            to: "qa-ios-old".into(),
            result: Ok(()),
        },
    );
    assert_eq!(fx, [Effect::ListProfiles]);
    assert_eq!(app.profile.as_deref(), Some("qa-ios-old"));
    let fx = update(
        &mut app,
        Msg::ProfileRenamed {
            from: "a".into(),
            to: "b".into(),
            result: Err(StoreError::Invalid("`b` already exists".into())),
        },
    );
    assert_eq!(fx, [Effect::ListProfiles]);
    assert_eq!(app.status.text, "not renamed: `b` already exists");
}

// ----- targets, applications, new form -----

#[test]
fn the_target_picker_connects_to_the_chosen_target() {
    let mut config = Config::default();
    let prod: Target = toml::from_str(
        r#"
        kind = "aws"
        region = "us-west-2"
        application_id = "abcdef"
        read_only = true
        "#,
    )
    .unwrap();
    config.targets.shift_insert(0, "prod".into(), prod);
    let mut app = console_with(config, Keymap::default(), false);
    assert!(press(&mut app, "ctrl+t").is_empty());
    let picker = picker_of(&app);
    assert_eq!(picker.kind, PickerKind::Targets);
    assert_eq!(
        picker.rows[0].columns,
        ["prod", "aws", "us-west-2", "abcdef", "read-only"]
    );
    let current = &picker.rows[1].columns;
    assert_eq!(
        (current[0].as_str(), current[4].as_str()),
        ("sandbox", "current"),
        "the target connected to is marked"
    );
    assert_eq!(picker.selected, 1, "and chosen when the picker opens");
    press(&mut app, "up");
    assert_eq!(
        press(&mut app, "enter"),
        [Effect::Connect {
            target: "prod".into(),
            app: None
        }]
    );
    assert_eq!(
        app.link,
        Link::Connecting {
            target: "prod".into()
        }
    );
    assert_eq!(app.status.text, "connecting to prod…");
    assert!(app.dialog.is_none());
}

#[test]
fn choosing_the_target_connected_to_keeps_the_connection() {
    let mut app = console();
    assert!(press(&mut app, "ctrl+t").is_empty());
    assert_eq!(picker_of(&app).current().unwrap().key, "sandbox");
    assert!(press(&mut app, "enter").is_empty(), "no new connection");
    assert!(app.dialog.is_none());
    assert!(matches!(&app.link, Link::Connected(c) if c.target == "sandbox"));
    assert_eq!(
        app.status.text,
        format!("already connected to sandbox (application {APP_ID})")
    );
}

#[test]
fn the_profile_picker_opens_on_the_profile_the_form_is() {
    let mut app = console();
    app.profile = Some("sms-user".into());
    open_profiles(&mut app);
    assert_eq!(picker_of(&app).current().unwrap().key, "sms-user");
    // Listed again (after a save, say): the row chosen since stays chosen.
    press(&mut app, "up");
    assert!(update(&mut app, Msg::Profiles(Ok(profile_rows()))).is_empty());
    assert_eq!(picker_of(&app).current().unwrap().key, "qa-ios");
}

#[test]
fn the_apps_key_lists_applications_to_switch_to() {
    let mut app = loaded();
    let (id, call) = the_call(&press(&mut app, "f10"));
    assert_eq!(call, Call::GetApps);
    let apps = ApplicationsResponse {
        item: vec![
            ApplicationResponse {
                id: APP_ID.into(),
                name: "default".into(),
                arn: "arn:1".into(),
                creation_date: Some("2026-01-01T00:00:00Z".into()),
                ..Default::default()
            },
            ApplicationResponse {
                id: "fedcba9876543210fedcba9876543210".into(),
                name: "staging".into(),
                arn: "arn:2".into(),
                ..Default::default()
            },
        ],
        next_token: None,
    };
    assert!(done(&mut app, id, Ok(Reply::Apps(apps))).is_empty());
    let picker = picker_of(&app);
    assert_eq!(picker.kind, PickerKind::Apps);
    assert_eq!(picker.rows[0].columns[3], "current");
    assert_eq!(picker.rows[1].columns[3], "");
    type_text(&mut app, "staging");
    assert_eq!(
        press(&mut app, "enter"),
        [Effect::Connect {
            target: "sandbox".into(),
            app: Some("fedcba9876543210fedcba9876543210".into())
        }]
    );
    assert!(matches!(app.link, Link::Connecting { .. }));
    assert_eq!(app.form.info, qa_ios(), "switching keeps the form");
}

#[test]
fn a_new_form_asks_first_when_there_are_unsaved_changes() {
    let mut app = loaded();
    assert!(press(&mut app, "ctrl+n").is_empty());
    assert_eq!(app.form.info, UserInfo::default());
    assert_eq!(
        (app.profile.as_deref(), app.origin.as_deref()),
        (None, None)
    );
    assert_eq!(app.status.text, "new empty form");

    let mut app = loaded();
    type_text(&mut app, "x");
    assert!(press(&mut app, "ctrl+n").is_empty());
    assert!(matches!(confirm_of(&app).2, Pending::Replace(r) if r.form == UserInfo::default()));
    press(&mut app, "esc");
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-ios-0001x"));
    press(&mut app, "ctrl+n");
    press(&mut app, "y");
    assert_eq!(app.form.info, UserInfo::default());
    assert!(!app.dirty());
}

// ----- preview, copy, paste -----

#[test]
fn the_preview_cycles_pinpoint_amplify_cli_segments_inapp_and_landed() {
    let mut app = loaded();
    let cycle = |app: &mut App| {
        press(app, "ctrl+p");
        app.preview
    };
    assert_eq!(app.preview, PreviewMode::Format(PreviewFormat::Pinpoint));
    assert!(app.preview_text().contains(r#""ChannelType": "APNS""#));
    assert_eq!(cycle(&mut app), PreviewMode::Format(PreviewFormat::Amplify));
    assert!(app.preview_text().contains(r#""appVersion": "4.2.0""#));
    assert_eq!(cycle(&mut app), PreviewMode::Format(PreviewFormat::Cli));
    assert!(app.preview_text().starts_with(&format!(
        "aws --endpoint-url http://127.0.0.1:4575 pinpoint update-endpoint --application-id {APP_ID} --endpoint-id qa-ios-0001 --endpoint-request '{{"
    )));
    let (id, call) = the_call(&press(&mut app, "ctrl+p"));
    assert_eq!(
        (app.preview, call),
        (PreviewMode::Segments, Call::GetSegments)
    );
    done(&mut app, id, Ok(Reply::Segments(Default::default())));
    let (id, call) = the_call(&press(&mut app, "ctrl+p"));
    assert_eq!((app.preview, call), (PreviewMode::InApp, Call::LoadInApp));
    done(&mut app, id, Ok(Reply::InApp(Box::default())));
    assert_eq!(
        cycle(&mut app),
        PreviewMode::Format(PreviewFormat::Pinpoint),
        "no landed view before a submit"
    );

    let landed = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "a");
    let fx = submitted(&mut app, Ok(None), landed);
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::Call {
                call: Call::LoadInApp,
                ..
            }]
        ),
        "after a write the campaigns are loaded again, in the background: {fx:?}"
    );
    assert_eq!(app.preview, PreviewMode::Landed);
    assert_eq!(
        cycle(&mut app),
        PreviewMode::Format(PreviewFormat::Pinpoint)
    );
    assert_eq!(cycle(&mut app), PreviewMode::Format(PreviewFormat::Amplify));
    assert_eq!(cycle(&mut app), PreviewMode::Format(PreviewFormat::Cli));
    assert_eq!(
        cycle(&mut app),
        PreviewMode::Segments,
        "already fetched: no new call"
    );
    assert_eq!(cycle(&mut app), PreviewMode::InApp);
    assert_eq!(cycle(&mut app), PreviewMode::Landed);
    press(&mut app, "f7");
    assert_eq!(app.preview, PreviewMode::Format(PreviewFormat::Pinpoint));
}

#[test]
fn copy_sends_the_preview_to_the_clipboard_and_says_so() {
    let mut app = loaded();
    press(&mut app, "ctrl+p");
    assert_eq!(
        press(&mut app, "ctrl+y"),
        [Effect::Copy(app.preview_text())]
    );
    assert!(update(&mut app, Msg::Copied(Ok(()))).is_empty());
    assert_eq!(app.status.tone, Tone::Success);
    assert_eq!(
        app.status.text,
        "copied the amplify preview to the clipboard (OSC 52)"
    );
    update(&mut app, Msg::Copied(Err("stdout is closed".into())));
    assert_eq!(app.status.tone, Tone::Error);
    assert_eq!(app.status.text, "not copied: stdout is closed");
    assert_eq!(press(&mut app, "f12"), [Effect::Copy(app.preview_text())]);
}

#[test]
fn pasting_a_json_endpoint_outside_a_text_field_loads_it() {
    let mut app = console();
    press(&mut app, "shift+tab");
    assert!(update(&mut app, Msg::Paste(QA_IOS.into())).is_empty());
    assert_eq!(app.form.info, qa_ios());
    assert_eq!(
        app.origin.as_deref(),
        Some("pasted Pinpoint EndpointBatchItem")
    );
    assert!(!app.dirty());
    assert_eq!(app.status.text, "loaded pasted Pinpoint EndpointBatchItem");

    // Unsaved changes: asks first.
    press(&mut app, "enter");
    type_text(&mut app, "x");
    press(&mut app, "tab");
    let amplify = r#"{"address": "a@example.com", "optOut": "NONE"}"#;
    assert!(update(&mut app, Msg::Paste(amplify.into())).is_empty());
    assert!(matches!(
        confirm_of(&app).2,
        Pending::Replace(r) if r.origin == "pasted Amplify userInfo"
    ));
    press(&mut app, "y");
    assert_eq!(app.form.info.address.as_deref(), Some("a@example.com"));
    assert_eq!(app.form.info.endpoint_id, None);

    // GetEndpoint output, bare (the SDK's EndpointResponse) or as the AWS CLI prints it.
    let response = r#"{"Id": "qa-get-1", "ApplicationId": "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c",
        "Address": "+14155550100", "ChannelType": "SMS", "CohortId": "42",
        "CreationDate": "2026-11-01T10:00:00.000Z", "EffectiveDate": "2026-11-02T10:00:00.000Z",
        "EndpointStatus": "ACTIVE", "OptOut": "NONE", "RequestId": "r-1",
        "Metrics": {"logins": 3.0}, "User": {"UserId": "qa-user-get"}}"#;
    for (text, shape) in [
        (response.to_string(), "Pinpoint EndpointResponse"),
        (
            format!(r#"{{"EndpointResponse": {response}}}"#),
            "AWS CLI get-endpoint output",
        ),
    ] {
        assert!(update(&mut app, Msg::Paste(text)).is_empty());
        assert_eq!(
            app.origin.as_deref(),
            Some(format!("pasted {shape}").as_str())
        );
        assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-get-1"));
        assert_eq!(app.form.info.user_id.as_deref(), Some("qa-user-get"));
        assert_eq!(app.form.info.channel_type.as_deref(), Some("SMS"));
        assert_eq!(app.form.info.metrics["logins"], 3.0);
    }

    // Not an endpoint: said, nothing changes.
    let before = app.form.info.clone();
    update(&mut app, Msg::Paste("hello world".into()));
    assert_eq!(app.status.tone, Tone::Error);
    assert!(
        app.status
            .text
            .starts_with("the pasted text is not an endpoint: 1:1: "),
        "{}",
        app.status.text
    );
    assert_eq!(app.form.info, before);
    assert!(app.dialog.is_none());
}

#[test]
fn pasting_into_a_text_field_inserts_the_text() {
    let mut app = console();
    type_text(&mut app, "qa-");
    assert!(update(&mut app, Msg::Paste("ios\n-0001\n".into())).is_empty());
    assert_eq!(
        app.form.info.endpoint_id.as_deref(),
        Some("qa-ios -0001"),
        "one line: line breaks become spaces"
    );
    // JSON that is not an endpoint pasted into a field is text too (an endpoint asks
    // first: see below).
    press(&mut app, "down");
    update(&mut app, Msg::Paste(r#"{"note":"x"}"#.into()));
    assert_eq!(app.form.info.user_id.as_deref(), Some(r#"{"note":"x"}"#));
    assert!(app.dialog.is_none());
    assert!(
        app.status.text.contains("pasted as text") && app.status.text.contains("`note`"),
        "{}",
        app.status.text
    );

    // Into a prompt and a picker filter: the first line.
    press(&mut app, "ctrl+l");
    clear_editor_prompt(&mut app);
    update(&mut app, Msg::Paste("qa-user-9\nsecond".into()));
    assert_eq!(prompt_of(&app).1, "qa-user-9");
    press(&mut app, "esc");
    open_profiles(&mut app);
    update(&mut app, Msg::Paste("sms".into()));
    assert_eq!(visible_keys(&app), ["sms-user"]);
}

// ----- read-only targets, key overrides, key kinds, mouse -----

#[test]
fn read_only_targets_refuse_submit_and_delete() {
    let mut app = console_with(Config::default(), Keymap::default(), true);
    assert!(
        app.status
            .text
            .contains("read-only: submit and delete are unavailable")
    );
    load_profile(&mut app);
    for key in ["f5", "alt+enter", "ctrl+x", "f8"] {
        assert!(press(&mut app, key).is_empty(), "{key}");
        assert!(app.busy.is_none() && app.dialog.is_none(), "{key}");
        assert_eq!(app.status.tone, Tone::Warning, "{key}");
        assert!(
            app.status
                .text
                .starts_with("target `sandbox` is read-only: "),
            "{key}: {}",
            app.status.text
        );
    }
    assert!(
        app.status
            .text
            .ends_with("delete the endpoint is unavailable")
    );

    // Reading still works; deleting a user's endpoints from the list does not.
    press(&mut app, "ctrl+l");
    let (id, _) = the_call(&press(&mut app, "enter"));
    let endpoints = EndpointsResponse {
        item: vec![endpoint("qa-ios-0001", "qa-user-0001", "APNS", "t")],
    };
    done(&mut app, id, Ok(Reply::User(endpoints)));
    assert!(press(&mut app, "del").is_empty());
    assert!(matches!(app.dialog, Some(Dialog::Picker(_))));
    assert_eq!(
        app.status.text,
        "the target is read-only: deleting is unavailable"
    );
}

#[test]
fn key_overrides_change_which_key_submits() {
    let mut app = console_with_keys(&[("submit", "ctrl+e")]);
    load_profile(&mut app);
    assert!(press(&mut app, "f5").is_empty(), "f5 no longer submits");
    assert!(press(&mut app, "alt+enter").is_empty());
    assert!(app.busy.is_none());
    let (_, call) = the_call(&press(&mut app, "ctrl+e"));
    assert!(matches!(call, Call::Submit { .. }));
}

#[tokio::test]
async fn a_bad_key_override_is_reported_on_screen() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    std::fs::write(
        paths.config_file(),
        "[keys]\nsubmit = \"ctrl+e\"\nfetch = \"hyper+g\"\n",
    )
    .unwrap();
    // An unknown target: the connection fails at once, without reaching anything.
    let overrides = pinpoint_console::pinpoint::Overrides {
        target: Some("no-such-target".into()),
        ..Default::default()
    };
    let clipboard = pinpoint_console::tui::runner::Clipboard::Memory(Default::default());
    let (mut app, _runner, mut rx) = pinpoint_console::tui::prepare(&paths, &overrides, clipboard);
    assert_eq!(app.notices.len(), 1, "{:?}", app.notices);
    assert!(app.notices[0].contains("hyper"), "{:?}", app.notices);
    assert_eq!(app.status.tone, Tone::Warning);
    assert!(app.status.text.contains("[keys] fetch = \"hyper+g\""));
    assert_eq!(
        app.keymap.action(Key::parse("ctrl+e").unwrap()),
        Some(pinpoint_console::tui::keymap::Action::Submit),
        "the good override is used"
    );
    let msg = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("the connection result")
        .unwrap();
    assert!(matches!(msg, Msg::Connected(Err(_))), "{msg:?}");
    update(&mut app, msg);
    assert_eq!(app.notices.len(), 1, "the notice stays (help lists it)");
    assert!(matches!(app.link, Link::Failed { .. }));
}

#[test]
fn only_key_presses_count() {
    for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
        let mut app = console();
        press(&mut app, "shift+tab");
        for (code, modifiers) in [
            (KeyCode::Char('q'), KeyModifiers::NONE),
            (KeyCode::Char('c'), KeyModifiers::CONTROL),
            (KeyCode::Down, KeyModifiers::NONE),
            (KeyCode::F(1), KeyModifiers::NONE),
        ] {
            let fx = update(
                &mut app,
                Msg::Key(KeyEvent::new_with_kind(code, modifiers, kind)),
            );
            assert!(fx.is_empty());
        }
        assert!(!app.should_quit, "{kind:?}");
        assert!(app.dialog.is_none(), "{kind:?}");
        assert_eq!(app.section, Section::Identity, "{kind:?}");
    }
    let mut app = console();
    let released = KeyEvent::new_with_kind(
        KeyCode::Char('a'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    update(&mut app, Msg::Key(released));
    assert_eq!(app.form.info.endpoint_id, None, "a release types nothing");
}

#[test]
fn mouse_clicks_select_a_section_and_a_field() {
    // Wide: the section list is a column.
    let mut app = loaded();
    let areas = layout(120, 40);
    click(&mut app, areas.sections.x + 3, areas.sections.y + 4);
    assert_eq!(
        (app.section, app.focus),
        (Section::Location, Focus::Sections)
    );
    assert!(app.editor.is_none());
    // The fifth row of the Location form is Latitude.
    click(&mut app, areas.form.x + 5, areas.form.y + 5);
    assert_eq!(app.focus, Focus::Form);
    assert_eq!(app.current_field(), Some(Field::Latitude));
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::Latitude)));
    click(&mut app, areas.preview.x + 5, areas.preview.y + 5);
    assert_eq!(app.focus, Focus::Preview);

    // A list section: a click on a name, then on a value.
    click(&mut app, areas.sections.x + 3, areas.sections.y + 2);
    assert_eq!(app.section, Section::Attributes);
    click(&mut app, areas.form.x + 3, areas.form.y + 2);
    assert_eq!(app.focus, Focus::Form);
    assert_eq!((app.cursor().row, app.cursor().column), (1, Column::Names));
    click(&mut app, areas.form.x + 3, areas.form.y + 1);
    assert_eq!(app.cursor().row, 0);
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["running", "cooking"]
    );
    // The values column: a title line, then the values.
    let values_x = areas.form.x + areas.form.width - 5;
    click(&mut app, values_x, areas.form.y + 3);
    assert_eq!(app.cursor().column, Column::Values);
    assert_eq!(app.cursor().value_row, 1, "the second value, `cooking`");
    press(&mut app, "enter");
    assert_eq!(app.editor.as_ref().unwrap().text(), "cooking");
    press(&mut app, "esc");
    click(&mut app, values_x, areas.form.y + 20);
    assert_eq!(
        app.cursor().value_row,
        1,
        "a click below the values selects the last one"
    );

    // Narrow: the sections are a tab strip.
    let mut app = loaded();
    update(&mut app, Msg::Resize(80, 24));
    let areas = layout(80, 24);
    assert!(areas.tabs);
    let tab = areas.sections.width / 6;
    click(&mut app, areas.sections.x + tab * 4 + 1, areas.sections.y);
    assert_eq!(app.section, Section::Metrics);
    click(&mut app, areas.sections.x + tab * 2 + 1, areas.sections.y);
    assert_eq!(app.section, Section::Demographic);
    click(&mut app, areas.form.x + 3, areas.form.y + 8);
    assert_eq!(app.current_field(), Some(Field::Timezone));
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::Timezone)));
}

#[test]
fn bulk_from_the_picker_shows_progress_can_be_cancelled_and_sums_up() {
    use pinpoint_console::pinpoint::bulk::{Failure, Progress, Report};
    let mut app = loaded();
    open_profiles(&mut app);
    assert!(press(&mut app, "f6").is_empty());
    let (kind, text, _) = prompt_of(&app);
    assert_eq!(
        kind,
        &PromptKind::Bulk {
            profile: "qa-ios".into()
        }
    );
    assert_eq!(
        text, "100",
        "a count to start from; the ids default to the profile's"
    );
    // A count that is not a number keeps the prompt open with the reason.
    press(&mut app, "home");
    type_text(&mut app, "x");
    assert!(press(&mut app, "enter").is_empty());
    assert!(
        matches!(&app.dialog, Some(Dialog::Prompt { error: Some(e), .. }) if e.contains("how many"))
    );
    press(&mut app, "home");
    press(&mut app, "delete");
    let fx = press(&mut app, "enter");
    let [
        Effect::PlanBulk {
            id,
            profile,
            count,
            options,
        },
    ] = fx.as_slice()
    else {
        panic!("one plan effect: {fx:?}");
    };
    assert_eq!((profile.as_str(), *count), ("qa-ios", 100));
    assert_eq!((&options.endpoint_id, options.start), (&None, 1));
    let id = *id;
    let (_, msg) = planned(&fx, qa_ios());
    update(&mut app, msg);
    update(
        &mut app,
        Msg::BulkStored {
            id,
            result: Ok(Vec::new()),
        },
    );
    assert!(matches!(
        press(&mut app, "y").as_slice(),
        [Effect::Bulk { .. }]
    ));
    let progress = |finished| {
        Msg::BulkProgress(Progress {
            finished,
            failed: 0,
            total: 100,
        })
    };
    update(&mut app, progress(40));
    assert!(matches!(&app.dialog, Some(Dialog::Bulk(run)) if run.progress.finished == 40));
    // Esc cancels (once); the dialog stays until the run reports its end.
    assert_eq!(press(&mut app, "esc"), [Effect::CancelBulk]);
    assert!(press(&mut app, "esc").is_empty());
    assert!(matches!(&app.dialog, Some(Dialog::Bulk(run)) if run.cancelling));
    let report = Report {
        done: 40,
        missing: 0,
        failures: vec![Failure {
            first: "qa-ios-41".into(),
            last: "qa-ios-50".into(),
            count: 10,
            reason: "BadRequestException: x".into(),
        }],
        requests: 2,
        elapsed: Duration::from_millis(500),
        cancelled: true,
    };
    update(&mut app, Msg::BulkDone(report));
    assert_eq!(
        app.status.text,
        "bulk: 40 endpoints written, 10 failed, in 0.50 s (80 endpoints/s), cancelled"
    );
    assert!(press(&mut app, "enter").is_empty());
    assert!(app.dialog.is_none(), "enter closes the summary");
    // The prompt takes the bulk command's options too, quoted as in a shell; a wrong one
    // keeps the prompt open with one line that says what is wrong.
    open_profiles(&mut app);
    press(&mut app, "f6");
    clear_editor_prompt(&mut app);
    type_text(
        &mut app,
        "20 'qa {n}' --address qa+{n}@example.com --start 5 --vary demographic.platform=iOS,Android",
    );
    let fx = press(&mut app, "enter");
    let [Effect::PlanBulk { count, options, .. }] = fx.as_slice() else {
        panic!("one plan effect: {fx:?}");
    };
    assert_eq!(*count, 20);
    assert_eq!(options.endpoint_id.as_deref(), Some("qa {n}"));
    assert_eq!(options.address.as_deref(), Some("qa+{n}@example.com"));
    assert_eq!(options.start, 5);
    assert_eq!(options.vary, ["demographic.platform=iOS,Android"]);
    let (id, msg) = planned(&fx, qa_ios());
    update(&mut app, msg);
    update(
        &mut app,
        Msg::BulkStored {
            id,
            result: Ok(Vec::new()),
        },
    );
    press(&mut app, "y");
    update(
        &mut app,
        Msg::BulkDone(Report {
            done: 20,
            missing: 0,
            failures: Vec::new(),
            requests: 1,
            elapsed: Duration::from_millis(20),
            cancelled: false,
        }),
    );
    press(&mut app, "enter");
    open_profiles(&mut app);
    press(&mut app, "f6");
    clear_editor_prompt(&mut app);
    type_text(&mut app, "20 --adress x");
    assert!(press(&mut app, "enter").is_empty());
    let (_, _, error) = prompt_of(&app);
    let error = error.expect("the prompt says what is wrong");
    assert!(
        error.contains("--adress") && !error.contains('\n'),
        "{error}"
    );
    // Read-only targets refuse to start.
    let mut app = console_with(Config::default(), Keymap::default(), true);
    open_profiles(&mut app);
    press(&mut app, "f6");
    press(&mut app, "enter");
    assert!(
        matches!(&app.dialog, Some(Dialog::Prompt { error: Some(e), .. }) if e.contains("read-only"))
    );
}

#[test]
fn a_click_in_a_scrolled_list_picks_the_row_under_the_mouse() {
    let mut app = loaded();
    app.form.info.attributes = (0..40)
        .map(|i| (format!("a{i:02}"), vec![format!("v{i}")]))
        .collect();
    app.form_changed();
    let areas = layout(120, 40);
    click(&mut app, areas.sections.x + 3, areas.sections.y + 2); // Attributes
    press(&mut app, "enter");
    for _ in 0..35 {
        press(&mut app, "down");
    }
    assert_eq!(app.cursor().row, 35);
    // The list shows a01..a35 now (35 rows); its first visible row is a01.
    click(&mut app, areas.form.x + 3, areas.form.y + 1);
    assert_eq!(
        app.cursor().row,
        1,
        "the row under the mouse, not the first name"
    );
    assert_eq!(app.cursor().column, Column::Names);
}

// ----- destructive confirmations: y only, never enter -----

/// Enter on a destructive question changes nothing: the question stays, no effect, and it
/// now says that y confirms; the key bar offers y, never enter.
fn enter_does_not_confirm(app: &mut App, what: &str) {
    let before = confirm_of(app).2.clone();
    assert!(before.destructive(), "{what} is destructive");
    let hints = |app: &App| -> Vec<String> {
        keybar::hints(app)
            .into_iter()
            .map(|(key, _, _)| key)
            .collect()
    };
    assert!(
        hints(app).contains(&"y".to_string()) && !hints(app).contains(&"enter".to_string()),
        "{what}: {:?}",
        hints(app)
    );
    let fx = press(app, "enter");
    assert!(fx.is_empty(), "{what}: enter asked for {fx:?}");
    assert!(!app.should_quit, "{what}: enter did not quit");
    assert_eq!(confirm_of(app).2, &before, "{what}: the question stays");
    assert!(
        matches!(
            app.dialog,
            Some(Dialog::Confirm(Question {
                refused_enter: true,
                ..
            }))
        ),
        "{what}: the dialog says that y confirms"
    );
}

#[test]
fn enter_does_not_delete_the_endpoint() {
    let mut app = loaded();
    press(&mut app, "ctrl+x");
    enter_does_not_confirm(&mut app, "delete endpoint");
    let (_, call) = the_call(&press(&mut app, "y"));
    assert_eq!(
        call,
        Call::DeleteEndpoint {
            endpoint_id: "qa-ios-0001".into()
        }
    );
}

/// The example loaded, and its user's one endpoint looked up (ctrl+l).
fn user_looked_up() -> App {
    let mut app = loaded();
    press(&mut app, "ctrl+l");
    let (id, _) = the_call(&press(&mut app, "enter"));
    let endpoints = EndpointsResponse {
        item: vec![endpoint("qa-ios-0001", "qa-user-0001", "APNS", "token-1")],
    };
    done(&mut app, id, Ok(Reply::User(endpoints)));
    app
}

#[test]
fn enter_does_not_delete_all_of_a_user() {
    let mut app = user_looked_up();
    press(&mut app, "ctrl+x");
    enter_does_not_confirm(&mut app, "delete all of a user");
    let (_, call) = the_call(&press(&mut app, "y"));
    assert_eq!(
        call,
        Call::DeleteUser {
            user_id: "qa-user-0001".into()
        }
    );
}

#[test]
fn enter_does_not_delete_one_endpoint_of_a_user() {
    let mut app = user_looked_up();
    press(&mut app, "del");
    enter_does_not_confirm(&mut app, "delete one endpoint of a user");
    let (_, call) = the_call(&press(&mut app, "y"));
    assert_eq!(
        call,
        Call::DeleteEndpoint {
            endpoint_id: "qa-ios-0001".into()
        }
    );
}

#[test]
fn enter_does_not_remove_a_profile() {
    let mut app = loaded();
    open_profiles(&mut app);
    press(&mut app, "del");
    enter_does_not_confirm(&mut app, "remove profile");
    assert_eq!(
        press(&mut app, "y"),
        [Effect::RemoveProfile {
            name: "qa-ios".into()
        }]
    );
}

#[test]
fn enter_does_not_overwrite_a_profile() {
    let mut app = loaded();
    type_text(&mut app, "x");
    let form = app.form.info.clone();
    update(
        &mut app,
        Msg::ProfileSaved {
            name: "qa-ios".into(),
            form,
            result: Err(StoreError::ProfileExists("qa-ios".into())),
        },
    );
    enter_does_not_confirm(&mut app, "overwrite profile");
    assert!(matches!(
        press(&mut app, "y").as_slice(),
        [Effect::SaveProfile {
            overwrite: true,
            ..
        }]
    ));
}

#[test]
fn enter_does_not_discard_unsaved_changes() {
    // A new form, a profile, a fetch, a fetched endpoint that arrived after edits, a quit:
    // each would discard the edits.
    let mut app = loaded();
    type_text(&mut app, "x");
    press(&mut app, "ctrl+n");
    enter_does_not_confirm(&mut app, "new form over unsaved changes");
    press(&mut app, "y");
    assert_eq!(app.form.info, UserInfo::default());

    let mut app = loaded();
    type_text(&mut app, "x");
    open_profiles(&mut app);
    press(&mut app, "down");
    press(&mut app, "enter");
    enter_does_not_confirm(&mut app, "load a profile over unsaved changes");
    assert_eq!(
        press(&mut app, "y"),
        [Effect::LoadProfile {
            name: "sms-user".into()
        }]
    );

    let mut app = loaded();
    type_text(&mut app, "x");
    press(&mut app, "ctrl+g");
    press(&mut app, "enter");
    enter_does_not_confirm(&mut app, "fetch over unsaved changes");
    assert!(matches!(
        the_call(&press(&mut app, "y")).1,
        Call::Fetch { .. }
    ));

    let mut app = loaded();
    press(&mut app, "ctrl+g");
    let (id, _) = the_call(&press(&mut app, "enter"));
    type_text(&mut app, "x");
    let fetched = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "a");
    done(&mut app, id, Ok(Reply::Fetched(fetched.clone())));
    enter_does_not_confirm(&mut app, "a fetched endpoint over new edits");
    press(&mut app, "y");
    assert_eq!(app.form.info, UserInfo::from_endpoint_response(&fetched));

    let mut app = loaded();
    type_text(&mut app, "x");
    press(&mut app, "ctrl+c");
    enter_does_not_confirm(&mut app, "quit with unsaved changes");
    press(&mut app, "y");
    assert!(app.should_quit);
}

#[test]
fn enter_still_answers_a_question_that_loses_nothing() {
    use pinpoint_console::store::drafts::Draft;
    let mut app = console();
    let draft = Draft {
        form: qa_ios(),
        profile: None,
    };
    app.dialog = Some(Dialog::confirm(
        "Restore unsaved form",
        vec!["Restore it?".into()],
        "restore",
        Pending::RestoreDraft(draft),
    ));
    let keys: Vec<String> = keybar::hints(&app).into_iter().map(|h| h.0).collect();
    assert!(keys.contains(&"enter".to_string()), "{keys:?}");
    assert!(press(&mut app, "enter").is_empty());
    assert!(app.dialog.is_none());
    assert_eq!(app.form.info, qa_ios(), "restored");
}

// ----- bulk: the plan first, then y -----

/// The plan the runner would make for the effect, as `Msg::BulkPlanned`.
fn planned(fx: &[Effect], base: UserInfo) -> (u64, Msg) {
    let [
        Effect::PlanBulk {
            id, count, options, ..
        },
    ] = fx
    else {
        panic!("one PlanBulk effect: {fx:?}");
    };
    let plan = options.plan(base, *count).unwrap();
    let review = plan.review(20);
    (
        *id,
        Msg::BulkPlanned {
            id: *id,
            result: Ok((plan, review)),
        },
    )
}

fn plan_dialog(app: &App) -> (Vec<String>, Option<String>) {
    match &app.dialog {
        Some(Dialog::Confirm(Question {
            lines,
            hold,
            pending: Pending::Bulk(_),
            ..
        })) => (lines.clone(), hold.clone()),
        _ => panic!("no bulk plan open"),
    }
}

/// Opens the profile picker, F6, and accepts the prompt with `text`.
fn bulk_prompt(app: &mut App, text: &str) -> Vec<Effect> {
    open_profiles(app);
    press(app, "f6");
    clear_editor_prompt(app);
    type_text(app, text);
    press(app, "enter")
}

#[test]
fn bulk_shows_the_plan_and_writes_nothing_before_y() {
    let mut app = loaded();
    let fx = bulk_prompt(&mut app, "50");
    // The plan is being made: nothing is written, and y waits.
    let (id, planned_msg) = planned(&fx, qa_ios());
    let (lines, hold) = plan_dialog(&app);
    assert!(
        lines[0].starts_with("Reading profile `qa-ios`"),
        "{lines:?}"
    );
    assert!(hold.is_some());
    for key in ["y", "enter"] {
        assert!(press(&mut app, key).is_empty(), "{key} while planning");
    }
    // The plan: count, ids, target; every warning; the stored endpoints are looked up.
    let fx = update(&mut app, planned_msg);
    let [
        Effect::FindDisplaced {
            id: find_id,
            endpoint_id,
            user_id,
            plan,
        },
    ] = fx.as_slice()
    else {
        panic!("one lookup: {fx:?}");
    };
    assert_eq!(*find_id, id);
    assert_eq!(
        (endpoint_id.as_deref(), user_id.as_deref()),
        (Some("qa-ios-0001"), Some("qa-user-0001")),
        "the profile's own endpoint and its user's endpoints"
    );
    assert_eq!(plan.count, 50);
    let (lines, hold) = plan_dialog(&app);
    let text = lines.join("\n");
    for expected in [
        &format!("Write 50 endpoints to application {APP_ID} on target `sandbox`"),
        "endpoint ids  qa-ios-0001-1 .. qa-ios-0001-50",
        "user ids      qa-user-0001-1 .. qa-user-0001-50",
        "(one for all)",
        "warning: all 50 endpoints get the same address; each update makes the others INACTIVE, so only one of them stays ACTIVE",
        "Checking endpoint `qa-ios-0001` and the endpoints of user `qa-user-0001` for endpoints this run would make INACTIVE",
        "Pinpoint cannot search by address",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(hold.is_some(), "y waits for the lookup");
    for key in ["y", "enter"] {
        assert!(press(&mut app, key).is_empty(), "{key} while checking");
    }
    // A stored endpoint with the same address is listed; y is now allowed.
    let address = qa_ios().address.unwrap();
    let stored = endpoint("qa-ios-0001", "qa-user-0001", "APNS", &address);
    assert!(
        update(
            &mut app,
            Msg::BulkStored {
                id,
                result: Ok(vec![stored]),
            },
        )
        .is_empty()
    );
    let (lines, hold) = plan_dialog(&app);
    assert_eq!(hold, None);
    let text = lines.join("\n");
    assert!(
        text.contains("would become INACTIVE")
            && lines.contains(&"  qa-ios-0001  APNS  user qa-user-0001".to_string()),
        "{text}"
    );
    assert!(
        text.contains("Looked at: endpoint `qa-ios-0001` and the endpoints of user `qa-user-0001`. Pinpoint cannot search by address"),
        "{text}"
    );
    // Enter does not write; esc goes back to the prompt with what was typed.
    enter_does_not_confirm(&mut app, "bulk");
    assert!(press(&mut app, "esc").is_empty());
    let (kind, typed, _) = prompt_of(&app);
    assert_eq!(
        (kind, typed.as_str()),
        (
            &PromptKind::Bulk {
                profile: "qa-ios".into()
            },
            "50"
        )
    );
    // An answer for the plan closed since is dropped.
    let (_, second) = planned(&press(&mut app, "enter"), qa_ios());
    assert!(
        update(
            &mut app,
            Msg::BulkStored {
                id,
                result: Ok(Vec::new())
            }
        )
        .is_empty()
    );
    assert!(plan_dialog(&app).1.is_some(), "the new plan still waits");
    update(&mut app, second);
    let (new_id, _) = match &app.dialog {
        Some(Dialog::Confirm(Question {
            pending: Pending::Bulk(b),
            ..
        })) => (b.id, ()),
        _ => panic!("plan open"),
    };
    update(
        &mut app,
        Msg::BulkStored {
            id: new_id,
            result: Err("ConnectionError: cannot reach http://127.0.0.1:4575".into()),
        },
    );
    let (lines, hold) = plan_dialog(&app);
    assert_eq!(hold, None, "a failed lookup is shown and y is allowed");
    assert!(
        lines
            .join("\n")
            .contains("could not be checked: ConnectionError"),
        "{lines:?}"
    );
    // Only y writes: the plan that was shown.
    let fx = press(&mut app, "y");
    let [Effect::Bulk { plan }] = fx.as_slice() else {
        panic!("one bulk run: {fx:?}");
    };
    assert_eq!(plan.count, 50);
    assert!(matches!(&app.dialog, Some(Dialog::Bulk(run)) if run.progress.total == 50));
}

#[test]
fn a_bulk_plan_with_errors_lists_them_and_cannot_be_sent() {
    let mut app = loaded();
    let fx = bulk_prompt(&mut app, "3 --vary location.latitude=10,95");
    let (_, msg) = planned(&fx, qa_ios());
    assert!(update(&mut app, msg).is_empty(), "nothing is looked up");
    let (lines, hold) = plan_dialog(&app);
    let text = lines.join("\n");
    assert!(
        text.contains("item 1 (qa-ios-0001-2): location.latitude: error:"),
        "{text}"
    );
    assert_eq!(hold.as_deref(), Some("fix the errors first"));
    assert!(press(&mut app, "y").is_empty());

    // A profile that does not load.
    let mut app = loaded();
    let fx = bulk_prompt(&mut app, "3");
    let [Effect::PlanBulk { id, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    update(
        &mut app,
        Msg::BulkPlanned {
            id: *id,
            result: Err("qa-ios.toml:3:1: expected `=`".into()),
        },
    );
    let (lines, hold) = plan_dialog(&app);
    assert!(
        lines[0].contains("qa-ios.toml:3:1: expected `=`"),
        "{lines:?}"
    );
    assert!(hold.is_some());
    assert!(press(&mut app, "y").is_empty());
}

#[test]
fn a_bulk_plan_without_an_address_needs_no_lookup() {
    let mut app = loaded();
    let mut base = qa_ios();
    base.address = None;
    let fx = bulk_prompt(&mut app, "3 load-{n}");
    let (_, msg) = planned(&fx, base);
    assert!(update(&mut app, msg).is_empty());
    let (lines, hold) = plan_dialog(&app);
    assert_eq!(hold, None);
    assert!(
        lines.contains(&"No endpoint gets an address, so none becomes INACTIVE.".to_string()),
        "{lines:?}"
    );
    assert!(matches!(
        press(&mut app, "y").as_slice(),
        [Effect::Bulk { .. }]
    ));
}

// ----- every blocking problem in full -----

#[test]
fn a_blocked_submit_lists_every_error_with_its_field() {
    let mut app = loaded();
    go_to(&mut app, Section::Location, Some(Field::Latitude));
    clear_editor(&mut app);
    type_text(&mut app, "91");
    go_to(&mut app, Section::Location, Some(Field::Longitude));
    clear_editor(&mut app);
    type_text(&mut app, "-181");
    go_to(&mut app, Section::Identity, Some(Field::EndpointId));
    type_text(&mut app, "{bad}");
    assert!(press(&mut app, "f5").is_empty());
    let errors = form_errors(&app);
    assert_eq!(errors.len(), 3, "{errors:?}");
    let Some(Dialog::Message { title, lines, .. }) = &app.dialog else {
        panic!("the errors are listed");
    };
    assert_eq!(title, "Submit blocked by 3 errors");
    assert_eq!(lines, &errors, "every error with its field, none summed up");
    assert!(!app.status.text.contains("more"), "{}", app.status.text);
    for e in &errors {
        assert!(app.status.text.contains(e.as_str()), "{}", app.status.text);
    }
    // esc closes; the show-message key (in the key bar) opens the list again.
    press(&mut app, "esc");
    assert!(app.dialog.is_none());
    let label = app.keymap.label(Action::ShowMessage);
    assert!(
        keybar::hints(&app)
            .iter()
            .any(|(k, w, _)| *k == label && w == "every problem"),
        "{:?}",
        keybar::hints(&app)
    );
    press(&mut app, "ctrl+v");
    assert!(matches!(&app.dialog, Some(Dialog::Message { lines, .. }) if *lines == errors));
    press(&mut app, "ctrl+v");
    assert!(app.dialog.is_none(), "the same key closes it");
}

#[test]
fn a_long_error_on_the_status_line_can_be_read_whole() {
    let mut app = loaded();
    let (id, _) = the_call(&press(&mut app, "f5"));
    let message = format!(
        "Endpoint qa-ios-0001 cannot be written: {} the end",
        "the request names more attributes than the application allows, ".repeat(3)
    );
    let mut error = CallError::new("BadRequestException", message.clone());
    error.status = Some(400);
    error.request_id = Some("4f1c0d0e-aaaa-bbbb-cccc-0123456789ab".into());
    done(&mut app, id, Err(error));
    assert!(app.status.text.contains(&message));
    assert!(app.status.text.chars().count() > 120);
    // It does not fit the status line: the key bar offers it whole.
    update(&mut app, Msg::Resize(120, 40));
    assert!(
        keybar::hints(&app)
            .iter()
            .any(|(k, w, _)| *k == "ctrl+v" && w == "full message"),
        "{:?}",
        keybar::hints(&app)
    );
    press(&mut app, "ctrl+v");
    let Some(Dialog::Message { title, lines, .. }) = &app.dialog else {
        panic!("the message in full");
    };
    assert_eq!(
        (title.as_str(), lines),
        ("Error", &vec![app.status.text.clone()])
    );
    // A short message is not offered (but the key still shows it).
    press(&mut app, "esc");
    app.set_status(Tone::Success, "saved");
    assert!(
        !keybar::hints(&app)
            .iter()
            .any(|(_, w, _)| w == "full message"),
        "{:?}",
        keybar::hints(&app)
    );
}

#[test]
fn a_bulk_runs_failures_are_listed_in_full() {
    use pinpoint_console::pinpoint::bulk::{Failure, Report};
    let mut app = loaded();
    let fx = bulk_prompt(&mut app, "300 --address qa+{n}@example.com");
    let (id, msg) = planned(&fx, qa_ios());
    update(&mut app, msg);
    update(
        &mut app,
        Msg::BulkStored {
            id,
            result: Ok(Vec::new()),
        },
    );
    press(&mut app, "y");
    let failure = |n: u64| Failure {
        first: format!("qa-ios-0001-{n}"),
        last: format!("qa-ios-0001-{}", n + 99),
        count: 100,
        reason: format!(
            "BadRequestException: batch {n} was refused because {}",
            "x".repeat(90)
        ),
    };
    update(
        &mut app,
        Msg::BulkDone(Report {
            done: 0,
            missing: 0,
            failures: vec![failure(1), failure(101), failure(201)],
            requests: 3,
            elapsed: Duration::from_millis(300),
            cancelled: false,
        }),
    );
    press(&mut app, "ctrl+v");
    let Some(Dialog::Message { title, lines, .. }) = &app.dialog else {
        panic!("every failure");
    };
    assert_eq!(title, "Bulk: 300 endpoints failed");
    assert_eq!(lines.len(), 3);
    assert!(
        lines[2].starts_with(
            "qa-ios-0001-201 .. qa-ios-0001-300 (100): BadRequestException: batch 201"
        ) && lines[2].ends_with(&"x".repeat(90)),
        "{lines:?}"
    );
}

#[test]
fn typing_over_a_prompts_suggestion_replaces_it_and_an_arrow_keeps_it() {
    let mut app = loaded();
    open_profiles(&mut app);
    press(&mut app, "f6");
    assert_eq!(prompt_of(&app).1, "100", "the suggested count");
    type_text(&mut app, "50");
    assert_eq!(prompt_of(&app).1, "50", "not 10050");
    press(&mut app, "esc");

    // ctrl+g offers the form's endpoint id; an arrow key keeps it for editing.
    press(&mut app, "esc");
    press(&mut app, "ctrl+g");
    assert_eq!(prompt_of(&app).1, "qa-ios-0001");
    press(&mut app, "left");
    type_text(&mut app, "2");
    assert_eq!(prompt_of(&app).1, "qa-ios-00021");
}

#[test]
fn a_plan_answered_under_the_quit_question_is_shown_when_it_is_cancelled() {
    let mut app = loaded();
    type_text(&mut app, "x"); // unsaved changes: ctrl+c asks
    press(&mut app, "esc");
    let fx = bulk_prompt(&mut app, "50");
    let (id, planned_msg) = planned(&fx, qa_ios());
    press(&mut app, "ctrl+c");
    assert!(matches!(
        &app.dialog,
        Some(Dialog::Confirm(Question {
            pending: Pending::Quit,
            ..
        }))
    ));
    // The answers arrive while the quit question is up.
    update(&mut app, planned_msg);
    update(
        &mut app,
        Msg::BulkStored {
            id,
            result: Ok(Vec::new()),
        },
    );
    press(&mut app, "n");
    let (lines, hold) = plan_dialog(&app);
    assert!(lines[0].starts_with("Write 50 endpoints"), "{lines:?}");
    assert_eq!(hold, None, "y writes");
}

// ----- the In-app view, the event prompt and the pick -----

const APP_PREMIUM: &str = include_str!("../assets/profiles/app-premium.json");
const APP_BERLIN: &str = include_str!("../assets/profiles/app-berlin.json");

/// The example segments, campaigns and templates as a load brings them.
fn examples() -> Loaded {
    let (segments, library) = common::inapp::library();
    Loaded {
        segments,
        library,
        notes: Vec::new(),
    }
}

/// A console at the examples' time with an example profile loaded (clean).
fn example_console(profile: &str) -> App {
    let mut app = console();
    app.clock = Clock::Fixed(parse_instant(common::inapp::NOW).unwrap());
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "example".into(),
            result: Ok(parse_json(profile).unwrap().1),
        },
    );
    app
}

/// Cycles the preview to the In-app view and answers its load with `loaded`; the preview
/// pane gets the keyboard.
fn open_inapp(app: &mut App, loaded: Loaded) {
    focus_preview(app);
    while app.preview != PreviewMode::InApp {
        let fx = press(app, "ctrl+p");
        if let [Effect::Call { id, call }] = fx.as_slice() {
            let reply = match call {
                Call::GetSegments => Reply::Segments(Default::default()),
                Call::LoadInApp => Reply::InApp(Box::new(loaded.clone())),
                other => panic!("{other:?}"),
            };
            done(app, *id, Ok(reply));
        }
    }
    assert!(app.inapp.library.is_some());
}

fn focus_preview(app: &mut App) {
    while app.focus != Focus::Preview {
        press(app, "tab");
    }
}

/// Each campaign's answer, `name verdict`.
fn answers(app: &App) -> Vec<String> {
    app.inapp
        .deliveries
        .iter()
        .map(|d| format!("{} {:?}", d.name.as_deref().unwrap_or_default(), d.verdict))
        .collect()
}

fn selected_name(app: &App) -> String {
    app.inapp
        .current()
        .and_then(|d| d.name.clone())
        .unwrap_or_default()
}

fn select_campaign(app: &mut App, name: &str) {
    for _ in 0..app.inapp.deliveries.len() {
        press(app, "up");
    }
    while selected_name(app) != name {
        let before = app.inapp.selected;
        press(app, "down");
        assert_ne!(app.inapp.selected, before, "no campaign {name}");
    }
}

fn fire(app: &mut App, text: &str) -> Vec<Effect> {
    assert!(press(app, "ctrl+e").is_empty());
    assert_eq!(prompt_of(app).0, &PromptKind::Event);
    // The last event is offered, selected: typing replaces it.
    type_text(app, text);
    press(app, "enter")
}

#[test]
fn the_in_app_view_decides_for_the_form_as_it_is_edited() {
    let mut app = example_console(APP_PREMIUM);
    open_inapp(&mut app, examples());
    assert_eq!(
        app.status.text,
        "GetCampaigns 200 · 42 ms · request id req-0001 · 6 in-app campaigns, 1 in-app template"
    );
    assert_eq!(
        answers(&app),
        [
            "berlin-store NoMatch",
            "gloves-promo NoMatch",
            "loyalty-reward Match",
            "premium-welcome Match",
            "settings-tip Match",
            "spring-sale Match",
        ]
    );
    assert_eq!(app.inapp.entitled.len(), 4);
    // The segments came with the campaigns.
    assert_eq!(app.segments.as_ref().map(Vec::len), Some(5));
    // Edited: another country and another plan, decided again at once.
    go_to(&mut app, Section::Location, Some(Field::Country));
    clear_editor(&mut app);
    type_text(&mut app, "DE");
    assert_eq!(
        answers(&app)[1],
        "gloves-promo Match",
        "outside North America now"
    );
    go_to(&mut app, Section::Identity, Some(Field::ChannelType));
    press(&mut app, "left");
    assert_eq!(app.form.info.channel_type.as_deref(), Some("CUSTOM"));
    assert!(
        app.inapp
            .deliveries
            .iter()
            .all(|d| d.verdict == Verdict::NoMatch),
        "only IN_APP endpoints get in-app messages: {:?}",
        answers(&app)
    );
    assert!(app.inapp.entitled.is_empty());
    let text = app.preview_text();
    assert!(text.contains("ChannelType CUSTOM is IN_APP"), "{text}");
}

#[test]
fn the_view_says_why_nothing_is_loaded_and_reloads_on_its_key() {
    let mut app = example_console(APP_PREMIUM);
    focus_preview(&mut app);
    for _ in 0..3 {
        if let [Effect::Call { id, .. }] = press(&mut app, "ctrl+p").as_slice() {
            done(&mut app, *id, Ok(Reply::Segments(Default::default())));
        }
    }
    let (id, call) = the_call(&press(&mut app, "ctrl+p"));
    assert_eq!((app.preview, call), (PreviewMode::InApp, Call::LoadInApp));
    let mut error = CallError::new(
        "NotImplementedException",
        "GetCampaigns (GET /v1/apps/{application-id}/campaigns) is not implemented",
    );
    error.status = Some(501);
    error.about = Some(format!("GetCampaigns in application {APP_ID}"));
    done(&mut app, id, Err(error));
    assert_eq!(app.status.tone, Tone::Error);
    let why = app.inapp.error.clone().expect("the view keeps why");
    assert!(
        why.starts_with(&format!(
            "GetCampaigns in application {APP_ID} failed (501): NotImplementedException"
        )),
        "{why}"
    );
    // r (the reload key) with the pane focused asks again.
    let (id, call) = the_call(&press(&mut app, "r"));
    assert_eq!(call, Call::LoadInApp);
    done(&mut app, id, Ok(Reply::InApp(Box::new(examples()))));
    assert_eq!(app.inapp.error, None);
    assert_eq!(app.inapp.deliveries.len(), 6);
    // Typed into a field, r and m are text.
    go_to(&mut app, Section::Identity, Some(Field::UserId));
    clear_editor(&mut app);
    assert!(type_text(&mut app, "rm").is_empty());
    assert_eq!(app.form.info.user_id.as_deref(), Some("rm"));
    // Another target or application: loaded again from there.
    update(&mut app, Msg::Connected(Ok(connection(false))));
    assert_eq!(app.inapp.library, None);
    assert!(app.inapp.deliveries.is_empty());
}

#[test]
fn campaigns_are_chosen_their_reasons_or_message_shown_and_pages_turned() {
    let mut app = example_console(APP_PREMIUM);
    open_inapp(&mut app, examples());
    assert_eq!(selected_name(&app), "berlin-store");
    assert_eq!(app.inapp.detail, Detail::Reasons);
    press(&mut app, "down");
    assert_eq!(selected_name(&app), "gloves-promo");
    let text = app.preview_text();
    assert!(
        text.contains("Location.Country US not in [US, CA, MX]"),
        "the copy key copies every answer with its reasons: {text}"
    );
    // m: the message drawn; ← → turn a carousel's pages, within them.
    select_campaign(&mut app, "premium-welcome");
    assert!(press(&mut app, "m").is_empty());
    assert_eq!(app.inapp.detail, Detail::Message);
    for (key, page) in [("right", 1), ("right", 2), ("right", 2), ("left", 1)] {
        press(&mut app, key);
        assert_eq!(app.inapp.page, page, "after {key}");
    }
    press(&mut app, "down");
    assert_eq!(
        (selected_name(&app), app.inapp.page),
        ("settings-tip".to_string(), 0),
        "another campaign starts at its first page"
    );
    press(&mut app, "right");
    assert_eq!(app.inapp.page, 0, "one page only");
    press(&mut app, "m");
    assert_eq!(app.inapp.detail, Detail::Reasons);

    // enter opens it: drawn, m for its JSON, pages, esc closes.
    select_campaign(&mut app, "premium-welcome");
    assert!(press(&mut app, "enter").is_empty());
    let Some(Dialog::Opened(opened)) = &app.dialog else {
        panic!("not opened");
    };
    assert_eq!(
        opened.title,
        "campaign premium-welcome (c0000000000000000000000000000004)"
    );
    assert_eq!(
        opened.message.as_ref().unwrap().layout.as_deref(),
        Some("CAROUSEL")
    );
    press(&mut app, "right");
    press(&mut app, "m");
    let Some(Dialog::Opened(opened)) = &app.dialog else {
        panic!("closed");
    };
    assert_eq!((opened.page, opened.show_json), (1, true));
    assert!(opened.json.contains("\"Name\": \"premium-welcome\""));
    press(&mut app, "esc");
    assert!(app.dialog.is_none());
    assert_eq!(app.focus, Focus::Preview);
}

#[test]
fn an_event_shows_the_message_the_app_would_display_and_why() {
    let mut app = example_console(APP_BERLIN);
    open_inapp(&mut app, examples());
    // What the prompt refuses stays in it, with why.
    assert!(fire(&mut app, "item=gloves").is_empty());
    let (_, text, error) = prompt_of(&app);
    assert_eq!(text, "item=gloves");
    assert!(error.unwrap().contains("name comes first"), "{error:?}");
    press(&mut app, "esc");

    assert!(fire(&mut app, "purchase item=gloves price:=12.5").is_empty());
    assert!(app.dialog.is_none());
    let pick = app.inapp.pick.clone().expect("a pick");
    let gloves = common::inapp::id_of(app.inapp.library.as_ref().unwrap(), "gloves-promo");
    assert_eq!(pick.shown.as_deref(), Some(gloves.as_str()));
    assert_eq!(
        app.status.text,
        "event purchase item=gloves price:=12.5: gloves-promo is the only qualifying message"
    );
    assert_eq!(app.status.tone, Tone::Success);
    assert_eq!(selected_name(&app), "gloves-promo");
    assert_eq!(
        app.inapp.detail,
        Detail::Message,
        "the shown message is drawn"
    );
    // Why the others would not: berlin-store is on the device but not for this event; the
    // others are not on it.
    let berlin = common::inapp::id_of(app.inapp.library.as_ref().unwrap(), "berlin-store");
    let candidate = app.inapp.candidate(&berlin).expect("on the device");
    assert_eq!(candidate.criteria.verdict, Verdict::NoMatch);
    assert!(
        candidate.criteria.children[0]
            .text
            .contains("event `purchase` in [store_visit]"),
        "{:?}",
        candidate.criteria
    );
    let spring = common::inapp::id_of(app.inapp.library.as_ref().unwrap(), "spring-sale");
    assert!(app.inapp.candidate(&spring).is_none());

    // The metric under the filter's: nothing is shown.
    fire(&mut app, "purchase item=gloves price:=5");
    let pick = app.inapp.pick.clone().unwrap();
    assert_eq!(pick.shown, None);
    assert_eq!(app.status.tone, Tone::Warning);
    assert!(
        app.status
            .text
            .ends_with("no cached message qualifies for `purchase`: nothing is shown"),
        "{}",
        app.status.text
    );
    assert_eq!(app.inapp.detail, Detail::Reasons);
    // The prompt offers the last event back.
    press(&mut app, "ctrl+e");
    assert_eq!(prompt_of(&app).1, "purchase item=gloves price:=5");
    press(&mut app, "esc");
}

#[test]
fn the_pick_follows_priority_and_is_decided_again_on_every_edit() {
    let mut app = example_console(APP_PREMIUM);
    open_inapp(&mut app, examples());
    fire(&mut app, "_session.start");
    let library = app.inapp.library.clone().unwrap();
    let welcome = common::inapp::id_of(&library, "premium-welcome");
    let spring = common::inapp::id_of(&library, "spring-sale");
    let pick = app.inapp.pick.clone().unwrap();
    assert_eq!(pick.shown.as_deref(), Some(welcome.as_str()));
    assert!(
        app.status
            .text
            .contains("premium-welcome has the highest priority (1)"),
        "{}",
        app.status.text
    );
    let outranked = app.inapp.candidate(&spring).unwrap();
    assert_eq!(
        (outranked.criteria.verdict, outranked.kept),
        (Verdict::Match, false),
        "spring-sale qualifies, and loses to priority 1"
    );
    // On Android the carousel's segment (premium iOS users) no longer holds the form: the
    // spring sale is shown instead.
    go_to(&mut app, Section::Demographic, Some(Field::Platform));
    clear_editor(&mut app);
    type_text(&mut app, "Android");
    let pick = app.inapp.pick.clone().unwrap();
    assert_eq!(pick.shown.as_deref(), Some(spring.as_str()));
    assert!(app.inapp.candidate(&welcome).is_none());
}

#[test]
fn an_event_fired_before_the_campaigns_are_loaded_is_shown_once_they_arrive() {
    let mut app = example_console(APP_BERLIN);
    let fx = fire(&mut app, "store_visit store=mitte");
    let (id, call) = the_call(&fx);
    assert_eq!((call, app.preview), (Call::LoadInApp, PreviewMode::InApp));
    assert_eq!(app.inapp.pick, None);
    done(&mut app, id, Ok(Reply::InApp(Box::new(examples()))));
    assert_eq!(selected_name(&app), "berlin-store");
    assert_eq!(app.inapp.detail, Detail::Message);
    assert!(
        app.status
            .text
            .starts_with("event store_visit store=mitte: berlin-store is the only"),
        "{}",
        app.status.text
    );
}

#[test]
fn the_campaigns_picker_lists_campaigns_and_templates_and_opens_them() {
    let mut app = example_console(APP_PREMIUM);
    // Not loaded yet: the picker opens and the load starts; the rows come with it.
    let (id, call) = the_call(&press(&mut app, "ctrl+f"));
    assert_eq!(call, Call::LoadInApp);
    assert_eq!(picker_of(&app).kind, PickerKind::Campaigns);
    assert!(picker_of(&app).rows.is_empty());
    done(&mut app, id, Ok(Reply::InApp(Box::new(examples()))));
    let picker = picker_of(&app);
    assert_eq!(picker.rows.len(), 7);
    assert_eq!(
        picker.header,
        [
            "KIND",
            "NAME",
            "LAYOUT",
            "STATE",
            "SEGMENT / DESCRIPTION",
            "ID / VERSION"
        ]
    );
    let gloves = &picker.rows[1].columns;
    assert_eq!(
        gloves[1..5],
        [
            "gloves-promo",
            "MOBILE_FEED (gloves-modal)",
            "EXECUTING",
            "Outside North America (country exclusion) v1"
        ]
    );
    // Typed, the filter narrows (m and r are text here).
    type_text(&mut app, "modal");
    assert_eq!(
        visible_keys(&app),
        ["campaign:c0000000000000000000000000000002", "template:0"]
    );
    press(&mut app, "down");
    press(&mut app, "enter");
    let Some(Dialog::Opened(opened)) = &app.dialog else {
        panic!("not opened");
    };
    assert_eq!(opened.title, "template gloves-modal, version 1");
    assert!(opened.json.contains("\"TemplateType\": \"INAPP\""));
    assert_eq!(
        opened.message.as_ref().unwrap().layout.as_deref(),
        Some("MOBILE_FEED")
    );
    press(&mut app, "esc");
    // Loaded: the picker opens at once.
    assert!(press(&mut app, "alt+c").is_empty());
    assert_eq!(picker_of(&app).rows.len(), 7);
    press(&mut app, "enter");
    let Some(Dialog::Opened(opened)) = &app.dialog else {
        panic!("not opened");
    };
    assert!(opened.title.starts_with("campaign berlin-store ("));
}

#[test]
fn a_write_loads_the_campaigns_again_quietly() {
    let mut app = example_console(APP_PREMIUM);
    open_inapp(&mut app, examples());
    go_to(&mut app, Section::Identity, Some(Field::UserId));
    let landed = endpoint("app-premium-0001", "app-user-0001", "IN_APP", "a");
    let fx = without_counts(submitted(&mut app, Ok(None), landed));
    let (refresh, call) = the_call(&fx);
    assert_eq!(call, Call::LoadInApp);
    assert!(app.busy.is_none(), "the load does not hold other calls");
    let status = app.status.text.clone();
    // A campaign was removed meanwhile.
    let mut fewer = examples();
    fewer.library.campaigns.remove(0);
    done(&mut app, refresh, Ok(Reply::InApp(Box::new(fewer))));
    assert_eq!(app.inapp.deliveries.len(), 5);
    assert_eq!(app.status.text, status, "quietly");
    assert_eq!(app.inapp.refreshing, None);
    // A failed refresh is said; the lists stay.
    let landed = endpoint("app-premium-0001", "app-user-0001", "IN_APP", "a");
    let (refresh, _) = the_call(&without_counts(submitted(&mut app, Ok(None), landed)));
    done(
        &mut app,
        refresh,
        Err(CallError::new("ServiceUnavailable", "try later")),
    );
    assert_eq!(app.inapp.deliveries.len(), 5);
    assert_eq!(app.status.tone, Tone::Warning);
    assert!(
        app.status.text.contains("not refreshed"),
        "{}",
        app.status.text
    );
}

#[test]
fn the_in_app_keys_come_from_the_keymap_and_the_key_bar_shows_them() {
    let mut app =
        console_with_keys(&[("reload", "u"), ("switch_view", "v"), ("fire_event", "f11")]);
    app.clock = Clock::Fixed(parse_instant(common::inapp::NOW).unwrap());
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "example".into(),
            result: Ok(parse_json(APP_PREMIUM).unwrap().1),
        },
    );
    open_inapp(&mut app, examples());
    assert_eq!(the_call(&press(&mut app, "u")).1, Call::LoadInApp);
    let id = app.busy.as_ref().unwrap().id;
    done(&mut app, id, Ok(Reply::InApp(Box::new(examples()))));
    assert!(press(&mut app, "r").is_empty(), "r is no longer reload");
    press(&mut app, "v");
    assert_eq!(app.inapp.detail, Detail::Message);
    press(&mut app, "m");
    assert_eq!(
        app.inapp.detail,
        Detail::Message,
        "m is no longer the switch"
    );
    let hints: Vec<String> = keybar::hints(&app)
        .into_iter()
        .map(|(k, w, _)| format!("{k} {w}"))
        .collect();
    for want in [
        "v reasons",
        "F11 event",
        "enter open",
        "ctrl+f campaigns",
        "u reload",
    ] {
        assert!(hints.contains(&want.to_string()), "{want}: {hints:?}");
    }
    press(&mut app, "f11");
    assert_eq!(prompt_of(&app).0, &PromptKind::Event);
    let hints: Vec<String> = keybar::hints(&app)
        .into_iter()
        .map(|(k, w, _)| format!("{k} {w}"))
        .collect();
    assert_eq!(
        hints,
        [
            "enter fire",
            "esc cancel",
            "NAME K=V K:=N event, attributes, metrics"
        ]
    );
}

/// README's table of keys is the keymap's: every action in help's order, with its name
/// under `[keys]`, its default keys as help writes them and what it does; nothing else.
#[test]
fn readme_lists_every_action_with_its_default_keys() {
    let keymap = Keymap::default();
    let want: Vec<String> = Action::ALL
        .into_iter()
        .map(|a| {
            format!(
                "| `{}` | {} | {} |",
                a.name(),
                keymap.labels(a),
                a.describe()
            )
        })
        .collect();
    let readme = std::fs::read_to_string(common::repo_file("README.md")).unwrap();
    let header = "| action (`[keys]`) | default keys | does |";
    let table = readme_table(&readme, header);
    assert!(
        readme.contains(header),
        "README has the keys table; its rows should be:\n{}",
        want.join("\n")
    );
    assert_eq!(
        table,
        want,
        "README's keys table, as it should be:\n{}",
        want.join("\n")
    );
}

/// Going through the Segments view to the In-app view while the segments load: the
/// campaigns load when the segments are in, without a key. A failed load is not tried
/// again by itself.
#[test]
fn the_in_app_view_loads_once_the_segments_call_before_it_ends() {
    let mut app = example_console(APP_PREMIUM);
    focus_preview(&mut app);
    let mut fx = Vec::new();
    while app.preview != PreviewMode::Segments {
        fx = press(&mut app, "ctrl+p");
    }
    let (segments_call, call) = the_call(&fx);
    assert_eq!(call, Call::GetSegments);
    assert!(
        press(&mut app, "ctrl+p").is_empty(),
        "nothing starts while GetSegments runs"
    );
    assert_eq!(app.preview, PreviewMode::InApp);
    let fx = done(
        &mut app,
        segments_call,
        Ok(Reply::Segments(Default::default())),
    );
    let (load, call) = the_call(&fx);
    assert_eq!(call, Call::LoadInApp);
    let failure = CallError {
        about: None,
        code: "InternalServerError".into(),
        message: "try again".into(),
        request_id: None,
        status: Some(500),
    };
    assert!(
        done(&mut app, load, Err(failure)).is_empty(),
        "no retry loop"
    );
    assert!(app.inapp.error.is_some());
    // r tries again, by hand.
    let (load, call) = the_call(&press(&mut app, "r"));
    assert_eq!(call, Call::LoadInApp);
    assert!(
        without_counts(done(&mut app, load, Ok(Reply::InApp(Box::new(examples()))))).is_empty()
    );
    assert_eq!(app.inapp.deliveries.len(), 6);
}

// ----- keys that do what people expect (issue 13) -----

#[test]
fn letters_on_a_choice_field_jump_to_its_values() {
    let mut app = console();
    go_to(&mut app, Section::Identity, Some(Field::ChannelType));
    let channel = |app: &App| app.form.info.channel_type.clone().unwrap_or_default();
    // One letter: the first value it starts.
    press(&mut app, "e");
    assert_eq!(channel(&app), "EMAIL");
    // Letters one after another refine: APNS, then APNS_, APNS_V...
    press(&mut app, "down");
    press(&mut app, "up");
    for (letter, want) in [
        ("a", "APNS"),
        ("p", "APNS"),
        ("n", "APNS"),
        ("s", "APNS"),
        ("_", "APNS_SANDBOX"),
        ("v", "APNS_VOIP"),
        ("o", "APNS_VOIP"),
    ] {
        press(&mut app, letter);
        assert_eq!(channel(&app), want, "after {letter}");
    }
    // Another key starts afresh; the same letter again goes on to the next value with it.
    press(&mut app, "left");
    press(&mut app, "right");
    let mut seen = Vec::new();
    for _ in 0..6 {
        press(&mut app, "a");
        seen.push(channel(&app));
    }
    assert_eq!(
        seen,
        [
            "APNS_VOIP_SANDBOX",
            "ADM",
            "APNS",
            "APNS_SANDBOX",
            "APNS_VOIP",
            "APNS_VOIP_SANDBOX"
        ]
    );
    // Upper case works as lower case; a letter that starts nothing says so.
    press(&mut app, "S");
    assert_eq!(channel(&app), "SMS");
    press(&mut app, "down");
    press(&mut app, "up");
    press(&mut app, "z");
    assert_eq!(channel(&app), "SMS");
    assert!(app.status.text.contains("no channel type starts with `z`"));
    // Opt-out and status too.
    press(&mut app, "down");
    press(&mut app, "down");
    press(&mut app, "a");
    assert_eq!(app.form.info.opt_out.as_deref(), Some("ALL"));
    press(&mut app, "n");
    assert_eq!(app.form.info.opt_out.as_deref(), Some("NONE"));
    press(&mut app, "down");
    press(&mut app, "i");
    assert_eq!(app.form.info.endpoint_status.as_deref(), Some("INACTIVE"));
    assert!(!app.should_quit && app.dialog.is_none());
}

#[test]
fn typing_on_a_list_row_edits_it_and_ins_del_add_and_remove() {
    let mut app = loaded();
    go_to(&mut app, Section::Attributes, None);
    // A name: what is typed goes at its end; enter renames.
    type_text(&mut app, "_2");
    assert_eq!(
        editing(&app),
        Some(EditTarget::Name {
            section: Section::Attributes,
            index: 0
        })
    );
    press(&mut app, "enter");
    assert_eq!(
        app.form.names(Section::Attributes),
        ["interests_2", "plan", "signup_date"]
    );
    // A value; backspace edits too. Letters that were commands (a, d, e, q, ?) are text.
    press(&mut app, "right");
    press(&mut app, "backspace");
    type_text(&mut app, "gade?q");
    press(&mut app, "enter");
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["runningade?q", "cooking"]
    );
    assert!(!app.should_quit && app.dialog.is_none());
    // ins adds a value after the selected one, del removes it.
    press(&mut app, "ins");
    type_text(&mut app, "chess");
    press(&mut app, "enter");
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["runningade?q", "chess", "cooking"]
    );
    press(&mut app, "del");
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["runningade?q", "cooking"]
    );
    // A metric's number.
    go_to(&mut app, Section::Metrics, None);
    press(&mut app, "right");
    type_text(&mut app, "0");
    assert_eq!(app.form.metric_text("logins"), "1570");
    press(&mut app, "enter");
    // ctrl+u on a row clears it for a new value, as in a shell.
    press(&mut app, "ctrl+u");
    type_text(&mut app, "212");
    press(&mut app, "enter");
    assert_eq!(app.form.metric_text("logins"), "212");
    press(&mut app, "esc");
    // An empty list: typing starts a new name.
    let mut app = console();
    go_to(&mut app, Section::UserAttributes, None);
    type_text(&mut app, "tier");
    press(&mut app, "enter");
    type_text(&mut app, "gold");
    press(&mut app, "enter");
    assert_eq!(app.form.names(Section::UserAttributes), ["tier"]);
    assert_eq!(app.form.values(Section::UserAttributes, 0), ["gold"]);
    // The key bar says so.
    press(&mut app, "left");
    let bar: Vec<String> = keybar::hints(&app)
        .into_iter()
        .map(|(k, w, _)| format!("{k} {w}"))
        .collect();
    for want in ["type edit", "ins add", "del remove", "esc sections"] {
        assert!(bar.contains(&want.to_string()), "{want} in {bar:?}");
    }
}

#[test]
fn ctrl_u_clears_a_field_as_a_shell_does() {
    let mut app = console();
    type_text(&mut app, "qa-ios-0001");
    press(&mut app, "ctrl+u");
    assert_eq!(app.form.info.endpoint_id, None);
    // Clearing is an undo step of its own.
    press(&mut app, "ctrl+z");
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-ios-0001"));
    press(&mut app, "ctrl+u");
    // Up to the cursor only.
    type_text(&mut app, "qa-ios-0001");
    for _ in 0..4 {
        press(&mut app, "left");
    }
    press(&mut app, "ctrl+u");
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("0001"));
    // A choice field is unset; a list value being typed is cleared.
    go_to(&mut app, Section::Identity, Some(Field::ChannelType));
    press(&mut app, "e");
    press(&mut app, "ctrl+u");
    assert_eq!(app.form.info.channel_type, None);
    let mut app = loaded();
    go_to(&mut app, Section::Attributes, None);
    press(&mut app, "right");
    press(&mut app, "enter");
    press(&mut app, "ctrl+u");
    type_text(&mut app, "swimming");
    press(&mut app, "enter");
    assert_eq!(
        app.form.values(Section::Attributes, 0),
        ["swimming", "cooking"]
    );
    // A prompt's answer, and a picker's filter.
    press(&mut app, "ctrl+g");
    press(&mut app, "right");
    press(&mut app, "ctrl+u");
    assert_eq!(prompt_of(&app).1, "");
    press(&mut app, "esc");
    open_profiles(&mut app);
    type_text(&mut app, "sms");
    press(&mut app, "ctrl+u");
    assert_eq!(picker_of(&app).filter_text(), "");
}

#[test]
fn ctrl_z_undoes_and_ctrl_r_redoes_across_fields_and_dialogs() {
    let mut app = console();
    type_text(&mut app, "qa-1");
    go_to(&mut app, Section::Location, Some(Field::City));
    type_text(&mut app, "Seattle");
    go_to(&mut app, Section::Identity, Some(Field::ChannelType));
    press(&mut app, "e");
    // Dialogs come and go: a prompt, help, a question, a picker.
    press(&mut app, "ctrl+g");
    press(&mut app, "esc");
    press(&mut app, "f1");
    press(&mut app, "esc");
    press(&mut app, "ctrl+n");
    assert_eq!(confirm_of(&app).0, "Unsaved changes");
    press(&mut app, "n");
    open_profiles(&mut app);
    press(&mut app, "esc");
    // Each undo takes back one change, and shows where it was made.
    press(&mut app, "ctrl+z");
    assert_eq!(app.form.info.channel_type, None);
    press(&mut app, "ctrl+z");
    assert_eq!(
        app.form.info.location.city, None,
        "a run of typing is one step"
    );
    assert_eq!(
        (app.section, app.current_field()),
        (Section::Location, Some(Field::City))
    );
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::City)));
    assert_eq!(app.editor.as_ref().unwrap().text(), "");
    press(&mut app, "ctrl+r");
    assert_eq!(app.form.info.location.city.as_deref(), Some("Seattle"));
    assert_eq!(app.editor.as_ref().unwrap().text(), "Seattle");
    press(&mut app, "ctrl+z");
    press(&mut app, "ctrl+z");
    assert_eq!(app.form.info.endpoint_id, None);
    assert!(!app.dirty());
    press(&mut app, "ctrl+z");
    assert_eq!(app.status.text, "nothing to undo");
    // A list entry removed comes back.
    let mut app = loaded();
    go_to(&mut app, Section::UserAttributes, None);
    press(&mut app, "del");
    assert_eq!(app.form.names(Section::UserAttributes), ["beta_tester"]);
    assert!(app.status.text.contains("ctrl+z undoes it"));
    press(&mut app, "ctrl+z");
    assert_eq!(
        app.form.names(Section::UserAttributes),
        ["tier", "beta_tester"]
    );
    assert!(!app.dirty());
    // Undo and redo are keys of the keymap: they can be moved.
    let mut app = console_with_keys(&[("undo", "alt+u")]);
    type_text(&mut app, "x");
    press(&mut app, "alt+u");
    assert_eq!(app.form.info.endpoint_id, None);
}

#[test]
fn esc_leaves_the_preview_for_the_form() {
    let mut app = loaded();
    go_to(&mut app, Section::Location, Some(Field::Region));
    focus_preview(&mut app);
    press(&mut app, "down");
    press(&mut app, "esc");
    assert_eq!(app.focus, Focus::Form);
    assert_eq!(app.current_field(), Some(Field::Region));
    assert_eq!(editing(&app), Some(EditTarget::Field(Field::Region)));
    // From the Segments view too.
    while app.preview != PreviewMode::Segments {
        press(&mut app, "ctrl+p");
    }
    focus_preview(&mut app);
    // esc cancels the call that loads the segments first, then leaves.
    assert!(app.busy.is_some());
    press(&mut app, "esc");
    assert!(app.busy.is_none());
    assert_eq!(app.focus, Focus::Preview);
    press(&mut app, "esc");
    assert_eq!(app.focus, Focus::Form);
}

#[test]
fn a_json_endpoint_pasted_into_a_field_offers_to_load_it() {
    let mut app = console();
    type_text(&mut app, "qa-");
    let json = r#"{"address": "+12065550100", "optOut": "NONE"}"#;
    update(&mut app, Msg::Paste(json.into()));
    let (title, lines, pending) = confirm_of(&app);
    assert_eq!(title, "Load pasted endpoint");
    assert!(lines.join(" ").contains("Amplify userInfo"), "{lines:?}");
    assert!(lines.join(" ").contains("unsaved changes"), "{lines:?}");
    assert!(matches!(pending, Pending::Replace(_)));
    // n: nothing pasted, the field as it was.
    press(&mut app, "n");
    assert!(app.dialog.is_none());
    assert_eq!(app.form.info.endpoint_id.as_deref(), Some("qa-"));
    // y: loaded, as a paste outside a field loads it.
    update(&mut app, Msg::Paste(json.into()));
    press(&mut app, "y");
    assert_eq!(app.form.info.address.as_deref(), Some("+12065550100"));
    assert_eq!(app.form.info.endpoint_id, None);
    assert!(app.status.text.contains("loaded pasted Amplify userInfo"));
}

#[test]
fn a_metric_empty_or_not_a_number_shows_as_invalid_in_the_preview() {
    let mut app = console();
    type_text(&mut app, "qa-1");
    go_to(&mut app, Section::Metrics, None);
    type_text(&mut app, "logins");
    press(&mut app, "enter");
    press(&mut app, "enter");
    let preview = app.preview_text();
    assert!(
        preview.contains(r#""logins": "⚠ empty: not a number""#),
        "{preview}"
    );
    assert!(!preview.contains(r#""logins": 0"#), "{preview}");
    let errors = form_errors(&app);
    assert_eq!(errors, ["metrics.logins: empty: a metric needs a number"]);
    press(&mut app, "right");
    type_text(&mut app, "15k");
    assert!(
        app.preview_text()
            .contains(r#""logins": "⚠ not a number: 15k""#)
    );
    for _ in 0..2 {
        press(&mut app, "ctrl+p");
        assert!(
            app.preview_text().contains("⚠ not a number: 15k"),
            "{}",
            app.preview_text()
        );
    }
    press(&mut app, "backspace");
    assert!(app.preview_text().contains(r#""logins":15"#));
}

#[test]
fn the_key_bar_shortens_before_it_leaves_keys_out() {
    let bar = |app: &App, width: usize| -> Vec<String> {
        keybar::fitted(app, width)
            .into_iter()
            .map(|(k, _, _)| k)
            .collect()
    };
    // The profile picker keeps del, F2 and F6 at 80 and 60 columns.
    let mut app = console();
    open_profiles(&mut app);
    for width in [80, 60] {
        let keys = bar(&app, width);
        for want in ["enter", "esc", "del", "F2", "F6"] {
            assert!(
                keys.contains(&want.to_string()),
                "{want} at {width}: {keys:?}"
            );
        }
    }
    // The form keeps esc; at 120 the words are whole.
    let mut app = loaded();
    for width in [80, 60] {
        let keys = bar(&app, width);
        assert!(keys.contains(&"esc".to_string()), "{width}: {keys:?}");
        assert!(keys.contains(&"F5".to_string()), "{width}: {keys:?}");
    }
    let wide = keybar::fitted(&app, 120);
    assert!(
        wide.contains(&("esc".into(), "sections".into(), true)),
        "{wide:?}"
    );
    let narrow = keybar::fitted(&app, 60);
    assert!(
        narrow.contains(&("esc".into(), "back".into(), true)),
        "{narrow:?}"
    );
    go_to(&mut app, Section::Attributes, None);
    let keys = bar(&app, 60);
    for want in ["ins", "del", "esc"] {
        assert!(keys.contains(&want.to_string()), "{want}: {keys:?}");
    }
}

fn named_segment(id: &str, name: &str) -> SegmentResponse {
    SegmentResponse {
        id: id.into(),
        name: Some(name.into()),
        application_id: APP_ID.into(),
        segment_type: "DIMENSIONAL".into(),
        ..SegmentResponse::default()
    }
}

/// The Segments view's counts of stored endpoints: asked for in the background when the
/// segments arrive and again after each write (submit, delete), the old counts shown
/// meanwhile; a stale answer is dropped, a failure said once in the status line, and a
/// target without the database shows none and is not asked again.
#[test]
fn segment_counts_are_counted_in_the_background_and_again_after_writes() {
    let mut app = loaded();
    for _ in 0..2 {
        press(&mut app, "ctrl+p");
    }
    let (id, call) = the_call(&press(&mut app, "ctrl+p"));
    assert_eq!(
        (app.preview, call),
        (PreviewMode::Segments, Call::GetSegments)
    );
    let segments = vec![
        named_segment("s1", "premium"),
        named_segment("s2", "tablets"),
    ];
    let fx = done(
        &mut app,
        id,
        Ok(Reply::Segments(SegmentsResponse {
            item: segments.clone(),
            next_token: None,
        })),
    );
    let [
        Effect::CountSegments {
            id: count_id,
            segments: asked,
        },
    ] = fx.as_slice()
    else {
        panic!("the counts are asked for: {fx:?}")
    };
    assert_eq!(asked, &segments);
    let count_id = *count_id;
    assert_eq!(app.segment_counts.counted, Counted::Nothing);
    assert_eq!(segments::count_text(&app.segment_counts.counted, "s1"), "");

    let sizes = |premium: u64| SegmentSizes {
        read: 1_000_000,
        sizes: vec![
            (
                "s1".into(),
                Size {
                    matched: premium,
                    cannot_tell: 0,
                },
            ),
            (
                "s2".into(),
                Size {
                    matched: 0,
                    cannot_tell: 1_000_000,
                },
            ),
        ],
    };
    // An answer to another request is dropped.
    let stale = Msg::SegmentCounts {
        id: count_id + 100,
        result: Ok(Some(sizes(1))),
    };
    assert!(update(&mut app, stale).is_empty());
    assert_eq!(app.segment_counts.counted, Counted::Nothing);
    let answer = Msg::SegmentCounts {
        id: count_id,
        result: Ok(Some(sizes(412_345))),
    };
    assert!(update(&mut app, answer).is_empty());
    assert_eq!(app.segment_counts.counted, Counted::Sizes(sizes(412_345)));
    assert_eq!(
        segments::count_text(&app.segment_counts.counted, "s1"),
        "412,345"
    );
    assert_eq!(
        segments::count_text(&app.segment_counts.counted, "s2"),
        "0 +1,000,000?"
    );

    // A submit counts again; the old counts stay until the new ones arrive.
    let landed = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "a");
    let fx = submitted(&mut app, Ok(None), landed);
    let [Effect::CountSegments { id: count_id, .. }] = fx.as_slice() else {
        panic!("a submit counts again: {fx:?}")
    };
    assert_eq!(app.segment_counts.counted, Counted::Sizes(sizes(412_345)));
    let answer = Msg::SegmentCounts {
        id: *count_id,
        result: Ok(Some(sizes(412_346))),
    };
    update(&mut app, answer);
    assert_eq!(
        segments::count_text(&app.segment_counts.counted, "s1"),
        "412,346"
    );

    // A delete counts again; a failure is said, the counts kept.
    press(&mut app, "ctrl+x");
    let (id, _) = the_call(&press(&mut app, "y"));
    let fx = done(
        &mut app,
        id,
        Ok(Reply::Deleted(endpoint(
            "qa-ios-0001",
            "qa-user-0001",
            "APNS",
            "a",
        ))),
    );
    let [Effect::CountSegments { id: count_id, .. }] = fx.as_slice() else {
        panic!("a delete counts again: {fx:?}")
    };
    let failed = Msg::SegmentCounts {
        id: *count_id,
        result: Err("database is locked".into()),
    };
    update(&mut app, failed);
    assert_eq!(app.status.tone, Tone::Warning);
    assert_eq!(
        app.status.text,
        "the segments' endpoints were not counted: database is locked"
    );
    assert_eq!(
        segments::count_text(&app.segment_counts.counted, "s1"),
        "412,346"
    );

    // A target without the database: nothing shown, and not asked again.
    let landed = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "a");
    let fx = submitted(&mut app, Ok(None), landed);
    let [Effect::CountSegments { id: count_id, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    update(
        &mut app,
        Msg::SegmentCounts {
            id: *count_id,
            result: Ok(None),
        },
    );
    assert_eq!(app.segment_counts.counted, Counted::NotAvailable);
    assert_eq!(segments::count_text(&app.segment_counts.counted, "s1"), "");
    let (id, _) = the_call(&press(&mut app, "f5"));
    let landed = endpoint("qa-ios-0001", "qa-user-0001", "APNS", "a");
    assert!(
        done(
            &mut app,
            id,
            Ok(Reply::Submitted {
                before: Ok(None),
                landed
            })
        )
        .is_empty()
    );

    // Another connection forgets the counts.
    update(&mut app, Msg::Connected(Ok(connection(false))));
    assert_eq!(app.segment_counts.counted, Counted::Nothing);
}

/// Help's text, one string a line.
fn help_text(app: &App) -> Vec<String> {
    help::lines(app)
        .into_iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

fn bar(app: &App) -> Vec<String> {
    keybar::hints(app)
        .into_iter()
        .map(|(k, w, _)| format!("{k} {w}"))
        .collect()
}

#[test]
fn a_remapped_pane_key_does_what_it_is_bound_to_and_the_key_bar_and_help_show_it() {
    // f4 was also fetch's: a pane key takes none from an action that works anywhere, and
    // they never meet (the picker looks up its own keys first).
    let mut app = console_with_keys(&[
        ("up", "w"),
        ("down", "s"),
        ("edit_section", "f11"),
        ("back", "ctrl+b"),
        ("remove_selected", "f4"),
    ]);
    load_profile(&mut app);
    press(&mut app, "shift+tab");
    assert_eq!(app.focus, Focus::Sections);
    assert_eq!(
        bar(&app)[2..5],
        ["w/s section", "F11 edit", "q quit"],
        "{:?}",
        bar(&app)
    );
    // The section list moves with w and s, and no longer with j and k or the arrows.
    press(&mut app, "s");
    assert_eq!(app.section, Section::Attributes);
    press(&mut app, "j");
    press(&mut app, "down");
    assert_eq!(app.section, Section::Attributes);
    press(&mut app, "w");
    assert_eq!(app.section, Section::Identity);
    press(&mut app, "enter");
    assert_eq!(
        app.focus,
        Focus::Sections,
        "enter no longer edits the section"
    );
    press(&mut app, "f11");
    assert_eq!(app.focus, Focus::Form);
    // In a text field w and s are typed; the back key is ctrl+b, and esc is not.
    assert!(
        bar(&app).contains(&"ctrl+b sections".to_string()),
        "{:?}",
        bar(&app)
    );
    assert!(
        bar(&app).contains(&"w/s/enter field".to_string()),
        "{:?}",
        bar(&app)
    );
    let before = app.editor.as_ref().unwrap().text();
    type_text(&mut app, "ws");
    assert_eq!(app.editor.as_ref().unwrap().text(), format!("{before}ws"));
    press(&mut app, "esc");
    assert_eq!(app.focus, Focus::Form);
    press(&mut app, "ctrl+b");
    assert_eq!(app.focus, Focus::Sections);
    // Help writes the keys as bound.
    let help = help_text(&app);
    assert!(
        help.iter().any(
            |l| l == "Sections: w s or 1-6 choose, F11 edits the section from its first field."
        ),
        "{help:#?}"
    );
    assert!(
        help.iter()
            .any(|l| l.starts_with("  ctrl+b") && l.ends_with("back to the section list")),
        "{help:#?}"
    );
    assert!(
        help.iter()
            .any(|l| l.starts_with("  Profiles: F4 removes, F2 renames")),
        "{help:#?}"
    );
    // In the profiles picker F4 removes the selected profile (and does not fetch), del no
    // longer does, and the bar says so.
    open_profiles(&mut app);
    assert!(
        bar(&app).contains(&"F4 remove".to_string()),
        "{:?}",
        bar(&app)
    );
    assert!(press(&mut app, "del").is_empty());
    assert!(matches!(app.dialog, Some(Dialog::Picker(_))));
    press(&mut app, "f4");
    let Some(Dialog::Confirm(Question { title, .. })) = &app.dialog else {
        panic!("the question to remove the profile")
    };
    assert_eq!(title, "Remove profile");
}

/// The rows of README's table under `header`.
fn readme_table(readme: &str, header: &str) -> Vec<String> {
    readme
        .lines()
        .skip_while(|l| *l != header)
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(str::to_string)
        .collect()
}

/// README's second table is the keymap's pane keys: each with its name under `[keys]`, its
/// default keys and what it does, in order.
#[test]
fn readme_lists_every_pane_key_with_its_defaults() {
    let keymap = Keymap::default();
    let want: Vec<String> = Action::PANE
        .into_iter()
        .map(|a| {
            format!(
                "| `{}` | {} | {} |",
                a.name(),
                keymap.labels(a),
                a.describe()
            )
        })
        .collect();
    let readme = std::fs::read_to_string(common::repo_file("README.md")).unwrap();
    let table = readme_table(&readme, "| key (`[keys]`) | default keys | does |");
    assert_eq!(
        table,
        want,
        "README's pane keys table:\n{}",
        want.join("\n")
    );
}

#[tokio::test]
async fn a_pane_key_clash_in_config_is_reported_on_screen_with_the_key_and_actions() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    std::fs::write(
        paths.config_file(),
        "[keys]\nup = \"x\"\nsection_1 = \"x\"\nsection_9 = \"f11\"\n",
    )
    .unwrap();
    let overrides = pinpoint_console::pinpoint::Overrides {
        target: Some("no-such-target".into()),
        ..Default::default()
    };
    let clipboard = pinpoint_console::tui::runner::Clipboard::Memory(Default::default());
    let (app, _runner, _rx) = pinpoint_console::tui::prepare(&paths, &overrides, clipboard);
    assert_eq!(app.notices.len(), 2, "{:?}", app.notices);
    assert!(
        app.notices[0].starts_with("[keys] `section_9` is not an action (known: "),
        "{:?}",
        app.notices
    );
    assert_eq!(
        app.notices[1],
        "[keys] `x` is bound to both up and section_1"
    );
    assert!(
        help_text(&app).contains(&"  [keys] `x` is bound to both up and section_1".to_string())
    );
}
