//! The policy stage: rules with CEL conditions, targets and waivers
//! ([`load`], [`compile`]; the default pack is compiled in: [`pack`]), evaluated on every system in parallel
//! ([`evaluate`]; domain rules: [`domains`]) and folded into the scan record ([`summary`], [`targets`]).

pub mod changes;
pub mod compile;
pub mod domains;
pub mod evaluate;
pub mod load;
pub mod model;
pub mod national;
pub mod pack;
pub mod summary;
pub mod targets;
pub mod texts;
pub mod variables;

pub use evaluate::evaluate;
pub use load::{PolicyOrigin, PolicySet, load};
