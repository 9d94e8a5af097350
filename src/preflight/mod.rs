//! `handout preflight`: what a print shop's preflight checks, read from the PDF itself with
//! a PDF parser (lopdf), never from the tool's own model, so it judges any PDF, ours or
//! not. Checks: PDF/X-4 identification, the output intent and its profile, page boxes,
//! embedded fonts, colour spaces, total ink, image resolution at placed size, annotations
//! in the bleed, transparency. `build --print` runs it on every print copy.

mod content;

use std::fmt;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdfx::icc::IccHeader;
use content::{Area, Space, Usage, touches};

/// What the preflight holds a file to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Total area coverage, percent.
    pub ink_limit: u16,
    /// Below this effective resolution an image fails (print-production.md §6: visible
    /// pixelation below 200; the project refuses logos under 150).
    pub min_ppi: f32,
    /// Below this, a warning (the 300 ppi print shops ask for).
    pub good_ppi: f32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { ink_limit: crate::pdfx::DEFAULT_INK_LIMIT, min_ppi: 150.0, good_ppi: 300.0 }
    }
}

/// One thing the preflight checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    File,
    Identification,
    OutputIntent,
    PageBoxes,
    Fonts,
    Colour,
    Ink,
    Images,
    Annotations,
    Transparency,
}

impl Check {
    pub fn name(self) -> &'static str {
        match self {
            Check::File => "file",
            Check::Identification => "PDF/X-4",
            Check::OutputIntent => "output intent",
            Check::PageBoxes => "page boxes",
            Check::Fonts => "fonts",
            Check::Colour => "colour",
            Check::Ink => "total ink",
            Check::Images => "images",
            Check::Annotations => "annotations",
            Check::Transparency => "transparency",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Pass,
    Warn,
    Fail,
}

/// The result of one check: what was found, and each problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub check: Check,
    pub outcome: Outcome,
    pub summary: String,
    pub problems: Vec<String>,
}

/// What the preflight found in one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub results: Vec<Verdict>,
    /// The short form for a build's output line.
    pub headline: String,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.results.iter().all(|r| r.outcome != Outcome::Fail)
    }

    pub fn result(&self, check: Check) -> Option<&Verdict> {
        self.results.iter().find(|r| r.check == check)
    }

    /// Every failure, as `check: problem`.
    pub fn failures(&self) -> Vec<String> {
        self.problems(Outcome::Fail)
    }

    pub fn warnings(&self) -> Vec<String> {
        self.problems(Outcome::Warn)
    }

    fn problems(&self, outcome: Outcome) -> Vec<String> {
        self.results
            .iter()
            .filter(|r| r.outcome == outcome)
            .flat_map(|r| {
                let problems = if r.problems.is_empty() { vec![r.summary.clone()] } else { r.problems.clone() };
                problems.into_iter().map(move |p| format!("{}: {p}", r.check.name()))
            })
            .collect()
    }

    /// The report as lines for people: each check, then its problems indented.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for result in &self.results {
            let mark = match result.outcome {
                Outcome::Pass => "ok  ",
                Outcome::Warn => "warn",
                Outcome::Fail => "FAIL",
            };
            lines.push(format!("{mark}  {:<14} {}", result.check.name(), result.summary));
            lines.extend(result.problems.iter().map(|p| format!("{:20}{p}", "")));
        }
        lines
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", if self.passed() { "passed" } else { "FAILED" }, self.headline)
    }
}

const MM: f32 = 72.0 / 25.4;
/// How far apart two box edges may be and still count as the same, in points (krilla
/// writes boxes as 32-bit floats).
const EPSILON: f32 = 0.01;

/// Preflight a PDF. Never fails: a file that cannot be read is a failed report.
pub fn inspect(bytes: &[u8], limits: &Limits) -> Report {
    let document = match Document::load_mem(bytes) {
        Ok(document) => document,
        Err(e) => {
            let result = Verdict {
                check: Check::File,
                outcome: Outcome::Fail,
                summary: format!("it cannot be read as a PDF: {e}"),
                problems: Vec::new(),
            };
            return Report { results: vec![result], headline: "not a readable PDF".into() };
        }
    };
    Inspection::new(&document, bytes, limits).run()
}

struct Inspection<'a> {
    document: &'a Document,
    bytes: &'a [u8],
    limits: &'a Limits,
    pages: Vec<ObjectId>,
    /// Each page's bleed box (the trim box where a page has none), for placing paint.
    bleeds: Vec<Area>,
    headline: Vec<String>,
}

impl<'a> Inspection<'a> {
    fn new(document: &'a Document, bytes: &'a [u8], limits: &'a Limits) -> Inspection<'a> {
        let pages: Vec<ObjectId> = document.page_iter().collect();
        Inspection { document, bytes, limits, pages, bleeds: Vec::new(), headline: Vec::new() }
    }

    fn run(mut self) -> Report {
        let mut results = vec![self.file(), self.identification()];
        let (intent, intent_space) = self.output_intent();
        results.push(intent);
        results.push(self.page_boxes());
        results.push(self.fonts());
        let mut usage = Usage::default();
        for (index, page) in self.pages.iter().enumerate() {
            content::walk_page(self.document, *page, index, &mut usage);
        }
        results.push(self.colour(&usage, intent_space.as_deref()));
        results.push(self.ink(&usage));
        results.push(self.images(&usage));
        results.push(self.annotations());
        results.push(self.transparency(&usage));
        Report { results, headline: self.headline.join("; ") }
    }

    fn result(check: Check, problems: Vec<String>, warnings: Vec<String>, summary: String) -> Verdict {
        let outcome = if !problems.is_empty() {
            Outcome::Fail
        } else if !warnings.is_empty() {
            Outcome::Warn
        } else {
            Outcome::Pass
        };
        Verdict { check, outcome, summary, problems: problems.into_iter().chain(warnings).collect() }
    }

    fn get(&self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        dict.get_deref(key, self.document).ok()
    }

    fn string(&self, dict: &'a Dictionary, key: &[u8]) -> Option<String> {
        self.get(dict, key).and_then(|o| o.as_str().ok()).map(pdf_text)
    }

    fn file(&mut self) -> Verdict {
        let mut problems = Vec::new();
        let version = &self.document.version;
        let catalog_version = self
            .document
            .catalog()
            .ok()
            .and_then(|c| c.get(b"Version").and_then(Object::as_name).ok())
            .map(|v| String::from_utf8_lossy(v).into_owned());
        let effective = catalog_version.clone().filter(|v| v.as_str() > version.as_str()).unwrap_or(version.clone());
        if effective.as_str() > "1.6" {
            problems.push(format!("it is PDF {effective}; PDF/X-4 is a subset of PDF 1.6"));
        }
        if self.document.trailer.has(b"Encrypt") {
            problems.push("it is encrypted, which PDF/X forbids".into());
        }
        if !self.document.trailer.has(b"ID") {
            problems.push("the trailer has no file identifier (/ID), which PDF/X requires".into());
        }
        if self.pages.is_empty() {
            problems.push("it has no pages".into());
        }
        if let Ok(catalog) = self.document.catalog() {
            let names = self.get(catalog, b"Names").and_then(|n| n.as_dict().ok());
            if names.is_some_and(|n| n.has(b"JavaScript")) || catalog.has(b"AA") {
                problems.push("it carries JavaScript or document actions, which PDF/X forbids".into());
            }
            if names.is_some_and(|n| n.has(b"EmbeddedFiles")) {
                problems.push("it embeds files, which PDF/X-4 forbids".into());
            }
        }
        let summary = format!(
            "PDF {effective}, {} page{}, {} KB, {}",
            self.pages.len(),
            plural(self.pages.len()),
            self.bytes.len().div_ceil(1024),
            if problems.is_empty() { "not encrypted, file identifier present" } else { "with problems" }
        );
        Self::result(Check::File, problems, Vec::new(), summary)
    }

    fn identification(&mut self) -> Verdict {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let info = self.document.trailer.get_deref(b"Info", self.document).and_then(Object::as_dict).ok();
        let xmp = self.xmp();
        let info_version = info.and_then(|i| self.string(i, b"GTS_PDFXVersion"));
        let xmp_version = xmp.as_deref().and_then(|x| xmp_property(x, "pdfxid:GTS_PDFXVersion"));
        match (&xmp_version, &info_version) {
            (None, _) => problems.push("the XMP metadata has no pdfxid:GTS_PDFXVersion".into()),
            (Some(v), _) if !v.starts_with(crate::pdfx::PDFX_VERSION) => {
                problems.push(format!("the XMP metadata says {v}, not {}", crate::pdfx::PDFX_VERSION))
            }
            (Some(v), Some(i)) if v != i => problems.push(format!("Info says /GTS_PDFXVersion ({i}) but XMP says {v}")),
            (Some(_), None) => warnings.push("Info has no /GTS_PDFXVersion (older readers look for it there)".into()),
            _ => {}
        }
        let trapped = info.and_then(|i| self.get(i, b"Trapped")).and_then(|t| t.as_name().ok().map(pdf_text));
        match trapped.as_deref() {
            Some("True" | "False") => {}
            Some(other) => problems.push(format!("Info says /Trapped /{other}; PDF/X needs /True or /False")),
            None => problems.push("Info has no /Trapped key; PDF/X needs /True or /False".into()),
        }
        if let (Some(t), Some(x)) = (&trapped, xmp.as_deref().and_then(|x| xmp_property(x, "pdf:Trapped")))
            && !t.eq_ignore_ascii_case(&x)
        {
            problems.push(format!("Info says /Trapped /{t} but XMP says {x}"));
        }
        for (key, what) in
            [(b"Title".as_slice(), "title"), (b"CreationDate", "creation date"), (b"ModDate", "modification date")]
        {
            if info.and_then(|i| self.string(i, key)).is_none_or(|v| v.trim().is_empty()) {
                problems.push(format!("Info has no {what} (/{}), which PDF/X requires", String::from_utf8_lossy(key)));
            }
        }
        let version = xmp_version.clone().unwrap_or_else(|| "no PDF/X version".into());
        self.headline.push(version.clone());
        let summary = format!(
            "{version} in XMP{}, /Trapped /{}",
            if info_version.is_some() { " and Info" } else { "" },
            trapped.unwrap_or_else(|| "(none)".into())
        );
        Self::result(Check::Identification, problems, warnings, summary)
    }

    /// The catalog's XMP packet as text.
    fn xmp(&self) -> Option<String> {
        let catalog = self.document.catalog().ok()?;
        let stream = self.get(catalog, b"Metadata")?.as_stream().ok()?;
        let bytes = stream.decompressed_content_with_limit(1 << 24).ok().unwrap_or_else(|| stream.content.clone());
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The output intent check, and the colour space of its profile (`CMYK`, `RGB`...).
    fn output_intent(&mut self) -> (Verdict, Option<String>) {
        let mut problems = Vec::new();
        let intents: Vec<&Dictionary> = self
            .document
            .catalog()
            .ok()
            .and_then(|c| self.get(c, b"OutputIntents"))
            .and_then(|o| o.as_array().ok())
            .map(|a| a.iter().filter_map(|o| self.document.dereference(o).ok()?.1.as_dict().ok()).collect())
            .unwrap_or_default();
        let pdfx: Vec<&Dictionary> =
            intents.into_iter().filter(|i| i.get(b"S").and_then(Object::as_name).ok() == Some(b"GTS_PDFX")).collect();
        let intent = match pdfx.as_slice() {
            [] => {
                self.headline.push("no output intent".into());
                let problem = "no GTS_PDFX output intent: PDF/X needs one".to_string();
                return (Self::result(Check::OutputIntent, vec![problem], Vec::new(), "none".into()), None);
            }
            [one] => *one,
            many => {
                problems.push(format!("{} GTS_PDFX output intents; PDF/X allows one", many.len()));
                many[0]
            }
        };
        let identifier = self.string(intent, b"OutputConditionIdentifier").filter(|s| !s.trim().is_empty());
        if identifier.is_none() {
            problems.push("the output intent has no OutputConditionIdentifier".into());
        }
        let registry = self.string(intent, b"RegistryName");
        let mut space = None;
        let profile = match self.get(intent, b"DestOutputProfile").map(Object::as_stream) {
            Some(Ok(stream)) => match stream.decompressed_content_with_limit(1 << 26).map(|b| IccHeader::parse(&b)) {
                Ok(Ok(header)) => {
                    if header.class != "prtr" {
                        problems.push(format!(
                            "the embedded profile is a {} profile, not an output (prtr) one",
                            header.class
                        ));
                    }
                    let channels = stream.dict.get(b"N").and_then(Object::as_i64).ok();
                    if channels != header.channels().map(i64::from) {
                        problems.push(format!(
                            "the profile stream says /N {} but the profile is {}",
                            channels.map_or("(none)".into(), |n| n.to_string()),
                            header.colour_space.trim()
                        ));
                    }
                    space = Some(header.colour_space.trim().to_string());
                    format!("embedded {header}")
                }
                Ok(Err(e)) => {
                    problems.push(format!("the embedded profile is not an ICC profile: {e}"));
                    "an unreadable profile".into()
                }
                Err(e) => {
                    problems.push(format!("the embedded profile cannot be read: {e}"));
                    "an unreadable profile".into()
                }
            },
            _ => {
                problems
                    .push("no embedded DestOutputProfile (PDF/X-4 embeds it; only PDF/X-4p may refer to one)".into());
                "no profile".into()
            }
        };
        let name = identifier.unwrap_or_else(|| "(no identifier)".into());
        self.headline.push(format!("{name} ({})", space.as_deref().unwrap_or("no profile")));
        let summary =
            format!("GTS_PDFX {name}{}, {profile}", registry.map(|r| format!(" (registry {r})")).unwrap_or_default());
        (Self::result(Check::OutputIntent, problems, Vec::new(), summary), space)
    }

    fn page_boxes(&mut self) -> Verdict {
        let mut problems = Vec::new();
        let mut first: Option<(Area, Area, Area)> = None;
        for (index, &page) in self.pages.iter().enumerate() {
            let n = index + 1;
            let dict = self.document.get_dictionary(page).ok();
            let media = dict.and_then(|d| self.inherited_box(d, b"MediaBox"));
            let Some(media) = media else {
                problems.push(format!("page {n} has no MediaBox"));
                self.bleeds.push([f32::MIN, f32::MIN, f32::MAX, f32::MAX]);
                continue;
            };
            let crop = dict.and_then(|d| self.inherited_box(d, b"CropBox")).unwrap_or(media);
            let trim = dict.and_then(|d| own_box(self.document, d, b"TrimBox"));
            let art = dict.and_then(|d| own_box(self.document, d, b"ArtBox"));
            let bleed = dict.and_then(|d| own_box(self.document, d, b"BleedBox"));
            let Some(trim) = trim.or(art) else {
                problems.push(format!("page {n} has no TrimBox (or ArtBox), which PDF/X requires"));
                self.bleeds.push(bleed.unwrap_or(crop));
                continue;
            };
            let bleed_or_crop = bleed.unwrap_or(crop);
            self.bleeds.push(bleed_or_crop);
            if !inside(&trim, &bleed_or_crop) {
                problems.push(format!(
                    "page {n}: the TrimBox {} is not inside the BleedBox {}",
                    mm(&trim),
                    mm(&bleed_or_crop)
                ));
            }
            if !inside(&bleed_or_crop, &media) {
                problems.push(format!(
                    "page {n}: the BleedBox {} is not inside the MediaBox {}",
                    mm(&bleed_or_crop),
                    mm(&media)
                ));
            }
            match first {
                None => first = Some((trim, bleed_or_crop, media)),
                Some((t, b, m)) => {
                    for (name, this, that) in
                        [("TrimBox", trim, t), ("BleedBox", bleed_or_crop, b), ("MediaBox", media, m)]
                    {
                        if !same_size(&this, &that) {
                            problems.push(format!(
                                "page {n}'s {name} is {}, page 1's {}",
                                size_mm(&this),
                                size_mm(&that)
                            ));
                        }
                    }
                }
            }
        }
        let summary = match first {
            Some((trim, bleed, media)) => {
                let margin =
                    (trim[0] - bleed[0]).min(bleed[2] - trim[2]).min(trim[1] - bleed[1]).min(bleed[3] - trim[3]) / MM;
                self.headline.push(format!(
                    "{} page{}, trim {}, bleed {:.0} mm, sheet {}",
                    self.pages.len(),
                    plural(self.pages.len()),
                    size_mm(&trim),
                    margin,
                    size_mm(&media)
                ));
                format!(
                    "{} page{}, each trim {} inside bleed {} ({:.1} mm) inside sheet {}",
                    self.pages.len(),
                    plural(self.pages.len()),
                    size_mm(&trim),
                    size_mm(&bleed),
                    margin,
                    size_mm(&media)
                )
            }
            None => "no page has a TrimBox".into(),
        };
        Self::result(Check::PageBoxes, problems, Vec::new(), summary)
    }

    fn inherited_box(&self, page: &Dictionary, key: &[u8]) -> Option<Area> {
        let mut node = Some(page);
        for _ in 0..16 {
            let dict = node?;
            if let Some(area) = own_box(self.document, dict, key) {
                return Some(area);
            }
            node = self.get(dict, b"Parent").and_then(|p| p.as_dict().ok());
        }
        None
    }

    fn fonts(&mut self) -> Verdict {
        let mut problems = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // Last page first on the stack, so fonts are met in page order.
        let mut queue: Vec<(usize, Dictionary, usize)> = self
            .pages
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (i, content::page_resources(self.document, *p), 0))
            .collect();
        while let Some((page, resources, depth)) = queue.pop() {
            if let Some(fonts) = self.get(&resources, b"Font").and_then(|f| f.as_dict().ok()) {
                for (_, font) in fonts.iter() {
                    let key = font.as_reference().ok();
                    if key.is_some_and(|k| !seen.insert(k)) {
                        continue;
                    }
                    let Ok((_, Object::Dictionary(font))) = self.document.dereference(font) else { continue };
                    let (name, embedded) = self.font(font);
                    if !embedded {
                        problems.push(format!("{name} (page {}) is not embedded", page + 1));
                    }
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            // Forms and Type 3 glyphs have resources of their own.
            if depth < 8
                && let Some(xobjects) = self.get(&resources, b"XObject").and_then(|x| x.as_dict().ok())
            {
                for (_, xobject) in xobjects.iter() {
                    if xobject.as_reference().is_ok_and(|k| !seen.insert(k)) {
                        continue;
                    }
                    if let Ok((_, Object::Stream(form))) = self.document.dereference(xobject)
                        && let Some(inner) = self.get(&form.dict, b"Resources").and_then(|r| r.as_dict().ok())
                    {
                        queue.push((page, inner.clone(), depth + 1));
                    }
                }
            }
        }
        names.sort();
        self.headline.push(if names.is_empty() {
            "no fonts".into()
        } else {
            format!("fonts embedded: {}", names.join(", "))
        });
        let summary = match (names.len(), problems.len()) {
            (0, _) => "no fonts".to_string(),
            (n, 0) => format!("{n} font{}, all embedded: {}", plural(n), names.join(", ")),
            (n, missing) => format!("{n} font{}, {missing} not embedded", plural(n)),
        };
        Self::result(Check::Fonts, problems, Vec::new(), summary)
    }

    /// A font's name (without a subset prefix) and whether its program is embedded.
    fn font(&self, font: &Dictionary) -> (String, bool) {
        let base = self.get(font, b"BaseFont").and_then(|n| n.as_name().ok()).map(pdf_text).unwrap_or_default();
        let name = match base.split_once('+') {
            Some((prefix, rest)) if prefix.len() == 6 && prefix.chars().all(|c| c.is_ascii_uppercase()) => {
                rest.to_string()
            }
            _ => base.clone(),
        };
        let subtype = self.get(font, b"Subtype").and_then(|s| s.as_name().ok()).unwrap_or_default();
        if subtype == b"Type3" {
            return (if name.is_empty() { "a Type 3 font".into() } else { name }, true);
        }
        let descendant = if subtype == b"Type0" {
            self.get(font, b"DescendantFonts")
                .and_then(|d| d.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|d| self.document.dereference(d).ok())
                .and_then(|(_, d)| d.as_dict().ok())
        } else {
            Some(font)
        };
        let embedded = descendant
            .and_then(|d| self.get(d, b"FontDescriptor"))
            .and_then(|d| d.as_dict().ok())
            .is_some_and(|descriptor| {
                [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|key| self.get(descriptor, key).is_some_and(|f| f.as_stream().is_ok()))
            });
        (if name.is_empty() { "an unnamed font".into() } else { name }, embedded)
    }

    fn colour(&mut self, usage: &Usage, intent: Option<&str>) -> Verdict {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut used: Vec<(String, Vec<&str>)> = Vec::new();
        let mut note = |space: &Space, what: &'static str| {
            let name = space.describe();
            match used.iter_mut().find(|(n, _)| *n == name) {
                Some((_, kinds)) if !kinds.contains(&what) => kinds.push(what),
                Some(_) => {}
                None => used.push((name, vec![what])),
            }
        };
        let mut judged: Vec<(usize, Space)> = Vec::new();
        let paints = usage.paints.iter().map(|p| (p.page, &p.space, p.kind));
        let images = usage.images.iter().map(|i| (i.page, &i.space, "image"));
        let others = usage.other_spaces.iter().map(|(page, space, what)| (*page, space, *what));
        for (page, space, what) in paints.chain(images).chain(others) {
            note(space, what);
            let base = match space {
                Space::Indexed(base) => base.as_ref(),
                other => other,
            };
            if judged.iter().any(|(p, s)| *p == page && s == base) {
                continue;
            }
            judged.push((page, base.clone()));
            let device = match base {
                Space::Rgb => Some("RGB "),
                Space::Cmyk => Some("CMYK"),
                _ => None,
            };
            match (device, intent) {
                (Some(device), Some(profile)) if device.trim() != profile => problems.push(format!(
                    "page {}: {} ({what}) is not described by the output intent, whose profile is {profile}",
                    page + 1,
                    base.describe()
                )),
                (Some(_), None) => problems.push(format!(
                    "page {}: {} ({what}) with no output intent profile to describe it",
                    page + 1,
                    base.describe()
                )),
                _ => {}
            }
            match base {
                Space::Icc(3) | Space::Calibrated(_) => warnings.push(format!(
                    "page {}: {} ({what}): PDF/X-4 allows it, but the print shop's RIP converts it to CMYK",
                    page + 1,
                    base.describe()
                )),
                Space::Unknown(name) => {
                    problems.push(format!("page {}: a colour space that cannot be read ({name})", page + 1))
                }
                _ => {}
            }
        }
        for place in &usage.transfer_functions {
            problems.push(format!("{place} sets a transfer function, which PDF/X forbids"));
        }
        for place in &usage.unreadable {
            problems.push(place.clone());
        }
        let list: Vec<String> = used.iter().map(|(name, kinds)| format!("{name} ({})", kinds.join(", "))).collect();
        let short: Vec<&str> = used.iter().map(|(name, _)| name.as_str()).collect();
        self.headline.push(format!("colour: {}", if short.is_empty() { "none".into() } else { short.join(", ") }));
        let summary = if list.is_empty() { "nothing painted".into() } else { list.join("; ") };
        Self::result(Check::Colour, problems, warnings, summary)
    }

    fn ink(&mut self, usage: &Usage) -> Verdict {
        let limit = f32::from(self.limits.ink_limit);
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut most: Option<(f32, String)> = None;
        let mut sampled = 0;
        let mut over = |ink: f32, place: String, problems: &mut Vec<String>| {
            // Inks are written as fractions of 1; a percent's rounding is not an excess.
            if ink.round() > limit {
                problems.push(format!("{place}: {ink:.0}% of ink, over the limit of {limit:.0}%"));
            }
            if most.as_ref().is_none_or(|(m, _)| ink > *m) {
                most = Some((ink, place));
            }
        };
        for paint in &usage.paints {
            let inside = self.bleeds.get(paint.page).is_some_and(|b| touches(&paint.area, b));
            let Some(ink) = paint.space.ink(&paint.values).filter(|_| inside) else { continue };
            sampled += 1;
            let values: Vec<String> = paint.values.iter().map(|v| format!("{:.0}", v * 100.0)).collect();
            over(
                ink,
                format!("page {}: {} in {} {}", paint.page + 1, paint.kind, paint.space.describe(), values.join(" ")),
                &mut problems,
            );
        }
        let mut images = 0;
        let mut looked: Vec<ObjectId> = Vec::new();
        for image in &usage.images {
            let inside = self.bleeds.get(image.page).is_some_and(|b| touches(&image.area, b));
            let (Some(id), true) = (image.object, inside) else { continue };
            if looked.contains(&id) {
                continue;
            }
            looked.push(id);
            match image_ink(self.document, id, &image.space) {
                Some(ink) => {
                    images += 1;
                    over(
                        ink,
                        format!("page {}: an image in {}", image.page + 1, image.space.describe()),
                        &mut problems,
                    );
                }
                None if matches!(image.space, Space::Gray | Space::Cmyk | Space::Icc(1) | Space::Icc(4)) => {
                    warnings.push(format!(
                        "page {}: an image's ink could not be sampled (not 8-bit, or compressed as JPEG)",
                        image.page + 1
                    ));
                }
                None => {}
            }
        }
        let summary = match &most {
            Some((ink, place)) => format!(
                "at most {ink:.0}% (limit {limit:.0}%), sampled from {sampled} fill{}, stroke{} and text run{} and {images} image{} inside the bleed; the most: {place}",
                plural(sampled),
                plural(sampled),
                plural(sampled),
                plural(images)
            ),
            None => format!("nothing inside the bleed carries ink the file states (limit {limit:.0}%)"),
        };
        self.headline.push(match &most {
            Some((ink, _)) => format!("ink at most {ink:.0}% (limit {limit:.0}%)"),
            None => "no ink sampled".into(),
        });
        Self::result(Check::Ink, problems, warnings, summary)
    }

    fn images(&mut self, usage: &Usage) -> Verdict {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut lowest: Option<f32> = None;
        for image in &usage.images {
            if image.width_pt <= 0.0 || image.height_pt <= 0.0 {
                continue;
            }
            let ppi = (image.width_px as f32 / (image.width_pt / 72.0))
                .min(image.height_px as f32 / (image.height_pt / 72.0));
            lowest = Some(lowest.map_or(ppi, |l| l.min(ppi)));
            let place = format!(
                "page {}: a {} x {} pixel image placed at {:.1} x {:.1} mm is {ppi:.0} ppi",
                image.page + 1,
                image.width_px,
                image.height_px,
                image.width_pt / MM,
                image.height_pt / MM
            );
            if ppi < self.limits.min_ppi {
                problems.push(format!("{place}, under {:.0}", self.limits.min_ppi));
            } else if ppi < self.limits.good_ppi {
                warnings.push(format!("{place}, under the {:.0} print shops ask for", self.limits.good_ppi));
            }
        }
        let summary = match lowest {
            Some(ppi) => format!(
                "{} image{} placed, lowest resolution {ppi:.0} ppi",
                usage.images.len(),
                plural(usage.images.len())
            ),
            None => "no raster images".into(),
        };
        self.headline.push(match lowest {
            Some(ppi) => format!("lowest image resolution {ppi:.0} ppi"),
            None => "no raster images".into(),
        });
        Self::result(Check::Images, problems, warnings, summary)
    }

    fn annotations(&mut self) -> Verdict {
        let mut problems = Vec::new();
        let mut outside = 0;
        for (index, &page) in self.pages.iter().enumerate() {
            let Ok(dict) = self.document.get_dictionary(page) else { continue };
            let Some(annotations) = self.get(dict, b"Annots").and_then(|a| a.as_array().ok()) else { continue };
            for annotation in annotations {
                let Ok((_, Object::Dictionary(annotation))) = self.document.dereference(annotation) else { continue };
                let subtype =
                    self.get(annotation, b"Subtype").and_then(|s| s.as_name().ok()).map(pdf_text).unwrap_or_default();
                if subtype == "PrinterMark" || subtype == "TrapNet" {
                    continue;
                }
                let rect = own_box(self.document, annotation, b"Rect");
                let bleed = self.bleeds.get(index);
                match (rect, bleed) {
                    (Some(rect), Some(bleed)) if !content::overlaps(&rect, bleed) => outside += 1,
                    (Some(rect), _) => problems.push(format!(
                        "page {}: a {subtype} annotation at {} is inside the bleed",
                        index + 1,
                        mm(&rect)
                    )),
                    (None, _) => problems.push(format!("page {}: a {subtype} annotation has no Rect", index + 1)),
                }
            }
        }
        let summary = match (problems.len(), outside) {
            (0, 0) => "none".to_string(),
            (0, n) => format!("none in the bleed ({n} outside it)"),
            (n, _) => format!("{n} inside the bleed: PDF/X allows only printer's marks and trap networks there"),
        };
        self.headline.push(if problems.is_empty() {
            "no annotations in the bleed".into()
        } else {
            "annotations in the bleed".into()
        });
        Self::result(Check::Annotations, problems, Vec::new(), summary)
    }

    fn transparency(&mut self, usage: &Usage) -> Verdict {
        let mut places = usage.transparency.clone();
        places.dedup();
        let summary = if places.is_empty() {
            "none (nothing for a shop to flatten)".to_string()
        } else {
            format!(
                "{} use{}: allowed by PDF/X-4, flattened by a shop that prints PDF/X-1a",
                places.len(),
                plural(places.len())
            )
        };
        self.headline.push(if places.is_empty() { "no transparency".into() } else { "transparency".into() });
        Self::result(Check::Transparency, Vec::new(), places, summary)
    }
}

/// The largest total ink of any pixel of an 8-bit CMYK or gray image, in percent; `None`
/// where it cannot be read here (JPEG, other depths).
fn image_ink(document: &Document, id: ObjectId, space: &Space) -> Option<f32> {
    let stream = document.get_object(id).ok()?.as_stream().ok()?;
    if stream.dict.get(b"BitsPerComponent").and_then(Object::as_i64).ok()? != 8 {
        return None;
    }
    let filters = stream.filters().unwrap_or_default();
    if filters.iter().any(|f| *f != b"FlateDecode") {
        return None;
    }
    let channels = match space {
        Space::Cmyk | Space::Icc(4) => 4,
        Space::Gray | Space::Icc(1) => 1,
        _ => return None,
    };
    let samples = stream.decompressed_content_with_limit(content::MAX_STREAM).ok()?;
    // A Decode array of [1 0 ...] inverts the samples.
    let inverted = stream
        .dict
        .get(b"Decode")
        .and_then(Object::as_array)
        .ok()
        .and_then(|d| Some(d.first()?.as_float().ok()? > d.get(1)?.as_float().ok()?))
        .unwrap_or(false);
    let most = samples
        .chunks_exact(channels)
        .map(|pixel| {
            pixel
                .iter()
                .map(|&v| {
                    let ink = if inverted { 255 - u32::from(v) } else { u32::from(v) };
                    if channels == 1 { 255 - ink } else { ink }
                })
                .sum::<u32>()
        })
        .max()?;
    Some(most as f32 * 100.0 / 255.0)
}

/// A box written on this dictionary itself, normalised to left, bottom, right, top.
fn own_box(document: &Document, dict: &Dictionary, key: &[u8]) -> Option<Area> {
    let array = dict.get_deref(key, document).ok()?.as_array().ok()?;
    let n: Vec<f32> = array.iter().filter_map(|o| document.dereference(o).ok()?.1.as_float().ok()).collect();
    (n.len() == 4).then(|| [n[0].min(n[2]), n[1].min(n[3]), n[0].max(n[2]), n[1].max(n[3])])
}

fn inside(inner: &Area, outer: &Area) -> bool {
    inner[0] >= outer[0] - EPSILON
        && inner[1] >= outer[1] - EPSILON
        && inner[2] <= outer[2] + EPSILON
        && inner[3] <= outer[3] + EPSILON
}

fn same_size(a: &Area, b: &Area) -> bool {
    ((a[2] - a[0]) - (b[2] - b[0])).abs() < EPSILON * 10.0 && ((a[3] - a[1]) - (b[3] - b[1])).abs() < EPSILON * 10.0
}

fn size_mm(area: &Area) -> String {
    format!("{:.0} x {:.0} mm", (area[2] - area[0]) / MM, (area[3] - area[1]) / MM)
}

/// A box's corners in millimetres from the page's origin.
fn mm(area: &Area) -> String {
    format!("[{:.1} {:.1} {:.1} {:.1}] mm", area[0] / MM, area[1] / MM, area[2] / MM, area[3] / MM)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A PDF text string (UTF-16BE with a byte order mark, or PDFDocEncoding read as Latin-1).
fn pdf_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// An XMP property written as an element (`<p>v</p>`) or an attribute (`p="v"`).
fn xmp_property(xmp: &str, name: &str) -> Option<String> {
    crate::pdfx::between(xmp, &format!("<{name}>"), &format!("</{name}>"))
        .or_else(|| crate::pdfx::between(xmp, &format!("{name}=\""), "\""))
        .map(|v| v.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_properties_are_read_as_elements_or_attributes() {
        let xmp = r#"<rdf:Description pdf:Trapped="False"><pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"#;
        assert_eq!(xmp_property(xmp, "pdfxid:GTS_PDFXVersion").as_deref(), Some("PDF/X-4"));
        assert_eq!(xmp_property(xmp, "pdf:Trapped").as_deref(), Some("False"));
        assert_eq!(xmp_property(xmp, "pdfaid:part"), None);
    }

    #[test]
    fn something_that_is_not_a_pdf_fails_without_a_panic() {
        let report = inspect(b"%PDF-1.6 nothing else", &Limits::default());
        assert!(!report.passed());
        assert_eq!(report.results[0].check, Check::File);
    }
}
