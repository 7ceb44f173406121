//! The inventory stage: agencies and their systems, read from YAML files
//! ([`load`]) and checked across files ([`validate`]).

pub mod load;
pub mod model;
pub mod validate;

pub use load::{AgencyEntry, Inventory, load};
