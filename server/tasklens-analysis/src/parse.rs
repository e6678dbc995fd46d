//! Runs tree-sitter-md's block grammar over one segment.

use std::cell::RefCell;

use tree_sitter::{Language, Parser, Tree};

/// tree-sitter-md's block grammar.
pub fn language() -> Language {
    tree_sitter_md::LANGUAGE.into()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    if let Err(error) = parser.set_language(&language()) {
        panic!("tree-sitter-md's block grammar does not load: {error}");
    }
    parser
}

/// Parses `text`, reusing `old` (already edited to match `text`) when given.
///
/// tree-sitter only gives up on a parse when a timeout or cancellation flag is set, and none
/// is, so a missing tree cannot happen; should it ever, the text is parsed again from scratch.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        if let Some(tree) = parser.parse(text, old) {
            return tree;
        }
        parser.reset();
        match parser.parse(text, None) {
            Some(tree) => tree,
            None => panic!("tree-sitter returned no tree without a timeout or cancellation"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_has_every_node_kind_the_extractor_reads() {
        let language = language();
        for kind in crate::extract::BLOCK_KINDS {
            assert_ne!(
                language.id_for_node_kind(kind, true),
                0,
                "tree-sitter-md's block grammar has no `{kind}` node any more"
            );
        }
    }
}
