//! Word tables for the claims a document makes about itself: the words that count tasks, say
//! they are done or open, run in parallel, total a column, hedge a number, and name units of
//! time, in the languages the corpus is written in. Data only: the scanners live in
//! `crate::claims`. Every entry is lower-case.

/// Words that say tasks run at the same time.
pub const PARALLEL_WORDS: &[&str] = &[
    "parallel",
    "simultaneous",
    "concurrently",
    "paralel",
    "parallèle",
    "paralelo",
    "song song",
    "并行",
    "並行",
    "並列",
    "同時",
    "병렬",
];

/// Words that take back part of a parallel statement (`can run mostly in parallel`, `can run
/// in parallel initially`): the author does not claim every pair.
pub const HEDGE_WORDS: &[&str] = &[
    "mostly",
    "partly",
    "partially",
    "some of",
    "largely",
    "where possible",
    "if possible",
    "大部分",
    "部分",
    "一部",
    "主に",
    "대부분",
];

/// Words that open a list of exceptions to a statement (`all marked [P] except T128`).
pub const EXCEPT_WORDS: &[&str] = &[
    "except",
    "excluding",
    "but not",
    "außer",
    "ausser",
    "excepto",
    "salvo",
    "sauf",
    "exceto",
    "除了",
    "除",
    "以外",
    "제외",
];

/// Words after which an ID is when something starts, not one of the things claimed
/// (`in parallel after T005`, `once T010 is done`).
pub const SCOPE_WORDS: &[&str] = &[
    "after",
    "once",
    "following",
    "depend",
    "blocked by",
    "requires",
    "nach",
    "después",
    "despues",
    "após",
    "apos",
    "après",
    "sau khi",
    "之后",
    "之後",
    "完成后",
    "依赖",
    "後",
    "후",
];

/// Words that count tasks after a number (`12 tasks`, `12개 태스크`, `14タスク`, `135个任务`).
pub const TASK_COUNT_WORDS: &[&str] = &[
    "tasks",
    "task",
    "tareas",
    "tarea",
    "tâches",
    "tache",
    "tâche",
    "aufgaben",
    "tarefas",
    "nhiệm vụ",
    "タスク",
    "个任务",
    "個任務",
    "项任务",
    "任务",
    "개 태스크",
    "개의 태스크",
    "태스크",
    "개",
];

/// Labels that hold a number of tasks after them (`**Total Tasks**: 138`, `总任务数: 135`).
pub const TASK_LABEL_WORDS: &[&str] = &[
    "tasks",
    "task count",
    "tareas",
    "tâches",
    "aufgaben",
    "tarefas",
    "タスク数",
    "タスク",
    "任务数",
    "任务",
    "태스크",
];

/// Words that make a count label a count of tasks by priority (`**Prioridad Alta**: 8
/// tareas`, `High priority: 3 tasks`): the label's other word names the priority.
pub const PRIORITY_WORDS: &[&str] = &[
    "priority",
    "priorities",
    "prioridad",
    "prioridade",
    "priorité",
    "priorität",
    "prioritaet",
    "優先度",
    "優先順位",
    "优先级",
    "優先級",
    "우선순위",
];

/// Headers of a team assignment table's column of members (`Team Member`, `担当者`).
pub const MEMBER_COLUMN_WORDS: &[&str] = &[
    "member",
    "person",
    "people",
    "assignee",
    "owner",
    "developer",
    "engineer",
    "miembro",
    "integrante",
    "responsable",
    "persona",
    "membre",
    "personne",
    "mitglied",
    "person",
    "entwickler",
    "membro",
    "担当者",
    "メンバー",
    "成员",
    "负责人",
    "人员",
    "담당자",
    "멤버",
    "팀원",
];

/// Headers of a team assignment table's column of task IDs (`Tasks`, `Task IDs`).
pub const TASK_COLUMN_WORDS: &[&str] = &[
    "tasks",
    "task ids",
    "task",
    "tareas",
    "tâches",
    "aufgaben",
    "tarefas",
    "タスク",
    "任务",
    "任務",
    "태스크",
    "작업",
];

/// Labels of the next task to do (`**Next task**: 1.20`), lower-case, as a label ends.
pub const NEXT_TASK_WORDS: &[&str] = &[
    "next task",
    "next up",
    "próxima tarea",
    "siguiente tarea",
    "próxima tarefa",
    "nächste aufgabe",
    "prochaine tâche",
    "次のタスク",
    "下一个任务",
    "下一任务",
    "下一步任务",
    "다음 작업",
    "다음 태스크",
];

/// Labels of the date a document was last updated (`**Last Updated**:`, `最終更新`).
pub const LAST_UPDATED_WORDS: &[&str] = &[
    "last updated",
    "last update",
    "last modified",
    "letzte aktualisierung",
    "zuletzt aktualisiert",
    "stand:",
    "última actualización",
    "ultima actualizacion",
    "última atualização",
    "dernière mise à jour",
    "mis à jour le",
    "最終更新",
    "更新日",
    "最后更新",
    "最後更新",
    "更新时间",
    "마지막 업데이트",
    "최종 업데이트",
    "최종 수정",
];

/// Words besides the done words that record work as done on a date (`implementiert`,
/// `merged`, `finalisiert`).
pub const RECORDED_WORDS: &[&str] = &[
    "implemented",
    "merged",
    "shipped",
    "released",
    "deployed",
    "fixed",
    "resolved",
    "delivered",
    "implementiert",
    "finalisiert",
    "umgesetzt",
    "behoben",
    "implementado",
    "implementada",
    "terminado",
    "implémenté",
    "livré",
    "実装済み",
    "実装完了",
    "完了",
    "已完成",
    "已实现",
    "完成",
    "완료",
];

/// Words that make a dated line a plan rather than a record (`Target: 2025-02-15`).
pub const PLANNED_WORDS: &[&str] = &[
    "target",
    "deadline",
    "due",
    "planned",
    "expected",
    "eta",
    "until",
    "by end",
    "scheduled",
    "bis",
    "geplant",
    "ziel",
    "frist",
    "objetivo",
    "prevista",
    "previsto",
    "fecha límite",
    "prévu",
    "échéance",
    "予定",
    "期限",
    "目標",
    "计划",
    "目标",
    "截止",
    "예정",
    "목표",
    "마감",
];

/// Month names of the languages the date reader knows, with their numbers; three-letter
/// abbreviations of the English ones are read too.
pub const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
];

/// Headers of a metrics table's column of measured values, beside the targets.
pub const ACTUAL_WORDS: &[&str] = &[
    "actual",
    "current",
    "measured",
    "achieved",
    "real",
    "actual value",
    "ist",
    "réel",
    "réalisé",
    "実績",
    "現状",
    "現在",
    "实际",
    "当前",
    "实绩",
    "실적",
    "현재",
];

/// Words that make a count the document's total.
pub const TOTAL_WORDS: &[&str] = &[
    "total",
    "gesamt",
    "insgesamt",
    "totale",
    "合計",
    "合计",
    "总",
    "總",
    "全体",
    "총",
    "전체",
];

/// Words that say tasks are done.
pub const DONE_WORDS: &[&str] = &[
    "completed",
    "complete",
    "done",
    "finished",
    "completadas",
    "completada",
    "completados",
    "terminadas",
    "erledigt",
    "abgeschlossen",
    "terminé",
    "terminées",
    "complété",
    "concluídas",
    "concluído",
    "完了",
    "完成",
    "已完成",
    "완료",
];

/// Words of a task's own note that say it is not done (`**Note**: Not started`): fewer than
/// [`OPEN_WORDS`], since a note's "open questions" or "to do next" says nothing of its state.
pub const NOTE_OPEN_WORDS: &[&str] = &[
    "not started",
    "in progress",
    "not implemented",
    "partially",
    "partial",
    "pending",
    "blocked",
];

/// Words that say tasks are not done yet, or only partly.
pub const OPEN_WORDS: &[&str] = &[
    "not started",
    "in progress",
    "not implemented",
    "partially",
    "partial",
    "pending",
    "todo",
    "to do",
    "open",
    "offen",
    "geplant",
    "in arbeit",
    "pendiente",
    "en progreso",
    "未着手",
    "進行中",
    "未完成",
    "进行中",
    "未开始",
    "진행 중",
    "미완료",
];

/// Words that make a number approximate (`~45%`, `about 50%`, `约50%`).
pub const ABOUT_WORDS: &[&str] = &[
    "~",
    "about",
    "approx",
    "around",
    "roughly",
    "circa",
    "ca.",
    "约",
    "約",
    "大约",
    "およそ",
    "약",
];

/// Units of hours after a number (`6 hours`, `6h`, `6시간`, `2時間`, `14小时`).
pub const HOUR_UNITS: &[&str] = &[
    "hours", "hour", "hrs", "hr", "h", "heures", "heure", "horas", "hora", "stunden", "std", "時間", "小时", "小時",
    "시간",
];

/// Units of minutes after a number.
pub const MINUTE_UNITS: &[&str] = &["minutes", "minute", "mins", "min", "m", "分", "분"];

/// Units of working days after a number.
pub const DAY_UNITS: &[&str] = &[
    "days",
    "day",
    "d",
    "días",
    "dias",
    "día",
    "dia",
    "jours",
    "jour",
    "tage",
    "tag",
    "arbeitstage",
    "日",
    "天",
    "일",
    "人天",
];

/// Labels whose value is the work of the document or of a phase (`**Total Duration**: 5-7
/// hours`, `推定作業時間`, `예상 시간`, `Charge totale`); a calendar duration (`10 Wochen`,
/// `Sprint End`) is not a sum of estimates.
pub const EFFORT_LABEL_WORDS: &[&str] = &[
    "duration",
    "effort",
    "estimated time",
    "estimate",
    "total time",
    "charge",
    "tiempo estimado",
    "aufwand",
    "作業時間",
    "見積",
    "工时",
    "工時",
    "预计",
    "예상 시간",
    "예상",
    "소요",
];

/// Marks that say a checkpoint, phase or document is done (`**Checkpoint**: … ✅`).
pub const DONE_MARKS: &[&str] = &["✅", "✔", "☑"];

/// Labels of a status statement (`**Status**: ✅ COMPLETED`, `ステータス`, `状态`).
pub const STATUS_LABEL_WORDS: &[&str] = &[
    "status",
    "sprint status",
    "estado",
    "statut",
    "ステータス",
    "状态",
    "狀態",
    "状態",
    "상태",
    "checkpoint",
    "チェックポイント",
];

/// The extensions of files a task edits: source, styles, markup and configuration. Documents
/// a task reads (`from data-model.md`) and domain names (`omnichannel.cx`) are not among them.
pub const SOURCE_EXTENSIONS: &[&str] = &[
    "ts", "tsx", "js", "jsx", "mjs", "cjs", "py", "cs", "rs", "go", "java", "kt", "rb", "php", "swift", "dart", "c",
    "cc", "cpp", "h", "hpp", "css", "scss", "sass", "less", "html", "vue", "svelte", "json", "yaml", "yml", "toml",
    "sql", "sh", "xml", "csproj", "gradle", "tf", "lua",
];

/// Extensions of the other files a task may name (`README.md`, `RideList.razor`, `.env.local`).
pub const TEXT_FILE_EXTENSIONS: &[&str] = &[
    "md", "mdx", "txt", "csv", "razor", "cshtml", "env", "ini", "cfg", "conf", "lock", "ipynb", "proto", "graphql",
    "prisma", "sln", "ps1", "bat", "svg", "png", "tsv", "example", "template", "tpl", "j2", "erb", "ejs", "hbs",
];

/// Files named without an extension, lower-case.
pub const EXTENSIONLESS_FILE_NAMES: &[&str] = &[
    "dockerfile",
    "makefile",
    "justfile",
    "procfile",
    "gemfile",
    "rakefile",
    "jenkinsfile",
    "license",
    "readme",
];

/// Words that speak of every task (`All tasks follow`, `所有任务`, `すべてのタスク`).
pub const ALL_TASKS_WORDS: &[&str] = &[
    "all tasks",
    "every task",
    "each task",
    "todas las tareas",
    "cada tarea",
    "todas as tarefas",
    "cada tarefa",
    "alle aufgaben",
    "jede aufgabe",
    "alle tasks",
    "toutes les tâches",
    "chaque tâche",
    "tất cả các task",
    "tất cả task",
    "所有任务",
    "全部任务",
    "每个任务",
    "すべてのタスク",
    "全タスク",
    "各タスク",
    "모든 태스크",
    "모든 작업",
    "각 태스크",
];

/// Words that say how something is written.
pub const FORMAT_WORDS: &[&str] = &[
    "format",
    "formato",
    "格式",
    "フォーマット",
    "形式",
    "형식",
    "포맷",
    "định dạng",
];

/// Words that name a file path as a part of a task's format.
pub const FILE_PATH_WORDS: &[&str] = &[
    "file path",
    "filepath",
    "file paths",
    "ruta de archivo",
    "ruta del archivo",
    "caminho do arquivo",
    "caminho de arquivo",
    "dateipfad",
    "chemin du fichier",
    "chemin de fichier",
    "đường dẫn file",
    "文件路径",
    "ファイルパス",
    "파일 경로",
];

/// Words that name a user story's label as a part of a task's format (`[Story]`, `[US1]`).
pub const STORY_LABEL_WORDS: &[&str] = &["[story]", "[story?]", "[us", "story label"];

/// Words that define `[P]` as tasks on different files (spec-kit's `[P]: Can run in parallel
/// (different files, no dependencies)`), in the corpus's languages.
pub const DIFFERENT_FILES: &[&str] = &[
    "different files",
    "separate files",
    "不同文件",
    "異なるファイル",
    "arquivos diferentes",
    "archivos diferentes",
    "fichiers différents",
    "verschiedene dateien",
    "file khác",
    "khác file",
    "다른 파일",
];

/// Words that state a rule that tests come before the implementation (`Tests MUST be written
/// and FAIL before implementation`, `先写测试再实现`, `TDD`), in the corpus's languages.
pub const TESTS_FIRST_WORDS: &[&str] = &[
    "tdd",
    "test-driven",
    "test driven",
    "tests first",
    "test first",
    "test-first",
    "before implementation",
    "before implementing",
    "antes da implementa",
    "antes de la implementa",
    "avant l'impl",
    "vor der implementierung",
    "测试优先",
    "先写测试",
    "测试驱动",
    "实现前",
    "テスト駆動",
    "テストを最初に",
    "テストファースト",
    "実装前",
    "테스트 주도",
    "테스트 먼저",
    "구현 전",
];

/// Words that make a statement about tests coming first a suggestion, an option, an allowance
/// or a denial (`TDD建议`, `tests can run in parallel with the implementation (TDD: …)`, `Tests:
/// NOT requested … per TDD workflow`) rather than a rule the ticks must keep.
pub const TESTS_FIRST_HEDGE_WORDS: &[&str] = &[
    "suggest",
    "recommend",
    "optional",
    "if requested",
    "not requested",
    "excluded",
    "can ",
    "may ",
    "parallel",
    "建议",
    "推荐",
    "可以",
    "可选",
    "并行",
    "並行",
    "推奨",
    "任意",
    "권장",
    "선택",
    "opcional",
    "sugerid",
    "recomendad",
    "empfohlen",
    "optionnel",
    "recommandé",
    "podem",
    "pueden",
];

/// Words of a section heading that holds a story's tests (`### Tests for User Story 1`,
/// `### 测试任务 (US6)`, `### ユーザーストーリー1のテスト`), as the start of a word where words are
/// spaced.
pub const TEST_SECTION_WORDS: &[&str] = &[
    "test",
    "pruebas",
    "prueba",
    "essais",
    "测试",
    "測試",
    "テスト",
    "테스트",
];

/// Words of a section heading that holds a story's implementation (`### Implementation for
/// User Story 1`, `### 实现任务 (US6)`, `### ユーザーストーリー1の実装`).
pub const IMPLEMENTATION_SECTION_WORDS: &[&str] = &[
    "implementation",
    "implementação",
    "implementacao",
    "implementación",
    "implementacion",
    "implémentation",
    "implementierung",
    "实现",
    "實現",
    "実装",
    "구현",
];

/// Words that name tasks before their IDs (`Tasks 3.1, 3.2`, `Tareas 1.1 y 1.2`).
pub const TASK_NOUNS: &[&str] = &[
    "task",
    "tasks",
    "tarea",
    "tareas",
    "tarefa",
    "tarefas",
    "tâche",
    "tâches",
    "aufgabe",
    "aufgaben",
    "タスク",
    "任务",
    "任務",
    "태스크",
    "작업",
];

/// The plural words that name tasks before their IDs, written once before a list (`Tasks 3.1,
/// 3.2`, `Stories #521, #523`): a list that opens with one goes on with bare IDs.
pub const PLURAL_TASK_NOUNS: &[&str] = &["tasks", "tareas", "tarefas", "tâches", "taches", "aufgaben", "stories"];

/// Words and marks that join the items of a list (`3.1 and 3.2`, `3.1 y 3.2`, `3.1 和 3.2`).
pub const LIST_JOINING_WORDS: &[&str] = &["and", "y", "e", "und", "et", "và", "和", "与", "及", "및", "と", "+"];

/// Status values that say work has not started (`Not started`, `未着手`, `⬜`).
pub const NOT_STARTED_WORDS: &[&str] = &[
    "not started",
    "not yet started",
    "todo",
    "to do",
    "no iniciado",
    "sin iniciar",
    "sin empezar",
    "não iniciado",
    "nicht begonnen",
    "nicht gestartet",
    "pas commencé",
    "non commencé",
    "non démarré",
    "chưa bắt đầu",
    "未着手",
    "未开始",
    "未開始",
    "시작 전",
    "미착수",
    "⬜",
    "☐",
];

/// Phrases of a task's heading or item that say the task blocks every other one (`T0 — Git
/// setup (do first, blocks the others)`, `（最先做，阻塞其他）`), lower-cased.
pub const BLOCKS_ALL_WORDS: &[&str] = &[
    "blocks all other",
    "blocks all the other",
    "blocks the others",
    "blocks the other tasks",
    "blocks everything",
    "blocks all tasks",
    "blocker for all",
    "bloquea todas",
    "bloquea a las demás",
    "bloquea el resto",
    "bloque toutes",
    "bloque les autres",
    "blockiert alle",
    "阻塞其他",
    "阻塞其它",
    "阻塞所有",
    "阻塞全部",
    "阻塞后续所有",
    "他のすべてをブロック",
    "他のタスクをブロック",
    "다른 모든 작업을 차단",
];

/// Words that say the document's order is an order to work in (`The default order is
/// intentional`, `(ordered by dependency)`, `按依赖顺序`).
pub const ORDER_CLAIM_WORDS: &[&str] = &[
    "order is intentional",
    "ordered by dependenc",
    "in dependency order",
    "dependency-ordered",
    "in topological order",
    "topologically sorted",
    "sorted by dependenc",
    "ordenadas por dependencia",
    "en orden de dependencia",
    "ordenadas por dependência",
    "nach abhängigkeiten sortiert",
    "nach abhängigkeit sortiert",
    "par ordre de dépendance",
    "按依赖顺序",
    "依存関係順",
    "依存順",
    "의존성 순서",
];

/// Words that name every other phase (`in parallel with other phases`, `con otras fases`).
pub const OTHER_PHASES_WORDS: &[&str] = &[
    "other phases",
    "otras fases",
    "outras fases",
    "anderen phasen",
    "autres phases",
    "các phase khác",
    "其他阶段",
    "其他階段",
    "他のフェーズ",
    "다른 단계",
    "다른 페이즈",
];

/// Words that name a checkpoint (`### Phase 5 Checkpoint`, `チェックポイント`).
pub const CHECKPOINT_WORDS: &[&str] = &[
    "checkpoint",
    "punto de control",
    "ponto de controle",
    "kontrollpunkt",
    "point de contrôle",
    "チェックポイント",
    "检查点",
    "檢查點",
    "체크포인트",
];

/// Headings of a list of what blocks the work (`## Critical Blockers`, `## Bloqueadores`).
pub const BLOCKER_HEADING_WORDS: &[&str] = &[
    "blockers",
    "blocking issues",
    "bloqueadores",
    "bloqueos",
    "blockaden",
    "blocker",
    "bloquants",
    "ブロッカー",
    "阻塞",
    "블로커",
];

/// Words that name a group of a plan when a number or a letter follows (`Sprint 1`, `Welle
/// A`, `Semana 2`, `Iteration 3`, `Milestone 1`).
pub const PLAN_GROUP_WORDS: &[&str] = &[
    "sprint",
    "wave",
    "welle",
    "iteration",
    "iteración",
    "iteração",
    "itération",
    "week",
    "semana",
    "woche",
    "semaine",
    "milestone",
    "meilenstein",
    "hito",
    "jalon",
    "スプリント",
    "스프린트",
    "冲刺",
    "迭代",
];

/// Words of a heading over a plan or its gates (`## Milestone Completion Gates`, `## Sprint
/// Plan`, `## Execution Waves`).
pub const PLAN_SECTION_WORDS: &[&str] = &[
    "milestone",
    "gates",
    "sprint",
    "waves",
    "meilenstein",
    "wellen",
    "hitos",
    "jalons",
    "マイルストーン",
    "里程碑",
    "마일스톤",
];

/// Words of a heading over a numbered list offered as an order to work in (`## Suggested First
/// 20 Tasks`, `### Recommended Order`, `实施顺序`).
pub const SEQUENCE_HEADING_WORDS: &[&str] = &[
    "first tasks",
    "suggested first",
    "recommended first",
    "suggested order",
    "recommended order",
    "implementation order",
    "order of work",
    "work order",
    "starting sequence",
    "orden sugerido",
    "orden recomendado",
    "orden de implementación",
    "ordem sugerida",
    "ordem recomendada",
    "empfohlene reihenfolge",
    "ordre recommandé",
    "ordre suggéré",
    "推荐顺序",
    "建议顺序",
    "实施顺序",
    "推奨順序",
    "実装順序",
    "권장 순서",
];
