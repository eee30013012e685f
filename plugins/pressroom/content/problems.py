"""What is wrong with the content, in the writer's terms.

A Problem names the file, the line, the field, what is wrong and how to fix
it; every check of content/ returns them, and all are gathered before the
build stops, so a writer fixes every mistake in one pass. ContentError
carries them out of a build; the commands print them one a line.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.field}: {self.message} — {self.fix}"


class ContentError(Exception):
    """The content has problems a writer must fix; the build publishes nothing."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.field))
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content; nothing was published.\n{lines}")


def locate(source, needles):
    """The line of the source's body where the first of `needles` that the
    body contains (in any case) is found, else the body's first line. The
    checks read the rendered HTML; this only points the writer to the place."""
    lines = source.body.split("\n")
    for needle in needles:
        wanted = needle.lower()
        for offset, line in enumerate(lines):
            if wanted in line.lower():
                return source.body_line + offset
    return source.body_line
