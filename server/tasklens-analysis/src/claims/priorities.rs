//! Lists that give tasks a priority (`- Tasks 3.1, 3.2 → `P3-Low``, `**High**: 1.1, 1.2`)
//! against each task's own priority field.
//!
//! A line is read only when one side of its arrow or colon is nothing but task IDs and the
//! other nothing but a priority (`P1`, `High`, `P1-High`, `Priority: Low`): `Critical Path:
//! Task 1.1 → Task 1.2` names no priority, and prose is not read. A priority on the scale of
//! `P0`–`P3` is compared with fields on that scale, a named one (`High`, `Alta`, `高`) with
//! named fields, so that a document whose P1 is its "Medium" is not misread.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, Related};
use crate::lex::claim_words::{LIST_JOINING_WORDS, PRIORITY_WORDS, TASK_NOUNS};
use crate::lex::fields::FieldKind;
use crate::lex::priority::priority_level;

use super::{DocumentLines, Fence, named_tasks};

/// The marks between a list of tasks and the priority it gets.
const SEPARATORS: &[&str] = &["→", "->", "⟶", "=>", ":", "："];

/// True when a line may give tasks a priority: the keystroke path analyses an edit of such a
/// line again.
pub(super) fn states_claim(line: &str) -> bool {
    SEPARATORS.iter().any(|s| line.contains(s))
        && line.bytes().any(|b| b.is_ascii_digit())
        && line
            .split(|c: char| !c.is_alphanumeric())
            .any(crate::lex::priority::is_priority_word)
}

/// Checks every line outside code and tasks that gives tasks a priority.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for line in text.lines() {
        if line.fence != Fence::None || !line.reads(super::marks::PRIORITIES) || super::owner(analysis, &line).is_some()
        {
            continue;
        }
        let Some((tasks, priority)) = read_line(analysis, line.text) else {
            continue;
        };
        for (task, range) in tasks {
            let Some(field) = analysis.tasks[task].field(FieldKind::Priority) else {
                continue;
            };
            let value = field.text.trim();
            let field_scale = scale_of(value);
            let (Some(stated), Some(written)) = (priority.level(field_scale), priority_level(value)) else {
                continue;
            };
            if stated == written {
                continue;
            }
            out.push(Diagnostic {
                related: vec![Related {
                    range: field.value.clone(),
                    message: format!("the task's priority: {value}"),
                }],
                ..Diagnostic::new(
                    Code::AssignmentMismatch,
                    line.start + range.start..line.start + range.end,
                    format!(
                        "This gives {} the priority {}, but its priority field says {value}.",
                        analysis.display_name(task),
                        priority.text
                    ),
                )
            });
        }
    }
}

/// Whether a priority is written on the scale of `P0`–`P3` or named.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scale {
    Numbered,
    Named,
}

/// A priority a line gives: its text, and its level on each scale it is written in.
struct Priority {
    text: String,
    numbered: Option<u8>,
    named: Option<u8>,
}

impl Priority {
    /// The level on a field's scale.
    fn level(&self, scale: Scale) -> Option<u8> {
        match scale {
            Scale::Numbered => self.numbered,
            Scale::Named => self.named,
        }
    }
}

/// The scale a priority value is written in.
fn scale_of(value: &str) -> Scale {
    let trimmed = value.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut chars = trimmed.chars();
    if matches!(chars.next(), Some('P' | 'p')) && chars.next().is_some_and(|c| c.is_ascii_digit()) {
        Scale::Numbered
    } else {
        Scale::Named
    }
}

/// Tasks a line names, each with the range of its ID or range of IDs in the line.
type NamedTasks = Vec<(usize, Range<usize>)>;

/// The tasks a line lists, with the range of each ID, and the priority it gives them.
fn read_line(analysis: &Analysis, text: &str) -> Option<(NamedTasks, Priority)> {
    let content = text.trim_start().trim_start_matches(['-', '*', '+']);
    let base = text.len() - content.len();
    let (at, separator) = SEPARATORS
        .iter()
        .filter_map(|s| content.find(s).map(|at| (at, *s)))
        .min_by_key(|&(at, _)| at)?;
    let (left, right) = (&content[..at], &content[at + separator.len()..]);
    let (ids_at, ids, label) = if let Some(priority) = read_priority(right) {
        (base, left, priority)
    } else {
        (base + at + separator.len(), right, read_priority(left)?)
    };
    let named = named_tasks(analysis, ids);
    if named.is_empty() || !only_ids(ids, &named) {
        return None;
    }
    let tasks = named
        .into_iter()
        .flat_map(|(tasks, range)| {
            let range = ids_at + range.start..ids_at + range.end;
            tasks.into_iter().map(move |task| (task, range.clone()))
        })
        .collect();
    Some((tasks, label))
}

/// A side of a line that is nothing but a priority: `P3-Low`, `High`, `Priority: P1`.
fn read_priority(side: &str) -> Option<Priority> {
    let text = side.trim().trim_matches(['*', '_', '`', ' ']);
    let mut priority = Priority {
        text: text.to_string(),
        numbered: None,
        named: None,
    };
    let lower = text.to_lowercase();
    let mut words = 0;
    for word in lower.split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '(' | ')' | '`' | '*')) {
        if word.is_empty() || PRIORITY_WORDS.contains(&word) {
            continue;
        }
        let level = priority_level(word)?;
        words += 1;
        match scale_of(word) {
            Scale::Numbered => priority.numbered = Some(level),
            Scale::Named => priority.named = Some(level),
        }
    }
    (words > 0 && words <= 2).then_some(priority)
}

/// True when a side holds nothing but the IDs read from it, the words that name tasks
/// (`Tasks`), and the words and marks that join a list.
fn only_ids(side: &str, named: &[(Vec<usize>, Range<usize>)]) -> bool {
    let mut rest = side.to_string();
    for (_, range) in named.iter().rev() {
        rest.replace_range(range.clone(), " ");
    }
    rest.to_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '、' | '，' | '&' | '`' | '*' | '#'))
        .filter(|word| !word.is_empty())
        .all(|word| TASK_NOUNS.contains(&word) || LIST_JOINING_WORDS.contains(&word))
}
