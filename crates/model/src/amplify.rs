//! Amplify's `userInfo` object: the camelCase shape `identifyUser(userId, userInfo)` takes.

use serde::{Deserialize, Serialize};

use super::fields::{Amplify, FIELDS};
use super::form::{AttributeMap, Demographic, Location, MetricMap};

/// Amplify's userInfo: attributes, demographic, location, metrics, address and optOut.
/// Demographic and location are the form's structs, with Amplify's keys (`model::fields`).
/// The user id is `identifyUser`'s first argument, so it is not part of this object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AmplifyUserInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMap>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::fields::amplify_shape"
    )]
    pub demographic: Option<Demographic>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::fields::amplify_shape"
    )]
    pub location: Option<Location>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::number::opt_map"
    )]
    pub metrics: Option<MetricMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
}

/// A field of the form that Amplify's userInfo has no place for, and where it goes instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The form path (`channel_type`, `user_attributes`).
    pub field: &'static str,
    pub why: &'static str,
}

/// The fields the form sets that `to_amplify` leaves out of userInfo, in the form's order:
/// the scalar fields `model::fields` marks so, then the user attributes.
pub fn left_out(form: &super::UserInfo) -> Vec<LeftOut> {
    let scalars = FIELDS.iter().filter_map(|field| match field.amplify {
        Amplify::LeftOut(why) if field.text(form).is_some_and(Option::is_some) => Some(LeftOut {
            field: field.path,
            why,
        }),
        _ => None,
    });
    let lists = (!form.user_attributes.is_empty()).then_some(LeftOut {
        field: "user_attributes",
        why: "no place",
    });
    scalars.chain(lists).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserInfo;
    use indexmap::indexmap;

    #[test]
    fn what_userinfo_has_no_place_for_is_named_and_nothing_else() {
        let mut form = UserInfo {
            endpoint_id: Some("e".into()),
            channel_type: Some("EMAIL".into()),
            endpoint_status: Some("ACTIVE".into()),
            user_attributes: indexmap! {"tier".into() => vec!["gold".into()]},
            address: Some("a@example.com".into()),
            opt_out: Some("NONE".into()),
            metrics: indexmap! {"logins".into() => 1.0},
            ..Default::default()
        };
        let fields = |form: &UserInfo| -> Vec<&str> {
            left_out(form).into_iter().map(|l| l.field).collect()
        };
        assert_eq!(
            fields(&form),
            [
                "endpoint_id",
                "channel_type",
                "endpoint_status",
                "user_attributes"
            ]
        );
        // Each one named is really missing from the userInfo JSON, and what it keeps is there.
        let json = serde_json::to_value(form.to_amplify()).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["address", "metrics", "optOut"]);
        form.user_id = Some("u".into());
        assert!(fields(&form).contains(&"user_id"));
        assert!(left_out(&UserInfo::default()).is_empty());
    }
}
