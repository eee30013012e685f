"""What makes a page be rendered again (pressroom/build/incremental.py) and
what makes the render cache start afresh (pressroom/render/cache.py), in this
process."""

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, load_fixture_settings, plan_fixture
from pressroom.build.incremental import UNDIGESTED_VALUES, page_digest, settings_digest
from pressroom.render.cache import code_fingerprint, engine_modules
from pressroom.settings import PAGE, RUN, names

PACKAGE = ROOT / "plugins" / "pressroom"


@pytest.fixture(scope="module")
def page():
    _settings, _read, site = plan_fixture()
    return next(p for p in site.plan.pages if p.template == "release" and p.lang == "ko")


def values(**changed):
    return {"SITE_NAME": {"ko": "보도자료"}, "items": [1, 2], "lang": "ko", **changed}


def test_a_page_digest_is_stable(page):
    assert page_digest("base", page, values()) == page_digest("base", page, values())


@pytest.mark.parametrize("changed", [{"items": [1, 3]}, {"lang": "en"}, {"SITE_NAME": {"ko": "다른 이름"}},
                                     {"new_value": None}])
def test_a_page_digest_changes_with_a_template_value(page, changed):
    assert page_digest("base", page, values(**changed)) != page_digest("base", page, values())


def test_a_page_digest_changes_with_the_base_and_the_pages_own_values(page):
    assert page_digest("other", page, values()) != page_digest("base", page, values())
    assert page_digest("base", page, {"document": page.values["document"]}) != page_digest("base", page, {})


def test_a_page_digest_ignores_callables_and_the_undigested_values(page):
    base = page_digest("base", page, values())
    assert page_digest("base", page, values(url=lambda path: path, format_date=print)) == base
    for name in UNDIGESTED_VALUES:
        assert page_digest("base", page, values(**{name: object()})) == base, name


def test_a_page_digest_refuses_a_value_it_cannot_walk(page):
    with pytest.raises(TypeError, match="cannot fingerprint"):
        page_digest("base", page, values(unknown=object()))


def test_the_settings_digest_ignores_the_run_settings():
    settings = load_fixture_settings()
    digest = settings_digest(settings)
    run = names(RUN)
    assert "PRESSROOM_JOBS" in run and "PRESSROOM_CACHE_PATH" in run
    changed = dict(settings, PRESSROOM_JOBS=settings["PRESSROOM_JOBS"] + 7, PRESSROOM_CACHE_PATH="/elsewhere",
                   OUTPUT_PATH="/another/output", PRESSROOM_PUBLISHED_OUTPUT="/published")
    assert set(changed) - set(settings) <= set(run)
    assert settings_digest(changed) == digest


@pytest.mark.parametrize("name, value", [("PRESSROOM_PER_PAGE", 7), ("PRESSROOM_FEED_MAX_ITEMS", 3),
                                         ("SITE_NAME", {"ko": "다른", "en": "Other"})])
def test_the_settings_digest_changes_with_a_page_setting(name, value):
    assert name in names(PAGE)
    settings = load_fixture_settings()
    assert settings_digest(dict(settings, **{name: value})) != settings_digest(settings)


def relative(paths):
    return {Path(path).resolve().relative_to(PACKAGE.parent).as_posix() for path in paths}


def test_the_engine_modules_are_the_engine_without_the_commands_and_the_import():
    modules = relative(engine_modules())
    assert "pressroom/render/body.py" in modules
    assert "pressroom/urls.py" in modules and "govdoc_markdown/__init__.py" in modules
    assert not {module for module in modules if module.startswith(("pressroom/commands/", "pressroom/importing/"))}
    assert "pressroom/__main__.py" not in modules
    every = relative(PACKAGE.parent.glob("*/**/*.py"))
    assert "pressroom/importing/convert.py" in every
    assert every - modules == {m for m in every if m.startswith(("pressroom/commands/", "pressroom/importing/"))} \
        | {"pressroom/__main__.py"}


def test_the_code_fingerprint_is_of_the_engine_and_the_catalogs(tmp_path, monkeypatch):
    """A copy of the theme with one catalog changed changes the fingerprint;
    the commands are not read for it."""
    settings = load_fixture_settings()
    fingerprint = code_fingerprint(settings)
    assert code_fingerprint(settings) == fingerprint
    theme = tmp_path / "theme"
    shutil.copytree(Path(settings["THEME"]) / "translations", theme / "translations")
    copied = dict(settings, THEME=str(theme))
    catalog = next((theme / "translations").glob("*/LC_MESSAGES/messages.po"))
    unchanged = code_fingerprint(copied)
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert code_fingerprint(copied) != unchanged

    read = []
    real = Path.read_bytes

    def recording(path):
        read.append(Path(path).resolve())
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", recording)
    code_fingerprint(settings)
    monkeypatch.undo()
    read_modules = relative(path for path in read if path.suffix == ".py")
    assert "pressroom/render/body.py" in read_modules
    assert not {module for module in read_modules if module.startswith("pressroom/commands/")}
