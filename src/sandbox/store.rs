//! The sandbox's SQLite storage: applications, endpoints and segments, each stored as the
//! JSON of its response shape beside the columns it is looked up by. Every operation runs
//! in one transaction, so a failed write changes nothing.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::model::UserInfo;
use crate::model::validate::validate_errors;
use crate::model::wire::{EndpointRequest, EndpointResponse};

use super::error::ApiError;
use super::rules::{self, UpdateContext, UserLimit};
use super::{DEFAULT_APP_ID, DEFAULT_APP_NAME, new_application};
use crate::model::wire::{ApplicationResponse, SegmentResponse};

/// Most applications (projects) per sandbox, as Pinpoint allows per Region.
pub const MAX_APPS: usize = 100;

/// The lookups by user and by address name their index: every row of an application shares
/// the primary key's first column, and without statistics SQLite would scan it instead.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS apps (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS endpoints (
    app_id TEXT NOT NULL,
    id_key TEXT NOT NULL,
    user_id TEXT,
    address TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    body TEXT NOT NULL,
    PRIMARY KEY (app_id, id_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS endpoints_by_user ON endpoints (app_id, user_id);
CREATE TABLE IF NOT EXISTS segments (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    created TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
) WITHOUT ROWID;
";

/// Schema versions: 1 had no `active` column; 2 adds it, so that the endpoints sharing an
/// address that are still active are found without reading the inactive ones.
const VERSION: i64 = 2;
const MIGRATE_FROM_1: &str = "
ALTER TABLE endpoints ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
UPDATE endpoints SET active = (json_extract(body, '$.EndpointStatus') IS NOT 'INACTIVE');
DROP INDEX IF EXISTS endpoints_by_address;
";
const INDEXES: &str = "
CREATE INDEX IF NOT EXISTS endpoints_by_active_address ON endpoints (app_id, address) WHERE active = 1;
";

/// An open sandbox database.
pub struct Store {
    conn: Connection,
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("response shapes always serialize")
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::internal(format!("stored record does not parse: {e}")))
}

/// Endpoint ids are case-insensitive: they are keyed by their lower-case form.
pub fn id_key(endpoint_id: &str) -> String {
    endpoint_id.to_lowercase()
}

impl Store {
    /// Opens (creating when needed) a database file, in WAL mode, with the default
    /// application present.
    pub fn open(path: &Path, now: &str) -> Result<Store, rusqlite::Error> {
        let conn = Connection::open(path)?;
        Self::init(conn, now)
    }

    /// An in-memory database (tests).
    pub fn in_memory(now: &str) -> Result<Store, rusqlite::Error> {
        Self::init(Connection::open_in_memory()?, now)
    }

    fn init(conn: Connection, now: &str) -> Result<Store, rusqlite::Error> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute_batch(SCHEMA)?;
        if version == 1 {
            conn.execute_batch(MIGRATE_FROM_1)?;
        }
        conn.execute_batch(INDEXES)?;
        conn.pragma_update(None, "user_version", VERSION)?;
        let mut store = Store { conn };
        store.ensure_default_app(now)?;
        Ok(store)
    }

    fn ensure_default_app(&mut self, now: &str) -> Result<(), rusqlite::Error> {
        let app = new_application(DEFAULT_APP_ID, DEFAULT_APP_NAME, now, None);
        self.conn.execute(
            "INSERT OR IGNORE INTO apps (id, body) VALUES (?1, ?2)",
            params![app.id, to_json(&app)],
        )?;
        Ok(())
    }

    fn transaction(&mut self) -> Result<Transaction<'_>, ApiError> {
        Ok(self.conn.transaction()?)
    }

    // ----- applications -----

    pub fn create_app(&mut self, app: &ApplicationResponse) -> Result<(), ApiError> {
        let tx = self.transaction()?;
        let count: usize = tx.query_row("SELECT COUNT(*) FROM apps", [], |r| r.get(0))?;
        if count >= MAX_APPS {
            return Err(ApiError::bad_request(format!(
                "Exceeded the maximum of {MAX_APPS} applications"
            )));
        }
        tx.execute(
            "INSERT INTO apps (id, body) VALUES (?1, ?2)",
            params![app.id, to_json(app)],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn get_app(&self, app_id: &str) -> Result<ApplicationResponse, ApiError> {
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM apps WHERE id = ?1", [app_id], |r| {
                r.get(0)
            })
            .optional()?;
        from_json(&body.ok_or_else(ApiError::not_found)?)
    }

    pub fn list_apps(&self) -> Result<Vec<ApplicationResponse>, ApiError> {
        let mut stmt = self.conn.prepare("SELECT body FROM apps ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| from_json(&r?)).collect()
    }

    /// Deletes an application with its endpoints and segments.
    pub fn delete_app(&mut self, app_id: &str) -> Result<ApplicationResponse, ApiError> {
        let app = self.get_app(app_id)?;
        let tx = self.transaction()?;
        tx.execute("DELETE FROM endpoints WHERE app_id = ?1", [app_id])?;
        tx.execute("DELETE FROM segments WHERE app_id = ?1", [app_id])?;
        tx.execute("DELETE FROM apps WHERE id = ?1", [app_id])?;
        tx.commit()?;
        Ok(app)
    }

    fn require_app(tx: &Connection, app_id: &str) -> Result<(), ApiError> {
        let found: Option<i64> = tx
            .prepare_cached("SELECT 1 FROM apps WHERE id = ?1")?
            .query_row([app_id], |r| r.get(0))
            .optional()?;
        found.map(|_| ()).ok_or_else(ApiError::not_found)
    }

    // ----- endpoints -----

    fn load_endpoint(
        tx: &Connection,
        app_id: &str,
        endpoint_id: &str,
    ) -> Result<Option<EndpointResponse>, ApiError> {
        let body: Option<String> = tx
            .prepare_cached("SELECT body FROM endpoints WHERE app_id = ?1 AND id_key = ?2")?
            .query_row(params![app_id, id_key(endpoint_id)], |r| r.get(0))
            .optional()?;
        body.map(|b| from_json(&b)).transpose()
    }

    fn save_endpoint(
        tx: &Connection,
        app_id: &str,
        endpoint: &EndpointResponse,
    ) -> Result<(), ApiError> {
        let id = endpoint.id.as_deref().unwrap_or_default();
        let user_id = endpoint.user.as_ref().and_then(|u| u.user_id.as_deref());
        let mut insert = tx.prepare_cached(
            "INSERT OR REPLACE INTO endpoints (app_id, id_key, user_id, address, active, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        insert.execute(params![
            app_id,
            id_key(id),
            user_id,
            endpoint.address,
            endpoint.endpoint_status.as_deref() != Some("INACTIVE"),
            to_json(endpoint)
        ])?;
        Ok(())
    }

    fn query_endpoints(
        tx: &Connection,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<EndpointResponse>, ApiError> {
        let mut stmt = tx.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| r.get::<_, String>(0))?;
        rows.map(|r| from_json(&r?)).collect()
    }

    fn user_endpoints(
        tx: &Connection,
        app_id: &str,
        user_id: &str,
    ) -> Result<Vec<EndpointResponse>, ApiError> {
        Self::query_endpoints(
            tx,
            "SELECT body FROM endpoints INDEXED BY endpoints_by_user WHERE app_id = ?1 AND user_id = ?2 ORDER BY id_key",
            params![app_id, user_id],
        )
    }

    pub fn get_endpoint(
        &self,
        app_id: &str,
        endpoint_id: &str,
    ) -> Result<EndpointResponse, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        Self::load_endpoint(&self.conn, app_id, endpoint_id)?.ok_or_else(ApiError::not_found)
    }

    /// UpdateEndpoint: validates, merges and stores, with the user and address rules.
    pub fn update_endpoint(
        &mut self,
        request: EndpointRequest,
        ctx: &UpdateContext<'_>,
    ) -> Result<EndpointResponse, ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, ctx.application_id)?;
        let endpoint = Self::apply(&tx, request, ctx)?;
        tx.commit()?;
        Ok(endpoint)
    }

    /// UpdateEndpointsBatch: every item is applied in one transaction, or none is.
    pub fn update_endpoints(
        &mut self,
        app_id: &str,
        items: Vec<(String, EndpointRequest)>,
        now: &str,
        request_id: &str,
    ) -> Result<(), ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, app_id)?;
        for (i, (id, request)) in items.into_iter().enumerate() {
            let ctx = UpdateContext {
                application_id: app_id,
                endpoint_id: &id,
                now,
                request_id,
            };
            Self::apply(&tx, request, &ctx).map_err(|e| ApiError {
                message: format!("Item[{i}] (Id {id}): {}", e.message),
                ..e
            })?;
        }
        tx.commit()?;
        Ok(())
    }

    /// One update inside a transaction.
    fn apply(
        tx: &Connection,
        request: EndpointRequest,
        ctx: &UpdateContext<'_>,
    ) -> Result<EndpointResponse, ApiError> {
        check_request(ctx.endpoint_id, &request)?;
        let stored = Self::load_endpoint(tx, ctx.application_id, ctx.endpoint_id)?;
        let old_user = stored.as_ref().and_then(user_id).map(str::to_owned);
        let user_update = request
            .user
            .as_ref()
            .and_then(|u| u.user_attributes.clone());
        let mut endpoint = rules::apply_update(stored, request, ctx);
        let key = id_key(ctx.endpoint_id);
        let new_user = user_id(&endpoint).map(str::to_owned);

        if let Some(user) = &new_user {
            let mut others: Vec<EndpointResponse> =
                Self::user_endpoints(tx, ctx.application_id, user)?
                    .into_iter()
                    .filter(|e| e.id.as_deref().map(id_key) != Some(key.clone()))
                    .collect();
            if old_user.as_deref() != Some(user.as_str()) {
                match rules::user_limit(endpoint.channel_type.as_deref(), &others) {
                    UserLimit::Fits => {}
                    UserLimit::Displace(id) => {
                        // It leaves the user: the attribute sharing below must not save
                        // it again with its old UserId and status.
                        others.retain(|e| e.id.as_deref().map(id_key) != Some(id_key(&id)));
                        if let Some(mut old) = Self::load_endpoint(tx, ctx.application_id, &id)? {
                            old.endpoint_status = Some("INACTIVE".into());
                            if let Some(u) = old.user.as_mut() {
                                u.user_id = None;
                            }
                            Self::save_endpoint(tx, ctx.application_id, &old)?;
                        }
                    }
                    UserLimit::Refuse => {
                        return Err(ApiError::bad_request(format!(
                            "Exceeded maximum endpoint per user count: {}",
                            rules::MAX_ENDPOINTS_PER_USER
                        )));
                    }
                }
                // Joining a user: the endpoint takes the user's attributes, its own on top.
                if let Some(shared) = others
                    .iter()
                    .find_map(|e| e.user.as_ref()?.user_attributes.clone())
                {
                    let own = endpoint
                        .user
                        .as_ref()
                        .and_then(|u| u.user_attributes.clone())
                        .unwrap_or_default();
                    let user = endpoint.user.get_or_insert_with(Default::default);
                    user.user_attributes = Some(shared);
                    rules::share_user_attributes(&mut endpoint, &own);
                }
            }
            if let Some(update) = &user_update {
                for mut other in others {
                    rules::share_user_attributes(&mut other, update);
                    Self::save_endpoint(tx, ctx.application_id, &other)?;
                }
            }
        }

        if let Some(address) = endpoint.address.clone() {
            let same_address = Self::query_endpoints(
                tx,
                "SELECT body FROM endpoints INDEXED BY endpoints_by_active_address WHERE app_id = ?1 AND address = ?2 AND active = 1 AND id_key <> ?3",
                params![ctx.application_id, address, key],
            )?;
            for mut other in same_address {
                other.endpoint_status = Some("INACTIVE".into());
                Self::save_endpoint(tx, ctx.application_id, &other)?;
            }
        }

        check_totals(&endpoint)?;
        Self::save_endpoint(tx, ctx.application_id, &endpoint)?;
        Ok(endpoint)
    }

    pub fn delete_endpoint(
        &mut self,
        app_id: &str,
        endpoint_id: &str,
    ) -> Result<EndpointResponse, ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, app_id)?;
        let endpoint =
            Self::load_endpoint(&tx, app_id, endpoint_id)?.ok_or_else(ApiError::not_found)?;
        tx.execute(
            "DELETE FROM endpoints WHERE app_id = ?1 AND id_key = ?2",
            params![app_id, id_key(endpoint_id)],
        )?;
        tx.commit()?;
        Ok(endpoint)
    }

    pub fn get_user_endpoints(
        &self,
        app_id: &str,
        user_id: &str,
    ) -> Result<Vec<EndpointResponse>, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        let endpoints = Self::user_endpoints(&self.conn, app_id, user_id)?;
        if endpoints.is_empty() {
            return Err(ApiError::not_found());
        }
        Ok(endpoints)
    }

    pub fn delete_user_endpoints(
        &mut self,
        app_id: &str,
        user_id: &str,
    ) -> Result<Vec<EndpointResponse>, ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, app_id)?;
        let endpoints = Self::user_endpoints(&tx, app_id, user_id)?;
        if endpoints.is_empty() {
            return Err(ApiError::not_found());
        }
        tx.execute(
            "DELETE FROM endpoints INDEXED BY endpoints_by_user WHERE app_id = ?1 AND user_id = ?2",
            params![app_id, user_id],
        )?;
        tx.commit()?;
        Ok(endpoints)
    }

    // ----- segments -----

    pub fn put_segment(&mut self, segment: &SegmentResponse) -> Result<(), ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, &segment.application_id)?;
        tx.execute(
            "INSERT OR REPLACE INTO segments (app_id, id, created, body) VALUES (?1, ?2, ?3, ?4)",
            params![
                segment.application_id,
                segment.id,
                segment.creation_date,
                to_json(segment)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn get_segment(&self, app_id: &str, segment_id: &str) -> Result<SegmentResponse, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM segments WHERE app_id = ?1 AND id = ?2",
                params![app_id, segment_id],
                |r| r.get(0),
            )
            .optional()?;
        from_json(&body.ok_or_else(ApiError::not_found)?)
    }

    pub fn list_segments(&self, app_id: &str) -> Result<Vec<SegmentResponse>, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM segments WHERE app_id = ?1 ORDER BY created, id")?;
        let rows = stmt.query_map([app_id], |r| r.get::<_, String>(0))?;
        rows.map(|r| from_json(&r?)).collect()
    }

    pub fn delete_segment(
        &mut self,
        app_id: &str,
        segment_id: &str,
    ) -> Result<SegmentResponse, ApiError> {
        let segment = self.get_segment(app_id, segment_id)?;
        self.conn.execute(
            "DELETE FROM segments WHERE app_id = ?1 AND id = ?2",
            params![app_id, segment_id],
        )?;
        Ok(segment)
    }
}

fn user_id(endpoint: &EndpointResponse) -> Option<&str> {
    endpoint.user.as_ref()?.user_id.as_deref()
}

/// Pinpoint's per-request rules (quotas, ids, ranges, enumerations) for one request: only
/// what Pinpoint refuses, so no warning is worked out for a value it accepts.
fn check_request(endpoint_id: &str, request: &EndpointRequest) -> Result<(), ApiError> {
    let form = UserInfo::from_endpoint_request(Some(endpoint_id.to_string()), request.clone());
    reject_errors(validate_errors(&form))
}

/// The quotas that concern the whole stored endpoint (names in all, size).
fn check_totals(endpoint: &EndpointResponse) -> Result<(), ApiError> {
    let form = UserInfo::from_endpoint_response(endpoint);
    let problems = validate_errors(&form)
        .into_iter()
        .filter(|p| p.path == "attributes" || p.path == "endpoint")
        .collect();
    reject_errors(problems)
}

fn reject_errors(problems: Vec<crate::model::validate::Problem>) -> Result<(), ApiError> {
    let errors: Vec<String> = problems
        .into_iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::bad_request(errors.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_database_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE endpoints (app_id TEXT NOT NULL, id_key TEXT NOT NULL, user_id TEXT, address TEXT,
                 body TEXT NOT NULL, PRIMARY KEY (app_id, id_key)) WITHOUT ROWID;
                 CREATE INDEX endpoints_by_address ON endpoints (app_id, address);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
            for (id, status) in [("a", "INACTIVE"), ("b", "ACTIVE")] {
                let body = format!(r#"{{"Id":"{id}","Address":"x","EndpointStatus":"{status}"}}"#);
                conn.execute(
                    "INSERT INTO endpoints (app_id, id_key, address, body) VALUES (?1, ?2, 'x', ?3)",
                    params![DEFAULT_APP_ID, id, body],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path, "now").unwrap();
        let active: Vec<(String, bool)> = store
            .conn
            .prepare("SELECT id_key, active FROM endpoints ORDER BY id_key")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(active, [("a".to_string(), false), ("b".to_string(), true)]);
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        assert_eq!(
            store
                .get_endpoint(DEFAULT_APP_ID, "b")
                .unwrap()
                .address
                .as_deref(),
            Some("x")
        );
    }
}
