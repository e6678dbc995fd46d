//! Statements of status against the tasks' own: a document, phase or checkpoint said to be
//! complete (`**Status**: ✅ COMPLETED`, `**Checkpoint**: … ✅`) while tasks in it are open;
//! a gantt bar marked `:done` for open tasks; a ticked task whose own note says otherwise
//! (`Status: Not started`, `~80% Complete`, `Blocker: …`, `Missing: …`), which is how a
//! document's legend of checkboxes and notes is broken.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::Diagnostic;
use crate::lex::claim_words::{DONE_MARKS, DONE_WORDS, OPEN_WORDS, STATUS_LABEL_WORDS};

use super::{DocumentLines, Fence};

/// Labels of a task's note that say what is still missing.
const BLOCKER_LABELS: &[&str] = &[
    "blocker",
    "blockers",
    "blocked",
    "missing",
    "remaining",
    "todo",
    "bloqueado",
    "fehlt",
];

/// True when a line states a status in one of the forms [`check`] reads: a status or
/// checkpoint label with a value, a note that says what is missing, or a gantt bar marked
/// done.
pub(super) fn states_claim(line: &str) -> bool {
    if line.to_lowercase().contains(":done") {
        return true;
    }
    let Some((label, value, _)) = labelled(line) else {
        return false;
    };
    let status = STATUS_LABEL_WORDS.iter().any(|w| label == *w || label.ends_with(w)) || label == "progress";
    (status && !value.trim().is_empty()) || BLOCKER_LABELS.contains(&label.as_str())
}

/// True when a line may state a status.
fn reads_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    STATUS_LABEL_WORDS.iter().any(|w| lower.contains(w))
        || DONE_MARKS.iter().any(|m| line.contains(m))
        || lower.contains(":done")
        || BLOCKER_LABELS.iter().any(|w| lower.contains(w))
        || OPEN_WORDS.iter().any(|w| lower.contains(w))
}

/// Checks every status statement.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let first_task = analysis.tasks.iter().map(|t| t.line.start).min().unwrap_or(0);
    let mut notes_reported = 0;
    for line in text.lines() {
        match line.fence {
            Fence::Gantt => gantt_bar(analysis, line.start, line.text, out),
            Fence::None => {
                if !reads_line(line.text) {
                    continue;
                }
                match super::owner(analysis, line.start, line.text) {
                    Some(task) if analysis.tasks[task].line.start != line.start => {
                        if note_contradicts(analysis, task, line.start, line.text, out) {
                            notes_reported += 1;
                        }
                    }
                    Some(_) => {}
                    None => scope_status(analysis, line.start, line.text, first_task, out),
                }
            }
            _ => {}
        }
    }
    let _ = notes_reported;
}

/// The status label of a line and its value: `**Status**: ✅ COMPLETED` → `✅ COMPLETED`.
fn labelled(text: &str) -> Option<(String, &str, usize)> {
    let colon = text.find([':', '：'])?;
    let label = text[..colon]
        .trim_start_matches(['-', '*', ' ', '>', '#'])
        .replace(['*', '_'], "")
        .trim()
        .to_lowercase();
    let value_start = colon + text[colon..].chars().next().map_or(1, char::len_utf8);
    Some((label, &text[value_start..], value_start))
}

/// True when a status value says done and nothing open.
fn says_done(value: &str) -> bool {
    let lower = value.to_lowercase();
    // `未` (not yet) and `待` (awaiting) mark what is still open in Chinese and Japanese.
    let open = OPEN_WORDS.iter().any(|w| lower.contains(w)) || lower.contains(['未', '待']) || lower.contains("not ");
    !open && (DONE_MARKS.iter().any(|m| value.contains(m)) || DONE_WORDS.iter().any(|w| lower.contains(w)))
}

/// A document-level or phase-level status line outside tasks: done while tasks are open.
fn scope_status(analysis: &Analysis, start: usize, text: &str, first_task: usize, out: &mut Vec<Diagnostic>) {
    let Some((label, value, value_start)) = labelled(text) else {
        return;
    };
    if !STATUS_LABEL_WORDS.iter().any(|w| label == *w || label.ends_with(w)) || !says_done(value) {
        return;
    }
    // A checkpoint names what will be true when it is reached; only a mark says it is.
    if label.contains("checkpoint") && !DONE_MARKS.iter().any(|m| value.contains(m)) {
        return;
    }
    // A checkpoint speaks for its phase; a status before the first task for the document.
    let members: Vec<usize>;
    let what: String;
    if let Some(phase) = analysis.phase_at(start) {
        members = (0..analysis.tasks.len())
            .filter(|&t| analysis.tasks[t].phase == Some(phase))
            .collect();
        what = format!("phase {}", analysis.phases[phase].id);
    } else if start < first_task {
        members = (0..analysis.tasks.len()).collect();
        what = "the document".to_string();
    } else {
        return;
    }
    let open: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&t| !analysis.done[t] && !analysis.tasks[t].cancelled && !analysis.tasks[t].optional)
        .filter(|&t| analysis.tasks[t].children == 0)
        .collect();
    if open.is_empty() || members.is_empty() {
        return;
    }
    let names: Vec<&str> = open.iter().take(6).map(|&t| analysis.tasks[t].id.as_str()).collect();
    let more = if open.len() > 6 {
        format!(" and {} more", open.len() - 6)
    } else {
        String::new()
    };
    let value_trim = value.trim_start();
    let lead = value.len() - value_trim.len();
    let range = start + value_start + lead..start + value_start + value.trim_end().len();
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        range,
        format!(
            "This says {what} is complete, but {} of its tasks {} open: {}{more}.",
            open.len(),
            if open.len() == 1 { "is" } else { "are" },
            names.join(", ")
        ),
    ));
}

/// A gantt bar marked `:done` whose tasks are open.
fn gantt_bar(analysis: &Analysis, start: usize, text: &str, out: &mut Vec<Diagnostic>) {
    let Some(colon) = text.find(':') else { return };
    let tags = text[colon + 1..].to_lowercase();
    if tags.split(',').next().is_none_or(|tag| tag.trim() != "done") {
        return;
    }
    let label = &text[..colon];
    let mut open = Vec::new();
    let mut first = None;
    for (named, range) in super::named_tasks(analysis, label) {
        first.get_or_insert(range);
        open.extend(named.into_iter().filter(|&t| !analysis.done[t]));
    }
    let Some(range) = first else { return };
    if open.is_empty() {
        return;
    }
    let names: Vec<&str> = open.iter().map(|&t| analysis.tasks[t].id.as_str()).collect();
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        start + range.start..start + range.end,
        format!(
            "This gantt bar is marked done, but {} {} not ticked.",
            names.join(", "),
            if names.len() == 1 { "is" } else { "are" }
        ),
    ));
}

/// A ticked task's note that says it is not done: `Status: Not started`, `~80% Complete`,
/// `Blocker: …`, `Missing: …`. Returns true when it reported one.
fn note_contradicts(analysis: &Analysis, task: usize, start: usize, text: &str, out: &mut Vec<Diagnostic>) -> bool {
    let info = &analysis.tasks[task];
    if info.checked != Some(true) {
        return false;
    }
    let Some((label, value, value_start)) = labelled(text) else {
        return false;
    };
    let lower = value.to_lowercase();
    let is_status = label == "status" || label == "estado" || label == "statut" || label == "progress";
    let is_blocker = BLOCKER_LABELS.contains(&label.as_str());
    let open_words = [
        "not started",
        "in progress",
        "not implemented",
        "partially",
        "partial",
        "pending",
        "blocked",
    ];
    let partial_percent = super::numbers(value)
        .first()
        .is_some_and(|(n, r)| *n < 100.0 && value[r.end..].trim_start().starts_with('%'));
    let contradicts = (is_status && (open_words.iter().any(|w| lower.contains(w)) || partial_percent))
        || (is_blocker && !lower.trim().is_empty() && !lower.trim().starts_with("none") && !lower.contains("resolved"));
    if !contradicts {
        return false;
    }
    let value_trim = value.trim_start();
    let lead = value.len() - value_trim.len();
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        start + value_start + lead..start + value_start + value.trim_end().len(),
        format!(
            "Task {} is ticked as done, but its note says otherwise: \"{}\".",
            info.id,
            value.trim().chars().take(60).collect::<String>()
        ),
    ));
    true
}
