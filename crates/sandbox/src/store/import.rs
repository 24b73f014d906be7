//! Import and export straight against the database: endpoints applied a batch per
//! transaction, each as UpdateEndpoint applies it (merge rules, quotas, the user and address
//! rules), refused before anything of it is written so that one that fails leaves nothing of
//! itself and the others land; and every endpoint of an application read back one at a time.

use std::time::{Duration, Instant};

use rusqlite::{TransactionBehavior, params};

use crate::model::endpoint_file::Checked;
use crate::model::wire::EndpointResponse;

use super::super::error::{ApiError, ErrorKind};
use super::super::rules::{self, Fresh, UpdateContext};
use super::known::Known;
use super::names::Registry;
use super::{Store, rows};

/// What an import brings to each update it applies (see `Store::apply_checked`).
pub(super) struct Import<'a> {
    /// The application's attribute names, read once for the transaction.
    pub registry: &'a mut Registry,
    /// The keys that may be stored (none: every key is looked up).
    pub known: Option<&'a mut Known>,
    /// The row of the endpoint the update creates (see [`Ready`]).
    pub row: rows::Split,
}

/// An imported endpoint made ready away from the thread that writes: the endpoint its line
/// creates when nothing is stored under its id (see [`rules::prepare`]), and that endpoint's
/// row, which is written as it is unless the update finds the endpoint stored, a name
/// RemoveAttributes removed, or a user whose attributes it takes.
pub struct Ready {
    fresh: Fresh,
    row: rows::Split,
}

impl Ready {
    /// The checked line's update to application `app_id` at `now` (ISO-8601 with
    /// milliseconds), with `request_id` where the line has none.
    pub fn new(checked: Checked, app_id: &str, now: &str, request_id: &str) -> Ready {
        let record = checked.into_record();
        let ctx = UpdateContext {
            application_id: app_id,
            endpoint_id: &record.id,
            now,
            request_id,
        };
        let mut fresh = rules::prepare(record.request, &ctx, record.kept);
        let row = rows::split(&mut fresh.endpoint);
        Ready { fresh, row }
    }

    /// The endpoint's id, as its line spells it.
    pub fn id(&self) -> &str {
        self.fresh.endpoint.id.as_deref().unwrap_or_default()
    }
}

/// What became of one imported endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created,
    Updated,
}

impl Store {
    /// Sets this connection up for many writes: a page cache of `cache_mib` MiB (a bulk
    /// write touches many pages), and the write-ahead log checkpointed once it holds
    /// `checkpoint_mib` MiB rather than SQLite's 4 (pages written by several batches are
    /// then copied into the database once).
    pub fn for_bulk_writes(&self, cache_mib: u32, checkpoint_mib: u32) -> Result<(), ApiError> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(cache_mib) * 1024)?;
        let page: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        self.conn.pragma_update(
            None,
            "wal_autocheckpoint",
            i64::from(checkpoint_mib) * 1024 * 1024 / page.max(512),
        )?;
        Ok(())
    }

    /// Applies endpoints from `records` to application `app_id` in one transaction (taken at
    /// once: a writer elsewhere waits for it, or it for them, within the busy timeout), until
    /// `records` ends or `budget` has passed (checked every 16 endpoints), so that a writer
    /// elsewhere waits about that long at most. Answers for each endpoint taken, in order (none: `records` had none left). The
    /// transaction failing as a whole (the database busy past the timeout, the disk full) is
    /// the outer error, and then none of those endpoints landed.
    ///
    /// With `filter`, a key is looked up only when the filter of the keys stored (see
    /// `known`) says it may be stored; the filter is built, when there is none, from the
    /// indexes (about 0.2 s and a page cache full of them at 1,000,000 endpoints: worth it
    /// for an import of many, so an import's first transaction goes without).
    ///
    /// Each endpoint stored is handed to `spent` as it was written, so that the caller can
    /// free it where it was made (freeing it on another thread costs this one about 1.5 s a
    /// million).
    pub fn import_endpoints(
        &mut self,
        app_id: &str,
        records: &mut impl Iterator<Item = Ready>,
        budget: Duration,
        filter: bool,
        mut spent: impl FnMut(EndpointResponse),
    ) -> Result<Vec<Result<Imported, ApiError>>, ApiError> {
        let started = Instant::now();
        // Not `transaction`, which drops the filter of the keys stored: with `filter` this
        // one notes its keys in it.
        if !filter {
            self.known = None;
        }
        let Store { conn, known, .. } = self;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Self::require_app(&tx, app_id)?;
        let mut registry = Registry::load(&tx, app_id)?;
        let mut known = if filter {
            Some(Known::refresh(known, &tx)?)
        } else {
            None
        };
        let mut answers = Vec::new();
        for (n, ready) in records.by_ref().enumerate() {
            debug_assert_eq!(ready.fresh.endpoint.application_id.as_deref(), Some(app_id));
            // A refused endpoint is refused before anything of it is written; a failure of
            // the database itself ends the batch, and the transaction with it.
            let applied = Self::apply_checked(
                &tx,
                app_id,
                ready.fresh,
                Some(Import {
                    registry: &mut registry,
                    known: known.as_deref_mut(),
                    row: ready.row,
                }),
            );
            answers.push(match applied {
                Ok((endpoint, created)) => {
                    spent(endpoint);
                    Ok(if created {
                        Imported::Created
                    } else {
                        Imported::Updated
                    })
                }
                Err(e) if e.kind == ErrorKind::BadRequest => Err(e),
                Err(e) => return Err(e),
            });
            // The clock is read every 16 endpoints (reading it takes a tenth of a second in
            // a million), so the budget may be passed by as many.
            if n % 16 == 0 && started.elapsed() >= budget {
                break;
            }
        }
        tx.commit()?;
        Ok(answers)
    }

    /// Calls `each` with the stored JSON (an EndpointResponse) of every endpoint of application
    /// `app_id`, in the order they were stored, one at a time; returns how many there were. The
    /// read sees the database as it was when it started.
    pub fn for_each_endpoint<E: From<ApiError>>(
        &self,
        app_id: &str,
        mut each: impl FnMut(&str) -> Result<(), E>,
    ) -> Result<u64, E> {
        Self::require_app(&self.conn, app_id)?;
        let mut select = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM endpoints WHERE app_id = ?1 ORDER BY rowid",
                rows::WHOLE
            ))
            .map_err(ApiError::from)?;
        let mut rows = select.query(params![app_id]).map_err(ApiError::from)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(ApiError::from)? {
            each(&rows::join_text(row, 0)?)?;
            count += 1;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_APP_ID;
    use crate::model::endpoint_file::read_json_line;
    use crate::model::wire::EndpointResponse;

    fn record(json: serde_json::Value) -> Checked {
        read_json_line(json.to_string().as_bytes())
            .unwrap()
            .check()
            .unwrap()
    }

    /// Imports every record, a transaction at a time, with the filter of the keys stored.
    fn import(
        store: &mut Store,
        records: Vec<Checked>,
        now: &str,
    ) -> Vec<Result<Imported, ApiError>> {
        import_with(store, records, now, true)
    }

    fn import_with(
        store: &mut Store,
        records: Vec<Checked>,
        now: &str,
        filter: bool,
    ) -> Vec<Result<Imported, ApiError>> {
        let mut records = records
            .into_iter()
            .map(|r| Ready::new(r, DEFAULT_APP_ID, now, "r"));
        let mut answers = Vec::new();
        loop {
            let taken = store
                .import_endpoints(
                    DEFAULT_APP_ID,
                    &mut records,
                    Duration::from_secs(60),
                    filter,
                    drop,
                )
                .unwrap();
            if taken.is_empty() {
                return answers;
            }
            answers.extend(taken);
        }
    }

    #[test]
    fn a_transaction_ends_when_its_time_is_up() {
        let mut store = Store::in_memory("then").unwrap();
        let mut records = (0..3).map(|i| {
            let line = record(serde_json::json!({"Id": format!("e{i}")}));
            Ready::new(line, DEFAULT_APP_ID, "now", "r")
        });
        let mut take = || {
            store
                .import_endpoints(DEFAULT_APP_ID, &mut records, Duration::ZERO, false, drop)
                .unwrap()
        };
        for _ in 0..3 {
            assert_eq!(
                take(),
                [Ok(Imported::Created)],
                "one endpoint, then the time is up"
            );
        }
        assert!(take().is_empty());
        assert_eq!(all(&store).len(), 3);
    }

    fn all(store: &Store) -> Vec<EndpointResponse> {
        let mut out = Vec::new();
        store
            .for_each_endpoint::<ApiError>(DEFAULT_APP_ID, |body| {
                out.push(serde_json::from_str(body).unwrap());
                Ok(())
            })
            .unwrap();
        out
    }

    /// A store whose user `full` has 15 endpoints of a channel that does not give way.
    fn with_a_full_user() -> Store {
        let mut store = Store::in_memory("then").unwrap();
        let full: Vec<Checked> = (0..15)
            .map(|i| record(serde_json::json!({"Id": format!("f{i}"), "ChannelType": "SMS", "User": {"UserId": "full"}})))
            .collect();
        import(&mut store, full, "then");
        store
    }

    #[test]
    fn a_bad_endpoint_leaves_nothing_and_the_others_land() {
        let mut store = with_a_full_user();
        let records = vec![
            record(
                serde_json::json!({"Id": "a", "Address": "x", "User": {"UserId": "u", "UserAttributes": {"tier": ["gold"]}}}),
            ),
            // Refused once its new name is noted (the 16th endpoint of a user): nothing
            // of it stays.
            record(
                serde_json::json!({"Id": "b", "Attributes": {"new-name": ["v"]}, "ChannelType": "SMS", "User": {"UserId": "full"}}),
            ),
            record(serde_json::json!({"Id": "c", "Address": "y"})),
            // The same new name again: registered this time, as its endpoint lands.
            record(serde_json::json!({"Id": "d", "Attributes": {"new-name": ["w"]}})),
        ];
        let answers = import(&mut store, records, "2026-01-01T00:00:00.000Z");
        assert_eq!(answers[0], Ok(Imported::Created));
        assert!(
            answers[1]
                .as_ref()
                .unwrap_err()
                .message
                .contains("per user"),
            "{answers:?}"
        );
        assert_eq!(answers[2], Ok(Imported::Created));
        assert_eq!(answers[3], Ok(Imported::Created));
        let ids: Vec<_> = all(&store).into_iter().filter_map(|e| e.id).collect();
        assert_eq!(ids.len(), 18);
        assert!(!ids.contains(&"b".to_string()), "{ids:?}");
        assert_eq!(
            names(&store),
            ["new-name", "tier"],
            "registered once its endpoint landed"
        );
        let again = import(
            &mut store,
            vec![record(serde_json::json!({"Id": "A", "Address": "x"}))],
            "now",
        );
        assert_eq!(again, [Ok(Imported::Updated)], "ids are case-insensitive");
    }

    #[test]
    fn each_endpoint_stored_is_handed_back_as_written() {
        let mut store = with_a_full_user();
        let lines = [
            serde_json::json!({"Id": "a", "Attributes": {"x": ["1"]}}),
            // Refused: the 16th endpoint of a user.
            serde_json::json!({"Id": "b", "ChannelType": "SMS", "User": {"UserId": "full"}}),
            serde_json::json!({"Id": "c", "User": {"UserId": "u"}}),
        ];
        let mut records = lines
            .into_iter()
            .map(|line| Ready::new(record(line), DEFAULT_APP_ID, "now", "r"));
        let mut spent = Vec::new();
        let answers = store
            .import_endpoints(
                DEFAULT_APP_ID,
                &mut records,
                Duration::from_secs(60),
                true,
                |e| spent.push(e),
            )
            .unwrap();
        assert!(answers[1].is_err(), "{answers:?}");
        let stored: Vec<EndpointResponse> = ["a", "c"]
            .iter()
            .map(|id| store.get_endpoint(DEFAULT_APP_ID, id).unwrap())
            .collect();
        assert_eq!(spent, stored);
    }

    #[test]
    fn a_name_removed_leaves_the_row_made_ready() {
        let mut store = Store::in_memory("then").unwrap();
        store
            .remove_attributes(
                DEFAULT_APP_ID,
                crate::model::enums::EndpointAttributeType::Custom,
                &["gone*".to_string()],
            )
            .unwrap();
        let line = serde_json::json!({"Id": "e", "Attributes": {"kept": ["1"], "gone-1": ["2"], "gone-2": []}});
        assert_eq!(
            import(&mut store, vec![record(line)], "now"),
            [Ok(Imported::Created)]
        );
        let stored = store.get_endpoint(DEFAULT_APP_ID, "e").unwrap();
        assert_eq!(
            stored.attributes,
            Some([("kept".to_string(), vec!["1".to_string()])].into())
        );
    }

    #[test]
    fn a_line_updates_the_stored_endpoint_as_update_endpoint_would() {
        let mut store = Store::in_memory("then").unwrap();
        update(
            &mut store,
            "e",
            serde_json::json!({"Address": "a", "OptOut": "ALL", "Attributes": {"x": ["1"], "y": ["2"]},
                "User": {"UserId": "u", "UserAttributes": {"t": ["g"]}}}),
        );
        let before = store.get_endpoint(DEFAULT_APP_ID, "e").unwrap();
        let line = serde_json::json!({"Id": "E", "Attributes": {"x": [], "z": ["3"]},
            "User": {"UserAttributes": {"t": [], "s": ["h"]}}});
        assert_eq!(
            import(&mut store, vec![record(line)], "later"),
            [Ok(Imported::Updated)]
        );
        let after = store.get_endpoint(DEFAULT_APP_ID, "e").unwrap();
        let list = |v: &str| vec![v.to_string()];
        assert_eq!(
            after.attributes,
            Some([("y".to_string(), list("2")), ("z".to_string(), list("3"))].into())
        );
        let user = after.user.clone().unwrap();
        assert_eq!(user.user_id.as_deref(), Some("u"));
        assert_eq!(
            user.user_attributes,
            Some([("s".to_string(), list("h"))].into())
        );
        assert_eq!(
            (
                after.id,
                after.address,
                after.opt_out,
                after.creation_date,
                after.cohort_id
            ),
            (
                before.id,
                before.address,
                before.opt_out,
                before.creation_date,
                before.cohort_id
            ),
            "kept from the stored endpoint"
        );
        assert_eq!(after.effective_date.as_deref(), Some("later"));
    }

    /// UpdateEndpoint, as `serve` applies it.
    fn update(store: &mut Store, id: &str, request: serde_json::Value) {
        let ctx = UpdateContext {
            application_id: DEFAULT_APP_ID,
            endpoint_id: id,
            now: "now",
            request_id: "r",
        };
        store
            .update_endpoint(serde_json::from_value(request).unwrap(), &ctx)
            .unwrap();
    }

    fn names(store: &Store) -> Vec<String> {
        let mut select = store
            .conn
            .prepare("SELECT name FROM attribute_names ORDER BY name")
            .unwrap();
        let names = select.query_map([], |r| r.get(0)).unwrap();
        names.map(Result::unwrap).collect()
    }

    #[test]
    fn a_name_sent_to_be_cleared_is_registered_by_an_update_and_by_an_import() {
        let mut store = Store::in_memory("then").unwrap();
        update(
            &mut store,
            "e",
            serde_json::json!({"Attributes": {"by-update": []}}),
        );
        let line = serde_json::json!({"Id": "f", "User": {"UserAttributes": {"by-import": []}}});
        import(&mut store, vec![record(line)], "now");
        assert_eq!(names(&store), ["by-import", "by-update"]);
    }

    #[test]
    fn a_user_attribute_cleared_leaves_the_users_other_endpoints() {
        let mut store = Store::in_memory("then").unwrap();
        let user = |attributes: serde_json::Value| serde_json::json!({"User": {"UserId": "u", "UserAttributes": attributes}});
        for id in ["a", "b", "c"] {
            update(
                &mut store,
                id,
                user(serde_json::json!({"t": ["g"], "s": ["h"], "r": ["i"]})),
            );
        }
        update(&mut store, "b", user(serde_json::json!({"t": []})));
        let mut line = user(serde_json::json!({"s": [], "q": ["j"]}));
        line["Id"] = "c".into();
        import(&mut store, vec![record(line)], "now");
        let list = |v: &str| vec![v.to_string()];
        for id in ["a", "b", "c"] {
            let e = store.get_endpoint(DEFAULT_APP_ID, id).unwrap();
            assert_eq!(
                e.user.and_then(|u| u.user_attributes),
                Some([("r".to_string(), list("i")), ("q".to_string(), list("j"))].into()),
                "{id}"
            );
        }
    }

    #[test]
    fn endpoints_written_between_an_imports_transactions_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.sqlite3");
        let mut importer = Store::open(&path, "then").unwrap();
        let mut other = Store::open(&path, "then").unwrap();
        // The import's first transaction notes the keys stored.
        import(
            &mut importer,
            vec![record(serde_json::json!({"Id": "first"}))],
            "now",
        );
        // Then another connection (a `serve`) writes, and the import goes on; then the
        // import's own store writes outside an import, or imports without the filter, and
        // the import goes on.
        let writes = [
            ("by-other", "a1", "u1", "x"),
            ("by-itself", "a2", "u2", "y"),
            ("unfiltered", "a3", "u3", "z"),
        ];
        for (id, address, user, value) in writes {
            let request = serde_json::json!({"Address": address, "User": {"UserId": user, "UserAttributes": {"t": [value]}}});
            match id {
                "by-other" => update(&mut other, id, request),
                "by-itself" => update(&mut importer, id, request),
                _ => {
                    let mut line = request;
                    line["Id"] = id.into();
                    import_with(&mut importer, vec![record(line)], "now", false);
                }
            }
            let answers = import(
                &mut importer,
                vec![
                    record(serde_json::json!({"Id": id.to_uppercase()})),
                    record(
                        serde_json::json!({"Id": format!("{id}-2"), "Address": address, "User": {"UserId": user}}),
                    ),
                ],
                "now",
            );
            assert_eq!(
                answers,
                [Ok(Imported::Updated), Ok(Imported::Created)],
                "{id}: found by its id"
            );
        }
        assert_eq!(all(&importer).len(), 7);
        for (id, _, _, value) in writes {
            let first = importer.get_endpoint(DEFAULT_APP_ID, id).unwrap();
            assert_eq!(
                first.endpoint_status.as_deref(),
                Some("INACTIVE"),
                "{id}: found by its address"
            );
            let second = importer
                .get_endpoint(DEFAULT_APP_ID, &format!("{id}-2"))
                .unwrap();
            let shared = second.user.and_then(|u| u.user_attributes);
            assert_eq!(
                shared,
                Some([("t".to_string(), vec![value.to_string()])].into()),
                "{id}: found by its user"
            );
        }
    }

    #[test]
    fn an_export_line_comes_back_as_it_was() {
        let mut store = Store::in_memory("then").unwrap();
        let line = serde_json::json!({
            "Address": "tok", "ApplicationId": "elsewhere", "Attributes": {"a": ["1"]},
            "ChannelType": "APNS", "CohortId": "7", "CreationDate": "2024-01-01T00:00:00.000Z",
            "EffectiveDate": "2024-01-02T00:00:00.000Z", "EndpointStatus": "INACTIVE",
            "Id": "e-1", "OptOut": "ALL", "RequestId": "r-9",
            "User": {"UserAttributes": {"t": ["g"]}, "UserId": "u"}
        });
        // Another endpoint holds the address: an INACTIVE one does not take it away.
        import(
            &mut store,
            vec![record(serde_json::json!({"Id": "other", "Address": "tok"}))],
            "now",
        );
        for _ in 0..2 {
            let answers = import(&mut store, vec![record(line.clone())], "now");
            assert!(answers[0].is_ok(), "{answers:?}");
        }
        let mut expected: EndpointResponse = serde_json::from_value(line).unwrap();
        expected.application_id = Some(DEFAULT_APP_ID.into());
        let stored = store.get_endpoint(DEFAULT_APP_ID, "e-1").unwrap();
        assert_eq!(stored, expected);
        let other = store.get_endpoint(DEFAULT_APP_ID, "other").unwrap();
        assert_eq!(other.endpoint_status.as_deref(), Some("ACTIVE"));
    }
}
