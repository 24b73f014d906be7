//! Segment sizes straight from the database: every stored endpoint of an application decided
//! for some segments by the engine `match` uses (`model::segment`, with each endpoint's last
//! activity from its stored events), the rows read on this thread (only the columns of the
//! members the segments read) while the endpoints are parsed and decided on every core, the
//! answers handed back in the order the endpoints were stored.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::{ControlFlow, Range};
use std::sync::Mutex;
use std::sync::mpsc;

use rusqlite::params;
use time::OffsetDateTime;

use crate::model::segment::{Activity, Evaluator, Reasons, SegmentIndex, Verdict};
use crate::model::segment_reads::{Member, Reads, StoredMembers};
use crate::model::wire::SegmentResponse;

use super::super::error::ApiError;
use super::{Place, Store, id_key, rows};

/// Endpoints a worker decides at once.
const BATCH: usize = 2_000;
/// Batches read ahead of the one handed back (bounds the memory whatever the size).
const AHEAD: usize = 8;

/// One endpoint and its answers, as [`Store::decide_segments`] hands it back.
pub struct Decided<'a> {
    /// Where the endpoint is in the order they were stored: the `after` that starts
    /// [`Store::decide_segments`] with the next one.
    pub at: Place,
    /// The endpoint's id, as stored.
    pub id: &'a str,
    /// Its JSON (an EndpointResponse, as `export` writes it), when asked for.
    pub body: Option<&'a str>,
    /// The answer of each segment asked for, in the order asked.
    pub verdicts: &'a [Verdict],
}

/// How many endpoints a segment holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    /// Endpoints that match.
    pub matched: u64,
    /// Endpoints of which the segment cannot tell (a criterion no endpoint field decides,
    /// an imported source segment, a cycle).
    pub cannot_tell: u64,
}

/// Stored endpoints on their way through a worker.
struct Batch {
    seq: usize,
    /// Each row's place (its row id), in order.
    places: Vec<Place>,
    /// The columns read, one after the other, and where each is (none: NULL), a row's
    /// columns after the other's; their UTF-8 is checked by the worker.
    text: Vec<u8>,
    spans: Vec<Option<Range<usize>>>,
    /// Filled by the worker: each endpoint's id, its verdicts (`wanted` a row) and, when
    /// asked for, its whole JSON.
    ids: Vec<String>,
    verdicts: Vec<Verdict>,
    bodies: String,
    body_spans: Vec<Range<usize>>,
    /// Filled by the worker when a stored endpoint does not parse.
    error: Option<String>,
}

impl Batch {
    fn new(seq: usize) -> Batch {
        Batch {
            seq,
            places: Vec::with_capacity(BATCH),
            text: Vec::with_capacity(BATCH * 128),
            spans: Vec::with_capacity(BATCH * 4),
            ids: Vec::new(),
            verdicts: Vec::new(),
            bodies: String::new(),
            body_spans: Vec::new(),
            error: None,
        }
    }
}

/// The columns read of each endpoint after its row id: its id and channel, the members the
/// segments read, and all that makes the whole endpoint when its JSON is asked for.
struct Columns {
    /// Where each member read is among a row's columns.
    members: [Option<usize>; 5],
    /// Where the whole endpoint's columns ([`rows::WHOLE`]) start, when asked for.
    whole: Option<usize>,
    count: usize,
    select: String,
}

impl Columns {
    fn new(reads: &Reads, bodies: bool) -> Columns {
        let mut names = vec!["id", "channel_type"];
        let mut members = [None; 5];
        for (at, member) in members.iter_mut().zip(Member::ALL) {
            if reads.reads(member) {
                *at = Some(names.len());
                names.push(rows::column(member));
            }
        }
        let whole = bodies.then(|| {
            let at = names.len();
            names.extend(rows::WHOLE.split(", "));
            at
        });
        Columns {
            members,
            whole,
            count: names.len(),
            select: format!(
                "SELECT rowid, {} FROM endpoints WHERE app_id = ?1 AND rowid > ?2 ORDER BY rowid",
                names.join(", ")
            ),
        }
    }
}

/// What the workers share.
struct Deciding<'a> {
    segments: SegmentIndex<'a>,
    wanted: &'a [&'a str],
    /// The latest activity (ms since the epoch) of the endpoints that have events, by key.
    last_active: &'a HashMap<String, i64>,
    now: OffsetDateTime,
    /// What the segments read of an endpoint: the rest is not parsed.
    reads: Reads,
    columns: &'a Columns,
}

impl Deciding<'_> {
    fn decide(&self, batch: &mut Batch) {
        let rows = batch.spans.len() / self.columns.count;
        batch.ids.reserve(rows);
        batch.verdicts.reserve(rows * self.wanted.len());
        // Each column is whole UTF-8 when all of them are and none starts or ends inside a
        // character.
        let texts = std::str::from_utf8(&batch.text).ok().filter(|texts| {
            (batch.spans.iter().flatten())
                .all(|s| texts.is_char_boundary(s.start) && texts.is_char_boundary(s.end))
        });
        let Some(texts) = texts else {
            batch.error = Some("a stored endpoint is not UTF-8".into());
            return;
        };
        for row in batch.spans.chunks(self.columns.count) {
            let text = |at: usize| row[at].clone().map(|span| &texts[span]);
            let mut members = [None; 5];
            for (member, at) in members.iter_mut().zip(self.columns.members) {
                *member = at.and_then(text);
            }
            let stored = StoredMembers {
                id: text(0),
                channel_type: text(1),
                members,
            };
            let mut form = match self.reads.form_of(&stored) {
                Ok(form) => form,
                Err(e) => {
                    batch.error = Some(format!("a stored endpoint does not parse: {e}"));
                    return;
                }
            };
            if let Some(at) = self.columns.whole {
                let parts = [1, 2, 3, 4, 5].map(|i| text(at + i));
                match rows::join_parts_text(text(at).unwrap_or_default(), parts) {
                    Ok(whole) => {
                        let start = batch.bodies.len();
                        batch.bodies.push_str(&whole);
                        batch.body_spans.push(start..batch.bodies.len());
                    }
                    Err(e) => {
                        batch.error = Some(e.message);
                        return;
                    }
                }
            }
            // No segment reads the id.
            let id = form.endpoint_id.take().unwrap_or_default();
            // Without events in the application no endpoint has been active.
            let last = match self.last_active.is_empty() {
                true => None,
                false => self.last_active.get(id_key(&id).as_ref()).and_then(|&ms| {
                    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
                }),
            };
            let mut evaluator = Evaluator::over(Cow::Borrowed(&self.segments), &form)
                .with_activity(Some(Activity {
                    last,
                    now: self.now,
                }))
                .with_reasons(Reasons::Skipped);
            for wanted in self.wanted {
                batch.verdicts.push(evaluator.verdict(wanted));
            }
            batch.ids.push(id);
        }
    }
}

impl Store {
    /// The latest activity (ms since the epoch) of every endpoint of the application that has
    /// events, by endpoint key: what [`Store::activity`] reads for one endpoint, for all.
    fn last_activity_of_all(&self, app_id: &str) -> Result<HashMap<String, i64>, ApiError> {
        let mut select = self.conn.prepare(
            "SELECT endpoint_key, MAX(at) FROM events INDEXED BY events_by_time
             WHERE app_id = ?1 GROUP BY endpoint_key",
        )?;
        let rows = select.query_map([app_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Decides segments `wanted` (ids of `segments`, the application's) for every stored
    /// endpoint of application `app_id` in the order they were stored (after the one at
    /// `after`, a [`Decided::at`], when given), as `match --endpoint` decides them at `now`,
    /// and hands each endpoint with its answers (and its JSON when `bodies`) to `each` until it
    /// breaks. The endpoints are parsed and decided on every core while the database is read.
    /// Returns how many endpoints were handed over.
    #[allow(clippy::too_many_arguments)]
    pub fn decide_segments<E: From<ApiError>>(
        &self,
        app_id: &str,
        segments: &[SegmentResponse],
        wanted: &[&str],
        now: OffsetDateTime,
        after: Option<Place>,
        bodies: bool,
        mut each: impl FnMut(Decided<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<u64, E> {
        Self::require_app(&self.conn, app_id)?;
        let last_active = self.last_activity_of_all(app_id)?;
        let index = SegmentIndex::new(segments);
        let reads = Reads::of(&index, wanted);
        let columns = Columns::new(&reads, bodies);
        let deciding = Deciding {
            segments: index,
            wanted,
            last_active: &last_active,
            now,
            reads,
            columns: &columns,
        };
        let mut select = self.conn.prepare(&columns.select).map_err(ApiError::from)?;
        let mut rows = select
            .query(params![app_id, after.unwrap_or(i64::MIN)])
            .map_err(ApiError::from)?;
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (to_workers, for_workers) = mpsc::sync_channel::<Batch>(AHEAD);
        let for_workers = Mutex::new(for_workers);
        let (from_workers, decided) = mpsc::channel::<Batch>();
        std::thread::scope(|scope| {
            // Dropped when this side returns: the workers then end.
            let (to_workers, decided) = (to_workers, decided);
            for _ in 0..workers {
                let from_workers = from_workers.clone();
                let (for_workers, deciding) = (&for_workers, &deciding);
                scope.spawn(move || {
                    loop {
                        let next = for_workers.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        let Ok(mut batch) = next else { return };
                        deciding.decide(&mut batch);
                        if from_workers.send(batch).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(from_workers);
            let mut handing = Handing {
                waiting: BTreeMap::new(),
                next: 0,
                sent: 0,
                handed: 0,
                wanted: wanted.len(),
            };
            let mut batch = Batch::new(0);
            let mut ended = false;
            while !ended {
                match rows.next().map_err(ApiError::from)? {
                    Some(row) => {
                        batch.places.push(row.get(0).map_err(ApiError::from)?);
                        for at in 1..=columns.count {
                            let span = rows::column_bytes(row, at)?.map(|text| {
                                let start = batch.text.len();
                                batch.text.extend_from_slice(text);
                                start..batch.text.len()
                            });
                            batch.spans.push(span);
                        }
                        if batch.spans.len() < BATCH * columns.count {
                            continue;
                        }
                    }
                    None => ended = true,
                }
                let seq = batch.seq + 1;
                let full = std::mem::replace(&mut batch, Batch::new(seq));
                if !full.spans.is_empty() {
                    handing.sent += 1;
                    // Workers only stop once this side is gone: sending cannot fail.
                    let _ = to_workers.send(full);
                }
                // Hand back what is decided; wait when too much is read ahead.
                loop {
                    let got = if ended || handing.sent - handing.next > AHEAD {
                        if handing.next == handing.sent {
                            break;
                        }
                        decided.recv().ok()
                    } else {
                        decided.try_recv().ok()
                    };
                    let Some(done) = got else { break };
                    if handing.take(done, &mut each)?.is_break() {
                        return Ok(handing.handed);
                    }
                }
            }
            Ok(handing.handed)
        })
    }

    /// How many stored endpoints of application `app_id` each of segments `wanted` holds,
    /// decided as [`Store::decide_segments`] decides; with the number of endpoints read.
    pub fn segment_sizes(
        &self,
        app_id: &str,
        segments: &[SegmentResponse],
        wanted: &[&str],
        now: OffsetDateTime,
    ) -> Result<(u64, Vec<Size>), ApiError> {
        let mut sizes = vec![Size::default(); wanted.len()];
        let read =
            self.decide_segments::<ApiError>(app_id, segments, wanted, now, None, false, |d| {
                for (size, verdict) in sizes.iter_mut().zip(d.verdicts) {
                    match verdict {
                        Verdict::Match => size.matched += 1,
                        Verdict::CannotTell => size.cannot_tell += 1,
                        Verdict::NoMatch => {}
                    }
                }
                Ok(ControlFlow::Continue(()))
            })?;
        Ok((read, sizes))
    }
}

/// The decided batches, handed back in the order they were read.
struct Handing {
    waiting: BTreeMap<usize, Batch>,
    next: usize,
    sent: usize,
    handed: u64,
    wanted: usize,
}

impl Handing {
    /// Takes a decided batch and hands on every batch that is now next in order.
    fn take<E: From<ApiError>>(
        &mut self,
        batch: Batch,
        each: &mut impl FnMut(Decided<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<ControlFlow<()>, E> {
        self.waiting.insert(batch.seq, batch);
        while let Some(batch) = self.waiting.remove(&self.next) {
            self.next += 1;
            if let Some(e) = batch.error {
                return Err(ApiError::internal(e).into());
            }
            for (i, id) in batch.ids.iter().enumerate() {
                self.handed += 1;
                let decided = Decided {
                    at: batch.places[i],
                    id,
                    body: batch.body_spans.get(i).map(|s| &batch.bodies[s.clone()]),
                    verdicts: &batch.verdicts[i * self.wanted..(i + 1) * self.wanted],
                };
                if each(decided)?.is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
        }
        Ok(ControlFlow::Continue(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_APP_ID;
    use crate::model::UserInfo;
    use crate::model::wire::EndpointRequest;
    use crate::rules::UpdateContext;

    const NOW: &str = "2026-11-01T00:00:00.000Z";

    fn put(store: &mut Store, id: &str, plan: &str) {
        let request: EndpointRequest = serde_json::from_value(serde_json::json!({
            "ChannelType": "EMAIL",
            "Address": format!("{id}@example.com"),
            "Attributes": {"plan": [plan]},
        }))
        .unwrap();
        let ctx = UpdateContext {
            application_id: DEFAULT_APP_ID,
            endpoint_id: id,
            now: NOW,
            request_id: "r",
        };
        store.update_endpoint(request, &ctx).unwrap();
    }

    fn segment(id: &str, dimensions: serde_json::Value) -> SegmentResponse {
        SegmentResponse {
            id: id.into(),
            application_id: DEFAULT_APP_ID.into(),
            segment_type: "DIMENSIONAL".into(),
            dimensions: Some(serde_json::from_value(dimensions).unwrap()),
            ..SegmentResponse::default()
        }
    }

    #[test]
    fn sizes_and_members_are_the_answers_of_match_in_the_order_stored() {
        let mut store = Store::in_memory(NOW).unwrap();
        // More than a batch, so that several workers answer and the order is put back; the
        // ids stored out of their order.
        let n = BATCH * 3 + 17;
        let stored: Vec<String> = (0..n).map(|i| format!("ep-{:05}", i * 7 % n)).collect();
        for (i, id) in stored.iter().enumerate() {
            let plan = if i % 3 == 0 { "premium" } else { "free" };
            put(&mut store, id, plan);
        }
        let segments = [
            segment(
                "premium",
                serde_json::json!({"Attributes": {"plan": {"Values": ["premium"]}}}),
            ),
            segment(
                "tablets",
                serde_json::json!({"Demographic": {"DeviceType": {"Values": ["tablet"]}}}),
            ),
        ];
        let now = OffsetDateTime::now_utc();
        let (read, sizes) = store
            .segment_sizes(DEFAULT_APP_ID, &segments, &["premium", "tablets"], now)
            .unwrap();
        assert_eq!(read, n as u64);
        let premium = (0..n).filter(|i| i % 3 == 0).count() as u64;
        let expected = [
            Size {
                matched: premium,
                cannot_tell: 0,
            },
            Size {
                matched: 0,
                cannot_tell: n as u64,
            },
        ];
        assert_eq!(sizes, expected);
        // Every endpoint, in the order stored, each with its place.
        let mut places = Vec::new();
        store
            .decide_segments::<ApiError>(DEFAULT_APP_ID, &segments, &[], now, None, false, |d| {
                places.push((d.id.to_string(), d.at));
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
        assert_eq!(
            places.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            stored.iter().collect::<Vec<_>>()
        );
        assert!(places.windows(2).all(|w| w[0].1 < w[1].1), "places ascend");
        // An endpoint updated keeps its place.
        put(&mut store, &stored[0], "premium");
        // Members after the fourth stored, stopped after 5: what match says of each.
        let mut ids = Vec::new();
        let handed = store
            .decide_segments::<ApiError>(
                DEFAULT_APP_ID,
                &segments,
                &["premium"],
                now,
                Some(places[3].1),
                true,
                |d| {
                    let body = d.body.unwrap();
                    let form =
                        UserInfo::from_endpoint_response(&serde_json::from_str(body).unwrap());
                    let by_match = crate::model::segment::match_all(&segments, &form);
                    assert_eq!(by_match[0].outcome, d.verdicts[0], "{}", d.id);
                    if d.verdicts[0] == Verdict::Match {
                        ids.push(d.id.to_string());
                    }
                    Ok(if ids.len() == 5 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    })
                },
            )
            .unwrap();
        assert_eq!(ids, [6, 9, 12, 15, 18].map(|i| stored[i].as_str()));
        assert_eq!(handed, 15);
        let mut first = None;
        store
            .decide_segments::<ApiError>(DEFAULT_APP_ID, &segments, &[], now, None, false, |d| {
                first = Some((d.id.to_string(), d.at));
                Ok(ControlFlow::Break(()))
            })
            .unwrap();
        assert_eq!(
            first.as_ref(),
            places.first(),
            "the updated endpoint kept its place"
        );
    }

    /// Behavior.Recency is decided from each endpoint's stored events, as `match --endpoint`
    /// decides it (`Store::activity`), for every endpoint at once.
    #[test]
    fn recency_is_decided_from_each_endpoints_stored_events() {
        use crate::store::{CheckedEvent, EventsItem};
        let mut store = Store::in_memory(NOW).unwrap();
        for id in ["Active-1", "quiet-2", "old-3"] {
            put(&mut store, id, "free");
        }
        let now = crate::model::segment::parse_instant("2026-11-01T00:00:00Z").unwrap();
        for (id, when) in [
            ("active-1", "2026-10-31T12:00:00Z"),
            ("old-3", "2026-09-01T00:00:00Z"),
        ] {
            let event: crate::model::wire::Event =
                serde_json::from_value(serde_json::json!({"EventType": "e", "Timestamp": when}))
                    .unwrap();
            let at = crate::model::segment::parse_instant(when).unwrap();
            let item = EventsItem {
                endpoint_id: id.into(),
                endpoint: Ok(EndpointRequest::default()),
                events: vec![("x".into(), Ok(CheckedEvent { event, at }))],
            };
            store
                .put_events(DEFAULT_APP_ID, vec![item], NOW, "r")
                .unwrap();
        }
        let segments = [segment(
            "active",
            serde_json::json!({"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}),
        )];
        let mut seen = Vec::new();
        store
            .decide_segments::<ApiError>(
                DEFAULT_APP_ID,
                &segments,
                &["active"],
                now,
                None,
                true,
                |d| {
                    let activity = store.activity(DEFAULT_APP_ID, d.id, now).unwrap();
                    let form = UserInfo::from_endpoint_response(
                        &serde_json::from_str(d.body.unwrap()).unwrap(),
                    );
                    let alone = Evaluator::new(&segments, &form)
                        .with_activity(Some(activity))
                        .segment("active")
                        .verdict;
                    assert_eq!(d.verdicts[0], alone, "{}", d.id);
                    seen.push((d.id.to_string(), d.verdicts[0]));
                    Ok(ControlFlow::Continue(()))
                },
            )
            .unwrap();
        assert_eq!(
            seen,
            [
                ("Active-1".to_string(), Verdict::Match),
                ("quiet-2".to_string(), Verdict::NoMatch),
                ("old-3".to_string(), Verdict::NoMatch),
            ]
        );
    }
}
