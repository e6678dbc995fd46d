//! Completion while typing a task: task IDs in a dependency field, field labels at the start of
//! a line inside a task, and the allowed priorities and types after their labels.
//!
//! The context is read from the text of the cursor's line, up to the cursor, and the model
//! tells which task's section the cursor is in. Task IDs come in ID order (`7.2` before
//! `7.10`), without those the task already depends on, and those that would close a cycle or
//! reach into a later phase last.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::lex::fields::{FieldKind, classify_label};
use crate::lex::mention::TASK_WORDS;

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows (and what the client filters on).
    pub label: String,
    /// More about the item: a task's title, what a field holds.
    pub detail: Option<String>,
    /// What kind of item it is.
    pub kind: CompletionKind,
    /// The text the item replaces.
    pub replace: Range<usize>,
    /// The text put in its place.
    pub insert: String,
    /// The key the list is sorted by, for clients that sort on their own.
    pub sort: String,
}

/// What a completion item completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A task ID in a dependency field.
    TaskId,
    /// A field label such as `**Priority**: `.
    FieldLabel,
    /// An allowed value of a field.
    Value,
}

/// The field labels offered at the start of a line, with what each field holds.
const FIELD_LABELS: &[(&str, FieldKind, &str)] = &[
    ("Type", FieldKind::Type, "the kind of work"),
    ("Priority", FieldKind::Priority, "how urgent the task is"),
    ("Estimate", FieldKind::Estimate, "a duration such as 4h or 2 days"),
    ("Assigned To", FieldKind::Assignee, "who does the task"),
    (
        "Dependencies",
        FieldKind::Dependencies,
        "the tasks that must finish first, or None",
    ),
    ("Status", FieldKind::Status, "progress: Not started, In progress, Done"),
    ("Description", FieldKind::Description, "what the task does"),
    (
        "Acceptance Criteria",
        FieldKind::AcceptanceCriteria,
        "a checklist of `- [ ]` items",
    ),
];

/// The completions at a cursor, or none when the cursor is in no context this module knows.
pub fn completions(analysis: &Analysis, offset: usize) -> Vec<Completion> {
    let rope = analysis.model.document().rope();
    if offset > rope.len_bytes() {
        return Vec::new();
    }
    let line_index = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line_index);
    let line = rope.line(line_index).to_string();
    let column = offset - line_start;
    if !line.is_char_boundary(column) {
        return Vec::new();
    }
    let before = &line[..column];
    let after = line[column..].trim_end_matches(['\n', '\r']);
    let content_start = content_start(before);
    let content = &before[content_start..];
    match field_prefix(content) {
        Some(FieldPrefix::Label { partial }) => {
            let Some(task) = analysis.task_containing(offset) else {
                return Vec::new();
            };
            let start = offset - partial.len();
            let end = offset + after.len()
                - after
                    .trim_start_matches(|c: char| c.is_alphabetic() || c == '*' || c == ':')
                    .len();
            label_completions(analysis, task, start..end)
        }
        Some(FieldPrefix::Value { label, value_start }) => {
            let kind = classify_label(label, &analysis.model.document().config().extra_labels);
            let value_start = line_start + content_start + value_start;
            value_completions(analysis, kind, value_start, offset, before, after)
        }
        None => Vec::new(),
    }
}

/// What the text of a line before the cursor is, as far as completion cares.
enum FieldPrefix<'a> {
    /// The start of a field line: nothing yet, or an unfinished bold label (`**Pri`).
    Label { partial: &'a str },
    /// The value of a field, after `**Label**:`; `value_start` is the value's offset in the
    /// line's content.
    Value { label: &'a str, value_start: usize },
}

/// Reads the content of a line before the cursor (markers already stripped).
fn field_prefix(content: &str) -> Option<FieldPrefix<'_>> {
    if content.trim().is_empty() {
        return content.is_empty().then_some(FieldPrefix::Label { partial: content });
    }
    let marker = if content.starts_with("**") {
        "**"
    } else if content.starts_with("__") {
        "__"
    } else if content == "*" || content == "_" {
        return Some(FieldPrefix::Label { partial: content });
    } else {
        return None;
    };
    let inner = &content[2..];
    let Some(close) = inner.find(marker) else {
        let is_word = inner.chars().all(|c| c.is_alphabetic() || c == ' ');
        return is_word.then_some(FieldPrefix::Label { partial: content });
    };
    let label = &inner[..close];
    let rest = &inner[close + 2..];
    let (label, rest_after_colon) = if let Some(label) = label.trim_end().strip_suffix([':', '：']) {
        (label, rest)
    } else {
        let trimmed = rest.trim_start();
        let colon = trimmed.chars().next().filter(|c| matches!(c, ':' | '：'))?;
        (label, &trimmed[colon.len_utf8()..])
    };
    let value = rest_after_colon.trim_start();
    let value_start = content.len() - value.len();
    Some(FieldPrefix::Value { label, value_start })
}

/// Where a line's content starts: after indentation, a block quote marker and a list marker.
fn content_start(line: &str) -> usize {
    let mut pos = line.len() - line.trim_start().len();
    if line[pos..].starts_with('>') {
        pos += 1;
        pos = line.len() - line[pos..].trim_start().len();
    }
    let rest = &line[pos..];
    let bullet = ["- ", "* ", "+ "].iter().find(|marker| rest.starts_with(**marker));
    if let Some(marker) = bullet {
        pos += marker.len();
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && (rest[digits..].starts_with(". ") || rest[digits..].starts_with(") ")) {
            pos += digits + 2;
        }
    }
    if line[pos..].starts_with("[ ] ") || line[pos..].starts_with("[x] ") {
        pos += 4;
    }
    line.len() - line[pos..].trim_start().len()
}

/// The field labels a task does not have yet.
fn label_completions(analysis: &Analysis, task: usize, replace: Range<usize>) -> Vec<Completion> {
    let info = &analysis.tasks[task];
    let config = analysis.model.document().config();
    FIELD_LABELS
        .iter()
        .filter(|(_, kind, _)| info.field(*kind).is_none())
        .map(|(label, kind, about)| {
            let detail = match kind {
                FieldKind::Priority => config.priority_choices().join(", "),
                FieldKind::Type => config.type_choices().join(", "),
                _ => about.to_string(),
            };
            Completion {
                label: label.to_string(),
                detail: Some(detail),
                kind: CompletionKind::FieldLabel,
                replace: replace.clone(),
                insert: format!("**{label}**: "),
                sort: String::new(),
            }
        })
        .collect()
}

/// The completions in a field's value: task IDs for dependencies, allowed values for priority
/// and type.
fn value_completions(
    analysis: &Analysis,
    kind: FieldKind,
    value_start: usize,
    offset: usize,
    before: &str,
    after: &str,
) -> Vec<Completion> {
    let config = analysis.model.document().config();
    let word_after = after.len() - after.trim_start_matches(is_id_char).len();
    match kind {
        FieldKind::Dependencies | FieldKind::Prerequisites => {
            let partial_len = before.len() - before.trim_end_matches(is_id_char).len();
            let partial = &before[before.len() - partial_len..];
            let mut start = offset - partial_len;
            let mut end = offset + word_after;
            // Right after a task word (`Task|`), the ID goes after a space, keeping the word.
            let after_task_word = TASK_WORDS.contains(&partial.to_lowercase().as_str());
            if after_task_word {
                start = offset;
                end = offset;
            }
            let at_value_start = start == value_start && !after_task_word;
            let own = analysis.task_containing(offset);
            let listed: Vec<usize> = own
                .map(|own| {
                    analysis.dependencies[own]
                        .iter()
                        .filter(|d| d.rule.is_none() && (d.range.end < start || d.range.start > end))
                        .map(|d| d.target)
                        .collect()
                })
                .unwrap_or_default();
            let waiting = own.map(|own| waiting_for(analysis, own)).unwrap_or_default();
            let own_phase = own.and_then(|own| analysis.tasks[own].phase);
            let mut candidates: Vec<(bool, Vec<IdPart>, &crate::model::TaskInfo)> = analysis
                .tasks
                .iter()
                .filter(|task| Some(task.index) != own && !listed.contains(&task.index))
                .filter(|task| analysis.task_by_id(&task.id) == Some(task.index))
                .map(|task| {
                    let later_phase = matches!((task.phase, own_phase), (Some(theirs), Some(ours)) if theirs > ours);
                    (
                        waiting.get(task.index).copied().unwrap_or(false) || later_phase,
                        id_order(&task.id),
                        task,
                    )
                })
                .collect();
            candidates.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
            candidates
                .into_iter()
                .enumerate()
                .map(|(rank, (_, _, task))| Completion {
                    label: task.id.clone(),
                    detail: Some(task.title.clone()),
                    kind: CompletionKind::TaskId,
                    replace: start..end,
                    insert: if after_task_word {
                        format!(" {}", task.id)
                    } else if at_value_start {
                        format!("Task {}", task.id)
                    } else {
                        task.id.clone()
                    },
                    sort: format!("{rank:06}"),
                })
                .collect()
        }
        FieldKind::Priority | FieldKind::Type => {
            let allowed = if kind == FieldKind::Priority {
                config.priority_choices()
            } else {
                config.type_choices()
            };
            let start = value_start.min(offset);
            allowed
                .iter()
                .map(|value| Completion {
                    label: value.clone(),
                    detail: None,
                    kind: CompletionKind::Value,
                    replace: start..offset + word_after,
                    insert: value.clone(),
                    sort: String::new(),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// A part of an ID as it sorts: numbers by value, words by their text, so `7.2` comes before
/// `7.10` and `T009` before `T010`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum IdPart {
    /// A run of digits, by value (and by length, for leading zeros).
    Number(u128, usize),
    /// Any other run of characters.
    Text(String),
}

/// The parts of an ID, in order.
fn id_order(id: &str) -> Vec<IdPart> {
    let mut parts = Vec::new();
    let mut rest = id;
    while let Some(first) = rest.chars().next() {
        let digit = first.is_ascii_digit();
        let len = rest.find(|c: char| c.is_ascii_digit() != digit).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(len);
        parts.push(if digit {
            IdPart::Number(run.parse().unwrap_or(u128::MAX), run.len())
        } else {
            IdPart::Text(run.to_string())
        });
        rest = tail;
    }
    parts
}

/// For each task, true when it waits for `own`, directly or through others: depending on it
/// from `own` would close a cycle.
fn waiting_for(analysis: &Analysis, own: usize) -> Vec<bool> {
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); analysis.tasks.len()];
    for (task, dependencies) in analysis.dependencies.iter().enumerate() {
        for dependency in dependencies {
            if let Some(list) = dependents.get_mut(dependency.target) {
                list.push(task);
            }
        }
    }
    let mut waiting = vec![false; analysis.tasks.len()];
    let mut queue = vec![own];
    while let Some(task) = queue.pop() {
        for &dependent in &dependents[task] {
            if !waiting[dependent] {
                waiting[dependent] = true;
                queue.push(dependent);
            }
        }
    }
    waiting
}

/// True for a character that can be part of a task ID being typed.
fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_')
}
