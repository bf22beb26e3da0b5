//! What makes a chart more than a picture: the marks a drawing leaves (where each value is
//! drawn and what its tooltip says), the stacked bar and donut charts, the legend whose entries
//! hide and show series, and a chart downloaded as SVG or PNG.
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{css, house_mesh, ink, short, FONT};
use crate::i18n::{tr, K};

/// Where a value is drawn, in the chart's pixels.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    /// A slice of a ring: its centre, inner and outer radius, and the angles it spans (radians,
    /// clockwise from twelve o'clock).
    Slice {
        cx: f64,
        cy: f64,
        inner: f64,
        outer: f64,
        from: f64,
        to: f64,
    },
}

impl Shape {
    /// A box from two corners in any order.
    pub fn rect((x0, y0): (i32, i32), (x1, y1): (i32, i32)) -> Shape {
        Shape::Rect {
            x: f64::from(x0.min(x1)),
            y: f64::from(y0.min(y1)),
            w: f64::from((x1 - x0).abs()),
            h: f64::from((y1 - y0).abs()),
        }
    }

    pub fn contains(&self, px: f64, py: f64) -> bool {
        match *self {
            Shape::Rect { x, y, w, h } => px >= x && px <= x + w && py >= y && py <= y + h,
            Shape::Slice {
                cx,
                cy,
                inner,
                outer,
                from,
                to,
            } => {
                let (dx, dy) = (px - cx, py - cy);
                let r = dx.hypot(dy);
                let angle = dx.atan2(-dy).rem_euclid(std::f64::consts::TAU);
                r >= inner && r <= outer && angle >= from && angle < to
            }
        }
    }

    /// Where a tooltip points: the top middle of a box, the outer middle of a slice.
    pub fn anchor(&self) -> (f64, f64) {
        match *self {
            Shape::Rect { x, y, w, .. } => (x + w / 2.0, y),
            Shape::Slice {
                cx,
                cy,
                outer,
                from,
                to,
                ..
            } => {
                let mid = (from + to) / 2.0;
                (cx + outer * mid.sin(), cy - outer * mid.cos())
            }
        }
    }
}

/// A value's place on a chart and what its tooltip says.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub shape: Shape,
    pub text: String,
}

/// A drawn chart: the SVG document and the marks of its values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub svg: String,
    pub marks: Vec<Mark>,
}

impl Drawing {
    /// The mark under a point: the last drawn, which is on top.
    pub fn mark_at(&self, x: f64, y: f64) -> Option<&Mark> {
        self.marks.iter().rev().find(|m| m.shape.contains(x, y))
    }
}

/// Runs `draw` into a new document, keeping the marks it leaves; nothing when it fails.
pub fn drawing(
    draw: impl FnOnce(&mut String, &mut Vec<Mark>) -> Result<(), Box<dyn std::error::Error>>,
) -> Drawing {
    let mut drawn = Drawing::default();
    if draw(&mut drawn.svg, &mut drawn.marks).is_err() {
        return Drawing::default();
    }
    drawn
}

/// One series of a stacked chart: its name, colour and a value per period.
pub struct StackSeries {
    pub name: String,
    pub colour: RGBColor,
    pub values: Vec<f64>,
}

/// Bars per period, each the series stacked in order from the bottom.
pub struct Stack<'a> {
    pub periods: &'a [String],
    pub series: &'a [StackSeries],
    pub format: &'a dyn Fn(f64) -> String,
}

/// Vertical bars per period, the series stacked in each; a mark per piece telling the series,
/// the period and the value.
pub fn stacked_svg(stack: &Stack, width: u32, height: u32) -> Drawing {
    if stack.periods.is_empty() {
        return Drawing::default();
    }
    drawing(|svg, marks| draw_stack(svg, marks, stack, (width, height)))
}

fn draw_stack(
    svg: &mut String,
    marks: &mut Vec<Mark>,
    stack: &Stack,
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&ink().paper)?;
    let n = stack.periods.len() as i32;
    let top = (0..stack.periods.len())
        .map(|i| {
            stack
                .series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0))
                .sum::<f64>()
        })
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(72)
        .build_cartesian_2d((0..n).into_segmented(), 0.0..top * 1.1)?;
    let label_of = |s: &SegmentValue<i32>| match s {
        SegmentValue::CenterOf(i) if (0..n).contains(i) => stack
            .periods
            .get(*i as usize)
            .map(|l| short(l, 10))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let value_of = |v: &f64| (stack.format)(*v);
    house_mesh(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels((size.0 as usize / 90).clamp(2, 12))
        .y_labels(5)
        .x_label_formatter(&label_of)
        .y_label_formatter(&value_of)
        .draw()?;
    let gap = if size.0 as i32 / n.max(1) > 12 { 2 } else { 0 };
    for (i, period) in stack.periods.iter().enumerate() {
        let x = i as i32;
        let mut base = 0.0;
        for series in stack.series {
            let v = series.values.get(i).copied().unwrap_or(0.0).max(0.0);
            if v <= 0.0 {
                continue;
            }
            let (low, high) = (SegmentValue::Exact(x), SegmentValue::Exact(x + 1));
            let mut piece = Rectangle::new([(low, base), (high, base + v)], series.colour.filled());
            piece.set_margin(0, 0, gap, gap);
            chart.draw_series(std::iter::once(piece))?;
            let corner = chart.backend_coord(&(SegmentValue::Exact(x), base));
            let other = chart.backend_coord(&(SegmentValue::Exact(x + 1), base + v));
            marks.push(Mark {
                shape: Shape::rect(corner, other),
                text: format!("{} · {}: {}", series.name, period, (stack.format)(v)),
            });
            base += v;
        }
    }
    root.present()?;
    Ok(())
}

/// One slice of a donut: its name, colour and value.
pub struct Slice {
    pub name: String,
    pub colour: RGBColor,
    pub value: f64,
}

/// A ring cut into slices by value, clockwise from twelve o'clock, the total written in the
/// hole; each slice's share written on it when there is room; a mark per slice telling its
/// name, value and share.
pub fn donut_svg(
    slices: &[Slice],
    total_label: &str,
    format: &dyn Fn(f64) -> String,
    width: u32,
    height: u32,
) -> Drawing {
    let total: f64 = slices.iter().map(|s| s.value.max(0.0)).sum();
    if total <= 0.0 {
        return Drawing::default();
    }
    drawing(|svg, marks| {
        draw_donut(
            svg,
            marks,
            (slices, total),
            (total_label, format),
            (width, height),
        )
    })
}

fn draw_donut(
    svg: &mut String,
    marks: &mut Vec<Mark>,
    (slices, total): (&[Slice], f64),
    (total_label, format): (&str, &dyn Fn(f64) -> String),
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&ink().paper)?;
    let (cx, cy) = (f64::from(size.0) / 2.0, f64::from(size.1) / 2.0);
    let outer = (f64::from(size.0.min(size.1)) / 2.0 - 8.0).max(20.0);
    let inner = outer * 0.58;
    let point = |r: f64, a: f64| {
        (
            (cx + r * a.sin()).round() as i32,
            (cy - r * a.cos()).round() as i32,
        )
    };
    let mut from = 0.0f64;
    let share_style = (FONT, 12)
        .into_font()
        .color(&WHITE)
        .pos(Pos::new(HPos::Center, VPos::Center));
    for slice in slices {
        let v = slice.value.max(0.0);
        if v <= 0.0 {
            continue;
        }
        let share = v / total;
        let to = from + share * std::f64::consts::TAU;
        // The outer edge forward, the inner edge back, a point every two degrees or so.
        let steps = ((to - from) / 0.035).ceil().max(1.0) as usize;
        let mut outline: Vec<(i32, i32)> = (0..=steps)
            .map(|k| point(outer, from + (to - from) * k as f64 / steps as f64))
            .collect();
        outline.extend(
            (0..=steps)
                .rev()
                .map(|k| point(inner, from + (to - from) * k as f64 / steps as f64)),
        );
        root.draw(&Polygon::new(outline, slice.colour.filled()))?;
        // A thin line of the paper between slices.
        root.draw(&PathElement::new(
            vec![point(inner, from), point(outer, from)],
            ink().paper.stroke_width(2),
        ))?;
        if share >= 0.06 {
            root.draw(&Text::new(
                format!("{:.0}%", share * 100.0),
                point((inner + outer) / 2.0, (from + to) / 2.0),
                share_style.clone(),
            ))?;
        }
        marks.push(Mark {
            shape: Shape::Slice {
                cx,
                cy,
                inner,
                outer,
                from,
                to,
            },
            text: format!("{}: {} ({:.1}%)", slice.name, format(v), share * 100.0),
        });
        from = to;
    }
    let centre = (cx.round() as i32, cy.round() as i32);
    root.draw(&Text::new(
        total_label.to_string(),
        (centre.0, centre.1 - 10),
        (FONT, 12)
            .into_font()
            .color(&ink().muted)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    root.draw(&Text::new(
        format(total),
        (centre.0, centre.1 + 10),
        (FONT, 16)
            .into_font()
            .color(&ink().text)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    root.present()?;
    Ok(())
}

/// The legend of a chart with several series: each entry a button that hides or shows its
/// series (`hidden` holds the hidden ones' places); the last one shown stays shown.
#[component]
pub fn Legend(items: Vec<(String, RGBColor)>, hidden: RwSignal<Vec<usize>>) -> impl IntoView {
    let count = items.len();
    view! {
        <div class="chart-legend" role="group" aria-label=move || tr(K::ChartLegend)()>
            {items.into_iter().enumerate().map(|(i, (name, c))| {
                let shown = move || hidden.with(|h| !h.contains(&i));
                let toggle = move |_| hidden.update(|h| {
                    if let Some(at) = h.iter().position(|x| *x == i) {
                        h.remove(at);
                    } else if h.len() + 1 < count {
                        h.push(i);
                    }
                });
                view! {
                    <button type="button" class="legend-item" data-test="legend-item"
                        class:off=move || !shown() aria-pressed=move || shown().to_string() on:click=toggle>
                        <span class="swatch" style=format!("background:{}", css(c))></span>
                        {name}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// Offers a chart's SVG document as a file.
pub fn download_svg(name: &str, svg: &str) {
    crate::components::ui::download_text(
        &format!("{name}.svg"),
        "image/svg+xml",
        &with_namespace(svg),
    );
}

/// An SVG document that stands alone as a file and as an image source.
fn with_namespace(svg: &str) -> String {
    if svg.contains("xmlns=") {
        svg.to_string()
    } else {
        svg.replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1)
    }
}

/// Offers a chart as a PNG image at twice its size on screen: the SVG drawn onto a canvas by
/// the browser.
pub fn download_png(name: &str, svg: &str, (width, height): (u32, u32)) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(image) = web_sys::HtmlImageElement::new() else {
            return;
        };
        let file = format!("{name}.png");
        let loaded = image.clone();
        let on_load = Closure::once_into_js(move || {
            let Some(canvas) = document
                .create_element("canvas")
                .ok()
                .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
            else {
                return;
            };
            canvas.set_width(width * 2);
            canvas.set_height(height * 2);
            let Some(context) = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            let _ = context.scale(2.0, 2.0);
            context.set_fill_style_str(&super::style::css(ink().paper));
            context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            let _ = context.draw_image_with_html_image_element(&loaded, 0.0, 0.0);
            if let Ok(url) = canvas.to_data_url_with_type("image/png") {
                if let Some((_, data)) = url.split_once(',') {
                    crate::components::ui::download_base64(&file, "image/png", data);
                }
            }
        });
        image.set_onload(Some(on_load.unchecked_ref()));
        let source: String = js_sys::encode_uri_component(&with_namespace(svg)).into();
        image.set_src(&format!("data:image/svg+xml;charset=utf-8,{source}"));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, svg, width, height);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::charts::style::colour;

    fn money(v: f64) -> String {
        format!("¥{v:.0}")
    }

    #[test]
    fn a_stack_marks_every_piece_and_stacks_them_upwards() {
        let periods = vec!["11-01".to_string(), "11-02".to_string()];
        let series = vec![
            StackSeries {
                name: "Douyin".into(),
                colour: colour(0),
                values: vec![100.0, 50.0],
            },
            StackSeries {
                name: "WeChat".into(),
                colour: colour(1),
                values: vec![40.0, 0.0],
            },
        ];
        let d = stacked_svg(
            &Stack {
                periods: &periods,
                series: &series,
                format: &money,
            },
            600,
            300,
        );
        assert!(d.svg.starts_with("<svg"));
        // No piece for nothing.
        assert_eq!(d.marks.len(), 3);
        assert_eq!(d.marks[0].text, "Douyin · 11-01: ¥100");
        assert_eq!(d.marks[1].text, "WeChat · 11-01: ¥40");
        let (Shape::Rect { y: bottom_y, .. }, Shape::Rect { y: top_y, h, .. }) =
            (&d.marks[0].shape, &d.marks[1].shape)
        else {
            panic!("bars are boxes");
        };
        // WeChat's piece sits on Douyin's.
        assert!(top_y + h <= bottom_y + 1.0);
        // The second day's bar is half the first's Douyin piece: to the right and lower.
        let (x, y) = d.marks[2].shape.anchor();
        assert!(x > d.marks[0].shape.anchor().0);
        assert!(y > d.marks[0].shape.anchor().1);
        // A point in a piece finds it.
        let (ax, ay) = d.marks[1].shape.anchor();
        assert_eq!(
            d.mark_at(ax, ay + 2.0).map(|m| m.text.as_str()),
            Some("WeChat · 11-01: ¥40")
        );
        assert!(d.mark_at(0.0, 0.0).is_none());
    }

    #[test]
    fn a_donut_gives_each_slice_its_share_of_the_ring() {
        let slices = vec![
            Slice {
                name: "Douyin".into(),
                colour: colour(0),
                value: 300.0,
            },
            Slice {
                name: "Baidu".into(),
                colour: colour(1),
                value: 100.0,
            },
            Slice {
                name: "None".into(),
                colour: colour(2),
                value: 0.0,
            },
        ];
        let d = donut_svg(&slices, "Cost", &money, 300, 300);
        assert!(d.svg.contains("75%"));
        assert!(d.svg.contains("¥400"));
        assert_eq!(d.marks.len(), 2);
        assert_eq!(d.marks[0].text, "Douyin: ¥300 (75.0%)");
        assert_eq!(d.marks[1].text, "Baidu: ¥100 (25.0%)");
        // Douyin takes three quarters clockwise from twelve: the right and the bottom.
        let outer = 142.0 - 8.0 / 2.0;
        assert_eq!(
            d.mark_at(150.0 + outer * 0.8, 150.0)
                .map(|m| m.text.as_str()),
            Some("Douyin: ¥300 (75.0%)")
        );
        assert_eq!(
            d.mark_at(150.0, 150.0 + outer * 0.8)
                .map(|m| m.text.as_str()),
            Some("Douyin: ¥300 (75.0%)")
        );
        assert_eq!(
            d.mark_at(150.0 - outer * 0.8, 150.0 - 20.0)
                .map(|m| m.text.as_str()),
            Some("Baidu: ¥100 (25.0%)")
        );
        // The hole and the corners are nothing.
        assert!(d.mark_at(150.0, 150.0).is_none());
        assert!(d.mark_at(2.0, 2.0).is_none());
        // Nothing to share: nothing drawn.
        assert!(donut_svg(&slices[2..], "Cost", &money, 300, 300)
            .svg
            .is_empty());
    }

    #[test]
    fn an_exported_svg_names_its_namespace_once() {
        assert_eq!(
            with_namespace("<svg width=\"1\"></svg>"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"></svg>"
        );
        let already = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"></svg>";
        assert_eq!(with_namespace(already), already);
    }
}
