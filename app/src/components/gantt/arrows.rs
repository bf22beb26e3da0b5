//! The dependency arrows: each an elbow from one bar's end to another's, drawn in stretches of
//! rows — each stretch its own SVG kept in the page while in view, so scrolling adds and drops
//! whole stretches instead of redrawing every arrow — and cut to its stretch, so a link to a task
//! thousands of rows away is never a line hundreds of thousands of pixels long.
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use leptos::prelude::*;

use super::rows::{Row, ROW_HEIGHT};
use super::scale::Scale;
use crate::model::{Id, LinkKind, TaskLink};

/// An elbowed arrow from one bar end to another, as its corner points. `out` and `into` are +1
/// when the line leaves to the right / enters moving right (at a bar's start), -1 otherwise.
pub fn arrow_points(from: (f64, f64), out: f64, to: (f64, f64), into: f64) -> Vec<(f64, f64)> {
    let a = from.0 + 10.0 * out;
    let b = to.0 - 10.0 * into;
    if out > 0.0 && into > 0.0 && b >= a {
        vec![from, (a, from.1), (a, to.1), to]
    } else {
        let between = if to.1 >= from.1 {
            to.1 - ROW_HEIGHT / 2.0
        } else {
            to.1 + ROW_HEIGHT / 2.0
        };
        vec![from, (a, from.1), (a, between), (b, between), (b, to.1), to]
    }
}

/// The SVG path of an arrow, only as far as it runs between `lo` and `hi` vertically, and how
/// far along the whole arrow that part begins (so a dashed line keeps its rhythm where one
/// stretch of rows meets the next). A link to a task thousands of rows away would otherwise be a
/// line hundreds of thousands of pixels long, which the browser dashes and rasterises again for
/// every tile of every scrolled frame. The arrows are elbows that only ever run one way
/// vertically, so the part drawn is one piece.
pub fn arrow_path(points: &[(f64, f64)], lo: f64, hi: f64) -> (String, f64) {
    let mut d = String::new();
    let mut pen: Option<(f64, f64)> = None;
    // Length of the arrow before the drawn part.
    let mut before = 0.0;
    let mut skipped = 0.0;
    for pair in points.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let length = (q.0 - p.0).abs() + (q.1 - p.1).abs();
        let (top, bottom) = (p.1.min(q.1), p.1.max(q.1));
        if bottom < lo || top > hi {
            if pen.is_none() {
                skipped += length;
            }
            continue;
        }
        let clamp = |y: f64| y.clamp(lo, hi);
        let (cp, cq) = ((p.0, clamp(p.1)), (q.0, clamp(q.1)));
        if pen.is_none() {
            before = skipped + (cp.1 - p.1).abs();
        }
        if pen != Some(cp) {
            d.push_str(&format!("M{:.1} {:.1}", cp.0, cp.1));
        }
        d.push_str(&format!("L{:.1} {:.1}", cq.0, cq.1));
        pen = Some(cq);
    }
    (d, before)
}

/// One dependency arrow as drawn within a stretch of rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub link: TaskLink,
    pub path: String,
    /// Length of the arrow above this stretch, where its dashes continue from.
    pub dash_offset: f64,
    /// On the critical path.
    pub tight: bool,
    /// The arrow's head (its end at the successor) is in this stretch.
    pub head: bool,
}

/// The arrows within rows `[first, first + ARROW_STRETCH)`: a picture of its own that stays in
/// the page unchanged while it is in view, so scrolling adds and drops whole stretches instead of
/// redrawing every arrow on each frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Stretch {
    pub index: usize,
    pub top: f64,
    pub height: f64,
    pub width: f64,
    pub arrows: Vec<Arrow>,
}

impl Stretch {
    /// Changes whenever anything drawn in the stretch does: the key it is kept in the page by.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.index, self.height.to_bits(), self.width.to_bits()).hash(&mut h);
        for a in &self.arrows {
            (a.link.id, &a.path, a.tight, a.head).hash(&mut h);
        }
        h.finish()
    }
}

/// Rows in one stretch of arrows.
pub const ARROW_STRETCH: usize = 16;
/// A link is drawn in the stretches up to this many away from those its ends are in: far enough
/// that an arrow runs out of the screen before it is cut.
pub const ARROW_REACH: usize = 3;

/// Where the rows are and how they are drawn now: what an arrow needs to find its ends.
pub struct Layout<'a> {
    pub rows: &'a [Row],
    /// A row's position, by task.
    pub index: &'a HashMap<Id, usize>,
    pub scale: &'a Scale,
    /// Dates a drag is previewing, by task; they win over the rows' own.
    pub preview: &'a HashMap<Id, (NaiveDate, NaiveDate)>,
    pub critical: &'a HashSet<Id>,
}

impl Layout<'_> {
    /// A task's bar: its left and right edge and the middle of its row.
    fn ends(&self, id: Id) -> Option<(f64, f64, f64)> {
        let i = *self.index.get(&id)?;
        let row = self.rows.get(i)?;
        let (start, due) = self.preview.get(&id).copied().or_else(|| row.span())?;
        let s = self.scale;
        let y = i as f64 * ROW_HEIGHT + ROW_HEIGHT / 2.0;
        if row.milestone {
            let centre = s.x(due) + s.ppd();
            Some((centre - 8.0, centre + 8.0, y))
        } else {
            Some((s.x(start), s.x(due) + s.ppd(), y))
        }
    }

    /// The arrow of `link` as far as it runs within `[lo, hi)`; `None` if it does not.
    fn arrow(&self, link: &TaskLink, lo: f64, hi: f64) -> Option<Arrow> {
        let (p_left, p_right, py) = self.ends(link.predecessor_id)?;
        let (s_left, s_right, sy) = self.ends(link.successor_id)?;
        let (from, out) = match link.kind {
            LinkKind::FinishToStart | LinkKind::FinishToFinish => ((p_right, py), 1.0),
            LinkKind::StartToStart | LinkKind::StartToFinish => ((p_left, py), -1.0),
        };
        let (to, into) = match link.kind {
            LinkKind::FinishToStart | LinkKind::StartToStart => ((s_left, sy), 1.0),
            LinkKind::FinishToFinish | LinkKind::StartToFinish => ((s_right, sy), -1.0),
        };
        let (path, dash_offset) = arrow_path(&arrow_points(from, out, to, into), lo, hi);
        if path.is_empty() {
            return None;
        }
        Some(Arrow {
            link: *link,
            path,
            dash_offset,
            tight: self.critical.contains(&link.predecessor_id)
                && self.critical.contains(&link.successor_id),
            head: (lo..hi).contains(&to.1),
        })
    }

    /// Stretch `k` of the chart with its arrows: the links with an end within `ARROW_REACH`
    /// stretches of it (`by_stretch`, positions in `links`).
    pub fn stretch(&self, k: usize, by_stretch: &[Vec<usize>], links: &[TaskLink]) -> Stretch {
        let count = self.rows.len();
        let first_row = k * ARROW_STRETCH;
        let rows_in = (first_row + ARROW_STRETCH)
            .min(count)
            .saturating_sub(first_row);
        let (lo, hi) = (
            first_row as f64 * ROW_HEIGHT,
            (first_row + rows_in) as f64 * ROW_HEIGHT,
        );
        let near = k.saturating_sub(ARROW_REACH)..(k + ARROW_REACH + 1).min(by_stretch.len());
        let mut wanted: Vec<usize> = by_stretch
            .get(near)
            .unwrap_or_default()
            .iter()
            .flatten()
            .copied()
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let arrows = wanted
            .iter()
            .filter_map(|&position| links.get(position))
            .filter_map(|l| self.arrow(l, lo, hi))
            .collect();
        Stretch {
            index: k,
            top: lo,
            height: hi - lo,
            width: self.scale.width(),
            arrows,
        }
    }
}

/// For each stretch of `rows` rows, the links with an end in it (positions in `links`).
pub fn links_by_stretch(
    rows: usize,
    index: &HashMap<Id, usize>,
    links: &[TaskLink],
) -> Vec<Vec<usize>> {
    let mut by_stretch = vec![Vec::new(); rows.div_ceil(ARROW_STRETCH)];
    for (k, l) in links.iter().enumerate() {
        for id in [l.predecessor_id, l.successor_id] {
            if let Some(&i) = index.get(&id) {
                let bucket = &mut by_stretch[i / ARROW_STRETCH];
                if bucket.last() != Some(&k) {
                    bucket.push(k);
                }
            }
        }
    }
    by_stretch
}

/// The stretches rows `[first, last)` fall in.
pub fn stretches_of((first, last): (usize, usize)) -> (usize, usize) {
    if first >= last {
        return (0, 0);
    }
    (first / ARROW_STRETCH, (last - 1) / ARROW_STRETCH + 1)
}

/// One stretch as an SVG; a click on an arrow (where `on_remove` is given) asks to remove it.
pub fn stretch_view(s: Stretch, on_remove: Option<Callback<TaskLink>>) -> impl IntoView {
    let arrow = move |a: Arrow| {
        let l = a.link;
        view! {
            <g class="gantt-link" class:critical=a.tight data-link=l.id>
                <path class="hit" d=a.path.clone() on:click=move |_| if let Some(remove) = on_remove { remove.run(l) }></path>
                <path
                    class="line"
                    d=a.path
                    stroke-dashoffset=a.tight.then(|| format!("{:.1}", a.dash_offset))
                    marker-end=a.head.then_some("url(#gantt-arrow)")
                ></path>
            </g>
        }
    };
    view! {
        <svg
            class="gantt-links"
            style=format!("top:{:.0}px", s.top)
            width=format!("{:.0}", s.width)
            height=format!("{:.0}", s.height)
            viewBox=format!("0 {:.0} {:.0} {:.0}", s.top, s.width, s.height)
        >
            {s.arrows.into_iter().map(arrow).collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::gantt::rows::visible_rows;
    use crate::components::gantt::scale::Zoom;
    use crate::model::{TaskInput, TaskView};

    #[test]
    fn an_arrow_inside_the_band_is_drawn_whole() {
        let points = arrow_points((100.0, 18.0), 1.0, (200.0, 90.0), 1.0);
        assert_eq!(
            arrow_path(&points, 0.0, 1000.0),
            (
                "M100.0 18.0L110.0 18.0L110.0 90.0L200.0 90.0".to_string(),
                0.0
            )
        );
    }

    #[test]
    fn an_arrow_to_a_far_row_stops_at_the_edge_of_the_band() {
        // To a task 10,000 rows below: only the part down to the band's edge is drawn.
        let points = arrow_points((100.0, 18.0), 1.0, (200.0, 360_018.0), 1.0);
        assert_eq!(
            arrow_path(&points, 0.0, 1000.0).0,
            "M100.0 18.0L110.0 18.0L110.0 1000.0"
        );
        // From a task far above: the line enters at the band's top edge.
        let points = arrow_points((100.0, -50_000.0), 1.0, (200.0, 90.0), 1.0);
        assert_eq!(
            arrow_path(&points, 0.0, 1000.0).0,
            "M110.0 0.0L110.0 90.0L200.0 90.0"
        );
        // Passing by entirely: nothing.
        let points = arrow_points((100.0, 5_000.0), 1.0, (200.0, 9_000.0), 1.0);
        assert_eq!(arrow_path(&points, 0.0, 1000.0).0, "");
    }

    #[test]
    fn an_arrow_cut_into_stretches_joins_up_and_keeps_its_dashes() {
        // From row 0 to row 40, drawn in stretches of 576 px (16 rows).
        let points = arrow_points((100.0, 18.0), 1.0, (200.0, 1458.0), 1.0);
        let (upper, upper_offset) = arrow_path(&points, 0.0, 576.0);
        let (middle, middle_offset) = arrow_path(&points, 576.0, 1152.0);
        let (lower, lower_offset) = arrow_path(&points, 1152.0, 1728.0);
        assert_eq!(upper, "M100.0 18.0L110.0 18.0L110.0 576.0");
        assert_eq!(middle, "M110.0 576.0L110.0 1152.0");
        assert_eq!(lower, "M110.0 1152.0L110.0 1458.0L200.0 1458.0");
        // Each part's dashes go on from the length drawn above it: 10 across, then down.
        assert_eq!(upper_offset, 0.0);
        assert_eq!(middle_offset, 10.0 + 558.0);
        assert_eq!(lower_offset, 10.0 + 558.0 + 576.0);
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn a_far_link_is_drawn_in_every_stretch_it_crosses_and_nowhere_else() {
        let tasks: Vec<TaskView> = (1..=100)
            .map(|id| TaskView {
                id,
                project_id: 1,
                input: TaskInput {
                    start_date: Some(d(7)),
                    due_date: Some(d(8)),
                    ..TaskInput::titled(format!("T{id}"))
                },
                owner: None,
                sort_order: id,
                version: 1,
            })
            .collect();
        let rows = visible_rows(&tasks, &HashSet::new());
        let index: HashMap<Id, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        // Row 0 to row 60 (stretches 0 and 3), and a short one inside stretch 5.
        let links = [
            TaskLink {
                id: 1,
                predecessor_id: 1,
                successor_id: 61,
                kind: LinkKind::FinishToStart,
                lag_days: 0,
            },
            TaskLink {
                id: 2,
                predecessor_id: 81,
                successor_id: 82,
                kind: LinkKind::FinishToStart,
                lag_days: 0,
            },
        ];
        let by_stretch = links_by_stretch(rows.len(), &index, &links);
        assert_eq!(by_stretch.len(), 7);
        assert_eq!(by_stretch[0], [0]);
        assert_eq!(by_stretch[3], [0]);
        assert_eq!(by_stretch[5], [1]);
        let scale = Scale::new(Zoom::Week, d(1), d(31));
        let (preview, critical) = (HashMap::new(), HashSet::from([1, 61]));
        let layout = Layout {
            rows: &rows,
            index: &index,
            scale: &scale,
            preview: &preview,
            critical: &critical,
        };
        let drawn = |k: usize| -> Vec<Id> {
            layout
                .stretch(k, &by_stretch, &links)
                .arrows
                .iter()
                .map(|a| a.link.id)
                .collect()
        };
        assert_eq!(drawn(0), [1]);
        assert_eq!(drawn(2), [1]);
        // Rows 64 to 79: link 2 is near, but neither arrow runs through them.
        assert_eq!(drawn(4), Vec::<Id>::new());
        assert_eq!(drawn(5), [2]);
        let last = layout.stretch(3, &by_stretch, &links);
        assert!(last.arrows[0].head && last.arrows[0].tight);
        assert!(!layout.stretch(1, &by_stretch, &links).arrows[0].head);
        assert_eq!(stretches_of((20, 40)), (1, 3));
        assert_eq!(stretches_of((5, 5)), (0, 0));
    }
}
