//! Statements of status against the tasks' own: a document, phase or checkpoint said to be
//! complete (`**Status**: ✅ COMPLETED`, `**Checkpoint**: … ✅`) while tasks in it are open;
//! a gantt bar marked `:done` for open tasks; a ticked task whose own note says otherwise
//! (`Status: Not started`, `~80% Complete`, `Blocker: …`, `Missing: …`), which is how a
//! document's legend of checkboxes and notes is broken; the next task named (`**Próxima
//! tarea**: 1.20`) already done.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::Diagnostic;
use crate::lex::claim_words::{
    DONE_MARKS, DONE_WORDS, NEXT_TASK_WORDS, NOTE_OPEN_WORDS, OPEN_WORDS, STATUS_LABEL_WORDS,
};

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
    if line.to_lowercase().contains(":done") || names_next_task(line) {
        return true;
    }
    let Some((label, value, _)) = labelled(line) else {
        return false;
    };
    let status =
        STATUS_LABEL_WORDS.iter().any(|w| label == *w || label.ends_with(w)) || NOTE_LABELS.contains(&label.as_str());
    (status && (says_done(value) || read_note(0, 0, line).is_some())) || BLOCKER_LABELS.contains(&label.as_str())
}

/// True when a line may state a status.
pub(super) fn reads_line(line: &str) -> bool {
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
    let mut notes = Vec::new();
    let mut criteria_checked = 0;
    let titles = std::cell::OnceCell::new();
    for line in text.lines() {
        match line.fence {
            Fence::Gantt => gantt_bar(analysis, line.start, line.text, out),
            Fence::None => {
                if line.reads(super::marks::NEXT_TASK) {
                    next_task(analysis, line.start, line.text, out);
                }
                if criteria_checked < CRITERIA_LIMIT
                    && line.reads(super::marks::TICKED)
                    && super::owner(analysis, line.start, line.text).is_none()
                {
                    criteria_checked += 1;
                    ticked_criterion(analysis, &titles, line.start, line.text, out);
                }
                if !line.reads(super::marks::STATUS) {
                    continue;
                }
                match super::owner(analysis, line.start, line.text) {
                    Some(task) if analysis.tasks[task].line.start != line.start => {
                        notes.extend(read_note(task, line.start, line.text));
                    }
                    Some(_) => {}
                    None => scope_status(analysis, line.start, line.text, first_task, out),
                }
            }
            _ => {}
        }
    }
    check_notes(analysis, &notes, out);
}

/// The most ticked criteria outside tasks compared with the tasks' whole titles, which keeps
/// the comparison linear in the tasks.
const CRITERIA_LIMIT: usize = 200;

/// A ticked item of a checklist outside any task (`- [x] fyne-cliがインストールされている`
/// under the document's Definition of Done) that names one task, which is open. A task is
/// named by its whole title (two words or more), or by a technical term of its title
/// (`fyne-cli`, `create-dmg.sh`) that no other task's title holds.
fn ticked_criterion(
    analysis: &Analysis,
    titles: &std::cell::OnceCell<TaskTitles>,
    base: usize,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(rest) = ticked_text(text) else { return };
    let lower = rest.to_lowercase();
    let terms = technical_terms(&lower);
    let titles = titles.get_or_init(|| TaskTitles::new(analysis));
    let mut named: Vec<usize> = titles
        .whole
        .iter()
        .filter(|(title, _)| lower.contains(title.as_str()))
        .map(|&(_, task)| task)
        .collect();
    for term in &terms {
        match titles.terms.get(term.as_str()).map(Vec::as_slice) {
            Some([task]) => named.push(*task),
            // A term that names several tasks names none of them.
            Some(_) => return,
            None => {}
        }
    }
    named.sort_unstable();
    named.dedup();
    let [task] = named[..] else { return };
    let info = &analysis.tasks[task];
    if analysis.done[task] || info.cancelled || info.optional {
        return;
    }
    let start = base + (text.len() - rest.len()) + (rest.len() - rest.trim_start().len());
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        start..base + text.trim_end().len(),
        format!(
            "This is ticked, but {} (“{}”), which it names, is open.",
            analysis.display_name(task),
            info.title.trim()
        ),
    ));
}

/// The tasks' titles as a ticked criterion may name them, read once per analysis.
struct TaskTitles {
    /// Whole titles of two words or more, lower-case, with their tasks.
    whole: Vec<(String, usize)>,
    /// The tasks whose titles hold each technical term.
    terms: std::collections::HashMap<String, Vec<usize>>,
}

impl TaskTitles {
    fn new(analysis: &Analysis) -> TaskTitles {
        let mut whole = Vec::new();
        let mut terms: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (task, info) in analysis.tasks.iter().enumerate() {
            let title = info.title.trim().to_lowercase();
            for term in technical_terms(&title) {
                let tasks = terms.entry(term).or_default();
                if tasks.last() != Some(&task) {
                    tasks.push(task);
                }
            }
            if title.split_whitespace().count() >= 2 && title.len() >= 10 {
                whole.push((title, task));
            }
        }
        TaskTitles { whole, terms }
    }
}

/// The text of a ticked checklist item, after its box.
fn ticked_text(text: &str) -> Option<&str> {
    text.trim_start()
        .strip_prefix(['-', '*', '+'])
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix("[x]").or_else(|| rest.strip_prefix("[X]")))
}

/// True when a line is a ticked checklist item.
pub(super) fn is_ticked(text: &str) -> bool {
    ticked_text(text).is_some()
}

/// The technical terms of a lower-case text: words of letters and digits joined by `-`, `_`
/// or `.` (`fyne-cli`, `create-dmg.sh`, `version.go`), five characters or longer.
fn technical_terms(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map(|word| word.trim_matches(['-', '_', '.']))
        .filter(|word| {
            word.len() >= 5
                && word.contains(['-', '_', '.'])
                && word.chars().any(|c| c.is_ascii_alphabetic())
                && !word.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
        .map(str::to_string)
        .collect()
}

/// A line naming the next task to do (`**Próxima tarea**: 1.20 - …`, `Next task: T014`) where
/// that task is already done.
fn next_task(analysis: &Analysis, base: usize, text: &str, out: &mut Vec<Diagnostic>) {
    if !may_name_next(text) {
        return;
    }
    let Some((label, value, at)) = labelled(text) else {
        return;
    };
    if !NEXT_TASK_WORDS.iter().any(|w| label.ends_with(w)) {
        return;
    }
    let Some((tasks, range)) = super::named_tasks(analysis, value).into_iter().next() else {
        return;
    };
    let [task] = tasks[..] else { return };
    if !analysis.done[task] {
        return;
    }
    let start = base + at + range.start;
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        start..base + at + range.end,
        format!(
            "This names {} as the next task, but it is already done (by its checkbox, status field or marker).",
            analysis.display_name(task)
        ),
    ));
}

/// False for a line that cannot name the next task: one in ASCII without `next` or
/// `siguiente` (the other labels are written with letters beyond ASCII). Most lines are
/// passed over so, without lower-casing them.
pub(super) fn may_name_next(line: &str) -> bool {
    let has = |word: &[u8]| {
        line.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    !line.is_ascii() || has(b"next") || has(b"siguiente")
}

/// True when a line names the next task to do.
fn names_next_task(line: &str) -> bool {
    may_name_next(line)
        && labelled(line).is_some_and(|(label, _, _)| NEXT_TASK_WORDS.iter().any(|w| label.ends_with(w)))
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

/// Labels of a task's note that state its progress.
const NOTE_LABELS: &[&str] = &[
    "status", "estado", "statut", "progress", "note", "notes", "nota", "hinweis", "remarque", "备注", "メモ",
];

/// What a task's note says of its progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoteSays {
    /// Not done: `Not started`, `~80% Complete`, a blocker, something missing.
    Open,
    /// Done: `✅ Complete`, `100% Complete`.
    Done,
}

/// A note of a task: what it says, and where its value lies.
struct Note {
    task: usize,
    says: NoteSays,
    value: std::ops::Range<usize>,
    text: String,
}

/// Reads a task's note line: `Status: Not started`, `Note: In progress`, `~80% Complete`,
/// `Blocker: …`, `Missing: …`, `Status: ✅ Complete`.
fn read_note(task: usize, start: usize, text: &str) -> Option<Note> {
    let (label, value, value_start) = labelled(text)?;
    let lower = value.to_lowercase();
    let is_status = NOTE_LABELS.contains(&label.as_str());
    let is_blocker = BLOCKER_LABELS.contains(&label.as_str());
    let percent = super::numbers(value)
        .first()
        .filter(|(_, r)| value[r.end..].trim_start().starts_with('%') && value[..r.start].trim().len() <= 1)
        .map(|(n, _)| *n);
    let says = if (is_status
        && (NOTE_OPEN_WORDS
            .iter()
            .any(|w| lower.trim_start().starts_with(w) || lower.contains(w))
            || percent.is_some_and(|n| n < 100.0)))
        || (is_blocker && !lower.trim().is_empty() && !lower.trim().starts_with("none") && !lower.contains("resolved"))
    {
        NoteSays::Open
    } else if label == "status" && says_done(value) && !lower.contains("missing") {
        NoteSays::Done
    } else {
        return None;
    };
    let value_trim = value.trim_start();
    let lead = value.len() - value_trim.len();
    Some(Note {
        task,
        says,
        value: start + value_start + lead..start + value_start + value.trim_end().len(),
        text: value.trim().chars().take(60).collect(),
    })
}

/// Checks the notes against the checkboxes: a ticked task whose note says it is open, and a
/// note that says a task is complete while notes of its sub-tasks say they are not.
fn check_notes(analysis: &Analysis, notes: &[Note], out: &mut Vec<Diagnostic>) {
    // Which tasks a note says are open, by task, and under each task the open ones below it.
    let mut open = vec![false; analysis.tasks.len()];
    let mut open_below: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for note in notes.iter().filter(|n| n.says == NoteSays::Open) {
        if std::mem::replace(&mut open[note.task], true) {
            continue;
        }
        let mut at = analysis.tasks[note.task].parent;
        while let Some(parent) = at {
            open_below.entry(parent).or_default().push(note.task);
            at = analysis.tasks[parent].parent;
        }
    }
    for note in notes {
        let info = &analysis.tasks[note.task];
        match note.says {
            NoteSays::Open if info.checked == Some(true) => out.push(Diagnostic::new(
                Code::StatusMismatch,
                note.value.clone(),
                format!(
                    "Task {} is ticked as done, but its note says otherwise: \"{}\".",
                    info.id, note.text
                ),
            )),
            NoteSays::Done => {
                let pending: Vec<&str> = open_below
                    .get(&note.task)
                    .into_iter()
                    .flatten()
                    .map(|&t| analysis.tasks[t].id.as_str())
                    .collect();
                if !pending.is_empty() {
                    out.push(Diagnostic::new(
                        Code::StatusMismatch,
                        note.value.clone(),
                        format!(
                            "This says task {} is complete, but the notes of {} say {} not done.",
                            info.id,
                            pending.join(", "),
                            if pending.len() == 1 { "it is" } else { "they are" }
                        ),
                    ));
                    continue;
                }
                // Complete while a task it depends on is ticked but open by its own note: the
                // legend is broken twice. A dependency open by its checkbox or status is the
                // done-before-dependency check's.
                let waits: Vec<&str> = analysis.dependencies[note.task]
                    .iter()
                    .map(|dependency| dependency.target)
                    .filter(|&target| analysis.done[target] && open[target])
                    .map(|target| analysis.tasks[target].id.as_str())
                    .collect();
                if !waits.is_empty() {
                    out.push(Diagnostic::new(
                        Code::DoneBeforeDependency,
                        note.value.clone(),
                        format!(
                            "This says task {} is complete, but it depends on {}, which {} note{} say{} not done.",
                            info.id,
                            waits.join(", "),
                            if waits.len() == 1 { "its" } else { "their" },
                            if waits.len() == 1 { "" } else { "s" },
                            if waits.len() == 1 { "s" } else { "" }
                        ),
                    ));
                }
            }
            NoteSays::Open => {}
        }
    }
}
