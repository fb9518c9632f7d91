"""The installed environment is exactly the lock files: no pin replaced, nothing unlocked added.

`make` installs with `uv pip sync`, which installs the listed versions and resolves nothing;
this test is the check that it did, so a change to the install (or an installer that
resolves an extra to a newer upstream release) fails here rather than on a newcomer's machine.
"""

from __future__ import annotations

import importlib.metadata as md
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("requirements-bootstrap.txt", "requirements.txt", "requirements-dev.txt")


def locked_pins(path: Path) -> dict[str, str]:
    """Name -> pinned version for every requirement of a hash-locked file that applies here."""
    pins: dict[str, str] = {}
    logical = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in logical.splitlines():
        line = line.split(" --hash=")[0].split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        (spec,) = req.specifier
        assert spec.operator == "==", f"{path.name}: {line!r} is not pinned with =="
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def installed() -> dict[str, str]:
    """Name -> version of every distribution in this interpreter's environment."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in md.distributions()}


@pytest.fixture(scope="module")
def pins() -> dict[str, str]:
    merged: dict[str, str] = {}
    for name in LOCKS:
        for dist, version in locked_pins(ROOT / name).items():
            assert merged.setdefault(dist, version) == version, f"{dist} pinned twice, differently"
    return merged


def test_lock_files_pin_every_requirement_with_hashes():
    for name in LOCKS:
        text = (ROOT / name).read_text(encoding="utf-8")
        blocks = [b for b in text.replace("\\\n", " ").splitlines() if "==" in b.split("#")[0]]
        assert blocks, f"{name} pins nothing"
        unhashed = [b.split()[0] for b in blocks if "--hash=sha256:" not in b]
        assert not unhashed, f"{name}: pinned without a hash: {unhashed}"


def test_every_pin_is_installed_at_its_locked_version(pins):
    have = installed()
    wrong = {n: (v, have.get(n)) for n, v in pins.items() if have.get(n) != v}
    assert not wrong, f"installed version differs from the lock (locked, installed): {wrong}"


def test_nothing_outside_the_lock_files_is_installed(pins):
    # parley itself is the editable install; pip may be put back by ensurepip for the bootstrap.
    extra = set(installed()) - set(pins) - {"parley", "pip"}
    assert not extra, f"installed but not locked: {sorted(extra)}"
