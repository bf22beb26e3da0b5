//! Charts drawn with plotters into SVG, a pure function of the data (unit-tested natively), put
//! in the page by the browser with tooltips, legends and downloads. `style` is the house style;
//! `marks` what makes a drawing interactive (the marks a drawing leaves, their hit tests, the
//! stacked bar and donut charts, the legend, downloads); `series` the line, bar, burn-down and
//! funnel charts and `SvgChart`, the component that shows any of them.
pub mod marks;
pub mod series;
pub mod style;

pub use marks::*;
pub use series::*;
pub use style::*;
