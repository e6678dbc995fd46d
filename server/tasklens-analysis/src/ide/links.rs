//! Document links: Kiro's `_Requirements: 1.1, 2.3_` fields point into the requirements
//! document beside tasks.md; each requirement number is a link the client can follow.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::items::Item;
use crate::lex::fields::FieldKind;

/// A link from a range of the document to a requirement of the requirements document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequirementLink {
    /// The requirement number's range.
    pub range: Range<usize>,
    /// The requirement number (`1.1`).
    pub requirement: String,
}

/// Every requirement number in a requirements field, in document order.
pub fn requirement_links(analysis: &Analysis) -> Vec<RequirementLink> {
    let mut links = Vec::new();
    for (base, segment) in analysis.model.document().segments() {
        for item in &segment.items().items {
            let Item::Field(field) = item else { continue };
            if field.kind != FieldKind::Requirements {
                continue;
            }
            let text = &field.text;
            let mut start = None;
            for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let part_of_number = c.is_ascii_digit() || (c == '.' && start.is_some());
                match (start, part_of_number) {
                    (None, true) => start = Some(i),
                    (Some(s), false) => {
                        let number = text[s..i].trim_end_matches('.');
                        if !number.is_empty() {
                            let at = base + field.value.start + s;
                            links.push(RequirementLink {
                                range: at..at + number.len(),
                                requirement: number.to_string(),
                            });
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{Config, analyze};

    #[test]
    fn requirement_numbers_are_links() {
        let text = "- [ ] 1. Task\n  - _Requirements: 1.1, 2.3_\n  - _需求: 4.2_\n";
        let analysis = analyze(text, Arc::new(Config::default()));
        let links: Vec<(&str, String)> = requirement_links(&analysis)
            .into_iter()
            .map(|l| (&text[l.range], l.requirement))
            .collect();
        assert_eq!(
            links,
            [
                ("1.1", "1.1".to_string()),
                ("2.3", "2.3".to_string()),
                ("4.2", "4.2".to_string())
            ]
        );
    }
}
