"""Pelican settings for the bilingual press room (preview build, `make html`).

Everything a ministry changes to make the site its own lives here: the site
identity, the category and department tables, and the footer lines.
publishconf.py imports this file and overrides what differs in production.
"""

# --- Site identity -----------------------------------------------------------
# Every visible name is given per language; the theme never hard-codes one.
SITE_NAME = {
    "ko": "외교부 보도자료",
    "en": "Ministry of Foreign Affairs Press Releases",
}
SITENAME = SITE_NAME["ko"]  # Pelican's own setting, used only in its log lines.
SITE_LOGO = "images/logo.svg"  # Under theme/static/; a neutral mark, not the national emblem.
# The agency that operates the site, as the footer's identifier line names it:
# "이 누리집은 외교부 대변인실에서 운영하는 누리집입니다."
SITE_OPERATOR = {
    "ko": "외교부 대변인실",
    "en": "the Office of the Spokesperson, Ministry of Foreign Affairs",
}
SITE_CONTACT = {"phone": "02-000-0100", "email": "press@example.go.kr"}
SITE_ADDRESS = {
    "ko": "(03172) 서울특별시 종로구 사직로8길 60",
    "en": "60 Sajik-ro 8-gil, Jongno-gu, Seoul 03172, Republic of Korea",
}

# SITEURL prefixes every internal link: "" serves the site from the root of
# `make serve`. FEED_DOMAIN is the absolute origin used wherever a URL must be
# absolute: Atom feeds, the sitemap, hreflang alternates and canonical links.
SITEURL = ""
FEED_DOMAIN = "http://localhost:8000"

TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "ko"

# --- Content layout -----------------------------------------------------------
PATH = "content"
# Pelican's own article and page generators are left idle: the pressroom
# plugin reads every release and page itself, once, and writes both trees.
ARTICLE_PATHS = []
PAGE_PATHS = []
# Images and attachments live in content/images/ and content/attachments/;
# the plugin copies only those that published releases use, so Pelican's
# static copying is off.
STATIC_PATHS = []
# Categories come only from the `Category:` field, checked against the table
# below; Pelican must not invent one from the year folder or a default.
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = ""
OUTPUT_PATH = "output"
# The plugin writes every file itself: it copies theme/static, leaves files
# whose bytes did not change untouched (their mtimes stay, so deploys upload
# only what changed) and removes stale ones. Pelican must not wipe or copy.
DELETE_OUTPUT_DIRECTORY = False
THEME_STATIC_PATHS = []

# Turn off every file Pelican would write on its own.
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = ""
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TAG_FEED_ATOM = None

# --- Plugins and theme ---------------------------------------------------------
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["govdoc_markdown", "pressroom"]
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Typogrify runs on both languages, through the pressroom plugin rather than
# Pelican's reader: the plugin escapes titles before typesetting them and keeps
# a plain-text copy for <title>, meta tags and feeds.
TYPOGRIFY = False
# Summaries are plain text like titles: Pelican must not run them through
# Markdown, where raw HTML in a summary would become markup.
FORMATTED_FIELDS = []
PRESSROOM_TYPOGRIFY = True
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
    },
    "output_format": "html5",
    # Numbered paragraphs keep the numbers the writer typed, across quotes,
    # tables and figures: plugins/govdoc_markdown does it (Markdown 3 ignores
    # the old lazy_ol option).
}

# --- The pressroom plugin -------------------------------------------------------
# Languages in the order the site offers them; the first is the default tree
# that "/" redirects to and that hreflang="x-default" names.
PRESSROOM_LANGUAGES = ["ko", "en"]
# Previews show drafts, embargoed and future-dated releases with a banner;
# publishconf.py turns this off for production.
PRESSROOM_SHOW_UNPUBLISHED = True
# Small enough that the nine demo releases show pagination; a ministry with
# a real archive would choose 10 or 20.
PRESSROOM_PER_PAGE = 6
PRESSROOM_FEED_MAX_ITEMS = 20
# How a release's `Number:` is shown, in each language, on its page and in
# every list ({number} is the number as the writer typed it, e.g. 26-0912).
# Each language needs a form with {number}; the build refuses anything else.
PRESSROOM_RELEASE_NUMBER_FORMAT = {"ko": "제{number}호", "en": "No. {number}"}
# The 공공누리 (KOGL) type of a release without a `License:` line: type 1,
# attribution only, as most ministries publish their releases.
PRESSROOM_DEFAULT_LICENSE = "kogl-1"
# Where readers ask for an attachment in an accessible format.
PRESSROOM_ACCESSIBLE_FORMAT_CONTACT = "press@example.go.kr"

# Category keys used in the `Category:` field. The key is the URL segment in
# both trees (/ko/categories/economic/ and /en/categories/economic/).
PRESSROOM_CATEGORIES = {
    "economic": {"ko": "경제외교", "en": "Economic Diplomacy"},
    "bilateral": {"ko": "양자외교", "en": "Bilateral Relations"},
    "multilateral": {"ko": "다자외교", "en": "Multilateral Diplomacy"},
    "consular": {"ko": "재외국민 보호", "en": "Consular Affairs"},
    "public-diplomacy": {"ko": "공공외교", "en": "Public Diplomacy"},
}

# Department keys used in the `Department:` field, with the contact that a
# release shows unless its own `Contact:` field overrides it.
PRESSROOM_DEPARTMENTS = {
    "spokesperson": {
        "ko": "대변인실",
        "en": "Office of the Spokesperson",
        "phone": "02-000-0100",
        "email": "spokesperson@example.go.kr",
    },
    "economic-security": {
        "ko": "경제안보외교과",
        "en": "Economic Security Diplomacy Division",
        "phone": "02-000-0210",
        "email": "econ-security@example.go.kr",
    },
    "northeast-asia": {
        "ko": "동북아시아과",
        "en": "Northeast Asian Affairs Division",
        "phone": "02-000-0320",
        "email": "northeast-asia@example.go.kr",
    },
    "overseas-safety": {
        "ko": "재외국민안전과",
        "en": "Overseas Koreans Safety Division",
        "phone": "02-000-0430",
        "email": "overseas-safety@example.go.kr",
    },
}

# Links in the footer, by page slug (content/pages/<slug>.<lang>.md).
PRESSROOM_FOOTER_PAGES = ["about", "privacy"]
