//! `collect` gathers the SSVIT local status survey on digitalisation
//! strategies and budgets from the 54 organisations of the Västra Götaland
//! municipal cooperation.
//!
//! The flow: [`read`] opens a submission (workbook or long CSV) into
//! sections and cells with their places; [`validate`] types every answer
//! against the [`survey`] definition and the [`registry`], checks the rules
//! and produces [`finding::Finding`]s; [`output`] renders them for people
//! and CI. [`store`] keeps the accepted submissions; [`collection`] loads
//! the current ones of a year per registry respondent, [`aggregate`]
//! computes the report's figures from them and [`report`] writes those as
//! xlsx. [`cmd`] holds one module per subcommand.

pub mod aggregate;
pub mod annotate;
pub mod atomic;
pub mod cli;
pub mod cmd;
pub mod collection;
pub mod convert;
pub mod csv_out;
pub mod error;
pub mod export;
pub mod files;
pub mod finding;
pub mod fit;
pub mod form;
pub mod io_message;
pub mod layout;
pub mod limits;
pub mod mail;
pub mod map;
pub mod output;
pub mod output_path;
pub mod place;
pub mod read;
pub mod registry;
pub mod remind;
pub mod report;
pub mod respondent_id;
pub mod status;
pub mod store;
pub mod survey;
pub mod table;
pub mod template;
pub mod text;
pub mod time;
pub mod validate;
pub mod value;
