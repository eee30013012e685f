"""What no text a writer gives may hold, and how an address in it is read.

The header checks (header.py), the archive's checks (pairing.py), the
checks of named files (references.py) and the body's allowlist (render/
policy.py) apply the same rules, from here.
"""

import re

# Unicode's control characters (category Cc: C0, DEL and C1) but tab, newline
# and carriage return, the line and paragraph separators (Zl, Zp), and the 66
# noncharacters (U+FDD0-U+FDEF and the last two code points of every plane),
# which XML 1.0, and so every feed, refuses in part and HTML calls errors.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef"
                               + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                         for plane in range(17)) + "]")
# Longer than this, a run of text without a space is no word nor address a
# reader needs, and typogrify's patterns take time with the square of it.
MAX_UNBROKEN = 1000
UNBROKEN_TEXT = re.compile(rf"\S{{{MAX_UNBROKEN + 1}}}")

def url_scheme(value):
    """(scheme or None, the address as a browser reads it) of an attribute value."""
    address = value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15"
                          "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    address = re.sub(r"[\t\n\r]", "", address)
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", address)
    return (match[1].lower() if match else None), address


def is_other_host(address):
    """A scheme-less address that names a host: //host, \\\\host, /\\host."""
    return address.replace("\\", "/").startswith("//")


def control_characters(text):
    """The invisible control characters (and line or paragraph separators) in
    `text` other than tab, newline and carriage return: they break feeds and
    hide text from readers."""
    return sorted(set(CONTROL_CHARACTER.findall(text)))


def describe_character(character):
    return f"U+{ord(character):04X}"


def shorten(value, width=40):
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"
