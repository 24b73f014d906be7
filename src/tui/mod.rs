//! The console: the interactive app `pinpoint-console` opens. Elm-style: a state (`app`),
//! messages (`message`), a pure `update`, a pure `view` with one file per pane, and an event
//! loop that runs the effects (`runner`) on tasks so input never waits for the network.

pub mod app;
pub mod diff;
pub mod draft;
pub mod event_loop;
pub mod form;
pub mod history;
pub mod inapp;
pub mod keymap;
pub mod layout;
pub mod message;
pub mod palette;
pub mod runner;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use crossterm::event::EventStream;

use crate::pinpoint::Overrides;
use crate::store;
use crate::store::config::Config;
use crate::store::paths::Paths;

use app::App;
use keymap::Keymap;
use message::Effect;
use runner::{Clipboard, Runner};

/// The state, the runner and the message channel for a console on `target`, with the
/// configuration problems found on the way as notices.
pub fn prepare(
    paths: &Paths,
    overrides: &Overrides,
    clipboard: Clipboard,
) -> (
    App,
    Runner,
    tokio::sync::mpsc::UnboundedReceiver<message::Msg>,
) {
    let mut notices = Vec::new();
    let config = Config::load(paths).unwrap_or_else(|e| {
        notices.push(format!("config.toml not used: {e}"));
        Config::default()
    });
    let (keymap, key_errors) = Keymap::with_overrides(&config.keys);
    notices.extend(key_errors.into_iter().map(|e| e.0));
    let target = overrides
        .target
        .clone()
        .unwrap_or_else(|| config.default_target_name().to_string());
    // A draft left by a crash or a kill: offer it back.
    let draft_path = paths.draft_file();
    let draft = match store::drafts::load(&draft_path) {
        Some(Ok(draft)) => Some(draft),
        Some(Err(e)) => {
            notices.push(format!(
                "the draft does not parse and is left as it is: {e}"
            ));
            None
        }
        None => None,
    };
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let keeper = draft::DraftKeeper::new(draft_path.clone(), draft.clone(), tx.clone());
    let mut runner = Runner::new(
        tx,
        paths.clone(),
        config.clone(),
        overrides.clone(),
        clipboard,
        keeper,
    );
    let mut app = App::new(config, paths.clone(), keymap, target.clone());
    // In-app messages are drawn in their own colours when the terminal says it can.
    app.true_color = crossterm::style::available_color_count() == u16::MAX;
    app.notices = notices;
    if !app.notices.is_empty() {
        app.set_status_details(
            app::Tone::Warning,
            app.notices.join(" · "),
            app.notice_details(),
        );
    }
    update::sync_editor(&mut app);
    if let Some(draft) = draft {
        let modified = std::fs::metadata(&draft_path)
            .and_then(|m| m.modified())
            .map(crate::text::format_time)
            .unwrap_or_default();
        let endpoint = draft
            .form
            .endpoint_id
            .as_deref()
            .map(|id| format!(" for endpoint `{id}`"));
        let profile = draft
            .profile
            .as_deref()
            .map(|name| format!(" of profile `{}`", crate::text::printable(name)));
        let what = endpoint.unwrap_or_default() + &profile.unwrap_or_default();
        app.dialog = Some(app::Dialog::confirm(
            "Restore unsaved form",
            vec![
                format!(
                    "The console stopped last time with an unsaved form{what} ({modified} UTC)."
                ),
                format!("It was kept in {}.", draft_path.display()),
                "Restore it? (n starts with an empty form and removes the draft.)".into(),
            ],
            "restore",
            app::Pending::RestoreDraft(draft),
        ));
    }
    runner.run(Effect::Connect {
        target,
        app: overrides.app.clone(),
    });
    (app, runner, rx)
}

/// Set, this makes the console panic after its first set-up, or with the value `call` in
/// the task of its first call (for the tests of the panic hook); never set in normal use.
pub const PANIC_FOR_TEST: &str = "PINPOINT_CONSOLE_PANIC_FOR_TEST";

/// Opens the console in this terminal and runs it until quit.
pub fn run(paths: &Paths, overrides: &Overrides) -> anyhow::Result<u8> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (mut app, mut runner, mut rx) = prepare(paths, overrides, Clipboard::Terminal);
        let mut terminal = terminal::setup(paths.log_file())?;
        // Lets the tests prove that a panic gives the terminal back and reaches the log.
        if std::env::var_os(PANIC_FOR_TEST).is_some_and(|v| v != "call") {
            panic!("{PANIC_FOR_TEST} is set");
        }
        if let Ok(size) = terminal.size() {
            app.size = (size.width, size.height);
        }
        let result = event_loop::run(
            &mut terminal,
            &mut app,
            EventStream::new(),
            &mut rx,
            &mut runner,
            |_| {},
        )
        .await;
        terminal::restore();
        // ratatui's own clean-up would print to a terminal that may be gone (and panic
        // doing so); the terminal is already restored.
        std::mem::forget(terminal);
        drop(runner);
        if let Some(what) = &app.failed {
            eprintln!("{}", terminal::stopped_message(what, &paths.log_file()));
        }
        result
    })
}
