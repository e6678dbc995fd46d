//! Resolves a model's references: task identifiers to tasks, dependency phrases to the tasks
//! they name, mentions to the tasks they point at, and the document-level claims (summary
//! table, declared critical path, parallel groups, status list) to plain data.
//!
//! Edges come only from dependency fields; mentions are references for navigation.

use std::collections::HashMap;
use std::ops::Range;

use crate::groups::Groups;
pub use crate::groups::TaskIndices;
use crate::items::{Item, MentionContext, Shift};
use crate::lex::depends::{DepItem, DepKind, IdRef};
use crate::lex::fields::FieldKind;
use crate::lex::mention::{GroupWalk, group_walk};
use crate::model::{Model, PhaseInfo, TaskInfo, text_of};

/// A model with its references resolved.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The model.
    pub model: Model,
    /// Every task's details, indexed like [`Model::tasks`].
    pub tasks: Vec<TaskInfo>,
    /// Every phase's details, indexed like [`Model::phases`].
    pub phases: Vec<PhaseInfo>,
    /// Task indices by identifier; more than one index means a duplicate.
    pub by_id: HashMap<String, TaskIndices, foldhash::fast::RandomState>,
    /// Each task's dependencies, in the order they are written, expanded and without repeats.
    pub dependencies: Vec<Vec<Dependency>>,
    /// Dependency text that names no task.
    pub unresolved: Vec<Unresolved>,
    /// Every reference to a task outside its declaration: dependency items, mentions.
    pub references: Vec<Reference>,
    /// Whether each task is marked done.
    pub done: Vec<bool>,
    /// Values of the summary table.
    pub summary: Vec<SummaryValue>,
    /// The critical paths the document declares: one chain, or several (per phase, or a list
    /// of chains under a Critical Path heading).
    pub declared_paths: Vec<DeclaredPath>,
    /// Groups of tasks the document says can run in parallel.
    pub parallel_claims: Vec<ParallelClaim>,
    /// The status tracking list (`- [x] ~~Task 1.1~~`).
    pub status_entries: Vec<StatusEntry>,
    /// Waves the document declares in a JSON block (Kiro's Task Dependency Graph).
    pub declared_waves: Option<crate::items::DeclaredWaves>,
    /// The task each restatement of the model names (indexed like
    /// [`Model::restatements`]), when one has its ID.
    pub restated: Vec<Option<usize>>,
    /// Each task's key: its ID, made unique where IDs are shared (`P2-1` where IDs restart in
    /// each phase, `3.2#2` for a second task with ID `3.2`).
    pub keys: Vec<String>,
    /// The milestone gates the document declares, in order (`### M0 — Foundation` over
    /// `- DEC-001 through DEC-025 are complete`): release steps that order the work across
    /// phases.
    pub gates: Vec<Gate>,
    /// Each task's gate: the first gate that lists it.
    pub gate_of: Vec<Option<usize>>,
    /// The order of the phases the document states (`Phase 2 depends on Phase 1`, spec-kit's
    /// Phase and User Story Dependencies): each an earlier and a later phase.
    pub phase_edges: Vec<PhaseEdge>,
    /// The user stories each phase holds (`US1`, `US-AEO`), by phase index: from its title or
    /// from the labels most of its tasks carry.
    pub phase_stories: Vec<Vec<String>>,
    /// Whole phases a later phase waits for, as a task's dependency (`Depends on: Phase I
    /// Complete`) or a phase statement says: (waiting phase, phase, where).
    pub phase_references: Vec<(usize, usize, Range<usize>)>,
    /// Each phase's name key (the first word of its name, `setup`) where no other phase has
    /// the same, for the claim checks, which read it for every label: built on first use.
    pub(crate) unique_phase_keys: std::sync::OnceLock<Vec<Option<String>>>,
}

/// One phase after another, as the document states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseEdge {
    /// The earlier phase (index in [`Analysis::phases`]).
    pub from: usize,
    /// The later phase.
    pub to: usize,
    /// Where the document says so.
    pub range: Range<usize>,
    /// How it says so.
    pub source: OrderSource,
}

impl Shift for Analysis {
    /// Every range of the resolved data; the model holds none (it places items by their
    /// segment).
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        for task in &mut self.tasks {
            task.for_each_range(visit);
        }
        for phase in &mut self.phases {
            phase.for_each_range(visit);
        }
        for dependency in self.dependencies.iter_mut().flatten() {
            visit(&mut dependency.range);
        }
        for unresolved in &mut self.unresolved {
            visit(&mut unresolved.range);
        }
        for reference in &mut self.references {
            visit(&mut reference.range);
        }
        for value in &mut self.summary {
            visit(&mut value.range);
        }
        for path in &mut self.declared_paths {
            visit(&mut path.line);
            for (_, range, _) in &mut path.steps {
                visit(range);
            }
        }
        for claim in &mut self.parallel_claims {
            visit(&mut claim.line);
            for (_, range) in &mut claim.tasks {
                visit(range);
            }
        }
        for entry in &mut self.status_entries {
            visit(&mut entry.range);
        }
        self.declared_waves.for_each_range(visit);
        for gate in &mut self.gates {
            visit(&mut gate.line);
        }
        for edge in &mut self.phase_edges {
            visit(&mut edge.range);
        }
        for (_, _, range) in &mut self.phase_references {
            visit(range);
        }
    }
}

impl Analysis {
    /// The order of phases that the plan's phase edge from phase `from` to phase `to` stands
    /// for, as the document states it.
    pub fn phase_edge(&self, from: usize, to: usize) -> Option<&PhaseEdge> {
        self.phase_edges.iter().find(|edge| edge.from == from && edge.to == to)
    }
}

/// How a document states an order of phases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderSource {
    /// A statement or a bullet of a dependencies section (`Phase 2 depends on Phase 1`,
    /// `**Foundational (Phase 2)**: Depends on Setup completion`).
    Statement,
    /// A phase's own field (`**Prerequisites**: Phase 1 complete`).
    Field,
    /// The order of two user stories, carried to the phases that hold them.
    Story,
    /// A drawing: an arrow line or a flowchart.
    Diagram,
    /// A convention of the document's format (spec-kit's Polish phase after every story).
    Convention,
}

impl OrderSource {
    /// How the document says so, for hovers and lenses: `a dependency statement`.
    pub fn describe(self) -> &'static str {
        match self {
            OrderSource::Statement => "a dependency statement",
            OrderSource::Field => "the phase's field",
            OrderSource::Story => "the order of the user stories",
            OrderSource::Diagram => "a diagram",
            OrderSource::Convention => "spec-kit's convention: the closing phase after every story",
        }
    }

    /// A short lowercase name for output formats and messages.
    pub fn name(self) -> &'static str {
        match self {
            OrderSource::Statement => "statement",
            OrderSource::Field => "field",
            OrderSource::Story => "story",
            OrderSource::Diagram => "diagram",
            OrderSource::Convention => "convention",
        }
    }
}

/// A milestone gate: a heading that names a milestone, and the tasks its lines list.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    /// The heading's line.
    pub line: Range<usize>,
    /// The milestone's name as written (`M0 — Engineering Foundation`).
    pub name: String,
    /// The tasks it lists, in order.
    pub tasks: Vec<usize>,
}

/// One resolved dependency edge of a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The task depended on.
    pub target: usize,
    /// The dependency item's range (`Task 1.2`, `Task 2.x`, `All previous phases`).
    pub range: Range<usize>,
    /// True when the item names the task by its identifier, false for a group form.
    pub direct: bool,
    /// The rule that made the edge when no text states it (Kiro's implicit order).
    pub rule: Option<&'static str>,
    /// For alternatives (`OPS-005 or OPS-006`), the index in the task's dependency list of the
    /// first alternative: the task waits for one of them, not for all.
    pub alternative_of: Option<u32>,
    /// True when a condition qualifies the dependency (`ADV-009 if enabled`).
    pub conditional: bool,
}

/// The rule that makes each Kiro task depend on the one before it, when configured.
pub const KIRO_ORDER_RULE: &str = "Kiro order: each task waits for the one before it";

/// The rule that orders a spec-kit phase's tasks as listed, when configured: a task without
/// `[P]` waits for the tasks before it back to the previous one without `[P]`, and a `[P]`
/// task for that previous one.
pub const SPEC_KIT_ORDER_RULE: &str = "spec-kit order: tasks without [P] run in the order of the list";

/// Dependency text that resolves to no task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    /// The task whose field holds the text.
    pub task: usize,
    /// The text's range.
    pub range: Range<usize>,
    /// The identifier that no task has, or None for a phrase that names no task.
    pub id: Option<String>,
    /// What kind of text it is.
    pub kind: UnresolvedKind,
}

/// What dependency text that resolves to no task is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnresolvedKind {
    /// A task ID that no task has: the document is inconsistent.
    UnknownId,
    /// A group form (`All entity hooks tasks`, `Task 4.x`) that matches no task.
    Group,
    /// A phase this document does not have, but that comes before its own phases (`Phase 2`
    /// in a document about Phase 4): a reference to work outside the document.
    OutsidePhase,
    /// A phase this document does not have, among or after its own phases.
    MissingPhase,
    /// Plain words (`Reporte de pruebas críticas`, `backend ready`): a prerequisite outside
    /// the document, unless the words name a task by its title.
    Phrase,
}

/// A reference to a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The task referred to.
    pub target: usize,
    /// The identifier's range.
    pub range: Range<usize>,
    /// What kind of reference it is.
    pub kind: ReferenceKind,
    /// True when the text names a task for certain: a dependency, a restatement, or a mention
    /// that a task word introduces (`Task 2.1`, `Tasks 2.1, 2.2`); false for a bare mention
    /// (`2.1`, `T005`), which may be a number of something else.
    pub explicit: bool,
}

/// What kind of reference a [`Reference`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceKind {
    /// An identifier in a dependency field.
    Dependency,
    /// A mention in text, with where it was found.
    Mention(MentionContext),
}

/// A metric of the summary table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SummaryMetric {
    /// Total Tasks.
    TotalTasks,
    /// Parallelizable Tasks.
    ParallelizableTasks,
    /// Critical Path Tasks.
    CriticalPathTasks,
    /// Dependencies.
    Dependencies,
}

/// One value of the summary table.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryValue {
    /// Which metric.
    pub metric: SummaryMetric,
    /// The value cell's range.
    pub range: Range<usize>,
    /// The first number in the cell, when there is one.
    pub number: Option<u64>,
}

/// A critical path as the document declares it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredPath {
    /// The line holding the path.
    pub line: Range<usize>,
    /// Each identifier in order, with its range and the task it names.
    pub steps: Vec<(String, Range<usize>, Option<usize>)>,
    /// True when words that are not IDs open or close the chain (`All Tasks → Task 6.1`).
    pub partial: bool,
    /// The phase whose section holds the path, when it is not a document-level one.
    pub phase: Option<usize>,
}

/// A claim that tasks can run in parallel.
#[derive(Clone, Debug, PartialEq)]
pub struct ParallelClaim {
    /// The line holding the claim.
    pub line: Range<usize>,
    /// The tasks named, with the range of each identifier.
    pub tasks: Vec<(usize, Range<usize>)>,
}

/// An entry of the status tracking list.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusEntry {
    /// The task.
    pub task: usize,
    /// The identifier's range.
    pub range: Range<usize>,
    /// True when the box is ticked.
    pub done: bool,
}

/// The words of a status value that mean done, lower-cased.
const DONE_WORDS: &[&str] = &[
    "done",
    "complete",
    "completed",
    "finished",
    "closed",
    "resolved",
    "✅",
    "[x]",
    "hecho",
    "completado",
    "completada",
    "terminado",
    "terminé",
    "terminée",
    "fait",
    "erledigt",
    "abgeschlossen",
    "fertig",
    "完了",
    "完成",
    "已完成",
    "완료",
];

/// A task and the range of the identifier that names it.
type TaskAt = (usize, Range<usize>);

/// Tells whether a status value means done.
pub fn status_means_done(value: &str) -> bool {
    let lower = value.to_lowercase();
    let lower = lower.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_' || c == '`');
    if lower.starts_with("not ")
        || lower.starts_with("in progress")
        || lower.contains("not done")
        || lower.contains("incomplete")
    {
        return false;
    }
    DONE_WORDS
        .iter()
        .any(|word| lower.starts_with(word) || lower.contains(&format!(" {word}")))
        || lower.starts_with('✅')
}

impl Analysis {
    /// Resolves a model's tasks, their dependencies, mentions and claims; the order of phases
    /// and what is done come after, in [`crate::resolve`].
    pub(crate) fn resolve_tasks(model: Model) -> Analysis {
        let tasks: Vec<TaskInfo> = (0..model.tasks.len()).map(|i| model.task_info(i)).collect();
        let phases: Vec<PhaseInfo> = (0..model.phases.len()).map(|i| model.phase_info(i)).collect();
        let mut by_id = HashMap::with_capacity_and_hasher(tasks.len(), foldhash::fast::RandomState::default());
        for task in &tasks {
            by_id
                .entry(task.id.clone())
                .and_modify(|indices: &mut TaskIndices| indices.more.push(task.index))
                .or_insert(TaskIndices {
                    first: task.index,
                    more: Vec::new(),
                });
        }
        let mut analysis = Analysis {
            model,
            tasks,
            phases,
            by_id,
            dependencies: Vec::new(),
            unresolved: Vec::new(),
            references: Vec::new(),
            done: Vec::new(),
            summary: Vec::new(),
            declared_paths: Vec::new(),
            parallel_claims: Vec::new(),
            status_entries: Vec::new(),
            declared_waves: None,
            restated: Vec::new(),
            keys: Vec::new(),
            gates: Vec::new(),
            gate_of: Vec::new(),
            phase_edges: Vec::new(),
            phase_stories: Vec::new(),
            phase_references: Vec::new(),
            unique_phase_keys: std::sync::OnceLock::new(),
        };
        analysis.keys = analysis.make_keys();
        analysis.resolve_dependencies();
        analysis.resolve_mentions();
        analysis.resolve_restatements();
        analysis.read_document_claims();
        analysis.read_gates();
        analysis
    }

    /// The document's dialect: `heading` (the template's), `spec-kit`, `kiro`, or `mixed` when
    /// its tasks follow more than one.
    pub fn dialect(&self) -> &'static str {
        use crate::model::Dialect;
        let mut seen: Vec<Dialect> = Vec::new();
        for task in &self.tasks {
            if !seen.contains(&task.dialect) {
                seen.push(task.dialect);
            }
        }
        match seen.as_slice() {
            [] | [Dialect::Heading] => "heading",
            [Dialect::SpecKit] => "spec-kit",
            [Dialect::Kiro] => "kiro",
            _ => "mixed",
        }
    }

    /// The first task with an identifier.
    pub fn task_by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|indices| indices.first)
    }

    /// The task an identifier names when written in `from`'s section: where IDs restart in
    /// each phase, the task of `from`'s own phase first; otherwise the first task with it.
    pub fn task_by_id_from(&self, id: &str, from: Option<usize>) -> Option<usize> {
        let indices = self.by_id.get(id)?;
        if self.model.scoped
            && let Some(scope) = from.and_then(|t| self.tasks[t].scope)
            && let Some(own) = indices.iter().find(|&t| self.tasks[t].scope == Some(scope))
        {
            return Some(own);
        }
        Some(indices.first)
    }

    /// A task's key: its ID, made unique where IDs are shared.
    pub fn key(&self, task: usize) -> &str {
        &self.keys[task]
    }

    /// The task's name for messages: `Task 1.2`, or `Phase 2 › Task 1` where IDs restart in
    /// each phase.
    pub fn display_name(&self, task: usize) -> String {
        let info = &self.tasks[task];
        match info.scope {
            Some(phase) => format!("Phase {} › Task {}", self.phases[phase].id, info.id),
            None => format!("Task {}", info.id),
        }
    }

    fn make_keys(&self) -> Vec<String> {
        let mut seen: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
        self.tasks
            .iter()
            .map(|task| match task.scope {
                Some(phase) => format!("P{}-{}", self.phases[phase].id, task.id),
                None => {
                    let count = seen.entry(&task.id).or_insert(0);
                    *count += 1;
                    if *count == 1 {
                        task.id.clone()
                    } else {
                        format!("{}#{}", task.id, count)
                    }
                }
            })
            .collect()
    }

    /// Resolves what each restatement names, and takes its checkbox as a status of the task.
    fn resolve_restatements(&mut self) {
        let mut restated = Vec::with_capacity(self.model.restatements.len());
        let mut references = Vec::new();
        for restatement in &self.model.restatements {
            let (base, item) = self.model.item(restatement.pos);
            let id_range = match item {
                Item::ListTask(task) => task.heading.id.clone(),
                Item::Heading(crate::items::Heading {
                    kind: crate::items::HeadingKind::Task(task),
                    ..
                }) => task.id.clone(),
                _ => 0..0,
            };
            let range = id_range.start + base..id_range.end + base;
            let from = self.model.task_containing(range.start);
            let target = self.task_by_id_from(&restatement.id, from);
            if let Some(target) = target {
                references.push(Reference {
                    target,
                    range: range.clone(),
                    kind: ReferenceKind::Mention(MentionContext::Restatement),
                    explicit: true,
                });
                if let Some(done) = restatement.checked {
                    self.status_entries.push(StatusEntry {
                        task: target,
                        range,
                        done,
                    });
                }
            }
            restated.push(target);
        }
        self.restated = restated;
        self.references.extend(references);
        self.references.sort_by_key(|reference| reference.range.start);
    }

    /// The identifiers of a task's dependencies, in order.
    pub fn dependency_ids(&self, task: usize) -> Vec<String> {
        self.dependencies[task]
            .iter()
            .map(|dep| self.tasks[dep.target].id.clone())
            .collect()
    }

    fn resolve_dependencies(&mut self) {
        let mut all = Vec::with_capacity(self.tasks.len());
        // The task's dependency lists with the offsets their ranges are relative to, reused
        // from task to task; the lists are shared, not copied.
        let mut lists: Vec<(usize, std::sync::Arc<crate::lex::depends::DependencyList>, bool)> = Vec::new();
        let groups = Groups::new(&self.tasks, &self.by_id);
        let mut seen = vec![false; self.tasks.len()];
        for index in 0..self.tasks.len() {
            let mut deps: Vec<Dependency> = Vec::new();
            lists.clear();
            lists.extend(
                self.tasks[index]
                    .dependency_fields()
                    .filter_map(|field| Some((field.value.start, field.dependencies.clone()?, field.from_prose))),
            );
            for (offset, list, from_prose) in &lists {
                let reported = self.unresolved.len();
                for item in &list.items {
                    self.resolve_item(index, item, *offset, &groups, &mut deps);
                }
                // Read from free text, an ID that names no task may not have been meant as one.
                if *from_prose {
                    self.unresolved.truncate(reported);
                }
            }
            dedupe(&mut deps, &mut seen);
            all.push(deps);
        }
        // Statements written outside the tasks (`T013 depends on T012`) add to their subject.
        let mut statements = Vec::new();
        for (base, segment) in self.model.document().segments() {
            for &index in &segment.items().statements {
                if let Item::DependencyStatement(statement) = &segment.items().items[index as usize] {
                    let mut statement = statement.clone();
                    crate::items::Shift::shift(&mut statement, base);
                    statements.push(statement);
                }
            }
        }
        for statement in statements {
            // A phase statement (`Phase 2 depends on Phase 1`) orders phases, not tasks: the
            // plan makes milestones of it.
            let subjects: Vec<usize> = if statement.subject_is_phase {
                let subject_phases: Vec<usize> = self
                    .phases
                    .iter()
                    .filter(|p| p.id.eq_ignore_ascii_case(&statement.subject_id))
                    .map(|p| p.index)
                    .collect();
                for &subject in &subject_phases {
                    for (item, phases) in self.phases_of_items(&statement.dependencies, subject) {
                        for phase in phases {
                            self.phase_references.push((subject, phase, item.range.clone()));
                        }
                    }
                }
                Vec::new()
            } else {
                let subject = self.task_by_id(&statement.subject_id);
                // The subject is a reference too, so that a rename reaches it.
                if let Some(target) = subject {
                    self.references.push(Reference {
                        target,
                        range: statement.subject.clone(),
                        kind: ReferenceKind::Dependency,
                        explicit: true,
                    });
                }
                subject.into_iter().collect()
            };
            for subject in subjects {
                let mut deps = std::mem::take(&mut all[subject]);
                for item in &statement.dependencies.items {
                    self.resolve_item(subject, item, 0, &groups, &mut deps);
                }
                dedupe(&mut deps, &mut seen);
                all[subject] = deps;
            }
        }
        // `**Blocks**: Task 3, 6` (or `Blocks Tasks 3, 6` in a note): the named tasks wait for
        // this one.
        for index in 0..self.tasks.len() {
            let blocks: Vec<(usize, std::sync::Arc<crate::lex::depends::DependencyList>, bool)> = self.tasks[index]
                .fields
                .iter()
                .filter(|field| field.kind == FieldKind::Blocks)
                .filter_map(|field| Some((field.value.start, field.dependencies.clone()?, field.from_prose)))
                .collect();
            for (offset, list, from_prose) in blocks {
                let reported = self.unresolved.len();
                let mut blocked = Vec::new();
                for item in &list.items {
                    self.resolve_item(index, item, offset, &groups, &mut blocked);
                }
                // Only IDs count here: a phrase in a blocks field states nothing checkable.
                self.unresolved
                    .truncate(if from_prose { reported } else { self.unresolved.len() });
                self.unresolved
                    .retain(|u| u.kind == UnresolvedKind::UnknownId || u.range.start < offset);
                for dependency in blocked {
                    if dependency.target == index || self.is_ancestor(dependency.target, index) {
                        continue;
                    }
                    let target = dependency.target;
                    if !all[target].iter().any(|d| d.target == index) {
                        all[target].push(Dependency {
                            target: index,
                            ..dependency
                        });
                    }
                }
            }
        }
        self.dependencies = all;
    }

    /// Adds the dependencies of one item to `deps`, repeats included (the caller drops them).
    fn resolve_item(
        &mut self,
        task: usize,
        item: &DepItem,
        offset: usize,
        groups: &Groups,
        deps: &mut Vec<Dependency>,
    ) {
        let at = |range: &Range<usize>| range.start + offset..range.end + offset;
        // Alternatives (`A or B`) share the index of the first one; a cancelled task is no
        // longer waited for.
        let alternative_of = if item.alternative
            && let Some(last) = deps.len().checked_sub(1)
        {
            // The first of the choice is one of it too.
            let first = deps[last].alternative_of.unwrap_or(last as u32);
            deps[last].alternative_of = Some(first);
            Some(first)
        } else {
            None
        };
        let push = |deps: &mut Vec<Dependency>, tasks: &[TaskInfo], target: usize, direct: bool| {
            if tasks[target].cancelled {
                return;
            }
            if groups.reachable(target) && (direct || target != task) {
                deps.push(Dependency {
                    target,
                    range: at(&item.range),
                    direct,
                    rule: None,
                    alternative_of,
                    conditional: item.conditional,
                });
            }
        };
        let unresolved = |this: &mut Analysis, kind: UnresolvedKind| {
            let id = match &item.kind {
                DepKind::Phase { phase } | DepKind::PhaseTasks { phase } => Some(phase.clone()),
                _ => None,
            };
            this.unresolved.push(Unresolved {
                task,
                range: at(&item.range),
                id,
                kind,
            })
        };
        match &item.kind {
            DepKind::Task(id) => {
                if let Some(target) = self.resolve_ref(task, id, offset) {
                    push(deps, &self.tasks, target, true);
                }
            }
            DepKind::Range { from, to } => {
                let ends = [self.resolve_ref(task, from, offset), self.resolve_ref(task, to, offset)];
                if let [Some(a), Some(b)] = ends {
                    let (low, high) = if a <= b { (a, b) } else { (b, a) };
                    // `Tasks 4-5` over sub-tasks names 4 and 5, which stand for theirs: a range
                    // whose ends are siblings takes the siblings between them.
                    let siblings = self.tasks[low].parent == self.tasks[high].parent;
                    for target in low..=high {
                        if !siblings || self.tasks[target].parent == self.tasks[low].parent {
                            push(deps, &self.tasks, target, true);
                        }
                    }
                }
            }
            DepKind::PhaseTasks { phase } | DepKind::Phase { phase } => {
                let targets = groups.of_phase(&self.tasks, &self.phases, phase);
                // A task that waits for a whole earlier phase orders its own phase after it.
                if let Some(own) = self.tasks[task].phase {
                    for other in self
                        .phases
                        .iter()
                        .filter(|p| p.id.eq_ignore_ascii_case(phase) && p.index < own)
                    {
                        self.phase_references.push((own, other.index, at(&item.range)));
                    }
                }
                if targets.is_empty() {
                    let kind = match &item.kind {
                        DepKind::Phase { phase } if self.phase_is_outside(phase) => UnresolvedKind::OutsidePhase,
                        DepKind::Phase { .. } => UnresolvedKind::MissingPhase,
                        _ => UnresolvedKind::Group,
                    };
                    unresolved(self, kind);
                }
                for &target in targets.iter() {
                    push(deps, &self.tasks, target, false);
                }
            }
            DepKind::AllPreviousPhases => {
                let targets = groups.previous_phases(self.tasks[task].phase, task);
                if let Some(own) = self.tasks[task].phase {
                    for other in 0..own {
                        self.phase_references.push((own, other, at(&item.range)));
                    }
                }
                if targets.is_empty() {
                    unresolved(self, UnresolvedKind::Group);
                }
                for target in targets {
                    push(deps, &self.tasks, target, false);
                }
            }
            DepKind::AllPreviousTasks => {
                // The previous tasks of the task's own level: a parent stands for its
                // sub-tasks, and a sub-task's previous tasks are its earlier siblings.
                let level = self.tasks[task].parent;
                for &target in groups.previous_tasks(task) {
                    if self.tasks[target].parent == level {
                        push(deps, &self.tasks, target, false);
                    }
                }
            }
            DepKind::AllOfType { type_name } => {
                let targets = groups.of_kind(&self.tasks, &self.phases, type_name);
                if targets.is_empty() {
                    unresolved(self, UnresolvedKind::Group);
                }
                for &target in targets.iter() {
                    push(deps, &self.tasks, target, false);
                }
            }
            DepKind::Unresolved => unresolved(self, UnresolvedKind::Phrase),
        }
    }

    /// The phases each item of a phase's dependency list names (`Phase 1 complete`, `All
    /// previous phases`, `Batch 1 complete`, or tasks, which stand for their phases), for a
    /// list that phase `own` states.
    pub(crate) fn phases_of_items<'l>(
        &self,
        list: &'l crate::lex::depends::DependencyList,
        own: usize,
    ) -> Vec<(&'l DepItem, Vec<usize>)> {
        let mut out = Vec::new();
        for item in &list.items {
            let mut phases: Vec<usize> = match &item.kind {
                DepKind::Phase { phase } | DepKind::PhaseTasks { phase } => self
                    .phases
                    .iter()
                    .filter(|p| p.id.eq_ignore_ascii_case(phase))
                    .map(|p| p.index)
                    .collect(),
                DepKind::AllPreviousPhases => (0..own).collect(),
                DepKind::Task(id) => self
                    .task_by_id(&id.id)
                    .and_then(|t| self.tasks[t].phase)
                    .into_iter()
                    .collect(),
                DepKind::Range { from, to } => match (self.task_by_id(&from.id), self.task_by_id(&to.id)) {
                    (Some(a), Some(b)) => (a.min(b)..=a.max(b)).filter_map(|t| self.tasks[t].phase).collect(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            phases.sort_unstable();
            phases.dedup();
            phases.retain(|&p| p != own);
            if !phases.is_empty() {
                out.push((item, phases));
            }
        }
        out
    }

    /// True when `ancestor` is a parent, or a parent's parent, of `task`.
    pub fn is_ancestor(&self, ancestor: usize, task: usize) -> bool {
        let mut at = self.tasks[task].parent;
        while let Some(parent) = at {
            if parent == ancestor {
                return true;
            }
            at = self.tasks[parent].parent;
        }
        false
    }

    /// True when a phase the document does not have comes before all of its own phases (a
    /// reference from a Phase 4 document to Phase 2), or the document has no phases.
    fn phase_is_outside(&self, phase: &str) -> bool {
        let Ok(number) = phase.parse::<u64>() else {
            return self.phases.is_empty();
        };
        let own: Vec<u64> = self.phases.iter().filter_map(|p| p.id.parse().ok()).collect();
        own.is_empty() || own.iter().all(|&n| number < n)
    }

    /// Resolves one identifier of a dependency list whose ranges are relative to `offset`.
    fn resolve_ref(&mut self, task: usize, id: &IdRef, offset: usize) -> Option<usize> {
        let range = id.range.start + offset..id.range.end + offset;
        match self.task_by_id_from(&id.id, Some(task)) {
            Some(target) => {
                self.references.push(Reference {
                    target,
                    range,
                    kind: ReferenceKind::Dependency,
                    explicit: true,
                });
                Some(target)
            }
            None => {
                self.unresolved.push(Unresolved {
                    task,
                    range,
                    id: Some(id.id.clone()),
                    kind: UnresolvedKind::UnknownId,
                });
                None
            }
        }
    }

    /// The tasks of the phase whose identifier is `phase`, or, when no phase has it, the tasks
    /// whose identifier starts with `phase.`.
    pub fn tasks_of_phase(&self, phase: &str) -> Vec<usize> {
        let phase_indices: Vec<usize> = self
            .phases
            .iter()
            .filter(|p| p.id.eq_ignore_ascii_case(phase))
            .map(|p| p.index)
            .collect();
        if !phase_indices.is_empty() {
            return (0..self.tasks.len())
                .filter(|&t| self.tasks[t].phase.is_some_and(|p| phase_indices.contains(&p)))
                .collect();
        }
        let prefix = format!("{phase}.");
        (0..self.tasks.len())
            .filter(|&t| self.tasks[t].id.starts_with(&prefix))
            .collect()
    }

    fn resolve_mentions(&mut self) {
        let mut found = Vec::new();
        for (base, segment) in self.model.document().segments() {
            for mention in &segment.items().mentions {
                let range = mention.id.start + base..mention.id.end + base;
                if let Some(target) = self.task_by_id(&mention.text) {
                    // A task's own heading is its declaration, not a reference.
                    if self.tasks[target].id_range != range {
                        found.push(Reference {
                            target,
                            range,
                            kind: ReferenceKind::Mention(mention.context),
                            explicit: mention.explicit,
                        });
                    }
                }
            }
        }
        self.references.extend(found);
        self.references.sort_by_key(|reference| reference.range.start);
    }

    fn read_document_claims(&mut self) {
        let rope = self.model.document().rope().clone();
        let mut section = String::new();
        let mut summary = Vec::new();
        let mut declared = Vec::new();
        let mut status = Vec::new();
        let mut declared_waves = None;
        for (base, item) in self.model.items_outside_tasks() {
            match item {
                Item::DeclaredWaves(declared) if declared_waves.is_none() => {
                    let mut declared = declared.clone();
                    crate::items::Shift::shift(&mut declared, base);
                    declared_waves = Some(declared);
                }
                Item::Heading(heading) => {
                    section = heading.text.to_lowercase();
                }
                Item::TableRow(row) if row.cells.len() >= 2 && !row.header => {
                    let label = text_of(&rope, row.cells[0].start + base..row.cells[0].end + base);
                    if let Some(metric) = summary_metric(&label) {
                        let range = row.cells[1].start + base..row.cells[1].end + base;
                        let number = first_number(&text_of(&rope, range.clone()));
                        summary.push(SummaryValue { metric, range, number });
                    }
                }
                Item::Arrows(arrows) => {
                    let is_critical = arrows.field == Some(FieldKind::CriticalPath)
                        || (!arrows.in_code && is_critical_path_section(&section));
                    if is_critical {
                        let line = arrows.line.start + base..arrows.line.end + base;
                        let steps = arrows
                            .ids
                            .iter()
                            .map(|(id, range)| {
                                let range = range.start + base..range.end + base;
                                (id.to_string(), range, self.task_by_id(id))
                            })
                            .collect();
                        declared.push(DeclaredPath {
                            phase: self.phase_at(line.start),
                            line,
                            steps,
                            partial: arrows.partial,
                        });
                    }
                }
                Item::Checkbox(checkbox) => {
                    if let Some((id, range)) = &checkbox.leading_id
                        && let Some(task) = self.task_by_id(id)
                    {
                        status.push(StatusEntry {
                            task,
                            range: range.start + base..range.end + base,
                            done: checkbox.checked,
                        });
                    }
                }
                _ => {}
            }
        }
        let parallel = self.read_parallel_claims(&rope);
        self.summary = summary;
        self.declared_paths = declared;
        self.parallel_claims = parallel;
        self.status_entries.extend(status);
        self.status_entries.sort_by_key(|entry| entry.range.start);
        self.declared_waves = declared_waves;
    }

    /// Milestone gates: a heading outside the tasks that names a milestone (`M1 — Core MVP`,
    /// `Milestone 2`, `Gate B`), whose lines list tasks by ID or range (`AUTH-001 through
    /// AUTH-029 are complete`). Each line that mentions a task is read as a dependency list,
    /// keeping only what names tasks.
    fn read_gates(&mut self) {
        let rope = self.model.document().rope().clone();
        // Every heading, with its offset, level and text.
        let mut headings: Vec<(usize, u8, Range<usize>, bool)> = Vec::new();
        for (base, segment) in self.model.document().segments() {
            for &index in &segment.items().structure {
                if let Item::Heading(heading) = &segment.items().items[index as usize] {
                    let gate = matches!(heading.kind, crate::items::HeadingKind::Other)
                        && is_gate_heading(&heading.text)
                        && self.model.task_containing(base + heading.line.start).is_none();
                    headings.push((
                        base + heading.line.start,
                        heading.level,
                        base + heading.line.start..base + heading.line.end,
                        gate,
                    ));
                }
            }
        }
        let mut gates = Vec::new();
        for (k, &(start, level, ref line, gate)) in headings.iter().enumerate() {
            if !gate {
                continue;
            }
            let end = headings[k + 1..]
                .iter()
                .find(|(_, l, _, _)| *l <= level)
                .map_or(rope.len_bytes(), |(offset, _, _, _)| *offset);
            let mut tasks: Vec<usize> = Vec::new();
            let first_line = rope.byte_to_line(line.end.min(rope.len_bytes()));
            let last_line = rope.byte_to_line(end.min(rope.len_bytes()));
            for number in first_line + 1..last_line.min(rope.len_lines()) {
                let text = rope.line(number).to_string();
                for (from, to) in crate::lex::mention::scan_id_ranges(&text) {
                    let Some(a) = self.task_by_id(&text[from]) else {
                        continue;
                    };
                    match to.and_then(|to| self.task_by_id(&text[to])) {
                        Some(b) => tasks.extend(a.min(b)..=a.max(b)),
                        None => tasks.push(a),
                    }
                }
            }
            if !tasks.is_empty() {
                let name = text_of(&rope, line.clone())
                    .trim_start_matches(['#', ' '])
                    .trim()
                    .to_string();
                gates.push(Gate {
                    line: line.clone(),
                    name,
                    tasks,
                });
            }
            let _ = start;
        }
        let mut gate_of = vec![None; self.tasks.len()];
        for (g, gate) in gates.iter().enumerate() {
            for &task in &gate.tasks {
                gate_of[task].get_or_insert(g);
            }
        }
        self.gates = gates;
        self.gate_of = gate_of;
    }

    /// Parallel claims. A line that says "parallel" (or "simultaneously") claims its tasks,
    /// plus the task whose section holds it ("This task can run in parallel with Tasks 2.2,
    /// 2.3"); under a "Parallel Group" heading or a bold "Group A" label, the tasks that open
    /// each list item form one claim together ("(needs: 1.1)" after a title is not a claim).
    fn read_parallel_claims(&self, rope: &ropey::Rope) -> Vec<ParallelClaim> {
        let mut parallel = Vec::new();
        let mut groups: Vec<(usize, ParallelClaim)> = Vec::new();
        for (base, segment) in self.model.document().segments() {
            let mut by_line: Vec<(usize, Vec<TaskAt>)> = Vec::new();
            for mention in &segment.items().mentions {
                let eligible = matches!(
                    mention.context,
                    MentionContext::Prose | MentionContext::Checkbox | MentionContext::Field(FieldKind::Parallel)
                );
                if !eligible {
                    continue;
                }
                let range = mention.id.start + base..mention.id.end + base;
                let Some(task) = self.task_by_id(&mention.text) else {
                    continue;
                };
                let line = rope.byte_to_line(range.start);
                match by_line.last_mut() {
                    Some((l, tasks)) if *l == line => tasks.push((task, range)),
                    _ => by_line.push((line, vec![(task, range)])),
                }
            }
            for (line, tasks) in by_line {
                let line_start = rope.line_to_byte(line);
                let line_range = line_start..line_start + rope.line(line).len_bytes();
                let line_text = text_of(rope, line_range.clone());
                let leading = leading_mentions(&line_text, line_start, &tasks);
                if says_parallel(&line_text) {
                    let mut claimed = if leading.len() >= 2 { leading } else { tasks };
                    if let Some(owner) = self.task_containing(line_start)
                        && !claimed.iter().any(|(t, _)| *t == owner)
                    {
                        claimed.insert(0, (owner, self.tasks[owner].id_range.clone()));
                    }
                    if claimed.len() >= 2 {
                        parallel.push(ParallelClaim {
                            line: line_range,
                            tasks: claimed,
                        });
                    }
                } else if !leading.is_empty()
                    && let Some(opener) = group_opener(rope, line)
                {
                    match groups.iter_mut().find(|(key, _)| *key == opener) {
                        Some((_, claim)) => claim.tasks.extend(leading),
                        None => groups.push((
                            opener,
                            ParallelClaim {
                                line: line_range,
                                tasks: leading,
                            },
                        )),
                    }
                }
            }
        }
        parallel.extend(
            groups
                .into_iter()
                .map(|(_, claim)| claim)
                .filter(|claim| claim.tasks.len() >= 2),
        );
        parallel.sort_by_key(|claim| claim.line.start);
        parallel
    }

    /// The phase whose section holds an offset.
    pub fn phase_at(&self, offset: usize) -> Option<usize> {
        let model = &self.model;
        let index = model
            .phases
            .partition_point(|phase| model.offset_of(phase.pos) <= offset);
        let candidate = index.checked_sub(1)?;
        (offset < model.offset_of(model.phases[candidate].end)).then_some(candidate)
    }

    /// Where each phase's section starts and ends, in phase order: [`Analysis::phase_at`] of
    /// an offset is the last phase starting at or before it, if the offset is before its end.
    pub(crate) fn phase_spans(&self) -> Vec<Range<usize>> {
        let model = &self.model;
        model
            .phases
            .iter()
            .map(|phase| model.offset_of(phase.pos)..model.offset_of(phase.end))
            .collect()
    }

    /// The innermost task whose section contains an offset.
    pub fn task_containing(&self, offset: usize) -> Option<usize> {
        let index = self.tasks.partition_point(|task| task.line.start <= offset);
        let mut candidate = index.checked_sub(1);
        while let Some(task) = candidate {
            if self.tasks[task].section.contains(&offset) {
                return Some(task);
            }
            candidate = self.tasks[task].parent;
        }
        None
    }

    pub(crate) fn compute_done(&self, index: usize) -> bool {
        let task = &self.tasks[index];
        if task.heading.done || task.checked == Some(true) {
            return true;
        }
        if let Some(status) = task.field(FieldKind::Status) {
            return status_means_done(&status.text);
        }
        if let Some(entry) = self.status_entries.iter().rev().find(|entry| entry.task == index) {
            return entry.done;
        }
        let (checked, total) = task.criteria_counts();
        total > 0 && checked == total
    }
}

/// Words that open the heading of a milestone gate, lower-cased.
const GATE_WORDS: &[&str] = &[
    "milestone",
    "gate",
    "release gate",
    "meilenstein",
    "hito",
    "jalon",
    "marco",
    "マイルストーン",
    "里程碑",
    "마일스톤",
];

/// True for a heading that names one milestone gate: `M0 — Engineering Foundation`,
/// `Milestone 2: Beta`, `Gate B`; a heading about milestones in general
/// (`Milestone Completion Gates`) names none.
fn is_gate_heading(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace());
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    if bytes.first() == Some(&b'm') && bytes.get(1).is_some_and(u8::is_ascii_digit) {
        let after = lower[1..].trim_start_matches(|c: char| c.is_ascii_digit());
        return after.is_empty() || after.starts_with([' ', ':', '—', '–', '-', '(']);
    }
    GATE_WORDS.iter().any(|word| {
        lower.strip_prefix(word).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.chars().next().is_some_and(|c| c.is_alphanumeric())
                && rest.split_whitespace().next().is_some_and(|w| w.chars().count() <= 3)
        })
    })
}

/// True when a line says that tasks run in parallel.
fn says_parallel(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "parallel",
        "simultaneous",
        "concurrently",
        "paralel",
        "parallèle",
        "并行",
        "並行",
        "同時",
        "병렬",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// The mentions that open a line: those preceded only by list markers, task words and
/// separators (`- Task 1.2 and Task 1.3 can…` → 1.2, 1.3; `- Task 1.2: Title (needs: 1.1)` → 1.2).
fn leading_mentions(line: &str, line_start: usize, tasks: &[TaskAt]) -> Vec<TaskAt> {
    let mut out = Vec::new();
    let mut previous_end = 0;
    for (task, range) in tasks {
        let start = range.start.saturating_sub(line_start).min(line.len());
        let between = line.get(previous_end..start).unwrap_or("");
        let only_glue = between
            .split(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '&' | '#' | '-' | '*' | '~' | '[' | ']' | '、' | '，')
            })
            .all(|word| {
                let word = word.to_lowercase();
                word.is_empty()
                    || matches!(word.as_str(), "and" | "y" | "et" | "und" | "x")
                    || crate::lex::mention::TASK_WORDS.contains(&word.as_str())
            });
        if !only_glue {
            break;
        }
        out.push((*task, range.clone()));
        previous_end = range.end.saturating_sub(line_start).min(line.len());
    }
    out
}

/// The line that opens the parallel group a list line belongs to: a heading or a bold label
/// that names a parallel group, found by walking back over the list.
fn group_opener(rope: &ropey::Rope, line: usize) -> Option<usize> {
    let GroupWalk::StopsAt(previous) = group_walk(rope, line) else {
        return None;
    };
    let text = rope.line(previous).to_string();
    let trimmed = text.trim_start();
    let lower = trimmed.to_lowercase();
    let names_group = [
        "parallel", "group", "grupo", "groupe", "gruppe", "wave", "welle", "oleada", "vague", "并行", "並行",
    ]
    .iter()
    .any(|word| lower.contains(word));
    ((trimmed.starts_with('#') || trimmed.starts_with("**")) && names_group).then_some(previous)
}

fn summary_metric(label: &str) -> Option<SummaryMetric> {
    let label = label
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .to_lowercase();
    match label.as_str() {
        "total tasks" => Some(SummaryMetric::TotalTasks),
        "parallelizable tasks" | "parallelisable tasks" | "parallel tasks" => Some(SummaryMetric::ParallelizableTasks),
        "critical path tasks" => Some(SummaryMetric::CriticalPathTasks),
        "dependencies" => Some(SummaryMetric::Dependencies),
        _ => None,
    }
}

fn first_number(text: &str) -> Option<u64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// True when a section heading, lower-cased, names the critical path.
pub(crate) fn is_critical_path_section(section: &str) -> bool {
    [
        "critical path",
        "ruta crítica",
        "chemin critique",
        "kritischer pfad",
        "クリティカルパス",
        "关键路径",
    ]
    .iter()
    .any(|word| section.contains(word))
}

/// Drops the dependencies on a target met before, keeping each target's first (`seen`, one
/// flag per task, is all false before and after).
fn dedupe(deps: &mut Vec<Dependency>, seen: &mut [bool]) {
    deps.retain(|dep| !std::mem::replace(&mut seen[dep.target], true));
    for dep in deps.iter() {
        seen[dep.target] = false;
    }
    deps.shrink_to_fit();
}
