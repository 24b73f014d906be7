//! The sandbox's SQLite storage: applications, endpoints, segments (every version of each),
//! application settings, the registry of attribute names, campaigns, in-app templates (every
//! version; per account, not per application) and events, each stored as the JSON of its
//! response shape beside the columns it is looked up by. Every operation runs in one
//! transaction, so a failed write changes nothing.

mod campaigns;
mod catalog;
mod checkpoint;
mod events;
mod import;
mod known;
mod members;
mod names;
mod readers;
mod rows;
mod templates;

pub use checkpoint::Checkpointer;
pub use events::{CheckedEvent, EventsItem, MAX_EVENTS_PER_ENDPOINT};
use import::Import;
pub use import::{Imported, Ready};
pub use members::{Decided, Size};
pub use readers::ReadOnly;
pub use templates::{MAX_TEMPLATE_VERSIONS, MAX_TEMPLATES, TemplateUpdate};

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;
use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use known::{Kind, Known};

use crate::model::UserInfo;
use crate::model::enums::EndpointAttributeType;
use crate::model::form::AttributeMap;
use crate::model::validate::{
    MAX_ENDPOINT_BYTES, MAX_NAMES, problems_line, request_errors, total_errors,
};
use crate::model::wire::{
    ApplicationSettingsResource, AttributesResource, EndpointRequest, EndpointResponse,
    SegmentGroupList, WriteApplicationSettingsRequest, WriteSegmentRequest,
};

use super::error::ApiError;
use super::rules::{self, Fresh, UpdateContext, UserLimit};
use super::{DEFAULT_APP_ID, DEFAULT_APP_NAME, new_application};
use crate::model::wire::{ApplicationResponse, SegmentResponse};

/// Most applications (projects) per sandbox, as Pinpoint allows per Region.
pub const MAX_APPS: usize = 100;

/// The endpoints table (version 7). It has row ids, so that a new endpoint is appended
/// whatever its id (an export's ids need not come in order), and its indexes (see
/// [`ENDPOINT_INDEXES`]) hold small keys: `id_hash`, `user_hash` and `address_hash` are
/// [`key_hash`] of the application and the endpoint's id (its [`id_key`]), user id or
/// address, and the indexes hold those numbers instead of the two texts, so that they stay a
/// fraction of their size (a bulk write of random ids, users or addresses dirties most of
/// their pages, and each transaction writes them again). The store itself keeps an id to one
/// row (see [`Store::save_endpoint`]).
macro_rules! endpoints_table {
    ($name:literal) => {
        concat!(
            "CREATE TABLE IF NOT EXISTS ",
            $name,
            " (
    app_id TEXT NOT NULL,
    id_key TEXT NOT NULL,
    user_id TEXT,
    address TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    body TEXT NOT NULL,
    id TEXT,
    channel_type TEXT,
    attributes TEXT,
    demographic TEXT,
    location TEXT,
    metrics TEXT,
    user_attributes TEXT,
    user_hash INTEGER,
    address_hash INTEGER,
    id_hash INTEGER NOT NULL
);"
        )
    };
}

/// The endpoints' indexes, made once the table has its version-7 shape. The lookups name
/// their index: without statistics SQLite might search another.
const ENDPOINT_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS endpoints_by_id ON endpoints (id_hash);
CREATE INDEX IF NOT EXISTS endpoints_by_user ON endpoints (user_hash);
CREATE INDEX IF NOT EXISTS endpoints_by_active_address ON endpoints (address_hash) WHERE active = 1;
";

/// Every table, made when missing (the endpoints' indexes come after the migrations, in
/// [`ENDPOINT_INDEXES`]).
const SCHEMA: &str = concat!(
    endpoints_table!("endpoints"),
    "
CREATE TABLE IF NOT EXISTS apps (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    created TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segment_versions (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (app_id, id, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS app_settings (
    app_id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attribute_names (
    app_id TEXT NOT NULL,
    attribute_type TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (app_id, attribute_type, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS removed_attribute_names (
    app_id TEXT NOT NULL,
    attribute_type TEXT NOT NULL,
    pattern TEXT NOT NULL,
    PRIMARY KEY (app_id, attribute_type, pattern)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS campaigns (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    created TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS templates (
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (name, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
    app_id TEXT NOT NULL,
    endpoint_key TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    at INTEGER NOT NULL,
    session_id TEXT,
    arrived TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (app_id, endpoint_key, event_id)
);
CREATE INDEX IF NOT EXISTS events_by_time ON events (app_id, endpoint_key, at);
"
);

/// Schema versions: 1 had no `active` column; 2 adds it, so that the endpoints sharing an
/// address that are still active are found without reading the inactive ones; 3 adds the
/// segment versions, the application settings, the registry of attribute names and the
/// names RemoveAttributes removed; 4 adds campaigns, in-app templates and events (new tables
/// only: an earlier database starts with none). The count of catalog changes and its
/// triggers (`catalog`) are created in a database of any version that lacks them. 5 keeps
/// the members segments read in columns of their own (`rows`): an earlier database's
/// endpoints are split into them when it is opened. 6 makes the endpoints a table with row
/// ids and keys the indexes by user and by address by [`key_hash`], and 7 the index by id
/// too: an earlier database's endpoints are copied into that table when it is opened.
const VERSION: i64 = 7;
const MIGRATE_FROM_1: &str = "
ALTER TABLE endpoints ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
UPDATE endpoints SET active = (json_extract(body, '$.EndpointStatus') IS NOT 'INACTIVE');
DROP INDEX IF EXISTS endpoints_by_address;
";
/// Version 3's tables filled from what is stored: every name on a stored endpoint is
/// registered, and each segment's current version is kept (earlier ones were not).
const MIGRATE_TO_3: &str = "
BEGIN;
INSERT OR IGNORE INTO attribute_names (app_id, attribute_type, name)
    SELECT e.app_id, 'endpoint-custom-attributes', a.key
    FROM endpoints e, json_each(e.body, '$.Attributes') a;
INSERT OR IGNORE INTO attribute_names (app_id, attribute_type, name)
    SELECT e.app_id, 'endpoint-metric-attributes', a.key
    FROM endpoints e, json_each(e.body, '$.Metrics') a;
INSERT OR IGNORE INTO attribute_names (app_id, attribute_type, name)
    SELECT e.app_id, 'endpoint-user-attributes', a.key
    FROM endpoints e, json_each(e.body, '$.User.UserAttributes') a;
INSERT OR IGNORE INTO segment_versions (app_id, id, version, body)
    SELECT app_id, id, COALESCE(json_extract(body, '$.Version'), 1), body FROM segments;
COMMIT;
";
/// An open sandbox database.
pub struct Store {
    conn: Connection,
    /// GetInAppMessages' catalog, parsed (see `catalog`).
    catalog: RefCell<catalog::CatalogCache>,
    /// The keys an import may find stored (see `known`), kept from one of its transactions
    /// to the next.
    known: Option<known::Known>,
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("response shapes always serialize")
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::internal(format!("stored record does not parse: {e}")))
}

/// How long a write waits for another connection's write on the same database (another
/// process's: a `serve`, an import) before it fails as busy.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// SQLite's busy handler: waits a millisecond and tries again, until [`BUSY_TIMEOUT`]. Its
/// own handler waits longer and longer (up to 100 ms between tries), and so can miss every
/// short gap a long-running writer (an import's transactions) leaves between its writes.
fn wait_for_the_database(tries: i32) -> bool {
    const TRY_EVERY: std::time::Duration = std::time::Duration::from_millis(1);
    let tries = u32::try_from(tries).unwrap_or(0);
    if TRY_EVERY * tries >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(TRY_EVERY);
    true
}

/// The number the indexes by id, by user and by address key an endpoint id (its [`id_key`]),
/// a user id or an address of an application by: FNV-1a (64 bits) of the application's id,
/// a zero byte and the text. It is stored, so it never changes; two texts with the same
/// number are told apart by the text, read from the row.
pub fn key_hash(app_id: &str, text: &str) -> i64 {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(app_id.as_bytes());
    hasher.write(&[0]);
    hasher.write(text.as_bytes());
    i64::from_ne_bytes(hasher.finish().to_ne_bytes())
}

/// Where an endpoint is stored: its row's id, which an update keeps.
pub type Place = i64;

/// Endpoint ids are case-insensitive: they are keyed by their lower-case form (the id
/// itself when it is ASCII without capitals, as most are).
pub fn id_key(endpoint_id: &str) -> Cow<'_, str> {
    if endpoint_id.is_ascii() && !endpoint_id.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(endpoint_id)
    } else {
        Cow::Owned(endpoint_id.to_lowercase())
    }
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
        conn.busy_handler(Some(wait_for_the_database))?;
        // A new database takes 16 KiB pages (before WAL fixes the size): an endpoint's row
        // (its JSON, about 1 KB) then stays on its page instead of spilling onto overflow
        // pages. A database made earlier keeps its size.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Savepoint and statement journals in memory, not in temporary files.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute_batch(SCHEMA)?;
        if version == 1 {
            conn.execute_batch(MIGRATE_FROM_1)?;
        }
        if version < 3 {
            conn.execute_batch(MIGRATE_TO_3)?;
        }
        rebuild_endpoints_table(&conn)?;
        conn.execute_batch(ENDPOINT_INDEXES)?;
        if version < 5 {
            split_stored_endpoints(&conn)?;
        }
        catalog::create_change_count(&conn)?;
        conn.pragma_update(None, "user_version", VERSION)?;
        let mut store = Store {
            conn,
            catalog: RefCell::default(),
            known: None,
        };
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

    /// A write transaction, taken at once: a writer elsewhere on the same database (a
    /// `serve`, an import) is waited for up to the busy timeout here, instead of failing when
    /// a read would turn into a write after it wrote. An import's filter of the keys stored
    /// is dropped: this write does not note its keys in it.
    fn transaction(&mut self) -> Result<Transaction<'_>, ApiError> {
        self.known = None;
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
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

    /// Deletes an application with its endpoints, segments (every version), settings,
    /// attribute names, campaigns and events. Templates belong to the account and stay.
    pub fn delete_app(&mut self, app_id: &str) -> Result<ApplicationResponse, ApiError> {
        let app = self.get_app(app_id)?;
        let tx = self.transaction()?;
        for table in [
            "endpoints",
            "segments",
            "segment_versions",
            "app_settings",
            "attribute_names",
            "removed_attribute_names",
            "campaigns",
            "events",
        ] {
            tx.execute(&format!("DELETE FROM {table} WHERE app_id = ?1"), [app_id])?;
        }
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

    /// The endpoint of application `app_id` with id `endpoint_id` (in any case), with its
    /// place.
    fn load_endpoint(
        tx: &Connection,
        app_id: &str,
        endpoint_id: &str,
    ) -> Result<Option<(Place, EndpointResponse)>, ApiError> {
        static SELECT: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT rowid, {} FROM endpoints INDEXED BY endpoints_by_id
                 WHERE id_hash = ?3 AND app_id = ?1 AND id_key = ?2",
                rows::WHOLE,
            )
        });
        let mut select = tx.prepare_cached(&SELECT)?;
        let key = id_key(endpoint_id);
        let mut rows = select.query(params![app_id, key, key_hash(app_id, &key)])?;
        rows.next()?
            .map(|row| Ok((row.get(0)?, rows::join(row, 1)?)))
            .transpose()
    }

    /// Stores an endpoint as `row`, its JSON split into its columns: a new row when it has
    /// no place (the caller found none with its id in this transaction), else the row at its
    /// place replaced, so that an id has one row. Replaced by row id, the statement changes
    /// one row, so SQLite keeps no statement journal for it (pages copied before they
    /// change, in case a statement over many rows fails halfway).
    fn save_endpoint(
        tx: &Connection,
        app_id: &str,
        endpoint: &EndpointResponse,
        row: rows::Split,
        place: Option<Place>,
    ) -> Result<(), ApiError> {
        let id = endpoint.id.as_deref().unwrap_or_default();
        let key = id_key(id);
        let user_id = endpoint.user.as_ref().and_then(|u| u.user_id.as_deref());
        let values = params![
            app_id,
            key,
            key_hash(app_id, &key),
            user_id,
            endpoint.address,
            is_active(endpoint),
            row.body,
            id,
            endpoint.channel_type,
            row.attributes,
            row.demographic,
            row.location,
            row.metrics,
            row.user_attributes,
            user_id.map(|u| key_hash(app_id, u)),
            endpoint.address.as_deref().map(|a| key_hash(app_id, a)),
        ];
        let saved = match place {
            None => tx
                .prepare_cached(
                    "INSERT INTO endpoints (app_id, id_key, id_hash, user_id, address, active, body, id, channel_type, attributes, demographic, location, metrics, user_attributes, user_hash, address_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )?
                .execute(values)?,
            Some(place) => {
                let mut values = values.to_vec();
                values.push(&place);
                tx.prepare_cached(
                    "UPDATE endpoints SET user_id = ?4, address = ?5, active = ?6, body = ?7, id = ?8, channel_type = ?9, attributes = ?10, demographic = ?11, location = ?12, metrics = ?13, user_attributes = ?14, user_hash = ?15, address_hash = ?16 WHERE rowid = ?17",
                )?
                .execute(&*values)?
            }
        };
        if saved == 0 {
            return Err(ApiError::internal(format!(
                "endpoint {id} of application {app_id} is no longer stored"
            )));
        }
        Ok(())
    }

    /// The endpoints `sql` selects (the row id, then [`rows::WHOLE`]), with their places.
    fn query_endpoints(
        tx: &Connection,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<(Place, EndpointResponse)>, ApiError> {
        let mut stmt = tx.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        let mut endpoints = Vec::new();
        while let Some(row) = rows.next()? {
            endpoints.push((row.get(0)?, rows::join(row, 1)?));
        }
        Ok(endpoints)
    }

    fn user_endpoints(
        tx: &Connection,
        app_id: &str,
        user_id: &str,
    ) -> Result<Vec<EndpointResponse>, ApiError> {
        let endpoints = Self::query_endpoints(
            tx,
            "SELECT rowid, body, attributes, demographic, location, metrics, user_attributes FROM endpoints INDEXED BY endpoints_by_user WHERE user_hash = ?3 AND app_id = ?1 AND user_id = ?2 ORDER BY id_key",
            params![app_id, user_id, key_hash(app_id, user_id)],
        )?;
        Ok(endpoints.into_iter().map(|(_, e)| e).collect())
    }

    /// A user's endpoints as the user rules see them (see [`Peer`]), read without the rest
    /// of their JSON.
    fn user_peers(
        tx: &Connection,
        app_id: &str,
        user_id: &str,
    ) -> Result<Vec<EndpointResponse>, ApiError> {
        let mut stmt = tx.prepare_cached(
            "SELECT body, user_attributes FROM endpoints INDEXED BY endpoints_by_user WHERE user_hash = ?3 AND app_id = ?1 AND user_id = ?2 ORDER BY id_key",
        )?;
        let mut rows = stmt.query(params![app_id, user_id, key_hash(app_id, user_id)])?;
        let mut peers = Vec::new();
        while let Some(row) = rows.next()? {
            let body = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            peers.push(from_json::<Peer>(body)?.into_endpoint(rows::member(row, 1)?));
        }
        Ok(peers)
    }

    pub fn get_endpoint(
        &self,
        app_id: &str,
        endpoint_id: &str,
    ) -> Result<EndpointResponse, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        Self::load_endpoint(&self.conn, app_id, endpoint_id)?
            .map(|(_, e)| e)
            .ok_or_else(ApiError::not_found)
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
        let fresh = rules::prepare(request, ctx, Default::default());
        Self::apply_checked(tx, ctx.application_id, fresh, None).map(|(endpoint, _)| endpoint)
    }

    /// One update inside a transaction, its request checked already ([`check_request`])
    /// and made into the endpoint it creates ([`rules::prepare`]); an import's reads the
    /// application's attribute names once for many updates, looks up only the keys its
    /// filter says may be stored, and brings the row of a new endpoint made already. Also
    /// says whether the endpoint is new.
    fn apply_checked(
        tx: &Connection,
        app_id: &str,
        mut fresh: Fresh,
        import: Option<Import<'_>>,
    ) -> Result<(EndpointResponse, bool), ApiError> {
        // Everything that can refuse the update comes before the first write, so that in an
        // import's batch a refused update leaves nothing behind without a savepoint of its
        // own.
        let (mut registry, mut known, mut row) = match import {
            Some(Import {
                registry,
                known,
                row,
            }) => (Some(registry), known, Some(row)),
            None => (None, None, None),
        };
        // The endpoint's keys, checked in: each is asked about once, and only an update's
        // own (an endpoint it changes beside gains none: it keeps its id, and loses its user
        // or its address, if anything).
        let check_in = |known: &mut Option<&mut Known>, kind, text: &str| {
            known
                .as_deref_mut()
                .is_none_or(|k| k.check_in(kind, key_hash(app_id, text)))
        };
        match registry.as_deref_mut() {
            Some(registry) => {
                if registry.drop_removed(&mut fresh) {
                    row = None;
                }
                registry.check(&fresh)?;
            }
            None => {
                names::drop_removed(tx, app_id, &mut fresh)?;
                names::register(tx, app_id, &fresh)?;
            }
        }
        let endpoint_id = fresh.endpoint.id.clone().unwrap_or_default();
        let key = id_key(&endpoint_id);
        let (place, stored) = if check_in(&mut known, Kind::Id, &key) {
            Self::load_endpoint(tx, app_id, &endpoint_id)?
        } else {
            None
        }
        .unzip();
        let created = place.is_none();
        let old_user = stored.as_ref().and_then(user_id).map(str::to_owned);
        let user_update = fresh.user_update();
        if stored.is_some() {
            row = None;
        }
        let mut endpoint = rules::restate(stored, fresh);
        let new_user = user_id(&endpoint).map(str::to_owned);
        // The other endpoints the update changes, written at the end.
        let mut changed: Vec<(Place, EndpointResponse)> = Vec::new();

        if let Some(user) = &new_user {
            let peers = if check_in(&mut known, Kind::User, user) {
                Self::user_peers(tx, app_id, user)?
            } else {
                Vec::new()
            };
            let mut others: Vec<EndpointResponse> = peers
                .into_iter()
                .filter(|e| e.id.as_deref().map(id_key).as_ref() != Some(&key))
                .collect();
            if old_user.as_deref() != Some(user.as_str()) {
                match rules::user_limit(endpoint.channel_type.as_deref(), &others) {
                    UserLimit::Fits => {}
                    UserLimit::Displace(id) => {
                        // It leaves the user: the attribute sharing below must not save
                        // it again with its old UserId and status.
                        others.retain(|e| e.id.as_deref().map(id_key) != Some(id_key(&id)));
                        if let Some((at, mut old)) = Self::load_endpoint(tx, app_id, &id)? {
                            old.endpoint_status = Some("INACTIVE".into());
                            if let Some(u) = old.user.as_mut() {
                                u.user_id = None;
                            }
                            changed.push((at, old));
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
                    let user = endpoint.user.get_or_insert_with(Default::default);
                    let own = user.user_attributes.replace(shared).unwrap_or_default();
                    rules::share_user_attributes(&mut endpoint, &own);
                    if let Some(row) = row.as_mut() {
                        row.user_attributes = rows::user_attributes(&endpoint);
                    }
                }
            }
            if let Some(update) = &user_update {
                for mut other in others {
                    // Only the endpoints the update changes are read whole and written again.
                    if rules::share_user_attributes(&mut other, update)
                        && let Some(id) = &other.id
                        && let Some((at, mut whole)) = Self::load_endpoint(tx, app_id, id)?
                    {
                        rules::share_user_attributes(&mut whole, update);
                        changed.push((at, whole));
                    }
                }
            }
        }

        // An endpoint that takes an address makes the others with it INACTIVE; one stored
        // INACTIVE takes nothing from them.
        if let Some(address) = endpoint
            .address
            .as_deref()
            .filter(|a| is_active(&endpoint) && check_in(&mut known, Kind::Address, a))
        {
            let same_address = Self::query_endpoints(
                tx,
                "SELECT rowid, body, attributes, demographic, location, metrics, user_attributes FROM endpoints INDEXED BY endpoints_by_active_address WHERE address_hash = ?1 AND active = 1 AND app_id = ?2 AND address = ?3 AND id_key <> ?4",
                params![key_hash(app_id, address), app_id, address, key],
            )?;
            for (place, other) in same_address {
                // Changed already (a user's endpoint sharing the address): that version.
                let at = changed.iter().position(|(p, _)| *p == place);
                let (_, other) = match at {
                    Some(at) => &mut changed[at],
                    None => {
                        changed.push((place, other));
                        changed.last_mut().expect("just pushed")
                    }
                };
                other.endpoint_status = Some("INACTIVE".into());
            }
        }

        let row = row.unwrap_or_else(|| rows::split(&mut endpoint));
        check_totals(&endpoint, row.whole_len())?;

        if let Some(registry) = registry {
            registry.write_pending(tx)?;
        }
        for (at, other) in &mut changed {
            let other_row = rows::split(other);
            Self::save_endpoint(tx, app_id, other, other_row, Some(*at))?;
        }
        Self::save_endpoint(tx, app_id, &endpoint, row, place)?;
        Ok((endpoint, created))
    }

    pub fn delete_endpoint(
        &mut self,
        app_id: &str,
        endpoint_id: &str,
    ) -> Result<EndpointResponse, ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, app_id)?;
        let (place, endpoint) =
            Self::load_endpoint(&tx, app_id, endpoint_id)?.ok_or_else(ApiError::not_found)?;
        tx.execute("DELETE FROM endpoints WHERE rowid = ?1", [place])?;
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
            "DELETE FROM endpoints INDEXED BY endpoints_by_user WHERE user_hash = ?3 AND app_id = ?1 AND user_id = ?2",
            params![app_id, user_id, key_hash(app_id, user_id)],
        )?;
        tx.commit()?;
        Ok(endpoints)
    }

    // ----- segments -----

    /// Stores a segment as it is (CreateSegment), with its version.
    pub fn put_segment(&mut self, segment: &SegmentResponse) -> Result<(), ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, &segment.application_id)?;
        Self::check_sources(&tx, &segment.application_id, &segment.segment_groups)?;
        Self::save_segment(&tx, segment)?;
        tx.commit()?;
        Ok(())
    }

    /// UpdateSegment: the members sent replace the stored ones, and the version goes up.
    pub fn update_segment(
        &mut self,
        app_id: &str,
        segment_id: &str,
        request: WriteSegmentRequest,
        now: &str,
    ) -> Result<SegmentResponse, ApiError> {
        let tx = self.transaction()?;
        let mut segment = Self::load_segment(&tx, app_id, segment_id)?;
        Self::check_sources(&tx, app_id, &request.segment_groups)?;
        if request.dimensions.is_some() {
            segment.dimensions = request.dimensions;
            segment.segment_groups = None;
        }
        if request.segment_groups.is_some() {
            segment.segment_groups = request.segment_groups;
            segment.dimensions = None;
        }
        if request.name.is_some() {
            segment.name = request.name;
        }
        segment.last_modified_date = Some(now.to_string());
        segment.version = Some(segment.version.unwrap_or(1) + 1);
        Self::save_segment(&tx, &segment)?;
        tx.commit()?;
        Ok(segment)
    }

    /// The segment row and a row for its version.
    fn save_segment(tx: &Connection, segment: &SegmentResponse) -> Result<(), ApiError> {
        let body = to_json(segment);
        tx.execute(
            "INSERT OR REPLACE INTO segments (app_id, id, created, body) VALUES (?1, ?2, ?3, ?4)",
            params![
                segment.application_id,
                segment.id,
                segment.creation_date,
                body
            ],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO segment_versions (app_id, id, version, body) VALUES (?1, ?2, ?3, ?4)",
            params![
                segment.application_id,
                segment.id,
                segment.version.unwrap_or(1),
                body
            ],
        )?;
        Ok(())
    }

    /// Every source segment a request names exists in the application (and so does the
    /// version it names, if any).
    fn check_sources(
        tx: &Connection,
        app_id: &str,
        groups: &Option<SegmentGroupList>,
    ) -> Result<(), ApiError> {
        let groups = groups.iter().flat_map(|g| g.groups.iter().flatten());
        for (i, group) in groups.enumerate() {
            for (j, source) in group.source_segments.iter().flatten().enumerate() {
                let path = format!("SegmentGroups.Groups[{i}].SourceSegments[{j}]");
                let found: Option<i64> = tx
                    .prepare_cached("SELECT 1 FROM segments WHERE app_id = ?1 AND id = ?2")?
                    .query_row(params![app_id, source.id], |r| r.get(0))
                    .optional()?;
                if found.is_none() {
                    return Err(ApiError::bad_request(format!(
                        "{path}.Id: segment {} does not exist in application {app_id}",
                        source.id
                    )));
                }
                if let Some(version) = source.version
                    && Self::load_version(tx, app_id, &source.id, version)?.is_none()
                {
                    return Err(ApiError::bad_request(format!(
                        "{path}.Version: segment {} has no version {version} in application {app_id}",
                        source.id
                    )));
                }
            }
        }
        Ok(())
    }

    /// The record `select` (the `body` of the row with `app_id` and `id`, `?1` and `?2`)
    /// reads; 404 when the application or the record is not there.
    fn load_record<T: serde::de::DeserializeOwned>(
        tx: &Connection,
        select: &str,
        app_id: &str,
        id: &str,
    ) -> Result<T, ApiError> {
        Self::require_app(tx, app_id)?;
        let body: Option<String> = tx
            .prepare_cached(select)?
            .query_row(params![app_id, id], |r| r.get(0))
            .optional()?;
        from_json(&body.ok_or_else(ApiError::not_found)?)
    }

    fn load_segment(
        tx: &Connection,
        app_id: &str,
        segment_id: &str,
    ) -> Result<SegmentResponse, ApiError> {
        let select = "SELECT body FROM segments WHERE app_id = ?1 AND id = ?2";
        Self::load_record(tx, select, app_id, segment_id)
    }

    fn load_version(
        tx: &Connection,
        app_id: &str,
        segment_id: &str,
        version: i64,
    ) -> Result<Option<SegmentResponse>, ApiError> {
        let body: Option<String> = tx
            .prepare_cached(
                "SELECT body FROM segment_versions WHERE app_id = ?1 AND id = ?2 AND version = ?3",
            )?
            .query_row(params![app_id, segment_id, version], |r| r.get(0))
            .optional()?;
        body.map(|b| from_json(&b)).transpose()
    }

    pub fn get_segment(&self, app_id: &str, segment_id: &str) -> Result<SegmentResponse, ApiError> {
        Self::load_segment(&self.conn, app_id, segment_id)
    }

    pub fn list_segments(&self, app_id: &str) -> Result<Vec<SegmentResponse>, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM segments WHERE app_id = ?1 ORDER BY created, id")?;
        let rows = stmt.query_map([app_id], |r| r.get::<_, String>(0))?;
        rows.map(|r| from_json(&r?)).collect()
    }

    /// GetSegmentVersions: every version of a segment, oldest first.
    pub fn segment_versions(
        &self,
        app_id: &str,
        segment_id: &str,
    ) -> Result<Vec<SegmentResponse>, ApiError> {
        Self::load_segment(&self.conn, app_id, segment_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT body FROM segment_versions WHERE app_id = ?1 AND id = ?2 ORDER BY version",
        )?;
        let rows = stmt.query_map(params![app_id, segment_id], |r| r.get::<_, String>(0))?;
        rows.map(|r| from_json(&r?)).collect()
    }

    /// GetSegmentVersion: one version of a segment.
    pub fn segment_version(
        &self,
        app_id: &str,
        segment_id: &str,
        version: i64,
    ) -> Result<SegmentResponse, ApiError> {
        Self::load_segment(&self.conn, app_id, segment_id)?;
        Self::load_version(&self.conn, app_id, segment_id, version)?.ok_or_else(ApiError::not_found)
    }

    /// Deletes a segment with every version of it.
    pub fn delete_segment(
        &mut self,
        app_id: &str,
        segment_id: &str,
    ) -> Result<SegmentResponse, ApiError> {
        let tx = self.transaction()?;
        let segment = Self::load_segment(&tx, app_id, segment_id)?;
        for table in ["segments", "segment_versions"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE app_id = ?1 AND id = ?2"),
                params![app_id, segment_id],
            )?;
        }
        tx.commit()?;
        Ok(segment)
    }

    // ----- attribute names -----

    /// RemoveAttributes: the names of one type that match the patterns leave the
    /// application's registry and are no longer captured (endpoints keep their values).
    pub fn remove_attributes(
        &mut self,
        app_id: &str,
        kind: EndpointAttributeType,
        patterns: &[String],
    ) -> Result<AttributesResource, ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, app_id)?;
        let removed = names::remove(&tx, app_id, kind, patterns)?;
        tx.commit()?;
        Ok(AttributesResource {
            application_id: app_id.to_string(),
            attribute_type: kind.as_str().to_string(),
            attributes: Some(removed),
        })
    }

    /// How many attribute names an application has registered, all types together.
    pub fn attribute_name_count(&self, app_id: &str) -> Result<usize, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        names::registered(&self.conn, app_id)
    }

    // ----- application settings -----

    fn load_settings(
        tx: &Connection,
        app_id: &str,
    ) -> Result<ApplicationSettingsResource, ApiError> {
        let body: Option<String> = tx
            .query_row(
                "SELECT body FROM app_settings WHERE app_id = ?1",
                [app_id],
                |r| r.get(0),
            )
            .optional()?;
        match body {
            Some(body) => from_json(&body),
            None => {
                let app: String = tx
                    .query_row("SELECT body FROM apps WHERE id = ?1", [app_id], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .ok_or_else(ApiError::not_found)?;
                let app: ApplicationResponse = from_json(&app)?;
                Ok(super::settings::defaults(
                    app_id,
                    app.creation_date.as_deref(),
                ))
            }
        }
    }

    /// GetApplicationSettings.
    pub fn get_settings(&self, app_id: &str) -> Result<ApplicationSettingsResource, ApiError> {
        Self::load_settings(&self.conn, app_id)
    }

    /// UpdateApplicationSettings.
    pub fn update_settings(
        &mut self,
        app_id: &str,
        request: WriteApplicationSettingsRequest,
        now: &str,
    ) -> Result<ApplicationSettingsResource, ApiError> {
        let tx = self.transaction()?;
        let stored = Self::load_settings(&tx, app_id)?;
        let updated = super::settings::apply(stored, request, now);
        tx.execute(
            "INSERT OR REPLACE INTO app_settings (app_id, body) VALUES (?1, ?2)",
            params![app_id, to_json(&updated)],
        )?;
        tx.commit()?;
        Ok(updated)
    }
}

/// What the user rules read of a user's other endpoints: the 16th-endpoint rule their id,
/// channel and EffectiveDate (from the row's body), the sharing of user attributes those
/// attributes (from their column). The rest of the stored JSON is skipped, not read.
#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Peer {
    id: Option<String>,
    channel_type: Option<String>,
    effective_date: Option<String>,
}

impl Peer {
    /// A peer as a partial endpoint, for the rules (which read only those members).
    fn into_endpoint(self, user_attributes: Option<AttributeMap>) -> EndpointResponse {
        EndpointResponse {
            id: self.id,
            channel_type: self.channel_type,
            effective_date: self.effective_date,
            user: Some(crate::model::wire::EndpointUser {
                user_attributes,
                user_id: None,
            }),
            ..EndpointResponse::default()
        }
    }
}

/// The columns version 5 adds to the endpoints, in order.
const SPLIT_COLUMNS: [&str; 7] = [
    "id",
    "channel_type",
    "attributes",
    "demographic",
    "location",
    "metrics",
    "user_attributes",
];

/// Copies the endpoints of a database made before version 7 into a table of that version's
/// shape (row ids, `user_hash`, `address_hash`, `id_hash`), in one transaction, the columns
/// the earlier table lacks left empty (version 5's split fills them). A table of that shape
/// already is left alone.
fn rebuild_endpoints_table(conn: &Connection) -> Result<(), rusqlite::Error> {
    let present = endpoint_columns(conn)?;
    if present.iter().any(|c| c == "id_hash") {
        return Ok(());
    }
    let stored: i64 = conn.query_row("SELECT COUNT(*) FROM endpoints", [], |r| r.get(0))?;
    if stored > 0 {
        tracing::info!(
            endpoints = stored,
            "copying the stored endpoints into the table of version 7 (once)"
        );
    }
    conn.create_scalar_function(
        "key_hash",
        2,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let app_id: String = ctx.get(0)?;
            let text: Option<String> = ctx.get(1)?;
            Ok(text.map(|t| key_hash(&app_id, &t)))
        },
    )?;
    // Columns this version computes are computed again, whatever an earlier table held.
    let columns = present
        .iter()
        .filter(|c| !matches!(c.as_str(), "user_hash" | "address_hash"))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(&format!(
        "{}
         INSERT INTO endpoints_v7 ({columns}, user_hash, address_hash, id_hash)
             SELECT {columns}, key_hash(app_id, user_id), key_hash(app_id, address),
                 key_hash(app_id, id_key)
             FROM endpoints;
         DROP TABLE endpoints;
         ALTER TABLE endpoints_v7 RENAME TO endpoints;",
        endpoints_table!("endpoints_v7")
    ))?;
    tx.commit()?;
    conn.remove_function("key_hash", 2)
}

/// The names of the endpoints table's columns, as the database has them.
fn endpoint_columns(conn: &Connection) -> Result<Vec<String>, rusqlite::Error> {
    conn.prepare("SELECT name FROM pragma_table_info('endpoints')")?
        .query_map([], |r| r.get(0))?
        .collect()
}

/// Gives an earlier database's endpoints table the columns of version 5 and splits every
/// stored endpoint into them, in one transaction (a failure leaves the database as it was,
/// to be split when it is next opened).
fn split_stored_endpoints(conn: &Connection) -> Result<(), rusqlite::Error> {
    const CHUNK: i64 = 10_000;
    let tx = conn.unchecked_transaction()?;
    let present = endpoint_columns(&tx)?;
    for column in SPLIT_COLUMNS {
        if !present.iter().any(|p| p == column) {
            tx.execute_batch(&format!("ALTER TABLE endpoints ADD COLUMN {column} TEXT"))?;
        }
    }
    let stored: i64 = tx.query_row("SELECT COUNT(*) FROM endpoints", [], |r| r.get(0))?;
    if stored > 0 {
        tracing::info!(
            endpoints = stored,
            "splitting the stored endpoints into the columns segments read (once)"
        );
    }
    let mut after = 0;
    loop {
        let chunk: Vec<(i64, String, String, String)> = tx
            .prepare(
                "SELECT rowid, app_id, id_key, body FROM endpoints WHERE rowid > ?1
                 ORDER BY rowid LIMIT ?2",
            )?
            .query_map(params![after, CHUNK], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = chunk.last() else { break };
        after = last.0;
        let failed = |key: &str, app_id: &str, e: String| {
            rusqlite::Error::ToSqlConversionFailure(
                format!("stored endpoint {key} of application {app_id}: {e}").into(),
            )
        };
        for (place, app_id, key, body) in chunk {
            let mut endpoint: EndpointResponse = serde_json::from_str(&body)
                .map_err(|e| failed(&key, &app_id, format!("does not parse: {e}")))?;
            endpoint.id.get_or_insert_with(|| key.clone());
            let row = rows::split(&mut endpoint);
            Store::save_endpoint(&tx, &app_id, &endpoint, row, Some(place))
                .map_err(|e| failed(&key, &app_id, e.message))?;
        }
    }
    tx.commit()
}

fn is_active(endpoint: &EndpointResponse) -> bool {
    endpoint.endpoint_status.as_deref() != Some("INACTIVE")
}

fn user_id(endpoint: &EndpointResponse) -> Option<&str> {
    endpoint.user.as_ref()?.user_id.as_deref()
}

/// Pinpoint's per-request rules (quotas, ids, ranges, enumerations) for one request: only
/// what Pinpoint refuses, so no warning is worked out for a value it accepts.
fn check_request(endpoint_id: &str, request: &EndpointRequest) -> Result<(), ApiError> {
    reject_errors(request_errors(endpoint_id, request))
}

/// The quotas that concern the whole stored endpoint (names in all, size).
fn check_totals(endpoint: &EndpointResponse, body_bytes: usize) -> Result<(), ApiError> {
    let user_names = endpoint
        .user
        .as_ref()
        .and_then(|u| u.user_attributes.as_ref())
        .map_or(0, |m| m.len());
    let names = endpoint.attributes.as_ref().map_or(0, |m| m.len())
        + endpoint.metrics.as_ref().map_or(0, |m| m.len())
        + user_names;
    // The request JSON the size counts holds less than the stored endpoint's: under the
    // quota as stored, it is under it as counted.
    if names <= MAX_NAMES && body_bytes <= MAX_ENDPOINT_BYTES {
        return Ok(());
    }
    reject_errors(total_errors(&UserInfo::from_endpoint_response(endpoint)))
}

fn reject_errors(problems: Vec<crate::model::validate::Problem>) -> Result<(), ApiError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::bad_request(problems_line(&problems)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_keyed_by_its_lower_case_form() {
        assert!(matches!(id_key("ep-0001"), Cow::Borrowed("ep-0001")));
        assert_eq!(id_key("EP-0001"), "ep-0001");
        assert_eq!(
            id_key("Été-ΣΑΣ"),
            "été-σας",
            "as str::to_lowercase, final sigma too"
        );
        assert_eq!(id_key("été"), "été");
    }

    /// A database made by `make` as an older version left it, in a directory of its own,
    /// opened now (and so migrated).
    fn migrated(make: impl FnOnce(&Connection)) -> (tempfile::TempDir, Store) {
        let (dir, path) = crate::atomic::temp_path("old.sqlite3");
        make(&Connection::open(&path).unwrap());
        let store = Store::open(&path, "now").unwrap();
        (dir, store)
    }

    /// The schema version of the opened database.
    fn user_version(store: &Store) -> i64 {
        store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    /// Every row `sql` selects, each read by `row`.
    fn rows<T>(
        store: &Store,
        sql: &str,
        row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Vec<T> {
        let mut statement = store.conn.prepare(sql).unwrap();
        statement
            .query_map([], row)
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// UpdateEndpoint of endpoint `id` of the default application with `request`.
    fn update(
        store: &mut Store,
        id: &str,
        request: serde_json::Value,
    ) -> Result<EndpointResponse, ApiError> {
        let ctx = UpdateContext {
            application_id: DEFAULT_APP_ID,
            endpoint_id: id,
            now: "now",
            request_id: "r",
        };
        store.update_endpoint(serde_json::from_value(request).unwrap(), &ctx)
    }

    /// The endpoints table of versions 2 to 4, with its indexes.
    const V4_ENDPOINTS: &str = "
        CREATE TABLE endpoints (app_id TEXT NOT NULL, id_key TEXT NOT NULL, user_id TEXT,
            address TEXT, active INTEGER NOT NULL DEFAULT 1, body TEXT NOT NULL,
            PRIMARY KEY (app_id, id_key)) WITHOUT ROWID;
        CREATE INDEX endpoints_by_user ON endpoints (app_id, user_id);
        CREATE INDEX endpoints_by_active_address ON endpoints (app_id, address) WHERE active = 1;";

    /// The endpoints table of version 5 (version 4's and the members' columns), with its
    /// indexes.
    const V5_ENDPOINTS: &str = "
        CREATE TABLE endpoints (app_id TEXT NOT NULL, id_key TEXT NOT NULL, user_id TEXT,
            address TEXT, active INTEGER NOT NULL DEFAULT 1, body TEXT NOT NULL, id TEXT,
            channel_type TEXT, attributes TEXT, demographic TEXT, location TEXT, metrics TEXT,
            user_attributes TEXT, PRIMARY KEY (app_id, id_key)) WITHOUT ROWID;
        CREATE INDEX endpoints_by_user ON endpoints (app_id, user_id);
        CREATE INDEX endpoints_by_active_address ON endpoints (app_id, address) WHERE active = 1;";

    /// The endpoints table of version 6 (row ids, the indexes by user and by address keyed by
    /// [`key_hash`], the one by id by the two texts), with its indexes.
    const V6_ENDPOINTS: &str = "
        CREATE TABLE endpoints (app_id TEXT NOT NULL, id_key TEXT NOT NULL, user_id TEXT,
            address TEXT, active INTEGER NOT NULL DEFAULT 1, body TEXT NOT NULL, id TEXT,
            channel_type TEXT, attributes TEXT, demographic TEXT, location TEXT, metrics TEXT,
            user_attributes TEXT, user_hash INTEGER, address_hash INTEGER);
        CREATE UNIQUE INDEX endpoints_by_id ON endpoints (app_id, id_key);
        CREATE INDEX endpoints_by_user ON endpoints (user_hash);
        CREATE INDEX endpoints_by_active_address ON endpoints (address_hash) WHERE active = 1;";

    /// Stores the default application, as an older version did, in a database being made.
    fn insert_default_app(conn: &Connection) {
        let app = new_application(DEFAULT_APP_ID, DEFAULT_APP_NAME, "then", None);
        conn.execute(
            "INSERT INTO apps (id, body) VALUES (?1, ?2)",
            params![app.id, to_json(&app)],
        )
        .unwrap();
    }

    /// Stores segment `s1` of the default application with `body`, as an older version did.
    fn insert_segment_s1(conn: &Connection, body: &serde_json::Value) {
        conn.execute(
            "INSERT INTO segments (app_id, id, created, body) VALUES (?1, 's1', 'then', ?2)",
            params![DEFAULT_APP_ID, body.to_string()],
        )
        .unwrap();
    }

    #[test]
    fn a_version_2_database_gets_the_registry_and_the_segment_versions() {
        let (_dir, mut store) = migrated(|conn| {
            conn.execute_batch(
                "CREATE TABLE apps (id TEXT PRIMARY KEY, body TEXT NOT NULL);
                 CREATE TABLE endpoints (app_id TEXT NOT NULL, id_key TEXT NOT NULL, user_id TEXT, address TEXT,
                 active INTEGER NOT NULL DEFAULT 1, body TEXT NOT NULL, PRIMARY KEY (app_id, id_key)) WITHOUT ROWID;
                 CREATE TABLE segments (app_id TEXT NOT NULL, id TEXT NOT NULL, created TEXT NOT NULL,
                 body TEXT NOT NULL, PRIMARY KEY (app_id, id)) WITHOUT ROWID;
                 PRAGMA user_version = 2;",
            )
            .unwrap();
            insert_default_app(conn);
            // 250 names in all: 200 attributes on one endpoint, the rest on another.
            let many: serde_json::Map<String, serde_json::Value> = (0..200)
                .map(|i| (format!("a{i}"), serde_json::json!(["v"])))
                .collect();
            let bodies = [
                ("e1", serde_json::json!({"Id": "e1", "Attributes": many})),
                (
                    "e2",
                    serde_json::json!({"Id": "e2", "Attributes": {"a0": ["w"], "plan": ["x"]},
                        "Metrics": (0..20).map(|i| (format!("m{i}"), serde_json::json!(1.0)))
                            .collect::<serde_json::Map<_, _>>(),
                        "User": {"UserAttributes": (0..29).map(|i| (format!("u{i}"), serde_json::json!(["y"])))
                            .collect::<serde_json::Map<_, _>>()}}),
                ),
            ];
            for (id, body) in bodies {
                conn.execute(
                    "INSERT INTO endpoints (app_id, id_key, body) VALUES (?1, ?2, ?3)",
                    params![DEFAULT_APP_ID, id, body.to_string()],
                )
                .unwrap();
            }
            let segment = serde_json::json!({"ApplicationId": DEFAULT_APP_ID, "Arn": "arn", "CreationDate": "then",
                "Id": "s1", "SegmentType": "DIMENSIONAL", "Version": 4, "Name": "four"});
            insert_segment_s1(conn, &segment);
        });
        assert_eq!(user_version(&store), VERSION);
        assert_eq!(store.attribute_name_count(DEFAULT_APP_ID).unwrap(), 250);
        let by_type: Vec<(String, i64)> = rows(
            &store,
            "SELECT attribute_type, COUNT(*) FROM attribute_names GROUP BY attribute_type ORDER BY 1",
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        assert_eq!(
            by_type,
            [
                ("endpoint-custom-attributes".to_string(), 201),
                ("endpoint-metric-attributes".to_string(), 20),
                ("endpoint-user-attributes".to_string(), 29),
            ]
        );
        let kept = store.segment_version(DEFAULT_APP_ID, "s1", 4).unwrap();
        assert_eq!(kept.name.as_deref(), Some("four"));
        assert_eq!(
            store.segment_versions(DEFAULT_APP_ID, "s1").unwrap().len(),
            1
        );

        // The registry is what the quota counts: a 251st name is refused, a known one is not.
        let err = update(
            &mut store,
            "e3",
            serde_json::json!({"Metrics": {"fresh": 1}}),
        )
        .unwrap_err();
        assert!(err.message.contains("251"), "{}", err.message);
        update(&mut store, "e3", serde_json::json!({"Metrics": {"m3": 2}})).unwrap();
    }

    /// Version 4 stored each endpoint whole in `body`: opened now, every endpoint is split
    /// into the columns of the members segments read, and reads back as it was.
    #[test]
    fn a_version_4_database_has_its_endpoints_split_into_columns() {
        let whole = serde_json::json!({
            "Address": "a", "ApplicationId": DEFAULT_APP_ID, "Attributes": {"plan": ["premium"]},
            "ChannelType": "EMAIL", "CohortId": "3", "CreationDate": "then",
            "Demographic": {"Platform": "iOS"}, "EffectiveDate": "then",
            "EndpointStatus": "ACTIVE", "Id": "E1", "Location": {"Country": "DE"},
            "Metrics": {"logins": 3}, "OptOut": "NONE", "RequestId": "r",
            "User": {"UserAttributes": {"tier": ["gold"]}, "UserId": "u1"}
        });
        let bare = serde_json::json!({"Id": "e2", "User": {"UserId": "u1"}});
        let (_dir, store) = migrated(|conn| {
            conn.execute_batch(&SCHEMA.replace(endpoints_table!("endpoints"), V4_ENDPOINTS))
                .unwrap();
            conn.execute_batch("PRAGMA user_version = 4;").unwrap();
            for (key, body) in [("e1", &whole), ("e2", &bare)] {
                conn.execute(
                    "INSERT INTO endpoints (app_id, id_key, user_id, address, body) VALUES (?1, ?2, 'u1', 'a', ?3)",
                    params![DEFAULT_APP_ID, key, body.to_string()],
                )
                .unwrap();
            }
        });
        let stored = store.get_endpoint(DEFAULT_APP_ID, "e1").unwrap();
        assert_eq!(serde_json::to_value(&stored).unwrap(), whole);
        let users = store.get_user_endpoints(DEFAULT_APP_ID, "u1").unwrap();
        assert_eq!(serde_json::to_value(&users[1]).unwrap(), bare);
        let (id, channel, attributes, body): (String, String, String, String) = store
            .conn
            .query_row(
                "SELECT id, channel_type, attributes, body FROM endpoints WHERE id_key = 'e1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!((id.as_str(), channel.as_str()), ("E1", "EMAIL"));
        assert_eq!(attributes, r#"{"plan":["premium"]}"#);
        assert!(
            !body.contains("premium") && !body.contains("gold") && !body.contains("iOS"),
            "{body}"
        );
    }

    /// Version 5 kept the endpoints in a table without row ids, its indexes keyed by the
    /// application and the text; version 6 in a table with row ids, its index by id keyed
    /// by the two texts. Opened now, every endpoint is copied into version 7's table with
    /// its id's, user's and address's numbers, reads back as it was, and the lookups by id,
    /// by user and by address find it by those numbers.
    #[test]
    fn a_version_5_or_6_database_has_its_endpoints_copied_into_the_table_of_version_7() {
        for (version, table) in [(5, V5_ENDPOINTS), (6, V6_ENDPOINTS)] {
            copied_into_the_table_of_version_7(version, table);
        }
    }

    fn copied_into_the_table_of_version_7(version: i64, table: &str) {
        let mut bodies = Vec::new();
        let (_dir, mut store) = migrated(|conn| {
            conn.execute_batch(&SCHEMA.replace(endpoints_table!("endpoints"), table))
                .unwrap();
            conn.execute_batch(&format!("PRAGMA user_version = {version};"))
                .unwrap();
            insert_default_app(conn);
            for (key, address) in [("e1", "shared"), ("e2", "shared"), ("e3", "own")] {
                let mut endpoint = EndpointResponse {
                    id: Some(key.to_uppercase()),
                    address: Some(address.into()),
                    channel_type: Some("EMAIL".into()),
                    attributes: Some([("plan".to_string(), vec!["free".to_string()])].into()),
                    endpoint_status: Some(if key == "e1" { "INACTIVE" } else { "ACTIVE" }.into()),
                    user: Some(crate::model::wire::EndpointUser {
                        user_id: Some("u1".into()),
                        user_attributes: None,
                    }),
                    ..EndpointResponse::default()
                };
                bodies.push(serde_json::to_value(&endpoint).unwrap());
                let row = rows::split(&mut endpoint);
                conn.execute(
                    "INSERT INTO endpoints (app_id, id_key, user_id, address, active, body, id, channel_type, attributes) VALUES (?1, ?2, 'u1', ?3, ?4, ?5, ?6, 'EMAIL', ?7)",
                    params![DEFAULT_APP_ID, key, address, key != "e1", row.body, key.to_uppercase(), row.attributes],
                )
                .unwrap();
            }
            if version == 6 {
                conn.execute(
                    "UPDATE endpoints SET user_hash = ?1, address_hash = ?2 WHERE address = 'shared'",
                    params![key_hash(DEFAULT_APP_ID, "u1"), key_hash(DEFAULT_APP_ID, "shared")],
                )
                .unwrap();
            }
        });
        assert_eq!(user_version(&store), VERSION);
        let hashes: Vec<(String, Option<i64>, i64)> = rows(
            &store,
            "SELECT id_key, address_hash, id_hash FROM endpoints ORDER BY rowid",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        );
        let users: Vec<Option<i64>> =
            rows(&store, "SELECT DISTINCT user_hash FROM endpoints", |r| {
                r.get(0)
            });
        assert_eq!(
            users,
            [Some(key_hash(DEFAULT_APP_ID, "u1"))],
            "version {version}"
        );
        let peers = store.get_user_endpoints(DEFAULT_APP_ID, "u1").unwrap();
        assert_eq!(peers.len(), 3, "found by the user's number");
        let expected: Vec<(String, Option<i64>, i64)> =
            [("e1", "shared"), ("e2", "shared"), ("e3", "own")]
                .into_iter()
                .map(|(k, a)| {
                    let (k, a) = (k.to_string(), Some(key_hash(DEFAULT_APP_ID, a)));
                    let id = key_hash(DEFAULT_APP_ID, &k);
                    (k, a, id)
                })
                .collect();
        assert_eq!(hashes, expected, "version {version}");
        let by_id: Vec<String> = rows(
            &store,
            "SELECT name FROM pragma_index_info('endpoints_by_id')",
            |r| r.get(0),
        );
        assert_eq!(by_id, ["id_hash"], "the index by id is the new one");
        for (key, body) in ["E1", "e2", "e3"].into_iter().zip(&bodies) {
            let stored = store.get_endpoint(DEFAULT_APP_ID, key).unwrap();
            assert_eq!(&serde_json::to_value(&stored).unwrap(), body, "{key}");
        }
        // A new endpoint taking the shared address makes the active one holding it INACTIVE.
        update(&mut store, "e4", serde_json::json!({"Address": "shared"})).unwrap();
        let status = |store: &Store, id| {
            store
                .get_endpoint(DEFAULT_APP_ID, id)
                .unwrap()
                .endpoint_status
        };
        assert_eq!(status(&store, "e2").as_deref(), Some("INACTIVE"));
        assert_eq!(status(&store, "e3").as_deref(), Some("ACTIVE"));
        assert_eq!(status(&store, "e4").as_deref(), Some("ACTIVE"));
        // An update finds the copied row by its id's number and replaces it in place.
        update(
            &mut store,
            "E3",
            serde_json::json!({"Attributes": {"plan": ["premium"]}}),
        )
        .unwrap();
        let count: Vec<i64> = rows(
            &store,
            "SELECT COUNT(*) FROM endpoints WHERE id_key = 'e3'",
            |r| r.get(0),
        );
        assert_eq!(count, [1]);
        store.delete_endpoint(DEFAULT_APP_ID, "e3").unwrap();
        assert_eq!(
            store.get_endpoint(DEFAULT_APP_ID, "e3").unwrap_err().kind,
            crate::error::ErrorKind::NotFound
        );
    }

    /// An id keeps one row when two connections write it at once, in either case: the index
    /// by id is not unique, so the store's own lookup, inside a transaction taken at once, is
    /// what keeps it so.
    #[test]
    fn two_writers_of_the_same_ids_leave_one_row_each() {
        let (_dir, path) = crate::atomic::temp_path("db.sqlite3");
        Store::open(&path, "now").unwrap();
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut store = Store::open(&path, "now").unwrap();
                    for i in 0..200 {
                        let id = match (i + w) % 2 {
                            0 => format!("ep-{i}"),
                            _ => format!("EP-{i}"),
                        };
                        let attributes = serde_json::json!({"Attributes": {"w": [w.to_string()]}});
                        update(&mut store, &id, attributes).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let store = Store::open(&path, "now").unwrap();
        let per_id: Vec<(String, i64)> = rows(
            &store,
            "SELECT id_key, COUNT(*) FROM endpoints GROUP BY id_key ORDER BY rowid",
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        assert_eq!(per_id.len(), 200, "{per_id:?}");
        assert!(per_id.iter().all(|(_, n)| *n == 1), "{per_id:?}");
    }

    #[test]
    fn a_version_3_database_gets_campaigns_templates_and_events() {
        let (_dir, mut store) = migrated(|conn| {
            // Version 3's schema: everything before campaigns, templates and events.
            let v3 = SCHEMA.replace(endpoints_table!("endpoints"), V4_ENDPOINTS);
            let v3 = v3
                .split("CREATE TABLE IF NOT EXISTS campaigns")
                .next()
                .unwrap();
            conn.execute_batch(v3).unwrap();
            conn.execute_batch("PRAGMA user_version = 3;").unwrap();
            insert_default_app(conn);
            let segment = serde_json::json!({"ApplicationId": DEFAULT_APP_ID, "Arn": "arn",
                "CreationDate": "then", "Id": "s1", "SegmentType": "DIMENSIONAL", "Version": 2});
            insert_segment_s1(conn, &segment);
            conn.execute(
                "INSERT INTO endpoints (app_id, id_key, body) VALUES (?1, 'e1', ?2)",
                params![DEFAULT_APP_ID, r#"{"Id":"e1","ChannelType":"IN_APP"}"#],
            )
            .unwrap();
        });
        assert_eq!(user_version(&store), VERSION);
        assert_eq!(VERSION, 7);
        let tables: Vec<String> = rows(
            &store,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('campaigns', 'templates', 'events') ORDER BY name",
            |r| r.get(0),
        );
        assert_eq!(tables, ["campaigns", "events", "templates"]);
        // What was stored is kept, and the new resources work with it.
        assert!(store.get_endpoint(DEFAULT_APP_ID, "e1").is_ok());
        let now = time::OffsetDateTime::now_utc();
        let request: crate::model::wire::WriteCampaignRequest = serde_json::from_value(serde_json::json!({
            "SegmentId": "s1",
            "MessageConfiguration": {"InAppMessage": {"Content": [{"BackgroundColor": "#fff",
                "HeaderConfig": {"Alignment": "LEFT", "Header": "h", "TextColor": "#000"},
                "BodyConfig": {"Alignment": "LEFT", "Body": "b", "TextColor": "#000"}}]}},
            "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT",
                "EventFilter": {"FilterType": "SYSTEM", "Dimensions": {"EventType": {"Values": ["e"]}}}}
        }))
        .unwrap();
        let campaign = store.create_campaign(DEFAULT_APP_ID, request, now).unwrap();
        assert_eq!(campaign.segment_version, 2, "the segment's current version");
        assert_eq!(
            store
                .in_app_messages(DEFAULT_APP_ID, "e1", now)
                .unwrap()
                .len(),
            1
        );
        let event: crate::model::wire::Event = serde_json::from_value(
            serde_json::json!({"EventType": "e", "Timestamp": "2026-01-01T00:00:00Z"}),
        )
        .unwrap();
        let at = crate::model::segment::parse_instant(&event.timestamp).unwrap();
        store
            .put_events(
                DEFAULT_APP_ID,
                vec![EventsItem {
                    endpoint_id: "E1".into(),
                    endpoint: Ok(EndpointRequest::default()),
                    events: vec![("x".into(), Ok(CheckedEvent { event, at }))],
                }],
                "now",
                "r",
            )
            .unwrap();
        assert_eq!(
            store.activity(DEFAULT_APP_ID, "e1", now).unwrap().last,
            Some(at)
        );
    }

    #[test]
    fn a_version_1_database_is_migrated() {
        let (_dir, store) = migrated(|conn| {
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
        });
        let active: Vec<(String, bool)> = rows(
            &store,
            "SELECT id_key, active FROM endpoints ORDER BY id_key",
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        assert_eq!(active, [("a".to_string(), false), ("b".to_string(), true)]);
        assert_eq!(user_version(&store), VERSION);
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
