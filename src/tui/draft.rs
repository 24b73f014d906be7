//! Crash recovery for the console: the unsaved form goes to the draft file as it changes
//! (half a second after the last change, atomically); a clean quit removes it; a signal or a
//! terminal that goes away keeps it (written at once); the next start offers to restore it,
//! and the file is left alone until that question is answered. The keeper only reads the
//! state; what it has to say (a write that failed) goes to `update` as a message.

use std::path::PathBuf;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::Instant;

use tokio::sync::mpsc::UnboundedSender;

use crate::store::drafts::{self, Draft};

use super::app::{App, Dialog, Pending, Question};
use super::message::Msg;

/// How long the form must stay unchanged before the draft is written.
pub const DEBOUNCE: Duration = Duration::from_millis(500);

/// Keeps the draft file in step with the form.
pub struct DraftKeeper {
    path: PathBuf,
    /// What the file holds now (`None`: no file).
    written: Option<Draft>,
    due: Option<Instant>,
    /// The write in progress: whether it succeeded.
    writing: Option<JoinHandle<bool>>,
    /// The last write failed: the file may not hold `written`.
    unsure: bool,
    /// A failed write is said at once through the event loop's messages.
    tx: UnboundedSender<Msg>,
}

impl DraftKeeper {
    /// `existing` is what the file holds at start (a draft that was not restored).
    pub fn new(path: PathBuf, existing: Option<Draft>, tx: UnboundedSender<Msg>) -> DraftKeeper {
        DraftKeeper {
            path,
            written: existing,
            due: None,
            writing: None,
            unsure: false,
            tx,
        }
    }

    fn wanted(app: &App) -> Option<Draft> {
        app.dirty().then(|| Draft {
            form: app.form.info.clone(),
            profile: app.profile.clone(),
        })
    }

    /// Notes a change of state: the draft is due when the form it should hold differs from
    /// the file.
    pub fn changed(&mut self, app: &App) {
        // The file stays as it is until the question whether to restore it is answered.
        if matches!(
            &app.dialog,
            Some(Dialog::Confirm(Question {
                pending: Pending::RestoreDraft(_),
                ..
            }))
        ) {
            self.due = None;
            return;
        }
        if Self::wanted(app) != self.written {
            self.due = Some(Instant::now() + DEBOUNCE);
        } else {
            self.due = None;
        }
    }

    /// When the next write is due.
    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// Writes (or removes) the draft now, in the background, one write after the other.
    /// A failed write is reported on the status line as soon as it fails (and logged); the
    /// next change of the form, or the end, tries again. The state is read before the
    /// future starts (it is not held across its waits).
    pub fn flush<'a>(&'a mut self, app: &App) -> impl Future<Output = ()> + use<'a> {
        self.due = None;
        self.write(Self::wanted(app))
    }

    async fn write(&mut self, wanted: Option<Draft>) {
        self.wait().await;
        if wanted == self.written && !std::mem::take(&mut self.unsure) {
            return;
        }
        let path = self.path.clone();
        let form = wanted.clone();
        let tx = self.tx.clone();
        self.writing = Some(tokio::task::spawn_blocking(move || {
            let written = match &form {
                Some(draft) => drafts::save(&path, draft),
                None => drafts::remove(&path),
            };
            if let Err(e) = &written {
                tracing::warn!(error = %e, "the draft was not written");
                let _ = tx.send(Msg::DraftFailed(e.to_string()));
            }
            written.is_ok()
        }));
        self.written = wanted;
    }

    async fn wait(&mut self) {
        let Some(task) = self.writing.take() else {
            return;
        };
        match task.await {
            Ok(true) => {}
            Ok(false) => self.unsure = true,
            Err(e) => {
                self.unsure = true;
                let _ = self.tx.send(Msg::DraftWriterFailed(e.to_string()));
            }
        }
    }

    /// At the end: after a clean quit the draft goes; after a signal the unsaved form stays.
    pub fn finish<'a>(&'a mut self, app: &App, keep: bool) -> impl Future<Output = ()> + use<'a> {
        let wanted = Self::wanted(app);
        async move {
            if keep {
                self.due = None;
                self.write(wanted).await;
            } else {
                self.wait().await;
                let path = self.path.clone();
                let _ = tokio::task::spawn_blocking(move || drafts::remove(&path)).await;
                self.written = None;
            }
            self.wait().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::config::Config;
    use crate::store::paths::Paths;
    use crate::tui::keymap::Keymap;

    /// A write that failed is tried again at the end, even with no change since.
    #[tokio::test]
    async fn a_failed_write_is_tried_again_at_the_end() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let path = paths.draft_file();
        std::fs::create_dir_all(&path).unwrap(); // the draft's path is a directory: writes fail
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut keeper = DraftKeeper::new(path.clone(), None, tx);
        let mut app = App::new(
            Config::default(),
            paths,
            Keymap::default(),
            "sandbox".into(),
        );
        app.form.info.endpoint_id = Some("qa-draft".into());
        assert!(app.dirty());
        keeper.flush(&app).await;
        keeper.wait().await;
        assert!(matches!(rx.try_recv(), Ok(Msg::DraftFailed(_))));
        // The way is clear again; the form has not changed; the end (a signal) keeps it.
        std::fs::remove_dir(&path).unwrap();
        keeper.finish(&app, true).await;
        let text = std::fs::read_to_string(&path).expect("the draft is written at the end");
        assert!(text.contains("qa-draft"), "{text}");
    }

    /// A writer task that failed is said through `update`, which alone changes the state.
    #[tokio::test]
    async fn a_failed_writer_is_said_by_a_message() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut keeper = DraftKeeper::new(paths.draft_file(), None, tx);
        keeper.writing = Some(tokio::task::spawn_blocking(|| panic!("the disk is gone")));
        keeper.wait().await;
        assert!(keeper.unsure);
        let msg = rx.try_recv().expect("a message");
        assert!(matches!(&msg, Msg::DraftWriterFailed(_)), "{msg:?}");
        let mut app = App::new(
            Config::default(),
            paths,
            Keymap::default(),
            "sandbox".into(),
        );
        crate::tui::update::update(&mut app, msg);
        assert!(
            app.status.text.starts_with("the draft writer failed: "),
            "{}",
            app.status.text
        );
        assert_eq!(app.status.tone, crate::tui::app::Tone::Warning);
    }
}
