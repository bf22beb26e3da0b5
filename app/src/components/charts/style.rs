//! The charts' house style: the design tokens' colours (`style/main.css`), the series palette,
//! the grid, the ink of the page's theme, and labels cut to fit. Every chart draws with these.
use std::cell::Cell;

use plotters::prelude::*;

/// The design tokens' colours (`style/main.css`).
pub const PRIMARY: RGBColor = RGBColor(0x16, 0x77, 0xff);
pub const ERROR: RGBColor = RGBColor(0xff, 0x4d, 0x4f);
pub const GREY: RGBColor = RGBColor(0x8c, 0x8c, 0x8c);
pub const FONT: &str = "sans-serif";

/// The neutral colours a chart is drawn in: its paper, words, quiet words (labels, notes), grid
/// and axis. The series keep their colours in both themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ink {
    pub paper: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
}

/// On the light theme's white cards.
pub const LIGHT: Ink = Ink {
    paper: RGBColor(0xff, 0xff, 0xff),
    text: RGBColor(0x26, 0x26, 0x26),
    muted: RGBColor(0x6e, 0x6e, 0x6e),
    grid: RGBColor(0xf0, 0xf0, 0xf0),
    axis: RGBColor(0xd9, 0xd9, 0xd9),
};

/// On the dark theme's cards (`--color-surface`).
pub const DARK: Ink = Ink {
    paper: RGBColor(0x1f, 0x1f, 0x1f),
    text: RGBColor(0xe4, 0xe4, 0xe4),
    muted: RGBColor(0xa6, 0xa6, 0xa6),
    grid: RGBColor(0x30, 0x30, 0x30),
    axis: RGBColor(0x42, 0x42, 0x42),
};

impl Ink {
    /// The ink of a dark or a light page.
    pub fn of_page(dark: bool) -> Ink {
        if dark {
            DARK
        } else {
            LIGHT
        }
    }
}

thread_local! {
    static INK: Cell<Ink> = const { Cell::new(LIGHT) };
}

/// Draws with `ink` whatever `draw` draws (a chart component passes its page's theme this way,
/// so the drawing functions keep to their data and size).
pub fn inked<R>(ink: Ink, draw: impl FnOnce() -> R) -> R {
    let before = INK.with(|i| i.replace(ink));
    let drawn = draw();
    INK.with(|i| i.set(before));
    drawn
}

/// The ink charts are drawn with now: the light theme's unless `inked` says otherwise.
pub fn ink() -> Ink {
    INK.with(Cell::get)
}

/// A chart's grid in the house style: pale rules, quiet labels, a light axis line.
pub fn house_mesh<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB> {
    let ink = ink();
    mesh.light_line_style(ink.paper)
        .bold_line_style(ink.grid)
        .axis_style(ink.axis)
        .label_style((FONT, 12).into_font().color(&ink.muted))
}

/// Series colours, in order: distinguishable from each other and on white.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x16, 0x77, 0xff),
    RGBColor(0x52, 0xc4, 0x1a),
    RGBColor(0xfa, 0x8c, 0x16),
    RGBColor(0x72, 0x2e, 0xd1),
    RGBColor(0x13, 0xc2, 0xc2),
    RGBColor(0xeb, 0x2f, 0x96),
    RGBColor(0xfa, 0xdb, 0x14),
    RGBColor(0x59, 0x59, 0x59),
];

/// The `n`th series colour (the palette again after its last).
pub fn colour(n: usize) -> RGBColor {
    PALETTE[n % PALETTE.len()]
}

/// A colour as CSS writes it.
pub fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A label cut to `max` characters with an ellipsis.
pub fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}
