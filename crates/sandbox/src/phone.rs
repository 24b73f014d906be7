//! PhoneNumberValidate, answered offline. The sandbox reaches no carrier or numbering
//! database, so it says only what the number itself tells: whether it is a valid E.164
//! number with an assigned country calling code, its cleansed E.164 form, the calling code,
//! and the country when the calling code belongs to one country (or the request's
//! IsoCountryCode is one of the countries sharing it).
//!
//! What a valid number gets: PhoneType `OTHER` (PhoneTypeCode 4), because mobile, landline,
//! VoIP or prepaid is known only to a carrier lookup; Carrier, City, County, ZipCode,
//! Timezone, Country and CleansedPhoneNumberNational are left out. A number that is not
//! valid gets PhoneType `INVALID` (PhoneTypeCode 3). CountryCodeNumeric is the calling code,
//! as Pinpoint writes it ("1" for the United States).
//!
//! A number without `+` is read as a national number of IsoCountryCode's country: a leading
//! national (trunk) prefix, such as `0` in most of Europe, is dropped and the calling code
//! put in front. Spaces, hyphens, dots, slashes and parentheses are ignored.

use crate::model::validate::is_e164;
use crate::model::wire::{NumberValidateRequest, NumberValidateResponse};

/// The PhoneType of a number the sandbox cannot classify further.
pub const PHONE_TYPE_OTHER: (&str, i64) = ("OTHER", 4);
/// The PhoneType of a number that is not valid.
pub const PHONE_TYPE_INVALID: (&str, i64) = ("INVALID", 3);

/// Validates one number. `Err` is a request Pinpoint refuses (no PhoneNumber, an
/// IsoCountryCode that is not an ISO 3166-1 alpha-2 code).
pub fn validate(request: &NumberValidateRequest) -> Result<NumberValidateResponse, String> {
    let original = request
        .phone_number
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .ok_or("PhoneNumber is required")?;
    let region = match request.iso_country_code.as_deref() {
        None => None,
        Some(code) => Some(
            isocountry::CountryCode::for_alpha2_caseless(code)
                .map(|c| c.alpha2())
                .map_err(|_| {
                    format!("IsoCountryCode `{code}` is not an ISO 3166-1 alpha-2 country code")
                })?,
        ),
    };
    let mut response = NumberValidateResponse {
        original_phone_number: Some(original.to_string()),
        original_country_code_iso2: request.iso_country_code.clone(),
        ..Default::default()
    };
    let (phone_type, code) = match international(original, region) {
        Some((digits, calling)) => {
            response.cleansed_phone_number_e164 = Some(format!("+{digits}"));
            response.country_code_numeric = Some(calling.code.to_string());
            response.country_code_iso2 = match calling.regions {
                [only] => Some(only.to_string()),
                shared => region.filter(|r| shared.contains(r)).map(str::to_string),
            };
            PHONE_TYPE_OTHER
        }
        None => PHONE_TYPE_INVALID,
    };
    response.phone_type = Some(phone_type.to_string());
    response.phone_type_code = Some(code);
    Ok(response)
}

/// A country calling code, the countries (ISO alpha-2) that share it, main one first, and
/// their national (trunk) prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallingCode {
    pub code: &'static str,
    pub regions: &'static [&'static str],
    pub national_prefix: &'static str,
}

/// The calling code a number's digits start with (codes have 1 to 3 digits and no code is
/// a prefix of another).
pub fn calling_code(digits: &str) -> Option<CallingCode> {
    (1..=3.min(digits.len())).find_map(|n| {
        let prefix = &digits[..n];
        CALLING_CODES
            .iter()
            .find(|(code, _, _)| *code == prefix)
            .map(CallingCode::from_row)
    })
}

/// The calling code of a country.
fn calling_code_of(region: &str) -> Option<CallingCode> {
    CALLING_CODES
        .iter()
        .find(|(_, regions, _)| regions.contains(&region))
        .map(CallingCode::from_row)
}

impl CallingCode {
    fn from_row(&(code, regions, national_prefix): &Row) -> CallingCode {
        CallingCode {
            code,
            regions,
            national_prefix,
        }
    }
}

/// A row of the table below: calling code, countries, national prefix.
type Row = (&'static str, &'static [&'static str], &'static str);

/// The number's international digits (without `+`) and calling code, when it is valid.
fn international(text: &str, region: Option<&str>) -> Option<(String, CallingCode)> {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/' | '(' | ')'))
        .collect();
    let digits = match kept.strip_prefix('+') {
        Some(rest) => rest.to_string(),
        None => {
            let calling = calling_code_of(region?)?;
            let national = match calling.national_prefix {
                "" => kept.as_str(),
                prefix => kept.strip_prefix(prefix).unwrap_or(&kept),
            };
            format!("{}{national}", calling.code)
        }
    };
    if !is_e164(&format!("+{digits}")) {
        return None;
    }
    let calling = calling_code(&digits)?;
    (digits.len() > calling.code.len()).then_some((digits, calling))
}

/// ITU-T E.164 country calling codes, each with the countries that share it (main one first)
/// and their national prefix, as libphonenumber's metadata lists them. Codes without a
/// country are the non-geographic ones (freephone, satellite, ...).
const CALLING_CODES: &[Row] = &[
    (
        "1",
        &[
            "US", "AG", "AI", "AS", "BB", "BM", "BS", "CA", "DM", "DO", "GD", "GU", "JM", "KN",
            "KY", "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
        ],
        "1",
    ),
    ("7", &["RU", "KZ"], "8"),
    ("20", &["EG"], "0"),
    ("27", &["ZA"], "0"),
    ("30", &["GR"], ""),
    ("31", &["NL"], "0"),
    ("32", &["BE"], "0"),
    ("33", &["FR"], "0"),
    ("34", &["ES"], ""),
    ("36", &["HU"], "06"),
    ("39", &["IT", "VA"], ""),
    ("40", &["RO"], "0"),
    ("41", &["CH"], "0"),
    ("43", &["AT"], "0"),
    ("44", &["GB", "GG", "IM", "JE"], "0"),
    ("45", &["DK"], ""),
    ("46", &["SE"], "0"),
    ("47", &["NO", "SJ"], ""),
    ("48", &["PL"], ""),
    ("49", &["DE"], "0"),
    ("51", &["PE"], "0"),
    ("52", &["MX"], ""),
    ("53", &["CU"], "0"),
    ("54", &["AR"], "0"),
    ("55", &["BR"], "0"),
    ("56", &["CL"], ""),
    ("57", &["CO"], "0"),
    ("58", &["VE"], "0"),
    ("60", &["MY"], "0"),
    ("61", &["AU", "CC", "CX"], "0"),
    ("62", &["ID"], "0"),
    ("63", &["PH"], "0"),
    ("64", &["NZ"], "0"),
    ("65", &["SG"], ""),
    ("66", &["TH"], "0"),
    ("81", &["JP"], "0"),
    ("82", &["KR"], "0"),
    ("84", &["VN"], "0"),
    ("86", &["CN"], "0"),
    ("90", &["TR"], "0"),
    ("91", &["IN"], "0"),
    ("92", &["PK"], "0"),
    ("93", &["AF"], "0"),
    ("94", &["LK"], "0"),
    ("95", &["MM"], "0"),
    ("98", &["IR"], "0"),
    ("211", &["SS"], "0"),
    ("212", &["MA", "EH"], "0"),
    ("213", &["DZ"], "0"),
    ("216", &["TN"], ""),
    ("218", &["LY"], "0"),
    ("220", &["GM"], ""),
    ("221", &["SN"], ""),
    ("222", &["MR"], ""),
    ("223", &["ML"], ""),
    ("224", &["GN"], ""),
    ("225", &["CI"], ""),
    ("226", &["BF"], ""),
    ("227", &["NE"], ""),
    ("228", &["TG"], ""),
    ("229", &["BJ"], ""),
    ("230", &["MU"], ""),
    ("231", &["LR"], "0"),
    ("232", &["SL"], "0"),
    ("233", &["GH"], "0"),
    ("234", &["NG"], "0"),
    ("235", &["TD"], ""),
    ("236", &["CF"], ""),
    ("237", &["CM"], ""),
    ("238", &["CV"], ""),
    ("239", &["ST"], ""),
    ("240", &["GQ"], ""),
    ("241", &["GA"], ""),
    ("242", &["CG"], ""),
    ("243", &["CD"], "0"),
    ("244", &["AO"], ""),
    ("245", &["GW"], ""),
    ("246", &["IO"], ""),
    ("247", &["AC"], ""),
    ("248", &["SC"], ""),
    ("249", &["SD"], "0"),
    ("250", &["RW"], "0"),
    ("251", &["ET"], "0"),
    ("252", &["SO"], "0"),
    ("253", &["DJ"], ""),
    ("254", &["KE"], "0"),
    ("255", &["TZ"], "0"),
    ("256", &["UG"], "0"),
    ("257", &["BI"], ""),
    ("258", &["MZ"], ""),
    ("260", &["ZM"], "0"),
    ("261", &["MG"], "0"),
    ("262", &["RE", "YT"], "0"),
    ("263", &["ZW"], "0"),
    ("264", &["NA"], "0"),
    ("265", &["MW"], "0"),
    ("266", &["LS"], ""),
    ("267", &["BW"], ""),
    ("268", &["SZ"], ""),
    ("269", &["KM"], ""),
    ("290", &["SH", "TA"], ""),
    ("291", &["ER"], "0"),
    ("297", &["AW"], ""),
    ("298", &["FO"], ""),
    ("299", &["GL"], ""),
    ("350", &["GI"], ""),
    ("351", &["PT"], ""),
    ("352", &["LU"], ""),
    ("353", &["IE"], "0"),
    ("354", &["IS"], ""),
    ("355", &["AL"], "0"),
    ("356", &["MT"], ""),
    ("357", &["CY"], ""),
    ("358", &["FI", "AX"], "0"),
    ("359", &["BG"], "0"),
    ("370", &["LT"], "0"),
    ("371", &["LV"], ""),
    ("372", &["EE"], ""),
    ("373", &["MD"], "0"),
    ("374", &["AM"], "0"),
    ("375", &["BY"], "8"),
    ("376", &["AD"], ""),
    ("377", &["MC"], "0"),
    ("378", &["SM"], ""),
    ("380", &["UA"], "0"),
    ("381", &["RS"], "0"),
    ("382", &["ME"], "0"),
    ("383", &["XK"], "0"),
    ("385", &["HR"], "0"),
    ("386", &["SI"], "0"),
    ("387", &["BA"], "0"),
    ("389", &["MK"], "0"),
    ("420", &["CZ"], ""),
    ("421", &["SK"], "0"),
    ("423", &["LI"], "0"),
    ("500", &["FK"], ""),
    ("501", &["BZ"], ""),
    ("502", &["GT"], ""),
    ("503", &["SV"], ""),
    ("504", &["HN"], ""),
    ("505", &["NI"], ""),
    ("506", &["CR"], ""),
    ("507", &["PA"], ""),
    ("508", &["PM"], "0"),
    ("509", &["HT"], ""),
    ("590", &["GP", "BL", "MF"], "0"),
    ("591", &["BO"], "0"),
    ("592", &["GY"], ""),
    ("593", &["EC"], "0"),
    ("594", &["GF"], "0"),
    ("595", &["PY"], "0"),
    ("596", &["MQ"], "0"),
    ("597", &["SR"], ""),
    ("598", &["UY"], "0"),
    ("599", &["CW", "BQ"], ""),
    ("670", &["TL"], ""),
    ("672", &["NF"], ""),
    ("673", &["BN"], ""),
    ("674", &["NR"], ""),
    ("675", &["PG"], ""),
    ("676", &["TO"], ""),
    ("677", &["SB"], ""),
    ("678", &["VU"], ""),
    ("679", &["FJ"], ""),
    ("680", &["PW"], ""),
    ("681", &["WF"], ""),
    ("682", &["CK"], ""),
    ("683", &["NU"], ""),
    ("685", &["WS"], ""),
    ("686", &["KI"], "0"),
    ("687", &["NC"], ""),
    ("688", &["TV"], ""),
    ("689", &["PF"], ""),
    ("690", &["TK"], ""),
    ("691", &["FM"], ""),
    ("692", &["MH"], "1"),
    ("800", &[], ""),
    ("808", &[], ""),
    ("850", &["KP"], "0"),
    ("852", &["HK"], ""),
    ("853", &["MO"], ""),
    ("855", &["KH"], "0"),
    ("856", &["LA"], "0"),
    ("870", &[], ""),
    ("878", &[], ""),
    ("880", &["BD"], "0"),
    ("881", &[], ""),
    ("882", &[], ""),
    ("883", &[], ""),
    ("886", &["TW"], "0"),
    ("888", &[], ""),
    ("960", &["MV"], ""),
    ("961", &["LB"], "0"),
    ("962", &["JO"], "0"),
    ("963", &["SY"], "0"),
    ("964", &["IQ"], "0"),
    ("965", &["KW"], ""),
    ("966", &["SA"], "0"),
    ("967", &["YE"], "0"),
    ("968", &["OM"], ""),
    ("970", &["PS"], "0"),
    ("971", &["AE"], "0"),
    ("972", &["IL"], "0"),
    ("973", &["BH"], ""),
    ("974", &["QA"], ""),
    ("975", &["BT"], ""),
    ("976", &["MN"], "0"),
    ("977", &["NP"], "0"),
    ("979", &[], ""),
    ("992", &["TJ"], ""),
    ("993", &["TM"], "8"),
    ("994", &["AZ"], "0"),
    ("995", &["GE"], "0"),
    ("996", &["KG"], "0"),
    ("998", &["UZ"], ""),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn check(number: &str, iso: Option<&str>) -> NumberValidateResponse {
        validate(&NumberValidateRequest {
            iso_country_code: iso.map(str::to_string),
            phone_number: Some(number.to_string()),
        })
        .unwrap()
    }

    #[test]
    fn a_valid_number_says_what_is_known_offline() {
        let r = check("+1 (206) 555-0142", None);
        assert_eq!(
            r.cleansed_phone_number_e164.as_deref(),
            Some("+12065550142")
        );
        assert_eq!(r.country_code_numeric.as_deref(), Some("1"));
        assert_eq!(r.country_code_iso2, None, "+1 is shared by 25 countries");
        assert_eq!(
            r.original_phone_number.as_deref(),
            Some("+1 (206) 555-0142")
        );
        assert_eq!(
            (r.phone_type.as_deref(), r.phone_type_code),
            (Some("OTHER"), Some(4))
        );
        assert_eq!(r.carrier, None);
        assert_eq!(r.country, None);
        let us = check("+12065550142", Some("US"));
        assert_eq!(us.country_code_iso2.as_deref(), Some("US"));
        assert_eq!(us.original_country_code_iso2.as_deref(), Some("US"));
        let de = check("+49 30 1234567", Some("FR"));
        assert_eq!(
            de.country_code_iso2.as_deref(),
            Some("DE"),
            "the number wins"
        );
        assert_eq!(de.country_code_numeric.as_deref(), Some("49"));
    }

    #[test]
    fn a_national_number_takes_the_country_calling_code() {
        let gb = check("07911 123456", Some("GB"));
        assert_eq!(
            gb.cleansed_phone_number_e164.as_deref(),
            Some("+447911123456")
        );
        assert_eq!(gb.country_code_iso2.as_deref(), Some("GB"));
        let us = check("206-555-0142", Some("us"));
        assert_eq!(
            us.cleansed_phone_number_e164.as_deref(),
            Some("+12065550142")
        );
        let it = check("06 1234 5678", Some("IT"));
        assert_eq!(
            it.cleansed_phone_number_e164.as_deref(),
            Some("+390612345678"),
            "Italy keeps its leading 0"
        );
    }

    #[test]
    fn numbers_that_are_not_valid() {
        for (number, iso) in [
            ("2065550142", None),
            ("+", None),
            ("+0123456", None),
            ("+1234567890123456", None),
            ("+12065550142x", None),
            ("+999 1234", None),
            ("+1", None),
            ("phone", Some("US")),
        ] {
            let r = check(number, iso);
            assert_eq!(
                (r.phone_type.as_deref(), r.phone_type_code),
                (Some("INVALID"), Some(3)),
                "{number}"
            );
            assert_eq!(r.cleansed_phone_number_e164, None, "{number}");
            assert_eq!(r.original_phone_number.as_deref(), Some(number));
        }
    }

    #[test]
    fn refused_requests() {
        let err = validate(&NumberValidateRequest::default()).unwrap_err();
        assert!(err.contains("PhoneNumber"), "{err}");
        let err = validate(&NumberValidateRequest {
            iso_country_code: Some("XX".into()),
            phone_number: Some("+12065550142".into()),
        })
        .unwrap_err();
        assert!(err.contains("`XX`"), "{err}");
    }

    #[test]
    fn the_table_is_consistent() {
        for (code, regions, _) in CALLING_CODES {
            assert!((1..=3).contains(&code.len()), "{code}");
            for other in CALLING_CODES {
                assert!(
                    other.0 == *code || !other.0.starts_with(code),
                    "{code} is a prefix of {}",
                    other.0
                );
            }
            for region in *regions {
                assert!(
                    isocountry::CountryCode::for_alpha2(region).is_ok()
                        || *region == "XK"
                        || *region == "AC"
                        || *region == "TA",
                    "{region}"
                );
            }
        }
    }
}
