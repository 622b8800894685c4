//! Numeric conversions in one place: every cast that could lose range or
//! precision goes through a function here that says what happens at the
//! edges, so that clippy's `cast_*` lints can be denied everywhere else.

/// The largest integer an `f64` holds exactly (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// An integer cell as a number: exact up to 2^53, the nearest `f64` beyond
/// (no spreadsheet stores such integers exactly either).
#[allow(clippy::cast_precision_loss)]
pub fn int_to_f64(n: i64) -> f64 {
    n as f64
}

/// A count as a number, for ratios and sums.
#[allow(clippy::cast_precision_loss)]
pub fn count_to_f64(n: usize) -> f64 {
    n as f64
}

/// A `u64` count (a population) as a number: exact up to 2^53, the
/// nearest `f64` beyond.
#[allow(clippy::cast_precision_loss)]
pub fn u64_to_f64(n: u64) -> f64 {
    n as f64
}

/// A whole number held in an `f64`, as `i64`: `None` when it has a
/// fraction, is not finite, or lies beyond 2^53.
#[allow(clippy::cast_possible_truncation)]
pub fn whole_to_i64(n: f64) -> Option<i64> {
    (n.is_finite() && n.fract() == 0.0 && n.abs() <= EXACT).then_some(n as i64)
}

/// A whole number held in an `f64`, as `i32` (a year): `None` when it is not
/// whole or out of range.
pub fn whole_to_i32(n: f64) -> Option<i32> {
    whole_to_i64(n).and_then(|n| i32::try_from(n).ok())
}

/// An `f64` as `i32` the way `as` does it, named: any fraction is cut
/// toward zero, values beyond the range give `i32::MIN` or `i32::MAX`, and
/// `NaN` gives 0. For numbers the survey or a validated answer holds, where
/// these edges must behave exactly as they always have.
#[allow(clippy::cast_possible_truncation)]
pub fn trunc_to_i32(n: f64) -> i32 {
    n as i32
}

/// An `f64` as `i64` the way `as` does it, named: any fraction is cut
/// toward zero, values beyond the range give `i64::MIN` or `i64::MAX`, and
/// `NaN` gives 0.
#[allow(clippy::cast_possible_truncation)]
pub fn trunc_to_i64(n: f64) -> i64 {
    n as i64
}

/// A non-negative `f64` rounded to the nearest integer and clamped to
/// `u32` (pixels, row heights in points); `NaN` gives 0.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn round_to_u32(n: f64) -> u32 {
    if n.is_nan() {
        0
    } else {
        n.round().clamp(0.0, f64::from(u32::MAX)) as u32
    }
}

/// A `usize` as `u32`, saturating (row and column numbers).
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A `usize` as `u16`, saturating (spreadsheet columns).
pub fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A `usize` as `i64`, saturating (counts and indexes stored by SQLite).
pub fn count_to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A count SQLite holds as `i64`, as `usize`: a negative one (which collect
/// never writes) gives 0, one beyond `usize` gives `usize::MAX`.
pub fn count_from_i64(n: i64) -> usize {
    usize::try_from(n).unwrap_or(if n < 0 { 0 } else { usize::MAX })
}

/// A `u64` as `usize`, saturating (offsets read from a file).
pub fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_explicit() {
        assert_eq!(whole_to_i64(12.0), Some(12));
        assert_eq!(whole_to_i64(12.5), None);
        assert_eq!(whole_to_i64(f64::NAN), None);
        assert_eq!(whole_to_i64(1e300), None);
        assert_eq!(whole_to_i32(2021.0), Some(2021));
        assert_eq!(whole_to_i32(1e12), None);
        assert_eq!(round_to_u32(-3.0), 0);
        assert_eq!(round_to_u32(2.5), 3);
        assert_eq!(round_to_u32(f64::NAN), 0);
        assert_eq!(to_u32(usize::MAX), u32::MAX);
        assert_eq!(to_u16(70_000), u16::MAX);
        assert!((int_to_f64(42) - 42.0).abs() < f64::EPSILON);
        assert!((u64_to_f64(290_000) - 290_000.0).abs() < f64::EPSILON);
        assert_eq!(trunc_to_i32(2026.9), 2026);
        assert_eq!(trunc_to_i32(-2.5), -2);
        assert_eq!(trunc_to_i32(1e12), i32::MAX);
        assert_eq!(trunc_to_i32(-1e12), i32::MIN);
        assert_eq!(trunc_to_i32(f64::NAN), 0);
        assert_eq!(trunc_to_i64(1e300), i64::MAX);
        assert_eq!(trunc_to_i64(f64::NAN), 0);
        assert_eq!(count_to_i64(7), 7);
        assert_eq!(count_from_i64(7), 7);
        assert_eq!(count_from_i64(-1), 0);
    }
}
