//! What a document says about how its tasks are written (spec-kit's closing `**Format
//! Validation**: All tasks follow checklist format with [ID], [P] (if parallel), [Story] (if
//! user story), and file paths`) against the tasks themselves: a task that names no file, or
//! a task of a user story's phase without the story's label.
//!
//! A task names a file when its text holds a path (`src/app/`, `lib/quotations.ts`, `.env`,
//! `Dockerfile`); an API route (`GET /api/rides`) or a component's name is not one.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, Related};
use crate::lex::claim_words::{
    EXTENSIONLESS_FILE_NAMES, FILE_PATH_WORDS, SOURCE_EXTENSIONS, STORY_LABEL_WORDS, TEXT_FILE_EXTENSIONS,
};

use super::{DocumentLines, Fence};

/// True when a line states how every task is written: the keystroke path analyses an edit of
/// such a line again, and of any task's title while the document holds one.
pub fn states_claim(line: &str) -> bool {
    crate::lex::claim_line::states_task_format(line)
}

/// Checks every statement of the tasks' format.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for line in text.lines() {
        if line.fence != Fence::None || !line.reads(super::marks::FORMAT) {
            continue;
        }
        if line.task.is_some_and(|t| analysis.tasks[t].line.start == line.start) {
            continue;
        }
        let lower = line.text.to_lowercase();
        let range = line.start + line.text.len() - line.text.trim_start().len()..line.start + line.text.len();
        if FILE_PATH_WORDS.iter().any(|w| lower.contains(w)) {
            let missing: Vec<usize> = (0..analysis.tasks.len())
                .filter(|&task| {
                    counts_as_task(analysis, task) && !names_file(&text.text[analysis.tasks[task].section.clone()])
                })
                .collect();
            report(
                analysis,
                range.clone(),
                &missing,
                "every task names the file it changes",
                (
                    "names no file (a path holds a `/` or a file's extension)",
                    "name no file (a path holds a `/` or a file's extension)",
                ),
                out,
            );
        }
        if STORY_LABEL_WORDS.iter().any(|w| lower.contains(w)) {
            let missing: Vec<usize> = (0..analysis.tasks.len())
                .filter(|&task| counts_as_task(analysis, task) && lacks_story_label(analysis, task))
                .collect();
            report(
                analysis,
                range,
                &missing,
                "every task of a user story carries the story's label",
                (
                    "sits in a user story's phase without the story's label",
                    "sit in a user story's phase without the story's label",
                ),
                out,
            );
        }
    }
}

/// The tasks a format statement speaks of: the document's written tasks, not their sub-items.
fn counts_as_task(analysis: &Analysis, task: usize) -> bool {
    let info = &analysis.tasks[task];
    info.parent.is_none() && !info.id.is_empty()
}

/// True when a task sits in a phase of exactly one user story and has no story label.
fn lacks_story_label(analysis: &Analysis, task: usize) -> bool {
    let info = &analysis.tasks[task];
    info.story.is_none()
        && info
            .phase
            .and_then(|phase| analysis.phase_stories.get(phase))
            .is_some_and(|stories| stories.len() == 1)
}

/// The most tasks a message names.
const NAMED_IN_MESSAGE: usize = 8;

/// Reports a format statement that some tasks do not follow.
fn report(
    analysis: &Analysis,
    range: std::ops::Range<usize>,
    missing: &[usize],
    claim: &str,
    what: (&str, &str),
    out: &mut Vec<Diagnostic>,
) {
    if missing.is_empty() {
        return;
    }
    let total = (0..analysis.tasks.len())
        .filter(|&t| counts_as_task(analysis, t))
        .count();
    let mut names: Vec<&str> = missing
        .iter()
        .take(NAMED_IN_MESSAGE)
        .map(|&t| analysis.tasks[t].id.as_str())
        .collect();
    if missing.len() > NAMED_IN_MESSAGE {
        names.push("…");
    }
    let verb = if missing.len() == 1 { what.0 } else { what.1 };
    out.push(Diagnostic {
        related: missing
            .iter()
            .take(NAMED_IN_MESSAGE)
            .map(|&t| Related {
                range: analysis.tasks[t].line.clone(),
                message: format!("Task {}", analysis.tasks[t].id),
            })
            .collect(),
        ..Diagnostic::new(
            Code::FormatMismatch,
            range,
            format!(
                "This says {claim}, but {} of the {total} tasks {verb}: {}.",
                missing.len(),
                names.join(", ")
            ),
        )
    });
}

/// True when a task's text names a file: a token with a file's extension (`route.ts`,
/// `README.md`), a dotfile (`.env.local`), a file known without one (`Dockerfile`), a
/// directory (`src/components/`), or a relative path of three parts or more. An API route
/// (`GET /api/rides`) is none of these.
pub(crate) fn names_file(text: &str) -> bool {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '`' | '(' | ')' | '（' | '）' | ',' | '，' | '、' | ';' | '"' | '\'')
    })
    .map(|token| token.trim_end_matches(['.', ':', '：', '。']))
    .filter(|token| !token.is_empty() && token.is_ascii())
    .any(|token| {
        // An API route (`/api/tasks/[id]`) is not a path unless it ends in a file.
        let relative = !token.starts_with('/');
        let name = token.rsplit('/').next().unwrap_or(token).to_ascii_lowercase();
        let directory =
            relative && token.len() > 1 && token.ends_with('/') && token.chars().any(|c| c.is_ascii_alphabetic());
        let dotfile =
            name.len() > 1 && name.starts_with('.') && name[1..].starts_with(|c: char| c.is_ascii_alphabetic());
        let extension = name.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && (SOURCE_EXTENSIONS.contains(&ext) || TEXT_FILE_EXTENSIONS.contains(&ext))
        });
        directory
            || dotfile
            || extension
            || EXTENSIONLESS_FILE_NAMES.contains(&name.as_str())
            || (relative && token.matches('/').count() >= 2)
    })
}
