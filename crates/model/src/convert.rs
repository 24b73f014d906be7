//! Conversions between the form (`UserInfo`), Pinpoint's wire shapes and Amplify's userInfo.
//!
//! The form -> EndpointRequest -> form round trip is lossless (the endpoint id travels in
//! the URL path, so it is passed beside the request). Empty maps and empty sub-objects are
//! left out of the wire shapes; an attribute name with an empty list stays, because `[]`
//! is how Pinpoint clears an attribute's values.

use super::amplify::AmplifyUserInfo;
use super::form::{Demographic, Location, UserInfo};
use super::wire::{EndpointRequest, EndpointResponse, EndpointUser};

/// `Some(map)` when the map has entries, `None` otherwise.
fn non_empty_map<M: IsEmpty>(map: M) -> Option<M> {
    (!map.is_empty()).then_some(map)
}

/// What "empty" means for the parts the wire leaves out.
trait IsEmpty {
    fn is_empty(&self) -> bool;
}

impl<K, V> IsEmpty for indexmap::IndexMap<K, V> {
    fn is_empty(&self) -> bool {
        indexmap::IndexMap::is_empty(self)
    }
}

impl IsEmpty for Demographic {
    fn is_empty(&self) -> bool {
        Demographic::is_empty(self)
    }
}

impl IsEmpty for Location {
    fn is_empty(&self) -> bool {
        Location::is_empty(self)
    }
}

impl UserInfo {
    /// The EndpointRequest this form sends with UpdateEndpoint.
    pub fn to_endpoint_request(&self) -> EndpointRequest {
        let form = self.clone();
        let user_attributes = non_empty_map(form.user_attributes);
        let user = (form.user_id.is_some() || user_attributes.is_some()).then(|| EndpointUser {
            user_attributes,
            user_id: form.user_id,
        });
        EndpointRequest {
            address: form.address,
            attributes: non_empty_map(form.attributes),
            channel_type: form.channel_type,
            demographic: non_empty_map(form.demographic),
            effective_date: None,
            endpoint_status: form.endpoint_status,
            location: non_empty_map(form.location),
            metrics: non_empty_map(form.metrics),
            opt_out: form.opt_out,
            request_id: None,
            user,
        }
    }

    /// The form for an endpoint id and an EndpointRequest (EffectiveDate and RequestId,
    /// which the form does not edit, are dropped).
    pub fn from_endpoint_request(endpoint_id: Option<String>, request: EndpointRequest) -> Self {
        let user = request.user.unwrap_or_default();
        UserInfo {
            endpoint_id,
            user_id: user.user_id,
            channel_type: request.channel_type,
            address: request.address,
            opt_out: request.opt_out,
            endpoint_status: request.endpoint_status,
            attributes: request.attributes.unwrap_or_default(),
            demographic: request.demographic.unwrap_or_default(),
            location: request.location.unwrap_or_default(),
            metrics: request.metrics.unwrap_or_default(),
            user_attributes: user.user_attributes.unwrap_or_default(),
        }
        .normalized()
    }

    /// The form for an endpoint as GetEndpoint returned it.
    pub fn from_endpoint_response(response: &EndpointResponse) -> Self {
        Self::from_endpoint_request(response.id.clone(), response.to_request())
    }

    /// Amplify's userInfo for this form. Endpoint id, user id, channel type, status and user
    /// attributes are not part of that object and are left out.
    pub fn to_amplify(&self) -> AmplifyUserInfo {
        let form = self.clone();
        AmplifyUserInfo {
            address: form.address,
            attributes: non_empty_map(form.attributes),
            demographic: non_empty_map(form.demographic),
            location: non_empty_map(form.location),
            metrics: non_empty_map(form.metrics),
            opt_out: form.opt_out,
        }
    }

    /// The form for an Amplify userInfo object.
    pub fn from_amplify(info: AmplifyUserInfo) -> Self {
        UserInfo {
            address: info.address,
            opt_out: info.opt_out,
            attributes: info.attributes.unwrap_or_default(),
            demographic: info.demographic.unwrap_or_default(),
            location: info.location.unwrap_or_default(),
            metrics: info.metrics.unwrap_or_default(),
            ..UserInfo::default()
        }
        .normalized()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::indexmap;

    fn full_form() -> UserInfo {
        UserInfo {
            endpoint_id: Some("ep-1".into()),
            user_id: Some("user-1".into()),
            channel_type: Some("EMAIL".into()),
            address: Some("a@example.com".into()),
            opt_out: Some("NONE".into()),
            endpoint_status: Some("ACTIVE".into()),
            attributes: indexmap! {"hobbies".into() => vec!["cooking".into(), "knitting".into()], "cleared".into() => vec![]},
            demographic: Demographic {
                app_version: Some("1.0".into()),
                locale: Some("en_US".into()),
                make: Some("Apple".into()),
                model: Some("iPhone".into()),
                model_version: Some("13".into()),
                platform: Some("iOS".into()),
                platform_version: Some("15".into()),
                timezone: Some("America/Los_Angeles".into()),
            },
            location: Location {
                city: Some("Seattle".into()),
                country: Some("US".into()),
                postal_code: Some("98121".into()),
                region: Some("WA".into()),
                latitude: Some(47.6),
                longitude: Some(-122.3),
            },
            metrics: indexmap! {"logins".into() => 157.0},
            user_attributes: indexmap! {"plan".into() => vec!["pro".into()]},
        }
    }

    #[test]
    fn every_form_field_lands_under_its_pinpoint_member() {
        let json = serde_json::to_value(full_form().to_endpoint_request()).unwrap();
        let expected = serde_json::json!({
            "Address": "a@example.com",
            "Attributes": {"hobbies": ["cooking", "knitting"], "cleared": []},
            "ChannelType": "EMAIL",
            "Demographic": {"AppVersion": "1.0", "Locale": "en_US", "Make": "Apple", "Model": "iPhone",
                "ModelVersion": "13", "Platform": "iOS", "PlatformVersion": "15", "Timezone": "America/Los_Angeles"},
            "EndpointStatus": "ACTIVE",
            "Location": {"City": "Seattle", "Country": "US", "Latitude": 47.6, "Longitude": -122.3,
                "PostalCode": "98121", "Region": "WA"},
            "Metrics": {"logins": 157},
            "OptOut": "NONE",
            "User": {"UserAttributes": {"plan": ["pro"]}, "UserId": "user-1"}
        });
        assert_eq!(json, expected);
    }

    #[test]
    fn every_form_field_lands_under_its_amplify_key() {
        let json = serde_json::to_value(full_form().to_amplify()).unwrap();
        let expected = serde_json::json!({
            "address": "a@example.com",
            "attributes": {"hobbies": ["cooking", "knitting"], "cleared": []},
            "demographic": {"appVersion": "1.0", "locale": "en_US", "make": "Apple", "model": "iPhone",
                "modelVersion": "13", "platform": "iOS", "platformVersion": "15", "timezone": "America/Los_Angeles"},
            "location": {"city": "Seattle", "country": "US", "postalCode": "98121", "region": "WA",
                "latitude": 47.6, "longitude": -122.3},
            "metrics": {"logins": 157},
            "optOut": "NONE"
        });
        assert_eq!(json, expected);
    }

    #[test]
    fn empty_form_sends_an_empty_object() {
        let json = serde_json::to_string(&UserInfo::default().to_endpoint_request()).unwrap();
        assert_eq!(json, "{}");
        let json = serde_json::to_string(&UserInfo::default().to_amplify()).unwrap();
        assert_eq!(json, "{}");
    }

    #[test]
    fn user_is_sent_for_user_attributes_alone() {
        let form = UserInfo {
            user_attributes: indexmap! {"plan".into() => vec!["pro".into()]},
            ..UserInfo::default()
        };
        let json = serde_json::to_value(form.to_endpoint_request()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"User": {"UserAttributes": {"plan": ["pro"]}}})
        );
    }

    #[test]
    fn request_round_trip_keeps_every_field() {
        let form = full_form();
        let back =
            UserInfo::from_endpoint_request(form.endpoint_id.clone(), form.to_endpoint_request());
        assert_eq!(back, form);
    }

    #[test]
    fn amplify_round_trip_keeps_its_fields() {
        let form = full_form();
        let back = UserInfo::from_amplify(form.to_amplify());
        let expected = UserInfo {
            endpoint_id: None,
            user_id: None,
            channel_type: None,
            endpoint_status: None,
            user_attributes: Default::default(),
            ..form
        };
        assert_eq!(back, expected);
    }

    #[test]
    fn response_fields_map_to_the_form() {
        let response: EndpointResponse = serde_json::from_value(serde_json::json!({
            "Id": "ep-9", "ApplicationId": "app", "CohortId": "63", "CreationDate": "2018-05-01T17:31:01.046Z",
            "EffectiveDate": "2018-05-01T17:31:01.046Z", "EndpointStatus": "ACTIVE", "OptOut": "NONE",
            "RequestId": "r", "ChannelType": "SMS", "Address": "+12065550100", "User": {}
        }))
        .unwrap();
        let form = UserInfo::from_endpoint_response(&response);
        assert_eq!(form.endpoint_id.as_deref(), Some("ep-9"));
        assert_eq!(form.channel_type.as_deref(), Some("SMS"));
        assert_eq!(form.address.as_deref(), Some("+12065550100"));
        assert_eq!(form.endpoint_status.as_deref(), Some("ACTIVE"));
        assert_eq!(form.user_id, None);
    }

    #[test]
    fn empty_strings_become_unset() {
        let info: AmplifyUserInfo = serde_json::from_value(serde_json::json!({
            "address": "", "demographic": {"appVersion": "", "locale": "en_US"}
        }))
        .unwrap();
        let form = UserInfo::from_amplify(info);
        assert_eq!(form.address, None);
        assert_eq!(form.demographic.app_version, None);
        assert_eq!(form.demographic.locale.as_deref(), Some("en_US"));
    }
}
