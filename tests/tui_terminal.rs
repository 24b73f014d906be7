//! A real terminal: the built binary runs inside tmux (its own server socket, no user
//! config). Type into a field and see the preview change, submit to the built-in sandbox,
//! quit, then check that the shell got its terminal back: the console's `echo EXITED` runs,
//! the pane left the alternate screen and `stty -a` shows a cooked terminal. The same
//! when the console is ended by SIGTERM, SIGHUP or SIGINT (the unsaved form is kept in the
//! draft), or by a panic (written with a backtrace to the log). After a kill -9 the next
//! start offers the draft back. The In-app view's keys, at 120x40 and 80x24, against the
//! example campaigns created with the command line. The form's keys (letters on a choice
//! field, typing on a list row, ctrl+u, ctrl+z across a dialog, esc out of the preview, a
//! JSON endpoint pasted into a field) at 120x40, 80x24 and 60x20, where the header keeps
//! its unsaved marker and the key bar its esc.

mod common;

use common::{Succeeds, assert_success};

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One test per terminal size, named `$name`, each running `$run` at its size.
macro_rules! at_sizes {
    ($run:ident { $($name:ident: $size:expr),+ $(,)? }) => {$(
        #[test]
        fn $name() {
            $run($size);
        }
    )+};
}

/// The longest any one wait lasts.
const WAIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(25);

const ENDPOINT_ID: &str = "qa-tmux-0001";
const USER_ID: &str = "qa-tmux-user";

/// A tmux server of our own (its socket in the test's temporary directory) with one
/// session; killed on drop, whatever happened.
struct Tmux {
    socket: PathBuf,
    session: String,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket).args(["-f", "/dev/null"]);
        cmd.stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd().args(args).output().expect("tmux runs");
        assert_success(&out, &format!("tmux {args:?}"));
        out
    }

    /// The visible pane (the alternate screen while the console has it).
    fn capture(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", &self.session, format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Types text literally.
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.session, "-l", text]);
    }

    /// Sends named keys (`F5`, `Escape`, `Down`...).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Polls the pane until `ok` holds; fails with the last capture after `WAIT`.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out after {WAIT:?} waiting for {what}; the pane shows:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .cmd()
            .args(["kill-server"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// tmux, installed when missing (bounded), never skipped.
fn ensure_tmux() {
    let present = Command::new("tmux")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return;
    }
    let status = Command::new("timeout")
        .args(["300", "apt-get", "install", "-y", "tmux"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null())
        .status()
        .expect("apt-get runs");
    assert!(status.success(), "tmux could not be installed: {status}");
}

fn quote(path: &Path) -> String {
    shlex::try_quote(path.to_str().expect("a UTF-8 path"))
        .expect("a quotable path")
        .into_owned()
}

/// The `stty -a` flags: each word, split on blanks and semicolons.
fn stty_flags(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The console running in its own tmux server, in a temporary home; after it ends, the
/// pane's shell prints EXITED and the exit code, and saves `stty -a`.
struct Session {
    tmux: Tmux,
    home: tempfile::TempDir,
    stty_file: PathBuf,
}

impl Session {
    fn start() -> Session {
        Self::start_in(tempfile::tempdir().unwrap(), "")
    }

    /// Starts the console in `home` (which may hold a previous run's files), with extra
    /// `NAME=value` environment words.
    fn start_in(home: tempfile::TempDir, env: &str) -> Session {
        Self::start_sized(home, env, (100, 30))
    }

    /// `start_in` on a terminal of `(columns, rows)`.
    fn start_sized(home: tempfile::TempDir, env: &str, (columns, rows): (u16, u16)) -> Session {
        ensure_tmux();
        let config_dir = home.path().join("config");
        let data_dir = home.path().join("data");
        let stty_file: PathBuf = home.path().join("stty.txt");
        let binary = PathBuf::from(env!("CARGO_BIN_EXE_pinpoint-console"));
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let unique = format!("ppc-tui-{}-{nanos}", std::process::id());
        let tmux = Tmux {
            // A socket of its own: a second start in the same home must not meet the first
            // start's server while it shuts down.
            socket: home.path().join(format!("tmux-{nanos}.sock")),
            session: unique,
        };
        let shell = format!(
            "env -u AWS_PROFILE -u AWS_REGION -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_PINPOINT \
             PINPOINT_CONSOLE_CONFIG_DIR={config} PINPOINT_CONSOLE_DATA_DIR={data} \
             AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null {env} \
             {binary}; echo EXITED $?; stty -a > {stty}; sleep 30",
            config = quote(&config_dir),
            data = quote(&data_dir),
            binary = quote(&binary),
            stty = quote(&stty_file),
        );
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            &columns.to_string(),
            "-y",
            &rows.to_string(),
            &shell,
        ]);
        // Escape reaches the console at once (no wait for a possible Alt sequence).
        tmux.run(&["set-option", "-g", "escape-time", "0"]);
        Session {
            tmux,
            home,
            stty_file,
        }
    }

    /// Quits: esc to the section list (twice: from the preview esc goes to the form first),
    /// q, and y to the unsaved-changes question when it comes.
    fn quit(&self) {
        for _ in 0..2 {
            self.tmux.keys(&["Escape"]);
            std::thread::sleep(Duration::from_millis(100));
        }
        self.tmux.type_text("q");
        let screen = self.tmux.wait_for("the quit question or the shell", |s| {
            s.contains("Quit and discard them?") || s.contains("EXITED")
        });
        if !screen.contains("EXITED") {
            self.tmux.type_text("y");
        }
    }

    /// The console's process id: the child of the pane's shell.
    fn console_pid(&self) -> String {
        let shell = self.tmux.display("#{pane_pid}");
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
        let pids: Vec<&str> = children.split_whitespace().collect();
        assert_eq!(pids.len(), 1, "one child of the pane's shell: {children:?}");
        pids[0].to_string()
    }

    /// After the console ended: the shell printed EXITED (with this code, if given), the
    /// pane left the alternate screen, and `stty -a` shows a cooked terminal with echo.
    fn check_the_shell_is_back(&self, code: Option<i32>) {
        let screen = self
            .tmux
            .wait_for("EXITED from the shell", |s| s.contains("EXITED"));
        if let Some(code) = code {
            assert!(
                screen.contains(&format!("EXITED {code}")),
                "exit code {code}: {screen}"
            );
        }
        assert!(
            !screen.contains("pinpoint-console │"),
            "the console's screen is gone: {screen}"
        );
        assert_eq!(
            self.tmux.display("#{alternate_on}"),
            "0",
            "the pane left the alternate screen"
        );
        assert_eq!(
            self.tmux.display("#{cursor_flag}"),
            "1",
            "the cursor is shown"
        );
        let start = Instant::now();
        let stty = loop {
            if let Ok(text) = std::fs::read_to_string(&self.stty_file)
                && text.contains("icanon")
            {
                break text;
            }
            assert!(start.elapsed() < WAIT, "stty -a was not written");
            std::thread::sleep(POLL);
        };
        let flags = stty_flags(&stty);
        for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
            assert!(
                flags.iter().any(|f| f == flag),
                "`{flag}` is on after quitting: {stty}"
            );
            assert!(
                !flags.iter().any(|f| *f == format!("-{flag}")),
                "`-{flag}` after quitting: {stty}"
            );
        }
    }
}

#[test]
fn console_in_tmux_types_previews_submits_and_gives_the_terminal_back() {
    let session = Session::start();
    let tmux = &session.tmux;

    // The first frame.
    let started = Instant::now();
    let screen = tmux.wait_for("the first frame", |s| s.contains("pinpoint-console"));
    let first_frame = started.elapsed();
    assert!(screen.contains("Endpoint id"), "{screen}");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "1",
        "the console is on the alternate screen"
    );

    // Type into the first field (endpoint id), then the user id: the preview changes.
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    tmux.type_text(ENDPOINT_ID);
    tmux.wait_for("the endpoint id in its field", |s| {
        s.lines()
            .any(|l| l.contains("Endpoint id") && l.contains(ENDPOINT_ID))
    });
    let before = tmux.capture();
    assert!(!before.contains(USER_ID));
    tmux.keys(&["Down"]);
    tmux.type_text(USER_ID);
    let screen = tmux.wait_for("the user id in the preview's JSON", |s| {
        s.contains(&format!("\"UserId\": \"{USER_ID}\""))
    });
    assert!(screen.contains("\"User\": {"), "{screen}");
    assert!(
        screen.contains("unsaved"),
        "the header marks the change: {screen}"
    );

    // Submit.
    tmux.keys(&["F5"]);
    let screen = tmux.wait_for("UpdateEndpoint 202 in the status line", |s| {
        s.contains("UpdateEndpoint 202")
    });
    assert!(screen.contains("GetEndpoint 200"), "{screen}");

    session.quit();

    // The shell side.
    session.check_the_shell_is_back(Some(0));
    // And the endpoint is in the sandbox database of the console's data directory.
    let db = session.home.path().join("data").join("sandbox.sqlite3");
    let store = pinpoint_console::sandbox::store::Store::open(&db, "now").unwrap();
    let stored = store
        .get_endpoint(pinpoint_console::sandbox::DEFAULT_APP_ID, ENDPOINT_ID)
        .unwrap();
    assert_eq!(
        stored.user.and_then(|u| u.user_id).as_deref(),
        Some(USER_ID)
    );
    eprintln!("first frame in tmux after {first_frame:?} (debug build, from new-session)");
}

/// Types an endpoint id, sends `signal` to the console, checks the terminal came back, the
/// exit code is 128 + the signal's number (`number`) as shells report it, and the unsaved
/// form was kept in the draft.
fn ended_by(signal: &str, number: i32) {
    let session = Session::start();
    let tmux = &session.tmux;
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    // Unsaved changes do not hold a signal up.
    tmux.type_text(ENDPOINT_ID);
    tmux.wait_for("the endpoint id in its field", |s| s.contains(ENDPOINT_ID));
    let pid = session.console_pid();
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    session.check_the_shell_is_back(Some(128 + number));
    let draft = session.home.path().join("data").join("draft.toml");
    let text = std::fs::read_to_string(&draft).expect("the draft is kept after a signal");
    assert!(
        text.contains(&format!("endpoint_id = \"{ENDPOINT_ID}\"")),
        "{text}"
    );
}

#[test]
fn console_ended_by_sigterm_gives_the_terminal_back() {
    ended_by("TERM", 15);
}

#[test]
fn console_ended_by_sighup_gives_the_terminal_back() {
    ended_by("HUP", 1);
}

#[test]
fn console_ended_by_sigint_gives_the_terminal_back() {
    ended_by("INT", 2);
}

#[test]
fn a_panic_gives_the_terminal_back_and_is_logged_with_a_backtrace() {
    let session = Session::start_in(
        tempfile::tempdir().unwrap(),
        &format!("{}=1", pinpoint_console::tui::PANIC_FOR_TEST),
    );
    session.check_the_shell_is_back(Some(101));
    let screen = session.tmux.capture();
    let log = session
        .home
        .path()
        .join("data")
        .join("pinpoint-console.log");
    assert!(
        screen.contains("stopped on an internal error") && screen.contains("pinpoint-console.log"),
        "the user is pointed to the log: {screen}"
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("the console panicked"), "{text}");
    assert!(
        text.contains(pinpoint_console::tui::PANIC_FOR_TEST),
        "{text}"
    );
    assert!(text.contains("backtrace"), "{text}");
}

/// A panic in a task (here the first call's): the runtime would catch it and go on, but the
/// console ends as for a panic of its own, with the unsaved form kept in the draft.
#[test]
fn a_panic_in_a_task_ends_the_console_and_keeps_the_form() {
    let session = Session::start_in(
        tempfile::tempdir().unwrap(),
        &format!("{}=call", pinpoint_console::tui::PANIC_FOR_TEST),
    );
    let tmux = &session.tmux;
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    tmux.type_text(ENDPOINT_ID);
    tmux.wait_for("the endpoint id in its field", |s| s.contains(ENDPOINT_ID));
    tmux.keys(&["F5"]);
    session.check_the_shell_is_back(Some(101));
    let screen = tmux.capture();
    assert!(
        screen.contains("stopped on an internal error") && screen.contains("pinpoint-console.log"),
        "the user is pointed to the log: {screen}"
    );
    let data = session.home.path().join("data");
    let log = std::fs::read_to_string(data.join("pinpoint-console.log")).unwrap();
    assert!(
        log.contains("is set to call") && log.contains("backtrace"),
        "{log}"
    );
    let draft = std::fs::read_to_string(data.join("draft.toml")).expect("the draft is kept");
    assert!(draft.contains(ENDPOINT_ID), "{draft}");
}

#[test]
fn after_a_kill_9_the_next_start_offers_the_unsaved_form_back() {
    let session = Session::start();
    let tmux = &session.tmux;
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    tmux.type_text(ENDPOINT_ID);
    let draft = session.home.path().join("data").join("draft.toml");
    let start = Instant::now();
    while !std::fs::read_to_string(&draft).is_ok_and(|t| t.contains(ENDPOINT_ID)) {
        assert!(
            start.elapsed() < WAIT,
            "the draft is written as the form changes"
        );
        std::thread::sleep(POLL);
    }
    let pid = session.console_pid();
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .unwrap()
            .success()
    );
    tmux.wait_for("the shell after the kill", |s| s.contains("EXITED"));
    let Session { tmux, home, .. } = session;
    drop(tmux);

    // The next start offers it back; y restores it, still unsaved.
    let session = Session::start_in(home, "");
    let tmux = &session.tmux;
    tmux.wait_for("the restore question", |s| {
        s.contains("Restore unsaved form")
    });
    tmux.type_text("y");
    let screen = tmux.wait_for("the restored endpoint id", |s| {
        s.lines()
            .any(|l| l.contains("Endpoint id") && l.contains(ENDPOINT_ID))
    });
    assert!(screen.contains("unsaved"), "{screen}");
    // A clean quit (discarding the changes) removes the draft.
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(100));
    tmux.type_text("q");
    tmux.wait_for("the quit question", |s| {
        s.contains("Quit and discard them?")
    });
    tmux.type_text("y");
    session.check_the_shell_is_back(Some(0));
    assert!(!draft.exists(), "a clean quit removes the draft");
}

#[test]
fn the_aws_cli_line_works_as_pasted_into_another_shell_while_the_console_runs() {
    let session = Session::start();
    let tmux = &session.tmux;
    // tmux keeps what the console copies (OSC 52) in a paste buffer.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    tmux.type_text(ENDPOINT_ID);
    tmux.wait_for("the endpoint id in its field", |s| s.contains(ENDPOINT_ID));
    // Pinpoint request -> Amplify userInfo -> AWS CLI, then copy.
    tmux.keys(&["C-p"]);
    tmux.wait_for("the Amplify preview", |s| s.contains("Amplify"));
    tmux.keys(&["C-p"]);
    tmux.wait_for("the AWS CLI preview", |s| s.contains("update-endpoint"));
    tmux.keys(&["C-y"]);
    tmux.wait_for("the copy notice", |s| s.contains("to the clipboard"));
    let line = String::from_utf8(tmux.run(&["show-buffer"]).stdout).unwrap();
    let line = line.trim_end();
    assert!(
        line.starts_with("aws --endpoint-url http://127.0.0.1:"),
        "{line}"
    );

    // Another shell, the console still running: the line as pasted creates the endpoint in
    // the console's sandbox, and the AWS CLI reads it back from the URL the line names.
    let clients = common::clients::clients();
    let scratch = tempfile::tempdir().unwrap();
    let aws_dir = clients.aws.parent().filter(|d| !d.as_os_str().is_empty());
    let path = match aws_dir {
        Some(dir) => format!("{}:{}", dir.display(), std::env::var("PATH").unwrap()),
        None => std::env::var("PATH").unwrap(),
    };
    let mut pasted = Command::new("sh");
    pasted.args(["-c", line]).env("PATH", &path);
    common::clients::aws_env(&mut pasted, scratch.path());
    assert_cmd::Command::from_std(pasted)
        .timeout(common::clients::CLIENT_TIMEOUT)
        .succeeds(line);
    let url = line.split_whitespace().nth(2).unwrap();
    let mut get = Command::new(&clients.aws);
    get.args(["--endpoint-url", url, "pinpoint", "get-endpoint"])
        .args([
            "--application-id",
            pinpoint_console::sandbox::DEFAULT_APP_ID,
        ])
        .args(["--endpoint-id", ENDPOINT_ID]);
    common::clients::aws_env(&mut get, scratch.path());
    let out = assert_cmd::Command::from_std(get)
        .timeout(common::clients::CLIENT_TIMEOUT)
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains(ENDPOINT_ID),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The console is still there, and quits cleanly.
    session.quit();
    session.check_the_shell_is_back(Some(0));
}

/// The example segments, in-app template and campaigns created in `home`'s sandbox with the
/// command line, and the two in-app profiles imported.
fn create_inapp_examples(home: &common::Home) {
    let files = |dir: &str| -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(common::repo_file(&format!("assets/{dir}")))
            .unwrap()
            .map(|e| e.unwrap().path().to_string_lossy().into_owned())
            .filter(|p| p.ends_with(".json"))
            .collect();
        files.sort();
        files
    };
    for what in ["segments", "templates", "campaigns"] {
        home.cmd()
            .args([what, "create"])
            .args(files(what))
            .assert()
            .success();
    }
    for profile in ["app-premium", "app-berlin"] {
        let file = common::repo_file(&format!("assets/profiles/{profile}.json"));
        home.cmd()
            .args(["profiles", "import"])
            .arg(file)
            .assert()
            .success();
    }
}

/// Loads a saved profile through the profiles picker.
fn load_profile(tmux: &Tmux, profile: &str) {
    tmux.keys(&["C-o"]);
    tmux.wait_for("the profiles", |s| s.contains("Profiles"));
    tmux.type_text(profile);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the profile loaded", |s| {
        s.contains(&format!("loaded profile `{profile}`"))
    });
}

/// ctrl+e, then `event` typed into the event prompt and entered.
fn fire_event(tmux: &Tmux, event: &str) {
    tmux.keys(&["C-e"]);
    tmux.wait_for("the event prompt", |s| s.contains("Fire an in-app event"));
    tmux.type_text(event);
    tmux.keys(&["Enter"]);
}

fn in_app_keys_at(size: (u16, u16)) {
    let home = common::Home::new();
    create_inapp_examples(&home);
    let session = Session::start_sized(home.dir, "", size);
    let tmux = &session.tmux;
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    load_profile(tmux, "app-premium");
    // The preview key goes through the Segments view (GetSegments) to the In-app view, at
    // typing speed: the campaigns load when the segments are in.
    tmux.keys(&["C-p", "C-p", "C-p", "C-p"]);
    tmux.wait_for("the In-app view", |s| s.contains("reach this form"));
    tmux.keys(&["Tab"]);
    // (At 80 columns the words are shortened: `↑↓` alone.)
    tmux.wait_for("the In-app keys in the key bar", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("↑↓") && l.contains("enter open"))
    });
    let screen = tmux.capture();
    assert!(screen.contains("4 of 6 reach this form"), "{screen}");
    for line in ["✓ loyalty-reward", "✗ berlin-store", "MIDDLE_BANNER"] {
        assert!(screen.contains(line), "{line}: {screen}");
    }

    // m draws the selected message; ↓ selects the next campaign.
    tmux.type_text("m");
    tmux.wait_for("the message drawn", |s| s.contains("app screen (iOS)"));
    tmux.keys(&["Down", "Down", "Down"]);
    tmux.wait_for("premium-welcome's carousel", |s| {
        s.contains("page 1 of 3") && s.contains("Welcome back")
    });
    tmux.keys(&["Right"]);
    tmux.wait_for("the carousel's second page", |s| s.contains("Offline maps"));

    // ctrl+e fires an event: the message the app would display is marked and drawn.
    fire_event(tmux, "level_complete score:=150");
    let screen = tmux.wait_for("loyalty-reward shown", |s| {
        s.contains("loyalty-reward is the only qualifying message")
    });
    assert!(
        screen.contains("Level up!"),
        "the shown message is drawn: {screen}"
    );
    fire_event(tmux, "purchase item=gloves price:=12");
    tmux.wait_for("no message for purchase", |s| {
        s.lines()
            .any(|l| l.starts_with("event purchase") && l.contains("no cached message"))
    });

    // ctrl+f lists the campaigns and templates; enter opens one, m shows its JSON.
    tmux.keys(&["C-f"]);
    // The names whole, at 80 columns too.
    tmux.wait_for("the campaigns picker with their names", |s| {
        s.contains("Campaigns and in-app templates")
            && ["premium-welcome", "spring-sale", "gloves-modal"]
                .iter()
                .all(|name| s.contains(&format!(" {name} ")))
    });
    tmux.type_text("gloves-promo");
    tmux.keys(&["Enter"]);
    tmux.wait_for("gloves-promo opened", |s| {
        s.contains("campaign gloves-promo") && s.contains("Keep them warm")
    });
    tmux.type_text("m");
    tmux.wait_for("its JSON", |s| s.contains("\"Name\": \"gloves-promo\""));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the opened message closed", |s| {
        !s.contains("campaign gloves-promo") && s.contains("reach this form")
    });

    // r loads the lists again; the other profile gets the Berlin campaigns.
    tmux.type_text("r");
    tmux.wait_for("the campaigns loaded again", |s| {
        s.lines().any(|l| l.starts_with("GetCampaigns 200"))
    });
    load_profile(tmux, "app-berlin");
    fire_event(tmux, "store_visit store=mitte");
    let screen = tmux.wait_for("berlin-store shown", |s| {
        s.contains("berlin-store is the only qualifying message")
    });
    assert!(screen.contains("Willkommen in Mitte"), "{screen}");
    assert!(screen.contains("2 of 6 reach this form"), "{screen}");

    tmux.keys(&["Escape"]);
    session.quit();
    session.check_the_shell_is_back(Some(0));
}

at_sizes!(in_app_keys_at {
    in_app_keys_in_tmux_at_120x40: (120, 40),
    in_app_keys_in_tmux_at_80x24: (80, 24),
});

/// The line of the pane that holds `label` (a form row).
fn row_of<'a>(screen: &'a str, label: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no `{label}` row: {screen}"))
}

fn form_keys_at(size: (u16, u16)) {
    let session = Session::start_sized(tempfile::tempdir().unwrap(), "", size);
    let tmux = &session.tmux;
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    // ctrl+u clears the endpoint id; ctrl+z brings it back.
    tmux.type_text("qa-keys-1");
    tmux.wait_for("the endpoint id typed", |s| {
        row_of(s, "Endpoint id").contains("qa-keys-1")
    });
    tmux.keys(&["C-u"]);
    tmux.wait_for("the endpoint id cleared", |s| {
        !row_of(s, "Endpoint id").contains("qa-keys")
    });
    tmux.keys(&["C-z"]);
    tmux.wait_for("the endpoint id back", |s| {
        row_of(s, "Endpoint id").contains("qa-keys-1")
    });
    // `e` on the channel type is EMAIL.
    tmux.keys(&["Down", "Down"]);
    tmux.type_text("e");
    let screen = tmux.wait_for("EMAIL chosen", |s| {
        row_of(s, "Channel type").contains("EMAIL")
    });
    assert!(
        screen.lines().next().unwrap().contains("● unsaved"),
        "{screen}"
    );
    // The choice field's keys, esc among them.
    assert!(screen.lines().last().unwrap().contains("esc"), "{screen}");
    // A prompt opened and closed: undo still takes back the channel type.
    tmux.keys(&["C-g"]);
    tmux.wait_for("the fetch prompt", |s| s.contains("Fetch endpoint"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the prompt closed", |s| !s.contains("Fetch endpoint"));
    tmux.keys(&["C-z"]);
    tmux.wait_for("the channel type unset again", |s| {
        row_of(s, "Channel type").contains("(unset)") && s.contains("undone")
    });
    // A JSON endpoint pasted into the endpoint id: a question, n leaves the field.
    tmux.keys(&["Up", "Up"]);
    tmux.run(&[
        "set-buffer",
        r#"{"address": "+12065550100", "optOut": "NONE"}"#,
    ]);
    tmux.run(&["paste-buffer", "-p", "-t", &tmux.session]);
    tmux.wait_for("the load question", |s| s.contains("Load pasted endpoint"));
    tmux.type_text("n");
    tmux.wait_for("the question gone, the field as it was", |s| {
        !s.contains("Load pasted endpoint") && row_of(s, "Endpoint id").contains("qa-keys-1")
    });
    // Metrics: typing on the empty list starts a name; its number left empty is invalid.
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(100));
    tmux.type_text("5");
    tmux.keys(&["Enter"]);
    tmux.type_text("logins");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the number being typed", |s| s.contains("logins"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the empty metric shown as invalid", |s| {
        s.contains("⚠ empty")
    });
    assert!(!screen.contains("\"logins\": 0"), "{screen}");
    // Typing on its row edits the number; ins and del are the list's add and remove.
    tmux.keys(&["Right"]);
    tmux.type_text("42");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the metric's number, and the list's keys", |s| {
        s.contains("\"logins\": 42") && s.lines().last().is_some_and(|l| l.contains("ins add"))
    });
    // esc leaves the preview pane for the form.
    tmux.keys(&["Tab"]);
    tmux.wait_for("the preview's keys", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("esc") && !l.contains("ins"))
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the list's keys again", |s| {
        s.lines().last().is_some_and(|l| l.contains("ins"))
    });
    tmux.keys(&["Delete"]);
    tmux.wait_for("the metric removed", |s| s.contains("removed `logins`"));
    session.quit();
    session.check_the_shell_is_back(Some(0));
}

at_sizes!(form_keys_at {
    form_keys_in_tmux_at_120x40: (120, 40),
    form_keys_in_tmux_at_80x24: (80, 24),
    form_keys_in_tmux_at_60x20: (60, 20),
});

/// A user lookup at `size`: del deletes the selected endpoint, ctrl+x all of them, each only
/// after `y`; enter loads one and shows its stored record. Then a submit says that it
/// created the endpoint, and a resubmit what it changed, before → after.
fn user_lookup_keys_at(size: (u16, u16)) {
    let home = common::Home::new();
    let qa_ios = common::repo_file("assets/profiles/qa-ios.json");
    for n in 1..=3 {
        home.cmd()
            .arg("put")
            .arg(&qa_ios)
            .args(["--endpoint-id", &format!("qa-lk-{n}")])
            .assert()
            .success();
    }
    let session = Session::start_sized(home.dir, "", size);
    let tmux = &session.tmux;
    tmux.wait_for("the connection to the sandbox", |s| {
        s.contains("connected to `sandbox`")
    });
    // Each wait names the whole screen it waits for: a capture may catch a frame half drawn.
    let look_up = |rows: &[&str]| {
        tmux.keys(&["C-l"]);
        tmux.wait_for("the user prompt", |s| s.contains("Look up a user"));
        tmux.type_text("qa-user-0001");
        tmux.keys(&["Enter"]);
        tmux.wait_for("the user's endpoints and both delete keys", |s| {
            s.contains("Endpoints of user qa-user-0001")
                && s.contains("del delete one")
                && s.contains("ctrl+x delete all")
                && s.lines().filter(|l| l.contains("│qa-lk-")).count() == rows.len()
                && rows.iter().all(|r| s.contains(&format!("│{r} ")))
        })
    };
    look_up(&["qa-lk-1", "qa-lk-2", "qa-lk-3"]);

    // del on the second row asks about that one; enter does not confirm, y does.
    tmux.keys(&["Down", "DC"]);
    tmux.wait_for("the question about qa-lk-2", |s| {
        s.contains("Delete endpoint `qa-lk-2` of user `qa-user-0001`")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("enter refused", |s| s.contains("press y to delete"));
    tmux.type_text("y");
    // (The status line is cut at 80 columns, before its end.)
    tmux.wait_for("qa-lk-2 removed", |s| s.contains("DeleteEndpoint 202"));

    // The list again: qa-lk-2 is gone; enter loads qa-lk-1 with its stored record.
    look_up(&["qa-lk-1", "qa-lk-3"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the stored record of qa-lk-1", |s| {
        s.contains("Stored record")
            && s.contains("✓ matches the form")
            && s.contains("\"ApplicationId\":")
            && !s.contains("Endpoints of user")
    });

    // ctrl+x deletes all of the user's endpoints, after y.
    look_up(&["qa-lk-1", "qa-lk-3"]);
    tmux.keys(&["C-x"]);
    tmux.wait_for("the question about all of them", |s| {
        s.contains("Delete all 2 endpoints of user `qa-user-0001`")
    });
    tmux.type_text("y");
    tmux.wait_for("both removed", |s| s.contains("DeleteUserEndpoints 202"));

    // The form still holds qa-lk-1: submitting creates it again.
    tmux.keys(&["F5"]);
    tmux.wait_for("the endpoint created", |s| {
        s.contains("+ created: endpoint `qa-lk-1`")
    });
    // A resubmit with another city says what it changed.
    // (esc first on its own: esc and 4 in one read would be alt+4.)
    tmux.keys(&["Escape"]);
    tmux.wait_for("the section list", |s| s.contains("↑↓ section"));
    tmux.type_text("4");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the city field", |s| s.contains("City"));
    tmux.keys(&["BSpace"; 7]);
    tmux.type_text("Tacoma");
    tmux.keys(&["F5"]);
    tmux.wait_for("what the write changed", |s| {
        s.contains("the write changed 1 field") && s.contains("location.city Seattle → Tacoma")
    });

    session.quit();
    session.check_the_shell_is_back(Some(0));
}

at_sizes!(user_lookup_keys_at {
    user_lookup_keys_in_tmux_at_120x40: (120, 40),
    user_lookup_keys_in_tmux_at_80x24: (80, 24),
});
