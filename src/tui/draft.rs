//! Crash recovery for the console: the unsaved form goes to the draft file as it changes
//! (half a second after the last change, atomically); a clean quit removes it; a signal or a
//! terminal that goes away keeps it (written at once); the next start offers to restore it,
//! and the file is left alone until that question is answered.

use std::path::PathBuf;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::Instant;

use tokio::sync::mpsc::UnboundedSender;

use crate::store::drafts::{self, Draft};

use super::app::{App, Dialog, Pending, Tone};
use super::message::Msg;

/// How long the form must stay unchanged before the draft is written.
pub const DEBOUNCE: Duration = Duration::from_millis(500);

/// Keeps the draft file in step with the form.
pub struct DraftKeeper {
    path: PathBuf,
    /// What the file holds now (`None`: no file).
    written: Option<Draft>,
    due: Option<Instant>,
    writing: Option<JoinHandle<()>>,
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
            Some(Dialog::Confirm {
                pending: Pending::RestoreDraft(_),
                ..
            })
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
    /// next change of the form tries again.
    pub async fn flush(&mut self, app: &mut App) {
        self.due = None;
        self.wait(app).await;
        let wanted = Self::wanted(app);
        if wanted == self.written {
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
            if let Err(e) = written {
                tracing::warn!(error = %e, "the draft was not written");
                let _ = tx.send(Msg::DraftFailed(e.to_string()));
            }
        }));
        self.written = wanted;
    }

    async fn wait(&mut self, app: &mut App) {
        if let Some(task) = self.writing.take()
            && let Err(e) = task.await
        {
            app.set_status(Tone::Warning, format!("the draft writer failed: {e}"));
        }
    }

    /// At the end: after a clean quit the draft goes; after a signal the unsaved form stays.
    pub async fn finish(&mut self, app: &mut App, keep: bool) {
        if keep {
            self.flush(app).await;
        } else {
            self.wait(app).await;
            let path = self.path.clone();
            let _ = tokio::task::spawn_blocking(move || drafts::remove(&path)).await;
            self.written = None;
        }
        self.wait(app).await;
    }
}
