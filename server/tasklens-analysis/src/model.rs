//! The task model of a document: phases and tasks, linked from the segments' items.
//!
//! Building a [`Model`] visits only the structural items (headings and list-item tasks) of
//! each segment, so its cost follows the number of headings, not the length of the text. The
//! details of a task (fields, estimate, dependencies, criteria) are read from its items on
//! demand with [`Model::task_info`], in absolute byte offsets.

use std::ops::Range;
use std::sync::Arc;

use crate::document::Document;
use crate::items::{Checkbox, Field, Heading, HeadingKind, Item, ListTask, SegmentItems, Shift};
use crate::lex::depends::DependencyList;
use crate::lex::estimate::EstimateValue;
use crate::lex::fields::FieldKind;
use crate::lex::heading::TaskHeading;
use crate::segments::OutlineKind;

/// The position of an item: its segment and its index in that segment's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemPos {
    /// The segment's index.
    pub segment: u32,
    /// The item's index within the segment.
    pub item: u32,
}

/// A phase: where its heading is and where its section ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    /// The heading.
    pub pos: ItemPos,
    /// The first item after the phase's section.
    pub end: ItemPos,
    /// The heading level.
    pub level: u8,
    /// Where the phase's first task is declared, if it has one.
    pub first_task: Option<ItemPos>,
    /// True when the phase word orders the work (`Phase`, `Sprint`), false for areas worked on
    /// side by side (`Track`, `Category`).
    pub ordered: bool,
    /// True for a numbered section (`### 1. Setup`) taken for a phase because its tasks'
    /// IDs start with its number (`1.1`, `1.2`).
    pub numbered: bool,
}

/// A task: where it is declared and where its section ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// The heading or list item that declares the task.
    pub pos: ItemPos,
    /// The first item after the task's section, its sub-tasks included.
    pub end: ItemPos,
    /// The phase the task sits in.
    pub phase: Option<u32>,
    /// How the task is written.
    pub shape: TaskShape,
    /// The task this one is a sub-task of: the heading or list item it is nested under, or the
    /// task whose ID its own extends (`2.1` under `2`).
    pub parent: Option<u32>,
    /// How many sub-tasks the task has.
    pub children: u32,
    /// A checklist line right under the task's heading that restates it (`### Task 1.1: X`
    /// then `- [x] 1.1. X`): one task, whose status is the checkbox's.
    pub alt: Option<ItemPos>,
    /// The phase that scopes the task's ID, in documents whose IDs restart in each phase.
    pub scope: Option<u32>,
}

/// How a task is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskShape {
    /// A heading of this level.
    Heading(u8),
    /// A list item whose marker is at this column.
    ListItem(usize),
}

/// A line shaped like a task that names a task defined elsewhere: a summary bullet, a
/// change-log entry, a status-list item, or the same checklist line written again.
#[derive(Clone, Debug, PartialEq)]
pub struct Restatement {
    /// The restating item.
    pub pos: ItemPos,
    /// The ID it names.
    pub id: Box<str>,
    /// Its checkbox, when it has one: a status for the task it names.
    pub checked: Option<bool>,
    /// True when it repeats a definition word for word (the same checklist line written twice),
    /// rather than summing up a task whose content is elsewhere.
    pub repeat: bool,
}

/// The linked model of one document snapshot.
#[derive(Clone, Debug)]
pub struct Model {
    document: Document,
    /// The phases in document order.
    pub phases: Vec<Phase>,
    /// The tasks in document order.
    pub tasks: Vec<Task>,
    /// Lines shaped like tasks that restate tasks defined elsewhere, in document order.
    pub restatements: Vec<Restatement>,
    /// True when task IDs restart in each phase (`Task 1`, `Task 2` under Phase 1, `Task 1`
    /// again under Phase 2), so that each task's ID is scoped by its phase.
    pub scoped: bool,
}

/// A field of a task or phase, in absolute offsets.
pub type AbsField = Field;

/// Everything the model knows about one task, in absolute byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskInfo {
    /// The task's index in [`Model::tasks`].
    pub index: usize,
    /// The identifier as written (`1.2`, `TASK-002`).
    pub id: String,
    /// The identifier's range in the heading.
    pub id_range: Range<usize>,
    /// The title, without decorations.
    pub title: String,
    /// The title's range.
    pub title_range: Range<usize>,
    /// The declaring line (heading or list item).
    pub line: Range<usize>,
    /// The whole section: from the declaring line to the start of the next section.
    pub section: Range<usize>,
    /// The phase's index in [`Model::phases`].
    pub phase: Option<usize>,
    /// The parsed heading parts.
    pub heading: TaskHeading,
    /// Every field in the section, in order.
    pub fields: Vec<Field>,
    /// How many checkboxes count as acceptance criteria, and how many of them are checked.
    criteria: CheckboxCount,
    /// True when a list-item task's own checkbox is ticked.
    pub checked: Option<bool>,
    /// The index in `fields` of the estimate field, found once.
    estimate_index: Option<u32>,
    /// The convention the task is written in.
    pub dialect: Dialect,
    /// True when the task claims it can run in parallel (`[P]`, `(P)`).
    pub parallel: bool,
    /// The task this one is a sub-task of, as an index in [`Model::tasks`].
    pub parent: Option<usize>,
    /// How many sub-tasks the task has.
    pub children: usize,
    /// True for Kiro's optional tasks (`- [ ]* 2.3 Title`).
    pub optional: bool,
    /// True when the task is struck through (`~~T051~~`): cancelled, neither counted nor
    /// scheduled.
    pub cancelled: bool,
    /// The checklist line right under the task's heading that restates it, when there is one.
    pub alt_line: Option<Range<usize>>,
    /// The phase (index in [`Model::phases`]) that scopes the task's ID, in documents whose IDs
    /// restart in each phase.
    pub scope: Option<usize>,
    /// The user story label of a spec-kit task (`US1`).
    pub story: Option<Box<str>>,
}

/// The convention a task is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// Headings (`#### Task 1.1: Title`) or bold list items, like the reference template.
    Heading,
    /// GitHub spec-kit checklists (`- [ ] T001 [P] [US1] …`).
    SpecKit,
    /// Kiro checklists (`- [ ] 1.1 Title`).
    Kiro,
}

impl TaskInfo {
    /// The first field of a kind.
    pub fn field(&self, kind: FieldKind) -> Option<&Field> {
        self.fields.iter().find(|field| field.kind == kind)
    }

    /// The estimate field: `Estimate` and its synonyms, or `Duration` inside a task.
    pub fn estimate_field(&self) -> Option<&Field> {
        self.estimate_index.and_then(|index| self.fields.get(index as usize))
    }

    /// The first field that states an estimate or a duration, as written: what the checks of
    /// estimates read (the schedule reads [`TaskInfo::estimate`]).
    pub fn written_estimate(&self) -> Option<&Field> {
        self.fields.iter().find(|field| field.kind.holds_estimate())
    }

    /// The dependency fields: `Dependencies` and its synonyms, and `Prerequisites` inside a task.
    pub fn dependency_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields
            .iter()
            .filter(|field| matches!(field.kind, FieldKind::Dependencies | FieldKind::Prerequisites))
    }

    /// The lexed dependency lists of every dependency field, each with the offset its ranges
    /// are relative to (the start of the field's value).
    pub fn dependency_lists(&self) -> impl Iterator<Item = (usize, &DependencyList)> {
        self.dependency_fields()
            .filter_map(|field| field.dependencies.as_deref().map(|list| (field.value.start, list)))
    }

    /// The estimate as parsed, when the task has an estimate field or one in its heading.
    pub fn estimate(&self) -> Option<&EstimateValue> {
        self.estimate_field().and_then(|field| field.estimate.as_ref())
    }

    /// Checked and total acceptance criteria.
    pub fn criteria_counts(&self) -> (usize, usize) {
        (self.criteria.checked as usize, self.criteria.total as usize)
    }
}

/// Checked and total checkboxes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct CheckboxCount {
    checked: u32,
    total: u32,
}

impl CheckboxCount {
    fn add(&mut self, checkbox: &Checkbox) {
        self.checked += u32::from(checkbox.checked);
        self.total += 1;
    }
}

/// Everything the model knows about one phase, in absolute byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseInfo {
    /// The phase's index in [`Model::phases`].
    pub index: usize,
    /// The phase's identifier as written (`1`, `I`, `0`).
    pub id: String,
    /// The title.
    pub title: String,
    /// The heading line.
    pub line: Range<usize>,
    /// The phase's own fields (outside its tasks): goal, duration, prerequisites.
    pub fields: Vec<Field>,
    /// True when the phase word orders the work (`Phase`, `Sprint`), false for areas worked on
    /// side by side (`Track`, `Category`) and numbered sections.
    pub ordered: bool,
}

impl Model {
    /// Links the structural items of a document into phases and tasks.
    ///
    /// Two passes over the outline: the first finds every line shaped like a task; identity
    /// then decides which of them define tasks and which only restate a task defined elsewhere
    /// (a summary bullet, a status-list item, a change-log entry); the second pass links the
    /// definitions alone, so that a restatement neither becomes a task nor cuts a section short.
    pub fn build(document: &Document) -> Model {
        let first = Linker::run(document, &ItemSet::default());
        let (skip, restatements) = identity(document, &first);
        let mut linked = if skip.is_empty() {
            first
        } else {
            Linker::run(document, &skip)
        };
        drop_restating_phases(document, &mut linked, &restatements);
        let scoped = scope_ids(document, &mut linked);
        Model {
            document: document.clone(),
            phases: linked.phases,
            tasks: linked.tasks,
            restatements,
            scoped,
        }
    }

    /// The document the model was built from.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// This model over `document`, a later version of its document whose every segment holds
    /// the same items, only moved or with a task's field value changed: the model links
    /// items by their place in the segments, which such an edit leaves alone.
    pub(crate) fn with_document(&self, document: Document) -> Model {
        Model {
            document,
            phases: self.phases.clone(),
            tasks: self.tasks.clone(),
            restatements: self.restatements.clone(),
            scoped: self.scoped,
        }
    }

    /// The item at a position and the absolute offset of its segment.
    pub fn item(&self, pos: ItemPos) -> (usize, &Item) {
        let (base, segment) = self.segment(pos.segment as usize);
        (base, &segment.items[pos.item as usize])
    }

    fn segment(&self, index: usize) -> (usize, &Arc<SegmentItems>) {
        match self.document.segment_at(index) {
            Some((base, segment)) => (base, segment.items()),
            None => panic!("segment {index} is outside the document the model was built from"),
        }
    }

    /// The items from `start` (inclusive) to `end` (exclusive), each with its segment's offset.
    pub fn items_between(&self, start: ItemPos, end: ItemPos) -> impl Iterator<Item = (ItemPos, usize, &Item)> + '_ {
        let last_segment = end.segment.min(self.document.segment_count() as u32);
        (start.segment..=last_segment).flat_map(move |segment| {
            let found = self.document.segment_at(segment as usize);
            found.into_iter().flat_map(move |(base, seg)| {
                let items = &seg.items().items;
                let from = if segment == start.segment {
                    start.item as usize
                } else {
                    0
                };
                let to = if segment == end.segment {
                    (end.item as usize).min(items.len())
                } else {
                    items.len()
                };
                items[from.min(to)..to].iter().enumerate().map(move |(k, item)| {
                    (
                        ItemPos {
                            segment,
                            item: (from + k) as u32,
                        },
                        base,
                        item,
                    )
                })
            })
        })
    }

    /// The absolute offset where an item position starts (the end of the text past the end).
    pub fn offset_of(&self, pos: ItemPos) -> usize {
        if pos.segment as usize >= self.document.segment_count() {
            return self.document.len();
        }
        let (base, segment) = self.segment(pos.segment as usize);
        match segment.items.get(pos.item as usize) {
            Some(item) => base + item_line(item).start,
            None => base,
        }
    }

    /// The end of a section that ends at `pos`: the start of the next section's line.
    fn section_end(&self, pos: ItemPos) -> usize {
        self.offset_of(pos)
    }

    /// True when the analysis may read task titles beyond each task's own checks: a
    /// dependency names tasks by a word, or a table row may (see
    /// [`SegmentItems::reads_titles`]).
    pub fn reads_titles(&self) -> bool {
        self.document
            .segments()
            .any(|(_, segment)| segment.items().reads_titles)
    }

    /// True when a claim check may read task titles (see [`SegmentItems::claims_read_titles`]).
    pub fn claims_read_titles(&self) -> bool {
        self.document
            .segments()
            .any(|(_, segment)| segment.items().claims_read_titles)
    }

    /// True when a checklist item outside every task is ticked: a document-level criterion,
    /// which the status checks compare with the tasks' titles. An entry of a status list
    /// (`- [x] ~~Task 1.1~~ - Completed`) names its task by its ID instead.
    pub fn ticks_outside_tasks(&self) -> bool {
        self.document.segments().any(|(base, segment)| {
            segment.items().items.iter().any(|item| match item {
                Item::Checkbox(checkbox) if checkbox.checked && checkbox.leading_id.is_none() => {
                    let owned = self.task_containing(base + checkbox.marker.start).is_some_and(|task| {
                        matches!(self.tasks[task].shape, TaskShape::Heading(_)) || checkbox.indent > 0
                    });
                    !owned
                }
                _ => false,
            })
        })
    }

    /// True when another task-shaped line has the ID of task `index`: another task, a
    /// restatement, or the checklist line under its heading. Which of them defines the task
    /// then depends on their titles (see `identity`), so that an edit of the title is not the
    /// task's own business any more.
    pub fn id_is_shared(&self, index: usize) -> bool {
        let task = &self.tasks[index];
        if task.alt.is_some() {
            return true;
        }
        let id = item_id(&self.document, task.pos);
        !id.is_empty()
            && (self.restatements.iter().any(|restatement| &*restatement.id == id)
                || self
                    .tasks
                    .iter()
                    .enumerate()
                    .any(|(other, t)| other != index && item_id(&self.document, t.pos) == id))
    }

    /// The innermost task whose section holds an offset.
    pub fn task_containing(&self, offset: usize) -> Option<usize> {
        let index = self.tasks.partition_point(|task| self.offset_of(task.pos) <= offset);
        let mut candidate = index.checked_sub(1);
        while let Some(task) = candidate {
            if offset < self.section_end(self.tasks[task].end) {
                return Some(task);
            }
            candidate = self.tasks[task].parent.map(|p| p as usize);
        }
        None
    }

    /// The direct sub-tasks of a task, in document order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.tasks[index].end;
        (index + 1..self.tasks.len())
            .take_while(move |&k| self.tasks[k].pos < end)
            .filter(move |&k| self.tasks[k].parent == Some(index as u32))
    }

    /// The restatement at an item position, if the item is one.
    pub fn restatement_at(&self, pos: ItemPos) -> Option<&Restatement> {
        self.restatements
            .binary_search_by_key(&pos, |r| r.pos)
            .ok()
            .map(|i| &self.restatements[i])
    }

    /// Reads a task's details from its items.
    pub fn task_info(&self, index: usize) -> TaskInfo {
        let task = &self.tasks[index];
        let (base, item) = self.item(task.pos);
        let story = match item {
            Item::ListTask(list_task) => list_task.story.clone(),
            _ => None,
        };
        let (mut heading, line, mut checked, content_start, content_text, dialect, parallel, optional) = match item {
            Item::Heading(Heading {
                kind: HeadingKind::Task(heading),
                line,
                content,
                text,
                ..
            }) => (
                heading.clone(),
                line.clone(),
                None,
                content.start,
                text,
                Dialect::Heading,
                false,
                false,
            ),
            Item::ListTask(list_task) => (
                list_task.heading.clone(),
                list_task.line.clone(),
                list_task.checked,
                list_task.content.start,
                &list_task.text,
                match list_task.dialect {
                    Some(crate::lex::checklist::ChecklistDialect::SpecKit) => Dialect::SpecKit,
                    Some(crate::lex::checklist::ChecklistDialect::Kiro) => Dialect::Kiro,
                    None => Dialect::Heading,
                },
                list_task.parallel,
                list_task.optional,
            ),
            _ => panic!("task {index} does not point at a task item"),
        };
        // The heading's parts, read from the text the item keeps rather than from the rope.
        let part = |range: &Range<usize>| -> String {
            content_text
                .get(range.start - content_start..range.end - content_start)
                .unwrap_or_default()
                .to_string()
        };
        let id = part(&heading.id);
        let title = part(&heading.title);
        let estimate_text = heading.estimate.as_ref().map(&part);
        let priority_text = heading.priority.as_ref().map(&part);
        heading.shift(base);
        let mut line = line;
        line.shift(base);
        let mut fields = Vec::with_capacity(8);
        // Checkboxes under an acceptance-criteria label or heading are the criteria; without
        // one, every checkbox of the task is.
        let mut all_checkboxes = CheckboxCount::default();
        let mut criteria_marked = false;
        let mut criteria = CheckboxCount::default();
        let mut in_criteria = false;
        let first_item = ItemPos {
            segment: task.pos.segment,
            item: task.pos.item + 1,
        };
        let list_indent = match task.shape {
            TaskShape::ListItem(indent) => Some(indent),
            TaskShape::Heading(_) => None,
        };
        // The sections of the sub-tasks: a heading's is theirs whole, a list item's holds only
        // what is indented under it.
        let children: Vec<(ItemPos, ItemPos, Option<usize>)> = self
            .children(index)
            .map(|child| {
                let child = &self.tasks[child];
                let indent = match child.shape {
                    TaskShape::ListItem(indent) => Some(indent),
                    TaskShape::Heading(_) => None,
                };
                (child.pos, child.end, indent)
            })
            .collect();
        let mut next_child = 0;
        for (pos, base, item) in self.items_between(first_item, task.end) {
            while next_child < children.len() && children[next_child].1 <= pos {
                next_child += 1;
            }
            if let Some(&(start, _, indent)) = children.get(next_child)
                && start <= pos
            {
                let item_indent = match item {
                    Item::Field(field) => Some(field.indent),
                    Item::Checkbox(checkbox) => Some(checkbox.indent),
                    Item::ListTask(list_task) => Some(list_task.indent),
                    _ => None,
                };
                let belongs_to_child = match indent {
                    None => true,
                    Some(indent) => pos == start || item_indent.is_none_or(|i| i > indent),
                };
                if belongs_to_child {
                    continue;
                }
            }
            match item {
                Item::ListTask(list_task) => {
                    if Some(pos) == task.alt {
                        checked = list_task.checked.or(checked);
                    } else if let Some(state) = list_task.checked
                        && self.restatement_at(pos).is_none()
                    {
                        // A checklist line read as a criterion rather than a task.
                        let checkbox = Checkbox {
                            checked: state,
                            marker: 0..0,
                            text: 0..0,
                            indent: list_task.indent,
                            leading_id: None,
                        };
                        if in_criteria {
                            criteria.add(&checkbox);
                        }
                        all_checkboxes.add(&checkbox);
                    }
                }
                Item::Field(field) => {
                    if list_indent.is_some_and(|indent| field.indent <= indent) {
                        continue;
                    }
                    let mut field = field.clone();
                    field.shift(base);
                    in_criteria = field.kind == FieldKind::AcceptanceCriteria;
                    criteria_marked |= in_criteria;
                    fields.push(field);
                }
                Item::Heading(heading) => {
                    let words = heading.text.to_lowercase();
                    in_criteria = is_criteria_heading(&words);
                    criteria_marked |= in_criteria;
                }
                Item::Checkbox(checkbox) => {
                    if in_criteria {
                        criteria.add(checkbox);
                    }
                    all_checkboxes.add(checkbox);
                }
                _ => {}
            }
        }
        if !criteria_marked {
            criteria = all_checkboxes;
        }
        // An estimate written in the heading (`[2h]`) counts when no field gives one.
        if let Some(range) = heading.estimate.clone()
            && !fields.iter().any(|f| f.kind.holds_estimate())
        {
            let estimate_text = estimate_text.unwrap_or_default();
            let mut estimate = crate::lex::estimate::parse_estimate(&estimate_text);
            estimate.shift(range.start);
            fields.push(Field {
                kind: FieldKind::Estimate,
                label: range.start..range.start,
                value: range.clone(),
                has_bracket: estimate_text.contains('['),
                text: estimate_text.into(),
                indent: 0,
                dependencies: None,
                estimate: Some(estimate),
                from_prose: false,
            });
        }
        if let Some(range) = heading.priority.clone()
            && !fields.iter().any(|f| f.kind == FieldKind::Priority)
        {
            fields.push(Field {
                kind: FieldKind::Priority,
                label: range.start..range.start,
                value: range,
                has_bracket: priority_text.as_deref().is_some_and(|t| t.contains('[')),
                text: priority_text.unwrap_or_default().into(),
                indent: 0,
                dependencies: None,
                estimate: None,
                from_prose: false,
            });
        }
        // A task's fields live as long as the analysis: without the room the vector grew into.
        fields.shrink_to_fit();
        let estimate_index = fields
            .iter()
            .position(|f| f.kind == FieldKind::Estimate)
            .or_else(|| fields.iter().position(|f| f.kind == FieldKind::Duration))
            .map(|i| i as u32);
        let cancelled = heading.cancelled;
        TaskInfo {
            dialect,
            parallel,
            estimate_index,
            index,
            id,
            id_range: heading.id.clone(),
            title,
            title_range: heading.title.clone(),
            section: line.start..self.section_end(task.end).max(line.end),
            line,
            phase: task.phase.map(|p| p as usize),
            heading,
            fields,
            criteria,
            checked,
            parent: task.parent.map(|p| p as usize),
            children: task.children as usize,
            optional,
            cancelled,
            alt_line: task.alt.map(|alt| {
                let (base, item) = self.item(alt);
                let line = item_line(item);
                line.start + base..line.end + base
            }),
            scope: task.scope.map(|p| p as usize),
            story,
        }
    }

    /// Reads a phase's details from its items.
    pub fn phase_info(&self, index: usize) -> PhaseInfo {
        let phase = &self.phases[index];
        let (base, item) = self.item(phase.pos);
        // A phase heading, or a numbered section (`### 1. Setup`) that holds tasks `1.x`.
        let (id, title, line) = match item {
            Item::Heading(Heading {
                kind: HeadingKind::Phase(heading),
                line,
                ..
            }) => (heading.id.clone(), heading.title.clone(), line),
            Item::Heading(Heading {
                kind: HeadingKind::Task(heading),
                line,
                ..
            }) => (heading.id.clone(), heading.title.clone(), line),
            _ => panic!("phase {index} does not point at a phase heading"),
        };
        let text = self.document.rope();
        let mut fields = Vec::new();
        let stop = phase.first_task.unwrap_or(phase.end).min(phase.end);
        let first_item = ItemPos {
            segment: phase.pos.segment,
            item: phase.pos.item + 1,
        };
        for (_, base, item) in self.items_between(first_item, stop) {
            if let Item::Field(field) = item {
                let mut field = field.clone();
                field.shift(base);
                fields.push(field);
            }
        }
        PhaseInfo {
            index,
            id: slice(text, id.start + base..id.end + base),
            title: slice(text, title.start + base..title.end + base),
            line: line.start + base..line.end + base,
            fields,
            ordered: phase.ordered,
        }
    }

    /// Every item outside all tasks, with its segment offset: the document-level content
    /// (summary tables, critical path, parallel groups, status lists).
    pub fn items_outside_tasks(&self) -> Vec<(usize, &Item)> {
        let mut out = Vec::new();
        // Sub-tasks lie inside their parents' sections, so only top-level tasks matter here.
        let mut task_iter = self.tasks.iter().filter(|task| task.parent.is_none()).peekable();
        let mut current: Option<&Task> = None;
        for (segment_index, (base, segment)) in self.document.segments().enumerate() {
            // A segment that lies wholly inside a heading task (most of them) is skipped whole.
            let (segment_start, segment_end) = (
                ItemPos {
                    segment: segment_index as u32,
                    item: 0,
                },
                ItemPos {
                    segment: segment_index as u32 + 1,
                    item: 0,
                },
            );
            advance_to(&mut current, &mut task_iter, segment_start);
            if let Some(task) = current
                && matches!(task.shape, TaskShape::Heading(_))
                && task.pos <= segment_start
                && task.end >= segment_end
            {
                continue;
            }
            for (item_index, item) in segment.items().items.iter().enumerate() {
                let pos = ItemPos {
                    segment: segment_index as u32,
                    item: item_index as u32,
                };
                advance_to(&mut current, &mut task_iter, pos);
                if let Some(task) = current
                    && pos >= task.pos
                    && pos < task.end
                {
                    if let (TaskShape::ListItem(indent), Item::Field(field)) = (task.shape, item)
                        && field.indent <= indent
                    {
                        out.push((base, item));
                    }
                    continue;
                }
                out.push((base, item));
            }
        }
        out
    }
}

/// Moves `current` on to `pos`: drops it once `pos` is past its end, and takes from `upcoming`
/// (tasks in document order) every task that starts at or before `pos`.
fn advance_to<'a>(
    current: &mut Option<&'a Task>,
    upcoming: &mut std::iter::Peekable<impl Iterator<Item = &'a Task>>,
    pos: ItemPos,
) {
    if current.is_some_and(|task| pos >= task.end) {
        *current = None;
    }
    while let Some(next) = upcoming.peek() {
        if next.pos <= pos {
            *current = upcoming.next();
        } else {
            break;
        }
    }
}

/// A set of item positions.
type ItemSet = std::collections::HashSet<ItemPos, foldhash::fast::RandomState>;

/// What one pass over the outline links: phases and tasks, and for each phase the heading
/// whose section holds it.
struct Linked {
    phases: Vec<Phase>,
    tasks: Vec<Task>,
    /// Each phase's container: the nearest heading above it of a lower level.
    containers: Vec<Option<ItemPos>>,
}

/// One pass over a document's outline that links phases and tasks, skipping the task-shaped
/// lines in `skip`.
struct Linker<'a> {
    document: &'a Document,
    skip: &'a ItemSet,
    linked: Linked,
    ids: Vec<Box<str>>,
    open_phase: Option<usize>,
    /// Open heading tasks, innermost last, with their levels.
    headings: Vec<(usize, u8)>,
    /// Open list-item tasks, innermost last, with their marker columns.
    lists: Vec<(usize, usize)>,
    /// Recent tasks of one level whose IDs may be extended by the next (`2`, then `2.1`).
    id_path: Vec<usize>,
    /// Open section headings, innermost last, with their levels.
    sections: Vec<(ItemPos, u8)>,
}

impl<'a> Linker<'a> {
    fn run(document: &'a Document, skip: &'a ItemSet) -> Linked {
        let mut linker = Linker {
            document,
            skip,
            linked: Linked {
                phases: Vec::new(),
                tasks: Vec::new(),
                containers: Vec::new(),
            },
            ids: Vec::new(),
            open_phase: None,
            headings: Vec::new(),
            lists: Vec::new(),
            id_path: Vec::new(),
            sections: Vec::new(),
        };
        for (segment, entry) in document.segment_list().outline() {
            let pos = ItemPos {
                segment: segment as u32,
                item: entry.item,
            };
            match entry.kind {
                OutlineKind::ListTask { indent } => linker.list_task(pos, indent),
                OutlineKind::TaskHeading { level, .. }
                | OutlineKind::PhaseHeading { level }
                | OutlineKind::OtherHeading { level } => linker.heading(pos, level, entry.kind),
            }
        }
        let end = ItemPos {
            segment: document.segment_count() as u32,
            item: 0,
        };
        linker.close_lists(end);
        linker.close_headings(0, end);
        if let Some(phase) = linker.open_phase {
            linker.linked.phases[phase].end = end;
        }
        let mut linked = linker.linked;
        for task in &linked.tasks {
            if let Some(phase) = task.phase
                && let Some(phase) = linked.phases.get_mut(phase as usize)
                && phase.first_task.is_none()
            {
                phase.first_task = Some(task.pos);
            }
        }
        linked
    }

    fn list_task(&mut self, pos: ItemPos, indent: usize) {
        if self.skip.contains(&pos) {
            return;
        }
        while let Some(&(task, column)) = self.lists.last()
            && column >= indent
        {
            self.close(task, pos);
            self.lists.pop();
        }
        let id = item_id(self.document, pos);
        let parent = if let Some(&(task, _)) = self.lists.last() {
            Some(task)
        } else if let Some(&(heading, _)) = self.headings.last() {
            let heading_id = &self.ids[heading];
            if **heading_id == *id && self.linked.tasks[heading].pos.segment == pos.segment {
                // `### Task 1.1: X` and right under it `- [x] 1.1. X`: one task.
                self.linked.tasks[heading].alt.get_or_insert(pos);
                return;
            }
            if is_kiro_item(self.document, pos) && !extends_id(heading_id, id) {
                // `- [ ] 4 verdict types supported` among a task's criteria.
                return;
            }
            Some(heading)
        } else {
            self.id_parent(id)
        };
        let task = self.start(pos, TaskShape::ListItem(indent), parent, id.into());
        if self.lists.is_empty() && self.headings.is_empty() {
            self.id_path.push(task);
        }
        self.lists.push((task, indent));
    }

    fn heading(&mut self, pos: ItemPos, level: u8, kind: OutlineKind) {
        let skipped = self.skip.contains(&pos);
        self.close_lists(pos);
        self.close_headings(level, pos);
        while self.sections.last().is_some_and(|&(_, l)| l >= level) {
            self.sections.pop();
        }
        // An explicit task heading never closes a phase: documents put `## Task 1.1` under
        // `## Phase 1` as often as one level deeper.
        let explicit_task = !skipped && matches!(kind, OutlineKind::TaskHeading { explicit: true, .. });
        if let Some(phase) = self.open_phase
            && level <= self.linked.phases[phase].level
            && !explicit_task
        {
            self.linked.phases[phase].end = pos;
            self.open_phase = None;
        }
        match kind {
            OutlineKind::TaskHeading {
                explicit,
                has_task_fields,
                ..
            } if !skipped => {
                let id = item_id(self.document, pos);
                let structural_parent = self.headings.last().map(|&(task, _)| task);
                let extends_parent = structural_parent.is_some_and(|parent| extends_id(&self.ids[parent], id));
                // Under a phase, a bare-number heading (`### 2.4 Title`) is a task; under a
                // numbered section it is only a sub-section.
                let in_phase = self.open_phase.is_some_and(|phase| !self.linked.phases[phase].numbered);
                if explicit || has_task_fields || in_phase || extends_parent {
                    let parent = structural_parent.or_else(|| self.id_parent(id));
                    let task = self.start(pos, TaskShape::Heading(level), parent, id.into());
                    if structural_parent.is_none() {
                        self.id_path.push(task);
                    }
                    self.headings.push((task, level));
                    return;
                }
                if self.headings.is_empty() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                    // `### 1. Setup` over `#### Task 1.1`: a numbered section, kept as a phase
                    // if its tasks carry its number.
                    self.open_phase_at(pos, level, false, true);
                    self.sections.push((pos, level));
                    return;
                }
            }
            OutlineKind::PhaseHeading { .. } if self.headings.is_empty() => {
                let ordered = phase_is_ordered(self.document, pos);
                self.open_phase_at(pos, level, ordered, false);
            }
            _ => {}
        }
        if self.headings.is_empty() {
            // A section heading ends the run of tasks whose IDs a next task may extend.
            self.id_path.clear();
            self.sections.push((pos, level));
        }
    }

    fn open_phase_at(&mut self, pos: ItemPos, level: u8, ordered: bool, numbered: bool) {
        if let Some(previous) = self.open_phase.take() {
            self.linked.phases[previous].end = pos;
        }
        self.open_phase = Some(self.linked.phases.len());
        self.linked.phases.push(Phase {
            pos,
            end: pos,
            level,
            first_task: None,
            ordered,
            numbered,
        });
        self.linked
            .containers
            .push(self.sections.iter().rev().find(|&&(_, l)| l < level).map(|&(p, _)| p));
        self.id_path.clear();
    }

    /// The task whose ID the new ID extends among the recent tasks of its level (`2.1` after
    /// `2`, `T007.1` after `T007`), forgetting those it does not extend.
    fn id_parent(&mut self, id: &str) -> Option<usize> {
        while let Some(&task) = self.id_path.last() {
            if extends_id(&self.ids[task], id) {
                return Some(task);
            }
            self.id_path.pop();
        }
        None
    }

    fn start(&mut self, pos: ItemPos, shape: TaskShape, parent: Option<usize>, id: Box<str>) -> usize {
        if let Some(parent) = parent {
            self.linked.tasks[parent].children += 1;
        }
        self.linked.tasks.push(Task {
            pos,
            end: pos,
            phase: self.open_phase.map(|p| p as u32),
            shape,
            parent: parent.map(|p| p as u32),
            children: 0,
            alt: None,
            scope: None,
        });
        self.ids.push(id);
        self.linked.tasks.len() - 1
    }

    /// Ends a task's section at `pos`, and its ancestors' with it.
    fn close(&mut self, task: usize, pos: ItemPos) {
        let mut at = Some(task);
        while let Some(task) = at {
            let entry = &mut self.linked.tasks[task];
            entry.end = entry.end.max(pos);
            at = entry.parent.map(|p| p as usize);
        }
    }

    fn close_lists(&mut self, pos: ItemPos) {
        while let Some((task, _)) = self.lists.pop() {
            self.close(task, pos);
        }
    }

    /// Closes the heading tasks of `level` and deeper (every one for level 0).
    fn close_headings(&mut self, level: u8, pos: ItemPos) {
        while let Some(&(task, task_level)) = self.headings.last()
            && task_level >= level
        {
            self.close(task, pos);
            self.headings.pop();
        }
    }
}

/// True when `child` extends `parent` by one or more dot-separated parts: `2.1` extends `2`,
/// `T007.1` extends `T007`; `T005b` does not extend `T005` (a letter makes a sibling).
fn extends_id(parent: &str, child: &str) -> bool {
    child.len() > parent.len() + 1
        && child.starts_with(parent)
        && child.as_bytes()[parent.len()] == b'.'
        && child.as_bytes()[parent.len() + 1].is_ascii_digit()
}

/// The ID text of a task-shaped item.
fn item_id(document: &Document, pos: ItemPos) -> &str {
    let Some((_, segment)) = document.segment_at(pos.segment as usize) else {
        return "";
    };
    match segment.items().items.get(pos.item as usize) {
        Some(Item::Heading(Heading {
            kind: HeadingKind::Task(task),
            content,
            text,
            ..
        })) => part_of(text, content.start, &task.id),
        Some(Item::ListTask(task)) => part_of(&task.text, task.content.start, &task.heading.id),
        _ => "",
    }
}

/// The part of an item's text at `range`, where the text starts at `start`.
fn part_of<'t>(text: &'t str, start: usize, range: &Range<usize>) -> &'t str {
    text.get(range.start.saturating_sub(start)..range.end.saturating_sub(start))
        .unwrap_or_default()
}

/// True for a Kiro checklist item (`- [ ] 1.1 Title`), whose bare number can also be the
/// start of an ordinary criterion (`- [ ] 4 verdict types supported`).
fn is_kiro_item(document: &Document, pos: ItemPos) -> bool {
    matches!(
        document
            .segment_at(pos.segment as usize)
            .and_then(|(_, segment)| segment.items().items.get(pos.item as usize).cloned()),
        Some(Item::ListTask(ListTask {
            dialect: Some(crate::lex::checklist::ChecklistDialect::Kiro),
            ..
        }))
    )
}

/// True when the phase heading at `pos` uses a word that orders the work.
fn phase_is_ordered(document: &Document, pos: ItemPos) -> bool {
    let Some((_, segment)) = document.segment_at(pos.segment as usize) else {
        return true;
    };
    match segment.items().items.get(pos.item as usize) {
        Some(Item::Heading(Heading {
            kind: HeadingKind::Phase(phase),
            ..
        })) => phase.ordered,
        _ => true,
    }
}

/// How strongly a task-shaped line defines a task: where its content is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Weight {
    /// A one-line bullet or an empty heading: it may only restate a task.
    Line,
    /// An item of a checklist of tasks (spec-kit, Kiro).
    Checklist,
    /// A heading or an item with text under it.
    Content,
}

/// What identity needs to know about one task-shaped line.
struct Candidate<'d> {
    pos: ItemPos,
    id: &'d str,
    weight: Weight,
    title: String,
    checked: Option<bool>,
}

/// Decides which task-shaped lines of a first pass restate a task defined elsewhere. An ID
/// written on several lines is defined where its content is; the lighter lines name it. Of
/// equally weighty lines with the same title (the same checklist line written twice), the
/// first defines the task. Returns the restating lines to skip and what they say.
fn identity(document: &Document, linked: &Linked) -> (ItemSet, Vec<Restatement>) {
    let mut skip = ItemSet::default();
    let mut restatements = Vec::new();
    // Only the lines of an ID written more than once are weighed.
    for group in &shared_ids(document, &linked.tasks, false) {
        let candidates: Vec<Candidate> = group
            .iter()
            .map(|&task| candidate(document, linked.tasks[task].pos))
            .collect();
        let heaviest = candidates
            .iter()
            .map(|candidate| candidate.weight)
            .max()
            .unwrap_or(Weight::Line);
        let mut kept: Vec<usize> = Vec::new();
        for (c, candidate) in candidates.iter().enumerate() {
            let repeat = candidate.weight == heaviest
                && kept
                    .iter()
                    .any(|&k| candidates[k].title == candidate.title && !candidate.title.is_empty());
            if candidate.weight < heaviest || repeat {
                skip.insert(candidate.pos);
                restatements.push(Restatement {
                    pos: candidate.pos,
                    id: candidate.id.into(),
                    checked: candidate.checked,
                    repeat,
                });
            } else {
                kept.push(c);
            }
        }
    }
    restatements.sort_by_key(|r| r.pos);
    (skip, restatements)
}

/// The tasks that share an ID, one list for each ID written more than once, each list in
/// task order; tasks without an ID share the empty one only where `empty_is_an_id`. Sorting
/// the IDs finds them without a map entry (and an allocation) per task.
fn shared_ids(document: &Document, tasks: &[Task], empty_is_an_id: bool) -> Vec<Vec<usize>> {
    let mut ids: Vec<(&str, usize)> = tasks
        .iter()
        .enumerate()
        .map(|(index, task)| (item_id(document, task.pos), index))
        .filter(|(id, _)| empty_is_an_id || !id.is_empty())
        .collect();
    ids.sort_unstable();
    ids.chunk_by(|a, b| a.0 == b.0)
        .filter(|group| group.len() > 1)
        .map(|group| group.iter().map(|&(_, index)| index).collect())
        .collect()
}

fn candidate(document: &Document, pos: ItemPos) -> Candidate<'_> {
    let id = item_id(document, pos);
    let item = document
        .segment_at(pos.segment as usize)
        .and_then(|(_, segment)| segment.items().items.get(pos.item as usize));
    let (weight, title, checked) = match item {
        Some(Item::Heading(heading)) => {
            let weight = if heading.has_body || heading.has_task_fields {
                Weight::Content
            } else {
                Weight::Line
            };
            let title = match &heading.kind {
                HeadingKind::Task(task) => part_of(&heading.text, heading.content.start, &task.title),
                _ => "",
            };
            (weight, title_key(title), None)
        }
        Some(Item::ListTask(task)) => {
            let weight = if task.has_body {
                Weight::Content
            } else if task.dialect.is_some() {
                Weight::Checklist
            } else {
                Weight::Line
            };
            let title = part_of(&task.text, task.content.start, &task.heading.title);
            (weight, title_key(title), task.checked)
        }
        _ => (Weight::Line, String::new(), None),
    };
    Candidate {
        pos,
        id,
        weight,
        title,
        checked,
    }
}

/// A title reduced to its lower-cased letters and digits, to compare two writings of it.
fn title_key(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drops the phase headings that only restate phases: a heading without tasks whose ID a
/// phase with tasks already has (the `### Phase I` entries of a status list, the `### Sprint 1`
/// headings of a summary), and the other task-less phases in the same section as one.
fn drop_restating_phases(document: &Document, linked: &mut Linked, restatements: &[Restatement]) {
    let n = linked.phases.len();
    if n == 0 {
        return;
    }
    let mut has_tasks = vec![false; n];
    for task in &linked.tasks {
        if let Some(phase) = task.phase {
            has_tasks[phase as usize] = true;
        }
    }
    let ids: Vec<String> = (0..n)
        .map(|p| phase_id(document, linked.phases[p].pos).to_lowercase())
        .collect();
    // A numbered section is a phase only when its tasks carry its number.
    let mut numbered_ok = vec![false; n];
    for task in &linked.tasks {
        if let Some(phase) = task.phase
            && linked.phases[phase as usize].numbered
            && item_id(document, task.pos).starts_with(&format!("{}.", ids[phase as usize]))
        {
            numbered_ok[phase as usize] = true;
        }
    }
    let mut drop = vec![false; n];
    for p in 0..n {
        let phase = &linked.phases[p];
        // A task-less phase that names tasks defined elsewhere sums them up (`### Sprint 1`
        // over `- **Task 1.1**: …`).
        let restates = restatements.iter().any(|r| phase.pos < r.pos && r.pos < phase.end);
        drop[p] = (phase.numbered && !numbered_ok[p])
            || (!has_tasks[p] && (restates || (0..n).any(|q| q != p && has_tasks[q] && ids[q] == ids[p])));
    }
    for p in 0..n {
        if !has_tasks[p]
            && !drop[p]
            && let Some(container) = linked.containers[p]
        {
            drop[p] = (0..n).any(|q| drop[q] && linked.containers[q] == Some(container));
        }
    }
    if !drop.iter().any(|&d| d) {
        return;
    }
    let mut new_index = vec![None; n];
    let mut kept = 0u32;
    for p in 0..n {
        if !drop[p] {
            new_index[p] = Some(kept);
            kept += 1;
        }
    }
    for task in &mut linked.tasks {
        task.phase = task.phase.and_then(|p| new_index[p as usize]);
    }
    let mut p = 0;
    linked.phases.retain(|_| {
        let keep = !drop[p];
        p += 1;
        keep
    });
    let mut p = 0;
    linked.containers.retain(|_| {
        let keep = !drop[p];
        p += 1;
        keep
    });
}

/// The ID text of a phase heading.
fn phase_id(document: &Document, pos: ItemPos) -> &str {
    let Some((_, segment)) = document.segment_at(pos.segment as usize) else {
        return "";
    };
    match segment.items().items.get(pos.item as usize) {
        Some(Item::Heading(Heading {
            kind: HeadingKind::Phase(phase),
            content,
            text,
            ..
        })) => part_of(text, content.start, &phase.id),
        Some(Item::Heading(Heading {
            kind: HeadingKind::Task(task),
            content,
            text,
            ..
        })) => part_of(text, content.start, &task.id),
        _ => "",
    }
}

/// Scopes task IDs by phase when they restart in each phase: every ID that several tasks
/// share is shared only across phases, and some phase starts with the ID an earlier phase
/// started with. Returns whether the document's IDs are scoped.
fn scope_ids(document: &Document, linked: &mut Linked) -> bool {
    let mut shared = false;
    for group in &shared_ids(document, &linked.tasks, true) {
        shared = true;
        let mut phases: Vec<Option<u32>> = group.iter().map(|&t| linked.tasks[t].phase).collect();
        if phases.contains(&None) {
            return false;
        }
        phases.sort();
        phases.dedup();
        if phases.len() != group.len() {
            return false;
        }
    }
    if !shared {
        return false;
    }
    let mut first_ids: Vec<&str> = Vec::new();
    let mut restarts = false;
    for phase in &linked.phases {
        if let Some(first) = phase.first_task {
            let id = item_id(document, first);
            restarts |= first_ids.contains(&id);
            first_ids.push(id);
        }
    }
    if restarts {
        for task in &mut linked.tasks {
            task.scope = task.phase;
        }
    }
    restarts
}

fn item_line(item: &Item) -> Range<usize> {
    match item {
        Item::Heading(heading) => heading.line.clone(),
        Item::ListTask(task) => task.line.clone(),
        Item::Field(field) => field.label.clone(),
        Item::Checkbox(checkbox) => checkbox.marker.clone(),
        Item::TableRow(row) => row.line.clone(),
        Item::Arrows(arrows) => arrows.line.clone(),
        Item::DependencyStatement(statement) => statement.line.clone(),
        Item::DeclaredWaves(declared) => declared.block.clone(),
        Item::OrderLine(order) => order.line.clone(),
    }
}

/// True for a heading that introduces acceptance criteria (`#### Acceptance Criteria:`).
fn is_criteria_heading(lowercase: &str) -> bool {
    [
        "acceptance criteria",
        "definition of done",
        "done when",
        "criterios",
        "critères",
        "akzeptanzkriterien",
        "受け入れ基準",
        "验收",
        "완료 조건",
    ]
    .iter()
    .any(|word| lowercase.contains(word))
}

/// The text of a byte range of the rope, borrowed when the range lies in one chunk of the
/// rope (almost always: chunks are about a kilobyte).
pub fn text_of(rope: &ropey::Rope, range: Range<usize>) -> std::borrow::Cow<'_, str> {
    let end = range.end.min(rope.len_bytes());
    let start = range.start.min(end);
    let slice = rope.byte_slice(start..end);
    match slice.as_str() {
        Some(text) => std::borrow::Cow::Borrowed(text),
        None => std::borrow::Cow::Owned(slice.to_string()),
    }
}

/// The text of a byte range of the rope.
pub fn slice(rope: &ropey::Rope, range: Range<usize>) -> String {
    let end = range.end.min(rope.len_bytes());
    let start = range.start.min(end);
    rope.byte_slice(start..end).to_string()
}

impl Shift for TaskInfo {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.id_range);
        visit(&mut self.title_range);
        visit(&mut self.line);
        visit(&mut self.section);
        self.heading.for_each_range(visit);
        for field in &mut self.fields {
            field.for_each_range(visit);
        }
        self.alt_line.for_each_range(visit);
    }
}

impl Shift for PhaseInfo {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.line);
        for field in &mut self.fields {
            field.for_each_range(visit);
        }
    }
}
