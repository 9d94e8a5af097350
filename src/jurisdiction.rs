//! The UK's three legal jurisdictions. The law on trafficking and the duties of public
//! bodies differ between them, so a region says which it polices and content can give a
//! block for each (see `docs/design.md`, "Jurisdictions").

use std::fmt;

use serde::Deserialize;

/// One jurisdiction, as region and content files write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Jurisdiction {
    /// England and Wales share one criminal law (the Modern Slavery Act 2015).
    EnglandWales,
    Scotland,
    NorthernIreland,
}

impl Jurisdiction {
    pub(crate) const ALL: [Jurisdiction; 3] =
        [Jurisdiction::EnglandWales, Jurisdiction::Scotland, Jurisdiction::NorthernIreland];

    /// How files write it: `england-wales`, `scotland`, `northern-ireland`.
    pub fn id(self) -> &'static str {
        match self {
            Jurisdiction::EnglandWales => "england-wales",
            Jurisdiction::Scotland => "scotland",
            Jurisdiction::NorthernIreland => "northern-ireland",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Jurisdiction::EnglandWales => 1,
            Jurisdiction::Scotland => 2,
            Jurisdiction::NorthernIreland => 4,
        }
    }
}

/// A set of jurisdictions: where a force works, or where a statement is true.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Jurisdictions(u8);

impl Jurisdictions {
    /// All three: the whole UK.
    pub(crate) const ALL: Jurisdictions = Jurisdictions(7);

    pub fn contains(self, jurisdiction: Jurisdiction) -> bool {
        self.0 & jurisdiction.bit() != 0
    }

    /// True when every jurisdiction of `other` is also in `self`: a statement true in
    /// `self` is true wherever `other` reaches.
    pub(crate) fn covers(self, other: Jurisdictions) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Jurisdiction> {
        Jurisdiction::ALL.into_iter().filter(move |j| self.contains(*j))
    }
}

impl FromIterator<Jurisdiction> for Jurisdictions {
    fn from_iter<I: IntoIterator<Item = Jurisdiction>>(items: I) -> Jurisdictions {
        Jurisdictions(items.into_iter().fold(0, |bits, j| bits | j.bit()))
    }
}

/// As files write them: `england-wales, scotland`.
impl fmt::Display for Jurisdictions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.iter().map(Jurisdiction::id).collect();
        f.write_str(&ids.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_covers_its_subsets_only() {
        let btp: Jurisdictions = [Jurisdiction::EnglandWales, Jurisdiction::Scotland].into_iter().collect();
        let scotland: Jurisdictions = [Jurisdiction::Scotland].into_iter().collect();
        let ni: Jurisdictions = [Jurisdiction::NorthernIreland].into_iter().collect();
        assert!(btp.covers(scotland) && !scotland.covers(btp));
        assert!(!btp.covers(ni));
        assert!(Jurisdictions::ALL.covers(btp));
        assert_eq!(btp.len(), 2);
        assert_eq!(btp.to_string(), "england-wales, scotland");
    }
}
