//! Recognises task headings, phase headings and list-item tasks from their inline text, and
//! splits each into an identifier, a title and the decorations around them.
//!
//! The input of [`parse_task_heading`] and [`parse_phase_heading`] is a heading's content with
//! the `#` marker and the surrounding whitespace already removed, such as
//! `Task 1.1: Set up schema ✅ COMPLETE`. The input of [`parse_list_item_task`] is the text of a
//! list item after its marker and checkbox, such as `**0.1** ✅ Title`.
//!
//! Every lexer here is a small hand-written scanner. Each one reads, in order, the decorations in
//! front of the heading (emoji, a checkbox, emphasis markers), a task or phase word, an
//! identifier, an optional separator, and then the title. The title is trimmed from both ends:
//! emoji, status phrases such as `✅ COMPLETE`, and bracketed groups that hold a status, a
//! priority or an estimate are moved out of it into [`TaskHeading::decorations`]. The words the
//! scanners know live in `const` tables near the top of the file.
//!
//! The lexers are pure and total: they never panic, and every range they return is a byte range
//! into the input string whose ends lie on char boundaries.

use std::ops::Range;

/// How sure the lexer is that a heading is a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskConfidence {
    /// A task word or an ID shape that only tasks use: `Task 1.1`, `Tarea 2.1`, `任务 1`, `TASK-002`,
    /// `Story #520`, `T0 — ...`.
    Explicit,
    /// A bare section number such as `2.4 Title`: a task only if the caller finds task fields under
    /// it or a phase above it.
    ///
    /// A heading that starts with a prefixed ID whose prefix is not a task word, such as
    /// `FND-001 — Title`, is reported with this confidence too.
    BareNumber,
}

/// A task heading or list-item task, split into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskHeading {
    /// The identifier as written, without the task word, `#` or brackets (`1.1`, `029`, `2.1a`,
    /// `I-1.2`, `7.6` for `Task #7.6`, `TASK-002`, `A.1`, `3`, `T0`).
    pub id: Range<usize>,
    /// The title, trimmed, with separators (`:`, `：`, ` - `, ` — `, ` – `) and decorations removed;
    /// empty range (at the end) when there is none (`Task 3:`).
    pub title: Range<usize>,
    /// Decorations kept out of the title: status marks and words (`✅ COMPLETE`, `✅`, `🔴 BLOCKER`,
    /// `(BLOCKING)`, `⭐ **HIGH PRIORITY**`, `[DONE]`, `(P0)`), emoji at either end. Each as its own
    /// range.
    ///
    /// A bracketed group that holds the estimate or the priority is a decoration as a whole,
    /// brackets included; [`TaskHeading::estimate`] and [`TaskHeading::priority`] point inside
    /// it. The ranges are sorted by their start.
    pub decorations: Vec<Range<usize>>,
    /// An estimate written in the heading, like `[2h]` or `(3 days)`: the range of the text inside
    /// the brackets.
    pub estimate: Option<Range<usize>>,
    /// A priority written in the heading, like `（优先级：P0）`, `(P1)`, `[P0]`: the range of `P0`.
    pub priority: Option<Range<usize>>,
    /// True when the heading marks the task done (`✅`, `✅ COMPLETE`, `[x]`, `DONE`, `(COMPLETED)`).
    pub done: bool,
    /// True when the heading strikes the task through (`~~Task 1.1: Title~~`, `~~T051~~`,
    /// `**2.1** ~~Title~~`): the task is cancelled, neither counted nor scheduled.
    pub cancelled: bool,
    /// How sure the lexer is that this is a task.
    pub confidence: TaskConfidence,
}

/// A phase heading, such as:
///
/// - `Phase 1: Foundation & Setup`, `Phase I: Console Application`,
///   `FASE 0: CONFIGURACIÓN INICIAL`, `Fase 2: ... (4-5 días)`, `フェーズ1: セットアップ`;
/// - `3. Phase 0 — Decisions`, `Phase 2: 이미지 추출 (12개 태스크, 6시간)`, `📋 Track 1: Setup`;
/// - `Batch 1: Create X ✅ COMPLETE`, `Sprint 2`, `Stage 1`, `Milestone 2: ...`, `阶段一`, `단계 1`.
///
/// The phase words the lexer knows are in `PHASE_WORDS`; besides the ones above they include
/// `Group` and `Category`, which some documents use in the same place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseHeading {
    /// The phase's identifier as written: `1`, `I`, `0`, `1.5`, `2` (no word).
    pub id: Range<usize>,
    /// The title without separators and decorations (may be empty).
    pub title: Range<usize>,
    /// Decorations kept out of the title, as in [`TaskHeading::decorations`].
    pub decorations: Vec<Range<usize>>,
    /// An estimate in brackets or parentheses in the heading: the range of a bracketed or
    /// parenthesised text that is entirely a duration (`[8h]`, `(4-5 días)`, `(3 weeks)`), or of
    /// the last comma-separated part of such a text when that part is a duration (`6시간` in
    /// `(12개 태스크, 6시간)`).
    pub estimate: Option<Range<usize>>,
    /// True when the phase word orders the work (`Phase`, `Sprint`, `Stage`, `Batch`), false
    /// for a word that names an area worked on side by side (`Track`, `Group`, `Category`).
    pub ordered: bool,
}

/// Words that introduce a task ID, matched case-insensitively.
///
/// Words written in a CJK script may be glued to the ID (`任务1`); Latin words must be followed
/// by whitespace, `#` or the ID's first digit.
const TASK_WORDS: &[&str] = &[
    "task",
    "subtask",
    "story",
    "tarea",
    "subtarea",
    "tarefa",
    "tâche",
    "tache",
    "aufgabe",
    "taak",
    "任务",
    "任務",
    "タスク",
    "태스크",
    "작업",
];

/// Words that introduce a phase ID, matched case-insensitively.
const PHASE_WORDS: &[&str] = &[
    "phase",
    "fase",
    "stage",
    "sprint",
    "milestone",
    "batch",
    "track",
    "group",
    "category",
    "iteration",
    "etapa",
    "étape",
    "etappe",
    "フェーズ",
    "段階",
    "阶段",
    "階段",
    "단계",
    "페이즈",
];

/// Phase words that name areas of work rather than steps in order: their sections run side by
/// side unless the document orders them.
const AREA_WORDS: &[&str] = &["track", "group", "category"];

/// Status words and phrases, with whether each marks the task done.
///
/// After an emoji or inside brackets they match case-insensitively (`✅ Complete`,
/// `(Completed)`); alone at the end of a title the ASCII ones must be written in capitals
/// (`Title DONE`), so that ordinary title words are left alone.
const STATUS_WORDS: &[(&str, bool)] = &[
    ("COMPLETE", true),
    ("COMPLETED", true),
    ("DONE", true),
    ("FINISHED", true),
    ("RESOLVED", true),
    ("COMPLETADO", true),
    ("COMPLETADA", true),
    ("HECHO", true),
    ("TERMINADO", true),
    ("TERMINÉ", true),
    ("TERMINÉE", true),
    ("ERLEDIGT", true),
    ("FERTIG", true),
    ("完了", true),
    ("完成", true),
    ("已完成", true),
    ("완료", true),
    ("BLOCKER", false),
    ("BLOCKING", false),
    ("BLOCKED", false),
    ("WIP", false),
    ("IN PROGRESS", false),
    ("IN-PROGRESS", false),
    ("TODO", false),
    ("TO DO", false),
    ("PENDING", false),
    ("NOT STARTED", false),
    ("HIGH PRIORITY", false),
    ("MEDIUM PRIORITY", false),
    ("LOW PRIORITY", false),
    ("OPTIONAL", false),
    ("SKIPPED", false),
    ("DEFERRED", false),
    ("CANCELLED", false),
    ("CANCELED", false),
    ("EN PROGRESO", false),
    ("PENDIENTE", false),
    ("EN COURS", false),
    ("进行中", false),
    ("進行中", false),
    ("未完成", false),
    ("未着手", false),
    ("진행중", false),
    ("진행 중", false),
];

/// Status words that are also ordinary title words (`Remove TODO`), so they count as a status
/// only after an emoji or inside brackets.
const NOT_BARE_STATUS: &[&str] = &["TODO", "TO DO"];

/// Emoji that mark a task done when they decorate its heading.
const DONE_EMOJI: &[char] = &['✅', '✔', '☑', '✓'];

/// Labels that may precede a priority inside brackets (`（优先级：P0）`, `(Priority: P1)`).
const PRIORITY_LABELS: &[&str] = &[
    "priority",
    "prioridad",
    "prioridade",
    "priorité",
    "priorität",
    "prio",
    "优先级",
    "優先級",
    "優先度",
    "우선순위",
];

/// Unit words a duration may end with, matched case-insensitively; the longest match wins.
const DURATION_UNITS: &[&str] = &[
    // English.
    "m",
    "min",
    "mins",
    "minute",
    "minutes",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "d",
    "day",
    "days",
    "w",
    "wk",
    "wks",
    "week",
    "weeks",
    "mo",
    "month",
    "months",
    "sp",
    "pt",
    "pts",
    "point",
    "points",
    // Spanish and Portuguese.
    "minuto",
    "minutos",
    "hora",
    "horas",
    "día",
    "días",
    "dia",
    "dias",
    "semana",
    "semanas",
    "mes",
    "meses",
    // French.
    "heure",
    "heures",
    "jour",
    "jours",
    "j",
    "semaine",
    "semaines",
    "mois",
    // German.
    "std",
    "stunde",
    "stunden",
    "tag",
    "tage",
    "arbeitstag",
    "arbeitstage",
    "woche",
    "wochen",
    "monat",
    "monate",
    // Chinese and Japanese.
    "分钟",
    "分鐘",
    "分",
    "小时",
    "小時",
    "个小时",
    "時間",
    "时",
    "時",
    "天",
    "人天",
    "人日",
    "日",
    "日間",
    "周",
    "週",
    "週間",
    "个月",
    "ヶ月",
    "か月",
    // Korean.
    "분",
    "시간",
    "일",
    "주",
    "개월",
];

/// Bracket pairs whose groups the title scanner looks at.
const BRACKETS: &[(char, char)] = &[('(', ')'), ('[', ']'), ('（', '）'), ('【', '】')];

/// Emphasis markers that may wrap a whole heading, an ID or a title. `__` is left out because
/// it is more often part of a name (`__init__`) than emphasis in a heading.
const WRAPPERS: &[&str] = &["**", "~~"];

/// Lexes a heading's text as a task heading.
///
/// Returns `None` for headings that are not tasks, such as `Task List`, `Tasks`,
/// `Task X.Y: [Title]` (a template placeholder), `2024 roadmap` or `3. Phase 0 — Decisions`.
pub fn parse_task_heading(text: &str) -> Option<TaskHeading> {
    let mut parts = Parts::default();
    let frame = open_frame(text, &mut parts);
    let (start, end) = (frame.start, frame.end);
    let head = task_head(text, start, end)?;
    let mut pending = frame.pending;
    let title_start = after_id(text, head.after, end, &mut pending, &mut parts, head.needs)?;
    if head.needs == Needs::Separator && !matches!(title_start, TitleStart::Separated(_)) {
        return None;
    }
    let (title_start, title_end) = title_start.region(end);
    let title = split_title(text, title_start, title_end, &mut parts);
    if head.confidence == TaskConfidence::BareNumber {
        // A numbered section needs a title, and one that is a phase
        // (`3. Phase 0 — Decisions`) is not a task.
        if title.is_empty() || parse_phase_heading(&text[title.clone()]).is_some() {
            return None;
        }
    }
    Some(parts.into_task(head.id, title, head.confidence))
}

/// Lexes a heading's text as a phase heading.
///
/// Headings about a phase, or about several, are not phases and give `None`:
/// `Phase 2 Complete When:`, `Phase I Overview`, `Phase I Checkpoint`,
/// `Phase 1 Checkpoint: Foundation`, `Phase 1-3: Local SQLite Only`, `Phase 5+ (Team): ...`,
/// `Phase IV & V`, `Estado por Fase`, `Next Phase`, `フェーズ別進捗`. Words may follow the ID
/// only after a separator, unless they are all decorations (`Phase 2 ✅`) or one parenthesised
/// title (`Phase 3 (Développement)`).
pub fn parse_phase_heading(text: &str) -> Option<PhaseHeading> {
    let mut parts = Parts::default();
    let frame = open_frame(text, &mut parts);
    let (mut i, end) = (frame.start, frame.end);
    // A section number in front of the phase word (`3. Phase 0 — Decisions`) is skipped.
    if byte_at(text, i, end).is_some_and(|b| b.is_ascii_digit()) {
        let mut j = i;
        while byte_at(text, j, end).is_some_and(|b| b.is_ascii_digit() || b == b'.') {
            j += 1;
        }
        if char_at(text, j, end).is_some_and(char::is_whitespace) {
            i = skip_ws(text, j, end);
        }
    }
    let word_end = match_word(text, i, end, PHASE_WORDS)?;
    let glued = is_cjk_word(&text[i..word_end]);
    let mut k = match char_at(text, word_end, end) {
        Some(c) if c.is_whitespace() || c == '#' || c.is_ascii_digit() => word_end,
        Some(_) if glued => word_end,
        _ => return None,
    };
    k = skip_ws(text, k, end);
    if byte_at(text, k, end) == Some(b'#') {
        k = skip_ws(text, k + 1, end);
    }
    let id_end = lex_phase_id(text, k, end)?;
    let mut pending = frame.pending;
    let title_start = after_id(text, id_end, end, &mut pending, &mut parts, Needs::Nothing)?;
    let (a, b) = title_start.region(end);
    let title = split_title(text, a, b, &mut parts);
    // Words after the ID without a separator make a heading about a phase, not a phase:
    // `Phase I Overview`, `Phase 2 Complete When:`.
    if matches!(title_start, TitleStart::Bare(_)) && !title.is_empty() {
        return None;
    }
    parts.decorations.sort_by_key(|r| (r.start, r.end));
    let ordered = !AREA_WORDS.iter().any(|w| eq_ci(&text[i..word_end], w));
    Some(PhaseHeading {
        id: k..id_end,
        title,
        decorations: parts.decorations,
        estimate: parts.estimate,
        ordered,
    })
}

/// Lexes the text of a list item (after `- ` and an optional `[ ] `/`[x] `) as a task.
///
/// Only the bold-ID forms are tasks here: a bold span at the start whose content is an ID
/// (`**0.1** ✅ Title`, `**T001** Title`), or an ID, a separator (` — `, ` - `, `: `) and a title
/// inside one bold span (`**DEC-001 — Title.**`). Spec-kit items (`T001 [P] ...` without bold)
/// are handled elsewhere. Ordinary bullets such as `**Type**: Setup` (a field label) or
/// `**Note**: ...` give `None`.
///
/// The ID inside the bold span may carry a task word (`**Task 1.1**: Title`). A plain integer
/// without a task word (`**3** files`) is not an ID here. When the title is inside the bold span,
/// one final period is dropped from it (`Title.` becomes `Title`), and the text after the span
/// only contributes decorations, an estimate or a priority. The result is always
/// [`TaskConfidence::Explicit`].
pub fn parse_list_item_task(text: &str) -> Option<TaskHeading> {
    let end = trim_back(text, 0, text.len());
    let open = skip_ws(text, 0, end);
    let marker = ["**", "__"].into_iter().find(|m| text[open..end].starts_with(m))?;
    let content_start = open + marker.len();
    let close = content_start + text.get(content_start..end)?.find(marker)?;
    let (ca, cb) = (
        skip_ws(text, content_start, close),
        trim_back(text, content_start, close),
    );
    if ca >= cb {
        return None;
    }
    let (id, after) = match task_word_id(text, ca, cb) {
        Some(found) => found,
        None => {
            let (id_end, shape) = lex_id(text, ca, cb)?;
            if shape == IdShape::Number {
                return None;
            }
            (ca..id_end, id_end)
        }
    };
    let mut parts = Parts::default();
    let rest_start = close + marker.len();
    let k = skip_ws(text, after, cb);
    let id_alone = k == cb
        || (matches!(char_at(text, k, cb), Some(':' | '：' | '.')) && skip_ws(text, k + char_len(text, k), cb) == cb);
    let title = if id_alone {
        // `**0.1** ✅ Title`: the title follows the bold span.
        let mut r = skip_ws(text, rest_start, end);
        if let Some(sep) = lex_separator(text, r, end) {
            r = sep;
        }
        split_title(text, r, end, &mut parts)
    } else {
        // `**DEC-001 — Title.**`: the title is inside the bold span.
        if reject_after_id(text, after, cb) {
            return None;
        }
        let title_start = match lex_separator(text, k, cb) {
            Some(sep) => sep,
            None if k > after => k,
            None => return None,
        };
        let mut title = split_title(text, title_start, cb, &mut parts);
        if title.len() > 1 && text[title.clone()].ends_with('.') {
            title.end = trim_back(text, title.start, title.end - 1);
        }
        let mut extra = Parts::default();
        split_title(text, rest_start, end, &mut extra);
        parts.merge(extra);
        title
    };
    Some(parts.into_task(id, title, TaskConfidence::Explicit))
}

/// The decorations, estimate, priority and done flag gathered while scanning a heading.
#[derive(Debug, Default)]
struct Parts {
    decorations: Vec<Range<usize>>,
    estimate: Option<Range<usize>>,
    priority: Option<Range<usize>>,
    done: bool,
    cancelled: bool,
}

impl Parts {
    /// Records a bracketed group as a decoration, and its estimate, priority or status.
    fn take_group(&mut self, group: &Group, kind: GroupKind) {
        self.decorations.push(group.open..group.end);
        match kind {
            GroupKind::Priority(range) => {
                self.priority.get_or_insert(range);
            }
            GroupKind::Estimate(range) => {
                self.estimate.get_or_insert(range);
            }
            GroupKind::Status { done } => self.done |= done,
            GroupKind::Note => {}
        }
    }

    /// Adds the decorations and values of `other`, keeping values already found.
    fn merge(&mut self, other: Parts) {
        self.decorations.extend(other.decorations);
        self.estimate = self.estimate.take().or(other.estimate);
        self.priority = self.priority.take().or(other.priority);
        self.done |= other.done;
        self.cancelled |= other.cancelled;
    }

    /// Builds the task heading from the parts and the ID and title found.
    fn into_task(mut self, id: Range<usize>, title: Range<usize>, confidence: TaskConfidence) -> TaskHeading {
        self.decorations.sort_by_key(|r| (r.start, r.end));
        TaskHeading {
            id,
            title,
            decorations: self.decorations,
            estimate: self.estimate,
            priority: self.priority,
            done: self.done,
            cancelled: self.cancelled,
            confidence,
        }
    }
}

/// The part of a heading left after its leading and trailing decorations and wrappers.
struct Frame {
    /// Where the task or phase word (or ID) starts.
    start: usize,
    /// Where the title region ends.
    end: usize,
    /// An emphasis marker opened in front of the ID whose closing marker is not at the end,
    /// as in `**Task 1.1**: Title`; the scanner skips it after the ID or the separator.
    pending: Option<&'static str>,
}

/// Reads the decorations and wrappers around a heading: emoji and checkboxes in front, emoji at
/// the end, and emphasis markers that wrap the whole heading (`~~Task 1.1: Title~~` is
/// cancelled, and so is a struck ID, `~~T051~~ Title`).
fn open_frame(s: &str, parts: &mut Parts) -> Frame {
    let mut start = skip_ws(s, 0, s.len());
    let mut end = trim_back(s, start, s.len());
    let mut pending = None;
    while start < end {
        if let Some(e) = emoji_end(s, start, end) {
            parts.decorations.push(start..e);
            parts.done |= is_done_emoji(s, start, e);
            start = skip_ws(s, e, end);
            continue;
        }
        if let Some(group) = group_forward(s, start, end)
            && group.open_char == '['
            && let Some(done) = checkbox(s, &group)
        {
            parts.decorations.push(group.open..group.end);
            parts.done |= done;
            start = skip_ws(s, group.end, end);
            continue;
        }
        if let Some(e) = emoji_start_back(s, start, end)
            && e > start
        {
            parts.decorations.push(e..end);
            parts.done |= is_done_emoji(s, e, end);
            end = trim_back(s, start, e);
            continue;
        }
        if pending.is_none()
            && let Some(marker) = WRAPPERS.iter().copied().find(|m| s[start..end].starts_with(m))
        {
            let inner = start + marker.len();
            if end >= inner + marker.len() && s[inner..end].ends_with(marker) {
                parts.cancelled |= marker == "~~";
                start = skip_ws(s, inner, end);
                end = trim_back(s, start, end - marker.len());
            } else {
                parts.cancelled |= marker == "~~";
                pending = Some(marker);
                start = skip_ws(s, inner, end);
            }
            continue;
        }
        break;
    }
    Frame {
        start,
        end: end.max(start),
        pending,
    }
}

/// What must follow an ID for the heading to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Needs {
    /// Anything may follow: `Task 1.1 Title`.
    Nothing,
    /// A separator must follow: `T0 — Title`, `FND-001: Title`.
    Separator,
    /// A period must follow: `2. Title`.
    Period,
}

/// The ID of a task heading and how the heading must go on.
struct TaskHead {
    id: Range<usize>,
    /// Where the text after the ID starts: the ID's end, or the end of `[Task 1.1]`.
    after: usize,
    confidence: TaskConfidence,
    needs: Needs,
}

/// Reads the task word and ID (or an ID alone) at `i`.
fn task_head(s: &str, i: usize, end: usize) -> Option<TaskHead> {
    // `[Task 1.1] Title`.
    if let Some(group) = group_forward(s, i, end)
        && group.open_char == '['
    {
        let (id, after) = task_word_id(s, group.inner.start, group.inner.end)?;
        if skip_ws(s, after, group.inner.end) != group.inner.end {
            return None;
        }
        return Some(TaskHead {
            id,
            after: group.end,
            confidence: TaskConfidence::Explicit,
            needs: Needs::Nothing,
        });
    }
    // `TASK-002: Title` or `FND-001 — Title`.
    if let Some((id_end, shape)) = lex_id(s, i, end) {
        let head = |confidence, needs| {
            Some(TaskHead {
                id: i..id_end,
                after: id_end,
                confidence,
                needs,
            })
        };
        return match shape {
            IdShape::Prefixed { task_word: true } => head(TaskConfidence::Explicit, Needs::Nothing),
            IdShape::Prefixed { task_word: false } => head(TaskConfidence::BareNumber, Needs::Separator),
            IdShape::TNumber => head(TaskConfidence::Explicit, Needs::Separator),
            IdShape::Dotted => head(TaskConfidence::BareNumber, Needs::Nothing),
            IdShape::Number => head(TaskConfidence::BareNumber, Needs::Period),
            IdShape::LetterPath => None,
        };
    }
    let (id, after) = task_word_id(s, i, end)?;
    Some(TaskHead {
        id,
        after,
        confidence: TaskConfidence::Explicit,
        needs: Needs::Nothing,
    })
}

/// Reads a task word, an optional `#` and an ID at `i`; returns the ID's range and its end.
fn task_word_id(s: &str, i: usize, end: usize) -> Option<(Range<usize>, usize)> {
    let word_end = match_word(s, i, end, TASK_WORDS)?;
    let glued = is_cjk_word(&s[i..word_end]);
    match char_at(s, word_end, end) {
        Some(c) if c.is_whitespace() || c == '#' || c.is_ascii_digit() => {}
        Some(_) if glued => {}
        _ => return None,
    }
    let mut k = skip_ws(s, word_end, end);
    if byte_at(s, k, end) == Some(b'#') {
        k = skip_ws(s, k + 1, end);
    }
    let (id_end, _) = lex_id(s, k, end)?;
    Some((k..id_end, id_end))
}

/// Where the title starts, and whether a separator came before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TitleStart {
    /// After a separator (`Task 1.1: Title`, `Task 3:`).
    Separated(usize),
    /// Right after the ID and whitespace (`Task 1.1 Title`).
    Bare(usize),
    /// Inside the one parenthesised group that follows the ID (`Phase 3 (Développement)`).
    Wrapped(usize, usize),
    /// Nothing follows the ID (`Sprint 2`).
    End,
}

impl TitleStart {
    /// The title region, given the end of the heading.
    fn region(self, end: usize) -> (usize, usize) {
        match self {
            TitleStart::Separated(p) | TitleStart::Bare(p) => (p, end),
            TitleStart::Wrapped(a, b) => (a, b),
            TitleStart::End => (end, end),
        }
    }
}

/// Reads what follows an ID up to the title: a closing emphasis marker, bracketed groups that
/// sit before a separator (`Phase 1 (A): Title`), and the separator itself. Returns `None` when
/// the ID is part of a range or a list (`Phase 1-3`, `Phase 5+`, `Phase IV & V`).
fn after_id(
    s: &str,
    id_end: usize,
    end: usize,
    pending: &mut Option<&'static str>,
    parts: &mut Parts,
    needs: Needs,
) -> Option<TitleStart> {
    if reject_after_id(s, id_end, end) {
        return None;
    }
    if needs == Needs::Period {
        // `2. Title`: the period must follow the number at once.
        if byte_at(s, id_end, end) != Some(b'.') {
            return None;
        }
        let sep = lex_separator(s, id_end, end)?;
        return Some(TitleStart::Separated(skip_pending(s, sep, end, pending)));
    }
    let after_ws = skip_pending(s, id_end, end, pending);
    let mut groups = Vec::new();
    let mut g = after_ws;
    while let Some(group) = group_forward(s, g, end) {
        g = skip_ws(s, group.end, end);
        groups.push(group);
    }
    let mut k = after_ws;
    if let [group] = groups.as_slice()
        && g == end
        && matches!(classify_group(s, group), None | Some(GroupKind::Note))
    {
        // `Phase 3 (Développement)`: the group is the title.
        return Some(TitleStart::Wrapped(group.inner.start, group.inner.end));
    }
    if !groups.is_empty() && (g == end || lex_separator(s, g, end).is_some()) {
        for group in &groups {
            let kind = classify_group(s, group).unwrap_or(GroupKind::Note);
            parts.take_group(group, kind);
        }
        k = g;
    }
    if matches!(
        char_at(s, k, end),
        Some('&' | ',' | '，' | '、' | '/' | '+' | '~' | '〜')
    ) {
        return None;
    }
    if k == end {
        return Some(TitleStart::End);
    }
    Some(match lex_separator(s, k, end) {
        Some(sep) => TitleStart::Separated(skip_pending(s, sep, end, pending)),
        None => TitleStart::Bare(k),
    })
}

/// Returns true when the text right after an ID shows that the ID is one end of a range or a
/// combination (`1-3`, `5+`).
fn reject_after_id(s: &str, id_end: usize, end: usize) -> bool {
    match char_at(s, id_end, end) {
        Some('+') => true,
        Some(c @ ('-' | '–' | '~' | '〜')) => {
            char_at(s, id_end + c.len_utf8(), end).is_some_and(|d| d.is_ascii_digit())
        }
        _ => false,
    }
}

/// Skips whitespace and the closing emphasis marker left open in front of the ID, if it is next.
fn skip_pending(s: &str, i: usize, end: usize, pending: &mut Option<&'static str>) -> usize {
    let k = skip_ws(s, i, end);
    if let Some(marker) = *pending
        && s[k..end].starts_with(marker)
    {
        *pending = None;
        return skip_ws(s, k + marker.len(), end);
    }
    k
}

/// Reads a separator between an ID and a title at `i` and returns its end, after whitespace.
fn lex_separator(s: &str, i: usize, end: usize) -> Option<usize> {
    let c = char_at(s, i, end)?;
    let after = i + c.len_utf8();
    let spaced = || char_at(s, after, end).is_none_or(char::is_whitespace);
    let ok = match c {
        ':' | '：' | '|' | '—' | '–' => true,
        '-' | '.' => spaced(),
        _ => false,
    };
    ok.then(|| skip_ws(s, after, end))
}

/// The kind of ID a scanner found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdShape {
    /// A plain number: `3`, `029`, `3a`.
    Number,
    /// A dotted number path: `1.1`, `2.1a`, `9.1.1`.
    Dotted,
    /// Letters, a hyphen and a number path: `TASK-002`, `DEC-001`, `I-1.2`.
    Prefixed {
        /// Whether the letters are a task word (`TASK`, `Task`).
        task_word: bool,
    },
    /// A capital letter, a period and a number path: `A.1`.
    LetterPath,
    /// `T` and a number path: `T0`, `T001`.
    TNumber,
}

/// Reads an ID at `i` with the shared grammar ([`crate::lex::id`]) and returns its end and
/// shape. The ID must end at a word boundary; a prefix before a hyphen is a task word or
/// capitals, and the only capitals glued to a number are `T`'s (`T001`, `T007.1`).
fn lex_id(s: &str, i: usize, end: usize) -> Option<(usize, IdShape)> {
    use crate::lex::id::IdShape as Grammar;
    let text = s.get(..end)?;
    let id = crate::lex::id::scan_id(text, i)?;
    if id.wildcard_end.is_some() {
        return None;
    }
    let prefix = &s[i..i + id.prefix_len];
    let shape = match id.shape {
        Grammar::Number => IdShape::Number,
        Grammar::Dotted => IdShape::Dotted,
        Grammar::LetterPath => IdShape::LetterPath,
        Grammar::Glued if prefix == "T" => IdShape::TNumber,
        Grammar::Glued => return None,
        Grammar::Prefixed => {
            let letters = prefix.trim_end_matches('-');
            let task_word = TASK_WORDS.iter().any(|w| w.eq_ignore_ascii_case(letters));
            if !task_word && !id.prefix_upper {
                return None;
            }
            IdShape::Prefixed { task_word }
        }
    };
    id_boundary(s, id.end, end).then_some((id.end, shape))
}

/// Returns true when an ID ending at `k` ends at a word boundary: no letter, digit or `_`
/// follows, nor a `-`, `.`, `/` or `–` glued to more of a word (`1.1x2`, `1.Title`).
fn id_boundary(s: &str, k: usize, end: usize) -> bool {
    match char_at(s, k, end) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(c @ ('-' | '–' | '.' | '/')) => !char_at(s, k + c.len_utf8(), end).is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Reads a phase ID at `i`: a number (`1`, `0`, `1.5`), a Roman numeral (`I`, `IV`), one capital
/// letter (`A`) or Chinese numerals (`一`). Returns its end.
fn lex_phase_id(s: &str, i: usize, end: usize) -> Option<usize> {
    let at = |k: usize| byte_at(s, k, end);
    let mut k = i;
    if at(k).is_some_and(|b| b.is_ascii_digit()) {
        while at(k).is_some_and(|b| b.is_ascii_digit()) {
            k += 1;
        }
        if at(k) == Some(b'.') && at(k + 1).is_some_and(|b| b.is_ascii_digit()) {
            k += 1;
            while at(k).is_some_and(|b| b.is_ascii_digit()) {
                k += 1;
            }
        }
    } else if at(k).is_some_and(|b| b.is_ascii_uppercase()) {
        while at(k).is_some_and(|b| b.is_ascii_uppercase()) {
            k += 1;
        }
        let roman = s[i..k].bytes().all(|b| b"IVXLC".contains(&b));
        if k - i > 1 && !(roman && k - i <= 6) {
            return None;
        }
    } else {
        while let Some(c) = char_at(s, k, end)
            && "〇零一二三四五六七八九十百".contains(c)
        {
            k += c.len_utf8();
        }
        if k == i {
            return None;
        }
        return Some(k);
    }
    match char_at(s, k, end) {
        Some(c) if c.is_alphanumeric() || c == '_' => None,
        _ => Some(k),
    }
}

/// Splits the title region `start..end` into a title and decorations, which go into `parts`.
/// Returns the title, trimmed; when it is empty, the empty range at `end`.
fn split_title(s: &str, start: usize, end: usize, parts: &mut Parts) -> Range<usize> {
    let end = end.max(start);
    let mut a = skip_ws(s, start, end);
    let mut b = trim_back(s, a, end);
    // Every step below removes at least one character, so the loop ends; the bound is a guard.
    for _ in 0..=s.len() {
        a = skip_ws(s, a, b);
        b = trim_back(s, a, b);
        if a >= b {
            break;
        }
        // Trailing status phrase: `✅ COMPLETE`, `⭐ **HIGH PRIORITY**`, `DONE`.
        if let Some((p, done)) = status_phrase_back(s, a, b) {
            parts.decorations.push(p..b);
            parts.done |= done;
            b = p;
            continue;
        }
        // Trailing emoji.
        if let Some(p) = emoji_start_back(s, a, b) {
            parts.decorations.push(p..b);
            parts.done |= is_done_emoji(s, p, b);
            b = p;
            continue;
        }
        // Trailing bracketed group that holds a status, priority, estimate or note.
        if let Some(group) = group_back(s, a, b)
            && let Some(kind) = classify_group(s, &group)
        {
            parts.take_group(&group, kind);
            b = group.open;
            continue;
        }
        // Leading emoji.
        if let Some(e) = emoji_end(s, a, b) {
            parts.decorations.push(a..e);
            parts.done |= is_done_emoji(s, a, e);
            a = e;
            continue;
        }
        // Leading bracketed group that holds a checkbox, status, priority or estimate.
        if let Some(group) = group_forward(s, a, b)
            && let Some(kind) = classify_group(s, &group)
            && kind != GroupKind::Note
        {
            parts.take_group(&group, kind);
            a = group.end;
            continue;
        }
        // Separators left dangling by removed decorations: `Title - ✅ DONE`.
        if let Some((p, c)) = prev_char(s, a, b)
            && (matches!(c, ':' | '：' | '|' | ',' | '，' | '、' | ';')
                || (matches!(c, '-' | '—' | '–')
                    && (p == a || prev_char(s, a, p).is_some_and(|(_, d)| d.is_whitespace()))))
        {
            b = p;
            continue;
        }
        if let Some(c) = char_at(s, a, b)
            && matches!(c, ':' | '：' | '|' | '-' | '—' | '–')
            && char_at(s, a + c.len_utf8(), b).is_none_or(char::is_whitespace)
        {
            a += c.len_utf8();
            continue;
        }
        // A title wrapped in emphasis or strikethrough: `~~Title~~` is cancelled.
        if let Some(marker) = WRAPPERS.iter().copied().find(|m| {
            let t = &s[a..b];
            t.len() > 2 * m.len() && t.starts_with(m) && t.ends_with(m) && !t[m.len()..t.len() - m.len()].contains(m)
        }) {
            parts.cancelled |= marker == "~~";
            a += marker.len();
            b -= marker.len();
            continue;
        }
        break;
    }
    if a >= b { end..end } else { a..b }
}

/// Finds a status phrase at the end of `a..b` and returns its start and whether it marks the
/// task done. The phrase is either an emoji followed by status-like words (`✅ COMPLETE`,
/// `⏳ DEPENDS ON MIGRATION`, `⭐ **HIGH PRIORITY**`), or a capitalised status phrase from
/// `STATUS_WORDS` after some title text (`Title DONE`).
fn status_phrase_back(s: &str, a: usize, b: usize) -> Option<(usize, bool)> {
    // Collects up to eight whitespace-separated tokens from the end, last first.
    let mut tokens: Vec<Range<usize>> = Vec::new();
    let mut j = b;
    while tokens.len() < 8 {
        j = trim_back(s, a, j);
        if j <= a {
            break;
        }
        let mut t = j;
        while let Some((p, c)) = prev_char(s, a, t)
            && !c.is_whitespace()
        {
            t = p;
        }
        tokens.push(t..j);
        j = t;
    }
    let mut words: Vec<&str> = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        let emoji_only = emoji_run_end(s, token.start, token.end) == Some(token.end);
        if emoji_only && n > 0 {
            let phrase = words
                .iter()
                .rev()
                .copied()
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let known =
                status_entry(&phrase).is_some() || words.iter().all(|w| w.is_empty() || status_entry(w).is_some());
            let titled = trim_back(s, a, token.start) > a;
            if known || titled {
                let done = is_done_emoji(s, token.start, token.end)
                    || status_entry(&phrase).is_some_and(|d| d)
                    || words.iter().any(|w| status_entry(w).is_some_and(|d| d));
                return Some((token.start, done));
            }
            break;
        }
        let word = s[token.clone()].trim_matches(|c| c == '*' || c == '_');
        if !status_like(word) {
            break;
        }
        words.push(word);
    }
    // A capitalised phrase from the table, possibly in bold, after some title text.
    let t = &s[a..b];
    for &(phrase, done) in STATUS_WORDS {
        if NOT_BARE_STATUS.contains(&phrase) {
            continue;
        }
        for marker in ["", "**"] {
            let Some(rest) = t
                .strip_suffix(marker)
                .and_then(|t| t.strip_suffix(phrase))
                .and_then(|t| t.strip_suffix(marker))
            else {
                continue;
            };
            let p = a + rest.len();
            if rest.ends_with(char::is_whitespace) && trim_back(s, a, p) > a {
                return Some((p, done));
            }
        }
    }
    None
}

/// Returns true for a word that may follow a status emoji: a capitalised word (`COMPLETE`,
/// `ON`), a word from `STATUS_WORDS` in any case, a date or a number, or bare emphasis markers.
fn status_like(word: &str) -> bool {
    if word.is_empty() || status_entry(word).is_some() {
        return true;
    }
    let caps = word
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-/!:.".contains(c));
    let has_letter = word.chars().any(|c| c.is_ascii_uppercase());
    let date = word.chars().all(|c| c.is_ascii_digit() || "-/.:".contains(c));
    (caps && has_letter) || date
}

/// Looks `phrase` up in `STATUS_WORDS`, ignoring case, and returns whether it marks done.
fn status_entry(phrase: &str) -> Option<bool> {
    STATUS_WORDS
        .iter()
        .find(|(word, _)| eq_ci(word, phrase))
        .map(|&(_, done)| done)
}

/// A bracketed group: its opening bracket's position, its inner range and its end.
#[derive(Clone, Debug)]
struct Group {
    open: usize,
    inner: Range<usize>,
    end: usize,
    open_char: char,
}

/// What a bracketed group at the end of a title holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum GroupKind {
    /// A priority such as `P0`; the range of the value.
    Priority(Range<usize>),
    /// A duration; the range of the duration.
    Estimate(Range<usize>),
    /// A status word or a checkbox.
    Status { done: bool },
    /// A full-width parenthesised note (`（最先做，阻塞其他）`).
    Note,
}

/// Finds the bracketed group that starts at `i`, with nested brackets of the same kind.
fn group_forward(s: &str, i: usize, end: usize) -> Option<Group> {
    let open_char = char_at(s, i, end)?;
    let &(_, close_char) = BRACKETS.iter().find(|(o, _)| *o == open_char)?;
    let mut depth = 0usize;
    for (offset, c) in s.get(i..end)?.char_indices() {
        if c == open_char {
            depth += 1;
        } else if c == close_char {
            depth -= 1;
            if depth == 0 {
                let close = i + offset;
                return Some(Group {
                    open: i,
                    inner: i + open_char.len_utf8()..close,
                    end: close + close_char.len_utf8(),
                    open_char,
                });
            }
        }
    }
    None
}

/// Finds the bracketed group that ends at `end`, not starting before `start`.
fn group_back(s: &str, start: usize, end: usize) -> Option<Group> {
    let (close, close_char) = prev_char(s, start, end)?;
    let &(open_char, _) = BRACKETS.iter().find(|(_, c)| *c == close_char)?;
    let mut depth = 0usize;
    for (offset, c) in s.get(start..end)?.char_indices().rev() {
        if c == close_char {
            depth += 1;
        } else if c == open_char {
            depth -= 1;
            if depth == 0 {
                let open = start + offset;
                return Some(Group {
                    open,
                    inner: open + open_char.len_utf8()..close,
                    end,
                    open_char,
                });
            }
        }
    }
    None
}

/// Returns `Some(done)` when a square-bracket group is a checkbox: `[ ]`, `[x]` or `[X]`.
fn checkbox(s: &str, group: &Group) -> Option<bool> {
    match &s[group.inner.clone()] {
        "" | " " => Some(false),
        "x" | "X" => Some(true),
        _ => None,
    }
}

/// Decides what a bracketed group holds; `None` when it belongs to the title.
fn classify_group(s: &str, group: &Group) -> Option<GroupKind> {
    if group.open_char == '['
        && let Some(done) = checkbox(s, group)
    {
        return Some(GroupKind::Status { done });
    }
    let a = skip_ws(s, group.inner.start, group.inner.end);
    let b = trim_back(s, a, group.inner.end);
    if a >= b {
        return None;
    }
    if let Some(range) = priority_in(s, a, b) {
        return Some(GroupKind::Priority(range));
    }
    if let Some(range) = duration_in(s, a, b) {
        return Some(GroupKind::Estimate(range));
    }
    if let Some(done) = status_in(s, a, b) {
        return Some(GroupKind::Status { done });
    }
    (group.open_char == '（').then_some(GroupKind::Note)
}

/// Finds a priority in `a..b`: `P0` alone, or a priority label and one value word
/// (`优先级：P0`, `Priority: High`). Returns the value's range.
fn priority_in(s: &str, a: usize, b: usize) -> Option<Range<usize>> {
    if is_p_level(&s[a..b]) {
        return Some(a..b);
    }
    let label_end = match_word(s, a, b, PRIORITY_LABELS)?;
    let mut k = skip_ws(s, label_end, b);
    if let Some(c @ (':' | '：')) = char_at(s, k, b) {
        k = skip_ws(s, k + c.len_utf8(), b);
    } else if k == label_end {
        return None;
    }
    let value = &s[k..b];
    (!value.is_empty() && !value.contains(char::is_whitespace)).then_some(k..b)
}

/// Returns true for a priority level such as `P0` or `p12`.
fn is_p_level(t: &str) -> bool {
    let digits = t.strip_prefix(['P', 'p']).unwrap_or("");
    (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Finds a duration in `a..b`: the whole text, or its last comma-separated part. Returns the
/// duration's range.
fn duration_in(s: &str, a: usize, b: usize) -> Option<Range<usize>> {
    if is_duration(s, a, b) {
        return Some(a..b);
    }
    let (p, c) = s[a..b]
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, ',' | '，' | '、' | ';'))?;
    let start = skip_ws(s, a + p + c.len_utf8(), b);
    is_duration(s, start, b).then_some(start..b)
}

/// Returns true when `a..b` is entirely a duration: an optional `~`, then one or more numbers,
/// each with an optional range end and a unit (`8h`, `4-5 días`, `1h 30m`, `~2 weeks`).
fn is_duration(s: &str, a: usize, b: usize) -> bool {
    let mut i = a;
    if let Some(c @ ('~' | '≈' | '約' | '约')) = char_at(s, i, b) {
        i = skip_ws(s, i + c.len_utf8(), b);
    }
    let mut groups = 0;
    while i < b {
        let Some(e) = number_end(s, i, b) else {
            return false;
        };
        i = skip_ws(s, e, b);
        if let Some(c @ ('-' | '–' | '~' | '〜' | '～')) = char_at(s, i, b) {
            let Some(e) = number_end(s, skip_ws(s, i + c.len_utf8(), b), b) else {
                return false;
            };
            i = skip_ws(s, e, b);
        }
        let Some(e) = unit_end(s, i, b) else {
            return false;
        };
        i = skip_ws(s, e, b);
        groups += 1;
    }
    groups > 0
}

/// Reads a number with an optional decimal part at `i`; returns its end.
fn number_end(s: &str, i: usize, end: usize) -> Option<usize> {
    let at = |k: usize| byte_at(s, k, end);
    let mut k = i;
    while at(k).is_some_and(|b| b.is_ascii_digit()) {
        k += 1;
    }
    if k == i {
        return None;
    }
    if matches!(at(k), Some(b'.' | b',')) && at(k + 1).is_some_and(|b| b.is_ascii_digit()) {
        k += 1;
        while at(k).is_some_and(|b| b.is_ascii_digit()) {
            k += 1;
        }
    }
    Some(k)
}

/// Reads the longest duration unit at `i`; a Latin unit must not run on into more letters.
fn unit_end(s: &str, i: usize, end: usize) -> Option<usize> {
    DURATION_UNITS
        .iter()
        .filter_map(|unit| {
            let e = starts_with_ci(s, i, end, unit)?;
            let latin = unit.chars().last().is_some_and(|c| c.is_alphabetic() && !is_cjk(c));
            let runs_on = char_at(s, e, end).is_some_and(char::is_alphabetic);
            (!(latin && runs_on)).then_some(e)
        })
        .max()
}

/// Returns `Some(done)` when `a..b` is a status: a word or phrase from `STATUS_WORDS` in any
/// case, possibly in bold or after an emoji (`(BLOCKING)`, `[DONE]`, `(✅ Done)`), or emoji alone.
fn status_in(s: &str, a: usize, b: usize) -> Option<bool> {
    let mut k = a;
    let mut done = false;
    while let Some(e) = emoji_end(s, k, b) {
        done |= is_done_emoji(s, k, e);
        k = skip_ws(s, e, b);
    }
    let word = s[k..b].trim_matches(|c| c == '*' || c == '_').trim();
    if word.is_empty() {
        return (k > a).then_some(done);
    }
    status_entry(word).map(|d| d || done)
}

/// Returns true for characters that start an emoji.
fn is_emoji(c: char) -> bool {
    matches!(
        c as u32,
        0x1F000..=0x1FAFF
            | 0x2600..=0x27BF
            | 0x2B00..=0x2BFF
            | 0x231A..=0x231B
            | 0x2328
            | 0x23CF
            | 0x23E9..=0x23FA
            | 0x203C
            | 0x2049
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
    )
}

/// Returns true for characters that extend an emoji: variation selectors, the keycap mark,
/// skin tones and tag characters.
fn is_emoji_extender(c: char) -> bool {
    matches!(
        c as u32,
        0xFE0E..=0xFE0F | 0x20E3 | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F
    )
}

/// Reads one emoji cluster at `i`, with its extenders and zero-width-joined parts; returns its end.
fn emoji_end(s: &str, i: usize, end: usize) -> Option<usize> {
    let c = char_at(s, i, end).filter(|&c| is_emoji(c))?;
    let mut k = i + c.len_utf8();
    loop {
        match char_at(s, k, end) {
            Some(x) if is_emoji_extender(x) => k += x.len_utf8(),
            Some('\u{200D}') => match char_at(s, k + 3, end) {
                Some(next) if is_emoji(next) => k += 3 + next.len_utf8(),
                _ => break,
            },
            _ => break,
        }
    }
    Some(k)
}

/// Reads a run of emoji clusters at `i`, with no space between them; returns its end.
fn emoji_run_end(s: &str, i: usize, end: usize) -> Option<usize> {
    let mut k = emoji_end(s, i, end)?;
    while let Some(e) = emoji_end(s, k, end) {
        k = e;
    }
    Some(k)
}

/// Finds the emoji cluster that ends at `end`, not starting before `start`; returns its start.
fn emoji_start_back(s: &str, start: usize, end: usize) -> Option<usize> {
    // Walks back over every character an emoji cluster may hold, then reads clusters forward.
    let mut k = end;
    while let Some((p, c)) = prev_char(s, start, k)
        && (is_emoji(c) || is_emoji_extender(c) || c == '\u{200D}')
    {
        k = p;
    }
    while k < end {
        match emoji_end(s, k, end) {
            Some(e) if e == end => return Some(k),
            Some(e) => k = e,
            None => k += char_len(s, k),
        }
    }
    None
}

/// Returns true when the emoji in `a..b` include one that marks a task done.
fn is_done_emoji(s: &str, a: usize, b: usize) -> bool {
    s[a..b].chars().any(|c| DONE_EMOJI.contains(&c))
}

/// Matches the longest word of `words` at `i`, ignoring case; returns its end.
fn match_word(s: &str, i: usize, end: usize, words: &[&str]) -> Option<usize> {
    words.iter().filter_map(|w| starts_with_ci(s, i, end, w)).max()
}

/// Returns the end of `word` if `s` has it at `i` (before `end`), ignoring case.
fn starts_with_ci(s: &str, i: usize, end: usize, word: &str) -> Option<usize> {
    let mut chars = s.get(i..end)?.char_indices();
    for w in word.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(w.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or(end, |(offset, _)| i + offset))
}

/// Compares two strings ignoring case.
fn eq_ci(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Returns true for a word written in a CJK script, which may be glued to its ID.
fn is_cjk_word(word: &str) -> bool {
    word.chars().next().is_some_and(is_cjk)
}

/// Returns true for characters of the CJK scripts: kana, ideographs and Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// The character at `i`, if `i` is a char boundary before `end`.
fn char_at(s: &str, i: usize, end: usize) -> Option<char> {
    if i >= end {
        return None;
    }
    s.get(i..end)?.chars().next()
}

/// The byte at `i`, if `i` is before `end`.
fn byte_at(s: &str, i: usize, end: usize) -> Option<u8> {
    if i >= end {
        return None;
    }
    s.as_bytes().get(i).copied()
}

/// The length of the character at `i`, or 1 when `i` is not on a character.
fn char_len(s: &str, i: usize) -> usize {
    s.get(i..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8)
}

/// The character that ends at `i` and its position, if it starts at or after `start`.
fn prev_char(s: &str, start: usize, i: usize) -> Option<(usize, char)> {
    if i <= start {
        return None;
    }
    let (offset, c) = s.get(start..i)?.char_indices().next_back()?;
    Some((start + offset, c))
}

/// Skips whitespace from `i`, not past `end`.
fn skip_ws(s: &str, mut i: usize, end: usize) -> usize {
    while let Some(c) = char_at(s, i, end)
        && c.is_whitespace()
    {
        i += c.len_utf8();
    }
    i
}

/// Moves `end` back over whitespace, not before `start`.
fn trim_back(s: &str, start: usize, mut end: usize) -> usize {
    while let Some((p, c)) = prev_char(s, start, end)
        && c.is_whitespace()
    {
        end = p;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use std::fmt::Write as _;

    /// Task headings of every shape the lexer accepts, and headings it must reject.
    const TASK_INPUTS: &[&str] = &[
        "Task 1.1: Set up schema",
        "Task 1.2 - Analyse du besoin client",
        "Task A.1 — Letter prefix",
        "Task 3:",
        "Task 029: Initialize Tauri 2.0 Project",
        "Task 2.1a - Backend Architecture",
        "Task I-1.2: Write Task Data Model Specification",
        "Task #7.6: 기본 설정 값",
        "TASK-002: AI-Agenten-Konfiguration",
        "Task-003: Mixed case prefix",
        "Task 1: Project Setup & CLI Scaffold",
        "Task 9.1.1: Deep path",
        "TASK 1.1: Upper-case task word",
        "Task 1.1 Title without separator",
        "Task 1.1 (Setup)",
        "Task 1.1 (P0): Priority before the separator",
        "Task 1.1. Period separator",
        "Task 4.1: Unit Testing Setup ⭐ **HIGH PRIORITY**",
        "Task 1.2: Add component to barrel exports ✅ COMPLETE",
        "Task 2.1: Fix VA Dashboard API Calls 🔴 BLOCKER",
        "Task 2.1: Title (BLOCKING)",
        "Task 5.2: Add Profile Existence Check ⏳ DEPENDS ON MIGRATION",
        "Task 3.3: Enhance Profile Creation (7-Step VA Profile) ⏳ PENDING",
        "Task 1.3: Fix Frontend Auth Flow (Signup) ✅ COMPLETE",
        "Task 1.1: Title ✅",
        "Task 1.1: Title - ✅ DONE",
        "Task 1.1: Title [DONE]",
        "Task 1.1: Title (COMPLETED)",
        "Task 1.1: Title DONE",
        "Task 1.1: Title **DONE**",
        "Task 1.1: Remove TODO",
        "Task 1.1: Remove TODO ⏳ TODO",
        "Task 1.1: __init__",
        "Task 1.1: Title (P0)",
        "Task 1.1: Title [P1]",
        "Task 1.1: Title (Priority: High)",
        "Task 2.1: Refactor spec/req.md [2h]",
        "Task 1: Title (3 days)",
        "Task 1: Title (1h 30m)",
        "Task 1: Title (~2-3 horas) (P2) ✅",
        "✅ Task 1.1: Done by a leading mark",
        "🚀 Task 1.1: Launch",
        "[x] Task 1.1: Checked box",
        "[ ] Task 1.1: Open box",
        "~~Task 1.1: Struck heading~~",
        "Task 1.1: ~~Struck title~~",
        "**Task 1.1**: Bold ID",
        "**Task 1.1:** Bold ID and colon",
        "**Task 1.1: Bold heading**",
        "[Task 1.1] Bracketed reference",
        "Task 1.1: 🚀 Launch",
        "Task 1.0: Capture pre-change baseline (PRE_SHA + PRE_EPOCH)",
        "Task 4.1: [P1 Feature]",
        "Story #520: System Namespace for Policies",
        "Tarea 2.1: Integrar `PredictionCache` en `multihorizon_dashboard.py`",
        "Tâche 1.2 : Titre",
        "Aufgabe 3: Titel",
        "任务 1：Bug 修复 - Dashboard 加载状态（优先级：P0）",
        "任务1：添加图表流程简化（优先级：P1）",
        "タスク 1.1: セットアップ",
        "태스크 1: 설정",
        "Subtask 2.3: Nested",
        "T0 — Git 初始化 + 分支流程（最先做，阻塞其他）",
        "T2 — 隐藏\"用户管理/系统信息\"页，降级为按钮",
        "T12: Colon after a T number",
        "2.4 Adapter and Self-Hosting Rule",
        "2.4. Title after a period",
        "2. Title after a plain number",
        "FND-001 — Initialise the workspace root",
        "Task List",
        "Task Dependencies Graph",
        "Tasks",
        "Task Status Tracking",
        "Task Overview & Dependencies",
        "Tarea pendiente",
        "Task Templates",
        "Implementation Task Template",
        "Task X.Y: [Title]",
        "Task [ID]: [Title]",
        "Subtasks:",
        "Acceptance Criteria",
        "2024 roadmap",
        "2.4",
        "3. Phase 0 — Decisions, Threat Model, and Product Rules",
        "Task 1.1x2",
        "Task 1-3: Range",
        "Task 1 & 2: List",
        "Task 5+: More",
        "T1 missing separator",
        "FND-001 missing separator",
        "Phase 1: Foundation",
        "Issue #1: 設定ファイルの場所",
        "M0 — Engineering Foundation",
        "测试任务 (US7)",
        "Start Story",
    ];

    /// Phase headings of every shape the lexer accepts, and headings it must reject.
    const PHASE_INPUTS: &[&str] = &[
        "Phase 1: Foundation & Setup",
        "Phase I: Console Application",
        "PHASE II: FULL-STACK WEB APPLICATION",
        "FASE 0: CONFIGURACIÓN INICIAL",
        "FASE 1.5: CRITICAL FIXES & OPTIMIZATION - VARIABLES",
        "Fase 2: Integración de Features Faltantes (4-5 días)",
        "フェーズ1: セットアップ（共有インフラストラクチャ）",
        "3. Phase 0 — Decisions, Threat Model, and Product Rules",
        "Phase 2: 이미지 추출 (12개 태스크, 6시간)",
        "📋 Track 1: Database Performance",
        "Batch 1: Create the component ✅ COMPLETE",
        "Sprint 2",
        "Stage 1",
        "Milestone 2: Beta",
        "阶段一：需求分析",
        "단계 1: 준비",
        "Phase 1: Foundation Setup [8h]",
        "Phase 1 (A): Schema Bootstrap",
        "Phase 1 : Cadrage & Analyse (Semaines 1-3)",
        "🎯 Phase 1: Fundament (Woche 1)",
        "Phase 3: User Story 1 - Understand the Offering (Priority: P1) 🎯 MVP",
        "Phase 2 - Conception",
        "Phase 3 (Développement)",
        "Sprint A (Commerce Core)",
        "Phase 2 ✅",
        "Group 1: Tauri Project Setup (Sequential)",
        "Phase 2 Complete When:",
        "Phase I Overview",
        "Phase I Checkpoint",
        "Phase 1 Checkpoint: Foundation",
        "Phase 1-3: Local SQLite Only",
        "Phase 5+ (Team): Design for Swap",
        "Phase IV & V",
        "Estado por Fase",
        "Next Phase",
        "フェーズ別進捗",
        "Final Phase: Polish & Review",
        "📊 **Phase 4 Success Criteria**",
        "Phases",
        "Sprint-Plan (operativ)",
        "Task 1.1: Not a phase",
    ];

    /// List items with a bold ID, and ordinary bullets.
    const LIST_INPUTS: &[&str] = &[
        "**0.1** ✅ Configurar estructura base de testing",
        "**1.2** Implementar herramientas básicas",
        "**1.3**: Colon after the bold ID",
        "**DEC-001 — Create the decision-record template and index.**",
        "**FND-002 — Create the initial Turborepo directory structure.**  ",
        "**API-006 - Hyphen separator.** ✅",
        "**T001** [P] [Setup] Initialize project",
        "**Task 1.1**: Set up CI",
        "**Task 1.1: Set up CI (2h)**",
        "**I-1.2:** Roman prefix",
        "**2.1** ~~Dropped item~~",
        "**Type**: Setup",
        "**Note**: Something",
        "**Dependencies**: [029, 034]",
        "**ID:** I-1.2",
        "**3** files changed",
        "**P0** Critical",
        "plain text",
        "**unclosed 1.1",
        "****",
    ];

    /// Renders a task heading as its slices, one line under the input.
    fn render_task(text: &str, task: Option<TaskHeading>) -> String {
        let Some(t) = task else {
            return format!("{text}\n    -\n");
        };
        let mut out = format!(
            "{text}\n    id={:?} title={:?}",
            &text[t.id.clone()],
            &text[t.title.clone()]
        );
        for d in &t.decorations {
            write!(out, " deco={:?}", &text[d.clone()]).unwrap();
        }
        if let Some(e) = &t.estimate {
            write!(out, " est={:?}", &text[e.clone()]).unwrap();
        }
        if let Some(p) = &t.priority {
            write!(out, " prio={:?}", &text[p.clone()]).unwrap();
        }
        if t.done {
            out.push_str(" done");
        }
        if t.cancelled {
            out.push_str(" cancelled");
        }
        if t.confidence == TaskConfidence::BareNumber {
            out.push_str(" bare");
        }
        out.push('\n');
        out
    }

    /// Renders a phase heading as its slices, one line under the input.
    fn render_phase(text: &str, phase: Option<PhaseHeading>) -> String {
        let Some(p) = phase else {
            return format!("{text}\n    -\n");
        };
        let mut out = format!(
            "{text}\n    id={:?} title={:?}",
            &text[p.id.clone()],
            &text[p.title.clone()]
        );
        for d in &p.decorations {
            write!(out, " deco={:?}", &text[d.clone()]).unwrap();
        }
        if let Some(e) = &p.estimate {
            write!(out, " est={:?}", &text[e.clone()]).unwrap();
        }
        out.push('\n');
        out
    }

    /// Asserts that every range lies inside `text` and on char boundaries.
    fn assert_ranges(text: &str, ranges: &[Range<usize>]) {
        for r in ranges {
            assert!(
                r.start <= r.end
                    && r.end <= text.len()
                    && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end),
                "bad range {r:?} in {text:?}"
            );
        }
    }

    /// Runs all three lexers over `text` and checks every range they return.
    fn check_all(text: &str) {
        for task in [parse_task_heading(text), parse_list_item_task(text)]
            .into_iter()
            .flatten()
        {
            let mut ranges = vec![task.id.clone(), task.title.clone()];
            ranges.extend(task.decorations.iter().cloned());
            ranges.extend(task.estimate.clone());
            ranges.extend(task.priority.clone());
            assert_ranges(text, &ranges);
            assert!(!task.id.is_empty(), "empty id in {text:?}");
        }
        if let Some(phase) = parse_phase_heading(text) {
            let mut ranges = vec![phase.id.clone(), phase.title.clone()];
            ranges.extend(phase.decorations.iter().cloned());
            ranges.extend(phase.estimate.clone());
            assert_ranges(text, &ranges);
            assert!(!phase.id.is_empty(), "empty id in {text:?}");
        }
    }

    #[test]
    fn task_headings() {
        let out: String = TASK_INPUTS
            .iter()
            .map(|t| render_task(t, parse_task_heading(t)))
            .collect();
        expect![[r#"
            Task 1.1: Set up schema
                id="1.1" title="Set up schema"
            Task 1.2 - Analyse du besoin client
                id="1.2" title="Analyse du besoin client"
            Task A.1 — Letter prefix
                id="A.1" title="Letter prefix"
            Task 3:
                id="3" title=""
            Task 029: Initialize Tauri 2.0 Project
                id="029" title="Initialize Tauri 2.0 Project"
            Task 2.1a - Backend Architecture
                id="2.1a" title="Backend Architecture"
            Task I-1.2: Write Task Data Model Specification
                id="I-1.2" title="Write Task Data Model Specification"
            Task #7.6: 기본 설정 값
                id="7.6" title="기본 설정 값"
            TASK-002: AI-Agenten-Konfiguration
                id="TASK-002" title="AI-Agenten-Konfiguration"
            Task-003: Mixed case prefix
                id="Task-003" title="Mixed case prefix"
            Task 1: Project Setup & CLI Scaffold
                id="1" title="Project Setup & CLI Scaffold"
            Task 9.1.1: Deep path
                id="9.1.1" title="Deep path"
            TASK 1.1: Upper-case task word
                id="1.1" title="Upper-case task word"
            Task 1.1 Title without separator
                id="1.1" title="Title without separator"
            Task 1.1 (Setup)
                id="1.1" title="Setup"
            Task 1.1 (P0): Priority before the separator
                id="1.1" title="Priority before the separator" deco="(P0)" prio="P0"
            Task 1.1. Period separator
                id="1.1" title="Period separator"
            Task 4.1: Unit Testing Setup ⭐ **HIGH PRIORITY**
                id="4.1" title="Unit Testing Setup" deco="⭐ **HIGH PRIORITY**"
            Task 1.2: Add component to barrel exports ✅ COMPLETE
                id="1.2" title="Add component to barrel exports" deco="✅ COMPLETE" done
            Task 2.1: Fix VA Dashboard API Calls 🔴 BLOCKER
                id="2.1" title="Fix VA Dashboard API Calls" deco="🔴 BLOCKER"
            Task 2.1: Title (BLOCKING)
                id="2.1" title="Title" deco="(BLOCKING)"
            Task 5.2: Add Profile Existence Check ⏳ DEPENDS ON MIGRATION
                id="5.2" title="Add Profile Existence Check" deco="⏳ DEPENDS ON MIGRATION"
            Task 3.3: Enhance Profile Creation (7-Step VA Profile) ⏳ PENDING
                id="3.3" title="Enhance Profile Creation (7-Step VA Profile)" deco="⏳ PENDING"
            Task 1.3: Fix Frontend Auth Flow (Signup) ✅ COMPLETE
                id="1.3" title="Fix Frontend Auth Flow (Signup)" deco="✅ COMPLETE" done
            Task 1.1: Title ✅
                id="1.1" title="Title" deco="✅" done
            Task 1.1: Title - ✅ DONE
                id="1.1" title="Title" deco="✅ DONE" done
            Task 1.1: Title [DONE]
                id="1.1" title="Title" deco="[DONE]" done
            Task 1.1: Title (COMPLETED)
                id="1.1" title="Title" deco="(COMPLETED)" done
            Task 1.1: Title DONE
                id="1.1" title="Title" deco="DONE" done
            Task 1.1: Title **DONE**
                id="1.1" title="Title" deco="**DONE**" done
            Task 1.1: Remove TODO
                id="1.1" title="Remove TODO"
            Task 1.1: Remove TODO ⏳ TODO
                id="1.1" title="Remove TODO" deco="⏳ TODO"
            Task 1.1: __init__
                id="1.1" title="__init__"
            Task 1.1: Title (P0)
                id="1.1" title="Title" deco="(P0)" prio="P0"
            Task 1.1: Title [P1]
                id="1.1" title="Title" deco="[P1]" prio="P1"
            Task 1.1: Title (Priority: High)
                id="1.1" title="Title" deco="(Priority: High)" prio="High"
            Task 2.1: Refactor spec/req.md [2h]
                id="2.1" title="Refactor spec/req.md" deco="[2h]" est="2h"
            Task 1: Title (3 days)
                id="1" title="Title" deco="(3 days)" est="3 days"
            Task 1: Title (1h 30m)
                id="1" title="Title" deco="(1h 30m)" est="1h 30m"
            Task 1: Title (~2-3 horas) (P2) ✅
                id="1" title="Title" deco="(~2-3 horas)" deco="(P2)" deco="✅" est="~2-3 horas" prio="P2" done
            ✅ Task 1.1: Done by a leading mark
                id="1.1" title="Done by a leading mark" deco="✅" done
            🚀 Task 1.1: Launch
                id="1.1" title="Launch" deco="🚀"
            [x] Task 1.1: Checked box
                id="1.1" title="Checked box" deco="[x]" done
            [ ] Task 1.1: Open box
                id="1.1" title="Open box" deco="[ ]"
            ~~Task 1.1: Struck heading~~
                id="1.1" title="Struck heading" cancelled
            Task 1.1: ~~Struck title~~
                id="1.1" title="Struck title" cancelled
            **Task 1.1**: Bold ID
                id="1.1" title="Bold ID"
            **Task 1.1:** Bold ID and colon
                id="1.1" title="Bold ID and colon"
            **Task 1.1: Bold heading**
                id="1.1" title="Bold heading"
            [Task 1.1] Bracketed reference
                id="1.1" title="Bracketed reference"
            Task 1.1: 🚀 Launch
                id="1.1" title="Launch" deco="🚀"
            Task 1.0: Capture pre-change baseline (PRE_SHA + PRE_EPOCH)
                id="1.0" title="Capture pre-change baseline (PRE_SHA + PRE_EPOCH)"
            Task 4.1: [P1 Feature]
                id="4.1" title="[P1 Feature]"
            Story #520: System Namespace for Policies
                id="520" title="System Namespace for Policies"
            Tarea 2.1: Integrar `PredictionCache` en `multihorizon_dashboard.py`
                id="2.1" title="Integrar `PredictionCache` en `multihorizon_dashboard.py`"
            Tâche 1.2 : Titre
                id="1.2" title="Titre"
            Aufgabe 3: Titel
                id="3" title="Titel"
            任务 1：Bug 修复 - Dashboard 加载状态（优先级：P0）
                id="1" title="Bug 修复 - Dashboard 加载状态" deco="（优先级：P0）" prio="P0"
            任务1：添加图表流程简化（优先级：P1）
                id="1" title="添加图表流程简化" deco="（优先级：P1）" prio="P1"
            タスク 1.1: セットアップ
                id="1.1" title="セットアップ"
            태스크 1: 설정
                id="1" title="설정"
            Subtask 2.3: Nested
                id="2.3" title="Nested"
            T0 — Git 初始化 + 分支流程（最先做，阻塞其他）
                id="T0" title="Git 初始化 + 分支流程" deco="（最先做，阻塞其他）"
            T2 — 隐藏"用户管理/系统信息"页，降级为按钮
                id="T2" title="隐藏\"用户管理/系统信息\"页，降级为按钮"
            T12: Colon after a T number
                id="T12" title="Colon after a T number"
            2.4 Adapter and Self-Hosting Rule
                id="2.4" title="Adapter and Self-Hosting Rule" bare
            2.4. Title after a period
                id="2.4" title="Title after a period" bare
            2. Title after a plain number
                id="2" title="Title after a plain number" bare
            FND-001 — Initialise the workspace root
                id="FND-001" title="Initialise the workspace root" bare
            Task List
                -
            Task Dependencies Graph
                -
            Tasks
                -
            Task Status Tracking
                -
            Task Overview & Dependencies
                -
            Tarea pendiente
                -
            Task Templates
                -
            Implementation Task Template
                -
            Task X.Y: [Title]
                -
            Task [ID]: [Title]
                -
            Subtasks:
                -
            Acceptance Criteria
                -
            2024 roadmap
                -
            2.4
                -
            3. Phase 0 — Decisions, Threat Model, and Product Rules
                -
            Task 1.1x2
                -
            Task 1-3: Range
                -
            Task 1 & 2: List
                -
            Task 5+: More
                -
            T1 missing separator
                -
            FND-001 missing separator
                -
            Phase 1: Foundation
                -
            Issue #1: 設定ファイルの場所
                -
            M0 — Engineering Foundation
                -
            测试任务 (US7)
                -
            Start Story
                -
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn phase_headings() {
        let out: String = PHASE_INPUTS
            .iter()
            .map(|t| render_phase(t, parse_phase_heading(t)))
            .collect();
        expect![[r#"
            Phase 1: Foundation & Setup
                id="1" title="Foundation & Setup"
            Phase I: Console Application
                id="I" title="Console Application"
            PHASE II: FULL-STACK WEB APPLICATION
                id="II" title="FULL-STACK WEB APPLICATION"
            FASE 0: CONFIGURACIÓN INICIAL
                id="0" title="CONFIGURACIÓN INICIAL"
            FASE 1.5: CRITICAL FIXES & OPTIMIZATION - VARIABLES
                id="1.5" title="CRITICAL FIXES & OPTIMIZATION - VARIABLES"
            Fase 2: Integración de Features Faltantes (4-5 días)
                id="2" title="Integración de Features Faltantes" deco="(4-5 días)" est="4-5 días"
            フェーズ1: セットアップ（共有インフラストラクチャ）
                id="1" title="セットアップ" deco="（共有インフラストラクチャ）"
            3. Phase 0 — Decisions, Threat Model, and Product Rules
                id="0" title="Decisions, Threat Model, and Product Rules"
            Phase 2: 이미지 추출 (12개 태스크, 6시간)
                id="2" title="이미지 추출" deco="(12개 태스크, 6시간)" est="6시간"
            📋 Track 1: Database Performance
                id="1" title="Database Performance" deco="📋"
            Batch 1: Create the component ✅ COMPLETE
                id="1" title="Create the component" deco="✅ COMPLETE"
            Sprint 2
                id="2" title=""
            Stage 1
                id="1" title=""
            Milestone 2: Beta
                id="2" title="Beta"
            阶段一：需求分析
                id="一" title="需求分析"
            단계 1: 준비
                id="1" title="준비"
            Phase 1: Foundation Setup [8h]
                id="1" title="Foundation Setup" deco="[8h]" est="8h"
            Phase 1 (A): Schema Bootstrap
                id="1" title="Schema Bootstrap" deco="(A)"
            Phase 1 : Cadrage & Analyse (Semaines 1-3)
                id="1" title="Cadrage & Analyse (Semaines 1-3)"
            🎯 Phase 1: Fundament (Woche 1)
                id="1" title="Fundament (Woche 1)" deco="🎯"
            Phase 3: User Story 1 - Understand the Offering (Priority: P1) 🎯 MVP
                id="3" title="User Story 1 - Understand the Offering" deco="(Priority: P1)" deco="🎯 MVP"
            Phase 2 - Conception
                id="2" title="Conception"
            Phase 3 (Développement)
                id="3" title="Développement"
            Sprint A (Commerce Core)
                id="A" title="Commerce Core"
            Phase 2 ✅
                id="2" title="" deco="✅"
            Group 1: Tauri Project Setup (Sequential)
                id="1" title="Tauri Project Setup (Sequential)"
            Phase 2 Complete When:
                -
            Phase I Overview
                -
            Phase I Checkpoint
                -
            Phase 1 Checkpoint: Foundation
                -
            Phase 1-3: Local SQLite Only
                -
            Phase 5+ (Team): Design for Swap
                -
            Phase IV & V
                -
            Estado por Fase
                -
            Next Phase
                -
            フェーズ別進捗
                -
            Final Phase: Polish & Review
                -
            📊 **Phase 4 Success Criteria**
                -
            Phases
                -
            Sprint-Plan (operativ)
                -
            Task 1.1: Not a phase
                -
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn list_item_tasks() {
        let out: String = LIST_INPUTS
            .iter()
            .map(|t| render_task(t, parse_list_item_task(t)))
            .collect();
        expect![[r#"
            **0.1** ✅ Configurar estructura base de testing
                id="0.1" title="Configurar estructura base de testing" deco="✅" done
            **1.2** Implementar herramientas básicas
                id="1.2" title="Implementar herramientas básicas"
            **1.3**: Colon after the bold ID
                id="1.3" title="Colon after the bold ID"
            **DEC-001 — Create the decision-record template and index.**
                id="DEC-001" title="Create the decision-record template and index"
            **FND-002 — Create the initial Turborepo directory structure.**  
                id="FND-002" title="Create the initial Turborepo directory structure"
            **API-006 - Hyphen separator.** ✅
                id="API-006" title="Hyphen separator" deco="✅" done
            **T001** [P] [Setup] Initialize project
                id="T001" title="[P] [Setup] Initialize project"
            **Task 1.1**: Set up CI
                id="1.1" title="Set up CI"
            **Task 1.1: Set up CI (2h)**
                id="1.1" title="Set up CI" deco="(2h)" est="2h"
            **I-1.2:** Roman prefix
                id="I-1.2" title="Roman prefix"
            **2.1** ~~Dropped item~~
                id="2.1" title="Dropped item" cancelled
            **Type**: Setup
                -
            **Note**: Something
                -
            **Dependencies**: [029, 034]
                -
            **ID:** I-1.2
                -
            **3** files changed
                -
            **P0** Critical
                -
            plain text
                -
            **unclosed 1.1
                -
            ****
                -
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn ranges_are_char_boundaries() {
        for text in TASK_INPUTS.iter().chain(PHASE_INPUTS).chain(LIST_INPUTS) {
            check_all(text);
        }
    }

    #[test]
    fn never_panics_on_odd_inputs() {
        let odd = [
            "",
            " ",
            "#",
            "Task",
            "Task ",
            "Task :",
            "Task 1.",
            "Task 1.1.",
            "Task #",
            "Task ##1",
            "T",
            "T0",
            "2.",
            "Phase",
            "Phase 1-",
            "Phase 1 (",
            "✅",
            "✅✅✅",
            "✅ DONE",
            "👩‍💻",
            "👩‍",
            "\u{200D}",
            "✅\u{200D}",
            "\u{FE0F}Task 1: x",
            "🏳️‍🌈 Task 1: Flag",
            "Task 1: e\u{301}\u{301}",
            "Task\u{301} 1: Combining mark on the word",
            "Task 1\u{301}: Combining mark on the ID",
            "Task 1: \u{301}",
            "**",
            "~~",
            "~~~~~",
            "** **",
            "[",
            "]",
            "(",
            ")",
            "（",
            "）",
            "[]",
            "[x]",
            "Task 1.1: (",
            "Task 1.1: )",
            "Task 1.1: [2h",
            "Task 1.1: ((((",
            "Task 1.1: ))))",
            "Task 1.1: （优先级：",
            "**0.1**",
            "**0.1**:",
            "**DEC-001 —**",
            "**Task**",
            "- [ ] Task 1",
            "任务",
            "任务１",
            "阶段",
            "フェーズ",
        ];
        for text in odd {
            check_all(text);
        }
        // Every substring of the table inputs, cut at char boundaries.
        for text in TASK_INPUTS.iter().chain(PHASE_INPUTS).chain(LIST_INPUTS) {
            let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (n, &a) in cuts.iter().enumerate() {
                for &b in &cuts[n..] {
                    check_all(&text[a..b]);
                }
            }
        }
    }

    /// The heading-based documents of the shared corpus: `$TASKLENS_CORPUS/H`, by default the
    /// `shared/corpus` folder beside the repository.
    fn corpus_h() -> std::path::PathBuf {
        let root = std::env::var_os("TASKLENS_CORPUS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
        root.join("H")
    }

    /// Runs the lexers over every heading and list item of the heading-based corpus documents,
    /// outside fenced code blocks. The corpus is read at test time and must be present.
    #[test]
    fn corpus_headings_survey() {
        let dir = corpus_h();
        let dir = dir.as_path();
        assert!(
            dir.is_dir(),
            "the corpus is expected at {} (set TASKLENS_CORPUS)",
            dir.display()
        );
        let mut explicit = 0;
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            files += 1;
            let doc = std::fs::read_to_string(&path).unwrap();
            let mut fence: Option<&str> = None;
            for line in doc.lines() {
                let trimmed = line.trim_start();
                if let Some(open) = fence {
                    if trimmed.starts_with(open) {
                        fence = None;
                    }
                    continue;
                }
                if let Some(open) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
                    fence = Some(open);
                    continue;
                }
                let item = trimmed
                    .strip_prefix("- ")
                    .or_else(|| trimmed.strip_prefix("* "))
                    .map(|t| {
                        t.strip_prefix("[ ] ")
                            .or_else(|| t.strip_prefix("[x] "))
                            .or_else(|| t.strip_prefix("[X] "))
                            .unwrap_or(t)
                    });
                if let Some(item) = item {
                    check_all(item);
                    continue;
                }
                let hashes = line.bytes().take_while(|&b| b == b'#').count();
                if !(1..=6).contains(&hashes) || !line[hashes..].starts_with([' ', '\t']) {
                    continue;
                }
                let text = line[hashes..].trim();
                check_all(text);
                let task = parse_task_heading(text);
                if task.as_ref().is_some_and(|t| t.confidence == TaskConfidence::Explicit) {
                    explicit += 1;
                }
                // Every heading that starts with a task word and an ID is a task with a title.
                let task_like = ["Task ", "Tarea ", "TASK-", "任务", "Story #"]
                    .iter()
                    .filter_map(|w| text.strip_prefix(w))
                    .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '#'));
                if task_like {
                    let t = task.unwrap_or_else(|| panic!("not recognised: {text:?}"));
                    assert!(!t.title.is_empty(), "no title: {text:?}");
                }
            }
        }
        assert!(files >= 20, "only {files} files read from {}", dir.display());
        assert!(explicit >= 150, "only {explicit} task headings recognised");
    }
}
