"""``make bundle``: everything a machine without a package index needs to run the atlas.

Prefectural and municipal networks (LGWAN) usually cannot reach PyPI, so the
bundle carries the project (code, catalogue, the shipped public data in
``data/raw``), one wheel for every locked package for this platform and
Python, and a ``GNUmakefile`` that makes the ordinary ``make run`` install
from those wheels with the index switched off. Every wheel is checked against
the hashes in ``requirements.lock`` both when it is downloaded and when it is
installed, so the bundle cannot carry anything the tests did not run.

Standard library only: it runs with the project's venv python but imports
nothing of the project.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Development-only folders: the bundle is for running the atlas, not for developing it.
EXCLUDED = ("tests/", "bench/", ".ci/", "tools/", "docs/screenshots/capture.py")
GNUMAKEFILE = """\
# Written by `make bundle`: GNU make reads this file before Makefile, so `make run` (and
# `make serve`, `make build`) install from ./wheels with the package index switched off.
PIP_OFFLINE := --no-index --find-links wheels
include Makefile
"""


def tracked_files(root: Path) -> list[str]:
    """Files git tracks (what a clone has), minus the development-only folders."""
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True).stdout
    names = [n for n in out.decode("utf-8").split("\0") if n]
    return sorted(n for n in names if not n.startswith(EXCLUDED) and (root / n).is_file())


def bundle_name(root: Path) -> str:
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    python = f"cp{sys.version_info.major}{sys.version_info.minor}"
    return f"atlas-bundle-{version}-{python}-{sysconfig.get_platform().replace('-', '_')}"


def copy_project(root: Path, target: Path, names: Iterable[str]) -> int:
    count = 0
    for name in names:
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, dest)
        count += 1
    (target / "GNUmakefile").write_text(GNUMAKEFILE, encoding="utf-8")
    return count


def download_wheels(lock: Path, wheels: Path) -> None:
    """One binary wheel per locked package for this interpreter and platform, hash-checked by pip."""
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--require-hashes", "--only-binary=:all:", "--no-deps", "-r", str(lock), "-d", str(wheels)],
        check=True,
    )


def write_checksums(target: Path) -> None:
    """``SHA256SUMS`` over every file, so the copy carried into the closed network can be verified."""
    lines = []
    for path in sorted(p for p in target.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(target).as_posix()}")
    (target / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_bundle(out: Path, archive: bool = True, root: Path = ROOT) -> Path:
    """Write ``out/<name>/`` (and ``out/<name>.tar.gz``); returns the folder."""
    target = out / bundle_name(root)
    if target.exists():
        shutil.rmtree(target)
    files = copy_project(root, target, tracked_files(root))
    download_wheels(target / "requirements.lock", target / "wheels")
    write_checksums(target)
    wheels = len(list((target / "wheels").glob("*.whl")))
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"bundle {target}: {files} project files, {wheels} wheels, {size / 1e6:.0f} MB")
    if archive:
        with tarfile.open(out / f"{target.name}.tar.gz", "w:gz", compresslevel=6) as tar:
            tar.add(target, arcname=target.name)
        print(f"archive {out / (target.name + '.tar.gz')}")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/bundle.py", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the bundle (default dist/)")
    parser.add_argument("--no-archive", action="store_true", help="write the folder only, no .tar.gz")
    args = parser.parse_args(argv)
    try:
        build_bundle(args.out, archive=not args.no_archive)
    except subprocess.CalledProcessError as exc:
        print(f"error: {' '.join(map(str, exc.cmd[:5]))} … failed with status {exc.returncode}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
