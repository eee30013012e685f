"""`make bench-import`: how long `make import` takes at archive scale.

    python tests/bench/import_bench.py [--pages 10000] [--workdir DIR]

Writes PAGES saved pages of a synthetic e-government board (the shape of
tests/fixtures/import/egov-site: site chrome, the □ ○ - ※ hierarchy or
numbered paragraphs, a table, an attachment), half Korean in EUC-KR and
half English in UTF-8, paired by counterpart links; then imports them with
the shipped profile into a copy of the demo content, twice: the first run
writes every release and checks the whole content, the second finds every
page unchanged. Prints wall time and peak memory of each run (the whole
process tree, as run_bench.py measures it).
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from run_bench import PYTHON, measure  # noqa: E402

PROFILE = ROOT / "plugins" / "pressroom" / "importing" / "profiles" / "egov-board.toml"
KO_WORDS = ("외교부는 협력 회의 개최 공급망 핵심광물 양국 정부 논의 강화 기업 지원 방안 국민 안전 해외 여행 재외공관 "
            "영사 조력 대표단 장관 차관 공동 위원회 세미나 교류 청년 연구 개발 투자 에너지 기후 보건").split()
EN_WORDS = ("the ministry held talks on cooperation supply chains critical minerals both governments agreed to "
            "strengthen support for companies safety of nationals abroad travel consular assistance delegation "
            "minister vice joint committee seminar exchanges youth research development investment energy "
            "climate health").split()
DEPARTMENTS = {"ko": ["대변인실", "경제안보외교과", "동북아시아과", "재외국민안전과"],
               "en": ["Office of the Spokesperson", "Economic Security Diplomacy Division",
                      "Northeast Asian Affairs Division", "Overseas Koreans Safety Division"]}
CHROME = """<div id="skipNav"><a href="#gnb">바로가기 메뉴</a> <a href="#contents">본문 바로가기</a></div>
<header><nav id="gnb"><ul>{}</ul></nav><button type="button">검색창 열기</button></header>
""".format("".join(f'<li><a href="../../../menu/{n}.html">메뉴 {n}</a></li>' for n in range(40)))


def sentence(words, rng, length=18):
    return " ".join(rng.choice(words) for _ in range(length))


def korean_body(rng):
    parts = []
    for _ in range(4):
        parts.append(f"<p>□ {sentence(KO_WORDS, rng)}했다고 밝혔다.</p>")
        parts.append(f"<p>&nbsp;○ {sentence(KO_WORDS, rng, 14)}하기로 하였다.<br>&nbsp;&nbsp;- {sentence(KO_WORDS, rng, 8)}</p>")
    parts.append("<table summary=\"주요 일정\"><tr><th>일시</th><th>행사</th></tr>"
                 + "".join(f"<tr><td>{day}일 10:00</td><td>{sentence(KO_WORDS, rng, 3)}</td></tr>" for day in range(1, 4))
                 + "</table>")
    parts.append(f"<p>&nbsp;※ {sentence(KO_WORDS, rng, 10)}</p>")
    return "\n".join(parts)


def english_body(rng):
    return "\n".join(f"<p>{number}. {sentence(EN_WORDS, rng, 40).capitalize()}.</p>" for number in range(1, 8))


def page(lang, seq, other, date, number, title, department, body):
    board = "www/brd/m_4080" if lang == "ko" else "eng/brd/m_5676"
    other_board = "eng/brd/m_5676" if lang == "ko" else "www/brd/m_4080"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{'euc-kr' if lang == 'ko' else 'utf-8'}"><title>{title}</title>
<script>var page = {seq};</script></head><body>{CHROME}
<main id="contents"><div class="board-view"><h3 class="board-view__title">{title}</h3>
<ul class="board-view__info"><li class="date">{date}</li><li class="department">{department}</li>
<li class="number">{number}</li></ul>
<div class="board-view__files"><ul><li><a href="../../../common/download.do%3FfileSn={seq}">붙임 {seq}.pdf (12KB)</a></li></ul></div>
<div class="board-view__content">{body}
<div class="board-view__share">공유하기</div></div>
<div class="board-view__language"><a href="../../../{other_board}/view.do%3Fseq={other}.html">{'English' if lang == 'ko' else '한국어'}</a></div>
<div class="board-view__tools"><a href="list.do.html">목록</a></div></div></main>
<footer>ⓒ Ministry of Foreign Affairs</footer></body></html>
""", board


def write_site(folder, pages):
    """`pages` saved pages (pages // 2 pairs) under folder/www.example.go.kr."""
    rng = random.Random(15)
    host = folder / "www.example.go.kr"
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
          b"trailer<</Root 1 0 R>>\n%%EOF\n"
    (host / "common").mkdir(parents=True)
    for pair in range(pages // 2):
        year = 2010 + pair * 12 // max(pages // 2, 1)
        month, day = 1 + pair % 12, 1 + pair % 28
        number = f"{year % 100:02d}-{pair % 10000:04d}"
        for lang, seq, other in (("ko", 100000 + pair, 200000 + pair), ("en", 200000 + pair, 100000 + pair)):
            title = (f"{sentence(KO_WORDS, rng, 6)} {pair}" if lang == "ko"
                     else f"{sentence(EN_WORDS, rng, 7).title()} {pair}")
            date = f"{year}.{month:02d}.{day:02d} 10:00" if lang == "ko" else f"{year}-{month:02d}-{day:02d} 15:00"
            text, board = page(lang, seq, other, date, f"제{number}호" if lang == "ko" else number, title,
                               DEPARTMENTS[lang][pair % 4], korean_body(rng) if lang == "ko" else english_body(rng))
            path = host / board / f"view.do?seq={seq}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("cp949" if lang == "ko" else "utf-8"))
            (host / "common" / f"download.do?fileSn={seq}").write_bytes(pdf)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--workdir", help="keep the saved pages and the content here (default: a temporary folder)")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="pressroom-import-bench-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    write_site(work / "saved", args.pages)
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    print(f"Saved site: {args.pages} pages in {work / 'saved'}", flush=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    command = [PYTHON, "-m", "pressroom", "import", "--settings", str(ROOT / "pelicanconf.py"), "--content",
               str(content), "--source", str(work / "saved"), "--profile", str(PROFILE), "--cache",
               str(work / "cache")]
    rows = []
    for name in ("first run (writes and checks every release)", "second run (every page unchanged)"):
        wall, peak, output = measure(command, ROOT, env)
        rows.append((name, wall, peak, output.splitlines()[0]))
        print(f"{name}: {wall:.1f} s", flush=True)
    print()
    print(f"| import of {args.pages:,} saved pages | wall time | peak memory | report |")
    print("| --- | ---: | ---: | --- |")
    for name, wall, peak, counts in rows:
        print(f"| {name} | {wall:.1f} s | {peak:.0f} MB | {counts} |")
    if not args.workdir:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
