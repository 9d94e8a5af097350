//! Reading an ICC profile's header and description: enough to tell what a profile is for
//! (device class, colour space, version) without a colour engine. The press profiles are
//! checked with it when they are chosen, and the preflight uses it on the profile a PDF's
//! output intent embeds.

use std::fmt;

/// What an ICC profile says about itself (ICC.1:2001-04 and ICC.1:2022, clause 7.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IccHeader {
    /// The profile's own length in bytes, as its header states.
    pub size: u32,
    /// Device class: `prtr` (output), `mntr` (display), `scnr` (input), `link`, ...
    pub class: String,
    /// Data colour space: `CMYK`, `RGB `, `GRAY`, ...
    pub colour_space: String,
    /// Profile connection space: `Lab ` or `XYZ `.
    pub connection_space: String,
    /// Major and minor version (2.2, 4.3, ...).
    pub version: (u8, u8),
    /// The `desc` tag's text, when it has one that can be read.
    pub description: Option<String>,
}

impl IccHeader {
    /// Read the header of `bytes`; an error says in words what is wrong.
    pub fn parse(bytes: &[u8]) -> Result<IccHeader, String> {
        if bytes.len() < 132 {
            return Err(format!("{} bytes is too short for an ICC profile (at least 132)", bytes.len()));
        }
        if &bytes[36..40] != b"acsp" {
            return Err("it does not carry the ICC signature `acsp` at byte 36".to_string());
        }
        let size = be32(bytes, 0);
        if size as usize != bytes.len() {
            return Err(format!("its header says {size} bytes but it has {}", bytes.len()));
        }
        let text = |range: std::ops::Range<usize>| String::from_utf8_lossy(&bytes[range]).into_owned();
        Ok(IccHeader {
            size,
            class: text(12..16),
            colour_space: text(16..20),
            connection_space: text(20..24),
            version: (bytes[8], bytes[9] >> 4),
            description: description(bytes),
        })
    }

    /// Colour channels of the data colour space, for the spaces a printing profile uses.
    pub(crate) fn channels(&self) -> Option<u8> {
        match self.colour_space.as_str() {
            "GRAY" => Some(1),
            "RGB " | "Lab " => Some(3),
            "CMYK" => Some(4),
            _ => None,
        }
    }

    /// An output (printer) profile for CMYK, which is what a PDF/X output intent for a
    /// CMYK press must embed.
    pub fn is_cmyk_output(&self) -> bool {
        self.class == "prtr" && self.colour_space == "CMYK"
    }
}

impl fmt::Display for IccHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.class.as_str() {
            "prtr" => "output (prtr)",
            "mntr" => "display (mntr)",
            "scnr" => "input (scnr)",
            "link" => "device link",
            "spac" => "colour space",
            "abst" => "abstract",
            "nmcl" => "named colour",
            _ => "unknown class",
        };
        write!(f, "{} {class} profile, ICC {}.{}", self.colour_space.trim(), self.version.0, self.version.1)?;
        if let Some(description) = &self.description {
            write!(f, ", \"{description}\"")?;
        }
        Ok(())
    }
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// The profile description: a version 2 `desc` (textDescriptionType: a counted ASCII
/// string) or a version 4 `mluc` (UTF-16BE records; the first is taken).
fn description(bytes: &[u8]) -> Option<String> {
    let count = be32(bytes, 128) as usize;
    (0..count.min(1024)).find_map(|i| {
        let entry = 132 + i * 12;
        let tag = bytes.get(entry..entry + 12)?;
        if &tag[0..4] != b"desc" {
            return None;
        }
        let (offset, size) = (be32(tag, 4) as usize, be32(tag, 8) as usize);
        let data = bytes.get(offset..offset.checked_add(size)?)?;
        match data.get(0..4)? {
            b"desc" => {
                let length = be32(data.get(0..12)?, 8) as usize;
                let text = data.get(12..12usize.checked_add(length)?)?;
                Some(String::from_utf8_lossy(text).trim_end_matches('\0').to_string())
            }
            b"mluc" => {
                let record_size = be32(data.get(0..16)?, 12) as usize;
                (record_size >= 12).then_some(())?;
                let record = data.get(16..28)?;
                let (length, at) = (be32(record, 4) as usize, be32(record, 8) as usize);
                let text = data.get(at..at.checked_add(length)?)?;
                let units: Vec<u16> = text.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                Some(String::from_utf16_lossy(&units))
            }
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_or_foreign_file_is_not_a_profile() {
        assert!(IccHeader::parse(b"not a profile").unwrap_err().contains("too short"));
        assert!(IccHeader::parse(&[0u8; 200]).unwrap_err().contains("acsp"));
    }
}
