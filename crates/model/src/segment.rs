//! Segment matching: does an endpoint fall into a dimensional segment, and why (not)?
//!
//! The answer is three-valued: matches, does not match, or cannot tell (when the endpoint
//! alone cannot decide: recency needs activity data the API does not return (the sandbox
//! knows it from stored events and passes it in as [`Activity`]); an imported
//! segment's members are not visible). Every answer carries a tree of criteria, each with its
//! outcome and a one-line reason (`Metrics.logins 157 > 100: yes`).
//!
//! Where the reference leaves a rule unverified, this follows what the Pinpoint console
//! documents, and says so:
//! - The criteria inside one `SegmentDimensions` must all hold (the console's filters on one
//!   endpoint combine that way); several attribute names must all hold too.
//! - INCLUSIVE (the default AttributeType and DimensionType) holds when any of the endpoint's
//!   values equals any of the criterion's values; EXCLUSIVE is its negation, so an endpoint
//!   without the attribute satisfies EXCLUSIVE and not INCLUSIVE. Comparisons are
//!   case-sensitive, CONTAINS included (the console documents "Contains" as case-sensitive).
//! - BEFORE, AFTER and ON compare with the first value; BETWEEN with the first two, bounds
//!   included. Dates are ISO-8601; a date without a time is 00:00:00 UTC (the console's
//!   default time). ON compares the UTC calendar date.
//! - GPSPoint uses the great-circle (haversine) distance on a sphere of radius 6371.0088 km;
//!   an endpoint exactly at the range is inside.
//! - DeviceType has no endpoint field to compare with: cannot tell.
//! - A group's `Type` defaults to ALL, its `SourceType` to ANY, and the list's `Include` to
//!   ALL; a group without source segments starts from every endpoint of the application.
//!   A source segment's `Version` is not consulted (only the current version is known).

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use time::OffsetDateTime;

// How several outcomes combine: the model's Include (and SourceType and Type), ALL, ANY or NONE.
use super::enums::Include as Combine;
use super::enums::{
    AttributeType, ComparisonOperator, DimensionType, Duration, RecencyType, one_of,
};
use super::form::UserInfo;
use super::wire::{
    AttributeDimension, GpsPointDimension, RecencyDimension, SegmentDimensions, SegmentGroup,
    SegmentResponse, SetDimension,
};

/// Mean Earth radius (IUGG), in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Matches, does not match, or cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    Match,
    NoMatch,
    CannotTell,
}

impl Verdict {
    pub(crate) fn from_bool(b: bool) -> Verdict {
        if b { Verdict::Match } else { Verdict::NoMatch }
    }

    /// Three-valued AND: any "no" wins, then any "cannot tell".
    pub fn and(self, other: Verdict) -> Verdict {
        use Verdict::*;
        match (self, other) {
            (NoMatch, _) | (_, NoMatch) => NoMatch,
            (CannotTell, _) | (_, CannotTell) => CannotTell,
            _ => Match,
        }
    }

    /// Three-valued OR: any "yes" wins, then any "cannot tell".
    pub fn or(self, other: Verdict) -> Verdict {
        use Verdict::*;
        match (self, other) {
            (Match, _) | (_, Match) => Match,
            (CannotTell, _) | (_, CannotTell) => CannotTell,
            _ => NoMatch,
        }
    }

    /// How a reason line ends.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Match => "yes",
            Verdict::NoMatch => "no",
            Verdict::CannotTell => "cannot tell",
        }
    }
}

impl std::ops::Not for Verdict {
    type Output = Verdict;

    fn not(self) -> Verdict {
        match self {
            Verdict::Match => Verdict::NoMatch,
            Verdict::NoMatch => Verdict::Match,
            Verdict::CannotTell => Verdict::CannotTell,
        }
    }
}

/// One criterion of the tree: what was checked, the outcome, and what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    #[serde(rename = "criterion")]
    pub text: String,
    #[serde(rename = "outcome")]
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Criterion>,
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.text, self.verdict.word())
    }
}

impl Criterion {
    pub(crate) fn leaf(text: String, verdict: Verdict) -> Criterion {
        Criterion {
            text,
            verdict,
            children: Vec::new(),
        }
    }

    /// How many criteria the tree holds, itself included.
    pub fn count(&self) -> usize {
        1 + self.children.iter().map(Criterion::count).sum::<usize>()
    }

    /// The tree as indented lines (`Metrics.logins 157 > 100: yes`).
    pub fn lines(&self) -> Vec<(usize, &Criterion)> {
        let mut out = Vec::new();
        self.walk(0, &mut out);
        out
    }

    /// Every line's text, in the order of [`Criterion::lines`].
    pub fn texts(&self) -> Vec<String> {
        self.lines().iter().map(|(_, c)| c.text.clone()).collect()
    }

    fn walk<'a>(&'a self, depth: usize, out: &mut Vec<(usize, &'a Criterion)>) {
        out.push((depth, self));
        for child in &self.children {
            child.walk(depth + 1, out);
        }
    }
}

impl Combine {
    fn read(text: Option<&str>, default: Combine) -> Result<Combine, String> {
        match text {
            None => Ok(default),
            Some(text) => Combine::parse(text)
                .ok_or_else(|| format!("`{text}` is not {}", one_of(Combine::NAMES))),
        }
    }

    fn word(self) -> &'static str {
        match self {
            Combine::All => "all",
            Combine::Any => "any",
            Combine::None => "none",
        }
    }

    fn apply(self, verdicts: impl Iterator<Item = Verdict>) -> Verdict {
        match self {
            Combine::All => verdicts.fold(Verdict::Match, Verdict::and),
            Combine::Any => verdicts.fold(Verdict::NoMatch, Verdict::or),
            Combine::None => !verdicts.fold(Verdict::NoMatch, Verdict::or),
        }
    }
}

/// Whether criteria carry their one-line reasons, or only their outcomes. The decisions
/// are the same either way; an answer that shows no reasons (GetInAppMessages) skips
/// writing them, which is most of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reasons {
    #[default]
    Written,
    Skipped,
}

impl Reasons {
    /// The reason `text` writes, or an empty one when reasons are skipped.
    pub(crate) fn text(self, text: impl FnOnce() -> String) -> String {
        match self {
            Reasons::Written => text(),
            Reasons::Skipped => String::new(),
        }
    }

    /// A criterion without children.
    pub(crate) fn leaf(self, text: impl FnOnce() -> String, verdict: Verdict) -> Criterion {
        Criterion::leaf(self.text(text), verdict)
    }

    /// A criterion made of others, combined `how`.
    pub(crate) fn combined(
        self,
        text: impl FnOnce() -> String,
        how: Combine,
        children: Vec<Criterion>,
    ) -> Criterion {
        combined(self.text(text), how, children)
    }
}

pub(crate) fn combined(text: String, how: Combine, children: Vec<Criterion>) -> Criterion {
    let verdict = how.apply(children.iter().map(|c| c.verdict));
    Criterion {
        text,
        verdict,
        children,
    }
}

fn list(values: &[String]) -> String {
    format!("[{}]", values.join(", "))
}

fn shown(values: Option<&Vec<String>>) -> String {
    match values {
        Some(v) if !v.is_empty() => list(v),
        _ => "(not set)".to_string(),
    }
}

/// Reads an ISO-8601 instant; a date alone is midnight UTC; a time without an offset is UTC.
pub fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t);
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(text, &date_format) {
        return Some(date.midnight().assume_utc());
    }
    let local = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let local_fraction = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]"
    );
    time::PrimitiveDateTime::parse(text, &local)
        .or_else(|_| time::PrimitiveDateTime::parse(text, &local_fraction))
        .ok()
        .map(|t| t.assume_utc())
}

fn attribute(
    r: Reasons,
    label: fmt::Arguments<'_>,
    dim: &AttributeDimension,
    values: Option<&Vec<String>>,
) -> Criterion {
    let text = dim.attribute_type.as_deref().unwrap_or("INCLUSIVE");
    let Some(kind) = AttributeType::parse(text) else {
        return r.leaf(
            || format!("{label}: unknown AttributeType `{text}`"),
            Verdict::CannotTell,
        );
    };
    let have = values.filter(|v| !v.is_empty());
    let want = || list(&dim.values);
    let got = || shown(values);
    let any = |test: &dyn Fn(&str, &str) -> bool| {
        have.is_some_and(|vs| vs.iter().any(|v| dim.values.iter().any(|c| test(v, c))))
    };
    match kind {
        AttributeType::Inclusive => r.leaf(
            || format!("{label} {} in {}", got(), want()),
            Verdict::from_bool(any(&|v, c| v == c)),
        ),
        AttributeType::Exclusive => r.leaf(
            || format!("{label} {} not in {}", got(), want()),
            Verdict::from_bool(!any(&|v, c| v == c)),
        ),
        AttributeType::Contains => r.leaf(
            || format!("{label} {} contains one of {}", got(), want()),
            Verdict::from_bool(any(&|v, c| v.contains(c))),
        ),
        AttributeType::Before
        | AttributeType::After
        | AttributeType::On
        | AttributeType::Between => date_attribute(r, label, kind, dim, have),
    }
}

fn date_attribute(
    r: Reasons,
    label: fmt::Arguments<'_>,
    kind: AttributeType,
    dim: &AttributeDimension,
    have: Option<&Vec<String>>,
) -> Criterion {
    let needed = if kind == AttributeType::Between { 2 } else { 1 };
    let kind_text = kind.as_str();
    let mut bounds = Vec::new();
    for value in dim.values.iter().take(needed) {
        match parse_instant(value) {
            Some(t) => bounds.push(t),
            None => {
                return r.leaf(
                    || format!("{label} {kind_text}: `{value}` is not an ISO-8601 date-time"),
                    Verdict::CannotTell,
                );
            }
        }
    }
    let want = || {
        dim.values
            .iter()
            .take(needed)
            .cloned()
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if bounds.len() < needed {
        return r.leaf(
            || {
                format!(
                    "{label} {kind_text} needs {needed} value(s), the segment gives {}",
                    bounds.len()
                )
            },
            Verdict::CannotTell,
        );
    }
    let got = || shown(have);
    let dates: Vec<OffsetDateTime> = have
        .into_iter()
        .flatten()
        .filter_map(|v| parse_instant(v))
        .collect();
    if dates.is_empty() {
        let why = if have.is_some() { " (not a date)" } else { "" };
        return r.leaf(
            || {
                format!(
                    "{label} {}{why} {} {}",
                    got(),
                    kind_text.to_lowercase(),
                    want()
                )
            },
            Verdict::NoMatch,
        );
    }
    let hit = dates.iter().any(|d| match kind {
        AttributeType::Before => *d < bounds[0],
        AttributeType::After => *d > bounds[0],
        AttributeType::On => {
            d.to_offset(time::UtcOffset::UTC).date()
                == bounds[0].to_offset(time::UtcOffset::UTC).date()
        }
        _ => {
            let (lo, hi) = if bounds[0] <= bounds[1] {
                (bounds[0], bounds[1])
            } else {
                (bounds[1], bounds[0])
            };
            *d >= lo && *d <= hi
        }
    });
    r.leaf(
        || format!("{label} {} {} {}", got(), kind_text.to_lowercase(), want()),
        Verdict::from_bool(hit),
    )
}

fn set(
    r: Reasons,
    label: fmt::Arguments<'_>,
    dim: &SetDimension,
    value: Option<&str>,
) -> Criterion {
    let text = dim.dimension_type.as_deref().unwrap_or("INCLUSIVE");
    let got = value.unwrap_or("(not set)");
    let inside = value.is_some_and(|v| dim.values.iter().any(|c| c == v));
    let want = || list(&dim.values);
    match DimensionType::parse(text) {
        Some(DimensionType::Inclusive) => r.leaf(
            || format!("{label} {got} in {}", want()),
            Verdict::from_bool(inside),
        ),
        Some(DimensionType::Exclusive) => r.leaf(
            || format!("{label} {got} not in {}", want()),
            Verdict::from_bool(!inside),
        ),
        None => r.leaf(
            || format!("{label}: unknown DimensionType `{text}`"),
            Verdict::CannotTell,
        ),
    }
}

/// The great-circle distance between two points, in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

fn gps(r: Reasons, point: &GpsPointDimension, endpoint: &UserInfo) -> Criterion {
    let c = &point.coordinates;
    let label = || format!("Location.GPSPoint ({}, {})", c.latitude, c.longitude);
    let Some(range) = point.range_in_kilometers else {
        return r.leaf(
            || format!("{}: no RangeInKilometers", label()),
            Verdict::CannotTell,
        );
    };
    let (Some(lat), Some(lon)) = (endpoint.location.latitude, endpoint.location.longitude) else {
        return r.leaf(
            || {
                format!(
                    "{} within {range} km: the endpoint has no coordinates",
                    label()
                )
            },
            Verdict::NoMatch,
        );
    };
    let d = distance_km(lat, lon, c.latitude, c.longitude);
    let within = d <= range;
    let reach = if within { "within" } else { "more than" };
    r.leaf(
        || {
            format!(
                "{}: endpoint ({lat}, {lon}) is {d:.1} km away, {reach} {range} km",
                label()
            )
        },
        Verdict::from_bool(within),
    )
}

fn metric(r: Reasons, name: &str, op: &str, value: f64, endpoint: &UserInfo) -> Criterion {
    let Some(op) = ComparisonOperator::parse(op) else {
        return r.leaf(
            || format!("Metrics.{name}: unknown ComparisonOperator `{op}`"),
            Verdict::CannotTell,
        );
    };
    let (symbol, compare) = op.comparison();
    let Some(have) = endpoint.metrics.get(name).copied() else {
        return r.leaf(
            || format!("Metrics.{name} (not set) {symbol} {value}"),
            Verdict::NoMatch,
        );
    };
    let hit = compare(&have, &value);
    r.leaf(
        || format!("Metrics.{name} {have} {symbol} {value}"),
        Verdict::from_bool(hit),
    )
}

/// When an endpoint was last active (its latest event or session, as the sandbox stores
/// them), with the time of the question: what `Behavior.Recency` needs. Without it (a test
/// user typed in a form, a service that does not say) recency cannot be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    /// The latest activity; `None` when the endpoint has none.
    pub last: Option<OffsetDateTime>,
    pub now: OffsetDateTime,
}

/// The response header in which the sandbox's GetEndpoint says when the endpoint was last
/// active (Pinpoint has no operation that says it): an ISO-8601 instant, or `none`. Clients
/// that do not know it ignore it.
pub const LAST_ACTIVE_HEADER: &str = "x-pinpoint-console-last-active";

impl Activity {
    /// The value of [`LAST_ACTIVE_HEADER`] for a latest activity.
    pub fn header_value(last: Option<OffsetDateTime>) -> String {
        use time::format_description::well_known::Rfc3339;
        last.and_then(|at| at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok())
            .unwrap_or_else(|| "none".to_string())
    }

    /// The activity a [`LAST_ACTIVE_HEADER`] value says, as of `now`; `None` when the
    /// value is not one the sandbox writes.
    pub fn from_header(value: &str, now: OffsetDateTime) -> Option<Activity> {
        let last = match value {
            "none" => None,
            at => Some(parse_instant(at)?),
        };
        Some(Activity { last, now })
    }
}

/// `Behavior.Recency`: active within the duration (the latest activity is later than `now`
/// minus it), or, for INACTIVE, not.
fn recency(r: Reasons, dim: &RecencyDimension, activity: Option<&Activity>) -> Criterion {
    let label = || {
        format!(
            "Behavior.Recency {} within {}",
            dim.recency_type, dim.duration
        )
    };
    let Some(activity) = activity else {
        return r.leaf(
            || {
                format!(
                    "{}: needs the endpoint's sessions and events, which GetEndpoint does not return",
                    label()
                )
            },
            Verdict::CannotTell,
        );
    };
    let window = match Duration::parse(&dim.duration) {
        Some(Duration::Hr24) => time::Duration::hours(24),
        Some(Duration::Day7) => time::Duration::days(7),
        Some(Duration::Day14) => time::Duration::days(14),
        Some(Duration::Day30) => time::Duration::days(30),
        None => {
            return r.leaf(
                || format!("{}: Duration is not {}", label(), one_of(Duration::NAMES)),
                Verdict::CannotTell,
            );
        }
    };
    let wants_active = match RecencyType::parse(&dim.recency_type) {
        Some(RecencyType::Active) => true,
        Some(RecencyType::Inactive) => false,
        None => {
            return r.leaf(
                || {
                    format!(
                        "{}: RecencyType is not {}",
                        label(),
                        one_of(RecencyType::NAMES)
                    )
                },
                Verdict::CannotTell,
            );
        }
    };
    let active = activity
        .last
        .is_some_and(|last| last > activity.now - window);
    let seen = || match activity.last {
        Some(last) => format!("last active {}", format_instant(last)),
        None => "no sessions or events".to_string(),
    };
    r.leaf(
        || format!("{}: {}", label(), seen()),
        Verdict::from_bool(active == wants_active),
    )
}

/// An instant as ISO-8601 in UTC, to the second.
fn format_instant(at: OffsetDateTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

/// Every criterion of one `SegmentDimensions`; they must all hold.
pub fn dimensions(d: &SegmentDimensions, endpoint: &UserInfo) -> Criterion {
    dimensions_with(d, endpoint, None)
}

/// The same, with the endpoint's activity when it is known (for `Behavior.Recency`).
pub fn dimensions_with(
    d: &SegmentDimensions,
    endpoint: &UserInfo,
    activity: Option<&Activity>,
) -> Criterion {
    dimensions_in(Reasons::Written, d, endpoint, activity)
}

fn dimensions_in(
    r: Reasons,
    d: &SegmentDimensions,
    endpoint: &UserInfo,
    activity: Option<&Activity>,
) -> Criterion {
    let mut children = Vec::new();
    for (name, dim) in d.attributes.iter().flatten() {
        children.push(attribute(
            r,
            format_args!("Attributes.{name}"),
            dim,
            endpoint.attributes.get(name),
        ));
    }
    for (name, dim) in d.user_attributes.iter().flatten() {
        children.push(attribute(
            r,
            format_args!("UserAttributes.{name}"),
            dim,
            endpoint.user_attributes.get(name),
        ));
    }
    if let Some(demo) = &d.demographic {
        let e = &endpoint.demographic;
        let fields: [(&str, &Option<SetDimension>, Option<&str>); 5] = [
            ("AppVersion", &demo.app_version, e.app_version.as_deref()),
            ("Channel", &demo.channel, endpoint.channel_type.as_deref()),
            ("Make", &demo.make, e.make.as_deref()),
            ("Model", &demo.model, e.model.as_deref()),
            ("Platform", &demo.platform, e.platform.as_deref()),
        ];
        for (name, dim, value) in fields {
            if let Some(dim) = dim {
                children.push(set(r, format_args!("Demographic.{name}"), dim, value));
            }
        }
        if let Some(dim) = &demo.device_type {
            children.push(r.leaf(
                || {
                    format!(
                        "Demographic.DeviceType in {}: no endpoint field holds the device type",
                        list(&dim.values)
                    )
                },
                Verdict::CannotTell,
            ));
        }
    }
    if let Some(location) = &d.location {
        if let Some(dim) = &location.country {
            children.push(set(
                r,
                format_args!("Location.Country"),
                dim,
                endpoint.location.country.as_deref(),
            ));
        }
        if let Some(point) = &location.gps_point {
            children.push(gps(r, point, endpoint));
        }
    }
    for (name, dim) in d.metrics.iter().flatten() {
        children.push(metric(
            r,
            name,
            &dim.comparison_operator,
            dim.value,
            endpoint,
        ));
    }
    if let Some(dim) = d.behavior.as_ref().and_then(|b| b.recency.as_ref()) {
        children.push(recency(r, dim, activity));
    }
    if children.is_empty() {
        return r.leaf(|| "no criteria: every endpoint".into(), Verdict::Match);
    }
    r.combined(|| "all of".into(), Combine::All, children)
}

/// The largest tree of an already evaluated source segment that is copied again in full.
const MAX_REPEATED_CRITERIA: usize = 100;

/// An application's segments by id: made once, shared by the evaluators of many endpoints.
#[derive(Debug, Clone, Default)]
pub struct SegmentIndex<'a>(foldhash::HashMap<&'a str, &'a SegmentResponse>);

impl<'a> SegmentIndex<'a> {
    pub fn new(segments: &'a [SegmentResponse]) -> SegmentIndex<'a> {
        SegmentIndex(segments.iter().map(|s| (s.id.as_str(), s)).collect())
    }

    /// The segment with id `id`, if there is one.
    pub fn get(&self, id: &str) -> Option<&'a SegmentResponse> {
        self.0.get(id).copied()
    }
}

/// Evaluates segments against one endpoint, resolving source segments by id.
pub struct Evaluator<'a> {
    segments: Cow<'a, SegmentIndex<'a>>,
    endpoint: &'a UserInfo,
    activity: Option<Activity>,
    reasons: Reasons,
    /// Finished segments: their tree, its number of criteria, and whether a cycle was cut
    /// in it (or in a tree it took in).
    done: foldhash::HashMap<&'a str, Done>,
    /// Whether the evaluation under way has cut a cycle.
    cut: bool,
    /// Whether any tree in `done` has cut one.
    any_cut: bool,
}

/// A finished segment.
struct Done {
    tree: Criterion,
    nodes: usize,
    /// Where a cycle is cut depends on the segment the evaluation started from, so such a
    /// tree is kept for that evaluation only; a tree without a cut is the same from any
    /// start (a segment on a cycle always meets the cut itself) and is kept for every later
    /// one.
    cut: bool,
}

impl<'a> Evaluator<'a> {
    pub fn new(segments: &'a [SegmentResponse], endpoint: &'a UserInfo) -> Evaluator<'a> {
        Evaluator::over(Cow::Owned(SegmentIndex::new(segments)), endpoint)
    }

    /// An evaluator over segments indexed once for many endpoints.
    pub fn over(segments: Cow<'a, SegmentIndex<'a>>, endpoint: &'a UserInfo) -> Evaluator<'a> {
        Evaluator {
            segments,
            endpoint,
            activity: None,
            reasons: Reasons::Written,
            done: foldhash::HashMap::default(),
            cut: false,
            any_cut: false,
        }
    }

    /// An evaluator for the same endpoint over the same segments, except that `version`
    /// takes the place of the segment with its id (a version a campaign names). It starts
    /// with no finished trees: those of this one may hold the current version.
    pub fn replacing(&self, version: &'a SegmentResponse) -> Evaluator<'a> {
        let mut segments = self.segments.clone().into_owned();
        segments.0.insert(version.id.as_str(), version);
        Evaluator {
            segments: Cow::Owned(segments),
            endpoint: self.endpoint,
            activity: self.activity,
            reasons: self.reasons,
            done: foldhash::HashMap::default(),
            cut: false,
            any_cut: false,
        }
    }

    /// The same, knowing the endpoint's activity (`Behavior.Recency` is then decided).
    pub fn with_activity(mut self, activity: Option<Activity>) -> Evaluator<'a> {
        self.activity = activity;
        self
    }

    /// The segment read for `id`, if there is one.
    pub fn get(&self, id: &str) -> Option<&'a SegmentResponse> {
        self.segments.get(id)
    }

    /// The same, writing the criteria's reasons or not (they are written by default).
    pub fn with_reasons(mut self, reasons: Reasons) -> Evaluator<'a> {
        self.reasons = reasons;
        self
    }

    /// The criteria tree of one segment (by id), the same whatever was asked before: the
    /// trees of earlier calls are reused only where no cycle was cut in them.
    pub fn segment(&mut self, id: &str) -> Criterion {
        if self.any_cut {
            self.done.retain(|_, done| !done.cut);
            self.any_cut = false;
        }
        self.resolve(id, &mut Vec::new())
    }

    /// The outcome of one segment (by id): `segment(id).verdict`, without copying its tree.
    pub fn verdict(&mut self, id: &str) -> Verdict {
        if self.any_cut {
            self.done.retain(|_, done| !done.cut);
            self.any_cut = false;
        }
        if !self.done.contains_key(id) {
            // A segment of dimensions alone is decided without keeping its tree.
            if let Some(segment) = self.get(id)
                && segment.segment_groups.is_none()
                && !is_imported(segment)
                && let Some(d) = &segment.dimensions
            {
                return dimensions_in(self.reasons, d, self.endpoint, self.activity.as_ref())
                    .verdict;
            }
            if let Some(uncached) = self.evaluate(id, &mut Vec::new()) {
                return uncached.verdict;
            }
        }
        self.done[id].tree.verdict
    }

    fn resolve(&mut self, id: &str, stack: &mut Vec<&'a str>) -> Criterion {
        if !self.done.contains_key(id)
            && let Some(uncached) = self.evaluate(id, stack)
        {
            return uncached;
        }
        let Done {
            tree: found,
            nodes,
            cut,
        } = &self.done[id];
        self.cut |= *cut;
        // A source segment named again: a large tree is summed up, not copied, or
        // segments that share sources would grow exponentially with their depth.
        if !stack.is_empty() && *nodes > MAX_REPEATED_CRITERIA {
            return self.reasons.leaf(
                || format!("{}: its {nodes} criteria are not repeated here", found.text),
                found.verdict,
            );
        }
        found.clone()
    }

    /// Evaluates a segment into the cache. Answers that depend on how the segment was
    /// reached (a cycle) or that have no tree (not found, imported) are returned instead.
    fn evaluate(&mut self, id: &str, stack: &mut Vec<&'a str>) -> Option<Criterion> {
        let r = self.reasons;
        if let Some(at) = stack.iter().position(|s| *s == id) {
            self.cut = true;
            return Some(r.leaf(
                || {
                    let mut path = stack[at..].to_vec();
                    path.push(id);
                    format!("segment {id}: cycle {}", path.join(" → "))
                },
                Verdict::CannotTell,
            ));
        }
        let Some(segment) = self.segments.0.get(id).copied() else {
            return Some(r.leaf(
                || format!("segment {id}: not found in the application"),
                Verdict::CannotTell,
            ));
        };
        let text = || crate::labelled("segment", segment.name.as_deref(), id);
        if is_imported(segment) {
            return Some(r.leaf(
                || {
                    format!(
                        "{}: an imported segment; its members are not visible",
                        text()
                    )
                },
                Verdict::CannotTell,
            ));
        }
        let outer_cut = std::mem::take(&mut self.cut);
        stack.push(segment.id.as_str());
        let mut children = Vec::new();
        if let Some(d) = &segment.dimensions {
            children.push(dimensions_in(r, d, self.endpoint, self.activity.as_ref()));
        }
        if let Some(groups) = &segment.segment_groups {
            let include = Combine::read(groups.include.as_deref(), Combine::All);
            let parts: Vec<Criterion> = groups
                .groups
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, g)| self.group(i, g, stack))
                .collect();
            children.push(match include {
                Ok(how) if !parts.is_empty() => {
                    r.combined(|| format!("groups: {} of", how.word()), how, parts)
                }
                Ok(_) => r.leaf(|| "no groups: every endpoint".into(), Verdict::Match),
                Err(e) => r.leaf(|| format!("SegmentGroups.Include {e}"), Verdict::CannotTell),
            });
        }
        stack.pop();
        let result = if children.is_empty() {
            r.leaf(
                || format!("{}: no criteria, every endpoint", text()),
                Verdict::Match,
            )
        } else {
            r.combined(text, Combine::All, children)
        };
        let nodes = result.count();
        let cut = self.cut;
        self.cut |= outer_cut;
        self.any_cut |= cut;
        self.done.insert(
            segment.id.as_str(),
            Done {
                tree: result,
                nodes,
                cut,
            },
        );
        None
    }

    fn group(
        &mut self,
        index: usize,
        group: &'a SegmentGroup,
        stack: &mut Vec<&'a str>,
    ) -> Criterion {
        let r = self.reasons;
        let sources = group.source_segments.as_deref().unwrap_or_default();
        let base = if sources.is_empty() {
            r.leaf(
                || "base: every endpoint of the application".into(),
                Verdict::Match,
            )
        } else {
            match Combine::read(group.source_type.as_deref(), Combine::Any) {
                Ok(how) => {
                    let parts = sources.iter().map(|s| self.resolve(&s.id, stack)).collect();
                    r.combined(
                        || format!("base: {} of the source segments", how.word()),
                        how,
                        parts,
                    )
                }
                Err(e) => r.leaf(|| format!("SourceType {e}"), Verdict::CannotTell),
            }
        };
        let dims = group.dimensions.as_deref().unwrap_or_default();
        let filters = if dims.is_empty() {
            r.leaf(|| "filters: none".into(), Verdict::Match)
        } else {
            match Combine::read(group.group_type.as_deref(), Combine::All) {
                Ok(how) => {
                    let parts = dims
                        .iter()
                        .map(|d| dimensions_in(r, d, self.endpoint, self.activity.as_ref()))
                        .collect();
                    r.combined(|| format!("filters: {} of", how.word()), how, parts)
                }
                Err(e) => r.leaf(|| format!("Type {e}"), Verdict::CannotTell),
            }
        };
        r.combined(
            || format!("group {}", index + 1),
            Combine::All,
            vec![base, filters],
        )
    }
}

/// Whether a segment is an imported one (its members are not visible).
fn is_imported(segment: &SegmentResponse) -> bool {
    segment.segment_type == "IMPORT" || segment.import_definition.is_some()
}

/// One segment's answer for an endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentMatch {
    pub segment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub outcome: Verdict,
    pub criteria: Criterion,
}

/// Every segment's answer for an endpoint, in the order given.
pub fn match_all(segments: &[SegmentResponse], endpoint: &UserInfo) -> Vec<SegmentMatch> {
    match_all_with(segments, endpoint, None)
}

/// The same, knowing the endpoint's activity when it is known.
pub fn match_all_with(
    segments: &[SegmentResponse],
    endpoint: &UserInfo,
    activity: Option<Activity>,
) -> Vec<SegmentMatch> {
    let mut evaluator = Evaluator::new(segments, endpoint).with_activity(activity);
    // Every tree is built once into the cache, then moved out of it (not copied).
    let uncached: Vec<Option<Criterion>> = segments
        .iter()
        .map(|s| match evaluator.done.contains_key(s.id.as_str()) {
            true => None,
            false => evaluator.evaluate(&s.id, &mut Vec::new()),
        })
        .collect();
    segments
        .iter()
        .zip(uncached)
        .map(|(s, uncached)| {
            let criteria = uncached
                .or_else(|| evaluator.done.remove(s.id.as_str()).map(|done| done.tree))
                .unwrap_or_else(|| evaluator.segment(&s.id));
            SegmentMatch {
                segment_id: s.id.clone(),
                name: s.name.clone(),
                outcome: criteria.verdict,
                criteria,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{
        GpsCoordinates, MetricDimension, RecencyDimension, SegmentBehaviors, SegmentDemographics,
        SegmentGroupList, SegmentLocation, SegmentReference,
    };
    use Verdict::*;
    use indexmap::indexmap;

    // The criteria with their reasons written, as the tests read them.
    fn attribute(label: &str, dim: &AttributeDimension, values: Option<&Vec<String>>) -> Criterion {
        super::attribute(Reasons::Written, format_args!("{label}"), dim, values)
    }

    fn set(label: &str, dim: &SetDimension, value: Option<&str>) -> Criterion {
        super::set(Reasons::Written, format_args!("{label}"), dim, value)
    }

    fn metric(name: &str, op: &str, value: f64, endpoint: &UserInfo) -> Criterion {
        super::metric(Reasons::Written, name, op, value, endpoint)
    }

    fn gps(point: &GpsPointDimension, endpoint: &UserInfo) -> Criterion {
        super::gps(Reasons::Written, point, endpoint)
    }

    fn endpoint() -> UserInfo {
        let mut e = UserInfo {
            channel_type: Some("APNS".into()),
            attributes: indexmap! {
                "plan".into() => vec!["premium".into(), "trial".into()],
                "signup".into() => vec!["2026-03-14T09:26:53Z".into()],
                "empty".into() => vec![],
            },
            user_attributes: indexmap! {"tier".into() => vec!["Gold".into()]},
            metrics: indexmap! {"logins".into() => 157.0},
            ..Default::default()
        };
        e.demographic.platform = Some("iOS".into());
        e.demographic.make = Some("Apple".into());
        e.demographic.app_version = Some("4.2.0".into());
        e.demographic.model = Some("iPhone".into());
        e.location.country = Some("US".into());
        e.location.latitude = Some(47.6);
        e.location.longitude = Some(-122.3);
        e
    }

    fn attr(kind: &str, values: &[&str]) -> AttributeDimension {
        AttributeDimension {
            attribute_type: (!kind.is_empty()).then(|| kind.to_string()),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    fn on_attribute(name: &str, kind: &str, values: &[&str]) -> Verdict {
        let e = endpoint();
        attribute(name, &attr(kind, values), e.attributes.get(name)).verdict
    }

    #[test]
    fn attribute_operators() {
        let cases: &[(&str, &str, &[&str], Verdict)] = &[
            ("plan", "", &["premium"], Match),
            ("plan", "INCLUSIVE", &["basic", "trial"], Match),
            ("plan", "INCLUSIVE", &["basic"], NoMatch),
            ("plan", "INCLUSIVE", &["Premium"], NoMatch),
            ("missing", "INCLUSIVE", &["x"], NoMatch),
            ("empty", "INCLUSIVE", &["x"], NoMatch),
            ("plan", "EXCLUSIVE", &["premium"], NoMatch),
            ("plan", "EXCLUSIVE", &["basic"], Match),
            ("missing", "EXCLUSIVE", &["x"], Match),
            ("plan", "CONTAINS", &["prem"], Match),
            ("plan", "CONTAINS", &["PREM"], NoMatch),
            ("plan", "CONTAINS", &["xyz", "ria"], Match),
            ("missing", "CONTAINS", &["a"], NoMatch),
            ("signup", "BEFORE", &["2026-03-15"], Match),
            ("signup", "BEFORE", &["2026-03-14T09:26:53Z"], NoMatch),
            ("signup", "AFTER", &["2026-03-14"], Match),
            ("signup", "AFTER", &["2026-03-14T09:26:53Z"], NoMatch),
            ("signup", "ON", &["2026-03-14T23:59:00Z"], Match),
            ("signup", "ON", &["2026-03-14"], Match),
            ("signup", "ON", &["2026-03-13T09:26:53Z"], NoMatch),
            (
                "signup",
                "BETWEEN",
                &["2026-03-14T09:26:53Z", "2026-04-01"],
                Match,
            ),
            (
                "signup",
                "BETWEEN",
                &["2026-01-01", "2026-03-14T09:26:53Z"],
                Match,
            ),
            (
                "signup",
                "BETWEEN",
                &["2026-04-01", "2026-03-14T09:26:54Z"],
                NoMatch,
            ),
            (
                "signup",
                "BETWEEN",
                &["2026-03-14T09:26:54Z", "2026-04-01"],
                NoMatch,
            ),
            ("signup", "BETWEEN", &["2026-01-01"], CannotTell),
            ("signup", "BEFORE", &["next tuesday"], CannotTell),
            ("plan", "BEFORE", &["2026-01-01"], NoMatch),
            ("missing", "AFTER", &["2026-01-01"], NoMatch),
            ("plan", "SOUNDS_LIKE", &["x"], CannotTell),
        ];
        for (name, kind, values, expected) in cases {
            assert_eq!(
                on_attribute(name, kind, values),
                *expected,
                "{name} {kind} {values:?}"
            );
        }
    }

    #[test]
    fn reasons_read_as_one_line() {
        let e = endpoint();
        assert_eq!(
            metric("logins", "GREATER_THAN", 100.0, &e).to_string(),
            "Metrics.logins 157 > 100: yes"
        );
        let dim = SetDimension {
            dimension_type: Some("EXCLUSIVE".into()),
            values: vec!["CA".into(), "MX".into()],
        };
        assert_eq!(
            set("Location.Country", &dim, e.location.country.as_deref()).to_string(),
            "Location.Country US not in [CA, MX]: yes"
        );
    }

    #[test]
    fn metric_operators() {
        let e = endpoint();
        let cases = [
            ("GREATER_THAN", 157.0, NoMatch),
            ("GREATER_THAN", 156.9, Match),
            ("GREATER_THAN_OR_EQUAL", 157.0, Match),
            ("LESS_THAN", 157.0, NoMatch),
            ("LESS_THAN", 158.0, Match),
            ("LESS_THAN_OR_EQUAL", 157.0, Match),
            ("EQUAL", 157.0, Match),
            ("EQUAL", 157.5, NoMatch),
            ("ROUGHLY", 157.0, CannotTell),
        ];
        for (op, value, expected) in cases {
            assert_eq!(
                metric("logins", op, value, &e).verdict,
                expected,
                "{op} {value}"
            );
        }
        assert_eq!(
            metric("purchases", "GREATER_THAN", 0.0, &e).verdict,
            NoMatch
        );
    }

    fn set_dim(kind: &str, values: &[&str]) -> SetDimension {
        SetDimension {
            dimension_type: (!kind.is_empty()).then(|| kind.to_string()),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn demographic_and_country_dimensions() {
        let e = endpoint();
        let check = |demo: SegmentDemographics| {
            dimensions(
                &SegmentDimensions {
                    demographic: Some(demo),
                    ..Default::default()
                },
                &e,
            )
            .verdict
        };
        let cases = [
            (
                SegmentDemographics {
                    platform: Some(set_dim("", &["iOS"])),
                    ..Default::default()
                },
                Match,
            ),
            (
                SegmentDemographics {
                    platform: Some(set_dim("INCLUSIVE", &["ios"])),
                    ..Default::default()
                },
                NoMatch,
            ),
            (
                SegmentDemographics {
                    platform: Some(set_dim("EXCLUSIVE", &["Android"])),
                    ..Default::default()
                },
                Match,
            ),
            (
                SegmentDemographics {
                    channel: Some(set_dim("INCLUSIVE", &["APNS", "GCM"])),
                    ..Default::default()
                },
                Match,
            ),
            (
                SegmentDemographics {
                    channel: Some(set_dim("INCLUSIVE", &["SMS"])),
                    ..Default::default()
                },
                NoMatch,
            ),
            (
                SegmentDemographics {
                    make: Some(set_dim("INCLUSIVE", &["Apple"])),
                    ..Default::default()
                },
                Match,
            ),
            (
                SegmentDemographics {
                    model: Some(set_dim("EXCLUSIVE", &["iPhone"])),
                    ..Default::default()
                },
                NoMatch,
            ),
            (
                SegmentDemographics {
                    app_version: Some(set_dim("INCLUSIVE", &["4.2.0"])),
                    ..Default::default()
                },
                Match,
            ),
            (
                SegmentDemographics {
                    device_type: Some(set_dim("INCLUSIVE", &["PHONE"])),
                    ..Default::default()
                },
                CannotTell,
            ),
            (
                SegmentDemographics {
                    platform: Some(set_dim("SOMETIMES", &["iOS"])),
                    ..Default::default()
                },
                CannotTell,
            ),
        ];
        for (i, (demo, expected)) in cases.into_iter().enumerate() {
            assert_eq!(check(demo), expected, "case {i}");
        }
        let country = |kind: &str, values: &[&str], e: &UserInfo| {
            let d = SegmentDimensions {
                location: Some(SegmentLocation {
                    country: Some(set_dim(kind, values)),
                    gps_point: None,
                }),
                ..Default::default()
            };
            dimensions(&d, e).verdict
        };
        assert_eq!(country("EXCLUSIVE", &["CA", "MX"], &e), Match);
        assert_eq!(country("INCLUSIVE", &["CA", "MX"], &e), NoMatch);
        let nowhere = UserInfo::default();
        assert_eq!(country("INCLUSIVE", &["US"], &nowhere), NoMatch);
        assert_eq!(country("EXCLUSIVE", &["US"], &nowhere), Match);
    }

    #[test]
    fn gps_point_by_great_circle_distance() {
        let e = endpoint();
        let point = |lat: f64, lon: f64, range: Option<f64>| GpsPointDimension {
            coordinates: GpsCoordinates {
                latitude: lat,
                longitude: lon,
            },
            range_in_kilometers: range,
        };
        // Seattle to Portland is about 234 km.
        let d = distance_km(47.6, -122.3, 45.5, -122.7);
        assert!((d - 235.0).abs() < 3.0, "{d}");
        assert_eq!(gps(&point(45.5, -122.7, Some(300.0)), &e).verdict, Match);
        assert_eq!(gps(&point(45.5, -122.7, Some(100.0)), &e).verdict, NoMatch);
        assert_eq!(
            gps(&point(45.5, -122.7, Some(d)), &e).verdict,
            Match,
            "exactly at the range is inside"
        );
        assert_eq!(
            gps(&point(45.5, -122.7, Some(d - 1e-9)), &e).verdict,
            NoMatch
        );
        assert!(
            gps(&point(45.5, -122.7, Some(25.0)), &e)
                .text
                .ends_with(&format!("is {d:.1} km away, more than 25 km")),
            "a point out of range is said to be out of range"
        );
        assert!(
            gps(&point(45.5, -122.7, Some(d + 1.0)), &e)
                .text
                .ends_with(&format!("is {d:.1} km away, within {} km", d + 1.0))
        );
        assert_eq!(gps(&point(47.6, -122.3, Some(0.0)), &e).verdict, Match);
        assert_eq!(gps(&point(45.5, -122.7, None), &e).verdict, CannotTell);
        assert_eq!(
            gps(&point(45.5, -122.7, Some(10_000.0)), &UserInfo::default()).verdict,
            NoMatch
        );
        // Across the antimeridian: 179.9 and -179.9 are about 22 km apart at the equator.
        assert!(distance_km(0.0, 179.9, 0.0, -179.9) < 23.0);
    }

    #[test]
    fn recency_cannot_be_told() {
        let d = SegmentDimensions {
            behavior: Some(SegmentBehaviors {
                recency: Some(RecencyDimension {
                    duration: "DAY_7".into(),
                    recency_type: "ACTIVE".into(),
                }),
            }),
            ..Default::default()
        };
        let c = dimensions(&d, &endpoint());
        assert_eq!(c.verdict, CannotTell);
        assert!(c.children[0].text.contains("sessions and events"));
    }

    #[test]
    fn the_last_active_header_carries_the_activity() {
        let now = parse_instant("2026-11-30T12:00:00Z").unwrap();
        let last = parse_instant("2026-11-28T09:30:00.123Z").unwrap();
        let value = Activity::header_value(Some(last));
        assert_eq!(value, "2026-11-28T09:30:00.123Z");
        assert_eq!(
            Activity::from_header(&value, now),
            Some(Activity {
                last: Some(last),
                now
            })
        );
        assert_eq!(Activity::header_value(None), "none");
        assert_eq!(
            Activity::from_header("none", now),
            Some(Activity { last: None, now })
        );
        assert_eq!(Activity::from_header("yesterday", now), None);
    }

    #[test]
    fn recency_is_decided_from_the_endpoints_activity() {
        let now = parse_instant("2026-11-30T12:00:00Z").unwrap();
        let recency = |recency_type: &str, duration: &str| SegmentDimensions {
            behavior: Some(SegmentBehaviors {
                recency: Some(RecencyDimension {
                    duration: duration.into(),
                    recency_type: recency_type.into(),
                }),
            }),
            ..Default::default()
        };
        let activity = |last: Option<&str>| Activity {
            last: last.map(|t| parse_instant(t).unwrap()),
            now,
        };
        let verdict = |d: &SegmentDimensions, a: Activity| {
            dimensions_with(d, &endpoint(), Some(&a)).children[0].clone()
        };
        let two_days_ago = activity(Some("2026-11-28T12:00:00Z"));
        let c = verdict(&recency("ACTIVE", "DAY_7"), two_days_ago);
        assert_eq!(c.verdict, Match);
        assert_eq!(
            c.text,
            "Behavior.Recency ACTIVE within DAY_7: last active 2026-11-28T12:00:00Z"
        );
        assert_eq!(
            verdict(&recency("ACTIVE", "HR_24"), two_days_ago).verdict,
            NoMatch
        );
        assert_eq!(
            verdict(&recency("INACTIVE", "HR_24"), two_days_ago).verdict,
            Match
        );
        assert_eq!(
            verdict(&recency("INACTIVE", "DAY_30"), two_days_ago).verdict,
            NoMatch
        );
        let never = verdict(&recency("INACTIVE", "DAY_7"), activity(None));
        assert_eq!(never.verdict, Match);
        assert!(
            never.text.ends_with("no sessions or events"),
            "{}",
            never.text
        );
        assert_eq!(
            verdict(&recency("ACTIVE", "DAY_7"), activity(None)).verdict,
            NoMatch
        );
        // Exactly the window ago is outside it.
        let edge = activity(Some("2026-11-29T12:00:00Z"));
        assert_eq!(verdict(&recency("ACTIVE", "HR_24"), edge).verdict, NoMatch);
        // Through a segment, as the sandbox asks.
        let segments = vec![SegmentResponse {
            id: "s".into(),
            dimensions: Some(recency("ACTIVE", "DAY_14")),
            segment_type: "DIMENSIONAL".into(),
            ..Default::default()
        }];
        let with = match_all_with(&segments, &endpoint(), Some(two_days_ago));
        assert_eq!(with[0].outcome, Match);
        assert_eq!(match_all(&segments, &endpoint())[0].outcome, CannotTell);
    }

    #[test]
    fn criteria_in_one_dimensions_object_all_hold() {
        let e = endpoint();
        let mut d = SegmentDimensions {
            attributes: Some(indexmap! {"plan".into() => attr("INCLUSIVE", &["premium"])}),
            metrics: Some(
                indexmap! {"logins".into() => MetricDimension { comparison_operator: "GREATER_THAN".into(), value: 100.0 }},
            ),
            ..Default::default()
        };
        assert_eq!(dimensions(&d, &e).verdict, Match);
        d.user_attributes = Some(indexmap! {"tier".into() => attr("INCLUSIVE", &["gold"])});
        assert_eq!(
            dimensions(&d, &e).verdict,
            NoMatch,
            "user attributes are case-sensitive"
        );
        assert_eq!(dimensions(&SegmentDimensions::default(), &e).verdict, Match);
    }

    #[test]
    fn three_valued_logic() {
        assert_eq!(Match.and(CannotTell), CannotTell);
        assert_eq!(NoMatch.and(CannotTell), NoMatch);
        assert_eq!(Match.or(CannotTell), Match);
        assert_eq!(NoMatch.or(CannotTell), CannotTell);
        assert_eq!(!CannotTell, CannotTell);
        for (how, input, expected) in [
            (Combine::All, vec![Match, Match], Match),
            (Combine::All, vec![Match, NoMatch], NoMatch),
            (Combine::All, vec![], Match),
            (Combine::Any, vec![NoMatch, Match], Match),
            (Combine::Any, vec![NoMatch, NoMatch], NoMatch),
            (Combine::Any, vec![NoMatch, CannotTell], CannotTell),
            (Combine::None, vec![NoMatch, NoMatch], Match),
            (Combine::None, vec![NoMatch, Match], NoMatch),
            (Combine::None, vec![CannotTell], CannotTell),
        ] {
            assert_eq!(
                how.apply(input.clone().into_iter()),
                expected,
                "{how:?} {input:?}"
            );
        }
    }

    fn segment(
        id: &str,
        dims: Option<SegmentDimensions>,
        groups: Option<SegmentGroupList>,
    ) -> SegmentResponse {
        SegmentResponse {
            application_id: "app".into(),
            id: id.into(),
            name: Some(id.to_uppercase()),
            dimensions: dims,
            segment_groups: groups,
            segment_type: "DIMENSIONAL".into(),
            ..Default::default()
        }
    }

    fn plan(kind: &str, value: &str) -> SegmentDimensions {
        SegmentDimensions {
            attributes: Some(indexmap! {"plan".into() => attr(kind, &[value])}),
            ..Default::default()
        }
    }

    fn group(
        sources: &[&str],
        source_type: &str,
        dims: Vec<SegmentDimensions>,
        group_type: &str,
    ) -> SegmentGroup {
        SegmentGroup {
            dimensions: (!dims.is_empty()).then_some(dims),
            source_segments: (!sources.is_empty()).then(|| {
                sources
                    .iter()
                    .map(|s| SegmentReference {
                        id: s.to_string(),
                        version: None,
                    })
                    .collect()
            }),
            source_type: (!source_type.is_empty()).then(|| source_type.to_string()),
            group_type: (!group_type.is_empty()).then(|| group_type.to_string()),
        }
    }

    fn groups(include: &str, groups: Vec<SegmentGroup>) -> Option<SegmentGroupList> {
        Some(SegmentGroupList {
            groups: Some(groups),
            include: (!include.is_empty()).then(|| include.to_string()),
        })
    }

    fn outcome(segments: &[SegmentResponse], id: &str) -> Verdict {
        let e = endpoint();
        Evaluator::new(segments, &e).segment(id).verdict
    }

    #[test]
    fn group_type_all_any_none() {
        let yes = plan("INCLUSIVE", "premium");
        let no = plan("INCLUSIVE", "basic");
        for (t, dims, expected) in [
            ("ALL", vec![yes.clone(), no.clone()], NoMatch),
            ("", vec![yes.clone(), yes.clone()], Match),
            ("ANY", vec![no.clone(), yes.clone()], Match),
            ("ANY", vec![no.clone(), no.clone()], NoMatch),
            ("NONE", vec![no.clone(), no.clone()], Match),
            ("NONE", vec![no.clone(), yes.clone()], NoMatch),
        ] {
            let s = vec![segment(
                "s",
                None,
                groups("", vec![group(&[], "", dims, t)]),
            )];
            assert_eq!(outcome(&s, "s"), expected, "Type {t}");
        }
    }

    #[test]
    fn include_all_any_none_over_groups() {
        let yes = group(&[], "", vec![plan("INCLUSIVE", "premium")], "");
        let no = group(&[], "", vec![plan("INCLUSIVE", "basic")], "");
        for (include, gs, expected) in [
            ("ALL", vec![yes.clone(), no.clone()], NoMatch),
            ("", vec![yes.clone(), yes.clone()], Match),
            ("ANY", vec![no.clone(), yes.clone()], Match),
            ("NONE", vec![no.clone(), no.clone()], Match),
            ("NONE", vec![yes.clone(), no.clone()], NoMatch),
            ("SOME", vec![yes.clone()], CannotTell),
        ] {
            let s = vec![segment("s", None, groups(include, gs))];
            assert_eq!(outcome(&s, "s"), expected, "Include {include}");
        }
    }

    #[test]
    fn source_segments_all_any_none() {
        let base = vec![
            segment("premium", Some(plan("INCLUSIVE", "premium")), None),
            segment("basic", Some(plan("INCLUSIVE", "basic")), None),
        ];
        for (source_type, sources, expected) in [
            ("ANY", vec!["premium", "basic"], Match),
            ("", vec!["basic", "premium"], Match),
            ("ALL", vec!["premium", "basic"], NoMatch),
            ("ALL", vec!["premium"], Match),
            ("NONE", vec!["basic"], Match),
            ("NONE", vec!["premium", "basic"], NoMatch),
            ("ANY", vec!["missing"], CannotTell),
        ] {
            let mut all = base.clone();
            all.push(segment(
                "s",
                None,
                groups("", vec![group(&sources, source_type, vec![], "")]),
            ));
            assert_eq!(
                outcome(&all, "s"),
                expected,
                "SourceType {source_type} {sources:?}"
            );
        }
    }

    #[test]
    fn sources_resolve_recursively_and_cycles_are_detected() {
        let mut s = vec![
            segment("a", None, groups("", vec![group(&["b"], "", vec![], "")])),
            segment("b", None, groups("", vec![group(&["c"], "", vec![], "")])),
            segment("c", Some(plan("INCLUSIVE", "premium")), None),
        ];
        assert_eq!(outcome(&s, "a"), Match);
        s[2] = segment("c", None, groups("", vec![group(&["a"], "", vec![], "")]));
        let e = endpoint();
        let tree = Evaluator::new(&s, &e).segment("a");
        assert_eq!(tree.verdict, CannotTell);
        let text = tree.texts();
        assert!(
            text.iter().any(|t| t.contains("cycle a → b → c → a")),
            "{text:#?}"
        );
        // A self-reference is a cycle too.
        let me = vec![segment(
            "me",
            None,
            groups("", vec![group(&["me"], "", vec![], "")]),
        )];
        assert_eq!(outcome(&me, "me"), CannotTell);
    }

    #[test]
    fn one_evaluator_answers_each_segment_as_a_new_one_would_in_any_order() {
        // a and b source each other: where the cycle is cut depends on where the
        // evaluation starts (from a: NoMatch; from b, a alone would be CannotTell).
        let s = vec![
            segment(
                "a",
                None,
                groups(
                    "",
                    vec![group(&["b"], "", vec![plan("INCLUSIVE", "premium")], "")],
                ),
            ),
            segment(
                "b",
                None,
                groups(
                    "",
                    vec![group(&["a"], "", vec![plan("INCLUSIVE", "basic")], "")],
                ),
            ),
            segment("d", None, groups("", vec![group(&["a"], "", vec![], "")])),
            segment("e", Some(plan("INCLUSIVE", "premium")), None),
            segment("f", None, groups("", vec![group(&["e"], "", vec![], "")])),
        ];
        let e = endpoint();
        let fresh = |id: &str| Evaluator::new(&s, &e).segment(id);
        assert_eq!(fresh("a").verdict, NoMatch);
        let orders = [
            ["b", "a", "d", "f", "e"],
            ["d", "b", "a", "e", "f"],
            ["a", "b", "f", "d", "e"],
            ["f", "e", "d", "a", "b"],
        ];
        for order in orders {
            let mut shared = Evaluator::new(&s, &e);
            for id in order {
                assert_eq!(shared.segment(id), fresh(id), "{id} after {order:?}");
            }
            // Outcomes alone, over an index made once, in the same order: the same.
            let index = SegmentIndex::new(&s);
            let mut outcomes = Evaluator::over(Cow::Borrowed(&index), &e);
            for id in order {
                assert_eq!(
                    outcomes.verdict(id),
                    fresh(id).verdict,
                    "{id} after {order:?}"
                );
            }
        }
    }

    #[test]
    fn imported_segments_cannot_be_told() {
        let mut imported = segment("imp", None, None);
        imported.segment_type = "IMPORT".into();
        let s = vec![
            imported,
            segment(
                "s",
                None,
                groups("", vec![group(&["imp"], "", vec![plan("", "premium")], "")]),
            ),
        ];
        assert_eq!(outcome(&s, "s"), CannotTell);
        assert_eq!(outcome(&s, "imp"), CannotTell);
    }

    #[test]
    fn a_base_that_fails_overrides_matching_filters() {
        let s = vec![
            segment("basic", Some(plan("INCLUSIVE", "basic")), None),
            segment(
                "s",
                None,
                groups(
                    "",
                    vec![group(&["basic"], "", vec![plan("", "premium")], "")],
                ),
            ),
        ];
        assert_eq!(outcome(&s, "s"), NoMatch);
    }

    #[test]
    fn match_all_reports_every_segment_with_its_tree() {
        let s = vec![
            segment("premium", Some(plan("INCLUSIVE", "premium")), None),
            segment("everyone", None, None),
        ];
        let results = match_all(&s, &endpoint());
        assert_eq!(results.len(), 2);
        assert_eq!(results[0].outcome, Match);
        assert_eq!(results[1].outcome, Match);
        let json = serde_json::to_value(&results[0]).unwrap();
        assert_eq!(json["outcome"], "MATCH");
        assert_eq!(
            json["criteria"]["children"][0]["children"][0]["criterion"],
            "Attributes.plan [premium, trial] in [premium]"
        );
    }
}
