//! Charts drawn with plotters into SVG, in the palette of the rest of the app. The drawing is a
//! pure function of the data (unit-tested natively); the browser puts the SVG in the page, and
//! the page carries the same figures as text for people who cannot see the chart.
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::marks::{download_png, download_svg, drawing, Drawing, Mark, Shape};
use super::style::{house_mesh, ink, inked, short, Ink, ERROR, FONT, GREY, PRIMARY};
use crate::domain::budget::BurnPoint;
use crate::domain::money::Currency;
use crate::i18n::{tr, K};

/// An amount for an axis: whole units, thousands as k and millions as M (`¥120k`).
pub fn axis_amount(minor: i64, currency: Currency) -> String {
    let major = minor / currency.minor_per_major();
    let sign = if major < 0 { "-" } else { "" };
    let m = major.unsigned_abs();
    let symbol = currency.symbol();
    if m >= 1_000_000 {
        let tenths = m / 100_000;
        if tenths.is_multiple_of(10) {
            format!("{sign}{symbol}{}M", tenths / 10)
        } else {
            format!("{sign}{symbol}{}.{}M", tenths / 10, tenths % 10)
        }
    } else if m >= 1_000 {
        format!("{sign}{symbol}{}k", m / 1_000)
    } else {
        format!("{sign}{symbol}{m}")
    }
}

/// The budget burn-down as an SVG document of `width` × `height` (scaled to fit its box): an
/// even-spending line (grey, dashed) and what is left so far (blue), with zero marked in red
/// when the budget is overrun.
pub fn burn_down_svg(points: &[BurnPoint], currency: Currency, width: u32, height: u32) -> Drawing {
    if points.is_empty() {
        return Drawing::default();
    }
    drawing(|svg, marks| draw_burn_down(svg, marks, points, currency, (width, height)))
}

fn draw_burn_down(
    svg: &mut String,
    marks: &mut Vec<Mark>,
    points: &[BurnPoint],
    currency: Currency,
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&ink().paper)?;
    let last = points.len().saturating_sub(1).max(1) as i32;
    let top = points
        .iter()
        .map(|p| p.ideal.max(p.remaining.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1);
    let bottom = points
        .iter()
        .filter_map(|p| p.remaining)
        .min()
        .unwrap_or(0)
        .min(0);
    // A little air above the highest line and below an overrun.
    let span = top - bottom;
    let (low, high) = (bottom - span / 20 * i64::from(bottom < 0), top + span / 20);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(64)
        .build_cartesian_2d(0..last, low..high)?;
    let day_of = |i: &i32| {
        points
            .get(*i as usize)
            .map(|p| p.day.format("%m-%d").to_string())
            .unwrap_or_default()
    };
    let amount_of = |v: &i64| axis_amount(*v, currency);
    house_mesh(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&day_of)
        .y_label_formatter(&amount_of)
        .draw()?;
    if low < 0 {
        chart.draw_series(LineSeries::new([(0, 0), (last, 0)], ERROR.stroke_width(1)))?;
    }
    chart.draw_series(DashedLineSeries::new(
        points.iter().enumerate().map(|(i, p)| (i as i32, p.ideal)),
        6,
        4,
        GREY.stroke_width(2),
    ))?;
    chart.draw_series(LineSeries::new(
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.remaining.map(|r| (i as i32, r))),
        PRIMARY.stroke_width(3),
    ))?;
    for (i, p) in points.iter().enumerate() {
        let Some(remaining) = p.remaining else {
            continue;
        };
        marks.push(Mark {
            shape: column(&chart, i as i32, last, (low, high)),
            text: format!(
                "{}: {} / {}",
                p.day.format("%m-%d"),
                crate::domain::money::format_amount(remaining, currency),
                crate::domain::money::format_amount(p.ideal, currency)
            ),
        });
    }
    root.present()?;
    Ok(())
}

/// A chart of one measure: its points' labels and values (`None` where the measure has no
/// value, e.g. a CPC without clicks), and how a value is written on the axis.
pub struct Series<'a> {
    pub labels: &'a [String],
    pub values: &'a [Option<f64>],
    pub format: &'a dyn Fn(f64) -> String,
}

/// The band of a point on a line chart with points at `0..=last`: from halfway to the point
/// before to halfway to the next, the plot's full height, so a pointer anywhere above or below
/// the point finds it.
fn column<Y: Copy>(
    chart: &ChartContext<
        SVGBackend,
        Cartesian2d<plotters::coord::types::RangedCoordi32, impl Ranged<ValueType = Y>>,
    >,
    i: i32,
    last: i32,
    (low, high): (Y, Y),
) -> Shape {
    let (x, top) = chart.backend_coord(&(i, high));
    let (_, bottom) = chart.backend_coord(&(i, low));
    let (next, _) = chart.backend_coord(&((i + 1).min(last), high));
    let (before, _) = chart.backend_coord(&((i - 1).max(0), high));
    let half = (f64::from(next - before) / 4.0).max(3.0);
    Shape::Rect {
        x: f64::from(x) - half,
        y: f64::from(top),
        w: half * 2.0,
        h: f64::from(bottom - top),
    }
}

/// Draws a series with `draw` into an SVG document with its marks; nothing for no points or a
/// failed drawing.
fn drawn(series: &Series, size: (u32, u32), draw: Draw) -> Drawing {
    if series.labels.is_empty() {
        return Drawing::default();
    }
    drawing(|svg, marks| draw(svg, marks, series, size))
}

type Draw =
    fn(&mut String, &mut Vec<Mark>, &Series, (u32, u32)) -> Result<(), Box<dyn std::error::Error>>;

/// The lowest (at most zero) and highest (above zero) of a series' values.
fn extent(values: &[Option<f64>]) -> (f64, f64) {
    let top = values
        .iter()
        .flatten()
        .fold(0.0f64, |m, v| m.max(*v))
        .max(f64::MIN_POSITIVE);
    let low = values.iter().flatten().fold(0.0f64, |m, v| m.min(*v));
    (low, top)
}

/// Horizontal bars, one per label, longest first as given; the value written at each bar's end.
pub fn bar_svg(series: &Series, width: u32, height: u32) -> Drawing {
    drawn(series, (width, height), draw_bars)
}

fn draw_bars(
    svg: &mut String,
    marks: &mut Vec<Mark>,
    series: &Series,
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&ink().paper)?;
    let n = series.labels.len() as i32;
    let (low, top) = extent(series.values);
    // Room for the value written after the longest bar.
    let high = top * 1.25;
    let label_width = (size.0 / 4).clamp(80, 180);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(label_width)
        .build_cartesian_2d(low..high, (0..n).into_segmented())?;
    let label_style = (FONT, 12).into_font().color(&ink().muted);
    let label_of = |s: &SegmentValue<i32>| match s {
        // Bars run from the top: the first label is the highest row.
        SegmentValue::CenterOf(i) if (0..n).contains(i) => series
            .labels
            .get((n - 1 - *i) as usize)
            .map(|l| short(l, 14))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let value_of = |v: &f64| (series.format)(*v);
    house_mesh(&mut chart.configure_mesh())
        .disable_y_mesh()
        .y_labels(n as usize)
        .x_labels(4)
        .y_label_formatter(&label_of)
        .x_label_formatter(&value_of)
        .draw()?;
    let value_style = label_style.pos(Pos::new(HPos::Left, VPos::Center));
    for (i, value) in series.values.iter().enumerate() {
        let Some(v) = value else { continue };
        let row = n - 1 - i as i32;
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(row)),
                (*v, SegmentValue::Exact(row + 1)),
            ],
            PRIMARY.filled(),
        );
        bar.set_margin(5, 5, 0, 0);
        chart.draw_series(std::iter::once(bar))?;
        let (x0, y0) = chart.backend_coord(&(low.min(0.0), SegmentValue::Exact(row + 1)));
        let (x1, y1) = chart.backend_coord(&(v.max(0.0), SegmentValue::Exact(row)));
        marks.push(Mark {
            shape: Shape::rect((x0, y0), (x1, y1)),
            text: format!(
                "{}: {}",
                series.labels.get(i).map(String::as_str).unwrap_or(""),
                (series.format)(*v)
            ),
        });
        chart.draw_series(std::iter::once(
            EmptyElement::at((*v, SegmentValue::CenterOf(row)))
                + Text::new((series.format)(*v), (6, 0), value_style.clone()),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// A line through the points in order (periods), with a dot at each.
pub fn line_svg(series: &Series, width: u32, height: u32) -> Drawing {
    drawn(series, (width, height), draw_line)
}

fn draw_line(
    svg: &mut String,
    marks: &mut Vec<Mark>,
    series: &Series,
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&ink().paper)?;
    let last = (series.labels.len() as i32 - 1).max(1);
    let (low, top) = extent(series.values);
    let high = top * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(72)
        .build_cartesian_2d(0..last, low..high)?;
    let label_of = |i: &i32| {
        series
            .labels
            .get(*i as usize)
            .map(|l| short(l, 10))
            .unwrap_or_default()
    };
    let value_of = |v: &f64| (series.format)(*v);
    house_mesh(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&label_of)
        .y_label_formatter(&value_of)
        .draw()?;
    let points: Vec<(i32, f64)> = series
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as i32, v)))
        .collect();
    chart.draw_series(LineSeries::new(points.clone(), PRIMARY.stroke_width(3)))?;
    if points.len() <= 62 {
        chart.draw_series(points.iter().map(|p| Circle::new(*p, 3, PRIMARY.filled())))?;
    }
    for (i, v) in &points {
        marks.push(Mark {
            shape: column(&chart, *i, last, (low, high)),
            text: format!(
                "{}: {}",
                series
                    .labels
                    .get(*i as usize)
                    .map(String::as_str)
                    .unwrap_or(""),
                (series.format)(*v)
            ),
        });
    }
    root.present()?;
    Ok(())
}

/// One step of a funnel: its name, how many reached it, and what is written beside it (the
/// share of the step before).
pub struct FunnelStep {
    pub label: String,
    pub count: i64,
    pub note: String,
}

/// A funnel: one centred bar per step, its width the step's share of the first, the step's
/// name and count written on it and the note at its right.
pub fn funnel_svg(steps: &[FunnelStep], width: u32, height: u32) -> Drawing {
    if steps.is_empty() {
        return Drawing::default();
    }
    drawing(|svg, marks| draw_funnel(svg, marks, steps, (width, height)))
}

fn draw_funnel(
    svg: &mut String,
    marks: &mut Vec<Mark>,
    steps: &[FunnelStep],
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&ink().paper)?;
    let (w, h) = (size.0 as i32, size.1 as i32);
    let n = steps.len() as i32;
    let row = h / n;
    // The bars take the left part; the notes the right.
    let note_width = (w / 4).clamp(70, 160);
    let span = (w - note_width - 16).max(40);
    let first = steps[0].count.max(1) as f64;
    let inside = (FONT, 13).into_font().color(&WHITE);
    let outside = (FONT, 13).into_font().color(&ink().text);
    let note_style = (FONT, 12).into_font().color(&ink().muted);
    for (i, step) in steps.iter().enumerate() {
        let i = i as i32;
        let share = (step.count as f64 / first).clamp(0.0, 1.0);
        let bar = ((span as f64) * share).round().max(2.0) as i32;
        let left = 8 + (span - bar) / 2;
        let (top, bottom) = (i * row + 4, (i + 1) * row - 4);
        // Later steps lighter, so the eye follows the narrowing.
        let fade = 1.0 - 0.12 * f64::from(i);
        let colour = RGBColor(
            (255.0 - (255.0 - f64::from(PRIMARY.0)) * fade) as u8,
            (255.0 - (255.0 - f64::from(PRIMARY.1)) * fade) as u8,
            (255.0 - (255.0 - f64::from(PRIMARY.2)) * fade) as u8,
        );
        root.draw(&Rectangle::new(
            [(left, top), (left + bar, bottom)],
            colour.filled(),
        ))?;
        // The whole row answers, not only a thin bar.
        marks.push(Mark {
            shape: Shape::rect((8, top), (8 + span, bottom)),
            text: if step.note.is_empty() {
                format!("{}: {}", step.label, group_digits(step.count))
            } else {
                format!(
                    "{}: {} ({})",
                    step.label,
                    group_digits(step.count),
                    step.note
                )
            },
        });
        let text = format!("{}  {}", step.label, group_digits(step.count));
        let centre = (8 + span / 2, (top + bottom) / 2);
        // On the bar when it is wide enough to hold the text, else dark on white.
        let style = if bar > 12 * text.chars().count() as i32 {
            inside.clone()
        } else {
            outside.clone()
        };
        root.draw(&Text::new(
            text,
            centre,
            style.pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
        root.draw(&Text::new(
            step.note.clone(),
            (w - note_width, (top + bottom) / 2),
            note_style.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// 1234567 as "1,234,567".
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Height a tooltip needs above its value; nearer the top it goes below.
const TIP_ROOM: f64 = 40.0;

/// An SVG chart drawn by the browser at the width of its box (the server sends the empty frame,
/// so the page hydrates the same whatever fonts either side measures text with). `render` gets
/// the width and height in pixels; signals it reads redraw the chart when they change. A
/// pointer on a value — hovering with a mouse, a tap on a phone — shows its tooltip; with
/// `export`, the chart can be downloaded as SVG or PNG under that name.
#[component]
pub fn SvgChart(
    render: Callback<(u32, u32), Drawing>,
    #[prop(into)] label: String,
    #[prop(optional, into)] class: String,
    #[prop(default = 260)] height: u32,
    #[prop(optional, into)] export: Option<String>,
) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    let theme = crate::theme::use_theme();
    // The page's theme's ink; the chart is drawn again when it changes.
    let page_ink = move || Ink::of_page(theme.dark.get());
    let drawing = StoredValue::new(Drawing::default());
    let width = StoredValue::new(0u32);
    let tip = RwSignal::new(None::<(f64, f64, String)>);
    // Drawn again when the window changes size, and a moment later while the box is not laid
    // out yet (a chart shown as its page arrives has no width at first).
    let redraw = RwSignal::new(0u32);
    Effect::new(move |_| {
        redraw.track();
        if let Some(el) = holder.get() {
            let measured = el.client_width().max(0) as u32;
            if measured == 0 && redraw.get_untracked() < 40 {
                set_timeout(
                    move || redraw.update(|n| *n += 1),
                    std::time::Duration::from_millis(50),
                );
                return;
            }
            let w = measured.clamp(280, 1200);
            let drawn = inked(page_ink(), || render.run((w, height)));
            el.set_inner_html(&drawn.svg);
            drawing.set_value(drawn);
            width.set_value(w);
            tip.set(None);
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        redraw.update(|n| *n += 1);
    });
    on_cleanup(move || on_resize.remove());
    // The value under the pointer, its tooltip kept inside the chart.
    let point = move |x: f64, y: f64| {
        let found = drawing.with_value(|d| {
            d.mark_at(x, y).map(|m| {
                let (ax, ay) = m.shape.anchor();
                (ax, ay, m.text.clone())
            })
        });
        let w = f64::from(width.get_value());
        tip.set(
            found.map(|(ax, ay, text)| (ax.clamp(60.0, (w - 60.0).max(60.0)), ay.max(0.0), text)),
        );
    };
    let on_pointer = move |ev: leptos::ev::PointerEvent| {
        if let Some(el) = holder.get_untracked() {
            let rect = el.get_bounding_client_rect();
            point(
                f64::from(ev.client_x()) - rect.left(),
                f64::from(ev.client_y()) - rect.top(),
            );
        }
    };
    let exports = export.map(|name| {
        let svg_name = name.clone();
        view! {
            <div class="chart-export">
                <button type="button" class="btn small" data-test="export-svg"
                    on:click=move |_| drawing.with_value(|d| download_svg(&svg_name, &d.svg))>
                    {tr(K::DownloadSvg)}
                </button>
                <button type="button" class="btn small" data-test="export-png"
                    on:click=move |_| {
                        let ink = Ink::of_page(theme.dark.get_untracked());
                        drawing.with_value(|d| inked(ink, || download_png(&name, &d.svg, (width.get_value(), height))))
                    }>
                    {tr(K::DownloadPng)}
                </button>
            </div>
        }
    });
    view! {
        <div class=format!("chart {class}")>
            {exports}
            <div class="chart-frame">
                <div class="chart-canvas" role="img" aria-label=label node_ref=holder
                    on:pointermove=on_pointer on:pointerdown=on_pointer
                    on:pointerleave=move |ev: leptos::ev::PointerEvent| {
                        // A finger lifted leaves too: its tooltip stays until the next tap.
                        if ev.pointer_type() != "touch" {
                            tip.set(None);
                        }
                    }></div>
                // Near the top edge the tooltip hangs below its value instead of over whatever
                // is above the chart (its download buttons).
                {move || tip.get().map(|(x, y, text)| {
                    let below = y < TIP_ROOM;
                    view! {
                        <div class="chart-tip" class:below=below role="tooltip" data-test="chart-tip"
                            style=format!("left:{x:.0}px;top:{y:.0}px")>{text}</div>
                    }
                })}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::super::style::{css, DARK, LIGHT};
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_funnel_narrows_with_its_steps() {
        let steps: Vec<FunnelStep> = [("Viewed", 1200), ("Clicked", 300), ("Ordered", 0)]
            .into_iter()
            .map(|(label, count)| FunnelStep {
                label: label.into(),
                count,
                note: String::new(),
            })
            .collect();
        let drawn = funnel_svg(&steps, 600, 180);
        let svg = &drawn.svg;
        assert!(svg.contains("Viewed  1,200") && svg.contains("Clicked  300"));
        assert_eq!(drawn.marks.len(), 3);
        let (x, y) = drawn.marks[1].shape.anchor();
        assert_eq!(
            drawn.mark_at(x, y + 5.0).map(|m| m.text.as_str()),
            Some("Clicked: 300")
        );
        let widths: Vec<f64> = svg
            .split("<rect")
            .skip(2)
            .filter_map(|r| r.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(widths.len(), 3, "{svg}");
        assert!(widths[0] > widths[1] && widths[1] > widths[2], "{widths:?}");
        assert_eq!(group_digits(-1234567), "-1,234,567");
        assert!(funnel_svg(&[], 600, 180).svg.is_empty());
    }

    #[test]
    fn axis_amounts_are_short() {
        assert_eq!(axis_amount(12_000_000, Currency::Cny), "¥120k");
        assert_eq!(axis_amount(150_000_000, Currency::Cny), "¥1.5M");
        assert_eq!(axis_amount(200_000_000, Currency::Cny), "¥2M");
        assert_eq!(axis_amount(-50_000, Currency::Usd), "-$500");
        assert_eq!(axis_amount(1200, Currency::Jpy), "JP¥1k");
    }

    #[test]
    fn the_burn_down_draws_both_lines_and_marks_an_overrun() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let points = vec![
            BurnPoint {
                day: day(1),
                ideal: 900,
                remaining: Some(800),
            },
            BurnPoint {
                day: day(2),
                ideal: 450,
                remaining: Some(-300),
            },
            BurnPoint {
                day: day(3),
                ideal: 0,
                remaining: None,
            },
        ];
        let drawn = burn_down_svg(&points, Currency::Cny, 640, 260);
        // A mark for each day with a figure, telling what is left and the plan.
        assert_eq!(drawn.marks.len(), 2);
        assert_eq!(drawn.marks[0].text, "03-01: ¥8.00 / ¥9.00");
        let svg = drawn.svg;
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("viewBox=\"0 0 640 260\""));
        assert!(svg.contains("03-01"));
        // The blue line of what is left, the red zero line of the overrun.
        assert!(svg.contains("#1677FF") || svg.contains("#1677ff"), "{svg}");
        assert!(svg.contains("#FF4D4F") || svg.contains("#ff4d4f"));
        assert!(burn_down_svg(&[], Currency::Cny, 640, 260).svg.is_empty());
    }

    #[test]
    fn bars_and_lines_carry_their_labels_and_values() {
        let labels = vec![
            "抖音".to_string(),
            "a very long campaign name indeed".to_string(),
        ];
        let values = vec![Some(2500.0), None];
        let format = |v: f64| format!("{v:.0}");
        let series = Series {
            labels: &labels,
            values: &values,
            format: &format,
        };
        let drawn = bar_svg(&series, 640, 200);
        // A bar for the value there is, none for the one there is not.
        assert_eq!(drawn.marks.len(), 1);
        assert_eq!(drawn.marks[0].text, "抖音: 2500");
        let (x, y) = drawn.marks[0].shape.anchor();
        assert!(drawn.mark_at(x, y + 3.0).is_some());
        let bars = drawn.svg;
        assert!(bars.contains("抖音"), "{bars}");
        assert!(bars.contains("a very long c…"), "long names are cut");
        assert!(
            bars.contains(">\n2500\n<"),
            "the bar value is written: {bars}"
        );
        let drawn = line_svg(&series, 640, 200);
        assert_eq!(drawn.marks.len(), 1);
        // The point's whole column answers.
        let Shape::Rect { x, y, w, h } = drawn.marks[0].shape else {
            panic!("a column is a box");
        };
        assert!(
            drawn.mark_at(x + w / 2.0, y + h - 1.0).is_some()
                && drawn.mark_at(x + w / 2.0, y + 1.0).is_some()
        );
        let line = drawn.svg;
        assert!(line.starts_with("<svg"));
        assert!(line.contains("抖音"));
        let empty = Series {
            labels: &[],
            values: &[],
            format: &format,
        };
        assert!(bar_svg(&empty, 640, 200).svg.is_empty());
        assert!(line_svg(&empty, 640, 200).svg.is_empty());
    }

    #[test]
    fn a_dark_page_gets_a_dark_chart_with_light_words() {
        let labels = vec!["抖音".to_string(), "小红书".to_string()];
        let values = vec![Some(2500.0), Some(900.0)];
        let format = |v: f64| format!("{v:.0}");
        let series = Series {
            labels: &labels,
            values: &values,
            format: &format,
        };
        let paper = |ink: Ink| format!("fill=\"{}\"", css(ink.paper));
        let light = bar_svg(&series, 640, 200).svg.to_lowercase();
        assert!(light.contains(&paper(LIGHT)), "{light}");
        let dark = inked(DARK, || bar_svg(&series, 640, 200))
            .svg
            .to_lowercase();
        assert!(dark.contains(&paper(DARK)), "{dark}");
        assert!(!dark.contains(&paper(LIGHT)), "no white left: {dark}");
        // After the dark drawing, charts are light again unless asked.
        let again = line_svg(&series, 640, 200).svg.to_lowercase();
        assert!(again.contains(&paper(LIGHT)));
    }
}
