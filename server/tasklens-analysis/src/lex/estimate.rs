//! Parses the value of an estimate field (the text after `**Estimate**:`) into a duration or a
//! number of story points.
//!
//! The parser is a small hand-written scanner over the value. It skips emphasis and code
//! wrappers and approximation words such as `~` or `about`, reads one number or a compound such
//! as `1h 30m`, optionally a range such as `2-3 days`, and ignores whatever note follows. Unit
//! words live in one table, [`UNIT_WORDS`], which covers English, Spanish, French, German,
//! Japanese, Chinese and Korean spellings.
//!
//! The parser is pure and total: it never panics and never fails. Text that holds no estimate is
//! reported as [`EstimateValue::Invalid`] with a message for the user, and a blank value as
//! [`EstimateValue::Empty`]. Every byte range it returns is relative to the parsed string and
//! lies on char boundaries.

use std::ops::Range;

/// The unit an estimate is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EstimateUnit {
    /// Minutes of work.
    Minutes,
    /// Hours of work.
    Hours,
    /// Working days, converted to hours with [`Calendar::hours_per_day`].
    Days,
    /// Working weeks, converted to hours with [`Calendar::days_per_week`] and
    /// [`Calendar::hours_per_day`].
    Weeks,
    /// Story points, which have no duration.
    Points,
}

impl EstimateUnit {
    /// Returns true for the units that measure time, which is every unit but
    /// [`EstimateUnit::Points`].
    pub fn is_duration(self) -> bool {
        self != EstimateUnit::Points
    }

    /// Converts `value` in this unit to hours under `calendar`; story points have no hours.
    pub fn to_hours(self, value: f64, calendar: &Calendar) -> Option<f64> {
        match self {
            EstimateUnit::Minutes => Some(value / 60.0),
            EstimateUnit::Hours => Some(value),
            EstimateUnit::Days => Some(value * calendar.hours_per_day),
            EstimateUnit::Weeks => Some(value * calendar.days_per_week * calendar.hours_per_day),
            EstimateUnit::Points => None,
        }
    }

    /// The number of minutes in one of this unit under the default calendar. Story points count
    /// as one so that converting points to points is the identity.
    ///
    /// The parser uses this to add up compounds such as `1h 30m` and to bring the two bounds of
    /// a range such as `2h-1d` into one unit; the values are whole numbers, so the sums are exact.
    fn default_minutes(self) -> f64 {
        match self {
            EstimateUnit::Minutes | EstimateUnit::Points => 1.0,
            EstimateUnit::Hours => 60.0,
            EstimateUnit::Days => 60.0 * 8.0,
            EstimateUnit::Weeks => 60.0 * 8.0 * 5.0,
        }
    }

    /// Orders units from small to large, so that compounds can require falling units.
    fn rank(self) -> u8 {
        match self {
            EstimateUnit::Minutes => 0,
            EstimateUnit::Hours => 1,
            EstimateUnit::Days => 2,
            EstimateUnit::Weeks => 3,
            EstimateUnit::Points => 4,
        }
    }
}

/// A parsed estimate. `range` is the byte range, within the parsed string, of the estimate text
/// itself (e.g. `2-3 days` in `2-3 days (incl. review)`).
///
/// The range starts at the first digit, so a leading `~` or `about` and any emphasis around the
/// value lie outside it. A single value has `low == high`. A compound that mixes units, such as
/// `1h 30m` or `2d 4h`, is summed into its smallest unit; days and weeks inside such a compound
/// are converted with the default [`Calendar`], so `2d 4h` is 20 hours whatever the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The byte range of the estimate text within the parsed string.
    pub range: Range<usize>,
    /// The lower bound, in `unit`.
    pub low: f64,
    /// The upper bound, in `unit`.
    pub high: f64,
    /// The unit of both bounds.
    pub unit: EstimateUnit,
}

/// Working-time calendar used to convert days and weeks into hours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calendar {
    /// Working hours in one day.
    pub hours_per_day: f64,
    /// Working days in one week.
    pub days_per_week: f64,
}

impl Default for Calendar {
    /// Eight hours a day, five days a week.
    fn default() -> Self {
        Calendar {
            hours_per_day: 8.0,
            days_per_week: 5.0,
        }
    }
}

impl Estimate {
    /// The upper bound in hours (the schedule uses the upper bound); None for story points.
    pub fn hours(&self, calendar: &Calendar) -> Option<f64> {
        self.unit.to_hours(self.high, calendar)
    }

    /// The lower bound in hours; None for story points.
    pub fn low_hours(&self, calendar: &Calendar) -> Option<f64> {
        self.unit.to_hours(self.low, calendar)
    }

    /// The upper bound in points; None for durations.
    pub fn points(&self) -> Option<f64> {
        (self.unit == EstimateUnit::Points).then_some(self.high)
    }
}

/// The result of parsing an estimate field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum EstimateValue {
    /// The value holds an estimate.
    Estimate(Estimate),
    /// The text is not blank but holds no estimate; `message` is a full sentence for the user
    /// saying what was found and what is expected, e.g. "`TBD` is not an estimate: write a
    /// duration such as `4h`, `2 days` or `3 SP`".
    Invalid {
        /// The message for the user.
        message: String,
    },
    /// Blank, or only punctuation/whitespace, or a word such as `n/a` or `none` that says no
    /// estimate is given.
    Empty,
}

/// Unit words with the unit they name and a factor the number is multiplied by (a fortnight is
/// two weeks). Words are lower case and match case-insensitively; a space in a word matches any
/// run of whitespace. The scanner takes the longest word that matches, so the order here does
/// not matter. A word ending in a Latin letter must not be followed by another Latin letter, so
/// `2 minimum` does not read as `2 min`; words in CJK scripts and Hangul may be followed by
/// anything, as those scripts do not separate words with spaces.
pub const UNIT_WORDS: &[(&str, EstimateUnit, f64)] = {
    use EstimateUnit::{Days, Hours, Minutes, Points, Weeks};
    &[
        // English.
        ("m", Minutes, 1.0),
        ("min", Minutes, 1.0),
        ("mins", Minutes, 1.0),
        ("minute", Minutes, 1.0),
        ("minutes", Minutes, 1.0),
        ("h", Hours, 1.0),
        ("hr", Hours, 1.0),
        ("hrs", Hours, 1.0),
        ("hour", Hours, 1.0),
        ("hours", Hours, 1.0),
        ("d", Days, 1.0),
        ("day", Days, 1.0),
        ("days", Days, 1.0),
        ("workday", Days, 1.0),
        ("workdays", Days, 1.0),
        ("working day", Days, 1.0),
        ("working days", Days, 1.0),
        ("business day", Days, 1.0),
        ("business days", Days, 1.0),
        ("person-day", Days, 1.0),
        ("person-days", Days, 1.0),
        ("man-day", Days, 1.0),
        ("man-days", Days, 1.0),
        ("w", Weeks, 1.0),
        ("wk", Weeks, 1.0),
        ("wks", Weeks, 1.0),
        ("week", Weeks, 1.0),
        ("weeks", Weeks, 1.0),
        ("fortnight", Weeks, 2.0),
        ("fortnights", Weeks, 2.0),
        ("sp", Points, 1.0),
        ("pt", Points, 1.0),
        ("pts", Points, 1.0),
        ("point", Points, 1.0),
        ("points", Points, 1.0),
        ("story point", Points, 1.0),
        ("story points", Points, 1.0),
        // Spanish.
        ("minuto", Minutes, 1.0),
        ("minutos", Minutes, 1.0),
        ("hs", Hours, 1.0),
        ("hora", Hours, 1.0),
        ("horas", Hours, 1.0),
        ("dia", Days, 1.0),
        ("dias", Days, 1.0),
        ("día", Days, 1.0),
        ("días", Days, 1.0),
        ("semana", Weeks, 1.0),
        ("semanas", Weeks, 1.0),
        ("punto", Points, 1.0),
        ("puntos", Points, 1.0),
        // French; `h`, `minute` and `minutes` are shared with English.
        ("heure", Hours, 1.0),
        ("heures", Hours, 1.0),
        ("j", Days, 1.0),
        ("jour", Days, 1.0),
        ("jours", Days, 1.0),
        ("semaine", Weeks, 1.0),
        ("semaines", Weeks, 1.0),
        // German.
        ("minuten", Minutes, 1.0),
        ("std", Hours, 1.0),
        ("stunde", Hours, 1.0),
        ("stunden", Hours, 1.0),
        ("tag", Days, 1.0),
        ("tage", Days, 1.0),
        ("tagen", Days, 1.0),
        ("arbeitstag", Days, 1.0),
        ("arbeitstage", Days, 1.0),
        ("arbeitstagen", Days, 1.0),
        ("woche", Weeks, 1.0),
        ("wochen", Weeks, 1.0),
        ("punkt", Points, 1.0),
        ("punkte", Points, 1.0),
        // Japanese.
        ("分", Minutes, 1.0),
        ("時間", Hours, 1.0),
        ("日", Days, 1.0),
        ("人日", Days, 1.0),
        ("週", Weeks, 1.0),
        ("週間", Weeks, 1.0),
        ("ポイント", Points, 1.0),
        // Chinese.
        ("分钟", Minutes, 1.0),
        ("分鐘", Minutes, 1.0),
        ("小时", Hours, 1.0),
        ("小時", Hours, 1.0),
        ("天", Days, 1.0),
        ("人天", Days, 1.0),
        ("工作日", Days, 1.0),
        ("周", Weeks, 1.0),
        ("星期", Weeks, 1.0),
        // Korean.
        ("분", Minutes, 1.0),
        ("시간", Hours, 1.0),
        ("일", Days, 1.0),
        ("주", Weeks, 1.0),
        ("포인트", Points, 1.0),
    ]
};

/// Words before the number that say the estimate is approximate or a bound; they are skipped.
const PREFIX_WORDS: &[&str] = &[
    "~",
    "≈",
    "≃",
    "<",
    "<=",
    "≤",
    ">",
    ">=",
    "≥",
    "about",
    "around",
    "roughly",
    "approx",
    "approx.",
    "approximately",
    "circa",
    "ca.",
    "up to",
    "at most",
    "at least",
    "max",
    "max.",
    "less than",
    "under",
    "est.",
    "estimated",
    "aprox.",
    "aproximadamente",
    "environ",
    "etwa",
    "ungefähr",
    "約",
    "约",
    "大约",
    "大約",
    "약",
];

/// Symbols between the two bounds of a range; whitespace around them is optional.
const RANGE_SYMBOLS: &[&str] = &["-", "‐", "‑", "‒", "–", "—", "−", "~", "〜", "～", ".."];

/// Words between the two bounds of a range; they need whitespace on both sides.
const RANGE_WORDS: &[&str] = &["to", "bis", "a", "à"];

/// Words that may join the parts of a compound, as in `1 hour and 30 minutes`.
const COMPOUND_WORDS: &[&str] = &["and", "und", "et", "y"];

/// Values that mean no estimate was given, compared case-insensitively.
const NONE_WORDS: &[&str] = &["n/a", "n.a.", "na", "none"];

/// The longest quoted text in a message, in chars.
const QUOTE_CHARS: usize = 40;

/// Parses the value of an estimate field.
///
/// Leading emphasis and code wrappers (`**`, `_`, `` ` ``) and approximation words (`~`,
/// `about`, `up to`) are skipped, and anything after the estimate is a note and is ignored; the
/// returned [`Estimate::range`] covers only the estimate itself.
pub fn parse_estimate(value: &str) -> EstimateValue {
    let trimmed = value.trim();
    if trimmed.chars().all(is_filler) {
        return EstimateValue::Empty;
    }
    let core = strip_wrappers(trimmed);
    if NONE_WORDS.iter().any(|word| core.eq_ignore_ascii_case(word)) {
        return EstimateValue::Empty;
    }
    let start = skip_lead(value, value.len() - value.trim_start().len());
    if let Some(minus) = rest(value, start).chars().next()
        && matches!(minus, '-' | '−')
        && parse_number(value, start + minus.len_utf8()).is_some()
    {
        return invalid(format!(
            "`{}` is negative: an estimate must be zero or more",
            quote(core)
        ));
    }
    match scan(value, start) {
        Scan::Estimate(estimate) => {
            if estimate.low.is_finite() && estimate.high.is_finite() {
                EstimateValue::Estimate(estimate)
            } else {
                invalid(format!("`{}` is too large to be an estimate", quote(core)))
            }
        }
        Scan::NotAnEstimate => invalid(format!(
            "`{}` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`",
            quote(core)
        )),
        Scan::NoUnit { numbers, example } => {
            let found = rest(value, numbers.start);
            let found = found.get(..numbers.len()).unwrap_or(found);
            let example = quote(&example);
            let days = if example == "1" { "day" } else { "days" };
            let examples = format!("`{example}h`, `{example} {days}` or `{example} SP`");
            let word = unknown_word(value, numbers.end);
            if word.is_empty() {
                invalid(format!("`{}` has no unit: write {examples}", quote(found)))
            } else {
                invalid(format!(
                    "`{}`: `{}` is not a known unit; write minutes, hours, days, weeks or story \
                     points, such as {examples}",
                    quote(core),
                    quote(word)
                ))
            }
        }
        Scan::Reversed => invalid(format!(
            "`{}` has its bounds reversed: write the lower bound first",
            quote(core)
        )),
        Scan::Mixed => invalid(format!(
            "`{}` mixes a duration with story points: write both bounds in one kind of unit",
            quote(core)
        )),
    }
}

/// The outcome of scanning from the first digit.
enum Scan {
    /// An estimate was found.
    Estimate(Estimate),
    /// No number starts the value.
    NotAnEstimate,
    /// Numbers were found without a unit. `numbers` spans them and `example` is them written
    /// compactly, such as `2-3`, for the message.
    NoUnit { numbers: Range<usize>, example: String },
    /// A range whose lower bound is above its upper bound.
    Reversed,
    /// A range with a duration on one side and story points on the other.
    Mixed,
}

/// A number in the text.
#[derive(Clone, Debug)]
struct Number {
    /// Its value.
    value: f64,
    /// Its bytes, without any `+` that follows.
    range: Range<usize>,
}

/// One number with its unit, such as `30m` in `1h 30m`.
#[derive(Clone, Debug)]
struct Term {
    /// The number multiplied by the unit word's factor.
    value: f64,
    /// The unit.
    unit: EstimateUnit,
    /// The unit word's factor, kept so a bare bound of a range can borrow it.
    factor: f64,
    /// The byte where the number starts.
    start: usize,
    /// The byte after the unit word.
    end: usize,
}

/// What [`parse_term`] found.
enum TermScan {
    /// No number at the position.
    NoNumber,
    /// A number with no unit after it; `end` is after the number and any `+`.
    Bare { number: Number, end: usize },
    /// A number with a unit.
    Term(Term),
}

/// One side of a range: either a number with no unit or a quantity with units.
enum Side {
    /// A number with no unit; `end` is after the number and any `+`.
    Bare { number: Number, end: usize },
    /// One term, or a compound of terms in falling units summed into the last term's unit.
    Quantity {
        /// The total in `unit`.
        value: f64,
        /// The smallest unit in the compound.
        unit: EstimateUnit,
        /// The first term, whose unit and factor a bare lower bound borrows.
        first: Term,
        /// The last term, whose unit and factor a bare upper bound borrows.
        last: Term,
    },
}

impl Side {
    /// The byte after this side.
    fn end(&self) -> usize {
        match self {
            Side::Bare { end, .. } => *end,
            Side::Quantity { last, .. } => last.end,
        }
    }

    /// The byte where this side starts.
    fn start(&self) -> usize {
        match self {
            Side::Bare { number, .. } => number.range.start,
            Side::Quantity { first, .. } => first.start,
        }
    }
}

/// Scans an estimate starting at `start`, which is after any wrappers and prefixes.
fn scan(s: &str, start: usize) -> Scan {
    let Some(low) = parse_side(s, start) else {
        return Scan::NotAnEstimate;
    };
    let (start, low_end) = (low.start(), low.end());
    let high = match_range_separator(s, low_end).and_then(|after| parse_side(s, after));
    let (low_value, low_unit, high_value, high_unit, end) = match (low, high) {
        (Side::Quantity { value, unit, .. }, None) => (value, unit, value, unit, low_end),
        (Side::Bare { number, .. }, None) => {
            return Scan::NoUnit {
                example: slice(s, number.range.clone()).to_owned(),
                numbers: number.range,
            };
        }
        (Side::Bare { number: low, .. }, Some(Side::Bare { number: high, .. })) => {
            return Scan::NoUnit {
                example: format!("{}-{}", slice(s, low.range.clone()), slice(s, high.range.clone())),
                numbers: low.range.start..high.range.end,
            };
        }
        (
            Side::Bare { number, .. },
            Some(Side::Quantity {
                value,
                unit,
                first,
                last,
            }),
        ) => {
            // A bare lower bound borrows the upper bound's first unit, as in `2-3 days`.
            let low_value = convert(number.value * first.factor, first.unit, unit);
            (low_value, unit, value, unit, last.end)
        }
        (Side::Quantity { value, unit, last, .. }, Some(Side::Bare { number, end })) => {
            // A bare upper bound borrows the lower bound's last unit, as in `2h-3`, unless a
            // word follows it, as in `3 days - 2 people`, which makes it part of a note.
            if unknown_word(s, end).is_empty() {
                (value, unit, number.value * last.factor, last.unit, end)
            } else {
                (value, unit, value, unit, low_end)
            }
        }
        (
            Side::Quantity { value, unit, .. },
            Some(Side::Quantity {
                value: high_value,
                unit: high_unit,
                last,
                ..
            }),
        ) => (value, unit, high_value, high_unit, last.end),
    };
    if low_unit.is_duration() != high_unit.is_duration() {
        return Scan::Mixed;
    }
    let unit = if low_unit.rank() <= high_unit.rank() {
        low_unit
    } else {
        high_unit
    };
    let low_value = convert(low_value, low_unit, unit);
    let high_value = convert(high_value, high_unit, unit);
    if low_value > high_value {
        return Scan::Reversed;
    }
    // A `+` after the unit, as in `3 days+`, means at least that much, like `3+ days`.
    let end = if rest(s, end).starts_with('+') { end + 1 } else { end };
    Scan::Estimate(Estimate {
        range: start..end,
        low: low_value,
        high: high_value,
        unit,
    })
}

/// Parses one side of a range at `pos`: a bare number, one term, or a compound such as
/// `1h 30m`, `1h30` or `1 hour and 30 minutes`.
fn parse_side(s: &str, pos: usize) -> Option<Side> {
    let first = match parse_term(s, pos) {
        TermScan::NoNumber => return None,
        TermScan::Bare { number, end } => return Some(Side::Bare { number, end }),
        TermScan::Term(term) => term,
    };
    let mut last = first.clone();
    let mut value = first.value;
    loop {
        let mut next = skip_ws(s, last.end);
        if next > last.end
            && let Some(len) = COMPOUND_WORDS.iter().find_map(|word| match_word(s, next, word))
            && skip_ws(s, next + len) > next + len
        {
            next = skip_ws(s, next + len);
        }
        let term = match parse_term(s, next) {
            TermScan::Term(term)
                if term.unit.is_duration() && last.unit.is_duration() && term.unit.rank() < last.unit.rank() =>
            {
                term
            }
            // `1h30` is French for one hour and thirty minutes.
            TermScan::Bare { number, end }
                if last.unit == EstimateUnit::Hours
                    && number.range.start == last.end
                    && end == number.range.end
                    && number.value.fract() == 0.0
                    && number.value < 60.0
                    && !starts_with_latin_letter(rest(s, end)) =>
            {
                Term {
                    value: number.value,
                    unit: EstimateUnit::Minutes,
                    factor: 1.0,
                    start: number.range.start,
                    end,
                }
            }
            _ => break,
        };
        value = convert(value, last.unit, term.unit) + term.value;
        last = term;
    }
    Some(Side::Quantity {
        value,
        unit: last.unit,
        first,
        last,
    })
}

/// Parses a number at `pos`, an optional `+`, and an optional unit word after optional
/// whitespace.
fn parse_term(s: &str, pos: usize) -> TermScan {
    let Some(number) = parse_number(s, pos) else {
        return TermScan::NoNumber;
    };
    let mut end = number.range.end;
    if rest(s, end).starts_with('+') {
        end += 1;
    }
    let unit_start = skip_ws(s, end);
    match match_unit(s, unit_start) {
        Some((unit, factor, len)) => TermScan::Term(Term {
            value: number.value * factor,
            unit,
            factor,
            start: number.range.start,
            end: unit_start + len,
        }),
        None => TermScan::Bare { number, end },
    }
}

/// Parses an unsigned decimal number at `pos`. Digits may be ASCII or full-width, and the
/// decimal separator may be `.`, `,` or a full-width `．` when a digit follows it.
fn parse_number(s: &str, pos: usize) -> Option<Number> {
    let text = rest(s, pos);
    let mut digits = String::from("0");
    let mut end = 0;
    let mut seen_separator = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(digit) = ascii_digit(c) {
            digits.push(digit);
            end = i + c.len_utf8();
        } else if !seen_separator
            && matches!(c, '.' | ',' | '．')
            && chars.peek().is_some_and(|&(_, next)| ascii_digit(next).is_some())
        {
            digits.push('.');
            seen_separator = true;
        } else {
            break;
        }
    }
    if end == 0 {
        return None;
    }
    let value = digits.parse::<f64>().ok()?;
    Some(Number {
        value,
        range: pos..pos + end,
    })
}

/// Maps an ASCII or full-width decimal digit to its ASCII form.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// Matches the longest unit word at `pos`, returning its unit, factor and length in bytes.
fn match_unit(s: &str, pos: usize) -> Option<(EstimateUnit, f64, usize)> {
    UNIT_WORDS
        .iter()
        .filter_map(|&(word, unit, factor)| match_word(s, pos, word).map(|len| (unit, factor, len)))
        .max_by_key(|&(_, _, len)| len)
}

/// Matches a range separator after `pos`, with the whitespace around it, and returns the byte
/// after it.
fn match_range_separator(s: &str, pos: usize) -> Option<usize> {
    let at = skip_ws(s, pos);
    if let Some(len) = RANGE_SYMBOLS
        .iter()
        .filter_map(|symbol| match_word(s, at, symbol))
        .max()
    {
        return Some(skip_ws(s, at + len));
    }
    if at == pos {
        return None;
    }
    let len = RANGE_WORDS.iter().find_map(|word| match_word(s, at, word))?;
    let after = skip_ws(s, at + len);
    (after > at + len).then_some(after)
}

/// Skips whitespace, emphasis and code wrappers, opening brackets, approximation words, and a
/// dash followed by whitespace, which reads as a list dash rather than a minus sign.
fn skip_lead(s: &str, mut pos: usize) -> usize {
    loop {
        let mut chars = rest(s, pos).chars().peekable();
        while let Some(c) = chars.next() {
            let lead = c.is_whitespace()
                || matches!(c, '*' | '_' | '`' | '(' | '[' | '\u{FEFF}')
                || (matches!(c, '-' | '–' | '—') && chars.peek().is_some_and(|n| n.is_whitespace()));
            if !lead {
                break;
            }
            pos += c.len_utf8();
        }
        match PREFIX_WORDS.iter().filter_map(|word| match_word(s, pos, word)).max() {
            Some(len) => pos += len,
            None => return pos,
        }
    }
}

/// Matches `word`, which is lower case, at `pos` case-insensitively and returns its length in
/// bytes. A space in `word` matches a run of whitespace. A word ending in a Latin letter must not
/// be followed by another Latin letter.
fn match_word(s: &str, pos: usize, word: &str) -> Option<usize> {
    let text = rest(s, pos);
    let mut len = 0;
    for expected in word.chars() {
        let found = rest(text, len).chars().next()?;
        if expected == ' ' {
            if !found.is_whitespace() {
                return None;
            }
            len = skip_ws(text, len);
        } else if lower(found) == expected {
            len += found.len_utf8();
        } else {
            return None;
        }
    }
    let ends_in_letter = word.chars().last().is_some_and(is_latin_letter);
    if ends_in_letter && starts_with_latin_letter(rest(text, len)) {
        return None;
    }
    Some(len)
}

/// Returns the word after `pos` and any whitespace, if a letter starts it; the empty string
/// otherwise. It is used to name an unknown unit in a message.
fn unknown_word(s: &str, pos: usize) -> &str {
    let text = rest(s, skip_ws(s, pos));
    let len = text.find(|c: char| !c.is_alphabetic()).unwrap_or(text.len());
    text.get(..len).unwrap_or("")
}

/// Lower-cases a char when that yields exactly one char, and leaves it alone otherwise.
fn lower(c: char) -> char {
    let mut lowered = c.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Returns true for letters of scripts that separate words with spaces; CJK ideographs, kana and
/// Hangul are excluded.
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && !is_cjk(c)
}

/// Returns true if `text` starts with a letter of a script that separates words with spaces.
fn starts_with_latin_letter(text: &str) -> bool {
    text.chars().next().is_some_and(is_latin_letter)
}

/// Returns true for CJK ideographs, kana and Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF65}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// Returns true for chars that a blank value may consist of: whitespace and punctuation other
/// than `?`, which asks a question and so is reported as invalid.
fn is_filler(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii_punctuation() && c != '?')
        || matches!(c, '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '…' | '·' | '•')
}

/// Strips emphasis and code wrappers and whitespace from both ends of `text`.
fn strip_wrappers(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '\u{FEFF}'))
}

/// Converts `value` from one unit to another with the default calendar; points stay points.
fn convert(value: f64, from: EstimateUnit, to: EstimateUnit) -> f64 {
    if from == to {
        value
    } else {
        value * from.default_minutes() / to.default_minutes()
    }
}

/// Skips whitespace at `pos` and returns the byte after it.
fn skip_ws(s: &str, pos: usize) -> usize {
    let text = rest(s, pos);
    pos + (text.len() - text.trim_start().len())
}

/// The text from `pos` on, or the empty string if `pos` is not a char boundary in `s`.
fn rest(s: &str, pos: usize) -> &str {
    s.get(pos..).unwrap_or("")
}

/// The text in `range`, or the empty string if `range` is not on char boundaries in `s`.
fn slice(s: &str, range: Range<usize>) -> &str {
    s.get(range).unwrap_or("")
}

/// Trims `text` and shortens it to [`QUOTE_CHARS`] chars for a message.
fn quote(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}

/// Builds an [`EstimateValue::Invalid`].
fn invalid(message: String) -> EstimateValue {
    EstimateValue::Invalid { message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    /// Formats the parse of each input on one line: the bounds, the unit and the text the range
    /// covers for an estimate, or the message for an invalid value.
    fn render(inputs: &[&str]) -> String {
        let mut out = String::new();
        for input in inputs {
            let line = match parse_estimate(input) {
                EstimateValue::Estimate(e) => {
                    assert!(input.is_char_boundary(e.range.start), "{input:?}");
                    assert!(input.is_char_boundary(e.range.end), "{input:?}");
                    let bounds = if e.low == e.high {
                        format!("{}", e.high)
                    } else {
                        format!("{}..{}", e.low, e.high)
                    };
                    format!("{bounds} {:?} @{:?} {:?}", e.unit, e.range, &input[e.range.clone()])
                }
                EstimateValue::Invalid { message } => format!("invalid: {message}"),
                EstimateValue::Empty => "empty".to_owned(),
            };
            out.push_str(&format!("{input:?} => {line}\n"));
        }
        out
    }

    #[test]
    fn durations() {
        let inputs = [
            "4h",
            "4 h",
            "1.5h",
            "0,5 d",
            "4 hours",
            "1 hour",
            "30 minutes",
            "15 min",
            "45m",
            "2 days",
            "1 day",
            "2d",
            "1 week",
            "2 weeks",
            "1w",
            "8 hrs",
            "2 hr",
            "4H",
            "2 Days",
            "3 HOURS",
            ".5h",
            "2 min.",
            "0h",
            "1 fortnight",
            "3 person-days",
            "2 working  days",
        ];
        expect![[r#"
            "4h" => 4 Hours @0..2 "4h"
            "4 h" => 4 Hours @0..3 "4 h"
            "1.5h" => 1.5 Hours @0..4 "1.5h"
            "0,5 d" => 0.5 Days @0..5 "0,5 d"
            "4 hours" => 4 Hours @0..7 "4 hours"
            "1 hour" => 1 Hours @0..6 "1 hour"
            "30 minutes" => 30 Minutes @0..10 "30 minutes"
            "15 min" => 15 Minutes @0..6 "15 min"
            "45m" => 45 Minutes @0..3 "45m"
            "2 days" => 2 Days @0..6 "2 days"
            "1 day" => 1 Days @0..5 "1 day"
            "2d" => 2 Days @0..2 "2d"
            "1 week" => 1 Weeks @0..6 "1 week"
            "2 weeks" => 2 Weeks @0..7 "2 weeks"
            "1w" => 1 Weeks @0..2 "1w"
            "8 hrs" => 8 Hours @0..5 "8 hrs"
            "2 hr" => 2 Hours @0..4 "2 hr"
            "4H" => 4 Hours @0..2 "4H"
            "2 Days" => 2 Days @0..6 "2 Days"
            "3 HOURS" => 3 Hours @0..7 "3 HOURS"
            ".5h" => 0.5 Hours @0..3 ".5h"
            "2 min." => 2 Minutes @0..5 "2 min"
            "0h" => 0 Hours @0..2 "0h"
            "1 fortnight" => 2 Weeks @0..11 "1 fortnight"
            "3 person-days" => 3 Days @0..13 "3 person-days"
            "2 working  days" => 2 Days @0..15 "2 working  days"
        "#]]
        .assert_eq(&render(&inputs));
    }

    #[test]
    fn compounds_and_ranges() {
        let inputs = [
            "1h 30m",
            "1h30m",
            "1 hour 30 minutes",
            "1 hour and 30 minutes",
            "2d 4h",
            "1w 2d",
            "1h30",
            "1h30 - 2h",
            "1h 30",
            "30m 1h",
            "2h 2h",
            "2-3 days",
            "2 - 3 days",
            "45-60 minutes",
            "3-4 hours",
            "2h-4h",
            "1–2 weeks",
            "1—2 weeks",
            "2~3 days",
            "2 to 3 days",
            "2..3 days",
            "2h-3",
            "2h-1d",
            "3-3 days",
            "1h - 1h 30m",
            "2-3 fortnights",
            "3+ days",
            "3 days+",
            "~4h",
            "≈ 2 days",
            "about 3 hours",
            "approx. 2h",
            "approx 2h",
            "approximately 1 week",
            "< 4h",
            "up to 2 days",
            "Up To 2 days",
            "~~4h~~",
        ];
        expect![[r#"
            "1h 30m" => 90 Minutes @0..6 "1h 30m"
            "1h30m" => 90 Minutes @0..5 "1h30m"
            "1 hour 30 minutes" => 90 Minutes @0..17 "1 hour 30 minutes"
            "1 hour and 30 minutes" => 90 Minutes @0..21 "1 hour and 30 minutes"
            "2d 4h" => 20 Hours @0..5 "2d 4h"
            "1w 2d" => 7 Days @0..5 "1w 2d"
            "1h30" => 90 Minutes @0..4 "1h30"
            "1h30 - 2h" => 90..120 Minutes @0..9 "1h30 - 2h"
            "1h 30" => 1 Hours @0..2 "1h"
            "30m 1h" => 30 Minutes @0..3 "30m"
            "2h 2h" => 2 Hours @0..2 "2h"
            "2-3 days" => 2..3 Days @0..8 "2-3 days"
            "2 - 3 days" => 2..3 Days @0..10 "2 - 3 days"
            "45-60 minutes" => 45..60 Minutes @0..13 "45-60 minutes"
            "3-4 hours" => 3..4 Hours @0..9 "3-4 hours"
            "2h-4h" => 2..4 Hours @0..5 "2h-4h"
            "1–2 weeks" => 1..2 Weeks @0..11 "1–2 weeks"
            "1—2 weeks" => 1..2 Weeks @0..11 "1—2 weeks"
            "2~3 days" => 2..3 Days @0..8 "2~3 days"
            "2 to 3 days" => 2..3 Days @0..11 "2 to 3 days"
            "2..3 days" => 2..3 Days @0..9 "2..3 days"
            "2h-3" => 2..3 Hours @0..4 "2h-3"
            "2h-1d" => 2..8 Hours @0..5 "2h-1d"
            "3-3 days" => 3 Days @0..8 "3-3 days"
            "1h - 1h 30m" => 60..90 Minutes @0..11 "1h - 1h 30m"
            "2-3 fortnights" => 4..6 Weeks @0..14 "2-3 fortnights"
            "3+ days" => 3 Days @0..7 "3+ days"
            "3 days+" => 3 Days @0..7 "3 days+"
            "~4h" => 4 Hours @1..3 "4h"
            "≈ 2 days" => 2 Days @4..10 "2 days"
            "about 3 hours" => 3 Hours @6..13 "3 hours"
            "approx. 2h" => 2 Hours @8..10 "2h"
            "approx 2h" => 2 Hours @7..9 "2h"
            "approximately 1 week" => 1 Weeks @14..20 "1 week"
            "< 4h" => 4 Hours @2..4 "4h"
            "up to 2 days" => 2 Days @6..12 "2 days"
            "Up To 2 days" => 2 Days @6..12 "2 days"
            "~~4h~~" => 4 Hours @2..4 "4h"
        "#]]
        .assert_eq(&render(&inputs));
    }

    #[test]
    fn points() {
        let inputs = [
            "3 SP",
            "3SP",
            "5 points",
            "1 point",
            "8 pts",
            "5 story points",
            "3 pt",
            "2-3 SP",
            "5 sp",
        ];
        expect![[r#"
            "3 SP" => 3 Points @0..4 "3 SP"
            "3SP" => 3 Points @0..3 "3SP"
            "5 points" => 5 Points @0..8 "5 points"
            "1 point" => 1 Points @0..7 "1 point"
            "8 pts" => 8 Points @0..5 "8 pts"
            "5 story points" => 5 Points @0..14 "5 story points"
            "3 pt" => 3 Points @0..4 "3 pt"
            "2-3 SP" => 2..3 Points @0..6 "2-3 SP"
            "5 sp" => 5 Points @0..4 "5 sp"
        "#]]
        .assert_eq(&render(&inputs));
    }

    #[test]
    fn notes_and_wrappers() {
        let inputs = [
            "2h (includes review)",
            "2-3 days (incl. review)",
            "3 days - depends on API",
            "3 days – 2 for dev, 1 for test",
            "3 days - 2 people",
            "4h, maybe less",
            "  4h  ",
            "**4h**",
            "`2d`",
            "_3 hours_",
            "**2-3 days** (rough)",
            "(4h)",
            "2 days 3 SP",
            "3 days or less",
            "2h程度",
        ];
        expect![[r#"
            "2h (includes review)" => 2 Hours @0..2 "2h"
            "2-3 days (incl. review)" => 2..3 Days @0..8 "2-3 days"
            "3 days - depends on API" => 3 Days @0..6 "3 days"
            "3 days – 2 for dev, 1 for test" => 3 Days @0..6 "3 days"
            "3 days - 2 people" => 3 Days @0..6 "3 days"
            "4h, maybe less" => 4 Hours @0..2 "4h"
            "  4h  " => 4 Hours @2..4 "4h"
            "**4h**" => 4 Hours @2..4 "4h"
            "`2d`" => 2 Days @1..3 "2d"
            "_3 hours_" => 3 Hours @1..8 "3 hours"
            "**2-3 days** (rough)" => 2..3 Days @2..10 "2-3 days"
            "(4h)" => 4 Hours @1..3 "4h"
            "2 days 3 SP" => 2 Days @0..6 "2 days"
            "3 days or less" => 3 Days @0..6 "3 days"
            "2h程度" => 2 Hours @0..2 "2h"
        "#]]
        .assert_eq(&render(&inputs));
    }

    #[test]
    fn other_languages() {
        let inputs = [
            "2-3 horas",
            "1 hora",
            "3 días",
            "3 dias",
            "1 día",
            "2 semanas",
            "1 semana",
            "30 minutos",
            "1 hora y 30 minutos",
            "2 a 3 días",
            "3 jours",
            "1 jour",
            "3j",
            "2 heures",
            "1 heure",
            "2 semaines",
            "15 minutes",
            "2 Stunden",
            "1 Stunde",
            "4 Std",
            "3 Tage",
            "1 Tag",
            "12 Arbeitstage",
            "1 Arbeitstag",
            "2 Wochen",
            "1 Woche",
            "30 Minuten",
            "2 bis 3 Tage",
            "ca. 2 Tage",
            "1時間",
            "15分",
            "3日",
            "2週間",
            "1週",
            "5人日",
            "約2時間",
            "2〜3日",
            "２時間",
            "１．５日",
            "2小时",
            "1小時",
            "30分钟",
            "3天",
            "5人天",
            "10工作日",
            "2周",
            "30분",
            "1시간",
            "3일",
            "2주",
            "1시간 30분",
        ];
        expect![[r#"
            "2-3 horas" => 2..3 Hours @0..9 "2-3 horas"
            "1 hora" => 1 Hours @0..6 "1 hora"
            "3 días" => 3 Days @0..7 "3 días"
            "3 dias" => 3 Days @0..6 "3 dias"
            "1 día" => 1 Days @0..6 "1 día"
            "2 semanas" => 2 Weeks @0..9 "2 semanas"
            "1 semana" => 1 Weeks @0..8 "1 semana"
            "30 minutos" => 30 Minutes @0..10 "30 minutos"
            "1 hora y 30 minutos" => 90 Minutes @0..19 "1 hora y 30 minutos"
            "2 a 3 días" => 2..3 Days @0..11 "2 a 3 días"
            "3 jours" => 3 Days @0..7 "3 jours"
            "1 jour" => 1 Days @0..6 "1 jour"
            "3j" => 3 Days @0..2 "3j"
            "2 heures" => 2 Hours @0..8 "2 heures"
            "1 heure" => 1 Hours @0..7 "1 heure"
            "2 semaines" => 2 Weeks @0..10 "2 semaines"
            "15 minutes" => 15 Minutes @0..10 "15 minutes"
            "2 Stunden" => 2 Hours @0..9 "2 Stunden"
            "1 Stunde" => 1 Hours @0..8 "1 Stunde"
            "4 Std" => 4 Hours @0..5 "4 Std"
            "3 Tage" => 3 Days @0..6 "3 Tage"
            "1 Tag" => 1 Days @0..5 "1 Tag"
            "12 Arbeitstage" => 12 Days @0..14 "12 Arbeitstage"
            "1 Arbeitstag" => 1 Days @0..12 "1 Arbeitstag"
            "2 Wochen" => 2 Weeks @0..8 "2 Wochen"
            "1 Woche" => 1 Weeks @0..7 "1 Woche"
            "30 Minuten" => 30 Minutes @0..10 "30 Minuten"
            "2 bis 3 Tage" => 2..3 Days @0..12 "2 bis 3 Tage"
            "ca. 2 Tage" => 2 Days @4..10 "2 Tage"
            "1時間" => 1 Hours @0..7 "1時間"
            "15分" => 15 Minutes @0..5 "15分"
            "3日" => 3 Days @0..4 "3日"
            "2週間" => 2 Weeks @0..7 "2週間"
            "1週" => 1 Weeks @0..4 "1週"
            "5人日" => 5 Days @0..7 "5人日"
            "約2時間" => 2 Hours @3..10 "2時間"
            "2〜3日" => 2..3 Days @0..8 "2〜3日"
            "２時間" => 2 Hours @0..9 "２時間"
            "１．５日" => 1.5 Days @0..12 "１．５日"
            "2小时" => 2 Hours @0..7 "2小时"
            "1小時" => 1 Hours @0..7 "1小時"
            "30分钟" => 30 Minutes @0..8 "30分钟"
            "3天" => 3 Days @0..4 "3天"
            "5人天" => 5 Days @0..7 "5人天"
            "10工作日" => 10 Days @0..11 "10工作日"
            "2周" => 2 Weeks @0..4 "2周"
            "30분" => 30 Minutes @0..5 "30분"
            "1시간" => 1 Hours @0..7 "1시간"
            "3일" => 3 Days @0..4 "3일"
            "2주" => 2 Weeks @0..4 "2주"
            "1시간 30분" => 90 Minutes @0..13 "1시간 30분"
        "#]]
        .assert_eq(&render(&inputs));
    }

    #[test]
    fn invalid_and_empty() {
        let inputs = [
            "TBD",
            "?",
            "soon",
            "S (1-2 files)",
            "large",
            "2",
            "2-3",
            "2 - 3",
            "3+",
            "2 months",
            "2-3 months",
            "2 minimum",
            "1",
            "1/2 day",
            "1e999 h",
            "5-3 days",
            "1d-2h",
            "-2h",
            "- 2h",
            "−1 day",
            "~-2h",
            "2h-3 SP",
            "**TBD**",
            "a very long explanation that goes on and on about why there is no estimate",
            "",
            "   ",
            "-",
            "—",
            "**-**",
            "n/a",
            "N/A",
            "none",
            "None",
        ];
        expect![[r#"
            "TBD" => invalid: `TBD` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "?" => invalid: `?` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "soon" => invalid: `soon` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "S (1-2 files)" => invalid: `S (1-2 files)` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "large" => invalid: `large` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "2" => invalid: `2` has no unit: write `2h`, `2 days` or `2 SP`
            "2-3" => invalid: `2-3` has no unit: write `2-3h`, `2-3 days` or `2-3 SP`
            "2 - 3" => invalid: `2 - 3` has no unit: write `2-3h`, `2-3 days` or `2-3 SP`
            "3+" => invalid: `3` has no unit: write `3h`, `3 days` or `3 SP`
            "2 months" => invalid: `2 months`: `months` is not a known unit; write minutes, hours, days, weeks or story points, such as `2h`, `2 days` or `2 SP`
            "2-3 months" => invalid: `2-3 months`: `months` is not a known unit; write minutes, hours, days, weeks or story points, such as `2-3h`, `2-3 days` or `2-3 SP`
            "2 minimum" => invalid: `2 minimum`: `minimum` is not a known unit; write minutes, hours, days, weeks or story points, such as `2h`, `2 days` or `2 SP`
            "1" => invalid: `1` has no unit: write `1h`, `1 day` or `1 SP`
            "1/2 day" => invalid: `1` has no unit: write `1h`, `1 day` or `1 SP`
            "1e999 h" => invalid: `1e999 h`: `e` is not a known unit; write minutes, hours, days, weeks or story points, such as `1h`, `1 day` or `1 SP`
            "5-3 days" => invalid: `5-3 days` has its bounds reversed: write the lower bound first
            "1d-2h" => invalid: `1d-2h` has its bounds reversed: write the lower bound first
            "-2h" => invalid: `-2h` is negative: an estimate must be zero or more
            "- 2h" => 2 Hours @2..4 "2h"
            "−1 day" => invalid: `−1 day` is negative: an estimate must be zero or more
            "~-2h" => invalid: `~-2h` is negative: an estimate must be zero or more
            "2h-3 SP" => invalid: `2h-3 SP` mixes a duration with story points: write both bounds in one kind of unit
            "**TBD**" => invalid: `TBD` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "a very long explanation that goes on and on about why there is no estimate" => invalid: `a very long explanation that goes on and…` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "" => empty
            "   " => empty
            "-" => empty
            "—" => empty
            "**-**" => empty
            "n/a" => empty
            "N/A" => empty
            "none" => empty
            "None" => empty
        "#]]
        .assert_eq(&render(&inputs));
    }

    #[test]
    fn multi_byte_ranges() {
        let inputs = [
            "  ~２–３ 時間（レビュー込み）",
            "≈ 1,5 Tage — grob",
            "🙂 2h",
            "2h 🙂",
            "2 días\u{301}",
        ];
        expect![[r#"
            "  ~２–３ 時間（レビュー込み）" => 2..3 Hours @3..19 "２–３ 時間"
            "≈ 1,5 Tage — grob" => 1.5 Days @4..12 "1,5 Tage"
            "🙂 2h" => invalid: `🙂 2h` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`
            "2h 🙂" => 2 Hours @0..2 "2h"
            "2 días\u{301}" => 2 Days @0..7 "2 días"
        "#]]
        .assert_eq(&render(&inputs));
    }

    #[test]
    fn hours_use_the_calendar() {
        let hours = |text: &str, calendar: &Calendar| match parse_estimate(text) {
            EstimateValue::Estimate(e) => (e.low_hours(calendar), e.hours(calendar), e.points()),
            other => panic!("{text:?} parsed as {other:?}"),
        };
        let default = Calendar::default();
        assert_eq!(
            default,
            Calendar {
                hours_per_day: 8.0,
                days_per_week: 5.0
            }
        );
        assert_eq!(hours("2 days", &default), (Some(16.0), Some(16.0), None));
        assert_eq!(hours("1 week", &default), (Some(40.0), Some(40.0), None));
        assert_eq!(hours("30 minutes", &default), (Some(0.5), Some(0.5), None));
        assert_eq!(hours("1h 30m", &default), (Some(1.5), Some(1.5), None));
        assert_eq!(hours("2-3 days", &default), (Some(16.0), Some(24.0), None));
        let short = Calendar {
            hours_per_day: 6.0,
            days_per_week: 4.0,
        };
        assert_eq!(hours("1.5 days", &short), (Some(9.0), Some(9.0), None));
        assert_eq!(hours("1 week", &short), (Some(24.0), Some(24.0), None));
        assert_eq!(hours("5 SP", &short), (None, None, Some(5.0)));
    }

    #[test]
    fn unit_table_is_well_formed() {
        for unit in [
            EstimateUnit::Minutes,
            EstimateUnit::Hours,
            EstimateUnit::Days,
            EstimateUnit::Weeks,
            EstimateUnit::Points,
        ] {
            assert!(UNIT_WORDS.iter().any(|&(_, u, _)| u == unit), "{unit:?} has a word");
        }
        for &(word, _, factor) in UNIT_WORDS {
            assert_eq!(word, word.to_lowercase(), "unit words are lower case");
            assert!(factor > 0.0);
        }
    }

    #[test]
    fn never_panics() {
        let inputs = [
            "\u{0}",
            "\u{0}4h",
            "1e999 h",
            "9999999999999999999999 h",
            &"9".repeat(400),
            &format!("{} h", "9".repeat(400)),
            &format!("{} weeks", "9".repeat(305)),
            "🙂",
            "🙂🙂🙂 h",
            "e\u{301}\u{301}\u{301}",
            "2\u{301}h",
            "2h\u{301}",
            "2 ",
            "2-",
            "2 -",
            "2 to",
            "~",
            "about",
            "1.",
            "1,",
            "1..",
            "１",
            "+",
            "2++h",
            "İ",
            "2 İ",
            "\u{FEFF}2h",
            "\t\n2h\r\n",
            "ǅ",
            "1h30m45s",
        ];
        for input in inputs {
            if let EstimateValue::Estimate(e) = parse_estimate(input) {
                assert!(input.get(e.range.clone()).is_some(), "{input:?}");
                assert!(e.low.is_finite() && e.high.is_finite() && e.low <= e.high, "{input:?}");
            }
        }
        // Every prefix of every test input, cut at each char boundary, must parse without panic.
        for input in [
            "  ~２–３ 時間（レビュー込み）",
            "≈ 1,5 Tage — grob",
            "1 hour and 30 minutes",
        ] {
            for (i, _) in input.char_indices() {
                let _ = parse_estimate(&input[..i]);
                let _ = parse_estimate(&input[i..]);
            }
        }
    }
}
