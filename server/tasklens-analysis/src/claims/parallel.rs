//! Statements that tasks or stories run in parallel, read as their authors mean them:
//! `T002-T009 can run in parallel (all marked [P])` claims every task of the range, less
//! those after "except"; `Foundational (executar em paralelo apos T005)` names T005 as when
//! they start, not as one of them; `T015 chạy song song với T012-T014` puts T015 beside the
//! others; `US1 + US6 can proceed in parallel` and `can parallel with US3` are about stories.
//!
//! A statement fails when one of its tasks carries no `[P]` in a document that marks
//! parallel tasks with it, when two of its tasks depend on each other, or when one of its
//! stories waits for another (a phase order the document states, or a task of one that
//! depends on a task of the other). A hedged statement (`mostly in parallel`) claims less,
//! and only its dependencies are checked.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, join_first};
use crate::lex::claim_words::SOURCE_EXTENSIONS;
use crate::lex::claim_words::{EXCEPT_WORDS, HEDGE_WORDS, OTHER_PHASES_WORDS, PARALLEL_WORDS, SCOPE_WORDS};
use crate::lex::mention::scan_id_ranges;
use crate::model::Dialect;
use crate::plan::{PathFinder, Plan};

use super::{DocumentLines, Fence, read_scope};

/// Words that join the subject of a statement to what it runs beside (`T015 runs in
/// parallel with T012-T014`).
const WITH_WORDS: &[&str] = &[" with ", " với ", " avec ", " mit ", " con ", " com ", "与", "和", "と"];

/// Words after which a statement takes something back (`…, but US6/US7 depend on US4`).
const BUT_WORDS: &[&str] = &[" but ", " mas ", " aber ", " pero ", " mais ", "但", "ただし", "하지만"];

/// Scope words written after what they scope (`US1完成后`, `基盤完了後`).
const POSTFIX_SCOPE_WORDS: &[&str] = &["完成后", "完成後", "完了後", "之后", "之後", "以降", "이후"];

/// The most tasks of one statement whose pairs are compared.
const PAIR_LIMIT: usize = 64;

/// True when a line says something runs in parallel.
pub(super) fn reads_line(line: &str) -> bool {
    PARALLEL_LINE_WORDS.in_line(line)
}

/// The words of a parallel statement ([`PARALLEL_WORDS`]).
static PARALLEL_LINE_WORDS: std::sync::LazyLock<crate::lex::claim_line::LowercaseWords> =
    std::sync::LazyLock::new(|| crate::lex::claim_line::LowercaseWords::new(PARALLEL_WORDS.iter().copied()));

/// True when a line defines `[P]` as tasks on different files (see
/// [`crate::lex::claim_line::defines_parallel_as_files`]).
pub(super) fn defines_different_files(line: &str) -> bool {
    crate::lex::claim_line::defines_parallel_as_files(line)
}

/// A task's phase and parent: where `[P]` tasks run beside each other.
type PhaseAndParent = (Option<usize>, Option<usize>);

/// Tasks marked `[P]` in the same phase (and under the same parent) that name the same file,
/// in a document whose `[P]` means different files: the marks claim what the paths deny. A
/// pair that one's dependencies put in order runs one after the other, and shares the file
/// without conflict.
fn same_file_markers(text: &DocumentLines, analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    if !text.any_reads(super::marks::DIFFERENT_FILES) {
        return;
    }
    let tasks = &analysis.tasks;
    let mut finder = PathFinder::new(plan);
    // The earlier marked tasks of each phase and parent, with the files they name.
    let mut earlier: std::collections::HashMap<PhaseAndParent, Vec<(usize, Vec<String>)>> = Default::default();
    for (task, info) in tasks.iter().enumerate() {
        if !info.parallel || info.phase.is_none() {
            continue;
        }
        let paths = file_paths(&info.title);
        if paths.is_empty() {
            continue;
        }
        let before = earlier.entry((info.phase, info.parent)).or_default();
        let shared = before.iter().find_map(|(other, theirs)| {
            let path = paths.iter().find(|p| theirs.contains(p))?;
            let ordered = finder.path(*other, task).is_some() || finder.path(task, *other).is_some();
            (!ordered).then(|| (*other, path.clone()))
        });
        if let Some((other, path)) = shared
            && let Some(marker) = info.heading.decorations.iter().find(|r| r.end - r.start == 3).cloned()
        {
            out.push(Diagnostic::new(
                Code::ParallelConflict,
                marker,
                format!(
                    "Task {} is marked [P] beside {}, but both edit {path}, and this document's [P] means different files.",
                    info.id, tasks[other].id
                ),
            ));
        }
        if before.len() < PAIR_LIMIT {
            before.push((task, paths));
        }
    }
}

/// The file paths a task's text names: a token with a source extension (`src/a.ts`,
/// `` `package.json` ``), without the punctuation around it.
fn file_paths(text: &str) -> Vec<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '`' | '(' | ')' | '（' | '）' | ',' | '，' | '、' | ';' | '"' | '\'')
    })
    .map(|token| token.trim_end_matches(['.', ':', '：', '。']))
    .filter(|token| {
        let name = token.rsplit('/').next().unwrap_or(token);
        let has_extension = name.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && SOURCE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        });
        has_extension && token.is_ascii()
    })
    .map(str::to_string)
    .collect()
}

/// Checks every parallel statement outside code.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    same_file_markers(text, analysis, plan, out);
    let marks_parallel = analysis
        .tasks
        .iter()
        .any(|t| t.parallel && t.dialect != Dialect::Heading);
    let mut finder = PathFinder::stated(plan);
    for (k, line) in text.lines().enumerate() {
        if line.fence != Fence::None || !line.reads(super::marks::PARALLEL) {
            continue;
        }
        // A task's own `[P]` marker or its field is the marker check's business.
        if line.task.is_some_and(|t| analysis.tasks[t].line.start == line.start) {
            continue;
        }
        if phase_beside_the_others(analysis, line.start, line.text, out) {
            continue;
        }
        let old_claim = analysis
            .parallel_claims
            .iter()
            .any(|claim| claim.line.start == line.start);
        for clause in clauses(line.text) {
            let mut statement = read_statement(analysis, line.start, line.text, clause.clone());
            if statement.tasks.is_empty() && statement.stories.is_empty() && clause.start > 0 {
                // `Group A (T006–T021): All touch different files — run all simultaneously`:
                // the clause that says parallel names nothing, the line does.
                let whole = read_statement(analysis, line.start, line.text, 0..line.text.len());
                if whole.stories.is_empty() {
                    statement = whole;
                }
            }
            if statement.tasks.is_empty() && statement.stories.is_empty() && clause_opens_list(line.text, &clause) {
                statement.tasks = list_below(analysis, text.lines_from(k + 1));
                statement.subject = statement.tasks.len();
            }
            if !statement.tasks.is_empty() {
                check_tasks(analysis, &mut finder, &statement, marks_parallel, !old_claim, out);
            } else if statement.stories.len() >= 2 {
                check_stories(analysis, &statement, out);
            }
        }
    }
}

/// A phase said to run beside all the others (`**Boolean Operations (Fase 3)**: Independiente,
/// puede ejecutarse en paralelo con otras fases`) while its tasks wait for another phase's, or
/// another phase's wait for its. The document's first phase, the base the others build on,
/// is left out. True when the line was read as such a statement.
fn phase_beside_the_others(analysis: &Analysis, base: usize, text: &str, out: &mut Vec<Diagnostic>) -> bool {
    let lower = text.to_lowercase();
    if !OTHER_PHASES_WORDS.iter().any(|w| lower.contains(w)) {
        return false;
    }
    let label_end = text.find([':', '：']).unwrap_or(text.len());
    let scope = super::read_scope(analysis, &text[..label_end]);
    let [phase] = scope.phases[..] else {
        return false;
    };
    let first = analysis.tasks.iter().filter_map(|t| t.phase).min();
    let outside = |t: usize| analysis.tasks[t].phase.is_some_and(|p| p != phase && Some(p) != first);
    let mut waits: Option<(usize, usize)> = None;
    let mut waited: Option<(usize, usize)> = None;
    for (task, dependencies) in analysis.dependencies.iter().enumerate() {
        for dependency in dependencies {
            let target = dependency.target;
            if analysis.tasks[task].phase == Some(phase) && outside(target) {
                waits.get_or_insert((task, target));
            } else if analysis.tasks[target].phase == Some(phase) && outside(task) {
                waited.get_or_insert((task, target));
            }
        }
    }
    let id = |t: usize| analysis.tasks[t].id.as_str();
    let phase_name = |t: usize| {
        analysis.tasks[t]
            .phase
            .map_or(String::new(), |p| analysis.phases[p].id.clone())
    };
    let mut reasons = Vec::new();
    if let Some((task, target)) = waits {
        reasons.push(format!(
            "it waits for phase {} ({} depends on {})",
            phase_name(target),
            id(task),
            id(target)
        ));
    }
    if let Some((task, target)) = waited {
        reasons.push(format!(
            "phase {} waits for it ({} depends on {})",
            phase_name(task),
            id(task),
            id(target)
        ));
    }
    if !reasons.is_empty() {
        let lead = text.len() - text.trim_start().len();
        out.push(Diagnostic::new(
            Code::ParallelConflict,
            base + lead..base + text.len(),
            format!(
                "This says phase {} can run in parallel with the other phases, but {}.",
                analysis.phases[phase].id,
                reasons.join(", and ")
            ),
        ));
    }
    true
}

/// What one clause of a parallel statement names.
#[derive(Debug, Default)]
struct Statement {
    /// The tasks claimed, with the range of the text that names each.
    tasks: Vec<(usize, Range<usize>)>,
    /// How many of `tasks` are the statement's subject (those before "with"); the rest run
    /// beside them.
    subject: usize,
    /// The stories named, each as its phases, with the range that names it.
    stories: Vec<(String, Vec<usize>, Range<usize>)>,
    /// True when the first story is the statement's subject, which runs beside each of the
    /// others (`US4 可与US2, US3, US5并行`).
    story_subject: bool,
    /// True when the statement hedges (`mostly`).
    hedged: bool,
}

/// The clauses of a line that say parallel: sentences and the parts between dashes and
/// semicolons, each cut where it takes something back.
fn clauses(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let separators = [". ", "; ", "。", "；", " — ", " – ", " - "];
    loop {
        let next = separators
            .iter()
            .filter_map(|s| line[start..].find(s).map(|at| (start + at, s.len())))
            .min_by_key(|&(at, _)| at);
        let end = next.map_or(line.len(), |(at, _)| at);
        let mut clause = start..end;
        let lower = line[clause.clone()].to_lowercase();
        if let Some(at) = BUT_WORDS.iter().filter_map(|w| lower.find(w)).min() {
            clause.end = clause.start + at;
        }
        if reads_line(&line[clause.clone()]) {
            out.push(clause);
        }
        match next {
            Some((at, len)) => start = at + len,
            None => break,
        }
    }
    out
}

/// Reads one clause: its tasks (ranges expanded, exceptions and scope left out) or stories.
fn read_statement(analysis: &Analysis, base: usize, line: &str, clause: Range<usize>) -> Statement {
    let text = &line[clause.clone()];
    let lower = text.to_lowercase();
    // What is not claimed: parentheses that scope (`(after T005)`, `(both depend on T010)`),
    // text after a scope word up to the next comma or bracket, what comes before a postfix
    // scope word, and everything after "except".
    let mut masked: Vec<Range<usize>> = Vec::new();
    for (open, close) in [('(', ')'), ('（', '）')] {
        let mut from = 0;
        while let Some(at) = text[from..].find(open) {
            let start = from + at;
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |k| start + k + close.len_utf8());
            let inner = &lower[start..end.min(lower.len())];
            if SCOPE_WORDS.iter().any(|w| inner.contains(w)) {
                masked.push(start..end);
            }
            from = end.max(start + open.len_utf8());
            if from >= text.len() {
                break;
            }
        }
    }
    for word in SCOPE_WORDS {
        for (at, _) in lower.match_indices(word) {
            if !super::starts_word(&lower, at) {
                continue;
            }
            let end = lower[at..]
                .find([',', ')', '）', '，', ':', '：'])
                .map_or(lower.len(), |k| at + k);
            masked.push(at..end);
        }
    }
    for word in POSTFIX_SCOPE_WORDS {
        if let Some(at) = lower.find(word) {
            masked.push(0..at + word.len());
        }
    }
    let except_at = EXCEPT_WORDS
        .iter()
        .filter_map(|w| lower.find(w).filter(|&at| super::starts_word(&lower, at)))
        .min();
    let with_at = WITH_WORDS.iter().filter_map(|w| lower.find(w)).min();
    let is_masked = |at: usize| masked.iter().any(|r| r.contains(&at));
    let mut statement = Statement {
        hedged: HEDGE_WORDS.iter().any(|w| lower.contains(w)),
        ..Statement::default()
    };
    let mut excepted: Vec<usize> = Vec::new();
    for (named, local) in super::named_tasks(analysis, text) {
        if is_masked(local.start) {
            continue;
        }
        let from = local.clone();
        let range = base + clause.start + local.start..base + clause.start + local.end;
        if except_at.is_some_and(|at| from.start > at) {
            excepted.extend(named);
            continue;
        }
        let before_with = with_at.is_none_or(|at| from.start < at);
        for task in named {
            if !statement.tasks.iter().any(|(t, _)| *t == task) {
                statement.tasks.push((task, range.clone()));
                if before_with {
                    statement.subject = statement.tasks.len();
                }
            }
        }
    }
    statement.tasks.retain(|(t, _)| !excepted.contains(t));
    statement.subject = statement.subject.min(statement.tasks.len());
    if with_at.is_none() {
        statement.subject = statement.tasks.len();
    }
    if statement.tasks.is_empty() {
        statement.stories = read_stories(analysis, base, line, clause, &masked, &mut statement.story_subject);
    }
    statement
}

/// The stories a clause names: `US1 + US6`, `US2/US3/US4/US5`, `US5-US7`, `All 6 user
/// stories`, and, when the clause says "with", the story its line is about.
fn read_stories(
    analysis: &Analysis,
    line_start: usize,
    line: &str,
    clause: Range<usize>,
    masked: &[Range<usize>],
    subject_first: &mut bool,
) -> Vec<(String, Vec<usize>, Range<usize>)> {
    let text = &line[clause.clone()];
    let lower = text.to_lowercase();
    let mut stories: Vec<(String, Vec<usize>, Range<usize>)> = Vec::new();
    let push = |stories: &mut Vec<(String, Vec<usize>, Range<usize>)>,
                name: String,
                phases: Vec<usize>,
                range: Range<usize>| {
        if !phases.is_empty() && !stories.iter().any(|(n, _, _)| *n == name) {
            stories.push((name, phases, range));
        }
    };
    // "Parallelizable" describes a way of working, not which stories run side by side.
    if lower.contains("parallelizable") || lower.contains("parallelisable") {
        return stories;
    }
    let all_stories = [
        "all user stories",
        "all stories",
        "所有用户故事",
        "すべてのユーザーストーリー",
    ];
    if all_stories.iter().any(|w| lower.contains(w)) || (lower.contains("all ") && lower.contains("user stories")) {
        for (phase, labels) in analysis.phase_stories.iter().enumerate() {
            for label in labels {
                push(
                    &mut stories,
                    label.to_uppercase(),
                    vec![phase],
                    line_start + clause.start..line_start + clause.end,
                );
            }
        }
        return stories;
    }
    let bytes = lower.as_bytes();
    for (at, _) in lower.match_indices("us") {
        if !super::starts_word(&lower, at) || masked.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let digits: String = lower[at + 2..].chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || bytes.get(at + 2 + digits.len()).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let token_end = at + 2 + digits.len();
        // A range of stories, `US5-US7` or `US1-4`.
        let rest = &lower[token_end..];
        let mut last = digits.clone();
        let mut end = token_end;
        for joiner in ["-us", "–us", "-", "–"] {
            if let Some(tail) = rest.strip_prefix(joiner) {
                let d: String = tail.chars().take_while(char::is_ascii_digit).collect();
                if !d.is_empty() {
                    last = d.clone();
                    end = token_end + joiner.len() + d.len();
                    break;
                }
            }
        }
        let (Ok(a), Ok(b)) = (digits.parse::<u32>(), last.parse::<u32>()) else {
            continue;
        };
        for n in a..=b.min(a + 50) {
            let name = format!("US{n}");
            let phases = story_phases(analysis, &name);
            let base = line_start + clause.start;
            push(&mut stories, name, phases, base + at..base + end);
        }
    }
    // "can parallel with US3, US4": the line's own story is the subject, and runs beside each
    // of the others (not they beside each other).
    if WITH_WORDS.iter().any(|w| lower.contains(w)) && !stories.is_empty() {
        let label_end = line.find([':', '：']).unwrap_or(0);
        let scope = read_scope(analysis, &line[..label_end]);
        let subject = match scope.phases.as_slice() {
            [phase] => analysis.phase_stories[*phase]
                .first()
                .map(|label| (label.to_uppercase(), *phase)),
            _ => None,
        };
        match subject {
            Some((name, phase)) if !stories.iter().any(|(n, _, _)| *n == name) => {
                stories.insert(0, (name, vec![phase], line_start..line_start + label_end));
                *subject_first = true;
            }
            _ => stories.clear(),
        }
    }
    stories
}

/// The phases that hold a story's tasks.
fn story_phases(analysis: &Analysis, story: &str) -> Vec<usize> {
    analysis
        .phase_stories
        .iter()
        .enumerate()
        .filter(|(_, stories)| stories.iter().any(|s| s.eq_ignore_ascii_case(story)))
        .map(|(phase, _)| phase)
        .collect()
}

/// True when a clause that names nothing ends its line as a label (`**Setup (executar em
/// paralelo):**`), so that the list below it holds the tasks.
fn clause_opens_list(line: &str, clause: &Range<usize>) -> bool {
    clause.end == line.len() && line.trim_end().trim_end_matches(['*', '_']).ends_with([':', '：'])
}

/// The tasks that open the list items right below a label line.
fn list_below<'a>(analysis: &Analysis, lines: impl Iterator<Item = super::Line<'a>>) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    for line in lines {
        let trimmed = line.text.trim_start();
        if trimmed.is_empty() && out.is_empty() {
            continue;
        }
        let Some(item) = trimmed.strip_prefix(['-', '*', '+']) else {
            break;
        };
        let lead = line.text.len() - item.len();
        let Some((first, _)) = scan_id_ranges(item).into_iter().next() else {
            break;
        };
        let before = item[..first.start]
            .trim()
            .trim_start_matches("[ ]")
            .trim_start_matches("[x]")
            .trim();
        if !before.is_empty() && !before.chars().all(|c| matches!(c, '*' | '`' | '[' | ']')) {
            break;
        }
        if let Some(task) = analysis.task_by_id(&item[first.clone()]) {
            out.push((task, line.start + lead + first.start..line.start + lead + first.end));
        }
    }
    out
}

/// Checks a statement about tasks: the markers of its subject and the dependencies among its
/// tasks.
fn check_tasks(
    analysis: &Analysis,
    finder: &mut PathFinder<'_>,
    statement: &Statement,
    check_markers: bool,
    check_pairs: bool,
    out: &mut Vec<Diagnostic>,
) {
    let tasks = &statement.tasks;
    if tasks.len() < 2 {
        return;
    }
    let id = |t: usize| analysis.tasks[t].id.as_str();
    if check_markers && !statement.hedged {
        let unmarked: Vec<&(usize, Range<usize>)> = tasks[..statement.subject]
            .iter()
            .filter(|(t, _)| {
                let task = &analysis.tasks[*t];
                !task.parallel && task.children == 0 && task.dialect != Dialect::Heading
            })
            .collect();
        if let Some((_, range)) = unmarked.first() {
            let names: Vec<&str> = unmarked.iter().take(8).map(|(t, _)| id(*t)).collect();
            out.push(Diagnostic::new(
                Code::ParallelConflict,
                range.clone(),
                format!(
                    "This says these tasks can run in parallel, but {} {} no [P], the document's mark for tasks that can.",
                    join_first(&names, unmarked.len()),
                    if unmarked.len() == 1 { "carries" } else { "carry" }
                ),
            ));
            return;
        }
    }
    if !check_pairs {
        return;
    }
    let limit = tasks.len().min(PAIR_LIMIT);
    let subject = statement.subject.min(limit);
    for i in 0..limit {
        for j in i + 1..limit {
            // With "with", only pairs across the two sides are claimed.
            if subject < limit && subject > 0 && (i < subject) == (j < subject) {
                continue;
            }
            let (a, b) = (tasks[i].0, tasks[j].0);
            if analysis.is_ancestor(a, b) || analysis.is_ancestor(b, a) {
                continue;
            }
            let found = finder.path(a, b).or_else(|| finder.path(b, a));
            if let Some(path) = found {
                let chain: Vec<&str> = path.iter().map(|&t| id(t)).collect();
                out.push(Diagnostic::new(
                    Code::ParallelConflict,
                    tasks[j].1.clone(),
                    format!(
                        "This says {} and {} can run in parallel, but {} depends on {}: {}.",
                        id(a),
                        id(b),
                        id(path[path.len() - 1]),
                        id(path[0]),
                        chain.join(" → ")
                    ),
                ));
                return;
            }
        }
    }
}

/// Checks a statement about stories: no story of it may wait for another.
fn check_stories(analysis: &Analysis, statement: &Statement, out: &mut Vec<Diagnostic>) {
    let stories = &statement.stories;
    for (i, (name_a, phases_a, _)) in stories.iter().enumerate() {
        if statement.story_subject && i > 0 {
            break;
        }
        for (name_b, phases_b, range_b) in &stories[i + 1..] {
            if phases_a.iter().any(|p| phases_b.contains(p)) {
                continue;
            }
            let why = waits_for(analysis, phases_a, phases_b)
                .map(|why| (name_b, name_a, why))
                .or_else(|| waits_for(analysis, phases_b, phases_a).map(|why| (name_a, name_b, why)));
            if let Some((later, earlier, why)) = why {
                out.push(Diagnostic::new(
                    Code::ParallelConflict,
                    range_b.clone(),
                    format!(
                        "This says {name_a} and {name_b} can run in parallel, but {later} waits for {earlier}: {why}."
                    ),
                ));
                return;
            }
        }
    }
}

/// Why phases `later` wait for phases `earlier`: a phase order the document states (directly
/// or through other phases), or a task of one that depends on a task of the other.
fn waits_for(analysis: &Analysis, earlier: &[usize], later: &[usize]) -> Option<String> {
    let rope = analysis.model.document().rope();
    let line = |offset: usize| rope.byte_to_line(offset.min(rope.len_bytes())) + 1;
    // Phase order, through other phases.
    let mut reached: Vec<Option<usize>> = vec![None; analysis.phases.len()];
    let mut queue: Vec<usize> = Vec::new();
    for &p in earlier {
        for (k, edge) in analysis.phase_edges.iter().enumerate() {
            if edge.from == p && reached[edge.to].is_none() {
                reached[edge.to] = Some(k);
                queue.push(edge.to);
            }
        }
    }
    while let Some(p) = queue.pop() {
        for (k, edge) in analysis.phase_edges.iter().enumerate() {
            if edge.from == p && reached[edge.to].is_none() && !earlier.contains(&edge.to) {
                reached[edge.to] = Some(k);
                queue.push(edge.to);
            }
        }
    }
    for &p in later {
        if let Some(k) = reached[p] {
            return Some(format!(
                "the phase order at line {}",
                line(analysis.phase_edges[k].range.start)
            ));
        }
    }
    // A task of a later phase that names a task of an earlier one.
    for (task, dependencies) in analysis.dependencies.iter().enumerate() {
        if !analysis.tasks[task].phase.is_some_and(|p| later.contains(&p)) {
            continue;
        }
        for dependency in dependencies {
            if analysis.tasks[dependency.target]
                .phase
                .is_some_and(|p| earlier.contains(&p))
            {
                return Some(format!(
                    "{} depends on {}",
                    analysis.tasks[task].id, analysis.tasks[dependency.target].id
                ));
            }
        }
    }
    None
}
