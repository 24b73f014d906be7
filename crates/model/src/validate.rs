//! Validation of a form against Pinpoint's rules and quotas.
//!
//! Every problem carries the path of the field it is about (`attributes.hobbies[3]`,
//! `location.latitude`) and a severity: an error means the service would reject the
//! request; a warning means it would accept it but the value will not work as meant.
//! It reads and writes nothing; the nearest time zone of a text is remembered in memory,
//! since working it out reads every zone name.

use std::fmt;
use std::num::NonZeroUsize;
use std::sync::{LazyLock, Mutex};

use lru::LruCache;

use super::fields::{self, Case, Check, FIELDS, Kind, Section};
use super::form::{AttributeMap, UserInfo};
use super::wire::EndpointRequest;

/// Longest attribute, user-attribute or metric name Pinpoint accepts, in characters.
pub const MAX_NAME_CHARS: usize = 50;
/// Longest attribute value Pinpoint accepts, in characters.
pub const MAX_VALUE_CHARS: usize = 100;
/// Most values one attribute name may hold.
pub const MAX_VALUES_PER_NAME: usize = 50;
/// Most names across Attributes, Metrics and UserAttributes together.
pub const MAX_NAMES: usize = 250;
/// Largest endpoint, serialized as the JSON request body (15 KB, read as 15 x 1024 bytes).
pub const MAX_ENDPOINT_BYTES: usize = 15 * 1024;
/// Characters the Pinpoint console cannot display in attribute names.
pub const DISCOURAGED_NAME_CHARS: [char; 5] = ['#', ':', '?', '\\', '/'];

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The service would reject the request.
    Error,
    /// Accepted, but will not work as meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.path, self.severity, self.message)
    }
}

/// The path segment for a map key: bare when it is a plain word, quoted otherwise.
pub fn key_path(section: &str, name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!("{section}.{name}")
    } else {
        format!(
            "{section}.{}",
            serde_json::to_string(name).expect("strings serialize")
        )
    }
}

/// The problems found so far. Warnings are worded only when they are wanted: the message
/// (a nearest time zone, say) is built by a closure that an errors-only check never calls.
struct Report {
    problems: Vec<Problem>,
    warnings: bool,
    /// At least the size of the form's request JSON, when known.
    size_bound: Option<usize>,
}

impl Report {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(path, Severity::Error, message);
    }
    fn warning(&mut self, path: impl Into<String>, message: impl FnOnce() -> String) {
        if self.warnings {
            self.push(path, Severity::Warning, message());
        }
    }
    fn push(&mut self, path: impl Into<String>, severity: Severity, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            severity,
            message: message.into(),
        });
    }
}

/// Every problem with the form, in field order.
pub fn validate(form: &UserInfo) -> Vec<Problem> {
    check(form, true)
}

/// Only the errors: what the service would refuse. No warning is worded, so this costs the
/// same whatever the values (a bulk run's items, the sandbox's writes).
pub fn validate_errors(form: &UserInfo) -> Vec<Problem> {
    check(form, false)
}

fn check(form: &UserInfo, warnings: bool) -> Vec<Problem> {
    check_sized(form, warnings, None)
}

/// `check`, knowing when given that the form's request JSON is at most `size_bound` bytes
/// (then, under the quota, it is not serialized again to be measured).
fn check_sized(form: &UserInfo, warnings: bool, size_bound: Option<usize>) -> Vec<Problem> {
    let mut r = Report {
        problems: Vec::new(),
        warnings,
        size_bound,
    };
    check_fields(form, Section::Identity, &mut r);
    check_attribute_map("attributes", &form.attributes, &mut r);
    check_fields(form, Section::Demographic, &mut r);
    check_fields(form, Section::Location, &mut r);
    check_metrics(form, &mut r);
    check_attribute_map("user_attributes", &form.user_attributes, &mut r);
    check_totals(form, &mut r);
    r.problems
}

/// What Pinpoint refuses in one UpdateEndpoint request for `endpoint_id` (its quotas, ids,
/// ranges and enumerations): the errors only, no warning worked out.
pub fn request_errors(endpoint_id: &str, request: &EndpointRequest) -> Vec<Problem> {
    // The form's request JSON leaves out what the request's has beyond it (EffectiveDate,
    // RequestId, empty values), so the request's size bounds it.
    let bound = json_size(request);
    let form = UserInfo::from_endpoint_request(Some(endpoint_id.to_string()), request.clone());
    check_sized(&form, false, Some(bound))
}

/// The quotas of the endpoint as a whole: its names in all, its size.
pub fn total_errors(form: &UserInfo) -> Vec<Problem> {
    let mut r = Report {
        problems: Vec::new(),
        warnings: false,
        size_bound: None,
    };
    check_totals(form, &mut r);
    r.problems
}

/// Problems as one line: `path: message; path: message`.
pub fn problems_line(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// True when any problem is an error (the request would be rejected).
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

fn check_enum(path: &str, value: Option<&str>, allowed: &[&str], r: &mut Report) {
    if let Some(v) = value
        && !allowed.contains(&v)
    {
        r.error(path, format!("`{v}` is not one of {}", allowed.join(", ")));
    }
}

/// Checks a section's fields, each by its rule in `model::fields`, in the form's order.
fn check_fields(form: &UserInfo, section: Section, r: &mut Report) {
    for field in &FIELDS[fields::range(section)] {
        let path = field.path;
        let text = field.text(form).and_then(|t| t.as_deref());
        match (field.check, field.kind) {
            (Check::None, _) => {}
            (Check::EndpointId, _) => check_endpoint_id(path, text, r),
            (Check::Choice, Kind::Choice(values)) => check_enum(path, text, values, r),
            (Check::Choice, _) => {}
            (Check::Address, _) => check_address(path, text, form.channel_type.as_deref(), r),
            (Check::TimeZone, _) => check_timezone(path, text, r),
            (Check::Locale, _) => check_locale(path, text, r),
            (Check::Country, _) => check_country(path, text, r),
            (Check::Coordinate(limit), _) => {
                let name = field.key(Case::Form).unwrap_or(path);
                check_coordinate(path, name, field.number(form).flatten(), limit, r);
            }
        }
    }
}

fn check_endpoint_id(path: &str, id: Option<&str>, r: &mut Report) {
    match id {
        None | Some("") => r.error(path, "an endpoint id is required"),
        Some(id) => {
            let bad: Vec<char> = id
                .chars()
                .filter(|c| matches!(c, '$' | '{' | '}'))
                .collect();
            if !bad.is_empty() {
                r.error(
                    path,
                    format!(
                        "endpoint ids must not contain `$`, `{{` or `}}` (found `{}`)",
                        bad[0]
                    ),
                );
            }
        }
    }
}

fn check_address(path: &str, address: Option<&str>, channel: Option<&str>, r: &mut Report) {
    let (Some(address), Some(channel)) = (address, channel) else {
        return;
    };
    match channel {
        "SMS" | "VOICE" if !is_e164(address) => r.warning(path, || {
            format!("{channel} addresses are E.164 phone numbers such as +12065550100; `{address}` is not")
        }),
        "EMAIL" if !address.contains('@') => r.warning(path, || {
            format!("`{address}` has no `@`; EMAIL addresses are email addresses")
        }),
        _ => {}
    }
}

/// `+` followed by 2 to 15 digits, the first not zero.
pub fn is_e164(text: &str) -> bool {
    let Some(digits) = text.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Checks a name; its path is worked out only for a problem (most names have none).
fn check_name(path: impl Fn() -> String, name: &str, r: &mut Report) {
    let chars = name.chars().count();
    if name.is_empty() {
        r.error(path(), "the name is empty");
    } else if chars > MAX_NAME_CHARS {
        r.error(
            path(),
            format!("the name has {chars} characters; at most {MAX_NAME_CHARS} are allowed"),
        );
    }
    if r.warnings
        && let Some(c) = name.chars().find(|c| DISCOURAGED_NAME_CHARS.contains(c))
    {
        r.warning(path(), || {
            format!("names with `{c}` cannot be shown or used in the Pinpoint console")
        });
    }
}

fn check_attribute_map(section: &str, map: &AttributeMap, r: &mut Report) {
    for (name, values) in map {
        let path = || key_path(section, name);
        check_name(path, name, r);
        if values.len() > MAX_VALUES_PER_NAME {
            r.error(
                path(),
                format!(
                    "{} values; at most {MAX_VALUES_PER_NAME} are allowed per name",
                    values.len()
                ),
            );
        }
        for (i, value) in values.iter().enumerate() {
            let chars = value.chars().count();
            if chars > MAX_VALUE_CHARS {
                r.error(
                    format!("{}[{i}]", path()),
                    format!(
                        "the value has {chars} characters; at most {MAX_VALUE_CHARS} are allowed"
                    ),
                );
            }
        }
    }
}

fn check_timezone(path: &str, tz: Option<&str>, r: &mut Report) {
    if let Some(tz) = tz
        && tz.parse::<chrono_tz::Tz>().is_err()
    {
        r.warning(path, || {
            let hint = nearest_timezone(tz)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            format!("`{tz}` is not an IANA time zone name{hint}")
        });
    }
}

fn check_locale(path: &str, locale: Option<&str>, r: &mut Report) {
    if let Some(locale) = locale
        && !is_locale(locale)
    {
        r.warning(path, || {
            let hint = locale_suggestion(locale)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            format!("`{locale}` is not of the form ll_CC (ISO 639-1 language, ISO 3166-1 country, like en_US){hint}")
        });
    }
}

/// `ll_CC`: a two-letter lower-case language, `_`, a two-letter upper-case country.
pub fn is_locale(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_lowercase()
        && b[2] == b'_'
        && b[3].is_ascii_uppercase()
        && b[4].is_ascii_uppercase()
}

fn locale_suggestion(text: &str) -> Option<String> {
    let (lang, country) = text.split_once(['_', '-'])?;
    let fixed = format!(
        "{}_{}",
        lang.to_ascii_lowercase(),
        country.to_ascii_uppercase()
    );
    is_locale(&fixed).then_some(fixed)
}

/// The nearest zone of the last 256 texts looked up (a memo: the answer for a text never
/// changes, so validation stays a function of the form).
static SEEN: LazyLock<Mutex<LruCache<String, Option<&'static str>>>> = LazyLock::new(|| {
    Mutex::new(LruCache::new(
        NonZeroUsize::new(256).expect("256 is not zero"),
    ))
});

/// The IANA zone name closest to `text` (case-insensitive edit distance), if any is close.
/// The search reads every zone name; the answers are remembered, so a value seen before (every
/// item of a bulk run, every edit of a form) costs a lookup.
pub fn nearest_timezone(text: &str) -> Option<&'static str> {
    let mut seen = SEEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(answer) = seen.get(text) {
        return *answer;
    }
    let answer = search_nearest_timezone(text);
    seen.put(text.to_string(), answer);
    answer
}

fn search_nearest_timezone(text: &str) -> Option<&'static str> {
    let wanted = text.to_ascii_lowercase();
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            let name = tz.name();
            let score = strsim::normalized_damerau_levenshtein(&wanted, &name.to_ascii_lowercase());
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

fn check_country(path: &str, country: Option<&str>, r: &mut Report) {
    if let Some(country) = country
        && isocountry::CountryCode::for_alpha2(country).is_err()
    {
        r.warning(path, || {
            let hint = isocountry::CountryCode::for_alpha3_caseless(country)
                .or_else(|_| isocountry::CountryCode::for_alpha2_caseless(country))
                .map(|c| format!("; did you mean `{}`?", c.alpha2()))
                .unwrap_or_default();
            format!("`{country}` is not an ISO 3166-1 alpha-2 country code{hint}")
        });
    }
}

fn check_coordinate(path: &str, name: &str, value: Option<f64>, limit: f64, r: &mut Report) {
    let Some(v) = value else { return };
    if !v.is_finite() || v.abs() > limit {
        r.error(path, format!("{name} {v} is outside -{limit}..{limit}"));
    } else if round_one_decimal(v) != v {
        r.warning(path, || {
            format!(
                "Pinpoint keeps one decimal: {v} is stored as {}",
                round_one_decimal(v)
            )
        });
    }
}

/// A coordinate as Pinpoint stores it: rounded to one decimal place.
pub fn round_one_decimal(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn check_metrics(form: &UserInfo, r: &mut Report) {
    for (name, value) in &form.metrics {
        let path = || key_path("metrics", name);
        check_name(path, name, r);
        if !value.is_finite() {
            r.error(path(), format!("{value} is not a finite number"));
        }
    }
}

/// How many bytes a value takes as compact JSON (counted, not written).
pub fn json_size<T: serde::Serialize>(value: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).map_or(0, |()| count.0)
}

fn check_totals(form: &UserInfo, r: &mut Report) {
    let names = form.name_count();
    if names > MAX_NAMES {
        r.error(
            "attributes",
            format!(
                "{names} names across attributes, metrics and user attributes; at most {MAX_NAMES} are allowed"
            ),
        );
    }
    let size = match r.size_bound {
        Some(bound) if bound <= MAX_ENDPOINT_BYTES => bound,
        _ => json_size(&form.to_endpoint_request()),
    };
    if size > MAX_ENDPOINT_BYTES {
        r.error(
            "endpoint",
            format!(
                "the endpoint is {size} bytes as JSON; at most {MAX_ENDPOINT_BYTES} are allowed"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Demographic, Location};
    use indexmap::{IndexMap, indexmap};

    fn valid() -> UserInfo {
        UserInfo {
            endpoint_id: Some("ep-1".into()),
            channel_type: Some("SMS".into()),
            address: Some("+12065550100".into()),
            opt_out: Some("NONE".into()),
            endpoint_status: Some("ACTIVE".into()),
            attributes: indexmap! {"hobbies".into() => vec!["cooking".into()]},
            demographic: Demographic {
                locale: Some("en_US".into()),
                timezone: Some("America/Los_Angeles".into()),
                ..Default::default()
            },
            location: Location {
                country: Some("US".into()),
                latitude: Some(47.6),
                longitude: Some(-122.3),
                ..Default::default()
            },
            metrics: indexmap! {"logins".into() => 157.0},
            ..UserInfo::default()
        }
    }

    fn values(n: usize) -> Vec<String> {
        (0..n).map(|i| i.to_string()).collect()
    }

    /// Applies `change` to a valid form and returns the (path, severity) pairs found.
    fn problems_after(change: impl FnOnce(&mut UserInfo)) -> Vec<(String, Severity)> {
        let mut form = valid();
        change(&mut form);
        validate(&form)
            .into_iter()
            .map(|p| (p.path, p.severity))
            .collect()
    }

    use Severity::{Error, Warning};

    #[test]
    fn a_valid_form_has_no_problems() {
        assert_eq!(validate(&valid()), vec![]);
    }

    type Case = (&'static str, fn(&mut UserInfo), String, Severity);

    #[test]
    fn each_rule_reports_its_path_and_severity() {
        let cases: Vec<Case> = vec![
            (
                "attribute name over 50",
                |f| {
                    f.attributes.insert("n".repeat(51), vec![]);
                },
                format!("attributes.{}", "n".repeat(51)),
                Error,
            ),
            (
                "attribute value over 100",
                |f| {
                    f.attributes
                        .insert("hobbies".into(), vec!["ok".into(), "v".repeat(101)]);
                },
                "attributes.hobbies[1]".into(),
                Error,
            ),
            (
                "51 values",
                |f| {
                    f.attributes.insert("hobbies".into(), values(51));
                },
                "attributes.hobbies".into(),
                Error,
            ),
            (
                "user attribute name over 50",
                |f| {
                    f.user_attributes.insert("u".repeat(51), vec![]);
                },
                format!("user_attributes.{}", "u".repeat(51)),
                Error,
            ),
            (
                "user attribute value over 100",
                |f| {
                    f.user_attributes
                        .insert("plan".into(), vec!["p".repeat(101)]);
                },
                "user_attributes.plan[0]".into(),
                Error,
            ),
            (
                "user attribute 51 values",
                |f| {
                    f.user_attributes.insert("plan".into(), values(51));
                },
                "user_attributes.plan".into(),
                Error,
            ),
            (
                "metric name over 50",
                |f| {
                    f.metrics.insert("m".repeat(51), 1.0);
                },
                format!("metrics.{}", "m".repeat(51)),
                Error,
            ),
            (
                "empty attribute name",
                |f| {
                    f.attributes.insert(String::new(), vec![]);
                },
                "attributes.\"\"".into(),
                Error,
            ),
            (
                "endpoint id missing",
                |f| f.endpoint_id = None,
                "endpoint_id".into(),
                Error,
            ),
            (
                "endpoint id with $",
                |f| f.endpoint_id = Some("a$b".into()),
                "endpoint_id".into(),
                Error,
            ),
            (
                "endpoint id with {",
                |f| f.endpoint_id = Some("a{b".into()),
                "endpoint_id".into(),
                Error,
            ),
            (
                "endpoint id with }",
                |f| f.endpoint_id = Some("a}b".into()),
                "endpoint_id".into(),
                Error,
            ),
            (
                "latitude 91",
                |f| f.location.latitude = Some(91.0),
                "location.latitude".into(),
                Error,
            ),
            (
                "latitude -90.5",
                |f| f.location.latitude = Some(-90.5),
                "location.latitude".into(),
                Error,
            ),
            (
                "longitude 180.5",
                |f| f.location.longitude = Some(180.5),
                "location.longitude".into(),
                Error,
            ),
            (
                "longitude NaN",
                |f| f.location.longitude = Some(f64::NAN),
                "location.longitude".into(),
                Error,
            ),
            (
                "metric infinite",
                |f| {
                    f.metrics.insert("logins".into(), f64::INFINITY);
                },
                "metrics.logins".into(),
                Error,
            ),
            (
                "metric NaN",
                |f| {
                    f.metrics.insert("logins".into(), f64::NAN);
                },
                "metrics.logins".into(),
                Error,
            ),
            (
                "channel type",
                |f| f.channel_type = Some("FAX".into()),
                "channel_type".into(),
                Error,
            ),
            (
                "opt out",
                |f| f.opt_out = Some("SOME".into()),
                "opt_out".into(),
                Error,
            ),
            (
                "status",
                |f| f.endpoint_status = Some("DELETED".into()),
                "endpoint_status".into(),
                Error,
            ),
            (
                "time zone",
                |f| f.demographic.timezone = Some("Americas/Los_Angeles".into()),
                "demographic.timezone".into(),
                Warning,
            ),
            (
                "country alpha-3",
                |f| f.location.country = Some("USA".into()),
                "location.country".into(),
                Warning,
            ),
            (
                "country unknown",
                |f| f.location.country = Some("XX".into()),
                "location.country".into(),
                Warning,
            ),
            (
                "locale with dash",
                |f| f.demographic.locale = Some("en-US".into()),
                "demographic.locale".into(),
                Warning,
            ),
            (
                "locale lower case",
                |f| f.demographic.locale = Some("en_us".into()),
                "demographic.locale".into(),
                Warning,
            ),
            (
                "name with #",
                |f| {
                    f.attributes.insert("a#b".into(), vec![]);
                },
                "attributes.\"a#b\"".into(),
                Warning,
            ),
            (
                "name with :",
                |f| {
                    f.attributes.insert("a:b".into(), vec![]);
                },
                "attributes.\"a:b\"".into(),
                Warning,
            ),
            (
                "name with ?",
                |f| {
                    f.user_attributes.insert("a?b".into(), vec![]);
                },
                "user_attributes.\"a?b\"".into(),
                Warning,
            ),
            (
                "name with \\",
                |f| {
                    f.attributes.insert("a\\b".into(), vec![]);
                },
                "attributes.\"a\\\\b\"".into(),
                Warning,
            ),
            (
                "name with /",
                |f| {
                    f.metrics.insert("a/b".into(), 1.0);
                },
                "metrics.\"a/b\"".into(),
                Warning,
            ),
            (
                "SMS not E.164",
                |f| f.address = Some("206-555-0100".into()),
                "address".into(),
                Warning,
            ),
            (
                "VOICE not E.164",
                |f| {
                    f.channel_type = Some("VOICE".into());
                    f.address = Some("+0123".into());
                },
                "address".into(),
                Warning,
            ),
            (
                "EMAIL without @",
                |f| {
                    f.channel_type = Some("EMAIL".into());
                    f.address = Some("nobody".into());
                },
                "address".into(),
                Warning,
            ),
            (
                "latitude two decimals",
                |f| f.location.latitude = Some(47.61),
                "location.latitude".into(),
                Warning,
            ),
            (
                "longitude two decimals",
                |f| f.location.longitude = Some(-122.33),
                "location.longitude".into(),
                Warning,
            ),
        ];
        for (what, change, path, severity) in cases {
            let found = problems_after(change);
            assert_eq!(found, vec![(path, severity)], "{what}");
        }
    }

    #[test]
    fn problems_come_in_the_form_s_field_order() {
        let found = problems_after(|f| {
            f.endpoint_status = Some("DELETED".into());
            f.opt_out = Some("SOME".into());
            f.address = Some("206-555-0100".into());
            f.demographic.timezone = Some("Mars/Base".into());
            f.demographic.locale = Some("en-US".into());
            f.location.longitude = Some(181.0);
            f.location.country = Some("USA".into());
        });
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "address",
                "opt_out",
                "endpoint_status",
                "demographic.locale",
                "demographic.timezone",
                "location.country",
                "location.longitude"
            ]
        );
    }

    #[test]
    fn limits_are_inclusive() {
        let found = problems_after(|f| {
            f.attributes.insert("n".repeat(50), vec!["v".repeat(100)]);
            f.attributes.insert("many".into(), values(50));
            f.location.latitude = Some(90.0);
            f.location.longitude = Some(-180.0);
        });
        assert_eq!(found, vec![]);
    }

    #[test]
    fn names_count_across_attributes_metrics_and_user_attributes() {
        let fill = |f: &mut UserInfo, n: usize| {
            f.attributes = (0..n / 3).map(|i| (format!("a{i}"), vec![])).collect();
            f.metrics = (0..n / 3)
                .map(|i| (format!("m{i}"), 1.0))
                .collect::<IndexMap<_, _>>();
            f.user_attributes = (0..n - 2 * (n / 3))
                .map(|i| (format!("u{i}"), vec![]))
                .collect();
        };
        assert_eq!(problems_after(|f| fill(f, 250)), vec![]);
        assert_eq!(
            problems_after(|f| fill(f, 251)),
            vec![("attributes".to_string(), Error)]
        );
    }

    #[test]
    fn endpoint_over_15_kb_is_refused() {
        let found = problems_after(|f| {
            f.attributes = (0..40)
                .map(|i| (format!("a{i}"), vec!["v".repeat(100); 4]))
                .collect();
        });
        assert_eq!(found, vec![("endpoint".to_string(), Error)]);
    }

    #[test]
    fn unicode_lengths_count_characters_not_bytes() {
        let found = problems_after(|f| {
            f.attributes.insert("é".repeat(50), vec!["ü".repeat(100)]);
        });
        assert_eq!(found, vec![]);
    }

    #[test]
    fn address_is_checked_only_for_its_channel() {
        assert_eq!(
            problems_after(|f| {
                f.channel_type = Some("APNS".into());
                f.address = Some("device-token".into());
            }),
            vec![]
        );
        assert_eq!(problems_after(|f| f.channel_type = None), vec![]);
    }

    #[test]
    fn the_errors_only_check_finds_every_error_and_no_warning() {
        let mut form = valid();
        form.endpoint_id = Some("bad$id".into());
        form.address = Some("555".into());
        form.demographic.timezone = Some("Americas/Los_Angeles".into());
        form.demographic.locale = Some("en-us".into());
        form.location.country = Some("USA".into());
        form.location.latitude = Some(95.0);
        form.location.longitude = Some(-122.33);
        form.attributes.insert("a/b".into(), vec!["x".repeat(101)]);
        let all = validate(&form);
        let errors: Vec<Problem> = all
            .iter()
            .filter(|p| p.severity == Error)
            .cloned()
            .collect();
        assert!(all.iter().filter(|p| p.severity == Warning).count() >= 6);
        assert_eq!(errors.len(), 3, "{all:?}");
        assert_eq!(validate_errors(&form), errors);
    }

    #[test]
    fn a_time_zone_looked_up_is_remembered_with_its_answer() {
        let remembered = |text: &str| SEEN.lock().unwrap().peek(text).copied();
        let text = "Americas/Los_Angeles (remembered)";
        assert_eq!(remembered(text), None);
        let answer = nearest_timezone(text);
        assert_eq!(remembered(text), Some(answer));
        assert_eq!(
            nearest_timezone(text),
            answer,
            "the same answer from memory"
        );
        assert_eq!(nearest_timezone("nowhere at all"), None);
        assert_eq!(
            remembered("nowhere at all"),
            Some(None),
            "no answer is remembered too"
        );
    }

    #[test]
    fn suggestions_name_the_likely_value() {
        let messages = |change: fn(&mut UserInfo)| {
            let mut form = valid();
            change(&mut form);
            validate(&form)
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            messages(|f| f.demographic.timezone = Some("Americas/Los_Angeles".into()))
                .contains("`America/Los_Angeles`")
        );
        assert!(
            messages(|f| f.demographic.timezone = Some("europe/paris".into()))
                .contains("`Europe/Paris`")
        );
        assert!(messages(|f| f.location.country = Some("USA".into())).contains("`US`"));
        assert_eq!(nearest_timezone("Europe/Pari"), Some("Europe/Paris"));
        assert_eq!(
            nearest_timezone("America/Seatle"),
            None,
            "no far-fetched suggestion"
        );
        assert!(messages(|f| f.location.country = Some("us".into())).contains("`US`"));
        assert!(messages(|f| f.demographic.locale = Some("en-us".into())).contains("`en_US`"));
        assert!(messages(|f| f.location.latitude = Some(47.61)).contains("47.6"));
    }

    #[test]
    fn e164_examples() {
        for ok in ["+12065550100", "+44", "+123456789012345"] {
            assert!(is_e164(ok), "{ok}");
        }
        for bad in [
            "12065550100",
            "+1",
            "+1234567890123456",
            "+1 206 555",
            "+0123",
            "",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }

    #[test]
    fn problems_print_as_path_colon_message() {
        let p = &validate(&UserInfo {
            location: Location {
                latitude: Some(91.0),
                ..Default::default()
            },
            ..valid()
        })[0];
        assert_eq!(
            p.to_string(),
            "location.latitude: error: latitude 91 is outside -90..90"
        );
    }
}
