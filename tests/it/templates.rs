//! Every generated file has a template a book can replace from `theme/templates/`: one test per
//! kind, each asserting the override's marker lands in that kind's output file (and nowhere it
//! should not), plus the XML templates' escaping.

use crate::harness::TestBook;

/// Builds the `basic` fixture with `theme/templates/<template>` replaced by `text`.
fn build_with(template: &str, text: &str) -> crate::harness::Built {
    let book = TestBook::fixture("basic");
    book.write(&format!("theme/templates/{template}"), text);
    book.build().ok()
}

/// Replaces `template` with a marker page and checks the marker is the whole of `output`.
#[track_caller]
fn overrides(template: &str, output: &str) {
    let marker = format!("override of {template}: {{{{ site.title }}}}\n");
    let built = build_with(template, &marker);
    assert_eq!(
        built.html(output),
        format!("override of {template}: 테스트 북\n"),
        "`{output}` should come from the book's `{template}`"
    );
}

#[test]
fn home_template_is_overridable() {
    overrides("home.html", "");
}

#[test]
fn topic_template_is_overridable() {
    overrides("topic.html", "networking/");
}

#[test]
fn section_template_is_overridable_without_touching_topics() {
    overrides("section.html", "networking/handshakes/");
    let built = build_with("section.html", "SECTION {{ page.title }}");
    assert!(
        built.html("networking/").contains("SECTION 네트워크"),
        "the built-in topic.html extends the book's section.html"
    );
}

#[test]
fn question_page_template_is_overridable() {
    overrides("page.html", "networking/handshakes/q1-tcp/");
}

#[test]
fn glossary_template_is_overridable() {
    overrides("glossary.html", "glossary/");
}

#[test]
fn glossary_template_sees_terms_with_their_answer_and_users() {
    let built = build_with(
        "glossary.html",
        "{% for term in page.terms %}[{{ term.ko }}|{{ term.en }}|{{ term.answer.url }}|{% for user in term.users %}{{ user.title }}{% endfor %}]{% endfor %}{% for e in page.english %}({{ e.en }}){% endfor %}",
    );
    assert_eq!(
        built.html("glossary/"),
        "[왕복 시간|Round-trip time|networking/handshakes/q1-tcp/|TCP 3-way handshake](Round-trip time)"
    );
}

#[test]
fn question_sheet_template_is_overridable() {
    overrides("questions.html", "print/questions/");
}

#[test]
fn question_sheet_template_sees_each_question() {
    let built = build_with(
        "questions.html",
        "{% for q in page.questions %}[{{ q.topic }}: {{ q.question }}]{% endfor %}",
    );
    assert_eq!(
        built.html("print/questions/"),
        "[네트워크: TCP 연결 수립 과정을 설명하시오.][네트워크: QUIC을 설명하시오.]"
    );
}

#[test]
fn print_template_is_overridable() {
    overrides("print.html", "print/");
}

#[test]
fn print_article_template_is_overridable() {
    let built = build_with(
        "print-article.html",
        "<section data-level=\"{{ article.level }}\" id=\"{{ article.anchor }}\">{{ article.title }}</section>\n",
    );
    let print = built.html("print/");
    assert!(print
        .contains("<section data-level=\"2\" id=\"p-networking-_index-md\">네트워크</section>"));
    assert!(print.contains(">TCP 3-way handshake</section>"));
    assert!(!print.contains("<article class=\"print-page"), "{print}");
}

#[test]
fn print_editions_template_is_overridable() {
    let book = TestBook::empty();
    book.write("book.toml", "[book]\ntitle = \"큰 책\"\n");
    book.write("content/_index.md", "+++\ntitle = \"홈\"\n+++\n");
    for topic in ["a", "b"] {
        book.write(
            &format!("content/{topic}/_index.md"),
            "+++\ntitle = \"주제\"\n+++\n",
        );
        for n in 0..151 {
            book.write(&format!("content/{topic}/p{n}.md"), "본문\n");
        }
    }
    book.write(
        "theme/templates/print-editions.html",
        "EDITIONS{% for e in page.children %} {{ e.url }}{% endfor %}",
    );
    let built = book.build().ok();
    assert_eq!(built.html("print/"), "EDITIONS print/a/ print/b/");
    assert!(built
        .html("print/a/")
        .contains("<article class=\"print-book\">"));
}

#[test]
fn sessions_template_is_overridable() {
    overrides("sessions.html", "sessions/");
}

#[test]
fn session_template_is_overridable() {
    overrides("session.html", "sessions/r1/");
    let built = build_with(
        "session.html",
        "{{ page.session.title }}: {% for group in page.children %}{{ group.title }} {{ group.children | length }}{% endfor %}",
    );
    assert_eq!(built.html("sessions/r1/"), "1회차: 핸드셰이크 2");
}

#[test]
fn tags_template_is_overridable() {
    overrides("tags.html", "tags/");
}

#[test]
fn tag_template_is_overridable() {
    overrides("tag.html", "tags/프로토콜/");
}

#[test]
fn list_template_still_lays_out_every_list_kind() {
    let built = build_with("list.html", "LIST {{ page.title }}");
    assert_eq!(built.html("tags/"), "LIST 태그");
    assert_eq!(built.html("tags/프로토콜/"), "LIST #프로토콜");
    assert_eq!(built.html("sessions/r1/"), "LIST 1회차");
    // The book's map is `list.html`'s frame around the map, so it follows the same override.
    assert_eq!(built.html("map/"), "LIST 개념 지도");
}

#[test]
fn search_template_is_overridable() {
    overrides("search.html", "search/");
}

#[test]
fn not_found_template_is_overridable() {
    overrides("404.html", "404.html");
}

#[test]
fn map_template_is_overridable() {
    overrides("map.html", "map/");
}

#[test]
fn sitemap_template_is_overridable() {
    overrides("sitemap.xml", "sitemap.xml");
}

#[test]
fn feed_template_is_overridable() {
    overrides("atom.xml", "atom.xml");
}

#[test]
fn robots_template_is_overridable() {
    overrides("robots.txt", "robots.txt");
}

/// A book whose title and answer hold every character XML needs escaped.
fn awkward_book() -> TestBook {
    let book = TestBook::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"A & B <책>\"\nauthors = [\"Kim & Lee\"]\n",
    );
    book.write("content/_index.md", "+++\ntitle = \"홈\"\n+++\n");
    book.write("content/t/_index.md", "+++\ntitle = \"주제\"\n+++\n");
    book.write(
        "content/t/q.md",
        "+++\ntitle = \"<script> & \\\"quotes\\\"\"\n+++\n\n## 핵심 요약\n\nx < y && \"z\"\n",
    );
    book
}

#[test]
fn built_in_feed_escapes_text_and_stays_well_formed() {
    let built = awkward_book().build_at("https://example.com/a&b/").ok();
    let feed = built.html("atom.xml");
    assert!(
        feed.contains("<title>A &amp; B &lt;책&gt;</title>"),
        "{feed}"
    );
    assert!(feed.contains("<name>Kim &amp; Lee</name>"), "{feed}");
    assert!(
        feed.contains("<title>&lt;script&gt; &amp; \"quotes\"</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<summary>x &lt; y &amp;&amp; \"z\"</summary>"),
        "{feed}"
    );
    assert!(
        feed.contains("<link href=\"https://example.com/a&amp;b/\"/>"),
        "{feed}"
    );
    assert!(
        !feed.contains("<script>") && !feed.contains("a&b"),
        "{feed}"
    );
}

#[test]
fn built_in_sitemap_escapes_urls() {
    let built = awkward_book().build_at("https://example.com/a&b/").ok();
    let sitemap = built.html("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.com/a&amp;b/t/q/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("a&b"), "{sitemap}");
}

#[test]
fn an_xml_override_is_autoescaped() {
    let book = awkward_book();
    book.write(
        "theme/templates/atom.xml",
        "<feed><title>{{ feed.title }}</title>{% for e in feed.entries %}<t a=\"{{ e.title }}\"/>{% endfor %}</feed>",
    );
    let built = book.build().ok();
    assert_eq!(
        built.html("atom.xml"),
        "<feed><title>A &amp; B &lt;책&gt;</title><t a=\"&lt;script&gt; &amp; &quot;quotes&quot;\"/></feed>"
    );
}

#[test]
fn a_failing_xml_override_is_an_error_naming_the_template() {
    let book = TestBook::fixture("basic");
    book.write(
        "theme/templates/atom.xml",
        "<feed>\n{{ feed.no_such_field }}\n</feed>\n",
    );
    let built = book.build();
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.rendered());
    let rendered = built.rendered();
    assert!(rendered.contains("atom.xml"), "{rendered}");
    assert!(rendered.contains("no_such_field"), "{rendered}");
}
