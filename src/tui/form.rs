//! The form as the console edits it: sections, their fields, and the edits a key can make.
//! Numbers that do not parse yet are kept as drafts beside the form, so nothing typed is
//! lost and the problem is shown on the field.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::UserInfo;
use crate::model::fields::{self, FIELDS, Mut, Ref};
use crate::model::form::AttributeMap;
use crate::model::validate::{Problem, Severity, key_path, validate};

/// The six sections of the form, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Identity,
    Attributes,
    Demographic,
    Location,
    Metrics,
    UserAttributes,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Identity,
        Section::Attributes,
        Section::Demographic,
        Section::Location,
        Section::Metrics,
        Section::UserAttributes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Identity => "Identity",
            Section::Attributes => "Attributes",
            Section::Demographic => "Demographic",
            Section::Location => "Location",
            Section::Metrics => "Metrics",
            Section::UserAttributes => "User attributes",
        }
    }

    /// The path prefix of the section's fields in validation problems.
    pub fn path(self) -> &'static str {
        match self {
            Section::Identity => "",
            Section::Attributes => "attributes",
            Section::Demographic => "demographic",
            Section::Location => "location",
            Section::Metrics => "metrics",
            Section::UserAttributes => "user_attributes",
        }
    }

    /// The scalar fields of a section, as `model::fields` orders them (empty for the list
    /// sections).
    pub fn fields(self) -> &'static [Field] {
        let section = match self {
            Section::Identity => fields::Section::Identity,
            Section::Demographic => fields::Section::Demographic,
            Section::Location => fields::Section::Location,
            _ => return &[],
        };
        &ALL_FIELDS[fields::range(section)]
    }

    /// True for the sections that are lists of names (attributes, metrics, user attributes).
    pub fn is_list(self) -> bool {
        self.fields().is_empty()
    }

    /// The section a validation path belongs to.
    pub fn of_path(path: &str) -> Section {
        let head = path.split(['.', '[']).next().unwrap_or_default();
        match head {
            "attributes" | "endpoint" => Section::Attributes,
            "demographic" => Section::Demographic,
            "location" => Section::Location,
            "metrics" => Section::Metrics,
            "user_attributes" => Section::UserAttributes,
            _ => Section::Identity,
        }
    }
}

/// What a field holds.
pub use crate::model::fields::Kind as FieldKind;

/// A scalar field of the form: a row of `model::fields::FIELDS`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field(usize);

/// Every field, in the table's order.
static ALL_FIELDS: [Field; FIELDS.len()] = {
    let mut all = [Field(0); FIELDS.len()];
    let mut i = 0;
    while i < all.len() {
        all[i] = Field(i);
        i += 1;
    }
    all
};

/// Fields by name, for the code that means one (a field needs none to be on the form).
#[allow(non_upper_case_globals)]
impl Field {
    pub const EndpointId: Field = Field(fields::index_of("endpoint_id"));
    pub const UserId: Field = Field(fields::index_of("user_id"));
    pub const ChannelType: Field = Field(fields::index_of("channel_type"));
    pub const Address: Field = Field(fields::index_of("address"));
    pub const OptOut: Field = Field(fields::index_of("opt_out"));
    pub const AppVersion: Field = Field(fields::index_of("demographic.app_version"));
    pub const Platform: Field = Field(fields::index_of("demographic.platform"));
    pub const Timezone: Field = Field(fields::index_of("demographic.timezone"));
    pub const City: Field = Field(fields::index_of("location.city"));
    pub const Country: Field = Field(fields::index_of("location.country"));
    pub const PostalCode: Field = Field(fields::index_of("location.postal_code"));
    pub const Region: Field = Field(fields::index_of("location.region"));
    pub const Latitude: Field = Field(fields::index_of("location.latitude"));
    pub const Longitude: Field = Field(fields::index_of("location.longitude"));
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field({})", self.path())
    }
}

impl Field {
    fn row(self) -> &'static fields::Field {
        &FIELDS[self.0]
    }

    /// The validation path (and profile key) of the field.
    pub fn path(self) -> &'static str {
        self.row().path
    }

    pub fn label(self) -> &'static str {
        self.row().label
    }

    /// An example shown in an empty field.
    pub fn hint(self) -> &'static str {
        self.row().hint
    }

    pub fn kind(self) -> FieldKind {
        self.row().kind
    }
}

/// The form being edited, with the numbers that do not parse yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormState {
    pub info: UserInfo,
    /// Validation path -> text typed into a number field that is not a number.
    pub drafts: BTreeMap<String, String>,
}

/// Formats a number as it was typed back into a field.
pub fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok()
}

impl FormState {
    pub fn new(info: UserInfo) -> Self {
        FormState {
            info,
            drafts: BTreeMap::new(),
        }
    }

    /// The text a field shows.
    pub fn text(&self, field: Field) -> String {
        if let Some(draft) = self.drafts.get(field.path()) {
            return draft.clone();
        }
        match field.row().get(&self.info) {
            Ref::Text(text) => text.clone().unwrap_or_default(),
            Ref::Number(number) => number.map(number_text).unwrap_or_default(),
        }
    }

    /// Sets a field from typed text: empty means unset; a number that does not parse is
    /// kept as a draft (and reported by `problems`).
    pub fn set_text(&mut self, field: Field, text: &str) {
        let path = field.path().to_string();
        self.drafts.remove(&path);
        match field.row().get_mut(&mut self.info) {
            Mut::Text(slot) => *slot = (!text.is_empty()).then(|| text.to_string()),
            Mut::Number(slot) => {
                if text.trim().is_empty() {
                    *slot = None;
                } else if let Some(v) = parse_number(text) {
                    *slot = Some(v);
                } else {
                    *slot = None;
                    self.drafts.insert(path, text.to_string());
                }
            }
        }
    }

    /// Steps a choice field through unset and its values (`step` is +1 or -1).
    pub fn cycle_choice(&mut self, field: Field, step: isize) {
        let FieldKind::Choice(values) = field.kind() else {
            return;
        };
        let current = self.text(field);
        // Position 0 is "unset", then the values.
        let position = values
            .iter()
            .position(|v| *v == current)
            .map_or(0, |i| i + 1) as isize;
        let count = values.len() as isize + 1;
        let next = (position + step).rem_euclid(count) as usize;
        let text = if next == 0 { "" } else { values[next - 1] };
        self.set_text(field, text);
    }

    /// Every problem: validation's, and numbers that do not parse.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = validate(&self.info);
        for (path, text) in &self.drafts {
            let message = if text.trim().is_empty() {
                "empty: a metric needs a number".to_string()
            } else {
                format!("`{text}` is not a number")
            };
            problems.push(Problem {
                path: path.clone(),
                severity: Severity::Error,
                message,
            });
        }
        problems
    }

    /// The metrics whose text is not a number (empty, or `15k`), with that text: the
    /// preview shows them as invalid instead of the 0 the form holds for them.
    pub fn unparsed_metrics(&self) -> Vec<(String, String)> {
        self.info
            .metrics
            .keys()
            .filter_map(|name| {
                let text = self.drafts.get(&key_path("metrics", name))?;
                Some((name.clone(), text.clone()))
            })
            .collect()
    }

    /// The attribute-like map of a list section.
    pub fn list(&self, section: Section) -> Option<&AttributeMap> {
        match section {
            Section::Attributes => Some(&self.info.attributes),
            Section::UserAttributes => Some(&self.info.user_attributes),
            _ => None,
        }
    }

    pub fn list_mut(&mut self, section: Section) -> Option<&mut AttributeMap> {
        match section {
            Section::Attributes => Some(&mut self.info.attributes),
            Section::UserAttributes => Some(&mut self.info.user_attributes),
            _ => None,
        }
    }

    /// The names of a list section (attributes, user attributes or metrics), in order.
    pub fn names(&self, section: Section) -> Vec<String> {
        match section {
            Section::Metrics => self.info.metrics.keys().cloned().collect(),
            _ => self
                .list(section)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
        }
    }

    /// Adds a name with no values (or metric 0) to a list section; returns its index.
    /// Names are made unique (`name`, `name-2`, ...).
    pub fn add_name(&mut self, section: Section, name: &str) -> usize {
        let existing = self.names(section);
        let mut unique = name.to_string();
        let mut n = 2;
        while existing.contains(&unique) {
            unique = format!("{name}-{n}");
            n += 1;
        }
        match section {
            Section::Metrics => self.info.metrics.insert_full(unique, 0.0).0,
            _ => self
                .list_mut(section)
                .map_or(0, |m| m.insert_full(unique, Vec::new()).0),
        }
    }

    /// Renames the name at `index`, keeping its place and values. Refuses a name already
    /// used by another entry.
    pub fn rename(&mut self, section: Section, index: usize, name: &str) -> Result<(), String> {
        let names = self.names(section);
        if names.get(index).is_some_and(|n| n == name) {
            return Ok(());
        }
        if names.iter().any(|n| n == name) {
            return Err(format!("`{name}` is already a name in {}", section.title()));
        }
        fn rename_in<V>(map: &mut indexmap::IndexMap<String, V>, index: usize, name: &str) {
            if let Some((_, value)) = map.shift_remove_index(index) {
                map.shift_insert(index, name.to_string(), value);
            }
        }
        match section {
            Section::Metrics => {
                // A number still being typed moves with its metric.
                if let Some(old) = names.get(index)
                    && let Some(draft) = self.drafts.remove(&key_path("metrics", old))
                {
                    self.drafts.insert(key_path("metrics", name), draft);
                }
                rename_in(&mut self.info.metrics, index, name)
            }
            _ => {
                if let Some(m) = self.list_mut(section) {
                    rename_in(m, index, name);
                }
            }
        }
        Ok(())
    }

    /// Removes the name at `index` (and its values or metric).
    pub fn remove_name(&mut self, section: Section, index: usize) {
        match section {
            Section::Metrics => {
                if let Some((name, _)) = self.info.metrics.shift_remove_index(index) {
                    self.drafts.remove(&key_path("metrics", &name));
                }
            }
            _ => {
                if let Some(m) = self.list_mut(section) {
                    m.shift_remove_index(index);
                }
            }
        }
    }

    /// The text of a metric's value.
    pub fn metric_text(&self, name: &str) -> String {
        let path = key_path("metrics", name);
        self.drafts
            .get(&path)
            .cloned()
            .or_else(|| self.info.metrics.get(name).map(|v| number_text(*v)))
            .unwrap_or_default()
    }

    /// Sets a metric from typed text; a value that is not a number is kept as a draft.
    pub fn set_metric_text(&mut self, name: &str, text: &str) {
        let path = key_path("metrics", name);
        self.drafts.remove(&path);
        match parse_number(text) {
            Some(v) => {
                self.info.metrics.insert(name.to_string(), v);
            }
            None => {
                self.info.metrics.insert(name.to_string(), 0.0);
                self.drafts.insert(path, text.to_string());
            }
        }
    }

    /// The values of the name at `index` in a list section.
    pub fn values(&self, section: Section, index: usize) -> Vec<String> {
        self.list(section)
            .and_then(|m| m.get_index(index))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn values_mut(&mut self, section: Section, index: usize) -> Option<&mut Vec<String>> {
        self.list_mut(section)
            .and_then(|m| m.get_index_mut(index))
            .map(|(_, v)| v)
    }

    pub fn set_value(&mut self, section: Section, index: usize, value_index: usize, text: &str) {
        if let Some(v) = self
            .values_mut(section, index)
            .and_then(|v| v.get_mut(value_index))
        {
            *v = text.to_string();
        }
    }

    /// Adds an empty value after `after` (or at the end); returns its index.
    pub fn add_value(
        &mut self,
        section: Section,
        index: usize,
        after: Option<usize>,
    ) -> Option<usize> {
        let values = self.values_mut(section, index)?;
        let at = after.map_or(values.len(), |a| (a + 1).min(values.len()));
        values.insert(at, String::new());
        Some(at)
    }

    pub fn remove_value(&mut self, section: Section, index: usize, value_index: usize) {
        if let Some(values) = self.values_mut(section, index)
            && value_index < values.len()
        {
            values.remove(value_index);
        }
    }

    /// Moves a value one place up (`-1`) or down (`+1`); returns its new index.
    pub fn move_value(
        &mut self,
        section: Section,
        index: usize,
        value_index: usize,
        step: isize,
    ) -> usize {
        let Some(values) = self.values_mut(section, index) else {
            return value_index;
        };
        let target = value_index as isize + step;
        if target < 0 || target as usize >= values.len() {
            return value_index;
        }
        values.swap(value_index, target as usize);
        target as usize
    }
}

/// Counts a section's problems: (errors, warnings).
pub fn problem_counts(problems: &[Problem], section: Section) -> (usize, usize) {
    problems
        .iter()
        .filter(|p| Section::of_path(&p.path) == section)
        .fold((0, 0), |(e, w), p| match p.severity {
            Severity::Error => (e + 1, w),
            Severity::Warning => (e, w + 1),
        })
}

/// The problems about one path (or, with `prefix`, about it and anything under it).
pub fn problems_at<'a>(problems: &'a [Problem], path: &str, prefix: bool) -> Vec<&'a Problem> {
    problems
        .iter()
        .filter(|p| p.path == path || (prefix && (p.path.starts_with(&format!("{path}[")))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_set_and_clear() {
        let mut f = FormState::default();
        f.set_text(Field::City, "Seattle");
        assert_eq!(f.info.location.city.as_deref(), Some("Seattle"));
        f.set_text(Field::City, "");
        assert_eq!(f.info.location.city, None);
    }

    #[test]
    fn numbers_that_do_not_parse_are_drafts() {
        let mut f = FormState::default();
        f.set_text(Field::Latitude, "47.");
        assert_eq!(f.info.location.latitude, Some(47.0));
        f.set_text(Field::Latitude, "47.x");
        assert_eq!(f.info.location.latitude, None);
        assert_eq!(f.text(Field::Latitude), "47.x");
        let problems = f.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.path == "location.latitude" && p.message.contains("not a number"))
        );
        f.set_text(Field::Latitude, "47.6");
        assert_eq!(f.info.location.latitude, Some(47.6));
        assert!(f.drafts.is_empty());
    }

    #[test]
    fn choices_cycle_through_unset() {
        let mut f = FormState::default();
        f.cycle_choice(Field::OptOut, 1);
        assert_eq!(f.info.opt_out.as_deref(), Some("NONE"));
        f.cycle_choice(Field::OptOut, 1);
        assert_eq!(f.info.opt_out.as_deref(), Some("ALL"));
        f.cycle_choice(Field::OptOut, 1);
        assert_eq!(f.info.opt_out, None);
        f.cycle_choice(Field::OptOut, -1);
        assert_eq!(f.info.opt_out.as_deref(), Some("ALL"));
    }

    #[test]
    fn list_names_add_rename_remove_keep_order() {
        let mut f = FormState::default();
        assert_eq!(f.add_name(Section::Attributes, "a"), 0);
        assert_eq!(f.add_name(Section::Attributes, "b"), 1);
        assert_eq!(f.add_name(Section::Attributes, "a"), 2);
        assert_eq!(f.names(Section::Attributes), ["a", "b", "a-2"]);
        f.rename(Section::Attributes, 0, "z").unwrap();
        assert_eq!(f.names(Section::Attributes), ["z", "b", "a-2"]);
        assert!(f.rename(Section::Attributes, 0, "b").is_err());
        f.remove_name(Section::Attributes, 1);
        assert_eq!(f.names(Section::Attributes), ["z", "a-2"]);
    }

    #[test]
    fn values_add_edit_remove_reorder() {
        let mut f = FormState::default();
        f.add_name(Section::UserAttributes, "plan");
        assert_eq!(f.add_value(Section::UserAttributes, 0, None), Some(0));
        f.set_value(Section::UserAttributes, 0, 0, "pro");
        assert_eq!(f.add_value(Section::UserAttributes, 0, Some(0)), Some(1));
        f.set_value(Section::UserAttributes, 0, 1, "trial");
        assert_eq!(f.move_value(Section::UserAttributes, 0, 1, -1), 0);
        assert_eq!(f.values(Section::UserAttributes, 0), ["trial", "pro"]);
        assert_eq!(
            f.move_value(Section::UserAttributes, 0, 0, -1),
            0,
            "no move past the top"
        );
        f.remove_value(Section::UserAttributes, 0, 0);
        assert_eq!(f.values(Section::UserAttributes, 0), ["pro"]);
    }

    #[test]
    fn a_renamed_metric_keeps_the_number_being_typed() {
        let mut f = FormState::default();
        f.add_name(Section::Metrics, "m");
        f.set_metric_text("m", "abc");
        f.rename(Section::Metrics, 0, "n").unwrap();
        assert_eq!(f.metric_text("n"), "abc");
        assert!(f.problems().iter().any(|p| p.path == "metrics.n"));
        assert!(
            !f.problems().iter().any(|p| p.path == "metrics.m"),
            "no problem left on the old name"
        );
        f.remove_name(Section::Metrics, 0);
        assert!(f.drafts.is_empty());
    }

    #[test]
    fn metrics_are_checked_as_typed() {
        let mut f = FormState::default();
        f.add_name(Section::Metrics, "logins");
        f.set_metric_text("logins", "15");
        assert_eq!(f.info.metrics["logins"], 15.0);
        f.set_metric_text("logins", "15k");
        assert_eq!(f.metric_text("logins"), "15k");
        assert!(f.problems().iter().any(|p| p.path == "metrics.logins"));
        f.remove_name(Section::Metrics, 0);
        assert!(f.drafts.is_empty());
    }

    #[test]
    fn problems_are_counted_per_section() {
        let mut f = FormState::default();
        f.set_text(Field::Latitude, "95");
        f.set_text(Field::Timezone, "Mars/Base");
        let problems = f.problems();
        assert_eq!(
            problem_counts(&problems, Section::Identity),
            (1, 0),
            "endpoint id is required"
        );
        assert_eq!(problem_counts(&problems, Section::Location), (1, 0));
        assert_eq!(problem_counts(&problems, Section::Demographic), (0, 1));
    }
}
