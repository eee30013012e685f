"""Baseline (b) of `make bench`: plain Pelican 4.12 on the same Markdown, with
its default theme, its native translations (paired by file name) and
TYPOGRIFY on. Nothing of this project is used."""

PATH = "content"
TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "ko"
SITENAME = "Plain Pelican baseline"
SITEURL = ""
TYPOGRIFY = True
# slug and lang from <slug>.<lang>.md, so that the two files of a pair are
# translations of each other, as Pelican's i18n expects.
FILENAME_METADATA = r"(?P<slug>[^.]+)\.(?P<lang>[^.]+)"
ARTICLE_PATHS = ["releases"]
PAGE_PATHS = ["pages"]
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"
LOAD_CONTENT_CACHE = False
# No plugins: Pelican would otherwise load every installed namespace plugin,
# i18n_subsites included.
PLUGINS = []
