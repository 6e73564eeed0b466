"""The lock files pin what the tests run: every package of ``pyproject.toml``
is locked with hashes at a version its specifier allows, and the environment
running these tests has exactly the locked versions (so a lock cannot drift
from what was tested, and the tests cannot drift from the lock)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)")


def locked(name: str) -> dict[str, tuple[str, int]]:
    """``{canonical name: (version, number of hashes)}`` from a uv/pip-compile lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _project() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"requirements.lock": project["dependencies"],
            "requirements-dev.lock": project["dependencies"] + project["optional-dependencies"]["dev"]}


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_declared_package_is_locked_with_hashes(lock: str) -> None:
    pins = locked(lock)
    assert pins, f"{lock} has no pins"
    for raw in _project()[lock]:
        req = Requirement(raw)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is declared in pyproject.toml but not locked in {lock}"
        version, _ = pins[name]
        assert req.specifier.contains(version), f"{lock} pins {req.name}=={version}, outside {req.specifier}"
    unhashed = sorted(n for n, (_, hashes) in pins.items() if hashes == 0)
    assert not unhashed, f"{lock} has pins without hashes: {unhashed}"


def test_runtime_lock_is_a_subset_of_the_dev_lock() -> None:
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    differing = {n: (v, dev.get(n, ("missing", 0))[0]) for n, (v, _) in runtime.items() if dev.get(n, ("",))[0] != v}
    assert not differing, f"runtime and dev locks disagree: {differing}"


def test_the_tests_run_the_locked_versions() -> None:
    # setuptools is a build tool here: a venv may carry an older one; the lock's is what installs from it.
    drift = {}
    for name, (version, _) in locked("requirements-dev.lock").items():
        if name == "setuptools":
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            drift[name] = (version, installed)
    assert not drift, f"installed versions differ from requirements-dev.lock (locked, installed): {drift}"


def test_build_backend_supports_the_spdx_licence_string() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["license"] == "MIT"
    # PEP 639 licence expressions are understood from setuptools 77 on.
    assert any(Requirement(r).specifier.contains("77") and not Requirement(r).specifier.contains("76.9")
               for r in config["build-system"]["requires"] if Requirement(r).name == "setuptools")
