//! PDF/X-4 (ISO 15930-7) for print copies. krilla writes the print copy as a tagged
//! PDF 1.6 in DeviceCMYK, validated as PDF/UA-1; it has no PDF/X support, so this module
//! adds what PDF/X-4 needs afterwards, reading and rewriting the file with lopdf:
//! the `GTS_PDFX` output intent with the press's ICC profile embedded, `/GTS_PDFXVersion`
//! and `/Trapped` in the Info dictionary, and the same in the XMP metadata. It also holds
//! the press conditions a release can print for, and converts RGB pixels to the press's
//! CMYK through moxcms ([`separate`]).

pub mod icc;
mod separate;

use std::io::Write;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object, Stream};

use crate::error::{Diagnostic, Result};

pub(crate) use separate::{
    CmykImage, cmyk_difference, press_cmyk_to_srgb, srgb_to_press_cmyk, srgb_to_press_cmyk_within,
};

/// The conformance a print copy claims, in Info and XMP.
pub(crate) const PDFX_VERSION: &str = "PDF/X-4";

/// Where registered characterised printing conditions are listed: the registry name of
/// an output intent whose identifier is one of them (`FOGRA39`).
pub(crate) const ICC_REGISTRY: &str = "http://www.color.org";

/// A characterised printing condition the tool can print for, with the CMYK output
/// profile it embeds (made from Fogra's measurements: see `profiles/README.md`).
#[derive(Debug)]
pub struct PrintCondition {
    /// The output intent's `OutputConditionIdentifier`: the condition's name in the ICC
    /// registry, which is also what a release file names (`print_condition = "FOGRA39"`).
    pub identifier: &'static str,
    /// The output intent's `OutputCondition`, for people.
    pub description: &'static str,
    /// The profile's path in the repository, for the manifest.
    pub profile_path: &'static str,
    pub profile: &'static [u8],
    /// The profile deflated, made once per process.
    compressed: OnceLock<Vec<u8>>,
    /// sRGB to this condition's CMYK, made once per process: logos and the CMYK derived
    /// for a force's colours share it.
    transform: OnceLock<std::result::Result<separate::Transform, String>>,
}

/// Coated paper (the default).
pub static FOGRA39: PrintCondition = PrintCondition {
    identifier: "FOGRA39",
    description: "Offset printing on coated paper (ISO 12647-2:2004/Amd 1, paper type 1 or 2)",
    profile_path: "profiles/FOGRA39L-coated.icc",
    profile: include_bytes!("../../profiles/FOGRA39L-coated.icc"),
    compressed: OnceLock::new(),
    transform: OnceLock::new(),
};

/// White uncoated paper.
pub static FOGRA29: PrintCondition = PrintCondition {
    identifier: "FOGRA29",
    description: "Offset printing on white uncoated paper (ISO 12647-2:2004, paper type 4)",
    profile_path: "profiles/FOGRA29L-uncoated.icc",
    profile: include_bytes!("../../profiles/FOGRA29L-uncoated.icc"),
    compressed: OnceLock::new(),
    transform: OnceLock::new(),
};

/// Every condition a release may name.
pub(crate) static CONDITIONS: [&PrintCondition; 2] = [&FOGRA39, &FOGRA29];

impl PrintCondition {
    /// The condition a release names, by its identifier (any letter case).
    pub fn find(identifier: &str) -> Option<&'static PrintCondition> {
        CONDITIONS.iter().copied().find(|c| c.identifier.eq_ignore_ascii_case(identifier))
    }

    fn transform(&self) -> std::result::Result<&separate::Transform, &str> {
        self.transform.get_or_init(|| separate::Transform::new(self.profile)).as_ref().map_err(String::as_str)
    }

    fn compressed_profile(&self) -> &[u8] {
        self.compressed.get_or_init(|| {
            let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            // Writing to a Vec cannot fail.
            let _ = encoder.write_all(self.profile);
            encoder.finish().unwrap_or_default()
        })
    }
}

/// The release's ink limit when it names none: total area coverage, in percent.
pub const DEFAULT_INK_LIMIT: u16 = 300;
/// The ink limits a release may set: below 200% dark colours lose their depth, above
/// 400% is more ink than four plates can lay down.
pub(crate) const INK_LIMITS: std::ops::RangeInclusive<u16> = 200..=400;

/// What print copies are made for: the press condition and the most ink the shop accepts.
#[derive(Clone, Debug)]
pub struct PrintSettings {
    pub condition: &'static PrintCondition,
    /// Total area coverage allowed anywhere on the sheet, in percent (C + M + Y + K).
    pub ink_limit: u16,
}

impl Default for PrintSettings {
    fn default() -> PrintSettings {
        PrintSettings::new(&FOGRA39, DEFAULT_INK_LIMIT)
    }
}

impl PrintSettings {
    pub fn new(condition: &'static PrintCondition, ink_limit: u16) -> PrintSettings {
        PrintSettings { condition, ink_limit }
    }

    /// RGBA pixels (a logo) as CMYK for this press, composited onto the CMYK colour behind
    /// them and held to the ink limit: see [`separate`].
    pub(crate) fn separate(&self, pixels: &image::RgbaImage, background: [f32; 4]) -> Result<CmykImage> {
        let transform = self
            .condition
            .transform()
            .map_err(|e| Diagnostic::error(format!("the {} profile cannot be used: {e}", self.condition.identifier)))?;
        transform.separate(pixels, background, self.ink_limit).map_err(|e| {
            Diagnostic::error(format!("the logo could not be separated for {}: {e}", self.condition.identifier)).into()
        })
    }
}

/// Make krilla's print copy a PDF/X-4 file: add the output intent, and the identification
/// in the Info dictionary and the XMP metadata. Everything krilla wrote stays as it was
/// (objects, tags, fonts, the file identifier); the file is written anew by lopdf, objects
/// in number order, so the same input gives the same bytes.
pub fn finish(pdf: &[u8], settings: &PrintSettings) -> Result<Vec<u8>> {
    let broken = |what: String| {
        Diagnostic::error(format!("the print copy cannot be made PDF/X-4: {what}"))
            .hint("this is a bug in handout: krilla's output changed shape; please report it")
    };
    let mut document = Document::load_mem(pdf).map_err(|e| broken(format!("it cannot be read back ({e})")))?;
    if document.version != "1.6" {
        return Err(broken(format!("krilla wrote PDF {}, not 1.6", document.version)).into());
    }
    let condition = settings.condition;

    let mut profile = Stream::new(
        Dictionary::from_iter([("N", Object::Integer(4)), ("Filter", Object::Name(b"FlateDecode".to_vec()))]),
        condition.compressed_profile().to_vec(),
    );
    profile.allows_compression = false;
    let profile = document.add_object(profile);
    let intent = Dictionary::from_iter([
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        ("OutputConditionIdentifier", Object::string_literal(condition.identifier)),
        ("OutputCondition", Object::string_literal(condition.description)),
        ("RegistryName", Object::string_literal(ICC_REGISTRY)),
        ("Info", Object::string_literal(format!("{} ({})", condition.identifier, condition.description))),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    let intent = document.add_object(intent);
    let catalog = document.catalog_mut().map_err(|e| broken(format!("no catalog ({e})")))?;
    if catalog.has(b"OutputIntents") {
        return Err(broken("it already has an output intent".to_string()).into());
    }
    catalog.set("OutputIntents", Object::Array(vec![Object::Reference(intent)]));
    let metadata =
        catalog.get(b"Metadata").and_then(Object::as_reference).map_err(|e| broken(format!("no XMP ({e})")))?;

    let info =
        document.trailer.get(b"Info").and_then(Object::as_reference).map_err(|e| broken(format!("no Info ({e})")))?;
    let info = document.get_dictionary_mut(info).map_err(|e| broken(format!("no Info ({e})")))?;
    info.set("GTS_PDFXVersion", Object::string_literal(PDFX_VERSION));
    info.set("Trapped", Object::Name(b"False".to_vec()));

    let stream = document
        .get_object_mut(metadata)
        .and_then(Object::as_stream_mut)
        .map_err(|e| broken(format!("no XMP stream ({e})")))?;
    if stream.dict.has(b"Filter") {
        return Err(broken("its XMP is compressed".to_string()).into());
    }
    let xmp = String::from_utf8(stream.content.clone()).map_err(|_| broken("its XMP is not UTF-8".to_string()))?;
    stream.set_content(identify(&xmp).map_err(broken)?.into_bytes());

    let mut bytes = Vec::with_capacity(pdf.len() + condition.compressed_profile().len() + 1024);
    document.save_to(&mut bytes).map_err(|e| broken(format!("it cannot be written ({e})")))?;
    Ok(bytes)
}

/// krilla's XMP packet with PDF/X-4's identification added: `pdfxid:GTS_PDFXVersion`,
/// `pdf:Trapped` (as in Info), the version and rendition class of the media management
/// schema (this is the document itself, version 1, not a proof of it) and the metadata
/// date. krilla writes one `rdf:Description`; the additions go in a second one.
fn identify(xmp: &str) -> std::result::Result<String, String> {
    const PROOF: &str = "<xmpMM:RenditionClass>proof</xmpMM:RenditionClass>";
    let modified = between(xmp, "<xmp:ModifyDate>", "</xmp:ModifyDate>").ok_or("its XMP has no xmp:ModifyDate")?;
    if xmp.matches(PROOF).count() != 1 || xmp.matches("</rdf:RDF>").count() != 1 {
        return Err("its XMP does not have the rendition class and RDF krilla writes".to_string());
    }
    let added = format!(
        "<rdf:Description rdf:about=\"\" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\
         <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>\
         <pdf:Trapped>False</pdf:Trapped>\
         <xmpMM:VersionID>1</xmpMM:VersionID>\
         <xmp:MetadataDate>{modified}</xmp:MetadataDate>\
         </rdf:Description></rdf:RDF>"
    );
    Ok(xmp.replace(PROOF, "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>").replace("</rdf:RDF>", &added))
}

/// The text between the first `start` and the `end` after it.
pub(crate) fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xmp_gains_the_identification_and_keeps_the_rest() {
        let krilla = "<x:xmpmeta><rdf:RDF><rdf:Description rdf:about=\"\"><xmp:ModifyDate>2026-11-25T12:00:00+00:00</xmp:ModifyDate><pdfuaid:part>1</pdfuaid:part><xmpMM:RenditionClass>proof</xmpMM:RenditionClass></rdf:Description></rdf:RDF></x:xmpmeta>";
        let xmp = identify(krilla).unwrap();
        assert!(xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(xmp.contains("<pdf:Trapped>False</pdf:Trapped>"));
        assert!(xmp.contains("<xmp:MetadataDate>2026-11-25T12:00:00+00:00</xmp:MetadataDate>"));
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(xmp.contains("<xmpMM:RenditionClass>default</xmpMM:RenditionClass>") && !xmp.contains("proof"));
        assert_eq!(xmp.matches("</rdf:RDF>").count(), 1);
        assert!(identify("<rdf:RDF></rdf:RDF>").unwrap_err().contains("ModifyDate"));
    }

    #[test]
    fn conditions_are_found_by_identifier() {
        assert_eq!(PrintCondition::find("fogra39").map(|c| c.identifier), Some("FOGRA39"));
        assert_eq!(PrintCondition::find("FOGRA29").map(|c| c.identifier), Some("FOGRA29"));
        assert!(PrintCondition::find("FOGRA51").is_none());
    }
}
