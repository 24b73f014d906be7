//! Endpoints: EndpointRequest, EndpointBatchItem and EndpointResponse, with their
//! demographic, location and user parts.

use aws_sdk_pinpoint::types as sdk;

use super::{from_hash, owned, to_hash};
use crate::wire::{
    EndpointBatchItem, EndpointDemographic, EndpointLocation, EndpointRequest, EndpointResponse,
    EndpointUser, PublicEndpoint,
};

fn to_sdk_demographic(d: &EndpointDemographic) -> sdk::EndpointDemographic {
    sdk::EndpointDemographic::builder()
        .set_app_version(d.app_version.clone())
        .set_locale(d.locale.clone())
        .set_make(d.make.clone())
        .set_model(d.model.clone())
        .set_model_version(d.model_version.clone())
        .set_platform(d.platform.clone())
        .set_platform_version(d.platform_version.clone())
        .set_timezone(d.timezone.clone())
        .build()
}

fn from_sdk_demographic(d: &sdk::EndpointDemographic) -> EndpointDemographic {
    EndpointDemographic {
        app_version: owned(d.app_version()),
        locale: owned(d.locale()),
        make: owned(d.make()),
        model: owned(d.model()),
        model_version: owned(d.model_version()),
        platform: owned(d.platform()),
        platform_version: owned(d.platform_version()),
        timezone: owned(d.timezone()),
    }
}

fn to_sdk_location(l: &EndpointLocation) -> sdk::EndpointLocation {
    sdk::EndpointLocation::builder()
        .set_city(l.city.clone())
        .set_country(l.country.clone())
        .set_latitude(l.latitude)
        .set_longitude(l.longitude)
        .set_postal_code(l.postal_code.clone())
        .set_region(l.region.clone())
        .build()
}

fn from_sdk_location(l: &sdk::EndpointLocation) -> EndpointLocation {
    EndpointLocation {
        city: owned(l.city()),
        country: owned(l.country()),
        latitude: l.latitude(),
        longitude: l.longitude(),
        postal_code: owned(l.postal_code()),
        region: owned(l.region()),
    }
}

fn to_sdk_user(u: &EndpointUser) -> sdk::EndpointUser {
    sdk::EndpointUser::builder()
        .set_user_attributes(to_hash(&u.user_attributes))
        .set_user_id(u.user_id.clone())
        .build()
}

fn from_sdk_user(u: &sdk::EndpointUser) -> EndpointUser {
    EndpointUser {
        user_attributes: from_hash(u.user_attributes()),
        user_id: owned(u.user_id()),
    }
}

/// Sets an EndpointRequest's members on a builder of an SDK type that has the same ones
/// (EndpointRequest, EndpointBatchItem, PublicEndpoint).
macro_rules! with_endpoint_members {
    ($builder:expr, $request:expr) => {{
        let r: &EndpointRequest = $request;
        $builder
            .set_address(r.address.clone())
            .set_attributes(to_hash(&r.attributes))
            .set_channel_type(r.channel_type.as_deref().map(sdk::ChannelType::from))
            .set_demographic(r.demographic.as_ref().map(to_sdk_demographic))
            .set_effective_date(r.effective_date.clone())
            .set_endpoint_status(r.endpoint_status.clone())
            .set_location(r.location.as_ref().map(to_sdk_location))
            .set_metrics(to_hash(&r.metrics))
            .set_opt_out(r.opt_out.clone())
            .set_request_id(r.request_id.clone())
            .set_user(r.user.as_ref().map(to_sdk_user))
    }};
}

/// The SDK's EndpointRequest for a wire EndpointRequest.
pub fn to_sdk_request(r: &EndpointRequest) -> sdk::EndpointRequest {
    with_endpoint_members!(sdk::EndpointRequest::builder(), r).build()
}

/// The SDK's PublicEndpoint (PutEvents' endpoint part) for a wire one.
pub(super) fn to_sdk_public_endpoint(r: &PublicEndpoint) -> sdk::PublicEndpoint {
    with_endpoint_members!(sdk::PublicEndpoint::builder(), r).build()
}

/// The wire EndpointRequest for an SDK EndpointRequest.
pub fn from_sdk_request(r: &sdk::EndpointRequest) -> EndpointRequest {
    EndpointRequest {
        address: owned(r.address()),
        attributes: from_hash(r.attributes()),
        channel_type: r.channel_type().map(|c| c.as_str().to_owned()),
        demographic: r.demographic().map(from_sdk_demographic),
        effective_date: owned(r.effective_date()),
        endpoint_status: owned(r.endpoint_status()),
        location: r.location().map(from_sdk_location),
        metrics: from_hash(r.metrics()),
        opt_out: owned(r.opt_out()),
        request_id: owned(r.request_id()),
        user: r.user().map(from_sdk_user),
    }
}

/// The SDK's EndpointBatchItem for a wire batch item.
pub fn to_sdk_batch_item(item: &EndpointBatchItem) -> sdk::EndpointBatchItem {
    let (id, r) = item.clone().into_parts();
    with_endpoint_members!(sdk::EndpointBatchItem::builder().set_id(id), &r).build()
}

/// The wire EndpointResponse for what the SDK parsed from GetEndpoint and friends.
pub fn from_sdk_response(r: &sdk::EndpointResponse) -> EndpointResponse {
    EndpointResponse {
        address: owned(r.address()),
        application_id: owned(r.application_id()),
        attributes: from_hash(r.attributes()),
        channel_type: r.channel_type().map(|c| c.as_str().to_owned()),
        cohort_id: owned(r.cohort_id()),
        creation_date: owned(r.creation_date()),
        demographic: r.demographic().map(from_sdk_demographic),
        effective_date: owned(r.effective_date()),
        endpoint_status: owned(r.endpoint_status()),
        id: owned(r.id()),
        location: r.location().map(from_sdk_location),
        metrics: from_hash(r.metrics()),
        opt_out: owned(r.opt_out()),
        request_id: owned(r.request_id()),
        user: r.user().map(from_sdk_user),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::UserInfo;

    #[test]
    fn sdk_request_round_trip_keeps_every_member() {
        let form: UserInfo = toml::from_str(
            r#"
            endpoint_id = "e"
            user_id = "u"
            channel_type = "SMS"
            address = "+12065550100"
            opt_out = "ALL"
            endpoint_status = "INACTIVE"
            [attributes]
            a = ["1", "2"]
            b = []
            [demographic]
            app_version = "1"
            locale = "en_US"
            make = "m"
            model = "mo"
            model_version = "mv"
            platform = "p"
            platform_version = "pv"
            timezone = "UTC"
            [location]
            city = "c"
            country = "US"
            postal_code = "1"
            region = "r"
            latitude = 1.5
            longitude = -2.5
            [metrics]
            x = 1.25
            [user_attributes]
            z = ["q"]
            "#,
        )
        .unwrap();
        let request = form.to_endpoint_request();
        let back = from_sdk_request(&to_sdk_request(&request));
        assert_eq!(back, request);
    }

    #[test]
    fn unknown_channel_type_passes_through_the_sdk_enum() {
        let request = EndpointRequest {
            channel_type: Some("CARRIER_PIGEON".into()),
            ..Default::default()
        };
        let back = from_sdk_request(&to_sdk_request(&request));
        assert_eq!(back.channel_type.as_deref(), Some("CARRIER_PIGEON"));
    }
}
