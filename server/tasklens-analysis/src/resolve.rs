//! The entry of the resolution layer: a model's tasks and dependencies resolved
//! ([`crate::analysis`]), then the order of its phases ([`crate::order`]), which reads the
//! resolved tasks, then what is done, which reads both.

use crate::analysis::Analysis;
use crate::model::Model;

impl Analysis {
    /// Resolves a model.
    pub fn new(model: Model) -> Analysis {
        let mut analysis = Analysis::resolve_tasks(model);
        analysis.phase_edges = crate::order::phase_edges(&analysis);
        analysis.phase_stories = crate::order::phase_stories(&analysis);
        analysis.done = (0..analysis.tasks.len()).map(|i| analysis.compute_done(i)).collect();
        analysis
    }
}
