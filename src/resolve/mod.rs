//! Stage 2, **resolve**: pick one product x variant x region x language, lay the region
//! over the defaults, fill every `{placeholder}`, look up every style and colour, and order
//! sections as a reader meets them. The result, a [`Document`], has nothing left to look
//! up: compose and render never see a name, a default or a placeholder.

mod document;
mod figures;
mod jurisdiction;
mod layout;
pub mod markup;
mod placeholders;
mod region;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::load::Spanned;

pub use document::*;
pub use figures::format_number;
pub(crate) use region::merge as merge_region;
pub(crate) use region::near_national;
pub use region::{Logo, Region};

use crate::contacts::RegionWords;
use crate::date::Date;
use crate::error::{Diagnostic, Errors, Origin, Result, SourceFile};
use crate::load::{self, BlockKind, Content, Layout, Loaded, PictogramProblem, Pictograms, suggest};
use layout::ResolvedLayout;
use placeholders::{Lookup, Provider, Sources, Value};

use crate::template::fill;

/// What one document is made of.
pub struct Inputs<'a> {
    pub product: &'a str,
    pub variant: &'a str,
    pub lang: &'a str,
    pub layout: &'a Loaded<Layout>,
    pub content: &'a Loaded<Content>,
    pub region: &'a Region,
    /// The pictograms the content names, already read and parsed.
    pub pictograms: &'a Pictograms,
    /// The PDF date; the content's edition date when `None`.
    pub date: Option<Date>,
    /// The accessibility profile the variant follows (large print says so in its title).
    pub profile: crate::kinds::Profile,
}

/// Build the document tree for one product variant.
pub fn resolve(inputs: &Inputs) -> Result<Document> {
    let layout = layout::resolve(inputs.layout, inputs.region)?;
    let content = &inputs.content.value;
    let file = &inputs.content.file;
    let mut resolver = Resolver {
        file,
        region: inputs.region,
        pictograms: inputs.pictograms,
        layout: &layout,
        places: Vec::new(),
        leaf_places: Vec::new(),
        links: Vec::new(),
        problems: Errors::default(),
        words: &content.words,
        document: &content.document,
        sources: &content.sources,
        cited: Vec::new(),
        // Region files are written in English: their words in another language's document
        // are English words.
        region_lang: (crate::fonts::primary_subtag(inputs.lang) != "en").then_some("en-GB"),
        lang: inputs.lang,
        english_region_words: Vec::new(),
    };

    // Sections in reading order: panel by panel as the layout orders them.
    let order = layout.section_order(inputs.layout, content, file)?;
    let mut sections = Vec::new();
    for &index in &order {
        let section = &content.sections[index];
        sections.push(resolver.section(section.get_ref(), &section.span(), index));
    }
    // The sources list names every source cited anywhere, so it is filled in last.
    for block in sections.iter_mut().flat_map(|s| s.blocks.iter_mut()) {
        if matches!(block.content, BlockContent::SourceList(_)) {
            block.content = resolver.source_list();
        }
    }

    let info = &content.document;
    let mut title = resolver.plain(&info.title, "document.title");
    // Large print shares the standard words; its title says which copy a reader has, as
    // an Easy Read title says "Easy Read".
    if inputs.profile == crate::kinds::Profile::LargePrint {
        title = format!("{}. {}", title.trim_end_matches('.'), content.words.large_print);
    }
    let subject = info.subject.as_ref().map(|s| {
        resolver.enter("the document subject".to_string(), "document.subject".to_string(), file.origin(&s.span()));
        resolver.plain(s, "document.subject")
    });
    let edition = Date::from_toml(info.date.get_ref()).ok_or_else(|| {
        file.error_at(&info.date.span(), "the edition date is not a calendar date")
            .key("document.date")
            .hint("write it as a TOML date, e.g. date = 2026-11-25")
    })?;
    resolver.problems.clone().into_result()?;

    let mut panels = layout.panels(&order, inputs.layout, content);
    let mut page = layout.page.clone();
    if crate::fonts::is_right_to_left(inputs.lang) {
        mirror(&mut panels, &mut page);
    }
    let flow = layout.flow(inputs.layout, &content.words.page_number)?;
    Ok(Document {
        meta: Meta {
            title,
            subject,
            keywords: info.keywords.clone(),
            author: inputs.region.name.clone(),
            lang: inputs.lang.to_string(),
            version: info.version.clone(),
            date: inputs.date.unwrap_or(edition),
            product: inputs.product.to_string(),
            variant: inputs.variant.to_string(),
            region: inputs.region.id.clone(),
            layout_file: inputs.layout.file.name.clone(),
            content_file: file.name.clone(),
            brand: inputs.region.brand.zip(inputs.region.brand_origin.clone()),
            chart: inputs.region.chart.clone(),
            translation: content
                .translation
                .as_ref()
                .map(|t| (*t.status.get_ref(), file.origin(&t.status.span()), t.from.get_ref().clone())),
        },
        sections,
        links: resolver.links,
        page,
        panels,
        flow,
        styles: layout.styles.clone(),
        places: resolver.places,
        leaf_places: resolver.leaf_places,
        glossary: Glossary { words: content.words.explain.clone(), means: content.words.means.clone() },
        slug_words: SlugWords { words: content.words.print.clone(), origin: file.start() },
        english_region_words: resolver.english_region_words,
    })
}

struct Resolver<'a> {
    file: &'a Arc<SourceFile>,
    region: &'a Region,
    pictograms: &'a Pictograms,
    layout: &'a ResolvedLayout,
    /// The blocks (and headings and the logo) leaves and links come from, for messages.
    places: Vec<Place>,
    /// The place of each leaf handed out so far, by leaf id.
    leaf_places: Vec<PlaceId>,
    links: Vec<Link>,
    problems: Errors,
    words: &'a load::Words,
    document: &'a load::DocumentInfo,
    sources: &'a std::collections::BTreeMap<String, Spanned<load::SourceDef>>,
    /// Source ids in order of first citation, for the sources list.
    cited: Vec<String>,
    /// The language of a region's words, when it differs from the document's.
    region_lang: Option<&'static str>,
    /// The document's language.
    lang: &'a str,
    /// Region words printed in English in another language's document, for a warning.
    english_region_words: Vec<(String, String, Origin)>,
}

impl Resolver<'_> {
    /// A new leaf, from the place being resolved.
    fn leaf(&mut self) -> LeafId {
        let id = LeafId(self.leaf_places.len() as u32);
        self.leaf_places.push(self.place());
        id
    }

    /// The place being resolved: leaves and links made from now on come from it.
    fn enter(&mut self, block: String, key: String, origin: Origin) {
        self.places.push(Place { block: block.into(), key, origin });
    }

    fn place(&self) -> PlaceId {
        // Every leaf is made inside a heading, block or logo, which `enter` has recorded.
        PlaceId(self.places.len().saturating_sub(1) as u32)
    }

    /// Words with a leaf of their own.
    fn run(&mut self, text: String, strong: bool, link: Option<LinkId>, wrap: Wrap) -> Run {
        Run { leaf: self.leaf(), text, strong, link, wrap, spoken: None, lang: None, region_value: None }
    }

    fn link(&mut self, uri: String, alt: String) -> LinkId {
        let id = LinkId(self.links.len() as u32);
        let place = self.place();
        self.links.push(Link { id, uri, alt, place });
        id
    }

    fn origin(&self, span: &Range<usize>) -> Origin {
        self.file.origin(span)
    }

    /// The origin of a byte offset inside a TOML string value (exact when the string has
    /// no escapes, else the start of the string).
    fn origin_in(&self, span: &Range<usize>, value: &str, offset: usize) -> Origin {
        let raw = self.file.text.get(span.clone()).unwrap_or("");
        let quote = raw.chars().next().map_or(0, char::len_utf8);
        let exact = raw.len() >= 2 * quote && raw.get(quote..raw.len() - quote) == Some(value);
        let at = if exact { span.start + quote + offset } else { span.start };
        self.origin(&(at..at))
    }

    fn section(&mut self, section: &load::Section, span: &Range<usize>, index: usize) -> Section {
        let key = format!("section[{index}]");
        let heading = section.heading.as_ref().map(|h| {
            self.enter(
                format!("the heading of section \"{}\"", section.id),
                format!("{key}.heading"),
                self.origin(&h.span()),
            );
            let level = section.level.unwrap_or(2);
            let style = self.layout.heading_style(level);
            Heading { level, text: self.inline(h, &format!("{key}.heading")), style, origin: self.origin(&h.span()) }
        });
        let printed = self.printed_blocks(section, &key);
        let blocks = section
            .blocks
            .iter()
            .enumerate()
            .filter(|(b, _)| printed[*b])
            .filter_map(|(b, block)| {
                self.block(block.get_ref(), &block.span(), &section.id, &format!("{key}.block[{b}]"), b + 1)
            })
            .collect();
        Section { id: section.id.clone(), heading, blocks, origin: self.origin(span) }
    }

    fn block(
        &mut self,
        block: &load::Block,
        span: &Range<usize>,
        section: &str,
        key: &str,
        number: usize,
    ) -> Option<Block> {
        let kind = block.kind();
        // Point at the block's words rather than its [[section.block]] header.
        let main = match kind {
            BlockKind::Text => block.text.as_ref().map(Spanned::span),
            BlockKind::Lines => block.lines.as_ref().and_then(|l| l.first()).map(Spanned::span),
            BlockKind::Heading => block.heading.as_ref().map(Spanned::span),
            BlockKind::List => block.list.as_ref().and_then(|l| l.first()).map(Spanned::span),
            BlockKind::Contacts => block.contacts.as_ref().and_then(|c| c.first()).map(Spanned::span),
            BlockKind::Statistic => block.statistic.as_ref().map(Spanned::span),
            BlockKind::Chart => block.chart.as_ref().map(Spanned::span),
            BlockKind::Masthead | BlockKind::SourceList => None,
        };
        let origin = self.origin(main.as_ref().unwrap_or(span));
        let kind_name = match kind {
            BlockKind::Text => "text",
            BlockKind::Lines => "lines",
            BlockKind::Heading => "heading",
            BlockKind::List => "list",
            BlockKind::Contacts => "contacts",
            BlockKind::Masthead => "masthead",
            BlockKind::Statistic => "statistic",
            BlockKind::Chart => "chart",
            BlockKind::SourceList => "sources",
        };
        let name = format!("section \"{section}\", block {number} ({kind_name})");
        self.enter(name.clone(), key.to_string(), origin.clone());
        let default_style = match kind {
            BlockKind::Text | BlockKind::Lines => "body".to_string(),
            BlockKind::Heading => format!("h{}", block.level.unwrap_or(3)),
            BlockKind::List => self.layout.first_style(&["list", "body"]),
            BlockKind::Contacts => {
                self.needs_figure_styles(kind, &origin, &name)?;
                "body".to_string()
            }
            BlockKind::Masthead => self.layout.first_style(&["masthead", "h3"]),
            BlockKind::Statistic | BlockKind::Chart | BlockKind::SourceList => {
                self.needs_figure_styles(kind, &origin, &name)?
            }
        };
        let style = match &block.style {
            Some(style) => match self.layout.style(style.get_ref()) {
                Some(id) => id,
                None => {
                    let known = self.layout.style_names();
                    let hint = match suggest(style.get_ref(), known.iter().map(String::as_str)) {
                        Some(close) => format!("did you mean `{close}`? The layout defines: {}", known.join(", ")),
                        None => format!("the layout defines: {}", known.join(", ")),
                    };
                    self.problems.push(
                        self.file
                            .error_at(&style.span(), format!("unknown style `{}`", style.get_ref()))
                            .key(format!("{key}.style"))
                            .hint(hint),
                    );
                    return None;
                }
            },
            None => self.layout.style(&default_style)?,
        };
        let picture = match (&block.icon, &block.alt) {
            (Some(icon), Some(alt)) => {
                self.icon(icon, Alt::Text(alt.get_ref().trim().to_string()), &format!("{key}.icon"))
            }
            (Some(icon), None) if block.decorative => self.icon(icon, Alt::Decorative, &format!("{key}.icon")),
            _ => None,
        };
        if block.source.is_none() && block.sources.is_none() {
            match kind {
                BlockKind::Text => block.text.iter().for_each(|text| self.unsourced_figure(text, key)),
                BlockKind::Lines => block.lines.iter().flatten().for_each(|text| self.unsourced_figure(text, key)),
                _ => {}
            }
        }
        let citation = self.citation(block);
        let content = match kind {
            BlockKind::Text => BlockContent::Paragraph(self.inline(block.text.as_ref()?, &format!("{key}.text"))),
            BlockKind::Lines => {
                let lines = block.lines.as_ref()?.iter().enumerate();
                BlockContent::Lines(lines.map(|(i, line)| self.inline(line, &format!("{key}.lines[{i}]"))).collect())
            }
            BlockKind::Heading => {
                let text = block.heading.as_ref()?;
                let level = block.level.unwrap_or(3);
                BlockContent::Heading(Heading {
                    level,
                    text: self.inline(text, &format!("{key}.heading")),
                    style,
                    origin: self.origin(&text.span()),
                })
            }
            BlockKind::List => {
                let bullet = self.layout.styles.list_bullet.clone();
                let items = block.list.as_ref()?.iter().enumerate().map(|(i, item)| {
                    let label = Leaf { id: self.leaf(), text: bullet.clone() };
                    ListItem { label, body: self.inline(item, &format!("{key}.list[{i}]")) }
                });
                BlockContent::List(items.collect())
            }
            BlockKind::Contacts => {
                let mut cards = Vec::new();
                for (c, entry) in block.contacts.as_ref()?.iter().enumerate() {
                    self.contact(entry.get_ref(), &format!("{key}.contacts[{c}]"), &mut cards);
                }
                // Every card was optional and empty for this region: no block at all.
                if cards.is_empty() {
                    return None;
                }
                BlockContent::Contacts(cards)
            }
            BlockKind::Masthead => self.masthead(),
            BlockKind::Statistic => self.statistic(block, key)?,
            BlockKind::Chart => self.chart(block, key)?,
            BlockKind::SourceList => BlockContent::SourceList(Vec::new()),
        };
        Some(Block { content, style, picture, citation, origin, name })
    }

    fn contact(&mut self, entry: &load::ContactEntry, key: &str, cards: &mut Vec<ContactCard>) {
        if entry.local {
            for (index, line) in self.region.local.clone().into_iter().enumerate() {
                let at = format!("contact.local[{index}]");
                let label = self.region_words(&line.label, &format!("{at}.label"), false, false);
                let note = line
                    .hours
                    .as_ref()
                    .map(|h| Inline { runs: vec![self.region_words(h, &format!("{at}.hours"), false, false)] });
                // The description is read aloud, so the number in it is spoken too.
                let spoken = line.number.spoken();
                let number = if line.text {
                    // A text line opens the messaging app, so it is announced as one. Its
                    // label often starts with the verb already ("Text British Transport
                    // Police"): then the template's words before the name are not repeated.
                    let template = &self.words.links.text;
                    let lead = template.split("{service}").next().unwrap_or("");
                    let who = label.text.strip_prefix(lead).filter(|_| !lead.is_empty()).unwrap_or(&label.text);
                    let alt = fill(template, &[("service", who), ("number", &spoken)]);
                    let link = self.link(line.number.sms_uri(), alt);
                    let run = self.run(line.number.display.clone(), false, Some(link), Wrap::Never);
                    Run { spoken: Some(spoken), ..run }
                } else {
                    let alt = fill(&self.words.links.call, &[("service", &label.text), ("number", &spoken)]);
                    self.phone_run(&line.number, alt)
                };
                cards.push(ContactCard {
                    label: Inline { runs: vec![label] },
                    number: Some(Inline { runs: vec![number] }),
                    note,
                    region_value: Some((line.origin.clone(), at)),
                });
            }
            return;
        }
        let Some(label) = &entry.label else { return };
        // An optional card hangs on its value: the number, or the note of a card without one.
        let value = entry.number.as_ref().or(entry.note.as_ref());
        if entry.optional && value.is_some_and(|v| self.placeholder_is_empty(v.get_ref())) {
            return;
        }
        let number_inline = entry.number.as_ref().map(|number| {
            let inline = self.inline(number, &format!("{key}.number"));
            if !inline.runs.iter().any(|r| r.link.is_some()) {
                self.problems.push(
                    self.file
                        .error_at(&number.span(), "a contact's `number` must be a phone or web placeholder")
                        .key(format!("{key}.number"))
                        .hint("write e.g. number = \"{contact.non_emergency}\"; the numbers live in the region file"),
                );
            }
            inline
        });
        // A card printing a text the force's own file sets (whom its textphone reaches,
        // its email) is the region's doing if it overflows: name that line and key.
        let region_value =
            [Some(label), entry.number.as_ref(), entry.note.as_ref()].into_iter().flatten().find_map(|text| {
                self.region
                    .own_values
                    .iter()
                    .find(|(name, _)| text.get_ref().contains(&format!("{{{name}}}")))
                    .map(|(name, at)| (at.clone(), name.clone()))
            });
        cards.push(ContactCard {
            label: self.inline(label, &format!("{key}.label")),
            number: number_inline,
            note: entry.note.as_ref().map(|n| self.inline(n, &format!("{key}.note"))),
            region_value,
        });
    }

    /// The block style for a block that needs its own group of layout styles (figures,
    /// charts, contact cards), or an error when the layout does not define them.
    fn needs_figure_styles(&mut self, kind: BlockKind, origin: &Origin, name: &str) -> Option<String> {
        let styles = &self.layout.styles;
        let (available, what) = match kind {
            BlockKind::Chart => (styles.charts.is_some(), "a [charts] table"),
            BlockKind::Contacts => (
                styles.contacts.is_some(),
                "the contact styles (contact-label, contact-number and contact-note unless renamed in [contacts])",
            ),
            _ => (
                styles.figures.is_some(),
                "the [figures] styles (figure-value, figure-label and source-note unless renamed)",
            ),
        };
        if !available {
            self.problems.push(
                Diagnostic::error(format!("{name} needs {what}, which the layout does not define"))
                    .at(origin)
                    .hint("add them to the layout, or use this content with a layout made for figures"),
            );
            return None;
        }
        let figures = styles.figures;
        let charts = styles.charts.as_ref();
        let id = match kind {
            BlockKind::Contacts => styles.contacts.map(|c| c.label),
            BlockKind::Chart => charts.map(|c| c.caption),
            BlockKind::Statistic => figures.map(|f| f.label),
            _ => figures.map(|f| f.note),
        }?;
        Some(styles.get(id).name.clone())
    }

    /// The force's logo with its name set in type, or the name alone where it has none.
    fn masthead(&mut self) -> BlockContent {
        let name = self.region_inline(&self.region.name.clone(), "force.name");
        let Some(logo) = self.region.logo.clone() else {
            return BlockContent::ForceName(name);
        };
        // The logo comes from the region file: messages about it point there.
        self.enter("the force's logo".to_string(), "logo.file".to_string(), logo.origin.clone());
        let (width, height) = logo_size(self.layout.logo_height, logo.pixels.width(), logo.pixels.height());
        let picture = Picture {
            leaf: self.leaf(),
            alt: Alt::Text(logo.alt.clone()),
            source: PictureSource::Raster(logo.pixels.clone()),
            width,
            height,
        };
        BlockContent::Logo(picture, logo.origin.clone(), name)
    }

    fn icon(&mut self, icon: &Spanned<String>, alt: Alt, key: &str) -> Option<Picture> {
        let name = icon.get_ref();
        match self.pictograms.get(name) {
            Some(Ok(tree)) => Some(Picture {
                leaf: self.leaf(),
                alt,
                source: PictureSource::Svg { tree: tree.clone(), colour: self.layout.picture_colour },
                width: self.layout.picture_size,
                height: self.layout.picture_size,
            }),
            Some(Err(PictogramProblem::Invalid { file, why })) => {
                self.problems.push(
                    self.file
                        .error_at(&icon.span(), format!("the icon `{file}` {why}"))
                        .key(key.to_string())
                        .hint("open it in an SVG editor and save it again as plain SVG"),
                );
                None
            }
            Some(Err(PictogramProblem::Missing { known })) => {
                self.problems.push(
                    self.file
                        .error_at(
                            &icon.span(),
                            format!("there is no icon `{name}` (assets/icons/{name}.svg is missing)"),
                        )
                        .key(key.to_string())
                        .hint(match suggest(name, known.iter().map(String::as_str)) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => "icons are SVG files in assets/icons/; give the name without .svg".to_string(),
                        }),
                );
                None
            }
            None => {
                self.problems.push(
                    Diagnostic::error(format!("the icon `{name}` was not loaded before resolving"))
                        .at(&self.origin(&icon.span()))
                        .hint("this is a bug in handout; please report it"),
                );
                None
            }
        }
    }

    /// A run of literal text with no markup.
    fn plain_inline(&mut self, text: &str) -> Inline {
        Inline { runs: vec![self.run(text.to_string(), false, None, Wrap::Words)] }
    }

    /// Words from the region file (its value at `key`), in the region's language.
    fn region_inline(&mut self, text: &str, key: &str) -> Inline {
        let mut inline = self.plain_inline(text);
        let own = self.own_value(key);
        for run in &mut inline.runs {
            run.lang = self.region_lang.map(str::to_string);
            run.region_value = own.clone();
        }
        inline
    }

    /// Region words in the document's language, or the English ones (tagged as English)
    /// where the region file does not give them in it. English standing in for words is
    /// recorded for a warning; for a name (`name`, the force's short name) only when the
    /// file gives it in other languages, since a force's name is often English in all.
    fn region_words(&mut self, words: &RegionWords, key: &str, strong: bool, name: bool) -> Run {
        let chosen = words.for_language(self.lang);
        let mut run = self.run(chosen.text.to_string(), strong, None, Wrap::Words);
        if chosen.english_stands_in {
            run.lang = self.region_lang.map(str::to_string);
            let known = self.english_region_words.iter().any(|(k, _, origin)| k == key && *origin == words.origin);
            if (!name || !words.translated.is_empty()) && !known {
                self.english_region_words.push((key.to_string(), words.english.clone(), words.origin.clone()));
            }
        }
        run
    }

    /// A phone number: printed whole, linked, and spoken digit by digit.
    fn phone_run(&mut self, number: &crate::phone::PhoneNumber, alt: String) -> Run {
        let link = self.link(number.uri(), alt);
        Run { spoken: Some(number.spoken()), ..self.run(number.display.clone(), false, Some(link), Wrap::Never) }
    }

    /// Parse markup and fill placeholders, reporting problems at their place in the file.
    fn inline(&mut self, text: &Spanned<String>, key: &str) -> Inline {
        let value = text.get_ref();
        let pieces = match markup::parse(value) {
            Ok(pieces) => pieces,
            Err((offset, why)) => {
                let origin = self.origin_in(&text.span(), value, offset);
                self.problems.push(
                    Diagnostic::error(why)
                        .at(&origin)
                        .key(key.to_string())
                        .hint("write \\\\ before a character to print it as it is"),
                );
                return Inline::default();
            }
        };
        let mut runs = Vec::new();
        for piece in pieces {
            match piece {
                markup::Piece::Text { text, strong } => {
                    runs.push(self.run(text, strong, None, Wrap::Words));
                }
                markup::Piece::Link { label, target, strong } => {
                    if !(target.starts_with("https://") || target.starts_with("tel:") || target.starts_with("mailto:"))
                    {
                        let origin = self.origin_in(&text.span(), value, 0);
                        self.problems.push(
                            Diagnostic::error(format!("the link address `{target}` is not https:, tel: or mailto:"))
                                .at(&origin)
                                .key(key.to_string())
                                .hint("write the full address, e.g. [our website](https://www.example.police.uk)"),
                        );
                        continue;
                    }
                    let link = self.link(target.clone(), format!("{label} ({target})"));
                    runs.push(self.run(label, strong, Some(link), Wrap::Words));
                }
                markup::Piece::Foreign { text: words, lang, strong, offset } => {
                    if !crate::check::is_language_tag(&lang) {
                        let origin = self.origin_in(&text.span(), value, offset);
                        self.problems.push(
                            Diagnostic::error(format!("`{lang}` is not a language tag"))
                                .at(&origin)
                                .key(key.to_string())
                                .hint("write a tag as the content files name languages, e.g. [Relay UK]{lang=en-GB}"),
                        );
                        continue;
                    }
                    let mut run = self.run(words, strong, None, Wrap::Words);
                    run.lang = Some(lang);
                    runs.push(run);
                }
                markup::Piece::Placeholder { name, strong, offset } => {
                    let before = runs.len();
                    match self.placeholder(&name) {
                        Lookup::Found(Value::Words(words)) => {
                            let run = self.region_words(&words, &name, strong, name == "force.short_name");
                            runs.push(run);
                        }
                        Lookup::Found(Value::Text(t)) => {
                            let mut run = self.run(t, strong, None, Wrap::Words);
                            if placeholders::provider_of(&name) == Provider::Region {
                                run.lang = self.region_lang.map(str::to_string);
                            }
                            runs.push(run);
                        }
                        Lookup::Found(Value::Phone { number, alt }) => {
                            let mut run = self.phone_run(&number, alt);
                            run.strong = strong;
                            runs.push(run);
                        }
                        Lookup::Found(Value::Email { address, alt }) => {
                            let link = self.link(format!("mailto:{address}"), alt);
                            runs.push(self.run(address, strong, Some(link), Wrap::Address));
                        }
                        Lookup::Found(Value::Web { site, alt }) => {
                            let link = self.link(site.url.clone(), alt);
                            runs.push(self.run(site.display, strong, Some(link), Wrap::Address));
                        }
                        missing => {
                            let origin = self.origin_in(&text.span(), value, offset);
                            self.problems
                                .push(self.missing_placeholder(&name, missing).at(&origin).key(key.to_string()));
                        }
                    }
                    let own = self.own_value(&name);
                    for run in &mut runs[before..] {
                        run.region_value = own.clone();
                    }
                }
            }
        }
        Inline { runs }
    }

    /// Where the force's own file writes the value of placeholder `name`, if it does.
    fn own_value(&self, name: &str) -> Option<(Origin, String)> {
        let (_, origin) = self.region.own_values.iter().find(|(key, _)| key == name)?;
        Some((origin.clone(), name.to_string()))
    }

    /// The value of `{name}` for this document.
    fn placeholder(&self, name: &str) -> Lookup {
        placeholders::lookup(
            name,
            &Sources { region: self.region, words: self.words, document: self.document, lang: self.lang },
        )
    }

    /// Why `{name}` has no value, with a hint: misspelt, unknown, or not set for this region.
    fn missing_placeholder(&self, name: &str, lookup: Lookup) -> Diagnostic {
        if placeholders::provider_of(name) == Provider::Document {
            return Diagnostic::error(format!("unknown placeholder `{{{name}}}`")).hint(format!(
                "document placeholders are {}",
                placeholders::names(Provider::Document).map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(" and ")
            ));
        }
        let known: Vec<&str> = placeholders::names(Provider::Region).collect();
        let hint = match suggest(name, known.iter().copied()) {
            Some(close) => format!("did you mean `{{{close}}}`?"),
            None if matches!(name, "force.website" | "force.email") => {
                "this region has no value for it; set it in the region file".to_string()
            }
            None => {
                format!("placeholders are: {}", known.iter().map(|k| format!("{{{k}}}")).collect::<Vec<_>>().join(", "))
            }
        };
        let why = match lookup {
            Lookup::Empty => format!("the placeholder `{{{name}}}` has no value in region `{}`", self.region.id),
            _ => format!("unknown placeholder `{{{name}}}`"),
        };
        Diagnostic::error(why).hint(hint)
    }

    /// True when `text` is a single placeholder the region has no value for.
    fn placeholder_is_empty(&self, text: &str) -> bool {
        match markup::parse(text).as_deref() {
            Ok([markup::Piece::Placeholder { name, .. }]) => !matches!(self.placeholder(name), Lookup::Found(_)),
            _ => false,
        }
    }

    /// Plain text (titles, metadata): placeholders filled, bold and links reduced to their words.
    fn plain(&mut self, text: &Spanned<String>, key: &str) -> String {
        self.inline(text, key).plain_text()
    }
}

/// A right-to-left document's sheet is the mirror image of the layout: panels and folds
/// swap sides, so the cover is the outside's left panel and the inside is read from the
/// right. The reading order (and so the tag order) is the layout's, unchanged.
fn mirror(panels: &mut [Panel], page: &mut PageGeometry) {
    let width = page.trim_width;
    let flip = |rect: crate::units::Rect| {
        crate::units::Rect::new(width - rect.x - rect.width, rect.y, rect.width, rect.height)
    };
    for panel in panels {
        panel.frame = flip(panel.frame);
        panel.content = flip(panel.content);
    }
    for folds in &mut page.folds {
        for fold in folds.iter_mut() {
            *fold = width - *fold;
        }
        folds.reverse();
    }
}

/// Every section id, for errors that list them.
pub(crate) fn section_ids(content: &Content) -> HashMap<&str, usize> {
    content.sections.iter().enumerate().map(|(i, s)| (s.get_ref().id.as_str(), i)).collect()
}

pub(crate) use crate::load::logo::printed_size as logo_size;
