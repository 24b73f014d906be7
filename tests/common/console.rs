//! The console's real event loop driven by a test: started on a task over a `TestBackend`,
//! with a scripted keyboard.

#![allow(dead_code)]

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::channel::mpsc::{UnboundedSender, unbounded};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use pinpoint_console::pinpoint::Overrides;
use pinpoint_console::store::paths::Paths;
use pinpoint_console::tui::app::App;
use pinpoint_console::tui::event_loop;
use pinpoint_console::tui::runner::Clipboard;

/// How the loop ended, and the terminal with its last frame.
pub type LoopEnd = (anyhow::Result<u8>, Terminal<TestBackend>);

/// Prepares the console on `paths` (as `tui::run` does, the clipboard in memory) and runs
/// its loop on a 120x40 `TestBackend` on a task; `observe` sees the state after every
/// redraw. The keyboard, and the task.
pub fn start(
    paths: &Paths,
    observe: impl FnMut(&App) + Send + 'static,
) -> (Keys, JoinHandle<LoopEnd>) {
    let clipboard = Arc::new(Mutex::new(Vec::new()));
    let (mut app, mut runner, mut messages) =
        pinpoint_console::tui::prepare(paths, &Overrides::default(), Clipboard::Memory(clipboard));
    app.size = (120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let (keys, events) = unbounded::<io::Result<Event>>();
    let event_loop = tokio::spawn(async move {
        let result = event_loop::run(
            &mut terminal,
            &mut app,
            events,
            &mut messages,
            &mut runner,
            observe,
        )
        .await;
        drop(runner);
        (result, terminal)
    });
    (Keys(keys), event_loop)
}

/// [`start`], with a snapshot of the state (made by `snapshot` after every redraw) that the
/// test watches.
pub fn watched<S: Default + Send + Sync + 'static>(
    paths: &Paths,
    mut snapshot: impl FnMut(&App) -> S + Send + 'static,
) -> (Keys, watch::Receiver<S>, JoinHandle<LoopEnd>) {
    let (seen_tx, seen) = watch::channel(S::default());
    let (keys, event_loop) = start(paths, move |app: &App| {
        seen_tx.send_replace(snapshot(app));
    });
    (keys, seen, event_loop)
}

/// Waits (at most `limit`) until the watched state satisfies `ok`; fails with the last
/// state seen.
pub async fn wait_for<S: Clone + std::fmt::Debug>(
    seen: &mut watch::Receiver<S>,
    limit: Duration,
    what: &str,
    ok: impl Fn(&S) -> bool,
) -> S {
    let result = tokio::time::timeout(limit, seen.wait_for(|s| ok(s)))
        .await
        .map(|r| r.map(|state| state.clone()));
    match result {
        Ok(Ok(state)) => state,
        Ok(Err(_)) => panic!(
            "the event loop ended while waiting for {what}; last state: {:#?}",
            *seen.borrow()
        ),
        Err(_) => panic!(
            "timed out after {limit:?} waiting for {what}; last state: {:#?}",
            *seen.borrow()
        ),
    }
}

/// The keyboard of the test.
pub struct Keys(pub UnboundedSender<io::Result<Event>>);

impl Keys {
    pub fn press(&self, code: KeyCode, modifiers: KeyModifiers) {
        self.0
            .unbounded_send(Ok(Event::Key(KeyEvent::new(code, modifiers))))
            .expect("the event loop is still reading keys");
    }

    pub fn key(&self, code: KeyCode) {
        self.press(code, KeyModifiers::NONE);
    }

    pub fn keys(&self, codes: &[KeyCode]) {
        for code in codes {
            self.key(*code);
        }
    }

    pub fn ctrl(&self, c: char) {
        self.press(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// Types text one key at a time, upper-case letters with shift, as a terminal sends it.
    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            let modifiers = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.press(KeyCode::Char(c), modifiers);
        }
    }

    pub fn backspaces(&self, n: usize) {
        for _ in 0..n {
            self.key(KeyCode::Backspace);
        }
    }
}
