//! Checkpoints beside a bulk writer: a thread of its own, on a connection of its own, copies
//! the write-ahead log's pages into the database while an import goes on writing, so that
//! the writer's own checkpoints (when the log reaches its limit) find little left to copy.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::super::error::ApiError;

/// Runs passive checkpoints (they never wait for, nor hold back, a writer or a reader) on
/// one database every so often, until stopped or dropped.
pub struct Checkpointer {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path` every `every`. A checkpoint that fails
    /// (the database busy, the disk full) is left to the next one, or to the writer's own.
    pub fn start(path: &Path, every: Duration) -> Result<Checkpointer, ApiError> {
        let conn = Connection::open(path)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::debug!(error = %e, "checkpoint beside the import");
                    }
                }
            })
            .map_err(|e| ApiError::internal(format!("cannot start checkpointing: {e}")))?;
        Ok(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    /// Stops the thread and waits for a checkpoint under way to end.
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_copied_into_the_database_while_the_writer_keeps_it_open() {
        let (_dir, path) = crate::atomic::temp_path("db.sqlite3");
        let writer = Connection::open(&path).unwrap();
        writer.pragma_update(None, "journal_mode", "WAL").unwrap();
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        writer
            .execute_batch(
                "CREATE TABLE t (n INTEGER);
                 WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5000)
                 INSERT INTO t SELECT n FROM c;",
            )
            .unwrap();
        let checkpointer = Checkpointer::start(&path, Duration::from_millis(10)).unwrap();
        // Bounded: a checkpoint every 10 ms has had 500 chances after 5 s.
        let mut copied = false;
        for _ in 0..500 {
            std::thread::sleep(Duration::from_millis(10));
            // The database file proper: the rows reach it only by a checkpoint.
            if std::fs::metadata(&path).unwrap().len() > 2 * 4096 {
                copied = true;
                break;
            }
        }
        drop(checkpointer);
        assert!(copied, "the rows reached the database file");
    }
}
