//! Lengths as types: millimetres on paper, points for type and PDF coordinates.
//!
//! Definitions speak millimetres (trim, bleed, panel widths) and points (type sizes).
//! Both are converted in exactly one place, here, so a value can never be read in the
//! wrong unit.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

use serde::Deserialize;

const POINTS_PER_MM: f32 = 72.0 / 25.4;

/// A length in millimetres, as written in layout definitions.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Mm(pub f32);

/// A length in PostScript points (1/72 inch), the unit of type sizes and of PDF space.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Pt(pub f32);

impl Mm {
    pub(crate) fn to_pt(self) -> Pt {
        Pt(self.0 * POINTS_PER_MM)
    }
}

impl Pt {
    pub(crate) const ZERO: Pt = Pt(0.0);

    pub fn to_mm(self) -> Mm {
        Mm(self.0 / POINTS_PER_MM)
    }

    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl From<Mm> for Pt {
    fn from(mm: Mm) -> Pt {
        mm.to_pt()
    }
}

macro_rules! arithmetic {
    ($unit:ident) => {
        impl Add for $unit {
            type Output = $unit;
            fn add(self, rhs: $unit) -> $unit {
                $unit(self.0 + rhs.0)
            }
        }
        impl Sub for $unit {
            type Output = $unit;
            fn sub(self, rhs: $unit) -> $unit {
                $unit(self.0 - rhs.0)
            }
        }
        impl AddAssign for $unit {
            fn add_assign(&mut self, rhs: $unit) {
                self.0 += rhs.0;
            }
        }
        impl SubAssign for $unit {
            fn sub_assign(&mut self, rhs: $unit) {
                self.0 -= rhs.0;
            }
        }
        impl Mul<f32> for $unit {
            type Output = $unit;
            fn mul(self, rhs: f32) -> $unit {
                $unit(self.0 * rhs)
            }
        }
        impl Div<f32> for $unit {
            type Output = $unit;
            fn div(self, rhs: f32) -> $unit {
                $unit(self.0 / rhs)
            }
        }
        impl Neg for $unit {
            type Output = $unit;
            fn neg(self) -> $unit {
                $unit(-self.0)
            }
        }
    };
}

arithmetic!(Mm);
arithmetic!(Pt);

/// An axis-aligned rectangle in points, top-left origin with y growing downwards
/// (krilla's page space).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: Pt,
    pub y: Pt,
    pub width: Pt,
    pub height: Pt,
}

impl Rect {
    pub fn new(x: Pt, y: Pt, width: Pt, height: Pt) -> Rect {
        Rect { x, y, width, height }
    }

    pub fn right(&self) -> Pt {
        self.x + self.width
    }

    pub fn bottom(&self) -> Pt {
        self.y + self.height
    }

    /// The rectangle shrunk by `by` on every side.
    pub(crate) fn inset(&self, by: Pt) -> Rect {
        Rect::new(self.x + by, self.y + by, self.width - by * 2.0, self.height - by * 2.0)
    }

    /// The rectangle grown by `by` on every side.
    pub(crate) fn outset(&self, by: Pt) -> Rect {
        self.inset(-by)
    }

    pub(crate) fn translate(&self, dx: Pt, dy: Pt) -> Rect {
        Rect::new(self.x + dx, self.y + dy, self.width, self.height)
    }

    /// True when `other` lies entirely inside this rectangle (with a small tolerance
    /// for floating-point noise).
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.01;
        other.x.0 >= self.x.0 - EPS
            && other.y.0 >= self.y.0 - EPS
            && other.right().0 <= self.right().0 + EPS
            && other.bottom().0 <= self.bottom().0 + EPS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_width_in_points() {
        let pt = Mm(210.0).to_pt();
        assert!((pt.0 - 595.2756).abs() < 0.001, "{pt:?}");
        assert!((pt.to_mm().0 - 210.0).abs() < 0.001);
    }

    #[test]
    fn inset_and_contains() {
        let page = Rect::new(Pt(0.0), Pt(0.0), Pt(100.0), Pt(50.0));
        let safe = page.inset(Pt(5.0));
        assert_eq!(safe, Rect::new(Pt(5.0), Pt(5.0), Pt(90.0), Pt(40.0)));
        assert!(page.contains(&safe));
        assert!(!safe.contains(&page));
    }
}
