//! Quick fixes for findings whose fix is determinate, and the rewrites the cursor can ask for
//! (a group phrase expanded into the IDs it names). Each fix is plain data: a title, the
//! finding it answers, and byte-range edits of the document's text.
//!
//! A fix is *safe* when it can be applied without a person choosing anything: the document
//! itself says what the text must become (a count the summary claims, a marker the stated
//! dependencies contradict, a dependency of a task on itself, a `**Blocks**:` list that leaves
//! out tasks whose own fields wait for the task). Safe fixes are what `source.fixAll.tasklens`
//! and `tasklens check --fix` apply; the others (a "did you mean" guess, a field added with a
//! value still to write, one of two differing dependency lists made to match the other) are
//! offered in the editor only.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::{Analysis, SummaryMetric, UnresolvedKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::document::TextEdit;
use crate::items::Field;
use crate::lex::depends::{DepItem, DepKind};
use crate::lex::fields::FieldKind;
use crate::model::{Dialect, text_of};
use crate::plan::Plan;
use crate::suggest::Suggestions;

/// What a fix is, for the editor's menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// A fix for a finding.
    QuickFix,
    /// A rewrite that keeps the meaning (expanding a group phrase).
    Refactor,
}

/// One fix: what it does, which finding it answers, and its edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in the imperative (`Replace `2.9` with `2.1``).
    pub title: String,
    /// What kind of fix it is.
    pub kind: FixKind,
    /// The code and range of the finding it fixes, for a quick fix.
    pub diagnostic: Option<(Code, Range<usize>)>,
    /// True when this is clearly the right fix of its finding.
    pub preferred: bool,
    /// True when the fix needs no choice from a person (see the module's documentation).
    pub safe: bool,
    /// The edits, in document order, none overlapping another.
    pub edits: Vec<TextEdit>,
}

impl Fix {
    fn quick(diagnostic: &Diagnostic, title: String, edits: Vec<TextEdit>) -> Fix {
        Fix {
            title,
            kind: FixKind::QuickFix,
            diagnostic: Some((diagnostic.code, diagnostic.range.clone())),
            preferred: false,
            safe: false,
            edits,
        }
    }

    fn preferred(mut self) -> Fix {
        self.preferred = true;
        self
    }

    fn safe_if(mut self, safe: bool) -> Fix {
        self.safe = safe;
        self
    }

    /// The range the fix's edits span, from the first edit's start to the last one's end.
    pub fn span(&self) -> Range<usize> {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.range.end).max().unwrap_or(start);
        start..end
    }
}

fn edit(range: Range<usize>, text: impl Into<String>) -> TextEdit {
    TextEdit {
        range,
        text: text.into(),
    }
}

/// The fixes of the given findings (a document's diagnostics), in the order of the findings;
/// a finding without a determinate fix gets none.
pub fn quick_fixes(analysis: &Analysis, plan: &Plan, diagnostics: &[Diagnostic]) -> Vec<Fix> {
    let mut fixer = Fixer {
        analysis,
        plan,
        suggestions: None,
        reserved: HashSet::new(),
    };
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        match diagnostic.code {
            Code::UnknownDependency => fixer.unknown_dependency(diagnostic, &mut out),
            Code::UnresolvedReference => fixer.unresolved_phrase(diagnostic, &mut out),
            Code::SelfDependency => fixer.self_dependency(diagnostic, &mut out),
            Code::RedundantDependency => fixer.redundant_dependency(diagnostic, &mut out),
            Code::ParallelConflict => fixer.parallel_marker(diagnostic, &mut out),
            Code::SummaryMismatch if diagnostic.replacement.is_some() => fixer.claim(diagnostic, &mut out),
            Code::DurationMismatch => fixer.claim(diagnostic, &mut out),
            Code::GraphMismatch if diagnostic.replacement.is_some() => fixer.claim(diagnostic, &mut out),
            Code::SummaryMismatch => fixer.summary(diagnostic, &mut out),
            Code::CriticalPathMismatch => fixer.critical_path(diagnostic, &mut out),
            Code::DuplicateTaskId => fixer.duplicate(diagnostic, &mut out),
            Code::MissingField => fixer.missing_field(diagnostic, &mut out),
            Code::StatusMismatch => fixer.parent_checkbox(diagnostic, &mut out),
            Code::ConflictingFields => fixer.conflicting_lists(diagnostic, &mut out),
            _ => {}
        }
    }
    out
}

/// The codes whose fixes update what the document claims about itself: the summary table,
/// the declared critical path and the parallel markers.
pub const CLAIM_CODES: &[Code] = &[
    Code::SummaryMismatch,
    Code::DurationMismatch,
    Code::CriticalPathMismatch,
    Code::ParallelConflict,
];

/// Where a dependency item is written: the task whose field holds it, the field, and the
/// item's index in the field's list.
struct ItemAt<'a> {
    task: usize,
    field: &'a Field,
    index: usize,
}

struct Fixer<'a> {
    analysis: &'a Analysis,
    plan: &'a Plan,
    suggestions: Option<Suggestions>,
    /// IDs given to duplicates by earlier fixes of the same call, so that two duplicates never
    /// get the same new ID.
    reserved: HashSet<String>,
}

impl Fixer<'_> {
    fn text(&self, range: Range<usize>) -> String {
        text_of(self.analysis.model.document().rope(), range).into_owned()
    }

    /// The dependency item of a task's fields whose range (the item's, or its ID's) is `range`.
    fn item_at(&self, range: &Range<usize>) -> Option<ItemAt<'_>> {
        let task = self.analysis.task_containing(range.start)?;
        let mut candidates = vec![task];
        let mut at = self.analysis.tasks[task].parent;
        while let Some(parent) = at {
            candidates.push(parent);
            at = self.analysis.tasks[parent].parent;
        }
        for task in candidates {
            for field in self.analysis.tasks[task].dependency_fields() {
                let Some(list) = field.dependencies.as_deref() else {
                    continue;
                };
                let base = field.value.start;
                for (index, item) in list.items.iter().enumerate() {
                    let item_range = item.range.start + base..item.range.end + base;
                    let id_range = match &item.kind {
                        DepKind::Task(id) => Some(id.range.start + base..id.range.end + base),
                        _ => None,
                    };
                    if item_range == *range || id_range.as_ref() == Some(range) {
                        return Some(ItemAt { task, field, index });
                    }
                }
            }
        }
        None
    }

    /// The edit that removes one item from its field's list, keeping the list well formed:
    /// `Tasks 2.1, 2.9` → `Tasks 2.1`; a field's only item becomes `None`; an inline clause
    /// (`(depends on T002)`, `— depends on T006`) whose only item goes is removed whole.
    fn remove_item(&self, at: &ItemAt) -> Option<TextEdit> {
        let list = at.field.dependencies.as_deref()?;
        let base = at.field.value.start;
        let absolute = |item: &DepItem| item.range.start + base..item.range.end + base;
        let items = &list.items;
        let item = &items[at.index];
        if items.len() == 1 {
            if at.field.label.is_empty() {
                return self.remove_clause(at.field);
            }
            return Some(edit(absolute(item), "None"));
        }
        if at.index > 0 {
            let previous = &items[at.index - 1];
            return Some(edit(previous.range.end + base..item.range.end + base, ""));
        }
        // The first item: keep its task word for the next one when that has none.
        let next = &items[1];
        let word = match &item.kind {
            DepKind::Task(id) | DepKind::Range { from: id, .. } => {
                self.text(item.range.start + base..id.range.start + base)
            }
            _ => String::new(),
        };
        let next_text = self.text(absolute(next));
        let keep = if next_text.starts_with(char::is_alphabetic) || !word.ends_with(' ') {
            String::new()
        } else {
            word
        };
        Some(edit(item.range.start + base..next.range.start + base, keep))
    }

    /// The edit that removes an inline dependency clause written in a task's line, from the
    /// space before its opener (`(`, `—`, `–`) to its end.
    fn remove_clause(&self, field: &Field) -> Option<TextEdit> {
        let rope = self.analysis.model.document().rope();
        let start = field.value.start.min(rope.len_bytes());
        let line = rope.byte_to_line(start);
        let line_start = rope.line_to_byte(line);
        let line_text = self.text(line_start..line_start + rope.line(line).len_bytes());
        let value_start = start - line_start;
        let value_end = (field.value.end - line_start).min(line_text.len());
        let before = &line_text[..value_start];
        let opener = before.rfind(['(', '—', '–'])?;
        // Only words may stand between the opener and the list (`depends on`).
        if before[opener..]
            .chars()
            .skip(1)
            .any(|c| !(c.is_alphabetic() || c.is_whitespace() || c == ':'))
        {
            return None;
        }
        let mut end = value_end;
        if before[opener..].starts_with('(') {
            let after = &line_text[value_end..];
            let close = after.find(')')?;
            if !after[..close].trim().is_empty() {
                return None;
            }
            end = value_end + close + 1;
        }
        let from = before[..opener].trim_end_matches([' ', '\t']).len();
        Some(edit(line_start + from..line_start + end, ""))
    }

    fn unknown_dependency(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let analysis = self.analysis;
        let Some(unresolved) = analysis
            .unresolved
            .iter()
            .find(|u| u.range == diagnostic.range && u.kind == UnresolvedKind::UnknownId)
        else {
            return;
        };
        let Some(id) = unresolved.id.clone() else { return };
        let suggestions = self
            .suggestions
            .get_or_insert_with(|| Suggestions::new(analysis.tasks.iter().map(|t| t.id.as_str())));
        // A suggestion the task already depends on, or the task itself, would be no fix.
        let closest = suggestions.closest(&id).filter(|&target| {
            target != unresolved.task
                && !analysis.dependencies[unresolved.task]
                    .iter()
                    .any(|d| d.target == target)
        });
        if let Some(target) = closest {
            let new_id = analysis.tasks[target].id.clone();
            out.push(
                Fix::quick(
                    diagnostic,
                    format!("Replace `{id}` with `{new_id}` (“{}”)", analysis.tasks[target].title),
                    vec![edit(diagnostic.range.clone(), new_id)],
                )
                .preferred(),
            );
        }
        if let Some(at) = self.item_at(&diagnostic.range)
            && let Some(removal) = self.remove_item(&at)
        {
            let fix = Fix::quick(diagnostic, format!("Remove the dependency on `{id}`"), vec![removal]);
            out.push(if closest.is_none() { fix.preferred() } else { fix });
        }
    }

    /// `Tsak 1.1` (a task ID the lexer could not read as a reference) and a group phrase that
    /// reads like one task's title: replaced with the task's ID.
    fn unresolved_phrase(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let analysis = self.analysis;
        let Some(unresolved) = analysis.unresolved.iter().find(|u| u.range == diagnostic.range) else {
            return;
        };
        let written = self.text(unresolved.range.clone());
        let trimmed = written.trim();
        let target = match unresolved.kind {
            UnresolvedKind::Phrase => {
                let by_id = crate::lex::mention::scan_mentions(trimmed)
                    .iter()
                    .find_map(|token| analysis.task_by_id_from(&trimmed[token.id.clone()], Some(unresolved.task)));
                match by_id {
                    Some(target) => Some(target),
                    None => single(crate::diagnostics::tasks_named_by(analysis, trimmed, unresolved.task)),
                }
            }
            UnresolvedKind::Group => single(crate::diagnostics::tasks_named_by(analysis, trimmed, unresolved.task)),
            _ => None,
        };
        let Some(target) = target else { return };
        let lead = written.len() - written.trim_start().len();
        let range = unresolved.range.start + lead..unresolved.range.start + lead + trimmed.len();
        let new = format!("Task {}", analysis.tasks[target].id);
        out.push(
            Fix::quick(
                diagnostic,
                format!("Replace `{trimmed}` with `{new}` (“{}”)", analysis.tasks[target].title),
                vec![edit(range, new)],
            )
            .preferred(),
        );
    }

    fn self_dependency(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let Some(at) = self.item_at(&diagnostic.range) else {
            return;
        };
        if !matches!(
            at.field.dependencies.as_deref().map(|l| &l.items[at.index].kind),
            Some(DepKind::Task(_))
        ) {
            return;
        }
        let id = self.analysis.tasks[at.task].id.clone();
        if let Some(removal) = self.remove_item(&at) {
            out.push(
                Fix::quick(
                    diagnostic,
                    format!("Remove Task {id}'s dependency on itself"),
                    vec![removal],
                )
                .preferred()
                .safe_if(true),
            );
        }
    }

    fn redundant_dependency(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let Some(at) = self.item_at(&diagnostic.range) else {
            return;
        };
        // A member of a range or a group stays: the phrase means more than this edge.
        let Some(DepKind::Task(id)) = at.field.dependencies.as_deref().map(|l| &l.items[at.index].kind) else {
            return;
        };
        let id = id.id.clone();
        if let Some(removal) = self.remove_item(&at) {
            // Without cycles, every task still reaches what it reached through the others.
            let safe = self.plan.cycles.is_empty();
            out.push(
                Fix::quick(
                    diagnostic,
                    format!("Remove the redundant dependency on `{id}`"),
                    vec![removal],
                )
                .preferred()
                .safe_if(safe),
            );
        }
    }

    /// A `[P]` or `(P)` marker that the stated dependencies contradict: the dependency is what
    /// the document states, the marker only claims, so dropping the marker is the fix; removing
    /// the dependency is offered beside it when one item of the task's own names a task of its
    /// phase.
    fn parallel_marker(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let analysis = self.analysis;
        let Some(task) = analysis
            .tasks
            .iter()
            .find(|t| t.heading.decorations.contains(&diagnostic.range))
        else {
            return;
        };
        let marker = self.text(diagnostic.range.clone());
        if !matches!(marker.as_str(), "[P]" | "(P)" | "[p]" | "(p)") {
            return;
        }
        let rope = analysis.model.document().rope();
        let len = rope.len_bytes();
        // The marker and one space beside it.
        let mut range = diagnostic.range.clone();
        if range.end < len && rope.byte(range.end) == b' ' {
            range.end += 1;
        } else if range.start > 0 && rope.byte(range.start - 1) == b' ' {
            range.start -= 1;
        }
        out.push(
            Fix::quick(
                diagnostic,
                format!("Drop the {marker} marker of Task {}", task.id),
                vec![edit(range, "")],
            )
            .preferred()
            .safe_if(true),
        );
        // The task's own direct dependencies on tasks of its phase.
        let mut candidates = Vec::new();
        for field in task.dependency_fields() {
            let Some(list) = field.dependencies.as_deref() else {
                continue;
            };
            for (index, item) in list.items.iter().enumerate() {
                let DepKind::Task(id) = &item.kind else { continue };
                let Some(target) = analysis.task_by_id_from(&id.id, Some(task.index)) else {
                    continue;
                };
                if analysis.tasks[target].phase == task.phase && target != task.index {
                    candidates.push((
                        ItemAt {
                            task: task.index,
                            field,
                            index,
                        },
                        id.id.clone(),
                    ));
                }
            }
        }
        if let [(at, id)] = candidates.as_slice()
            && let Some(removal) = self.remove_item(at)
        {
            out.push(Fix::quick(
                diagnostic,
                format!("Remove Task {}'s dependency on `{id}`", task.id),
                vec![removal],
            ));
        }
    }

    /// Updates a claim to the text that makes it hold, which the finding carries: a count or a
    /// duration computed from the tasks, a `**Blocks**:` list with the tasks that wait for this
    /// one added.
    fn claim(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let Some(replacement) = &diagnostic.replacement else {
            return;
        };
        let stated = self.text(diagnostic.range.clone());
        out.push(
            Fix::quick(
                diagnostic,
                format!("Update `{stated}` to `{replacement}`"),
                vec![edit(diagnostic.range.clone(), replacement.to_string())],
            )
            .preferred()
            .safe_if(true),
        );
    }

    fn summary(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let analysis = self.analysis;
        let Some(value) = analysis.summary.iter().find(|v| v.range == diagnostic.range) else {
            return;
        };
        let (actual, name) = match value.metric {
            SummaryMetric::TotalTasks => (analysis.tasks.len(), "Total Tasks"),
            SummaryMetric::ParallelizableTasks => {
                (crate::checks::parallelizable_count(self.plan), "Parallelizable Tasks")
            }
            SummaryMetric::CriticalPathTasks => (self.plan.critical_path.len(), "Critical Path Tasks"),
            SummaryMetric::Dependencies => (self.plan.stated_edges().count(), "Dependencies"),
        };
        let cell = self.text(value.range.clone());
        let Some(start) = cell.find(|c: char| c.is_ascii_digit()) else {
            // A value tasklens cannot read (`TBD`) is replaced whole, on request only.
            out.push(Fix::quick(
                diagnostic,
                format!("Write the summary's {name}: {actual}"),
                vec![edit(value.range.clone(), actual.to_string())],
            ));
            return;
        };
        let digits = cell[start..].chars().take_while(char::is_ascii_digit).count();
        let range = value.range.start + start..value.range.start + start + digits;
        out.push(
            Fix::quick(
                diagnostic,
                format!("Update the summary's {name} to {actual}"),
                vec![edit(range, actual.to_string())],
            )
            .preferred()
            .safe_if(true),
        );
    }

    /// Rewrites the document's one declared critical path as the computed one, keeping how its
    /// steps are joined (`Task 1.1 → Task 1.2`, `1.1 -> 1.2`). Safe when no other chain of
    /// tasks is as long: every task without slack is on the computed path.
    fn critical_path(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let (analysis, plan) = (self.analysis, self.plan);
        let [declared] = analysis.declared_paths.as_slice() else {
            return;
        };
        let on_line = declared.line.start <= diagnostic.range.start && diagnostic.range.end <= declared.line.end;
        if !on_line
            || declared.partial
            || declared.phase.is_some()
            || plan.critical_path.is_empty()
            || plan.stated_edges().next().is_none()
            || declared.steps.len() < 2
        {
            return;
        }
        let steps = &declared.steps;
        let separators: Vec<String> = steps
            .windows(2)
            .map(|pair| self.text(pair[0].1.end..pair[1].1.start))
            .collect();
        // A separator holding words other than a task word (a title between the steps) would
        // not fit the new steps: then the steps are joined with the first arrow alone.
        let plain = |sep: &str| {
            sep.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .all(|w| crate::lex::mention::TASK_WORDS.contains(&w.to_lowercase().as_str()))
        };
        let separator = if separators.iter().all(|s| s == &separators[0]) && plain(&separators[0]) {
            separators[0].clone()
        } else {
            let arrow = ["→", "->", "⟶", "=>"]
                .into_iter()
                .find(|a| separators[0].contains(a))
                .unwrap_or("→");
            format!(" {arrow} ")
        };
        let ids: Vec<&str> = plan
            .critical_path
            .iter()
            .map(|&t| analysis.tasks[t].id.as_str())
            .collect();
        let rewritten = ids.join(&separator);
        let range = steps[0].1.start..steps[steps.len() - 1].1.end;
        if self.text(range.clone()) == rewritten {
            return;
        }
        let zero_slack = plan.times.iter().flatten().filter(|t| t.slack.abs() < 1e-9).count();
        let unique = zero_slack == plan.critical_path.len();
        out.push(
            Fix::quick(
                diagnostic,
                format!("Write the computed critical path: {}", ids.join(" → ")),
                vec![edit(range, rewritten)],
            )
            .preferred()
            .safe_if(unique),
        );
    }

    /// Makes either of two dependency lists of one task that differ match the other (the
    /// finding is at the first, its related location the later one). Which one is stale is
    /// for a person to say, so neither fix is preferred or safe.
    fn conflicting_lists(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let [later] = diagnostic.related.as_slice() else {
            return;
        };
        let first_text = self.text(diagnostic.range.clone());
        let later_text = self.text(later.range.clone());
        if first_text.contains('\n') || later_text.contains('\n') || first_text == later_text {
            return;
        }
        out.push(Fix::quick(
            diagnostic,
            format!("Make the later list match the first: `{first_text}`"),
            vec![edit(later.range.clone(), first_text.clone())],
        ));
        out.push(Fix::quick(
            diagnostic,
            format!("Make the first list match the later one: `{later_text}`"),
            vec![edit(diagnostic.range.clone(), later_text)],
        ));
    }

    fn duplicate(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let analysis = self.analysis;
        let Some(task) = analysis.tasks.iter().find(|t| t.id_range == diagnostic.range) else {
            return;
        };
        let taken = |id: &str| analysis.by_id.contains_key(id);
        let Some(new_id) = next_free_id(&task.id, |id| taken(id) || self.reserved.contains(id)) else {
            return;
        };
        self.reserved.insert(new_id.clone());
        out.push(
            Fix::quick(
                diagnostic,
                format!("Give this task (“{}”) the free ID `{new_id}`", task.title),
                vec![edit(task.id_range.clone(), new_id)],
            )
            .preferred()
            .safe_if(true),
        );
    }

    /// Ticks or unticks a parent whose checkbox its sub-tasks contradict (a finding at the
    /// parent's ID). Not safe: an open parent may have work its sub-tasks leave out.
    fn parent_checkbox(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let analysis = self.analysis;
        let Some(task) = analysis
            .tasks
            .iter()
            .find(|task| task.id_range == diagnostic.range && task.children > 0)
        else {
            return;
        };
        let Some(ticked) = task.checked else {
            return;
        };
        let before_id = self.text(task.line.start..task.id_range.start);
        let Some(open) = before_id.find('[') else {
            return;
        };
        let mark = task.line.start + open + 1;
        if !matches!(self.text(mark..mark + 1).as_str(), " " | "x" | "X") {
            return;
        }
        let (title, new_mark) = if ticked {
            (format!("Untick task {}", task.id), " ")
        } else {
            (format!("Tick task {}", task.id), "x")
        };
        out.push(Fix::quick(diagnostic, title, vec![edit(mark..mark + 1, new_mark)]));
    }

    /// Adds the missing field after the task's last one-line field, written the way that field
    /// is (`- **Priority**: P0` gives `- **Estimate**: TBD`), with the label the document uses.
    /// The value is for the user to write: `TBD` for most fields, which the checks still
    /// report until it is replaced, and `None` for dependencies, which the title says.
    fn missing_field(&mut self, diagnostic: &Diagnostic, out: &mut Vec<Fix>) {
        let analysis = self.analysis;
        let Some(task) = analysis.tasks.iter().find(|t| t.line == diagnostic.range) else {
            return;
        };
        let config = analysis.model.document().config();
        let Some(kind) = config.required_fields.iter().copied().find(|&kind| {
            diagnostic
                .message
                .contains(&format!(" has no {} field", crate::diagnostics::field_name(kind)))
        }) else {
            return;
        };
        let label = crate::diagnostics::own_label(analysis, kind);
        let value = if kind == FieldKind::Dependencies { "None" } else { "TBD" };
        let rope = analysis.model.document().rope();
        // The task's own one-line fields (a sub-task's are in its own section).
        let own_end = analysis
            .tasks
            .iter()
            .filter(|t| t.parent == Some(task.index))
            .map(|t| t.line.start)
            .min()
            .unwrap_or(task.section.end);
        let neighbour = task
            .fields
            .iter()
            .filter(|f| !f.label.is_empty() && !f.value.is_empty() && f.value.start < own_end)
            .take_while(|f| f.value.start > task.line.start)
            .last();
        let (at, line) = match neighbour {
            Some(field) => {
                let line = rope.byte_to_line(field.value.start.min(rope.len_bytes()));
                let line_start = rope.line_to_byte(line);
                let prefix = self.text(line_start..field.value.start);
                let label_at = field.label.start - line_start;
                let label_len = field.label.end - field.label.start;
                let shaped = format!(
                    "{}{label}{}{value}",
                    &prefix[..label_at.min(prefix.len())],
                    &prefix[(label_at + label_len).min(prefix.len())..]
                );
                (line_start + rope.line(line).len_bytes(), shaped)
            }
            None => {
                let line = rope.byte_to_line(task.line.start.min(rope.len_bytes()));
                (
                    rope.line_to_byte(line) + rope.line(line).len_bytes(),
                    format!("**{label}**: {value}"),
                )
            }
        };
        // The line ends the way the document's lines do.
        let ending = if self.text(at.saturating_sub(2)..at).ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let needs_break = at > 0 && !self.text(at - 1..at).ends_with('\n');
        let text = if needs_break {
            format!("{ending}{line}")
        } else {
            format!("{line}{ending}")
        };
        out.push(Fix::quick(
            diagnostic,
            format!(
                "Add `{}` to Task {}",
                line.trim_start_matches(['-', ' ', '\t']),
                task.id
            ),
            vec![edit(at..at, text)],
        ));
    }
}

fn single(tasks: Vec<usize>) -> Option<usize> {
    match tasks.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The next ID after `id` in its own numbering that `taken` does not hold: the last number in
/// it counted up, its zero padding kept (`3.2` → `3.3`, `T005` → `T006`, `TASK-009` →
/// `TASK-010`).
pub fn next_free_id(id: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    let end = id.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = id[..end].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let (prefix, digits, suffix) = (&id[..start], &id[start..end], &id[end..]);
    let number: u64 = digits.parse().ok()?;
    (number + 1..number + 10_000)
        .map(|n| format!("{prefix}{n:0width$}{suffix}", width = digits.len()))
        .find(|candidate| !taken(candidate) && crate::lex::depends::is_task_id(candidate))
}

/// The rewrites available at a range of the text: a range or group phrase of a dependency
/// field under it, expanded into the IDs it names (`All previous phases` → `Tasks 1.1, 1.2`).
pub fn refactors_at(analysis: &Analysis, range: Range<usize>) -> Vec<Fix> {
    let mut out = Vec::new();
    let rope = analysis.model.document().rope();
    for task in &analysis.tasks {
        if task.section.end < range.start || task.section.start > range.end {
            continue;
        }
        for field in task.dependency_fields() {
            let Some(list) = field.dependencies.as_deref() else {
                continue;
            };
            let base = field.value.start;
            for item in &list.items {
                let item_range = item.range.start + base..item.range.end + base;
                if item_range.end < range.start || item_range.start > range.end {
                    continue;
                }
                if matches!(item.kind, DepKind::Task(_) | DepKind::Unresolved) {
                    continue;
                }
                let mut targets: Vec<usize> = analysis.dependencies[task.index]
                    .iter()
                    .filter(|d| d.range == item_range)
                    .map(|d| d.target)
                    .collect();
                targets.sort_unstable();
                if targets.is_empty() || targets.len() > 64 {
                    continue;
                }
                let ids: Vec<&str> = targets.iter().map(|&t| analysis.tasks[t].id.as_str()).collect();
                let written = text_of(rope, item_range.clone()).into_owned();
                let expanded = match (task.dialect, ids.len()) {
                    (Dialect::Heading, 1) => format!("Task {}", ids[0]),
                    (Dialect::Heading, _) => format!("Tasks {}", ids.join(", ")),
                    _ => ids.join(", "),
                };
                let count = if ids.len() == 1 {
                    "1 task".to_string()
                } else {
                    format!("{} tasks", ids.len())
                };
                out.push(Fix {
                    title: format!("Expand `{written}` into the {count} it names"),
                    kind: FixKind::Refactor,
                    diagnostic: None,
                    preferred: false,
                    safe: false,
                    edits: vec![edit(item_range, expanded)],
                });
            }
        }
    }
    out
}

/// Applies edits that do not overlap to a text.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        let start = edit.range.start.clamp(at, text.len());
        out.push_str(&text[at..start]);
        out.push_str(&edit.text);
        at = edit.range.end.clamp(start, text.len());
    }
    out.push_str(&text[at..]);
    out
}
