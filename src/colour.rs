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
        let x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        let z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
        lab_of_xyz([x, y, z], D65)
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

/// An RGBA pixel (straight alpha, as PNG stores it) composited onto an opaque colour: what
/// shows of a logo on the plate behind it, in the web copy and in the check that a logo
/// shows on white at all.
pub(crate) fn flatten_onto([r, g, b, a]: [u8; 4], under: Rgb) -> Rgb {
    let [red, green, blue] = under.0;
    // Most of a logo is opaque or clear: those pixels need no blending.
    match a {
        255 => Rgb([r, g, b]),
        0 => under,
        _ => {
            let alpha = u16::from(a);
            let blend = |c: u8, u: u8| ((u16::from(c) * alpha + u16::from(u) * (255 - alpha) + 127) / 255) as u8;
            Rgb([blend(r, red), blend(g, green), blend(b, blue)])
        }
    }
}

/// CIEDE2000 colour difference between two CIELAB colours (CIE 142-2001, with the
/// parametric factors kL = kC = kH = 1): about 1 is the smallest difference most people see
/// side by side. Written from Sharma, Wu and Dalal (2005), whose test pairs the tests use;
/// hue angles are in degrees, as the paper writes them.
pub fn ciede2000(first: [f64; 3], second: [f64; 3]) -> f64 {
    let [l1, a1, b1] = first;
    let [l2, a2, b2] = second;
    // a* is stretched for near-neutral colours, where CIELAB's hue spacing is too wide.
    let mean_chroma = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let seventh = |c: f64| c.powi(7);
    let g = 0.5 * (1.0 - (seventh(mean_chroma) / (seventh(mean_chroma) + seventh(25.0))).sqrt());
    let (a1, a2) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1, c2) = (a1.hypot(b1), a2.hypot(b2));
    let hue = |a: f64, b: f64| if a == 0.0 && b == 0.0 { 0.0 } else { b.atan2(a).to_degrees().rem_euclid(360.0) };
    let (h1, h2) = (hue(a1, b1), hue(a2, b2));
    let neutral = c1 * c2 == 0.0;

    let delta_l = l2 - l1;
    let delta_c = c2 - c1;
    let delta_h_angle = match h2 - h1 {
        _ if neutral => 0.0,
        d if d > 180.0 => d - 360.0,
        d if d < -180.0 => d + 360.0,
        d => d,
    };
    let delta_h = 2.0 * (c1 * c2).sqrt() * (delta_h_angle / 2.0).to_radians().sin();

    let mean_l = (l1 + l2) / 2.0;
    let mean_c = (c1 + c2) / 2.0;
    let mean_h = if neutral {
        h1 + h2
    } else if (h1 - h2).abs() <= 180.0 {
        (h1 + h2) / 2.0
    } else if h1 + h2 < 360.0 {
        (h1 + h2 + 360.0) / 2.0
    } else {
        (h1 + h2 - 360.0) / 2.0
    };
    let cos = |degrees: f64| degrees.to_radians().cos();
    let t = 1.0 - 0.17 * cos(mean_h - 30.0) + 0.24 * cos(2.0 * mean_h) + 0.32 * cos(3.0 * mean_h + 6.0)
        - 0.20 * cos(4.0 * mean_h - 63.0);
    let rotation_angle = 30.0 * (-((mean_h - 275.0) / 25.0).powi(2)).exp();
    let rc = 2.0 * (seventh(mean_c) / (seventh(mean_c) + seventh(25.0))).sqrt();
    let sl = 1.0 + 0.015 * (mean_l - 50.0).powi(2) / (20.0 + (mean_l - 50.0).powi(2)).sqrt();
    let sc = 1.0 + 0.045 * mean_c;
    let sh = 1.0 + 0.015 * mean_c * t;
    // The blue region's hue and chroma differences interact (the rotation term).
    let rt = -(2.0 * rotation_angle).to_radians().sin() * rc;
    let (l, c, h) = (delta_l / sl, delta_c / sc, delta_h / sh);
    (l * l + c * c + h * h + rt * c * h).sqrt()
}

/// CIELAB of a CIE XYZ colour (Y 0 to 1) relative to `white`: L* 0 to 100.
pub(crate) fn lab_of_xyz(xyz: [f64; 3], white: [f64; 3]) -> [f64; 3] {
    let f = |t: f64| if t > LAB_EPSILON { t.cbrt() } else { t / (3.0 * LAB_DELTA * LAB_DELTA) + 4.0 / 29.0 };
    let [fx, fy, fz] = [0, 1, 2].map(|i| f(xyz[i] / white[i]));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
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

    /// Table 1 of Sharma, Wu and Dalal, "The CIEDE2000 Color-Difference Formula:
    /// Implementation Notes, Supplementary Test Data, and Mathematical Observations",
    /// Color Research and Application 30 (1), 2005: L*a*b* of each pair and the difference,
    /// chosen to catch the formula's usual mistakes (hue averaging across 0 degrees, the
    /// blue rotation term, neutral colours).
    const SHARMA_2005: [([f64; 3], [f64; 3], f64); 34] = [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 3.1571, -77.2803], [50.0, 0.0, -82.7485], 2.8615),
        ([50.0, 2.8361, -74.0200], [50.0, 0.0, -82.7485], 3.4412),
        ([50.0, -1.3802, -84.2814], [50.0, 0.0, -82.7485], 1.0000),
        ([50.0, -1.1848, -84.8006], [50.0, 0.0, -82.7485], 1.0000),
        ([50.0, -0.9009, -85.5211], [50.0, 0.0, -82.7485], 1.0000),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, -1.0, 2.0], [50.0, 0.0, 0.0], 2.3669),
        ([50.0, 2.49, -0.001], [50.0, -2.49, 0.0009], 7.1792),
        ([50.0, 2.49, -0.001], [50.0, -2.49, 0.0010], 7.1792),
        ([50.0, 2.49, -0.001], [50.0, -2.49, 0.0011], 7.2195),
        ([50.0, 2.49, -0.001], [50.0, -2.49, 0.0012], 7.2195),
        ([50.0, -0.001, 2.49], [50.0, 0.0009, -2.49], 4.8045),
        ([50.0, -0.001, 2.49], [50.0, 0.0010, -2.49], 4.8045),
        ([50.0, -0.001, 2.49], [50.0, 0.0011, -2.49], 4.7461),
        ([50.0, 2.5, 0.0], [50.0, 0.0, -2.5], 4.3065),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        ([50.0, 2.5, 0.0], [61.0, -5.0, 29.0], 22.8977),
        ([50.0, 2.5, 0.0], [56.0, -27.0, -3.0], 31.9030),
        ([50.0, 2.5, 0.0], [58.0, 24.0, 15.0], 19.4535),
        ([50.0, 2.5, 0.0], [50.0, 3.1736, 0.5854], 1.0000),
        ([50.0, 2.5, 0.0], [50.0, 3.2972, 0.0], 1.0000),
        ([50.0, 2.5, 0.0], [50.0, 1.8634, 0.5757], 1.0000),
        ([50.0, 2.5, 0.0], [50.0, 3.2592, 0.3350], 1.0000),
        ([60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644),
        ([63.0109, -31.0961, -5.8663], [62.8187, -29.7946, -4.0864], 1.2630),
        ([61.2901, 3.7196, -5.3901], [61.4292, 2.2480, -4.9620], 1.8731),
        ([35.0831, -44.1164, 3.7933], [35.0232, -40.0716, 1.5901], 1.8645),
        ([22.7233, 20.0904, -46.6940], [23.0331, 14.9730, -42.5619], 2.0373),
        ([36.4612, 47.8580, 18.3852], [36.2715, 50.5065, 21.2231], 1.4146),
        ([90.8027, -2.0831, 1.4410], [91.1528, -1.6435, 0.0447], 1.4441),
        ([90.9257, -0.5406, -0.9208], [88.6381, -0.8985, -0.7239], 1.5381),
        ([6.7747, -0.2908, -2.4247], [5.8714, -0.0985, -2.2286], 0.6377),
        ([2.0776, 0.0795, -1.1350], [0.9033, -0.0636, -0.5514], 0.9082),
    ];

    #[test]
    fn ciede2000_gives_the_published_differences_both_ways_round() {
        for (index, (first, second, expected)) in SHARMA_2005.into_iter().enumerate() {
            let forward = ciede2000(first, second);
            let backward = ciede2000(second, first);
            assert!((forward - expected).abs() < 5e-5, "pair {}: {forward:.4}, published {expected}", index + 1);
            assert!((backward - expected).abs() < 5e-5, "pair {} reversed: {backward:.4}", index + 1);
        }
        assert_eq!(ciede2000([53.0, 80.0, 67.0], [53.0, 80.0, 67.0]), 0.0);
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
