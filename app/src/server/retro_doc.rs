//! A retrospective as a Word document (.docx) a person can send: the same sections, figures and
//! action items as its page, in the reader's language. Chinese is set in an East Asian font
//! (the document's text is marked zh-CN for East Asian script, so Word and LibreOffice pick a
//! CJK face and break lines between characters), Latin text in a Latin one.
use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::domain::retro::{percent, suggestion_text, tenths};
use crate::domain::weekly::{count, money};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{FigureKind, LateTask, RetroSection, RetroState, RetroView};

/// XML's five special characters, escaped; characters XML 1.0 cannot hold are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The body of `word/document.xml`, paragraph by paragraph.
#[derive(Default)]
struct Body(String);

impl Body {
    fn styled(&mut self, style: &str, text: &str, bold: bool) {
        self.0.push_str("<w:p>");
        if !style.is_empty() {
            self.0
                .push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
        }
        self.run(text, bold);
        self.0.push_str("</w:p>");
    }

    fn run(&mut self, text: &str, bold: bool) {
        self.0.push_str("<w:r>");
        if bold {
            self.0.push_str("<w:rPr><w:b/></w:rPr>");
        }
        self.0.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(text)
        ));
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.styled(&format!("Heading{level}"), text, false);
    }

    fn para(&mut self, text: &str) {
        self.styled("", text, false);
    }

    fn bullet(&mut self, text: &str) {
        self.styled("ListBullet", &format!("• {text}"), false);
    }

    /// A table with a header row; numbers are right-aligned.
    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        self.0.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr>");
        let cell = |body: &mut Body, text: &str, bold: bool, right: bool| {
            body.0.push_str("<w:tc><w:p>");
            if right {
                body.0.push_str("<w:pPr><w:jc w:val=\"right\"/></w:pPr>");
            }
            body.run(text, bold);
            body.0.push_str("</w:p></w:tc>");
        };
        self.0.push_str("<w:tr>");
        for (i, h) in header.iter().enumerate() {
            cell(self, h, true, i > 0);
        }
        self.0.push_str("</w:tr>");
        for row in rows {
            self.0.push_str("<w:tr>");
            for (i, c) in row.iter().enumerate() {
                cell(self, c, false, i > 0);
            }
            self.0.push_str("</w:tr>");
        }
        self.0.push_str("</w:tbl>");
        self.para("");
    }

    /// The team's Markdown as paragraphs: list items as bullets, headings in bold, emphasis
    /// marks taken off.
    fn markdown(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let plain = line.replace("**", "").replace("__", "").replace('`', "");
            if let Some(item) = plain
                .strip_prefix("- ")
                .or_else(|| plain.strip_prefix("* "))
                .or_else(|| plain.strip_prefix("+ "))
            {
                self.bullet(item.trim_start_matches("[ ] ").trim_start_matches("[x] "));
            } else if plain.starts_with('#') {
                self.styled("", plain.trim_start_matches('#').trim(), true);
            } else {
                self.para(&plain);
            }
        }
    }
}

fn late_line(t: &LateTask, locale: Locale) -> String {
    let mut line = t.title.clone();
    if let Some(o) = &t.owner {
        line.push_str(&format!(" · {}", o.display_name));
    }
    line.push_str(" · ");
    line.push_str(
        &K::RetroDaysLate
            .text(locale)
            .replace("{days}", &t.days_late.to_string()),
    );
    if t.critical {
        line.push_str(&format!(" · {}", K::RetroCritical.text(locale)));
    }
    line
}

fn document(r: &RetroView, locale: Locale) -> String {
    let t = |k: K| k.text(locale).to_string();
    let f = &r.facts;
    let c = f.currency.as_str();
    let mut b = Body::default();
    let note = |b: &mut Body, s: RetroSection| b.markdown(s.text(&r.sections));
    b.styled(
        "Title",
        &format!("{} · {}", t(K::Retro), r.project_name),
        false,
    );
    let mut state = match r.state {
        RetroState::Draft => t(K::ReportDraft),
        RetroState::Approved => t(K::RetroApproved),
    };
    if let (Some(at), Some(who)) = (r.approved_at, &r.approved_by) {
        state = K::RetroApprovedBy
            .text(locale)
            .replace("{who}", &who.display_name)
            .replace("{when}", &at.format("%Y-%m-%d").to_string());
    }
    b.para(&state);
    if let Some(day) = f.as_of {
        b.para(
            &K::RetroDraftedOn
                .text(locale)
                .replace("{day}", &day.to_string()),
        );
    }

    b.heading(1, &t(K::RetroSummary));
    note(&mut b, RetroSection::Summary);

    b.heading(1, &t(K::RetroGoals));
    if f.goals.is_empty() {
        b.para(&t(K::RetroNothing));
    } else {
        let rows: Vec<Vec<String>> = f
            .goals
            .iter()
            .map(|g| {
                let value = |v: i64| match g.kind {
                    FigureKind::Money => money(v, c),
                    FigureKind::BasisPoints => percent(v),
                    FigureKind::Count if g.unit.is_empty() => count(v),
                    FigureKind::Count => format!("{} {}", count(v), g.unit),
                };
                let name = if g.name.is_empty() {
                    t(g.metric.label())
                } else {
                    g.name.clone()
                };
                vec![
                    name,
                    value(g.target),
                    value(g.actual),
                    g.of_target.map(percent).unwrap_or_else(|| "—".into()),
                    t(if g.attained {
                        K::RetroAttained
                    } else {
                        K::RetroMissed
                    }),
                ]
            })
            .collect();
        b.table(
            &[
                String::new(),
                t(K::RetroTarget),
                t(K::RetroActual),
                t(K::RetroOfTarget),
                String::new(),
            ],
            &rows,
        );
    }
    note(&mut b, RetroSection::Goals);

    b.heading(1, &t(K::RetroSchedule));
    let s = &f.schedule;
    if let Some(days) = s.cycle_days {
        b.para(
            &K::RetroCycle
                .text(locale)
                .replace("{days}", &days.to_string())
                .replace("{planned}", &s.planned_days.to_string()),
        );
    }
    b.para(
        &K::RetroLateRate
            .text(locale)
            .replace("{late}", &s.late.to_string())
            .replace("{tasks}", &s.tasks.to_string())
            .replace("{rate}", &percent(s.late_rate))
            .replace("{delay}", &tenths(s.average_delay_tenths)),
    );
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or("—".into());
    let phases: Vec<Vec<String>> = s
        .project
        .iter()
        .chain(&s.phases)
        .map(|p| {
            vec![
                if p.task_id.is_none() {
                    t(K::RetroWholeProject)
                } else {
                    p.title.clone()
                },
                date(p.baseline_due),
                date(p.planned_due),
                p.finished
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| t(K::RetroNotFinished)),
                p.slip_days
                    .map(|d| format!("{d:+}"))
                    .unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    b.table(
        &[
            t(K::RetroPhase),
            t(K::RetroBaselineFinish),
            t(K::RetroPlannedFinish),
            t(K::RetroActualFinish),
            t(K::RetroSlip),
        ],
        &phases,
    );
    b.heading(2, &t(K::RetroSlipped));
    if s.slipped.is_empty() {
        b.para(&t(K::RetroNothing));
    }
    for l in &s.slipped {
        b.bullet(&late_line(l, locale));
    }
    note(&mut b, RetroSection::Schedule);

    b.heading(1, &t(K::RetroMoney));
    let m = &f.money;
    if !m.lines.is_empty() {
        let mut rows: Vec<Vec<String>> = m
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.name.clone(),
                    money(l.planned, c),
                    money(l.committed, c),
                    money(l.paid, c),
                    money(l.variance(), c),
                ]
            })
            .collect();
        rows.push(vec![
            t(K::RetroTotal),
            money(m.planned, c),
            money(m.committed, c),
            money(m.paid, c),
            money(m.planned - m.committed - m.paid, c),
        ]);
        b.table(
            &[
                t(K::RetroLine),
                t(K::RetroPlanned),
                t(K::RetroCommitted),
                t(K::RetroPaid),
                t(K::RetroVariance),
            ],
            &rows,
        );
    }
    if !m.channels.is_empty() {
        let pct = |v: Option<i64>| v.map(percent).unwrap_or_else(|| "—".into());
        let rows: Vec<Vec<String>> = m
            .channels
            .iter()
            .map(|ch| {
                vec![
                    t(ch.channel.label()),
                    money(ch.spend, c),
                    count(ch.conversions),
                    money(ch.revenue, c),
                    pct(ch.roi),
                    pct(ch.roas),
                    ch.cpa.map(|v| money(v, c)).unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        b.table(
            &[
                t(K::RetroChannel),
                t(K::ReportSpend),
                t(K::ReportConversions),
                t(K::RetroRevenue),
                t(K::RetroRoi),
                t(K::RetroRoas),
                t(K::RetroCpa),
            ],
            &rows,
        );
    }
    note(&mut b, RetroSection::Money);

    b.heading(1, &t(K::RetroProblems));
    let p = &f.problems;
    b.heading(2, &t(K::RetroOverdue));
    for l in &p.late {
        b.bullet(&late_line(l, locale));
    }
    b.heading(2, &t(K::RetroAlerts));
    for a in &p.alerts {
        b.bullet(&format!(
            "{} · {} · {}",
            a.raised_on,
            t(a.kind.label()),
            a.title
        ));
    }
    b.heading(2, &t(K::RetroRisks));
    for (i, risk) in p.risks.iter().enumerate() {
        let happened = r.sections.risks_happened.contains(&(i as u32));
        b.bullet(&format!(
            "{} ({} / {}){}",
            risk.description,
            t(risk.likelihood.label()),
            t(risk.impact.label()),
            if happened {
                format!(" · {}", t(K::RetroRiskHappened))
            } else {
                String::new()
            }
        ));
    }
    b.heading(2, &t(K::RetroBlockers));
    for bl in &p.blockers {
        b.bullet(&format!(
            "{} · {}: {}",
            bl.day, bl.who.display_name, bl.text
        ));
    }
    b.heading(2, &t(K::RetroWaits));
    if !p.waits.is_empty() {
        b.para(
            &K::RetroAverageWait
                .text(locale)
                .replace("{days}", &tenths(p.average_wait_tenths)),
        );
    }
    for w in p.waits.iter().take(5) {
        b.bullet(
            &K::RetroStep
                .text(locale)
                .replace(
                    "{flow}",
                    if w.flow_name.is_empty() {
                        K::NavApprovals.text(locale)
                    } else {
                        &w.flow_name
                    },
                )
                .replace("{step}", &w.step.to_string())
                .replace("{days}", &w.days.to_string()),
        );
    }
    note(&mut b, RetroSection::Problems);

    b.heading(1, &t(K::RetroSuggestions));
    if f.suggestions.is_empty() {
        b.para(&t(K::RetroNothing));
    }
    for s in &f.suggestions {
        b.bullet(&suggestion_text(s, locale, c));
    }
    b.heading(1, &t(K::RetroWentWell));
    note(&mut b, RetroSection::WentWell);
    b.heading(1, &t(K::RetroWentBadly));
    note(&mut b, RetroSection::WentBadly);

    b.heading(1, &t(K::RetroActions));
    if r.actions.is_empty() {
        b.para(&t(K::RetroNothing));
    }
    for a in &r.actions {
        let mut line = format!("{} · {}", a.text, a.owner.display_name);
        if let Some(d) = a.due_date {
            line.push_str(&format!(" · {d}"));
        }
        if let Some((_, name)) = &a.target_project {
            line.push_str(" · ");
            line.push_str(&K::RetroCarried.text(locale).replace("{project}", name));
        }
        b.bullet(&line);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{}\
<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1247\" w:bottom=\"1440\" w:left=\"1247\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>\
</w:body></w:document>",
        b.0
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

/// The styles: Latin text in Calibri/Arial, East Asian text in a CJK face (Microsoft YaHei where
/// Word runs, Noto Sans CJK SC as LibreOffice's), headings, a bordered table.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Microsoft YaHei\" w:cs=\"Arial\" w:hint=\"eastAsia\"/>\
<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>\
</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"23\"/><w:szCs w:val=\"23\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"240\"/></w:pPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"Grid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"A6A6A6\"/>\
</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>";

/// The retrospective as a .docx file's bytes, in `locale`.
pub fn docx(r: &RetroView, locale: Locale) -> AppResult<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts: [(&str, String); 5] = [
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", RELS.to_string()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
            ("word/styles.xml", STYLES.to_string()),
            ("word/document.xml", document(r, locale)),
        ];
        for (name, text) in parts {
            zip.start_file(name, options)
                .map_err(|_| AppError::Internal)?;
            zip.write_all(text.as_bytes())
                .map_err(|_| AppError::Internal)?;
        }
        zip.finish().map_err(|_| AppError::Internal)?;
    }
    Ok(out.into_inner())
}

/// The file's name: the project's, with what it is.
pub fn file_name(r: &RetroView, locale: Locale) -> String {
    format!("{}-{}.docx", r.project_name, K::Retro.text(locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("a<b>&\"c\"\u{1}"), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escape("双十一"), "双十一");
    }

    #[test]
    fn markdown_lists_become_bullets() {
        let mut b = Body::default();
        b.markdown("## Done\n- **KOL** went well\n\nplain");
        assert!(b.0.contains("<w:b/>"));
        assert!(b.0.contains("• KOL went well"));
        assert!(b.0.contains(">plain<"));
    }
}
