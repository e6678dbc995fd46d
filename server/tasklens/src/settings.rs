//! Reads tasklens settings — from `tasklens.toml`, from an editor's `initializationOptions`
//! or `workspace/didChangeConfiguration` — into the analysis configuration. The keys are the
//! same everywhere; a bad value is reported in a sentence and the default stays in force.
//!
//! ```toml
//! hours_per_day = 8
//! days_per_week = 5
//! required_fields = ["estimate", "dependencies"]
//! priorities = ["P0", "P1", "P2", "P3"]
//! types = ["Setup", "Implementation", "Testing"]
//!
//! [severity]
//! redundant-dependency = "off"
//! phase-order = "error"
//!
//! [labels]
//! "Voraussetzung" = "dependencies"
//! ```

use std::path::{Path, PathBuf};

use serde_json::Value;
use tasklens_analysis::lex::fields::FieldKind;
use tasklens_analysis::{Code, Config, Severity};

/// The settings file's name, looked up at the workspace root (the server) or in the checked
/// path's folder and its ancestors (`tasklens check`).
pub const FILE_NAME: &str = "tasklens.toml";

/// Applies a settings object onto `config` and returns a sentence for each problem. Keys may
/// be written in snake_case or camelCase; an object under a `tasklens` key is unwrapped.
pub fn apply(value: &Value, config: &mut Config) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(object) = value.get("tasklens").unwrap_or(value).as_object() else {
        if !value.is_null() {
            problems.push("tasklens settings must be an object of keys and values.".to_string());
        }
        return problems;
    };
    for (key, value) in object {
        match normalize(key).as_str() {
            "hours_per_day" => match positive(value) {
                Some(hours) if hours <= 24.0 => config.calendar.hours_per_day = hours,
                _ => problems.push(format!(
                    "hours_per_day must be a number of hours between 0 and 24, not {value}."
                )),
            },
            "days_per_week" => match positive(value) {
                Some(days) if days <= 7.0 => config.calendar.days_per_week = days,
                _ => problems.push(format!(
                    "days_per_week must be a number of days between 0 and 7, not {value}."
                )),
            },
            "required_fields" => match strings(value) {
                Some(names) => {
                    let mut fields = Vec::new();
                    for name in names {
                        match field_kind(&name) {
                            Some(kind) => fields.push(kind),
                            None => problems.push(format!(
                                "required_fields: `{name}` is not a field tasklens knows; use estimate, dependencies, type, priority, assignee, status or acceptance-criteria."
                            )),
                        }
                    }
                    config.required_fields = fields;
                }
                None => problems.push("required_fields must be a list of field names.".to_string()),
            },
            "priorities" => match strings(value) {
                Some(list) if !list.is_empty() => config.priorities = Some(list),
                _ => problems.push("priorities must be a non-empty list of names such as \"P0\".".to_string()),
            },
            "types" => match strings(value) {
                Some(list) if !list.is_empty() => config.types = Some(list),
                _ => problems.push("types must be a non-empty list of names such as \"Implementation\".".to_string()),
            },
            "severity" => match value.as_object() {
                Some(map) => {
                    for (code_name, level) in map {
                        let Some(code) = Code::from_name(code_name) else {
                            problems.push(format!("severity: `{code_name}` is not a tasklens diagnostic code."));
                            continue;
                        };
                        match level.as_str().map(str::to_ascii_lowercase).as_deref() {
                            Some("error") => config.severities.push((code, Some(Severity::Error))),
                            Some("warning") => config.severities.push((code, Some(Severity::Warning))),
                            Some("info" | "information") => config.severities.push((code, Some(Severity::Info))),
                            Some("hint") => config.severities.push((code, Some(Severity::Hint))),
                            Some("off" | "none") => config.severities.push((code, None)),
                            _ => problems.push(format!(
                                "severity.{code_name} must be one of error, warning, info, hint or off, not {level}."
                            )),
                        }
                    }
                }
                None => problems.push("severity must be a table of diagnostic codes and levels.".to_string()),
            },
            "labels" | "extra_labels" => match value.as_object() {
                Some(map) => {
                    for (label, kind) in map {
                        match kind.as_str().and_then(field_kind) {
                            Some(kind) => config.extra_labels.push((label.clone(), kind)),
                            None => problems.push(format!(
                                "labels.{label} must name a field such as \"dependencies\", not {kind}."
                            )),
                        }
                    }
                }
                None => problems.push("labels must be a table of label words and field names.".to_string()),
            },
            "kiro_implicit_dependencies" => match value.as_bool() {
                Some(on) => config.kiro_implicit_order = on,
                None => problems.push(format!(
                    "kiro_implicit_dependencies must be true or false, not {value}."
                )),
            },
            "spec_kit_implicit_dependencies" => match value.as_bool() {
                Some(on) => config.spec_kit_implicit_order = on,
                None => problems.push(format!(
                    "spec_kit_implicit_dependencies must be true or false, not {value}."
                )),
            },
            "docs_url" => match value.as_str().map(str::trim) {
                Some("") => config.docs_url = None,
                Some(url) => config.docs_url = Some(url.to_string()),
                None => problems.push(format!("docs_url must be a URL, not {value}.")),
            },
            "spec_kit_task_lenses" => flag(value, key, &mut config.display.spec_kit_task_lenses, &mut problems),
            "estimate_hints" => flag(value, key, &mut config.display.estimate_hints, &mut problems),
            "expansion_hints" => flag(value, key, &mut config.display.expansion_hints, &mut problems),
            "schedule_hints" => flag(value, key, &mut config.display.schedule_hints, &mut problems),
            // Editor-side settings that the server does not use.
            "server" | "files" | "trace" => {}
            other => problems.push(format!("`{other}` is not a tasklens setting.")),
        }
    }
    problems
}

/// Reads a `tasklens.toml` file onto `config`; returns the problems found, each naming the file.
pub fn apply_file(path: &Path, config: &mut Config) -> Vec<String> {
    // Read as the task files are: a regular file of bounded size, never a FIFO or a device.
    let text = match crate::files::read_text(path) {
        Ok(read) => read.text,
        Err(message) => return vec![format!("{message}.")],
    };
    match toml::from_str::<toml::Value>(&text) {
        Ok(value) => match serde_json::to_value(value) {
            Ok(value) => apply(&value, config)
                .into_iter()
                .map(|p| format!("{}: {p}", path.display()))
                .collect(),
            Err(error) => vec![format!("{}: {error}", path.display())],
        },
        Err(error) => vec![format!("{}: not valid TOML: {}", path.display(), error.message())],
    }
}

/// The nearest `tasklens.toml` in `start` or one of its ancestors.
pub fn find_file(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() { start.parent()? } else { start };
    let absolute = std::fs::canonicalize(start).ok()?;
    absolute
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The configuration for checking `path`: the defaults, then the nearest `tasklens.toml`.
/// Problems in the file are written to `err` as warnings; the defaults stay in force.
pub fn config_for(path: &Path, err: &mut impl std::io::Write) -> Config {
    let mut config = Config::default();
    if let Some(file) = find_file(path) {
        for problem in apply_file(&file, &mut config) {
            let _ = writeln!(err, "warning: {problem} The default stays in force.");
        }
    }
    config
}

fn normalize(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// Sets a switch from a boolean value, or says what is wrong with the value.
fn flag(value: &Value, key: &str, switch: &mut bool, problems: &mut Vec<String>) {
    match value.as_bool() {
        Some(on) => *switch = on,
        None => problems.push(format!("{} must be true or false, not {value}.", normalize(key))),
    }
}

fn positive(value: &Value) -> Option<f64> {
    value.as_f64().filter(|v| *v > 0.0 && v.is_finite())
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// A field kind from its settings name (`dependencies`, `estimate`, `assigned-to`…).
pub fn field_kind(name: &str) -> Option<FieldKind> {
    match normalize(name).as_str() {
        "dependencies" | "depends_on" => Some(FieldKind::Dependencies),
        "estimate" => Some(FieldKind::Estimate),
        "type" => Some(FieldKind::Type),
        "priority" => Some(FieldKind::Priority),
        "assignee" | "assigned_to" | "owner" => Some(FieldKind::Assignee),
        "status" => Some(FieldKind::Status),
        "acceptance_criteria" => Some(FieldKind::AcceptanceCriteria),
        "goal" => Some(FieldKind::Goal),
        "duration" => Some(FieldKind::Duration),
        "prerequisites" => Some(FieldKind::Prerequisites),
        "blocks" => Some(FieldKind::Blocks),
        "description" => Some(FieldKind::Description),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_settings_apply_in_both_spellings() {
        let mut config = Config::default();
        let problems = apply(
            &serde_json::json!({"tasklens": {"hoursPerDay": 6, "days_per_week": 4, "requiredFields": ["estimate"],
                "priorities": ["High", "Low"], "severity": {"redundant-dependency": "off", "phase-order": "error"},
                "labels": {"Voraussetzung": "dependencies"}}}),
            &mut config,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.calendar.hours_per_day, 6.0);
        assert_eq!(config.calendar.days_per_week, 4.0);
        assert_eq!(config.required_fields, [FieldKind::Estimate]);
        assert_eq!(
            config.priorities.as_deref(),
            Some(&["High".to_string(), "Low".to_string()][..])
        );
        assert_eq!(config.severity(Code::RedundantDependency), None);
        assert_eq!(config.severity(Code::PhaseOrder), Some(Severity::Error));
        assert_eq!(
            config.extra_labels,
            [("Voraussetzung".to_string(), FieldKind::Dependencies)]
        );
    }

    #[test]
    fn display_settings_and_the_docs_url() {
        let mut config = Config::default();
        let problems = apply(
            &serde_json::json!({"specKitTaskLenses": true, "estimate_hints": false, "expansionHints": false,
                "scheduleHints": true, "docsUrl": "https://example.org/d.md", "schedule_hints": "yes"}),
            &mut config,
        );
        assert_eq!(problems, ["schedule_hints must be true or false, not \"yes\"."]);
        let display = config.display;
        assert!(display.spec_kit_task_lenses && !display.estimate_hints && !display.expansion_hints);
        assert!(display.schedule_hints, "the good value before the bad one stays");
        assert_eq!(config.docs_url.as_deref(), Some("https://example.org/d.md"));
    }

    #[test]
    fn bad_settings_are_sentences_and_keep_the_defaults() {
        let mut config = Config::default();
        let problems = apply(
            &serde_json::json!({"hours_per_day": -3, "severity": {"no-such-code": "error", "phase-order": "loud"}, "colour": true}),
            &mut config,
        );
        assert_eq!(config, Config::default());
        assert_eq!(
            problems,
            [
                "`colour` is not a tasklens setting.",
                "hours_per_day must be a number of hours between 0 and 24, not -3.",
                "severity: `no-such-code` is not a tasklens diagnostic code.",
                "severity.phase-order must be one of error, warning, info, hint or off, not \"loud\".",
            ]
        );
    }
}
