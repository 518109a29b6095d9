"""The published site of every edition, built from the release tags.

``python -m tools.publish_editions`` (``nox -s editions``, the release
workflow) calls ``build_site``: each
release ``vX.Y`` is taken from git as it was tagged (``git archive``, so
nothing of the working tree leaks in), built in every language under
``<site>/vX.Y/`` (the original) and ``<site>/vX.Y/en/`` (each translation's
folder), its addresses, citations and Web Annotations naming that
versioned address (``html_baseurl``).  The newest release is copied to the
site's root, and ``versions.json`` (one per language: ``versions.json``,
``en/versions.json``) lists the editions for the theme's version switcher
and the old editions' banner (``tools/sphinxext/editions/edition_info.py``).

Published editions are immutable: an edition whose folder is already in
the site (its ``edition.json`` names the tag's commit) is kept as it is and
not built again, so publishing ``v1.3`` into the site that holds ``v1.0`` …
``v1.2`` (the ``published-editions`` branch, or a previous run's folder) builds
``v1.3`` only.  Each new edition's history entry is computed against the
previous edition's built files (``tools/lib/edition_history.py``), and an
edition whose interview text differs from the previous one's is refused.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from tools.lib import build, edition_history, release

STAMP = "edition.json"
VERSIONS = "versions.json"


class SiteError(Exception):
    """A site that cannot be built; the message is one line."""


def export(repo: Path, tag: str, dest: Path) -> Path:
    """The tree of ``tag`` (as committed) in ``dest``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", tag],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    if (repo / "node_modules").is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(repo / "node_modules")
    return dest


def _git(repo: Path, *args: str) -> str:
    """A git command's output in ``repo`` (the tags named exist: listed by git)."""
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def commit_of(repo: Path, tag: str) -> str:
    return _git(repo, "rev-list", "-n", "1", tag)


def commit_time(repo: Path, tag: str) -> str:
    return _git(repo, "log", "-1", "--format=%ct", tag)


def site_path(baseurl: str) -> str:
    """The path of the site on its host: ``/annotated-edition/``."""
    path = urlsplit(baseurl).path or "/"
    return path if path.endswith("/") else f"{path}/"


def versions(
    editions: list[release.Release], baseurl: str, folder: str
) -> list[dict[str, object]]:
    """The switcher's entries for the editions in one language, newest first."""
    path = site_path(baseurl)
    sub = f"{folder}/" if folder else ""
    newest = editions[-1] if editions else None
    return [
        {
            "name": r.version,
            "version": r.version,
            "url": f"{path}{r.path}/{sub}",
            **({"preferred": True} if r == newest else {}),
        }
        for r in reversed(editions)
    ]


def run_sphinx(
    root: Path,
    out: Path,
    doctrees: Path,
    overrides: dict[str, str],
    env: dict[str, str],
    builder: str = "html",
) -> None:
    """One language of one edition, with the edition's own conf.py and tools."""
    args = build.sphinx_args(
        builder, out, doctrees=doctrees, root=root, jobs="1", overrides=overrides
    )
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", *args],
        cwd=root,
        env={**os.environ, **env, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        log = doctrees.parent / f"{doctrees.name}-{builder}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(done.stderr, encoding="utf-8")
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        last = lines[-1].strip() if lines else f"exit status {done.returncode}"
        raise SiteError(f"{root.name}: the edition does not build: {last} ({log})")


def trim_css(tree: Path, editions: list[Path]) -> None:
    """Cut the edition's stylesheets as ``nox -s html`` does, with the
    edition's own ``tools/trim_css.mjs`` (an edition from before it trimmed
    inside Sphinx, and has none)."""
    script = tree / "tools" / "trim_css.mjs"
    if not script.is_file():
        return
    done = subprocess.run(
        build.trim_css_command(editions, root=tree),
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        last = lines[-1].strip() if lines else f"exit status {done.returncode}"
        raise SiteError(f"{script}: the stylesheets were not trimmed: {last}")


def build_downloads(tree: Path, out: Path, env: dict[str, str]) -> Path:
    """The edition's PDF and EPUB in every language, in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for language in build.LANGUAGES:
        overrides = {} if language == build.ORIGINAL else {"language": language}
        basename = build.edition_basename(language)
        latex = out / "latex" / language
        doctrees = out / "doctrees" / language
        run_sphinx(tree, latex, doctrees / "latex", overrides, env, "latex")
        try:
            pdf = build.latex_to_pdf(latex, basename, env=env)
        except subprocess.CalledProcessError:
            raise SiteError(
                f"{latex / basename}.log: XeLaTeX failed on {tree.name}'s PDF"
            ) from None
        shutil.copyfile(pdf, out / pdf.name)
        epub = out / "epub" / language
        run_sphinx(tree, epub, doctrees / "epub", overrides, env, "epub")
        shutil.copyfile(epub / f"{basename}.epub", out / f"{basename}.epub")
    return out


def build_edition(
    repo: Path,
    tag: release.Release,
    site: Path,
    baseurl: str,
    previous: tuple[release.Release, Path] | None,
    work: Path,
    downloads: bool = False,
) -> Path:
    """Build one release into ``site/vX.Y`` (every language); return its tree.

    With ``downloads``, its PDF and EPUB in each language first, which its
    web pages then offer (as ``nox -s build`` does for the current book).
    """
    tree = export(repo, tag.tag, work / tag.tag)
    if previous is not None:
        old, old_tree = previous
        if not old_tree.exists():
            export(repo, old.tag, old_tree)
        if problems := edition_history.interview_changes(old_tree, tree, old.tag):
            raise SiteError(problems[0])
    env = {
        release.ENV_TAG: tag.tag,
        release.ENV_DATE: tag.date,
        "SOURCE_DATE_EPOCH": commit_time(repo, tag.tag),
    }
    target = site / tag.path
    partial = site / f".partial-{tag.path}"
    shutil.rmtree(partial, ignore_errors=True)
    path = site_path(baseurl)
    if downloads:
        files = build_downloads(tree, work / "downloads" / tag.tag, env)
    for language, folder in build.LANGUAGES.items():
        sub = f"{folder}/" if folder else ""
        out = partial / folder if folder else partial
        overrides = {
            "html_baseurl": f"{baseurl}{tag.path}/",
            "book_versions_url": f"{path}{sub}{VERSIONS}",
        }
        if downloads:
            overrides["book_downloads"] = str(files)
        if language != build.ORIGINAL:
            overrides["language"] = language
        if previous is not None:
            overrides["book_previous_edition"] = str(site / previous[0].path / folder)
        run_sphinx(tree, out, work / "doctrees" / tag.tag / language, overrides, env)
    trim_css(
        tree,
        [
            partial / folder if folder else partial
            for folder in build.LANGUAGES.values()
        ],
    )
    (partial / STAMP).write_text(
        json.dumps(
            {"tag": tag.tag, "commit": commit_of(repo, tag.tag), "date": tag.date}
        )
        + "\n",
        encoding="utf-8",
    )
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)  # whole or not at all
    return tree


def published(site: Path, repo: Path, tag: release.Release) -> bool:
    """Whether ``tag``'s edition is in the site already (and is that commit)."""
    stamp = site / tag.path / STAMP
    if not stamp.is_file():
        return False
    recorded = json.loads(stamp.read_text(encoding="utf-8"))
    if recorded.get("commit") != commit_of(repo, tag.tag):
        raise SiteError(
            f"{stamp}: edition {tag.tag} was published from commit "
            f"{recorded.get('commit')}, but the tag now names another; a "
            "published edition never changes: tag a new version instead"
        )
    return True


def copy_root(site: Path, newest: release.Release, names: set[str]) -> None:
    """The newest edition, also at the site's root (the editions' folders kept)."""
    for child in site.iterdir():
        # the editions, and what the host keeps (.nojekyll, .partial-…)
        if child.name in names or child.name.startswith("."):
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in (site / newest.path).iterdir():
        if child.name == STAMP:
            continue
        if child.is_dir():
            shutil.copytree(child, site / child.name)
        else:
            shutil.copy2(child, site / child.name)


def build_site(
    repo: Path,
    site: Path,
    baseurl: str,
    *,
    log: Callable[[str], None] = print,
    downloads: bool = False,
) -> dict[str, float]:
    """Build every release not yet in ``site``; return the seconds each took.

    ``downloads``: each new edition with its PDF and EPUB (XeLaTeX).
    """
    editions = release.releases(repo)
    if not editions:
        raise SiteError(
            f"{repo}: no release tag (vMAJOR.MINOR); make one with nox -s release"
        )
    site.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="editions-") as tmp:
        work = Path(tmp)
        previous: tuple[release.Release, Path] | None = None
        for tag in editions:
            if published(site, repo, tag):
                log(f"{tag.tag}: published already, kept as it is")
                previous = (tag, work / tag.tag)  # exported if a build needs it
                continue
            log(f"{tag.tag}: building (both languages)")
            start = time.perf_counter()
            tree = build_edition(
                repo, tag, site, baseurl, previous, work, downloads=downloads
            )
            times[tag.tag] = time.perf_counter() - start
            previous = (tag, tree)
    names = {r.path for r in editions}
    copy_root(site, editions[-1], names)
    for folder in build.LANGUAGES.values():
        target = site / folder / VERSIONS if folder else site / VERSIONS
        target.write_text(
            json.dumps(versions(editions, baseurl, folder), indent=1) + "\n",
            encoding="utf-8",
        )
    return times
