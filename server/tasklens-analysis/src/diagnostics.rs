//! The checks that turn an [`Analysis`] into diagnostics: each with a stable code, a
//! severity, a byte range and, where another place matters, related locations.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::config::Config;
use crate::items::Field;
use crate::lex::depends::DepKind;
use crate::lex::estimate::EstimateValue;
use crate::lex::fields::FieldKind;
use crate::model::{PhaseInfo, TaskInfo, text_of};
use crate::plan::Plan;
use crate::suggest::Suggestions;

pub use crate::codes::{Code, Severity};
pub use crate::finding::{Diagnostic, Related};

/// Runs every check and returns the diagnostics sorted by position.
pub fn diagnostics(analysis: &Analysis) -> Vec<Diagnostic> {
    diagnostics_with_plan(analysis, &Plan::new(analysis))
}

/// Runs every check with an already built plan, applies the configured severities (dropping
/// the codes configured off) and returns the diagnostics sorted by position, at most
/// [`crate::limits::FINDINGS_PER_CODE`] of each code and then one that counts the rest.
pub fn diagnostics_with_plan(analysis: &Analysis, plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A document without tasks of its own (an index of other task files, notes) states
    // nothing to check.
    if analysis.tasks.is_empty() {
        return out;
    }
    crate::checks::run(analysis, plan, &mut out);
    crate::claims::run(analysis, plan, &mut out);
    let placeholders = per_task_checks(analysis, &mut out);
    unresolved(analysis, &placeholders, &mut out);
    apply_severities(analysis.model.document().config(), &mut out);
    out.sort_by_key(|a| (a.range.start, a.code));
    crate::limits::cap(&mut out);
    out
}

/// Applies the severity configured for each code, dropping the codes that are off; a code
/// the user configured nothing for keeps each finding's own severity.
pub(crate) fn apply_severities(config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|diagnostic| match config.configured_severity(diagnostic.code) {
        Some(Some(severity)) => {
            diagnostic.severity = severity;
            true
        }
        Some(None) => false,
        None => diagnostic.code.on_by_default(),
    });
}

/// The checks of [`local_task_checks`] for every task, and the placeholders of the phases'
/// fields: every finding of their codes.
pub(crate) fn local_checks(tasks: &[TaskInfo], phases: &[PhaseInfo], config: &Config, out: &mut Vec<Diagnostic>) {
    for task in tasks {
        local_task_checks(task, config, out);
    }
    phase_placeholders(phases, &mut Vec::new(), out);
}

/// Reports the placeholders of the phases' fields.
fn phase_placeholders(phases: &[PhaseInfo], found: &mut Vec<Range<usize>>, out: &mut Vec<Diagnostic>) {
    for phase in phases {
        for field in &phase.fields {
            push_placeholders(&field.text, field.value.start, found, out);
        }
    }
}

/// The checks that read nothing but one task's own title and field values: placeholders left
/// from the template, and priorities or types that are not allowed. Returns the placeholders'
/// ranges. The keystroke path runs these alone for a task whose title or task-local field
/// changed (see [`crate::carry`]).
pub(crate) fn local_task_checks(task: &TaskInfo, config: &Config, out: &mut Vec<Diagnostic>) -> Vec<Range<usize>> {
    let mut placeholders: Vec<Range<usize>> = Vec::new();
    // Template placeholders belong to the template's format; in spec-kit and Kiro titles a
    // bracket is usually a route or a type (`/api/boards/[id]`).
    if task.dialect == crate::model::Dialect::Heading {
        push_placeholders(&task.title, task.title_range.start, &mut placeholders, out);
    }
    for field in &task.fields {
        let before = placeholders.len();
        if field.has_bracket {
            push_placeholders(&field.text, field.value.start, &mut placeholders, out);
        }
        let is_placeholder = placeholders.len() > before;
        if matches!(field.kind, FieldKind::Priority | FieldKind::Type) && !is_placeholder && !field.value.is_empty() {
            // A document's own scale (High/Medium/Low, KRITISCH, 高) is its team's convention;
            // only a list the user configured is enforced.
            let (allowed, what) = match field.kind {
                FieldKind::Priority => (&config.priorities, "priority"),
                _ => (&config.types, "type"),
            };
            let Some(allowed) = allowed else { continue };
            let cleaned = field
                .text
                .trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace());
            let word = cleaned.split([' ', '(', ',', '/', '-', '—']).next().unwrap_or(cleaned);
            if !allowed
                .iter()
                .any(|a| a.eq_ignore_ascii_case(cleaned) || a.eq_ignore_ascii_case(word))
            {
                out.push(Diagnostic::new(
                    Code::InvalidFieldValue,
                    field.value.clone(),
                    format!("`{cleaned}` is not a known {what}; use one of {}.", allowed.join(", ")),
                ));
            }
        }
    }
    placeholders
}

fn text(analysis: &Analysis, range: Range<usize>) -> std::borrow::Cow<'_, str> {
    text_of(analysis.model.document().rope(), range)
}

/// Reports dependency text that names no task, by how sure the finding is: an ID no task has
/// is an error; a group that matches nothing, a phase the document lacks, or words that look
/// like a task's title are warnings; plain words (`backend ready`) and phases before the
/// document's own are prerequisites outside it and get no finding.
fn unresolved(analysis: &Analysis, placeholders: &[Range<usize>], out: &mut Vec<Diagnostic>) {
    use crate::analysis::UnresolvedKind;
    let mut suggestions: Option<Suggestions> = None;
    for item in &analysis.unresolved {
        if placeholders
            .iter()
            .any(|p| p.start <= item.range.start && item.range.end <= p.end)
        {
            continue;
        }
        let written = text(analysis, item.range.clone());
        let written = written.trim();
        let diagnostic = match (&item.kind, &item.id) {
            (UnresolvedKind::UnknownId, Some(id)) => {
                let mut message = format!("No task has the ID `{id}`, so this dependency adds no edge.");
                let suggestions =
                    suggestions.get_or_insert_with(|| Suggestions::new(analysis.tasks.iter().map(|t| t.id.as_str())));
                if let Some(closest) = suggestions.closest(id).map(|task| &analysis.tasks[task].id) {
                    message.push_str(&format!(" Did you mean `{closest}`?"));
                }
                Diagnostic::new(Code::UnknownDependency, item.range.clone(), message)
            }
            (UnresolvedKind::Group, _) => {
                let mut message = format!(
                    "`{written}` matches no task: no task's type, phase or title has those words, so it adds no dependency."
                );
                let named = tasks_named_by(analysis, written, item.task);
                if !named.is_empty() {
                    message.push_str(&format!(" Did you mean {}?", task_list(analysis, &named)));
                } else {
                    message.push_str(" Write the task IDs it means.");
                }
                Diagnostic::with_severity(
                    Code::UnresolvedReference,
                    Severity::Warning,
                    item.range.clone(),
                    message,
                )
            }
            (UnresolvedKind::MissingPhase, phase) => Diagnostic::with_severity(
                Code::UnresolvedReference,
                Severity::Warning,
                item.range.clone(),
                format!(
                    "This document has no phase {}, so `{written}` adds no dependency. Name a phase it has, or the tasks.",
                    phase.as_deref().unwrap_or(written)
                ),
            ),
            (UnresolvedKind::Phrase, _) => {
                // `Tsak 1.1`: an ID the lexer could not read as a reference, next to a typo.
                let tokens = crate::lex::mention::scan_mentions(written);
                let named_by_id = tokens
                    .iter()
                    .find_map(|token| analysis.task_by_id_from(&written[token.id.clone()], Some(item.task)));
                if let Some(target) = named_by_id {
                    out.push(Diagnostic::with_severity(
                        Code::UnresolvedReference,
                        Severity::Warning,
                        item.range.clone(),
                        format!(
                            "`{written}` is not a dependency tasklens can read, so it adds no edge; if it means {}, write `Task {}`.",
                            analysis.display_name(target),
                            analysis.tasks[target].id
                        ),
                    ));
                    continue;
                }
                let named = tasks_named_by(analysis, written, item.task);
                if named.is_empty() {
                    continue;
                }
                Diagnostic::with_severity(
                    Code::UnresolvedReference,
                    Severity::Warning,
                    item.range.clone(),
                    format!(
                        "`{written}` is not a task ID, so it adds no dependency; it reads like the title of {}. Write the ID instead.",
                        task_list(analysis, &named)
                    ),
                )
            }
            _ => continue,
        };
        out.push(diagnostic);
    }
}

/// The tasks (other than `own`) whose titles hold every significant word of `phrase`, when the
/// phrase has at least two such words or one that reads like code (`useRooms`).
pub(crate) fn tasks_named_by(analysis: &Analysis, phrase: &str, own: usize) -> Vec<usize> {
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| w.chars().count() >= 3)
        .filter(|w| !crate::lex::mention::TASK_WORDS.contains(&w.to_lowercase().as_str()))
        .map(str::to_lowercase)
        .collect();
    let code_like = phrase
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase));
    if words.len() < 2 && !code_like {
        return Vec::new();
    }
    (0..analysis.tasks.len())
        .filter(|&t| t != own)
        .filter(|&t| {
            let title = analysis.tasks[t].title.to_lowercase();
            if code_like {
                words
                    .iter()
                    .any(|w| w.chars().count() >= 4 && title.contains(w.as_str()))
            } else {
                words.iter().all(|w| title.contains(w.as_str()))
            }
        })
        .take(6)
        .collect()
}

/// Tasks named for a message: `Task 2.1 (“Title”)`, `Task 2.1 (“A”) or Task 2.2 (“B”)`.
fn task_list(analysis: &Analysis, tasks: &[usize]) -> String {
    let names: Vec<String> = tasks
        .iter()
        .map(|&t| format!("{} (“{}”)", analysis.display_name(t), analysis.tasks[t].title))
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The checks that read each task's own fields, in one pass over the tasks (each pass over
/// ten thousand tasks' fields costs about a millisecond in memory traffic alone): duplicate
/// IDs, placeholders, invalid estimates, invalid priorities and types, self-dependencies,
/// ID/phase mismatches, mixed estimate units and, once the pass has counted which fields the
/// document uses, missing fields. Returns the placeholder ranges so that other checks can stay
/// quiet about them.
fn per_task_checks(analysis: &Analysis, out: &mut Vec<Diagnostic>) -> Vec<Range<usize>> {
    let config = analysis.model.document().config();
    let required: Vec<FieldKind> = config.required_fields.clone();
    // The fields of the template a document may make its own rule without the configuration
    // saying so: asked only where nearly every task has them (see `missing_field`).
    let conventional: Vec<FieldKind> = CONVENTIONAL_FIELDS
        .iter()
        .copied()
        .filter(|kind| !required.contains(kind))
        .collect();
    // Which required fields each task has, one bit each, for the tasks asked for them.
    let mut has_fields: Vec<(usize, u64)> = Vec::new();
    let mut placeholder_ranges = Vec::new();
    let mut phase_matches = 0usize;
    let mut phase_mismatches = Vec::new();
    for task in &analysis.tasks {
        // Where IDs restart in each phase, only a second task in the same phase is a duplicate.
        let first_in_scope = analysis
            .by_id
            .get(&task.id)
            .and_then(|indices| indices.iter().find(|&t| analysis.tasks[t].scope == task.scope));
        if let Some(first) = first_in_scope
            && first != task.index
        {
            let first = &analysis.tasks[first];
            let mut diagnostic = Diagnostic::new(
                Code::DuplicateTaskId,
                task.id_range.clone(),
                format!(
                    "Task ID `{}` is already used by “{}”; references to `{}` go to the first one. Give this task its own ID.",
                    task.id, first.title, task.id
                ),
            );
            diagnostic.related.push(Related {
                range: first.id_range.clone(),
                message: format!("`{}` is first defined here", task.id),
            });
            out.push(diagnostic);
        }
        let task_placeholders = local_task_checks(task, config, out);
        conflicting_dependency_fields(analysis, task, out);
        // Which required fields the task has, one bit each.
        let mut has = 0u64;
        for field in &task.fields {
            let kind = match field.kind {
                FieldKind::Duration => FieldKind::Estimate,
                FieldKind::Prerequisites => FieldKind::Dependencies,
                kind => kind,
            };
            if let Some(k) = required.iter().position(|r| *r == kind) {
                has |= 1 << (k % 64);
            }
            if let Some(k) = conventional.iter().position(|c| *c == kind) {
                has |= 1 << ((required.len() + k) % 64);
            }
        }
        // Checklist dialects state dependencies only where there are some and never carry
        // the template's fields, so only heading-style tasks are asked for them; a task with
        // sub-tasks is their container, and a cancelled one needs nothing.
        if task.dialect == crate::model::Dialect::Heading && task.children == 0 && !task.cancelled {
            has_fields.push((task.index, has));
        }
        placeholder_ranges.extend(task_placeholders);
        for dependency in analysis.dependencies[task.index]
            .iter()
            .filter(|d| d.target == task.index && d.direct)
        {
            out.push(Diagnostic::new(
                Code::SelfDependency,
                dependency.range.clone(),
                format!("Task {} depends on itself; remove this dependency.", task.id),
            ));
        }
        if let Some(phase) = task.phase
            && let Some(prefix) = crate::checks::id_phase(&task.id)
        {
            match crate::checks::same_phase_id(prefix, &analysis.phases[phase].id) {
                Some(true) => phase_matches += 1,
                Some(false) => phase_mismatches.push((task.index, phase)),
                None => {}
            }
        }
    }
    phase_placeholders(&analysis.phases, &mut placeholder_ranges, out);
    for (k, &kind) in required.iter().enumerate() {
        missing_field(analysis, kind, k, &has_fields, Asked::Required, out);
    }
    for (k, &kind) in conventional.iter().enumerate() {
        missing_field(analysis, kind, required.len() + k, &has_fields, Asked::Convention, out);
    }
    crate::checks::id_phase_mismatch(analysis, phase_matches, &phase_mismatches, out);
    estimate_checks(analysis, out);
    placeholder_ranges
}

/// The checks of the tasks' estimates: an estimate that cannot be read (unless it is a
/// template placeholder, which the placeholder check reports), and estimates in the minority
/// unit where story points and durations are mixed. Only a task's first estimate or
/// duration field is read. The keystroke path runs these alone after an edit of an
/// estimate (see [`crate::carry`]).
pub(crate) fn estimate_checks(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let (mut points, mut durations) = (Vec::new(), Vec::new());
    for task in &analysis.tasks {
        let Some(field) = task.written_estimate() else {
            continue;
        };
        match &field.estimate {
            Some(EstimateValue::Invalid { message }) if !is_placeholder(field) => out.push(Diagnostic::new(
                Code::InvalidEstimate,
                field.value.clone(),
                format!("{message}.").replace("..", "."),
            )),
            Some(EstimateValue::Estimate(estimate)) => {
                if estimate.points().is_some() {
                    points.push(field.value.clone());
                } else {
                    durations.push(field.value.clone());
                }
            }
            _ => {}
        }
    }
    crate::checks::mixed_units(points, durations, out);
}

/// True when a field's value holds a template placeholder, as the placeholder check finds it.
fn is_placeholder(field: &Field) -> bool {
    field.has_bracket
        && find_placeholders(&field.text).iter().any(|placeholder| {
            let (start, end) = (
                placeholder.start + field.value.start,
                placeholder.end + field.value.start,
            );
            field.value.start <= start && end <= field.value.end
        })
}

/// Reports a task whose dependency fields, at the same indentation, name different tasks
/// (`**Dependencies**: Task 3.1, Task 4.1` and later `**Dependencies**: Task 3.1, Task 4.2`):
/// one list is most likely a stale copy of the other. Each later list is compared with the
/// first, and reported there; lists that name no task are left alone.
fn conflicting_dependency_fields(analysis: &Analysis, task: &TaskInfo, out: &mut Vec<Diagnostic>) {
    let fields: Vec<&Field> = task
        .fields
        .iter()
        .filter(|field| field.kind == FieldKind::Dependencies && !field.from_prose && field.dependencies.is_some())
        .collect();
    if fields.len() < 2 {
        return;
    }
    // The tasks a list names, when it names them all by ID; a range, a group or an ID that
    // names no task makes the list one this check does not compare.
    let targets = |field: &Field| -> Option<Vec<usize>> {
        let list = field.dependencies.as_deref()?;
        let mut targets = Vec::with_capacity(list.items.len());
        for item in &list.items {
            let DepKind::Task(id) = &item.kind else {
                return None;
            };
            targets.push(analysis.task_by_id(&id.id)?);
        }
        targets.sort_unstable();
        targets.dedup();
        Some(targets)
    };
    let first = fields[0];
    let Some(first_targets) = targets(first).filter(|targets| !targets.is_empty()) else {
        return;
    };
    let names = |tasks: &[usize]| -> String {
        let ids: Vec<&str> = tasks.iter().map(|&t| analysis.tasks[t].id.as_str()).collect();
        crate::finding::join_and(&ids)
    };
    for field in fields.iter().skip(1).filter(|field| field.indent == first.indent) {
        let Some(these) = targets(field).filter(|these| !these.is_empty() && *these != first_targets) else {
            continue;
        };
        let only_first: Vec<usize> = first_targets.iter().copied().filter(|t| !these.contains(t)).collect();
        let only_later: Vec<usize> = these.iter().copied().filter(|t| !first_targets.contains(t)).collect();
        let mut parts = Vec::new();
        if !only_first.is_empty() {
            parts.push(format!(
                "this one names {} and the later one does not",
                names(&only_first)
            ));
        }
        if !only_later.is_empty() {
            parts.push(format!(
                "the later one names {} and this one does not",
                names(&only_later)
            ));
        }
        // Reported at the first list, where the task's fields are read first, with the later
        // one as the related location.
        let mut diagnostic = Diagnostic::new(
            Code::ConflictingFields,
            first.value.clone(),
            format!(
                "Task {} states its dependencies twice, and the lists differ: {}. Both are read; keep the one that is true.",
                task.id,
                parts.join("; ")
            ),
        );
        diagnostic.related.push(Related {
            range: field.value.clone(),
            message: "the later list".to_string(),
        });
        out.push(diagnostic);
    }
}

/// The template's fields that a document makes its own rule by giving them to nearly every
/// task, though the configuration does not require them.
const CONVENTIONAL_FIELDS: &[FieldKind] = &[
    FieldKind::Type,
    FieldKind::Priority,
    FieldKind::Assignee,
    FieldKind::Description,
];

/// Why a field is asked of every task.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// The configuration requires it (`required_fields`): asked where most tasks have it.
    Required,
    /// The document's own rule: asked only where at least eight tasks, and four in five, have
    /// it, and reported as a note.
    Convention,
}

/// Reports the tasks that lack a field the tasks of their kind have. Sub-tasks are compared
/// with sub-tasks, and inherit their parent's dependencies; a field a phase states for all its
/// tasks (`**Dependencies**: Batch 1 complete` under the batch heading) is not asked of them;
/// a done task is not asked for an estimate. A field only a minority of tasks use is the
/// document's choice, not a gap; one the configuration does not require is asked only where
/// nearly every task has it. When every task of a phase lacks the field, the phase gets one
/// note instead of one warning per task.
fn missing_field(
    analysis: &Analysis,
    kind: FieldKind,
    bit: usize,
    tasks: &[(usize, u64)],
    asked_as: Asked,
    out: &mut Vec<Diagnostic>,
) {
    let mask = 1u64 << (bit % 64);
    // A phase's own dependencies are its tasks'; a phase's duration is its total, not theirs.
    let phase_states = |phase: Option<usize>| {
        kind == FieldKind::Dependencies
            && phase.is_some_and(|p| {
                analysis.phases[p]
                    .fields
                    .iter()
                    .any(|field| normalized_kind(field.kind) == kind && field.dependencies.is_some())
            })
    };
    for sub_tasks in [false, true] {
        if sub_tasks && kind == FieldKind::Dependencies {
            continue;
        }
        let asked: Vec<(usize, bool)> = tasks
            .iter()
            .filter(|&&(task, _)| analysis.tasks[task].parent.is_some() == sub_tasks)
            .filter(|&&(task, _)| !phase_states(analysis.tasks[task].phase))
            .filter(|&&(task, _)| !(kind == FieldKind::Estimate && analysis.done[task]))
            .map(|&(task, has)| (task, has & mask != 0))
            .collect();
        let having = asked.iter().filter(|(_, has)| *has).count();
        let enough = match asked_as {
            Asked::Required => having * 2 > asked.len(),
            Asked::Convention => having >= 8 && having * 5 >= asked.len() * 4,
        };
        if !enough {
            continue;
        }
        // The count in messages is every task of the kind that has the field, done ones too.
        let users = tasks
            .iter()
            .filter(|&&(task, has)| analysis.tasks[task].parent.is_some() == sub_tasks && has & mask != 0)
            .count();
        let lacking: Vec<usize> = asked.iter().filter(|(_, has)| !*has).map(|&(t, _)| t).collect();
        if lacking.is_empty() {
            continue;
        }
        // Read from every task's fields: only once some task lacks one.
        let label = own_label(analysis, kind);
        // Phases whose every asked task lacks the field.
        let mut whole_phases: Vec<usize> = Vec::new();
        for &task in &lacking {
            if let Some(phase) = analysis.tasks[task].phase
                && !whole_phases.contains(&phase)
            {
                let in_phase: Vec<bool> = asked
                    .iter()
                    .filter(|(t, _)| analysis.tasks[*t].phase == Some(phase))
                    .map(|&(_, has)| has)
                    .collect();
                if in_phase.len() >= 2 && in_phase.iter().all(|has| !has) {
                    whole_phases.push(phase);
                }
            }
        }
        for &phase in &whole_phases {
            let info = &analysis.phases[phase];
            let count = lacking
                .iter()
                .filter(|&&t| analysis.tasks[t].phase == Some(phase))
                .count();
            out.push(Diagnostic::with_severity(
                Code::MissingField,
                Severity::Info,
                info.line.clone(),
                format!(
                    "None of the {count} tasks of Phase {} has {} field, while {users} other tasks have one; add `**{label}**: …` to them, or say why the phase has none.",
                    info.id,
                    field_article(kind),
                ),
            ));
        }
        for task in lacking {
            let info = &analysis.tasks[task];
            if info.phase.is_some_and(|p| whole_phases.contains(&p)) {
                continue;
            }
            let severity = match asked_as {
                Asked::Required => Code::MissingField.default_severity(),
                Asked::Convention => Severity::Info,
            };
            out.push(Diagnostic::with_severity(
                Code::MissingField,
                severity,
                info.line.clone(),
                format!(
                    "{} has no {} field, but {users} other task{} here {} one. Add `**{label}**: …`{}",
                    analysis.display_name(task),
                    field_name(kind),
                    if users == 1 { "" } else { "s" },
                    if users == 1 { "has" } else { "have" },
                    if kind == FieldKind::Estimate {
                        "; until then the schedule counts this task as zero."
                    } else {
                        "."
                    }
                ),
            ));
        }
    }
}

/// A field kind with its synonyms folded: a duration is an estimate, prerequisites are
/// dependencies.
pub(crate) fn normalized_kind(kind: FieldKind) -> FieldKind {
    match kind {
        FieldKind::Duration => FieldKind::Estimate,
        FieldKind::Prerequisites => FieldKind::Dependencies,
        kind => kind,
    }
}

/// The label the document itself writes for a field (`Estimated`, `Dépendances`), or the
/// template's when no task has one.
pub(crate) fn own_label(analysis: &Analysis, kind: FieldKind) -> String {
    let rope = analysis.model.document().rope();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for task in &analysis.tasks {
        for field in task
            .fields
            .iter()
            .filter(|f| normalized_kind(f.kind) == kind && !f.label.is_empty())
        {
            let label = text_of(rope, field.label.clone())
                .trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c == '：' || c.is_whitespace())
                .to_string();
            match counts.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => counts.push((label, 1)),
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(label, _)| label)
        .filter(|label| !label.is_empty())
        .unwrap_or_else(|| field_label(kind).to_string())
}

/// A field's name with its article, for messages: `an estimate`, `a dependencies`.
fn field_article(kind: FieldKind) -> String {
    let name = field_name(kind);
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Reports the placeholders of one text (a title or a field value) starting at `start`.
fn push_placeholders(value: &str, start: usize, found: &mut Vec<Range<usize>>, out: &mut Vec<Diagnostic>) {
    if !value.contains('[') {
        return;
    }
    for placeholder in find_placeholders(value) {
        out.push(Diagnostic::new(
            Code::Placeholder,
            placeholder.start + start..placeholder.end + start,
            format!(
                "`{}` is template text; replace it with the real value.",
                &value[placeholder.clone()]
            ),
        ));
        found.push(placeholder.start + start..placeholder.end + start);
    }
}

pub(crate) fn field_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Estimate => "estimate",
        FieldKind::Dependencies => "dependencies",
        FieldKind::Type => "type",
        FieldKind::Priority => "priority",
        FieldKind::Assignee => "assignee",
        FieldKind::Status => "status",
        FieldKind::AcceptanceCriteria => "acceptance criteria",
        FieldKind::Description => "description",
        _ => "required",
    }
}

fn field_label(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Estimate => "Estimate",
        FieldKind::Dependencies => "Dependencies",
        FieldKind::Type => "Type",
        FieldKind::Priority => "Priority",
        FieldKind::Assignee => "Assigned To",
        FieldKind::Status => "Status",
        FieldKind::AcceptanceCriteria => "Acceptance Criteria",
        FieldKind::Description => "Description",
        _ => "Field",
    }
}

/// Ranges of `[text]` placeholders in a value: a bracketed text with a letter in it that is
/// not a link, a checkbox, an ID list or a short tag like `[P]` or `[US1]`.
pub fn find_placeholders(value: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(open) = value[search..].find('[').map(|i| i + search) {
        let Some(close) = value[open..].find(']').map(|i| i + open) else {
            break;
        };
        let inner = &value[open + 1..close];
        let after = value[close + 1..].chars().next();
        let is_link = matches!(after, Some('(' | '[' | ':'));
        let is_tag = !inner.is_empty()
            && inner.len() <= 12
            && inner
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        let is_checkbox = matches!(inner, " " | "x" | "X" | "");
        let is_id_list = inner
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .all(crate::lex::depends::is_task_id);
        if !is_link && !is_tag && !is_checkbox && !is_id_list && inner.chars().any(char::is_alphabetic) {
            out.push(open..close + 1);
        }
        search = close + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_documented() {
        let docs = include_str!("../../../docs/diagnostics.md");
        for code in Code::ALL {
            assert!(
                docs.contains(&format!("\n## {}\n", code.as_str())),
                "docs/diagnostics.md has no section for {}",
                code.as_str()
            );
            assert_eq!(Code::from_name(code.as_str()), Some(code));
        }
    }
}
