//! The typefaces every document is set in. The binary carries them (`fonts/`), text setting
//! (parley) and PDF writing (krilla) share the same bytes, and a definitions folder cannot
//! replace them, because every size and contrast rule was set for this face.

use std::sync::Arc;

/// The font files this tool ships (Atkinson Hyperlegible Next, SIL OFL; see fonts/OFL.txt).
pub(crate) const REGULAR_FONT: &str = "AtkinsonHyperlegibleNext-Regular.ttf";
pub(crate) const BOLD_FONT: &str = "AtkinsonHyperlegibleNext-Bold.ttf";

/// The bytes of the two embedded faces.
#[derive(Clone, Debug)]
pub struct FontFiles {
    pub regular: Arc<Vec<u8>>,
    pub bold: Arc<Vec<u8>>,
}
