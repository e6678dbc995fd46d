//! A statement that the document's order is an order to work in (`The default order is
//! intentional: complete a task only after its listed dependencies are complete`, a heading's
//! `(ordered by dependency)`) against dependencies that point forward: a task that waits for
//! one written after it. A heading's statement speaks for the tasks under it, any other for
//! the document. A parent waiting for its own sub-tasks is not a forward dependency. And a
//! numbered list offered as an order to work in (`## Suggested First 20 Tasks`) against the
//! dependencies of its steps. And a task said to block every other one (`（最先做，阻塞其他）`)
//! against the tasks that do not wait for it.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, Related, join_first};
use crate::lex::claim_words::{BLOCKS_ALL_WORDS, ORDER_CLAIM_WORDS, SEQUENCE_HEADING_WORDS};

use super::{DocumentLines, Fence};

/// True when a line says the document's order follows the dependencies, or is a heading that
/// offers an order to work in.
pub(super) fn states_claim(line: &str) -> bool {
    use crate::lex::claim_line::mentions_any;
    if blocks_all_at(line).is_some() {
        return true;
    }
    // Every ASCII word of both tables holds one of these: most lines stop here.
    if line.is_ascii() && !mentions_any(line, &["ord", "sorted", "topolog", "first", "sequence", "reihenfolge"]) {
        return false;
    }
    if !mentions_any(line, ORDER_CLAIM_WORDS) && !mentions_any(line, SEQUENCE_HEADING_WORDS) {
        return false;
    }
    let lower = line.to_lowercase();
    ORDER_CLAIM_WORDS.iter().any(|w| lower.contains(w))
        || (lower.trim_start().starts_with('#') && SEQUENCE_HEADING_WORDS.iter().any(|w| lower.contains(w)))
}

/// The most forward dependencies a message names.
const NAMED_IN_MESSAGE: usize = 5;

/// Checks every statement that the document's order is an order to work in.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for line in text.lines() {
        if line.fence != Fence::None || !line.reads(super::marks::SEQUENCE) {
            continue;
        }
        if let Some(task) = line.task.filter(|&t| analysis.tasks[t].line.start == line.start) {
            blocks_all(analysis, task, line.start, line.text, out);
            continue;
        }
        let heading = line.text.trim_start().starts_with('#');
        let end = if heading {
            section_end(text, line.start, line.text)
        } else {
            usize::MAX
        };
        let (scope, what) = if heading {
            (line.start..end, "the tasks under this heading follow")
        } else {
            (0..usize::MAX, "the document's order follows")
        };
        let in_scope = |t: usize| scope.contains(&analysis.tasks[t].line.start);
        let mut forward: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
        for task in (0..analysis.tasks.len()).filter(|&t| in_scope(t)) {
            for dependency in &analysis.dependencies[task] {
                let target = dependency.target;
                if target > task && in_scope(target) && !analysis.is_ancestor(task, target) {
                    forward.push((task, target, dependency.range.clone()));
                }
            }
        }
        if forward.is_empty() {
            continue;
        }
        let id = |t: usize| analysis.tasks[t].id.as_str();
        let named: Vec<String> = forward
            .iter()
            .take(NAMED_IN_MESSAGE)
            .map(|&(task, target, _)| format!("{} waits for {}", id(task), id(target)))
            .collect();
        let lead = line.text.len() - line.text.trim_start().len();
        out.push(Diagnostic {
            related: forward
                .iter()
                .take(NAMED_IN_MESSAGE)
                .map(|&(task, target, ref range)| Related {
                    range: range.clone(),
                    message: format!("{} waits for {}, written after it", id(task), id(target)),
                })
                .collect(),
            ..Diagnostic::new(
                Code::GraphMismatch,
                line.start + lead..line.start + line.text.len(),
                format!(
                    "This says {what} the dependencies, but {} {} forward, to a task written later: {}.",
                    forward.len(),
                    if forward.len() == 1 {
                        "dependency points"
                    } else {
                        "dependencies point"
                    },
                    join_first(&named, forward.len())
                ),
            )
        });
    }
}

/// Where a line says, in brackets, that its task blocks every other one: the phrase's range
/// in the line.
fn blocks_all_at(line: &str) -> Option<std::ops::Range<usize>> {
    use crate::lex::claim_line::mentions_any;
    if line.is_ascii() && !mentions_any(line, &["block", "bloqu"]) {
        return None;
    }
    if !mentions_any(line, BLOCKS_ALL_WORDS) {
        return None;
    }
    let lower = line.to_lowercase();
    // Lower-casing keeps the offsets of the phrases' own characters only where the line's
    // length does not change; otherwise the whole line is the range.
    BLOCKS_ALL_WORDS.iter().find_map(|w| {
        let at = lower.find(w)?;
        if !in_brackets(&lower[..at]) {
            return None;
        }
        Some(if lower.len() == line.len() {
            at..at + w.len()
        } else {
            0..line.len()
        })
    })
}

/// True when text ends inside an open bracket: the phrase after it is a note on the task
/// (`(do first, blocks the others)`, `（最先做，阻塞其他）`), not the task's own words (`Fix the
/// crash that blocks everything`).
fn in_brackets(before: &str) -> bool {
    let mut depth = 0usize;
    for c in before.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth > 0
}

/// The most tasks that do not wait for a blocking task a message names.
const NOT_WAITING_NAMED: usize = 6;

/// A task whose line says it blocks every other one, against the open tasks that do not wait
/// for it, directly or through others. Not read where no task states a dependency: there
/// the statement is the only order the document gives.
fn blocks_all(analysis: &Analysis, task: usize, start: usize, line: &str, out: &mut Vec<Diagnostic>) {
    let Some(phrase) = blocks_all_at(line) else {
        return;
    };
    let tasks = &analysis.tasks;
    if analysis
        .dependencies
        .iter()
        .all(|dependencies| dependencies.iter().all(|d| d.rule.is_some()))
    {
        return;
    }
    // The tasks that wait for this one, through any chain of dependencies.
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for (from, dependencies) in analysis.dependencies.iter().enumerate() {
        for dependency in dependencies {
            dependents[dependency.target].push(from);
        }
    }
    let mut waits = vec![false; tasks.len()];
    let mut stack = vec![task];
    while let Some(at) = stack.pop() {
        for &next in &dependents[at] {
            if !std::mem::replace(&mut waits[next], true) {
                stack.push(next);
            }
        }
    }
    let not_waiting: Vec<usize> = (0..tasks.len())
        .filter(|&t| t != task && !waits[t] && !analysis.done[t] && !tasks[t].cancelled && !tasks[t].optional)
        .filter(|&t| !analysis.is_ancestor(t, task) && !analysis.is_ancestor(task, t))
        .collect();
    if not_waiting.is_empty() {
        return;
    }
    let names: Vec<String> = not_waiting
        .iter()
        .take(NOT_WAITING_NAMED)
        .map(|&t| tasks[t].id.clone())
        .collect();
    let names = join_first(&names, not_waiting.len());
    out.push(Diagnostic {
        related: not_waiting
            .iter()
            .take(NOT_WAITING_NAMED)
            .map(|&t| Related {
                range: tasks[t].line.clone(),
                message: format!("{} does not wait for {}", tasks[t].id, tasks[task].id),
            })
            .collect(),
        ..Diagnostic::new(
            Code::GraphMismatch,
            start + phrase.start..start + phrase.end,
            format!(
                "This says {} blocks the other tasks, but {names} {} not wait for it, directly or through others: add the dependency, or take the statement back.",
                tasks[task].id,
                if not_waiting.len() == 1 { "does" } else { "do" },
            ),
        )
    });
}

/// Where the section a heading opens ends: at the next heading of its level or a higher one.
fn section_end(text: &DocumentLines, start: usize, heading: &str) -> usize {
    let level = heading.trim_start().chars().take_while(|&c| c == '#').count();
    text.lines()
        .skip_while(|line| line.start <= start)
        .find(|line| line.fence == Fence::None && line.heading_level().is_some_and(|depth| depth <= level))
        .map_or(usize::MAX, |line| line.start)
}

/// The fewest steps a numbered list must have to be read as a sequence of tasks.
const FEWEST_STEPS: usize = 3;

/// A numbered list of tasks under a heading that offers it as an order to work in (`##
/// Suggested First 20 Tasks`, `### Recommended Order`), one task leading each step: a step
/// whose task needs one the list leaves out, or lists only later, cannot be followed as
/// written. Reported at the heading, with each such step.
pub(super) fn check_lists(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let mut heading: Option<std::ops::Range<usize>> = None;
    let mut steps: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for line in text.lines() {
        if line.fence != Fence::None {
            continue;
        }
        let trimmed = line.text.trim_start();
        if trimmed.starts_with('#') {
            if let Some(open) = heading.take() {
                check_steps(analysis, open, &steps, out);
            }
            steps.clear();
            let lower = trimmed.to_lowercase();
            if SEQUENCE_HEADING_WORDS.iter().any(|w| lower.contains(w)) {
                heading = Some(line.start + (line.text.len() - trimmed.len())..line.start + line.text.len());
            }
            continue;
        }
        if heading.is_none() {
            continue;
        }
        let Some(item) = numbered_item(trimmed) else { continue };
        let Some(id) = crate::lex::mention::leading_task_id(item) else {
            continue;
        };
        let at = line.start + (line.text.len() - item.len());
        let Some(task) = analysis.task_by_id(&item[id.clone()]) else {
            continue;
        };
        steps.push((task, at + id.start..at + id.end));
    }
    if let Some(open) = heading {
        check_steps(analysis, open, &steps, out);
    }
}

/// The text of a numbered list item after its number: `18. FND-012 — …` gives `FND-012 — …`.
fn numbered_item(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..].strip_prefix(['.', ')']).map(str::trim_start)
}

/// Reports the steps of one sequence that need a task it leaves out or lists later.
fn check_steps(
    analysis: &Analysis,
    heading: std::ops::Range<usize>,
    steps: &[(usize, std::ops::Range<usize>)],
    out: &mut Vec<Diagnostic>,
) {
    if steps.len() < FEWEST_STEPS {
        return;
    }
    let position: std::collections::HashMap<usize, usize> =
        steps.iter().enumerate().map(|(k, &(task, _))| (task, k)).collect();
    let id = |t: usize| analysis.tasks[t].id.as_str();
    let mut broken: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for (k, (task, range)) in steps.iter().enumerate() {
        for dependency in analysis.dependencies[*task].iter().filter(|d| !d.conditional) {
            let target = dependency.target;
            if analysis.is_ancestor(target, *task) || analysis.is_ancestor(*task, target) {
                continue;
            }
            let why = match position.get(&target) {
                Some(&later) if later > k => format!(
                    "{} (step {}) depends on {}, step {}",
                    id(*task),
                    k + 1,
                    id(target),
                    later + 1
                ),
                Some(_) => continue,
                None => format!(
                    "{} (step {}) depends on {}, which it leaves out",
                    id(*task),
                    k + 1,
                    id(target)
                ),
            };
            broken.push((why, range.clone()));
        }
    }
    if broken.is_empty() {
        return;
    }
    let shown: Vec<&str> = broken
        .iter()
        .take(NAMED_IN_MESSAGE)
        .map(|(why, _)| why.as_str())
        .collect();
    let more = if broken.len() > NAMED_IN_MESSAGE {
        format!(", and {} more", broken.len() - NAMED_IN_MESSAGE)
    } else {
        String::new()
    };
    out.push(Diagnostic {
        related: broken
            .iter()
            .take(NAMED_IN_MESSAGE)
            .map(|(why, range)| Related {
                range: range.clone(),
                message: why.clone(),
            })
            .collect(),
        ..Diagnostic::new(
            Code::GraphMismatch,
            heading,
            format!(
                "This sequence of {} tasks cannot be followed as written: {}{more}.",
                steps.len(),
                shown.join("; ")
            ),
        )
    });
}
