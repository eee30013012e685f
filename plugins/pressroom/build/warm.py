"""What a long-lived process keeps between its builds: the devserver's warm state.

A build in a fresh process reads and checks every file of the archive again.
The devserver builds in one process, save after save, and keeps here the
results of the steps that cost most and depend on little: a file's checked
header, a body's rendered texts, and each output that is a function of the
documents alone. Each is remembered under a key that holds every input the
step reads (the file's bytes, the render cache key, the documents' digests),
so taking a remembered result is the same as computing it: the devserver's
site is byte for byte the one a cold build writes (tests/test_devserver.py).

The whole state is dropped when the build fingerprint (settings, theme,
code: build/incremental.py) changes, and each build drops the entries it did
not use, so the state holds one archive's worth at most. A plain build has no
warm state: remembered() then simply computes.
"""

from contextlib import contextmanager

from jinja2 import BytecodeCache

_state = None


class WarmState:
    def __init__(self):
        self.fingerprint = None
        self._tables = {}  # table name -> {key: value}
        self._used = {}  # table name -> keys used by the running build
        self.left_for_later = []  # what the last build left for the next one: leave_for_later()

    def begin(self, fingerprint):
        """Start a build made with `fingerprint`: a different one (new
        settings, theme or code) makes every entry useless."""
        if fingerprint != self.fingerprint:
            self._tables = {}
            self.fingerprint = fingerprint
        self._used = {}
        self.left_for_later = []

    def get(self, table, key, compute, still_true):
        entries = self._tables.setdefault(table, {})
        self._used.setdefault(table, set()).add(key)
        if key not in entries or not still_true(entries[key]):
            entries[key] = compute()
        return entries[key]

    def end(self):
        """Drop what the build just ended did not use."""
        for name, entries in self._tables.items():
            used = self._used.get(name, set())
            for key in [key for key in entries if key not in used]:
                del entries[key]
        self._used = {}


def begin(fingerprint):
    if _state is not None:
        _state.begin(fingerprint)


def remembered(table, key, compute, still_true=lambda value: True):
    """compute(), or what it returned for the same key in an earlier build of
    this process. `key` must hold every input compute() reads, but for facts
    of the disk that compute() looked up and that the value records:
    `still_true(value)` checks them again, and when it says no, compute()
    runs again."""
    if _state is None:
        return compute()
    return _state.get(table, key, compute, still_true)


def leave_for_later(what):
    """Say that this build published `what` as the previous build left it,
    for a build that follows to bring up to date (the devserver runs one)."""
    if _state is not None:
        _state.left_for_later.append(what)


@contextmanager
def kept(state):
    """Let the builds run inside use `state`."""
    global _state
    _state = state
    try:
        yield state
    finally:
        state.end()
        _state = None


class TemplateBytecode(BytecodeCache):
    """Jinja's compiled templates, kept between builds: each build's Jinja
    environment is new (Pelican makes one a generator), and compiling the
    theme's templates again took a tenth of a one-edit rebuild. Jinja asks by
    template name and file and gives the checksum of the template's source;
    compiled code is taken only for the same checksum. Options that change
    the compiled code are settings, which the fingerprint covers."""

    TABLE = "template bytecode"

    def load_bytecode(self, bucket):
        held = remembered(self.TABLE, bucket.key, dict)
        if held.get("checksum") == bucket.checksum:
            bucket.code = held["code"]

    def dump_bytecode(self, bucket):
        remembered(self.TABLE, bucket.key, dict).update(checksum=bucket.checksum, code=bucket.code)
