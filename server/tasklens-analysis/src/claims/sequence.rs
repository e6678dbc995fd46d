//! A statement that the document's order is an order to work in (`The default order is
//! intentional: complete a task only after its listed dependencies are complete`, a heading's
//! `(ordered by dependency)`) against dependencies that point forward: a task that waits for
//! one written after it. A heading's statement speaks for the tasks under it, any other for
//! the document. A parent waiting for its own sub-tasks is not a forward dependency.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, Related};
use crate::lex::claim_words::ORDER_CLAIM_WORDS;

use super::{DocumentLines, Fence};

/// True when a line says the document's order follows the dependencies.
pub(super) fn states_claim(line: &str) -> bool {
    let lower = line.to_lowercase();
    ORDER_CLAIM_WORDS.iter().any(|w| lower.contains(w))
}

/// The most forward dependencies a message names.
const NAMED_IN_MESSAGE: usize = 5;

/// Checks every statement that the document's order is an order to work in.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for line in text.lines() {
        if line.fence != Fence::None || !states_claim(line.text) {
            continue;
        }
        if analysis
            .task_containing(line.start)
            .is_some_and(|t| analysis.tasks[t].line.start == line.start)
        {
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
        let mut named: Vec<String> = forward
            .iter()
            .take(NAMED_IN_MESSAGE)
            .map(|&(task, target, _)| format!("{} waits for {}", id(task), id(target)))
            .collect();
        if forward.len() > NAMED_IN_MESSAGE {
            named.push(format!("and {} more", forward.len() - NAMED_IN_MESSAGE));
        }
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
                    named.join(", ")
                ),
            )
        });
    }
}

/// Where the section a heading opens ends: at the next heading of its level or a higher one.
fn section_end(text: &DocumentLines, start: usize, heading: &str) -> usize {
    let level = heading.trim_start().chars().take_while(|&c| c == '#').count();
    text.lines()
        .skip_while(|line| line.start <= start)
        .find(|line| {
            let trimmed = line.text.trim_start();
            line.fence == Fence::None && {
                let depth = trimmed.chars().take_while(|&c| c == '#').count();
                depth > 0 && depth <= level && trimmed[depth..].starts_with(' ')
            }
        })
        .map_or(usize::MAX, |line| line.start)
}
