//! Property tests: a profile survives EndpointRequest JSON, the SDK's types and its own
//! TOML file without losing anything.

use indexmap::IndexMap;
use pinpoint_console::model::form::{Demographic, Location, UserInfo};
use pinpoint_console::model::sdk;
use pinpoint_console::model::wire::EndpointRequest;
use pinpoint_console::store::profiles;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "\\PC{1,24}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        (-1_000_000i64..1_000_000).prop_map(|v| v as f64),
        (-900i32..=900).prop_map(|v| f64::from(v) / 10.0),
    ]
}

fn attributes() -> impl Strategy<Value = IndexMap<String, Vec<String>>> {
    proptest::collection::vec(
        ("\\PC{0,12}", proptest::collection::vec("\\PC{0,12}", 0..4)),
        0..5,
    )
    .prop_map(|pairs| pairs.into_iter().collect())
}

fn user_info() -> impl Strategy<Value = UserInfo> {
    let identity = prop::array::uniform6(opt_text()).prop_map(|[a, b, c, d, e, f]| UserInfo {
        endpoint_id: a,
        user_id: b,
        channel_type: c,
        address: d,
        opt_out: e,
        endpoint_status: f,
        ..UserInfo::default()
    });
    let demographic =
        prop::array::uniform8(opt_text()).prop_map(|[a, b, c, d, e, f, g, h]| Demographic {
            app_version: a,
            locale: b,
            make: c,
            model: d,
            model_version: e,
            platform: f,
            platform_version: g,
            timezone: h,
        });
    let location = (
        prop::array::uniform4(opt_text()),
        prop::array::uniform2(proptest::option::of(number())),
    )
        .prop_map(
            |([city, country, postal_code, region], [latitude, longitude])| Location {
                city,
                country,
                postal_code,
                region,
                latitude,
                longitude,
            },
        );
    let metrics = proptest::collection::vec(("\\PC{0,12}", number()), 0..5)
        .prop_map(|p| p.into_iter().collect());
    (
        identity,
        attributes(),
        demographic,
        location,
        metrics,
        attributes(),
    )
        .prop_map(
            |(identity, attributes, demographic, location, metrics, user_attributes)| UserInfo {
                attributes,
                demographic,
                location,
                metrics,
                user_attributes,
                ..identity
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn profile_to_request_json_and_back_is_lossless(form in user_info()) {
        let json = serde_json::to_string(&form.to_endpoint_request()).unwrap();
        let request: EndpointRequest = serde_json::from_str(&json).unwrap();
        let back = UserInfo::from_endpoint_request(form.endpoint_id.clone(), request);
        prop_assert_eq!(back, form);
    }

    #[test]
    fn profile_file_round_trip_is_lossless(form in user_info()) {
        let text = profiles::to_text(&form);
        let back = profiles::parse(std::path::Path::new("p.toml"), &text).unwrap();
        prop_assert_eq!(back, form);
    }

    #[test]
    fn sdk_types_carry_every_member(form in user_info()) {
        let request = form.to_endpoint_request();
        let mut back = sdk::from_sdk_request(&sdk::to_sdk_request(&request));
        // The SDK keeps maps unordered; compare as maps.
        prop_assert_eq!(back.attributes.take(), request.attributes.clone());
        prop_assert_eq!(back.metrics.take(), request.metrics.clone());
        prop_assert_eq!(back.user.as_ref().map(|u| u.user_attributes.clone()), request.user.as_ref().map(|u| u.user_attributes.clone()));
        back.attributes = request.attributes.clone();
        back.metrics = request.metrics.clone();
        back.user = request.user.clone();
        prop_assert_eq!(back, request);
    }

    #[test]
    fn amplify_json_round_trip_keeps_amplify_fields(form in user_info()) {
        let json = serde_json::to_string(&form.to_amplify()).unwrap();
        let (_, back) = pinpoint_console::model::import::parse_json(&json).unwrap();
        prop_assert_eq!(back.to_amplify(), form.to_amplify());
    }
}
