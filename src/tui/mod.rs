//! The console: the interactive app `pinpoint-console` opens. Elm-style: a state (`app`),
//! messages (`message`), a pure `update`, a pure `view` with one file per pane, and an event
//! loop that runs the effects (`runner`) on tasks so input never waits for the network.

pub mod app;
pub mod diff;
pub mod event_loop;
pub mod form;
pub mod keymap;
pub mod message;
pub mod runner;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use crossterm::event::EventStream;

use crate::pinpoint::Overrides;
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
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut runner = Runner::new(
        tx,
        paths.clone(),
        config.clone(),
        overrides.clone(),
        clipboard,
    );
    let mut app = App::new(config, paths.clone(), keymap, target.clone());
    if !notices.is_empty() {
        app.set_status(app::Tone::Warning, notices.join(" · "));
    }
    app.notices = notices;
    update::sync_editor(&mut app);
    runner.run(Effect::Connect {
        target,
        app: overrides.app.clone(),
    });
    (app, runner, rx)
}

/// Opens the console in this terminal and runs it until quit.
pub fn run(paths: &Paths, overrides: &Overrides) -> anyhow::Result<u8> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut terminal = terminal::setup(paths.log_file())?;
        let (mut app, mut runner, mut rx) = prepare(paths, overrides, Clipboard::Terminal);
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
        drop(runner);
        result.map(|_| 0)
    })
}
