//! Colours, shared by every stage: every named colour carries an sRGB value (for screens,
//! the web copy and contrast checks) and a CMYK value (for the print copy), as layouts and
//! region files write them.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// An sRGB colour written `"#RRGGBB"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

/// Process CMYK ink percentages, each 0 to 100, written `[c, m, y, k]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cmyk(pub [f32; 4]);

/// A named layout colour.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Colour {
    pub rgb: Rgb,
    pub cmyk: Cmyk,
}

/// A force's brand colours: they replace a layout's `primary` and `on-primary`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Brand {
    pub primary: Colour,
    /// Text set on `primary`.
    pub on_primary: Colour,
}

impl Rgb {
    pub fn parse(text: &str) -> Result<Rgb, String> {
        let hex = text.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
        match hex {
            Some(hex) => {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
                Ok(Rgb([byte(0), byte(2), byte(4)]))
            }
            None => Err(format!(
                "unknown colour format `{text}`: expected \"#RRGGBB\" (six hexadecimal digits, e.g. \"#1D3557\")"
            )),
        }
    }

    /// WCAG 2.2 relative luminance (0 for black, 1 for white).
    pub(crate) fn relative_luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// This colour moved `t` (0 to 1) of the way towards `other`, channel by channel.
    pub(crate) fn mix(self, other: Rgb, t: f64) -> Rgb {
        let mut out = [0u8; 3];
        for (i, v) in out.iter_mut().enumerate() {
            let (a, b) = (f64::from(self.0[i]), f64::from(other.0[i]));
            *v = (a + (b - a) * t).round().clamp(0.0, 255.0) as u8;
        }
        Rgb(out)
    }

    /// The colour nearest to this one (mixed towards black or white, by the smallest step)
    /// that contrasts by at least `ratio` with every colour of `against`; `None` if even
    /// black and white do not.
    pub(crate) fn nearest_contrasting(self, against: &[Rgb], ratio: f64) -> Option<Rgb> {
        let passes = |c: Rgb| against.iter().all(|a| c.contrast_ratio(*a) >= ratio);
        (0..=100).map(|step| f64::from(step) / 100.0).find_map(|t| {
            [self.mix(Rgb([0, 0, 0]), t), self.mix(Rgb([255, 255, 255]), t)].into_iter().find(|c| passes(*c))
        })
    }

    /// WCAG 2.2 contrast ratio between two colours, 1 to 21. Not rounded: 4.49 fails 4.5.
    pub fn contrast_ratio(self, other: Rgb) -> f64 {
        let (a, b) = (self.relative_luminance(), other.relative_luminance());
        let (light, dark) = if a >= b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02X}{g:02X}{b:02X}")
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rgb, D::Error> {
        let text = String::deserialize(deserializer)?;
        Rgb::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Cmyk {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Cmyk, D::Error> {
        let values = Vec::<f32>::deserialize(deserializer)?;
        let inks: [f32; 4] = values.as_slice().try_into().map_err(|_| {
            serde::de::Error::custom(format!("a CMYK colour has 4 ink percentages [c, m, y, k], not {}", values.len()))
        })?;
        if let Some(bad) = inks.iter().find(|v| !(0.0..=100.0).contains(*v)) {
            return Err(serde::de::Error::custom(format!(
                "CMYK ink {bad} is out of range: each ink is a percentage from 0 to 100"
            )));
        }
        Ok(Cmyk(inks))
    }
}

impl Cmyk {
    /// Components as 0..=1 floats.
    pub(crate) fn to_f32(self) -> [f32; 4] {
        self.0.map(|c| c / 100.0)
    }
}

/// How editors see a colour (`handout schema`): the text `Rgb::parse` accepts.
impl schemars::JsonSchema for Rgb {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rgb".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^#[0-9A-Fa-f]{6}$",
            "description": "An sRGB colour, \"#RRGGBB\" (six hexadecimal digits, e.g. \"#1D3557\")."
        })
    }
}

/// How editors see CMYK inks: four percentages, as `Cmyk`'s reader accepts them.
impl schemars::JsonSchema for Cmyk {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cmyk".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "array",
            "items": { "type": "number", "minimum": 0, "maximum": 100 },
            "minItems": 4,
            "maxItems": 4,
            "description": "Ink percentages [c, m, y, k], each from 0 to 100."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex() {
        assert_eq!(Rgb::parse("#1d3557"), Ok(Rgb([0x1D, 0x35, 0x57])));
        assert!(Rgb::parse("navy").unwrap_err().contains("unknown colour format `navy`"));
        assert!(Rgb::parse("#12345").is_err());
    }

    #[test]
    fn wcag_contrast_of_known_pairs() {
        let black = Rgb([0, 0, 0]);
        let white = Rgb([255, 255, 255]);
        assert!((black.contrast_ratio(white) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic just-passing AA grey: 4.54:1.
        let grey = Rgb([0x76, 0x76, 0x76]);
        assert!((grey.contrast_ratio(white) - 4.54).abs() < 0.01);
        assert_eq!(grey.contrast_ratio(white), white.contrast_ratio(grey));
    }
}
