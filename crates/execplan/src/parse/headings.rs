//! Recognising section headings by normalised text.

use std::collections::HashMap;

use crate::model::SectionKind;

/// Built-in aliases, already normalised. Translations and variants seen in
/// real plans; more come from `[sections]` in the configuration.
const BUILTIN: &[(&str, SectionKind)] = &[
    ("metadata", SectionKind::Metadata),
    ("meta", SectionKind::Metadata),
    ("metadatos", SectionKind::Metadata),
    ("purpose / big picture", SectionKind::Purpose),
    ("purpose and big picture", SectionKind::Purpose),
    ("purpose", SectionKind::Purpose),
    ("big picture", SectionKind::Purpose),
    ("propósito", SectionKind::Purpose),
    ("proposito", SectionKind::Purpose),
    ("context and orientation", SectionKind::Context),
    ("context / orientation", SectionKind::Context),
    ("context", SectionKind::Context),
    ("orientation", SectionKind::Context),
    ("contexto", SectionKind::Context),
    ("contexto y orientación", SectionKind::Context),
    ("plan of work", SectionKind::PlanOfWork),
    ("plan de trabajo", SectionKind::PlanOfWork),
    ("work plan", SectionKind::PlanOfWork),
    ("progress", SectionKind::Progress),
    ("progreso", SectionKind::Progress),
    ("progress log", SectionKind::Progress),
    ("surprises and discoveries", SectionKind::Surprises),
    ("surprises / discoveries", SectionKind::Surprises),
    ("surprises", SectionKind::Surprises),
    ("discoveries", SectionKind::Surprises),
    ("hallazgos", SectionKind::Surprises),
    ("sorpresas y hallazgos", SectionKind::Surprises),
    ("decision log", SectionKind::Decisions),
    ("decisions", SectionKind::Decisions),
    ("decision record", SectionKind::Decisions),
    ("decisiones", SectionKind::Decisions),
    ("registro de decisiones", SectionKind::Decisions),
    ("outcomes and retrospective", SectionKind::Outcomes),
    ("outcomes / retrospective", SectionKind::Outcomes),
    ("outcomes", SectionKind::Outcomes),
    ("retrospective", SectionKind::Outcomes),
    ("resultados", SectionKind::Outcomes),
    ("resultados y retrospectiva", SectionKind::Outcomes),
    ("risks / open questions", SectionKind::Risks),
    ("risks and open questions", SectionKind::Risks),
    ("risks", SectionKind::Risks),
    ("open questions", SectionKind::Risks),
    ("riesgos", SectionKind::Risks),
    ("next steps / handoff notes", SectionKind::NextSteps),
    ("next steps and handoff notes", SectionKind::NextSteps),
    ("next steps", SectionKind::NextSteps),
    ("handoff notes", SectionKind::NextSteps),
    ("handoff", SectionKind::NextSteps),
    ("próximos pasos", SectionKind::NextSteps),
];

/// Maps normalised heading text to a section kind.
#[derive(Debug, Clone)]
pub struct HeadingTable {
    map: HashMap<String, SectionKind>,
}

impl Default for HeadingTable {
    fn default() -> Self {
        Self {
            map: BUILTIN
                .iter()
                .map(|(k, v)| ((*k).to_string(), *v))
                .collect(),
        }
    }
}

impl HeadingTable {
    /// A stable text naming every entry (sorted): equal tables, equal text.
    pub fn fingerprint(&self) -> String {
        let mut entries: Vec<String> = self
            .map
            .iter()
            .map(|(k, v)| format!("{k}={}", v.key()))
            .collect();
        entries.sort();
        entries.join(";")
    }

    /// Add an alias (any spelling; it is normalised here).
    pub fn add_alias(&mut self, heading: &str, kind: SectionKind) {
        self.map.insert(normalize(heading), kind);
    }

    /// Recognise a heading. Tries the whole text, then each half of a
    /// bilingual `A / B` heading.
    pub fn kind(&self, heading: &str) -> Option<SectionKind> {
        let n = normalize(heading);
        if let Some(k) = self.map.get(&n) {
            return Some(*k);
        }
        // Bilingual headings: "Progress / 진행 상황".
        n.split(" / ")
            .chain(n.split(" — "))
            .find_map(|p| self.map.get(p.trim()).copied())
    }
}

/// Normalise heading text: lowercase, `&` → `and`, whitespace folded, leading
/// numbering (`1.`, `2)`, `A.`) and trailing punctuation and parentheticals dropped.
pub fn normalize(heading: &str) -> String {
    let lower = heading.trim().to_lowercase().replace('&', " and ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if let Some(first) = words.first() {
        let numbering = first.trim_end_matches(['.', ')', ':']);
        if !numbering.is_empty()
            && first.len() > numbering.len()
            && numbering.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            words.remove(0);
        }
    }
    let mut s = words.join(" ");
    // "Tolerances (exception triggers)" keeps its name without the gloss.
    if let Some(i) = s.find(" (") {
        if s.ends_with(')') && i > 0 {
            s.truncate(i);
        }
    }
    s.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != ')')
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_recognised() {
        let t = HeadingTable::default();
        assert_eq!(
            t.kind("Surprises & Discoveries"),
            Some(SectionKind::Surprises)
        );
        assert_eq!(
            t.kind("Surprises and discoveries:"),
            Some(SectionKind::Surprises)
        );
        assert_eq!(t.kind("Decision log"), Some(SectionKind::Decisions));
        assert_eq!(
            t.kind("Outcomes & retrospective"),
            Some(SectionKind::Outcomes)
        );
        assert_eq!(t.kind("Purpose / big picture"), Some(SectionKind::Purpose));
        assert_eq!(t.kind("3. Progress"), Some(SectionKind::Progress));
        assert_eq!(t.kind("Progress / 진행 상황"), Some(SectionKind::Progress));
        assert_eq!(t.kind("Progreso"), Some(SectionKind::Progress));
        assert_eq!(
            t.kind("Context And Orientation"),
            Some(SectionKind::Context)
        );
        assert_eq!(t.kind("Tolerances (exception triggers)"), None);
        assert_eq!(t.kind("Progress of the migration in phase 2"), None);
    }

    #[test]
    fn aliases_from_config() {
        let mut t = HeadingTable::default();
        t.add_alias("Fortschritt", SectionKind::Progress);
        assert_eq!(t.kind("fortschritt"), Some(SectionKind::Progress));
    }
}
