//! An endpoint as its row: the members segments read (Attributes, Demographic, Location,
//! Metrics and the user's UserAttributes) each as JSON in a column of its own, the id and
//! the channel in columns too, the rest of the EndpointResponse in `body`. Deciding a
//! segment for every stored endpoint then reads and parses only the members it reads;
//! everything else joins the row back into the whole endpoint.

use std::collections::BTreeMap;

use rusqlite::Row;
use serde::de::DeserializeOwned;

use crate::model::number::Numbers;
use crate::model::segment_reads::Member;
use crate::model::wire::EndpointResponse;

use super::super::error::ApiError;
use super::from_json;

/// The columns a whole endpoint is read from, in the order [`join`] takes them.
pub const WHOLE: &str = "body, attributes, demographic, location, metrics, user_attributes";

/// The column a member segments read is stored in.
pub fn column(member: Member) -> &'static str {
    match member {
        Member::Attributes => "attributes",
        Member::Demographic => "demographic",
        Member::Location => "location",
        Member::Metrics => "metrics",
        Member::UserAttributes => "user_attributes",
    }
}

/// An endpoint split into its row's columns.
pub struct Split {
    pub body: String,
    pub attributes: Option<String>,
    pub demographic: Option<String>,
    pub location: Option<String>,
    pub metrics: Option<String>,
    pub user_attributes: Option<String>,
}

impl Split {
    /// The length of the endpoint's JSON when whole, or a little more: the parts and the
    /// names and punctuation that join them.
    pub fn whole_len(&self) -> usize {
        let parts = [
            &self.attributes,
            &self.demographic,
            &self.location,
            &self.metrics,
            &self.user_attributes,
        ];
        self.body.len()
            + parts
                .iter()
                .filter_map(|p| p.as_ref())
                .map(|p| p.len() + "\"UserAttributes\":,".len())
                .sum::<usize>()
            + r#""User":{},"#.len()
    }
}

fn text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("endpoint members always serialize")
}

/// Splits an endpoint into its row's columns (the endpoint is left as it was).
pub fn split(endpoint: &mut EndpointResponse) -> Split {
    let attributes = endpoint.attributes.take();
    let demographic = endpoint.demographic.take();
    let location = endpoint.location.take();
    let metrics = endpoint.metrics.take();
    let user_attributes = endpoint
        .user
        .as_mut()
        .and_then(|u| u.user_attributes.take());
    let split = Split {
        body: text(endpoint),
        attributes: attributes.as_ref().map(text),
        demographic: demographic.as_ref().map(text),
        location: location.as_ref().map(text),
        metrics: metrics.as_ref().map(|m| text(&Numbers(m))),
        user_attributes: user_attributes.as_ref().map(text),
    };
    endpoint.attributes = attributes;
    endpoint.demographic = demographic;
    endpoint.location = location;
    endpoint.metrics = metrics;
    if let Some(user) = endpoint.user.as_mut() {
        user.user_attributes = user_attributes;
    }
    split
}

/// The column of an endpoint's user attributes.
pub fn user_attributes(endpoint: &EndpointResponse) -> Option<String> {
    endpoint.user.as_ref()?.user_attributes.as_ref().map(text)
}

/// A member column parsed, when there is one.
pub fn member<T: DeserializeOwned>(row: &Row<'_>, index: usize) -> Result<Option<T>, ApiError> {
    parsed(column_text(row, index)?)
}

fn parsed<T: DeserializeOwned>(text: Option<&str>) -> Result<Option<T>, ApiError> {
    text.map(from_json).transpose()
}

/// A text column's value (none: NULL).
pub fn column_text<'r>(row: &'r Row<'_>, index: usize) -> Result<Option<&'r str>, ApiError> {
    Ok(row
        .get_ref(index)?
        .as_str_or_null()
        .map_err(rusqlite::Error::from)?)
}

/// A text column's bytes as stored, their UTF-8 not checked (none: NULL); a column of
/// another type is the same error as for [`column_text`].
pub fn column_bytes<'r>(row: &'r Row<'_>, index: usize) -> Result<Option<&'r [u8]>, ApiError> {
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        rusqlite::types::ValueRef::Text(bytes) => Ok(Some(bytes)),
        _ => Err(rusqlite::Error::from(rusqlite::types::FromSqlError::InvalidType).into()),
    }
}

/// The whole endpoint from a row read with [`WHOLE`] from column `at` on.
pub fn join(row: &Row<'_>, at: usize) -> Result<EndpointResponse, ApiError> {
    let (body, members) = parts(row, at)?;
    join_parts(body, members)
}

/// A row's body and its members' texts, read with [`WHOLE`] from column `at` on.
fn parts<'r>(row: &'r Row<'_>, at: usize) -> Result<(&'r str, [Option<&'r str>; 5]), ApiError> {
    let mut members = [None; 5];
    for (i, member) in members.iter_mut().enumerate() {
        *member = column_text(row, at + 1 + i)?;
    }
    Ok((column_text(row, at)?.unwrap_or_default(), members))
}

/// The whole endpoint from its row's body and the JSON of its members stored apart (in the
/// order of [`Member::ALL`]).
pub fn join_parts(body: &str, members: [Option<&str>; 5]) -> Result<EndpointResponse, ApiError> {
    let [attributes, demographic, location, metrics, user_attributes] = members;
    let mut endpoint: EndpointResponse = from_json(body)?;
    endpoint.attributes = parsed(attributes)?;
    endpoint.demographic = parsed(demographic)?;
    endpoint.location = parsed(location)?;
    endpoint.metrics = parsed(metrics)?;
    if let Some(attributes) = parsed(user_attributes)? {
        endpoint
            .user
            .get_or_insert_with(Default::default)
            .user_attributes = Some(attributes);
    }
    Ok(endpoint)
}

/// The whole endpoint's JSON (an EndpointResponse, as GetEndpoint answers and `export`
/// writes it) from a row read with [`WHOLE`] from column `at` on.
pub fn join_text(row: &Row<'_>, at: usize) -> Result<String, ApiError> {
    let (body, members) = parts(row, at)?;
    join_parts_text(body, members)
}

/// What [`join_parts`] and then serializing give, put together from the texts as they are:
/// the body's members and the others' in one object, in name order (an EndpointResponse's
/// members are declared, and so serialized, in name order), the user's attributes first in
/// its User.
pub fn join_parts_text(body: &str, members: [Option<&str>; 5]) -> Result<String, ApiError> {
    use serde_json::value::RawValue;
    let mut all: BTreeMap<&str, &RawValue> = serde_json::from_str(body)
        .map_err(|e| ApiError::internal(format!("stored record does not parse: {e}")))?;
    let [attributes, demographic, location, metrics, user_attributes] = members;
    let named = [
        ("Attributes", attributes),
        ("Demographic", demographic),
        ("Location", location),
        ("Metrics", metrics),
    ];
    let raw = |text: &str| -> Result<Box<RawValue>, ApiError> {
        RawValue::from_string(text.to_owned())
            .map_err(|e| ApiError::internal(format!("stored endpoint member does not parse: {e}")))
    };
    let mut owned = Vec::new();
    for (name, text) in named {
        if let Some(text) = text {
            owned.push((name, raw(text)?));
        }
    }
    if let Some(user_attributes) = user_attributes {
        let rest = all.get("User").map_or("{}", |u| u.get());
        let rest = rest.trim_start().strip_prefix('{').unwrap_or("}");
        let separator = if rest.trim_start().starts_with('}') {
            ""
        } else {
            ","
        };
        owned.push((
            "User",
            raw(&format!(
                r#"{{"UserAttributes":{user_attributes}{separator}{rest}"#
            ))?,
        ));
    }
    for (name, value) in &owned {
        all.insert(name, value);
    }
    Ok(text(&all))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Put together from the texts, an endpoint reads as it does joined and serialized.
    #[test]
    fn the_texts_joined_are_the_endpoint_serialized() {
        let cases = [
            serde_json::json!({
                "Address": "a", "ApplicationId": "x", "Attributes": {"plan": ["premium"]},
                "ChannelType": "EMAIL", "CohortId": "3", "CreationDate": "then",
                "Demographic": {"Platform": "iOS"}, "EffectiveDate": "then",
                "EndpointStatus": "ACTIVE", "Id": "E1", "Location": {"Country": "DE", "Latitude": 47.6},
                "Metrics": {"logins": 3, "score": 1.5}, "OptOut": "NONE", "RequestId": "r",
                "User": {"UserAttributes": {"tier": ["gold"]}, "UserId": "u1"}
            }),
            serde_json::json!({"Id": "e2", "User": {"UserAttributes": {"t": ["x"]}}}),
            serde_json::json!({"Id": "e3", "User": {"UserId": "u"}, "Attributes": {}}),
            serde_json::json!({"Id": "e4", "User": {}}),
            serde_json::json!({"Id": "e5"}),
        ];
        for case in cases {
            let mut endpoint: EndpointResponse = serde_json::from_value(case.clone()).unwrap();
            let split = split(&mut endpoint);
            let members = [
                split.attributes.as_deref(),
                split.demographic.as_deref(),
                split.location.as_deref(),
                split.metrics.as_deref(),
                split.user_attributes.as_deref(),
            ];
            let joined = join_parts(&split.body, members).unwrap();
            assert_eq!(joined, endpoint, "{case}");
            assert_eq!(
                join_parts_text(&split.body, members).unwrap(),
                text(&joined),
                "{case}"
            );
        }
    }
}
