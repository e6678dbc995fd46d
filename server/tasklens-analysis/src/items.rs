//! What one segment of a document holds, as plain data in byte offsets relative to the start
//! of the segment: headings, list-item tasks, fields, checkboxes, table rows and mentions.
//!
//! Items are computed once per segment parse and shared between document snapshots; the
//! document-level model ([`crate::model`]) links them together without copying them.

use std::ops::Range;

use crate::lex::depends::{DepItem, DepKind, DependencyList, IdRef};
use crate::lex::estimate::EstimateValue;
use crate::lex::fields::FieldKind;
use crate::lex::heading::{PhaseHeading, TaskHeading};

/// Everything extracted from one segment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegmentItems {
    /// Items in document order.
    pub items: Vec<Item>,
    /// Indices into `items` of the structural items (headings and list-item tasks), so that
    /// the document-level model can be linked without visiting every field.
    pub structure: Vec<u32>,
    /// Indices into `items` of the dependency statements (`T013 depends on T012`).
    pub statements: Vec<u32>,
    /// Identifiers mentioned outside dependency fields, in document order.
    pub mentions: Vec<Mention>,
    /// True when the analysis may read other tasks' titles for this segment: a dependency
    /// names tasks by a word or a group rather than an ID (`All testing tasks`, `backend
    /// ready`, `Task 2.x`), which may name no task and have its message suggest some by title.
    pub reads_titles: bool,
    /// True when a claim check may read task titles for this segment: a line states how every
    /// task is written or defines `[P]` as different files (see [`crate::lex::claim_line`]),
    /// or a code block may draw tasks by their titles, or a checkpoint's checklist may name
    /// tasks by them.
    pub claims_read_titles: bool,
    /// True when a heading of this segment names a checkpoint, whose checklist items expect
    /// tasks done by then: an edit of a checklist line here is analysed again.
    pub checkpoint_lists: bool,
}

impl SegmentItems {
    /// Whether any item makes the analysis read task titles; see [`SegmentItems::reads_titles`].
    pub fn compute_reads_titles(&self) -> bool {
        let by_words = |list: &crate::lex::depends::DependencyList| {
            list.items.iter().any(|item| {
                matches!(
                    item.kind,
                    crate::lex::depends::DepKind::AllOfType { .. }
                        | crate::lex::depends::DepKind::Unresolved
                        | crate::lex::depends::DepKind::PhaseTasks { .. }
                        | crate::lex::depends::DepKind::AllPreviousPhases
                )
            })
        };
        self.items.iter().any(|item| match item {
            Item::Field(field) => field.dependencies.as_deref().is_some_and(by_words),
            Item::DependencyStatement(statement) => by_words(&statement.dependencies),
            _ => false,
        })
    }
}

/// One extracted item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// An ATX heading.
    Heading(Heading),
    /// A list item that is a task: `- **0.1** Title`, `- [x] **DEC-001 — Title.**`.
    ListTask(ListTask),
    /// A `**Label**: value` field.
    Field(Field),
    /// A checkbox list item that is not a task.
    Checkbox(Checkbox),
    /// A pipe table row (the header row included).
    TableRow(TableRow),
    /// A line with arrows between identifiers: `Task 1.1 → Task 1.2 → 2.1`.
    Arrows(ArrowLine),
    /// `T013 depends on T012` written outside the task.
    DependencyStatement(DependencyStatement),
    /// A JSON block that declares waves: `{"waves": [["1", "2"], ["3.1"]]}` (Kiro's Task
    /// Dependency Graph).
    DeclaredWaves(DeclaredWaves),
    /// A line that may state the order of phases or stories: every line of a dependencies
    /// section (`### Phase Dependencies`), and lines elsewhere that name a phase and a
    /// dependency word.
    OrderLine(OrderLine),
}

/// A line that may state the order of phases or stories, with its text, read by the
/// analysis once the document's phases are known.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderLine {
    /// The line.
    pub line: Range<usize>,
    /// Where the text starts (after a list marker), relative to the segment.
    pub start: usize,
    /// The text from `start` to the end of the line.
    pub text: Box<str>,
    /// True inside a code block (a drawing).
    pub in_code: bool,
    /// The start of the code block the line sits in, so that the lines of one drawing are read
    /// together.
    pub block: Option<usize>,
}

/// Waves a document declares, each task ID with its range.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredWaves {
    /// The code block.
    pub block: Range<usize>,
    /// The waves in order; each ID with its range (the string's contents).
    pub waves: Vec<Vec<(Box<str>, Range<usize>)>>,
    /// True when the block declares waves in a shape tasklens cannot read: `waves` is empty
    /// and an info finding says so.
    pub unreadable: bool,
}

/// An ATX heading.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading line without its line ending.
    pub line: Range<usize>,
    /// The heading text without the `#` markers.
    pub content: Range<usize>,
    /// The text of `content`, kept so that the model never has to read the rope for it.
    pub text: Box<str>,
    /// What the heading introduces.
    pub kind: HeadingKind,
    /// True when the heading's own section has task fields before the next structural item
    /// of the segment; used to accept bare-number headings (`### 2.4 Title`) as tasks.
    pub has_task_fields: bool,
    /// True when any text follows the heading before the next heading of the segment: a
    /// heading with a body is where a task is defined, one without may only restate it.
    pub has_body: bool,
}

/// What a heading introduces.
#[derive(Clone, Debug, PartialEq)]
pub enum HeadingKind {
    /// A task, with ranges relative to the segment.
    Task(TaskHeading),
    /// A phase, with ranges relative to the segment.
    Phase(PhaseHeading),
    /// Any other section.
    Other,
}

/// A list item that is a task.
#[derive(Clone, Debug, PartialEq)]
pub struct ListTask {
    /// The task's parts, with ranges relative to the segment.
    pub heading: TaskHeading,
    /// The item's first line without its line ending.
    pub line: Range<usize>,
    /// The item's text after its marker and checkbox, which the heading ranges point into.
    pub content: Range<usize>,
    /// The text of `content`.
    pub text: Box<str>,
    /// The column of the list marker.
    pub indent: usize,
    /// The checkbox state, when the item has one.
    pub checked: Option<bool>,
    /// The tool convention the item follows (spec-kit, Kiro), or None for a bold-ID item.
    pub dialect: Option<crate::lex::checklist::ChecklistDialect>,
    /// True when the item claims it can run in parallel (`[P]`, `(P)`).
    pub parallel: bool,
    /// True for Kiro's optional tasks (`[ ]*`).
    pub optional: bool,
    /// The user story label of a spec-kit item (`US1` in `T012 [P] [US1] …`).
    pub story: Option<Box<str>>,
    /// True when lines indented under the item follow it (details, fields, sub-items): an item
    /// with a body is where a task is defined, a one-line item may only restate it.
    pub has_body: bool,
}

/// A statement outside a task that gives a task's dependencies: `T013 depends on T012`.
#[derive(Clone, Debug, PartialEq)]
pub struct DependencyStatement {
    /// The statement's line.
    pub line: Range<usize>,
    /// The task the statement is about.
    pub subject: Range<usize>,
    /// The subject's identifier.
    pub subject_id: Box<str>,
    /// True when the subject is a phase (`Phase 2 depends on Phase 1`): every task of the
    /// phase that starts it waits for what the statement names.
    pub subject_is_phase: bool,
    /// What it depends on.
    pub dependencies: DependencyList,
}

/// A field: a label and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// What the label means.
    pub kind: FieldKind,
    /// The label's text.
    pub label: Range<usize>,
    /// The value's range (empty when the value is on later lines).
    pub value: Range<usize>,
    /// The value's text.
    pub text: smol_str::SmolStr,
    /// True when the text may hold a template placeholder (it has a `[`); checked once here so
    /// that checks over every field need not read every text.
    pub has_bracket: bool,
    /// The column where the line's content starts (after list and quote markers).
    pub indent: usize,
    /// The lexed dependency list, for dependency and prerequisite labels, with ranges relative
    /// to the start of `value` so that fields can be shared and moved without copying it.
    pub dependencies: Option<std::sync::Arc<DependencyList>>,
    /// The lexed estimate, for estimate and duration labels.
    pub estimate: Option<EstimateValue>,
    /// True for a dependency read from free text (`after T005` in a description, `Blocks
    /// Tasks 3, 6` in a note) rather than from a dependency field: an ID in it that names no
    /// task is not reported, as it may not have been meant as one.
    pub from_prose: bool,
}

/// A checkbox list item.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkbox {
    /// True for `[x]` and `[X]`.
    pub checked: bool,
    /// The `[ ]` marker.
    pub marker: Range<usize>,
    /// The item's text on its first line.
    pub text: Range<usize>,
    /// The column of the list marker.
    pub indent: usize,
    /// The task ID the text starts with (`- [x] ~~Task 1.1~~ - Completed`) and its range: in a
    /// status list, the item says whether that task is done.
    pub leading_id: Option<(Box<str>, Range<usize>)>,
}

/// A pipe table row.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// The row's line.
    pub line: Range<usize>,
    /// Each cell's trimmed text.
    pub cells: Vec<Range<usize>>,
    /// True for the header row.
    pub header: bool,
}

/// A line that chains identifiers with arrows.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowLine {
    /// The line.
    pub line: Range<usize>,
    /// Each identifier on the line, in order.
    pub ids: Vec<(Box<str>, Range<usize>)>,
    /// True when the line is inside a code block.
    pub in_code: bool,
    /// The field the line belongs to, when it is a field's value (`**Critical Path**: …`).
    pub field: Option<FieldKind>,
    /// True when words that are not IDs open or close the chain (`All Tasks → Task 6.1 → …`):
    /// the chain is only part of a path.
    pub partial: bool,
}

/// Where a mention was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MentionContext {
    /// Running text.
    Prose,
    /// A table cell.
    Table,
    /// A code block.
    Code,
    /// A heading other than the task's own.
    Heading,
    /// A checkbox item's text.
    Checkbox,
    /// A line shaped like a task that restates one defined elsewhere (a summary bullet, a
    /// status-list item).
    Restatement,
    /// A field value other than dependencies.
    Field(FieldKind),
}

/// An identifier mentioned in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The identifier's range.
    pub id: Range<usize>,
    /// The identifier's text.
    pub text: Box<str>,
    /// True when a task word introduced it (`Task 1.2`), false for a bare `1.2`.
    pub explicit: bool,
    /// Where it was found.
    pub context: MentionContext,
}

/// Visits every byte range a value holds, to move them or to see where they lie.
pub trait Shift {
    /// Calls `visit` on every range the value holds, in no particular order.
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>));

    /// Adds `by` to every offset.
    fn shift(&mut self, by: usize) {
        self.for_each_range(&mut |range| {
            range.start += by;
            range.end += by;
        });
    }
}

impl Shift for Range<usize> {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(self);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        if let Some(value) = self {
            value.for_each_range(visit);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        for value in self {
            value.for_each_range(visit);
        }
    }
}

impl Shift for TaskHeading {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.id);
        visit(&mut self.title);
        self.decorations.for_each_range(visit);
        self.estimate.for_each_range(visit);
        self.priority.for_each_range(visit);
    }
}

impl Shift for PhaseHeading {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.id);
        visit(&mut self.title);
        self.decorations.for_each_range(visit);
        self.estimate.for_each_range(visit);
    }
}

impl Shift for IdRef {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.range);
    }
}

impl Shift for DepItem {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.range);
        match &mut self.kind {
            DepKind::Task(id) => id.for_each_range(visit),
            DepKind::Range { from, to } => {
                from.for_each_range(visit);
                to.for_each_range(visit);
            }
            _ => {}
        }
    }
}

impl Shift for DependencyList {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        self.none.for_each_range(visit);
        self.items.for_each_range(visit);
    }
}

impl Shift for EstimateValue {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        if let EstimateValue::Estimate(estimate) = self {
            visit(&mut estimate.range);
        }
    }
}

impl Shift for Item {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        match self {
            Item::Heading(heading) => {
                visit(&mut heading.line);
                visit(&mut heading.content);
                match &mut heading.kind {
                    HeadingKind::Task(task) => task.for_each_range(visit),
                    HeadingKind::Phase(phase) => phase.for_each_range(visit),
                    HeadingKind::Other => {}
                }
            }
            Item::ListTask(task) => {
                task.heading.for_each_range(visit);
                visit(&mut task.line);
                visit(&mut task.content);
            }
            Item::Field(field) => field.for_each_range(visit),
            Item::Checkbox(checkbox) => {
                visit(&mut checkbox.marker);
                visit(&mut checkbox.text);
                if let Some((_, range)) = &mut checkbox.leading_id {
                    visit(range);
                }
            }
            Item::TableRow(row) => {
                visit(&mut row.line);
                row.cells.for_each_range(visit);
            }
            Item::Arrows(arrows) => {
                visit(&mut arrows.line);
                for (_, range) in &mut arrows.ids {
                    visit(range);
                }
            }
            Item::DependencyStatement(statement) => statement.for_each_range(visit),
            Item::DeclaredWaves(declared) => declared.for_each_range(visit),
            Item::OrderLine(order) => order.for_each_range(visit),
        }
    }
}

impl Shift for Field {
    /// The dependency list is not visited: its ranges are relative to the value, which holds
    /// them.
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.label);
        visit(&mut self.value);
        self.estimate.for_each_range(visit);
    }
}

impl Shift for DependencyStatement {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.line);
        visit(&mut self.subject);
        self.dependencies.for_each_range(visit);
    }
}

impl Shift for DeclaredWaves {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.block);
        for wave in &mut self.waves {
            for (_, range) in wave {
                visit(range);
            }
        }
    }
}

impl Shift for OrderLine {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.line);
        let mut start = self.start..self.start;
        visit(&mut start);
        self.start = start.start;
        if let Some(block) = self.block {
            let mut at = block..block;
            visit(&mut at);
            self.block = Some(at.start);
        }
    }
}

impl Shift for Mention {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        visit(&mut self.id);
    }
}

impl Shift for SegmentItems {
    fn for_each_range(&mut self, visit: &mut impl FnMut(&mut Range<usize>)) {
        self.items.for_each_range(visit);
        self.mentions.for_each_range(visit);
    }
}
