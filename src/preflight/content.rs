//! Walking a page's content streams (and the form XObjects they draw) as a RIP would, far
//! enough to know for every painting operation its colour space, its colour as inks, and
//! roughly where on the page it lands; and for every image, its pixels, placed size and
//! colour space. Geometry is kept as bounding boxes in page space, which is all the
//! preflight needs (is this inside the bleed box?).

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// A rectangle in page space: left, bottom, right, top.
pub(crate) type Area = [f32; 4];

/// A colour space as the preflight tells them apart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// ICC-based, with its number of components.
    Icc(u8),
    /// Lab, CalRGB, CalGray: device-independent but not ICC-based.
    Calibrated(&'static str),
    /// A spot colour (Separation) or several (DeviceN), with the number of inks.
    Spot(String, u8),
    Indexed(Box<Space>),
    Pattern,
    Unknown(String),
}

impl Space {
    /// The name a report uses.
    pub fn describe(&self) -> String {
        match self {
            Space::Gray => "DeviceGray".into(),
            Space::Rgb => "DeviceRGB".into(),
            Space::Cmyk => "DeviceCMYK".into(),
            Space::Icc(1) => "ICC-based gray".into(),
            Space::Icc(3) => "ICC-based RGB".into(),
            Space::Icc(4) => "ICC-based CMYK".into(),
            Space::Icc(n) => format!("ICC-based ({n} components)"),
            Space::Calibrated(name) => (*name).into(),
            Space::Spot(name, _) => format!("spot colour {name}"),
            Space::Indexed(base) => format!("Indexed over {}", base.describe()),
            Space::Pattern => "Pattern".into(),
            Space::Unknown(name) => format!("unknown colour space {name}"),
        }
    }

    fn components(&self) -> usize {
        match self {
            Space::Gray | Space::Indexed(_) => 1,
            Space::Rgb | Space::Calibrated(_) => 3,
            Space::Cmyk => 4,
            Space::Icc(n) | Space::Spot(_, n) => usize::from(*n),
            Space::Pattern | Space::Unknown(_) => 0,
        }
    }

    /// The colour a space starts with (ISO 32000-1, 8.6.8): black for device spaces and
    /// full tint for spot colours.
    fn initial(&self) -> Vec<f32> {
        match self {
            Space::Cmyk => vec![0.0, 0.0, 0.0, 1.0],
            Space::Spot(_, n) => vec![1.0; usize::from(*n)],
            other => vec![0.0; other.components()],
        }
    }

    /// Total ink of a colour in this space, in percent, where the space says it: device
    /// and ICC-based CMYK, gray (as black ink), spot tints. `None` for RGB, Lab and the
    /// rest, whose ink depends on a conversion.
    pub fn ink(&self, values: &[f32]) -> Option<f32> {
        let sum = |v: &[f32]| v.iter().map(|x| x.clamp(0.0, 1.0)).sum::<f32>() * 100.0;
        match self {
            Space::Cmyk | Space::Icc(4) if values.len() == 4 => Some(sum(values)),
            Space::Gray | Space::Icc(1) if values.len() == 1 => Some((1.0 - values[0].clamp(0.0, 1.0)) * 100.0),
            Space::Spot(_, n) if values.len() == usize::from(*n) => Some(sum(values)),
            _ => None,
        }
    }
}

/// One painting operation: a fill, a stroke or shown text.
#[derive(Clone, Debug)]
pub(crate) struct Paint {
    pub page: usize,
    pub kind: &'static str,
    pub space: Space,
    pub values: Vec<f32>,
    pub area: Area,
}

/// One image drawn.
#[derive(Clone, Debug)]
pub(crate) struct Placed {
    pub page: usize,
    pub object: Option<ObjectId>,
    pub space: Space,
    pub width_px: u32,
    pub height_px: u32,
    /// The placed size in points along the image's own axes.
    pub width_pt: f32,
    pub height_pt: f32,
    pub area: Area,
}

/// What drawing the pages used.
#[derive(Debug, Default)]
pub struct Usage {
    pub paints: Vec<Paint>,
    pub images: Vec<Placed>,
    /// Colour spaces that painted nothing themselves but define how things are blended or
    /// shaded (transparency groups, shadings), with the page.
    pub other_spaces: Vec<(usize, Space, &'static str)>,
    /// Transparency, with where it was found.
    pub transparency: Vec<String>,
    /// Transfer functions, which PDF/X forbids.
    pub transfer_functions: Vec<String>,
    /// Operations the walk could not follow, with the page.
    pub unreadable: Vec<String>,
}

#[derive(Clone)]
struct State {
    ctm: [f32; 6],
    fill: (Space, Vec<f32>),
    stroke: (Space, Vec<f32>),
    render_mode: i64,
}

/// Forms inside forms deeper than this are not followed (a loop, or a file built to hang
/// readers).
const MAX_DEPTH: usize = 12;

/// Walk one page's content.
pub(crate) fn walk_page(document: &Document, page: ObjectId, index: usize, usage: &mut Usage) {
    let resources = page_resources(document, page);
    let content = match document.get_page_contents(page).iter().try_fold(Vec::new(), |mut all, id| {
        let stream = document.get_object(*id).and_then(Object::as_stream)?;
        all.extend(stream.decompressed_content_with_limit(MAX_STREAM).or_else(|_| stream.get_plain_content())?);
        all.push(b'\n');
        Ok::<_, lopdf::Error>(all)
    }) {
        Ok(content) => content,
        Err(e) => {
            usage.unreadable.push(format!("page {}: its content cannot be read ({e})", index + 1));
            return;
        }
    };
    if let Ok(group) =
        document.get_dictionary(page).and_then(|p| p.get_deref(b"Group", document)).and_then(Object::as_dict)
    {
        transparency_group(document, group, &resources, index, "page", usage);
    }
    let state = State {
        ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        fill: (Space::Gray, vec![0.0]),
        stroke: (Space::Gray, vec![0.0]),
        render_mode: 0,
    };
    Walker { document, page: index, usage, images: HashMap::new() }.run(&content, &resources, state, 0);
}

/// The most a content stream or image may decompress to (a bound against files built to
/// exhaust memory): 256 MB.
pub(crate) const MAX_STREAM: usize = 256 << 20;

/// A page's resources, inherited from the page tree when the page has none of its own.
pub(crate) fn page_resources(document: &Document, page: ObjectId) -> Dictionary {
    let mut node = document.get_dictionary(page).ok();
    for _ in 0..MAX_DEPTH {
        let Some(dict) = node else { break };
        if let Ok(resources) = dict.get_deref(b"Resources", document).and_then(Object::as_dict) {
            return resources.clone();
        }
        node = dict.get_deref(b"Parent", document).and_then(Object::as_dict).ok();
    }
    Dictionary::new()
}

struct Walker<'a> {
    document: &'a Document,
    page: usize,
    usage: &'a mut Usage,
    /// Image XObjects already looked at on this page, by resource name and object.
    images: HashMap<ObjectId, (Space, u32, u32, bool)>,
}

impl Walker<'_> {
    fn run(&mut self, content: &[u8], resources: &Dictionary, mut state: State, depth: usize) {
        let operations = match Content::decode(content) {
            Ok(content) => content.operations,
            Err(e) => {
                self.usage.unreadable.push(format!("page {}: a content stream cannot be parsed ({e})", self.page + 1));
                return;
            }
        };
        let mut stack: Vec<State> = Vec::new();
        let mut path: Option<Area> = None;
        // The text matrix and the start of the current line, as [a b c d e f].
        let mut text = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut line = text;
        let mut leading = 0.0;
        for op in &operations {
            let numbers: Vec<f32> = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
            let name = op.operands.first().and_then(|o| o.as_name().ok());
            match op.operator.as_str() {
                "q" => stack.push(state.clone()),
                "Q" => state = stack.pop().unwrap_or(state),
                "cm" if numbers.len() == 6 => state.ctm = multiply(&numbers_6(&numbers), &state.ctm),
                "g" | "G" | "rg" | "RG" | "k" | "K" => {
                    let space = match op.operator.to_ascii_lowercase().as_str() {
                        "g" => Space::Gray,
                        "rg" => Space::Rgb,
                        _ => Space::Cmyk,
                    };
                    let colour = (space, numbers.clone());
                    if op.operator.chars().all(|c| c.is_ascii_lowercase()) {
                        state.fill = colour;
                    } else {
                        state.stroke = colour;
                    }
                }
                "cs" | "CS" => {
                    let space = name.map(|n| self.space_named(n, resources)).unwrap_or(Space::Unknown("?".into()));
                    let colour = (space.clone(), space.initial());
                    if op.operator == "cs" {
                        state.fill = colour;
                    } else {
                        state.stroke = colour;
                    }
                }
                "sc" | "scn" => state.fill.1 = numbers.clone(),
                "SC" | "SCN" => state.stroke.1 = numbers.clone(),
                "m" | "l" if numbers.len() == 2 => extend(&mut path, &state.ctm, &numbers),
                "c" | "v" | "y" => extend(&mut path, &state.ctm, &numbers),
                "re" if numbers.len() == 4 => {
                    let [x, y, w, h] = [numbers[0], numbers[1], numbers[2], numbers[3]];
                    extend(&mut path, &state.ctm, &[x, y, x + w, y, x + w, y + h, x, y + h]);
                }
                "S" | "s" => self.paint(&mut path, &state, false, true),
                "f" | "F" | "f*" => self.paint(&mut path, &state, true, false),
                "B" | "B*" | "b" | "b*" => self.paint(&mut path, &state, true, true),
                "n" => path = None,
                "BT" => {
                    text = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                    line = text;
                }
                "Tm" if numbers.len() == 6 => {
                    text = numbers_6(&numbers);
                    line = text;
                }
                "Td" | "TD" if numbers.len() == 2 => {
                    if op.operator == "TD" {
                        leading = -numbers[1];
                    }
                    line = multiply(&[1.0, 0.0, 0.0, 1.0, numbers[0], numbers[1]], &line);
                    text = line;
                }
                "TL" if numbers.len() == 1 => leading = numbers[0],
                "T*" | "'" | "\"" => {
                    line = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &line);
                    text = line;
                    if op.operator != "T*" {
                        self.show_text(&text, &state);
                    }
                }
                "Tr" if numbers.len() == 1 => state.render_mode = numbers[0] as i64,
                "Tj" | "TJ" => self.show_text(&text, &state),
                "gs" => {
                    if let Some(name) = name {
                        self.graphics_state(name, resources);
                    }
                }
                "sh" => {
                    let shading = name.and_then(|n| resource(self.document, resources, b"Shading", n));
                    let space = shading
                        .and_then(|s| s.as_dict().or_else(|_| s.as_stream().map(|s| &s.dict)).ok())
                        .and_then(|d| d.get_deref(b"ColorSpace", self.document).ok())
                        .map_or(Space::Unknown("shading".into()), |cs| self.space(cs, resources, 0));
                    self.usage.other_spaces.push((self.page, space, "shading"));
                }
                "Do" => {
                    if let Some(name) = name {
                        self.draw_object(name, resources, &state, depth);
                    }
                }
                "BI" => self.inline_image(op.operands.first(), &state),
                _ => {}
            }
        }
    }

    fn paint(&mut self, path: &mut Option<Area>, state: &State, fill: bool, stroke: bool) {
        let Some(area) = path.take() else { return };
        if fill {
            self.record("fill", &state.fill, area);
        }
        if stroke {
            self.record("stroke", &state.stroke, area);
        }
    }

    fn show_text(&mut self, text: &[f32; 6], state: &State) {
        let origin = apply(&multiply(text, &state.ctm), 0.0, 0.0);
        let area = [origin.0, origin.1, origin.0, origin.1];
        let (fill, stroke) = match state.render_mode {
            0 | 4 => (true, false),
            1 | 5 => (false, true),
            2 | 6 => (true, true),
            _ => (false, false),
        };
        if fill {
            self.record("text", &state.fill, area);
        }
        if stroke {
            self.record("text outline", &state.stroke, area);
        }
    }

    fn record(&mut self, kind: &'static str, colour: &(Space, Vec<f32>), area: Area) {
        self.usage.paints.push(Paint {
            page: self.page,
            kind,
            space: colour.0.clone(),
            values: colour.1.clone(),
            area,
        });
    }

    fn graphics_state(&mut self, name: &[u8], resources: &Dictionary) {
        let Some(Ok(gs)) = resource(self.document, resources, b"ExtGState", name).map(Object::as_dict) else { return };
        let page = self.page + 1;
        let label = String::from_utf8_lossy(name).into_owned();
        for key in [b"CA".as_slice(), b"ca"] {
            if let Ok(alpha) = gs.get(key).and_then(Object::as_float)
                && alpha < 1.0
            {
                self.usage
                    .transparency
                    .push(format!("page {page}: graphics state {label} sets opacity {}", String::from_utf8_lossy(key)));
            }
        }
        if let Ok(mask) = gs.get_deref(b"SMask", self.document)
            && mask.as_name().ok() != Some(b"None")
        {
            self.usage.transparency.push(format!("page {page}: graphics state {label} sets a soft mask"));
        }
        if let Ok(blend) = gs.get(b"BM") {
            let modes: Vec<&[u8]> = match blend {
                Object::Array(a) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
                other => other.as_name().into_iter().collect(),
            };
            if modes.first().is_some_and(|m| *m != b"Normal" && *m != b"Compatible") {
                self.usage.transparency.push(format!("page {page}: graphics state {label} sets a blend mode"));
            }
        }
        for key in [b"TR".as_slice(), b"TR2"] {
            if let Ok(value) = gs.get(key)
                && value.as_name().ok() != Some(b"Default")
            {
                self.usage.transfer_functions.push(format!("page {page}: graphics state {label}"));
            }
        }
    }

    fn draw_object(&mut self, name: &[u8], resources: &Dictionary, state: &State, depth: usize) {
        let reference = resources
            .get_deref(b"XObject", self.document)
            .and_then(Object::as_dict)
            .and_then(|x| x.get(name))
            .ok()
            .and_then(|o| o.as_reference().ok());
        let Some(Ok(stream)) = resource(self.document, resources, b"XObject", name).map(Object::as_stream) else {
            self.usage.unreadable.push(format!(
                "page {}: XObject {} cannot be found",
                self.page + 1,
                String::from_utf8_lossy(name)
            ));
            return;
        };
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).unwrap_or_default();
        if subtype == b"Image" {
            self.image(&stream.dict, reference, resources, state);
        } else if subtype == b"Form" {
            if depth >= MAX_DEPTH {
                self.usage.unreadable.push(format!("page {}: forms nested too deeply", self.page + 1));
                return;
            }
            let own = stream.dict.get_deref(b"Resources", self.document).and_then(Object::as_dict).ok();
            let inner_resources = own.cloned().unwrap_or_else(|| resources.clone());
            if let Ok(group) = stream.dict.get_deref(b"Group", self.document).and_then(Object::as_dict) {
                transparency_group(self.document, group, &inner_resources, self.page, "form", self.usage);
            }
            let mut inner = state.clone();
            if let Ok(matrix) = stream.dict.get(b"Matrix").and_then(Object::as_array) {
                let m: Vec<f32> = matrix.iter().filter_map(|o| o.as_float().ok()).collect();
                if m.len() == 6 {
                    inner.ctm = multiply(&numbers_6(&m), &state.ctm);
                }
            }
            match stream.decompressed_content_with_limit(MAX_STREAM).or_else(|_| stream.get_plain_content()) {
                Ok(content) => self.run(&content, &inner_resources, inner, depth + 1),
                Err(e) => self.usage.unreadable.push(format!("page {}: a form cannot be read ({e})", self.page + 1)),
            }
        }
    }

    fn image(&mut self, dict: &Dictionary, object: Option<ObjectId>, resources: &Dictionary, state: &State) {
        let described = match object.and_then(|id| self.images.get(&id)) {
            Some(known) => known.clone(),
            None => {
                let mask = dict.get(b"ImageMask").and_then(Object::as_bool).unwrap_or(false);
                let space = if mask {
                    state.fill.0.clone()
                } else {
                    dict.get_deref(b"ColorSpace", self.document)
                        .map_or(Space::Unknown("none given".into()), |cs| self.space(cs, resources, 0))
                };
                let size = |key: &[u8]| {
                    dict.get(key).and_then(Object::as_i64).unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32
                };
                let soft_mask =
                    dict.has(b"SMask") || dict.get(b"SMaskInData").and_then(Object::as_i64).unwrap_or(0) != 0;
                let described = (space, size(b"Width"), size(b"Height"), soft_mask);
                if let Some(id) = object {
                    self.images.insert(id, described.clone());
                }
                described
            }
        };
        let (space, width_px, height_px, soft_mask) = described;
        self.place(object, space, width_px, height_px, soft_mask, state);
    }

    fn inline_image(&mut self, operand: Option<&Object>, state: &State) {
        let Some(Ok(image)) = operand.map(Object::as_stream) else { return };
        let get = |long: &[u8], short: &[u8]| image.dict.get(long).or_else(|_| image.dict.get(short)).ok();
        let space = match get(b"ColorSpace", b"CS").and_then(|o| o.as_name().ok()) {
            Some(b"DeviceGray" | b"G") => Space::Gray,
            Some(b"DeviceRGB" | b"RGB") => Space::Rgb,
            Some(b"DeviceCMYK" | b"CMYK") => Space::Cmyk,
            Some(other) => Space::Unknown(String::from_utf8_lossy(other).into_owned()),
            None => state.fill.0.clone(),
        };
        let size =
            |long: &[u8], short: &[u8]| get(long, short).and_then(|o| o.as_i64().ok()).unwrap_or(0).max(0) as u32;
        self.place(None, space, size(b"Width", b"W"), size(b"Height", b"H"), false, state);
    }

    fn place(
        &mut self,
        object: Option<ObjectId>,
        space: Space,
        width_px: u32,
        height_px: u32,
        soft_mask: bool,
        state: &State,
    ) {
        let m = &state.ctm;
        let corners = [apply(m, 0.0, 0.0), apply(m, 1.0, 0.0), apply(m, 0.0, 1.0), apply(m, 1.0, 1.0)];
        let mut area = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for (x, y) in corners {
            area = [area[0].min(x), area[1].min(y), area[2].max(x), area[3].max(y)];
        }
        if soft_mask {
            self.usage.transparency.push(format!("page {}: an image has a soft mask", self.page + 1));
        }
        self.usage.images.push(Placed {
            page: self.page,
            object,
            space,
            width_px,
            height_px,
            width_pt: m[0].hypot(m[1]),
            height_pt: m[2].hypot(m[3]),
            area,
        });
    }

    fn space_named(&self, name: &[u8], resources: &Dictionary) -> Space {
        match name {
            b"DeviceGray" => Space::Gray,
            b"DeviceRGB" => Space::Rgb,
            b"DeviceCMYK" => Space::Cmyk,
            b"Pattern" => Space::Pattern,
            _ => match resource(self.document, resources, b"ColorSpace", name) {
                Some(space) => self.space(space, resources, 0),
                None => Space::Unknown(String::from_utf8_lossy(name).into_owned()),
            },
        }
    }

    fn space(&self, object: &Object, resources: &Dictionary, depth: usize) -> Space {
        space(self.document, object, resources, depth)
    }
}

/// A colour space object (a name or an array), resolved.
pub fn space(document: &Document, object: &Object, resources: &Dictionary, depth: usize) -> Space {
    let object = document.dereference(object).map(|(_, o)| o).unwrap_or(object);
    if depth > 4 {
        return Space::Unknown("nested too deeply".into());
    }
    if let Ok(name) = object.as_name() {
        return match name {
            b"DeviceGray" | b"G" => Space::Gray,
            b"DeviceRGB" | b"RGB" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            b"Pattern" => Space::Pattern,
            other => match resource(document, resources, b"ColorSpace", other) {
                Some(inner) if depth < 4 => space(document, inner, resources, depth + 1),
                _ => Space::Unknown(String::from_utf8_lossy(other).into_owned()),
            },
        };
    }
    let Ok(array) = object.as_array() else { return Space::Unknown("not a name or an array".into()) };
    let family = array.first().and_then(|o| o.as_name().ok()).unwrap_or_default();
    match family {
        b"ICCBased" => {
            let n = array
                .get(1)
                .and_then(|o| document.dereference(o).ok())
                .and_then(|(_, o)| o.as_stream().ok())
                .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok())
                .unwrap_or(0);
            Space::Icc(n.clamp(0, 32) as u8)
        }
        b"Lab" => Space::Calibrated("Lab"),
        b"CalRGB" => Space::Calibrated("CalRGB"),
        b"CalGray" => Space::Calibrated("CalGray"),
        b"Separation" => {
            let name = array.get(1).and_then(|o| o.as_name().ok()).unwrap_or_default();
            Space::Spot(String::from_utf8_lossy(name).into_owned(), 1)
        }
        b"DeviceN" => {
            let names = array.get(1).and_then(|o| document.dereference(o).ok()).and_then(|(_, o)| o.as_array().ok());
            let list: Vec<String> = names
                .map(|n| {
                    n.iter().filter_map(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned()).collect()
                })
                .unwrap_or_default();
            Space::Spot(list.join(" + "), list.len().clamp(0, 32) as u8)
        }
        b"Indexed" | b"I" => {
            let base = array.get(1).map_or(Space::Unknown("?".into()), |b| space(document, b, resources, depth + 1));
            Space::Indexed(Box::new(base))
        }
        b"Pattern" => Space::Pattern,
        other => Space::Unknown(String::from_utf8_lossy(other).into_owned()),
    }
}

/// A transparency group (of a page or a form): transparency, and its blending colour space.
fn transparency_group(
    document: &Document,
    group: &Dictionary,
    resources: &Dictionary,
    page: usize,
    of: &str,
    usage: &mut Usage,
) {
    if group.get(b"S").and_then(Object::as_name).ok() != Some(b"Transparency") {
        return;
    }
    usage.transparency.push(format!("page {}: the {of} is a transparency group", page + 1));
    if let Ok(cs) = group.get_deref(b"CS", document) {
        usage.other_spaces.push((page, space(document, cs, resources, 0), "transparency group"));
    }
}

/// A named resource of one kind (`/XObject /Im1`), references followed.
fn resource<'a>(document: &'a Document, resources: &'a Dictionary, kind: &[u8], name: &[u8]) -> Option<&'a Object> {
    let dict = resources.get_deref(kind, document).and_then(Object::as_dict).ok()?;
    dict.get_deref(name, document).ok()
}

fn numbers_6(n: &[f32]) -> [f32; 6] {
    [n[0], n[1], n[2], n[3], n[4], n[5]]
}

/// `m` then `n`, as PDF concatenates matrices (`cm` prepends to the CTM).
pub fn multiply(m: &[f32; 6], n: &[f32; 6]) -> [f32; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &[f32; 6], x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Grow the path's bounding box by points given as x, y pairs in user space.
fn extend(path: &mut Option<Area>, ctm: &[f32; 6], coordinates: &[f32]) {
    for pair in coordinates.chunks_exact(2) {
        let (x, y) = apply(ctm, pair[0], pair[1]);
        let area = path.get_or_insert([x, y, x, y]);
        *area = [area[0].min(x), area[1].min(y), area[2].max(x), area[3].max(y)];
    }
}

/// Whether two areas overlap (touching edges do not).
pub(crate) fn overlaps(a: &Area, b: &Area) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Whether a point-sized or larger area lies at least partly inside `b`.
pub(crate) fn touches(a: &Area, b: &Area) -> bool {
    if a[0] == a[2] || a[1] == a[3] {
        a[0] >= b[0] && a[2] <= b[2] && a[1] >= b[1] && a[3] <= b[3]
    } else {
        overlaps(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_is_read_where_the_space_says_it() {
        assert_eq!(Space::Cmyk.ink(&[1.0, 0.8, 0.25, 0.35]).map(f32::round), Some(240.0));
        assert_eq!(Space::Gray.ink(&[0.0]), Some(100.0));
        assert_eq!(Space::Rgb.ink(&[0.0, 0.0, 0.0]), None);
        assert_eq!(Space::Icc(4).ink(&[1.0, 1.0, 1.0, 1.0]), Some(400.0));
    }

    #[test]
    fn matrices_concatenate_as_pdf_does() {
        // Scale by 2, then move by (10, 20): a point at (1, 1) lands at (12, 22).
        let m = multiply(&[2.0, 0.0, 0.0, 2.0, 0.0, 0.0], &[1.0, 0.0, 0.0, 1.0, 10.0, 20.0]);
        assert_eq!(apply(&m, 1.0, 1.0), (12.0, 22.0));
    }
}
