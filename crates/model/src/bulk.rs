//! Bulk test users: N endpoints from one profile, with ids from templates and fields that
//! vary from one endpoint to the next. Deterministic unless `{uuid}` is used, so running the
//! same plan again updates the same endpoints. Before anything is sent, a plan can say what
//! it will do: its problems, its warnings (endpoints that share an address or a user id) and
//! which endpoints already stored it would make INACTIVE.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use super::fields::{FIELDS, Field, Kind, Mut};
use super::form::UserInfo;
use super::validate::{Problem, Severity, validate, validate_errors};
use super::wire::EndpointResponse;

/// The most endpoints one plan may make.
pub const MAX_COUNT: u64 = 10_000_000;

/// A template such as `qa-{n}`, `qa-{n:05}` or `load-{uuid}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    /// `{n}` or `{n:0W}` (zero-padded to W digits).
    Number {
        width: usize,
    },
    Uuid,
}

impl Template {
    /// Parses a template; `{n}`, `{n:0W}` and `{uuid}` are placeholders, `{{` and `}}` are
    /// literal braces.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(format!("`{{` without `}}` in `{text}`"));
                    }
                    let part = match name.as_str() {
                        "n" => Part::Number { width: 0 },
                        "uuid" => Part::Uuid,
                        other => match other
                            .strip_prefix("n:0")
                            .and_then(|w| w.parse::<usize>().ok())
                        {
                            Some(width) if width <= 20 => Part::Number { width },
                            _ => {
                                return Err(format!(
                                    "`{{{other}}}` in `{text}` is not a placeholder ({{n}}, {{n:05}} or {{uuid}})"
                                ));
                            }
                        },
                    };
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(part);
                }
                '}' => {
                    return Err(format!(
                        "`}}` without `{{` in `{text}` (write `}}}}` for a brace)"
                    ));
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template { parts })
    }

    /// `PREFIX-{n}`: the prefix taken as it is (braces in it are not placeholders).
    pub fn numbered(prefix: &str) -> Template {
        Template {
            parts: vec![Part::Text(format!("{prefix}-")), Part::Number { width: 0 }],
        }
    }

    /// True when every expansion is different (the template counts or is random).
    pub fn is_unique(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, Part::Text(_)))
    }

    /// True when the template has `{uuid}`: every run makes different values.
    pub fn is_random(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Uuid))
    }

    /// The text for number `n`; `uuid` makes a fresh UUID when asked for.
    pub fn expand(&self, n: u64, uuid: &mut dyn FnMut() -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Number { width } => out.push_str(&format!("{n:0width$}")),
                Part::Uuid => out.push_str(&uuid()),
            }
        }
        out
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Text(t) => f.write_str(&t.replace('{', "{{").replace('}', "}}"))?,
                Part::Number { width: 0 } => f.write_str("{n}")?,
                Part::Number { width } => write!(f, "{{n:0{width}}}")?,
                Part::Uuid => f.write_str("{uuid}")?,
            }
        }
        Ok(())
    }
}

/// What a varied field takes, item after item.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Cycles through these.
    List(Vec<String>),
    /// Whole numbers from `from` to `to` (inclusive), cycling.
    Range { from: i64, to: i64 },
}

/// A `--vary FIELD=VALUES` option.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// A form path: `demographic.platform`, `metrics.logins`, `attributes.plan`...
    pub field: String,
    pub values: Values,
}

/// The fields bulk numbers itself, from its templates (`--endpoint-id`, `--user-id`).
const NUMBERED: [&str; 2] = ["endpoint_id", "user_id"];

/// The fields `--vary` can set (besides `attributes.NAME`, `user_attributes.NAME` and
/// `metrics.NAME`): every scalar field of the endpoint but the numbered ones.
pub fn variable_fields() -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(|f| !NUMBERED.contains(&f.path))
}

fn variable_field(path: &str) -> Option<&'static Field> {
    variable_fields().find(|f| f.path == path)
}

impl Vary {
    /// Parses `field=a,b,c` or `field=FROM..TO`.
    pub fn parse(text: &str) -> Result<Vary, String> {
        let (field, values) = text.split_once('=').ok_or_else(|| {
            format!("`{text}` is not FIELD=VALUES (e.g. demographic.platform=iOS,Android)")
        })?;
        let field = field.trim().to_string();
        let known = variable_field(&field).is_some()
            || ["attributes.", "user_attributes.", "metrics."]
                .iter()
                .any(|p| field.strip_prefix(p).is_some_and(|name| !name.is_empty()));
        if !known {
            return Err(format!(
                "`{field}` cannot vary; use attributes.NAME, user_attributes.NAME, metrics.NAME or one of {}",
                variable_fields()
                    .map(|f| f.path)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let values = match values.split_once("..") {
            Some((a, b)) if a.trim().parse::<i64>().is_ok() && b.trim().parse::<i64>().is_ok() => {
                let (from, to): (i64, i64) =
                    (a.trim().parse().unwrap_or(0), b.trim().parse().unwrap_or(0));
                if from > to {
                    return Err(format!("`{text}`: the range goes down ({from} > {to})"));
                }
                if to.checked_sub(from).is_none_or(|span| span == i64::MAX) {
                    return Err(format!("`{text}`: the range is too wide"));
                }
                Values::Range { from, to }
            }
            _ => {
                let list: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
                if list.iter().all(String::is_empty) {
                    return Err(format!("`{text}` gives no values"));
                }
                Values::List(list)
            }
        };
        let numeric = field.starts_with("metrics.")
            || variable_field(&field).is_some_and(|f| f.kind == Kind::Number);
        if numeric
            && let Values::List(list) = &values
            && let Some(bad) = list.iter().find(|v| v.parse::<f64>().is_err())
        {
            return Err(format!("`{field}` takes numbers; `{bad}` is not one"));
        }
        Ok(Vary { field, values })
    }

    /// The value for item `index` (0-based).
    pub fn value(&self, index: u64) -> String {
        match &self.values {
            Values::List(list) => list[(index % list.len() as u64) as usize].clone(),
            Values::Range { from, to } => {
                // `parse` keeps `to - from` below i64::MAX.
                let span = (to - from) as u64 + 1;
                (from + (index % span) as i64).to_string()
            }
        }
    }

    /// Sets the field on a form.
    pub fn apply(&self, form: &mut UserInfo, index: u64) {
        let value = self.value(index);
        let number = || value.parse::<f64>().ok();
        let text = || (!value.is_empty()).then(|| value.clone());
        let f = self.field.as_str();
        if let Some(name) = f.strip_prefix("attributes.") {
            form.attributes
                .insert(name.to_string(), vec![value.clone()]);
        } else if let Some(name) = f.strip_prefix("user_attributes.") {
            form.user_attributes
                .insert(name.to_string(), vec![value.clone()]);
        } else if let Some(name) = f.strip_prefix("metrics.") {
            form.metrics
                .insert(name.to_string(), number().unwrap_or_default());
        } else if let Some(field) = variable_field(f) {
            match field.get_mut(form) {
                Mut::Text(slot) => *slot = text(),
                Mut::Number(slot) => *slot = number(),
            }
        }
    }
}

/// How to make N endpoints from one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub base: UserInfo,
    pub count: u64,
    pub start: u64,
    pub endpoint_id: Template,
    pub user_id: Option<Template>,
    pub address: Option<Template>,
    pub vary: Vec<Vary>,
}

impl Plan {
    /// A plan of `count` endpoints from `base`, numbered from 1. Without templates, the
    /// endpoint id is the profile's endpoint id (or `bulk`) followed by `-{n}`, and the user
    /// id, when the profile has one, likewise.
    pub fn new(
        base: UserInfo,
        count: u64,
        endpoint_id: Option<Template>,
        user_id: Option<Template>,
    ) -> Plan {
        let endpoint_id = endpoint_id
            .unwrap_or_else(|| Template::numbered(base.endpoint_id.as_deref().unwrap_or("bulk")));
        let user_id = user_id.or_else(|| base.user_id.as_deref().map(Template::numbered));
        Plan {
            base,
            count,
            start: 1,
            endpoint_id,
            user_id,
            address: None,
            vary: Vec::new(),
        }
    }

    /// The plan that the `bulk` command's words describe: the templates and the `--vary`
    /// specs as typed (each read here; a mistake is said in one line), numbered from
    /// `start`.
    pub fn from_templates(
        base: UserInfo,
        count: u64,
        start: u64,
        endpoint_id: Option<&str>,
        user_id: Option<&str>,
        address: Option<&str>,
        vary: &[String],
    ) -> Result<Plan, String> {
        let endpoint_id = endpoint_id.map(Template::parse).transpose()?;
        let user_id = user_id.map(Template::parse).transpose()?;
        let address = address.map(Template::parse).transpose()?;
        let vary = vary
            .iter()
            .map(|v| Vary::parse(v))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Plan {
            start,
            address,
            vary,
            ..Plan::new(base, count, endpoint_id, user_id)
        })
    }

    /// Item `index` (0-based): the base profile with its templates expanded and the varied
    /// fields set.
    pub fn item(&self, index: u64, uuid: &mut dyn FnMut() -> String) -> UserInfo {
        let n = self.start + index;
        let mut form = self.base.clone();
        form.endpoint_id = Some(self.endpoint_id.expand(n, uuid));
        if let Some(t) = &self.user_id {
            form.user_id = Some(t.expand(n, uuid));
        }
        form.address = self.address_of(index, uuid);
        for v in &self.vary {
            v.apply(&mut form, index);
        }
        form
    }

    /// The address of item `index`: the address template's, else the profile's, and a
    /// varied address over both (as `item` sets it, without making the whole item).
    fn address_of(&self, index: u64, uuid: &mut dyn FnMut() -> String) -> Option<String> {
        let mut address = match &self.address {
            Some(t) => Some(t.expand(self.start + index, uuid)),
            None => self.base.address.clone(),
        };
        for v in self.vary.iter().filter(|v| v.field == "address") {
            let value = v.value(index);
            address = (!value.is_empty()).then_some(value);
        }
        address
    }

    /// How many endpoints get an address, and how many different addresses they get.
    pub fn address_use(&self) -> AddressUse {
        let count = self.count;
        // The last `--vary address=...` wins, as in `item`.
        if let Some(vary) = self.vary.iter().rev().find(|v| v.field == "address") {
            return match &vary.values {
                Values::List(list) => {
                    let len = list.len() as u64;
                    let (rounds, rest) = (count / len, count % len);
                    let addressed = (0..len)
                        .filter(|i| !list[*i as usize].is_empty())
                        .map(|i| rounds + u64::from(i < rest))
                        .sum();
                    let distinct = list
                        .iter()
                        .take(count.min(len) as usize)
                        .filter(|v| !v.is_empty())
                        .collect::<HashSet<_>>()
                        .len() as u64;
                    AddressUse {
                        addressed,
                        distinct,
                    }
                }
                Values::Range { from, to } => AddressUse {
                    addressed: count,
                    // `Vary::parse` keeps `to - from` below i64::MAX.
                    distinct: count.min((to - from) as u64 + 1),
                },
            };
        }
        let unique = match &self.address {
            Some(t) => t.is_unique(),
            None if self.base.address.is_some() => false,
            None => return AddressUse::default(),
        };
        AddressUse {
            addressed: count,
            distinct: if unique { count } else { count.min(1) },
        }
    }

    /// The warning for endpoints that get the same address, if some do: they make each
    /// other INACTIVE, so only one endpoint per address stays ACTIVE.
    pub fn address_warning(&self) -> Option<String> {
        let AddressUse {
            addressed,
            distinct,
        } = self.address_use();
        let vary = "vary it with --address, e.g. 'qa+{n}@example.com'";
        if distinct == 1 && addressed > 1 {
            let all = if addressed == self.count { "all " } else { "" };
            Some(format!(
                "{all}{addressed} endpoints get the same address; each update makes the others INACTIVE, so only one of them stays ACTIVE ({vary})"
            ))
        } else if distinct < addressed {
            Some(format!(
                "{addressed} endpoints get only {distinct} different addresses; endpoints that share an address make each other INACTIVE, so only {distinct} of them stay ACTIVE ({vary})"
            ))
        } else {
            None
        }
    }

    /// The warning for endpoints that all get one user id (up to 15; more is an error).
    pub fn user_warning(&self) -> Option<String> {
        let template = self.user_id.as_ref()?;
        (!template.is_unique() && self.count > 1 && self.count <= 15).then(|| {
            format!(
                "all {} endpoints get user id `{}`: they are endpoints of one user and share its user attributes (Pinpoint allows 15 per user id; vary it with --user-id 'NAME-{{n}}')",
                self.count,
                template.expand(self.start, &mut String::new)
            )
        })
    }

    /// Everything to know before the plan is sent: its errors (at most `limit`, see
    /// `check`) and its warnings. The field warnings are those of the first
    /// `WARNING_SAMPLE` items, each field's once.
    pub fn review(&self, limit: usize) -> Review {
        let mut warnings: Vec<String> = [self.address_warning(), self.user_warning()]
            .into_iter()
            .flatten()
            .collect();
        if self.endpoint_id.is_random() {
            warnings.push(format!(
                "the endpoint ids have {{uuid}} in `{}`: running this again makes new endpoints instead of updating these",
                self.endpoint_id
            ));
        }
        let problems = self.check(limit);
        if problems.is_empty() {
            warnings.extend(self.field_warnings());
        }
        Review { problems, warnings }
    }

    /// Each field's first warning among the first `WARNING_SAMPLE` items, with how many of
    /// them have a warning on that field.
    fn field_warnings(&self) -> Vec<String> {
        let sample = self.count.min(WARNING_SAMPLE);
        // The ids shown say where a random part goes, as the plan's own lines do.
        let mut uuid = || "<uuid>".to_string();
        let mut fields: BTreeMap<String, (String, u64)> = BTreeMap::new();
        let mut order = Vec::new();
        for index in 0..sample {
            let item = self.item(index, &mut uuid);
            let id = item.endpoint_id.clone().unwrap_or_default();
            for p in validate(&item) {
                if p.severity != Severity::Warning {
                    continue;
                }
                let entry = fields.entry(p.path.clone()).or_insert_with(|| {
                    order.push(p.path.clone());
                    (format!("item {index} ({id}): {}: {}", p.path, p.message), 0)
                });
                entry.1 += 1;
            }
        }
        let items = |n: u64| {
            if sample < self.count {
                format!("{n} of the first {sample} items")
            } else {
                format!("{n} items")
            }
        };
        order
            .into_iter()
            .map(|path| {
                let (first, count) = &fields[&path];
                match count {
                    1 => first.clone(),
                    n => format!("{first} ({} have a warning on {path})", items(*n)),
                }
            })
            .collect()
    }

    /// Of endpoints already stored, those that the plan would make INACTIVE: their address
    /// is one the plan writes, and they are not among the plan's own endpoints (whose ids
    /// compare as Pinpoint compares them, without case). Goes through every item once.
    pub fn displaced<'a>(&self, stored: &'a [EndpointResponse]) -> Vec<&'a EndpointResponse> {
        let candidates: Vec<(&EndpointResponse, &str, String)> = stored
            .iter()
            .filter_map(|e| {
                let address = e.address.as_deref().filter(|a| !a.is_empty())?;
                Some((e, address, e.id.clone().unwrap_or_default().to_lowercase()))
            })
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let mut own = vec![false; candidates.len()];
        let mut shares = vec![false; candidates.len()];
        let mut uuid = || uuid::Uuid::nil().to_string();
        for index in 0..self.count {
            let id = self
                .endpoint_id
                .expand(self.start + index, &mut uuid)
                .to_lowercase();
            let address = self.address_of(index, &mut uuid);
            for (c, (_, stored_address, stored_id)) in candidates.iter().enumerate() {
                own[c] |= *stored_id == id;
                shares[c] |= address.as_deref() == Some(*stored_address);
            }
        }
        candidates
            .into_iter()
            .enumerate()
            .filter(|(c, _)| shares[*c] && !own[*c])
            .map(|(_, (e, _, _))| e)
            .collect()
    }

    /// Checks the plan itself, then every item: the problems of the first items that have
    /// errors (at most `limit`), with the item's endpoint id in each path.
    pub fn check(&self, limit: usize) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.count == 0 || self.count > MAX_COUNT {
            out.push(problem(
                "count",
                format!("the count must be between 1 and {MAX_COUNT}"),
            ));
        }
        if self.start.checked_add(self.count).is_none() {
            out.push(problem(
                "start",
                format!(
                    "--start {} leaves no room for {} numbers",
                    self.start, self.count
                ),
            ));
        }
        if self.count > 1 && !self.endpoint_id.is_unique() {
            out.push(problem(
                "endpoint_id",
                format!(
                    "`{}` gives every endpoint the same id; add {{n}} or {{uuid}}",
                    self.endpoint_id
                ),
            ));
        }
        let shared_user = match &self.user_id {
            Some(t) => !t.is_unique(),
            None => self.base.user_id.is_some(),
        };
        if shared_user && self.count > 15 {
            out.push(problem(
                "user_id",
                format!(
                    "{} endpoints would share one user id; Pinpoint allows 15 per user id (use --user-id 'NAME-{{n}}')",
                    self.count
                ),
            ));
        }
        if !out.is_empty() {
            return out;
        }
        let mut uuid = || uuid::Uuid::nil().to_string();
        for index in 0..self.count {
            let item = self.item(index, &mut uuid);
            let errors = validate_errors(&item);
            let id = item.endpoint_id.unwrap_or_default();
            for p in errors {
                out.push(Problem {
                    path: format!("item {index} ({id}): {}", p.path),
                    ..p
                });
                if out.len() >= limit {
                    return out;
                }
            }
        }
        out
    }
}

/// How many items of a plan have their field warnings looked for.
pub const WARNING_SAMPLE: u64 = 1000;

/// How a plan's endpoints get their addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddressUse {
    /// Endpoints that get an address.
    pub addressed: u64,
    /// Different addresses among them: as many endpoints stay ACTIVE, since endpoints that
    /// share an address make each other INACTIVE.
    pub distinct: u64,
}

/// What a plan would do wrong or not as meant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// Errors: nothing may be sent while there are any.
    pub problems: Vec<Problem>,
    /// Warnings, worded for people.
    pub warnings: Vec<String>,
}

fn problem(path: &str, message: String) -> Problem {
    Problem {
        path: path.into(),
        severity: Severity::Error,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Ref;

    fn no_uuid() -> impl FnMut() -> String {
        || "UUID".to_string()
    }

    #[test]
    fn vary_names_every_scalar_field_but_the_numbered_ones() {
        let error = Vary::parse("endpoint_id=a,b").unwrap_err();
        assert_eq!(
            error,
            "`endpoint_id` cannot vary; use attributes.NAME, user_attributes.NAME, metrics.NAME \
             or one of channel_type, address, opt_out, endpoint_status, demographic.app_version, \
             demographic.locale, demographic.make, demographic.model, demographic.model_version, \
             demographic.platform, demographic.platform_version, demographic.timezone, \
             location.city, location.country, location.postal_code, location.region, \
             location.latitude, location.longitude"
        );
        assert_eq!(
            Vary::parse("location.longitude=east").unwrap_err(),
            "`location.longitude` takes numbers; `east` is not one"
        );
        let mut form = UserInfo::default();
        for field in variable_fields() {
            Vary::parse(&format!("{}=7", field.path))
                .unwrap()
                .apply(&mut form, 0);
        }
        let every = |f: &Field| match f.get(&form) {
            Ref::Text(text) => text.as_deref() == Some("7"),
            Ref::Number(number) => *number == Some(7.0),
        };
        assert!(variable_fields().all(every));
        assert_eq!(form.endpoint_id, None);
    }

    #[test]
    fn templates_expand_numbers_and_uuids() {
        let mut uuid = no_uuid();
        let t = Template::parse("qa-{n}").unwrap();
        assert_eq!(t.expand(7, &mut uuid), "qa-7");
        assert!(t.is_unique());
        let t = Template::parse("qa-{n:05}-{uuid}").unwrap();
        assert_eq!(t.expand(42, &mut uuid), "qa-00042-UUID");
        let t = Template::parse("{{literal}}").unwrap();
        assert_eq!(t.expand(1, &mut uuid), "{literal}");
        assert!(!t.is_unique());
        for bad in ["qa-{m}", "qa-{n", "qa-}", "{n:5}"] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Template::parse("a-{n:03}").unwrap().to_string(), "a-{n:03}");
    }

    #[test]
    fn vary_cycles_lists_and_ranges() {
        let v = Vary::parse("demographic.platform=iOS,Android").unwrap();
        assert_eq!(
            (0..4).map(|i| v.value(i)).collect::<Vec<_>>(),
            ["iOS", "Android", "iOS", "Android"]
        );
        let v = Vary::parse("metrics.logins=0..500").unwrap();
        assert_eq!(v.value(0), "0");
        assert_eq!(v.value(500), "500");
        assert_eq!(v.value(501), "0");
        let mut form = UserInfo::default();
        v.apply(&mut form, 157);
        assert_eq!(form.metrics["logins"], 157.0);
        let v = Vary::parse("location.country=US,CA,MX").unwrap();
        v.apply(&mut form, 2);
        assert_eq!(form.location.country.as_deref(), Some("MX"));
        let v = Vary::parse("attributes.plan=basic,premium").unwrap();
        v.apply(&mut form, 1);
        assert_eq!(form.attributes["plan"], ["premium"]);
        for bad in [
            "platform",
            "nope=1",
            "metrics.x=a,b",
            "metrics.=1",
            "metrics.x=5..1",
            "demographic.platform=",
        ] {
            assert!(Vary::parse(bad).is_err(), "{bad}");
        }
    }

    fn plan(count: u64) -> Plan {
        Plan {
            base: UserInfo {
                channel_type: Some("EMAIL".into()),
                ..Default::default()
            },
            count,
            start: 1,
            endpoint_id: Template::parse("qa-{n}").unwrap(),
            user_id: Some(Template::parse("qa-user-{n}").unwrap()),
            address: Some(Template::parse("qa+{n}@example.com").unwrap()),
            vary: vec![Vary::parse("metrics.logins=0..2").unwrap()],
        }
    }

    #[test]
    fn items_are_deterministic() {
        let p = plan(3);
        let mut uuid = no_uuid();
        let items: Vec<UserInfo> = (0..3).map(|i| p.item(i, &mut uuid)).collect();
        assert_eq!(items[0].endpoint_id.as_deref(), Some("qa-1"));
        assert_eq!(items[2].user_id.as_deref(), Some("qa-user-3"));
        assert_eq!(items[1].address.as_deref(), Some("qa+2@example.com"));
        assert_eq!(items[2].metrics["logins"], 2.0);
        assert_eq!(p.item(2, &mut uuid), items[2]);
        assert_eq!(p.check(10), vec![]);
    }

    #[test]
    fn plans_that_cannot_work_are_refused() {
        let mut p = plan(20);
        p.endpoint_id = Template::parse("same").unwrap();
        assert!(p.check(10)[0].message.contains("same id"));
        let mut p = plan(16);
        p.user_id = Some(Template::parse("one-user").unwrap());
        assert!(p.check(10)[0].message.contains("15 per user id"));
        let mut p = plan(5);
        p.vary.push(Vary::parse("location.latitude=10,95").unwrap());
        let problems = p.check(10);
        assert_eq!(
            problems.len(),
            2,
            "items 1 and 3 have latitude 95: {problems:?}"
        );
        assert!(
            problems[0]
                .path
                .starts_with("item 1 (qa-2): location.latitude"),
            "{problems:?}"
        );
        assert_eq!(plan(0).check(10)[0].path, "count");
    }

    #[test]
    fn address_use_counts_the_addresses_as_items_get_them() {
        let uses = |p: &Plan| (p.address_use().addressed, p.address_use().distinct);
        assert_eq!(uses(&plan(5)), (5, 5), "qa+{{n}}@example.com");
        let mut p = plan(5);
        p.address = None;
        assert_eq!(uses(&p), (0, 0), "no address anywhere");
        p.base.address = Some("one@example.com".into());
        assert_eq!(uses(&p), (5, 1));
        p.address = Some(Template::parse("fixed@example.com").unwrap());
        assert_eq!(uses(&p), (5, 1));
        p.vary
            .push(Vary::parse("address=a@x.com,b@x.com,,a@x.com").unwrap());
        // a b - a a: four with an address, two different.
        assert_eq!(uses(&p), (4, 2));
        let items: Vec<_> = (0..5).map(|i| p.item(i, &mut no_uuid()).address).collect();
        assert_eq!(items.iter().flatten().count(), 4, "item agrees: {items:?}");
        p.vary.push(Vary::parse("address=1..3").unwrap());
        assert_eq!(uses(&p), (5, 3), "the last --vary address wins");
    }

    #[test]
    fn shared_addresses_and_user_ids_are_warned_about() {
        assert_eq!(plan(5).address_warning(), None);
        let mut p = plan(5);
        p.address = Some(Template::parse("same@example.com").unwrap());
        let warning = p.address_warning().unwrap();
        assert!(
            warning.starts_with("all 5 endpoints get the same address")
                && warning.contains("only one of them stays ACTIVE"),
            "{warning}"
        );
        p.vary.push(Vary::parse("address=a@x.com,b@x.com").unwrap());
        let warning = p.address_warning().unwrap();
        assert!(
            warning.contains("5 endpoints get only 2 different addresses")
                && warning.contains("only 2 of them stay ACTIVE"),
            "{warning}"
        );
        let mut one = plan(1);
        one.address = Some(Template::parse("same@example.com").unwrap());
        assert_eq!(one.address_warning(), None, "one endpoint shares nothing");

        assert_eq!(plan(5).user_warning(), None);
        let mut p = plan(5);
        p.user_id = Some(Template::parse("one-user").unwrap());
        let warning = p.user_warning().unwrap();
        assert!(
            warning.starts_with("all 5 endpoints get user id `one-user`"),
            "{warning}"
        );
        let review = p.review(10);
        assert_eq!(review.problems, vec![]);
        assert!(review.warnings.contains(&warning), "{review:?}");
    }

    #[test]
    fn field_warnings_are_said_once_per_field_with_how_many_items_have_them() {
        let mut p = plan(3);
        p.base.location.country = Some("USA".into());
        p.vary
            .push(Vary::parse("demographic.timezone=Europe/Berlin,Mars/Base").unwrap());
        let review = p.review(10);
        let about = |field: &str| -> Vec<&String> {
            review
                .warnings
                .iter()
                .filter(|w| w.contains(field))
                .collect()
        };
        let country = about("location.country");
        assert_eq!(country.len(), 1, "{review:?}");
        assert!(
            country[0].starts_with("item 0 (qa-1): location.country:")
                && country[0].ends_with("(3 items have a warning on location.country)"),
            "{country:?}"
        );
        let zone = about("demographic.timezone");
        assert_eq!(zone.len(), 1, "{review:?}");
        assert!(zone[0].starts_with("item 1 (qa-2): "), "{zone:?}");
        let mut p = plan(3);
        p.endpoint_id = Template::parse("load-{uuid}").unwrap();
        assert!(
            p.review(10).warnings.iter().any(|w| w.contains("{uuid}")),
            "random ids are said to make new endpoints on every run"
        );
    }

    #[test]
    fn displaced_are_stored_endpoints_with_a_written_address_that_are_not_the_plans() {
        let stored = |id: &str, address: &str| EndpointResponse {
            id: Some(id.into()),
            address: Some(address.into()),
            ..Default::default()
        };
        let endpoints = vec![
            stored("hand-made", "qa+2@example.com"),
            stored("QA-3", "qa+3@example.com"),
            stored("elsewhere", "other@example.com"),
            stored("past-the-end", "qa+6@example.com"),
        ];
        let ids = |found: Vec<&EndpointResponse>| -> Vec<String> {
            found.iter().map(|e| e.id.clone().unwrap()).collect()
        };
        // qa-1..qa-5 get qa+1..qa+5: QA-3 is the plan's own qa-3 (ids ignore case).
        assert_eq!(ids(plan(5).displaced(&endpoints)), ["hand-made"]);
        // One address for all: every stored endpoint with it but the plan's own.
        let mut p = plan(5);
        p.address = Some(Template::parse("other@example.com").unwrap());
        assert_eq!(ids(p.displaced(&endpoints)), ["elsewhere"]);
        p.start = 10;
        p.address = Some(Template::parse("qa+{n}@example.com").unwrap());
        assert_eq!(ids(p.displaced(&endpoints)), Vec::<String>::new());
        assert!(plan(5).displaced(&[]).is_empty());
    }
}
