//! PhoneNumberValidate.

include!(concat!(env!("OUT_DIR"), "/wire/phone.rs"));
