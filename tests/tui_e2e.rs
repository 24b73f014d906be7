//! End to end: the real event loop (`tui::event_loop::run`) driven by scripted keys against
//! the in-process sandbox, on a `TestBackend`. Fill a user, submit, fetch it back, look it
//! up by user id, save it as a profile, start a new form, reload the profile, quit.
//!
//! The loop reports the state after every redraw through `observe`; the script waits (at
//! most `WAIT` each time) on that for a condition before the next keys. Only loopback.
//!
//! Two more runs of the loop pin down behaviours of the loop and the runner: a call made
//! after a while idle does not replay the spinner ticks missed meanwhile, and a slow
//! connection the user has since left (by picking another target) neither takes over nor
//! marks the current target as failed when it ends.

mod common;

use std::path::Path;
use std::time::Duration;

use crossterm::event::KeyCode;
use indexmap::IndexMap;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use pinpoint_console::model::UserInfo;
use pinpoint_console::model::form::{Location, MetricMap};
use pinpoint_console::sandbox::DEFAULT_APP_ID;
use pinpoint_console::sandbox::store::Store;
use pinpoint_console::store::paths::Paths;
use pinpoint_console::tui::app::{App, Dialog, Link, Question};

use common::console::{self, Keys, LoopEnd};
use common::no_instance_metadata;

/// The longest the script waits for any one thing.
const WAIT: Duration = Duration::from_secs(10);
/// The longest the whole script may take.
const WHOLE: Duration = Duration::from_secs(120);

const ENDPOINT_ID: &str = "qa-e2e-0001";
const USER_ID: &str = "qa-user-e2e";
const ADDRESS: &str = "qa-e2e@example.com";
const PROFILE: &str = "e2e-user";

/// What the script can see of the state after a redraw.
#[derive(Debug, Clone, Default)]
struct Seen {
    frames: u64,
    connected: bool,
    /// `connecting:NAME`, `connected:NAME` or `failed:NAME`.
    link: String,
    spinner: usize,
    status: String,
    busy: bool,
    form: UserInfo,
    dirty: bool,
    /// `confirm:<title>`, `prompt:<kind>`, `picker:<kind>`, `help`, `message:<title>`.
    dialog: Option<String>,
    /// A question's lines, whether y waits, and whether enter was refused.
    confirm_lines: Vec<String>,
    confirm_holds: bool,
    refused_enter: bool,
    /// The rows a picker shows (after its filter), and the filter.
    picker_rows: usize,
    picker_filter: String,
    /// The key of the picker's selected row, and its place among the rows shown.
    picker_current: Option<String>,
    picker_selected: usize,
    /// What landed after a submit: the endpoint id and how many fields differ.
    landed: Option<(Option<String>, usize)>,
    landed_form: Option<UserInfo>,
    profile: Option<String>,
    origin: Option<String>,
    /// Each segment's outcome for the form, as the Segments view shows them.
    segments: Vec<String>,
    quit: bool,
    /// The link as the very first frame showed it.
    first_frame_link: String,
}

fn snapshot(app: &App, frames: u64) -> Seen {
    let (dialog, picker_rows, picker_filter, picker_current) = match &app.dialog {
        None => (None, 0, String::new(), None),
        Some(Dialog::Help { .. }) => (Some("help".to_string()), 0, String::new(), None),
        Some(Dialog::Confirm(Question { title, .. })) => {
            (Some(format!("confirm:{title}")), 0, String::new(), None)
        }
        Some(Dialog::Message { title, .. }) => {
            (Some(format!("message:{title}")), 0, String::new(), None)
        }
        Some(Dialog::Prompt { kind, .. }) => {
            (Some(format!("prompt:{kind:?}")), 0, String::new(), None)
        }
        Some(Dialog::Picker(p)) => (
            Some(format!("picker:{:?}", p.kind)),
            p.visible().len(),
            p.filter_text(),
            p.current().map(|r| r.key.clone()),
        ),
        Some(Dialog::Opened(opened)) => (
            Some(format!("opened:{}", opened.title)),
            0,
            String::new(),
            None,
        ),
        Some(Dialog::Bulk(run)) => {
            let state = if run.report.is_some() {
                "done"
            } else {
                "running"
            };
            (Some(format!("bulk:{state}")), 0, String::new(), None)
        }
    };
    let link = match &app.link {
        Link::Connecting { target } => format!("connecting:{target}"),
        Link::Connected(c) => format!("connected:{}", c.target),
        Link::Failed { target, .. } => format!("failed:{target}"),
    };
    let (confirm_lines, confirm_holds, refused_enter) = match &app.dialog {
        Some(Dialog::Confirm(Question {
            lines,
            hold,
            refused_enter,
            ..
        })) => (lines.clone(), hold.is_some(), *refused_enter),
        _ => (Vec::new(), false, false),
    };
    Seen {
        frames,
        confirm_lines,
        confirm_holds,
        refused_enter,
        connected: matches!(app.link, Link::Connected(_)),
        link,
        spinner: app.spinner,
        status: app.status.text.clone(),
        busy: app.busy.is_some(),
        form: app.form.info.clone(),
        dirty: app.dirty(),
        dialog,
        picker_rows,
        picker_filter,
        picker_current,
        picker_selected: match &app.dialog {
            Some(Dialog::Picker(p)) => p.selected,
            _ => 0,
        },
        landed: app
            .landed
            .as_ref()
            .map(|l| (l.endpoint.id.clone(), l.differences.len())),
        landed_form: app
            .landed
            .as_ref()
            .map(|l| UserInfo::from_endpoint_response(&l.endpoint)),
        profile: app.profile.clone(),
        origin: app.origin.clone(),
        segments: app
            .segment_results
            .iter()
            .map(|r| format!("{:?} {}", r.outcome, r.name.clone().unwrap_or_default()))
            .collect(),
        quit: app.should_quit,
        first_frame_link: String::new(),
    }
}

/// Waits (at most `WAIT`) until the state satisfies `ok`; fails with the last state seen.
async fn wait(seen: &mut watch::Receiver<Seen>, what: &str, ok: impl Fn(&Seen) -> bool) -> Seen {
    console::wait_for(seen, WAIT, what, ok).await
}

/// The user the script types.
fn expected_user() -> UserInfo {
    let mut attributes = IndexMap::new();
    attributes.insert(
        "interests".to_string(),
        vec!["music".to_string(), "hiking".to_string()],
    );
    let mut metrics = MetricMap::new();
    metrics.insert("logins".to_string(), 15.0);
    UserInfo {
        endpoint_id: Some(ENDPOINT_ID.into()),
        user_id: Some(USER_ID.into()),
        channel_type: Some("EMAIL".into()),
        address: Some(ADDRESS.into()),
        opt_out: Some("NONE".into()),
        endpoint_status: Some("ACTIVE".into()),
        attributes,
        location: Location {
            city: Some("Seattle".into()),
            country: Some("US".into()),
            latitude: Some(47.6),
            longitude: Some(-122.3),
            ..Location::default()
        },
        metrics,
        ..UserInfo::default()
    }
}

/// Types the whole user into the form, starting on the Endpoint id field (the console's
/// first frame) and ending in the section list.
fn fill_user(k: &Keys) {
    use KeyCode::*;
    // Identity: endpoint id, user id, channel type, address, opt-out, status.
    k.type_text(ENDPOINT_ID);
    k.key(Down);
    k.type_text(USER_ID);
    k.key(Down);
    // Channel type: `e` jumps to EMAIL (→ would take ten presses).
    k.type_text("e");
    k.key(Down);
    k.type_text(ADDRESS);
    k.keys(&[Down, Right, Down, Right]); // opt-out NONE, status ACTIVE
    k.key(Esc); // to the section list
    // Attributes: a name with two values.
    k.keys(&[Down, Enter, Enter]); // Attributes, into the form, add a name
    k.type_text("interests");
    k.key(Enter); // the name is added; the first value is being edited
    k.type_text("music");
    k.key(Enter);
    k.key(Insert); // add a value after it
    k.type_text("hiking");
    k.key(Enter);
    k.key(Esc);
    // Location: Demographic, Location.
    k.keys(&[Down, Down, Enter]);
    k.type_text("Seattle");
    k.key(Down);
    k.type_text("US");
    k.keys(&[Down, Down, Down]); // postal code, region, latitude
    k.type_text("47.6");
    k.key(Down);
    k.type_text("-122.3");
    k.key(Esc);
    // Metrics: one name with a number.
    k.keys(&[Down, Enter, Enter]);
    k.type_text("logins");
    k.key(Enter); // the metric's number is being edited, from empty
    k.type_text("15");
    k.key(Enter);
    k.key(Esc);
}

/// A multi-thread runtime like the console's.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A console running the real event loop on a 120x40 `TestBackend`.
struct Console {
    keys: Keys,
    seen: watch::Receiver<Seen>,
    event_loop: JoinHandle<LoopEnd>,
}

impl Console {
    /// Prepares the console on `paths` (as `tui::run` does) and starts its loop on a task.
    fn start(paths: &Paths) -> Console {
        let mut frames = 0;
        let mut first_link = String::new();
        let (keys, seen, event_loop) = console::watched(paths, move |app: &App| {
            frames += 1;
            let mut seen = snapshot(app, frames);
            if frames == 1 {
                first_link = seen.link.clone();
            }
            seen.first_frame_link = first_link.clone();
            seen
        });
        Console {
            keys,
            seen,
            event_loop,
        }
    }

    /// Quits with Escape (to the section list) and q, answering y if asked; returns how
    /// the loop ended.
    async fn quit(mut self) -> LoopEnd {
        self.keys.key(KeyCode::Esc);
        self.keys.type_text("q");
        let s = wait(&mut self.seen, "the quit (or its question)", |s| {
            s.quit || s.dialog.as_deref() == Some("confirm:Quit")
        })
        .await;
        if !s.quit {
            self.keys.type_text("y");
        }
        let end = tokio::time::timeout(WAIT, self.event_loop)
            .await
            .expect("the loop returns after q")
            .expect("the loop task does not panic");
        assert!(self.seen.borrow().quit);
        end
    }
}

/// The endpoint as the sandbox database at `db` holds it.
fn stored_endpoint(db: &Path, endpoint_id: &str) -> Option<UserInfo> {
    let store = Store::open(db, "now").unwrap();
    store
        .get_endpoint(DEFAULT_APP_ID, endpoint_id)
        .ok()
        .map(|e| UserInfo::from_endpoint_response(&e))
}

#[test]
fn console_fills_submits_fetches_looks_up_saves_and_reloads() {
    no_instance_metadata();
    let runtime = runtime();
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    runtime.block_on(async {
        tokio::time::timeout(WHOLE, script(&paths))
            .await
            .expect("the whole script finishes in time");
    });
    drop(runtime);

    // The sandbox database holds the endpoint.
    let db = paths.sandbox_db();
    assert!(db.exists(), "{} exists", db.display());
    assert_eq!(stored_endpoint(&db, ENDPOINT_ID), Some(expected_user()));
}

async fn script(paths: &Paths) {
    let console = Console::start(paths);
    let k = &console.keys;
    let mut seen = console.seen.clone();

    // The first frame does not wait for the sandbox; then it connects.
    let first = wait(&mut seen, "the first frame", |s| s.frames >= 1).await;
    assert!(!first.dirty && first.dialog.is_none());
    assert_eq!(
        first.first_frame_link, "connecting:sandbox",
        "the first frame is drawn while the sandbox starts"
    );
    let s = wait(&mut seen, "the connection to the sandbox", |s| s.connected).await;
    assert!(
        s.status.contains("connected to `sandbox`") && s.status.contains("127.0.0.1"),
        "{}",
        s.status
    );

    // Fill a user.
    fill_user(k);
    let user = expected_user();
    let s = wait(&mut seen, "the typed user in the form", |s| s.form == user).await;
    assert!(s.dirty);

    // Submit; what landed is the form.
    k.key(KeyCode::F(5));
    let s = wait(&mut seen, "UpdateEndpoint 202", |s| {
        !s.busy && s.status.contains("UpdateEndpoint 202")
    })
    .await;
    assert!(s.status.contains("GetEndpoint 200"), "{}", s.status);
    assert!(s.status.contains("ms"), "latency shown: {}", s.status);
    assert!(s.status.contains("request id"), "request id: {}", s.status);
    assert!(
        s.status.contains("what landed matches the form"),
        "{}",
        s.status
    );
    assert_eq!(s.landed, Some((Some(ENDPOINT_ID.to_string()), 0)));
    assert_eq!(s.landed_form.as_ref(), Some(&user));

    // New form (it asks: the form was never saved), then fetch the endpoint back.
    k.ctrl('n');
    wait(&mut seen, "the unsaved-changes question", |s| {
        s.dialog.as_deref() == Some("confirm:Unsaved changes")
    })
    .await;
    k.type_text("y");
    let s = wait(&mut seen, "a new empty form", |s| {
        s.dialog.is_none() && s.form == UserInfo::default()
    })
    .await;
    assert!(!s.dirty && s.landed.is_none());
    k.ctrl('g');
    wait(&mut seen, "the fetch prompt", |s| {
        s.dialog.as_deref() == Some("prompt:FetchId")
    })
    .await;
    k.type_text(ENDPOINT_ID);
    k.key(KeyCode::Enter);
    let s = wait(&mut seen, "GetEndpoint 200 and the fetched form", |s| {
        !s.busy && s.status.contains("GetEndpoint 200") && s.dialog.is_none()
    })
    .await;
    assert_eq!(s.form, user, "the fetched form has the typed values");
    assert!(!s.dirty, "a fetched form is clean");
    assert_eq!(s.origin, Some(format!("fetched `{ENDPOINT_ID}`")));

    // Look it up by user id from an empty form and pick it from the list.
    k.ctrl('n');
    wait(&mut seen, "a new empty form", |s| {
        s.dialog.is_none() && s.form == UserInfo::default()
    })
    .await;
    k.ctrl('l');
    wait(&mut seen, "the user id prompt", |s| {
        s.dialog.as_deref() == Some("prompt:UserId")
    })
    .await;
    k.type_text(USER_ID);
    k.key(KeyCode::Enter);
    let s = wait(&mut seen, "the user's endpoints", |s| {
        !s.busy
            && s.dialog
                .as_deref()
                .is_some_and(|d| d.starts_with("picker:UserEndpoints"))
    })
    .await;
    assert!(
        s.status.contains("GetUserEndpoints 200") && s.status.contains("1 endpoints"),
        "{}",
        s.status
    );
    assert_eq!(s.picker_rows, 1);
    k.key(KeyCode::Enter);
    let s = wait(&mut seen, "the picked endpoint in the form", |s| {
        s.dialog.is_none() && s.form == user
    })
    .await;
    assert_eq!(
        s.origin,
        Some(format!("endpoint `{ENDPOINT_ID}` of user `{USER_ID}`"))
    );

    // Save it as a profile: the prompt suggests the endpoint id; replace it with a name.
    k.ctrl('s');
    wait(&mut seen, "the save-as prompt", |s| {
        s.dialog.as_deref() == Some("prompt:SaveAs")
    })
    .await;
    k.backspaces(ENDPOINT_ID.len());
    k.type_text(PROFILE);
    k.key(KeyCode::Enter);
    let s = wait(&mut seen, "the profile saved", |s| {
        s.profile.as_deref() == Some(PROFILE)
    })
    .await;
    assert!(s.status.contains(&format!("saved profile `{PROFILE}`")));
    assert!(!s.dirty);
    let file = paths.profiles_dir().join(format!("{PROFILE}.toml"));
    assert!(file.exists(), "{} exists", file.display());
    let saved: UserInfo = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved, user, "the profile file holds the form");

    // A new form, then reload the profile from the picker (filtered).
    k.ctrl('n');
    let s = wait(&mut seen, "a new empty form", |s| {
        s.dialog.is_none() && s.form == UserInfo::default()
    })
    .await;
    assert_eq!(s.profile, None);
    k.ctrl('o');
    wait(&mut seen, "the profile picker with its rows", |s| {
        s.dialog.as_deref() == Some("picker:Profiles") && s.picker_rows == 1
    })
    .await;
    k.type_text("e2e");
    let s = wait(&mut seen, "the filtered picker", |s| {
        s.picker_filter == "e2e"
    })
    .await;
    assert_eq!(s.picker_rows, 1);
    k.key(KeyCode::Enter);
    let s = wait(&mut seen, "the profile loaded", |s| {
        s.dialog.is_none() && s.profile.as_deref() == Some(PROFILE) && s.form == user
    })
    .await;
    assert!(s.status.contains(&format!("loaded profile `{PROFILE}`")));
    assert!(!s.dirty);
    assert_eq!(s.form, saved, "the reloaded form equals the saved one");

    // Quit: to the section list, then q (nothing unsaved: no question).
    let (result, terminal) = console.quit().await;
    let code = result.expect("the loop ends without an error");
    assert_eq!(code, 0, "a clean quit exits 0");
    // The last frame is the console's.
    let screen = common::screen::text(&terminal);
    assert!(screen.contains("pinpoint-console"));
    assert!(screen.contains(PROFILE));
}

/// The latency the status line reports (`… · 12 ms · …`).
fn latency_ms(status: &str) -> u64 {
    status
        .split(" · ")
        .find_map(|part| part.strip_suffix(" ms")?.parse().ok())
        .unwrap_or_else(|| panic!("no latency in `{status}`"))
}

#[test]
fn a_call_after_idling_does_not_replay_the_missed_spinner_ticks() {
    no_instance_metadata();
    let runtime = runtime();
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    runtime.block_on(async {
        let console = Console::start(&paths);
        let mut seen = console.seen.clone();
        wait(&mut seen, "the connection to the sandbox", |s| s.connected).await;
        console.keys.type_text("qa-idle-0001");
        wait(&mut seen, "the endpoint id", |s| {
            s.form.endpoint_id.as_deref() == Some("qa-idle-0001")
        })
        .await;
        // Idle: the spinner's interval is not polled (no call in flight), and nothing is
        // redrawn (no fixed-rate redraw; the draft's write half a second after the last key
        // changes nothing on screen).
        tokio::time::sleep(Duration::from_millis(800)).await;
        let before = seen.borrow().frames;
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(seen.borrow().spinner, 0);
        assert_eq!(seen.borrow().frames, before, "frames drawn while idle");
        console.keys.key(KeyCode::F(5));
        let s = wait(&mut seen, "UpdateEndpoint 202", |s| {
            !s.busy && s.status.contains("UpdateEndpoint 202")
        })
        .await;
        // One tick at once, then one every 100 ms of the call; not the ~30 missed while idle.
        let allowed = 2 + latency_ms(&s.status) as usize / 100;
        assert!(
            s.spinner <= allowed,
            "{} spinner ticks (redraws) during a call of {} ms",
            s.spinner,
            latency_ms(&s.status)
        );
        let (result, _) = console.quit().await;
        result.unwrap();
    });
}

/// Holds an exclusive lock on a new SQLite file: a sandbox target on it cannot start (it
/// waits for the lock, at most its 5 s busy timeout) until the lock is let go.
fn locked_db(path: &Path) -> rusqlite::Connection {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE; CREATE TABLE hold (x);")
        .unwrap();
    conn
}

/// Picks `target` in the target picker (ctrl+t), moving down to its row.
async fn switch_target(console: &Console, seen: &mut watch::Receiver<Seen>, target: &str) {
    console.keys.ctrl('t');
    let mut s = wait(seen, "the target picker", |s| {
        s.dialog.as_deref() == Some("picker:Targets") && s.picker_rows == 3
    })
    .await;
    // The picker opens on the current target: from the first row down.
    if s.picker_selected > 0 {
        console.keys.key(KeyCode::PageUp);
        s = wait(seen, "the first row", |s| s.picker_selected == 0).await;
    }
    for _ in 0..3 {
        if s.picker_current.as_deref() == Some(target) {
            break;
        }
        let before = s.picker_current.clone();
        console.keys.key(KeyCode::Down);
        s = wait(seen, "the next row", |s| s.picker_current != before).await;
    }
    assert_eq!(s.picker_current.as_deref(), Some(target));
    console.keys.key(KeyCode::Enter);
}

#[test]
fn a_slow_connection_left_behind_neither_takes_over_nor_fails_the_current_target() {
    no_instance_metadata();
    let runtime = runtime();
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let slow_ok_db = home.path().join("slow-ok").join("sandbox.sqlite3");
    let slow_fail_db = home.path().join("slow-fail").join("sandbox.sqlite3");
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    std::fs::write(
        paths.config_file(),
        format!(
            "[targets.slow_ok]\nkind = \"sandbox\"\ndb = {:?}\n\n[targets.slow_fail]\nkind = \"sandbox\"\ndb = {:?}\n",
            slow_ok_db.to_str().unwrap(),
            slow_fail_db.to_str().unwrap()
        ),
    )
    .unwrap();
    let slow_ok_lock = locked_db(&slow_ok_db);
    let _slow_fail_lock = locked_db(&slow_fail_db);
    runtime.block_on(async {
        let console = Console::start(&paths);
        let mut seen = console.seen.clone();
        wait(&mut seen, "the connection to the sandbox", |s| {
            s.link == "connected:sandbox"
        })
        .await;

        // A slow target that will connect: the user moves on to the sandbox meanwhile.
        switch_target(&console, &mut seen, "slow_ok").await;
        wait(&mut seen, "connecting to slow_ok", |s| {
            s.link == "connecting:slow_ok"
        })
        .await;
        switch_target(&console, &mut seen, "sandbox").await;
        wait(&mut seen, "the sandbox again", |s| {
            s.link == "connected:sandbox"
        })
        .await;
        // slow_ok's database opens now; its connection ends a moment later.
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(slow_ok_lock);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let s = seen.borrow().clone();
        assert_eq!(
            s.link, "connected:sandbox",
            "the target picked last stays: {}",
            s.status
        );

        // A slow target that will fail (its lock is kept): the user moves on again.
        switch_target(&console, &mut seen, "slow_fail").await;
        wait(&mut seen, "connecting to slow_fail", |s| {
            s.link == "connecting:slow_fail"
        })
        .await;
        switch_target(&console, &mut seen, "sandbox").await;
        wait(&mut seen, "the sandbox again", |s| {
            s.link == "connected:sandbox"
        })
        .await;
        // slow_fail gives up after SQLite's 5 s busy timeout.
        tokio::time::sleep(Duration::from_millis(6000)).await;
        let s = seen.borrow().clone();
        assert_eq!(
            s.link, "connected:sandbox",
            "a failure of a target left behind is not the current one's: {}",
            s.status
        );

        // And calls go to the sandbox picked last.
        console.keys.type_text("qa-race-0001");
        console.keys.key(KeyCode::F(5));
        let s = wait(&mut seen, "UpdateEndpoint 202", |s| {
            !s.busy && s.status.contains("UpdateEndpoint")
        })
        .await;
        assert!(s.status.contains("UpdateEndpoint 202"), "{}", s.status);
        let (result, _) = console.quit().await;
        result.unwrap();
    });
    drop(runtime);
    assert!(stored_endpoint(&paths.sandbox_db(), "qa-race-0001").is_some());
    assert!(stored_endpoint(&slow_ok_db, "qa-race-0001").is_none());
}

/// Segments: the Segments view answers for the form as it is edited. Bulk: the profile
/// picker sends 250 endpoints made from a profile, with a gauge, and they are stored.
#[test]
fn segments_view_follows_edits_and_bulk_runs_from_the_picker() {
    no_instance_metadata();
    let runtime = runtime();
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    // A segment and a profile on disk before the console starts.
    {
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        let mut store = Store::open(&paths.sandbox_db(), "now").unwrap();
        let segment: pinpoint_console::model::wire::SegmentResponse = serde_json::from_value(serde_json::json!({
            "ApplicationId": DEFAULT_APP_ID, "Arn": "arn", "CreationDate": "now", "Id": "frequent",
            "Name": "Frequent users", "SegmentType": "DIMENSIONAL",
            "Dimensions": {"Metrics": {"logins": {"ComparisonOperator": "GREATER_THAN", "Value": 10}}}
        }))
        .unwrap();
        store.put_segment(&segment).unwrap();
        let profiles = pinpoint_console::store::profiles::ProfileStore::new(paths.profiles_dir());
        profiles.save(PROFILE, &expected_user(), false).unwrap();
    }
    runtime.block_on(async {
        tokio::time::timeout(WHOLE, segments_and_bulk(&paths))
            .await
            .expect("the whole script finishes in time");
    });
    drop(runtime);
    let db = paths.sandbox_db();
    for n in [1, 125, 250] {
        let stored = stored_endpoint(&db, &format!("bulk-{n}"))
            .unwrap_or_else(|| panic!("bulk-{n} is stored"));
        assert_eq!(stored.user_id, Some(format!("bulk-user-{n}")));
        assert_eq!(stored.address, Some(format!("bulk+{n}@example.com")));
        assert_eq!(stored.metrics["logins"], 15.0);
        assert_eq!(
            stored.metrics["purchases"],
            if n % 2 == 1 { 1.0 } else { 2.0 }
        );
    }
    assert!(stored_endpoint(&db, "bulk-251").is_none());
}

async fn segments_and_bulk(paths: &Paths) {
    use KeyCode::*;
    let console = Console::start(paths);
    let k = &console.keys;
    let mut seen = console.seen.clone();
    wait(&mut seen, "the connection", |s| s.connected).await;

    // The Segments view (the preview key cycles to it) loads the segments.
    k.keys(&[Esc]);
    for _ in 0..3 {
        k.ctrl('p');
    }
    let s = wait(&mut seen, "the segments", |s| s.segments.len() == 1).await;
    assert_eq!(
        s.segments,
        ["NoMatch Frequent users"],
        "an empty form has no logins"
    );
    // Add a metric above the threshold: the answer follows the edit.
    k.keys(&[Char('5'), Enter, Enter]);
    k.type_text("logins");
    k.key(Enter);
    k.type_text("11");
    let s = wait(&mut seen, "the segment to match", |s| {
        s.segments == ["Match Frequent users"]
    })
    .await;
    assert_eq!(s.form.metrics["logins"], 11.0);
    k.key(Backspace);
    wait(&mut seen, "the segment to miss again", |s| {
        s.segments == ["NoMatch Frequent users"]
    })
    .await;
    k.keys(&[Enter, Esc]);

    // Bulk from the profile picker: F6, a count and templates, the plan, a gauge, a summary.
    // With the bulk command's options: an address each, and a metric that cycles.
    let s = plan_bulk(
        k,
        &mut seen,
        "250 bulk-{n} bulk-user-{n} --address bulk+{n}@example.com --vary metrics.purchases=1,2",
    )
    .await;
    assert!(
        s.confirm_lines
            .contains(&"  endpoint ids  bulk-1 .. bulk-250".to_string()),
        "{:?}",
        s.confirm_lines
    );
    k.type_text("y");
    let s = wait(&mut seen, "the bulk run to end", |s| {
        s.dialog.as_deref() == Some("bulk:done")
    })
    .await;
    assert!(
        s.status.contains("bulk: 250 endpoints written, 0 failed"),
        "{}",
        s.status
    );
    k.key(Enter);
    wait(&mut seen, "the summary to close", |s| s.dialog.is_none()).await;
    console.quit().await.0.unwrap();
}

/// Opens the profile picker on `PROFILE`, F6, types `text` over the suggestion and waits
/// for the plan, once its stored endpoints have been checked (y no longer waits).
async fn plan_bulk(k: &Keys, seen: &mut watch::Receiver<Seen>, text: &str) -> Seen {
    use KeyCode::*;
    k.ctrl('o');
    wait(seen, "the profile picker", |s| {
        s.picker_current.as_deref() == Some(PROFILE)
    })
    .await;
    k.key(F(6));
    wait(seen, "the bulk prompt", |s| {
        s.dialog
            .as_deref()
            .is_some_and(|d| d.starts_with("prompt:Bulk"))
    })
    .await;
    for _ in 0..80 {
        k.key(Backspace);
    }
    k.type_text(text);
    k.key(Enter);
    wait(seen, "the plan, checked", |s| {
        s.dialog
            .as_deref()
            .is_some_and(|d| d.starts_with("confirm:Bulk"))
            && !s.confirm_holds
    })
    .await
}

/// Bulk with one address for all: before anything is written, the plan lists the endpoint
/// already stored with that address (found through GetUserEndpoints of the profile's user),
/// and enter writes nothing; y does, and that endpoint becomes INACTIVE as the plan said,
/// with one of the plan's own endpoints left ACTIVE.
#[test]
fn bulk_names_the_stored_endpoint_it_would_make_inactive_before_writing() {
    no_instance_metadata();
    let runtime = runtime();
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let db = paths.sandbox_db();
    {
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        let mut store = Store::open(&db, "now").unwrap();
        let hand_made = UserInfo {
            endpoint_id: Some("hand-made".into()),
            ..expected_user()
        };
        store
            .update_endpoints(
                DEFAULT_APP_ID,
                vec![("hand-made".into(), hand_made.to_endpoint_request())],
                "now",
                "e2e",
            )
            .unwrap();
        let profiles = pinpoint_console::store::profiles::ProfileStore::new(paths.profiles_dir());
        profiles.save(PROFILE, &expected_user(), false).unwrap();
    }
    let status = |id: &str| {
        let store = Store::open(&db, "now").unwrap();
        store
            .get_endpoint(DEFAULT_APP_ID, id)
            .ok()
            .map(|e| e.endpoint_status.unwrap_or_default())
    };
    runtime.block_on(async {
        tokio::time::timeout(WHOLE, async {
            use KeyCode::*;
            let console = Console::start(&paths);
            let k = &console.keys;
            let mut seen = console.seen.clone();
            wait(&mut seen, "the connection", |s| s.connected).await;
            let s = plan_bulk(k, &mut seen, "3 bulk-{n}").await;
            let text = s.confirm_lines.join("\n");
            assert!(
                s.confirm_lines
                    .contains(&format!("  hand-made  EMAIL  user {USER_ID}")),
                "{text}"
            );
            assert!(
                text.contains("all 3 endpoints get the same address")
                    && text.contains("only one of them stays ACTIVE")
                    && text.contains(&format!("the endpoints of user `{USER_ID}`")),
                "{text}"
            );
            // Enter writes nothing.
            k.key(Enter);
            wait(&mut seen, "enter to be refused", |s| s.refused_enter).await;
            assert_eq!(status("bulk-1"), None, "nothing written before y");
            assert_eq!(status("hand-made").as_deref(), Some("ACTIVE"));
            k.type_text("y");
            let s = wait(&mut seen, "the bulk run to end", |s| {
                s.dialog.as_deref() == Some("bulk:done")
            })
            .await;
            assert!(
                s.status.contains("bulk: 3 endpoints written"),
                "{}",
                s.status
            );
            k.key(Enter);
            wait(&mut seen, "the summary to close", |s| s.dialog.is_none()).await;
            console.quit().await.0.unwrap();
        })
        .await
        .expect("the whole script finishes in time");
    });
    drop(runtime);
    assert_eq!(status("hand-made").as_deref(), Some("INACTIVE"));
    let active = (1..=3)
        .filter(|n| status(&format!("bulk-{n}")).as_deref() == Some("ACTIVE"))
        .count();
    assert_eq!(active, 1, "one of the plan's own endpoints stays ACTIVE");
}

/// A draft of a saved profile (the console was killed while the profile was being edited):
/// restored, it is still that profile, unsaved, and ctrl+s saves it back into it.
#[test]
fn a_restored_draft_of_a_profile_saves_back_into_the_profile() {
    use pinpoint_console::store::drafts::{self, Draft};
    use pinpoint_console::store::profiles::ProfileStore;
    no_instance_metadata();
    let runtime = runtime();
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let profiles = ProfileStore::new(paths.profiles_dir());
    profiles.save(PROFILE, &expected_user(), false).unwrap();
    let mut edited = expected_user();
    edited.user_id = Some("qa-user-edited".into());
    drafts::save(
        &paths.draft_file(),
        &Draft {
            form: edited.clone(),
            profile: Some(PROFILE.into()),
        },
    )
    .unwrap();
    runtime.block_on(async {
        let console = Console::start(&paths);
        let mut seen = console.seen.clone();
        wait(&mut seen, "the restore question", |s| {
            s.dialog.as_deref() == Some("confirm:Restore unsaved form")
        })
        .await;
        console.keys.type_text("y");
        let s = wait(&mut seen, "the restored form", |s| s.dialog.is_none()).await;
        assert_eq!(s.form, edited);
        assert_eq!(s.profile.as_deref(), Some(PROFILE), "still the profile");
        assert!(s.dirty, "and unsaved");
        console.keys.ctrl('s');
        wait(&mut seen, "the save", |s| {
            !s.dirty && s.status.contains("saved")
        })
        .await;
        let (result, _) = console.quit().await;
        assert_eq!(result.unwrap(), 0);
    });
    assert_eq!(
        profiles.load(PROFILE).unwrap(),
        edited,
        "saved into the profile"
    );
    assert!(
        !paths.draft_file().exists(),
        "a clean quit removes the draft"
    );
}

/// A draft that cannot be written (here its path is a directory) is said on the status line
/// at once, and the form stays as typed.
#[test]
fn a_draft_that_cannot_be_written_is_reported_at_once() {
    no_instance_metadata();
    let runtime = runtime();
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    std::fs::create_dir_all(paths.draft_file()).unwrap();
    runtime.block_on(async {
        let console = Console::start(&paths);
        let mut seen = console.seen.clone();
        wait(&mut seen, "the connection to the sandbox", |s| s.connected).await;
        console.keys.type_text("qa-draft-0001");
        // Half a second after the last key the draft is due; the failure shows by itself,
        // with no further key.
        let s = wait(&mut seen, "the failed draft on the status line", |s| {
            s.status.contains("could not be kept as a draft")
        })
        .await;
        assert_eq!(s.form.endpoint_id.as_deref(), Some("qa-draft-0001"));
        console.keys.key(KeyCode::Esc);
        console.keys.type_text("q");
        wait(&mut seen, "the quit question", |s| {
            s.dialog.as_deref() == Some("confirm:Quit")
        })
        .await;
        console.keys.type_text("y");
        let (result, _) = console.event_loop.await.unwrap();
        assert_eq!(result.unwrap(), 0);
    });
    assert!(paths.draft_file().is_dir(), "left as it was");
}
