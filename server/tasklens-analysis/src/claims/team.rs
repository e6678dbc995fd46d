//! The team assignment a document states (the template's `### Team Assignment` table: a row
//! per member with the IDs of their tasks) against each task's own assignee field.
//!
//! A member's cell and an assignee rarely read the same (`Ana (backend)` against `Ana`,
//! `Backend Lead` against `Backend developer`), so the check goes by the words that tell the
//! table's members apart: a word of one member's cell that no other member's cell holds. A
//! task listed under one member is reported when its assignee holds such a word of another
//! member and none of the member it is listed under. An assignee that names nobody in the
//! table, or several members, is not checked.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, Related};
use crate::lex::claim_words::{MEMBER_COLUMN_WORDS, TASK_COLUMN_WORDS};
use crate::lex::fields::FieldKind;

use super::counts::table_cells;
use super::{DocumentLines, Fence, named_tasks};

/// True when a line may be a row of a team assignment table: the keystroke path analyses an
/// edit of such a line again, since the row's member is read beside its tasks.
pub(super) fn states_claim(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('|') && trimmed.bytes().any(|b| b.is_ascii_digit())
}

/// Checks every team assignment table of the document.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let mut table: Option<Table> = None;
    let mut header: Option<(usize, usize)> = None;
    for line in text.lines() {
        let trimmed = line.text.trim_start();
        if line.fence != Fence::None || !trimmed.starts_with('|') {
            if let Some(table) = table.take() {
                table.check(analysis, out);
            }
            header = None;
            continue;
        }
        let cells = table_cells(line.text);
        if cells
            .iter()
            .all(|(_, cell)| cell.trim().chars().all(|c| matches!(c, '-' | ':' | ' ')))
        {
            continue;
        }
        match (header, &mut table) {
            (Some((member, tasks)), Some(table)) => {
                let (Some((_, member_cell)), Some((tasks_at, tasks_cell))) = (cells.get(member), cells.get(tasks))
                else {
                    continue;
                };
                let listed = named_tasks(analysis, tasks_cell)
                    .into_iter()
                    .flat_map(|(tasks, range)| {
                        let start = line.start + tasks_at + range.start;
                        let end = line.start + tasks_at + range.end;
                        tasks.into_iter().map(move |task| (task, start..end))
                    })
                    .collect();
                table.rows.push(Row {
                    member: member_cell.trim().replace(['*', '_', '`'], ""),
                    listed,
                });
            }
            _ => {
                if let Some(done) = table.take() {
                    done.check(analysis, out);
                }
                header = columns(&cells);
                table = header.map(|_| Table::default());
            }
        }
    }
    if let Some(table) = table {
        table.check(analysis, out);
    }
}

/// One team assignment table.
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

/// One member's row: who, and the tasks listed, each with where its ID is written.
struct Row {
    member: String,
    listed: Vec<(usize, Range<usize>)>,
}

impl Table {
    fn check(self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        if self.rows.len() < 2 {
            return;
        }
        let words: Vec<Vec<String>> = self.rows.iter().map(|row| words_of(&row.member)).collect();
        // The words that tell the members apart: each held by one member's cell only, with
        // that member.
        let mut rows_holding: std::collections::HashMap<&str, (usize, usize)> = Default::default();
        for (k, own) in words.iter().enumerate() {
            for word in own {
                let entry = rows_holding.entry(word.as_str()).or_insert((k, 0));
                if entry.0 != k || entry.1 == 0 {
                    entry.1 += 1;
                }
                entry.0 = k;
            }
        }
        let owner_of: std::collections::HashMap<&str, usize> = rows_holding
            .into_iter()
            .filter(|(_, (_, rows))| *rows == 1)
            .map(|(word, (k, _))| (word, k))
            .collect();
        for (k, row) in self.rows.iter().enumerate() {
            for (task, range) in &row.listed {
                let Some(field) = analysis.tasks[*task].field(FieldKind::Assignee) else {
                    continue;
                };
                if field.text.contains('[') {
                    continue;
                }
                let assignee = words_of(&field.text);
                if words[k].iter().any(|word| assignee.contains(word)) {
                    continue;
                }
                // The members the assignee names, by their distinct words.
                let mut others: Vec<usize> = assignee
                    .iter()
                    .filter_map(|word| owner_of.get(word.as_str()).copied())
                    .collect();
                others.sort_unstable();
                others.dedup();
                let [other] = others[..] else { continue };
                out.push(Diagnostic {
                    related: vec![Related {
                        range: field.value.clone(),
                        message: format!("the task's assignee: {}", field.text.trim()),
                    }],
                    ..Diagnostic::new(
                        Code::AssignmentMismatch,
                        range.clone(),
                        format!(
                            "The team assignment lists {} under {}, but its assignee field says {}: {} in this table.",
                            analysis.display_name(*task),
                            row.member,
                            field.text.trim(),
                            self.rows[other].member
                        ),
                    )
                });
            }
        }
    }
}

/// The member column and the task column of a header row, when it has both.
fn columns(cells: &[(usize, &str)]) -> Option<(usize, usize)> {
    let header = |k: usize| cells[k].1.to_lowercase().replace(['*', '_'], "").trim().to_string();
    let member = (0..cells.len()).find(|&k| {
        let cell = header(k);
        MEMBER_COLUMN_WORDS.iter().any(|w| cell.contains(w))
    })?;
    let tasks = (0..cells.len()).find(|&k| {
        let cell = header(k);
        k != member && TASK_COLUMN_WORDS.iter().any(|w| cell == *w || cell.starts_with(w))
    })?;
    Some((member, tasks))
}

/// The lower-case words of a name, two letters or longer.
fn words_of(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 2 || !word.is_ascii())
        .map(str::to_string)
        .collect()
}
