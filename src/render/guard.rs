//! What a book's templates may not do. Templates are data (a pull request may change them and CI
//! builds it), so they get:
//! - no function that reads the process's environment (tera's `get_env`: a CI job's secrets could
//!   be published in a page, or printed by `throw` into the job's log); tera's other functions
//!   that read the world (`now`, `get_random`) are behind its `builtins` feature, which is off;
//! - no recursion: tera has no depth limit, so a template that includes itself or a recursive
//!   macro overflows the stack and aborts the process (`serve` and the last good site with it).
//!   [`recursion`] refuses every cycle of `include`, `extends` and macro calls before rendering;
//! - bounded output: a page's HTML stops at [`MAX_PAGE_BYTES`] ([`Capped`]), and `range` makes at
//!   most [`MAX_RANGE`] numbers (tera's builds the whole list before the loop starts).

use std::collections::HashMap;
use std::sync::Arc;

use tera::ast::{Expr, ExprVal, Node};
use tera::{Tera, Value};

/// The most one generated file may hold. The largest file of this book (the print edition) is
/// about 2 MiB; a 1,000-page book's print edition stays under 32 MiB.
pub(super) const MAX_PAGE_BYTES: usize = 64 << 20;

/// The most numbers `range` gives to one loop.
pub(super) const MAX_RANGE: i64 = 100_000;

/// Replaces the functions a book's templates may not call, or may call only bounded.
pub(super) fn restrict(tera: &mut Tera) {
    tera.register_function(
        "get_env",
        Refused {
            name: "get_env",
            why: "it reads the environment of the process running studybook (a CI job's secrets among it)",
        },
    );
    if let Some(inner) = tera.functions.get("range").cloned() {
        tera.register_function("range", BoundedRange { inner });
    }
}

/// A function that templates may not call: calling it is a render error that says why.
struct Refused {
    name: &'static str,
    why: &'static str,
}

impl tera::Function for Refused {
    fn call(&self, _args: &HashMap<String, Value>) -> tera::Result<Value> {
        Err(tera::Error::msg(format!(
            "`{}()` is not available to a book's templates: {}; pass what the page needs through book.toml or front matter",
            self.name, self.why
        )))
    }
}

/// tera's `range`, refused when it would make more than [`MAX_RANGE`] numbers.
struct BoundedRange {
    inner: Arc<dyn tera::Function>,
}

impl tera::Function for BoundedRange {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let number =
            |key: &str, default: i64| args.get(key).and_then(Value::as_i64).unwrap_or(default);
        let (start, end, step) = (number("start", 0), number("end", 0), number("step_by", 1));
        let count = end.saturating_sub(start) / step.max(1);
        if count > MAX_RANGE {
            return Err(tera::Error::msg(format!(
                "`range` would make {count} numbers, more than the {MAX_RANGE} a template may loop over"
            )));
        }
        self.inner.call(args)
    }
}

/// A writer that takes at most [`MAX_PAGE_BYTES`]; past that it fails, which stops tera's render
/// at once, and remembers that it did.
pub(super) struct Capped {
    pub(super) bytes: Vec<u8>,
    pub(super) overflowed: bool,
}

impl Capped {
    pub(super) fn new() -> Capped {
        Capped {
            bytes: Vec::with_capacity(32 * 1024),
            overflowed: false,
        }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            self.overflowed = true;
            return Err(std::io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a template refers to that runs more template code: another template (by `include` or
/// `extends`) or a macro.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Unit {
    Template(String),
    Macro { template: String, name: String },
}

impl Unit {
    fn describe(&self) -> String {
        match self {
            Unit::Template(name) => format!("`{name}`"),
            Unit::Macro { template, name } => format!("macro `{name}` of `{template}`"),
        }
    }

    fn template(&self) -> &str {
        match self {
            Unit::Template(name) | Unit::Macro { template: name, .. } => name,
        }
    }
}

/// A cycle of templates and macros that would recurse without end: the template it starts in and
/// the chain, written out (`page.html` → `part.html` → `page.html`).
pub(super) struct Cycle {
    pub(super) template: String,
    pub(super) chain: String,
}

/// Every cycle of `include`, `extends` and macro calls among the compiled templates, one per
/// template it starts in.
pub(super) fn recursion(tera: &Tera) -> Vec<Cycle> {
    let graph = graph(tera);
    let mut done: HashMap<&Unit, Visit> = HashMap::new();
    let mut cycles = Vec::new();
    let mut roots: Vec<&Unit> = graph.keys().collect();
    roots.sort();
    for root in roots {
        let mut path = Vec::new();
        if let Some(cycle) = find_cycle(&graph, root, &mut done, &mut path) {
            cycles.push(cycle);
        }
    }
    cycles
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    Open,
    Closed,
}

/// Depth-first search for a unit reached again while still open. The graph is a theme's (a few
/// dozen templates), so recursion here is shallow.
fn find_cycle<'g>(
    graph: &'g HashMap<Unit, Vec<Unit>>,
    unit: &'g Unit,
    done: &mut HashMap<&'g Unit, Visit>,
    path: &mut Vec<&'g Unit>,
) -> Option<Cycle> {
    match done.get(unit) {
        Some(Visit::Closed) => return None,
        Some(Visit::Open) => {
            let start = path.iter().position(|seen| *seen == unit).unwrap_or(0);
            let chain: Vec<String> = (path[start..].iter().chain([&unit]))
                .map(|unit| unit.describe())
                .collect();
            return Some(Cycle {
                template: unit.template().to_string(),
                chain: chain.join(" → "),
            });
        }
        None => {}
    }
    done.insert(unit, Visit::Open);
    path.push(unit);
    let found = (graph.get(unit).into_iter().flatten()).find_map(|next| {
        graph
            .get_key_value(next)
            .and_then(|(key, _)| find_cycle(graph, key, done, path))
    });
    path.pop();
    done.insert(unit, Visit::Closed);
    found
}

/// Each template and macro → the templates and macros it runs.
fn graph(tera: &Tera) -> HashMap<Unit, Vec<Unit>> {
    let mut graph = HashMap::new();
    for (name, template) in &tera.templates {
        let namespaces: HashMap<&str, &str> = (template.imported_macro_files.iter())
            .map(|(file, namespace)| (namespace.as_str(), file.as_str()))
            .collect();
        let scope = Scope {
            template: name,
            namespaces: &namespaces,
        };
        let mut calls = Vec::new();
        scope.nodes(&template.ast, &mut calls);
        calls.extend(template.parent.iter().cloned().map(Unit::Template));
        graph.insert(Unit::Template(name.clone()), calls);
        for (macro_name, definition) in &template.macros {
            let mut calls = Vec::new();
            scope.nodes(&definition.body, &mut calls);
            let unit = Unit::Macro {
                template: name.clone(),
                name: macro_name.clone(),
            };
            graph.insert(unit, calls);
        }
    }
    graph
}

/// The template whose code is walked, and its macro namespaces (`import "m.html" as m`).
struct Scope<'a> {
    template: &'a str,
    namespaces: &'a HashMap<&'a str, &'a str>,
}

impl Scope<'_> {
    fn nodes(&self, nodes: &[Node], calls: &mut Vec<Unit>) {
        for node in nodes {
            self.node(node, calls);
        }
    }

    fn node(&self, node: &Node, calls: &mut Vec<Unit>) {
        match node {
            Node::VariableBlock(_, expr) => self.expr(expr, calls),
            // Walked as macros of their own (`Template::macros`), under their own name.
            Node::MacroDefinition(..) => {}
            Node::Include(_, names, _) => calls.extend(names.iter().cloned().map(Unit::Template)),
            Node::Set(_, set) => self.expr(&set.value, calls),
            Node::FilterSection(_, section, _) => {
                self.args(section.filter.args.values(), calls);
                self.nodes(&section.body, calls);
            }
            Node::Block(_, block, _) => self.nodes(&block.body, calls),
            Node::Forloop(_, forloop, _) => {
                self.expr(&forloop.container, calls);
                self.nodes(&forloop.body, calls);
                self.nodes(forloop.empty_body.as_deref().unwrap_or_default(), calls);
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    self.expr(condition, calls);
                    self.nodes(body, calls);
                }
                if let Some((_, body)) = &branches.otherwise {
                    self.nodes(body, calls);
                }
            }
            _ => {}
        }
    }

    fn args<'e>(&self, args: impl IntoIterator<Item = &'e Expr>, calls: &mut Vec<Unit>) {
        for arg in args {
            self.expr(arg, calls);
        }
    }

    fn expr(&self, expr: &Expr, calls: &mut Vec<Unit>) {
        for filter in &expr.filters {
            self.args(filter.args.values(), calls);
        }
        self.value(&expr.val, calls);
    }

    fn value(&self, value: &ExprVal, calls: &mut Vec<Unit>) {
        match value {
            ExprVal::Math(math) => self.args([&*math.lhs, &*math.rhs], calls),
            ExprVal::Logic(logic) => self.args([&*logic.lhs, &*logic.rhs], calls),
            ExprVal::In(within) => self.args([&*within.lhs, &*within.rhs], calls),
            ExprVal::Test(test) => self.args(&test.args, calls),
            ExprVal::FunctionCall(call) => self.args(call.args.values(), calls),
            ExprVal::Array(items) => self.args(items, calls),
            ExprVal::StringConcat(concat) => {
                for value in &concat.values {
                    self.value(value, calls);
                }
            }
            ExprVal::MacroCall(call) => {
                self.args(call.args.values(), calls);
                let template = match call.namespace.as_str() {
                    "self" => Some(self.template),
                    namespace => self.namespaces.get(namespace).copied(),
                };
                if let Some(template) = template {
                    calls.push(Unit::Macro {
                        template: template.to_string(),
                        name: call.name.clone(),
                    });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycles(templates: &[(&str, &str)]) -> Vec<String> {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec())
            .expect("compiles");
        recursion(&tera)
            .into_iter()
            .map(|cycle| cycle.chain)
            .collect()
    }

    #[test]
    fn includes_extends_and_macros_that_come_back_are_cycles() {
        assert_eq!(
            cycles(&[("a.html", "{% include \"a.html\" %}")]),
            ["`a.html` → `a.html`"]
        );
        let chain = cycles(&[
            ("a.html", "x{% include \"b.html\" %}"),
            ("b.html", "{% if x %}{% include \"a.html\" %}{% endif %}"),
        ]);
        assert_eq!(chain.len(), 1, "{chain:?}");
        let recursive_macro = "{% macro m(n) %}{% for i in [1] %}{{ self::m(n=n) | upper }}{% endfor %}{% endmacro m %}{{ self::m(n=1) }}";
        assert_eq!(
            cycles(&[("m.html", recursive_macro)]),
            ["macro `m` of `m.html` → macro `m` of `m.html`"]
        );
        let imported = cycles(&[
            (
                "lib.html",
                "{% macro a() %}{% include \"p.html\" %}{% endmacro a %}",
            ),
            ("p.html", "{% import \"lib.html\" as lib %}{{ lib::a() }}"),
        ]);
        assert_eq!(imported.len(), 1, "{imported:?}");
    }

    #[test]
    fn the_built_in_theme_has_no_cycle() {
        let mut tera = Tera::default();
        tera.add_raw_templates(super::super::BUILTIN_TEMPLATES.to_vec())
            .expect("compiles");
        assert!(recursion(&tera).is_empty());
        let used_twice =
            "{% macro leaf() %}x{% endmacro leaf %}{{ self::leaf() }}{{ self::leaf() }}";
        assert!(cycles(&[("t.html", used_twice)]).is_empty());
    }

    #[test]
    fn refused_functions_say_why_and_range_is_bounded() {
        let mut tera = Tera::default();
        restrict(&mut tera);
        let context = tera::Context::new();
        let env = tera.render_str("{{ get_env(name=\"HOME\") }}", &context);
        let message = format!("{:?}", env.expect_err("get_env refused"));
        assert!(
            message.contains("not available to a book's templates"),
            "{message}"
        );
        assert!(tera
            .render_str("{% for i in range(end=1000000) %}{% endfor %}", &context)
            .is_err());
        let small = tera.render_str(
            "{% for i in range(start=1, end=4) %}{{ i }}{% endfor %}",
            &context,
        );
        assert_eq!(small.expect("a small range"), "123");
    }
}
