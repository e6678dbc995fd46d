//! Early cutoff for the keystroke path: whether an edit changed anything the checks read, and
//! the diagnostics carried over from the previous version when it did not.
//!
//! Every check reads items, plus a few texts that items only point at (table cells,
//! dependency statements, a mention's whole line, and the lines walked back over from a list
//! of mentions to its group label). An edit that leaves every item as it was, only moved, and
//! touches none of those texts cannot change a diagnostic except by moving it: typing in a
//! task's description or in an acceptance criterion is such an edit. An edit that changes
//! only a task's title, or the value of a field no other task reads (a description on the label's
//! line), changes only the diagnostics that read that one task's own text; those are computed
//! again for that task and the rest are moved. An edit that changes only a task's estimate
//! changes, beyond that task's own checks, only the checks that read estimates (an estimate
//! that cannot be read, mixed units, the durations the document states, the critical path
//! and the summary's count of its tasks), and only those run again. The schedule needs every
//! task resolved: the previous version's analysis, when it is known, is moved to the new text
//! (every item is where it was, so only offsets move and the edited task's details are read
//! again), or else the document is resolved again; either way the analysis is kept for the
//! requests on the new version. Anything else is analysed from scratch.

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::diagnostics::{Code, Diagnostic, apply_severities, local_checks, local_task_checks};
use crate::document::Document;
use crate::edit::{Carry, LocalChange, OffsetMap};
use crate::items::Item;
use crate::items::Shift;
use crate::lex::depends::DepKind;
use crate::lex::fields::FieldKind;
use crate::model::Model;
use crate::plan::Plan;

/// The diagnostics an edit carried over, and the analysis made on the way when one was.
#[derive(Debug)]
pub struct Carried {
    /// The diagnostics of the text after the edit.
    pub diagnostics: Vec<Diagnostic>,
    /// The text's resolved analysis and plan, made to check its estimates again after an
    /// edit of one: requests on this version need not make them again.
    pub analysis: Option<(Analysis, Plan)>,
}

/// The codes of the checks that read one task's own title and field values alone.
const LOCAL_CODES: &[Code] = &[Code::Placeholder, Code::InvalidFieldValue];

/// The codes whose every finding the estimate checks make (see [`estimate_findings`]).
const ESTIMATE_CODES: &[Code] = &[
    Code::InvalidEstimate,
    Code::MixedEstimateUnits,
    Code::DurationMismatch,
    Code::CriticalPathMismatch,
];

impl Carry {
    /// The diagnostics of `document` (the text after the edit), from `previous` (those of the
    /// text before it). None when the edit changed something that other tasks' diagnostics
    /// read after all: a title that a duplicate ID's message quotes, or a field outside any
    /// task.
    pub fn diagnostics(&self, previous: &[Diagnostic], document: &Document) -> Option<Vec<Diagnostic>> {
        self.carry_over(previous, document).map(|carried| carried.diagnostics)
    }

    /// The diagnostics of `document`, as [`Carry::diagnostics`] gives them, with the analysis
    /// made on the way.
    pub fn carry_over(&self, previous: &[Diagnostic], document: &Document) -> Option<Carried> {
        self.carry_over_with(previous, None, document)
    }

    /// The diagnostics of `document`, as [`Carry::carry_over`] gives them, from the previous
    /// version's analysis too when it is known: an edit of estimates alone leaves every item
    /// where it was, so that analysis is the new one with its offsets moved and the edited
    /// tasks' details read again, instead of a new resolution of every task.
    pub fn carry_over_with(
        &self,
        previous: &[Diagnostic],
        analysis: Option<Arc<(Analysis, Plan)>>,
        document: &Document,
    ) -> Option<Carried> {
        let mut out: Vec<Diagnostic> = previous.iter().map(|diagnostic| diagnostic.moved(&self.map)).collect();
        if touches_claim(&out, document, self.map.new_range()) {
            return None;
        }
        if self.changed.is_empty() {
            return Some(Carried {
                diagnostics: out,
                analysis: None,
            });
        }
        let estimates_only = self
            .changed
            .iter()
            .all(|change| matches!(change, LocalChange::Estimate(_)));
        let known = analysis.filter(|_| estimates_only);
        let model = match &known {
            Some(known) => known.0.model.with_document(document.clone()),
            None => Model::build(document),
        };
        let mut tasks: Vec<usize> = Vec::new();
        for &change in &self.changed {
            let offset = change.offset();
            let task = model.task_containing(offset)?;
            // A heading shaped like a task that the model does not take for one is a section
            // heading, whose text other checks may read.
            if change == LocalChange::Title(offset) && model.task_info(task).title_range.start != offset {
                return None;
            }
            // Titles are read beyond their task's own checks where lines share an ID (the
            // same title twice is one task written twice) and where dependencies name tasks
            // by words that titles may hold.
            // Claims read titles too: a format statement looks for file paths in them, and
            // drawings and ticked criteria name tasks by their titles.
            if change == LocalChange::Title(offset)
                && (model.id_is_shared(task)
                    || model.claims_read_titles()
                    || model.ticks_outside_tasks()
                    || titles_read(&model))
            {
                return None;
            }
            if !tasks.contains(&task) {
                tasks.push(task);
            }
        }
        let config = document.config();
        for &task in &tasks {
            let id_range = model.task_info(task).id_range;
            let quoted = out.iter().any(|diagnostic| {
                diagnostic.code == Code::DuplicateTaskId
                    && diagnostic.related.iter().any(|related| related.range == id_range)
            });
            if quoted {
                return None;
            }
        }
        if self
            .changed
            .iter()
            .any(|change| matches!(change, LocalChange::Estimate(_)))
        {
            let analysis = match known {
                Some(known) => moved_analysis(known, model, &self.map, &tasks),
                None => Analysis::new(model),
            };
            let plan = Plan::new(&analysis);
            let diagnostics = estimate_findings(&analysis, &plan, out)?;
            return Some(Carried {
                diagnostics,
                analysis: Some((analysis, plan)),
            });
        }
        let mut fresh = Vec::new();
        let listed = |code: Code| out.iter().filter(|diagnostic| diagnostic.code == code).count();
        if LOCAL_CODES
            .iter()
            .any(|&code| listed(code) >= crate::limits::FINDINGS_PER_CODE)
        {
            // More findings of these codes than are listed, or nearly: which are listed and
            // what the summary counts follow the whole document, so they are made again for
            // every task.
            let infos: Vec<crate::model::TaskInfo> = (0..model.tasks.len()).map(|task| model.task_info(task)).collect();
            let phases: Vec<crate::model::PhaseInfo> =
                (0..model.phases.len()).map(|phase| model.phase_info(phase)).collect();
            out.retain(|diagnostic| !LOCAL_CODES.contains(&diagnostic.code));
            local_checks(&infos, &phases, config, &mut fresh);
            apply_severities(config, &mut fresh);
            out.extend(fresh);
            out.sort_by_key(|diagnostic| (diagnostic.range.start, diagnostic.code));
            crate::limits::cap(&mut out);
            return Some(Carried {
                diagnostics: out,
                analysis: None,
            });
        }
        for &task in &tasks {
            let info = model.task_info(task);
            // The task's own checks read its title and its fields, not the sub-tasks that
            // its section holds.
            let own = |range: &std::ops::Range<usize>| {
                std::iter::once(&info.title_range)
                    .chain(info.fields.iter().map(|field| &field.value))
                    .any(|text| text.start <= range.start && range.start < text.end.max(text.start + 1))
            };
            out.retain(|diagnostic| !(LOCAL_CODES.contains(&diagnostic.code) && own(&diagnostic.range)));
            local_task_checks(&info, config, &mut fresh);
        }
        apply_severities(config, &mut fresh);
        out.extend(fresh);
        // Past the limit of findings per code, which findings are listed and what the summary
        // counts depend on the whole document.
        if LOCAL_CODES.iter().any(|&code| {
            out.iter().filter(|diagnostic| diagnostic.code == code).count() > crate::limits::FINDINGS_PER_CODE
        }) {
            return None;
        }
        out.sort_by_key(|diagnostic| (diagnostic.range.start, diagnostic.code));
        Some(Carried {
            diagnostics: out,
            analysis: None,
        })
    }
}

/// The analysis of the text after an edit of the estimates of `tasks`, from `known`, that of
/// the text before it: its ranges moved by `map`, over `model` (the same model over the new
/// text), with the edited tasks' details (and their parents', whose sections hold them) read
/// again. Taken over when no request holds it, copied otherwise.
fn moved_analysis(known: Arc<(Analysis, Plan)>, model: Model, map: &OffsetMap, tasks: &[usize]) -> Analysis {
    let (mut analysis, _) = Arc::try_unwrap(known).unwrap_or_else(|known| (*known).clone());
    analysis.for_each_range(&mut |range| *range = map.map_range(range));
    analysis.model = model;
    for &task in tasks {
        let mut at = Some(task);
        while let Some(task) = at {
            analysis.tasks[task] = analysis.model.task_info(task);
            at = analysis.tasks[task].parent;
        }
    }
    // Read from the phases' titles, which the edit left alone; built again on first use.
    analysis.unique_phase_keys = std::sync::OnceLock::new();
    analysis
}

/// The diagnostics after an edit of an estimate: `carried` (the previous ones, moved) with
/// the findings of every code that an estimate changes made again from `analysis`. Those codes
/// are checked again in the whole document, which costs a walk over the tasks, so that the
/// limit of findings per code applies to them as to a fresh analysis. None when an estimate may
/// change more than these: where a task waits for one of alternatives, the one that finishes
/// first is waited for, so the waves (and every check of them) follow the estimates; and where
/// the summary's findings are too many to be listed, which of them are depends on the rest.
fn estimate_findings(analysis: &Analysis, plan: &Plan, mut carried: Vec<Diagnostic>) -> Option<Vec<Diagnostic>> {
    if plan.edges.iter().any(|edge| edge.alternative.is_some()) {
        return None;
    }
    let summaries = carried
        .iter()
        .filter(|diagnostic| diagnostic.code == Code::SummaryMismatch);
    if summaries.clone().count() >= crate::limits::FINDINGS_PER_CODE
        || summaries
            .clone()
            .any(|diagnostic| crate::limits::omitted(diagnostic).is_some())
    {
        return None;
    }
    let counted: Vec<&std::ops::Range<usize>> = analysis
        .summary
        .iter()
        .filter(|value| crate::checks::reads_estimates(value.metric))
        .map(|value| &value.range)
        .collect();
    carried.retain(|diagnostic| {
        !(LOCAL_CODES.contains(&diagnostic.code)
            || ESTIMATE_CODES.contains(&diagnostic.code)
            || (diagnostic.code == Code::SummaryMismatch && counted.contains(&&diagnostic.range)))
    });
    let mut fresh = Vec::new();
    let config = analysis.model.document().config();
    local_checks(&analysis.tasks, &analysis.phases, config, &mut fresh);
    crate::diagnostics::estimate_checks(analysis, &mut fresh);
    crate::checks::estimate_checks(analysis, plan, &mut fresh);
    crate::claims::estimate_checks(analysis, &mut fresh);
    apply_severities(analysis.model.document().config(), &mut fresh);
    carried.extend(fresh);
    carried.sort_by_key(|diagnostic| (diagnostic.range.start, diagnostic.code));
    crate::limits::cap(&mut carried);
    Some(carried)
}

/// True when the analysis reads task titles to resolve a task's dependency: a phrase that
/// names no task by ID, and a group that names no task, have their messages suggest tasks by
/// title; a group word (`All testing tasks`) that no task's type or phase's title holds names
/// the tasks whose titles hold it. Where it cannot tell, it says true.
fn titles_read(model: &Model) -> bool {
    if !model.reads_titles() {
        return false;
    }
    let tasks: Vec<crate::model::TaskInfo> = (0..model.tasks.len()).map(|task| model.task_info(task)).collect();
    // A group names the first task with an ID; counting only IDs written once errs towards
    // groups that name nothing, which read titles.
    let mut written: std::collections::HashMap<&str, usize, foldhash::fast::RandomState> = Default::default();
    for task in &tasks {
        *written.entry(task.id.as_str()).or_default() += 1;
    }
    let named = |task: &crate::model::TaskInfo| !task.id.is_empty() && written[task.id.as_str()] == 1;
    let phase_has_tasks = |phase: usize| tasks.iter().any(|task| task.phase == Some(phase) && named(task));
    let reads = |task: Option<&crate::model::TaskInfo>, kind: &DepKind| match kind {
        DepKind::Unresolved => true,
        DepKind::AllOfType { type_name } => {
            let types = tasks
                .iter()
                .filter(|task| named(task))
                .filter_map(|task| task.field(FieldKind::Type).map(|field| &*field.text));
            let phases: Vec<String> = (0..model.phases.len())
                .filter(|&phase| phase_has_tasks(phase))
                .map(|phase| model.phase_info(phase).title)
                .collect();
            crate::groups::group_reads_titles(type_name, types, phases.iter().map(String::as_str))
        }
        DepKind::PhaseTasks { phase } => {
            let phases: Vec<usize> = (0..model.phases.len())
                .filter(|&p| model.phase_info(p).id.eq_ignore_ascii_case(phase))
                .collect();
            if phases.is_empty() {
                let prefix = format!("{phase}.");
                !tasks.iter().any(|task| named(task) && task.id.starts_with(&prefix))
            } else {
                !phases.into_iter().any(phase_has_tasks)
            }
        }
        DepKind::AllPreviousPhases => match task {
            Some(task) => match task.phase {
                Some(own) => !(0..own).any(phase_has_tasks),
                None => !tasks[..task.index].iter().any(named),
            },
            None => true,
        },
        _ => false,
    };
    for task in &tasks {
        for (_, list) in task.dependency_lists() {
            if list.items.iter().any(|item| reads(Some(task), &item.kind)) {
                return true;
            }
        }
    }
    model.document().segments().any(|(_, segment)| {
        let items = segment.items();
        items.reads_titles
            && items.items.iter().any(|item| match item {
                Item::DependencyStatement(statement) => statement
                    .dependencies
                    .items
                    .iter()
                    .any(|dependency| reads(None, &dependency.kind)),
                _ => false,
            })
    })
}

/// The codes of the claim checks, which read lines that are not items.
const CLAIM_CODES: &[Code] = &[
    Code::SummaryMismatch,
    Code::DurationMismatch,
    Code::StatusMismatch,
    Code::GraphMismatch,
    Code::AssignmentMismatch,
    Code::FormatMismatch,
    Code::ParallelConflict,
    Code::CriticalPathMismatch,
];

/// True when an edit touched a line that states a claim about the document, or a line a claim
/// finding was on: the claim checks read such lines' text, not only their items, so the edit
/// is analysed again.
fn touches_claim(moved: &[Diagnostic], document: &Document, edited: std::ops::Range<usize>) -> bool {
    let rope = document.rope();
    let len = rope.len_bytes();
    let first = rope.byte_to_line(edited.start.min(len));
    let last = rope.byte_to_line(edited.end.min(len));
    let span_start = rope.line_to_byte(first);
    let span_end = if last + 1 < rope.len_lines() {
        rope.line_to_byte(last + 1)
    } else {
        len
    };
    if moved.iter().any(|d| {
        CLAIM_CODES.contains(&d.code) && d.range.start < span_end.max(span_start + 1) && d.range.end >= span_start
    }) {
        return true;
    }
    // A ticked item may be a criterion outside the tasks, and any item under a checkpoint
    // heading may expect a task; both are read against the tasks' titles.
    let checkpoint = document
        .segments()
        .filter(|&(start, segment)| start < span_end.max(span_start + 1) && start + segment.len() >= span_start)
        .any(|(_, segment)| segment.items().checkpoint_lists);
    (first..=last.min(rope.len_lines().saturating_sub(1))).any(|line| {
        let text = rope.line(line).to_string();
        crate::claims::is_claim_line(&text)
            || crate::lex::claim_line::is_ticked_item(&text)
            || (checkpoint && crate::lex::claim_line::is_checklist_item(&text))
    })
}
