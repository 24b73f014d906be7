//! Hostile names and values: unicode, control characters (escape sequences, NUL, newlines),
//! very long strings, and `../`, `/`, `\` and leading dots in profile names.
//!
//! - Through the CLI (`profiles import --name`) and through `ProfileStore`: every name is
//!   stored under the profiles directory or refused with one clear line, and nothing is ever
//!   written anywhere else (the whole temporary tree is listed afterwards).
//! - Hostile values are stored and read back unchanged, and the CLI's listings do not pass
//!   control characters to the terminal.
//! - The console never puts a control character on screen: frames are drawn with such values
//!   in every field, every pane, preview and dialog, at several sizes, and no cell holds one.
//!   In-app campaigns, templates and events carry them too (names, headers, bodies, button
//!   texts and links, colours, layouts, event names), with a 100 KB body that is cut and
//!   scrolls.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use indexmap::IndexMap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_textarea::TextArea;

use common::{Home, Succeeds, stdout};
use pinpoint_console::model::UserInfo;
use pinpoint_console::model::compare::write_change;
use pinpoint_console::model::inapp::{AppEvent, Library};
use pinpoint_console::model::preview::PreviewFormat;
use pinpoint_console::model::wire::{
    AttributeDimension, CampaignEventFilter, CampaignInAppMessage, CampaignResponse,
    DefaultButtonConfiguration, EndpointResponse, EndpointUser, EventDimensions,
    InAppMessageBodyConfig, InAppMessageButton, InAppMessageContent, InAppMessageHeaderConfig,
    InAppTemplateResponse, MessageConfiguration, Schedule, SegmentDimensions, SegmentGroup,
    SegmentGroupList, SegmentReference, SegmentResponse, SetDimension, Template,
    TemplateConfiguration,
};
use pinpoint_console::pinpoint::bulk::{Failure, Progress, Report};
use pinpoint_console::store::StoreError;
use pinpoint_console::store::config::Config;
use pinpoint_console::store::paths::Paths;
use pinpoint_console::store::profiles::ProfileStore;
use pinpoint_console::tui::app::{
    App, BulkRun, Dialog, EditTarget, Editor, Focus, Landed, Link, Opened, Pending, Picker,
    PickerKind, PickerRow, PreviewMode, PromptKind, Question, Source, Tone,
};
use pinpoint_console::tui::form::{Field, FormState, Section};
use pinpoint_console::tui::inapp::Detail;
use pinpoint_console::tui::keymap::Keymap;
use pinpoint_console::tui::message::{Connection, ProfileRow};
use pinpoint_console::tui::view::view;

/// The longest one run of the binary may take.
const BIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Values that must never reach the screen as they are.
fn hostile_values() -> Vec<String> {
    vec![
        "\x1b[2J\x1b[H cleared".into(),
        "\x1b]52;c;aGVsbG8=\x07 clipboard".into(),
        "\x1b[31mred\x1b[0m".into(),
        "\x1b]0;window title\x07".into(),
        "nul\0byte".into(),
        "new\nline".into(),
        "carriage\rreturn".into(),
        "tab\there".into(),
        "back\x08space".into(),
        "bell\x07".into(),
        "del\x7f c1\u{80}\u{9b}31m".into(),
        "\u{202e}reversed\u{202c}".into(),
        "zero\u{200b}width\u{feff}".into(),
        "e\u{301}\u{301}\u{301}\u{301}".into(),
        "🚀👩‍👩‍👧‍👦 漢字 كلمة".into(),
        "../../etc/passwd".into(),
        "x".repeat(10_000),
        format!("{}\x1b[2J", "é".repeat(5_000)),
    ]
}

/// Profile names: each must be stored inside the directory or refused.
fn hostile_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "../escape",
        "../../escape",
        "..",
        ".",
        "./dot",
        "/absolute",
        "/tmp/absolute",
        "a/b",
        "a\\b",
        "..\\escape",
        ".hidden",
        ".toml",
        "",
        " ",
        " leading",
        "trailing ",
        "new\nline",
        "carriage\rreturn",
        "tab\tname",
        "\x1b[31mred",
        "\x1b]0;title\x07",
        "del\x7f",
        "c1\u{9b}",
        "a:b",
        "a*b",
        "a?b",
        "a|b",
        "<a>",
        "\"q\"",
        "name.toml",
        "v1.2",
        "qa-ios",
        "émoji 🚀",
        "漢字かな",
        "\u{202e}lmth.exe",
        "zero\u{200b}width",
        "e\u{301}",
        "~",
        "-rf",
        "--force",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.push("n".repeat(64));
    names.push("n".repeat(65));
    names.push("n".repeat(10_000));
    names.push("🚀".repeat(64));
    names.push("../".repeat(3_000));
    names
}

/// Every file under `root`, recursively.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A control character (newlines aside) or a bidirectional override.
fn has_control(text: &str) -> bool {
    text.chars().any(|c| steers(c) && c != '\n')
}

/// A bidirectional override (U+202E shows `exe.txt` as `txt.exe`) or isolate.
fn steers(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// C0 controls (what TOML and JSON must escape), newlines aside. DEL and the C1 range
/// (U+0080 to U+009F) are left to `has_control`.
fn has_c0_control(text: &str) -> bool {
    text.chars().any(|c| c < ' ' && c != '\n')
}

/// The first line of `text` with a control character, shortened, for a failure message.
fn first_bad_line(text: &str, bad: fn(&str) -> bool) -> String {
    let line = text.lines().find(|l| bad(l)).unwrap_or_default();
    let cut: String = line.chars().take(160).collect();
    format!("{cut:?} ({} characters)", line.chars().count())
}

/// `text` has no character that `bad` finds; otherwise the test fails with `what` and the
/// first line that has one.
fn assert_clean(text: &str, bad: fn(&str) -> bool, what: &str) {
    assert!(!bad(text), "{what}: {}", first_bad_line(text, bad));
}

/// What the binary prints to a pipe for `args`; it must exit 0 within `BIN_TIMEOUT`.
fn printed(home: &Home, args: &[&str]) -> String {
    let out = home
        .cmd()
        .args(args)
        .timeout(BIN_TIMEOUT)
        .succeeds(&args.join(" "));
    stdout(&out)
}

/// What happened to a name: stored at this path, or refused with this message.
enum Outcome {
    Stored(PathBuf),
    Refused(String),
}

/// Checks a stored profile's path: directly in the profiles directory, named after the name.
fn assert_stored_inside(dir: &Path, name: &str, path: &Path) {
    assert_eq!(path.parent(), Some(dir), "{name:?} stored at {path:?}");
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some(format!("{name}.toml").as_str()),
        "{name:?}"
    );
    assert!(path.is_file(), "{name:?}: {path:?} is not a file");
}

/// A refusal is one line that says what is wrong with the name, without control characters.
fn assert_clear_refusal(name: &str, message: &str) {
    let message = message.trim_end();
    assert!(!message.is_empty(), "{name:?}: an empty refusal");
    assert!(
        !message.contains('\n') && !has_control(message),
        "{name:?}: the refusal is not one clean line: {message:?}"
    );
    let why = ["profile name", "File name too long"];
    assert!(
        why.iter().any(|w| message.contains(w)),
        "{name:?}: the refusal does not say what is wrong: {message}"
    );
    assert!(
        message.chars().count() < 400 || message.contains("longer than"),
        "{name:?}: a refusal of {} characters",
        message.chars().count()
    );
}

/// A form with a hostile value in every field.
fn hostile_form(v: &[String]) -> UserInfo {
    let pick = |i: usize| Some(v[i % v.len()].clone());
    let list = |i: usize| -> IndexMap<String, Vec<String>> {
        (0..v.len())
            .map(|j| {
                (
                    v[(i + j) % v.len()].clone(),
                    vec![v[j].clone(), v[(j + 3) % v.len()].clone()],
                )
            })
            .collect()
    };
    let mut form = UserInfo {
        endpoint_id: pick(0),
        user_id: pick(1),
        channel_type: pick(2),
        address: pick(3),
        opt_out: pick(4),
        endpoint_status: pick(5),
        attributes: list(0),
        metrics: v
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), [f64::NAN, f64::INFINITY, -0.0, 1e300][i % 4]))
            .collect(),
        user_attributes: list(7),
        ..UserInfo::default()
    };
    let d = &mut form.demographic;
    d.app_version = pick(6);
    d.locale = pick(7);
    d.make = pick(8);
    d.model = pick(9);
    d.model_version = pick(10);
    d.platform = pick(11);
    d.platform_version = pick(12);
    d.timezone = pick(13);
    let l = &mut form.location;
    l.city = pick(14);
    l.country = pick(15);
    l.postal_code = pick(16);
    l.region = pick(17);
    l.latitude = Some(f64::NAN);
    l.longitude = Some(f64::NEG_INFINITY);
    form
}

/// The forms are equal (NaN included; the order of names is not part of a form's value).
fn assert_same_form(what: &str, got: &UserInfo, want: &UserInfo) {
    let numbers = |f: &UserInfo| {
        let mut m: Vec<(String, String)> = f
            .metrics
            .iter()
            .map(|(k, v)| (k.clone(), format!("{v:?}")))
            .collect();
        m.sort();
        (m, format!("{:?}", f.location))
    };
    let rest = |f: &UserInfo| UserInfo {
        metrics: IndexMap::new(),
        location: Default::default(),
        ..f.clone()
    };
    assert!(
        rest(got) == rest(want) && numbers(got) == numbers(want),
        "{what:?}: the form changed on a round trip"
    );
}

// ----- profile names through the store -----

#[test]
fn profile_store_keeps_every_name_inside_its_directory() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("config/profiles");
    let store = ProfileStore::new(&dir);
    let form = hostile_form(&hostile_values());
    let mut names = hostile_names();
    names.extend([
        "nul\0byte".to_string(),
        "\0".to_string(),
        "a\0/../b".to_string(),
    ]);
    let (mut stored, mut refused) = (Vec::new(), 0);
    for name in &names {
        let outcome = match store.save(name, &form, true) {
            Ok(path) => Outcome::Stored(path),
            // Refused by the store's rules or by the file system; a file that does not
            // parse is not expected.
            Err(
                e @ (StoreError::BadProfileName { .. }
                | StoreError::ProfileExists(_)
                | StoreError::NoProfile { .. }
                | StoreError::NotReplaced { .. }
                | StoreError::Invalid(_)
                | StoreError::Io { .. }),
            ) => Outcome::Refused(e.to_string()),
            Err(e) => panic!("{name:?}: {e}"),
        };
        match outcome {
            Outcome::Stored(path) => {
                stored.push(name.clone());
                assert_stored_inside(&dir, name, &path);
                let back = store.load(name).unwrap();
                assert_same_form(name, &back, &form);
                assert!(store.exists(name));
                assert!(
                    store
                        .list()
                        .unwrap()
                        .iter()
                        .any(|e| e.name == *name && e.form.is_ok()),
                    "{name:?} is listed"
                );
            }
            Outcome::Refused(message) => {
                refused += 1;
                assert_clear_refusal(name, &message);
                assert!(!store.exists(name));
                assert!(store.load(name).is_err());
                assert!(store.remove(name).is_err());
                assert!(store.rename("qa-ios", name).is_err() || !store.exists("qa-ios"));
            }
        }
    }
    // Renames and removals with hostile names touch nothing outside either.
    for name in &names {
        let _ = store.rename(name, "../renamed");
        let _ = store.rename("qa-ios", name);
        let _ = store.rename(name, "qa-ios");
        let _ = store.remove(name);
    }
    for path in files_under(root.path()) {
        assert_eq!(
            path.parent(),
            Some(dir.as_path()),
            "written outside: {path:?}"
        );
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(
            !name.starts_with('.'),
            "a temporary or hidden file was left: {path:?}"
        );
    }
    assert!(!stored.is_empty() && refused > 0);
    eprintln!(
        "profile store: {} names, {} stored ({stored:?}), {refused} refused",
        names.len(),
        stored.len()
    );
}

// ----- profile names and values through the CLI -----

#[test]
fn cli_import_keeps_every_name_inside_the_profiles_directory() {
    let home = Home::new();
    let values = hostile_values();
    let form = hostile_form(&values);
    // The source is a JSON file with hostile values in every field.
    let source = home.write(
        "import/source.json",
        &pinpoint_console::model::preview::pinpoint_json(&UserInfo {
            metrics: IndexMap::new(),
            location: Default::default(),
            ..form.clone()
        }),
    );
    let names = hostile_names();
    let (mut stored, mut refused) = (Vec::new(), 0);
    for name in &names {
        let out = home
            .cmd()
            .args(["profiles", "import"])
            .arg(&source)
            .arg("--force")
            .arg(format!("--name={name}"))
            .timeout(BIN_TIMEOUT)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        match out.status.code() {
            Some(0) => {
                stored.push(name.clone());
                let path = home.profiles_dir().join(format!("{name}.toml"));
                assert_stored_inside(&home.profiles_dir(), name, &path);
                assert!(!has_control(&stdout), "{name:?}: {stdout:?}");
            }
            Some(1) => {
                refused += 1;
                assert!(stdout.is_empty(), "{name:?}: {stdout}");
                assert_clear_refusal(name, &stderr);
            }
            other => panic!("{name:?}: exit {other:?}: {stderr}"),
        }
    }
    // What was stored reads back and is listed without control characters.
    let listed = printed(&home, &["profiles", "list"]);
    assert_clean(
        &listed,
        has_control,
        "`profiles list` passes control characters to the terminal",
    );
    assert!(!listed.contains("BROKEN"), "{listed}");
    let shown = printed(&home, &["profiles", "show", "qa-ios"]);
    assert_clean(&shown, has_c0_control, "`profiles show`");
    let parsed: UserInfo = toml::from_str(&shown).unwrap();
    assert_eq!(parsed.attributes, form.attributes);
    assert_eq!(parsed.demographic, form.demographic);
    for format in ["pinpoint", "amplify", "toml"] {
        let text = printed(&home, &["profiles", "export", "qa-ios", "--format", format]);
        assert_clean(&text, has_c0_control, &format!("export --format {format}"));
    }

    // On a terminal, DEL and the C1 controls too are written as escapes that read back as
    // the same values.
    let shown = home.on_a_terminal(&["profiles", "show", "qa-ios"]);
    assert_clean(&shown, has_control, "`profiles show` on a terminal");
    let parsed: UserInfo = toml::from_str(&shown).unwrap();
    assert_eq!(parsed.attributes, form.attributes);
    for format in ["pinpoint", "amplify", "cli"] {
        let text = home.on_a_terminal(&["profiles", "export", "qa-ios", "--format", format]);
        assert_clean(
            &text,
            has_control,
            &format!("export --format {format} on a terminal"),
        );
        if format == "pinpoint" {
            let (_, read) = pinpoint_console::model::import::parse_json(&text).unwrap();
            assert_eq!(read.attributes, form.attributes);
        }
    }

    // Nothing outside the profiles directory, except the source file and the binary's log.
    for path in files_under(home.dir.path()) {
        let allowed = path == source
            || path.parent() == Some(home.profiles_dir().as_path())
            || path.starts_with(home.data_dir()) && path.extension().is_some_and(|e| e == "log");
        assert!(allowed, "written outside the profiles directory: {path:?}");
        if path.parent() == Some(home.profiles_dir().as_path()) {
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(
                name.ends_with(".toml") && !name.starts_with('.'),
                "{path:?}"
            );
        }
    }
    assert!(!stored.is_empty() && refused > 0);
    eprintln!(
        "CLI import: {} names, {} stored ({stored:?}), {refused} refused",
        names.len(),
        stored.len()
    );
}

// ----- the console's screen -----

fn hostile_segments(v: &[String]) -> Vec<SegmentResponse> {
    let dims = SegmentDimensions {
        attributes: Some(
            v.iter()
                .map(|name| {
                    (
                        name.clone(),
                        AttributeDimension {
                            attribute_type: Some(name.clone()),
                            values: v.to_vec(),
                        },
                    )
                })
                .collect(),
        ),
        ..Default::default()
    };
    v.iter()
        .enumerate()
        .map(|(i, name)| SegmentResponse {
            application_id: name.clone(),
            id: name.clone(),
            name: Some(name.clone()),
            dimensions: (i % 2 == 0).then(|| dims.clone()),
            segment_groups: (i % 2 == 1).then(|| SegmentGroupList {
                groups: Some(vec![SegmentGroup {
                    dimensions: Some(vec![dims.clone()]),
                    source_segments: Some(vec![SegmentReference {
                        id: v[(i + 1) % v.len()].clone(),
                        version: None,
                    }]),
                    source_type: Some(name.clone()),
                    group_type: None,
                }]),
                include: Some(name.clone()),
            }),
            segment_type: "DIMENSIONAL".into(),
            ..Default::default()
        })
        .collect()
}

/// A console with a hostile value in everything it draws.
fn hostile_app(v: &[String]) -> App {
    let long = v.concat();
    let mut app = App::new(
        Config::default(),
        Paths::under(format!("/tmp/{}", v[0])),
        Keymap::default(),
        v[1].clone(),
    );
    let form = hostile_form(v);
    app.form = FormState::new(form.clone());
    app.form
        .drafts
        .insert("location.latitude".into(), v[2].clone());
    app.form.drafts.insert("metrics.x".into(), v[3].clone());
    app.baseline = UserInfo::default();
    app.profile = Some(v[4].clone());
    app.origin = Some(v[5].clone());
    app.link = Link::Connected(Connection {
        target: v[6].clone(),
        application_id: v[7].clone(),
        url: v[8].clone(),
        read_only: false,
        cli: pinpoint_console::model::preview::CliContext {
            application_id: Some("5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c".into()),
            endpoint_url: Some("http://127.0.0.1:4575".into()),
            region: None,
        },
    });
    app.set_status(Tone::Error, long.clone());
    app.notices = v.to_vec();
    app.profiles = v
        .iter()
        .map(|name| ProfileRow {
            name: name.clone(),
            user_id: Some(name.clone()),
            channel: Some(name.clone()),
            modified: name.clone(),
            broken: Some(name.clone()),
        })
        .collect();
    let mut landed = EndpointResponse {
        id: Some(v[9].clone()),
        address: Some(v[10].clone()),
        channel_type: Some(v[11].clone()),
        attributes: Some(form.attributes.clone()),
        request_id: Some(long.clone()),
        cohort_id: Some(v[12].clone()),
        ..Default::default()
    };
    landed.user = Some(EndpointUser {
        user_id: Some(v[13].clone()),
        user_attributes: Some(form.user_attributes.clone()),
    });
    // Written over an empty endpoint: every hostile value is listed as a change too.
    let change = write_change(Some(&EndpointResponse::default()), &landed);
    app.landed = Some(Landed::new(landed, Source::Write(Ok(change)), &form));
    app.set_segments(Some(hostile_segments(v)));
    app
}

fn dialogs(v: &[String]) -> Vec<(&'static str, Option<Dialog>)> {
    let input = |text: &str| TextArea::new(vec![text.to_string()]);
    let of_ten = |finished, failed| Progress {
        finished,
        failed,
        total: 10,
    };
    let rows: Vec<PickerRow> = v
        .iter()
        .map(|s| PickerRow {
            key: s.clone(),
            columns: vec![s.clone(), s.clone(), s.clone()],
            broken: Some(s.clone()),
        })
        .collect();
    vec![
        ("no dialog", None),
        ("help", Some(Dialog::Help { scroll: 0 })),
        (
            "confirm",
            Some(Dialog::confirm(
                &v[0],
                v.to_vec(),
                &v[1],
                Pending::DeleteEndpoint(v[2].clone()),
            )),
        ),
        (
            "confirm after enter, waiting",
            Some(Dialog::Confirm(Question {
                title: v[0].clone(),
                lines: v.to_vec(),
                yes: v[1].clone(),
                pending: Pending::DeleteEndpoint(v[2].clone()),
                hold: Some(v[4].clone()),
                refused_enter: true,
                scroll: 0,
            })),
        ),
        (
            "message",
            Some(Dialog::Message {
                title: v[3].clone(),
                lines: v.to_vec(),
                tone: Tone::Error,
                scroll: 0,
            }),
        ),
        (
            "prompt",
            Some(Dialog::Prompt {
                kind: PromptKind::Rename { from: v[3].clone() },
                input: input(&v[4]),
                error: Some(v.concat()),
            }),
        ),
        (
            "bulk prompt",
            Some(Dialog::Prompt {
                kind: PromptKind::Bulk {
                    profile: v[5].clone(),
                },
                input: input(&v[6]),
                error: None,
            }),
        ),
        (
            "picker",
            Some(Dialog::Picker(Picker {
                kind: PickerKind::UserEndpoints {
                    user_id: v[7].clone(),
                },
                header: v[..3].to_vec(),
                rows: rows.clone(),
                filter: input(""),
                selected: 1,
                endpoints: Vec::new(),
            })),
        ),
        (
            "picker with a filter",
            Some(Dialog::Picker(Picker {
                kind: PickerKind::Profiles,
                header: v[..3].to_vec(),
                rows,
                filter: input(&v[8]),
                selected: 0,
                endpoints: Vec::new(),
            })),
        ),
        (
            "bulk run",
            Some(Dialog::Bulk(BulkRun {
                profile: v[9].clone(),
                progress: of_ten(3, 1),
                report: None,
                cancelling: false,
            })),
        ),
        (
            "bulk report",
            Some(Dialog::Bulk(BulkRun {
                profile: v[10].clone(),
                progress: of_ten(10, 10),
                report: Some(Report {
                    done: 0,
                    missing: 0,
                    failures: v
                        .iter()
                        .map(|s| Failure {
                            first: s.clone(),
                            last: s.clone(),
                            count: 1,
                            reason: s.clone(),
                        })
                        .collect(),
                    requests: 1,
                    elapsed: Duration::from_secs(1),
                    cancelled: false,
                }),
                cancelling: false,
            })),
        ),
    ]
}

/// The first cell holding a control character, if any.
fn control_cell(terminal: &Terminal<TestBackend>) -> Option<(u16, u16, String)> {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width;
    buffer
        .content()
        .iter()
        .enumerate()
        .find(|(_, cell)| cell.symbol().chars().any(steers))
        .map(|(i, cell)| {
            (
                i as u16 % width,
                i as u16 / width,
                cell.symbol().to_string(),
            )
        })
}

/// The console drawn at `width` x `height`, as text; the test fails if any cell holds a
/// control character (`what` says what was on the screen).
fn drawn(app: &mut App, what: &str, width: u16, height: u16) -> String {
    app.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view(app, frame)).unwrap();
    if let Some((x, y, symbol)) = control_cell(&terminal) {
        panic!(
            "a control character {symbol:?} at ({x}, {y}) with {what}, {width}x{height}:\n{}",
            terminal.backend()
        );
    }
    terminal.backend().to_string()
}

#[test]
fn the_console_never_draws_a_control_character() {
    let v = hostile_values();
    let previews = [
        PreviewMode::Format(PreviewFormat::Pinpoint),
        PreviewMode::Format(PreviewFormat::Amplify),
        PreviewMode::Format(PreviewFormat::Cli),
        PreviewMode::Segments,
        PreviewMode::Landed,
    ];
    let mut app = hostile_app(&v);
    let mut frames = 0;
    let mut draw = |app: &mut App, what: &str, sizes: &[(u16, u16)]| {
        for &(width, height) in sizes {
            drawn(app, what, width, height);
            frames += 1;
        }
    };
    // Every section with every preview, typing into a field (or a list value) or not.
    for (i, section) in Section::ALL.into_iter().enumerate() {
        for (j, preview) in previews.into_iter().enumerate() {
            app.section = section;
            app.preview = preview;
            app.segment_selected = (i + j) % v.len();
            app.focus = [Focus::Form, Focus::Sections, Focus::Preview][(i + j) % 3];
            app.editor = match ((i + j) % 2, section.fields().first()) {
                (0, Some(field)) => Some(Editor::new(
                    EditTarget::Field(*field),
                    &v[(i + j) % v.len()],
                )),
                (0, None) => Some(Editor::new(
                    EditTarget::Value {
                        section,
                        index: 0,
                        value: 0,
                    },
                    &v[(i + j) % v.len()],
                )),
                _ if section == Section::Location => {
                    Some(Editor::new(EditTarget::Field(Field::Latitude), &v[0]))
                }
                _ => None,
            };
            let what = format!("section {section:?}, preview {preview:?}");
            draw(&mut app, &what, &[(120, 40), (40, 12)]);
        }
    }
    // Every dialog over it.
    for (k, (name, dialog)) in dialogs(&v).into_iter().enumerate() {
        app.section = Section::ALL[k % Section::ALL.len()];
        app.preview = previews[k % previews.len()];
        app.editor = None;
        app.dialog = dialog;
        draw(
            &mut app,
            &format!("dialog {name}"),
            &[(160, 50), (80, 24), (40, 12)],
        );
    }
    eprintln!("console frames with hostile values: {frames} drawn, no control character on screen");
}

// ----- in-app messages -----

/// A body of 100 KB with escape sequences and line breaks all through it.
fn huge_body() -> String {
    let mut body = String::new();
    while body.len() < 100 * 1024 {
        body.push_str("Gloves \x1b[2J on sale\x1b]52;c;aGVsbG8=\x07, line\r\nbreak\u{9b}31m ");
    }
    body
}

/// Pages with hostile text everywhere (colours too), `pages` of them.
fn hostile_pages(v: &[String], i: usize, pages: usize, body: &str) -> Vec<InAppMessageContent> {
    let at = |k: usize| v[(i + k) % v.len()].clone();
    let button = |k: usize, action: &str| InAppMessageButton {
        default_config: Some(DefaultButtonConfiguration {
            background_color: Some([at(k), "#0A6CFF".into()][k % 2].clone()),
            border_radius: Some(8),
            button_action: [action.to_string(), at(k)][i % 2].clone(),
            link: Some(at(k + 1)),
            text: at(k + 2),
            text_color: Some(at(k + 3)),
        }),
        ..Default::default()
    };
    (0..pages)
        .map(|p| InAppMessageContent {
            background_color: Some([at(p), "#FFFFFF".into()][(i + p) % 2].clone()),
            header_config: Some(InAppMessageHeaderConfig {
                alignment: at(p + 1),
                header: at(p + 2),
                text_color: at(p + 3),
            }),
            body_config: Some(InAppMessageBodyConfig {
                alignment: ["LEFT", "CENTER", "RIGHT"][p % 3].into(),
                body: if p == 0 { body.to_string() } else { at(p + 4) },
                text_color: "#1A1A1A".into(),
            }),
            image_url: Some(at(p + 5)),
            primary_btn: Some(button(p + 6, "LINK")),
            secondary_btn: Some(button(p + 7, "CLOSE")),
        })
        .collect()
}

/// Every value as a campaign (every layout, and a hostile one), half of them from a
/// template with hostile content; a segment that holds everyone, so that the form gets
/// some and an event picks among them; the first body is 100 KB.
fn hostile_library(v: &[String]) -> (SegmentResponse, Library) {
    let everyone = SegmentResponse {
        application_id: v[0].clone(),
        id: v[1].clone(),
        name: Some(v[2].clone()),
        dimensions: Some(SegmentDimensions::default()),
        segment_type: "DIMENSIONAL".into(),
        version: Some(1),
        ..Default::default()
    };
    let layouts = [
        "TOP_BANNER",
        "MIDDLE_BANNER",
        "BOTTOM_BANNER",
        "OVERLAYS",
        "MOBILE_FEED",
        "CAROUSEL",
    ];
    let layout = |i: usize| {
        Some(
            layouts
                .get(i % 7)
                .map_or(v[i % v.len()].clone(), |l| l.to_string()),
        )
    };
    let huge = huge_body();
    let campaigns = v
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let body = if i == 0 {
                huge.as_str()
            } else {
                value.as_str()
            };
            let from_template = i % 2 == 1;
            CampaignResponse {
                application_id: value.clone(),
                arn: value.clone(),
                creation_date: value.clone(),
                id: format!("{value}#{i}"),
                last_modified_date: value.clone(),
                name: Some(value.clone()),
                description: Some(value.clone()),
                segment_id: if i % 3 == 2 {
                    value.clone()
                } else {
                    everyone.id.clone()
                },
                segment_version: 1,
                priority: Some(i as i64 % 4),
                message_configuration: (!from_template).then(|| MessageConfiguration {
                    in_app_message: Some(CampaignInAppMessage {
                        body: Some(value.clone()),
                        content: Some(hostile_pages(v, i, 1 + i % 3, body)),
                        custom_config: Some([(value.clone(), value.clone())].into()),
                        layout: layout(i),
                    }),
                    ..Default::default()
                }),
                template_configuration: from_template.then(|| TemplateConfiguration {
                    in_app_template: Some(Template {
                        name: Some(v[(i + 1) % v.len()].clone()),
                        version: None,
                    }),
                    ..Default::default()
                }),
                schedule: Some(Schedule {
                    start_time: "IMMEDIATE".into(),
                    end_time: Some([value.clone(), "2099-01-01T00:00:00Z".into()][i % 2].clone()),
                    frequency: Some("IN_APP_EVENT".into()),
                    event_filter: Some(CampaignEventFilter {
                        filter_type: value.clone(),
                        dimensions: EventDimensions {
                            event_type: Some(SetDimension {
                                dimension_type: Some(value.clone()),
                                values: vec![v[0].clone(), value.clone()],
                            }),
                            attributes: (i % 4 == 0).then(|| {
                                [(
                                    value.clone(),
                                    AttributeDimension {
                                        attribute_type: Some(value.clone()),
                                        values: v.to_vec(),
                                    },
                                )]
                                .into()
                            }),
                            metrics: None,
                        },
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let templates = v
        .iter()
        .enumerate()
        .map(|(i, value)| InAppTemplateResponse {
            content: Some(hostile_pages(v, i + 1, 1 + i % 2, value)),
            creation_date: value.clone(),
            custom_config: Some([(value.clone(), value.clone())].into()),
            last_modified_date: value.clone(),
            layout: layout(i + 3),
            template_description: Some(value.clone()),
            template_name: value.clone(),
            template_type: "INAPP".into(),
            version: Some(value.clone()),
            ..Default::default()
        })
        .collect();
    let library = Library {
        campaigns,
        templates,
        segment_versions: Vec::new(),
    };
    (everyone, library)
}

/// The hostile console with the hostile campaigns loaded, the form an in-app endpoint, and
/// an event with hostile name, attributes and metrics fired.
fn hostile_inapp_app(v: &[String]) -> App {
    let mut app = hostile_app(v);
    let (everyone, library) = hostile_library(v);
    let mut segments = hostile_segments(v);
    segments.push(everyone);
    app.form.info.channel_type = Some("IN_APP".into());
    app.form.info.endpoint_status = None;
    app.form.info.opt_out = None;
    app.segments = Some(segments);
    app.inapp.library = Some(library);
    app.inapp.event = Some(AppEvent {
        name: v[0].clone(),
        attributes: v.iter().map(|s| (s.clone(), s.clone())).collect(),
        metrics: v.iter().map(|s| (s.clone(), 1.5)).collect(),
    });
    app.inapp.event_text = v.concat();
    app.inapp.notes = v.to_vec();
    app.form_changed();
    app.preview = PreviewMode::InApp;
    app.focus = Focus::Preview;
    app
}

#[test]
fn in_app_messages_never_draw_a_control_character_and_a_huge_body_is_cut() {
    let v = hostile_values();
    let mut app = hostile_inapp_app(&v);
    let inapp = &app.inapp;
    assert_eq!(inapp.deliveries.len(), v.len());
    assert!(
        inapp.entitled.len() >= 4,
        "the form gets some: {}",
        inapp.entitled.len()
    );
    let pick = inapp.pick.as_ref().expect("the event is decided");
    assert!(pick.shown.is_some(), "{}", pick.why);
    let mut frames = 0;
    let mut draw = |app: &mut App, what: &str, sizes: &[(u16, u16)]| -> Vec<String> {
        let mut screens = Vec::new();
        for &(width, height) in sizes {
            screens.push(drawn(app, what, width, height));
            frames += 1;
        }
        screens
    };
    let sizes = [(120, 40), (80, 24), (40, 12)];
    // Every campaign, its reasons and its message, scrolled to the top and to the end.
    for i in 0..v.len() {
        for detail in [Detail::Reasons, Detail::Message] {
            app.inapp.selected = i;
            app.inapp.detail = detail;
            app.inapp.page = i % 3;
            for scroll in [0, u16::MAX] {
                app.preview_scroll = scroll;
                draw(&mut app, &format!("campaign {i}, {detail:?}"), &sizes);
            }
        }
    }
    // Opened: drawn on each page and scrolled, and as JSON; the picker; the event prompt.
    let campaigns = app.inapp.library.clone().unwrap().campaigns;
    for (i, campaign) in campaigns.iter().enumerate().take(6) {
        for (page, show_json, scroll) in [(0, false, 0), (2, false, u16::MAX), (0, true, 9)] {
            app.dialog = Some(Dialog::Opened(Opened {
                title: v[i].clone(),
                message: app.inapp_message(&campaign.id),
                json: serde_json::to_string_pretty(campaign).unwrap(),
                show_json,
                page,
                scroll,
            }));
            draw(&mut app, &format!("opened {i}"), &sizes);
        }
    }
    app.dialog = Some(Dialog::Opened(Opened {
        title: v[1].clone(),
        message: Err(v.concat()),
        json: v.concat(),
        show_json: false,
        page: 0,
        scroll: 0,
    }));
    draw(&mut app, "opened without a message", &sizes);
    app.dialog = Some(Dialog::Picker(Picker {
        kind: PickerKind::Campaigns,
        header: v[..6].to_vec(),
        rows: v
            .iter()
            .map(|s| PickerRow {
                key: s.clone(),
                columns: vec![s.clone(); 6],
                broken: None,
            })
            .collect(),
        filter: TextArea::new(vec![v[3].clone()]),
        selected: 0,
        endpoints: Vec::new(),
    }));
    draw(&mut app, "campaigns picker", &sizes);
    app.dialog = Some(Dialog::Prompt {
        kind: PromptKind::Event,
        input: TextArea::new(vec![v.concat()]),
        error: Some(v.concat()),
    });
    draw(&mut app, "event prompt", &sizes);

    // The 100 KB body: cut, and the rest of it scrolls into view.
    app.dialog = None;
    app.inapp.selected = 0;
    app.inapp.detail = Detail::Message;
    app.inapp.page = 0;
    app.preview_scroll = 0;
    let top = draw(&mut app, "the huge body", &[(120, 40)]).remove(0);
    assert!(top.contains("↓ more"), "{top}");
    assert!(app.scroll_limits.preview.get() > 0);
    app.preview_scroll = u16::MAX;
    let end = draw(&mut app, "the huge body scrolled", &[(120, 40)]).remove(0);
    assert!(end.contains("more characters not drawn"), "{end}");
    eprintln!("in-app frames with hostile values: {frames} drawn, no control character on screen");
}
