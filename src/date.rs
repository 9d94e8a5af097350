//! Dates, in one place: the date written into a PDF (from `SOURCE_DATE_EPOCH` or a content
//! file's edition date), publication dates as sources give them (a year, a month or a
//! day), and how each is written out: ISO 8601 for the manifest and slug, words for readers.

use crate::error::{Diagnostic, Result};

/// A UTC date and time: the date a PDF says it was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Date {
    /// The UTC calendar date and time of a Unix timestamp (Howard Hinnant's civil_from_days).
    pub(crate) fn from_unix(seconds: i64) -> Option<Date> {
        if !(0..=253_402_300_799).contains(&seconds) {
            return None;
        }
        let days = seconds.div_euclid(86_400);
        let time = seconds.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Some(Date {
            year,
            month,
            day,
            hour: (time / 3_600) as u8,
            minute: (time % 3_600 / 60) as u8,
            second: (time % 60) as u8,
        })
    }

    /// Midnight at the start of a TOML date (`date = 2026-11-25`); `None` for a time alone.
    pub(crate) fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        let date = value.date?;
        Some(Date { year: date.year, month: date.month, day: date.day, hour: 0, minute: 0, second: 0 })
    }

    /// `2026-11-25T12:00:00Z`, as the manifest writes dates.
    pub(crate) fn timestamp(self) -> String {
        let Date { year, month, day, hour, minute, second } = self;
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }

    /// `2026-11-25`, as the print slug writes the date.
    pub(crate) fn day_stamp(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The PDF date from `SOURCE_DATE_EPOCH` (seconds since 1970, UTC), if set.
pub(crate) fn source_date_epoch() -> Result<Option<Date>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else { return Ok(None) };
    let seconds: i64 = value.trim().parse().map_err(|_| {
        Diagnostic::error(format!("SOURCE_DATE_EPOCH is `{value}`, not a whole number of seconds"))
            .hint("set it to a Unix time, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
    })?;
    Date::from_unix(seconds).map(Some).ok_or_else(|| {
        Diagnostic::error(format!("SOURCE_DATE_EPOCH {seconds} is outside the years 1970 to 9999")).into()
    })
}

/// A publication date as sources give it: year, year and month, or a full date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// `"2026-02-19"`, `"2023-06"` or `"2023"`.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.trim().split('-');
        let year: u16 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let month: Option<u8> = match parts.next() {
            Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day: Option<u8> = match parts.next() {
            Some(d) => Some(d.parse().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The date in words, as precise as it is given: "19 February 2026", "February 2026"
    /// or "2026", with the month names of the content's language.
    pub fn in_words(self, months: &[String; 12]) -> String {
        let month = self.month.and_then(|m| months.get(usize::from(m).checked_sub(1)?));
        match (self.day, month) {
            (Some(day), Some(month)) => format!("{day} {month} {}", self.year),
            (None, Some(month)) => format!("{month} {}", self.year),
            _ => self.year.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_time_to_date() {
        assert_eq!(Date::from_unix(0), Some(Date { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 }));
        // 2026-11-25T18:33:57Z
        assert_eq!(
            Date::from_unix(1_795_631_637),
            Some(Date { year: 2026, month: 11, day: 25, hour: 18, minute: 33, second: 57 })
        );
        // A leap day.
        assert_eq!(Date::from_unix(951_782_400).map(|d| (d.year, d.month, d.day)), Some((2000, 2, 29)));
        assert_eq!(Date::from_unix(-1), None);
    }

    #[test]
    fn dates_are_written_in_iso_8601() {
        let date = Date::from_unix(1_795_631_637).unwrap();
        assert_eq!(date.timestamp(), "2026-11-25T18:33:57Z");
        assert_eq!(date.day_stamp(), "2026-11-25");
    }

    #[test]
    fn partial_dates_parse_and_read_as_precisely_as_given() {
        let months =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map(str::to_string);
        let words = |text: &str| PartialDate::parse(text).map(|d| d.in_words(&months));
        assert_eq!(words("2026-02-19").as_deref(), Some("19 Feb 2026"));
        assert_eq!(words("2023-06").as_deref(), Some("Jun 2023"));
        assert_eq!(words("2023").as_deref(), Some("2023"));
        for bad in ["23", "2023-13", "2023-02-32", "2023-01-01-01", "June 2023"] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }
}
