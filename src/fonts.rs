//! The typefaces every document is set in. The binary carries them (`fonts/`), text setting
//! (parley) and PDF writing (krilla) share the same bytes, and a definitions folder cannot
//! replace them, because every size and contrast rule was set for these faces.
//!
//! A language is set in one face, not glyph by glyph from whichever font has a character
//! (a Vietnamese paragraph in two typefaces looks broken): Atkinson Hyperlegible Next for
//! the languages it covers, a Noto face for the others. Ethiopic and Arabic faces carry no
//! Latin letters, so the numbers and addresses inside such text are set in Atkinson.

use std::sync::Arc;

/// One of the typefaces this tool ships (SIL OFL; see fonts/OFL.txt and fonts/OFL-Noto.txt).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Atkinson Hyperlegible Next: English, Welsh and the Latin-script languages it covers
    /// (Albanian, Polish, Romanian, Somali).
    Atkinson,
    /// Noto Sans, subset to Latin and Vietnamese: Atkinson has no Vietnamese letters.
    NotoSans,
    /// Noto Sans Ethiopic: Tigrinya (and Amharic).
    Ethiopic,
    /// Noto Naskh Arabic: Arabic and Persian. Naskh rather than Noto Sans Arabic because
    /// it is the style readers meet in print, with clearer letter shapes at body sizes.
    Arabic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Atkinson, Face::NotoSans, Face::Ethiopic, Face::Arabic];

    /// The face a language is set in, by the primary subtag of its BCP 47 tag.
    pub fn for_language(lang: &str) -> Face {
        match primary_subtag(lang).as_str() {
            "vi" => Face::NotoSans,
            "ti" | "am" => Face::Ethiopic,
            "ar" | "fa" | "ur" | "ps" => Face::Arabic,
            _ => Face::Atkinson,
        }
    }

    /// The family name inside the font files.
    pub fn family(self) -> &'static str {
        match self {
            Face::Atkinson => "Atkinson Hyperlegible Next",
            Face::NotoSans => "Noto Sans",
            Face::Ethiopic => "Noto Sans Ethiopic",
            Face::Arabic => "Noto Naskh Arabic",
        }
    }

    /// Whether the face has the Latin letters of web and email addresses; a face without
    /// them leaves numbers and addresses to Atkinson.
    pub fn has_latin(self) -> bool {
        matches!(self, Face::Atkinson | Face::NotoSans)
    }

    /// The files of its regular and bold weights in `fonts/`.
    pub(crate) fn files(self) -> [&'static str; 2] {
        match self {
            Face::Atkinson => ["AtkinsonHyperlegibleNext-Regular.ttf", "AtkinsonHyperlegibleNext-Bold.ttf"],
            Face::NotoSans => ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf"],
            Face::Ethiopic => ["NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"],
            Face::Arabic => ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"],
        }
    }
}

/// `ar` of `ar-SA`, lower-cased.
pub fn primary_subtag(lang: &str) -> String {
    lang.split('-').next().unwrap_or("").to_ascii_lowercase()
}

/// Whether a language is written right to left.
pub fn is_right_to_left(lang: &str) -> bool {
    matches!(primary_subtag(lang).as_str(), "ar" | "fa" | "ur" | "ps" | "he" | "yi")
}

/// The bytes of one face's two weights.
#[derive(Clone, Debug)]
pub struct FaceFiles {
    pub face: Face,
    pub regular: Arc<Vec<u8>>,
    pub bold: Arc<Vec<u8>>,
}

/// The bytes of every embedded face.
#[derive(Clone, Debug)]
pub struct FontFiles {
    pub faces: Vec<FaceFiles>,
}
