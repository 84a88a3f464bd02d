//! Policy analysis over verified programs: test specs, lint, control-flow graphs, stepping.

pub mod bdd;
pub mod budget;
pub mod condition;
pub mod cover;
pub mod diff;
pub mod engine;
pub mod explain;
pub mod graph;
pub mod lint;
pub mod render;
#[cfg(feature = "spec")]
pub mod spec;
pub mod step;
