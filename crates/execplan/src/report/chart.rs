//! Burn-up charts (done and total items over time) as SVG, drawn with plotters'
//! SVG backend. Labels are dates and numbers only, never plan text; the SVG
//! backend writes them as `<text>` elements, so no font file is needed.

use chrono::{DateTime, Duration, Utc};
use plotters::prelude::*;

use crate::timeline::SeriesPoint;

/// Chart size in pixels.
pub const SIZE: (u32, u32) = (720, 300);

fn err(e: impl std::fmt::Display) -> crate::Error {
    crate::Error::Invalid(format!("drawing a chart failed: {e}"))
}

/// Points of a step line: each value holds until the next change.
fn steps(points: &[(DateTime<Utc>, i32)]) -> Vec<(DateTime<Utc>, i32)> {
    let mut out = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            if let Some(prev) = points.get(i - 1) {
                out.push((p.0, prev.1));
            }
        }
        out.push(*p);
    }
    out
}

fn n(v: usize) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// A burn-up chart of `series` (sorted by time) as an SVG document.
pub fn burnup_svg(series: &[SeriesPoint]) -> Result<String, crate::Error> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let start = series.first().map_or_else(Utc::now, |p| p.time);
        let mut end = series.last().map_or(start, |p| p.time);
        if end <= start {
            end = start + Duration::days(1);
        }
        let pad = (end - start) / 40;
        let max = series.iter().map(|p| p.total).max().unwrap_or(0).max(1);
        let span_days = (end - start).num_days();
        let fmt = if span_days > 2 {
            "%Y-%m-%d"
        } else {
            "%m-%d %H:%M"
        };
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(48)
            .x_label_area_size(32)
            .y_label_area_size(40)
            .build_cartesian_2d((start - pad)..(end + pad), 0..n(max) + 1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(RGBColor(238, 238, 238))
            .x_labels(5)
            .y_labels(6)
            .x_label_formatter(&|d: &DateTime<Utc>| d.format(fmt).to_string())
            .y_desc("items")
            .draw()
            .map_err(err)?;
        let total: Vec<(DateTime<Utc>, i32)> =
            series.iter().map(|p| (p.time, n(p.total))).collect();
        let done: Vec<(DateTime<Utc>, i32)> = series.iter().map(|p| (p.time, n(p.done))).collect();
        let grey = RGBColor(120, 120, 120);
        let green = RGBColor(34, 139, 34);
        chart
            .draw_series(LineSeries::new(steps(&total), grey.stroke_width(2)))
            .map_err(err)?
            .label("total")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], grey.stroke_width(2))
            });
        chart
            .draw_series(LineSeries::new(steps(&done), green.stroke_width(3)))
            .map_err(err)?
            .label("done")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], green.stroke_width(3))
            });
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(RGBColor(200, 200, 200))
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn draws_labels_as_text_without_fonts() {
        let t0 = DateTime::parse_from_rfc3339("2025-10-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let s = vec![
            SeriesPoint {
                time: t0,
                done: 0,
                total: 2,
            },
            SeriesPoint {
                time: t0 + Duration::days(3),
                done: 1,
                total: 3,
            },
        ];
        let svg = burnup_svg(&s).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<text"), "{svg}");
        assert!(svg.contains("2025-10-0"), "{svg}");
        assert!(svg.contains("\ndone\n"), "{svg}");
    }

    #[test]
    fn one_point_is_fine() {
        let t0 = Utc::now();
        let svg = burnup_svg(&[SeriesPoint {
            time: t0,
            done: 0,
            total: 0,
        }])
        .unwrap();
        assert!(svg.contains("<svg"));
        assert!(burnup_svg(&[]).unwrap().contains("<svg"));
    }
}
