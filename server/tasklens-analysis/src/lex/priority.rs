//! The priority scales documents write, mapped onto P0 (most urgent) to P3: the template's
//! `P0`–`P3`, named scales (`Critical`/`High`/`Medium`/`Low`) in the languages of the field
//! label table, and the traffic-light emoji some teams use. A document's own scale is its
//! convention; the levels only sort and explain it.

/// Named priorities, lower-cased, with the level each maps to.
const NAMED_LEVELS: &[(&str, u8)] = &[
    ("critical", 0),
    ("blocker", 0),
    ("urgent", 0),
    ("highest", 0),
    ("must", 0),
    ("kritisch", 0),
    ("crítica", 0),
    ("critica", 0),
    ("crítico", 0),
    ("critique", 0),
    ("緊急", 0),
    ("最高", 0),
    ("紧急", 0),
    ("긴급", 0),
    ("high", 1),
    ("hoch", 1),
    ("alta", 1),
    ("alto", 1),
    ("haute", 1),
    ("élevée", 1),
    ("should", 1),
    ("高", 1),
    ("높음", 1),
    ("상", 1),
    ("medium", 2),
    ("normal", 2),
    ("mittel", 2),
    ("media", 2),
    ("medio", 2),
    ("moyenne", 2),
    ("could", 2),
    ("中", 2),
    ("보통", 2),
    ("중", 2),
    ("low", 3),
    ("lowest", 3),
    ("niedrig", 3),
    ("baja", 3),
    ("bajo", 3),
    ("basse", 3),
    ("faible", 3),
    ("nice to have", 3),
    ("低", 3),
    ("낮음", 3),
    ("하", 3),
];

/// Emoji that stand for a level.
const EMOJI_LEVELS: &[(char, u8)] = &[('🔴', 1), ('🟠', 1), ('🟡', 2), ('🟢', 3), ('🔥', 0)];

/// The level (0 for P0, the most urgent, to 3) a priority value stands for, when it is one
/// of the known scales: `P1`, `High`, `🔴 High`, `HOCH`, `🔥 CRÍTICA - BLOQUEADOR`, `高`.
/// A value that starts with a priority and goes on (`HIGH - Blocks Tasks 3, 6`) is that
/// priority.
pub fn priority_level(value: &str) -> Option<u8> {
    let trimmed = value.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`'));
    let mut chars = trimmed.chars();
    if let Some(first) = chars.clone().next()
        && (first == 'P' || first == 'p')
        && let Some(digit) = chars.nth(1).and_then(|c| c.to_digit(10))
        && !trimmed[2..].starts_with(|c: char| c.is_ascii_digit())
    {
        return u8::try_from(digit).ok();
    }
    let words = trimmed.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = words.to_lowercase();
    let named = NAMED_LEVELS
        .iter()
        .filter(|(word, _)| {
            lower.starts_with(word)
                && lower[word.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric() || !c.is_ascii())
        })
        .max_by_key(|(word, _)| word.len())
        .map(|&(_, level)| level);
    named.or_else(|| {
        let first = trimmed.chars().next()?;
        EMOJI_LEVELS
            .iter()
            .find(|(emoji, _)| *emoji == first)
            .map(|&(_, level)| level)
    })
}

/// True when a word (letters and digits only, as a line splits into) is a priority, as
/// [`priority_level`] reads it: the same answer, without allocating for a word of ASCII.
pub fn is_priority_word(word: &str) -> bool {
    if !word.is_ascii() {
        return priority_level(word).is_some();
    }
    let bytes = word.as_bytes();
    let numbered = bytes.len() >= 2
        && matches!(bytes[0], b'P' | b'p')
        && bytes[1].is_ascii_digit()
        && bytes.get(2).is_none_or(|b| !b.is_ascii_digit());
    // In a word of letters and digits, an ASCII name is a priority only as the whole word.
    numbered || NAMED_LEVELS.iter().any(|(name, _)| word.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::{is_priority_word, priority_level};

    #[test]
    fn a_word_is_a_priority_as_the_level_reader_says() {
        for word in [
            "P0", "p3", "P10", "P1a", "P", "p1x2", "High", "HIGH", "higher", "Élevée", "ÉLEVÉE", "高", "低い",
            "crítica", "must", "x",
        ] {
            assert_eq!(is_priority_word(word), priority_level(word).is_some(), "{word}");
        }
    }

    #[test]
    fn scales_map_onto_p0_to_p3() {
        let cases: &[(&str, Option<u8>)] = &[
            ("P0", Some(0)),
            ("**P2**", Some(2)),
            ("High", Some(1)),
            ("🔴 High", Some(1)),
            ("HOCH", Some(1)),
            ("KRITISCH", Some(0)),
            ("🔥 CRÍTICA - BLOQUEADOR", Some(0)),
            ("ALTA", Some(1)),
            ("HIGH - Blocks Tasks 3, 6, 8", Some(1)),
            ("高", Some(1)),
            ("Medium", Some(2)),
            ("Low", Some(3)),
            ("Highway", None),
            ("P10", None),
            ("soon", None),
        ];
        for (value, level) in cases {
            assert_eq!(priority_level(value), *level, "{value}");
        }
    }
}
