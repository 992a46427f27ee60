//! Building blocks shared by the model's types: forward-compatible enums and
//! bit sets, and serde helpers.
//!
//! Discord adds enum values and flag bits without notice. Every enum made with
//! [`int_enum!`](crate::int_enum) or [`str_enum!`](crate::str_enum) keeps a
//! value it does not know in an `Unknown` variant, and every bit set made with
//! [`flags!`](crate::flags) keeps unknown bits, so a payload never fails
//! because Discord is newer than this crate, and serialising it back loses
//! nothing.

pub mod image_hash;
pub mod secret;

/// Defines an enum sent as an integer, with an `Unknown` variant that keeps
/// values this crate does not know.
///
/// Generates `new`, `value`, `From` both ways and serde as the integer.
/// Build values from integers with `new`, which maps a known number to its
/// variant, so `Unknown` never holds a known value.
///
/// ```
/// twilight_model::int_enum! {
///     /// How loud.
///     pub enum Volume: u8 {
///         /// Quiet.
///         Low = 1,
///         /// Loud.
///         High = 2,
///     }
/// }
///
/// assert_eq!(serde_json::from_str::<Volume>("2").unwrap(), Volume::High);
/// assert_eq!(serde_json::from_str::<Volume>("9").unwrap(), Volume::Unknown(9));
/// assert_eq!(serde_json::to_string(&Volume::Unknown(9)).unwrap(), "9");
/// ```
#[macro_export]
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident: $repr:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know.
            Unknown($repr),
        }

        impl $name {
            /// The variant for a raw value; unknown values become `Unknown`.
            pub const fn new(value: $repr) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other),
                }
            }

            /// The raw value Discord uses.
            pub const fn value(self) -> $repr {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl ::core::convert::From<$repr> for $name {
            fn from(value: $repr) -> Self {
                Self::new(value)
            }
        }

        impl ::core::convert::From<$name> for $repr {
            fn from(value: $name) -> Self {
                value.value()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                <$repr as ::serde::Deserialize<'de>>::deserialize(deserializer).map(Self::new)
            }
        }
    };
}

/// Defines an enum sent as a string, with an `Unknown` variant that keeps
/// strings this crate does not know.
///
/// Deserialising a known value does not allocate.
///
/// ```
/// twilight_model::str_enum! {
///     /// A colour.
///     pub enum Colour {
///         /// Red.
///         Red = "RED",
///     }
/// }
///
/// assert_eq!(serde_json::from_str::<Colour>(r#""RED""#).unwrap(), Colour::Red);
/// let new: Colour = serde_json::from_str(r#""TEAL""#).unwrap();
/// assert_eq!(new.as_str(), "TEAL");
/// assert_eq!(serde_json::to_string(&new).unwrap(), r#""TEAL""#);
/// ```
#[macro_export]
macro_rules! str_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know.
            Unknown(::std::boxed::Box<str>),
        }

        impl $name {
            /// The variant for a string; unknown strings become `Unknown`.
            pub fn new(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other.into()),
                }
            }

            /// The string Discord uses.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("a string naming a ", stringify!($name)))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::core::result::Result<$name, E> {
                        Ok($name::new(v))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

/// Defines a bit set with [`bitflags`] that keeps unknown bits, serialised as
/// an integer, or as a string of the integer with `as string` (as Discord
/// sends permissions). A string set also deserialises from an integer.
///
/// ```
/// twilight_model::flags! {
///     /// Options.
///     pub struct Options: u64 {
///         /// A.
///         const A = 1 << 0;
///         /// B.
///         const B = 1 << 1;
///     }
/// }
///
/// let flags: Options = serde_json::from_str("35").unwrap();
/// assert!(flags.contains(Options::A | Options::B));
/// assert_eq!(flags.bits(), 35, "bit 5 is unknown but kept");
/// assert_eq!(serde_json::to_string(&flags).unwrap(), "35");
/// ```
#[macro_export]
macro_rules! flags {
    (
        $(#[$($outer:tt)*])*
        $vis:vis struct $name:ident: $repr:ty $(as $string:ident)? {
            $( $(#[$($inner:tt)*])* const $flag:ident = $value:expr; )*
        }
    ) => {
        ::bitflags::bitflags! {
            $(#[$($outer)*])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            $vis struct $name: $repr {
                $( $(#[$($inner)*])* const $flag = $value; )*
            }
        }

        $crate::__flags_serde!($name: $repr $(, $string)?);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __flags_serde {
    ($name:ident: $repr:ty) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.bits(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <$repr as ::serde::Deserialize<'de>>::deserialize(deserializer)
                    .map(Self::from_bits_retain)
            }
        }
    };
    ($name:ident: $repr:ty, string) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.collect_str(&self.bits())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a bit set as a string or an integer")
                    }
                    fn visit_u64<E: ::serde::de::Error>(
                        self,
                        v: u64,
                    ) -> ::core::result::Result<$name, E> {
                        <$repr>::try_from(v)
                            .map($name::from_bits_retain)
                            .map_err(|_| {
                                E::invalid_value(::serde::de::Unexpected::Unsigned(v), &self)
                            })
                    }
                    fn visit_i64<E: ::serde::de::Error>(
                        self,
                        v: i64,
                    ) -> ::core::result::Result<$name, E> {
                        <$repr>::try_from(v)
                            .map($name::from_bits_retain)
                            .map_err(|_| {
                                E::invalid_value(::serde::de::Unexpected::Signed(v), &self)
                            })
                    }
                    fn visit_str<E: ::serde::de::Error>(
                        self,
                        v: &str,
                    ) -> ::core::result::Result<$name, E> {
                        v.parse::<$repr>()
                            .map($name::from_bits_retain)
                            .map_err(|_| E::invalid_value(::serde::de::Unexpected::Str(v), &self))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

/// `skip_serializing_if` helper for `false` booleans.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference.
pub fn is_false(value: &bool) -> bool {
    !*value
}
