//! The tag tree and the outline, built by walking the document tree in reading order and
//! hanging on it the marked-content identifiers that drawing produced for each leaf.

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};
use krilla::tagging::{BBox, Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree};

use crate::compose::Composed;
use crate::resolve::{Alt, Block, BlockContent, Chart, Document, Heading, Inline, LeafId, LinkId, Picture, PlaceId};
use crate::units::Pt;

pub(super) struct Tagged {
    pub tree: TagTree,
    pub outline: Outline,
}

struct Builder<'a> {
    leaves: &'a HashMap<LeafId, Vec<Identifier>>,
    /// The place of each leaf, so a Figure krilla refuses names its block.
    leaf_places: &'a [PlaceId],
    annotations: &'a HashMap<LinkId, Vec<Identifier>>,
    composed: &'a Composed,
    offset: Pt,
    /// Links are `Link` elements holding their annotations; without (the print copy, which
    /// has no annotations) their words are plain text like the words around them.
    links: bool,
    /// Outline entries so far: (level, node).
    outline: Vec<(u8, OutlineNode)>,
}

pub(super) fn tag_tree(
    document: &Document,
    leaves: &HashMap<LeafId, Vec<Identifier>>,
    annotations: &HashMap<LinkId, Vec<Identifier>>,
    composed: &Composed,
    offset: Pt,
    links: bool,
) -> Tagged {
    let leaf_places = &document.leaf_places;
    let mut builder = Builder { leaves, leaf_places, annotations, composed, offset, links, outline: Vec::new() };
    let mut tree = TagTree::new().with_lang(Some(document.meta.lang.clone()));
    for section in &document.sections {
        let mut children = Vec::new();
        if let Some(heading) = &section.heading {
            children.push(builder.heading(heading));
        }
        for block in &section.blocks {
            children.extend(builder.block(block));
        }
        tree.push(group(Tag::Section, children));
    }
    Tagged { tree, outline: builder.into_outline() }
}

fn group(tag: impl Into<TagKind>, children: Vec<Node>) -> Node {
    TagGroup::with_children(tag, children).into()
}

impl Builder<'_> {
    /// krilla's location for a leaf: the place it comes from.
    fn location(&self, leaf: LeafId) -> Option<krilla::surface::Location> {
        self.leaf_places.get(leaf.0 as usize).map(|place| super::location(*place))
    }

    fn ids(&self, leaf: LeafId) -> Vec<Node> {
        self.leaves.get(&leaf).map(|ids| ids.iter().map(|id| Node::Leaf(*id)).collect()).unwrap_or_default()
    }

    /// Runs of text: plain runs as they are, phone numbers in a `Span` whose
    /// `/ActualText` says them digit by digit, bold runs in `Strong`, links in `Link` with
    /// their annotations after the link text (or as plain runs where there are no links:
    /// the print copy has none).
    fn inline(&self, inline: &Inline) -> Vec<Node> {
        let mut nodes = Vec::new();
        for run in &inline.runs {
            let mut content = self.ids(run.leaf);
            if let Some(spoken) = &run.spoken {
                content = vec![group(Tag::Span.with_actual_text(Some(spoken.clone())), content)];
            }
            if let Some(lang) = &run.lang {
                content = vec![group(Tag::Span.with_lang(Some(lang.clone())), content)];
            }
            if run.strong {
                content = vec![group(Tag::Strong, content)];
            }
            match run.link {
                Some(link) if self.links => {
                    let annotations = self.annotations.get(&link).map(Vec::as_slice).unwrap_or_default();
                    content.extend(annotations.iter().map(|id| Node::Leaf(*id)));
                    nodes.push(group(Tag::Link, content));
                }
                _ => nodes.extend(content),
            }
        }
        nodes
    }

    fn heading(&mut self, heading: &Heading) -> Node {
        let title = heading.text.plain_text();
        if let Some(first) = heading.text.runs.first()
            && let Some((page, rect)) = self.composed.leaf_boxes.get(&first.leaf)
        {
            let point = Point::from_xy((rect.x + self.offset).0, (rect.y + self.offset).0);
            let node = OutlineNode::new(title.clone(), XyzDestination::new(*page, point));
            self.outline.push((heading.level, node));
        }
        let level = NonZeroU16::new(u16::from(heading.level)).unwrap_or(NonZeroU16::MIN);
        group(Tag::Hn(level, Some(title)), self.inline(&heading.text))
    }

    /// A picture with alt text as a Figure; a decorative one is an artifact and not here.
    fn figure(&self, picture: &Picture) -> Option<Node> {
        let Alt::Text(alt) = &picture.alt else { return None };
        let bbox = self.composed.leaf_boxes.get(&picture.leaf).and_then(|(page, rect)| {
            super::krect(rect.translate(self.offset, self.offset)).ok().map(|r| BBox::new(*page, r))
        });
        let tag = Tag::Figure(Some(alt.clone())).with_bbox(bbox).with_location(self.location(picture.leaf));
        Some(group(tag, self.ids(picture.leaf)))
    }

    fn block(&mut self, block: &Block) -> Vec<Node> {
        let mut nodes = Vec::new();
        nodes.extend(block.picture.as_ref().and_then(|picture| self.figure(picture)));
        nodes.push(match &block.content {
            BlockContent::Heading(heading) => self.heading(heading),
            BlockContent::Paragraph(inline) | BlockContent::ForceName(inline) => group(Tag::P, self.inline(inline)),
            BlockContent::Lines(lines) => {
                nodes.extend(lines.iter().map(|line| group(Tag::P, self.inline(line))));
                return self.with_citation(nodes, block);
            }
            BlockContent::List(items) => {
                let items = items
                    .iter()
                    .map(|item| {
                        group(
                            Tag::LI,
                            vec![group(Tag::Lbl, self.ids(item.label.id)), group(Tag::LBody, self.inline(&item.body))],
                        )
                    })
                    .collect();
                group(Tag::L(ListNumbering::Disc), items)
            }
            BlockContent::Contacts(cards) => {
                let items = cards
                    .iter()
                    .map(|card| {
                        let body = std::iter::once(&card.label)
                            .chain(&card.number)
                            .chain(&card.note)
                            .map(|text| group(Tag::P, self.inline(text)))
                            .collect();
                        group(Tag::LI, vec![group(Tag::LBody, body)])
                    })
                    .collect();
                group(Tag::L(ListNumbering::None), items)
            }
            BlockContent::Logo(picture, _, name) => {
                nodes.extend(self.figure(picture));
                nodes.push(group(Tag::P, self.inline(name)));
                return self.with_citation(nodes, block);
            }
            BlockContent::Statistic(statistic) => {
                let mut content = vec![group(Tag::Strong, self.ids(statistic.value.id))];
                content.extend(self.inline(&statistic.label));
                group(Tag::P, content)
            }
            BlockContent::Chart(chart) => {
                nodes.extend(self.chart(chart));
                return self.with_citation(nodes, block);
            }
            BlockContent::SourceList(items) => {
                let items =
                    items.iter().map(|item| group(Tag::LI, vec![group(Tag::LBody, self.inline(item))])).collect();
                group(Tag::L(ListNumbering::None), items)
            }
        });
        self.with_citation(nodes, block)
    }

    fn with_citation(&self, mut nodes: Vec<Node>, block: &Block) -> Vec<Node> {
        if let Some(citation) = &block.citation {
            nodes.push(group(Tag::P, self.inline(citation)));
        }
        nodes
    }

    /// A chart is its caption, a Figure (the drawing, with alt text from the data) and a
    /// Table holding every label and value as text.
    fn chart(&self, chart: &Chart) -> Vec<Node> {
        let bbox = self.composed.leaf_boxes.get(&chart.figure).and_then(|(page, rect)| {
            super::krect(rect.translate(self.offset, self.offset)).ok().map(|r| BBox::new(*page, r))
        });
        let tag = Tag::Figure(Some(chart.alt.clone())).with_bbox(bbox).with_location(self.location(chart.figure));
        let figure = group(tag, self.ids(chart.figure));
        let mut rows = Vec::new();
        if let (Some(label), Some(value)) = (&chart.label_header, &chart.value_header) {
            rows.push(group(
                Tag::TR,
                vec![
                    group(Tag::TH(TableHeaderScope::Column), self.ids(label.id)),
                    group(Tag::TH(TableHeaderScope::Column), self.ids(value.id)),
                ],
            ));
        }
        for row in &chart.rows {
            rows.push(group(
                Tag::TR,
                vec![
                    group(Tag::TH(TableHeaderScope::Row), self.ids(row.label.id)),
                    group(Tag::TD, self.ids(row.value_text.id)),
                ],
            ));
        }
        vec![group(Tag::P, self.inline(&chart.caption)), figure, group(Tag::Table, rows)]
    }

    /// Bookmarks nest as the headings do: each under the nearest heading before it of a
    /// lower level (the cover title holds the sections, a section its sub-headings),
    /// all shown open.
    fn into_outline(self) -> Outline {
        let mut outline = Outline::new();
        // The open path from the top of the outline to the last bookmark added.
        let mut path: Vec<(u8, OutlineNode)> = Vec::new();
        let close = |path: &mut Vec<(u8, OutlineNode)>, outline: &mut Outline| {
            if let Some((_, node)) = path.pop() {
                match path.last_mut() {
                    Some((_, parent)) => parent.push_child(node),
                    None => outline.push_child(node),
                }
            }
        };
        for (level, node) in self.outline {
            while path.last().is_some_and(|(open, _)| *open >= level) {
                close(&mut path, &mut outline);
            }
            path.push((level, node.with_open(true)));
        }
        while !path.is_empty() {
            close(&mut path, &mut outline);
        }
        outline
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{Job, RegionSource};
    use crate::load::Definitions;
    use crate::session::{Checked, Session};

    fn checked(product: &str, variant: &str, region: &str) -> Checked {
        let session = Session::new(Definitions::embedded()).unwrap();
        let job = Job {
            product: product.to_string(),
            variant: variant.to_string(),
            region: RegionSource::Id(region.to_string()),
            lang: "en-GB".to_string(),
        };
        session.check(&job, &mut session.text_engine(), None).unwrap()
    }

    /// A node as `Tag(child, child...)`, leaves left out: the shape of the tree.
    fn shape(node: &Node) -> String {
        match node {
            Node::Leaf(_) => String::new(),
            Node::Group(group) => {
                let debug = format!("{:?}", group.tag);
                let name = debug.split(['(', ' ', '{']).next().unwrap_or("").to_string();
                let children: Vec<String> = group.children.iter().map(shape).filter(|s| !s.is_empty()).collect();
                if children.is_empty() { name } else { format!("{name}({})", children.join(", ")) }
            }
        }
    }

    /// The nodes of the first block whose content matches `want`.
    fn block_nodes(checked: &Checked, links: bool, want: fn(&BlockContent) -> bool) -> Vec<String> {
        let (leaves, annotations) = (HashMap::new(), HashMap::new());
        let mut builder = Builder {
            leaves: &leaves,
            leaf_places: &checked.document.leaf_places,
            annotations: &annotations,
            composed: &checked.composed,
            offset: Pt::ZERO,
            links,
            outline: Vec::new(),
        };
        let block = checked.document.sections.iter().flat_map(|s| &s.blocks).find(|b| want(&b.content)).unwrap();
        builder.block(block).iter().map(shape).collect()
    }

    #[test]
    fn a_list_is_items_each_with_a_label_and_a_body() {
        let checked = checked("leaflet", "standard", "uk");
        let nodes = block_nodes(&checked, true, |c| matches!(c, BlockContent::List(_)));
        assert_eq!(nodes.len(), 1);
        assert!(nodes[0].starts_with("L(LI(Lbl, LBody"), "{nodes:?}");
        let BlockContent::List(items) = &checked
            .document
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .find(|b| matches!(b.content, BlockContent::List(_)))
            .unwrap()
            .content
        else {
            unreachable!()
        };
        assert_eq!(nodes[0].matches("LI(").count(), items.len());
    }

    #[test]
    fn a_chart_is_its_caption_a_figure_and_a_table_of_every_value() {
        let checked = checked("infographic", "standard", "uk");
        let nodes = block_nodes(&checked, true, |c| matches!(c, BlockContent::Chart(c) if c.label_header.is_some()));
        assert_eq!(&nodes[..2], ["P", "Figure"], "{nodes:?}");
        assert!(nodes[2].starts_with("Table(TR(TH, TH), TR(TH, TD)"), "{nodes:?}");
    }

    #[test]
    fn links_are_link_elements_in_the_web_copy_and_plain_words_in_the_print_copy() {
        let checked = checked("leaflet", "standard", "uk");
        let contacts = |c: &BlockContent| matches!(c, BlockContent::Contacts(_));
        let web = block_nodes(&checked, true, contacts).join(" ");
        let print = block_nodes(&checked, false, contacts).join(" ");
        assert!(web.contains("Link"), "{web}");
        assert!(!print.contains("Link"), "{print}");
        // The spoken form of a number is a Span with /ActualText in both.
        assert!(web.contains("Span") && print.contains("Span"), "{web}\n{print}");
    }
}
