pub mod analyzer;
pub mod cli;
pub mod logging;
pub mod platform;
pub mod provider;
pub mod render;
pub mod schema;
pub mod value;
