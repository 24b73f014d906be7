//! Events (PutEvents) and what they tell: when an endpoint was last active, which decides
//! segments' Behavior.Recency.
//!
//! A PutEvents is one transaction, and each of its endpoints one savepoint in it: the
//! endpoint part is applied as UpdateEndpoint applies a request (the same function: merge
//! rules, quotas, the registry of attribute names), except that an empty `Endpoint` (what
//! Amplify sends with every batch) leaves a stored endpoint as it is and creates a bare
//! ACTIVE endpoint for an unknown id. An endpoint part that fails changes nothing and gets
//! its own 400; its events are still judged on their own and stored when they pass.
//!
//! Events are kept per endpoint id (case-insensitive, as endpoints are), the latest
//! [`MAX_EVENTS_PER_ENDPOINT`] by time (an event's time is the latest of its Timestamp and its
//! session's start and stop): an older one goes as a newer one arrives. An event id sent
//! again for the same endpoint replaces the earlier event. Deleting an endpoint keeps its
//! events (as Pinpoint's analytics do); deleting the application removes them.

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use crate::model::segment::Activity;
use crate::model::wire::{
    EndpointItemResponse, EndpointRequest, Event, EventItemResponse, EventsResponse, ItemResponse,
};

use super::super::error::ApiError;
use super::super::rules::UpdateContext;
use super::{Store, from_json, id_key, to_json};

/// Most events kept per endpoint.
pub const MAX_EVENTS_PER_ENDPOINT: usize = 1_000;

/// An event that passed its checks, with the time it shows the endpoint active.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedEvent {
    pub event: Event,
    pub at: OffsetDateTime,
}

/// One endpoint's part of a PutEvents, read and checked: its endpoint update and its events
/// by id, each either good or refused with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct EventsItem {
    pub endpoint_id: String,
    pub endpoint: Result<EndpointRequest, String>,
    pub events: Vec<(String, Result<CheckedEvent, String>)>,
}

fn millis(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

fn accepted() -> (Option<String>, Option<i64>) {
    (Some("Accepted".into()), Some(202))
}

fn refused(message: String) -> (Option<String>, Option<i64>) {
    (Some(message), Some(400))
}

impl Store {
    /// PutEvents: every endpoint's update and every event, each with its own status.
    pub fn put_events(
        &mut self,
        app_id: &str,
        items: Vec<EventsItem>,
        now: &str,
        request_id: &str,
    ) -> Result<EventsResponse, ApiError> {
        let mut tx = self.transaction()?;
        Self::require_app(&tx, app_id)?;
        let mut results = indexmap::IndexMap::new();
        for item in items {
            let ctx = UpdateContext {
                application_id: app_id,
                endpoint_id: &item.endpoint_id,
                now,
                request_id,
            };
            let (message, status_code) = match item.endpoint {
                Err(problem) => refused(problem),
                Ok(request) => {
                    let savepoint = tx.savepoint()?;
                    let unchanged = request == EndpointRequest::default()
                        && Self::load_endpoint(&savepoint, app_id, &item.endpoint_id)?.is_some();
                    let applied = if unchanged {
                        Ok(())
                    } else {
                        Self::apply(&savepoint, request, &ctx).map(|_| ())
                    };
                    match applied {
                        Ok(()) => {
                            savepoint.commit()?;
                            accepted()
                        }
                        // Dropping the savepoint rolls the part back.
                        Err(e) => refused(e.message),
                    }
                }
            };
            let key = id_key(&item.endpoint_id);
            let mut events = indexmap::IndexMap::new();
            let mut stored = 0;
            for (event_id, checked) in item.events {
                let (message, status_code) = match checked {
                    Ok(checked) => {
                        Self::save_event(&tx, app_id, &key, &event_id, &checked, now)?;
                        stored += 1;
                        accepted()
                    }
                    Err(problem) => refused(problem),
                };
                events.insert(
                    event_id,
                    EventItemResponse {
                        message,
                        status_code,
                    },
                );
            }
            if stored > 0 {
                Self::trim_events(&tx, app_id, &key)?;
            }
            results.insert(
                item.endpoint_id,
                ItemResponse {
                    endpoint_item_response: Some(EndpointItemResponse {
                        message,
                        status_code,
                    }),
                    events_item_response: Some(events),
                },
            );
        }
        tx.commit()?;
        Ok(EventsResponse {
            results: Some(results),
        })
    }

    fn save_event(
        tx: &Connection,
        app_id: &str,
        endpoint_key: &str,
        event_id: &str,
        checked: &CheckedEvent,
        now: &str,
    ) -> Result<(), ApiError> {
        let event = &checked.event;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO events (app_id, endpoint_key, event_id, event_type, at, session_id, arrived, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            app_id,
            endpoint_key,
            event_id,
            event.event_type,
            millis(checked.at),
            event.session.as_ref().map(|s| s.id.as_str()),
            now,
            to_json(event)
        ])?;
        Ok(())
    }

    /// Keeps the endpoint's latest `MAX_EVENTS_PER_ENDPOINT` events.
    fn trim_events(tx: &Connection, app_id: &str, endpoint_key: &str) -> Result<(), ApiError> {
        tx.prepare_cached(
            "DELETE FROM events WHERE rowid IN (
                 SELECT rowid FROM events INDEXED BY events_by_time
                 WHERE app_id = ?1 AND endpoint_key = ?2
                 ORDER BY at DESC, rowid DESC LIMIT -1 OFFSET ?3)",
        )?
        .execute(params![
            app_id,
            endpoint_key,
            MAX_EVENTS_PER_ENDPOINT as i64
        ])?;
        Ok(())
    }

    /// When an endpoint was last active by its stored events, as of `now`: what
    /// Behavior.Recency needs (`last` is `None` when it has no events). 404 for an unknown
    /// application.
    pub fn activity(
        &self,
        app_id: &str,
        endpoint_id: &str,
        now: OffsetDateTime,
    ) -> Result<Activity, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        let last: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT MAX(at) FROM events INDEXED BY events_by_time WHERE app_id = ?1 AND endpoint_key = ?2",
            )?
            .query_row(params![app_id, id_key(endpoint_id)], |r| r.get(0))
            .optional()?
            .flatten();
        let last = last.and_then(|ms| {
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
        });
        Ok(Activity { last, now })
    }

    /// The events stored for an endpoint, by id, oldest first.
    pub fn events(
        &self,
        app_id: &str,
        endpoint_id: &str,
    ) -> Result<Vec<(String, Event)>, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT event_id, body FROM events INDEXED BY events_by_time
             WHERE app_id = ?1 AND endpoint_key = ?2 ORDER BY at, rowid",
        )?;
        let rows = stmt.query_map(params![app_id, id_key(endpoint_id)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (id, body) = row?;
            Ok((id, from_json(&body)?))
        })
        .collect()
    }
}
