//! A zip archive of stored (uncompressed) files, for the force's "everything" download.
//! PDFs are already deflated inside, so storing them costs a few bytes and keeps this to
//! the two headers per file and the end record the format needs (PKWARE APPNOTE 6.3.x,
//! sections 4.3.7, 4.3.12 and 4.3.16). Every file carries the same fixed date, so the same
//! inputs give the same bytes.

use handout::date::Date;

/// One file in the archive: its path inside (with `/` between folders) and its bytes.
pub struct Entry {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The archive's bytes. Sizes past 4 GiB or 65535 files (Zip64) are refused, not truncated.
pub fn stored(entries: &[Entry], date: Date) -> Result<Vec<u8>, String> {
    if entries.len() > usize::from(u16::MAX) {
        return Err(format!("{} files are too many for one zip", entries.len()));
    }
    let (dos_time, dos_date) = dos(date);
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = small(out.len(), "the zip")?;
        let size = small(entry.bytes.len(), &entry.path)?;
        let name = entry.path.as_bytes();
        let name_len = u16::try_from(name.len()).map_err(|_| format!("the name {} is too long", entry.path))?;
        let crc = {
            let mut crc = flate2::Crc::new();
            crc.update(&entry.bytes);
            crc.sum()
        };
        // Fields common to the local header and the central directory's record, from
        // "version needed" to the name's length: 1.0 (stored), flag bit 11 (the name is
        // UTF-8), method 0 (stored), time, date, CRC-32, both sizes.
        let mut common = Vec::with_capacity(26);
        for half in [10u16, 1 << 11, 0, dos_time, dos_date] {
            common.extend_from_slice(&half.to_le_bytes());
        }
        for word in [crc, size, size] {
            common.extend_from_slice(&word.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());

        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        out.extend_from_slice(name);
        out.extend_from_slice(&entry.bytes);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&(0x0300u16 | 10).to_le_bytes()); // made by: Unix, 1.0
        central.extend_from_slice(&common);
        // Extra field, comment, disk number, internal attributes: none.
        for half in [0u16, 0, 0, 0] {
            central.extend_from_slice(&half.to_le_bytes());
        }
        // External attributes: a plain file, rw-r--r--.
        central.extend_from_slice(&((0o100644u32) << 16).to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let central_at = small(out.len(), "the zip")?;
    let central_len = small(central.len(), "the zip's directory")?;
    out.extend_from_slice(&central);
    let count = entries.len() as u16;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for half in [0u16, 0, count, count] {
        out.extend_from_slice(&half.to_le_bytes());
    }
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no comment
    small(out.len(), "the zip")?;
    Ok(out)
}

fn small(n: usize, what: &str) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| format!("{what} would pass 4 GiB, which a plain zip cannot hold"))
}

/// MS-DOS time and date (two-second steps, years from 1980).
fn dos(date: Date) -> (u16, u16) {
    let time = (u16::from(date.hour) << 11) | (u16::from(date.minute) << 5) | u16::from(date.second / 2);
    let year = date.year.clamp(1980, 2107) - 1980;
    (time, (year << 9) | (u16::from(date.month) << 5) | u16::from(date.day))
}
