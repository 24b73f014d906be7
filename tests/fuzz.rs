//! Bounded fuzzing in the normal test run: random and mutated inputs for every parser and for
//! the sandbox's request handling, each with a fixed number of cases so that the whole binary
//! takes seconds. Every run prints how many inputs it tried.
//!
//! - Profile TOML: arbitrary text, TOML-shaped text and byte-level mutations of valid profile
//!   files go into `store::profiles::parse`: it never panics, an error has a line and column
//!   from 1, and whatever parses re-serializes and parses back equal.
//! - JSON import: arbitrary bytes, JSON-shaped text and mutations of the example files go into
//!   `model::import::parse_json`: it never panics and every error has a line and column from 1;
//!   whatever it accepts validates and previews without panicking.
//! - Sandbox: random methods, paths (percent-encoded, unicode, empty and broken segments) and
//!   bodies (bytes, mutated and wrong-typed JSON, deep nesting, huge numbers) go through the
//!   router in process: never a 5xx, never a panic, every 4xx in Pinpoint's error shape, and
//!   an endpoint whose write was accepted reads back. In-app messaging is in the mix:
//!   campaigns (naming segments created earlier), in-app templates, PutEvents batches and
//!   GetInAppMessages, with control characters and bodies of 100 KB in message text.
//! - Segments: random segment definitions (cyclic source segments, unknown operators, NaN and
//!   infinite numbers) against random forms: `match_all` never panics, finishes in bounded
//!   time, and every criterion line renders, also on the console's Segments pane.
//!
//! A note on the sandbox bodies: serde's derived deserializers accept a JSON array in place of
//! an object (`{"Location": ["Seattle", null, null, null, null, null]}` is read as City
//! "Seattle"); the sandbox refuses that with a 400 naming the member. The generator sends
//! such arrays on purpose; the assertions here (no 5xx, error shape, accepted writes read
//! back) hold either way.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use indexmap::IndexMap;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tower::ServiceExt;

use pinpoint_console::model::UserInfo;
use pinpoint_console::model::import::parse_json;
use pinpoint_console::model::segment::{Verdict, match_all};
use pinpoint_console::model::wire::{
    AttributeDimension, GpsCoordinates, GpsPointDimension, MetricDimension, RecencyDimension,
    SegmentBehaviors, SegmentDemographics, SegmentDimensions, SegmentGroup, SegmentGroupList,
    SegmentLocation, SegmentReference, SegmentResponse, SetDimension,
};
use pinpoint_console::model::{preview, validate};
use pinpoint_console::sandbox::{self, DEFAULT_APP_ID, Database, Sandbox};
use pinpoint_console::store::StoreError;
use pinpoint_console::store::profiles;

const PROFILE_ASSETS: [&str; 4] = [
    include_str!("../assets/profiles/email-user.json"),
    include_str!("../assets/profiles/gps-user.json"),
    include_str!("../assets/profiles/qa-ios.json"),
    include_str!("../assets/profiles/sms-user.json"),
];
const JSON_EXAMPLES: [&str; 5] = [
    include_str!("../assets/profiles/email-user.json"),
    include_str!("../assets/profiles/gps-user.json"),
    include_str!("../assets/profiles/qa-ios.json"),
    include_str!("../assets/profiles/sms-user.json"),
    include_str!("fixtures/amplify-userinfo.json"),
];
const SEGMENT_EXAMPLES: [&str; 5] = [
    include_str!("../assets/segments/frequent-users.json"),
    include_str!("../assets/segments/ios-premium-or-sms.json"),
    include_str!("../assets/segments/near-berlin.json"),
    include_str!("../assets/segments/outside-north-america.json"),
    include_str!("../assets/segments/premium-plan.json"),
];

/// The longest any one harness may run before it counts as hung (scaled runs get longer).
fn harness_limit() -> Duration {
    let scale: f64 = std::env::var("PINPOINT_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| *s > 1.0)
        .unwrap_or(1.0);
    Duration::from_secs_f64(60.0 * scale)
}

// ----- harness -----

/// A runner for `cases` inputs (times `PINPOINT_FUZZ_SCALE`, 1 unless set, for longer
/// runs), without regression files in the source tree.
fn runner(cases: u32) -> TestRunner {
    let scale: f64 = std::env::var("PINPOINT_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| *s > 0.0)
        .unwrap_or(1.0);
    TestRunner::new(Config {
        cases: ((f64::from(cases) * scale).ceil() as u32).max(1),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    })
}

/// Runs `cases` inputs through a test, on a thread that must finish within `harness_limit()`
/// (a hang fails the test instead of stalling the run). `make` builds the strategy and the
/// test on that thread. Returns how many inputs were tried.
fn fuzz<S, F, M>(name: &'static str, cases: u32, make: M) -> u64
where
    M: FnOnce() -> (S, F) + Send + 'static,
    S: Strategy,
    S::Value: std::fmt::Debug,
    F: Fn(S::Value) -> Result<(), TestCaseError>,
{
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .name(name.into())
        .stack_size(32 * 1024 * 1024)
        .spawn(move || {
            let (strategy, test) = make();
            let tried = Cell::new(0u64);
            let result = runner(cases).run(&strategy, |input| {
                tried.set(tried.get() + 1);
                test(input)
            });
            let _ = tx.send(result.map(|()| tried.get()).map_err(|e| e.to_string()));
        })
        .unwrap();
    match rx.recv_timeout(harness_limit()) {
        Ok(Ok(tried)) => {
            eprintln!(
                "{name}: {tried} inputs in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            tried
        }
        Ok(Err(e)) => panic!("{name}: {e}"),
        Err(_) => panic!(
            "{name}: did not finish within {:?} (a hang?)",
            harness_limit()
        ),
    }
}

fn fail(message: impl Into<String>) -> TestCaseError {
    TestCaseError::fail(message.into())
}

/// Shows the start of a long input in a failure message.
fn head(text: &str) -> String {
    let cut: String = text.chars().take(300).collect();
    if cut.len() < text.len() {
        format!("{cut:?}… ({} bytes)", text.len())
    } else {
        format!("{cut:?}")
    }
}

// ----- byte-level mutations -----

#[derive(Debug, Clone)]
enum Edit {
    Flip(Index, u8),
    Set(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Duplicate(Index, usize),
    Truncate(Index),
}

fn edit(dictionary: &'static [&'static str]) -> impl Strategy<Value = Edit> + Clone {
    prop_oneof![
        1 => (any::<Index>(), 0u8..8).prop_map(|(i, bit)| Edit::Flip(i, 1 << bit)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        3 => (any::<Index>(), select(dictionary))
            .prop_map(|(i, t)| Edit::Insert(i, t.as_bytes().to_vec())),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => (any::<Index>(), 1usize..24).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

fn edits(dictionary: &'static [&'static str]) -> impl Strategy<Value = Vec<Edit>> + Clone {
    prop::collection::vec(edit(dictionary), 1..6)
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Flip(i, mask) if len > 0 => bytes[i.index(len)] ^= mask,
            Edit::Set(i, b) if len > 0 => bytes[i.index(len)] = *b,
            Edit::Insert(i, b) => {
                let at = i.index(len + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Delete(i, n) if len > 0 => {
                let at = i.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Edit::Duplicate(i, n) if len > 0 => {
                let at = i.index(len);
                let chunk = bytes[at..(at + n).min(len)].to_vec();
                bytes.splice(at..at, chunk);
            }
            Edit::Truncate(i) => bytes.truncate(i.index(len + 1)),
            _ => {}
        }
    }
    bytes
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ----- text pieces -----

/// Strings that have broken things elsewhere: control characters, escape sequences,
/// bidirectional overrides, combining marks, very long text, paths, dates at the edges.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "\0",
    "a\0b",
    "\x1b[2J\x1b[H",
    "\x1b]52;c;aGk=\x07",
    "\x1b[31mred\x1b[0m",
    "line\nbreak",
    "cr\rreturn",
    "tab\there",
    "\u{7f}\u{80}\u{9f}",
    "\u{202e}evil\u{202c}",
    "\u{200b}\u{feff}",
    "e\u{301}\u{301}\u{301}",
    "🚀👩‍👩‍👧‍👦",
    "漢字かなカナ",
    "../../etc/passwd",
    "..\\..\\x",
    "%00%2F%2e%2e",
    "${jndi:x}",
    "{}",
    "\"quoted\"",
    "'single'",
    "\\u0000",
    "2026-03-14T09:26:53Z",
    "2026-03-14",
    "9999-12-31T23:59:59.999999999Z",
    "-9999-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "2026-02-30T25:61:61Z",
    "0000-00-00",
    "premium",
    "iOS",
    "US",
    "NaN",
    "-inf",
];

fn hostile() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => select(HOSTILE).prop_map(String::from),
        1 => (select(HOSTILE), 1usize..4000).prop_map(|(s, n)| s.repeat(n.min(10_000 / s.len().max(1)))),
    ]
}

/// Text for names and values: mostly short and plain, sometimes hostile, sometimes anything.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        12 => "[a-zA-Z0-9 _.@+-]{0,12}",
        2 => hostile(),
        1 => any::<String>(),
        1 => "[\\PC]{0,40}",
    ]
    .boxed()
}

/// Names that the generators and the forms share, so that criteria meet values.
const NAMES: &[&str] = &["plan", "signup", "logins", "tier", "x", ""];

fn name() -> BoxedStrategy<String> {
    prop_oneof![3 => select(NAMES).prop_map(String::from), 1 => text()].boxed()
}

/// Numbers as JSON text, valid and not: huge, tiny, negative zero, past every integer type.
const NUMBER_TEXTS: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1e400",
    "-1e400",
    "1e-400",
    "4.9e-324",
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
    "1.7976931348623159e308",
    "123456789012345678901234567890",
    "-9223372036854775809",
    "18446744073709551616",
    "9007199254740993",
    "1E+2",
    "0e0",
    "90.05",
    "-180.04",
    "NaN",
    "Infinity",
    "-Infinity",
    "01",
    "1.",
    ".5",
    "+1",
];

fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        select(NUMBER_TEXTS).prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        (-200.0f64..200.0).prop_map(|f| f.to_string()),
    ]
    .boxed()
}

// ----- JSON as text, with numbers serde_json cannot hold -----

#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) => out.push_str(n),
            J::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Every member name the JSON shapes know, in both casings.
const JSON_KEYS: &[&str] = &[
    "Address",
    "Attributes",
    "ChannelType",
    "Demographic",
    "EffectiveDate",
    "EndpointStatus",
    "Location",
    "Metrics",
    "OptOut",
    "RequestId",
    "User",
    "UserId",
    "UserAttributes",
    "Id",
    "Item",
    "ApplicationId",
    "CohortId",
    "CreationDate",
    "EndpointResponse",
    "AppVersion",
    "Locale",
    "Make",
    "Model",
    "Platform",
    "City",
    "Country",
    "Latitude",
    "Longitude",
    "PostalCode",
    "Region",
    "Name",
    "Dimensions",
    "SegmentGroups",
    "tags",
    "address",
    "attributes",
    "demographic",
    "location",
    "metrics",
    "optOut",
    "userId",
    "userAttributes",
    "appVersion",
    "platform",
    "latitude",
    "country",
];

fn json_leaf() -> BoxedStrategy<J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        number_text().prop_map(J::Num),
        text().prop_map(J::Str),
    ]
    .boxed()
}

/// Any JSON (with the shapes' member names more often than not).
fn any_json() -> BoxedStrategy<J> {
    json_leaf()
        .prop_recursive(4, 48, 6, |inner| {
            let key = prop_oneof![3 => select(JSON_KEYS).prop_map(String::from), 1 => text()];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(J::Arr),
                prop::collection::vec((key, inner), 0..6).prop_map(J::Obj),
            ]
        })
        .boxed()
}

/// Mostly `good`, sometimes a value of any other type.
fn or_wrong(good: BoxedStrategy<J>) -> BoxedStrategy<J> {
    prop_oneof![100 => good, 1 => json_leaf(), 1 => any_json()].boxed()
}

fn string() -> BoxedStrategy<J> {
    or_wrong(text().prop_map(J::Str).boxed())
}

fn one_of(values: &'static [&'static str]) -> BoxedStrategy<J> {
    or_wrong(
        prop_oneof![12 => select(values).prop_map(|v| J::Str(v.into())), 1 => text().prop_map(J::Str)]
            .boxed(),
    )
}

fn number() -> BoxedStrategy<J> {
    or_wrong(
        prop_oneof![
            6 => (-90.0f64..90.0).prop_map(|f| J::Num(f.to_string())),
            1 => number_text().prop_map(J::Num),
        ]
        .boxed(),
    )
}

/// An object with a random subset of `fields`, sometimes an unknown member, sometimes written
/// as an array of the values (which serde's derived deserializers also accept).
fn object(fields: Vec<(&'static str, BoxedStrategy<J>)>) -> BoxedStrategy<J> {
    let members: Vec<BoxedStrategy<Option<(String, J)>>> = fields
        .into_iter()
        .map(|(k, s)| prop::option::weighted(0.5, s.prop_map(move |v| (k.to_string(), v))).boxed())
        .collect();
    let extra = prop::option::weighted(0.02, (text(), any_json()));
    (members, extra, 0u8..50)
        .prop_map(|(members, extra, shape)| {
            let mut members: Vec<(String, J)> = members.into_iter().flatten().collect();
            members.extend(extra);
            match shape {
                0 => J::Arr(members.into_iter().map(|(_, v)| v).collect()),
                _ => J::Obj(members),
            }
        })
        .boxed()
}

fn map_of(value: BoxedStrategy<J>) -> BoxedStrategy<J> {
    or_wrong(
        prop::collection::vec((name(), value), 0..5)
            .prop_map(J::Obj)
            .boxed(),
    )
}

fn list_of(value: BoxedStrategy<J>, max: usize) -> BoxedStrategy<J> {
    or_wrong(
        prop::collection::vec(value, 0..max)
            .prop_map(J::Arr)
            .boxed(),
    )
}

const CHANNELS: &[&str] = &[
    "PUSH",
    "GCM",
    "APNS",
    "APNS_SANDBOX",
    "APNS_VOIP",
    "APNS_VOIP_SANDBOX",
    "ADM",
    "SMS",
    "VOICE",
    "EMAIL",
    "BAIDU",
    "CUSTOM",
    "IN_APP",
];
/// Addresses from a small pool, so that the address rule meets other endpoints.
const ADDRESSES: &[&str] = &["a@example.com", "+12065550100", "token-1", ""];
/// User ids from a small pool, so that user attributes are shared and the per-user limit
/// is reached.
const USER_IDS: &[&str] = &["user-1", "user-2", "USER-1", ""];

fn endpoint_fields() -> Vec<(&'static str, BoxedStrategy<J>)> {
    let demographic = object(vec![
        ("AppVersion", string()),
        ("Locale", one_of(&["en_US", "fr-FR", "xx_YY"])),
        ("Make", string()),
        ("Model", string()),
        ("ModelVersion", string()),
        ("Platform", one_of(&["iOS", "Android"])),
        ("PlatformVersion", string()),
        (
            "Timezone",
            one_of(&["America/Los_Angeles", "UTC", "Mars/Base"]),
        ),
    ]);
    let location = object(vec![
        ("City", string()),
        ("Country", one_of(&["US", "USA", "DE", "ZZ"])),
        ("Latitude", number()),
        ("Longitude", number()),
        ("PostalCode", string()),
        ("Region", string()),
    ]);
    let user = object(vec![
        ("UserAttributes", map_of(list_of(string(), 4))),
        ("UserId", one_of(USER_IDS)),
    ]);
    vec![
        ("Address", one_of(ADDRESSES)),
        ("Attributes", map_of(list_of(string(), 4))),
        ("ChannelType", one_of(CHANNELS)),
        ("Demographic", demographic),
        ("EffectiveDate", string()),
        ("EndpointStatus", one_of(&["ACTIVE", "INACTIVE"])),
        ("Location", location),
        ("Metrics", map_of(number())),
        ("OptOut", one_of(&["NONE", "ALL"])),
        ("RequestId", string()),
        ("User", user),
    ]
}

fn endpoint_request() -> BoxedStrategy<J> {
    object(endpoint_fields())
}

fn batch_request() -> BoxedStrategy<J> {
    let mut item = endpoint_fields();
    item.push(("Id", one_of(ENDPOINT_IDS)));
    object(vec![("Item", list_of(object(item), 6))])
}

const CROWD_USERS: &[&str] = &["user-1", "user-1", "user-1", "user-2"];

/// A batch that crowds users: many endpoints of the same few users, of push and other
/// channels, so that the 15-endpoint limit per user is reached (refused or displaced).
fn crowd_batch() -> BoxedStrategy<J> {
    prop::collection::vec(
        (
            0u8..64,
            select(CHANNELS),
            select(CROWD_USERS),
            select(ADDRESSES),
        ),
        1..20,
    )
    .prop_map(|items| {
        let items = items
            .into_iter()
            .map(|(n, channel, user, address)| {
                J::Obj(vec![
                    ("Id".into(), J::Str(format!("crowd-{n}"))),
                    ("ChannelType".into(), J::Str(channel.into())),
                    ("Address".into(), J::Str(address.into())),
                    (
                        "User".into(),
                        J::Obj(vec![
                            ("UserId".into(), J::Str(user.into())),
                            (
                                "UserAttributes".into(),
                                J::Obj(vec![("n".into(), J::Arr(vec![J::Str(n.to_string())]))]),
                            ),
                        ]),
                    ),
                ])
            })
            .collect();
        J::Obj(vec![("Item".into(), J::Arr(items))])
    })
    .boxed()
}

fn set_dimension() -> BoxedStrategy<J> {
    object(vec![
        ("DimensionType", one_of(&["INCLUSIVE", "EXCLUSIVE"])),
        ("Values", list_of(string(), 4)),
    ])
}

fn attribute_dimension() -> BoxedStrategy<J> {
    object(vec![
        ("AttributeType", one_of(ATTRIBUTE_TYPES)),
        ("Values", list_of(string(), 4)),
    ])
}

fn segment_dimensions() -> BoxedStrategy<J> {
    object(vec![
        ("Attributes", map_of(attribute_dimension())),
        (
            "Behavior",
            object(vec![(
                "Recency",
                object(vec![
                    ("Duration", one_of(&["HR_24", "DAY_7"])),
                    ("RecencyType", one_of(&["ACTIVE", "INACTIVE"])),
                ]),
            )]),
        ),
        (
            "Demographic",
            object(vec![
                ("AppVersion", set_dimension()),
                ("Channel", set_dimension()),
                ("DeviceType", set_dimension()),
                ("Make", set_dimension()),
                ("Model", set_dimension()),
                ("Platform", set_dimension()),
            ]),
        ),
        (
            "Location",
            object(vec![
                ("Country", set_dimension()),
                (
                    "GPSPoint",
                    object(vec![
                        (
                            "Coordinates",
                            object(vec![("Latitude", number()), ("Longitude", number())]),
                        ),
                        ("RangeInKilometers", number()),
                    ]),
                ),
            ]),
        ),
        (
            "Metrics",
            map_of(object(vec![
                ("ComparisonOperator", one_of(OPERATORS)),
                ("Value", number()),
            ])),
        ),
        ("UserAttributes", map_of(attribute_dimension())),
    ])
}

fn segment_request() -> BoxedStrategy<J> {
    let group = object(vec![
        ("Dimensions", list_of(segment_dimensions(), 3)),
        (
            "SourceSegments",
            list_of(object(vec![("Id", string()), ("Version", number())]), 3),
        ),
        ("SourceType", one_of(COMBINE)),
        ("Type", one_of(COMBINE)),
    ]);
    object(vec![
        ("Dimensions", segment_dimensions()),
        ("Name", string()),
        (
            "SegmentGroups",
            object(vec![
                ("Groups", list_of(group, 3)),
                ("Include", one_of(COMBINE)),
            ]),
        ),
        ("tags", map_of(string())),
    ])
}

fn remove_attributes_request() -> BoxedStrategy<J> {
    object(vec![("Blacklist", list_of(string(), 3))])
}

fn settings_request() -> BoxedStrategy<J> {
    object(vec![
        (
            "CampaignHook",
            object(vec![
                ("LambdaFunctionName", string()),
                ("Mode", one_of(&["DELIVERY", "FILTER"])),
            ]),
        ),
        (
            "Limits",
            object(vec![
                ("Daily", number()),
                ("MaximumDuration", number()),
                ("MessagesPerSecond", number()),
            ]),
        ),
        (
            "QuietTime",
            object(vec![
                ("Start", one_of(&["00:00", "22:30", "24:00"])),
                ("End", string()),
            ]),
        ),
        (
            "JourneyLimits",
            object(vec![
                ("DailyCap", number()),
                (
                    "TimeframeCap",
                    object(vec![("Cap", number()), ("Days", number())]),
                ),
            ]),
        ),
    ])
}

fn phone_request() -> BoxedStrategy<J> {
    object(vec![
        ("PhoneNumber", string()),
        ("IsoCountryCode", one_of(&["US", "GB", "DE", "IT", "us"])),
    ])
}

fn create_app_request() -> BoxedStrategy<J> {
    object(vec![("Name", string()), ("tags", map_of(string()))])
}

/// In the body of a request, replaced by an id created earlier in the run (a segment's, a
/// campaign's or an application's), so that campaigns name segments that exist.
const KNOWN_ID: &str = "__known-id__";
/// Template names from a small pool, so that campaigns and template operations meet.
const TEMPLATE_NAMES: &[&str] = &["t1", "T1", "t-2", "t 3", "-t", ""];
const LAYOUTS: &[&str] = &[
    "BOTTOM_BANNER",
    "TOP_BANNER",
    "OVERLAYS",
    "MOBILE_FEED",
    "MIDDLE_BANNER",
    "CAROUSEL",
];

/// An object with every one of `required` (values mostly good) and a random subset of
/// `optional`: shapes that often pass the checks, so that state builds up.
fn all_of(
    required: Vec<(&'static str, BoxedStrategy<J>)>,
    optional: Vec<(&'static str, BoxedStrategy<J>)>,
) -> BoxedStrategy<J> {
    let required: Vec<BoxedStrategy<(String, J)>> = required
        .into_iter()
        .map(|(k, s)| s.prop_map(move |v| (k.to_string(), v)).boxed())
        .collect();
    (required, object(optional))
        .prop_map(|(mut members, extra)| {
            if let J::Obj(more) = extra {
                members.extend(more);
            }
            J::Obj(members)
        })
        .boxed()
}

/// Mostly-good text of an in-app message (control characters and long text included).
fn message_text() -> BoxedStrategy<J> {
    or_wrong(
        prop_oneof![
            4 => text().prop_map(J::Str),
            1 => Just(J::Str("\u{1b}[2J\u{7}\u{202e}bell".into())),
            1 => (1usize..110_000).prop_map(|n| J::Str("x".repeat(n))),
        ]
        .boxed(),
    )
}

fn in_app_page() -> BoxedStrategy<J> {
    let text_config = |member: &'static str| {
        all_of(
            vec![
                ("Alignment", one_of(&["LEFT", "CENTER", "RIGHT"])),
                (member, message_text()),
                ("TextColor", string()),
            ],
            vec![],
        )
    };
    let button = object(vec![
        (
            "DefaultConfig",
            all_of(
                vec![
                    ("ButtonAction", one_of(&["LINK", "DEEP_LINK", "CLOSE"])),
                    ("Text", string()),
                ],
                vec![("Link", string()), ("BorderRadius", number())],
            ),
        ),
        (
            "IOS",
            object(vec![("ButtonAction", one_of(&["LINK", "CLOSE"]))]),
        ),
    ]);
    all_of(
        vec![
            ("BackgroundColor", string()),
            ("HeaderConfig", text_config("Header")),
            ("BodyConfig", text_config("Body")),
        ],
        vec![
            ("ImageUrl", string()),
            ("PrimaryBtn", button.clone()),
            ("SecondaryBtn", button),
        ],
    )
}

fn in_app_template_request() -> BoxedStrategy<J> {
    let wild = all_of(
        vec![
            ("Layout", one_of(LAYOUTS)),
            ("Content", list_of(in_app_page(), 7)),
        ],
        vec![
            ("CustomConfig", map_of(string())),
            ("TemplateDescription", string()),
            ("tags", map_of(string())),
        ],
    );
    prop_oneof![1 => wild, 1 => valid_template()].boxed()
}

fn campaign_request() -> BoxedStrategy<J> {
    let template = all_of(
        vec![("Name", one_of(TEMPLATE_NAMES))],
        vec![("Version", one_of(&["1", "2", "0", "x"]))],
    );
    let message = all_of(
        vec![(
            "InAppMessage",
            all_of(
                vec![
                    ("Layout", one_of(LAYOUTS)),
                    ("Content", list_of(in_app_page(), 3)),
                ],
                vec![("CustomConfig", map_of(string()))],
            ),
        )],
        vec![("SMSMessage", object(vec![("Body", string())]))],
    );
    let filter = all_of(
        vec![
            ("FilterType", one_of(&["ENDPOINT", "SYSTEM"])),
            (
                "Dimensions",
                all_of(
                    vec![("EventType", set_dimension())],
                    vec![
                        ("Attributes", map_of(attribute_dimension())),
                        (
                            "Metrics",
                            map_of(object(vec![
                                ("ComparisonOperator", one_of(OPERATORS)),
                                ("Value", number()),
                            ])),
                        ),
                    ],
                ),
            ),
        ],
        vec![],
    );
    let schedule = all_of(
        vec![
            (
                "StartTime",
                one_of(&["IMMEDIATE", "2020-01-01T00:00:00Z", "2099-01-01", "soon"]),
            ),
            ("Frequency", one_of(&["IN_APP_EVENT", "ONCE", "EVENT"])),
            ("EventFilter", filter),
        ],
        vec![
            (
                "EndTime",
                one_of(&["2098-01-01T00:00:00Z", "2021-01-01", "never"]),
            ),
            (
                "QuietTime",
                object(vec![
                    ("Start", one_of(&["22:00", "25:00"])),
                    ("End", string()),
                ]),
            ),
            ("Timezone", one_of(&["UTC", "UTC+05:30", "Mars"])),
        ],
    );
    let limits = object(vec![
        ("Daily", number()),
        ("Total", number()),
        ("Session", number()),
        ("MessagesPerSecond", number()),
        ("MaximumDuration", number()),
    ]);
    let treatment = all_of(
        vec![("SizePercent", number())],
        vec![
            (
                "TemplateConfiguration",
                object(vec![("InAppTemplate", template.clone())]),
            ),
            ("TreatmentName", string()),
        ],
    );
    let segment_id = or_wrong(
        prop_oneof![4 => Just(J::Str(KNOWN_ID.into())), 1 => text().prop_map(J::Str)].boxed(),
    );
    let wild = all_of(
        vec![("SegmentId", segment_id), ("Schedule", schedule)],
        vec![
            ("MessageConfiguration", message),
            (
                "TemplateConfiguration",
                object(vec![("InAppTemplate", template)]),
            ),
            ("Limits", limits),
            ("Priority", number()),
            ("HoldoutPercent", number()),
            (
                "IsPaused",
                or_wrong(any::<bool>().prop_map(J::Bool).boxed()),
            ),
            ("AdditionalTreatments", list_of(treatment, 3)),
            ("SegmentVersion", number()),
            ("Name", string()),
            ("tags", map_of(string())),
        ],
    );
    prop_oneof![2 => wild, 1 => valid_campaign()].boxed()
}

/// JSON as `J`.
fn from_value(value: &serde_json::Value) -> J {
    match value {
        serde_json::Value::Null => J::Null,
        serde_json::Value::Bool(b) => J::Bool(*b),
        serde_json::Value::Number(n) => J::Num(n.to_string()),
        serde_json::Value::String(s) => J::Str(s.clone()),
        serde_json::Value::Array(items) => J::Arr(items.iter().map(from_value).collect()),
        serde_json::Value::Object(members) => J::Obj(
            members
                .iter()
                .map(|(k, v)| (k.clone(), from_value(v)))
                .collect(),
        ),
    }
}

/// A page that passes the checks, with any text.
fn valid_page(header: &str, body: &str) -> serde_json::Value {
    serde_json::json!({"BackgroundColor": "#FFFFFF",
        "HeaderConfig": {"Alignment": "CENTER", "Header": header, "TextColor": "#000000"},
        "BodyConfig": {"Alignment": "LEFT", "Body": body, "TextColor": "#333333"},
        "PrimaryBtn": {"DefaultConfig": {"ButtonAction": "CLOSE", "Text": "OK"}}})
}

/// Campaigns that pass the checks (on a segment created earlier, when it still exists):
/// own messages of every layout, or templates from the pool, paused or not, with a
/// treatment sometimes.
fn valid_campaign() -> BoxedStrategy<J> {
    (
        select(LAYOUTS),
        text(),
        1u8..=5,
        any::<bool>(),
        select(TEMPLATE_NAMES),
        0u8..4,
    )
        .prop_map(|(layout, body, priority, paused, template, kind)| {
            let mut campaign = serde_json::json!({
                "SegmentId": KNOWN_ID, "Priority": priority, "IsPaused": paused,
                "Limits": {"Session": 1, "Daily": 3},
                "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT",
                    "EventFilter": {"FilterType": "ENDPOINT",
                        "Dimensions": {"EventType": {"Values": ["purchase"]}}}}});
            match kind {
                0 => {
                    campaign["TemplateConfiguration"] =
                        serde_json::json!({"InAppTemplate": {"Name": template}});
                }
                1 => {
                    campaign["MessageConfiguration"] = serde_json::json!({"InAppMessage":
                        {"Layout": layout, "Content": [valid_page("h", &body)]}});
                    campaign["AdditionalTreatments"] = serde_json::json!([{"SizePercent": 50,
                        "TemplateConfiguration": {"InAppTemplate": {"Name": template}}}]);
                }
                _ => {
                    campaign["MessageConfiguration"] = serde_json::json!({"InAppMessage":
                        {"Layout": layout, "Content": [valid_page(&body, "b")]}});
                }
            }
            from_value(&campaign)
        })
        .boxed()
}

/// Templates that pass the checks, most of the time.
fn valid_template() -> BoxedStrategy<J> {
    (select(LAYOUTS), text(), 1usize..=5)
        .prop_map(|(layout, body, pages)| {
            let pages = if layout == "CAROUSEL" { pages } else { 1 };
            from_value(&serde_json::json!({"Layout": layout,
                "Content": vec![valid_page("h", &body); pages]}))
        })
        .boxed()
}

fn events_request() -> BoxedStrategy<J> {
    let timestamp = one_of(&[
        "2026-09-01T10:00:00.000Z",
        "2026-09-01",
        "1756720800",
        "tomorrow",
        "",
    ]);
    let session = all_of(
        vec![("Id", string()), ("StartTimestamp", timestamp.clone())],
        vec![("StopTimestamp", timestamp.clone()), ("Duration", number())],
    );
    let event = object(vec![
        ("EventType", one_of(&["purchase", "_session.start", ""])),
        ("Timestamp", timestamp),
        ("Attributes", map_of(message_text())),
        ("Metrics", map_of(number())),
        ("Session", session),
        ("AppTitle", string()),
    ]);
    let events = or_wrong(
        prop::collection::vec((text(), event), 0..8)
            .prop_map(J::Obj)
            .boxed(),
    );
    let batch = all_of(
        vec![
            (
                "Endpoint",
                prop_oneof![2 => Just(J::Obj(vec![])), 1 => endpoint_request()].boxed(),
            ),
            ("Events", events),
        ],
        vec![],
    );
    let items = prop::collection::vec((select(ENDPOINT_IDS).prop_map(String::from), batch), 0..4)
        .prop_map(J::Obj)
        .boxed();
    all_of(vec![("BatchItem", or_wrong(items))], vec![])
}

/// A JSON body in one of the API's shapes (any of them, whatever the route).
fn shaped_json() -> BoxedStrategy<J> {
    prop_oneof![
        4 => endpoint_request(),
        2 => batch_request(),
        2 => segment_request(),
        1 => create_app_request(),
        1 => campaign_request(),
        1 => events_request(),
        1 => in_app_template_request(),
        1 => any_json(),
    ]
    .boxed()
}

// ----- a. profile TOML -----

const TOML_TOKENS: &[&str] = &[
    "=",
    " = ",
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "\n",
    "\r\n",
    "#",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "1e999",
    "-0.0",
    "0x7f",
    "1_000",
    "\"\"\"",
    "'''",
    "\\u0000",
    "\\U0010FFFF",
    "\\",
    "{",
    "}",
    ",",
    ".",
    "[metrics]\n",
    "[location]\n",
    "[attributes]\n",
    "[demographic]\n",
    "[user_attributes]\n",
    "latitude = ",
    "x = 1\n",
    "1979-05-27T07:32:00Z",
    "true",
    "[]",
    "\u{0}",
    "\u{1b}",
];

const TOML_KEYS: &[&str] = &[
    "endpoint_id",
    "user_id",
    "channel_type",
    "address",
    "opt_out",
    "endpoint_status",
    "app_version",
    "locale",
    "make",
    "model",
    "model_version",
    "platform",
    "platform_version",
    "timezone",
    "city",
    "country",
    "postal_code",
    "region",
    "latitude",
    "longitude",
    "plan",
    "logins",
];
const TOML_TABLES: &[&str] = &[
    "attributes",
    "demographic",
    "location",
    "metrics",
    "user_attributes",
];

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const TOML_SCALARS: &[&str] = &[
    "nan",
    "+nan",
    "-nan",
    "inf",
    "-inf",
    "0",
    "-0.0",
    "157",
    "47.6",
    "1e308",
    "1e999",
    "9223372036854775807",
    "99999999999999999999",
    "0x10",
    "0o7",
    "0b1",
    "true",
    "1979-05-27",
    "07:32:00",
    "'literal'",
    "\"\"\"multi\nline\"\"\"",
];

fn toml_value() -> BoxedStrategy<String> {
    let scalar = prop_oneof![
        3 => text().prop_map(|s| toml_string(&s)),
        2 => select(TOML_SCALARS).prop_map(String::from),
        1 => any::<f64>().prop_map(|f| format!("{f:?}")),
    ];
    prop_oneof![
        3 => scalar.clone(),
        2 => prop::collection::vec(scalar.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        1 => prop::collection::vec((select(TOML_KEYS), scalar), 0..3).prop_map(|v| {
            let inner: Vec<String> = v.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!("{{ {} }}", inner.join(", "))
        }),
    ]
    .boxed()
}

fn toml_key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(TOML_KEYS).prop_map(String::from),
        1 => text().prop_map(|s| toml_string(&s)),
        1 => "[a-z_]{1,8}",
    ]
    .boxed()
}

/// Text shaped like a profile: key/value lines, table headers and stray tokens.
fn toml_document() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => (toml_key(), toml_value()).prop_map(|(k, v)| format!("{k} = {v}\n")),
        2 => select(TOML_TABLES).prop_map(|t| format!("[{t}]\n")),
        1 => (select(TOML_TABLES), toml_key()).prop_map(|(t, k)| format!("[{t}.{k}]\n")),
        1 => select(TOML_TOKENS).prop_map(String::from),
    ];
    prop::collection::vec(line, 0..16).prop_map(|lines| lines.concat())
}

/// The valid profile texts: the example profiles as the console writes them, plus one with
/// hostile values in every field.
fn valid_profiles() -> Vec<String> {
    let mut out: Vec<String> = PROFILE_ASSETS
        .iter()
        .map(|json| profiles::to_text(&parse_json(json).unwrap().1))
        .collect();
    out.push(profiles::to_text(&hostile_form()));
    out
}

fn hostile_form() -> UserInfo {
    let s = |t: &str| Some(t.to_string());
    let mut form = UserInfo {
        endpoint_id: s("e\x1b[2J"),
        user_id: s("u\0\n"),
        channel_type: s("\u{202e}"),
        address: s("\"'\\"),
        opt_out: s("ALL"),
        endpoint_status: s("\r"),
        attributes: IndexMap::from([
            ("a\nb".to_string(), vec!["\x1b]52;c;aGk=\x07".to_string()]),
            ("\"".to_string(), vec![]),
        ]),
        metrics: IndexMap::from([
            ("nan".to_string(), f64::NAN),
            ("inf".to_string(), f64::NEG_INFINITY),
            ("zero".to_string(), -0.0),
            ("max".to_string(), f64::MAX),
        ]),
        user_attributes: IndexMap::from([("🚀".to_string(), vec!["x".repeat(300)])]),
        ..UserInfo::default()
    };
    form.demographic.platform = s("\u{7f}");
    form.location.latitude = Some(f64::INFINITY);
    form.location.longitude = Some(5e-324);
    form.location.city = s("[table]\nkey = 1");
    form
}

/// The form without its numbers, and its numbers as bit patterns (NaN as one value): equal
/// forms compare equal here even when they hold NaN.
fn comparable(form: &UserInfo) -> (UserInfo, Vec<Option<u64>>) {
    let bits = |f: f64| if f.is_nan() { u64::MAX } else { f.to_bits() };
    let mut numbers: Vec<Option<u64>> = form.metrics.values().map(|f| Some(bits(*f))).collect();
    numbers.push(form.location.latitude.map(bits));
    numbers.push(form.location.longitude.map(bits));
    let mut rest = form.clone();
    rest.metrics.values_mut().for_each(|v| *v = 0.0);
    rest.location.latitude = rest.location.latitude.map(|_| 0.0);
    rest.location.longitude = rest.location.longitude.map(|_| 0.0);
    (rest, numbers)
}

fn check_profile_text(text: &str) -> Result<(), TestCaseError> {
    let path = Path::new("fuzz.toml");
    match profiles::parse(path, text) {
        Ok(form) => {
            let again = profiles::to_text(&form);
            let back = profiles::parse(path, &again).map_err(|e| {
                fail(format!(
                    "the re-serialized profile does not parse: {e}\ninput: {}\nwritten: {}",
                    head(text),
                    head(&again)
                ))
            })?;
            if comparable(&form) != comparable(&back) {
                return Err(fail(format!(
                    "the profile changed on a round trip\ninput: {}\nfirst: {form:?}\nback: {back:?}",
                    head(text)
                )));
            }
        }
        Err(StoreError::Parse { line, column, .. }) => {
            if line < 1 || column < 1 {
                return Err(fail(format!("error at {line}:{column} for {}", head(text))));
            }
        }
        Err(e) => return Err(fail(format!("not a parse error: {e}"))),
    }
    Ok(())
}

#[test]
fn profile_toml_arbitrary_text() {
    let strategy = || {
        prop_oneof![
            any::<String>(),
            prop::collection::vec(any::<u8>(), 0..512).prop_map(|b| lossy(&b)),
        ]
    };
    fuzz("profile TOML, arbitrary text", 4_000, move || {
        (strategy(), |text: String| check_profile_text(&text))
    });
}

#[test]
fn profile_toml_shaped_text() {
    fuzz("profile TOML, TOML-shaped", 1_500, || {
        (toml_document(), |text: String| check_profile_text(&text))
    });
}

#[test]
fn profile_toml_mutations_of_valid_profiles() {
    let valid = valid_profiles();
    for text in &valid {
        check_profile_text(text).unwrap();
    }
    fuzz("profile TOML, mutated profiles", 3_000, move || {
        (
            (select(valid), edits(TOML_TOKENS)),
            |(text, edits): (String, Vec<Edit>)| {
                check_profile_text(&lossy(&apply(text.into_bytes(), &edits)))
            },
        )
    });
}

// ----- b. JSON import -----

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "null",
    "true",
    "1e400",
    "-0",
    "123456789012345678901234567890",
    "\"\\ud800\"",
    "\\u0000",
    "\\",
    "\"Attributes\":",
    "\"Metrics\":{\"m\":",
    "{\"EndpointResponse\":",
    "\"Item\":[]",
    "\"address\":",
    "\n",
    " ",
    "\u{feff}",
    "NaN",
    "Infinity",
    "\u{0}",
    "\u{1b}",
    "é",
];

fn check_import(text: &str) -> Result<(), TestCaseError> {
    match parse_json(text) {
        Ok((_, form)) => {
            // Whatever is accepted goes on to validation and every preview.
            validate::validate(&form);
            preview::pinpoint_json(&form);
            preview::amplify_json(&form);
            preview::cli_line(&form, &preview::CliContext::default());
        }
        Err(e) => {
            if e.line < 1 || e.column < 1 {
                return Err(fail(format!(
                    "error at {}:{} ({}) for {}",
                    e.line,
                    e.column,
                    e.message,
                    head(text)
                )));
            }
        }
    }
    Ok(())
}

#[test]
fn json_import_arbitrary_input() {
    fuzz("JSON import, arbitrary input", 3_000, || {
        let strategy = prop_oneof![
            any::<String>(),
            prop::collection::vec(any::<u8>(), 0..512).prop_map(|b| lossy(&b)),
            prop::collection::vec(select(JSON_TOKENS), 0..40).prop_map(|t| t.concat()),
        ];
        (strategy, |text: String| check_import(&text))
    });
}

#[test]
fn json_import_shaped_json() {
    fuzz("JSON import, shaped JSON", 1_500, || {
        (shaped_import(), |text: String| check_import(&text))
    });
}

fn shaped_import() -> impl Strategy<Value = String> {
    let camel = object(vec![
        ("address", one_of(ADDRESSES)),
        ("attributes", map_of(list_of(string(), 4))),
        (
            "demographic",
            object(vec![
                ("appVersion", string()),
                ("locale", string()),
                ("platform", string()),
                ("timezone", string()),
            ]),
        ),
        (
            "location",
            object(vec![
                ("city", string()),
                ("country", string()),
                ("latitude", number()),
                ("longitude", number()),
            ]),
        ),
        ("metrics", map_of(number())),
        ("optOut", one_of(&["NONE", "ALL"])),
        ("userId", string()),
        ("userAttributes", map_of(list_of(string(), 4))),
    ]);
    prop_oneof![
        3 => endpoint_request(),
        1 => camel,
        1 => endpoint_request().prop_map(|e| J::Obj(vec![("EndpointResponse".into(), e)])),
        1 => any_json(),
    ]
    .prop_map(|j| j.text())
}

#[test]
fn json_import_mutations_of_examples() {
    for text in JSON_EXAMPLES {
        check_import(text).unwrap();
    }
    fuzz("JSON import, mutated examples", 4_000, || {
        (
            (select(&JSON_EXAMPLES[..]), edits(JSON_TOKENS)),
            |(text, edits): (&str, Vec<Edit>)| {
                check_import(&lossy(&apply(text.as_bytes().to_vec(), &edits)))
            },
        )
    });
}

#[test]
fn json_import_deep_nesting_and_huge_documents() {
    let mut tried = 0;
    for depth in [1, 127, 128, 129, 1_000, 100_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("{\"attributes\":", "}")] {
            let text = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            check_import(&text).unwrap();
            check_import(&open.repeat(depth)).unwrap();
            tried += 2;
        }
    }
    let many_names: String = (0..20_000)
        .map(|i| format!("\"n{i}\":[\"v\"]"))
        .collect::<Vec<_>>()
        .join(",");
    check_import(&format!("{{\"attributes\":{{{many_names}}}}}")).unwrap();
    check_import(&format!("{{\"address\":\"{}\"}}", "x".repeat(5_000_000))).unwrap();
    eprintln!("JSON import, deep and huge: {} inputs", tried + 2);
}

// ----- c. sandbox request handling -----

/// Endpoint ids from a small pool (the same endpoint in different spellings), so that
/// writes meet stored endpoints.
const ENDPOINT_IDS: &[&str] = &["e1", "E1", "e2", "user-1", "éndpoint", "e 1"];
const ATTRIBUTE_TYPES: &[&str] = &[
    "INCLUSIVE",
    "EXCLUSIVE",
    "CONTAINS",
    "BEFORE",
    "AFTER",
    "ON",
    "BETWEEN",
];
const OPERATORS: &[&str] = &[
    "GREATER_THAN",
    "LESS_THAN",
    "GREATER_THAN_OR_EQUAL",
    "LESS_THAN_OR_EQUAL",
    "EQUAL",
];
const COMBINE: &[&str] = &["ALL", "ANY", "NONE"];
const ATTRIBUTE_KINDS: &[&str] = &[
    "endpoint-custom-attributes",
    "endpoint-metric-attributes",
    "endpoint-user-attributes",
    "endpoint-other",
];

/// One path segment.
#[derive(Debug, Clone)]
enum PathPart {
    /// The default application.
    App,
    /// An application or segment created earlier in the run (by index, if any exist).
    Known(Index),
    /// Text, percent-encoded.
    Encoded(String),
    /// Put in the path as it is (only URI-safe text: broken escapes and dot segments).
    Raw(&'static str),
}

const RAW_SEGMENTS: &[&str] = &[
    "",
    ".",
    "..",
    "%",
    "%zz",
    "%FF",
    "%C3%28",
    "%ED%A0%80",
    "%00",
    "%2F",
    "%2e%2e",
    "a%20b",
    "E1",
    "0123456789abcdef0123456789abcdef",
    "~",
    "%25",
];

fn path_part() -> BoxedStrategy<PathPart> {
    prop_oneof![
        2 => Just(PathPart::App),
        2 => any::<Index>().prop_map(PathPart::Known),
        3 => select(ENDPOINT_IDS).prop_map(|s| PathPart::Encoded(s.into())),
        1 => select(USER_IDS).prop_map(|s| PathPart::Encoded(s.into())),
        2 => text().prop_map(PathPart::Encoded),
        2 => select(RAW_SEGMENTS).prop_map(PathPart::Raw),
    ]
    .boxed()
}

/// The API's path templates; `{}` is a segment.
const TEMPLATES: &[&str] = &[
    "/v1/apps",
    "/v1/apps/{}",
    "/v1/apps/{}/endpoints",
    "/v1/apps/{}/endpoints/{}",
    "/v1/apps/{}/users/{}",
    "/v1/apps/{}/segments",
    "/v1/apps/{}/segments/{}",
    "/v1/apps/{}/segments/{}/versions",
    "/v1/apps/{}/segments/{}/versions/{}",
    "/v1/apps/{}/attributes/{}",
    "/v1/apps/{}/settings",
    "/v1/phone/number/validate",
    "/v1/apps/{}/{}/{}",
    "/v1/apps/{}/endpoints/{}/{}",
    "/v1/apps/{}/campaigns/{}",
    "/v1/apps/{}/campaigns",
    "/v1/apps/{}/events",
    "/v1/apps/{}/endpoints/{}/inappmessages",
    "/v1/templates",
    "/v1/templates/{}/inapp",
    "/v1/templates/{}/{}",
    "/{}",
    "/",
    "//v1//apps//",
];

const QUERIES: &[&str] = &[
    "",
    "",
    "",
    "?page-size=1",
    "?page-size=0",
    "?page-size=-1",
    "?page-size=99999999999999999999999",
    "?page-size=2&token=1",
    "?token=999999",
    "?token=abc",
    "?page-size=%FF",
    "?%%%",
    "?page-size=1&page-size=2",
    "?token=",
    "?version=1",
    "?version=0",
    "?version=x",
    "?create-new-version=true",
    "?create-new-version=true&version=1",
    "?create-new-version=yes",
    "?prefix=t",
    "?template-type=INAPP",
    "?template-type=EMAIL",
    "?template-type=inapp",
    "?next-token=1",
    "?next-token=-1",
];

const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "PATCH"];

#[derive(Debug, Clone)]
enum BodyKind {
    Empty,
    Bytes(Vec<u8>),
    Json(J),
    Mutated(J, Vec<Edit>),
    Deep(usize, usize),
    Text(&'static str),
}

/// Bodies that have broken JSON handlers: huge numbers, wrong types, nesting.
const SPECIAL_BODIES: &[&str] = &[
    "{}",
    "[]",
    "null",
    "\"text\"",
    "1e400",
    "{\"Metrics\":{\"m\":1e400}}",
    "{\"Metrics\":{\"m\":123456789012345678901234567890}}",
    "{\"Metrics\":{\"m\":1.7976931348623157e308}}",
    "{\"Metrics\":{\"m\":-1.7976931348623157e308}}",
    "{\"Location\":{\"Latitude\":1.7976931348623157e308,\"Longitude\":-1.7976931348623157e308}}",
    "{\"Location\":{\"Latitude\":89.99,\"Longitude\":180.04}}",
    "{\"Location\":[\"Seattle\",null,null,null,null,null]}",
    "{\"Location\":[\"Seattle\",\"US\",47.6,-122.3,\"98121\",\"WA\",\"extra\"]}",
    "[\"a@example.com\"]",
    "{\"Attributes\":{\"a\":\"not a list\"}}",
    "{\"Attributes\":[]}",
    "{\"Item\":{}}",
    "{\"Item\":[{}]}",
    "{\"Item\":[{\"Id\":\"\"}]}",
    "{\"Item\":[{\"Id\":\"e1\"},{\"Id\":\"E1\",\"Attributes\":{\"a\":[]}}]}",
    "{\"Name\":\"\"}",
    "{\"Name\":\" \"}",
    "{\"Name\":null}",
    "{\"Dimensions\":{},\"SegmentGroups\":{}}",
    "{\"SegmentGroups\":{\"Groups\":[{\"SourceSegments\":[{\"Id\":\"x\"}]}]}}",
    "{\"User\":{\"UserId\":\"user-1\",\"UserAttributes\":{\"a\":[\"b\"]}}}",
    "{\"Address\":\"a@example.com\",\"ChannelType\":\"EMAIL\"}",
    "{\"Address\":\"a@example.com\",\"Address\":\"b@example.com\"}",
    "{\"RequestId\":\"\\u0000\\u001b[2J\"}",
    "\u{feff}{}",
    "{\"EffectiveDate\":\"\\ud800\"}",
    "{\"BatchItem\":{}}",
    "{\"BatchItem\":[]}",
    "{\"BatchItem\":{\"e1\":{\"Endpoint\":[],\"Events\":{\"x\":[]}}}}",
    "{\"BatchItem\":{\"e1\":{\"Endpoint\":{},\"Events\":{\"x\":{\"EventType\":\"a\",\"Timestamp\":\"2026-01-01\"}}}}}",
    "{\"BatchItem\":{\"e1\":{\"Endpoint\":{},\"Events\":{\"x\":{\"Timestamp\":1e400}}}}}",
    "{\"SegmentId\":\"x\",\"Schedule\":\"IMMEDIATE\"}",
    "{\"Schedule\":{\"StartTime\":\"IMMEDIATE\",\"EventFilter\":{\"Dimensions\":[],\"FilterType\":\"SYSTEM\"}}}",
    "{\"Content\":[{\"BodyConfig\":{}}]}",
    "{\"Content\":[],\"Layout\":\"CAROUSEL\"}",
];

fn body_kind() -> BoxedStrategy<BodyKind> {
    prop_oneof![
        1 => Just(BodyKind::Empty),
        2 => prop::collection::vec(any::<u8>(), 0..256).prop_map(BodyKind::Bytes),
        8 => shaped_json().prop_map(BodyKind::Json),
        3 => (shaped_json(), edits(JSON_TOKENS)).prop_map(|(j, e)| BodyKind::Mutated(j, e)),
        1 => (1usize..5_000, 0usize..3).prop_map(|(d, k)| BodyKind::Deep(d, k)),
        2 => select(SPECIAL_BODIES).prop_map(BodyKind::Text),
    ]
    .boxed()
}

impl BodyKind {
    fn bytes(&self) -> Vec<u8> {
        match self {
            BodyKind::Empty => Vec::new(),
            BodyKind::Bytes(b) => b.clone(),
            BodyKind::Json(j) => j.text().into_bytes(),
            BodyKind::Mutated(j, e) => apply(j.text().into_bytes(), e),
            BodyKind::Deep(depth, kind) => {
                let (open, close) = [
                    ("[", "]"),
                    ("{\"Attributes\":", "}"),
                    ("{\"Dimensions\":{\"Attributes\":", "}}"),
                ][*kind];
                format!("{}{{}}{}", open.repeat(*depth), close.repeat(*depth)).into_bytes()
            }
            BodyKind::Text(t) => t.as_bytes().to_vec(),
        }
    }
}

#[derive(Debug, Clone)]
struct ApiCase {
    method: &'static str,
    template: &'static str,
    parts: Vec<PathPart>,
    query: &'static str,
    body: BodyKind,
    content_type: bool,
}

/// A request whose method, path and body go together (so that writes succeed and state
/// builds up), or any combination.
fn api_case() -> impl Strategy<Value = ApiCase> {
    let matching = prop_oneof![
        5 => (endpoint_request(), select(ENDPOINT_IDS)).prop_map(|(b, id)| ("PUT", "/v1/apps/{}/endpoints/{}", vec![PathPart::App, PathPart::Encoded(id.into())], BodyKind::Json(b))),
        2 => batch_request().prop_map(|b| ("PUT", "/v1/apps/{}/endpoints", vec![PathPart::App], BodyKind::Json(b))),
        2 => crowd_batch().prop_map(|b| ("PUT", "/v1/apps/{}/endpoints", vec![PathPart::App], BodyKind::Json(b))),
        2 => segment_request().prop_map(|b| ("POST", "/v1/apps/{}/segments", vec![PathPart::App], BodyKind::Json(b))),
        1 => (segment_request(), any::<Index>()).prop_map(|(b, i)| ("PUT", "/v1/apps/{}/segments/{}", vec![PathPart::App, PathPart::Known(i)], BodyKind::Json(b))),
        1 => create_app_request().prop_map(|b| ("POST", "/v1/apps", vec![], BodyKind::Json(b))),
        1 => (remove_attributes_request(), select(ATTRIBUTE_KINDS)).prop_map(|(b, kind)| ("PUT", "/v1/apps/{}/attributes/{}", vec![PathPart::App, PathPart::Raw(kind)], BodyKind::Json(b))),
        1 => settings_request().prop_map(|b| ("PUT", "/v1/apps/{}/settings", vec![PathPart::App], BodyKind::Json(b))),
        1 => phone_request().prop_map(|b| ("POST", "/v1/phone/number/validate", vec![], BodyKind::Json(b))),
        1 => any::<Index>().prop_map(|i| ("GET", "/v1/apps/{}/segments/{}/versions", vec![PathPart::App, PathPart::Known(i)], BodyKind::Empty)),
        2 => select(ENDPOINT_IDS).prop_map(|id| ("GET", "/v1/apps/{}/endpoints/{}", vec![PathPart::App, PathPart::Encoded(id.into())], BodyKind::Empty)),
        1 => select(USER_IDS).prop_map(|id| ("GET", "/v1/apps/{}/users/{}", vec![PathPart::App, PathPart::Encoded(id.into())], BodyKind::Empty)),
        1 => select(ENDPOINT_IDS).prop_map(|id| ("DELETE", "/v1/apps/{}/endpoints/{}", vec![PathPart::App, PathPart::Encoded(id.into())], BodyKind::Empty)),
        1 => select(USER_IDS).prop_map(|id| ("DELETE", "/v1/apps/{}/users/{}", vec![PathPart::App, PathPart::Encoded(id.into())], BodyKind::Empty)),
        3 => campaign_request().prop_map(|b| ("POST", "/v1/apps/{}/campaigns", vec![PathPart::App], BodyKind::Json(b))),
        1 => (campaign_request(), any::<Index>()).prop_map(|(b, i)| ("PUT", "/v1/apps/{}/campaigns/{}", vec![PathPart::App, PathPart::Known(i)], BodyKind::Json(b))),
        1 => any::<Index>().prop_map(|i| ("GET", "/v1/apps/{}/campaigns/{}", vec![PathPart::App, PathPart::Known(i)], BodyKind::Empty)),
        1 => any::<Index>().prop_map(|i| ("DELETE", "/v1/apps/{}/campaigns/{}", vec![PathPart::App, PathPart::Known(i)], BodyKind::Empty)),
        1 => Just(("GET", "/v1/apps/{}/campaigns", vec![PathPart::App], BodyKind::Empty)),
        3 => events_request().prop_map(|b| ("POST", "/v1/apps/{}/events", vec![PathPart::App], BodyKind::Json(b))),
        2 => select(ENDPOINT_IDS).prop_map(|id| ("GET", "/v1/apps/{}/endpoints/{}/inappmessages", vec![PathPart::App, PathPart::Encoded(id.into())], BodyKind::Empty)),
        2 => (in_app_template_request(), select(TEMPLATE_NAMES)).prop_map(|(b, name)| ("POST", "/v1/templates/{}/inapp", vec![PathPart::Encoded(name.into())], BodyKind::Json(b))),
        1 => (in_app_template_request(), select(TEMPLATE_NAMES)).prop_map(|(b, name)| ("PUT", "/v1/templates/{}/inapp", vec![PathPart::Encoded(name.into())], BodyKind::Json(b))),
        1 => select(TEMPLATE_NAMES).prop_map(|name| ("GET", "/v1/templates/{}/inapp", vec![PathPart::Encoded(name.into())], BodyKind::Empty)),
        1 => select(TEMPLATE_NAMES).prop_map(|name| ("DELETE", "/v1/templates/{}/inapp", vec![PathPart::Encoded(name.into())], BodyKind::Empty)),
        1 => Just(("GET", "/v1/templates", vec![], BodyKind::Empty)),
    ];
    let matching = (matching, select(QUERIES), any::<bool>()).prop_map(
        |((method, template, parts, body), query, content_type)| ApiCase {
            method,
            template,
            parts,
            query,
            body,
            content_type,
        },
    );
    let random = (
        select(METHODS),
        select(TEMPLATES),
        prop::collection::vec(path_part(), 3),
        select(QUERIES),
        body_kind(),
        any::<bool>(),
    )
        .prop_map(
            |(method, template, parts, query, body, content_type)| ApiCase {
                method,
                template,
                parts,
                query,
                body,
                content_type,
            },
        );
    prop_oneof![2 => matching, 1 => random]
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl ApiCase {
    fn uri(&self, known: &[String]) -> String {
        let mut parts = self.parts.iter();
        let mut out = String::new();
        for (i, piece) in self.template.split("{}").enumerate() {
            if i > 0 {
                let part = match parts.next() {
                    Some(PathPart::App) | None => DEFAULT_APP_ID.to_string(),
                    Some(PathPart::Known(i)) if known.is_empty() => {
                        percent_encode(&format!("missing-{}", i.index(10)))
                    }
                    Some(PathPart::Known(i)) => percent_encode(i.get::<String>(known)),
                    Some(PathPart::Encoded(t)) => percent_encode(t),
                    Some(PathPart::Raw(t)) => t.to_string(),
                };
                out.push_str(&part);
            }
            out.push_str(piece);
        }
        out.push_str(self.query);
        out
    }
}

/// The body with `KNOWN_ID` replaced by an id created earlier in the run, if any.
fn with_known_id(body: Vec<u8>, known: &[String]) -> Vec<u8> {
    match String::from_utf8(body) {
        Ok(text) if text.contains(KNOWN_ID) && !known.is_empty() => {
            let id = &known[text.len() % known.len()];
            text.replace(KNOWN_ID, id).into_bytes()
        }
        Ok(text) => text.into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// What the router answered.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

async fn send(
    sandbox: &Arc<Sandbox>,
    method: &str,
    uri: &str,
    body: Vec<u8>,
    json: bool,
) -> Answer {
    let mut request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(uri);
    if json {
        request = request.header("content-type", "application/json");
    }
    let request = request.body(Body::from(body)).expect("the URI is valid");
    let router = sandbox::routes::router(Arc::clone(sandbox));
    let response = tokio::time::timeout(Duration::from_secs(30), router.oneshot(request))
        .await
        .expect("the sandbox answers in time")
        .expect("the router never fails");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("the body reads").to_bytes();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: body.to_vec(),
    }
}

/// No 5xx but the 501 of an operation the sandbox does not serve; an error carries
/// `x-amzn-ErrorType` and a `{"Message", "RequestID"}` body; a success has a JSON body.
fn check_answer(answer: &Answer, what: &str) -> Result<(), TestCaseError> {
    let body = String::from_utf8_lossy(&answer.body);
    let not_implemented = answer.status == StatusCode::NOT_IMPLEMENTED
        && answer
            .headers
            .get("x-amzn-ErrorType")
            .is_some_and(|v| v == "NotImplementedException");
    if answer.status.is_server_error() && !not_implemented {
        return Err(fail(format!("{what}: {} {}", answer.status, head(&body))));
    }
    let request_id = answer
        .headers
        .get("x-amzn-RequestId")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if request_id.is_empty() {
        return Err(fail(format!("{what}: no x-amzn-RequestId")));
    }
    let value: serde_json::Value = serde_json::from_slice(&answer.body).map_err(|e| {
        fail(format!(
            "{what}: {} body is not JSON ({e}): {}",
            answer.status,
            head(&body)
        ))
    })?;
    if answer.status.is_client_error() || not_implemented {
        let kind = answer
            .headers
            .get("x-amzn-ErrorType")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !kind.ends_with("Exception") {
            return Err(fail(format!(
                "{what}: {} without x-amzn-ErrorType",
                answer.status
            )));
        }
        let object = value
            .as_object()
            .ok_or_else(|| fail(format!("{what}: the error body is not an object: {value}")))?;
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        if keys != ["Message", "RequestID"]
            || !object["Message"].is_string()
            || object["RequestID"] != request_id
        {
            return Err(fail(format!("{what}: error body {value}")));
        }
    }
    Ok(())
}

#[test]
fn sandbox_never_fails_on_any_request() {
    let statuses = Arc::new(Mutex::new(BTreeMap::<String, u32>::new()));
    let seen = Arc::clone(&statuses);
    fuzz("sandbox requests", 1_500, move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let sandbox = RefCell::new(Sandbox::open(&Database::Memory).unwrap());
        // Applications and segments created so far, for later paths.
        let known = RefCell::new(Vec::<String>::new());
        let test = move |case: ApiCase| {
            let uri = case.uri(&known.borrow());
            let what = format!("{} {}", case.method, head(&uri));
            let body = with_known_id(case.body.bytes(), &known.borrow());
            let answer = runtime.block_on(send(
                &sandbox.borrow(),
                case.method,
                &uri,
                body,
                case.content_type,
            ));
            check_answer(&answer, &what)?;
            *seen
                .lock()
                .unwrap()
                .entry(format!(
                    "{} {} {}",
                    case.method,
                    case.template,
                    answer.status.as_u16()
                ))
                .or_default() += 1;
            if !answer.status.is_success() {
                return Ok(());
            }
            if case.method == "DELETE"
                && uri.split('?').next() == Some(&format!("/v1/apps/{DEFAULT_APP_ID}"))
            {
                // The default application is gone: start over, or every later case is a 404.
                *sandbox.borrow_mut() = Sandbox::open(&Database::Memory).unwrap();
                known.borrow_mut().clear();
                return Ok(());
            }
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&answer.body)
                && let Some(id) = value.get("Id").and_then(|v| v.as_str())
                && !known.borrow().iter().any(|k| k == id)
            {
                known.borrow_mut().push(id.to_string());
            }
            // An accepted UpdateEndpoint reads back.
            if case.method == "PUT" && case.template == "/v1/apps/{}/endpoints/{}" {
                let path = uri.split('?').next().unwrap();
                let got = runtime.block_on(send(&sandbox.borrow(), "GET", path, Vec::new(), false));
                check_answer(&got, &format!("GET after {what}"))?;
                if got.status != StatusCode::OK {
                    return Err(fail(format!(
                        "{what} was accepted, then GET answered {}",
                        got.status
                    )));
                }
            }
            Ok(())
        };
        (api_case(), test)
    });
    eprintln!(
        "sandbox requests by method, path and status: {:?}",
        statuses.lock().unwrap()
    );
}

#[test]
fn sandbox_handles_oversized_and_deep_bodies() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sandbox = Sandbox::open(&Database::Memory).unwrap();
    let endpoint = format!("/v1/apps/{DEFAULT_APP_ID}/endpoints/e1");
    let big = format!(
        "{{\"Address\":\"{}\"}}",
        "x".repeat(sandbox::MAX_BODY_BYTES)
    );
    let many: String = (0..300)
        .map(|i| format!("\"n{i}\":[\"v\"]"))
        .collect::<Vec<_>>()
        .join(",");
    let bodies = [
        (
            endpoint.clone(),
            big.into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            endpoint.clone(),
            format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000)).into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            endpoint.clone(),
            format!("{{\"Attributes\":{{{many}}}}}").into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            endpoint.clone(),
            format!("{{\"Address\":\"{}\"}}", "é".repeat(20_000)).into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (uri, body, expected) in bodies {
        let answer = runtime.block_on(send(&sandbox, "PUT", &uri, body, true));
        check_answer(&answer, &uri).unwrap();
        assert_eq!(
            answer.status,
            expected,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
    }
    eprintln!("sandbox, oversized and deep bodies: 4 inputs");
}

/// The bad input of in-app messaging, one of each: a 4xx in Pinpoint's shape or a success,
/// never a 5xx, and a PutEvents with bad events still lands its good ones.
#[test]
fn sandbox_in_app_bad_input_is_never_a_5xx() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sandbox = Sandbox::open(&Database::Memory).unwrap();
    let app = DEFAULT_APP_ID;
    let call = |method: &str, uri: &str, body: String| {
        let answer = runtime.block_on(send(&sandbox, method, uri, body.into_bytes(), true));
        check_answer(&answer, uri).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        (answer.status, value)
    };
    let page = |body: &str| {
        serde_json::json!({"BackgroundColor": "#fff",
            "HeaderConfig": {"Alignment": "LEFT", "Header": "h", "TextColor": "#000"},
            "BodyConfig": {"Alignment": "LEFT", "Body": body, "TextColor": "#000"}})
    };
    let (status, segment) = call(
        "POST",
        &format!("/v1/apps/{app}/segments"),
        r#"{"Name": "all"}"#.into(),
    );
    assert_eq!(status, StatusCode::CREATED);
    let segment = segment["Id"].as_str().unwrap().to_string();
    call(
        "PUT",
        &format!("/v1/apps/{app}/endpoints/device"),
        r#"{"ChannelType": "IN_APP"}"#.into(),
    );
    let template = |body: &str| serde_json::json!({"Content": [page(body)]}).to_string();
    let campaign = |config: serde_json::Value| {
        serde_json::json!({"SegmentId": segment, "TemplateConfiguration": config,
            "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT",
                "EventFilter": {"FilterType": "SYSTEM", "Dimensions": {"EventType": {"Values": ["e"]}}}}})
        .to_string()
    };
    let hostile = "\u{1b}[31m\u{7}\u{9b}2J\u{202e}\u{0}";
    // A template with control characters and 100 KB of body; a campaign on it.
    assert_eq!(
        call("POST", "/v1/templates/t/inapp", template(hostile)).0,
        StatusCode::CREATED
    );
    assert_eq!(
        call(
            "PUT",
            "/v1/templates/t/inapp",
            template(&"b".repeat(100_000))
        )
        .0,
        StatusCode::ACCEPTED
    );
    let (status, _) = call(
        "POST",
        &format!("/v1/apps/{app}/campaigns"),
        campaign(serde_json::json!({"InAppTemplate": {"Name": "t"}})),
    );
    assert_eq!(status, StatusCode::CREATED);
    let messages = format!("/v1/apps/{app}/endpoints/device/inappmessages");
    assert_eq!(
        call("GET", &messages, String::new()).1["InAppMessageCampaigns"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The template deleted: the campaign reaches no one, without an error.
    assert_eq!(
        call("DELETE", "/v1/templates/t/inapp", String::new()).0,
        StatusCode::ACCEPTED
    );
    let (status, answer) = call("GET", &messages, String::new());
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["InAppMessageCampaigns"], serde_json::json!([]));
    // Campaign bodies of the wrong shape.
    for body in [
        "[]",
        "{\"Schedule\": []}",
        "{\"SegmentId\": 7}",
        "{\"MessageConfiguration\": {\"InAppMessage\": {\"Content\": {}}}}",
        "{\"AdditionalTreatments\": {\"SizePercent\": 1}}",
        "{\"Limits\": {\"Daily\": 1e400}}",
        "{\"Priority\": 99999999999999999999}",
    ] {
        let (status, _) = call("POST", &format!("/v1/apps/{app}/campaigns"), body.into());
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    }
    // Events: without EventType, with bad timestamps, oversized attributes, over 100.
    let long: serde_json::Map<String, serde_json::Value> = (0..60)
        .map(|i| {
            (
                format!("{i}{}", "k".repeat(60)),
                serde_json::json!("v".repeat(300)),
            )
        })
        .collect();
    let body = serde_json::json!({"BatchItem": {"device": {"Endpoint": {}, "Events": {
        "no-type": {"Timestamp": "2026-09-01T00:00:00Z"},
        "bad-time": {"EventType": "e", "Timestamp": "31/12/2026"},
        "huge": {"EventType": "e", "Timestamp": "2026-09-01T00:00:00Z", "Attributes": long},
        "hostile": {"EventType": hostile, "Timestamp": "2026-09-01T00:00:00Z",
                    "Attributes": {"a": hostile}},
        "good": {"EventType": "e", "Timestamp": "2026-09-01T00:00:00Z"}}}}});
    let (status, answer) = call("POST", &format!("/v1/apps/{app}/events"), body.to_string());
    assert_eq!(status, StatusCode::ACCEPTED);
    let results = &answer["Results"]["device"]["EventsItemResponse"];
    for (id, code) in [
        ("no-type", 400),
        ("bad-time", 400),
        ("huge", 400),
        ("hostile", 202),
        ("good", 202),
    ] {
        assert_eq!(results[id]["StatusCode"], code, "{id}: {}", results[id]);
    }
    let many: serde_json::Map<String, serde_json::Value> = (0..150)
        .map(|i| {
            (
                format!("e{i}"),
                serde_json::json!({"EventType": "e", "Timestamp": "2026-09-01"}),
            )
        })
        .collect();
    let body = serde_json::json!({"BatchItem": {"device": {"Endpoint": {}, "Events": many}}});
    let (status, _) = call("POST", &format!("/v1/apps/{app}/events"), body.to_string());
    assert_eq!(status, StatusCode::BAD_REQUEST);
    eprintln!("sandbox, in-app bad input: 20 inputs");
}

// ----- d. segment evaluation -----

/// Segment ids from a small pool, so that source segments refer to each other (and to
/// themselves, and to missing ones) in cycles.
const SEGMENT_IDS: &[&str] = &["a", "b", "c", "d", "e", ""];

const SPECIAL_F64: &[f64] = &[
    f64::NAN,
    -f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    0.0,
    -0.0,
    90.0,
    -90.0,
    180.0,
    157.0,
];

fn special_f64() -> BoxedStrategy<f64> {
    prop_oneof![
        3 => -200.0f64..200.0,
        1 => select(SPECIAL_F64),
        1 => any::<f64>(),
    ]
    .boxed()
}

fn word_or_unknown(known: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(known).prop_map(String::from),
        1 => text(),
    ]
    .boxed()
}

fn opt_word(known: &'static [&'static str]) -> BoxedStrategy<Option<String>> {
    prop::option::of(word_or_unknown(known)).boxed()
}

fn values() -> BoxedStrategy<Vec<String>> {
    prop::collection::vec(
        prop_oneof![2 => select(HOSTILE).prop_map(String::from), 1 => text()],
        0..4,
    )
    .boxed()
}

fn attribute_dim() -> BoxedStrategy<AttributeDimension> {
    (opt_word(ATTRIBUTE_TYPES), values())
        .prop_map(|(attribute_type, values)| AttributeDimension {
            attribute_type,
            values,
        })
        .boxed()
}

fn set_dim() -> BoxedStrategy<SetDimension> {
    (opt_word(&["INCLUSIVE", "EXCLUSIVE"]), values())
        .prop_map(|(dimension_type, values)| SetDimension {
            dimension_type,
            values,
        })
        .boxed()
}

fn dims() -> BoxedStrategy<SegmentDimensions> {
    let attributes = prop::option::of(
        prop::collection::vec((name(), attribute_dim()), 0..3)
            .prop_map(|v| v.into_iter().collect::<IndexMap<_, _>>()),
    );
    let metrics = prop::option::of(
        prop::collection::vec((name(), word_or_unknown(OPERATORS), special_f64()), 0..3).prop_map(
            |v| {
                v.into_iter()
                    .map(|(n, op, value)| {
                        (
                            n,
                            MetricDimension {
                                comparison_operator: op,
                                value,
                            },
                        )
                    })
                    .collect::<IndexMap<_, _>>()
            },
        ),
    );
    let demographic = prop::option::of(
        (
            prop::option::of(set_dim()),
            prop::option::of(set_dim()),
            prop::option::of(set_dim()),
            prop::option::of(set_dim()),
            prop::option::of(set_dim()),
            prop::option::of(set_dim()),
        )
            .prop_map(
                |(app_version, channel, device_type, make, model, platform)| SegmentDemographics {
                    app_version,
                    channel,
                    device_type,
                    make,
                    model,
                    platform,
                },
            ),
    );
    let location = prop::option::of(
        (
            prop::option::of(set_dim()),
            prop::option::of((
                special_f64(),
                special_f64(),
                prop::option::of(special_f64()),
            )),
        )
            .prop_map(|(country, gps)| SegmentLocation {
                country,
                gps_point: gps.map(|(latitude, longitude, range)| GpsPointDimension {
                    coordinates: GpsCoordinates {
                        latitude,
                        longitude,
                    },
                    range_in_kilometers: range,
                }),
            }),
    );
    let behavior =
        prop::option::of(
            (text(), text()).prop_map(|(duration, recency_type)| SegmentBehaviors {
                recency: Some(RecencyDimension {
                    duration,
                    recency_type,
                }),
            }),
        );
    (
        attributes.clone(),
        behavior,
        demographic,
        location,
        metrics,
        attributes,
    )
        .prop_map(
            |(attributes, behavior, demographic, location, metrics, user_attributes)| {
                SegmentDimensions {
                    attributes,
                    behavior,
                    demographic,
                    location,
                    metrics,
                    user_attributes,
                }
            },
        )
        .boxed()
}

fn group() -> BoxedStrategy<SegmentGroup> {
    let sources = prop::option::of(prop::collection::vec(
        (word_or_unknown(SEGMENT_IDS), prop::option::of(any::<i64>()))
            .prop_map(|(id, version)| SegmentReference { id, version }),
        0..4,
    ));
    (
        prop::option::of(prop::collection::vec(dims(), 0..3)),
        sources,
        opt_word(COMBINE),
        opt_word(COMBINE),
    )
        .prop_map(
            |(dimensions, source_segments, source_type, group_type)| SegmentGroup {
                dimensions,
                source_segments,
                source_type,
                group_type,
            },
        )
        .boxed()
}

fn segment() -> BoxedStrategy<SegmentResponse> {
    let groups = prop::option::of(
        (
            prop::option::of(prop::collection::vec(group(), 0..3)),
            opt_word(COMBINE),
        )
            .prop_map(|(groups, include)| SegmentGroupList { groups, include }),
    );
    (
        word_or_unknown(SEGMENT_IDS),
        prop::option::of(text()),
        prop::option::of(dims()),
        groups,
        prop_oneof![8 => Just("DIMENSIONAL".to_string()), 1 => Just("IMPORT".to_string()), 1 => text()],
        prop::option::weighted(0.05, Just(serde_json::json!({"Format": "CSV"}))),
    )
        .prop_map(
            |(id, name, dimensions, segment_groups, segment_type, import_definition)| {
                SegmentResponse {
                    application_id: DEFAULT_APP_ID.into(),
                    id,
                    name,
                    dimensions,
                    segment_groups,
                    segment_type,
                    import_definition,
                    ..Default::default()
                }
            },
        )
        .boxed()
}

fn form() -> BoxedStrategy<UserInfo> {
    let list_map = || {
        prop::collection::vec((name(), values()), 0..4)
            .prop_map(|v| v.into_iter().collect::<IndexMap<_, _>>())
    };
    let metrics = prop::collection::vec((name(), special_f64()), 0..4)
        .prop_map(|v| v.into_iter().collect::<IndexMap<_, _>>());
    let opt_text = || prop::option::of(text());
    (
        (opt_word(CHANNELS), list_map(), list_map(), metrics),
        (
            opt_word(&["iOS", "Android"]),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_word(&["US", "CA", "DE"]),
            prop::option::of(special_f64()),
            prop::option::of(special_f64()),
        ),
    )
        .prop_map(
            |(
                (channel_type, attributes, user_attributes, metrics),
                (platform, make, model, app_version, country, latitude, longitude),
            )| {
                let mut form = UserInfo {
                    channel_type,
                    attributes,
                    user_attributes,
                    metrics,
                    ..UserInfo::default()
                };
                form.demographic.platform = platform;
                form.demographic.make = make;
                form.demographic.model = model;
                form.demographic.app_version = app_version;
                form.location.country = country;
                form.location.latitude = latitude;
                form.location.longitude = longitude;
                form
            },
        )
        .boxed()
}

/// Evaluates, checks the answers and their trees, and returns the number of tree nodes.
fn check_segments(segments: &[SegmentResponse], form: &UserInfo) -> Result<usize, TestCaseError> {
    let started = Instant::now();
    let results = match_all(segments, form);
    if results.len() != segments.len() {
        return Err(fail("one answer per segment"));
    }
    let mut nodes = 0;
    for (segment, result) in segments.iter().zip(&results) {
        if result.segment_id != segment.id || result.outcome != result.criteria.verdict {
            return Err(fail(format!("inconsistent answer for {:?}", segment.id)));
        }
        for (depth, criterion) in result.criteria.lines() {
            nodes += 1;
            let line = criterion.to_string();
            let word = criterion.verdict.word();
            if !line.ends_with(&format!(": {word}")) || depth > 4 * segments.len() + 8 {
                return Err(fail(format!("criterion line {line:?} at depth {depth}")));
            }
            let expected = match criterion.verdict {
                Verdict::Match => "yes",
                Verdict::NoMatch => "no",
                Verdict::CannotTell => "cannot tell",
            };
            if word != expected {
                return Err(fail(format!("{line:?}")));
            }
        }
    }
    serde_json::to_string(&results).map_err(|e| fail(format!("the answers serialize: {e}")))?;
    if started.elapsed() > Duration::from_secs(2) {
        return Err(fail(format!(
            "evaluating {} segments took {:?} ({nodes} criteria)",
            segments.len(),
            started.elapsed()
        )));
    }
    Ok(nodes)
}

#[test]
fn segment_evaluation_never_fails() {
    fuzz("segment evaluation", 1_000, || {
        (
            (prop::collection::vec(segment(), 0..7), form()),
            |(segments, form): (Vec<SegmentResponse>, UserInfo)| {
                check_segments(&segments, &form).map(|_| ())
            },
        )
    });
}

#[test]
fn segment_examples_and_sharing_stay_small() {
    let examples: Vec<SegmentResponse> = SEGMENT_EXAMPLES
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let request: pinpoint_console::model::wire::WriteSegmentRequest =
                serde_json::from_str(text).unwrap();
            SegmentResponse {
                id: format!("s{i}"),
                name: request.name,
                dimensions: request.dimensions,
                segment_groups: request.segment_groups,
                segment_type: "DIMENSIONAL".into(),
                ..Default::default()
            }
        })
        .collect();
    let form = parse_json(PROFILE_ASSETS[2]).unwrap().1;
    check_segments(&examples, &form).unwrap();
    // A chain in which every segment names the next one twice: each source is shared,
    // and the answer must not grow with the number of paths through the chain.
    let depth = 40;
    let chain: Vec<SegmentResponse> = (0..depth)
        .map(|i| SegmentResponse {
            id: format!("s{i}"),
            segment_type: "DIMENSIONAL".into(),
            segment_groups: (i + 1 < depth).then(|| SegmentGroupList {
                groups: Some(vec![SegmentGroup {
                    source_segments: Some(vec![
                        SegmentReference {
                            id: format!("s{}", i + 1),
                            version: None,
                        },
                        SegmentReference {
                            id: format!("s{}", i + 1),
                            version: None,
                        },
                    ]),
                    ..Default::default()
                }]),
                include: None,
            }),
            ..Default::default()
        })
        .collect();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(check_segments(&chain, &form));
    });
    let nodes = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("a chain of shared source segments is evaluated in bounded time")
        .unwrap();
    assert!(nodes < 100_000, "{nodes} criteria for {depth} segments");
    eprintln!("segment evaluation, examples and a shared chain: 2 inputs, {nodes} criteria");
}

#[test]
fn segment_trees_render_on_the_console() {
    use pinpoint_console::store::config::Config;
    use pinpoint_console::store::paths::Paths;
    use pinpoint_console::tui::app::{App, PreviewMode};
    use pinpoint_console::tui::form::FormState;
    use pinpoint_console::tui::keymap::Keymap;
    use pinpoint_console::tui::view::view;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fuzz("segment trees on the console", 120, || {
        let strategy = (
            prop::collection::vec(segment(), 1..5),
            form(),
            any::<Index>(),
            (20u16..140, 8u16..50),
        );
        let test = |(segments, form, selected, (width, height)): (
            Vec<SegmentResponse>,
            UserInfo,
            Index,
            (u16, u16),
        )| {
            let mut app = App::new(
                Config::default(),
                Paths::under("/nonexistent/fuzz"),
                Keymap::default(),
                "sandbox".into(),
            );
            app.form = FormState::new(form);
            app.set_segments(Some(segments));
            app.segment_selected = selected.index(app.segment_results.len().max(1));
            app.preview = PreviewMode::Segments;
            app.size = (width, height);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| view(&app, frame))
                .map_err(|e| fail(format!("draw: {e}")))?;
            for cell in terminal.backend().buffer().content() {
                if cell.symbol().chars().any(char::is_control) {
                    return Err(fail(format!(
                        "a control character on screen: {:?}",
                        cell.symbol()
                    )));
                }
            }
            Ok(())
        };
        (strategy, test)
    });
}
