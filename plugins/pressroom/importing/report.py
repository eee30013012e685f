"""The import's report: the counts, then each page that needs a person, one
line each, its path first.

    312 pages: 280 imported, 12 updated, 10 unchanged, 6 skipped, 4 failed; 130 releases in both languages
    (120 paired by counterpart link, 10 by number).
    failed   eng/brd/view.do?seq=9.html: no date: '2023년 11월' (select.date) matches none of …
    skipped  kor/brd/list.do.html: not a release page: nothing matches select.title, …
    note     kor/brd/view.do?seq=7.html -> content/releases/2023/x.ko.md: table 1 has no caption; …
"""

from .run import OUTCOMES


def counts_line(result):
    counts = ", ".join(f"{result.count(outcome)} {outcome}" for outcome in OUTCOMES)
    by_link, by_number = result.paired("counterpart"), result.paired("number")
    return (f"{len(result.pages)} pages: {counts}; {by_link + by_number} releases in both languages "
            f"({by_link} paired by counterpart link, {by_number} by number).")


def report_lines(result, other_problems=()):
    lines = [counts_line(result)]
    for outcome in ("failed", "skipped"):
        for page in result.pages:
            if page.outcome == outcome:
                lines.append(f"{outcome:<8} {page.relative}: {page.reason}")
    for page in result.pages:
        if page.outcome in ("imported", "updated", "unchanged"):
            for note in page.notes:
                lines.append(f"{'note':<8} {page.relative} -> content/{page.written}: {note}")
    if other_problems:
        lines.append(f"{len(other_problems)} problem(s) under content/ that the import did not cause (make check "
                     f"lists them too): the site will not build until they are fixed.")
        lines += [f"{'problem':<8} {problem}" for problem in other_problems]
    return lines
