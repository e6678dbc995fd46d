//! The checks that turn an [`Analysis`] into diagnostics: each with a stable code, a
//! severity, a byte range and, where another place matters, related locations.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::carry::OffsetMap;
use crate::config::Config;
use crate::lex::estimate::EstimateValue;
use crate::lex::fields::FieldKind;
use crate::model::{TaskInfo, text_of};
use crate::plan::Plan;
use crate::suggest::Suggestions;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The breakdown is wrong: `tasklens check` exits with 1.
    Error,
    /// Probably a mistake.
    Warning,
    /// Worth knowing.
    Info,
    /// A suggestion.
    Hint,
}

/// The stable diagnostic codes. Each has a section in `docs/diagnostics.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Two tasks share an identifier.
    DuplicateTaskId,
    /// A dependency phrase, or an ID outside a dependency field, that resolves to nothing.
    UnresolvedReference,
    /// A dependency on an ID that no task has.
    UnknownDependency,
    /// A task that depends on itself.
    SelfDependency,
    /// Dependencies that go round in a circle.
    DependencyCycle,
    /// A task depends on a task of a later phase.
    PhaseOrder,
    /// A task's ID names another phase than the one it sits in.
    IdPhaseMismatch,
    /// A dependency already implied through another one.
    RedundantDependency,
    /// A task marked done depends on one that is not.
    DoneBeforeDependency,
    /// A summary table value differs from the document.
    SummaryMismatch,
    /// The declared critical path differs from the computed one.
    CriticalPathMismatch,
    /// Tasks claimed to run in parallel depend on each other.
    ParallelConflict,
    /// Story points mixed with durations.
    MixedEstimateUnits,
    /// Declared waves (Kiro's Task Dependency Graph) that differ from the computed ones.
    WaveMismatch,
    /// An estimate that cannot be read.
    InvalidEstimate,
    /// A task lacks a field the document's other tasks have.
    MissingField,
    /// A priority or type outside the allowed values.
    InvalidFieldValue,
    /// Template text left in place.
    Placeholder,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: [Code; 18] = [
        Code::DependencyCycle,
        Code::UnknownDependency,
        Code::SelfDependency,
        Code::DuplicateTaskId,
        Code::UnresolvedReference,
        Code::PhaseOrder,
        Code::IdPhaseMismatch,
        Code::RedundantDependency,
        Code::DoneBeforeDependency,
        Code::SummaryMismatch,
        Code::CriticalPathMismatch,
        Code::ParallelConflict,
        Code::MixedEstimateUnits,
        Code::WaveMismatch,
        Code::InvalidEstimate,
        Code::MissingField,
        Code::InvalidFieldValue,
        Code::Placeholder,
    ];

    /// The code as users write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::DuplicateTaskId => "duplicate-task-id",
            Code::UnresolvedReference => "unresolved-reference",
            Code::UnknownDependency => "unknown-dependency",
            Code::SelfDependency => "self-dependency",
            Code::DependencyCycle => "dependency-cycle",
            Code::PhaseOrder => "phase-order",
            Code::IdPhaseMismatch => "id-phase-mismatch",
            Code::RedundantDependency => "redundant-dependency",
            Code::DoneBeforeDependency => "done-before-dependency",
            Code::SummaryMismatch => "summary-mismatch",
            Code::CriticalPathMismatch => "critical-path-mismatch",
            Code::ParallelConflict => "parallel-conflict",
            Code::MixedEstimateUnits => "mixed-estimate-units",
            Code::WaveMismatch => "wave-mismatch",
            Code::InvalidEstimate => "invalid-estimate",
            Code::MissingField => "missing-field",
            Code::InvalidFieldValue => "invalid-field-value",
            Code::Placeholder => "placeholder",
        }
    }

    /// Looks a code up by name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// The severity a code has unless configured otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::DuplicateTaskId
            | Code::UnresolvedReference
            | Code::UnknownDependency
            | Code::SelfDependency
            | Code::DependencyCycle => Severity::Error,
            Code::RedundantDependency => Severity::Hint,
            Code::PhaseOrder
            | Code::IdPhaseMismatch
            | Code::DoneBeforeDependency
            | Code::SummaryMismatch
            | Code::CriticalPathMismatch
            | Code::ParallelConflict
            | Code::MixedEstimateUnits
            | Code::WaveMismatch
            | Code::InvalidEstimate
            | Code::MissingField
            | Code::InvalidFieldValue
            | Code::Placeholder => Severity::Warning,
        }
    }
}

/// Another place that matters to a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The place.
    pub range: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where, in byte offsets.
    pub range: Range<usize>,
    /// How serious.
    pub severity: Severity,
    /// Which check.
    pub code: Code,
    /// What is wrong and how to fix it, in sentences.
    pub message: String,
    /// Other places that matter.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no related locations.
    pub fn new(code: Code, range: Range<usize>, message: String) -> Diagnostic {
        Diagnostic {
            range,
            severity: code.default_severity(),
            code,
            message,
            related: Vec::new(),
        }
    }

    /// The same diagnostic with its ranges moved by an edit (see [`crate::carry`]).
    pub fn moved(&self, map: &OffsetMap) -> Diagnostic {
        Diagnostic {
            range: map.map_range(&self.range),
            related: self
                .related
                .iter()
                .map(|related| Related {
                    range: map.map_range(&related.range),
                    message: related.message.clone(),
                })
                .collect(),
            message: self.message.clone(),
            ..*self
        }
    }
}

/// Runs every check and returns the diagnostics sorted by position.
pub fn diagnostics(analysis: &Analysis) -> Vec<Diagnostic> {
    diagnostics_with_plan(analysis, &Plan::new(analysis))
}

/// Runs every check with an already built plan, applies the configured severities (dropping
/// the codes configured off) and returns the diagnostics sorted by position, at most
/// [`crate::limits::FINDINGS_PER_CODE`] of each code and then one that counts the rest.
pub fn diagnostics_with_plan(analysis: &Analysis, plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    crate::checks::run(analysis, plan, &mut out);
    let placeholders = per_task_checks(analysis, &mut out);
    unresolved(analysis, &placeholders, &mut out);
    apply_severities(analysis.model.document().config(), &mut out);
    out.sort_by_key(|a| (a.range.start, a.code));
    crate::limits::cap(&mut out);
    out
}

/// Applies the severity configured for each code, dropping the codes configured off.
pub(crate) fn apply_severities(config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|diagnostic| match config.severity(diagnostic.code) {
        Some(severity) => {
            diagnostic.severity = severity;
            true
        }
        None => false,
    });
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
            let (allowed, what) = if field.kind == FieldKind::Priority {
                (&config.priorities, "priority")
            } else {
                (&config.types, "type")
            };
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

fn unresolved(analysis: &Analysis, placeholders: &[Range<usize>], out: &mut Vec<Diagnostic>) {
    let mut suggestions: Option<Suggestions> = None;
    for item in &analysis.unresolved {
        if placeholders
            .iter()
            .any(|p| p.start <= item.range.start && item.range.end <= p.end)
        {
            continue;
        }
        let written = text(analysis, item.range.clone());
        let diagnostic = match &item.id {
            Some(id) => {
                let mut message = format!("No task has the ID `{id}`, so this dependency adds no edge.");
                let suggestions =
                    suggestions.get_or_insert_with(|| Suggestions::new(analysis.tasks.iter().map(|t| t.id.as_str())));
                if let Some(closest) = suggestions.closest(id).map(|task| &analysis.tasks[task].id) {
                    message.push_str(&format!(" Did you mean `{closest}`?"));
                }
                Diagnostic::new(Code::UnknownDependency, item.range.clone(), message)
            }
            None => {
                let mut diagnostic = Diagnostic::new(
                    Code::UnresolvedReference,
                    item.range.clone(),
                    format!(
                        "`{}` names no task, so it adds no dependency. Write task IDs (`Task 1.2`), a phase (`Phase 2 complete`) or `None`.",
                        written.trim()
                    ),
                );
                diagnostic.severity = crate::diagnostics::Severity::Warning;
                diagnostic
            }
        };
        out.push(diagnostic);
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
    let mut users = vec![0usize; required.len()];
    let mut missing: Vec<(usize, usize)> = Vec::new();
    let mut placeholder_ranges = Vec::new();
    let mut phase_matches = 0usize;
    let mut phase_mismatches = Vec::new();
    let (mut points, mut durations) = (Vec::new(), Vec::new());
    for task in &analysis.tasks {
        if let Some(indices) = analysis.by_id.get(&task.id)
            && indices.first != task.index
        {
            let first = &analysis.tasks[indices.first];
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
        // Which required fields the task has, one bit each.
        let mut has = 0u64;
        let mut seen_estimate = false;
        for field in &task.fields {
            let kind = match field.kind {
                FieldKind::Duration => FieldKind::Estimate,
                FieldKind::Prerequisites => FieldKind::Dependencies,
                kind => kind,
            };
            if let Some(k) = required.iter().position(|r| *r == kind) {
                has |= 1 << (k % 64);
            }
            if kind == FieldKind::Estimate && !seen_estimate {
                seen_estimate = true;
                let is_placeholder = field.has_bracket
                    && task_placeholders
                        .iter()
                        .any(|p| field.value.start <= p.start && p.end <= field.value.end);
                match &field.estimate {
                    Some(EstimateValue::Invalid { message }) if !is_placeholder => out.push(Diagnostic::new(
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
        }
        // Checklist dialects state dependencies only where there are some and never carry
        // the template's fields, so only heading-style tasks are asked for them.
        if task.dialect == crate::model::Dialect::Heading {
            for (k, count) in users.iter_mut().enumerate() {
                if has & (1 << (k % 64)) != 0 {
                    *count += 1;
                } else {
                    missing.push((task.index, k));
                }
            }
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
    for phase in &analysis.phases {
        for field in &phase.fields {
            push_placeholders(&field.text, field.value.start, &mut placeholder_ranges, out);
        }
    }
    for (task, k) in missing {
        // A document that never uses a field is written without it on purpose.
        if users[k] == 0 {
            continue;
        }
        let (kind, users) = (required[k], users[k]);
        let task = &analysis.tasks[task];
        out.push(Diagnostic::new(
            Code::MissingField,
            task.line.clone(),
            format!(
                "Task {} has no {} field, but {users} other task{} here {} one. Add `**{}**: …`{}",
                task.id,
                field_name(kind),
                if users == 1 { "" } else { "s" },
                if users == 1 { "has" } else { "have" },
                field_label(kind),
                if kind == FieldKind::Estimate {
                    "; until then the schedule counts this task as zero."
                } else {
                    "."
                }
            ),
        ));
    }
    crate::checks::id_phase_mismatch(analysis, phase_matches, &phase_mismatches, out);
    crate::checks::mixed_units(points, durations, out);
    placeholder_ranges
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

fn field_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Estimate => "estimate",
        FieldKind::Dependencies => "dependencies",
        FieldKind::Type => "type",
        FieldKind::Priority => "priority",
        FieldKind::Assignee => "assignee",
        FieldKind::Status => "status",
        FieldKind::AcceptanceCriteria => "acceptance criteria",
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
