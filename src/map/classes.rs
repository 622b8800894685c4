//! Classes of a choropleth map: five classes at the quintiles of the
//! figures, limits rounded to 10 kr, coloured light to dark with
//! ColorBrewer's Blues-5, and their Swedish legend text.

/// A colour as red, green and blue bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour as `0xRRGGBB`, as spreadsheet writers take it.
    pub fn to_u32(self) -> u32 {
        (u32::from(self.0) << 16) | (u32::from(self.1) << 8) | u32::from(self.2)
    }

    /// The colour as `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// ColorBrewer's sequential Blues with five classes, light to dark.
pub const BLUES_5: [Rgb; 5] = [
    Rgb(0xEF, 0xF3, 0xFF),
    Rgb(0xBD, 0xD7, 0xE7),
    Rgb(0x6B, 0xAE, 0xD6),
    Rgb(0x31, 0x82, 0xBD),
    Rgb(0x08, 0x51, 0x9C),
];

/// The colour of an area without an answer.
pub const NO_ANSWER: Rgb = Rgb(0xBF, 0xBF, 0xBF);

/// The legend text for [`NO_ANSWER`].
pub const NO_ANSWER_LABEL: &str = "Inget svar";

/// Class limits are rounded to this many kronor.
const ROUNDING_KR: f64 = 10.0;

/// One class of the map: the figures from `lower` to `upper` (both
/// rounded to 10 kr; a figure belongs to the first class whose `upper` it
/// does not exceed once rounded), its colour and its legend text.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// The lower limit, a multiple of 10.
    pub lower: f64,
    /// The upper limit, a multiple of 10; equal to `lower` for a class of
    /// one figure.
    pub upper: f64,
    /// The class's fill colour, one of [`BLUES_5`].
    pub colour: Rgb,
    /// The legend text, e.g. `1 200–1 590 kr`.
    pub label: String,
}

/// The classes for `values`, the figures of the answering areas (figures
/// that are not finite are left out).
///
/// Five or more figures: limits at the minimum, the quintiles (linear
/// interpolation between the sorted figures, as Excel's PERCENTILE.INC)
/// and the maximum, each rounded to 10 kr; limits that round to the same
/// value merge, so there may be fewer than five classes. Fewer than five
/// figures: one class per figure (figures that round to the same 10 kr
/// share one). No figures: no classes.
pub fn classes(values: &[f64]) -> Vec<Class> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let limits: Vec<f64> = if sorted.len() < BLUES_5.len() {
        sorted.iter().map(|&v| round_limit(v)).collect()
    } else {
        (0..=BLUES_5.len())
            .map(|k| round_limit(quintile(&sorted, k)))
            .collect()
    };
    let mut limits = limits;
    limits.dedup();
    let ranges: Vec<(f64, f64)> = if sorted.len() < BLUES_5.len() || limits.len() == 1 {
        limits.iter().map(|&v| (v, v)).collect()
    } else {
        limits.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let colours = spread_colours(ranges.len());
    ranges
        .into_iter()
        .zip(colours)
        .map(|((lower, upper), colour)| Class {
            lower,
            upper,
            colour,
            label: label(lower, upper),
        })
        .collect()
}

/// The index of the class that `value` belongs to: the first whose upper
/// limit the value, rounded to 10 kr, does not exceed; a value above every
/// class goes in the last. `None` when there are no classes or the value
/// is not finite.
pub fn class_of(classes: &[Class], value: f64) -> Option<usize> {
    if !value.is_finite() || classes.is_empty() {
        return None;
    }
    let rounded = round_limit(value);
    let last = classes.len() - 1;
    Some(
        classes
            .iter()
            .position(|c| rounded <= c.upper)
            .unwrap_or(last),
    )
}

/// The `k`th fifth (0 = minimum, 5 = maximum) of sorted, non-empty
/// figures, as PERCENTILE.INC(k/5): rank k·(n−1)/5, interpolating linearly
/// between the figures on either side.
fn quintile(sorted: &[f64], k: usize) -> f64 {
    percentile_inc(sorted, k, BLUES_5.len())
}

/// PERCENTILE.INC(`num`/`den`) of sorted figures, with the rank computed
/// in whole numbers so that no float has to become an index. `num` must
/// not exceed `den`; an empty slice gives NaN.
fn percentile_inc(sorted: &[f64], num: usize, den: usize) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let scaled = num.saturating_mul(last);
    let index = (scaled / den).min(last);
    let remainder = scaled % den;
    let low = sorted[index];
    let Some(&high) = sorted.get(index + 1) else {
        return low;
    };
    let fraction = match (u32::try_from(remainder), u32::try_from(den)) {
        (Ok(r), Ok(d)) if d > 0 => f64::from(r) / f64::from(d),
        _ => 0.0,
    };
    low + fraction * (high - low)
}

/// Rounds to the nearest 10 kr, halves away from zero (as Excel's ROUND).
fn round_limit(value: f64) -> f64 {
    (value / ROUNDING_KR).round() * ROUNDING_KR
}

/// `n` colours of [`BLUES_5`], light to dark, spread as far apart as they
/// go: one class takes the middle blue, two the lightest and darkest.
fn spread_colours(n: usize) -> Vec<Rgb> {
    let top = BLUES_5.len() - 1;
    match n {
        0 => Vec::new(),
        1 => vec![BLUES_5[top / 2]],
        _ => (0..n)
            .map(|i| {
                // The nearest whole step of i·top/(n−1), halves up.
                let step = (2 * i * top + (n - 1)) / (2 * (n - 1));
                BLUES_5[step.min(top)]
            })
            .collect(),
    }
}

/// The legend text of a class: `1 200–1 590 kr`, or `1 200 kr` for one
/// figure.
fn label(lower: f64, upper: f64) -> String {
    if lower == upper {
        format!("{} kr", format_kr(lower))
    } else {
        format!("{}\u{2013}{} kr", format_kr(lower), format_kr(upper))
    }
}

/// A whole number of kronor with a space between thousands: `12 340`.
fn format_kr(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    if value < 0.0 && digits != "0" {
        format!("-{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {
    //! Classes of known figures, merging, few answers and the legend text.

    use super::*;

    fn limits(classes: &[Class]) -> Vec<(f64, f64)> {
        classes.iter().map(|c| (c.lower, c.upper)).collect()
    }

    fn labels(classes: &[Class]) -> Vec<&str> {
        classes.iter().map(|c| c.label.as_str()).collect()
    }

    #[test]
    fn percentile_inc_interpolates_as_excel() {
        // Excel's documentation: PERCENTILE.INC({1,3,2,4}, 0.3) = 1.9.
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert!((percentile_inc(&sorted, 3, 10) - 1.9).abs() < 1e-12);
        assert_eq!(percentile_inc(&sorted, 0, 5), 1.0);
        assert_eq!(percentile_inc(&sorted, 5, 5), 4.0);
        // Rank 4·(5−1)/5 = 3.2 of five figures: 40 + 0.2·(50 − 40).
        let five = [15.0, 20.0, 35.0, 40.0, 50.0];
        assert!((quintile(&five, 4) - 42.0).abs() < 1e-12);
        assert_eq!(percentile_inc(&[7.0], 2, 5), 7.0);
        assert!(percentile_inc(&[], 2, 5).is_nan());
    }

    #[test]
    fn quintile_classes_of_known_data() {
        let values = [
            1566.0, 1003.0, 1127.0, 1251.0, 1389.0, 1402.0, 1630.0, 1777.0, 1841.0, 2004.0,
        ];
        let classes = classes(&values);
        // Quintiles 1226.2, 1396.8, 1591.6 and 1789.8; minimum 1003 and
        // maximum 2004; all rounded to 10 kr.
        assert_eq!(
            limits(&classes),
            [
                (1000.0, 1230.0),
                (1230.0, 1400.0),
                (1400.0, 1590.0),
                (1590.0, 1790.0),
                (1790.0, 2000.0)
            ]
        );
        assert_eq!(
            labels(&classes),
            [
                "1 000–1 230 kr",
                "1 230–1 400 kr",
                "1 400–1 590 kr",
                "1 590–1 790 kr",
                "1 790–2 000 kr"
            ]
        );
        let colours: Vec<Rgb> = classes.iter().map(|c| c.colour).collect();
        assert_eq!(colours, BLUES_5);
        let expected = [2, 0, 0, 1, 1, 1, 3, 3, 4, 4];
        for (value, class) in values.iter().zip(expected) {
            assert_eq!(class_of(&classes, *value), Some(class), "{value}");
        }
    }

    #[test]
    fn limits_that_round_equal_merge() {
        let values = [
            100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 500.0, 600.0, 700.0, 800.0,
        ];
        // Limits 100, 101.8, 103.6, 263, 620, 800 round to 100, 100, 100,
        // 260, 620, 800: three classes.
        let classes = classes(&values);
        assert_eq!(
            limits(&classes),
            [(100.0, 260.0), (260.0, 620.0), (620.0, 800.0)]
        );
        let colours: Vec<Rgb> = classes.iter().map(|c| c.colour).collect();
        assert_eq!(colours, [BLUES_5[0], BLUES_5[2], BLUES_5[4]]);
        assert_eq!(class_of(&classes, 105.0), Some(0));
        assert_eq!(class_of(&classes, 600.0), Some(1));
        assert_eq!(class_of(&classes, 800.0), Some(2));
    }

    #[test]
    fn equal_figures_make_one_class() {
        let classes = classes(&[1500.0; 7]);
        assert_eq!(limits(&classes), [(1500.0, 1500.0)]);
        assert_eq!(labels(&classes), ["1 500 kr"]);
        assert_eq!(classes[0].colour, BLUES_5[2]);
    }

    #[test]
    fn fewer_than_five_answers_give_one_class_each() {
        let classes = classes(&[1500.0, 1203.0, 2011.0]);
        assert_eq!(labels(&classes), ["1 200 kr", "1 500 kr", "2 010 kr"]);
        let colours: Vec<Rgb> = classes.iter().map(|c| c.colour).collect();
        assert_eq!(colours, [BLUES_5[0], BLUES_5[2], BLUES_5[4]]);
        assert_eq!(class_of(&classes, 1203.0), Some(0));
        assert_eq!(class_of(&classes, 1500.0), Some(1));
        assert_eq!(class_of(&classes, 2011.0), Some(2));
        // Two answers that round to the same 10 kr share a class.
        let shared = super::classes(&[1203.0, 1204.0, 1500.0, 980.0]);
        assert_eq!(labels(&shared), ["980 kr", "1 200 kr", "1 500 kr"]);
        let two = super::classes(&[10.0, 20.0]);
        let colours: Vec<Rgb> = two.iter().map(|c| c.colour).collect();
        assert_eq!(colours, [BLUES_5[0], BLUES_5[4]]);
    }

    #[test]
    fn no_figures_no_classes() {
        assert!(classes(&[]).is_empty());
        assert!(classes(&[f64::NAN, f64::INFINITY]).is_empty());
        assert_eq!(class_of(&[], 100.0), None);
        let one = classes(&[100.0, f64::NAN]);
        assert_eq!(labels(&one), ["100 kr"]);
        assert_eq!(class_of(&one, f64::NAN), None);
    }

    #[test]
    fn figures_outside_the_limits_go_to_the_end_classes() {
        let classes = classes(&[1000.0, 1100.0, 1200.0, 1300.0, 1400.0, 1500.0]);
        assert_eq!(class_of(&classes, 1.0), Some(0));
        assert_eq!(class_of(&classes, 99_999.0), Some(classes.len() - 1));
        // On a limit: the lower class; just past it (rounded): the next.
        assert_eq!(class_of(&classes, 1100.0), Some(0));
        assert_eq!(class_of(&classes, 1104.9), Some(0));
        assert_eq!(class_of(&classes, 1105.0), Some(1));
    }

    #[test]
    fn numbers_in_swedish_format() {
        assert_eq!(format_kr(0.0), "0");
        assert_eq!(format_kr(990.0), "990");
        assert_eq!(format_kr(1200.0), "1 200");
        assert_eq!(format_kr(1_234_560.0), "1 234 560");
        assert_eq!(format_kr(-12_340.0), "-12 340");
        assert_eq!(label(1200.0, 1590.0), "1 200\u{2013}1 590 kr");
        assert_eq!(NO_ANSWER.hex(), "#BFBFBF");
        assert_eq!(BLUES_5[4].to_u32(), 0x08519C);
    }
}
