"""Write a synthetic press-release archive in the writers' format.

    python tests/bench/generate_archive.py OUTPUT_DIR [--pairs 2000] [--seed 1] [--shape tagged|writers]

N pairs of releases in Korean and English, with numbered paragraphs
(English) and the □ ○ - ※ hierarchy (Korean), tags, categories and
departments from pelicanconf.py; 10% of the releases have one language only.
The same seed gives the same archive, byte for byte.

Two shapes (SHAPES), because what a build costs depends on the archive's
shape as well as its size:
- "tagged": about 600-word bodies, three tags a release out of 100 a
  language, so the tag listings are many and short;
- "writers": about 500-word bodies and the few tags writers really give
  (none to two a release, out of 12 a language), so a few tag listings are
  long, as in a real press office's archive.
"""

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import pelicanconf  # noqa: E402

KOREAN_WORDS = (
    "외교부는 정부는 양국은 대표단은 장관은 회의에서 협력을 강화하기로 합의했다 공급망 핵심광물 안정적 확보 방안을 "
    "논의했다 지역 평화와 번영을 위해 긴밀히 소통해 나가기로 했다 재외국민 보호 영사 조력 체계를 점검하고 "
    "국제사회와 공조를 이어 가기로 했다 개발협력 사업 성과를 평가하고 후속 조치를 마련할 예정이다 경제안보 "
    "대화 채널을 정례화하고 기업 애로사항을 청취했다 문화 교류 확대와 인적 교류 활성화 방안도 함께 다뤘다"
).split()
ENGLISH_WORDS = (
    "the ministry said both sides agreed to strengthen cooperation on supply chains for critical minerals and "
    "discussed ways to secure stable sources while keeping close communication for regional peace and prosperity "
    "officials reviewed consular support for nationals abroad and the results of development projects including "
    "ODA programmes with partners such as KOICA and MOFA delegations meeting business leaders to hear concerns"
).split()
KOREAN_TAGS = [f"{a}{b}" for a in ("핵심", "경제", "영사", "개발", "문화", "공공", "다자", "양자", "안보", "기후")
               for b in ("광물", "협력", "안전", "외교", "교류", "협의", "회의", "지원", "정책", "동향")]
ENGLISH_TAGS = [f"{a} {b}" for a in ("critical", "economic", "consular", "development", "cultural", "public",
                                     "multilateral", "bilateral", "security", "climate")
                for b in ("minerals", "cooperation", "safety", "diplomacy", "exchange", "consultation", "meeting",
                          "support", "policy", "trends")]


# shape -> (words a body, tags a language, (fewest, most) tags a release)
SHAPES = {"tagged": (600, 100, (3, 3)), "writers": (500, 12, (0, 2))}


def sentence(rng, words, length):
    return " ".join(rng.choice(words) for _ in range(length))


def english_body(rng, words=600):
    paragraphs, count = [], 0
    while count < words:
        length = rng.randint(50, 90)
        text = sentence(rng, ENGLISH_WORDS, length).capitalize()
        text += f' -- "{sentence(rng, ENGLISH_WORDS, 4)}," an official said.'
        paragraphs.append(f"{len(paragraphs) + 1}. {text}")
        count += length + 7
    return "\n\n".join(paragraphs) + "\n"


def korean_body(rng, words=600):
    blocks, count = [], 0
    while count < words:
        lines = [f"□ {sentence(rng, KOREAN_WORDS, rng.randint(25, 40))}."]
        for _ in range(rng.randint(1, 3)):
            lines.append(f"  ○ {sentence(rng, KOREAN_WORDS, rng.randint(15, 25))}.")
            if rng.random() < 0.4:
                lines.append(f"    - {sentence(rng, KOREAN_WORDS, rng.randint(8, 14))} (ODA)")
        if rng.random() < 0.3:
            lines.append(f"  ※ {sentence(rng, KOREAN_WORDS, 10)}")
        blocks.append("\n".join(lines))
        count += sum(len(line.split()) for line in lines)
    return "\n\n".join(blocks) + "\n"


def header(fields):
    """The header's lines; a release without tags has no Tags line."""
    return "".join(f"{key}: {value}\n" for key, value in fields.items() if value) + "\n"


def write_archive(target, pairs, seed=1, shape="tagged"):
    words, tag_count, (fewest_tags, most_tags) = SHAPES[shape]
    korean_tags, english_tags = KOREAN_TAGS[:tag_count], ENGLISH_TAGS[:tag_count]
    rng = random.Random(seed)
    target = Path(target)
    categories = list(pelicanconf.PRESSROOM_CATEGORIES)
    departments = list(pelicanconf.PRESSROOM_DEPARTMENTS)
    start = datetime(2015, 1, 5, 9, 0)
    step = timedelta(minutes=(10 * 365 * 24 * 60) // max(pairs, 1))
    written = 0
    for index in range(pairs):
        date = start + step * index
        slug = f"release-{index:05d}"
        common = {"Category": rng.choice(categories), "Department": rng.choice(departments),
                  "Number": f"{date:%y}-{index:05d}"}
        languages = ("ko", "en")
        if rng.random() < 0.10:
            languages = (rng.choice(languages),)
        folder = target / "releases" / str(date.year)
        folder.mkdir(parents=True, exist_ok=True)
        for lang in languages:
            if lang == "ko":
                fields = {"Title": f"{sentence(rng, KOREAN_WORDS, 6)} {index}호", "Date": f"{date:%Y-%m-%d %H:%M}",
                          **common, "Tags": ", ".join(rng.sample(korean_tags, rng.randint(fewest_tags, most_tags)))}
                body = korean_body(rng, words)
            else:
                fields = {"Title": f'{sentence(rng, ENGLISH_WORDS, 7).title()} "No. {index}"',
                          "Date": f"{date + timedelta(hours=5):%Y-%m-%d %H:%M}" if date.hour < 18 else
                          f"{date:%Y-%m-%d %H:%M}", **common,
                          "Tags": ", ".join(rng.sample(english_tags, rng.randint(fewest_tags, most_tags)))}
                body = english_body(rng, words)
            (folder / f"{slug}.{lang}.md").write_text(header(fields) + body, encoding="utf-8")
            written += 1
    pages = target / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for lang, title in (("ko", "소개"), ("en", "About")):
        (pages / f"about.{lang}.md").write_text(f"Title: {title}\n\n{sentence(rng, ENGLISH_WORDS, 40)}\n",
                                                encoding="utf-8")
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target")
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="tagged")
    args = parser.parse_args()
    print(f"{write_archive(args.target, args.pairs, args.seed, args.shape)} release files written to {args.target}")


if __name__ == "__main__":
    main()
