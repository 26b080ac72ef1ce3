from patterns.rendering import render_cached, render_markdown


def test_script_tags_and_their_content_are_removed():
    html = render_markdown("Hello <script>alert('x')</script> world")
    assert html == "<p>Hello  world</p>"


def test_javascript_links_lose_their_href():
    html = render_markdown("[click](javascript:alert(1)) and [ok](https://example.org/a)")
    assert html == (
        '<p><a rel="noopener noreferrer nofollow">click</a> and '
        '<a href="https://example.org/a" rel="noopener noreferrer nofollow">ok</a></p>'
    )


def test_event_attributes_styles_and_iframes_are_removed():
    html = render_markdown(
        '<img src="x.png" onerror="alert(1)" style="color:red">\n\n'
        '<iframe src="https://evil.example"></iframe><style>p{}</style>'
    )
    assert "onerror" not in html
    assert "style" not in html
    assert "iframe" not in html
    assert '<img src="x.png">' in html


def test_relative_and_mailto_links_are_kept():
    html = render_markdown("[a](/library/x/) [b](mailto:a@example.org)")
    assert 'href="/library/x/"' in html
    assert 'href="mailto:a@example.org"' in html


def test_mermaid_block_becomes_escaped_source_for_the_browser():
    html = render_markdown("Before\n\n```mermaid\ngraph TD\n  A[<b>x</b>] --> B\n```\n\nAfter")
    assert html == (
        "<p>Before</p>\n"
        '<pre class="mermaid-source">graph TD\n  A[&lt;b&gt;x&lt;/b&gt;] --&gt; B</pre>\n'
        "<p>After</p>"
    )


def test_class_attributes_from_the_text_are_not_kept():
    html = render_markdown('<pre class="mermaid-source">graph TD</pre>')
    assert html == "<pre>graph TD</pre>"


def test_tables_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_cached_rendering_gives_the_same_html():
    text = "Some **bold** text"
    assert render_cached(text) == render_markdown(text) == "<p>Some <strong>bold</strong> text</p>"
    assert render_cached(text) == "<p>Some <strong>bold</strong> text</p>"
