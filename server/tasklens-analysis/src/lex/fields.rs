//! Field lines: `**Label**: value` in all the shapes real documents use, and the table that
//! maps label words (in several languages) to the fields tasklens understands.

use std::ops::Range;

/// The fields tasklens gives a meaning to. Other labels are kept as [`FieldKind::Other`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// What the task waits for.
    Dependencies,
    /// How long the task takes.
    Estimate,
    /// Setup, Implementation, Testing and so on.
    Type,
    /// P0 to P3, or words like High.
    Priority,
    /// Who does the task.
    Assignee,
    /// Progress: done, in progress, blocked.
    Status,
    /// The label that introduces the checklist of acceptance criteria.
    AcceptanceCriteria,
    /// A phase's goal.
    Goal,
    /// A phase's duration, or a task's estimate when written inside a task.
    Duration,
    /// A phase's prerequisites, or a task's dependencies when written inside a task.
    Prerequisites,
    /// The tasks this one blocks (the reverse of dependencies).
    Blocks,
    /// The task's description.
    Description,
    /// The declared critical path (`**Critical Path**: Task 1.1 → Task 1.2`).
    CriticalPath,
    /// A claim of tasks that can run in parallel (`**Parallel Opportunities**:`).
    Parallel,
    /// References into requirements.md (Kiro's `_Requirements: 1.1, 2.3_`): not task IDs.
    Requirements,
    /// Any other label.
    Other,
}

impl FieldKind {
    /// True for the labels whose value is a duration of work: an estimate, or a duration.
    pub fn holds_estimate(self) -> bool {
        matches!(self, FieldKind::Estimate | FieldKind::Duration)
    }
}

/// The built-in label words, lower-cased, with the field each names.
pub const LABELS: &[(&str, FieldKind)] = &[
    // Dependencies.
    ("dependencies", FieldKind::Dependencies),
    ("dependency", FieldKind::Dependencies),
    ("depends on", FieldKind::Dependencies),
    ("depends", FieldKind::Dependencies),
    ("depend on", FieldKind::Dependencies),
    ("blocked by", FieldKind::Dependencies),
    ("requires", FieldKind::Dependencies),
    ("dependencias", FieldKind::Dependencies),
    ("dependencia", FieldKind::Dependencies),
    ("depende de", FieldKind::Dependencies),
    ("dépendances", FieldKind::Dependencies),
    ("dépendance", FieldKind::Dependencies),
    ("dépend de", FieldKind::Dependencies),
    ("abhängigkeiten", FieldKind::Dependencies),
    ("abhängigkeit", FieldKind::Dependencies),
    ("abhängig von", FieldKind::Dependencies),
    ("blocker/abhängigkeiten", FieldKind::Dependencies),
    ("依存関係", FieldKind::Dependencies),
    ("依存", FieldKind::Dependencies),
    ("前提タスク", FieldKind::Dependencies),
    ("依赖", FieldKind::Dependencies),
    ("依赖关系", FieldKind::Dependencies),
    ("依賴", FieldKind::Dependencies),
    ("前置任务", FieldKind::Dependencies),
    ("의존성", FieldKind::Dependencies),
    ("선행 작업", FieldKind::Dependencies),
    ("선행작업", FieldKind::Dependencies),
    // Estimates.
    ("estimate", FieldKind::Estimate),
    ("estimated", FieldKind::Estimate),
    ("estimated time", FieldKind::Estimate),
    ("estimated effort", FieldKind::Estimate),
    ("estimated hours", FieldKind::Estimate),
    ("estimation", FieldKind::Estimate),
    ("time estimate", FieldKind::Estimate),
    ("effort", FieldKind::Estimate),
    ("time", FieldKind::Estimate),
    ("charge", FieldKind::Estimate),
    ("temps estimé", FieldKind::Estimate),
    ("esfuerzo", FieldKind::Estimate),
    ("estimación", FieldKind::Estimate),
    ("tiempo estimado", FieldKind::Estimate),
    ("tiempo", FieldKind::Estimate),
    ("aufwand", FieldKind::Estimate),
    ("geschätzter aufwand", FieldKind::Estimate),
    ("schätzung", FieldKind::Estimate),
    ("見積もり", FieldKind::Estimate),
    ("見積り", FieldKind::Estimate),
    ("見積", FieldKind::Estimate),
    ("工数", FieldKind::Estimate),
    ("所要時間", FieldKind::Estimate),
    ("推定時間", FieldKind::Estimate),
    ("预计工时", FieldKind::Estimate),
    ("工时", FieldKind::Estimate),
    ("预估工时", FieldKind::Estimate),
    ("预计时间", FieldKind::Estimate),
    ("预估", FieldKind::Estimate),
    ("시간", FieldKind::Estimate),
    ("예상 시간", FieldKind::Estimate),
    ("소요 시간", FieldKind::Estimate),
    ("공수", FieldKind::Estimate),
    // Durations: a phase's length, or a task's estimate inside a task.
    ("duration", FieldKind::Duration),
    ("durée", FieldKind::Duration),
    ("duración", FieldKind::Duration),
    ("dauer", FieldKind::Duration),
    ("geschätzte dauer", FieldKind::Duration),
    ("期間", FieldKind::Duration),
    ("工期", FieldKind::Duration),
    ("기간", FieldKind::Duration),
    // Types.
    ("type", FieldKind::Type),
    ("task type", FieldKind::Type),
    ("tipo", FieldKind::Type),
    ("typ", FieldKind::Type),
    ("種類", FieldKind::Type),
    ("类型", FieldKind::Type),
    ("유형", FieldKind::Type),
    // Priorities.
    ("priority", FieldKind::Priority),
    ("prioridad", FieldKind::Priority),
    ("priorité", FieldKind::Priority),
    ("priorität", FieldKind::Priority),
    ("優先度", FieldKind::Priority),
    ("优先级", FieldKind::Priority),
    ("우선순위", FieldKind::Priority),
    // Assignees.
    ("assigned to", FieldKind::Assignee),
    ("assignee", FieldKind::Assignee),
    ("owner", FieldKind::Assignee),
    ("agent", FieldKind::Assignee),
    ("qui", FieldKind::Assignee),
    ("responsable", FieldKind::Assignee),
    ("asignado a", FieldKind::Assignee),
    ("verantwortlich", FieldKind::Assignee),
    ("zuständig", FieldKind::Assignee),
    ("担当", FieldKind::Assignee),
    ("担当者", FieldKind::Assignee),
    ("负责人", FieldKind::Assignee),
    ("负责", FieldKind::Assignee),
    ("建议负责人", FieldKind::Assignee),
    ("담당", FieldKind::Assignee),
    ("담당자", FieldKind::Assignee),
    // Status.
    ("status", FieldKind::Status),
    ("state", FieldKind::Status),
    ("estado", FieldKind::Status),
    ("statut", FieldKind::Status),
    ("état", FieldKind::Status),
    ("ステータス", FieldKind::Status),
    ("状態", FieldKind::Status),
    ("状态", FieldKind::Status),
    ("상태", FieldKind::Status),
    // Acceptance criteria.
    ("acceptance criteria", FieldKind::AcceptanceCriteria),
    ("acceptance", FieldKind::AcceptanceCriteria),
    ("definition of done", FieldKind::AcceptanceCriteria),
    ("done when", FieldKind::AcceptanceCriteria),
    ("dod", FieldKind::AcceptanceCriteria),
    ("success criteria", FieldKind::AcceptanceCriteria),
    ("criterios de aceptación", FieldKind::AcceptanceCriteria),
    ("criterios de éxito", FieldKind::AcceptanceCriteria),
    ("critères d'acceptation", FieldKind::AcceptanceCriteria),
    ("critères d’acceptation", FieldKind::AcceptanceCriteria),
    ("akzeptanzkriterien", FieldKind::AcceptanceCriteria),
    ("受け入れ基準", FieldKind::AcceptanceCriteria),
    ("完了条件", FieldKind::AcceptanceCriteria),
    ("验收标准", FieldKind::AcceptanceCriteria),
    ("验收", FieldKind::AcceptanceCriteria),
    ("인수 조건", FieldKind::AcceptanceCriteria),
    ("완료 조건", FieldKind::AcceptanceCriteria),
    // Phase goals.
    ("goal", FieldKind::Goal),
    ("objective", FieldKind::Goal),
    ("objetivo", FieldKind::Goal),
    ("objectif", FieldKind::Goal),
    ("ziel", FieldKind::Goal),
    ("目標", FieldKind::Goal),
    ("目标", FieldKind::Goal),
    ("목표", FieldKind::Goal),
    // Prerequisites: a phase's, or a task's dependencies inside a task.
    ("prerequisites", FieldKind::Prerequisites),
    ("prerequisite", FieldKind::Prerequisites),
    ("prérequis", FieldKind::Prerequisites),
    ("requisitos previos", FieldKind::Prerequisites),
    ("voraussetzungen", FieldKind::Prerequisites),
    ("前提条件", FieldKind::Prerequisites),
    ("前置条件", FieldKind::Prerequisites),
    ("선행 조건", FieldKind::Prerequisites),
    // Reverse dependencies.
    ("blocks", FieldKind::Blocks),
    ("blocking", FieldKind::Blocks),
    // Descriptions.
    ("description", FieldKind::Description),
    ("descripción", FieldKind::Description),
    ("beschreibung", FieldKind::Description),
    ("説明", FieldKind::Description),
    ("描述", FieldKind::Description),
    ("설명", FieldKind::Description),
    // Document-level claims.
    ("critical path", FieldKind::CriticalPath),
    ("ruta crítica", FieldKind::CriticalPath),
    ("chemin critique", FieldKind::CriticalPath),
    ("kritischer pfad", FieldKind::CriticalPath),
    ("クリティカルパス", FieldKind::CriticalPath),
    ("关键路径", FieldKind::CriticalPath),
    ("关键路线", FieldKind::CriticalPath),
    ("크리티컬 패스", FieldKind::CriticalPath),
    ("parallel opportunities", FieldKind::Parallel),
    ("requirements", FieldKind::Requirements),
    ("requirement", FieldKind::Requirements),
    ("validates", FieldKind::Requirements),
    ("需求", FieldKind::Requirements),
    ("要件", FieldKind::Requirements),
    ("요구사항", FieldKind::Requirements),
    ("requisitos", FieldKind::Requirements),
    ("exigences", FieldKind::Requirements),
    ("anforderungen", FieldKind::Requirements),
    ("parallélisation", FieldKind::Parallel),
];

/// Looks a label up in the built-in table and in `extra` (which wins), ignoring case, a
/// trailing colon and surrounding spaces.
pub fn classify_label(label: &str, extra: &[(String, FieldKind)]) -> FieldKind {
    let key = normalize_label(label);
    if let Some((_, kind)) = extra.iter().find(|(word, _)| normalize_label(word) == key) {
        return *kind;
    }
    LABELS
        .iter()
        .find(|(word, _)| *word == key)
        .map_or(FieldKind::Other, |(_, kind)| *kind)
}

/// Lower-cases a label and strips colons, a parenthesised note and whitespace around it.
pub fn normalize_label(label: &str) -> String {
    let mut text = label.trim().trim_end_matches([':', '：']).trim();
    if let Some(open) = text.find(['(', '（'])
        && open > 0
    {
        text = text[..open].trim();
    }
    text.to_lowercase()
}

/// One `label: value` pair found on a line, with byte ranges into that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawField {
    /// The label's text, without emphasis markers and colon.
    pub label: Range<usize>,
    /// The value, trimmed; empty (at the end of the label) when the value is on later lines.
    pub value: Range<usize>,
}

/// Finds the fields on one line whose list marker, block-quote marker and indentation have
/// already been removed. Recognises `**Label**: v`, `**Label:** v`, `**Label** : v`,
/// `**Label**：v`, `__Label__: v` and `**Label** (note): v`, and several on one line separated
/// by `|` or by the next bold label. A line that does not start with a bold label has no
/// fields, except a plain `Label: value` whose label is in `known` (`Depends on: T001`).
pub fn lex_field_line(line: &str, known: impl Fn(&str) -> bool) -> Vec<RawField> {
    let mut fields = Vec::new();
    let mut pos = leading_space(line, 0);
    // Kiro writes fields in italics: `_Requirements: 1.1, 2.3_`, `_Depends: 1.2_`.
    let trimmed = line.trim_end();
    if line[pos..].starts_with('_')
        && !line[pos..].starts_with("__")
        && trimmed.ends_with('_')
        && trimmed.len() > pos + 2
    {
        let inner_start = pos + 1;
        let inner = &line[inner_start..trimmed.len() - 1];
        return lex_field_line(inner, known)
            .into_iter()
            .map(|field| RawField {
                label: field.label.start + inner_start..field.label.end + inner_start,
                value: field.value.start + inner_start..field.value.end + inner_start,
            })
            .collect();
    }
    if let Some(first) = bold_label_at(line, pos) {
        pos = first.1;
        let mut current = first.0;
        loop {
            let value_start = leading_space(line, pos);
            let (value_end, next) = find_value_end(line, value_start);
            let value = trim_range(line, value_start..value_end);
            let value = if value.is_empty() {
                current.end..current.end
            } else {
                value
            };
            fields.push(RawField {
                label: current.clone(),
                value,
            });
            match next {
                Some(next_pos) => match bold_label_at(line, next_pos) {
                    Some((label, after)) => {
                        current = label;
                        pos = after;
                    }
                    None => break,
                },
                None => break,
            }
        }
        return fields;
    }
    if let Some(colon) = line[pos..].find([':', '：']).map(|i| i + pos) {
        let label = trim_range(line, pos..colon);
        if !label.is_empty() && label.len() <= 40 && known(&line[label.clone()]) {
            let colon_len = line[colon..].chars().next().map_or(1, char::len_utf8);
            let value = trim_range(line, colon + colon_len..line.len());
            let value = if value.is_empty() { label.end..label.end } else { value };
            fields.push(RawField { label, value });
        }
    }
    fields
}

/// Tries to read a bold label starting at `pos`: returns the label's range and the position
/// just after its colon.
fn bold_label_at(line: &str, pos: usize) -> Option<(Range<usize>, usize)> {
    let rest = &line[pos..];
    let marker = if rest.starts_with("**") {
        "**"
    } else if rest.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let inner_start = pos + 2;
    let close = line[inner_start..].find(marker)? + inner_start;
    let inner = &line[inner_start..close];
    if inner.is_empty() || inner.chars().count() > 48 || inner.contains('\n') {
        return None;
    }
    let after_close = close + 2;
    // `**Label:**` — the colon inside the emphasis.
    let inner_trimmed = inner.trim_end();
    if inner_trimmed.ends_with([':', '：']) {
        let colon_len = inner_trimmed.chars().next_back().map_or(1, char::len_utf8);
        let label = trim_range(line, inner_start..inner_start + inner_trimmed.len() - colon_len);
        if label.is_empty() {
            return None;
        }
        return Some((label, after_close));
    }
    // `**Label**: ...`, `**Label** : ...`, `**Label** (note): ...`.
    let mut cursor = leading_space(line, after_close);
    if line[cursor..].starts_with(['(', '（']) {
        let close_paren = line[cursor..].find([')', '）'])? + cursor;
        let paren_len = line[close_paren..].chars().next().map_or(1, char::len_utf8);
        cursor = leading_space(line, close_paren + paren_len);
    }
    let colon = line[cursor..].chars().next()?;
    if colon != ':' && colon != '：' {
        return None;
    }
    let label = trim_range(line, inner_start..close);
    if label.is_empty() {
        return None;
    }
    Some((label, cursor + colon.len_utf8()))
}

/// Finds where a value ends: at ` | ` followed by another bold label, at another bold label
/// followed by a colon, or at the end of the line. Returns the end and where the next label
/// starts, if there is one.
fn find_value_end(line: &str, start: usize) -> (usize, Option<usize>) {
    let mut i = start;
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with('|') || rest.starts_with('｜') {
            let after = leading_space(line, i + rest.chars().next().map_or(1, char::len_utf8));
            if bold_label_at(line, after).is_some() {
                return (i, Some(after));
            }
        } else if (rest.starts_with("**") || rest.starts_with("__"))
            && i > start
            && line[..i].ends_with(char::is_whitespace)
            && bold_label_at(line, i).is_some()
        {
            return (i, Some(i));
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    (line.len(), None)
}

fn leading_space(line: &str, pos: usize) -> usize {
    pos + line[pos..].len() - line[pos..].trim_start().len()
}

/// Shrinks a range to exclude surrounding whitespace.
pub fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    if start > end {
        range.start..range.start
    } else {
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn render(lines: &[&str]) -> String {
        let mut out = String::new();
        for line in lines {
            let fields = lex_field_line(line, |label| classify_label(label, &[]) != FieldKind::Other);
            out.push_str(&format!("{line:?}\n"));
            for field in fields {
                let label = &line[field.label.clone()];
                out.push_str(&format!(
                    "  {:?} {label:?} = {:?}\n",
                    classify_label(label, &[]),
                    &line[field.value]
                ));
            }
        }
        out
    }

    #[test]
    fn field_shapes() {
        let actual = render(&[
            "**Dependencies**: Task 1.1",
            "**Depends on:** 1.0",
            "**Charge** : 8h",
            "**预计工时**：2小时",
            "**Effort**: 2h | **Priority**: P1",
            "**Type**: Setup **Priority**: P0",
            "**Acceptance Criteria** (Definition of Done):",
            "**Esfuerzo**: 2-3 horas  ",
            "__Owner__: Ana",
            "Depends on: T012",
            "Note: this is prose",
            "**Bold text** in a sentence.",
            "**Description**:",
            "**Abhängigkeiten:** TASK-025, TASK-027",
        ]);
        expect![[r#"
            "**Dependencies**: Task 1.1"
              Dependencies "Dependencies" = "Task 1.1"
            "**Depends on:** 1.0"
              Dependencies "Depends on" = "1.0"
            "**Charge** : 8h"
              Estimate "Charge" = "8h"
            "**预计工时**：2小时"
              Estimate "预计工时" = "2小时"
            "**Effort**: 2h | **Priority**: P1"
              Estimate "Effort" = "2h"
              Priority "Priority" = "P1"
            "**Type**: Setup **Priority**: P0"
              Type "Type" = "Setup"
              Priority "Priority" = "P0"
            "**Acceptance Criteria** (Definition of Done):"
              AcceptanceCriteria "Acceptance Criteria" = ""
            "**Esfuerzo**: 2-3 horas  "
              Estimate "Esfuerzo" = "2-3 horas"
            "__Owner__: Ana"
              Assignee "Owner" = "Ana"
            "Depends on: T012"
              Dependencies "Depends on" = "T012"
            "Note: this is prose"
            "**Bold text** in a sentence."
            "**Description**:"
              Description "Description" = ""
            "**Abhängigkeiten:** TASK-025, TASK-027"
              Dependencies "Abhängigkeiten" = "TASK-025, TASK-027"
        "#]]
        .assert_eq(&actual);
    }

    #[test]
    fn extra_labels_extend_and_override_the_table() {
        let extra = vec![("Voraussetzung".to_string(), FieldKind::Dependencies)];
        assert_eq!(classify_label("Voraussetzung:", &extra), FieldKind::Dependencies);
        assert_eq!(classify_label("  ESTIMATE ", &extra), FieldKind::Estimate);
        assert_eq!(classify_label("Flavour", &extra), FieldKind::Other);
    }
}
