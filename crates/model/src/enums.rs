//! Enumerations of Pinpoint's model that the console and the sandbox check values against,
//! one list each, in the model's order (MetricDimension.ComparisonOperator is a plain string
//! in the model, with documented values). The wire shapes keep these members as text, so
//! that a value this version does not know is reported rather than unreadable.

/// An enumeration of the model: its values in the model's order, read from and written as
/// text.
macro_rules! model_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every value, in the model's order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as the wire writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value a text names, if any (case-sensitive, as the wire is).
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

model_enum! {
    /// ChannelType, all 13 values (also the elements of CustomDeliveryConfiguration.EndpointTypes).
    ChannelType {
        Push = "PUSH",
        Gcm = "GCM",
        Apns = "APNS",
        ApnsSandbox = "APNS_SANDBOX",
        ApnsVoip = "APNS_VOIP",
        ApnsVoipSandbox = "APNS_VOIP_SANDBOX",
        Adm = "ADM",
        Sms = "SMS",
        Voice = "VOICE",
        Email = "EMAIL",
        Baidu = "BAIDU",
        Custom = "CUSTOM",
        InApp = "IN_APP",
    }
}

model_enum! {
    /// EndpointRequest.OptOut: a plain string in the model with these documented values
    /// (NONE first: the form offers it first).
    OptOut {
        None = "NONE",
        All = "ALL",
    }
}

model_enum! {
    /// EndpointRequest.EndpointStatus: a plain string in the model with these documented
    /// values.
    EndpointStatus {
        Active = "ACTIVE",
        Inactive = "INACTIVE",
    }
}

model_enum! {
    /// AttributeDimension.AttributeType.
    AttributeType {
        Inclusive = "INCLUSIVE",
        Exclusive = "EXCLUSIVE",
        Contains = "CONTAINS",
        Before = "BEFORE",
        After = "AFTER",
        On = "ON",
        Between = "BETWEEN",
    }
}

model_enum! {
    /// SetDimension.DimensionType.
    DimensionType {
        Inclusive = "INCLUSIVE",
        Exclusive = "EXCLUSIVE",
    }
}

model_enum! {
    /// RecencyDimension.Duration.
    Duration {
        Hr24 = "HR_24",
        Day7 = "DAY_7",
        Day14 = "DAY_14",
        Day30 = "DAY_30",
    }
}

model_enum! {
    /// RecencyDimension.RecencyType.
    RecencyType {
        Active = "ACTIVE",
        Inactive = "INACTIVE",
    }
}

model_enum! {
    /// SegmentGroupList.Include. The model's SourceType and Type enums (on SegmentGroup) have
    /// the same three values, so they are this one list too.
    Include {
        All = "ALL",
        Any = "ANY",
        None = "NONE",
    }
}

model_enum! {
    /// MetricDimension.ComparisonOperator: a plain string in the model, with these documented
    /// values.
    ComparisonOperator {
        GreaterThan = "GREATER_THAN",
        LessThan = "LESS_THAN",
        GreaterThanOrEqual = "GREATER_THAN_OR_EQUAL",
        LessThanOrEqual = "LESS_THAN_OR_EQUAL",
        Equal = "EQUAL",
    }
}

impl ComparisonOperator {
    /// The operator as a reason writes it, and the comparison of a metric's value (left)
    /// with the dimension's (right).
    pub fn comparison(self) -> (&'static str, fn(&f64, &f64) -> bool) {
        match self {
            ComparisonOperator::GreaterThan => (">", f64::gt),
            ComparisonOperator::LessThan => ("<", f64::lt),
            ComparisonOperator::GreaterThanOrEqual => (">=", f64::ge),
            ComparisonOperator::LessThanOrEqual => ("<=", f64::le),
            ComparisonOperator::Equal => ("==", f64::eq),
        }
    }
}

model_enum! {
    /// CampaignHook.Mode (application settings and campaigns).
    HookMode {
        Delivery = "DELIVERY",
        Filter = "FILTER",
    }
}

model_enum! {
    /// RemoveAttributes' `attribute-type`: which kind of endpoint attribute names (a plain
    /// string in the model, with these documented values).
    EndpointAttributeType {
        Custom = "endpoint-custom-attributes",
        Metric = "endpoint-metric-attributes",
        User = "endpoint-user-attributes",
    }
}

model_enum! {
    /// InAppMessage.Layout (also CampaignInAppMessage's and an in-app template's).
    Layout {
        BottomBanner = "BOTTOM_BANNER",
        TopBanner = "TOP_BANNER",
        Overlays = "OVERLAYS",
        MobileFeed = "MOBILE_FEED",
        MiddleBanner = "MIDDLE_BANNER",
        Carousel = "CAROUSEL",
    }
}

model_enum! {
    /// The Alignment of an in-app message's header and body.
    Alignment {
        Left = "LEFT",
        Center = "CENTER",
        Right = "RIGHT",
    }
}

model_enum! {
    /// The ButtonAction of an in-app message's button (default and per-platform).
    ButtonAction {
        Link = "LINK",
        DeepLink = "DEEP_LINK",
        Close = "CLOSE",
    }
}

model_enum! {
    /// CampaignEventFilter.FilterType.
    FilterType {
        System = "SYSTEM",
        Endpoint = "ENDPOINT",
    }
}

model_enum! {
    /// Schedule.Frequency.
    Frequency {
        Once = "ONCE",
        Hourly = "HOURLY",
        Daily = "DAILY",
        Weekly = "WEEKLY",
        Monthly = "MONTHLY",
        Event = "EVENT",
        InAppEvent = "IN_APP_EVENT",
    }
}

model_enum! {
    /// CampaignState.CampaignStatus.
    CampaignStatus {
        Scheduled = "SCHEDULED",
        Executing = "EXECUTING",
        PendingNextRun = "PENDING_NEXT_RUN",
        Completed = "COMPLETED",
        Paused = "PAUSED",
        Deleted = "DELETED",
        Invalid = "INVALID",
    }
}

model_enum! {
    /// TemplateType (of a template response and of ListTemplates' items).
    TemplateType {
        Email = "EMAIL",
        Sms = "SMS",
        Voice = "VOICE",
        Push = "PUSH",
        InApp = "INAPP",
    }
}

/// "`A`, `B` or `C`", for messages that list the allowed values.
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Checks an optional enumerated member: `Ok` when absent or one of `names`.
pub fn check_enum(path: &str, value: Option<&str>, names: &[&str]) -> Result<(), String> {
    match value {
        Some(v) if !names.contains(&v) => Err(format!(
            "{path}: `{v}` is not a valid value; the allowed values are {}",
            one_of(names)
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_words_lists() {
        assert_eq!(one_of(&["A"]), "`A`");
        assert_eq!(one_of(&["A", "B"]), "`A` or `B`");
        assert_eq!(one_of(&["A", "B", "C"]), "`A`, `B` or `C`");
    }

    #[test]
    fn names_parse_back() {
        for name in AttributeType::NAMES {
            assert_eq!(AttributeType::parse(name).unwrap().as_str(), *name);
        }
        assert_eq!(AttributeType::parse("inclusive"), None, "case-sensitive");
        assert_eq!(
            check_enum("X.Mode", Some("FILTERS"), HookMode::NAMES),
            Err("X.Mode: `FILTERS` is not a valid value; the allowed values are `DELIVERY` or `FILTER`".into())
        );
        assert_eq!(check_enum("X.Mode", None, HookMode::NAMES), Ok(()));
    }
}
