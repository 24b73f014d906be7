//! Whole frames of the console, drawn on ratatui's TestBackend at 120x40 and 80x24 and
//! compared with the reviewed snapshots in tests/snapshots/. Nothing volatile is drawn: the
//! connection, the paths (never created) and the call results are fixed, and no call is in
//! flight when a frame is taken (the spinner shows elapsed time).

mod common;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::form::form_errors;
use pinpoint_console::model::UserInfo;
use pinpoint_console::model::import::parse_json;
use pinpoint_console::model::segment::parse_instant;
use pinpoint_console::model::wire::{EndpointResponse, SegmentResponse, SegmentsResponse};
use pinpoint_console::pinpoint::CallError;
use pinpoint_console::pinpoint::inapp::Loaded;
use pinpoint_console::sandbox::store::Size;
use pinpoint_console::store::config::Config;
use pinpoint_console::store::paths::Paths;
use pinpoint_console::tui::app::{App, Clock};
use pinpoint_console::tui::form::{Field, Section};
use pinpoint_console::tui::keymap::{Key, Keymap};
use pinpoint_console::tui::message::{
    CallResult, Connection, Effect, Msg, ProfileRow, Reply, SegmentSizes,
};
use pinpoint_console::tui::update::{sync_editor, update};
use pinpoint_console::tui::view::view;

const QA_IOS: &str = include_str!("../assets/profiles/qa-ios.json");
const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn qa_ios() -> UserInfo {
    parse_json(QA_IOS).unwrap().1
}

/// A console connected to a fixed sandbox, with the qa-ios profile loaded.
fn loaded() -> App {
    let mut app = App::new(
        Config::default(),
        Paths::under("/home/user"),
        Keymap::default(),
        "sandbox".into(),
    );
    sync_editor(&mut app);
    update(
        &mut app,
        Msg::Connected(Ok(Connection {
            target: "sandbox".into(),
            application_id: "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c".into(),
            url: "http://127.0.0.1:4575".into(),
            read_only: false,
            cli: pinpoint_console::model::preview::CliContext {
                application_id: Some("5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c".into()),
                endpoint_url: Some("http://127.0.0.1:4575".into()),
                region: None,
            },
        })),
    );
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "qa-ios".into(),
            result: Ok(qa_ios()),
        },
    );
    app
}

fn press(app: &mut App, spec: &str) -> Vec<Effect> {
    let key = Key::parse(spec).unwrap();
    update(app, Msg::Key(KeyEvent::new(key.code, key.modifiers)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(
            app,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

/// Goes to a section through the section list, then down to a field.
fn go_to(app: &mut App, section: Section, field: Option<Field>) {
    press(app, "shift+tab");
    let digit = Section::ALL.iter().position(|s| *s == section).unwrap() + 1;
    press(app, &digit.to_string());
    press(app, "enter");
    if let Some(field) = field {
        let row = section.fields().iter().position(|f| *f == field).unwrap();
        for _ in 0..row {
            press(app, "down");
        }
    }
}

/// Replaces the text of the field being typed into.
fn retype(app: &mut App, text: &str) {
    let n = app.editor.as_ref().unwrap().text().chars().count();
    for _ in 0..n {
        press(app, "backspace");
    }
    type_text(app, text);
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    update(app, Msg::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view(app, frame)).unwrap();
    terminal.backend().to_string()
}

/// Presses `key`, which starts one call, and answers the call with `result`, its request id
/// and latency (as the status line shows them).
fn answered(
    app: &mut App,
    key: &str,
    result: Result<Reply, CallError>,
    request_id: Option<&str>,
    latency_ms: u64,
) -> Vec<Effect> {
    let fx = press(app, key);
    let [Effect::Call { id, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    update(
        app,
        Msg::CallDone(CallResult {
            id: *id,
            result,
            request_id: request_id.map(str::to_owned),
            latency: Duration::from_millis(latency_ms),
        }),
    )
}

/// Snapshots the frame at both sizes as `<name>_<w>x<h>`.
fn check(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let frame = render(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), frame);
    }
}

#[test]
fn each_section_with_a_filled_form() {
    for (name, section) in [
        ("section_identity", Section::Identity),
        ("section_attributes", Section::Attributes),
        ("section_demographic", Section::Demographic),
        ("section_location", Section::Location),
        ("section_metrics", Section::Metrics),
        ("section_user_attributes", Section::UserAttributes),
    ] {
        let mut app = loaded();
        go_to(&mut app, section, None);
        if section == Section::Attributes {
            // The values column of the first name.
            press(&mut app, "right");
        }
        check(name, &mut app);
    }
}

#[test]
fn the_three_previews() {
    for (name, presses) in [
        ("preview_pinpoint", 0),
        ("preview_amplify", 1),
        ("preview_cli", 2),
    ] {
        let mut app = loaded();
        press(&mut app, "tab");
        for _ in 0..presses {
            press(&mut app, "ctrl+p");
        }
        check(name, &mut app);
    }
}

#[test]
fn what_landed_after_a_submit() {
    let mut app = loaded();
    let fx = press(&mut app, "f5");
    let [Effect::Call { id, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    // Pinpoint merged: an attribute from before is still there, and the service filled in
    // the status and the dates.
    let mut landed: EndpointResponse = serde_json::from_str(QA_IOS).unwrap();
    landed.application_id = Some("5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c".into());
    landed.endpoint_status = Some("ACTIVE".into());
    landed.cohort_id = Some("42".into());
    landed.creation_date = Some("2026-03-14T09:26:53.000Z".into());
    landed.effective_date = Some("2026-03-14T09:26:53.000Z".into());
    landed
        .attributes
        .as_mut()
        .unwrap()
        .insert("legacy_flag".into(), vec!["on".into()]);
    // Stored before: fewer logins, another plan; the write changed both.
    let mut before = landed.clone();
    before
        .metrics
        .as_mut()
        .unwrap()
        .insert("logins".into(), 150.0);
    before
        .attributes
        .as_mut()
        .unwrap()
        .insert("plan".into(), vec!["free".into()]);
    update(
        &mut app,
        Msg::CallDone(CallResult {
            id: *id,
            result: Ok(Reply::Submitted {
                before: Ok(Some(before)),
                landed: landed.clone(),
            }),
            request_id: Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0".into()),
            latency: Duration::from_millis(37),
        }),
    );
    check("preview_landed", &mut app);

    // Not stored before: the write created it.
    answered(
        &mut app,
        "f5",
        Ok(Reply::Submitted {
            before: Ok(None),
            landed,
        }),
        Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
        37,
    );
    check("preview_landed_created", &mut app);
}

/// The endpoint as stored, with the dates, the cohort and the request id the service keeps.
fn stored(id: &str, channel: &str, address: &str) -> EndpointResponse {
    let mut e: EndpointResponse = serde_json::from_str(QA_IOS).unwrap();
    e.id = Some(id.into());
    e.channel_type = Some(channel.into());
    e.address = Some(address.into());
    e.application_id = Some("5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c".into());
    e.endpoint_status = Some("ACTIVE".into());
    e.cohort_id = Some("42".into());
    e.creation_date = Some("2026-03-01T08:00:00.000Z".into());
    e.effective_date = Some("2026-03-14T09:26:53.000Z".into());
    e.request_id = Some("7c6b5a49-3827-1605-f4e3-d2c1b0a99887".into());
    e
}

#[test]
fn the_stored_record_after_a_fetch() {
    let mut app = loaded();
    press(&mut app, "ctrl+g");
    answered(
        &mut app,
        "enter",
        Ok(Reply::Fetched(stored("qa-ios-0001", "APNS", "token-1"))),
        Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
        12,
    );
    check("stored_record", &mut app);
    // The form edited since: the field that differs is listed (and marked in the record).
    go_to(&mut app, Section::Location, Some(Field::City));
    retype(&mut app, "Tacoma");
    check("stored_record_edited", &mut app);
}

#[test]
fn the_user_lookup_and_its_delete_questions() {
    let mut app = loaded();
    press(&mut app, "ctrl+l");
    let endpoints = pinpoint_console::model::wire::EndpointsResponse {
        item: vec![
            stored("qa-ios-0001", "APNS", "token-1"),
            stored("qa-sms-0001", "SMS", "+12065550100"),
            stored("qa-mail-0001", "EMAIL", "qa-user-0001@example.com"),
        ],
    };
    answered(
        &mut app,
        "enter",
        Ok(Reply::User(endpoints)),
        Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
        12,
    );
    press(&mut app, "down");
    check("user_lookup", &mut app);
    press(&mut app, "del");
    check("confirm_delete_user_endpoint", &mut app);
    press(&mut app, "n");
    press(&mut app, "ctrl+l");
    let endpoints = pinpoint_console::model::wire::EndpointsResponse {
        item: vec![
            stored("qa-ios-0001", "APNS", "token-1"),
            stored("qa-sms-0001", "SMS", "+12065550100"),
        ],
    };
    answered(&mut app, "enter", Ok(Reply::User(endpoints)), None, 12);
    press(&mut app, "ctrl+x");
    check("confirm_delete_user_endpoints", &mut app);
    press(&mut app, "n");
    // enter on a row loads it and shows its stored record.
    press(&mut app, "ctrl+l");
    answered(
        &mut app,
        "enter",
        Ok(Reply::User(
            pinpoint_console::model::wire::EndpointsResponse {
                item: vec![stored("qa-sms-0001", "SMS", "+12065550100")],
            },
        )),
        None,
        12,
    );
    press(&mut app, "enter");
    check("user_lookup_loaded", &mut app);
}

/// A readable profile's row in the profile picker.
fn profile_row(name: &str, user: &str, channel: &str, modified: &str) -> ProfileRow {
    ProfileRow {
        name: name.into(),
        user_id: Some(user.into()),
        channel: Some(channel.into()),
        modified: modified.into(),
        broken: None,
    }
}

/// ctrl+o, answered with the one profile qa-ios.
fn open_qa_ios_profile_picker(app: &mut App) {
    press(app, "ctrl+o");
    update(
        app,
        Msg::Profiles(Ok(vec![profile_row(
            "qa-ios",
            "qa-user-0001",
            "APNS",
            "2026-03-14 09:26",
        )])),
    );
}

#[test]
fn the_profile_picker() {
    let mut app = loaded();
    press(&mut app, "ctrl+o");
    update(
        &mut app,
        Msg::Profiles(Ok(vec![
            profile_row("email-user", "qa-user-0003", "EMAIL", "2026-03-12 17:04"),
            profile_row("gps-user", "qa-user-0004", "GCM", "2026-03-13 08:45"),
            ProfileRow {
                name: "half-written".into(),
                user_id: None,
                channel: None,
                modified: "2026-03-14 11:02".into(),
                broken: Some("line 3: expected `=`".into()),
            },
            profile_row("qa-ios", "qa-user-0001", "APNS", "2026-03-14 09:26"),
            profile_row("sms-user", "qa-user-0002", "SMS", "2026-03-11 12:30"),
        ])),
    );
    press(&mut app, "down");
    check("profile_picker", &mut app);
    type_text(&mut app, "user");
    check("profile_picker_filtered", &mut app);
    // F6: the bulk prompt says what to type; a wrong option is said in one line.
    for _ in 0..4 {
        press(&mut app, "backspace");
    }
    press(&mut app, "f6");
    check("bulk_prompt", &mut app);
    press(&mut app, "end"); // keep the suggested count
    type_text(&mut app, " --adress x");
    press(&mut app, "enter");
    check("bulk_prompt_error", &mut app);
}

/// F6 from the qa-ios profile: the plan before anything is written (the ids, the target,
/// the warning that every endpoint gets one address, a stored endpoint with that address),
/// then the run.
#[test]
fn the_bulk_plan_before_anything_is_written() {
    let mut app = loaded();
    open_qa_ios_profile_picker(&mut app);
    press(&mut app, "f6");
    let fx = press(&mut app, "enter");
    let (id, planned) = planned(&fx);
    check("bulk_plan_checking", &mut app);
    let address = qa_ios().address.unwrap();
    let stored: EndpointResponse = serde_json::from_value(serde_json::json!({
        "Id": "qa-ios-0001", "ChannelType": "APNS", "Address": address,
        "EndpointStatus": "ACTIVE", "User": {"UserId": "qa-user-0001"}
    }))
    .unwrap();
    update(&mut app, planned);
    update(
        &mut app,
        Msg::BulkStored {
            id,
            result: Ok(vec![stored]),
        },
    );
    check("bulk_plan", &mut app);
    press(&mut app, "y");
    update(
        &mut app,
        Msg::BulkProgress(pinpoint_console::pinpoint::bulk::Progress {
            finished: 40,
            failed: 0,
            total: 100,
        }),
    );
    check("bulk_running", &mut app);
}

/// The plan the runner makes for a `PlanBulk` effect from the qa-ios profile.
fn planned(fx: &[Effect]) -> (u64, Msg) {
    let [
        Effect::PlanBulk {
            id, count, options, ..
        },
    ] = fx
    else {
        panic!("one PlanBulk effect: {fx:?}");
    };
    let plan = options.plan(qa_ios(), *count).unwrap();
    let review = plan.review(20);
    (
        *id,
        Msg::BulkPlanned {
            id: *id,
            result: Ok((plan, review)),
        },
    )
}

#[test]
fn help() {
    let mut app = loaded();
    press(&mut app, "f1");
    check("help", &mut app);
}

#[test]
fn validation_errors_and_warnings_on_their_fields() {
    let mut app = loaded();
    go_to(&mut app, Section::Demographic, Some(Field::Timezone));
    retype(&mut app, "America/Los_Angelos");
    go_to(&mut app, Section::Location, Some(Field::Latitude));
    retype(&mut app, "91");
    check("validation_error_latitude", &mut app);
    go_to(&mut app, Section::Demographic, Some(Field::Timezone));
    check("validation_warning_timezone", &mut app);
}

#[test]
fn confirmation_dialogs() {
    let mut app = loaded();
    press(&mut app, "ctrl+x");
    check("confirm_delete_endpoint", &mut app);

    let mut app = loaded();
    go_to(&mut app, Section::Location, Some(Field::City));
    retype(&mut app, "Tacoma");
    press(&mut app, "ctrl+c");
    check("confirm_quit_unsaved", &mut app);
}

/// The help and the preview scroll until their last row reaches the bottom and no further:
/// after many PgDn, one ↑ moves the text at once.
#[test]
fn scrolling_stops_where_the_last_row_reaches_the_bottom() {
    use pinpoint_console::tui::app::Dialog;
    let help_scroll = |app: &App| match app.dialog {
        Some(Dialog::Help { scroll }) => scroll,
        _ => panic!("the help is open"),
    };
    let mut app = loaded();
    // A long configuration problem comes last, wrapped over several rows.
    app.notices = vec![format!(
        "config.toml: [keys] submit = \"ctrl+enter\": most terminals never send it {}; the end",
        "and more words ".repeat(12)
    )];
    press(&mut app, "f1");
    let top = render(&mut app, 80, 24);
    assert!(top.contains("↓ more"), "{top}");
    for _ in 0..30 {
        press(&mut app, "pagedown");
    }
    let end = render(&mut app, 80, 24);
    let limit = help_scroll(&app);
    assert_eq!(limit, app.scroll_limits.help.get());
    assert!(limit > 0 && limit < 100, "scrolled to {limit}");
    assert!(end.contains("the end"), "the last row is reachable: {end}");
    assert!(!end.contains("↓ more"), "{end}");
    press(&mut app, "up");
    assert_eq!(help_scroll(&app), limit - 1);
    assert_ne!(render(&mut app, 80, 24), end, "one ↑ moves the text");

    // The preview: the JSON's closing brace is the last row when scrolled to the end, also
    // with values that wrap (long, indented, wide characters).
    let mut app = loaded();
    let mut form = qa_ios();
    form.user_attributes
        .insert("note".into(), vec!["x".repeat(66), "漢字かな".repeat(12)]);
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "qa-ios".into(),
            result: Ok(form),
        },
    );
    press(&mut app, "tab");
    let top = render(&mut app, 80, 24);
    for _ in 0..30 {
        press(&mut app, "pagedown");
    }
    let end = render(&mut app, 80, 24);
    assert_ne!(top, end);
    assert_eq!(app.preview_scroll, app.scroll_limits.preview.get());
    let body: Vec<&str> = end.lines().collect();
    // Above the bottom border, the status line and the key bar; the preview's column.
    let preview_column = |row: &str| {
        let cell = row.rsplit("││").next().unwrap_or_default();
        cell.trim_end_matches(['│', '"']).trim_end().to_string()
    };
    assert_eq!(
        preview_column(body[body.len() - 4]),
        "}",
        "the last row of the JSON: {end}"
    );
    assert_eq!(preview_column(body[body.len() - 5]), "  }", "{end}");
    press(&mut app, "up");
    assert_ne!(render(&mut app, 80, 24), end, "one ↑ moves the text");
    press(&mut app, "G");
    assert_eq!(render(&mut app, 80, 24), end, "G goes to the end");
    press(&mut app, "g");
    assert_eq!(render(&mut app, 80, 24), top, "g goes to the top");
}

/// The preview follows the form: with a long Attributes member, going to Metrics (from the
/// section list or by clicking) brings `"Metrics"` into view, and Identity the top.
#[test]
fn the_preview_follows_the_section_being_edited() {
    let mut app = loaded();
    let mut form = qa_ios();
    for i in 0..60 {
        form.attributes
            .insert(format!("extra_{i:02}"), vec!["x".into()]);
    }
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "big".into(),
            result: Ok(form),
        },
    );
    let top = render(&mut app, 120, 40);
    assert!(top.contains("\"Address\""), "{top}");
    assert!(!top.contains("\"Metrics\""), "{top}");
    for (section, member) in [
        (Section::Metrics, "\"Metrics\": {"),
        (Section::Location, "\"Location\": {"),
        (Section::UserAttributes, "\"UserAttributes\": {"),
        (Section::Attributes, "\"Attributes\": {"),
    ] {
        go_to(&mut app, section, None);
        let frame = render(&mut app, 120, 40);
        assert!(frame.contains(member), "{section:?}: {frame}");
        // Typing in the section keeps it in view (here: the first metric's value).
        if section == Section::Metrics {
            press(&mut app, "right");
            press(&mut app, "enter");
            type_text(&mut app, "1");
            press(&mut app, "enter");
            let frame = render(&mut app, 120, 40);
            assert!(frame.contains(member), "{frame}");
            assert!(frame.contains("\"logins\": 1571"), "{frame}");
        }
    }
    go_to(&mut app, Section::Identity, None);
    let frame = render(&mut app, 120, 40);
    assert!(frame.contains("\"Address\""), "{frame}");
}

/// The rows of the open dialog's text, from the top down to its end (one ↓ at a time):
/// everything a user can read in it. `title` names the dialog; its last two rows (a blank
/// and the keys) are left out.
fn dialog_rows(app: &mut App, title: &str, width: u16, height: u16) -> Vec<String> {
    let body = |frame: &str| -> Vec<String> {
        let lines: Vec<Vec<char>> = frame
            .lines()
            .map(|l| l.trim_matches('"').chars().collect())
            .collect();
        let top = format!("┌ {title} ");
        let r0 = lines
            .iter()
            .position(|l| l.iter().collect::<String>().contains(&top))
            .unwrap_or_else(|| panic!("no dialog `{title}` on screen:\n{frame}"));
        let x0 = lines[r0].iter().position(|c| *c == '┌').unwrap();
        let x1 = x0 + lines[r0][x0..].iter().position(|c| *c == '┐').unwrap();
        let inside: Vec<String> = lines[r0 + 1..]
            .iter()
            .take_while(|l| l[x0] == '│')
            .map(|l| l[x0 + 1..x1].iter().collect())
            .collect();
        inside[..inside.len() - 2].to_vec()
    };
    let mut frame = render(app, width, height);
    let mut rows = body(&frame);
    loop {
        press(app, "down");
        let next = render(app, width, height);
        if next == frame {
            return rows;
        }
        rows.push(body(&next).last().cloned().unwrap_or_default());
        frame = next;
    }
}

/// Text without its whitespace, to find a message however it was wrapped.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every error a blocked submit or a failed call gives can be read in full at 80x24: the
/// status line offers the key, the dialog wraps every line and scrolls to the last.
#[test]
fn every_blocking_problem_can_be_read_in_full() {
    // Four errors, each on its field.
    let mut app = loaded();
    go_to(&mut app, Section::Location, Some(Field::Latitude));
    retype(&mut app, "91");
    press(&mut app, "down");
    retype(&mut app, "-181");
    go_to(&mut app, Section::Identity, Some(Field::EndpointId));
    type_text(&mut app, "{bad}");
    go_to(&mut app, Section::Demographic, Some(Field::Timezone));
    press(&mut app, "f5");
    let errors = form_errors(&app);
    assert!(errors.len() >= 3, "{errors:?}");
    check("submit_blocked", &mut app);
    let title = format!("Submit blocked by {} errors", errors.len());
    let seen = squash(&dialog_rows(&mut app, &title, 80, 24).concat());
    for e in &errors {
        assert!(seen.contains(&squash(e)), "{e} is on screen: {seen}");
    }

    // Many long errors: the list scrolls, and every one can be reached.
    let mut app = loaded();
    let mut form = qa_ios();
    for i in 0..12 {
        form.attributes.insert(
            format!("a_rather_long_attribute_name_for_notes_{i:02}"),
            vec![format!("{i:02}-{}", "v".repeat(110))],
        );
    }
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "long".into(),
            result: Ok(form),
        },
    );
    press(&mut app, "f5");
    let errors = form_errors(&app);
    assert_eq!(errors.len(), 12, "{errors:?}");
    let top = render(&mut app, 80, 24);
    assert!(top.contains("↓ more"), "{top}");
    let rows = dialog_rows(&mut app, "Submit blocked by 12 errors", 80, 24);
    assert!(rows.len() > 20, "more rows than fit: {}", rows.len());
    let seen = squash(&rows.concat());
    for e in &errors {
        assert!(seen.contains(&squash(e)), "{e} is on screen");
    }
    check("submit_blocked_scrolled_to_the_end", &mut app);

    // A long service error: cut on the status line, which offers the key; whole in its
    // dialog.
    let mut app = loaded();
    let message = "Endpoint qa-ios-0001 was not written: the request names 260 attributes, metrics and user attributes together, more than the 250 an endpoint may have; remove some and submit again";
    let mut error = pinpoint_console::pinpoint::CallError::new("BadRequestException", message);
    error.status = Some(400);
    error.request_id = Some("4f1c0d0e-5a9d-4b0c-8e1f-0123456789ab".into());
    answered(&mut app, "f5", Err(error), None, 42);
    check("long_error_status", &mut app);
    press(&mut app, "ctrl+v");
    check("long_error_in_full", &mut app);
    let seen = squash(&dialog_rows(&mut app, "Error", 80, 24).concat());
    assert!(seen.contains(&squash(message)), "{seen}");
    assert!(
        seen.contains("4f1c0d0e-5a9d-4b0c-8e1f-0123456789ab"),
        "{seen}"
    );
}

/// Questions say which keys answer them: y alone where something is deleted, enter too
/// where nothing is lost; enter on a delete says that y confirms.
#[test]
fn a_destructive_question_says_that_y_confirms() {
    let mut app = loaded();
    press(&mut app, "ctrl+x");
    press(&mut app, "enter");
    check("confirm_delete_after_enter", &mut app);
}

// ----- the In-app view and in-app messages -----

const APP_PREMIUM: &str = include_str!("../assets/profiles/app-premium.json");
const APP_BERLIN: &str = include_str!("../assets/profiles/app-berlin.json");

/// A console with an example profile loaded, the clock at `common::inapp::NOW`, and the
/// In-app view showing the example campaigns, its pane focused.
fn inapp_with(profile: &str) -> App {
    let mut app = loaded();
    app.clock = Clock::Fixed(parse_instant(common::inapp::NOW).unwrap());
    update(
        &mut app,
        Msg::ProfileLoaded {
            name: "example".into(),
            result: Ok(parse_json(profile).unwrap().1),
        },
    );
    press(&mut app, "tab");
    let (segments, library) = common::inapp::library();
    for _ in 0..2 {
        press(&mut app, "ctrl+p");
    }
    // The Segments view on the way loads the segments, the In-app view the campaigns.
    answered(&mut app, "ctrl+p", segments_reply(&segments), None, 3);
    let loaded = Loaded {
        segments,
        library,
        notes: Vec::new(),
    };
    answered(
        &mut app,
        "ctrl+p",
        Ok(Reply::InApp(Box::new(loaded))),
        Some("8f3c2a10-5b7e-4d21-9c4e-0a1b2c3d4e5f"),
        21,
    );
    app
}

/// GetSegments' answer: `segments`, on one page.
fn segments_reply(segments: &[SegmentResponse]) -> Result<Reply, CallError> {
    Ok(Reply::Segments(SegmentsResponse {
        item: segments.to_vec(),
        next_token: None,
    }))
}

/// The Segments view with each segment's count of stored endpoints beside its answer for
/// the form (one segment that cannot tell of some endpoints).
#[test]
fn the_segments_view_with_the_counts_of_stored_endpoints() {
    let mut app = loaded();
    press(&mut app, "tab");
    for _ in 0..2 {
        press(&mut app, "ctrl+p");
    }
    let (segments, _) = common::inapp::library();
    let fx = answered(&mut app, "ctrl+p", segments_reply(&segments), None, 3);
    let [Effect::CountSegments { id, .. }] = fx.as_slice() else {
        panic!("the counts are asked for: {fx:?}")
    };
    let counts = [412_345, 0, 1_000_000, 17, 98_765, 3];
    let sizes = segments
        .iter()
        .zip(counts.iter().cycle())
        .enumerate()
        .map(|(i, (s, &matched))| {
            let cannot_tell = if i == 3 { 1_204 } else { 0 };
            (
                s.id.clone(),
                Size {
                    matched,
                    cannot_tell,
                },
            )
        })
        .collect();
    update(
        &mut app,
        Msg::SegmentCounts {
            id: *id,
            result: Ok(Some(SegmentSizes {
                read: 1_000_000,
                sizes,
            })),
        },
    );
    check("segments_with_counts", &mut app);
}

/// Selects the example campaign `name` in the In-app view.
fn select(app: &mut App, name: &str) {
    for _ in 0..10 {
        press(app, "up");
    }
    while app.inapp.current().and_then(|d| d.name.as_deref()) != Some(name) {
        let before = app.inapp.selected;
        press(app, "down");
        assert_ne!(app.inapp.selected, before, "no campaign {name}");
    }
}

#[test]
fn the_in_app_view_with_its_reasons() {
    let mut app = inapp_with(APP_PREMIUM);
    select(&mut app, "gloves-promo");
    check("inapp_reasons", &mut app);
}

#[test]
fn each_layout_drawn_as_the_device_shows_it() {
    for (name, profile, campaign) in [
        ("inapp_top_banner", APP_PREMIUM, "spring-sale"),
        ("inapp_middle_banner", APP_PREMIUM, "loyalty-reward"),
        ("inapp_bottom_banner", APP_PREMIUM, "settings-tip"),
        ("inapp_overlay", APP_BERLIN, "berlin-store"),
        ("inapp_modal", APP_BERLIN, "gloves-promo"),
        ("inapp_carousel", APP_PREMIUM, "premium-welcome"),
    ] {
        let mut app = inapp_with(profile);
        select(&mut app, campaign);
        press(&mut app, "m");
        check(name, &mut app);
        // Opened: over most of the screen.
        press(&mut app, "enter");
        check(&format!("{name}_opened"), &mut app);
    }
}

#[test]
fn a_carousel_turns_its_pages() {
    let mut app = inapp_with(APP_PREMIUM);
    select(&mut app, "premium-welcome");
    press(&mut app, "m");
    press(&mut app, "right");
    press(&mut app, "right");
    check("inapp_carousel_page_3", &mut app);
    press(&mut app, "enter");
    press(&mut app, "right");
    check("inapp_carousel_opened_page_2", &mut app);
    press(&mut app, "m");
    check("inapp_opened_json", &mut app);
}

#[test]
fn an_event_fired_from_the_console() {
    let mut app = inapp_with(APP_BERLIN);
    press(&mut app, "ctrl+e");
    type_text(&mut app, "purchase item=gloves price:=12.5");
    check("inapp_event_prompt", &mut app);
    press(&mut app, "enter");
    check("inapp_event_shown", &mut app);
    press(&mut app, "m");
    check("inapp_event_reasons", &mut app);
    // The message shown is a carousel: its first page (no buttons) gets its body drawn at
    // 80x24 too.
    let mut app = inapp_with(APP_PREMIUM);
    press(&mut app, "ctrl+e");
    type_text(&mut app, "_session.start");
    press(&mut app, "enter");
    check("inapp_event_carousel", &mut app);
    assert!(
        render(&mut app, 80, 24).contains("Your premium features"),
        "the body is drawn"
    );
}

#[test]
fn the_campaigns_picker() {
    let mut app = inapp_with(APP_PREMIUM);
    press(&mut app, "ctrl+f");
    check("campaigns_picker", &mut app);
}

/// The style of the first cell of `text` on the screen.
fn style_of(terminal: &Terminal<TestBackend>, text: &str) -> ratatui::style::Style {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    let first = text.chars().next().unwrap().to_string();
    let cells = buffer.content();
    for (i, cell) in cells.iter().enumerate() {
        let row = &cells[i..(i / width + 1) * width];
        let here: String = row
            .iter()
            .take(text.chars().count())
            .map(|c| c.symbol())
            .collect();
        if cell.symbol() == first && here == text {
            return cell.style();
        }
    }
    panic!("`{text}` is not on the screen:\n{}", terminal.backend())
}

#[test]
fn message_colours_follow_the_terminal_palette() {
    use ratatui::style::Color;
    let mut app = inapp_with(APP_PREMIUM);
    select(&mut app, "spring-sale");
    press(&mut app, "m");
    for (true_color, text, button) in [
        (
            false,
            (Color::Black, Color::White),
            (Color::White, Color::LightBlue),
        ),
        (
            true,
            (Color::Rgb(0x1A, 0x1A, 0x1A), Color::Rgb(0xFF, 0xFF, 0xFF)),
            (Color::Rgb(0xFF, 0xFF, 0xFF), Color::Rgb(0x0A, 0x6C, 0xFF)),
        ),
    ] {
        app.true_color = true_color;
        update(&mut app, Msg::Resize(120, 40));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|frame| view(&app, frame)).unwrap();
        let header = style_of(&terminal, "Spring sale");
        assert_eq!((header.fg, header.bg), (Some(text.0), Some(text.1)));
        let body = style_of(&terminal, "20% off");
        assert_eq!((body.fg, body.bg), (Some(text.0), Some(text.1)));
        let shop = style_of(&terminal, "[See offers");
        assert_eq!((shop.fg, shop.bg), (Some(button.0), Some(button.1)));
    }
}

/// The frame at 120x40, 80x24 and 60x20 as `<name>_<w>x<h>`: the narrow terminals.
fn check_narrow(name: &str, app: &mut App) {
    for (w, h) in [(120, 40), (80, 24), (60, 20)] {
        let frame = render(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), frame);
    }
}

/// Narrow terminals: the unsaved marker stays in the header, the tabs keep a gap, the key
/// bar shortens its words before it leaves a key out, and a long header cuts ids in their
/// middle.
#[test]
fn narrow_terminals() {
    // A changed form on a choice field (its keys), with a problem on the Identity tab.
    let mut app = loaded();
    go_to(&mut app, Section::Identity, Some(Field::ChannelType));
    press(&mut app, "e");
    check_narrow("narrow_choice_unsaved", &mut app);
    // A list, its keys.
    go_to(&mut app, Section::UserAttributes, None);
    check_narrow("narrow_list", &mut app);
    // The profile picker keeps del, F2 and F6.
    open_qa_ios_profile_picker(&mut app);
    check_narrow("narrow_profile_picker", &mut app);
    // A form fetched by a long id: the header cuts it in the middle, the marker stays.
    let mut app = loaded();
    let id = "0123456789abcdef0123456789abcdef-ios-device";
    let fx = press(&mut app, "ctrl+g");
    assert!(fx.is_empty());
    for _ in 0..20 {
        press(&mut app, "backspace");
    }
    type_text(&mut app, id);
    let mut endpoint: EndpointResponse =
        serde_json::from_value(serde_json::to_value(qa_ios().to_endpoint_request()).unwrap())
            .unwrap();
    endpoint.id = Some(id.into());
    answered(
        &mut app,
        "enter",
        Ok(Reply::Fetched(endpoint)),
        Some("req-1"),
        12,
    );
    type_text(&mut app, "x");
    check_narrow("narrow_long_header", &mut app);
}

/// A JSON endpoint pasted into a text field: the question that offers to load it.
#[test]
fn a_json_endpoint_pasted_into_a_field() {
    let mut app = loaded();
    update(
        &mut app,
        Msg::Paste(r#"{"address": "+12065550100", "optOut": "NONE"}"#.into()),
    );
    check("paste_json_into_field", &mut app);
}

/// A metric with no number yet: invalid on its row and in the preview, not 0.
#[test]
fn a_metric_that_is_not_a_number() {
    let mut app = loaded();
    go_to(&mut app, Section::Metrics, None);
    press(&mut app, "ins");
    type_text(&mut app, "orders");
    press(&mut app, "enter");
    check("metric_empty", &mut app);
    type_text(&mut app, "12k");
    check("metric_not_a_number", &mut app);
}

/// The keys a dialog writes are the keys bound: a question, a prompt, help and the
/// section list say the remapped ones.
#[test]
fn dialogs_write_the_keys_as_bound() {
    let overrides: indexmap::IndexMap<String, String> = [
        ("yes", "o"),
        ("no", "x"),
        ("ok", "f11"),
        ("close", "ctrl+q"),
        ("up", "w"),
        ("down", "s"),
        ("section_1", "i"),
    ]
    .into_iter()
    .map(|(a, k)| (a.to_string(), k.to_string()))
    .collect();
    let (keymap, errors) = Keymap::with_overrides(&overrides);
    assert_eq!(errors, []);
    let mut app = loaded();
    app.keymap = keymap;
    // A question that deletes: o deletes, x does not, and f11 (the ok key) does not confirm.
    press(&mut app, "ctrl+x");
    press(&mut app, "f11");
    let frame = render(&mut app, 120, 40);
    assert!(
        frame.contains("F11 does not confirm this: press o to delete."),
        "{frame}"
    );
    assert!(frame.contains("o delete    x cancel"), "{frame}");
    // The section list numbers each section with its key.
    assert!(frame.contains("│i Identity"), "{frame}");
    assert!(frame.contains("│2 Attributes"), "{frame}");
    assert!(frame.contains("o delete  x cancel"), "the key bar: {frame}");
    press(&mut app, "x");
    // A prompt: f11 answers, ctrl+q closes.
    press(&mut app, "ctrl+g");
    let frame = render(&mut app, 120, 40);
    assert!(frame.contains("F11 ok · ctrl+q cancel"), "{frame}");
    press(&mut app, "ctrl+q");
    // Help scrolls with w and s, and says so on its border.
    press(&mut app, "f1");
    let frame = render(&mut app, 120, 40);
    assert!(frame.contains("↓ more: w/s scroll"), "{frame}");
    assert!(frame.contains("Help (ctrl+q closes)"), "{frame}");
    assert!(
        frame.lines().last().unwrap().starts_with("\"w/s scroll  "),
        "the key bar: {frame}"
    );
}
