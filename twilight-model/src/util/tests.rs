//! The behaviour every generated enum and bit set of the crate relies on,
//! shown on small types defined here.

// The macros give the generated types and methods `pub`, as the real types
// need; here they sit in a private test module.
#![allow(unreachable_pub)]

crate::int_enum! {
    /// How loud.
    pub enum Volume: u8 {
        /// Quiet.
        Low = 1,
        /// Loud.
        High = 2,
    }
}

crate::str_enum! {
    /// A colour.
    pub enum Colour {
        /// Red.
        Red = "RED",
    }
}

crate::flags! {
    /// Options, sent as an integer.
    pub struct Options: u64 {
        /// A.
        const A = 1 << 0;
        /// B.
        const B = 1 << 1;
    }
}

crate::flags! {
    /// Options, sent as a string of the integer.
    pub struct StringOptions: u8 as string {
        /// A.
        const A = 1 << 0;
    }
}

#[test]
fn int_enum_known_value_is_its_variant() {
    assert_eq!(serde_json::from_str::<Volume>("2").unwrap(), Volume::High);
    assert_eq!(Volume::new(1), Volume::Low);
    assert_eq!(Volume::from(1), Volume::Low);
    assert_eq!(u8::from(Volume::High), 2);
    assert_eq!(serde_json::to_string(&Volume::High).unwrap(), "2");
}

#[test]
fn int_enum_keeps_unknown_value() {
    let volume = serde_json::from_str::<Volume>("9").unwrap();
    assert_eq!(volume, Volume::Unknown(9));
    assert_eq!(volume.value(), 9);
    assert_eq!(serde_json::to_string(&volume).unwrap(), "9");
}

#[test]
fn str_enum_known_value_is_its_variant() {
    assert_eq!(
        serde_json::from_str::<Colour>(r#""RED""#).unwrap(),
        Colour::Red
    );
    assert_eq!(Colour::from("RED"), Colour::Red);
    assert_eq!(Colour::Red.to_string(), "RED");
    assert_eq!(serde_json::to_string(&Colour::Red).unwrap(), r#""RED""#);
}

#[test]
fn str_enum_keeps_unknown_value() {
    let colour: Colour = serde_json::from_str(r#""TEAL""#).unwrap();
    assert_eq!(colour, Colour::Unknown("TEAL".into()));
    assert_eq!(colour.as_str(), "TEAL");
    assert_eq!(serde_json::to_string(&colour).unwrap(), r#""TEAL""#);
}

#[test]
fn flags_keep_unknown_bits() {
    let flags: Options = serde_json::from_str("35").unwrap();
    assert!(flags.contains(Options::A | Options::B));
    assert_eq!(flags.bits(), 35, "bit 5 is unknown but kept");
    assert_eq!(serde_json::to_string(&flags).unwrap(), "35");
}

#[test]
fn string_flags_read_a_string_or_an_integer_and_write_a_string() {
    let from_string: StringOptions = serde_json::from_str(r#""5""#).unwrap();
    let from_integer: StringOptions = serde_json::from_str("5").unwrap();
    assert_eq!(from_string, from_integer);
    assert!(from_string.contains(StringOptions::A));
    assert_eq!(from_string.bits(), 5, "bit 2 is unknown but kept");
    assert_eq!(serde_json::to_string(&from_string).unwrap(), r#""5""#);
}

#[test]
fn string_flags_reject_values_out_of_range() {
    assert!(serde_json::from_str::<StringOptions>("256").is_err());
    assert!(serde_json::from_str::<StringOptions>("-1").is_err());
    assert!(serde_json::from_str::<StringOptions>(r#""256""#).is_err());
    assert!(serde_json::from_str::<StringOptions>(r#""x""#).is_err());
}
