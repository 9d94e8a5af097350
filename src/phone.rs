//! UK telephone numbers: checked for the right length for their kind, printed grouped the
//! UK way, linked with a `tel:` URI. A number with a digit missing sends a caller nowhere,
//! so every number a leaflet prints passes through [`PhoneNumber::parse`].

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A validated UK number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneNumber {
    /// The digits in national form (a leading `+44` becomes `0`), no spaces.
    pub digits: String,
    /// How it is printed: the writer's grouping if they grouped it, else the UK grouping.
    pub display: String,
    pub kind: PhoneKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneKind {
    /// 999 or 112.
    Emergency,
    /// 101, the police non-emergency number.
    NonEmergency,
    /// Relay UK: 18000 (emergency) or 18001 before a number.
    Relay,
    /// A five-digit text (SMS) short code, such as British Transport Police's 61016.
    TextShortCode,
    /// 0800 and 0808 numbers, free to call.
    Freephone,
    /// Any other full national number (01, 02, 03, 07, 08...).
    National,
}

impl PhoneNumber {
    /// Check a number as written in a definition file.
    pub fn parse(text: &str) -> Result<PhoneNumber, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("the phone number is empty".to_string());
        }
        if let Some(bad) =
            trimmed.char_indices().find(|&(i, c)| !(c.is_ascii_digit() || c == ' ' || (c == '+' && i == 0)))
        {
            return Err(format!(
                "`{trimmed}` has a `{}`: a phone number may only hold digits, spaces and a leading +",
                bad.1
            ));
        }
        let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        if trimmed.starts_with('+') {
            match digits.strip_prefix("44") {
                Some(national) => digits = format!("0{national}"),
                None => return Err(format!("`{trimmed}` is not a UK number: only +44 numbers are allowed")),
            }
        }
        let kind = classify(&digits).map_err(|why| format!("`{trimmed}` {why}"))?;
        let groups: Vec<&str> = trimmed.split_whitespace().collect();
        let display = if groups.len() > 1 && !trimmed.starts_with('+') && readable_grouping(&groups) {
            groups.join(" ")
        } else {
            group(&digits)
        };
        Ok(PhoneNumber { digits, display, kind })
    }

    /// How a screen reader should say the number: digit by digit, the printed groups
    /// kept and parted by a comma ("08000 121 700" is "0 8 0 0 0, 1 2 1, 7 0 0"). Speech
    /// engines read a run of digits as a quantity ("nine hundred and ninety-nine"); single
    /// digits parted by spaces are read one by one, and a comma is a short pause, as a
    /// person reading the number aloud would make between its groups.
    pub fn spoken(&self) -> String {
        spoken_digits(&self.display)
    }

    /// The link target: `tel:` with the international form for full numbers, `sms:` for
    /// text short codes.
    pub fn uri(&self) -> String {
        match self.kind {
            PhoneKind::TextShortCode => format!("sms:{}", self.digits),
            PhoneKind::Freephone | PhoneKind::National => format!("tel:+44{}", &self.digits[1..]),
            PhoneKind::Emergency | PhoneKind::NonEmergency | PhoneKind::Relay => {
                format!("tel:{}", self.digits)
            }
        }
    }
}

impl PhoneNumber {
    /// The link target for sending a text message: `sms:` with the short code, or with
    /// the international form of a mobile number.
    pub(crate) fn sms_uri(&self) -> String {
        match self.kind {
            PhoneKind::Freephone | PhoneKind::National => format!("sms:+44{}", &self.digits[1..]),
            _ => format!("sms:{}", self.digits),
        }
    }
}

/// Digits said one by one, groups (parted by spaces in `grouped`) parted by commas.
pub(crate) fn spoken_digits(grouped: &str) -> String {
    let groups: Vec<String> =
        grouped.split_whitespace().map(|group| group.chars().map(String::from).collect::<Vec<_>>().join(" ")).collect();
    groups.join(", ")
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PhoneNumber, D::Error> {
        let text = String::deserialize(deserializer)?;
        PhoneNumber::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn classify(digits: &str) -> Result<PhoneKind, String> {
    match digits {
        "999" | "112" => return Ok(PhoneKind::Emergency),
        "101" => return Ok(PhoneKind::NonEmergency),
        "18000" => return Ok(PhoneKind::Relay),
        _ => {}
    }
    if let Some(rest) = digits.strip_prefix("18001") {
        return match classify(rest) {
            Ok(PhoneKind::Relay | PhoneKind::Emergency) | Err(_) => {
                Err("is not a Relay UK number: after 18001 comes the number to call, such as 101 (18001 101)"
                    .to_string())
            }
            Ok(_) => Ok(PhoneKind::Relay),
        };
    }
    let length = digits.len();
    if length == 5 && (digits.starts_with('6') || digits.starts_with('8')) {
        return Ok(PhoneKind::TextShortCode);
    }
    if !digits.starts_with('0') {
        return Err("is not a UK number: a full number starts with 0 (or +44); short numbers are 999, 112, 101, 18000, 18001 then a number, or a 5-digit text code".to_string());
    }
    let (allowed, kind, what): (&[usize], PhoneKind, &str) = match &digits[..digits.len().min(4)] {
        // Childline's 0800 1111 is the one short freephone number in common use.
        "0800" if digits == "08001111" => return Ok(PhoneKind::Freephone),
        "0800" => (&[10, 11], PhoneKind::Freephone, "a 0800 number has 10 or 11 digits"),
        "0808" => (&[11], PhoneKind::Freephone, "a 0808 number has 11 digits"),
        p if p.starts_with("01") => (&[10, 11], PhoneKind::National, "an 01 number has 10 or 11 digits"),
        // A leaflet for people with little money and no phone of their own must not send
        // them to a number that costs pounds a minute (09) or to a personal number (070),
        // which is charged like one and common in scams.
        p if p.starts_with("09") => {
            return Err(
                "is a premium-rate number: a leaflet must give a free or local-rate number (0800, 0808, 01, 02, 03)"
                    .to_string(),
            );
        }
        p if p.starts_with("070") => {
            return Err("is a personal number, charged at a premium rate: give a free or local-rate number (0800, 0808, 01, 02, 03)".to_string());
        }
        p if p.starts_with("02") || p.starts_with("03") || p.starts_with("07") || p.starts_with("08") => {
            (&[11], PhoneKind::National, "a 02, 03, 07 or 08 number has 11 digits")
        }
        _ => return Err("does not start like a UK number (01, 02, 03, 07 or 08)".to_string()),
    };
    if allowed.contains(&length) {
        Ok(kind)
    } else {
        let missing = if length < allowed[0] { "a digit is missing" } else { "there is a digit too many" };
        Err(format!("has {length} digits: {what}, so {missing}"))
    }
}

/// Whether the writer's own spacing can be printed as it is: a prefix of at least three
/// digits (`0800`, `18001`, `020`), then groups of two or more. Forces print some numbers
/// their own way (`0800 40 50 40`); a stray space (`0 800 555111`, `08005 5 5111`) is
/// replaced by the usual grouping, because a reader copies the number group by group.
fn readable_grouping(groups: &[&str]) -> bool {
    groups.first().is_some_and(|g| g.len() >= 3) && groups.iter().all(|g| g.len() >= 2) && groups.len() <= 5
}

/// The usual UK grouping of a number given without spaces.
fn group(digits: &str) -> String {
    let split = |sizes: &[usize]| {
        let mut parts = Vec::new();
        let mut start = 0;
        for size in sizes {
            let end = (start + size).min(digits.len());
            parts.push(&digits[start..end]);
            start = end;
        }
        if start < digits.len() {
            parts.push(&digits[start..]);
        }
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    };
    if let Some(rest) = digits.strip_prefix("18001") {
        return format!("18001 {}", group(rest));
    }
    match digits.len() {
        ..=5 => digits.to_string(),
        8 => split(&[4, 4]),
        10 if digits.starts_with("0800") => split(&[4, 3, 3]),
        10 => split(&[5, 5]),
        _ if digits.starts_with("02") => split(&[3, 4, 4]),
        _ if digits.starts_with("07") => split(&[5, 6]),
        _ if digits.starts_with("011") || (digits.starts_with("01") && &digits[3..4] == "1") => split(&[4, 3, 4]),
        _ if digits.starts_with("01") => split(&[5, 6]),
        _ => split(&[4, 3, 4]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> PhoneNumber {
        PhoneNumber::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_leaflet_numbers_are_valid() {
        assert_eq!(ok("999").kind, PhoneKind::Emergency);
        assert_eq!(ok("101").uri(), "tel:101");
        assert_eq!(ok("18000").kind, PhoneKind::Relay);
        assert_eq!(ok("18001 101").uri(), "tel:18001101");
        assert_eq!(ok("08000 121 700").display, "08000 121 700");
        assert_eq!(ok("08000 121 700").uri(), "tel:+448000121700");
        assert_eq!(ok("0800 555 111").kind, PhoneKind::Freephone);
        assert_eq!(ok("0800 40 50 40").display, "0800 40 50 40");
        assert_eq!(ok("61016").uri(), "sms:61016");
        assert_eq!(ok("61016").sms_uri(), "sms:61016");
        assert_eq!(ok("07700 900123").sms_uri(), "sms:+447700900123");
    }

    #[test]
    fn numbers_are_spoken_digit_by_digit_in_their_groups() {
        assert_eq!(ok("999").spoken(), "9 9 9");
        assert_eq!(ok("101").spoken(), "1 0 1");
        assert_eq!(ok("18001 101").spoken(), "1 8 0 0 1, 1 0 1");
        assert_eq!(ok("18001101").spoken(), "1 8 0 0 1, 1 0 1");
        assert_eq!(ok("08000 121 700").spoken(), "0 8 0 0 0, 1 2 1, 7 0 0");
        assert_eq!(ok("0800 40 50 40").spoken(), "0 8 0 0, 4 0, 5 0, 4 0");
        assert_eq!(ok("61016").spoken(), "6 1 0 1 6");
    }

    #[test]
    fn numbers_without_spaces_are_grouped_the_uk_way() {
        assert_eq!(ok("0800555111").display, "0800 555 111");
        assert_eq!(ok("08088005000").display, "0808 800 5000");
        assert_eq!(ok("02079460018").display, "020 7946 0018");
        assert_eq!(ok("07700900123").display, "07700 900123");
        assert_eq!(ok("01614960000").display, "0161 496 0000");
        assert_eq!(ok("+44 300 123 4567").display, "0300 123 4567");
        assert_eq!(ok("18001101").display, "18001 101");
    }

    #[test]
    fn odd_spacing_is_replaced_by_the_uk_grouping() {
        assert_eq!(ok("0 800 555 111").display, "0800 555 111");
        assert_eq!(ok("08005 5 5111").display, "0800 555 111");
        assert_eq!(ok("9 9 9").display, "999");
        assert_eq!(ok("0800 40 50 40").display, "0800 40 50 40");
        assert_eq!(ok("0345 60 70 999").display, "0345 60 70 999");
    }

    #[test]
    fn premium_and_personal_numbers_are_refused() {
        let e = PhoneNumber::parse("0909 879 0000").unwrap_err();
        assert!(e.contains("premium-rate"), "{e}");
        let e = PhoneNumber::parse("07000 123456").unwrap_err();
        assert!(e.contains("personal number"), "{e}");
        assert_eq!(ok("07700 900123").kind, PhoneKind::National);
    }

    #[test]
    fn wrong_lengths_are_refused_with_the_reason() {
        let e = PhoneNumber::parse("0808 800 500").unwrap_err();
        assert!(e.contains("has 10 digits") && e.contains("a digit is missing"), "{e}");
        let e = PhoneNumber::parse("0300 123 45678").unwrap_err();
        assert!(e.contains("a digit too many"), "{e}");
        assert!(PhoneNumber::parse("1010").is_err());
        assert!(PhoneNumber::parse("18001 999").is_err());
    }

    #[test]
    fn only_digits_spaces_and_leading_plus() {
        assert!(PhoneNumber::parse("0800-555-111").unwrap_err().contains("`-`"));
        assert!(PhoneNumber::parse("0800 555 111 ext 2").is_err());
        assert!(PhoneNumber::parse("+33 1 23 45 67 89").unwrap_err().contains("not a UK number"));
        assert!(PhoneNumber::parse("  ").is_err());
    }
}
