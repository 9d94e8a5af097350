//! Choosing blocks by jurisdiction. A block with `jurisdictions` is printed only for a
//! region whose every jurisdiction it lists (a statement must be true everywhere the
//! force works). Blocks of a section that share a `one_of` are versions of one statement:
//! the version printed is the one true in the fewest jurisdictions that still covers the
//! region, so a Scottish force gets the Scottish version and British Transport Police
//! (England, Wales and Scotland) the version that is true in both.

use std::collections::BTreeMap;

use super::Resolver;
use crate::error::Diagnostic;
use crate::load;

impl Resolver<'_> {
    /// For each block of `section`, whether it is printed for this region. A `one_of`
    /// group with no version for the region, or two equally close ones, is an error.
    pub(super) fn printed_blocks(&mut self, section: &load::Section, key: &str) -> Vec<bool> {
        let region = self.region.jurisdictions;
        let mut printed: Vec<bool> =
            section.blocks.iter().map(|block| block.get_ref().true_in().covers(region)).collect();
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (b, block) in section.blocks.iter().enumerate() {
            if let Some(id) = &block.get_ref().one_of {
                groups.entry(id.get_ref().as_str()).or_default().push(b);
            }
        }
        for (id, members) in groups {
            let fits: Vec<usize> = members.iter().copied().filter(|&b| printed[b]).collect();
            let closest = fits.iter().map(|&b| section.blocks[b].get_ref().true_in().len()).min();
            let chosen: Vec<usize> = fits
                .iter()
                .copied()
                .filter(|&b| Some(section.blocks[b].get_ref().true_in().len()) == closest)
                .collect();
            for &b in &members {
                printed[b] = chosen.len() == 1 && chosen[0] == b;
            }
            let first = section.blocks[members[0]].get_ref().one_of.as_ref().map(|id| id.span()).unwrap_or_default();
            let at = self.origin(&first);
            let where_ = format!("region `{}` ({region})", self.region.id);
            match chosen.as_slice() {
                [_] => {}
                [] => self.problems.push(
                    Diagnostic::error(format!(
                        "section \"{}\": no block of `one_of = \"{id}\"` is true everywhere {where_} works",
                        section.id
                    ))
                    .at(&at)
                    .key(format!("{key}.block[{}].one_of", members[0]))
                    .hint(format!(
                        "add a version whose `jurisdictions` include {region}, or one without `jurisdictions` that says where each part applies"
                    )),
                ),
                [a, b, ..] => self.problems.push(
                    Diagnostic::error(format!(
                        "section \"{}\": blocks {} and {} of `one_of = \"{id}\"` fit {where_} equally well",
                        section.id,
                        a + 1,
                        b + 1
                    ))
                    .at(&at)
                    .key(format!("{key}.block[{}].one_of", members[0]))
                    .hint(format!("add a version for exactly {region}, so one version fits it best")),
                ),
            }
        }
        printed
    }
}
