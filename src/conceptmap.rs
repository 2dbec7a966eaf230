//! Concept maps: the questions of a topic (or of the whole book) and the links between them,
//! drawn as an SVG at build time.
//!
//! Nodes sit on a circle grouped by topic, so that links inside a topic are short arcs and links
//! across topics cross the middle; each node is a link to its page. Labels run outwards along the
//! radius (as in a chord diagram), so neighbours never overlap however many nodes there are; on the
//! left half they are turned over to stay upright. Pure: it sees page indexes only.

use std::collections::HashMap;
use std::fmt::Write as _;

/// A node of the map.
#[derive(Debug, Clone)]
pub struct Node {
    /// Short label (e.g. "Q2 HPA").
    pub label: String,
    /// Link target relative to the page the map is shown on.
    pub href: String,
    /// Group (topic) index, for the colour.
    pub group: usize,
    /// Page index, to match edges.
    pub page: usize,
}

/// Draws `nodes` and the `edges` (pairs of page indexes) among them.
pub fn svg(nodes: &[Node], edges: &[(usize, usize)], groups: &[String], title: &str) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let n = nodes.len() as f64;
    let radius = (n * 9.0).clamp(90.0, 300.0);
    let label_room = 250.0;
    let size = 2.0 * (radius + label_room);
    let center = size / 2.0;
    let position: HashMap<usize, (f64, f64, f64)> = nodes
        .iter()
        .enumerate()
        .map(|(idx, node)| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * idx as f64 / n;
            (
                node.page,
                (
                    center + radius * angle.cos(),
                    center + radius * angle.sin(),
                    angle,
                ),
            )
        })
        .collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"concept-map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size:.0} {size:.0}\" role=\"group\" aria-label=\"{}\">",
        crate::escape::text(title)
    );
    let mut seen = std::collections::HashSet::new();
    for &(from, to) in edges {
        let key = (from.min(to), from.max(to));
        let (Some(a), Some(b)) = (position.get(&from), position.get(&to)) else {
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
    for node in nodes {
        let (x, y, angle) = position[&node.page];
        let right = angle.cos() >= -1e-9;
        let degrees = angle.to_degrees();
        let (rotation, anchor) = if right {
            (degrees, "start")
        } else {
            (degrees + 180.0, "end")
        };
        let (lx, ly) = (x + 12.0 * angle.cos(), y + 12.0 * angle.sin());
        let _ = write!(
            out,
            "<a href=\"{}\"><circle class=\"cm-node cm-group-{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\"/><text class=\"cm-label\" x=\"{lx:.1}\" y=\"{ly:.1}\" dy=\"0.35em\" text-anchor=\"{anchor}\" transform=\"rotate({rotation:.1} {lx:.1} {ly:.1})\">{}</text></a>",
            crate::escape::text(&node.href),
            node.group % 8,
            crate::escape::text(&node.label)
        );
    }
    for (idx, name) in groups.iter().enumerate() {
        let y = 20.0 + 20.0 * idx as f64;
        let _ = write!(
            out,
            "<circle class=\"cm-node cm-group-{}\" cx=\"14\" cy=\"{y:.0}\" r=\"6\"/><text class=\"cm-legend\" x=\"26\" y=\"{:.0}\">{}</text>",
            idx % 8,
            y + 4.0,
            crate::escape::text(name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(page: usize, group: usize) -> Node {
        Node {
            label: format!("Q{page} 라벨"),
            href: format!("p{page}/"),
            group,
            page,
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
    }
}
