//! Checklist tasks: the list items that GitHub spec-kit and Kiro write tasks as.
//!
//! - spec-kit: `T001 [P] [US1] Description` (also `**T001**`, `[T001]`, `T005b`, `[P]` before
//!   or after the story label, `[Setup]`-style labels), with dependencies written inline:
//!   `(depends on T012, T013)` or `— depends on T006, T007`.
//! - Kiro: `1. Title`, `1.1 Title`, `1.1. Title`, `9.1.1 Title`, after a checkbox that may be
//!   `[ ]`, `[x]`, `[-]` (in progress) and be followed by `*` or `\*` (optional task); `(P)`
//!   marks a parallel task.
//!
//! The input is a list item's text after its list marker; the checkbox, when tree-sitter did
//! not already take it, is read here too. Ranges are byte ranges into the input.

use std::ops::Range;

/// Which tool's convention a checklist task follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChecklistDialect {
    /// GitHub spec-kit: `T001 [P] [US1] Description`.
    SpecKit,
    /// Kiro: `1.1 Title` under a checkbox.
    Kiro,
}

/// A checklist task's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistTask {
    /// Which convention.
    pub dialect: ChecklistDialect,
    /// The identifier (`T001`, `1.1`).
    pub id: Range<usize>,
    /// The description, without tags.
    pub title: Range<usize>,
    /// The tags kept out of the title: `[P]`, `[US1]`, `(P)`, `*`.
    pub decorations: Vec<Range<usize>>,
    /// The checkbox state read here (`[x]` done, `[-]` in progress), when the checkbox was
    /// part of the input.
    pub checked: Option<bool>,
    /// True for `[P]` or `(P)`: the task claims it can run in parallel.
    pub parallel: bool,
    /// The story label (`US1`, `US-AEO`, `Setup`), for spec-kit.
    pub story: Option<Range<usize>>,
    /// True for Kiro's optional tasks (`[ ]*`).
    pub optional: bool,
    /// The dependency list written inline (`T012, T013` in `(depends on T012, T013)`).
    pub inline_dependencies: Option<Range<usize>>,
    /// True when the ID is struck through (`~~T051~~ Removed`): the task is cancelled.
    pub cancelled: bool,
}

/// Reads a list item's text as a checklist task. `had_checkbox` says whether tree-sitter
/// already found a checkbox before this text; Kiro tasks need one.
pub fn parse_checklist_task(text: &str, had_checkbox: bool) -> Option<ChecklistTask> {
    let mut pos = 0;
    let mut checked = None;
    let mut optional = false;
    let mut decorations = Vec::new();
    // A checkbox tree-sitter does not see: `[-]`, or one glued to `*`.
    for (marker, state) in [
        ("[ ]", Some(false)),
        ("[x]", Some(true)),
        ("[X]", Some(true)),
        ("[-]", Some(false)),
    ] {
        if text.starts_with(marker) {
            checked = state;
            pos = marker.len();
            break;
        }
    }
    let has_checkbox = had_checkbox || checked.is_some();
    for star in ["\\*", "*"] {
        // Kiro's optional marker is glued to a checkbox read here (`[ ]*`); a `**` without
        // one opens a bold ID.
        if checked.is_some() && text[pos..].starts_with(star) {
            decorations.push(pos..pos + star.len());
            pos += star.len();
            optional = true;
            break;
        }
    }
    pos = skip_spaces(text, pos);
    // Both conventions write tasks as checkboxes; a plain bullet like `- T005 depends on
    // T002` is a statement about a task, not a task.
    if !has_checkbox {
        return None;
    }
    if let Some(task) = spec_kit(text, pos, checked, &decorations) {
        return Some(task);
    }
    kiro(text, pos, checked, optional, decorations)
}

fn skip_spaces(text: &str, mut pos: usize) -> usize {
    while text[pos..].starts_with([' ', '\t']) {
        pos += 1;
    }
    pos
}

/// `T001`, `**T001**`, `[T001]`, `T005b`, `T007.1`, `T068A`, `TASK-001`, `T-HF01`: the ID's
/// range and where the text goes on. The ID is read with the shared grammar
/// ([`crate::lex::id`]): `T` glued to a number, or `T-`/`TASK-` before one. An ID
/// followed by a range (`T030.2~T030.6: see above`) makes a pointer to tasks, not a task.
fn spec_kit_id(text: &str, pos: usize) -> Option<(Range<usize>, usize)> {
    use crate::lex::id::{IdShape, scan_id};
    let (open, close) = if text[pos..].starts_with("**") {
        ("**", "**")
    } else if text[pos..].starts_with("~~") {
        ("~~", "~~")
    } else if text[pos..].starts_with('[') {
        ("[", "]")
    } else {
        ("", "")
    };
    let start = pos + open.len();
    let id = scan_id(text, start)?;
    // Capitals and a hyphen also open requirement and standard numbers (`PR-001`, `UTF-8`),
    // so a prefixed ID counts only when its prefix is `T` or a task word.
    let prefix = &text[start..start + id.prefix_len];
    let shaped = match id.shape {
        IdShape::Glued => prefix == "T",
        IdShape::Prefixed => {
            let letters = prefix.trim_end_matches('-');
            id.prefix_upper && (letters.starts_with("T-") || letters == "T" || ["TASK", "TSK"].contains(&letters))
        }
        _ => false,
    };
    if !shaped || id.wildcard_end.is_some() {
        return None;
    }
    let end = id.end;
    if !text[end..].starts_with(close) {
        return None;
    }
    let after = end + close.len();
    let mut rest = text[after..].chars();
    match rest.next() {
        Some(c) if c.is_alphanumeric() => return None,
        Some('-' | '–' | '~' | '〜' | '～') if rest.next().is_some_and(|c| c.is_ascii_alphanumeric()) => {
            return None;
        }
        _ => {}
    }
    Some((start..end, after))
}

fn spec_kit(text: &str, pos: usize, checked: Option<bool>, decorations: &[Range<usize>]) -> Option<ChecklistTask> {
    let cancelled = text[pos..].starts_with("~~");
    let (id, mut pos) = spec_kit_id(text, pos)?;
    let mut decorations = decorations.to_vec();
    let mut parallel = false;
    let mut story = None;
    // Tags: `[P]` and a story or category label, in either order.
    loop {
        pos = skip_spaces(text, pos);
        if !text[pos..].starts_with('[') {
            break;
        }
        let Some(close) = text[pos..].find(']').map(|i| pos + i) else {
            break;
        };
        let inner = &text[pos + 1..close];
        if inner.is_empty() || inner.len() > 24 || inner.contains(' ') {
            break;
        }
        if inner == "P" {
            parallel = true;
        } else if story.is_none() {
            story = Some(pos + 1..close);
        } else {
            break;
        }
        decorations.push(pos..close + 1);
        pos = close + 1;
    }
    let title_start = pos;
    let mut title_end = text.trim_end().len().max(title_start);
    let inline_dependencies = inline_dependencies(text, title_start);
    if let Some((phrase_start, _)) = &inline_dependencies {
        title_end = *phrase_start;
    }
    let title = trim(text, title_start..title_end);
    Some(ChecklistTask {
        dialect: ChecklistDialect::SpecKit,
        id,
        title,
        decorations,
        checked,
        parallel,
        story,
        optional: false,
        inline_dependencies: inline_dependencies.map(|(_, list)| list),
        cancelled,
    })
}

/// `(depends on T012, T013)` or `— depends on T006, T007` at the end of a description: the
/// phrase's start and the list's range.
fn inline_dependencies(text: &str, from: usize) -> Option<(usize, Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let at = lower[from..].rfind("depends on").map(|i| i + from)?;
    let mut phrase_start = at;
    let before = text[from..at].trim_end();
    let before_end = from + before.len();
    if before.ends_with('(') {
        phrase_start = before_end - 1;
    } else if let Some(dash) = ["—", "–", "-", ";", ","].iter().find(|d| before.ends_with(**d)) {
        phrase_start = before_end - dash.len();
    }
    let list_start = skip_spaces(text, at + "depends on".len());
    let list_start = if text[list_start..].starts_with(':') {
        skip_spaces(text, list_start + 1)
    } else {
        list_start
    };
    let mut list_end = text.len();
    if let Some(close) = text[list_start..].find(')') {
        list_end = list_start + close;
    }
    let list = trim(text, list_start..list_end);
    let list = trim_trailing(text, list, &['.', ';']);
    (!list.is_empty()).then_some((phrase_start, list))
}

fn kiro(
    text: &str,
    pos: usize,
    checked: Option<bool>,
    optional: bool,
    mut decorations: Vec<Range<usize>>,
) -> Option<ChecklistTask> {
    let bytes = text.as_bytes();
    let start = pos;
    let mut end = pos;
    loop {
        let digits_start = end;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end == digits_start {
            return None;
        }
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            end += 1;
            continue;
        }
        break;
    }
    let id = start..end;
    let mut after = end;
    if text[after..].starts_with('.') {
        after += 1;
    }
    if !text[after..].starts_with([' ', '\t']) {
        return None;
    }
    let mut title_start = skip_spaces(text, after);
    let mut title_end = text.trim_end().len().max(title_start);
    let mut parallel = false;
    for marker in ["(P)", "（P）"] {
        if text[title_start..].starts_with(marker) {
            decorations.push(title_start..title_start + marker.len());
            title_start = skip_spaces(text, title_start + marker.len());
            parallel = true;
        } else if text[..title_end].ends_with(marker) {
            decorations.push(title_end - marker.len()..title_end);
            title_end -= marker.len();
            parallel = true;
        }
    }
    let title = trim(text, title_start..title_end);
    if title.is_empty() {
        return None;
    }
    Some(ChecklistTask {
        dialect: ChecklistDialect::Kiro,
        id,
        title,
        decorations,
        checked,
        parallel,
        story: None,
        optional,
        inline_dependencies: None,
        cancelled: false,
    })
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    crate::lex::fields::trim_range(text, range)
}

fn trim_trailing(text: &str, mut range: Range<usize>, chars: &[char]) -> Range<usize> {
    while range.end > range.start && text[..range.end].ends_with(chars) {
        range.end -= 1;
    }
    trim(text, range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn render(inputs: &[(&str, bool)]) -> String {
        let mut out = String::new();
        for (text, had_checkbox) in inputs {
            match parse_checklist_task(text, *had_checkbox) {
                None => out.push_str(&format!("{text:?} -> none\n")),
                Some(task) => {
                    let decorations: Vec<&str> = task.decorations.iter().map(|r| &text[r.clone()]).collect();
                    out.push_str(&format!(
                        "{text:?} -> {:?} id={:?} title={:?} deco={decorations:?} checked={:?} parallel={} story={:?} optional={} deps={:?}{}\n",
                        task.dialect,
                        &text[task.id.clone()],
                        &text[task.title.clone()],
                        task.checked,
                        task.parallel,
                        task.story.map(|r| &text[r]),
                        task.optional,
                        task.inline_dependencies.map(|r| &text[r]),
                        if task.cancelled { " cancelled" } else { "" },
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn checklist_shapes() {
        expect![[r#"
            "T001 Create solution structure at src/App" -> SpecKit id="T001" title="Create solution structure at src/App" deco=[] checked=None parallel=false story=None optional=false deps=None
            "T002 [P] [US1] Initialize frontend project" -> SpecKit id="T002" title="Initialize frontend project" deco=["[P]", "[US1]"] checked=None parallel=true story=Some("US1") optional=false deps=None
            "T003 [US1] [P] Story label first" -> SpecKit id="T003" title="Story label first" deco=["[US1]", "[P]"] checked=None parallel=true story=Some("US1") optional=false deps=None
            "**T004** [P] [Setup] Bold ID" -> SpecKit id="T004" title="Bold ID" deco=["[P]", "[Setup]"] checked=None parallel=true story=Some("Setup") optional=false deps=None
            "[T002] [Setup] [P] Bracketed ID" -> none
            "T005b Suffixed ID (depends on T005, T004)" -> SpecKit id="T005b" title="Suffixed ID" deco=[] checked=None parallel=false story=None optional=false deps=Some("T005, T004")
            "T022 Modify AppDbContext — depends on T006, T007" -> SpecKit id="T022" title="Modify AppDbContext" deco=[] checked=None parallel=false story=None optional=false deps=Some("T006, T007")
            "T010 [US-AEO] Custom story label" -> SpecKit id="T010" title="Custom story label" deco=["[US-AEO]"] checked=None parallel=false story=Some("US-AEO") optional=false deps=None
            "1. Create BindConfigManager PHP class" -> Kiro id="1" title="Create BindConfigManager PHP class" deco=[] checked=None parallel=false story=None optional=false deps=None
            "1.1 Create class with config detection" -> Kiro id="1.1" title="Create class with config detection" deco=[] checked=None parallel=false story=None optional=false deps=None
            "2.3. Dotted sub-task" -> Kiro id="2.3" title="Dotted sub-task" deco=[] checked=None parallel=false story=None optional=false deps=None
            "[ ]* 1.3 Write property test" -> Kiro id="1.3" title="Write property test" deco=["*"] checked=Some(false) parallel=false story=None optional=true deps=None
            "[ ]\\* 2.3 Escaped optional" -> Kiro id="2.3" title="Escaped optional" deco=["\\*"] checked=Some(false) parallel=false story=None optional=true deps=None
            "[-] 4. In progress task" -> Kiro id="4" title="In progress task" deco=[] checked=Some(false) parallel=false story=None optional=false deps=None
            "9.1.1 Three levels (P)" -> Kiro id="9.1.1" title="Three levels" deco=["(P)"] checked=None parallel=true story=None optional=false deps=None
            "1. Numbered list item without checkbox" -> none
            "TODO later" -> none
            "T12 short IDs count" -> SpecKit id="T12" title="short IDs count" deco=[] checked=None parallel=false story=None optional=false deps=None
            "T007.1 Sub-step of T007" -> SpecKit id="T007.1" title="Sub-step of T007" deco=[] checked=None parallel=false story=None optional=false deps=None
            "T068A Inserted after T068" -> SpecKit id="T068A" title="Inserted after T068" deco=[] checked=None parallel=false story=None optional=false deps=None
            "TASK-001 Prefixed ID" -> SpecKit id="TASK-001" title="Prefixed ID" deco=[] checked=None parallel=false story=None optional=false deps=None
            "T-HF01 Hotfix ID" -> SpecKit id="T-HF01" title="Hotfix ID" deco=[] checked=None parallel=false story=None optional=false deps=None
            "PR-001: a requirement number" -> none
            "UTF-8 encoding configured" -> none
            "~~T051~~ Dropped: replaced by T052" -> SpecKit id="T051" title="Dropped: replaced by T052" deco=[] checked=None parallel=false story=None optional=false deps=None cancelled
            "T030.2~T030.6: see above" -> none
            "T12x glued word" -> SpecKit id="T12x" title="glued word" deco=[] checked=None parallel=false story=None optional=false deps=None
        "#]].assert_eq(&render(&[
            ("T001 Create solution structure at src/App", true),
            ("T002 [P] [US1] Initialize frontend project", true),
            ("T003 [US1] [P] Story label first", true),
            ("**T004** [P] [Setup] Bold ID", true),
            ("[T002] [Setup] [P] Bracketed ID", false),
            ("T005b Suffixed ID (depends on T005, T004)", true),
            ("T022 Modify AppDbContext — depends on T006, T007", true),
            ("T010 [US-AEO] Custom story label", true),
            ("1. Create BindConfigManager PHP class", true),
            ("1.1 Create class with config detection", true),
            ("2.3. Dotted sub-task", true),
            ("[ ]* 1.3 Write property test", false),
            ("[ ]\\* 2.3 Escaped optional", false),
            ("[-] 4. In progress task", false),
            ("9.1.1 Three levels (P)", true),
            ("1. Numbered list item without checkbox", false),
            ("TODO later", true),
            ("T12 short IDs count", true),
            ("T007.1 Sub-step of T007", true),
            ("T068A Inserted after T068", true),
            ("TASK-001 Prefixed ID", true),
            ("T-HF01 Hotfix ID", true),
            ("PR-001: a requirement number", true),
            ("UTF-8 encoding configured", true),
            ("~~T051~~ Dropped: replaced by T052", true),
            ("T030.2~T030.6: see above", true),
            ("T12x glued word", true),
        ]));
    }
}
