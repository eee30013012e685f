"""`make new`: start a press release from the template.

    pressroom new --slug SLUG --lang ko|en|both --category KEY --department KEY

writes content/releases/<YYYY>/<slug>.<lang>.md (one file per language with
`both`), dated now in the site's TIMEZONE, with every header field, the body
structure of its language and `Status: draft`. The title, summary and body are
placeholders that open with header.PLACEHOLDER_MARKER; the checks refuse
them in any release that is not a draft, so deleting the Status line too early
cannot publish a half-written release.

A value that is not given is asked for when stdin is a terminal. Otherwise the
command fails and names the make variable to give, so that a script never
waits on a prompt nobody sees. Every value is checked by the rules content/header.py
applies to a finished file, and nothing is written unless all of them pass.
"""

import os
import sys
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from .. import urls
from ..content import discovery, header

# Refused values, like problems found by `check`, exit with 1.
EXIT_REFUSED = 1
BOTH = "both"
# The make variable that gives each value. Messages name these, not the
# command-line options, because writers type `make new SLUG=…`.
VARIABLES = {"slug": "SLUG", "lang": "LANG", "category": "CATEGORY", "department": "DEPARTMENT"}
EXAMPLE = "make new SLUG=korea-mongolia-talks LANG=both CATEGORY=bilateral DEPARTMENT=northeast-asia"


def placeholder(text):
    """Text the writer must replace, marked so that `check` finds it."""
    return f"{header.PLACEHOLDER_MARKER}: {text}]]"


# The header lines that the checks refuse when empty, so that a new file
# cannot carry them: the writer's note shows them to add when needed.
OPTIONAL_FIELD_EXAMPLES = ("Embargo: YYYY-MM-DD HH:MM", "Modified: YYYY-MM-DD HH:MM",
                           "Correction: YYYY-MM-DD HH:MM | {correction}")


@dataclass(frozen=True)
class Template:
    """One language's text of a new release. The writer's note (writer_note())
    is an HTML comment above the body: it explains the fields left empty,
    shows OPTIONAL_FIELD_EXAMPLES and says how to publish. It holds the
    marker, so it cannot be published either. It must never contain two
    hyphens in a row, which end or break an HTML comment. "{year}" in it
    becomes the year of the Date."""
    title: str
    summary: str
    note_opening: str  # the note's first line, a placeholder
    note_fields: tuple  # lines on the fields left empty and the ones to add
    correction_example: str  # what a Correction line's note says
    note_publish: str  # the note's last line
    body: str


def writer_note(template, year):
    examples = [line.format(correction=template.correction_example) for line in OPTIONAL_FIELD_EXAMPLES]
    lines = ["<!-- " + template.note_opening, *template.note_fields, *examples, template.note_publish, "-->"]
    return "\n".join(lines).replace("{year}", str(year))


TEMPLATES = {
    # The □ ○ - ※ hierarchy that plugins/govdoc_markdown renders.
    "ko": Template(
        title=placeholder("보도자료 제목"),
        summary=placeholder("목록과 피드에 보일 한 문장 요약"),
        note_opening=placeholder("작성 안내입니다. 게시하기 전에 이 안내를 마지막 줄까지 모두 지웁니다."),
        note_fields=(
            "머리말의 Number(보도자료 번호, 예: 24-0168, 국문·영문 같은 번호), Tags(주제어, 쉼표로 구분),",
            "Contact(부서 기본 연락처 대신 표시할 연락처), Attachments(첨부파일, 예: attachments/{year}/summary.pdf | 표시 이름)는",
            "필요 없으면 비워 둡니다.",
            "엠바고와 정정은 값 없이 두면 오류가 나므로, 필요할 때만 머리말에 다음 줄을 더합니다(docs/writing.md 13, 14항).",
        ),
        correction_example="정정 내용",
        note_publish=f"게시하려면 {header.PLACEHOLDER_MARKER} 표시를 모두 실제 내용으로 바꾸고 Status: draft 줄을 지웁니다.",
        body="\n".join([
            "□ " + placeholder("핵심 내용을 한 문장으로 씁니다. 예: 외교부는 …했다고 밝혔다."),
            "  ○ " + placeholder("□ 아래의 세부 내용"),
            "    - " + placeholder("○ 아래의 더 세부적인 내용"),
            "  ※ " + placeholder("참고 사항. 필요 없으면 이 줄을 지웁니다."),
            "",
            "□ " + placeholder("두 번째 큰 단락"),
            "  ○ " + placeholder("세부 내용"),
        ]),
    ),
    # Numbered paragraphs.
    "en": Template(
        title=placeholder("Title of the release"),
        summary=placeholder("One-sentence summary, shown in lists and feeds"),
        note_opening=placeholder("Notes for the writer. Delete this note, down to its last line, before publishing."),
        note_fields=(
            "Leave these header fields empty when they are not needed: Number (the release number, e.g. 24-0168,",
            "the same in both languages), Tags (comma-separated), Contact (shown instead of the department's",
            "standard contact), Attachments (e.g. attachments/{year}/summary.pdf | label).",
            "An embargo or a correction may not be left empty, so add its line to the header only when needed",
            "(docs/writing.md, sections 13 and 14):",
        ),
        correction_example="what was corrected",
        note_publish=f"To publish, replace every {header.PLACEHOLDER_MARKER} with the real text and delete the line "
                     "Status: draft.",
        body="\n".join([
            "1. " + placeholder("First paragraph: who did what, when and where. "
                                "E.g. The Ministry of Foreign Affairs (MOFA) held …"),
            "",
            "2. " + placeholder("Second paragraph: the details."),
            "",
            "3. " + placeholder("Last paragraph: what comes next."),
        ]),
    ),
}


class Refused(Exception):
    """The values cannot start a release; nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def languages(settings):
    """The site's languages that have a template, in the site's order."""
    return [lang for lang in settings["PRESSROOM_LANGUAGES"] if lang in TEMPLATES]


def choices(name, settings):
    """[(value, label)] for a value chosen from a list, or None for the slug."""
    if name == "lang":
        langs = languages(settings)
        return [(lang, f"<slug>.{lang}.md only") for lang in langs] + [
            (BOTH, " and ".join(f"<slug>.{lang}.md" for lang in langs) + ": one release in both languages")]
    if name in header.KEY_TABLES:
        names = settings["PRESSROOM_LANGUAGES"]
        return [(key, " / ".join(entry[lang] for lang in names if lang in entry))
                for key, entry in settings[header.KEY_TABLES[name]].items()]
    return None


def describe(name, settings):
    """Lines that tell a writer what to give for `name`."""
    options = choices(name, settings)
    if options is None:
        return [f"{VARIABLES[name]} is the release's name in its web address: {header.RELEASE_SLUG_RULE}"]
    width = max(len(value) for value, _ in options)
    return [f"{VARIABLES[name]} is one of:"] + [f"  {value.ljust(width)}  {label}" for value, label in options]


def problem_with(name, value, settings, taken):
    """Why `value` cannot be given for `name`, or None."""
    if name == "slug":
        if not header.is_release_slug(value):
            return f"'{value}' is not a valid release name — {header.RELEASE_SLUG_RULE}"
        if value in taken:
            return (f"'{value}' is already used by {', '.join(taken[value])} — choose another name (a name is "
                    "unique across all years); to add the other language of that release, copy its file "
                    "(docs/writing.md, section 7)")
        return None
    if name == "lang":
        valid = [option for option, _ in choices("lang", settings)]
        return None if value in valid else f"'{value}' is not one of {', '.join(valid)}"
    unknown = header.unknown_key(name, value, settings)
    return " — ".join(unknown) if unknown else None


def ask_for(name, settings, taken, ask, say):
    """Ask until the answer is valid; a closed terminal (end of input) refuses."""
    for line in describe(name, settings):
        say(line)
    while True:
        try:
            answer = ask(f"{VARIABLES[name]}: ").strip()
        except EOFError:
            raise Refused([f"{VARIABLES[name]} was not given (end of input)"]) from None
        why = problem_with(name, answer, settings, taken) if answer else f"{VARIABLES[name]} is required"
        if why is None:
            return answer
        say(why)


def resolve(given, settings, taken, ask=None, say=print):
    """The four values, each checked; missing ones asked for with `ask` (a
    function like input()), or refused when `ask` is None.

    Values given on the command line are checked before anything is asked, so
    that a writer is not asked three questions only to be refused for a typo."""
    values = {name: (given.get(name) or "").strip() for name in VARIABLES}
    problems = []
    for name, value in values.items():
        why = problem_with(name, value, settings, taken) if value else None
        if why:
            problems.append(f"{VARIABLES[name]}: {why}")
            problems += describe(name, settings) if name != "slug" else []
        elif not value and ask is None:
            problems.append(f"{VARIABLES[name]} is missing — give it on the command line, e.g. {EXAMPLE} "
                            "(it is asked for only when the command runs in a terminal)")
            problems += describe(name, settings)
    if problems:
        raise Refused(problems)
    for name, value in values.items():
        if not value:
            values[name] = ask_for(name, settings, taken, ask, say)
    return values


def release_text(lang, values, date):
    """The whole file for one language."""
    template = TEMPLATES[lang]
    fields = [
        ("Title", template.title),
        ("Date", date.strftime(header.DATE_FORMAT)),
        ("Category", values["category"]),
        ("Department", values["department"]),
        # Left empty rather than invented: the checks skip an empty Number, so
        # two new drafts never collide on a made-up one, and the pair agrees.
        ("Number", ""),
        ("Tags", ""),
        ("Summary", template.summary),
        # Empty means the department's standard contact.
        ("Contact", ""),
        ("Attachments", ""),
        ("Status", "draft"),
    ]
    lines = [f"{key}: {value}".rstrip() for key, value in fields]
    return "\n".join(lines) + "\n\n" + writer_note(template, date.year) + "\n\n" + template.body + "\n"


def write_releases(content_path, values, settings, now=None):
    """Write the file or files; return their paths."""
    timezone = ZoneInfo(settings["TIMEZONE"])
    date = (now or datetime.now(timezone)).astimezone(timezone).replace(second=0, microsecond=0)
    langs = languages(settings) if values["lang"] == BOTH else [values["lang"]]
    written = []
    for lang in langs:
        # The folder is the year of the very Date written, which the checks require.
        path = os.path.join(content_path, *urls.release_source(date.year, values["slug"], lang).split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # "x": never overwrite a file that appeared after the slug was checked.
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(release_text(lang, values, date))
        written.append(path)
    return written


def run(settings, given, interactive=None, ask=input, now=None):
    """`pressroom new`: resolve the values, write, report; return
    the exit status."""
    content_path = settings["PATH"]
    if interactive is None:
        interactive = sys.stdin.isatty()
    try:
        values = resolve(given, settings, discovery.release_slugs(content_path, settings), ask if interactive else None)
    except Refused as refusal:
        for line in refusal.problems:
            print(line, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return EXIT_REFUSED
    for path in write_releases(content_path, values, settings, now):
        print(f"Wrote {discovery.display_path(content_path, os.path.relpath(path, content_path))}")
    print(f"It is a draft (Status: draft), so nothing is published yet: replace every {header.PLACEHOLDER_MARKER} …]] "
          "with the real text, delete the writer's note, then delete the Status: draft line and run make check "
          "(docs/writing.md, section 3).")
    return 0
