//! The claims a document makes about itself, each checked against what the document's own
//! tasks say: counts of tasks (`**Total Tasks**: 28`, `Phase 2 (12개 태스크)`, `76 tasks marked
//! [P]`, `Completed: 24 (86%)`), hours (`Total Duration: 5-7 hours`, a phase heading's
//! `(6시간)`), parallel statements (`T002-T009 can run in parallel`, `US1 + US6 can proceed in
//! parallel`) and status (`**Status**: ✅ COMPLETED` with open tasks, a gantt bar marked
//! `:done`, a ticked task whose note says "Not started"), and the team assignment table
//! against each task's assignee, and the date the document says it was last updated against
//! the dates it records work done on.
//!
//! One module per family; this one holds what they share: the document's lines with the code
//! fence each sits in, and the reading of a label (`Phase 1.5`, `US1 + US2 + US3`, `Setup
//! Phase`, `T001-T054 + T116`) as the tasks it names. A claim is a located number or
//! statement compared with a computed one; each finding gives both and says how the computed
//! one was made. Claims are the author's to fix, so every finding is a warning.

mod counts;
mod dates;
mod format;
mod graphs;
mod hours;
mod parallel;
mod plans;
mod priorities;
mod sequence;
mod status;
mod team;
mod tests_first;

use std::ops::Range;

use crate::analysis::Analysis;
use crate::finding::Diagnostic;
use crate::lex::claim_words::TASK_LABEL_WORDS;
use crate::lex::mention::scan_id_ranges;
use crate::plan::Plan;

/// Runs every family of claim checks.
pub fn run(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let text = DocumentLines::new(analysis);
    let unwritten = Unwritten::new();
    counts::check(&text, analysis, &unwritten, out);
    hours::check(&text, analysis, &unwritten, out);
    parallel::check(&text, analysis, plan, out);
    status::check(&text, analysis, out);
    graphs::check(&text, analysis, plan, out);
    graphs::blocks_lists(analysis, out);
    team::check(&text, analysis, out);
    priorities::check(&text, analysis, out);
    sequence::check(&text, analysis, out);
    sequence::check_lists(&text, analysis, out);
    plans::check(&text, analysis, out);
    dates::check(&text, out);
    format::check(&text, analysis, out);
    tests_first::check(&text, analysis, out);
}

/// The claim checks whose findings an estimate changes: the durations the document states
/// against the tasks' estimates. The keystroke path runs these alone after an edit of an
/// estimate (see [`crate::carry`]).
pub(crate) fn estimate_checks(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let text = DocumentLines::marked(analysis, marks::HOURS);
    if !text.any_reads(marks::HOURS) {
        return;
    }
    hours::check(&text, analysis, &Unwritten::new(), out);
}

/// The tests of a line's text alone that the families make of every line, as the bits of
/// [`Line::marks`]: each segment keeps its lines' bits while it is unchanged, so that a
/// keystroke tests the lines of the segments it touched rather than the document's.
pub(crate) mod marks {
    /// `counts::reads_line`.
    pub const COUNTS: u16 = 1 << 0;
    /// `hours::reads_line`.
    pub const HOURS: u16 = 1 << 1;
    /// `parallel::reads_line`.
    pub const PARALLEL: u16 = 1 << 2;
    /// `parallel::defines_different_files`.
    pub const DIFFERENT_FILES: u16 = 1 << 3;
    /// `status::reads_line`.
    pub const STATUS: u16 = 1 << 4;
    /// `status::may_name_next`.
    pub const NEXT_TASK: u16 = 1 << 5;
    /// `status::is_ticked`.
    pub const TICKED: u16 = 1 << 6;
    /// `dates::states_claim`: a line that records work done without a date gives none.
    pub const DATES: u16 = 1 << 7;
    /// `format::states_claim`.
    pub const FORMAT: u16 = 1 << 8;
    /// `sequence::states_claim`.
    pub const SEQUENCE: u16 = 1 << 9;
    /// `tests_first::states_claim`.
    pub const TESTS_FIRST: u16 = 1 << 10;
    /// `priorities::states_claim`.
    pub const PRIORITIES: u16 = 1 << 11;
    /// `plans::states_claim`: a heading that opens a group of a plan.
    pub const PLAN_GROUP: u16 = 1 << 12;
    /// `plans::names_plan_heading`.
    pub const PLAN_SECTION: u16 = 1 << 13;
}

/// A family's test of a line's text.
type LineTest = fn(&str) -> bool;

/// The bits of [`marks`] that hold for a line's text.
fn marks_of(line: &str) -> u16 {
    let tests: [(u16, LineTest); 14] = [
        (marks::COUNTS, counts::reads_line),
        (marks::HOURS, hours::reads_line),
        (marks::PARALLEL, parallel::reads_line),
        (marks::DIFFERENT_FILES, parallel::defines_different_files),
        (marks::STATUS, status::reads_line),
        (marks::NEXT_TASK, status::may_name_next),
        (marks::TICKED, status::is_ticked),
        (marks::DATES, dates::states_claim),
        (marks::FORMAT, format::states_claim),
        (marks::SEQUENCE, sequence::states_claim),
        (marks::TESTS_FIRST, tests_first::states_claim),
        (marks::PRIORITIES, priorities::states_claim),
        (marks::PLAN_GROUP, plans::states_claim),
        (marks::PLAN_SECTION, plans::names_plan_heading),
    ];
    tests
        .into_iter()
        .filter(|(_, test)| test(line))
        .fold(0, |bits, (bit, _)| bits | bit)
}

/// True when a line of text reads as a claim some family checks: the keystroke path analyses
/// an edit of such a line again instead of carrying its diagnostics over.
pub fn is_claim_line(line: &str) -> bool {
    parallel::reads_line(line)
        || counts::states_claim(line)
        || hours::states_claim(line)
        || status::states_claim(line)
        || graphs::states_claim(line)
        || team::states_claim(line)
        || priorities::states_claim(line)
        || sequence::states_claim(line)
        || plans::states_claim(line)
        || dates::states_claim(line)
        || format::states_claim(line)
        || tests_first::states_claim(line)
}

/// Tasks the document names but does not write out (`Task II-2.1` in a status list, where
/// only II-1.1 and II-1.2 have sections): where a scope may hold such tasks, its written
/// tasks are a floor, and only a claim below them is wrong.
pub(crate) struct Unwritten {
    /// The ID prefixes (`II` of `II-2.1`, `2` of `2.7`) of at least three IDs named and never
    /// defined, shared with a defined task: found on the first claim that asks, as most
    /// analyses have none to check.
    prefixes: std::cell::OnceCell<Vec<String>>,
}

impl Unwritten {
    fn new() -> Unwritten {
        Unwritten {
            prefixes: std::cell::OnceCell::new(),
        }
    }

    /// True when tasks of the scope may be missing from the document's sections.
    pub fn may_lack(&self, analysis: &Analysis, members: &[usize]) -> bool {
        let prefixes = self.prefixes.get_or_init(|| Unwritten::prefixes(analysis));
        !prefixes.is_empty()
            && members
                .iter()
                .any(|&t| prefixes.iter().any(|p| p == id_prefix(&analysis.tasks[t].id)))
    }

    /// The prefixes, from every mention of the document.
    fn prefixes(analysis: &Analysis) -> Vec<String> {
        // The first IDs named and never defined, as a set: a list searched for each mention
        // cost the mentions times the IDs.
        let mut named: std::collections::HashSet<&str, foldhash::fast::RandomState> = Default::default();
        'segments: for (_, segment) in analysis.model.document().segments() {
            for mention in &segment.items().mentions {
                if named.len() >= 4096 {
                    break 'segments;
                }
                if !named.contains(&*mention.text) && analysis.task_by_id(&mention.text).is_none() {
                    named.insert(&mention.text);
                }
            }
        }
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for id in &named {
            *counts.entry(id_prefix(id).to_string()).or_default() += 1;
        }
        let defined: std::collections::BTreeSet<&str> = analysis.tasks.iter().map(|t| id_prefix(&t.id)).collect();
        counts
            .into_iter()
            .filter(|(prefix, n)| *n >= 3 && defined.contains(prefix.as_str()))
            .map(|(prefix, _)| prefix)
            .collect()
    }
}

/// The part of an ID before its first separator: `II` of `II-2.1`, `2` of `2.7`.
fn id_prefix(id: &str) -> &str {
    id.split(['-', '.', '_']).next().unwrap_or(id)
}

/// The task whose text holds a line: a heading task's section, or a list task's own
/// indented lines; a paragraph that starts at the margin after a list task is not its.
pub(crate) fn owner(analysis: &Analysis, line: &Line<'_>) -> Option<usize> {
    let task = line.task?;
    let info = &analysis.tasks[task];
    if info.line.start == line.start || info.dialect == crate::model::Dialect::Heading {
        return Some(task);
    }
    let indented = line.text.starts_with([' ', '\t']);
    indented.then_some(task)
}

/// The code fence a line sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fence {
    /// Outside any fence.
    None,
    /// Inside a Mermaid gantt chart.
    Gantt,
    /// Inside a Mermaid pie chart.
    Pie,
    /// Inside a Mermaid flowchart (`graph TD`, `flowchart LR`).
    Flowchart,
    /// Inside any other fence.
    Other,
}

/// One line of the document.
pub(crate) struct Line<'a> {
    /// The byte offset of the line's start.
    pub start: usize,
    /// The line's text, without its line break.
    pub text: &'a str,
    /// The fence the line sits in.
    pub fence: Fence,
    /// The bits of [`marks`] that hold for the line's text.
    pub marks: u16,
    /// The innermost task whose section holds the line's start
    /// ([`Analysis::task_containing`]).
    pub task: Option<usize>,
    /// The phase whose section holds the line's start ([`Analysis::phase_at`]).
    pub phase: Option<usize>,
}

impl Line<'_> {
    /// True when the test of [`marks`] whose bit this is holds for the line.
    pub fn reads(&self, mark: u16) -> bool {
        self.marks & mark != 0
    }

    /// The level of the ATX heading the line is (`### Sprint 1` is 3), if it is one.
    pub fn heading_level(&self) -> Option<usize> {
        let trimmed = self.text.trim_start();
        let level = trimmed.bytes().take_while(|&b| b == b'#').count();
        (level > 0 && trimmed[level..].starts_with(' ')).then_some(level)
    }
}

/// True when a lower-case text holds the word, not as part of a longer one (for words in
/// scripts that do not space words, anywhere).
pub(super) fn contains_word(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
            && !text[at + word.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// True when a lower-case text holds a word that starts with `word` (`tests` and `testing`
/// for `test`; anywhere for words in scripts that do not space words).
pub(super) fn holds_word_start(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(at, _)| starts_word(text, at))
}

/// The document's lines, read once for every family.
pub(crate) struct DocumentLines {
    text: String,
    /// Each line's start, length (without the break), fence and [`marks`].
    lines: Vec<(usize, usize, Fence, u16)>,
    /// Each line's innermost task and phase, found in one walk beside the lines rather than
    /// by a search per line and family.
    places: Vec<(Option<u32>, Option<u32>)>,
    /// The [`marks`] of any line: a family whose lines none of the document's are passes
    /// without a walk.
    any_marks: u16,
}

impl DocumentLines {
    fn new(analysis: &Analysis) -> DocumentLines {
        DocumentLines::build(analysis, None)
    }

    /// The lines that pass the test of `mark` alone, for a family run on its own: the others
    /// cost a walk over every line but are not kept.
    fn marked(analysis: &Analysis, mark: u16) -> DocumentLines {
        DocumentLines::build(analysis, Some(mark))
    }

    /// Every line, or only those with one of the marks `kept`.
    fn build(analysis: &Analysis, kept: Option<u16>) -> DocumentLines {
        let document = analysis.model.document();
        let text = document.text();
        let marks = line_marks(document, &text);
        let mut lines = Vec::with_capacity(if kept.is_none() { marks.len() } else { 0 });
        // The open fence: its marker, whether it is Mermaid, and what it draws once known.
        let mut fence: Option<(&'static str, bool, Option<Fence>)> = None;
        let (mut start, mut index) = (0, 0);
        for raw in text.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            // Most lines start with neither marker after their indentation: those are told
            // by one byte, before any search.
            let lead = line.bytes().find(|b| !b.is_ascii_whitespace());
            let may_mark = lead.is_none_or(|b| matches!(b, b'`' | b'~') || !b.is_ascii());
            let trimmed = if may_mark || fence.is_some() {
                line.trim_start()
            } else {
                ""
            };
            let marker = ["```", "~~~"].into_iter().find(|m| may_mark && trimmed.starts_with(m));
            let kind = match (&mut fence, marker) {
                (None, Some(marker)) => {
                    let language = trimmed[marker.len()..].trim().to_lowercase();
                    fence = Some((marker, language.starts_with("mermaid"), None));
                    Fence::Other
                }
                (Some((open, _, _)), Some(marker)) if marker == *open && trimmed[marker.len()..].trim().is_empty() => {
                    fence = None;
                    Fence::Other
                }
                (Some((_, mermaid, kind)), _) => {
                    // A Mermaid block says what it draws on its first line.
                    if kind.is_none() && !trimmed.is_empty() {
                        let first = trimmed.to_lowercase();
                        *kind = Some(if !*mermaid {
                            Fence::Other
                        } else if first.starts_with("gantt") {
                            Fence::Gantt
                        } else if first.starts_with("pie") {
                            Fence::Pie
                        } else if first.starts_with("graph") || first.starts_with("flowchart") {
                            Fence::Flowchart
                        } else {
                            Fence::Other
                        });
                    }
                    kind.unwrap_or(Fence::Other)
                }
                (None, None) => Fence::None,
            };
            let line_marks = marks[index];
            if kept.is_none_or(|kept| line_marks & kept != 0) {
                lines.push((start, line.len(), kind, line_marks));
            }
            index += 1;
            start += raw.len();
        }
        let places = places_of_lines(analysis, &lines);
        let any_marks = marks.iter().fold(0, |any, &bits| any | bits);
        DocumentLines {
            text,
            lines,
            places,
            any_marks,
        }
    }

    /// True when some line of the document, in a fence or not, passes the test of `mark`.
    pub fn any_reads(&self, mark: u16) -> bool {
        self.any_marks & mark != 0
    }

    /// Every line, in order.
    pub fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        self.lines_from(0)
    }

    /// The lines from the `first`th on, in order.
    pub fn lines_from(&self, first: usize) -> impl Iterator<Item = Line<'_>> {
        self.lines[first.min(self.lines.len())..]
            .iter()
            .zip(&self.places[first.min(self.places.len())..])
            .map(|(&(start, len, fence, marks), &(task, phase))| Line {
                start,
                text: &self.text[start..start + len],
                fence,
                marks,
                task: task.map(|t| t as usize),
                phase: phase.map(|p| p as usize),
            })
    }
}

/// The innermost task and the phase holding each line's start, as
/// [`Analysis::task_containing`] and [`Analysis::phase_at`] find them, for lines in document
/// order: the tasks and phases that start before a line only grow as the lines go on, so one
/// walk over the three lists finds them all.
fn places_of_lines(analysis: &Analysis, lines: &[(usize, usize, Fence, u16)]) -> Vec<(Option<u32>, Option<u32>)> {
    let tasks = &analysis.tasks;
    let phases = analysis.phase_spans();
    let (mut tasks_started, mut phases_started) = (0, 0);
    lines
        .iter()
        .map(|&(offset, ..)| {
            while tasks_started < tasks.len() && tasks[tasks_started].line.start <= offset {
                tasks_started += 1;
            }
            while phases_started < phases.len() && phases[phases_started].start <= offset {
                phases_started += 1;
            }
            let phase = phases_started
                .checked_sub(1)
                .filter(|&phase| offset < phases[phase].end)
                .map(|phase| phase as u32);
            let mut candidate = tasks_started.checked_sub(1);
            while let Some(task) = candidate {
                if tasks[task].section.contains(&offset) {
                    return (Some(task as u32), phase);
                }
                candidate = tasks[task].parent;
            }
            (None, phase)
        })
        .collect()
}

/// The [`marks`] of every line of a document, in order, from the lines each segment keeps;
/// tested afresh when a segment does not end at a line's end, which would cut a line in two.
fn line_marks(document: &crate::document::Document, text: &str) -> Vec<u16> {
    document.fill_line_marks(text, marks_of);
    let mut marks = Vec::new();
    let mut whole_lines = true;
    for (start, segment) in document.segments() {
        let end = start + segment.len();
        let piece = &text[start..end];
        if end < text.len() && !piece.ends_with('\n') {
            whole_lines = false;
            break;
        }
        marks.extend_from_slice(segment.line_marks(piece, marks_of));
    }
    if !whole_lines {
        marks = text
            .split_inclusive('\n')
            .map(|line| marks_of(line.trim_end_matches(['\n', '\r'])))
            .collect();
    }
    marks
}

/// What a label names: tasks (by phase, story, name or ID) and what is left of it once those
/// and the words every count label holds are taken out.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// The phases named.
    pub phases: Vec<usize>,
    /// The tasks named by ID or range.
    pub tasks: Vec<usize>,
    /// The label's words that name nothing the reader knows, lower-cased.
    pub residue: String,
}

impl Scope {
    /// True when the label names phases or tasks.
    pub fn names_something(&self) -> bool {
        !self.phases.is_empty() || !self.tasks.is_empty()
    }

    /// The tasks the scope covers: those of its phases and those it names, without
    /// restatements, in document order.
    pub fn members(&self, analysis: &Analysis) -> Vec<usize> {
        let mut members: Vec<usize> = (0..analysis.tasks.len())
            .filter(|&task| {
                analysis.tasks[task]
                    .phase
                    .is_some_and(|phase| self.phases.contains(&phase))
            })
            .chain(self.tasks.iter().copied())
            .collect();
        members.sort_unstable();
        members.dedup();
        members
    }
}

/// Words that name a phase before its identifier (`Phase 2`, `Fase 1.5`, `フェーズ1`,
/// `Category 5`).
const PHASE_WORDS: &[&str] = &[
    "phases",
    "phase",
    "fases",
    "fase",
    "étape",
    "etapa",
    "category",
    "categoría",
    "kategorie",
    "batch",
    "track",
    "フェーズ",
    "阶段",
    "階段",
    "단계",
];

/// Words that name a user story before its number.
const STORY_WORDS: &[&str] = &[
    "user story",
    "story",
    "us",
    "ユーザーストーリー",
    "用户故事",
    "história",
    "historia",
];

/// True when a phase title names the story of this number (`User Story 6 - …`, `US6`).
fn names_story(title: &str, number: u32) -> bool {
    let lower = title.to_lowercase();
    STORY_WORDS.iter().any(|word| {
        lower.match_indices(word).any(|(at, _)| {
            starts_word(&lower, at) && {
                let after = lower[at + word.len()..].trim_start_matches([' ', '#']);
                let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<u32>() == Ok(number)
            }
        })
    })
}

/// Reads a label as the phases, stories and tasks it names.
pub(crate) fn read_scope(analysis: &Analysis, label: &str) -> Scope {
    let lower = label.to_lowercase();
    let mut scope = Scope::default();
    let mut taken: Vec<Range<usize>> = Vec::new();
    // Phases by identifier, single or ranged: `Phase 3`, `Phases 3-9`, `フェーズ1`.
    for word in PHASE_WORDS {
        for (at, _) in lower.match_indices(word) {
            if !starts_word(&lower, at) || taken.iter().any(|r| r.contains(&at)) {
                continue;
            }
            let after = &lower[at + word.len()..];
            let gap = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
            let rest = &after[gap..];
            let (first, len) = phase_token(rest);
            if first.is_empty() {
                continue;
            }
            let mut end = at + word.len() + gap + len;
            let mut ids = vec![first.to_string()];
            let rest2 = &lower[end..];
            let dash = rest2.len() - rest2.trim_start_matches(['-', '–', '~', ' ']).len();
            if dash > 0 && rest2[..dash].contains(['-', '–', '~']) {
                let (second, len2) = phase_token(&rest2[dash..]);
                if let (Ok(a), Ok(b)) = (first.parse::<u32>(), second.parse::<u32>())
                    && a < b
                    && b - a < 100
                {
                    ids = (a..=b).map(|n| n.to_string()).collect();
                    end += dash + len2;
                }
            }
            let phases: Vec<usize> = analysis
                .phases
                .iter()
                .filter(|phase| ids.iter().any(|id| phase.id.eq_ignore_ascii_case(id)))
                .map(|phase| phase.index)
                .collect();
            if !phases.is_empty() {
                scope.phases.extend(phases);
                taken.push(at..end);
            }
        }
    }
    // Stories: `US1`, `US6-US24`, `User Story 3`, `ユーザーストーリー2`.
    for word in STORY_WORDS {
        for (at, _) in lower.match_indices(word) {
            if !starts_word(&lower, at) || taken.iter().any(|r| r.contains(&at)) {
                continue;
            }
            let after = &lower[at + word.len()..];
            let gap = after.len() - after.trim_start_matches(' ').len();
            if *word == "us" && gap > 0 {
                continue;
            }
            let digits: String = after[gap..].chars().take_while(char::is_ascii_digit).collect();
            let Ok(first) = digits.parse::<u32>() else { continue };
            let mut end = at + word.len() + gap + digits.len();
            let mut numbers = vec![first];
            let rest = &lower[end..];
            for joiner in ["-us", "–us", "-", "–"] {
                if let Some(tail) = rest.strip_prefix(joiner) {
                    let digits2: String = tail.chars().take_while(char::is_ascii_digit).collect();
                    if let Ok(last) = digits2.parse::<u32>()
                        && first < last
                        && last - first < 100
                    {
                        numbers = (first..=last).collect();
                        end += joiner.len() + digits2.len();
                        break;
                    }
                }
            }
            let mut phases = Vec::new();
            for number in numbers {
                let label = format!("US{number}");
                let holding: Vec<usize> = analysis
                    .phase_stories
                    .iter()
                    .enumerate()
                    .filter(|(_, stories)| stories.iter().any(|s| s.eq_ignore_ascii_case(&label)))
                    .map(|(phase, _)| phase)
                    .collect();
                // A story with a phase of its own is that phase, though an earlier phase may
                // hold a task labelled with it.
                let titled: Vec<usize> = holding
                    .iter()
                    .copied()
                    .filter(|&phase| names_story(&analysis.phases[phase].title, number))
                    .collect();
                phases.extend(if titled.is_empty() { holding } else { titled });
            }
            if !phases.is_empty() {
                scope.phases.extend(phases);
                taken.push(at..end);
            }
        }
    }
    // Phases by the first word of their name: `Setup Phase`, `Foundational`, `Polish`.
    let keys = analysis.unique_phase_keys.get_or_init(|| {
        let mut keys: Vec<Option<String>> = analysis.phases.iter().map(|phase| name_key(&phase.title)).collect();
        let mut written: std::collections::HashMap<String, usize, foldhash::fast::RandomState> = Default::default();
        for key in keys.iter().flatten() {
            *written.entry(key.clone()).or_default() += 1;
        }
        for key in &mut keys {
            if key.as_ref().is_some_and(|key| written[key] != 1) {
                *key = None;
            }
        }
        keys
    });
    for (phase, key) in analysis.phases.iter().zip(keys) {
        let Some(key) = key else { continue };
        if let Some(at) = lower.find(key.as_str())
            && starts_word(&lower, at)
            && !taken.iter().any(|r| r.contains(&at))
        {
            scope.phases.push(phase.index);
            taken.push(at..at + key.len());
        }
    }
    // Tasks by ID and range: `T001-T054 + T116`.
    for (tasks, range) in named_tasks(analysis, label) {
        // The number of a phase named above is not a task's ID (`Fase 1.5`).
        if taken.iter().any(|r| r.start < range.end && range.start < r.end) {
            continue;
        }
        scope.tasks.extend(tasks);
        taken.push(range);
    }
    scope.phases.sort_unstable();
    scope.phases.dedup();
    taken.sort_by_key(|r| r.start);
    let mut residue = String::new();
    let mut at = 0;
    for range in &taken {
        if range.start >= at && lower.is_char_boundary(range.start) && lower.is_char_boundary(range.end) {
            residue.push_str(&lower[at..range.start]);
            residue.push(' ');
            at = range.end;
        }
    }
    residue.push_str(&lower[at.min(lower.len())..]);
    // The words of the named phases' titles say nothing new (`Fase 1.5 (Critical Fixes)`).
    let titles: Vec<String> = scope
        .phases
        .iter()
        .map(|&p| analysis.phases[p].title.to_lowercase())
        .collect();
    scope.residue = residue
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !titles.iter().any(|title| title.contains(*word)))
        .collect::<Vec<_>>()
        .join(" ");
    scope
}

/// The residue of a label once markup, punctuation, parentheses and the given words are taken
/// out: empty when the label says nothing the reader does not know.
pub(crate) fn leftover(residue: &str, known: &[&[&str]]) -> String {
    let mut text = residue.replace(['(', ')', '（', '）', '[', ']'], " ");
    for words in known {
        let mut sorted: Vec<&str> = words.to_vec();
        sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
        for word in sorted {
            text = replace_word(&text, word);
        }
    }
    for filler in FILLER_WORDS {
        text = replace_word(&text, filler);
    }
    text.chars().filter(|c| c.is_alphanumeric()).collect::<String>()
}

/// Words a label holds around what it names: `de`, `of`, `number of`, `the`, `all`.
const FILLER_WORDS: &[&str] = &[
    "number of",
    "of",
    "de",
    "der",
    "die",
    "the",
    "all",
    "los",
    "las",
    "des",
    "du",
    "la",
    "le",
    "i",
    "and",
    "y",
    "et",
    "und",
    "e",
    "数",
    "的",
    "个",
    "개",
];

fn replace_word(text: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let end = at + word.len();
        let before_ok = starts_word(rest, at);
        let after_ok = rest[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || !c.is_ascii())
            || !word.is_ascii();
        out.push_str(&rest[..at]);
        if before_ok && after_ok {
            out.push(' ');
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// True when `at` starts a word of `text`: the text before it ends in neither an ASCII
/// letter nor a digit.
pub(crate) fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// A phase identifier at the start of a text: digits with dots (`1.5`), a Roman numeral or a
/// single letter followed by a non-letter.
fn phase_token(text: &str) -> (&str, usize) {
    let len = text
        .char_indices()
        .take_while(|&(k, c)| {
            c.is_ascii_digit() || (c == '.' && text[k + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map(|(k, c)| k + c.len_utf8())
        .last()
        .unwrap_or(0);
    if len > 0 {
        return (&text[..len], len);
    }
    let word: String = text.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let roman = !word.is_empty() && word.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    if roman || word.len() == 1 {
        return (&text[..word.len()], word.len());
    }
    ("", 0)
}

/// The first word of a phase's name, lower-cased, when it is distinctive enough to name the
/// phase in a label: four letters or more, or two CJK characters or more.
fn name_key(title: &str) -> Option<String> {
    let first: String = title
        .trim()
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '(' | '（' | ':' | '：' | '-' | '—' | '&' | ','))
        .collect::<String>()
        .to_lowercase();
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    let wide = !first.is_ascii();
    let generic = TASK_LABEL_WORDS.contains(&first.as_str()) || ["user", "story", "phase"].contains(&first.as_str());
    ((letters >= 4 || (wide && letters >= 2)) && !generic).then_some(first)
}

/// The tasks a text names, each entry the tasks of one ID or range (`T002-T009`, `DEC-001
/// through DEC-025`, `T012～T021`) with the range of its text, in order.
pub(crate) fn named_tasks(analysis: &Analysis, text: &str) -> Vec<(Vec<usize>, Range<usize>)> {
    let mut out = Vec::new();
    for (from, to) in scan_id_ranges(text) {
        let whole = from.start..to.as_ref().map_or(from.end, |to| to.end);
        let first = &text[from.clone()];
        let mut whole = whole;
        let (a, b) = match analysis.task_by_id(first) {
            Some(a) => match to.and_then(|to| analysis.task_by_id(&text[to])) {
                Some(b) => (a, b),
                None => match range_end_after(analysis, text, from.end) {
                    // `T001-T003`, which the mention scanner reads as one ID and drops.
                    Some((b, end)) => {
                        whole.end = end;
                        (a, b)
                    }
                    None => (a, a),
                },
            },
            None => {
                // An ID scanner takes `T001-T003` for one ID shaped like `AUTH-001`.
                let Some((left, right)) = first
                    .char_indices()
                    .filter(|&(_, c)| matches!(c, '-' | '–' | '~' | '～'))
                    .find_map(|(k, c)| {
                        let (l, r) = (&first[..k], &first[k + c.len_utf8()..]);
                        Some((analysis.task_by_id(l)?, analysis.task_by_id(r)?))
                    })
                else {
                    continue;
                };
                (left, right)
            }
        };
        out.push(((a.min(b)..=a.max(b)).collect(), whole));
    }
    out
}

/// The end of a range written right after an ID (`-T003`, `–T004`, `～T021`), when it
/// names a task: the task and where its ID ends.
fn range_end_after(analysis: &Analysis, text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let separator = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '–' | '~' | '～' | '〜'))?;
    let start = at + separator.len_utf8();
    let len = text[start..]
        .char_indices()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        .map(|(k, c)| k + c.len_utf8())
        .last()?;
    let id = text[start..start + len].trim_end_matches('.');
    Some((analysis.task_by_id(id)?, start + id.len()))
}

/// The numbers of a text with their ranges: `12`, `28.7`, `1,335`.
pub(crate) fn numbers(text: &str) -> Vec<(f64, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k].is_ascii_digit() && (k == 0 || !(bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'.')) {
            let start = k;
            while k < bytes.len()
                && (bytes[k].is_ascii_digit()
                    || (matches!(bytes[k], b'.' | b',') && bytes.get(k + 1).is_some_and(u8::is_ascii_digit)))
            {
                k += 1;
            }
            // An ID (`T001`, `2.1` after a task word) is not a number: the caller skips those
            // by the text around them.
            if let Ok(value) = text[start..k].replace(',', "").parse::<f64>() {
                out.push((value, start..k));
            }
        } else {
            k += 1;
        }
    }
    out
}

/// Formats a number of hours or tasks without a needless fraction.
pub(crate) fn format(value: f64) -> String {
    crate::checks::format_number(value)
}
