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

/// Chart colours a force gives itself (the region file's `[chart]`); what it leaves out
/// is derived from its brand colours.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartColours {
    /// Bars of a chart with one series.
    pub bar: Option<Colour>,
    /// The parts of a proportional chart, in order, repeated when a chart has more parts.
    pub parts: Vec<Colour>,
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

    /// The passing colour perceptually nearest this one: every CIELAB lightness (steps of
    /// 0.5) at this hue, at full chroma and at chroma taken down in fifths (a dark navy
    /// cannot keep a bright cyan's chroma), clipped to sRGB; of those that contrast by at
    /// least `ratio` with every colour of `against`, the one at the smallest CIE76
    /// distance. The value an error's hint offers; `None` if nothing passes.
    pub(crate) fn nearest_passing(self, against: &[Rgb], ratio: f64) -> Option<Rgb> {
        let passes = |c: Rgb| against.iter().all(|a| c.contrast_ratio(*a) >= ratio);
        if passes(self) {
            return Some(self);
        }
        let [l, a, b] = self.to_lab();
        let distance = |c: Rgb| {
            let [l2, a2, b2] = c.to_lab();
            (l - l2).powi(2) + (a - a2).powi(2) + (b - b2).powi(2)
        };
        (0..=200)
            .flat_map(|step| {
                (0..=5).map(move |fifth| {
                    let chroma = 1.0 - f64::from(fifth) / 5.0;
                    Rgb::from_lab([f64::from(step) * 0.5, a * chroma, b * chroma])
                })
            })
            .filter(|c| passes(*c))
            .min_by(|x, y| distance(*x).total_cmp(&distance(*y)))
    }

    /// CIELAB (D65 white) of this sRGB colour: L* 0 to 100.
    pub(crate) fn to_lab(self) -> [f64; 3] {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = self.0.map(linear);
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / D65[0];
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / D65[2];
        let f = |t: f64| if t > LAB_EPSILON { t.cbrt() } else { t / (3.0 * LAB_DELTA * LAB_DELTA) + 4.0 / 29.0 };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// The sRGB colour of a CIELAB value, each channel clipped to 0..=255.
    pub(crate) fn from_lab([l, a, b]: [f64; 3]) -> Rgb {
        let fy = (l + 16.0) / 116.0;
        let (fx, fz) = (fy + a / 500.0, fy - b / 200.0);
        let inverse = |t: f64| if t > LAB_DELTA { t * t * t } else { 3.0 * LAB_DELTA * LAB_DELTA * (t - 4.0 / 29.0) };
        let (x, y, z) = (inverse(fx) * D65[0], inverse(fy), inverse(fz) * D65[2]);
        let r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        let g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        let b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        let encode = |c: f64| {
            let c = c.clamp(0.0, 1.0);
            let c = if c <= 0.0031308 { 12.92 * c } else { 1.055 * c.powf(1.0 / 2.4) - 0.055 };
            (c * 255.0).round() as u8
        };
        Rgb([encode(r), encode(g), encode(b)])
    }

    /// WCAG 2.2 contrast ratio between two colours, 1 to 21. Not rounded: 4.49 fails 4.5.
    pub fn contrast_ratio(self, other: Rgb) -> f64 {
        let (a, b) = (self.relative_luminance(), other.relative_luminance());
        let (light, dark) = if a >= b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

/// The D65 white point (X and Z; Y is 1), and CIELAB's constants: 6/29 and its cube.
const D65: [f64; 3] = [0.95047, 1.0, 1.08883];
const LAB_DELTA: f64 = 6.0 / 29.0;
const LAB_EPSILON: f64 = LAB_DELTA * LAB_DELTA * LAB_DELTA;

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
    fn lab_round_trips_and_knows_its_white_and_grey() {
        let white = Rgb([255, 255, 255]).to_lab();
        assert!((white[0] - 100.0).abs() < 0.01 && white[1].abs() < 0.01 && white[2].abs() < 0.01, "{white:?}");
        // #777777 is L* 50.0 (a mid grey).
        assert!((Rgb([0x77, 0x77, 0x77]).to_lab()[0] - 50.0).abs() < 0.1);
        for rgb in [Rgb([0x14, 0x28, 0x4B]), Rgb([0x00, 0x6E, 0x3C]), Rgb([0xB8, 0x5C, 0x00]), Rgb([1, 2, 3])] {
            assert_eq!(Rgb::from_lab(rgb.to_lab()), rgb);
        }
    }

    #[test]
    fn the_nearest_passing_colour_passes_and_keeps_its_hue() {
        let white = Rgb([255, 255, 255]);
        // A light police blue: too pale for 3:1 on white.
        let pale = Rgb([0x7F, 0xA7, 0xE0]);
        let near = pale.nearest_passing(&[white], 3.0).unwrap();
        assert!(near.contrast_ratio(white) >= 3.0, "{near}");
        assert!(near.to_lab()[0] < pale.to_lab()[0], "darker, not lighter: {near}");
        let [_, a, b] = near.to_lab();
        let [_, a0, b0] = pale.to_lab();
        assert!((b.atan2(a) - b0.atan2(a0)).abs() < 0.1, "same hue: {near}");
        // Between white and a dark green, a bright cyan must become very dark: it passes.
        let (green, cyan) = (Rgb([0x00, 0x6E, 0x3C]), Rgb([0x00, 0xA0, 0xE0]));
        let dark = cyan.nearest_passing(&[white, green], 3.0).unwrap();
        assert!(dark.contrast_ratio(white) >= 3.0 && dark.contrast_ratio(green) >= 3.0, "{dark}");
        // A colour that passes is its own nearest.
        assert_eq!(Rgb([0, 0x4D, 0x2A]).nearest_passing(&[white], 3.0), Some(Rgb([0, 0x4D, 0x2A])));
        // Nothing is 21:1 from a mid grey.
        assert_eq!(pale.nearest_passing(&[Rgb([0x77, 0x77, 0x77])], 21.0), None);
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
