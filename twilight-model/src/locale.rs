//! The locales Discord supports (reference.mdx, "Locales").

crate::str_enum! {
    /// A language Discord supports: a guild's preferred locale, a user's
    /// locale.
    pub enum Locale {
        /// Indonesian.
        Indonesian = "id",
        /// Danish.
        Danish = "da",
        /// German.
        German = "de",
        /// English, UK.
        EnglishUk = "en-GB",
        /// English, US.
        EnglishUs = "en-US",
        /// Spanish.
        SpanishSpain = "es-ES",
        /// Spanish, LATAM.
        SpanishLatam = "es-419",
        /// French.
        French = "fr",
        /// Croatian.
        Croatian = "hr",
        /// Italian.
        Italian = "it",
        /// Lithuanian.
        Lithuanian = "lt",
        /// Hungarian.
        Hungarian = "hu",
        /// Dutch.
        Dutch = "nl",
        /// Norwegian.
        Norwegian = "no",
        /// Polish.
        Polish = "pl",
        /// Portuguese, Brazilian.
        PortugueseBrazil = "pt-BR",
        /// Romanian, Romania.
        Romanian = "ro",
        /// Finnish.
        Finnish = "fi",
        /// Swedish.
        Swedish = "sv-SE",
        /// Vietnamese.
        Vietnamese = "vi",
        /// Turkish.
        Turkish = "tr",
        /// Czech.
        Czech = "cs",
        /// Greek.
        Greek = "el",
        /// Bulgarian.
        Bulgarian = "bg",
        /// Russian.
        Russian = "ru",
        /// Ukrainian.
        Ukrainian = "uk",
        /// Hindi.
        Hindi = "hi",
        /// Thai.
        Thai = "th",
        /// Chinese, China.
        ChineseChina = "zh-CN",
        /// Japanese.
        Japanese = "ja",
        /// Chinese, Taiwan.
        ChineseTaiwan = "zh-TW",
        /// Korean.
        Korean = "ko",
        /// Arabic (accepted by the OpenAPI spec, not in the docs' table).
        Arabic = "ar",
        /// Hebrew (accepted by the OpenAPI spec, not in the docs' table).
        Hebrew = "he",
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn locales_are_spelled_as_discord_does() {
        assert_eq!(Locale::new("es-419"), Locale::SpanishLatam);
        assert_eq!(serde_json::to_value(Locale::EnglishUs).unwrap(), "en-US");
        assert_eq!(Locale::new("xx"), Locale::Unknown("xx".into()));
    }
}
