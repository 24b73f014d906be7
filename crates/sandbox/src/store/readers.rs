//! Read-only connections to a sandbox database file, for reads that run beside the writer:
//! in WAL mode a reader sees the last commit made before its read began and never waits for a
//! write in progress (nor makes one wait). The pool of them is r2d2's; each connection is a
//! whole [`Store`], so it keeps its own parsed catalog (`catalog`), which the change count
//! in the database keeps right whoever writes.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::super::error::ApiError;
use super::Store;

/// Opens read-only [`Store`]s on one database file, for an r2d2 pool.
#[derive(Debug, Clone)]
pub struct ReadOnly {
    path: PathBuf,
}

impl ReadOnly {
    /// Readers of `path`, which [`Store::open`] has opened (and so created and migrated).
    pub fn new(path: &Path) -> ReadOnly {
        ReadOnly {
            path: path.to_path_buf(),
        }
    }
}

impl r2d2::ManageConnection for ReadOnly {
    type Connection = Store;
    type Error = rusqlite::Error;

    fn connect(&self) -> Result<Store, rusqlite::Error> {
        Store::open_read_only(&self.path)
    }

    fn is_valid(&self, store: &mut Store) -> Result<(), rusqlite::Error> {
        store.conn.execute_batch("SELECT 1")
    }

    fn has_broken(&self, _: &mut Store) -> bool {
        false
    }
}

impl Store {
    /// A read-only connection to a database file that [`Store::open`] has opened: it neither
    /// creates nor migrates anything, and any write through it fails.
    pub fn open_read_only(path: &Path) -> Result<Store, rusqlite::Error> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Store {
            conn,
            catalog: Default::default(),
            known: None,
        })
    }

    /// `f` in one read transaction: every statement it runs sees the same committed state,
    /// the last one committed when its first statement ran.
    pub fn snapshot<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let tx = self.conn.unchecked_transaction()?;
        let value = f(self)?;
        tx.commit()?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_APP_ID;
    use crate::error::ErrorKind;
    use crate::model::wire::EndpointRequest;
    use crate::rules::UpdateContext;

    fn ctx(endpoint_id: &str) -> UpdateContext<'_> {
        UpdateContext {
            application_id: DEFAULT_APP_ID,
            endpoint_id,
            now: "now",
            request_id: "r",
        }
    }

    fn request(plan: &str) -> EndpointRequest {
        serde_json::from_value(serde_json::json!({"Attributes": {"plan": [plan]}})).unwrap()
    }

    #[test]
    fn a_reader_sees_each_commit_and_cannot_write() {
        let (_dir, path) = crate::atomic::temp_path("readers.sqlite3");
        let mut writer = Store::open(&path, "now").unwrap();
        let mut reader = Store::open_read_only(&path).unwrap();
        let err = reader.get_endpoint(DEFAULT_APP_ID, "e").unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);

        writer.update_endpoint(request("free"), &ctx("e")).unwrap();
        let plan = |reader: &Store| {
            reader
                .snapshot(|r| r.get_endpoint(DEFAULT_APP_ID, "e"))
                .unwrap()
                .attributes
                .unwrap()["plan"]
                .clone()
        };
        assert_eq!(plan(&reader), ["free"]);
        writer
            .update_endpoint(request("premium"), &ctx("e"))
            .unwrap();
        assert_eq!(plan(&reader), ["premium"]);

        // Any write through it fails, and changes nothing.
        let err = reader
            .update_endpoint(request("other"), &ctx("e"))
            .unwrap_err();
        assert!(err.message.contains("readonly"), "{}", err.message);
        assert_eq!(plan(&reader), ["premium"]);
    }
}
