//! Concept maps: the questions of a topic (or of the whole book) and the links between them,
//! drawn as an SVG at build time, with a plain list of the same links for narrow screens.
//!
//! Nodes sit on a circle grouped by topic, so that links inside a topic are short arcs and links
//! across topics cross the middle; each node is a link to its page. Labels run outwards along the
//! radius (as in a chord diagram), so neighbours never overlap however many nodes there are; on the
//! left half they are turned over to stay upright. The SVG is drawn at its own size in CSS pixels
//! (`width`/`height`, never scaled down: a scaled map had 6–7 px labels), with the circle as large
//! as the node count needs and a label longer than [`LABEL_ROOM`] abbreviated, its full text in
//! the `<title>` (hover) and the link's accessible name. Below 40rem the page shows the list
//! instead (CSS), which reads at 390 px where no circle of labels can. Pure: it sees nodes, and
//! links as pairs of positions in the list of nodes.

use std::fmt::Write as _;

use crate::escape;

/// A node of the map.
#[derive(Debug, Clone)]
pub struct Node {
    /// The full label (e.g. "Q2 HPA로 수동 스케일링 대체하기"); shortened on the map if long.
    pub label: String,
    /// Link target relative to the page the map is shown on.
    pub href: String,
    /// Group (the topic's position in the legend), for the colour.
    pub group: usize,
    /// The book's mark for a page whose answer is not written yet (답안 준비 중), `None` for a
    /// written one: the node is drawn hollow, and its name and the list entry say it.
    pub pending: Option<&'static str>,
}

impl Node {
    /// The full name of the node's link: its label, and the pending mark if any.
    fn name(&self) -> String {
        match self.pending {
            Some(mark) => format!("{} ({mark})", self.label),
            None => self.label.clone(),
        }
    }
}

/// A link from one node to another, as their positions in the map's list of nodes.
pub type Edge = (usize, usize);

/// Font size of labels and legend, in CSS pixels (the theme's `.cm-label` says the same).
pub const FONT_PX: f64 = 13.0;
/// The most a label may take along its radius, in CSS pixels.
pub const LABEL_ROOM: f64 = 200.0;
/// Arc length between neighbouring nodes: a label's height plus air.
const NODE_SPACING: f64 = 20.0;
/// Gap between a node and the start of its label.
const LABEL_GAP: f64 = 12.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 22.0;
/// Past this many nodes the circle would be thousands of pixels across with nothing legible at
/// a glance, so the map is the list alone.
pub const MAX_CIRCLE_NODES: usize = 150;

/// The width of `text` at [`FONT_PX`], estimated: Hangul and other wide characters take a full
/// em, Latin letters and digits a little over half of one. Generous, so labels stay inside.
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|ch| match ch {
            ' ' => 0.33,
            ch if ch.is_ascii() => 0.62,
            _ => 1.0,
        })
        .sum::<f64>()
        * FONT_PX
}

/// `label` cut to fit [`LABEL_ROOM`], with `…` when cut.
pub fn abbreviate(label: &str) -> String {
    if text_width(label) <= LABEL_ROOM {
        return label.to_string();
    }
    let mut out = String::new();
    for ch in label.chars() {
        let mut next = out.clone();
        next.push(ch);
        if text_width(&next) + text_width("…") > LABEL_ROOM {
            break;
        }
        out = next;
    }
    format!("{}…", out.trim_end())
}

/// The map: its SVG (in a scroller) and the list that replaces it on narrow screens.
pub fn html(nodes: &[Node], edges: &[Edge], groups: &[String], title: &str) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    if nodes.len() > MAX_CIRCLE_NODES {
        return list(nodes, edges, groups, title).replacen("cm-list", "cm-list cm-list-only", 1);
    }
    format!(
        "<div class=\"diagram-scroll cm-wide\" tabindex=\"0\">{}</div>{}",
        svg(nodes, edges, groups, title),
        list(nodes, edges, groups, title)
    )
}

/// Draws `nodes` and the `edges` among them.
pub fn svg(nodes: &[Node], edges: &[Edge], groups: &[String], title: &str) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let n = nodes.len() as f64;
    let radius = (n * NODE_SPACING / std::f64::consts::TAU).max(80.0);
    let size = 2.0 * (radius + LABEL_GAP + LABEL_ROOM + 8.0);
    let height = size + LEGEND_ROW * groups.len() as f64;
    let center = size / 2.0;
    let position: Vec<(f64, f64, f64)> = (0..nodes.len())
        .map(|idx| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * idx as f64 / n;
            let (x, y) = (center + radius * angle.cos(), center + radius * angle.sin());
            (x, y, angle)
        })
        .collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"concept-map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{size:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {size:.0} {height:.0}\" role=\"group\" aria-label=\"{}\">",
        escape::attr(title)
    );
    draw_edges(&mut out, edges, &position, center);
    for (node, &place) in nodes.iter().zip(&position) {
        draw_node(&mut out, node, place);
    }
    for (idx, name) in groups.iter().enumerate() {
        let y = size + LEGEND_ROW * idx as f64 + LEGEND_ROW / 2.0;
        let _ = write!(
            out,
            "<circle class=\"cm-node cm-group-{}\" cx=\"14\" cy=\"{y:.0}\" r=\"6\"/><text class=\"cm-legend\" x=\"26\" y=\"{:.0}\" font-size=\"{FONT_PX}\">{}</text>",
            idx % 8,
            y + 4.0,
            escape::text(name)
        );
    }
    out.push_str("</svg>");
    out
}

fn draw_edges(out: &mut String, edges: &[Edge], position: &[(f64, f64, f64)], center: f64) {
    let mut seen = std::collections::HashSet::new();
    for &(from, to) in edges {
        let key = (from.min(to), from.max(to));
        let (Some(a), Some(b)) = (position.get(from), position.get(to)) else {
            continue;
        };
        if from == to || !seen.insert(key) {
            continue;
        }
        // A quadratic curve pulled towards the centre keeps crossing links readable.
        let (cx, cy) = (
            (a.0 + b.0) / 2.0 * 0.5 + center * 0.5,
            (a.1 + b.1) / 2.0 * 0.5 + center * 0.5,
        );
        let _ = write!(
            out,
            "<path class=\"cm-edge\" d=\"M{:.1},{:.1} Q{cx:.1},{cy:.1} {:.1},{:.1}\"/>",
            a.0, a.1, b.0, b.1
        );
    }
}

fn draw_node(out: &mut String, node: &Node, (x, y, angle): (f64, f64, f64)) {
    let right = angle.cos() >= -1e-9;
    let degrees = angle.to_degrees();
    let (rotation, anchor) = if right {
        (degrees, "start")
    } else {
        (degrees + 180.0, "end")
    };
    let (lx, ly) = (x + LABEL_GAP * angle.cos(), y + LABEL_GAP * angle.sin());
    let _ = write!(
        out,
        "<a href=\"{}\"><title>{}</title><circle class=\"cm-node cm-group-{}{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\"/><text class=\"cm-label\" x=\"{lx:.1}\" y=\"{ly:.1}\" dy=\"0.35em\" font-size=\"{FONT_PX}\" text-anchor=\"{anchor}\" transform=\"rotate({rotation:.1} {lx:.1} {ly:.1})\">{}</text></a>",
        escape::attr(&node.href),
        escape::text(&node.name()),
        node.group % 8,
        if node.pending.is_some() { " cm-pending" } else { "" },
        escape::text(&abbreviate(&node.label))
    );
}

/// The same map as a list: each topic's questions with the questions they link to.
fn list(nodes: &[Node], edges: &[Edge], groups: &[String], title: &str) -> String {
    let mut out = format!(
        "<nav class=\"cm-list\" aria-label=\"{}\"><ul>",
        escape::attr(title)
    );
    let mut group_ids: Vec<usize> = nodes.iter().map(|node| node.group).collect();
    group_ids.dedup();
    // Each node's link targets, found once: scanning every edge for every node was quadratic in a
    // topic's size.
    let mut targets_of: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &(from, to) in edges {
        if from < nodes.len() && to != from && to < nodes.len() {
            targets_of[from].push(to);
        }
    }
    let mut listed = std::collections::HashSet::new();
    for group in group_ids.into_iter().filter(|group| listed.insert(*group)) {
        let name = groups.get(group).map_or("", String::as_str);
        let _ = write!(
            out,
            "<li><span class=\"cm-list-topic\">{}</span><ul>",
            escape::text(name)
        );
        for (at, node) in (nodes.iter().enumerate()).filter(|(_, node)| node.group == group) {
            let _ = write!(
                out,
                "<li{}><a href=\"{}\">{}</a>",
                if node.pending.is_some() {
                    " class=\"pending\""
                } else {
                    ""
                },
                escape::attr(&node.href),
                escape::text(&node.label)
            );
            if let Some(mark) = node.pending {
                let _ = write!(
                    out,
                    " <span class=\"pending-mark muted\">{}</span>",
                    escape::text(mark)
                );
            }
            let targets = &mut targets_of[at];
            targets.dedup();
            if !targets.is_empty() {
                let links: Vec<String> = targets
                    .iter()
                    .map(|&target| {
                        let target = &nodes[target];
                        format!(
                            "<a href=\"{}\">{}</a>",
                            escape::attr(&target.href),
                            escape::text(&target.label)
                        )
                    })
                    .collect();
                let _ = write!(
                    out,
                    " <span class=\"cm-list-links\">→ {}</span>",
                    links.join(", ")
                );
            }
            out.push_str("</li>");
        }
        out.push_str("</ul></li>");
    }
    out.push_str("</ul></nav>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: usize, group: usize) -> Node {
        Node {
            label: format!("Q{n} 라벨"),
            href: format!("p{n}/"),
            group,
            pending: None,
        }
    }

    #[test]
    fn every_node_is_a_link_and_every_edge_is_drawn_once() {
        let nodes: Vec<Node> = (0..6).map(|i| node(i, i / 3)).collect();
        let svg = svg(
            &nodes,
            &[(0, 1), (1, 0), (2, 5), (3, 99)],
            &["네트워크".into()],
            "지도",
        );
        assert_eq!(svg.matches("<a href=").count(), 6);
        assert_eq!(
            svg.matches("class=\"cm-edge\"").count(),
            2,
            "duplicate and dangling edges are skipped"
        );
        assert!(svg.contains("Q3 라벨"));
        assert!(svg.contains("aria-label=\"지도\""));
        assert!(svg.contains(">네트워크</text>"), "legend names the topics");
    }

    #[test]
    fn an_empty_map_is_nothing() {
        assert!(svg(&[], &[], &[], "x").is_empty());
        assert!(html(&[], &[], &[], "x").is_empty());
    }

    #[test]
    fn a_long_label_is_abbreviated_to_fit_and_kept_whole_in_its_title_and_name() {
        let long = "Q1 Kubernetes 도입이 운영 부담을 줄이는가, 아니면 새로운 복잡성을 더하는가";
        let short = abbreviate(long);
        assert!(
            short.ends_with('…') && text_width(&short) <= LABEL_ROOM,
            "{short}"
        );
        assert_eq!(abbreviate("Q2 HPA"), "Q2 HPA");
        let mut nodes: Vec<Node> = (0..3).map(|i| node(i, 0)).collect();
        nodes[0].label = long.into();
        let svg = svg(&nodes, &[], &["토픽".into()], "지도");
        assert!(svg.contains(&format!("<title>{long}</title>")), "{svg}");
        // The title names the link; an aria-label would have to contain the shortened visible
        // text word for word (axe: label-content-name-mismatch), which "…" breaks.
        assert!(!svg.contains(&format!("aria-label=\"{long}\"")), "{svg}");
    }

    #[test]
    fn a_map_too_big_for_a_circle_is_the_list_alone() {
        let nodes: Vec<Node> = (0..=MAX_CIRCLE_NODES).map(|i| node(i, 0)).collect();
        let html = html(&nodes, &[], &["가".into()], "지도");
        assert!(
            !html.contains("<svg") && html.contains("cm-list cm-list-only"),
            "{}",
            &html[..200]
        );
    }

    #[test]
    fn the_list_names_each_topic_and_the_links_of_each_question() {
        let nodes: Vec<Node> = (0..4).map(|i| node(i, i / 2)).collect();
        let html = html(&nodes, &[(0, 3)], &["가".into(), "나".into()], "지도");
        let list = &html[html.find("cm-list").unwrap()..];
        assert!(
            list.contains(">가</span>") && list.contains(">나</span>"),
            "{list}"
        );
        assert!(list.contains("→ <a href=\"p3/\">Q3 라벨</a>"), "{list}");
    }
}
