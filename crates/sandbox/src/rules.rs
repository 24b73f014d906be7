//! Pinpoint's UpdateEndpoint rules, as pure functions over wire shapes: how a request merges
//! into a stored endpoint, and what the service fills in.
//!
//! Choices where the reference marks the behaviour unverified, each written down here:
//! - Attributes, Metrics and UserAttributes merge per name: a name in the request replaces
//!   that name's values; a name left out keeps its values; `[]` clears the values, and the
//!   name is then left out of the endpoint (GetEndpoint shows no empty lists).
//! - Demographic and Location merge per field: a field left out keeps its stored value.
//! - Address, ChannelType, OptOut, User.UserId: replaced when sent, kept when left out.
//! - EndpointStatus: the request's value when sent, ACTIVE otherwise (on every update). An
//!   endpoint that ends ACTIVE with an address makes the others with that address INACTIVE;
//!   one that ends INACTIVE leaves them as they are.
//! - EffectiveDate is the server's time of the update; a client's EffectiveDate is not kept.
//! - RequestId is the client's RequestId when sent, the server's request id otherwise.
//! - CohortId is a stable hash of the application and the lower-cased endpoint id, "0".."99".
//! - An import of a Pinpoint export keeps the line's CreationDate, CohortId and EffectiveDate.
//! - OptOut defaults to NONE; Latitude and Longitude are rounded to one decimal.

use indexmap::IndexMap;

use crate::model::endpoint_file::Kept;
use crate::model::fields::{Check, Mut, Part};
use crate::model::validate::round_one_decimal;
use crate::model::wire::{EndpointRequest, EndpointResponse, EndpointUser};

/// What the service knows when it applies one update.
#[derive(Debug, Clone)]
pub struct UpdateContext<'a> {
    pub application_id: &'a str,
    /// The endpoint id as the request spelled it.
    pub endpoint_id: &'a str,
    /// ISO-8601 with milliseconds.
    pub now: &'a str,
    pub request_id: &'a str,
}

/// Lists merged per name into `map`, from owned or borrowed entries: a list replaces the
/// name's, an empty list removes the name; only the names whose lists differ are written (a
/// borrowed list is copied then). Says whether `map` changed.
fn merge_lists_into<N, L>(
    map: &mut IndexMap<String, Vec<String>>,
    update: impl IntoIterator<Item = (N, L)>,
) -> bool
where
    N: AsRef<str> + Into<String>,
    L: AsRef<[String]> + Into<Vec<String>>,
{
    let mut changed = false;
    for (name, values) in update {
        if values.as_ref().is_empty() {
            changed |= map.shift_remove(name.as_ref()).is_some();
        } else if map.get(name.as_ref()).map(Vec::as_slice) != Some(values.as_ref()) {
            map.insert(name.into(), values.into());
            changed = true;
        }
    }
    changed
}

/// Replaces per name.
fn merge_metrics(
    stored: Option<IndexMap<String, f64>>,
    update: Option<IndexMap<String, f64>>,
) -> Option<IndexMap<String, f64>> {
    let map = match stored {
        None => update?,
        Some(mut map) => {
            map.extend(update.unwrap_or_default());
            map
        }
    };
    (!map.is_empty()).then_some(map)
}

/// Per field (the fields `model::fields` lists for the part): a field the update has
/// replaces the stored one; the others are kept. Coordinates are stored rounded to one
/// decimal. A part left with no field is left out.
fn merge_part<P: Part + PartialEq>(stored: Option<P>, update: Option<P>) -> Option<P> {
    let Some(update) = update else { return stored };
    let mut merged = stored.unwrap_or_default();
    merged.overlay(update);
    for (field, value) in P::fields() {
        if let (Check::Coordinate(_), Mut::Number(v)) = (field.check, value.get_mut(&mut merged)) {
            *v = v.map(round_one_decimal);
        }
    }
    (merged != P::default()).then_some(merged)
}

/// A stable cohort "0".."99" for an endpoint (FNV-1a of the application and endpoint id).
pub fn cohort_id(application_id: &str, endpoint_id: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in application_id
        .bytes()
        .chain([0])
        .chain(endpoint_id.to_lowercase().bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % 100).to_string()
}

/// An update made into the endpoint it creates when nothing is stored under its id, with
/// what that endpoint does not tell of the update, so that a stored endpoint can take the
/// update all the same ([`restate`]). UpdateEndpoint's rules are the two in turn; the user,
/// address and per-user rules are applied by the caller, which sees the other endpoints. An
/// import makes these away from the thread that writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Fresh {
    pub endpoint: EndpointResponse,
    /// The names the update clears (sent with no values): a new endpoint leaves them out.
    pub cleared: Cleared,
    /// Whether the update sent its OptOut (else NONE is the new endpoint's default).
    opt_out_sent: bool,
    /// Whether the CreationDate and the CohortId are an import line's (else the service's).
    creation_date_kept: bool,
    cohort_id_kept: bool,
}

/// Names an update sends with no values, of Attributes and of the user's UserAttributes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleared {
    pub attributes: Vec<String>,
    pub user_attributes: Vec<String>,
}

/// The lists sent apart from the names sent with no values (none when no list is left).
fn split_cleared(
    map: Option<IndexMap<String, Vec<String>>>,
) -> (Option<IndexMap<String, Vec<String>>>, Vec<String>) {
    let Some(mut map) = map else {
        return (None, Vec::new());
    };
    let mut cleared = Vec::new();
    if map.values().any(Vec::is_empty) {
        map.retain(|name, values| {
            if values.is_empty() {
                cleared.push(name.clone());
            }
            !values.is_empty()
        });
    }
    ((!map.is_empty()).then_some(map), cleared)
}

/// The endpoint `request` creates when nothing is stored under the id, with what an import
/// line `kept` (see [`keep`]; an update from a client keeps nothing).
pub fn prepare(mut request: EndpointRequest, ctx: &UpdateContext<'_>, kept: Kept) -> Fresh {
    let user = request.user.take().unwrap_or_default();
    let (attributes, cleared_attributes) = split_cleared(request.attributes);
    let (user_attributes, cleared_user_attributes) = split_cleared(user.user_attributes);
    let cleared = Cleared {
        attributes: cleared_attributes,
        user_attributes: cleared_user_attributes,
    };
    let (creation_date_kept, cohort_id_kept) =
        (kept.creation_date.is_some(), kept.cohort_id.is_some());
    let opt_out_sent = request.opt_out.is_some();
    let mut endpoint = EndpointResponse {
        address: request.address,
        application_id: Some(ctx.application_id.to_string()),
        attributes,
        channel_type: request.channel_type,
        cohort_id: None,
        creation_date: None,
        demographic: merge_part(None, request.demographic),
        effective_date: Some(ctx.now.to_string()),
        endpoint_status: Some(
            request
                .endpoint_status
                .unwrap_or_else(|| "ACTIVE".to_string()),
        ),
        id: Some(ctx.endpoint_id.to_string()),
        location: merge_part(None, request.location),
        metrics: merge_metrics(None, request.metrics),
        opt_out: Some(request.opt_out.unwrap_or_else(|| "NONE".to_string())),
        request_id: Some(
            request
                .request_id
                .unwrap_or_else(|| ctx.request_id.to_string()),
        ),
        user: Some(EndpointUser {
            user_attributes,
            user_id: user.user_id,
        }),
    };
    keep(&mut endpoint, kept);
    endpoint.creation_date = endpoint.creation_date.or_else(|| Some(ctx.now.to_string()));
    endpoint.cohort_id = endpoint
        .cohort_id
        .or_else(|| Some(cohort_id(ctx.application_id, ctx.endpoint_id)));
    Fresh {
        endpoint,
        cleared,
        opt_out_sent,
        creation_date_kept,
        cohort_id_kept,
    }
}

impl Fresh {
    /// The user attributes the update sends: the names it clears with no values, then the
    /// others (a name is sent once, so this order changes nothing where they are applied).
    pub fn user_update(&self) -> Option<IndexMap<String, Vec<String>>> {
        let sent = self.endpoint.user.as_ref()?.user_attributes.as_ref();
        if sent.is_none() && self.cleared.user_attributes.is_empty() {
            return None;
        }
        let cleared = self
            .cleared
            .user_attributes
            .iter()
            .map(|n| (n.clone(), Vec::new()));
        Some(
            cleared
                .chain(
                    sent.into_iter()
                        .flatten()
                        .map(|(n, v)| (n.clone(), v.clone())),
                )
                .collect(),
        )
    }
}

/// The endpoint after the update `fresh` was made from: `fresh`'s endpoint when nothing is
/// stored, else the stored endpoint with the update merged in (the rules at the top).
pub fn restate(stored: Option<EndpointResponse>, fresh: Fresh) -> EndpointResponse {
    let Some(old) = stored else {
        return fresh.endpoint;
    };
    let Fresh {
        endpoint: new,
        cleared,
        opt_out_sent,
        creation_date_kept,
        cohort_id_kept,
    } = fresh;
    let old_user = old.user.unwrap_or_default();
    let new_user = new.user.unwrap_or_default();
    let given = |sent: bool, new: Option<String>, old: Option<String>| {
        if sent { new } else { old.or(new) }
    };
    EndpointResponse {
        address: new.address.or(old.address),
        application_id: new.application_id,
        attributes: merge_cleared(old.attributes, cleared.attributes, new.attributes),
        channel_type: new.channel_type.or(old.channel_type),
        cohort_id: given(cohort_id_kept, new.cohort_id, old.cohort_id),
        creation_date: given(creation_date_kept, new.creation_date, old.creation_date),
        demographic: merge_part(old.demographic, new.demographic),
        effective_date: new.effective_date,
        endpoint_status: new.endpoint_status,
        id: old.id.or(new.id),
        location: merge_part(old.location, new.location),
        metrics: merge_metrics(old.metrics, new.metrics),
        opt_out: given(opt_out_sent, new.opt_out, old.opt_out),
        request_id: new.request_id,
        user: Some(EndpointUser {
            user_attributes: merge_cleared(
                old_user.user_attributes,
                cleared.user_attributes,
                new_user.user_attributes,
            ),
            user_id: new_user.user_id.or(old_user.user_id),
        }),
    }
}

/// Lists merged per name (the rules at the top), the update's cleared names apart from its
/// lists: the cleared names leave, then the lists replace (a name is sent once, so the order
/// is the same as the request's).
fn merge_cleared(
    stored: Option<IndexMap<String, Vec<String>>>,
    cleared: Vec<String>,
    update: Option<IndexMap<String, Vec<String>>>,
) -> Option<IndexMap<String, Vec<String>>> {
    let Some(mut map) = stored else {
        return update;
    };
    for name in cleared {
        map.shift_remove(&name);
    }
    merge_lists_into(&mut map, update.unwrap_or_default());
    (!map.is_empty()).then_some(map)
}

/// What an imported export line says that only the service writes, kept on the endpoint
/// the update made: its CreationDate, CohortId and EffectiveDate (when the line has them),
/// so that an import of an export gives back the same endpoints.
fn keep(endpoint: &mut EndpointResponse, kept: Kept) {
    if kept.creation_date.is_some() {
        endpoint.creation_date = kept.creation_date;
    }
    if kept.cohort_id.is_some() {
        endpoint.cohort_id = kept.cohort_id;
    }
    if kept.effective_date.is_some() {
        endpoint.effective_date = kept.effective_date;
    }
}

/// Applies a user-attribute update to another endpoint of the same user (the service keeps
/// user attributes in step across a user's endpoints); says whether it changed anything.
pub fn share_user_attributes(
    endpoint: &mut EndpointResponse,
    update: &IndexMap<String, Vec<String>>,
) -> bool {
    let user = endpoint.user.get_or_insert_with(EndpointUser::default);
    let had = user.user_attributes.is_some();
    let map = user.user_attributes.get_or_insert_with(IndexMap::new);
    let changed = merge_lists_into(map, update.iter().map(|(n, v)| (n, v.as_slice())));
    if map.is_empty() {
        user.user_attributes = None;
        return had;
    }
    changed
}

/// Channel types whose oldest endpoint gives way to a 16th endpoint of the same user.
pub const PUSH_CHANNELS_THAT_GIVE_WAY: [&str; 6] = [
    "ADM",
    "GCM",
    "APNS",
    "APNS_VOIP",
    "APNS_VOIP_SANDBOX",
    "BAIDU",
];
/// Most endpoints one user id may have.
pub const MAX_ENDPOINTS_PER_USER: usize = 15;

/// What happens when an endpoint joins a user that already has the maximum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserLimit {
    /// Room left (or the endpoint already belongs to the user).
    Fits,
    /// The push endpoint with this id (the oldest EffectiveDate) is made INACTIVE and
    /// loses its user id.
    Displace(String),
    /// The update fails with BadRequestException.
    Refuse,
}

/// Decides the 16th-endpoint rule. `others` are the user's other endpoints.
pub fn user_limit(new_channel: Option<&str>, others: &[EndpointResponse]) -> UserLimit {
    if others.len() < MAX_ENDPOINTS_PER_USER {
        return UserLimit::Fits;
    }
    let gives_way = |c: Option<&str>| c.is_some_and(|c| PUSH_CHANNELS_THAT_GIVE_WAY.contains(&c));
    if !gives_way(new_channel) {
        return UserLimit::Refuse;
    }
    others
        .iter()
        .filter(|e| gives_way(e.channel_type.as_deref()))
        .min_by(|a, b| a.effective_date.cmp(&b.effective_date))
        .and_then(|e| e.id.clone())
        .map_or(UserLimit::Refuse, UserLimit::Displace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::indexmap;

    fn ctx<'a>(now: &'a str) -> UpdateContext<'a> {
        UpdateContext {
            application_id: "app",
            endpoint_id: "Ep-1",
            now,
            request_id: "req-1",
        }
    }

    fn request(json: serde_json::Value) -> EndpointRequest {
        serde_json::from_value(json).unwrap()
    }

    /// The endpoint after an UpdateEndpoint (`stored` is `None` when it is new).
    fn apply_update(
        stored: Option<EndpointResponse>,
        request: EndpointRequest,
        ctx: &UpdateContext<'_>,
    ) -> EndpointResponse {
        restate(stored, prepare(request, ctx, Kept::default()))
    }

    #[test]
    fn sharing_user_attributes_says_whether_it_changed_anything() {
        let mut endpoint = EndpointResponse::default();
        let update = indexmap! {"tier".to_string() => vec!["gold".to_string()]};
        assert!(share_user_attributes(&mut endpoint, &update));
        assert!(
            !share_user_attributes(&mut endpoint, &update),
            "the same again"
        );
        let other = indexmap! {"plan".to_string() => vec!["free".to_string()]};
        assert!(share_user_attributes(&mut endpoint, &other));
        let user_attributes = |e: &EndpointResponse| e.user.as_ref()?.user_attributes.clone();
        assert_eq!(
            user_attributes(&endpoint),
            Some(
                indexmap! {"tier".to_string() => vec!["gold".to_string()], "plan".to_string() => vec!["free".to_string()]}
            )
        );
        // An empty list removes the name; the last one gone leaves no map.
        let remove = |name: &str| indexmap! {name.to_string() => Vec::new()};
        assert!(share_user_attributes(&mut endpoint, &remove("tier")));
        assert!(!share_user_attributes(&mut endpoint, &remove("tier")));
        assert!(share_user_attributes(&mut endpoint, &remove("plan")));
        assert_eq!(user_attributes(&endpoint), None);
        assert!(!share_user_attributes(&mut endpoint, &remove("plan")));
    }

    #[test]
    fn a_new_endpoint_gets_the_service_fields() {
        let e = apply_update(
            None,
            request(serde_json::json!({"Address": "a"})),
            &ctx("2026-01-01T00:00:00.000Z"),
        );
        assert_eq!(e.id.as_deref(), Some("Ep-1"));
        assert_eq!(e.application_id.as_deref(), Some("app"));
        assert_eq!(e.creation_date.as_deref(), Some("2026-01-01T00:00:00.000Z"));
        assert_eq!(e.effective_date, e.creation_date);
        assert_eq!(e.endpoint_status.as_deref(), Some("ACTIVE"));
        assert_eq!(e.opt_out.as_deref(), Some("NONE"));
        assert_eq!(e.request_id.as_deref(), Some("req-1"));
        assert_eq!(e.cohort_id, Some(cohort_id("app", "ep-1")));
        assert!(e.user.is_some(), "User comes back as {{}} when unset");
    }

    #[test]
    fn names_left_out_keep_their_values_and_empty_lists_clear() {
        let first = apply_update(
            None,
            request(
                serde_json::json!({"Attributes": {"a": ["1"], "b": ["2"]}, "Metrics": {"m": 1, "n": 2},
                "User": {"UserAttributes": {"u": ["x"], "v": ["y"]}}}),
            ),
            &ctx("t1"),
        );
        let second = apply_update(
            Some(first.clone()),
            request(
                serde_json::json!({"Attributes": {"a": ["3", "4"], "b": []}, "Metrics": {"n": 5},
                "User": {"UserAttributes": {"v": []}}}),
            ),
            &ctx("t2"),
        );
        assert_eq!(
            second.attributes,
            Some(indexmap! {"a".into() => vec!["3".into(), "4".into()]})
        );
        assert_eq!(
            second.metrics,
            Some(indexmap! {"m".into() => 1.0, "n".into() => 5.0})
        );
        assert_eq!(
            second.user.unwrap().user_attributes,
            Some(indexmap! {"u".into() => vec!["x".into()]})
        );
        assert_eq!(second.creation_date.as_deref(), Some("t1"));
        assert_eq!(second.effective_date.as_deref(), Some("t2"));
        assert_eq!(second.cohort_id, first.cohort_id);
    }

    #[test]
    fn cleared_names_leave_and_the_others_keep_their_places() {
        let first = apply_update(
            None,
            request(serde_json::json!({"Attributes": {"a": ["1"], "b": ["2"], "c": ["3"]}})),
            &ctx("t1"),
        );
        // Sent in this order: the new name goes last, a replaced one keeps its place.
        let second = apply_update(
            Some(first),
            request(serde_json::json!({"Attributes": {"b": [], "d": ["4"], "a": ["9"]}})),
            &ctx("t2"),
        );
        let names: Vec<(&str, &str)> = second
            .attributes
            .iter()
            .flatten()
            .map(|(n, v)| (n.as_str(), v[0].as_str()))
            .collect();
        assert_eq!(names, [("a", "9"), ("c", "3"), ("d", "4")]);
    }

    #[test]
    fn a_fresh_update_gives_its_user_attributes_as_sent() {
        let sent = |json| prepare(request(json), &ctx("t1"), Kept::default()).user_update();
        let update = sent(serde_json::json!({"User": {"UserAttributes": {"a": [], "b": ["1"]}}}));
        assert_eq!(
            update,
            Some(indexmap! {"a".to_string() => vec![], "b".to_string() => vec!["1".to_string()]})
        );
        assert_eq!(sent(serde_json::json!({"User": {"UserId": "u"}})), None);
        let fresh = prepare(
            request(serde_json::json!({"User": {"UserAttributes": {"a": []}}})),
            &ctx("t1"),
            Kept::default(),
        );
        assert_eq!(
            fresh.endpoint.user.unwrap().user_attributes,
            None,
            "no empty lists"
        );
    }

    #[test]
    fn an_import_line_keeps_its_dates_and_cohort_over_the_stored_ones() {
        let stored = apply_update(None, request(serde_json::json!({})), &ctx("t1"));
        let kept = Kept {
            creation_date: Some("c".into()),
            cohort_id: Some("7".into()),
            effective_date: Some("e".into()),
        };
        let line = prepare(request(serde_json::json!({})), &ctx("t2"), kept);
        let e = restate(Some(stored.clone()), line);
        assert_eq!(
            (
                e.creation_date.as_deref(),
                e.cohort_id.as_deref(),
                e.effective_date.as_deref()
            ),
            (Some("c"), Some("7"), Some("e"))
        );
        let plain = prepare(request(serde_json::json!({})), &ctx("t2"), Kept::default());
        let e = restate(Some(stored.clone()), plain);
        assert_eq!(
            (e.creation_date, e.cohort_id, e.effective_date.as_deref()),
            (stored.creation_date, stored.cohort_id, Some("t2"))
        );
    }

    #[test]
    fn demographic_and_location_merge_by_field() {
        let first = apply_update(
            None,
            request(
                serde_json::json!({"Demographic": {"Platform": "iOS", "Locale": "en_US"}, "Location": {"City": "Seattle", "Latitude": 47.61}}),
            ),
            &ctx("t1"),
        );
        assert_eq!(first.location.as_ref().unwrap().latitude, Some(47.6));
        let second = apply_update(
            Some(first),
            request(
                serde_json::json!({"Demographic": {"Locale": "fr_FR"}, "Location": {"Longitude": -122.33}}),
            ),
            &ctx("t2"),
        );
        let d = second.demographic.unwrap();
        assert_eq!(
            (d.platform.as_deref(), d.locale.as_deref()),
            (Some("iOS"), Some("fr_FR"))
        );
        let l = second.location.unwrap();
        assert_eq!(
            (l.city.as_deref(), l.latitude, l.longitude),
            (Some("Seattle"), Some(47.6), Some(-122.3))
        );
    }

    #[test]
    fn top_level_fields_are_kept_when_left_out() {
        let first = apply_update(
            None,
            request(
                serde_json::json!({"Address": "a", "ChannelType": "SMS", "OptOut": "ALL", "User": {"UserId": "u"}}),
            ),
            &ctx("t1"),
        );
        let second = apply_update(
            Some(first),
            request(serde_json::json!({"Metrics": {"x": 1}})),
            &ctx("t2"),
        );
        assert_eq!(second.address.as_deref(), Some("a"));
        assert_eq!(second.channel_type.as_deref(), Some("SMS"));
        assert_eq!(second.opt_out.as_deref(), Some("ALL"));
        assert_eq!(second.user.unwrap().user_id.as_deref(), Some("u"));
    }

    #[test]
    fn status_is_active_on_update_unless_sent() {
        let mut stored = apply_update(None, request(serde_json::json!({})), &ctx("t1"));
        stored.endpoint_status = Some("INACTIVE".into());
        let updated = apply_update(Some(stored), request(serde_json::json!({})), &ctx("t2"));
        assert_eq!(updated.endpoint_status.as_deref(), Some("ACTIVE"));
        let sent = apply_update(
            Some(updated),
            request(serde_json::json!({"EndpointStatus": "INACTIVE"})),
            &ctx("t3"),
        );
        assert_eq!(sent.endpoint_status.as_deref(), Some("INACTIVE"));
    }

    #[test]
    fn cohorts_are_stable_and_in_range() {
        let ids: Vec<String> = (0..1000)
            .map(|i| cohort_id("app", &format!("e{i}")))
            .collect();
        assert!(ids.iter().all(|c| c.parse::<u8>().unwrap() < 100));
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert!(distinct.len() > 90, "cohorts spread over the range");
        assert_eq!(cohort_id("app", "ABC"), cohort_id("app", "abc"));
    }

    fn endpoint(id: &str, channel: &str, date: &str) -> EndpointResponse {
        EndpointResponse {
            id: Some(id.into()),
            channel_type: Some(channel.into()),
            effective_date: Some(date.into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_sixteenth_endpoint_of_a_user() {
        let mut others: Vec<_> = (0..14)
            .map(|i| endpoint(&format!("e{i}"), "EMAIL", "2026-01-02"))
            .collect();
        assert_eq!(user_limit(Some("SMS"), &others), UserLimit::Fits);
        others.push(endpoint("old-push", "GCM", "2026-01-01"));
        assert_eq!(user_limit(Some("SMS"), &others), UserLimit::Refuse);
        assert_eq!(user_limit(None, &others), UserLimit::Refuse);
        assert_eq!(user_limit(Some("APNS_SANDBOX"), &others), UserLimit::Refuse);
        assert_eq!(
            user_limit(Some("APNS"), &others),
            UserLimit::Displace("old-push".into())
        );
        others[0] = endpoint("older-push", "BAIDU", "2025-12-31");
        assert_eq!(
            user_limit(Some("GCM"), &others),
            UserLimit::Displace("older-push".into())
        );
        let no_push: Vec<_> = (0..15)
            .map(|i| endpoint(&format!("e{i}"), "EMAIL", "d"))
            .collect();
        assert_eq!(user_limit(Some("GCM"), &no_push), UserLimit::Refuse);
    }
}

/// [`prepare`] and [`restate`] against the rules applied to the request itself, as they were
/// first written: for any request and any stored endpoint, the same endpoint.
#[cfg(test)]
mod same_as_applied_directly {
    use super::*;
    use proptest::prelude::*;

    /// Replaces per name; an empty list removes the name.
    fn merge_lists(
        stored: Option<IndexMap<String, Vec<String>>>,
        update: Option<IndexMap<String, Vec<String>>>,
    ) -> Option<IndexMap<String, Vec<String>>> {
        let map = match stored {
            // Nothing stored: the lists sent, those that remove a name left out.
            None => {
                let mut map = update?;
                map.retain(|_, values| !values.is_empty());
                map
            }
            Some(mut map) => {
                merge_lists_into(&mut map, update.unwrap_or_default());
                map
            }
        };
        (!map.is_empty()).then_some(map)
    }

    /// The oracle: UpdateEndpoint's rules over the request and the stored endpoint at once.
    fn direct(
        stored: Option<EndpointResponse>,
        mut request: EndpointRequest,
        ctx: &UpdateContext<'_>,
        kept: Kept,
    ) -> EndpointResponse {
        let is_new = stored.is_none();
        let mut old = stored.unwrap_or_default();
        let old_user = old.user.take().unwrap_or_default();
        let new_user = request.user.take().unwrap_or_default();
        let service = |value: Option<String>, default: &str| value.or(Some(default.to_string()));
        let mut endpoint = EndpointResponse {
            address: request.address.or(old.address),
            application_id: Some(ctx.application_id.to_string()),
            attributes: merge_lists(old.attributes, request.attributes),
            channel_type: request.channel_type.or(old.channel_type),
            cohort_id: service(
                old.cohort_id,
                &cohort_id(ctx.application_id, ctx.endpoint_id),
            ),
            creation_date: match (is_new, old.creation_date) {
                (false, Some(date)) => Some(date),
                _ => Some(ctx.now.to_string()),
            },
            demographic: merge_part(old.demographic, request.demographic),
            effective_date: Some(ctx.now.to_string()),
            endpoint_status: service(request.endpoint_status, "ACTIVE"),
            id: service(old.id, ctx.endpoint_id),
            location: merge_part(old.location, request.location),
            metrics: merge_metrics(old.metrics, request.metrics),
            opt_out: service(request.opt_out.or(old.opt_out), "NONE"),
            request_id: service(request.request_id, ctx.request_id),
            user: Some(EndpointUser {
                user_attributes: merge_lists(old_user.user_attributes, new_user.user_attributes),
                user_id: new_user.user_id.or(old_user.user_id),
            }),
        };
        keep(&mut endpoint, kept);
        endpoint
    }

    /// A JSON object of lists, its names in any order, some lists empty (they clear).
    fn lists() -> impl Strategy<Value = Option<String>> {
        let entry = (0..4usize, 0..3usize);
        prop::option::of(prop::collection::vec(entry, 0..5)).prop_map(|entries| {
            let mut seen = Vec::new();
            let parts: Vec<String> = entries?
                .into_iter()
                .filter(|(name, _)| {
                    let new = !seen.contains(name);
                    seen.push(*name);
                    new
                })
                .map(|(name, n)| {
                    let values: Vec<String> = (0..n).map(|v| format!("\"{v}\"")).collect();
                    format!("\"{}\":[{}]", ["a", "b", "c", "d"][name], values.join(","))
                })
                .collect();
            Some(format!("{{{}}}", parts.join(",")))
        })
    }

    /// An UpdateEndpoint request: every member sent or not.
    fn request() -> impl Strategy<Value = EndpointRequest> {
        let pick = |values: &'static [&'static str]| {
            prop::option::of(prop::sample::select(values))
                .prop_map(|v| v.map(str::to_string))
                .boxed()
        };
        let user = (pick(&["\"UserId\":\"u\"", "\"UserId\":\"v\""]), lists()).prop_map(
            |(id, attributes)| {
                let members: Vec<String> =
                    [id, attributes.map(|l| format!("\"UserAttributes\":{l}"))]
                        .into_iter()
                        .flatten()
                        .collect();
                (!members.is_empty()).then(|| format!("\"User\":{{{}}}", members.join(",")))
            },
        );
        let members = vec![
            pick(&["\"Address\":\"x\"", "\"Address\":\"y\""]),
            pick(&["\"ChannelType\":\"SMS\"", "\"ChannelType\":\"GCM\""]),
            pick(&["\"OptOut\":\"ALL\"", "\"OptOut\":\"NONE\""]),
            pick(&[
                "\"EndpointStatus\":\"INACTIVE\"",
                "\"EndpointStatus\":\"ACTIVE\"",
            ]),
            pick(&["\"RequestId\":\"sent\""]),
            lists()
                .prop_map(|l| l.map(|l| format!("\"Attributes\":{l}")))
                .boxed(),
            pick(&[
                "\"Metrics\":{\"m\":1}",
                "\"Metrics\":{\"n\":2,\"m\":3}",
                "\"Metrics\":{}",
            ]),
            pick(&[
                "\"Demographic\":{\"Platform\":\"iOS\"}",
                "\"Demographic\":{\"Locale\":\"en_US\",\"Platform\":\"Android\"}",
                "\"Demographic\":{}",
            ]),
            pick(&[
                "\"Location\":{\"City\":\"Seattle\",\"Latitude\":47.61}",
                "\"Location\":{\"Longitude\":-122.33}",
            ]),
            user.boxed(),
        ];
        members.prop_map(|members| {
            let members: Vec<String> = members.into_iter().flatten().collect();
            serde_json::from_str(&format!("{{{}}}", members.join(","))).unwrap()
        })
    }

    fn kept() -> impl Strategy<Value = Kept> {
        let date = || prop::option::of(Just("2024-01-01T00:00:00.000Z".to_string()));
        (date(), prop::option::of(Just("7".to_string())), date()).prop_map(
            |(creation_date, cohort_id, effective_date)| Kept {
                creation_date,
                cohort_id,
                effective_date,
            },
        )
    }

    fn ctx<'a>(endpoint_id: &'a str, now: &'a str) -> UpdateContext<'a> {
        UpdateContext {
            application_id: "app",
            endpoint_id,
            now,
            request_id: "req",
        }
    }

    proptest! {
        #[test]
        fn a_new_endpoint_and_an_update_of_a_stored_one(
            first in request(),
            first_kept in kept(),
            second in request(),
            second_kept in kept(),
        ) {
            let (made, updated) = (ctx("Ep-1", "t1"), ctx("EP-1", "t2"));
            let stored = direct(None, first.clone(), &made, first_kept.clone());
            prop_assert_eq!(&restate(None, prepare(first, &made, first_kept)), &stored);
            let expected = direct(Some(stored.clone()), second.clone(), &updated, second_kept.clone());
            let fresh = prepare(second, &updated, second_kept);
            prop_assert_eq!(restate(Some(stored), fresh), expected);
        }
    }
}
