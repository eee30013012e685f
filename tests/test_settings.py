"""The settings schema (pressroom/settings.py), in this process: check() fills
in the defaults and refuses, by name, a value the press room cannot work
with; docs/settings.md is the schema; and every setting the engine reads is
in the schema (or is one of Pelican's, named below), with the reach that
says what a change to it must invalidate."""

import ast
import copy
from pathlib import Path

import pytest
from conftest import ROOT, load_fixture_settings
from pelican.settings import DEFAULT_CONFIG
from pressroom import settings as schema
from pressroom.content.header import KEY_TABLES
from pressroom.settings import PAGE, RENDER, RUN, SettingsError, check

PACKAGE = ROOT / "plugins" / "pressroom"

# Pelican's own settings that the engine reads and the schema leaves to
# Pelican (its defaults, its checks), each with where it is read.
PELICAN_SETTINGS = {
    "PATH": "the content folder: every reader of content/, the render cache's content_path, the commands",
    "THEME": "the theme folder: its translations (render/body.py, render/cache.py), the devserver's watch",
    "THEME_STATIC_DIR": "where theme/static is copied to (urls.theme_file)",
    "MARKDOWN": "the Markdown configuration and the extensions the plugins add (render/body.py)",
    "STATIC_PATHS": "checked to leave out the asset folders (settings.check)",
    "PLUGIN_PATHS": "the devserver watches the plugins' code (commands/devserver.py)",
}

# Reads under render/ of a setting whose reach is not RENDER, and why the
# render cache's key need not include it.
RENDER_EXCEPTIONS = {
    # Fingerprinted on its own by render/cache.py (extension class names and
    # configs), since it holds extension objects.
    "MARKDOWN",
    # Where the content is: a file's key is its path below PATH and its bytes,
    # and an image's size is checked again on every run (images_unchanged).
    "PATH",
    # Only to find theme/translations, whose catalogs code_fingerprint()
    # digests; the folder's name is not in any rendered text.
    "THEME",
}

# Reads whose setting name is computed: where, the name of the expression,
# and the names it can take. A new such read fails this test until it is
# listed, so that the scans below do not miss a setting.
COMPUTED_READS = {
    ("content/header.py", "table"): set(KEY_TABLES.values()),
    ("commands/new.py", "header.KEY_TABLES[name]"): set(KEY_TABLES.values()),
    ("render/cache.py", "key"): set(schema.names(RENDER)),
    ("build/incremental.py", "key"): None,  # every setting but the RUN ones (settings_digest)
    ("settings.py", "setting.name"): set(schema.BY_NAME),
}


def is_settings(node):
    return (isinstance(node, ast.Name) and node.id == "settings") or (
        isinstance(node, ast.Attribute) and node.attr == "settings")


def settings_reads(folder=PACKAGE):
    """{name: {module below pressroom/}} of every settings["NAME"],
    settings.get("NAME") and settings.setdefault("NAME", …) (also on
    self.settings, pelican.settings) under folder; and {(module, expression)}
    of the reads with a computed name."""
    found, computed = {}, set()
    for path in sorted(Path(folder).rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Subscript) and is_settings(node.value):
                name = node.slice
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in ("get", "setdefault") and is_settings(node.func.value) and node.args):
                name = node.args[0]
            else:
                continue
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                found.setdefault(name.value, set()).add(module)
            else:
                computed.add((module, ast.unparse(name)))
    return found, computed


def minimal():
    """Pelican's defaults with the least a pelicanconf.py must say."""
    return {
        **copy.deepcopy(DEFAULT_CONFIG),
        "SITE_NAME": {"ko": "보도자료", "en": "Press releases"},
        "SITE_OPERATOR": {"ko": "운영", "en": "Operated by"},
        "SITE_ADDRESS": {"ko": "주소", "en": "Address"},
        "SITE_CONTACT": {"phone": "02-000-0000", "email": "press@example.go.kr"},
        "FEED_DOMAIN": "https://press.example.go.kr",
        "STATIC_PATHS": [],  # Pelican's default, ["images"], is an asset folder
        **{setting.name: copy.deepcopy(setting.default) for setting in schema.SCHEMA if setting.required_value},
    }


def test_check_fills_in_every_default():
    settings = minimal()
    check(settings)
    defaulted = [setting for setting in schema.SCHEMA if not setting.pelican and setting.default is not None]
    assert defaulted
    for setting in defaulted:
        assert settings[setting.name] == setting.default, setting.name
    assert settings["PRESSROOM_PER_PAGE"] == 10
    assert settings["PRESSROOM_LANGUAGES"] == ["ko", "en"]


def test_check_keeps_a_value_given():
    settings = dict(minimal(), PRESSROOM_PER_PAGE=3, PRESSROOM_CATEGORIES={"economic": {"ko": "경제", "en": "Economy"}})
    check(settings)
    assert settings["PRESSROOM_PER_PAGE"] == 3
    assert list(settings["PRESSROOM_CATEGORIES"]) == ["economic"]


def test_the_fixture_settings_pass_and_are_complete():
    settings = load_fixture_settings()
    check(settings)
    assert all(setting.name in settings for setting in schema.SCHEMA if not setting.pelican)


def without(name):
    settings = minimal()
    del settings[name]
    return settings


BAD = [
    ("per-page-zero", "PRESSROOM_PER_PAGE", dict(minimal(), PRESSROOM_PER_PAGE=0)),
    ("per-page-text", "PRESSROOM_PER_PAGE", dict(minimal(), PRESSROOM_PER_PAGE="10")),
    ("per-page-true", "PRESSROOM_PER_PAGE", dict(minimal(), PRESSROOM_PER_PAGE=True)),
    ("site-name-without-en", "SITE_NAME", dict(minimal(), SITE_NAME={"ko": "보도자료"})),
    ("site-name-empty-en", "SITE_NAME", dict(minimal(), SITE_NAME={"ko": "보도자료", "en": ""})),
    ("site-contact-missing", "SITE_CONTACT", without("SITE_CONTACT")),
    ("site-contact-without-email", "SITE_CONTACT", dict(minimal(), SITE_CONTACT={"phone": "02"})),
    ("feed-domain-without-scheme", "FEED_DOMAIN", dict(minimal(), FEED_DOMAIN="press.example.go.kr")),
    ("feed-domain-missing", "FEED_DOMAIN", without("FEED_DOMAIN")),
    ("pelican-typogrify", "TYPOGRIFY", dict(minimal(), TYPOGRIFY=True)),
    ("one-language", "PRESSROOM_LANGUAGES", dict(minimal(), PRESSROOM_LANGUAGES=["ko"])),
    # A code is a folder of the site and the first "_"-separated part of each
    # search fragment's name: a region after "_", capitals, a path or a code
    # Babel does not know would break one or the other.
    ("language-with-region", "PRESSROOM_LANGUAGES", dict(minimal(), PRESSROOM_LANGUAGES=["ko", "pt_br"])),
    ("language-in-capitals", "PRESSROOM_LANGUAGES", dict(minimal(), PRESSROOM_LANGUAGES=["ko", "EN"])),
    ("language-as-path", "PRESSROOM_LANGUAGES", dict(minimal(), PRESSROOM_LANGUAGES=["ko", "../en"])),
    ("language-unknown", "PRESSROOM_LANGUAGES", dict(minimal(), PRESSROOM_LANGUAGES=["ko", "zz"])),
    ("language-twice", "PRESSROOM_LANGUAGES", dict(minimal(), PRESSROOM_LANGUAGES=["ko", "ko"])),
    ("language-in-a-list", "PRESSROOM_LANGUAGES", dict(minimal(), PRESSROOM_LANGUAGES=["ko", ["en"]])),
    ("jobs-zero", "PRESSROOM_JOBS", dict(minimal(), PRESSROOM_JOBS=0)),
    ("number-format-without-number", "PRESSROOM_RELEASE_NUMBER_FORMAT",
     dict(minimal(), PRESSROOM_RELEASE_NUMBER_FORMAT={"ko": "제호", "en": "No. {number}"})),
    ("asset-folder-in-static-paths", "STATIC_PATHS", dict(minimal(), STATIC_PATHS=["images"])),
    # A path the Content-Security-Policy could not allow exactly: refused by
    # the check, before a build renders anything.
    ("embed-prefix-without-slash", "PRESSROOM_EMBED_ALLOWLIST",
     dict(minimal(), PRESSROOM_EMBED_ALLOWLIST=["https://www.youtube-nocookie.com/embed"])),
    ("timezone-unknown", "TIMEZONE", dict(minimal(), TIMEZONE="Mars/Base")),
    ("minify-as-text", "PRESSROOM_MINIFY", dict(minimal(), PRESSROOM_MINIFY="False")),
    ("license-unknown", "PRESSROOM_DEFAULT_LICENSE", dict(minimal(), PRESSROOM_DEFAULT_LICENSE="cc-by")),
]


@pytest.mark.parametrize("name, value", [
    ("PRESSROOM_LANGUAGES", ("ko", "en")),
    ("PRESSROOM_FOOTER_PAGES", ("about",)),
    ("PRESSROOM_CACHE_PATH", Path("/tmp/pressroom-cache")),
    ("PRESSROOM_MINIFY", 1),
    ("PRESSROOM_SHOW_UNPUBLISHED", 0),
    ("FORMATTED_FIELDS", ()),
    ("DEFAULT_CATEGORY", None),
    ("TYPOGRIFY", None),
    ("PRESSROOM_EMBED_ALLOWLIST", ["https://www.youtube-nocookie.com/embed/", "https://tv.example.go.kr"]),
])
def test_check_accepts_what_python_settings_files_commonly_write(name, value):
    """Tuples for lists, paths for folders, 1 and 0 for switches, None or ()
    for "off": what a pelicanconf.py writes as often as the default's form."""
    check(dict(minimal(), **{name: value}))


@pytest.mark.parametrize("setting, settings", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_check_refuses_a_bad_value_naming_the_setting(setting, settings):
    with pytest.raises(SettingsError) as refused:
        check(settings)
    assert setting in str(refused.value)
    assert "\n" not in str(refused.value)


def test_docs_settings_md_is_the_schema():
    documented = ROOT / "docs" / "settings.md"
    assert documented.is_file(), "generate it: .venv/bin/pressroom settings > docs/settings.md"
    assert documented.read_text(encoding="utf-8") == schema.reference(), (
        "docs/settings.md is out of date: .venv/bin/pressroom settings > docs/settings.md")


def test_the_reference_has_a_row_a_setting():
    rows = [line for line in schema.reference().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [setting.name for setting in schema.SCHEMA]


def test_every_setting_has_a_reach_and_a_name_once():
    assert len(schema.BY_NAME) == len(schema.SCHEMA)
    assert {setting.reach for setting in schema.SCHEMA} <= {RENDER, PAGE, RUN}
    assert set(schema.names(RENDER)) | set(schema.names(PAGE)) | set(schema.names(RUN)) == set(schema.BY_NAME)


def test_the_scan_finds_reads_that_exist():
    """The ast scan below sees the reads it must: a sanity check of it."""
    found, _computed = settings_reads()
    assert "commands/__init__.py" in found["PRESSROOM_CACHE_PATH"]
    assert "plan/site.py" in found["PRESSROOM_PER_PAGE"]
    assert "content/header.py" in found["TIMEZONE"]


def test_every_setting_the_engine_reads_is_in_the_schema_or_is_pelicans():
    found, computed = settings_reads()
    unknown = {name: sorted(modules) for name, modules in found.items()
               if name not in schema.BY_NAME and name not in PELICAN_SETTINGS}
    assert not unknown, f"add these to settings.SCHEMA (or, if Pelican's, to PELICAN_SETTINGS here): {unknown}"
    assert computed <= set(COMPUTED_READS), f"reads of a computed setting name, not checked: {computed - set(COMPUTED_READS)}"
    for names in COMPUTED_READS.values():
        assert names is None or names <= set(schema.BY_NAME)
    # Each allowed Pelican setting is still read: none is listed for nothing.
    assert set(PELICAN_SETTINGS) <= set(found), set(PELICAN_SETTINGS) - set(found)


def test_every_setting_read_while_rendering_is_part_of_the_render_cache_key():
    found, computed = settings_reads(PACKAGE / "render")
    wrong = {name: sorted(modules) for name, modules in found.items()
             if name not in RENDER_EXCEPTIONS and (name not in schema.BY_NAME or schema.BY_NAME[name].reach != RENDER)}
    assert not wrong, f"read under render/ but not of reach RENDER in settings.SCHEMA: {wrong}"
    for module, expression in computed:
        names = COMPUTED_READS[(module, expression)]
        assert names is not None and names <= set(schema.names(RENDER)), (module, expression)
    assert RENDER_EXCEPTIONS <= set(found), RENDER_EXCEPTIONS - set(found)
