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

/// True when the last top-level block of `text`'s parse `tree` is a fenced code block or an
/// HTML block that is still open at the end of the text. A segment that ends so cannot be cut
/// from the one after it: in the whole document, that block would swallow the next segment's
/// heading. Blocks inside list items and block quotes are left out, since a heading at the
/// margin closes those containers and everything in them.
pub fn leaves_block_open(text: &str, tree: &Tree) -> bool {
    let mut node = tree.root_node();
    loop {
        let Some(last) = node
            .named_child_count()
            .checked_sub(1)
            .and_then(|i| node.named_child(i))
        else {
            return false;
        };
        match last.kind() {
            "section" => node = last,
            "fenced_code_block" | "html_block" => {
                let start = last.start_byte().min(text.len());
                let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |at| at + 1);
                return crate::split::construct_left_open(&text[line_start..]);
            }
            _ => return false,
        }
    }
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
