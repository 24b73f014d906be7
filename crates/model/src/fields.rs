//! The endpoint's scalar fields in one table: for each, its section, its form path (also the
//! profile key), its Pinpoint member, its Amplify key, the form's label and hint, what it
//! holds, the rule validation applies to it, and where it lives in the structs.
//!
//! The form rows, the validation paths, `--vary`, the diff, the Amplify mapping, import
//! columns and the sandbox's merge of Demographic and Location all read this table, so a new
//! Demographic or Location field is its serde member, its SDK setter and one row here.
//! Demographic and Location are one struct each, whose own serde shape is Pinpoint's; the
//! form's snake_case and Amplify's camelCase shapes of them are read and written from here.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::LazyLock;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::form::{CHANNEL_TYPES, ENDPOINT_STATUSES, OPT_OUT_VALUES, UserInfo};
use super::wire::{EndpointDemographic as Demographic, EndpointLocation as Location};

/// The part of the endpoint a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The endpoint's own members (id, user id, channel, address, opt-out, status).
    Identity,
    Demographic,
    Location,
}

impl Section {
    /// The path prefix of the section's fields (`demographic` in `demographic.locale`).
    pub fn path(self) -> &'static str {
        match self {
            Section::Identity => "",
            Section::Demographic => "demographic",
            Section::Location => "location",
        }
    }

    /// The section's member in Pinpoint's endpoint (`Demographic`; none for the identity).
    pub fn wire(self) -> &'static str {
        match self {
            Section::Identity => "",
            Section::Demographic => "Demographic",
            Section::Location => "Location",
        }
    }
}

/// What a field holds, as the form edits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    /// One of these values, or unset.
    Choice(&'static [&'static str]),
}

/// The rule validation applies to a field's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    None,
    /// Required, without `$`, `{` or `}`.
    EndpointId,
    /// One of the field's choices.
    Choice,
    /// Fits the channel type (E.164 for SMS and VOICE, an `@` for EMAIL).
    Address,
    /// An IANA time zone name.
    TimeZone,
    /// `ll_CC`.
    Locale,
    /// ISO 3166-1 alpha-2.
    Country,
    /// Within `-limit..limit`, one decimal (and stored rounded to one).
    Coordinate(f64),
}

/// How a struct's field is reached: read and written in place.
pub struct Access<T, V> {
    pub get: fn(&T) -> &Option<V>,
    pub get_mut: fn(&mut T) -> &mut Option<V>,
}

/// A field's value in the struct `T` that holds it.
pub enum Value<T> {
    Text(Access<T, String>),
    Number(Access<T, f64>),
}

/// Where a field lives: its struct, and the field in it.
pub enum Slot {
    Identity(Value<UserInfo>),
    Demographic(Value<Demographic>),
    Location(Value<Location>),
}

/// The shapes a field is named in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// The form and profile files: `platform_version`.
    Form,
    /// Pinpoint's members: `PlatformVersion`.
    Wire,
    /// Amplify's userInfo: `platformVersion`.
    Amplify,
}

/// Where a field goes in Amplify's `identifyUser(userId, userInfo)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amplify {
    /// userInfo's key for it.
    Key(&'static str),
    /// userInfo has no place for it; why (or where it goes instead).
    LeftOut(&'static str),
}

/// One scalar field of the endpoint.
pub struct Field {
    pub section: Section,
    /// The form path: `demographic.model_version`, `address`.
    pub path: &'static str,
    /// Pinpoint's member name, in its part of the endpoint (`ModelVersion`, `UserId`).
    pub wire: &'static str,
    /// Where the field goes in Amplify's userInfo.
    pub amplify: Amplify,
    pub label: &'static str,
    /// An example shown in an empty form field.
    pub hint: &'static str,
    pub kind: Kind,
    pub check: Check,
    pub slot: Slot,
}

macro_rules! text {
    ($variant:ident, $field:ident) => {
        Slot::$variant(Value::Text(Access {
            get: |s| &s.$field,
            get_mut: |s| &mut s.$field,
        }))
    };
}

macro_rules! number {
    ($variant:ident, $field:ident) => {
        Slot::$variant(Value::Number(Access {
            get: |s| &s.$field,
            get_mut: |s| &mut s.$field,
        }))
    };
}

/// Every scalar field, in the form's order (a section's fields together).
pub const FIELDS: &[Field] = &[
    Field {
        section: Section::Identity,
        path: "endpoint_id",
        wire: "Id",
        amplify: Amplify::LeftOut("Amplify makes its own"),
        label: "Endpoint id",
        hint: "required, e.g. qa-ios-0001",
        kind: Kind::Text,
        check: Check::EndpointId,
        slot: text!(Identity, endpoint_id),
    },
    Field {
        section: Section::Identity,
        path: "user_id",
        wire: "UserId",
        amplify: Amplify::LeftOut("identifyUser's 1st argument"),
        label: "User id",
        hint: "e.g. qa-user-0001",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Identity, user_id),
    },
    Field {
        section: Section::Identity,
        path: "channel_type",
        wire: "ChannelType",
        amplify: Amplify::LeftOut("set by the library"),
        label: "Channel type",
        hint: "unset",
        kind: Kind::Choice(CHANNEL_TYPES),
        check: Check::Choice,
        slot: text!(Identity, channel_type),
    },
    Field {
        section: Section::Identity,
        path: "address",
        wire: "Address",
        amplify: Amplify::Key("address"),
        label: "Address",
        hint: "push token, +12065550100 or name@example.com",
        kind: Kind::Text,
        check: Check::Address,
        slot: text!(Identity, address),
    },
    Field {
        section: Section::Identity,
        path: "opt_out",
        wire: "OptOut",
        amplify: Amplify::Key("optOut"),
        label: "Opt-out",
        hint: "unset",
        kind: Kind::Choice(OPT_OUT_VALUES),
        check: Check::Choice,
        slot: text!(Identity, opt_out),
    },
    Field {
        section: Section::Identity,
        path: "endpoint_status",
        wire: "EndpointStatus",
        amplify: Amplify::LeftOut("no place"),
        label: "Status",
        hint: "unset",
        kind: Kind::Choice(ENDPOINT_STATUSES),
        check: Check::Choice,
        slot: text!(Identity, endpoint_status),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.app_version",
        wire: "AppVersion",
        amplify: Amplify::Key("appVersion"),
        label: "App version",
        hint: "e.g. 4.2.0",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Demographic, app_version),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.locale",
        wire: "Locale",
        amplify: Amplify::Key("locale"),
        label: "Locale",
        hint: "ll_CC, e.g. en_US",
        kind: Kind::Text,
        check: Check::Locale,
        slot: text!(Demographic, locale),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.make",
        wire: "Make",
        amplify: Amplify::Key("make"),
        label: "Make",
        hint: "e.g. Apple",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Demographic, make),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.model",
        wire: "Model",
        amplify: Amplify::Key("model"),
        label: "Model",
        hint: "e.g. iPhone",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Demographic, model),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.model_version",
        wire: "ModelVersion",
        amplify: Amplify::Key("modelVersion"),
        label: "Model version",
        hint: "e.g. 15,3",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Demographic, model_version),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.platform",
        wire: "Platform",
        amplify: Amplify::Key("platform"),
        label: "Platform",
        hint: "e.g. iOS",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Demographic, platform),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.platform_version",
        wire: "PlatformVersion",
        amplify: Amplify::Key("platformVersion"),
        label: "Platform version",
        hint: "e.g. 18.1",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Demographic, platform_version),
    },
    Field {
        section: Section::Demographic,
        path: "demographic.timezone",
        wire: "Timezone",
        amplify: Amplify::Key("timezone"),
        label: "Time zone",
        hint: "IANA name, e.g. America/Los_Angeles",
        kind: Kind::Text,
        check: Check::TimeZone,
        slot: text!(Demographic, timezone),
    },
    Field {
        section: Section::Location,
        path: "location.city",
        wire: "City",
        amplify: Amplify::Key("city"),
        label: "City",
        hint: "e.g. Seattle",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Location, city),
    },
    Field {
        section: Section::Location,
        path: "location.country",
        wire: "Country",
        amplify: Amplify::Key("country"),
        label: "Country",
        hint: "ISO alpha-2, e.g. US",
        kind: Kind::Text,
        check: Check::Country,
        slot: text!(Location, country),
    },
    Field {
        section: Section::Location,
        path: "location.postal_code",
        wire: "PostalCode",
        amplify: Amplify::Key("postalCode"),
        label: "Postal code",
        hint: "e.g. 98121",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Location, postal_code),
    },
    Field {
        section: Section::Location,
        path: "location.region",
        wire: "Region",
        amplify: Amplify::Key("region"),
        label: "Region",
        hint: "e.g. WA",
        kind: Kind::Text,
        check: Check::None,
        slot: text!(Location, region),
    },
    Field {
        section: Section::Location,
        path: "location.latitude",
        wire: "Latitude",
        amplify: Amplify::Key("latitude"),
        label: "Latitude",
        hint: "-90..90, one decimal",
        kind: Kind::Number,
        check: Check::Coordinate(90.0),
        slot: number!(Location, latitude),
    },
    Field {
        section: Section::Location,
        path: "location.longitude",
        wire: "Longitude",
        amplify: Amplify::Key("longitude"),
        label: "Longitude",
        hint: "-180..180, one decimal",
        kind: Kind::Number,
        check: Check::Coordinate(180.0),
        slot: number!(Location, longitude),
    },
];

/// The index in [`FIELDS`] of the field at `path` (a compile-time error in a const when
/// there is none).
pub const fn index_of(path: &str) -> usize {
    let mut i = 0;
    while i < FIELDS.len() {
        if const_eq(FIELDS[i].path, path) {
            return i;
        }
        i += 1;
    }
    panic!("no field has this path");
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The indexes in [`FIELDS`] of a section's fields.
pub fn range(section: Section) -> Range<usize> {
    let start = FIELDS.iter().position(|f| f.section == section);
    let start = start.unwrap_or(FIELDS.len());
    let count = FIELDS[start..]
        .iter()
        .take_while(|f| f.section == section)
        .count();
    start..start + count
}

/// The field at a form path.
pub fn by_path(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}

impl Field {
    /// The field's name in its part of the endpoint, in a shape (`model_version`, `ModelVersion`);
    /// `None` for a field Amplify's userInfo has no place for.
    pub fn key(&self, case: Case) -> Option<&'static str> {
        match case {
            Case::Form => Some(self.path.rsplit('.').next().unwrap_or(self.path)),
            Case::Wire => Some(self.wire),
            Case::Amplify => match self.amplify {
                Amplify::Key(key) => Some(key),
                Amplify::LeftOut(_) => None,
            },
        }
    }

    /// The field's value in a form.
    pub fn get<'a>(&self, form: &'a UserInfo) -> Ref<'a> {
        match &self.slot {
            Slot::Identity(v) => v.get(form),
            Slot::Demographic(v) => v.get(&form.demographic),
            Slot::Location(v) => v.get(&form.location),
        }
    }

    /// The field's value in a form, to change.
    pub fn get_mut<'a>(&self, form: &'a mut UserInfo) -> Mut<'a> {
        match &self.slot {
            Slot::Identity(v) => v.get_mut(form),
            Slot::Demographic(v) => v.get_mut(&mut form.demographic),
            Slot::Location(v) => v.get_mut(&mut form.location),
        }
    }

    /// The field's text in a form (`None` for a number field).
    pub fn text<'a>(&self, form: &'a UserInfo) -> Option<&'a Option<String>> {
        match self.get(form) {
            Ref::Text(text) => Some(text),
            Ref::Number(_) => None,
        }
    }

    /// The field's text in a form, to change (`None` for a number field).
    pub fn text_mut<'a>(&self, form: &'a mut UserInfo) -> Option<&'a mut Option<String>> {
        match self.get_mut(form) {
            Mut::Text(text) => Some(text),
            Mut::Number(_) => None,
        }
    }

    /// The field's number in a form (`None` for a text field).
    pub fn number(&self, form: &UserInfo) -> Option<Option<f64>> {
        match self.get(form) {
            Ref::Number(number) => Some(*number),
            Ref::Text(_) => None,
        }
    }
}

/// A field's value, read.
pub enum Ref<'a> {
    Text(&'a Option<String>),
    Number(&'a Option<f64>),
}

/// A field's value, to change.
pub enum Mut<'a> {
    Text(&'a mut Option<String>),
    Number(&'a mut Option<f64>),
}

impl<T> Value<T> {
    /// The value in the struct that holds it.
    pub fn get<'a>(&self, part: &'a T) -> Ref<'a> {
        match self {
            Value::Text(a) => Ref::Text((a.get)(part)),
            Value::Number(a) => Ref::Number((a.get)(part)),
        }
    }

    /// The value in the struct that holds it, to change.
    pub fn get_mut<'a>(&self, part: &'a mut T) -> Mut<'a> {
        match self {
            Value::Text(a) => Mut::Text((a.get_mut)(part)),
            Value::Number(a) => Mut::Number((a.get_mut)(part)),
        }
    }
}

/// A struct that holds one section's fields (Demographic, Location).
pub trait Part: Default + 'static {
    const SECTION: Section;
    /// The struct's name in the form's shape (Amplify's is `Amplify` + this).
    const NAME: &'static str;
    /// How a field of this part is reached (`None` for another part's field).
    fn value(slot: &Slot) -> Option<&Value<Self>>;

    /// The part's fields with how each is reached, in the form's order.
    fn fields() -> impl Iterator<Item = (&'static Field, &'static Value<Self>)> {
        FIELDS[range(Self::SECTION)]
            .iter()
            .filter_map(|f| Some((f, Self::value(&f.slot)?)))
    }

    /// Takes every field `update` has, keeping the others (Pinpoint's merge of a part).
    fn overlay(&mut self, mut update: Self) {
        for (_, value) in Self::fields() {
            match (value.get_mut(self), value.get_mut(&mut update)) {
                (Mut::Text(to), Mut::Text(from)) if from.is_some() => *to = from.take(),
                (Mut::Number(to), Mut::Number(from)) if from.is_some() => *to = from.take(),
                _ => {}
            }
        }
    }
}

/// A part whose section, name and slot are all called `$part`.
macro_rules! part {
    ($part:ident) => {
        impl Part for $part {
            const SECTION: Section = Section::$part;
            const NAME: &'static str = stringify!($part);
            fn value(slot: &Slot) -> Option<&Value<Self>> {
                match slot {
                    Slot::$part(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}

part!(Demographic);
part!(Location);

// ----- The form's and Amplify's shapes of a part -----

/// A shape a part is read and written in, as a type (for serde's `with`).
pub trait Shape {
    const CASE: Case;
    /// Whether a key left out is unset (the form's `#[serde(default)]`); otherwise a
    /// sequence must give every field.
    const DEFAULTS: bool;
    /// The struct name serde reports (`Demographic`, `AmplifyDemographic`).
    fn name<P: Part>() -> &'static str;
}

/// The form's shape: snake_case keys.
pub struct FormShape;
/// Amplify's shape: camelCase keys.
pub struct AmplifyShape;

impl Shape for FormShape {
    const CASE: Case = Case::Form;
    const DEFAULTS: bool = true;
    fn name<P: Part>() -> &'static str {
        P::NAME
    }
}

impl Shape for AmplifyShape {
    const CASE: Case = Case::Amplify;
    const DEFAULTS: bool = false;
    fn name<P: Part>() -> &'static str {
        match P::SECTION {
            Section::Demographic => "AmplifyDemographic",
            Section::Location => "AmplifyLocation",
            Section::Identity => "AmplifyUserInfo",
        }
    }
}

/// The key names of a section in a shape, in the form's order (what serde lists for an
/// unknown key).
fn key_names(section: Section, case: Case) -> &'static [&'static str] {
    static NAMES: LazyLock<HashMap<(Section, Case), Vec<&'static str>>> = LazyLock::new(|| {
        let mut names: HashMap<(Section, Case), Vec<&'static str>> = HashMap::new();
        for field in FIELDS {
            for case in [Case::Form, Case::Wire, Case::Amplify] {
                if let Some(key) = field.key(case) {
                    names.entry((field.section, case)).or_default().push(key);
                }
            }
        }
        names
    });
    NAMES
        .get(&(section, case))
        .map_or(&[], |names| names.as_slice())
}

/// A part in a shape: writes the fields it has, reads them refusing unknown keys.
pub struct Shaped<S, P>(pub P, PhantomData<S>);

impl<S, P> Shaped<S, P> {
    pub fn new(part: P) -> Self {
        Shaped(part, PhantomData)
    }
}

/// A number written as JavaScript prints it.
struct Number(f64);

impl Serialize for Number {
    fn serialize<Se: Serializer>(&self, s: Se) -> Result<Se::Ok, Se::Error> {
        super::number::plain(&self.0, s)
    }
}

fn serialize_part<S: Shape, P: Part, Se: Serializer>(part: &P, s: Se) -> Result<Se::Ok, Se::Error> {
    let keyed = || P::fields().filter_map(|(f, v)| Some((f.key(S::CASE)?, v.get(part))));
    let set = |value: &Ref| match value {
        Ref::Text(v) => v.is_some(),
        Ref::Number(v) => v.is_some(),
    };
    let count = keyed().filter(|(_, value)| set(value)).count();
    let mut out = s.serialize_struct(S::name::<P>(), count)?;
    for (key, value) in keyed() {
        match value {
            Ref::Text(Some(text)) => out.serialize_field(key, text)?,
            Ref::Number(Some(n)) => out.serialize_field(key, &Number(*n))?,
            Ref::Text(None) | Ref::Number(None) => out.skip_field(key)?,
        }
    }
    out.end()
}

impl<S: Shape, P: Part> Serialize for Shaped<S, &P> {
    fn serialize<Se: Serializer>(&self, s: Se) -> Result<Se::Ok, Se::Error> {
        serialize_part::<S, P, Se>(self.0, s)
    }
}

/// Reads a key of a part in a shape: the index of its field among the part's.
struct Key<S, P>(PhantomData<(S, P)>);

impl<'de, S: Shape, P: Part> DeserializeSeed<'de> for Key<S, P> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, S: Shape, P: Part> Visitor<'de> for Key<S, P> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        P::fields()
            .position(|(field, _)| field.key(S::CASE) == Some(key))
            .ok_or_else(|| E::unknown_field(key, key_names(P::SECTION, S::CASE)))
    }
}

struct PartVisitor<S, P>(PhantomData<(S, P)>);

impl<'de, S: Shape, P: Part> Visitor<'de> for PartVisitor<S, P> {
    type Value = P;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", S::name::<P>())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<P, A::Error> {
        let mut part = P::default();
        let mut seen = Vec::new();
        while let Some(index) = map.next_key_seed(Key::<S, P>(PhantomData))? {
            let Some((field, value)) = P::fields().nth(index) else {
                continue;
            };
            if seen.contains(&index) {
                let key = field.key(S::CASE).unwrap_or(field.path);
                return Err(de::Error::duplicate_field(key));
            }
            seen.push(index);
            match value.get_mut(&mut part) {
                Mut::Text(text) => *text = map.next_value()?,
                Mut::Number(number) => *number = map.next_value()?,
            }
        }
        Ok(part)
    }

    /// A sequence gives the fields in order; in the form's shape, those it leaves out are
    /// unset.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<P, A::Error> {
        let mut part = P::default();
        let keyed = || P::fields().filter(|(field, _)| field.key(S::CASE).is_some());
        for (index, (_, value)) in keyed().enumerate() {
            let done = match value.get_mut(&mut part) {
                Mut::Text(text) => seq.next_element()?.map(|v| *text = v),
                Mut::Number(number) => seq.next_element()?.map(|v| *number = v),
            };
            match done {
                Some(()) => {}
                None if S::DEFAULTS => break,
                None => {
                    let wanted = format!(
                        "struct {} with {} elements",
                        S::name::<P>(),
                        keyed().count()
                    );
                    return Err(de::Error::invalid_length(index, &wanted.as_str()));
                }
            }
        }
        Ok(part)
    }
}

impl<'de, S: Shape, P: Part> Deserialize<'de> for Shaped<S, P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = key_names(P::SECTION, S::CASE);
        d.deserialize_struct(S::name::<P>(), names, PartVisitor::<S, P>(PhantomData))
            .map(Shaped::new)
    }
}

/// serde `with` for a part held in the form's shape.
pub mod form_shape {
    use super::{FormShape, Part, Shaped};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<P: Part, S: Serializer>(part: &P, s: S) -> Result<S::Ok, S::Error> {
        Shaped::<FormShape, &P>::new(part).serialize(s)
    }

    pub fn deserialize<'de, P: Part, D: Deserializer<'de>>(d: D) -> Result<P, D::Error> {
        Shaped::<FormShape, P>::deserialize(d).map(|s| s.0)
    }
}

/// serde `with` for an optional part held in Amplify's shape.
pub mod amplify_shape {
    use super::{AmplifyShape, Part, Shaped};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<P: Part, S: Serializer>(part: &Option<P>, s: S) -> Result<S::Ok, S::Error> {
        match part {
            Some(part) => s.serialize_some(&Shaped::<AmplifyShape, &P>::new(part)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, P: Part, D: Deserializer<'de>>(d: D) -> Result<Option<P>, D::Error> {
        Ok(Option::<Shaped<AmplifyShape, P>>::deserialize(d)?.map(|s| s.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amplify::AmplifyUserInfo;
    use serde_json::json;

    /// A form with every field of the table set, each to a value of its own.
    fn every_field_set() -> UserInfo {
        let mut form = UserInfo::default();
        for (i, field) in FIELDS.iter().enumerate() {
            match field.get_mut(&mut form) {
                Mut::Text(text) => *text = Some(format!("v{i}")),
                Mut::Number(number) => *number = Some(i as f64),
            }
        }
        form
    }

    #[test]
    fn a_section_s_fields_are_together_and_paths_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for section in [Section::Identity, Section::Demographic, Section::Location] {
            for field in &FIELDS[range(section)] {
                assert_eq!(field.section, section, "{}", field.path);
                assert!(seen.insert(field.path), "{} twice", field.path);
                let prefix = section.path();
                assert!(
                    prefix.is_empty() || field.path.starts_with(&format!("{prefix}.")),
                    "{}",
                    field.path
                );
            }
        }
        assert_eq!(seen.len(), FIELDS.len());
        assert_eq!(FIELDS[index_of("demographic.timezone")].wire, "Timezone");
    }

    #[test]
    fn each_field_is_its_own_member_in_every_shape() {
        let form = every_field_set();
        let request = serde_json::to_value(form.to_endpoint_request()).unwrap();
        let amplify = serde_json::to_value(form.to_amplify()).unwrap();
        let profile = serde_json::to_value(&form).unwrap();
        for (i, field) in FIELDS.iter().enumerate() {
            let want = match field.kind {
                Kind::Number => json!(i),
                _ => json!(format!("v{i}")),
            };
            let (wire_part, amplify_part, form_part) = match field.section {
                Section::Identity if field.path == "user_id" => (&request["User"], None, &profile),
                Section::Identity if field.path == "endpoint_id" => {
                    (&json!({"Id": want}), None, &profile)
                }
                Section::Identity => (&request, Some(&amplify), &profile),
                Section::Demographic => (
                    &request["Demographic"],
                    Some(&amplify["demographic"]),
                    &profile["demographic"],
                ),
                Section::Location => (
                    &request["Location"],
                    Some(&amplify["location"]),
                    &profile["location"],
                ),
            };
            assert_eq!(wire_part[field.wire], want, "{}", field.path);
            assert_eq!(
                form_part[field.key(Case::Form).unwrap()],
                want,
                "{}",
                field.path
            );
            if let (Some(key), Some(part)) = (field.key(Case::Amplify), amplify_part) {
                assert_eq!(part[key], want, "{}", field.path);
            }
        }
        // And nothing else: each part has exactly the table's members.
        for (section, wire, amplify_key, form_key) in [
            (
                Section::Demographic,
                "Demographic",
                "demographic",
                "demographic",
            ),
            (Section::Location, "Location", "location", "location"),
        ] {
            let keys = |v: &serde_json::Value| -> Vec<String> {
                v.as_object().unwrap().keys().cloned().collect()
            };
            let mut wire_keys = keys(&request[wire]);
            wire_keys.sort();
            let mut table: Vec<&str> = key_names(section, Case::Wire).to_vec();
            table.sort();
            assert_eq!(wire_keys, table);
            assert_eq!(
                keys(&amplify[amplify_key]),
                key_names(section, Case::Amplify)
            );
            assert_eq!(keys(&profile[form_key]), key_names(section, Case::Form));
        }
    }

    #[test]
    fn the_form_and_amplify_shapes_read_back_what_they_write() {
        let form = every_field_set();
        let text = toml::to_string(&form).unwrap();
        assert!(
            text.contains("[demographic]\napp_version = \"v6\"\n"),
            "{text}"
        );
        assert!(text.contains("latitude = 18\nlongitude = 19\n"), "{text}");
        assert_eq!(toml::from_str::<UserInfo>(&text).unwrap(), form);
        let amplify = serde_json::to_string(&form.to_amplify()).unwrap();
        let back: AmplifyUserInfo = serde_json::from_str(&amplify).unwrap();
        assert_eq!(back, form.to_amplify());
        let json = serde_json::to_string(&form.location.clone()).unwrap();
        assert!(
            json.starts_with(r#"{"City":"v14","Country":"v15","Latitude":18,"#),
            "{json}"
        );
    }

    #[test]
    fn a_wrong_key_or_value_is_said_as_serde_says_it() {
        let error = |text: &str| {
            serde_json::from_str::<UserInfo>(text)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error(r#"{"demographic":{"tz":"UTC"}}"#),
            "unknown field `tz`, expected one of `app_version`, `locale`, `make`, `model`, \
             `model_version`, `platform`, `platform_version`, `timezone` at line 1 column 20"
        );
        assert_eq!(
            error(r#"{"location":{"city":"a","city":"b"}}"#),
            "duplicate field `city` at line 1 column 30"
        );
        assert_eq!(
            error(r#"{"location":{"latitude":"north"}}"#),
            "invalid type: string \"north\", expected f64 at line 1 column 31"
        );
        assert_eq!(
            error(r#"{"location":5}"#),
            "invalid type: integer `5`, expected struct Location at line 1 column 13"
        );
        let amplify = |text: &str| {
            serde_json::from_str::<AmplifyUserInfo>(text)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            amplify(r#"{"location":{"postal_code":"1"}}"#),
            "unknown field `postal_code`, expected one of `city`, `country`, `postalCode`, \
             `region`, `latitude`, `longitude` at line 1 column 26"
        );
        assert_eq!(
            amplify(r#"{"demographic":["1"]}"#),
            "invalid length 1, expected struct AmplifyDemographic with 8 elements at line 1 column 20"
        );
        assert_eq!(
            error(r#"{"demographic":{"timezone":null,"timezone":"x"}}"#),
            "duplicate field `timezone` at line 1 column 42"
        );
        let form: UserInfo = serde_json::from_str(r#"{"location":["a","b"]}"#).unwrap();
        assert_eq!(form.location.country.as_deref(), Some("b"));
        let toml_error = |text: &str| toml::from_str::<UserInfo>(text).unwrap_err().to_string();
        assert_eq!(
            toml_error("[demographic]\ntz = 1\n"),
            "TOML parse error at line 2, column 1\n  |\n2 | tz = 1\n  | ^^\nunknown field `tz`, \
             expected one of `app_version`, `locale`, `make`, `model`, `model_version`, \
             `platform`, `platform_version`, `timezone`\n"
        );
        assert_eq!(
            toml_error("location = 5\n"),
            "TOML parse error at line 1, column 12\n  |\n1 | location = 5\n  |            ^\n\
             invalid type: integer `5`, expected struct Location\n"
        );
    }

    #[test]
    fn a_profile_file_is_written_as_before() {
        let form = UserInfo {
            endpoint_id: Some("e".into()),
            demographic: Demographic {
                app_version: Some("v6".into()),
                locale: Some("v7".into()),
                model: Some("v9".into()),
                platform: Some("v11".into()),
                timezone: Some("v13".into()),
                ..Demographic::default()
            },
            location: Location {
                city: Some("v14".into()),
                postal_code: Some("v16".into()),
                latitude: Some(18.5),
                ..Location::default()
            },
            ..UserInfo::default()
        };
        assert_eq!(
            toml::to_string(&form).unwrap(),
            "endpoint_id = \"e\"\n\n[demographic]\napp_version = \"v6\"\nlocale = \"v7\"\n\
             model = \"v9\"\nplatform = \"v11\"\ntimezone = \"v13\"\n\n[location]\n\
             city = \"v14\"\npostal_code = \"v16\"\nlatitude = 18.5\n"
        );
    }

    #[test]
    fn overlay_takes_what_the_update_has() {
        let mut stored = Location {
            city: Some("Seattle".into()),
            latitude: Some(47.6),
            ..Location::default()
        };
        stored.overlay(Location {
            country: Some("US".into()),
            latitude: Some(1.0),
            ..Location::default()
        });
        assert_eq!(stored.city.as_deref(), Some("Seattle"));
        assert_eq!(stored.country.as_deref(), Some("US"));
        assert_eq!(stored.latitude, Some(1.0));
    }
}
