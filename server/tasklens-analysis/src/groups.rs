//! The tasks a group form of a dependency names (`Task 2.x`, `Phase 2 complete`, `All previous
//! phases`, `All implementation tasks`), computed once per document rather than by a walk over
//! every task for every dependency, which made a document of many phases quadratic.
//!
//! A group reaches the tasks that references to their IDs reach: a task whose ID an earlier
//! task already has (a duplicate, reported as such) is left out, as `Task 3.2` names the first
//! task with that ID only. Without that rule a document pasted into itself ten times would
//! have a hundred times the edges.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::lex::fields::FieldKind;
use crate::model::{PhaseInfo, TaskInfo};

/// The tasks that share one identifier, in document order: the first, which references go
/// to, and any duplicates (kept without allocating in the usual case of none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskIndices {
    /// The first task with the identifier.
    pub first: usize,
    /// Later tasks with the same identifier.
    pub more: Vec<usize>,
}

impl TaskIndices {
    /// How many tasks have the identifier.
    pub fn len(&self) -> usize {
        1 + self.more.len()
    }

    /// Always false: an identifier is indexed once a task has it.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The tasks in document order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.first).chain(self.more.iter().copied())
    }
}

/// The group forms' targets, with a cache for the forms that name a phase or a type. The
/// methods take the tasks and phases it was built from.
pub(crate) struct Groups {
    /// True for a task that references to its ID reach (the first with it).
    reachable: Vec<bool>,
    /// The reachable tasks, in document order.
    in_order: Vec<usize>,
    /// The reachable tasks that sit in a phase, by phase index, then in document order.
    by_phase: Vec<(usize, usize)>,
    of_phase: RefCell<HashMap<String, Rc<[usize]>>>,
    of_kind: RefCell<HashMap<String, Rc<[usize]>>>,
}

impl Groups {
    /// Indexes the tasks of a document.
    pub(crate) fn new(tasks: &[TaskInfo], by_id: &HashMap<String, TaskIndices, foldhash::fast::RandomState>) -> Groups {
        // Where IDs restart in each phase, the first task with an ID in each phase is reachable.
        let reachable: Vec<bool> = tasks
            .iter()
            .map(|task| {
                by_id
                    .get(&task.id)
                    .is_none_or(|indices| indices.iter().find(|&t| tasks[t].scope == task.scope) == Some(task.index))
            })
            .collect();
        let in_order: Vec<usize> = (0..tasks.len()).filter(|&t| reachable[t]).collect();
        let mut by_phase: Vec<(usize, usize)> = in_order
            .iter()
            .filter_map(|&t| tasks[t].phase.map(|phase| (phase, t)))
            .collect();
        by_phase.sort_unstable();
        Groups {
            reachable,
            in_order,
            by_phase,
            of_phase: RefCell::new(HashMap::new()),
            of_kind: RefCell::new(HashMap::new()),
        }
    }

    /// True for a task that a group may name.
    pub(crate) fn reachable(&self, task: usize) -> bool {
        self.reachable.get(task).copied().unwrap_or(false)
    }

    /// The tasks of the phases whose identifier is `phase`, or, when no phase has it, the
    /// tasks whose identifier starts with `phase.`, in document order.
    pub(crate) fn of_phase(&self, tasks: &[TaskInfo], phases: &[PhaseInfo], phase: &str) -> Rc<[usize]> {
        if let Some(found) = self.of_phase.borrow().get(phase) {
            return found.clone();
        }
        let phase_indices: Vec<usize> = phases
            .iter()
            .filter(|p| p.id.eq_ignore_ascii_case(phase))
            .map(|p| p.index)
            .collect();
        let found: Rc<[usize]> = if phase_indices.is_empty() {
            let prefix = format!("{phase}.");
            self.in_order
                .iter()
                .copied()
                .filter(|&t| tasks[t].id.starts_with(&prefix))
                .collect()
        } else {
            let mut found: Vec<usize> = phase_indices
                .iter()
                .flat_map(|&phase| self.in_phase(phase))
                .map(|&(_, t)| t)
                .collect();
            found.sort_unstable();
            found.into()
        };
        self.of_phase.borrow_mut().insert(phase.to_string(), found.clone());
        found
    }

    /// The tasks in phases before `phase` (by position), or, for a task outside any phase,
    /// the tasks before `task`, in document order.
    pub(crate) fn previous_phases(&self, phase: Option<usize>, task: usize) -> Vec<usize> {
        match phase {
            Some(phase) => {
                let end = self.by_phase.partition_point(|&(p, _)| p < phase);
                let mut found: Vec<usize> = self.by_phase[..end].iter().map(|&(_, t)| t).collect();
                found.sort_unstable();
                found
            }
            None => self.previous_tasks(task).to_vec(),
        }
    }

    /// The tasks before `task`, in document order.
    pub(crate) fn previous_tasks(&self, task: usize) -> &[usize] {
        &self.in_order[..self.in_order.partition_point(|&t| t < task)]
    }

    /// The tasks a group word names (`All implementation tasks`, `Alle Core-Tasks`,
    /// `全テスト完了`): the tasks whose type has the word, or else the tasks of the phases whose
    /// title has it, or else the tasks whose title has it; in document order. A plural is
    /// matched by its stem too (`tests` names `Testing`).
    pub(crate) fn of_kind(&self, tasks: &[TaskInfo], phases: &[PhaseInfo], word: &str) -> Rc<[usize]> {
        let wanted = word.to_lowercase();
        if let Some(found) = self.of_kind.borrow().get(&wanted) {
            return found.clone();
        }
        let names = group_word(&wanted);
        let by_type: Vec<usize> = self
            .in_order
            .iter()
            .copied()
            .filter(|&t| tasks[t].field(FieldKind::Type).is_some_and(|field| names(&field.text)))
            .collect();
        let found: Rc<[usize]> = if !by_type.is_empty() {
            by_type.into()
        } else {
            let named_phases: Vec<usize> = phases.iter().filter(|p| names(&p.title)).map(|p| p.index).collect();
            let by_phase: Vec<usize> = self
                .in_order
                .iter()
                .copied()
                .filter(|&t| tasks[t].phase.is_some_and(|p| named_phases.contains(&p)))
                .collect();
            if !by_phase.is_empty() {
                by_phase.into()
            } else {
                self.in_order
                    .iter()
                    .copied()
                    .filter(|&t| names(&tasks[t].title))
                    .collect()
            }
        };
        drop(names);
        self.of_kind.borrow_mut().insert(wanted, found.clone());
        found
    }

    /// The reachable tasks of one phase, in document order.
    fn in_phase(&self, phase: usize) -> &[(usize, usize)] {
        let start = self.by_phase.partition_point(|&(p, _)| p < phase);
        let end = self.by_phase.partition_point(|&(p, _)| p <= phase);
        &self.by_phase[start..end]
    }
}

/// A matcher for texts that hold a group word (lowercase): the word or, for a plural, its
/// stem (`tests` matches `Testing`).
pub(crate) fn group_word(wanted: &str) -> impl Fn(&str) -> bool + '_ {
    let stem = wanted
        .strip_suffix("es")
        .filter(|s| s.chars().count() >= 3)
        .unwrap_or(wanted);
    let stem = stem
        .strip_suffix('s')
        .filter(|s| s.chars().count() >= 3)
        .unwrap_or(stem);
    move |text: &str| {
        let lower = text.to_lowercase();
        lower.contains(wanted) || lower.contains(stem)
    }
}

/// True when resolving the group word needs task titles: no task's type and no phase's
/// title names it. Tasks and phases are given by their type texts and titles.
pub(crate) fn group_reads_titles<'a>(
    word: &str,
    types: impl IntoIterator<Item = &'a str>,
    mut phase_titles: impl Iterator<Item = &'a str>,
) -> bool {
    let wanted = word.to_lowercase();
    let names = group_word(&wanted);
    !types.into_iter().any(&names) && !phase_titles.any(&names)
}
