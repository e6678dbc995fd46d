//! Statements of status against the tasks' own: a document, phase or checkpoint said to be
//! complete (`**Status**: ✅ COMPLETED`, `**Checkpoint**: … ✅`) while tasks in it are open;
//! a gantt bar marked `:done` for open tasks; a ticked task whose own note says otherwise
//! (`Status: Not started`, `~80% Complete`, `Blocker: …`, `Missing: …`), which is how a
//! document's legend of checkboxes and notes is broken; the next task named (`**Próxima
//! tarea**: 1.20`) already done.

use crate::analysis::Analysis;
use crate::codes::{Code, Severity};
use crate::finding::{Diagnostic, join_first};
use crate::lex::claim_words::{
    BLOCKER_HEADING_WORDS, DONE_MARKS, DONE_WORDS, NEXT_TASK_WORDS, NOT_STARTED_WORDS, NOTE_OPEN_WORDS, OPEN_WORDS,
    STATUS_LABEL_WORDS,
};

use crate::lex::claim_line::{LowercaseWords, is_checklist_item};

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
    DONE_MARKS.iter().any(|m| line.contains(m)) || STATUS_LINE_WORDS.in_line(line)
}

/// The words of a line [`reads_line`] reads: status labels, `:done`, blockers and open
/// states.
static STATUS_LINE_WORDS: std::sync::LazyLock<LowercaseWords> = std::sync::LazyLock::new(|| {
    let words = STATUS_LABEL_WORDS
        .iter()
        .chain([&":done"])
        .chain(BLOCKER_LABELS)
        .chain(OPEN_WORDS);
    LowercaseWords::new(words.copied())
});

/// Checks every status statement.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let first_task = analysis.tasks.iter().map(|t| t.line.start).min().unwrap_or(0);
    let mut notes = Vec::new();
    let mut criteria_checked = 0;
    let titles = std::cell::OnceCell::new();
    // The phase of the checkpoint whose checklist is being read.
    let mut checkpoint: Option<usize> = None;
    for line in text.lines() {
        match line.fence {
            Fence::Gantt => gantt_bar(analysis, line.start, line.text, out),
            Fence::None => {
                if line.text.trim_start().starts_with('#') {
                    checkpoint = checkpoint_phase(analysis, line.start, line.text);
                } else if let Some(phase) = checkpoint
                    && criteria_checked < CRITERIA_LIMIT
                    && is_checklist_item(line.text)
                    && super::owner(analysis, &line).is_none()
                {
                    criteria_checked += 1;
                    later_task_expected(analysis, &titles, phase, line.start, line.text, out);
                }
                if super::owner(analysis, &line).is_none() {
                    phase_item(analysis, line.start, line.text, out);
                }
                if line.reads(super::marks::NEXT_TASK) {
                    next_task(analysis, line.start, line.text, out);
                }
                if criteria_checked < CRITERIA_LIMIT
                    && line.reads(super::marks::TICKED)
                    && super::owner(analysis, &line).is_none()
                {
                    criteria_checked += 1;
                    ticked_criterion(analysis, &titles, line.start, line.text, out);
                }
                if !line.reads(super::marks::STATUS) {
                    continue;
                }
                match super::owner(analysis, &line) {
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
    legend(text, analysis, &notes, out);
    status_tables(text, analysis, out);
    blocker_lists(text, analysis, &notes, out);
    parents(analysis, out);
}

/// A parent checkbox that its sub-tasks contradict: ticked while a required sub-task is open
/// (a warning), or open while every required one is ticked (a note: Kiro completes a parent
/// when its required sub-tasks are, but the author may know of work the sub-tasks leave out).
/// Optional (`*`) and cancelled sub-tasks are not required.
fn parents(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let tasks = &analysis.tasks;
    let mut required: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    let mut optional: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for task in tasks {
        if let Some(parent) = task.parent {
            if task.optional || task.cancelled {
                optional[parent].push(task.index);
            } else {
                required[parent].push(task.index);
            }
        }
    }
    for task in tasks {
        let (Some(ticked), false) = (task.checked, task.cancelled) else {
            continue;
        };
        let children = &required[task.index];
        if children.is_empty() || children.iter().any(|&c| tasks[c].checked.is_none()) {
            continue;
        }
        let open: Vec<usize> = children.iter().copied().filter(|&c| !analysis.done[c]).collect();
        if ticked && !open.is_empty() {
            out.push(Diagnostic::new(
                Code::StatusMismatch,
                task.id_range.clone(),
                format!(
                    "Task {} is ticked, but its sub-task{} {} {} open: untick it until {} done.",
                    task.id,
                    if open.len() == 1 { "" } else { "s" },
                    listed(analysis, &open),
                    if open.len() == 1 { "is" } else { "are" },
                    if open.len() == 1 { "it is" } else { "they are" },
                ),
            ));
        } else if !ticked && open.is_empty() {
            let skipped = &optional[task.index];
            let optional_note = if skipped.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} {} optional)",
                    listed(analysis, skipped),
                    if skipped.len() == 1 { "is" } else { "are" }
                )
            };
            out.push(Diagnostic::with_severity(
                Code::StatusMismatch,
                Severity::Info,
                task.id_range.clone(),
                format!(
                    "Task {} is open, but its required sub-task{} {} {} done{optional_note}: tick it, unless work the sub-tasks leave out remains.",
                    task.id,
                    if children.len() == 1 { "" } else { "s" },
                    listed(analysis, children),
                    if children.len() == 1 { "is" } else { "are" },
                ),
            ));
        }
    }
}

/// A legend that says `[x]` marks a done task (`- **DONE**: Task completed and verified
/// (marked with `[x]`)`) in a document where ticked tasks' own notes say they are not done:
/// one finding at the legend, beside those at each task.
fn legend(text: &DocumentLines, analysis: &Analysis, notes: &[Note], out: &mut Vec<Diagnostic>) {
    let mut ticked_open: Vec<usize> = notes
        .iter()
        .filter(|n| n.says == NoteSays::Open && analysis.tasks[n.task].checked == Some(true))
        .map(|n| n.task)
        .collect();
    ticked_open.dedup();
    if ticked_open.is_empty() {
        return;
    }
    let Some(line) = text.lines().find(|line| {
        let lower = line.text.to_lowercase();
        line.fence == Fence::None
            && lower.contains("[x]")
            && !is_checklist_item(line.text)
            && DONE_WORDS.iter().any(|w| lower.contains(w))
            && line.task.is_none()
    }) else {
        return;
    };
    let lead = line.text.len() - line.text.trim_start().len();
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        line.start + lead..line.start + line.text.len(),
        format!(
            "This legend says [x] marks a done task, but {} ticked {} not done: {}.",
            ticked_open.len(),
            if ticked_open.len() == 1 {
                "task's note says it is"
            } else {
                "tasks' notes say they are"
            },
            listed(analysis, &ticked_open)
        ),
    ));
}

/// A list of blockers (`## Critical Blockers`, its items naming tasks) that names a task
/// which is done: ticked, or complete by its own note, and no note of it or of a task under
/// it says otherwise.
fn blocker_lists(text: &DocumentLines, analysis: &Analysis, notes: &[Note], out: &mut Vec<Diagnostic>) {
    let mut in_list = false;
    let mut open = vec![false; analysis.tasks.len()];
    let mut done_by_note = vec![false; analysis.tasks.len()];
    for note in notes {
        match note.says {
            NoteSays::Open => open[note.task] = true,
            NoteSays::Done => done_by_note[note.task] = true,
        }
    }
    for line in text.lines() {
        if line.fence != Fence::None {
            continue;
        }
        let trimmed = line.text.trim_start();
        if trimmed.starts_with('#') {
            let lower = trimmed.to_lowercase();
            in_list = BLOCKER_HEADING_WORDS.iter().any(|w| lower.contains(w));
            continue;
        }
        if !in_list || trimmed.is_empty() || super::owner(analysis, &line).is_some() {
            continue;
        }
        for (tasks, range) in super::named_tasks(analysis, line.text) {
            let done = tasks
                .iter()
                .all(|&t| (analysis.done[t] || done_by_note[t]) && !open[t] && !analysis.tasks[t].cancelled);
            if !done {
                continue;
            }
            let names: Vec<String> = tasks
                .iter()
                .filter(|&&t| analysis.tasks[t].parent.is_none_or(|p| !tasks.contains(&p)))
                .map(|&t| analysis.display_name(t))
                .collect();
            out.push(Diagnostic::new(
                Code::StatusMismatch,
                line.start + range.start..line.start + range.end,
                format!(
                    "This lists {} as a blocker, but {} done, and no note of {} says otherwise.",
                    names.join(", "),
                    if names.len() == 1 { "it is" } else { "they are" },
                    if names.len() == 1 { "it" } else { "them" }
                ),
            ));
        }
    }
}

/// A table with a status column whose rows name phases or tasks (`| フェーズ1: セットアップ |
/// 11 | 未着手 |`): a row that says done while its tasks are open, or not started while some
/// of them are done.
fn status_tables(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    // The column of statuses of the table being read.
    let mut column: Option<usize> = None;
    let mut rows = 0;
    for line in text.lines() {
        if line.fence != Fence::None || !line.text.trim_start().starts_with('|') {
            column = None;
            continue;
        }
        let cells = super::counts::table_cells(line.text);
        if cells
            .iter()
            .all(|(_, cell)| cell.trim().chars().all(|c| matches!(c, '-' | ':' | ' ')))
        {
            continue;
        }
        let Some(at) = column else {
            column = cells.iter().position(|(_, cell)| {
                let header = cell.replace(['*', '_'], "").trim().to_lowercase();
                STATUS_LABEL_WORDS.contains(&header.as_str())
            });
            continue;
        };
        if at == 0 || rows >= STATUS_ROW_LIMIT {
            continue;
        }
        let (Some((_, label)), Some(&(value_at, value))) = (cells.first(), cells.get(at)) else {
            continue;
        };
        rows += 1;
        let scope = super::read_scope(analysis, label);
        if !scope.names_something() {
            continue;
        }
        let members: Vec<usize> = scope
            .members(analysis)
            .into_iter()
            .filter(|&t| analysis.tasks[t].children == 0 && !analysis.tasks[t].cancelled)
            .collect();
        if members.is_empty() {
            continue;
        }
        let lead = value.len() - value.trim_start().len();
        let range = line.start + value_at + lead..line.start + value_at + value.trim_end().len();
        let done: Vec<usize> = members.iter().copied().filter(|&t| analysis.done[t]).collect();
        let open: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&t| !analysis.done[t] && !analysis.tasks[t].optional)
            .collect();
        let what = label.replace(['*', '_'], "");
        let what = what.trim();
        let message = if says_done(value) && !open.is_empty() {
            format!(
                "This says {what} is complete, but {} of its {} tasks {} open: {}.",
                open.len(),
                members.len(),
                if open.len() == 1 { "is" } else { "are" },
                listed(analysis, &open)
            )
        } else if says_not_started(value) && !done.is_empty() {
            let how_many = if done.len() == members.len() {
                format!("all {} of its tasks are", members.len())
            } else {
                format!(
                    "{} of its {} tasks {}",
                    done.len(),
                    members.len(),
                    if done.len() == 1 { "is" } else { "are" }
                )
            };
            format!(
                "This says {what} is not started, but {how_many} done: {}.",
                listed(analysis, &done)
            )
        } else {
            continue;
        };
        out.push(Diagnostic::new(Code::StatusMismatch, range, message));
    }
}

/// The most rows of status tables compared with their tasks.
const STATUS_ROW_LIMIT: usize = 500;

/// The first IDs of a list of tasks, and how many more there are.
fn listed(analysis: &Analysis, tasks: &[usize]) -> String {
    let names: Vec<&str> = tasks.iter().take(6).map(|&t| analysis.tasks[t].id.as_str()).collect();
    join_first(&names, tasks.len())
}

/// True when a status value says work has not started.
fn says_not_started(value: &str) -> bool {
    let lower = value.to_lowercase();
    NOT_STARTED_WORDS.iter().any(|w| lower.contains(w))
}

/// The most ticked criteria outside tasks and checkpoint items compared with the tasks' whole
/// titles, which keeps the comparison linear in the tasks.
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
    // An entry of a status list (`- [x] ~~Task 1.1~~ - Completed`) names its task by its ID.
    if crate::lex::mention::leading_task_id(rest.trim_start()).is_some() {
        return;
    }
    let titles = titles.get_or_init(|| TaskTitles::new(analysis));
    let Some(task) = titles.named(rest) else { return };
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

/// The phase a checkpoint heading closes (`### Phase 5 Checkpoint: Onboarding Complete`): the
/// one it names, or the one it sits in.
fn checkpoint_phase(analysis: &Analysis, start: usize, heading: &str) -> Option<usize> {
    if !crate::lex::claim_line::names_checkpoint(heading) {
        return None;
    }
    let scope = super::read_scope(analysis, heading.trim_start_matches(['#', ' ']));
    match scope.phases[..] {
        [phase] => Some(phase),
        [] => analysis.phase_at(start),
        _ => None,
    }
}

/// An item of a phase's checkpoint that names one task, of a later phase: the checkpoint
/// expects what the phase does not do (`Phase 5 Checkpoint: - [ ] Uninstall command exists`,
/// where the Uninstall Command is a task of phase 6).
fn later_task_expected(
    analysis: &Analysis,
    titles: &std::cell::OnceCell<TaskTitles>,
    phase: usize,
    base: usize,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let item = text.trim_start().trim_start_matches(['-', '*', '+']).trim_start();
    let item = item.get(3..).unwrap_or("").trim_start();
    let titles = titles.get_or_init(|| TaskTitles::new(analysis));
    let Some(task) = titles.named(item) else { return };
    let Some(own) = analysis.tasks[task].phase.filter(|&own| own > phase) else {
        return;
    };
    let start = base + (text.len() - item.len());
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        start..base + text.trim_end().len(),
        format!(
            "This checkpoint of phase {} expects {} (“{}”), but that task is in the later phase {}.",
            analysis.phases[phase].id,
            analysis.display_name(task),
            analysis.tasks[task].title.trim(),
            analysis.phases[own].id
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
    /// The one task a text names, by its whole title or a technical term no other title
    /// holds.
    fn named(&self, text: &str) -> Option<usize> {
        let lower = text.to_lowercase();
        let mut named: Vec<usize> = self
            .whole
            .iter()
            .filter(|(title, _)| lower.contains(title.as_str()))
            .map(|&(_, task)| task)
            .collect();
        for term in technical_terms(&lower) {
            match self.terms.get(term.as_str()).map(Vec::as_slice) {
                Some([task]) => named.push(*task),
                // A term that names several tasks names none of them.
                Some(_) => return None,
                None => {}
            }
        }
        named.sort_unstable();
        named.dedup();
        let [task] = named[..] else { return None };
        Some(task)
    }

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
    let value_trim = value.trim_start();
    let lead = value.len() - value_trim.len();
    let range = start + value_start + lead..start + value_start + value.trim_end().len();
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        range,
        format!(
            "This says {what} is complete, but {} of its tasks {} open: {}.",
            open.len(),
            if open.len() == 1 { "is" } else { "are" },
            listed(analysis, &open)
        ),
    ));
}

/// A line that names one phase and ends by saying it is done (`3. Phase 3（US1）: 1日 - 完了`,
/// `- Phase 2 (Foundation): 4h ✅`), while some of its tasks are open. The done word must end
/// the line, alone after a dash or in brackets, so that a phase described by what it
/// completes (`Phase 1: complete the scaffold`) is not read.
fn phase_item(analysis: &Analysis, start: usize, text: &str, out: &mut Vec<Diagnostic>) {
    let Some((label, value, value_start)) = labelled(text) else {
        return;
    };
    let tail = value
        .trim_end()
        .trim_end_matches(['*', '_', ')', '）', ']'])
        .rsplit([' ', '-', '–', '—', '(', '（', '[', '|'])
        .find(|part| !part.is_empty())
        .unwrap_or("");
    let tail_lower = tail.to_lowercase();
    let marked = DONE_MARKS.iter().any(|m| tail.contains(m));
    if !(marked || DONE_WORDS.contains(&tail_lower.as_str())) || !says_done(value) || text.trim_start().starts_with('#')
    {
        return;
    }
    // The done word stands alone: after a dash, a bar or an opening bracket (`1日 - 完了`,
    // `(done)`), not at the end of a phrase (`being complete`, `performant app ✅`).
    let body = value.trim_end().trim_end_matches(['*', '_', ')', '）', ']']);
    let Some(before) = body.strip_suffix(tail).map(str::trim_end) else {
        return;
    };
    if !before.ends_with(['-', '–', '—', '(', '（', '[', '|']) {
        return;
    }
    let scope = super::read_scope(analysis, &label);
    let ([phase], []) = (&scope.phases[..], &scope.tasks[..]) else {
        return;
    };
    let open: Vec<usize> = (0..analysis.tasks.len())
        .filter(|&t| analysis.tasks[t].phase == Some(*phase) && analysis.tasks[t].children == 0)
        .filter(|&t| !analysis.done[t] && !analysis.tasks[t].cancelled && !analysis.tasks[t].optional)
        .collect();
    if open.is_empty() {
        return;
    }
    let at = start + value_start + body.len() - tail.len();
    out.push(Diagnostic::new(
        Code::StatusMismatch,
        at..start + value_start + body.len(),
        format!(
            "This says phase {} is complete, but {} of its tasks {} open: {}.",
            analysis.phases[*phase].id,
            open.len(),
            if open.len() == 1 { "is" } else { "are" },
            listed(analysis, &open)
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
