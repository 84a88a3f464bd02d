//! Policy analysis over verified programs: test specs, lint, control-flow graphs, stepping.

#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod bdd;
pub mod budget;
pub mod condition;
pub mod cover;
pub mod diff;
#[doc(hidden)] // internal (tests, CLI, fuzz targets): not part of the stable API
pub mod engine;
pub mod explain;
pub mod graph;
pub mod lint;
pub(crate) mod render;
#[cfg(feature = "spec")]
pub mod spec;
pub mod step;
pub mod svg;
