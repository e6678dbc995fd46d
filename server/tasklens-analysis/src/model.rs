//! The task model of a document: phases and tasks, linked from the segments' items.
//!
//! Building a [`Model`] visits only the structural items (headings and list-item tasks) of
//! each segment, so its cost follows the number of headings, not the length of the text. The
//! details of a task (fields, estimate, dependencies, criteria) are read from its items on
//! demand with [`Model::task_info`], in absolute byte offsets.

use std::ops::Range;
use std::sync::Arc;

use crate::document::Document;
use crate::items::{Checkbox, Field, Heading, HeadingKind, Item, SegmentItems, Shift};
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
}

/// A task: where it is declared and where its section ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// The heading or list item that declares the task.
    pub pos: ItemPos,
    /// The first item after the task's section.
    pub end: ItemPos,
    /// The phase the task sits in.
    pub phase: Option<u32>,
    /// How the task is written.
    pub shape: TaskShape,
}

/// How a task is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskShape {
    /// A heading of this level.
    Heading(u8),
    /// A list item whose marker is at this column.
    ListItem(usize),
}

/// The linked model of one document snapshot.
#[derive(Clone, Debug)]
pub struct Model {
    document: Document,
    /// The phases in document order.
    pub phases: Vec<Phase>,
    /// The tasks in document order.
    pub tasks: Vec<Task>,
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
}

impl Model {
    /// Links the structural items of a document into phases and tasks.
    pub fn build(document: &Document) -> Model {
        let mut phases: Vec<Phase> = Vec::new();
        let mut tasks: Vec<Task> = Vec::new();
        let mut open_phase: Option<usize> = None;
        let mut open_task: Option<usize> = None;
        for (segment, entry) in document.segment_list().outline() {
            let pos = ItemPos {
                segment: segment as u32,
                item: entry.item,
            };
            let (level, kind) = match entry.kind {
                OutlineKind::ListTask { indent } => {
                    open_task = Some(start_task(
                        &mut tasks,
                        open_task,
                        pos,
                        open_phase,
                        TaskShape::ListItem(indent),
                    ));
                    continue;
                }
                OutlineKind::TaskHeading { level, .. }
                | OutlineKind::PhaseHeading { level }
                | OutlineKind::OtherHeading { level } => (level, entry.kind),
            };
            if let Some(task) = open_task
                && match tasks[task].shape {
                    TaskShape::Heading(task_level) => level <= task_level,
                    TaskShape::ListItem(_) => true,
                }
            {
                tasks[task].end = pos;
                open_task = None;
            }
            // An explicit task heading never closes a phase: documents put `## Task 1.1` under
            // `## Phase 1` as often as one level deeper.
            let explicit_task = matches!(kind, OutlineKind::TaskHeading { explicit: true, .. });
            if let Some(phase) = open_phase
                && level <= phases[phase].level
                && !explicit_task
            {
                phases[phase].end = pos;
                open_phase = None;
            }
            match kind {
                OutlineKind::TaskHeading {
                    explicit,
                    has_task_fields,
                    ..
                } if explicit || has_task_fields || open_phase.is_some() => {
                    open_task = Some(start_task(
                        &mut tasks,
                        open_task,
                        pos,
                        open_phase,
                        TaskShape::Heading(level),
                    ));
                }
                OutlineKind::PhaseHeading { .. } if open_task.is_none() => {
                    if let Some(previous) = open_phase.take() {
                        phases[previous].end = pos;
                    }
                    open_phase = Some(phases.len());
                    phases.push(Phase {
                        pos,
                        end: pos,
                        level,
                        first_task: None,
                    });
                }
                _ => {}
            }
        }
        let end = ItemPos {
            segment: document.segment_count() as u32,
            item: 0,
        };
        if let Some(task) = open_task {
            tasks[task].end = end;
        }
        if let Some(phase) = open_phase {
            phases[phase].end = end;
        }
        mark_first_tasks(&mut phases, &tasks);
        Model {
            document: document.clone(),
            phases,
            tasks,
        }
    }

    /// The document the model was built from.
    pub fn document(&self) -> &Document {
        &self.document
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

    /// The task whose section holds an offset.
    pub fn task_containing(&self, offset: usize) -> Option<usize> {
        let index = self.tasks.partition_point(|task| self.offset_of(task.pos) <= offset);
        let candidate = index.checked_sub(1)?;
        (offset < self.section_end(self.tasks[candidate].end)).then_some(candidate)
    }

    /// Reads a task's details from its items.
    pub fn task_info(&self, index: usize) -> TaskInfo {
        let task = &self.tasks[index];
        let (base, item) = self.item(task.pos);
        let (mut heading, line, checked, content_start, content_text, dialect, parallel) = match item {
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
        for (_, base, item) in self.items_between(first_item, task.end) {
            match item {
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
            && !fields
                .iter()
                .any(|f| matches!(f.kind, FieldKind::Estimate | FieldKind::Duration))
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
            });
        }
        let estimate_index = fields
            .iter()
            .position(|f| f.kind == FieldKind::Estimate)
            .or_else(|| fields.iter().position(|f| f.kind == FieldKind::Duration))
            .map(|i| i as u32);
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
        }
    }

    /// Reads a phase's details from its items.
    pub fn phase_info(&self, index: usize) -> PhaseInfo {
        let phase = &self.phases[index];
        let (base, item) = self.item(phase.pos);
        let Item::Heading(Heading {
            kind: HeadingKind::Phase(heading),
            line,
            ..
        }) = item
        else {
            panic!("phase {index} does not point at a phase heading");
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
            id: slice(text, heading.id.start + base..heading.id.end + base),
            title: slice(text, heading.title.start + base..heading.title.end + base),
            line: line.start + base..line.end + base,
            fields,
        }
    }

    /// Every item outside all tasks, with its segment offset: the document-level content
    /// (summary tables, critical path, parallel groups, status lists).
    pub fn items_outside_tasks(&self) -> Vec<(usize, &Item)> {
        let mut out = Vec::new();
        let mut task_iter = self.tasks.iter().peekable();
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
    upcoming: &mut std::iter::Peekable<std::slice::Iter<'a, Task>>,
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

/// Closes the open task at `pos`, starts a new one there and returns its index.
fn start_task(
    tasks: &mut Vec<Task>,
    open_task: Option<usize>,
    pos: ItemPos,
    open_phase: Option<usize>,
    shape: TaskShape,
) -> usize {
    if let Some(previous) = open_task {
        tasks[previous].end = pos;
    }
    tasks.push(Task {
        pos,
        end: pos,
        phase: open_phase.map(|p| p as u32),
        shape,
    });
    tasks.len() - 1
}

/// Records the first task of every phase, in one pass over the tasks.
fn mark_first_tasks(phases: &mut [Phase], tasks: &[Task]) {
    for task in tasks {
        if let Some(phase) = task.phase
            && let Some(phase) = phases.get_mut(phase as usize)
            && phase.first_task.is_none()
        {
            phase.first_task = Some(task.pos);
        }
    }
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
