//! The charts' house style: the design tokens' colours (`style/main.css`), the series palette,
//! the grid, and labels cut to fit. Every chart draws with these.
use plotters::prelude::*;

/// The design tokens' colours (`style/main.css`).
pub const PRIMARY: RGBColor = RGBColor(0x16, 0x77, 0xff);
pub const ERROR: RGBColor = RGBColor(0xff, 0x4d, 0x4f);
pub const GREY: RGBColor = RGBColor(0x8c, 0x8c, 0x8c);
pub const GRID: RGBColor = RGBColor(0xf0, 0xf0, 0xf0);
pub const AXIS: RGBColor = RGBColor(0xd9, 0xd9, 0xd9);
pub const FONT: &str = "sans-serif";

/// A chart's grid in the house style: pale rules, grey labels, a light axis line.
pub fn house_mesh<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB> {
    mesh.light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .label_style((FONT, 12).into_font().color(&GREY))
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
