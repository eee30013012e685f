"""Our archive as a Hugo content folder, for `make bench`'s Hugo baseline.

    python tests/bench/hugo_content.py CONTENT HUGO_CONTENT

A writer's file is `Key: value` header lines, a blank line, then Markdown
(generate_archive.py); Hugo wants front matter. Each release keeps its
title, date, tags and slug; each page (about) its title and slug. The
`.ko.md` / `.en.md` suffix is kept, so Hugo pairs the translations by file
name. A bench converter, not the product's header reader: the archive is
generated and its headers are plain.
"""

import json
import sys
from pathlib import Path

# Our folders below the content folder, each a Hugo section of the same name
# (tests/bench/hugo/config.toml gives them our addresses).
SECTIONS = ("releases", "pages")


def front_matter(header, slug):
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    matter = {"title": fields["Title"], "slug": slug}
    if fields.get("Date"):
        # Our dates are Seoul's local time (pelicanconf.TIMEZONE).
        matter["date"] = fields["Date"].replace(" ", "T") + ":00+09:00"
    if fields.get("Tags"):
        matter["tags"] = [tag.strip() for tag in fields["Tags"].split(",")]
    # JSON is YAML: no quoting rules to get wrong.
    return "---\n" + "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in matter.items()) \
        + "\n---\n"


def convert(content, target):
    """Write every release and page of `content` below `target`; the number
    of files written."""
    content, target = Path(content), Path(target)
    count = 0
    for section in SECTIONS:
        for source in sorted((content / section).rglob("*.md")):
            header, _, body = source.read_text(encoding="utf-8").partition("\n\n")
            destination = target / source.relative_to(content)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(front_matter(header, source.name.split(".")[0]) + body, encoding="utf-8")
            count += 1
    return count


if __name__ == "__main__":
    print(f"{convert(sys.argv[1], sys.argv[2])} files converted")
