//! The one grammar of a task identifier, shared by every lexer that reads IDs: headings,
//! list-item tasks, checklists, dependency values and mentions.
//!
//! Real documents write IDs in many shapes: `1.1`, `2.1a`, `9.1.1`, `029`, `T001`, `T005b`,
//! `T007.1`, `T068A`, `T031a`, `TASK-002`, `DEC-001`, `T-HF01`, `FE2-010`, `I-1.2`, `A.1`, and
//! wildcards such as `2.x`. An ID is a number path (digits, then more dot-separated digit
//! groups) with an optional letter prefix and an optional one-letter suffix:
//!
//! - a prefix of letters (and digits after the first letter) joined by a hyphen, possibly with
//!   more capitals after the hyphen: `TASK-`, `DEC-`, `I-`, `T-HF`, `FE2-`;
//! - up to four capitals glued to the number: `T`, `US`, `REQ`;
//! - one capital and a period: `A.`.
//!
//! [`scan_id`] reads the longest ID at a position and says what shape it has; each caller
//! decides which shapes count where it reads (a heading accepts a bare `2.` only before a
//! title, a sentence accepts no bare integer). The scanner is pure and total: it never panics
//! and every offset it returns lies on a char boundary.

/// The longest letter prefix glued to a number (`TASK001`, `T001`, `US12`).
pub const MAX_GLUED_LETTERS: usize = 4;

/// The longest prefix before a hyphen (`OIDC-025`, `FRONTEND-001`).
pub const MAX_PREFIX_LEN: usize = 12;

/// The shape of an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdShape {
    /// A plain number with an optional lowercase suffix: `3`, `029`, `3a`.
    Number,
    /// A dotted number path: `1.1`, `2.1a`, `9.1.1`.
    Dotted,
    /// Letters and a hyphen before the number: `TASK-002`, `DEC-001`, `I-1.2`, `T-HF01`.
    Prefixed,
    /// One capital and a period before the number: `A.1`.
    LetterPath,
    /// Capitals glued to the number: `T001`, `T007.1`, `T068A`, `US1`.
    Glued,
}

/// An identifier found by [`scan_id`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdScan {
    /// The offset just past the identifier (past `.x` for a wildcard).
    pub end: usize,
    /// The shape.
    pub shape: IdShape,
    /// The length in bytes of the part before the number (`TASK-`, `T`, `A.`, `I-`, `T-HF`; 0
    /// for `1.2`).
    pub prefix_len: usize,
    /// True when every letter of the prefix is a capital (`TASK-002`, not `Task-002`).
    pub prefix_upper: bool,
    /// How many dot-separated numeric parts the number has (`1.2` has 2).
    pub parts: usize,
    /// For a wildcard such as `2.x`, the end of its number (`2`).
    pub wildcard_end: Option<usize>,
}

impl IdScan {
    /// True for shapes that only identifiers take, never a number in prose: a prefix or a
    /// number path with more than one part.
    pub fn is_distinctive(&self) -> bool {
        !matches!(self.shape, IdShape::Number)
    }
}

/// Reads the identifier that starts at `start`, if one does. The identifier ends where no
/// letter or digit follows, unless it is an ideograph (`任务1完成`).
pub fn scan_id(text: &str, start: usize) -> Option<IdScan> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let run = |mut i: usize, accept: fn(u8) -> bool| {
        while accept(at(i)) {
            i += 1;
        }
        i
    };
    let first = at(start);
    let (number_start, shape, prefix_upper) = if first.is_ascii_alphabetic() {
        let letters_end = run(start, |b| b.is_ascii_alphabetic());
        let prefix_end = run(letters_end, |b| b.is_ascii_alphanumeric());
        let upper = text[start..letters_end].bytes().all(|b| b.is_ascii_uppercase());
        // `TASK-002`, `I-1.2`, `FE2-010`, or capitals after the hyphen too (`T-HF01`), but only
        // after a prefix of letters: `T002-T009` is a range of two IDs.
        let hyphenated = (prefix_end - start <= MAX_PREFIX_LEN && at(prefix_end) == b'-')
            .then(|| {
                if prefix_end == letters_end {
                    run(prefix_end + 1, |b| b.is_ascii_uppercase())
                } else {
                    prefix_end + 1
                }
            })
            .filter(|&after| after - (prefix_end + 1) <= MAX_GLUED_LETTERS && at(after).is_ascii_digit());
        if let Some(after) = hyphenated {
            let upper = upper && !text[start..prefix_end].bytes().any(|b| b.is_ascii_lowercase());
            (after, IdShape::Prefixed, upper)
        } else if !upper {
            return None;
        } else if letters_end == start + 1 && at(letters_end) == b'.' && at(letters_end + 1).is_ascii_digit() {
            (letters_end + 1, IdShape::LetterPath, true)
        } else if letters_end - start <= MAX_GLUED_LETTERS && at(letters_end).is_ascii_digit() {
            (letters_end, IdShape::Glued, true)
        } else {
            return None;
        }
    } else if first.is_ascii_digit() {
        (start, IdShape::Number, true)
    } else {
        return None;
    };
    let mut end = run(number_start, |b| b.is_ascii_digit());
    let mut parts = 1;
    while at(end) == b'.' && at(end + 1).is_ascii_digit() {
        end = run(end + 1, |b| b.is_ascii_digit());
        parts += 1;
    }
    let shape = if shape == IdShape::Number && parts > 1 {
        IdShape::Dotted
    } else {
        shape
    };
    let scan = |end: usize, wildcard_end: Option<usize>| IdScan {
        end,
        shape,
        prefix_len: number_start - start,
        prefix_upper,
        parts,
        wildcard_end,
    };
    if at(end) == b'.' && matches!(at(end + 1), b'x' | b'X' | b'*') && latin_boundary(text, end + 2) {
        return Some(scan(end + 2, Some(end)));
    }
    // One letter may end the ID: `2.1a`, `T005b`, and after a prefix a capital too (`T068A`).
    let suffix = at(end).is_ascii_lowercase()
        || (at(end).is_ascii_uppercase() && matches!(shape, IdShape::Prefixed | IdShape::Glued));
    if suffix && latin_boundary(text, end + 1) {
        end += 1;
    }
    latin_boundary(text, end).then(|| scan(end, None))
}

/// True when an identifier may end at `pos`: the text ends there or the next char is not a
/// letter or digit of a script written with spaces (an ideograph may follow, and so may `_`,
/// which closes emphasis: `_Task 2.1_`).
pub fn latin_boundary(text: &str, pos: usize) -> bool {
    text.get(pos..)
        .and_then(|rest| rest.chars().next())
        .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
}

/// True for characters of the ideographic, kana and hangul scripts, which are written without
/// spaces between words and numbers (`任务1`, `フェーズ1完了`).
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11FF
            | 0x3040..=0x30FF
            | 0x3130..=0x318F
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF
            | 0xFF66..=0xFF9F
            | 0x20000..=0x3134F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(&str, IdShape)> {
        scan_id(text, 0).map(|id| (&text[..id.end], id.shape))
    }

    #[test]
    fn shapes_real_documents_write() {
        let cases: &[(&str, Option<(&str, IdShape)>)] = &[
            ("1.1 Title", Some(("1.1", IdShape::Dotted))),
            ("2.1a", Some(("2.1a", IdShape::Dotted))),
            ("9.1.1.", Some(("9.1.1", IdShape::Dotted))),
            ("029", Some(("029", IdShape::Number))),
            ("T001 [P]", Some(("T001", IdShape::Glued))),
            ("T005b", Some(("T005b", IdShape::Glued))),
            ("T007.1 Sub", Some(("T007.1", IdShape::Glued))),
            ("T068A:", Some(("T068A", IdShape::Glued))),
            ("T031a", Some(("T031a", IdShape::Glued))),
            ("TASK-002", Some(("TASK-002", IdShape::Prefixed))),
            ("T-HF01 Hotfix", Some(("T-HF01", IdShape::Prefixed))),
            ("FE2-010", Some(("FE2-010", IdShape::Prefixed))),
            ("I-1.2", Some(("I-1.2", IdShape::Prefixed))),
            ("A.1", Some(("A.1", IdShape::LetterPath))),
            ("任务1完成", None),
            ("1完成", Some(("1", IdShape::Number))),
            ("Task", None),
            ("v2", None),
            ("3D", None),
            ("1.2x3", None),
            ("HTTP2", Some(("HTTP2", IdShape::Glued))),
            ("T002-T009", Some(("T002", IdShape::Glued))),
        ];
        for (text, expected) in cases {
            assert_eq!(read(text), *expected, "{text}");
        }
        let wildcard = scan_id("2.x tasks", 0).expect("a wildcard");
        assert_eq!((wildcard.end, wildcard.wildcard_end), (3, Some(1)));
    }
}
