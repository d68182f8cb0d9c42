//! A small page-layout layer over printpdf, for every PDF the clinic prints.
//!
//! Text of either script goes in as plain strings: a line with Urdu in it is shaped
//! with Noto Naskh Arabic (rustybuzz), ordered right to left (unicode-bidi) and set
//! flush right; Latin is set in Noto Sans. Glyphs are placed by id and each glyph's
//! ToUnicode entry names the characters it stands for, so the PDF's text can be
//! searched and copied. Characters no bundled face has become "?".

mod flow;
mod fonts;
mod logo;
mod shape;

pub use flow::{DocumentInfo, Flow, Letterhead, Logo, PageSize, Row, TextStyle};
pub use shape::Weight;

#[cfg(test)]
pub(crate) mod check;
