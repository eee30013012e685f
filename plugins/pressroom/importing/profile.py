"""The import profile: where an old site's saved pages keep each part of a release.

A profile is a TOML file (docs/import.md has a complete one, and
profiles/egov-board.toml is the one shipped for a typical e-government
bulletin board). load() reads it once, refuses every key it does not know
and every value of the wrong kind, compiles the CSS selectors, the date
formats and the number pattern, and checks the default category and
department against the settings, so that a mistake in the profile stops the
import before any page is read, with the key and what was expected.
"""

import re
import tomllib
from dataclasses import dataclass, field

import soupsieve

# [select]: the parts of a release page. title, date and body are required:
# a page where none of them matches is not a release page (a list page, say).
REQUIRED_SELECTORS = ("title", "date", "body")
OPTIONAL_SELECTORS = ("department", "number", "attachments", "counterpart")
# The strptime directives a date format may use, and what each matches in a
# page's text (parse.date_formats is searched for, not matched whole: the
# date element often says "등록일 2023.11.21").
DATE_DIRECTIVES = {"%Y": r"\d{4}", "%m": r"\d{1,2}", "%d": r"\d{1,2}", "%H": r"\d{1,2}", "%M": r"\d{2}",
                   "%S": r"\d{2}", "%y": r"\d{2}", "%b": r"[A-Za-z]{3}", "%B": r"[A-Za-z]{3,9}", "%%": "%"}
PROFILE_KEYS = {
    "pages": list, "language": dict, "select": dict, "parse": dict, "defaults": dict, "site": dict,
}
SECTION_KEYS = {
    "language": {"default": str, "by_path": dict},
    "select": {**{name: str for name in REQUIRED_SELECTORS + OPTIONAL_SELECTORS}, "remove": list},
    "parse": {"date_formats": list, "number_pattern": str, "encoding": str},
    "defaults": {"category": str, "department": str},
    "site": {"url": str, "root": str},
}
REQUIRED_KEYS = {"pages": None, "select": ("title", "date", "body"), "parse": ("date_formats",),
                 "defaults": ("category",)}
TYPE_NAMES = {str: "a string in quotes", list: "a list in [ ]", dict: "a table"}


class ProfileError(Exception):
    """A profile the import cannot use: its file, the key, what was expected."""

    def __init__(self, path, key, message, fix):
        super().__init__(f"{path}: {key}: {message} — {fix}")


@dataclass
class DateFormat:
    text: str  # as the profile gives it, for strptime
    pattern: re.Pattern  # what it matches inside a longer text


@dataclass
class Profile:
    path: str
    pages: list  # globs relative to SOURCE
    default_lang: str
    lang_by_path: dict  # substring of the page's path -> lang
    selectors: dict  # name -> CSS selector text
    remove: list  # CSS selectors dropped from the body
    date_formats: list  # [DateFormat]
    number_pattern: re.Pattern = None
    encoding: str = None  # for pages that declare none and are not UTF-8
    category: str = ""
    department: str = None
    site_url: str = None  # the old site's address: its absolute links lead into the saved copy
    site_root: str = ""  # the folder below SOURCE that holds the site's root ("" for SOURCE itself)
    compiled: dict = field(default_factory=dict)  # name -> soupsieve selector

    def lang_of(self, relative_path):
        """The language of the page at `relative_path` (below SOURCE)."""
        probe = "/" + relative_path
        for fragment, lang in self.lang_by_path.items():
            if fragment in probe:
                return lang
        return self.default_lang


def load(path, settings):
    """The profile at `path`, checked; ProfileError when it cannot be used."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ProfileError(path, "file", f"cannot be read ({error.strerror})", "give the path of a profile file")
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(path, "file", f"is not valid TOML ({error})", "correct the line the message names")
    except UnicodeDecodeError:
        raise ProfileError(path, "file", "is not saved as UTF-8", "save it again as UTF-8")
    _check_shape(path, data)
    languages = settings["PRESSROOM_LANGUAGES"]
    language = data.get("language", {})
    default_lang = language.get("default", languages[0])
    by_path = language.get("by_path", {})
    for key, lang in [("language.default", default_lang)] + [(f"language.by_path.{k}", v) for k, v in by_path.items()]:
        if lang not in languages:
            raise ProfileError(path, key, f"'{lang}' is not one of the site's languages",
                               f"use one of {', '.join(languages)}")
    select = data["select"]
    compiled = {}
    for name in REQUIRED_SELECTORS + OPTIONAL_SELECTORS:
        if name in select:
            compiled[name] = _selector(path, f"select.{name}", select[name])
    remove = [str(item) for item in select.get("remove", [])]
    for index, text in enumerate(remove):
        _selector(path, f"select.remove[{index}]", text)
    parse = data["parse"]
    date_formats = [_date_format(path, f"parse.date_formats[{index}]", text)
                    for index, text in enumerate(parse["date_formats"])]
    if not date_formats:
        raise ProfileError(path, "parse.date_formats", "is empty", 'give at least one format, e.g. "%Y-%m-%d"')
    number_pattern = None
    if "number_pattern" in parse:
        try:
            number_pattern = re.compile(parse["number_pattern"])
        except re.error as error:
            raise ProfileError(path, "parse.number_pattern", f"is not a regular expression ({error})",
                               'write one with a group around the number, e.g. "(\\\\d{2}-\\\\d{4})"')
        if number_pattern.groups < 1:
            raise ProfileError(path, "parse.number_pattern", "has no group", "put ( ) around the number")
    encoding = parse.get("encoding")
    if encoding is not None:
        try:
            "".encode(encoding)
        except LookupError:
            raise ProfileError(path, "parse.encoding", f"'{encoding}' is not an encoding Python knows",
                               'use e.g. "cp949" for EUC-KR pages')
    defaults = data["defaults"]
    category = defaults["category"]
    if category not in settings["PRESSROOM_CATEGORIES"]:
        raise ProfileError(path, "defaults.category", f"'{category}' is not a category key",
                           f"use one of {', '.join(settings['PRESSROOM_CATEGORIES'])} (pelicanconf.py)")
    department = defaults.get("department")
    if department is not None and department not in settings["PRESSROOM_DEPARTMENTS"]:
        raise ProfileError(path, "defaults.department", f"'{department}' is not a department key",
                           f"use one of {', '.join(settings['PRESSROOM_DEPARTMENTS'])} (pelicanconf.py)")
    site = data.get("site", {})
    site_url = site.get("url")
    if site_url is not None and not re.match(r"^https?://[^/\s]+/?$", site_url):
        raise ProfileError(path, "site.url", f"'{site_url}' is not the address of a site",
                           'give the scheme and host only, e.g. "https://www.example.go.kr"')
    return Profile(path=path, pages=[str(glob) for glob in data["pages"]], default_lang=default_lang,
                   lang_by_path=dict(by_path), selectors={name: select[name] for name in compiled}, remove=remove,
                   date_formats=date_formats, number_pattern=number_pattern, encoding=encoding, category=category,
                   department=department, site_url=site_url.rstrip("/") if site_url else None,
                   site_root=site.get("root", "").strip("/"), compiled=compiled)


def _check_shape(path, data):
    """Every key known and of its kind, every required key there."""
    for key, value in data.items():
        if key not in PROFILE_KEYS:
            raise ProfileError(path, key, "is not a key of a profile", f"use only {', '.join(PROFILE_KEYS)}")
        _check_type(path, key, value, PROFILE_KEYS[key])
        for inner, inner_value in (value.items() if isinstance(value, dict) else []):
            known = SECTION_KEYS[key]
            if inner not in known:
                raise ProfileError(path, f"{key}.{inner}", f"is not a key of [{key}]",
                                   f"use only {', '.join(known)}")
            _check_type(path, f"{key}.{inner}", inner_value, known[inner])
    for key, inner_keys in REQUIRED_KEYS.items():
        if key not in data:
            raise ProfileError(path, key, "is missing", "every profile needs pages, [select], [parse] and "
                               "[defaults] (docs/import.md)")
        for inner in inner_keys or ():
            if inner not in data[key]:
                raise ProfileError(path, f"{key}.{inner}", "is missing", f"add {inner} = … under [{key}]")
    if not data["pages"] or not all(isinstance(glob, str) and glob for glob in data["pages"]):
        raise ProfileError(path, "pages", "must list at least one glob, each a string",
                           'e.g. pages = ["**/view.do*"]')
    for key in ("by_path",):
        for fragment, lang in data.get("language", {}).get(key, {}).items():
            if not isinstance(lang, str):
                raise ProfileError(path, f"language.by_path.{fragment}", "is not a language code",
                                   'write e.g. "/eng/" = "en"')


def _check_type(path, key, value, expected):
    if not isinstance(value, expected):
        raise ProfileError(path, key, f"is {type(value).__name__}, not {TYPE_NAMES[expected]}",
                           f"write {key} as {TYPE_NAMES[expected]}")


def _selector(path, key, text):
    try:
        return soupsieve.compile(text)
    except (soupsieve.SelectorSyntaxError, TypeError) as error:
        raise ProfileError(path, key, f"'{text}' is not a CSS selector ({str(error).splitlines()[0]})",
                           "write a selector as in a stylesheet, e.g. \".board-view .title\"")


def _date_format(path, key, text):
    if not isinstance(text, str):
        raise ProfileError(path, key, "is not a string", 'write a format in quotes, e.g. "%Y-%m-%d"')
    pattern, position = "", 0
    for match in re.finditer(r"%.", text):
        pattern += re.escape(text[position:match.start()])
        if match[0] not in DATE_DIRECTIVES:
            raise ProfileError(path, key, f"'{match[0]}' is not a directive the import reads",
                               f"use only {' '.join(DATE_DIRECTIVES)}")
        pattern += DATE_DIRECTIVES[match[0]]
        position = match.end()
    pattern += re.escape(text[position:])
    directives = set(re.findall(r"%.", text))
    if not {"%d"} <= directives or not directives & {"%Y", "%y"} or not directives & {"%m", "%b", "%B"}:
        raise ProfileError(path, key, f"'{text}' does not give a day, a month and a year",
                           'use %Y (or %y), %m (or %b, %B) and %d, e.g. "%Y.%m.%d"')
    # Whitespace in the format matches any run of it in the page.
    pattern = re.sub(r"(\\ )+", r"\\s+", pattern)
    return DateFormat(text=text, pattern=re.compile(rf"(?<!\d){pattern}(?!\d)"))
