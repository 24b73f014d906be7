//! The event loop: waits for a key, a result or a signal, updates the state, carries out
//! the effects and redraws. It draws only after something happened (no timer runs while
//! idle; the spinner ticks only while a call is in flight).

use std::io;
use std::time::Duration;

use crossterm::event::{Event, MouseEventKind};
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::MissedTickBehavior;

use super::app::App;
use super::message::Msg;
use super::runner::Runner;
use super::update::update;
use super::view::view;

/// The message for a terminal event, or `None` for events the console ignores (mouse
/// motion, focus changes): those cause no redraw.
pub fn message(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(_) | MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                Some(Msg::Mouse(m))
            }
            _ => None,
        },
        _ => None,
    }
}

/// A future that resolves with the signal's number on SIGTERM, SIGHUP or SIGINT (never on
/// other platforms).
async fn termination() -> i32 {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => 15,
            _ = hup.recv() => 1,
            _ = int.recv() => 2,
        }
    }
    #[cfg(not(unix))]
    std::future::pending::<i32>().await
}

/// Runs until the state says quit (or the input ends) and gives the process's exit code:
/// 0; 128 + the signal's number when a signal ended it, as shells do; 101 (a panic's code)
/// when a task panicked. `observe` sees the state after every redraw (tests watch it).
pub async fn run<B, S>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut events: S,
    messages: &mut UnboundedReceiver<Msg>,
    runner: &mut Runner,
    mut observe: impl FnMut(&App),
) -> anyhow::Result<u8>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let mut spinner = tokio::time::interval(Duration::from_millis(100));
    // The interval is not polled while idle: without this, the first call after a minute
    // idle would catch up ~600 missed ticks back to back (600 redraws).
    spinner.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let terminate = termination();
    tokio::pin!(terminate);
    loop {
        if app.should_quit {
            // A clean quit removes the draft; a signal keeps the unsaved form in it. First,
            // before anything that needs the terminal, which may be gone.
            let keep = app.terminated.is_some() || app.failed.is_some();
            runner.draft.finish(app, keep).await;
            let _ = terminal.draw(|frame| view(app, frame));
            observe(app);
            return Ok(match (app.terminated, &app.failed) {
                (Some(signal), _) => 128 + signal as u8,
                (None, Some(_)) => 101,
                (None, None) => 0,
            });
        }
        if let Err(e) = terminal.draw(|frame| view(app, frame)) {
            // The terminal went away: keep what was typed.
            runner.draft.finish(app, true).await;
            return Err(e.into());
        }
        observe(app);
        let msg = loop {
            let due = runner.draft.due();
            let next = tokio::select! {
                biased;
                signal = &mut terminate => Next::Msg(Msg::Terminate(signal)),
                Some(msg) = messages.recv() => Next::Msg(msg),
                event = events.next() => match event {
                    Some(Ok(event)) => message(event).map_or(Next::Nothing, Next::Msg),
                    Some(Err(e)) => Next::End(Err(e.into())),
                    None => Next::End(Ok(0)),
                },
                _ = spinner.tick(), if app.busy.is_some() => Next::Msg(Msg::Tick),
                _ = tokio::time::sleep_until(due.unwrap_or_else(tokio::time::Instant::now)), if due.is_some() => Next::Draft,
            };
            match next {
                Next::Msg(msg) => break msg,
                Next::Draft => runner.draft.flush(app).await,
                Next::Nothing => {}
                Next::End(result) => {
                    // The input is gone (the terminal closed): keep what was typed.
                    runner.draft.finish(app, true).await;
                    return result;
                }
            }
        };
        if let Msg::Resize(..) = msg {
            terminal.autoresize()?;
        }
        for effect in update(app, msg) {
            runner.run(effect);
        }
        runner.draft.changed(app);
    }
}

/// What woke the loop.
#[allow(clippy::large_enum_variant)] // one per loop turn, moved once
enum Next {
    Msg(Msg),
    /// The draft is due to be written.
    Draft,
    /// Nothing to handle (an ignored event).
    Nothing,
    End(anyhow::Result<u8>),
}
