//! The inventory stage: agencies and their systems, read from YAML files
//! ([`load`], every error of a broken document: [`recover`]) and checked
//! across files ([`validate`]).

pub mod load;
pub mod model;
pub mod recover;
pub mod selection;
pub mod validate;

pub use load::{AgencyEntry, Inventory, load};
pub use selection::Selection;
