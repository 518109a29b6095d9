"""The book's editions: which release a build is, from the repository's tags.

A git tag ``vMAJOR.MINOR`` (``v1.0``, ``v1.2``) makes an edition; its version
is the tag without the ``v`` and its date is the day (UTC) of the commit the
tag names.  That is the one source of truth: ``conf.py`` reads the version
and date here for the book's colophon, the PDF's title page, the EPUB's
metadata, the ``citation_*`` tags, the JSON-LD and the paragraphs' citation
menu (``tools/sphinxext/editions/edition_info.py``), and ``CITATION.cff`` must agree
with it when a tag is built (``citation_problems``).

A build of a commit that no tag names is the *development state* after the
last release (or before the first); it says so, and never borrows a version.
Outside git (a source archive, a copy of the tree) the same holds, unless
the builder of the published editions names the tag it exported
(``BOOK_RELEASE``, ``BOOK_RELEASE_DATE``: ``tools/lib/editions_site.py``).

Every problem is one line that names the file (or the tag) and what to do.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITATION = "CITATION.cff"
TAG = re.compile(r"v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
# What the published-editions builder exports with a tree it took from git.
ENV_TAG, ENV_DATE = "BOOK_RELEASE", "BOOK_RELEASE_DATE"
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ReleaseError(Exception):
    """A release that cannot be made or built; the message is one line."""


@dataclass(frozen=True, order=True)
class Release:
    """One published edition: ``v1.2`` of the day its commit was made."""

    key: tuple[int, int]
    tag: str
    date: str  # YYYY-MM-DD (UTC)

    @property
    def version(self) -> str:
        return self.tag[1:]

    @property
    def path(self) -> str:
        """Its folder in the published site: ``v1.2``."""
        return self.tag


@dataclass(frozen=True)
class Edition:
    """What a build is: a release, or the development state after ``last``."""

    release: Release | None  # the tag being built, if any
    last: Release | None  # the newest release before it (development state)
    problem: str = ""  # a one-line reason the build must stop, if any

    @property
    def version(self) -> str:
        """The version printed in the book: ``1.2``, or ``1.2+dev`` / ``dev``."""
        if self.release:
            return self.release.version
        return f"{self.last.version}+dev" if self.last else "dev"

    @property
    def date(self) -> str:
        return self.release.date if self.release else ""


def parse_tag(tag: str, where: str = "git tag") -> tuple[int, int]:
    """``(major, minor)`` of a release tag, or a ReleaseError naming it."""
    match = TAG.fullmatch(tag)
    if not match:
        raise ReleaseError(
            f"{where} {tag!r}: not an edition's version; a release tag is "
            f"vMAJOR.MINOR (e.g. v1.2): delete it (git tag -d {tag})"
        )
    return int(match.group(1)), int(match.group(2))


def parse_version(text: str, where: str = "version") -> tuple[int, int]:
    """``(major, minor)`` of ``1.2`` (as ``nox -s release -- 1.2`` takes it)."""
    return parse_tag("v" + text.removeprefix("v"), where)


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in ``root``, or ``None`` outside a repository."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "TZ": "UTC"},
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout


def tag_date(root: Path, tag: str) -> str:
    """The day (UTC) of the commit ``tag`` names."""
    out = _git(root, "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d", tag)
    return (out or "").strip()


def releases(root: Path = ROOT) -> list[Release]:
    """Every release of the repository, oldest first.

    A tag that starts like a version (``v`` and a digit) but is not one
    (``v1.0-rc1``, ``v1``) is refused: a reader could take it for an edition.
    Other tags (``fixture-base``) are not the book's business.  One git
    command, however many tags: an annotated tag's date is its commit's.
    """
    day = "format-local:%Y-%m-%d"
    out = _git(
        root,
        "for-each-ref",
        "refs/tags/v[0-9]*",
        f"--format=%(refname:short) %(committerdate:{day}) %(*committerdate:{day})",
    )
    if out is None:
        return []
    found = []
    for line in out.splitlines():
        tag, *dates = line.split()
        found.append(Release(parse_tag(tag), tag, dates[-1] if dates else ""))
    return sorted(found)


def current(root: Path = ROOT) -> Edition:
    """What a build of ``root`` is; never raises (the problem is in the Edition)."""
    try:
        if tag := os.environ.get(ENV_TAG):
            date = os.environ.get(ENV_DATE, "")
            if not DATE.fullmatch(date):
                raise ReleaseError(
                    f"{ENV_DATE}={date!r}: not a date (YYYY-MM-DD); "
                    "the editions builder sets it with the tag"
                )
            release = Release(parse_tag(tag, ENV_TAG), tag, date)
            return Edition(release, None)
        known = releases(root)
        here = _git(root, "tag", "--points-at", "HEAD", "--list", "v[0-9]*")
        tags = sorted(parse_tag(t) for t in (here or "").split())
        # a tagged commit with uncommitted changes is not that edition
        changed = _git(root, "status", "--porcelain", "--untracked-files=no")
        if tags and not (changed or "").strip():
            newest = max(r for r in known if r.key in tags)
            return Edition(newest, None)
        merged = set((_git(root, "tag", "--merged", "HEAD") or "").split())
        before = [r for r in known if r.tag in merged]
        return Edition(None, before[-1] if before else None)
    except ReleaseError as error:
        return Edition(None, None, str(error))


def book_edition(root: Path = ROOT) -> dict[str, str]:
    """``conf.py``'s ``book_edition``: what a build of ``root`` is, as strings."""
    edition = current(root)
    return {
        "version": edition.version,
        "date": edition.date,
        "tag": edition.release.tag if edition.release else "",
        "last": edition.last.version if edition.last else "",
        "doi": doi(root),
        "problem": edition.problem,
    }


# -- CITATION.cff: the copy of the version that GitHub and Zenodo read ---------


def _top_level(lines: list[str], key: str) -> tuple[int, str] | None:
    """(line number, value) of a top-level ``key:`` of a YAML file."""
    for number, line in enumerate(lines, 1):
        if match := re.match(rf"{re.escape(key)}:\s*(.*?)\s*$", line):
            return number, match.group(1).strip().strip("'\"")
    return None


def _nested(lines: list[str], key: str) -> list[tuple[int, str]]:
    """Every indented ``key:`` (``preferred-citation``'s ``edition`` …)."""
    return [
        (number, match.group(1).strip().strip("'\""))
        for number, line in enumerate(lines, 1)
        if (match := re.match(rf"\s+{re.escape(key)}:\s*(.*?)\s*$", line))
    ]


def citation_problems(root: Path, release: Release) -> list[str]:
    """Where ``CITATION.cff`` disagrees with the release being built.

    Its ``version`` and ``date-released``, and the ``edition`` of its
    ``preferred-citation``, must be the release's.  One line each.
    """
    path = root / CITATION
    if not path.is_file():
        return [f"{CITATION}: missing; the edition {release.tag} needs it"]
    lines = path.read_text(encoding="utf-8").splitlines()
    fix = f"set it (nox -s release -- {release.version} does) or build another tag"
    problems = []
    wanted = [("version", release.version), ("date-released", release.date)]
    for key, value in wanted:
        found = _top_level(lines, key)
        if found is None:
            problems.append(
                f"{CITATION}: no {key}; the edition {release.tag} needs "
                f"{key}: {value!r}"
            )
        elif found[1] != value:
            problems.append(
                f"{CITATION}:{found[0]}: {key} is {found[1]!r} but the tag "
                f"being built is {release.tag} ({value}); {fix}"
            )
    for number, value in _nested(lines, "edition"):
        if value != release.version:
            problems.append(
                f"{CITATION}:{number}: edition is {value!r} but the tag being "
                f"built is {release.tag}; {fix}"
            )
    return problems


def doi(root: Path = ROOT) -> str:
    """The edition's DOI, from ``CITATION.cff``'s ``doi``, or ``""``.

    The one place the DOI is configured: Zenodo's GitHub integration reads
    ``CITATION.cff`` when a release is published, and citations print the
    DOI when it is set and leave it out when it is not.
    """
    path = root / CITATION
    if not path.is_file():
        return ""
    found = _top_level(path.read_text(encoding="utf-8").splitlines(), "doi")
    return found[1] if found else ""


def update_citation(root: Path, version: str, date: str) -> None:
    """Write ``version``, ``date-released`` and ``edition`` into CITATION.cff.

    Line by line, so that its comments and layout stay as the editors wrote
    them; a missing ``date-released`` goes after ``version``.
    """
    path = root / CITATION
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    has_date = _top_level(lines, "date-released") is not None
    for line in lines:
        if re.match(r"version:", line):
            line = f'version: "{version}"'
            out.append(line)
            if not has_date:
                out.append(f'date-released: "{date}"')
            continue
        if re.match(r"date-released:", line):
            line = f'date-released: "{date}"'
        elif match := re.match(r"(\s+)edition:", line):
            line = f'{match.group(1)}edition: "{version}"'
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# -- making a release: nox -s release -- 1.1 ------------------------------------

HISTORY_DIRECTIVE = "{edition-history}"


def follows(last: Release | None, wanted: tuple[int, int]) -> bool:
    """Whether ``wanted`` may follow ``last``: the next minor or major version."""
    if last is None:
        return wanted in {(0, 1), (1, 0)}
    major, minor = last.key
    return wanted in {(major, minor + 1), (major + 1, 0)}


def release_problems(root: Path, version: str) -> list[str]:
    """Why ``version`` cannot be released from ``root`` now (empty: it can).

    A release needs a clean working tree, a version that follows the last
    one, a page that shows the edition history, and an interview text that
    is the previous edition's.
    """
    try:
        wanted = parse_version(version, "nox -s release --")
        known = releases(root)
    except ReleaseError as error:
        return [str(error)]
    status = _git(root, "status", "--porcelain")
    if status is None:
        return [f"{root}: not a git repository; a release is a git tag"]
    problems = []
    if status.strip():
        first = status.splitlines()[0][3:]
        problems.append(
            f"{first}: the working tree has uncommitted changes; commit or "
            "stash them, a release is made from a commit"
        )
    last = known[-1] if known else None
    if not follows(last, wanted):
        shown = f"v{wanted[0]}.{wanted[1]}"
        if last:
            major, minor = last.key
            problems.append(
                f"{shown}: does not follow {last.tag}; release "
                f"v{major}.{minor + 1} or v{major + 1}.0"
            )
        else:
            problems.append(
                f"{shown}: cannot be the first release; release v1.0 (or v0.1)"
            )
    pages = sorted((root / "docs").rglob("*.md"))
    if not any(HISTORY_DIRECTIVE in p.read_text(encoding="utf-8") for p in pages):
        problems.append(
            f"docs/: no page shows the edition history ({HISTORY_DIRECTIVE} "
            "directive); restore docs/history.md and its toctree entry"
        )
    if last is not None:
        from tools.lib import edition_history, editions_site  # they import this

        with tempfile.TemporaryDirectory() as tmp:
            old = editions_site.export(root, last.tag, Path(tmp))
            problems += edition_history.interview_changes(old, root, last.tag)
    return problems


def make_release(root: Path, version: str, date: str | None = None) -> Release:
    """Update CITATION.cff, commit it and tag ``v<version>`` (never pushes).

    ``date`` is the release's day, by default today (UTC): the day of the
    commit made here, which is what a build of the tag reads.
    """
    if problems := release_problems(root, version):
        raise ReleaseError(problems[0])
    date = date or time.strftime("%Y-%m-%d", time.gmtime())
    update_citation(root, version, date)
    tag = f"v{version.removeprefix('v')}"
    for args in (
        ("add", CITATION),
        ("commit", "-q", "-m", f"Release {tag}", "-m", f"Edition {tag[1:]}."),
        ("tag", "-a", tag, "-m", f"Edition {tag[1:]}"),
    ):
        if _git(root, *args) is None:
            raise ReleaseError(f"git {args[0]} failed; see git status")
    return Release(parse_tag(tag), tag, tag_date(root, tag))
