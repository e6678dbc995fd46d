//! Finds task identifiers mentioned in free text: prose, table cells, code blocks, critical
//! path lines. A mention is a navigable reference, never a dependency edge.
//!
//! A mention is explicit when a task word precedes it (`Task 1.2`, `Tasks 2.1, 2.2`,
//! `Tarea 3.1`, `任务1`); otherwise it is a bare token shaped like an identifier (`1.2`,
//! `TASK-002`, `#7.1`, `T012`), which the model keeps only when a task has that identifier.

use std::ops::Range;

/// The words that introduce task identifiers, lower-cased, singular and plural.
pub const TASK_WORDS: &[&str] = &[
    "tasks",
    "task",
    "tareas",
    "tarea",
    "tâches",
    "tâche",
    "taches",
    "tache",
    "aufgaben",
    "aufgabe",
    "stories",
    "story",
    "subtasks",
    "subtask",
    "任务",
    "任務",
    "タスク",
    "태스크",
    "작업",
];

/// One identifier found in text, with the byte range of the identifier alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionToken {
    /// The identifier's range (no task word, no `#`).
    pub id: Range<usize>,
    /// True when a task word introduced it.
    pub explicit: bool,
}

/// Scans `text` for task identifiers, in order.
pub fn scan_mentions(text: &str) -> Vec<MentionToken> {
    let bytes = text.as_bytes();
    let mut out: Vec<MentionToken> = Vec::new();
    let mut i = 0;
    // Position up to which identifiers continue a list opened by a task word.
    let mut list_open_until: Option<usize> = None;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let prev = text[..i].chars().next_back();
        let at_word_start = prev.is_none_or(|c| !c.is_alphanumeric() && c != '_');
        if at_word_start && let Some(after_word) = task_word_at(text, i) {
            let mut j = skip_spaces(text, after_word);
            if text[j..].starts_with('#') {
                j += 1;
            }
            if let Some(end) = id_at(text, j) {
                out.push(MentionToken {
                    id: j..end,
                    explicit: true,
                });
                list_open_until = Some(end);
                i = end;
                continue;
            }
        }
        if let Some(list_end) = list_open_until {
            // Continue a list: `, 2.2`, ` and 2.3`, `、2.4`, `, #7.8`, `-2.4` for ranges.
            if let Some((start, end)) = list_continuation(text, list_end) {
                out.push(MentionToken {
                    id: start..end,
                    explicit: true,
                });
                list_open_until = Some(end);
                i = end;
                continue;
            }
            list_open_until = None;
        }
        let boundary_before = prev.is_none_or(|c| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-'));
        if boundary_before {
            let start = if bytes[i] == b'#' { i + 1 } else { i };
            if let Some(end) = id_at(text, start)
                && looks_like_bare_id(&text[start..end], bytes[i] == b'#')
                && !after_requirement_word(text, i)
            {
                out.push(MentionToken {
                    id: start..end,
                    explicit: false,
                });
                i = end;
                continue;
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// True when a bare number follows a word that makes it a requirement number, not a task
/// (`Validates: Requirements 1.3`, `要件 6.1`), earlier on the same line.
fn after_requirement_word(text: &str, at: usize) -> bool {
    let mut start = at.saturating_sub(48);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = text[start..at].to_lowercase();
    [
        "requirement",
        "要件",
        "需求",
        "요구사항",
        "requisito",
        "exigence",
        "anforderung",
    ]
    .iter()
    .any(|w| before.contains(w))
}

/// Words and dashes that join the two ends of a range of IDs in prose (`DEC-001 through
/// DEC-025`, `T008–T020b`).
const RANGE_JOINERS: &[&str] = &[
    "through", "thru", "to", "until", "bis", "hasta", "à", "a", "-", "–", "—", "~", "〜", "～",
];

/// The identifiers a text mentions, with the ranges among them joined: each entry is one ID,
/// or the two ends of a range (`DEC-001 through DEC-025` gives `(DEC-001, Some(DEC-025))`).
pub fn scan_id_ranges(text: &str) -> Vec<(Range<usize>, Option<Range<usize>>)> {
    let tokens = scan_mentions(text);
    let mut out: Vec<(Range<usize>, Option<Range<usize>>)> = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let first = tokens[k].id.clone();
        if let Some(next) = tokens.get(k + 1) {
            let between = text[first.end..next.id.start].trim();
            let between = between.trim_end_matches(|c: char| c == '#' || c.is_whitespace());
            let word = between
                .split_whitespace()
                .filter(|w| !TASK_WORDS.contains(&w.to_lowercase().as_str()))
                .collect::<Vec<_>>();
            if let [joiner] = word.as_slice()
                && RANGE_JOINERS.contains(&joiner.to_lowercase().as_str())
            {
                out.push((first, Some(next.id.clone())));
                k += 2;
                continue;
            }
        }
        out.push((first, None));
        k += 1;
    }
    out
}

/// The range of a task identifier at the start of a status line's text, after any `~~` or
/// `**`: `Task 1.1`, `1.1`, `T001`.
pub fn leading_task_id(text: &str) -> Option<Range<usize>> {
    let trimmed = text.trim_start_matches(['~', '*', ' ']);
    let lead = text.len() - trimmed.len();
    let tokens = scan_mentions(trimmed);
    let first = tokens.first()?;
    let before = trimmed[..first.id.start].trim_end_matches(['#', ' ']).trim();
    let word_ok = before.is_empty() || TASK_WORDS.contains(&before.to_lowercase().as_str());
    word_ok.then(|| first.id.start + lead..first.id.end + lead)
}

/// True when the text holds an arrow (`→`, `->`, `⟶`, `=>`) between identifiers: the shape of
/// a declared critical path.
pub fn has_arrow(text: &str) -> bool {
    text.contains('→') || text.contains("->") || text.contains('⟶') || text.contains("=>")
}

fn task_word_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let first = rest.chars().next()?;
    // Every task word starts with one of these; most positions are rejected here.
    if !matches!(first, 't' | 'T' | 's' | 'S' | 'a' | 'A' | '任' | 'タ' | '태' | '작') {
        return None;
    }
    for word in TASK_WORDS {
        if starts_with_ignore_case(rest, word) {
            let after = i + word.len();
            let next = text[after..].chars().next();
            // Latin words need a word boundary; CJK words may be glued to the number.
            if word.is_ascii() && next.is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            return Some(after);
        }
    }
    None
}

/// True when `text` starts with `word` (lower-case), ignoring the case of `text`, without
/// allocating.
fn starts_with_ignore_case(text: &str, word: &str) -> bool {
    let mut chars = text.chars();
    for expected in word.chars() {
        match chars.next() {
            // An ASCII letter's lower case is one ASCII letter: the general test, which
            // builds a lower-casing iterator, is left for the other characters.
            Some(c) if c.is_ascii() && (c == expected || c.to_ascii_lowercase() == expected) => {}
            Some(c) if !c.is_ascii() && (c == expected || c.to_lowercase().eq(std::iter::once(expected))) => {}
            _ => return false,
        }
    }
    true
}

/// Skips spaces, tabs and no-break spaces (two bytes each) from `i`.
fn skip_spaces(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next().filter(|c| matches!(c, ' ' | '\t' | '\u{a0}')) {
        i += c.len_utf8();
    }
    i
}

/// Reads an identifier at `i` with the shared grammar ([`crate::lex::id`]) and returns its end:
/// `1.2`, `029`, `2.1a`, `I-1.2`, `A.1`, `TASK-002`, `DEC-001`, `T012`, `T005b`, `T007.1`.
/// A prefix must be written in capitals, and a wildcard (`2.x`) is not a mention.
pub fn id_at(text: &str, i: usize) -> Option<usize> {
    let id = crate::lex::id::scan_id(text, i)?;
    (id.prefix_upper && id.wildcard_end.is_none()).then_some(id.end)
}

/// Decides whether a bare token (no task word) is shaped enough like an identifier to keep as
/// a candidate: plain integers are not (too many numbers in prose), dotted numbers, prefixed
/// and `T` identifiers are, and `#` numbers are.
fn looks_like_bare_id(token: &str, after_hash: bool) -> bool {
    if after_hash {
        return true;
    }
    if token.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    true
}

fn list_continuation(text: &str, end: usize) -> Option<(usize, usize)> {
    let rest = &text[end..];
    let mut j = end;
    let separators: [&str; 11] = [
        ", ", ",", "、", "，", " and ", " & ", " y ", " et ", " und ", " / ", "-",
    ];
    let sep = separators.iter().find(|s| rest.starts_with(**s))?;
    j += sep.len();
    j = skip_spaces(text, j);
    if let Some(after_word) = task_word_at(text, j) {
        j = skip_spaces(text, after_word);
    }
    if text[j..].starts_with('#') {
        j += 1;
    }
    let id_end = id_at(text, j)?;
    Some((j, id_end))
}

/// How many lines the parallel claims (`group_opener` in the analysis) looks back from a list item of mentions for the label that
/// opens a group.
pub(crate) const GROUP_LOOK_BACK: usize = 40;

/// Where the walk back from a line for its group label ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GroupWalk {
    /// The line is not a list item, so no walk is made.
    NotAList,
    /// The walk stops at this line, the first above that is neither blank nor a plain list
    /// item; only this line's text decides the group.
    StopsAt(usize),
    /// Every line within [`GROUP_LOOK_BACK`] (or up to the top) is blank or a list item.
    NoStop,
}

/// The walk the parallel claims make from `line`; shared with the keystroke cutoff, which must
/// know which lines the walk reads.
pub(crate) fn group_walk(rope: &ropey::Rope, line: usize) -> GroupWalk {
    let own = rope.line(line).to_string();
    let own = own.trim_start();
    if !own.starts_with(['-', '*', '+']) && !own.starts_with(|c: char| c.is_ascii_digit()) {
        return GroupWalk::NotAList;
    }
    for back in 1..=GROUP_LOOK_BACK {
        let Some(previous) = line.checked_sub(back) else {
            return GroupWalk::NoStop;
        };
        let text = rope.line(previous).to_string();
        let trimmed = text.trim_start();
        if trimmed.is_empty() || (trimmed.starts_with(['-', '*', '+']) && !trimmed.starts_with("**")) {
            continue;
        }
        return GroupWalk::StopsAt(previous);
    }
    GroupWalk::NoStop
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn render(inputs: &[&str]) -> String {
        let mut out = String::new();
        for text in inputs {
            let found: Vec<String> = scan_mentions(text)
                .into_iter()
                .map(|m| format!("{}{}", &text[m.id], if m.explicit { "!" } else { "" }))
                .collect();
            out.push_str(&format!("{text:?} -> {}\n", found.join(" ")));
        }
        out
    }

    #[test]
    fn no_break_spaces_after_a_task_word_are_skipped_whole() {
        // U+00A0 is two bytes; stepping one byte at a time used to slice inside it and panic.
        assert_eq!(
            render(&["Task\u{a0}\u{a0}1.2", "Task \u{a0}Create"]),
            "\"Task\\u{a0}\\u{a0}1.2\" -> 1.2!\n\"Task \\u{a0}Create\" -> \n"
        );
    }

    #[test]
    fn mention_shapes() {
        expect![[r#"
            "This task can run in parallel with Tasks 2.2, 2.3" -> 2.2! 2.3!
            "Task 1.1 → Task 1.2 → 2.1" -> 1.1! 1.2! 2.1
            "│ 1.1  │ (Database schema)" -> 1.1
            "| 2.1 | Stripe API changes | High |" -> 2.1
            "Upgrade to v1.2 and 1.1.0 (not IDs)" -> 1.1.0
            "任务1 → 任务3 → 任务6" -> 1! 3! 6!
            "Task #7.1, #7.7, #7.8" -> 7.1! 7.7! 7.8!
            "depends on TASK-025 and DEC-001." -> TASK-025 DEC-001
            "T012 then T005b, Tarea 2.1a" -> T012 T005b 2.1a!
            "in 2024 we had 3 tasks" -> 
            "Tasks 2.1-2.4" -> 2.1! 2.4!
            "Task I-1.2 and II-2.3" -> I-1.2! II-2.3!
            "Task list: none" -> 
        "#]]
        .assert_eq(&render(&[
            "This task can run in parallel with Tasks 2.2, 2.3",
            "Task 1.1 → Task 1.2 → 2.1",
            "│ 1.1  │ (Database schema)",
            "| 2.1 | Stripe API changes | High |",
            "Upgrade to v1.2 and 1.1.0 (not IDs)",
            "任务1 → 任务3 → 任务6",
            "Task #7.1, #7.7, #7.8",
            "depends on TASK-025 and DEC-001.",
            "T012 then T005b, Tarea 2.1a",
            "in 2024 we had 3 tasks",
            "Tasks 2.1-2.4",
            "Task I-1.2 and II-2.3",
            "Task list: none",
        ]));
    }
}
