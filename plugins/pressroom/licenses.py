"""The Korea Open Government License (공공누리, KOGL) types a release may carry.

Each type's name and conditions are English msgids, translated in the
theme's catalogs; the page, JSON-LD and releases.json name the licence by
its page on kogl.or.kr. The official KOGL marks are not copied: no package
ships them under terms that allow it, so the licence is given in words.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    key: str  # what writers put in `License:`
    name: str  # msgid
    conditions: str  # msgid: what a reuser must do, in a sentence
    url: str


LICENSES = {license.key: license for license in (
    License("kogl-1", "KOGL Type 1: Attribution",
            "You may use this work freely, including commercially and with changes, if you name its source.",
            "https://www.kogl.or.kr/info/licenseType1.do"),
    License("kogl-2", "KOGL Type 2: Attribution, no commercial use",
            "You may use and change this work if you name its source and do not use it commercially.",
            "https://www.kogl.or.kr/info/licenseType2.do"),
    License("kogl-3", "KOGL Type 3: Attribution, no changes",
            "You may use this work, including commercially, if you name its source and do not change it.",
            "https://www.kogl.or.kr/info/licenseType3.do"),
    License("kogl-4", "KOGL Type 4: Attribution, no commercial use, no changes",
            "You may use this work if you name its source, do not use it commercially and do not change it.",
            "https://www.kogl.or.kr/info/licenseType4.do"),
)}
