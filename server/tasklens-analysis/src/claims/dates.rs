//! The date a document says it was last updated (`**Last Updated**: January 15, 2025`,
//! `**Letzte Aktualisierung:** 2024-12-06`, `最終更新: 2025年1月15日`) against the dates it
//! records work done on (`**Completed**: January 1, 2026`, `- 2024-12-30: … implementiert`):
//! a document updated last before work it records as done was updated after that, and the
//! stated date is stale. Dates of plans (deadlines, targets, sprints) say nothing about when
//! the text was written, so only a line that says work is done counts.

use crate::codes::Code;
use crate::finding::{Diagnostic, Related};
use crate::lex::claim_words::{DONE_MARKS, DONE_WORDS, LAST_UPDATED_WORDS, MONTH_NAMES, PLANNED_WORDS, RECORDED_WORDS};

use super::{DocumentLines, Fence, contains_word};

/// A calendar day, comparable.
type Day = (u32, u32, u32);

/// True when a line states when the document was last updated, or records work done on a
/// date: [`check`] reads both.
pub(super) fn states_claim(line: &str) -> bool {
    if !has_year(line) {
        return false;
    }
    let lower = line.to_lowercase();
    LAST_UPDATED_WORDS.iter().any(|w| lower.contains(w)) || (records_work(line, &lower) && !dates(line).is_empty())
}

/// True when a line says work is done, and is no plan.
fn records_work(line: &str, lower: &str) -> bool {
    (DONE_WORDS.iter().chain(RECORDED_WORDS).any(|w| contains_word(lower, w))
        || DONE_MARKS.iter().any(|m| line.contains(m)))
        // `Complete by 2025-02-15`, `Target: done 2025-03-01`: a plan, not a record.
        && !PLANNED_WORDS.iter().any(|w| contains_word(lower, w))
}

/// Checks each last-updated date against the latest day the document records work done on.
pub(super) fn check(text: &DocumentLines, out: &mut Vec<Diagnostic>) {
    let mut stated: Vec<(Day, std::ops::Range<usize>)> = Vec::new();
    let mut latest: Option<(Day, std::ops::Range<usize>)> = None;
    for line in text.lines() {
        if line.fence != Fence::None || !line.reads(super::marks::DATES) {
            continue;
        }
        let lower = line.text.to_lowercase();
        if let Some(at) = LAST_UPDATED_WORDS
            .iter()
            .filter_map(|w| lower.find(w).map(|k| k + w.len()))
            .min()
        {
            if let Some((day, range)) = dates(&line.text[at..]).into_iter().next() {
                stated.push((day, line.start + at + range.start..line.start + at + range.end));
            }
            continue;
        }
        if !records_work(line.text, &lower) {
            continue;
        }
        for (day, range) in dates(line.text) {
            if latest.as_ref().is_none_or(|(best, _)| day > *best) {
                latest = Some((day, line.start + range.start..line.start + range.end));
            }
        }
    }
    let Some((last, done_at)) = latest else { return };
    for (day, range) in stated {
        if day < last {
            out.push(Diagnostic {
                related: vec![Related {
                    range: done_at.clone(),
                    message: format!("work recorded as done on {}", iso(last)),
                }],
                ..Diagnostic::new(
                    Code::StatusMismatch,
                    range,
                    format!(
                        "This says the document was last updated on {}, but it records work done on {}, later.",
                        iso(day),
                        iso(last)
                    ),
                )
            });
        }
    }
}

/// True when a text holds four digits in a row, as every date the reader knows does: most
/// lines are passed over without more work.
fn has_year(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    })
}

/// The dates a text writes, each with its range: `2024-12-30`, `January 15, 2025`, `Jan 3,
/// 2026`, `15 January 2025`, `15.01.2025`, `2025年1月15日`, `2025/01/15`.
fn dates(text: &str) -> Vec<(Day, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        if !text.is_char_boundary(at) {
            at += 1;
            continue;
        }
        if (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
            && let Some((day, len)) = date_at(&text[at..])
        {
            out.push((day, at..at + len));
            at += len;
            continue;
        }
        at += 1;
    }
    out
}

/// A date at the start of a text, and its length in bytes.
fn date_at(text: &str) -> Option<(Day, usize)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let number = |s: &str, n: usize| s[..n].parse::<u32>().ok();
    let valid = |y: u32, m: u32, d: u32| {
        ((1990..2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
    };
    let n = digits(text);
    if n == 4 {
        // `2024-12-30`, `2025/01/15`, `2025年1月15日`.
        let year = number(text, 4)?;
        let rest = &text[4..];
        for (sep, month_end, day_end) in [("-", "-", ""), ("/", "/", ""), ("年", "月", "日")] {
            let Some(rest) = rest.strip_prefix(sep) else { continue };
            let m = digits(rest);
            let after_month = rest[m..].strip_prefix(month_end)?;
            let d = digits(after_month);
            if m == 0 || d == 0 || m > 2 || d > 2 {
                return None;
            }
            let tail = &after_month[d..];
            let extra = if day_end.is_empty() {
                0
            } else if tail.starts_with(day_end) {
                day_end.len()
            } else {
                0
            };
            let len = text.len() - tail.len() + extra;
            return valid(year, number(rest, m)?, number(after_month, d)?).map(|day| (day, len));
        }
        return None;
    }
    if n == 1 || n == 2 {
        let first = number(text, n)?;
        let rest = &text[n..];
        // `15.01.2025`.
        if let Some(after) = rest.strip_prefix('.') {
            let m = digits(after);
            let tail = after[m..].strip_prefix('.')?;
            let y = digits(tail);
            if (1..=2).contains(&m) && y == 4 {
                let len = text.len() - tail.len() + 4;
                return valid(number(tail, 4)?, number(after, m)?, first).map(|day| (day, len));
            }
            return None;
        }
        // `15 January 2025`.
        let spaced = rest.trim_start_matches([' ', '.']);
        let (month, name_len) = month_at(spaced)?;
        let tail = spaced[name_len..].trim_start_matches([' ', ',']);
        if digits(tail) != 4 {
            return None;
        }
        let len = text.len() - tail.len() + 4;
        return valid(number(tail, 4)?, month, first).map(|day| (day, len));
    }
    // `January 15, 2025`, `Jan 3, 2026`.
    let (month, name_len) = month_at(text)?;
    let rest = text[name_len..].trim_start_matches(['.', ' ']);
    let d = digits(rest);
    if !(1..=2).contains(&d) {
        return None;
    }
    let tail = rest[d..]
        .trim_start_matches(['s', 't', 'n', 'd', 'r', 'h'])
        .trim_start_matches([',', ' ']);
    if digits(tail) != 4 {
        return None;
    }
    let len = text.len() - tail.len() + 4;
    valid(number(tail, 4)?, month, number(rest, d)?).map(|day| (day, len))
}

/// The month a text starts with, by name (`January`, `Jan`, `Januar`, `enero`), and the
/// name's length.
fn month_at(text: &str) -> Option<(u32, usize)> {
    let word: String = text.chars().take_while(|c| c.is_alphabetic()).collect();
    if word.chars().count() < 3 {
        return None;
    }
    let lower = word.to_lowercase();
    MONTH_NAMES
        .iter()
        .find(|(name, _)| *name == lower || (lower.len() == 3 && name.starts_with(&lower)))
        .map(|&(_, month)| (month, word.len()))
}

/// A day written as ISO 8601.
fn iso((year, month, day): Day) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}
