//! Counts a document states about its own tasks: totals (`**Total Tasks**: 28`, `总任务数:
//! 135个任务`), per phase or story (`**Setup Phase**: 9 tasks`, `## Phase 2 (12개 태스크)`,
//! `MVP Scope (US1 + US2 + US3): 54 tasks`), tasks marked `[P]` (`76 tasks marked [P]`,
//! `约50%的任务可并行执行（标记[P]）`), done tasks (`Completed: 24 (86%)`, `Fase 1.5: 8/11
//! completadas`, `Progreso: 28.7%`), and the same in a table whose header names the columns.
//!
//! A count holds when it equals the number of tasks in its scope counted one of the ways a
//! reader may count them: every task, the tasks without sub-tasks, or the top-level tasks,
//! each with or without the optional ones. A label the reader cannot place (`Total Deferred`,
//! `测试任务`) is not checked.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::Diagnostic;
use crate::lex::claim_line::LowercaseWords;
use crate::lex::claim_words::{
    ABOUT_WORDS, ACTUAL_WORDS, DONE_WORDS, PARALLEL_WORDS, PRIORITY_WORDS, TASK_COUNT_WORDS, TASK_LABEL_WORDS,
    TOTAL_WORDS,
};

use super::{DocumentLines, Fence, Scope, Unwritten, format, leftover, numbers, read_scope};

/// Words that name the share of work done (`Progress: 28.7%`, `進捗率`, `完了率`).
const PROGRESS_WORDS: &[&str] = &[
    "progress",
    "progreso",
    "progresso",
    "progression",
    "fortschritt",
    "avancement",
    "進捗",
    "进度",
    "完了率",
    "完成率",
    "진행률",
    "current",
];

/// Words a count label may hold besides its scope: what is counted and how.
const COUNT_LABEL_EXTRA: &[&str] = &[
    "marked",
    "[p]",
    "(p)",
    "p",
    "p0",
    "p1",
    "p2",
    "p3",
    "p4",
    "scope",
    "mvp",
    "phase",
    "fase",
    "overall",
    "opportunities",
    "oportunidades",
    "opportunités",
    "chances",
    "标记",
    "机会",
    "機会",
    "マーク",
    "표시",
    "기회",
];

/// What a count counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counted {
    /// Tasks.
    Tasks,
    /// Tasks that are done.
    Done,
    /// Tasks marked parallel.
    Parallel,
}

/// One count the document states.
struct Count {
    counted: Counted,
    /// True when words after the count narrow it (`5タスク並列実行可能（Atoms）`, `12 tasks
    /// (BLOCKING)`): it claims at most the scope's number.
    narrowed: bool,
    /// The stated value: a number of tasks, or a percentage of the scope's tasks.
    value: f64,
    percent: bool,
    about: bool,
    range: std::ops::Range<usize>,
    /// The scope's tasks.
    members: Vec<usize>,
    what: String,
}

/// True when a line states a count in one of the forms [`check`] reads: a number followed by
/// a word for tasks, a label for tasks, a total or done tasks followed by a number, a
/// percentage or fraction of done or parallel tasks, or a table row with a number in a cell.
pub(super) fn states_claim(line: &str) -> bool {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let lower = line.to_lowercase();
    let trimmed = lower.trim_start();
    if trimmed.starts_with('|') {
        // The first cell names the scope; a count is in another.
        return trimmed
            .split('|')
            .skip(2)
            .any(|cell| !cell.trim().is_empty() && cell.trim().trim_matches(['*', '_']).parse::<f64>().is_ok());
    }
    let qualified = PROGRESS_WORDS
        .iter()
        .chain(DONE_WORDS)
        .chain(PARALLEL_WORDS)
        .any(|w| lower.contains(w))
        || lower.contains("[p]");
    for (_, range) in numbers(&lower) {
        let after = lower[range.end..].trim_start();
        if TASK_COUNT_WORDS
            .iter()
            .any(|w| after.starts_with(w) && (*w != "개" || lower.contains("태스크")))
            || ((after.starts_with('%') || after.starts_with('/')) && qualified)
        {
            return true;
        }
        let before = lower[..range.start].trim_end().trim_end_matches(['*', '_', ' ', '~']);
        if before.ends_with([':', '：']) {
            let label = label_of(before);
            if TASK_LABEL_WORDS
                .iter()
                .chain(TOTAL_WORDS)
                .chain(DONE_WORDS)
                .chain(PROGRESS_WORDS)
                .any(|w| label.contains(w))
            {
                return true;
            }
        }
    }
    false
}

/// True when a line may state a count of tasks.
pub(super) fn reads_line(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit()) && (line.contains(['%', '|']) || COUNT_LINE_WORDS.in_line(line))
}

/// The words of a line that may state a count: task labels, counted things and done states.
static COUNT_LINE_WORDS: std::sync::LazyLock<LowercaseWords> = std::sync::LazyLock::new(|| {
    let words = TASK_LABEL_WORDS.iter().chain(TASK_COUNT_WORDS).chain(DONE_WORDS);
    LowercaseWords::new(words.copied())
});

/// Checks every count the document states.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, unwritten: &Unwritten, out: &mut Vec<Diagnostic>) {
    let mut header: Option<Vec<Column>> = None;
    let first_task = analysis.tasks.iter().map(|t| t.line.start).min().unwrap_or(0);
    let last_task = analysis.tasks.iter().map(|t| t.section.end).max().unwrap_or(0);
    let phase_starts = std::cell::OnceCell::new();
    for line in text.lines() {
        if line.fence == Fence::Pie {
            if let Some(count) = pie_slice(analysis, line.start, line.text) {
                report(analysis, unwritten, &count, out);
            }
            continue;
        }
        if line.fence != Fence::None {
            header = None;
            continue;
        }
        let trimmed = line.text.trim();
        if trimmed.starts_with('|') {
            let cells = table_cells(line.text);
            if cells
                .iter()
                .all(|(_, cell)| cell.trim().chars().all(|c| matches!(c, '-' | ':' | ' ')))
            {
                continue;
            }
            match &header {
                None => header = Some(cells.iter().map(|(_, cell)| Column::of(cell)).collect()),
                Some(columns) => {
                    for count in table_counts(analysis, line.start, &cells, columns) {
                        report(analysis, unwritten, &count, out);
                    }
                }
            }
            continue;
        }
        header = None;
        if !line.reads(super::marks::COUNTS)
            || super::owner(analysis, &line).is_some_and(|t| {
                // A task's own heading line may carry its phase's count; its body does not.
                analysis.tasks[t].line.start != line.start
            })
        {
            continue;
        }
        let place = Place::of(analysis, &phase_starts, &line, first_task, last_task);
        for count in line_counts(analysis, line.start, line.text, place) {
            report(analysis, unwritten, &count, out);
        }
    }
}

/// A slice of a Mermaid pie chart of status, `"完了" : 93` or `"Done" : 93`: the done tasks
/// of the document.
fn pie_slice(analysis: &Analysis, base: usize, text: &str) -> Option<Count> {
    let trimmed = text.trim_start();
    let rest = trimmed.strip_prefix('"')?;
    let close = rest.find('"')?;
    let label = rest[..close].to_lowercase();
    let open = crate::lex::claim_words::OPEN_WORDS.iter().any(|w| label.contains(w))
        || label.contains(['未', '待'])
        || label.starts_with("not")
        || label.starts_with("un");
    if open || !DONE_WORDS.iter().any(|w| label.contains(w)) {
        return None;
    }
    let after = &rest[close + 1..];
    let colon = after.find(':')?;
    let number = after[colon + 1..].trim();
    let value: f64 = number.parse().ok()?;
    let start = base
        + (text.len() - rest.len())
        + close
        + 1
        + colon
        + 1
        + (after[colon + 1..].len() - after[colon + 1..].trim_start().len());
    Some(Count {
        counted: Counted::Done,
        narrowed: false,
        value,
        percent: false,
        about: false,
        range: start..start + number.len(),
        members: (0..analysis.tasks.len()).collect(),
        what: "the document".to_string(),
    })
}

/// Where a line sits, which decides what a label without a scope counts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Before the first task or after the last: the document.
    Document,
    /// In a phase, before its first task: that phase.
    PhaseIntro(usize),
    /// Among the tasks: nothing without a scope.
    Among,
}

impl Place {
    /// `phase_starts` holds, once known, where each phase's first task starts (a scan of every
    /// task per line made the check cost the square of the tasks).
    pub(super) fn of(
        analysis: &Analysis,
        phase_starts: &std::cell::OnceCell<Vec<Option<usize>>>,
        line: &super::Line<'_>,
        first_task: usize,
        last_task: usize,
    ) -> Place {
        let offset = line.start;
        if offset >= last_task || (offset < first_task && line.phase.is_none()) {
            return if under_summary_heading(analysis, offset) || offset >= last_task {
                Place::Document
            } else {
                Place::Among
            };
        }
        match line.phase {
            Some(phase) => {
                let starts = phase_starts.get_or_init(|| {
                    let mut starts: Vec<Option<usize>> = vec![None; analysis.phases.len()];
                    for task in &analysis.tasks {
                        if let Some(start) = task.phase.and_then(|phase| starts.get_mut(phase)) {
                            *start = Some(start.map_or(task.line.start, |s| s.min(task.line.start)));
                        }
                    }
                    starts
                });
                let first = starts.get(phase).copied().flatten();
                if first.is_some_and(|first| offset < first) {
                    Place::PhaseIntro(phase)
                } else {
                    Place::Among
                }
            }
            None => Place::Among,
        }
    }
}

/// Words of a heading over a document's own figures.
const SUMMARY_HEADING_WORDS: &[&str] = &[
    "summary",
    "overview",
    "progress",
    "status",
    "statistics",
    "metrics",
    "resumen",
    "seguimiento",
    "progreso",
    "übersicht",
    "zusammenfassung",
    "résumé",
    "synthèse",
    "概要",
    "概览",
    "总结",
    "總結",
    "统计",
    "進捗",
    "サマリー",
    "요약",
    "개요",
    "통계",
];

/// True when the nearest heading above an offset is the document's title or names a summary
/// (`## Task Summary`, `### Overall Progress`): a count there speaks for the document.
fn under_summary_heading(analysis: &Analysis, offset: usize) -> bool {
    let rope = analysis.model.document().rope();
    let mut line = rope.byte_to_line(offset.min(rope.len_bytes()));
    loop {
        let text = rope.line(line).to_string();
        let trimmed = text.trim_start();
        if trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let lower = trimmed.to_lowercase();
            return level == 1 || SUMMARY_HEADING_WORDS.iter().any(|w| lower.contains(w));
        }
        if line == 0 {
            return true;
        }
        line -= 1;
    }
}

/// The counts a line outside tables states.
fn line_counts(analysis: &Analysis, base: usize, text: &str, place: Place) -> Vec<Count> {
    let lower = text.to_lowercase();
    let found = numbers(text);
    let mut counts = Vec::new();
    let says_parallel = PARALLEL_WORDS.iter().any(|w| lower.contains(w)) || lower.contains("[p]");
    let mut task_counts = 0;
    for (k, (value, range)) in found.iter().enumerate() {
        let after = &lower[range.end..];
        let after_trim = after.trim_start();
        let before = &text[..range.start];
        // Part of an identifier or a phase name (`Phase 2`, `T001`, `US3`, `1.1`); a count of
        // tasks is a whole number.
        if before.ends_with(|c: char| c.is_ascii_alphabetic() || c == '#' || c == '-' || c == '.') {
            continue;
        }
        let whole = value.fract() == 0.0 && !text[range.clone()].contains('.');
        if !whole && !after.trim_start().starts_with('%') {
            continue;
        }
        let count_word = TASK_COUNT_WORDS
            .iter()
            .filter(|w| after_trim.starts_with(*w))
            .max_by_key(|w| w.len())
            .filter(|w| **w != "개" || lower.contains("태스크"));
        let percent = after_trim.starts_with('%');
        let fraction =
            after_trim.starts_with('/') && found.get(k + 1).is_some_and(|(_, next)| next.start <= range.end + 3);
        let label_colon = before
            .trim_end()
            .trim_end_matches(['*', '_', ' '])
            .ends_with([':', '：']);
        // Without a count word, a percent sign, a fraction or a label's colon, a number
        // counts nothing, whatever its label says: most numbers end here, before the label
        // is read.
        if !(fraction || percent || count_word.is_some() || label_colon) {
            continue;
        }
        let label = label_of(before);
        let label_lower = label.to_lowercase();
        let label_done = DONE_WORDS.iter().any(|w| label_lower.contains(w));
        let label_progress = PROGRESS_WORDS.iter().any(|w| label_lower.contains(w));
        let label_tasks = TASK_LABEL_WORDS.iter().any(|w| label_lower.contains(w));
        let label_total = TOTAL_WORDS.iter().any(|w| label_lower.contains(w));
        let about = ABOUT_WORDS
            .iter()
            .any(|w| before.to_lowercase().trim_end().ends_with(w));
        let (counted, percent_claim) = if fraction {
            (Counted::Done, false)
        } else if percent {
            if label_done || label_progress || {
                let tail = after_trim[1..].trim_start();
                DONE_WORDS.iter().any(|w| tail.starts_with(w))
            } {
                (Counted::Done, true)
            } else if says_parallel && (label_tasks || lower.contains("[p]")) {
                (Counted::Parallel, true)
            } else {
                continue;
            }
        } else if count_word.is_some() || (label_colon && (label_tasks || label_done || label_total)) {
            if label_done && !label_tasks {
                (Counted::Done, false)
            } else if says_parallel
                && (lower.contains("[p]")
                    || PARALLEL_WORDS.iter().any(|w| label_lower.contains(w))
                    || PARALLEL_WORDS
                        .iter()
                        .any(|w| after_trim.chars().take(16).collect::<String>().contains(w)))
            {
                (Counted::Parallel, false)
            } else if label_done {
                (Counted::Done, false)
            } else {
                (Counted::Tasks, false)
            }
        } else {
            continue;
        };
        if counted == Counted::Tasks && !percent_claim {
            task_counts += 1;
        }
        let scope = read_scope(analysis, &label);
        // `**Prioridad Alta**: 8 tareas` counts the tasks of one priority.
        let (scope, priority) = match priority_of(analysis, &scope.residue) {
            Some((priority, residue)) => (Scope { residue, ..scope }, Some(priority)),
            None => (scope, None),
        };
        let rest = leftover(
            &scope.residue,
            &[
                TASK_LABEL_WORDS,
                TASK_COUNT_WORDS,
                TOTAL_WORDS,
                DONE_WORDS,
                PROGRESS_WORDS,
                PARALLEL_WORDS,
                COUNT_LABEL_EXTRA,
                ABOUT_WORDS,
            ],
        );
        // `4 tâches en parallèle : 2.1 + 2.2 + 2.3 + 2.4` counts the tasks it lists.
        let listed = listed_after(analysis, &text[range.end..]);
        let members = if !listed.is_empty() && !scope.names_something() {
            listed
        } else {
            match place_members(analysis, &scope, rest.is_empty(), label_total, place) {
                Some(members) => members,
                None => continue,
            }
        };
        let (members, what) = match &priority {
            Some(priority) => (
                members
                    .into_iter()
                    .filter(|&task| has_priority(analysis, task, priority))
                    .collect(),
                format!(
                    "{}, counting priority {} only,",
                    describe_members(analysis, &scope, label_total, place),
                    priority.to_uppercase()
                ),
            ),
            None => (members, describe_members(analysis, &scope, label_total, place)),
        };
        if priority.is_some() && members.is_empty() {
            continue;
        }
        if fraction {
            // `8/11 completadas`: 8 done of 11.
            let (total, total_range) = found[k + 1].clone();
            counts.push(Count {
                counted: Counted::Tasks,
                narrowed: false,
                value: total,
                percent: false,
                about: false,
                range: base + total_range.start..base + total_range.end,
                members: members.clone(),
                what: what.clone(),
            });
        }
        let tail = after_trim
            .trim_start_matches(|c: char| c.is_alphabetic() && !c.is_ascii() || c.is_whitespace())
            .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
        // A qualifier in parentheses narrows the count (`3 tasks (BLOCKING)`); a figure there
        // (`8 tareas (6-8 días)`) only adds to it.
        let narrowed = tail.starts_with(['(', '（'])
            && !tail.contains('%')
            && !tail.split([')', '）']).next().is_some_and(|inside| {
                inside
                    .trim_start_matches(['(', '（', ' ', '~', '約', '约'])
                    .starts_with(|c: char| c.is_ascii_digit())
            });
        counts.push(Count {
            counted,
            narrowed,
            value: *value,
            percent: percent_claim,
            about,
            range: base + range.start..base + range.end,
            members,
            what,
        });
    }
    // A line that splits one scope into several counts (`6タスク並列（テスト）、3タスク並列`)
    // states parts, not the whole.
    if counts
        .iter()
        .filter(|c| c.counted == Counted::Parallel && !c.percent)
        .count()
        > 1
        || task_counts > 1
    {
        counts.retain(|c| c.percent || c.counted == Counted::Done);
    }
    counts
}

/// The priority a count label names, and the label's residue without it: the label holds a
/// word for priority and a word that is, whole, one of the priorities the document's tasks
/// carry (`Alta` where tasks say `**Prioridad**: ALTA`).
fn priority_of(analysis: &Analysis, residue: &str) -> Option<(String, String)> {
    let words: Vec<&str> = residue.split_whitespace().collect();
    if !words.iter().any(|word| PRIORITY_WORDS.contains(word)) {
        return None;
    }
    let value = words.iter().find(|word| {
        !PRIORITY_WORDS.contains(word) && (0..analysis.tasks.len()).any(|task| has_priority(analysis, task, word))
    })?;
    let rest = words
        .iter()
        .filter(|word| *word != value && !PRIORITY_WORDS.contains(word))
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    Some((value.to_string(), rest))
}

/// True when a task's priority field holds the word (lowercase), whole.
fn has_priority(analysis: &Analysis, task: usize, word: &str) -> bool {
    analysis.tasks[task]
        .field(crate::lex::fields::FieldKind::Priority)
        .is_some_and(|field| {
            field
                .text
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|part| part == word)
        })
}

/// The tasks listed after a count, ranges expanded.
fn listed_after(analysis: &Analysis, text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = super::named_tasks(analysis, text)
        .into_iter()
        .flat_map(|(tasks, _)| tasks)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The tasks a count's label covers: what its scope names; without a scope, the document or
/// the phase the line opens, where nothing else is in the label.
fn place_members(analysis: &Analysis, scope: &Scope, clean: bool, total: bool, place: Place) -> Option<Vec<usize>> {
    if scope.names_something() {
        return clean.then(|| scope.members(analysis));
    }
    if !clean {
        return None;
    }
    match place {
        Place::Document => Some((0..analysis.tasks.len()).collect()),
        _ if total => Some((0..analysis.tasks.len()).collect()),
        Place::PhaseIntro(phase) => Some(
            (0..analysis.tasks.len())
                .filter(|&t| analysis.tasks[t].phase == Some(phase))
                .collect(),
        ),
        Place::Among => None,
    }
}

/// The text a count's label is: the part of its line before the number, from the last
/// sentence break, without markup.
fn label_of(before: &str) -> String {
    let cut = before
        .char_indices()
        .rev()
        .find(|&(at, c)| {
            matches!(c, ';' | '。' | '，' | ',')
                // A point between digits is part of a number (`Fase 1.5`).
                || c == '.' && !(before[..at].ends_with(|d: char| d.is_ascii_digit())
                    && before[at + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map(|(at, c)| at + c.len_utf8())
        .filter(|&after| before[after..].chars().any(|c| c.is_alphabetic()))
        .unwrap_or(0);
    before[cut..]
        .trim_start_matches(['#', '-', '*', ' ', '>'])
        .replace(['*', '_', '`'], "")
}

/// Says in a message what a count on a line at `place` counts: what its scope names or, where
/// it names nothing and is no total, the phase whose introduction the line is in.
fn describe_members(analysis: &Analysis, scope: &Scope, total: bool, place: Place) -> String {
    match place {
        Place::PhaseIntro(phase) if !scope.names_something() && !total => {
            format!("phase {}", analysis.phases[phase].id)
        }
        _ => describe(analysis, scope),
    }
}

/// Says what a scope is in a message.
fn describe(analysis: &Analysis, scope: &Scope) -> String {
    if !scope.phases.is_empty() && scope.tasks.is_empty() {
        let names: Vec<String> = scope
            .phases
            .iter()
            .map(|&p| format!("phase {}", analysis.phases[p].id))
            .collect();
        return names.join(" + ");
    }
    if scope.names_something() {
        return "the tasks named".to_string();
    }
    "the document".to_string()
}

/// A table column's meaning, from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Tasks,
    Done,
    Parallel,
    /// The measured value of a metrics table (`実績`, `Actual`), beside its target.
    Actual,
    Other,
}

impl Column {
    fn of(header: &str) -> Column {
        let lower = header.to_lowercase().replace(['*', '_'], "");
        let lower = lower.trim();
        if ACTUAL_WORDS.contains(&lower) {
            Column::Actual
        } else if PARALLEL_WORDS.iter().any(|w| lower.contains(w)) || lower.contains("[p]") {
            Column::Parallel
        } else if DONE_WORDS.iter().any(|w| lower == *w || lower.starts_with(w))
            && !lower.contains('%')
            && !lower.contains("率")
        {
            Column::Done
        } else if TASK_LABEL_WORDS.contains(&lower)
            || [
                "tasks",
                "task count",
                "# tasks",
                "タスク数",
                "任务数",
                "태스크 수",
                "anzahl",
            ]
            .contains(&lower)
        {
            Column::Tasks
        } else {
            Column::Other
        }
    }
}

/// The cells of a table row, with each cell's offset in the line.
pub(super) fn table_cells(line: &str) -> Vec<(usize, &str)> {
    let mut cells = Vec::new();
    let trimmed_start = line.len() - line.trim_start().len();
    let mut at = trimmed_start + 1;
    let body = line.trim_end().trim_end_matches('|');
    while at <= body.len() {
        let end = body[at..].find('|').map_or(body.len(), |k| at + k);
        cells.push((at, &body[at..end]));
        at = end + 1;
    }
    cells
}

/// The counts a table row states, by its header's columns; the first cell names the scope.
fn table_counts(analysis: &Analysis, base: usize, cells: &[(usize, &str)], columns: &[Column]) -> Vec<Count> {
    let Some((_, label)) = cells.first() else {
        return Vec::new();
    };
    let label = label.replace(['*', '_', '`'], "");
    let lower = label.to_lowercase();
    let scope = read_scope(analysis, &label);
    // A metrics row (`| タスク完了率 | 100% | 93% | ⚠️ |`) states the share of done tasks in
    // its column of measured values.
    if PROGRESS_WORDS.iter().any(|w| lower.contains(w))
        && !scope.names_something()
        && leftover(&scope.residue, &[TASK_LABEL_WORDS, PROGRESS_WORDS, TOTAL_WORDS]).is_empty()
    {
        return cells
            .iter()
            .enumerate()
            .filter(|(k, _)| columns.get(*k) == Some(&Column::Actual))
            .filter_map(|(_, (offset, cell))| {
                let (value, range) = numbers(cell).into_iter().next()?;
                cell[range.end..].trim_start().starts_with('%').then(|| Count {
                    counted: Counted::Done,
                    narrowed: false,
                    value,
                    percent: true,
                    about: false,
                    range: base + offset + range.start..base + offset + range.end,
                    members: (0..analysis.tasks.len()).collect(),
                    what: "the document".to_string(),
                })
            })
            .collect();
    }
    let total = TOTAL_WORDS.iter().any(|w| lower.contains(w)) && !scope.names_something();
    let members: Vec<usize> = if scope.names_something() {
        scope.members(analysis)
    } else if total && leftover(&scope.residue, &[TOTAL_WORDS]).is_empty() {
        (0..analysis.tasks.len()).collect()
    } else {
        return Vec::new();
    };
    let what = if total {
        "the document".to_string()
    } else {
        describe(analysis, &scope)
    };
    let mut counts = Vec::new();
    for (k, (offset, cell)) in cells.iter().enumerate().skip(1) {
        let counted = match columns.get(k) {
            Some(Column::Tasks) => Counted::Tasks,
            Some(Column::Done) => Counted::Done,
            Some(Column::Parallel) => Counted::Parallel,
            _ => continue,
        };
        let clean = cell.replace(['*', '_'], "");
        let clean = clean.trim();
        let Ok(value) = clean.parse::<f64>() else { continue };
        let lead = cell.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
        let start = base + offset + lead;
        counts.push(Count {
            counted,
            narrowed: false,
            value,
            percent: false,
            about: false,
            range: start..start + clean.len(),
            members: members.clone(),
            what: what.clone(),
        });
    }
    counts
}

/// Compares a count with the scope's tasks and reports it when no way of counting agrees.
fn report(analysis: &Analysis, unwritten: &Unwritten, count: &Count, out: &mut Vec<Diagnostic>) {
    if count.members.is_empty() {
        return;
    }
    let floor = unwritten.may_lack(analysis, &count.members);
    let ways = ways_of_counting(analysis, &count.members);
    let tally = |set: &[usize]| -> (usize, usize, usize) {
        let done = set.iter().filter(|&&t| analysis.done[t]).count();
        let parallel = set.iter().filter(|&&t| analysis.tasks[t].parallel).count();
        (set.len(), done, parallel)
    };
    let mut computed = Vec::new();
    for set in &ways {
        let (total, done, parallel) = tally(set);
        let part = match count.counted {
            Counted::Tasks => total,
            Counted::Done => done,
            Counted::Parallel => parallel,
        } as f64;
        let value = if count.percent {
            if total == 0 {
                continue;
            }
            100.0 * part / total as f64
        } else {
            part
        };
        computed.push(value);
    }
    let tolerance = match (count.percent, count.about) {
        (true, true) => 10.0,
        (true, false) => 1.0,
        (false, true) => (count.value * 0.1).max(1.0),
        (false, false) => 0.0,
    };
    if computed.is_empty()
        || computed
            .iter()
            .any(|&value| (value - count.value).abs() <= tolerance + 1e-9)
    {
        return;
    }
    // Where tasks may be named without a section, only a count below the written ones is
    // wrong, and shares are unknown.
    if floor && !count.percent && computed.iter().any(|&value| count.value > value) {
        return;
    }
    // A narrowed count names part of its scope: only more than the scope holds is wrong.
    if count.narrowed && (count.percent || computed.iter().any(|&value| count.value <= value)) {
        return;
    }
    let main = computed[0];
    let (total, done, parallel) = tally(&ways[0]);
    let message = match (count.counted, count.percent) {
        (Counted::Tasks, _) => format!(
            "This says {} tasks, but {} has {} (every task heading and task item, without restatements).",
            format(count.value),
            count.what,
            total
        ),
        (Counted::Done, false) => format!(
            "This says {} tasks are done, but {} of the {} tasks of {} are (by their checkboxes, status fields and markers).",
            format(count.value),
            done,
            total,
            count.what
        ),
        (Counted::Done, true) => format!(
            "This says {}% is done, but {} of the {} tasks of {} are done: {}% (by their checkboxes, status fields and markers).",
            format(count.value),
            done,
            total,
            count.what,
            format((main * 10.0).round() / 10.0)
        ),
        (Counted::Parallel, false) => format!(
            "This says {} tasks are marked parallel, but {} of the {} tasks of {} carry [P].",
            format(count.value),
            parallel,
            total,
            count.what
        ),
        (Counted::Parallel, true) => format!(
            "This says {}% of the tasks are marked parallel, but {} of the {} tasks of {} carry [P]: {}%.",
            format(count.value),
            parallel,
            total,
            count.what,
            format((main * 10.0).round() / 10.0)
        ),
    };
    // The claim holds with the document's own number in its place (a percentage to the
    // claim's precision).
    let stated = crate::model::text_of(analysis.model.document().rope(), count.range.clone());
    let replacement = if count.percent {
        let decimals = stated.split_once('.').map_or(0, |(_, d)| d.len());
        format!("{main:.decimals$}")
    } else {
        format(main)
    };
    out.push(Diagnostic::new(Code::SummaryMismatch, count.range.clone(), message).with_replacement(replacement));
}

/// The ways a reader may count a scope's tasks: all of them, the leaves, the top-level ones,
/// each also without optional tasks. The first is every task.
fn ways_of_counting(analysis: &Analysis, members: &[usize]) -> Vec<Vec<usize>> {
    let tasks = &analysis.tasks;
    let all = members.to_vec();
    let leaves: Vec<usize> = members.iter().copied().filter(|&t| tasks[t].children == 0).collect();
    let tops: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&t| tasks[t].parent.is_none_or(|p| !members.contains(&p)))
        .collect();
    let mut ways = vec![all, leaves, tops];
    let required: Vec<Vec<usize>> = ways
        .iter()
        .map(|set| {
            set.iter()
                .copied()
                .filter(|&t| !tasks[t].optional && !tasks[t].cancelled)
                .collect()
        })
        .collect();
    ways.extend(required);
    ways
}
