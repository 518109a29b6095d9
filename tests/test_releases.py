"""Editions you can cite: releases from tags, the versioned site, the history.

A small book (``tests/roots/test-releases``: one fixture chapter with one
annotation) in a throwaway git repository with the book's ``tools/``,
released twice (``v1.0``, then ``v1.1`` with the annotation's text changed),
and built as the published site is (``tools/lib/editions_site.py``): each
edition at its own address, the newest also at the root, the switcher's
``versions.json``, the old edition's banner, the history between them.
The refusals (a tag that is not a version, a ``CITATION.cff`` that
disagrees with the tag, a changed interview text) are one line naming the
file or the tag.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.lib import build, edition_history, editions_site, release

SITE = Path(__file__).parent / "roots" / "test-releases"
CHAPTER = Path("docs/interviews/ding-fixture.md")
BASEURL = "https://example.org/book/"
FIRST_NOTE = "注释的第一版文字。"
SECOND_NOTE = "注释的第二版文字，更正了年份的出处。"
DATES = {"v1.0": "2024-03-01", "v1.1": "2025-06-15"}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout


def make_repo(path: Path) -> Path:
    """The small book with the book's tools, committed (no tag yet)."""
    shutil.copytree(SITE, path)
    shutil.copytree(
        build.ROOT / "tools",
        path / "tools",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    git(path, "init", "-q", "-b", "main")
    # PurgeCSS for trim_css.mjs, as in a contributor's clone: not committed
    (path / "node_modules").symlink_to(build.ROOT / "node_modules")
    (path / ".git" / "info" / "exclude").write_text("/node_modules\n", encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "The book", date="2024-02-01")
    return path


def tag_release(repo: Path, version: str, date: str) -> None:
    """What ``nox -s release`` does: CITATION.cff, a commit, the tag."""
    release.update_citation(repo, version, date)
    git(repo, "commit", "-q", "-am", f"Release {version}", date=date)
    git(repo, "tag", "-a", f"v{version}", "-m", f"Edition {version}", date=date)


def edit_note(repo: Path, text: str, date: str) -> None:
    chapter = repo / CHAPTER
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(FIRST_NOTE, text),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "Correct the note", date=date)


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The throwaway repository: v1.0, then v1.1 with the annotation changed."""
    repo = make_repo(tmp_path_factory.mktemp("releases") / "book")
    tag_release(repo, "1.0", DATES["v1.0"])
    edit_note(repo, SECOND_NOTE, "2025-06-01")
    tag_release(repo, "1.1", DATES["v1.1"])
    return repo


@pytest.fixture(scope="module")
def site(two_releases: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    times = editions_site.build_site(two_releases, out, BASEURL, log=lambda _: None)
    assert set(times) == {"v1.0", "v1.1"}
    return out


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def menu(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="book-paragraph-actions">(.*?)</script>',
        html,
        re.S,
    )
    assert found, "the chapter has no citation menu"
    return json.loads(found.group(1))


# -- releases from tags ------------------------------------------------------------


def test_the_edition_is_the_tag_and_between_tags_the_development_state(
    two_releases: Path,
) -> None:
    edition = release.current(two_releases)
    assert (edition.version, edition.date) == ("1.1", DATES["v1.1"])
    (two_releases / "docs" / "new.md").write_text("# 新\n", encoding="utf-8")
    git(two_releases, "add", "-A")
    git(two_releases, "commit", "-q", "-m", "After the release", date="2025-07-01")
    try:
        after = release.current(two_releases)
        assert after.release is None and after.last.version == "1.1"
        assert after.version == "1.1+dev"
        git(two_releases, "reset", "-q", "--hard", "v1.1")
        # the tagged commit with an uncommitted change is not that edition
        chapter = two_releases / CHAPTER
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n", "utf-8")
        after = release.current(two_releases)
        assert after.release is None and after.last.version == "1.1"
        assert after.version == "1.1+dev"
    finally:
        git(two_releases, "reset", "-q", "--hard", "v1.1")
    assert release.releases(two_releases)[0].tag == "v1.0"


def test_outside_git_the_book_says_it_is_unreleased(tmp_path: Path) -> None:
    values = release.book_edition(tmp_path)
    assert values["tag"] == values["last"] == ""
    assert values["version"] == "dev"


def test_a_tag_that_is_not_a_version_is_refused(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "book")
    git(repo, "tag", "v1.0-rc1")
    problem = release.current(repo).problem
    assert problem == (
        "git tag 'v1.0-rc1': not an edition's version; a release tag is "
        "vMAJOR.MINOR (e.g. v1.2): delete it (git tag -d v1.0-rc1)"
    )
    with pytest.raises(release.ReleaseError):
        release.releases(repo)


def test_a_citation_file_that_disagrees_with_the_tag_stops_the_build(
    tmp_path: Path,
) -> None:
    repo = make_repo(tmp_path / "book")
    git(repo, "tag", "v2.0")  # CITATION.cff still says 0.0
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            *build.sphinx_args("html", out, doctrees=tmp_path / "d", root=repo),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    # Sphinx's own report of a configuration error, with the one line
    assert (
        "ConfigError: CITATION.cff:4: version is '0.0' but the tag being built "
        "is v2.0 (2.0); set it (nox -s release -- 2.0 does) or build another tag\n"
    ) in result.stderr
    assert not (out / "index.html").exists()


def test_a_changed_interview_text_is_refused(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "book")
    tag_release(repo, "1.0", "2024-03-01")
    chapter = repo / CHAPTER
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("分子动力学", "分子对接"),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "Edit the interview", date="2024-04-01")
    tag_release(repo, "1.1", "2024-04-02")
    old = editions_site.export(repo, "v1.0", tmp_path / "old")
    new = editions_site.export(repo, "v1.1", tmp_path / "new")
    assert edition_history.interview_changes(old, new, "v1.0") == [
        f"{CHAPTER.as_posix()}:22: ¶2 of the interview text differs from edition "
        "v1.0's; the interview text never changes between editions: restore it "
        "and put the correction in an annotation"
    ]


# -- the versioned site --------------------------------------------------------------


def test_each_edition_has_its_own_address_in_both_languages(site: Path) -> None:
    for tag in ("v1.0", "v1.1"):
        for folder in ("", "en/"):
            assert (site / f"{tag}/{folder}interviews/ding-fixture.html").is_file()
    # the newest edition is also at the root
    assert page(site, "interviews/ding-fixture.html") == page(
        site, "v1.1/interviews/ding-fixture.html"
    )
    assert page(site, "en/interviews/ding-fixture.html") == page(
        site, "v1.1/en/interviews/ding-fixture.html"
    )


def test_each_edition_is_trimmed_as_nox_s_html_trims(site: Path) -> None:
    """The published stylesheets are cut to the rules the pages use, as the
    book CI tests is (tools/trim_css.mjs), in every edition and language."""
    import pydata_sphinx_theme

    shipped = Path(pydata_sphinx_theme.__file__).parent / "theme"
    full = next(shipped.rglob("pydata-sphinx-theme.css")).stat().st_size
    for edition in ("v1.0", "v1.1", "v1.0/en", "v1.1/en"):
        css = site / edition / "_static" / "styles" / "pydata-sphinx-theme.css"
        assert css.stat().st_size < full / 2, edition  # about 80 of 370 KB


def test_the_editions_differ_only_where_they_should(site: Path) -> None:
    old = page(site, "v1.0/interviews/ding-fixture.html")
    new = page(site, "v1.1/interviews/ding-fixture.html")
    assert FIRST_NOTE in old and SECOND_NOTE not in old
    assert SECOND_NOTE in new and FIRST_NOTE not in new
    normalised = [
        text.replace(FIRST_NOTE, "NOTE")
        .replace(SECOND_NOTE, "NOTE")
        .replace("v1.0", "vX")
        .replace("v1.1", "vX")
        .replace("1.0", "X")
        .replace("1.1", "X")
        .replace(DATES["v1.0"], "DATE")
        .replace(DATES["v1.1"], "DATE")
        for text in (old, new)
    ]
    # asset checksums (?v=) follow the files, and the new edition's menu
    # says which paragraph's notes it revised; nothing else differs
    strip = [
        re.sub(
            r'"revised": \{.*?\}\}, "revised_text": "[^"]*",',
            "",
            re.sub(r"\?v=[0-9a-f]+", "", text),
        )
        for text in normalised
    ]
    assert strip[0] == strip[1]


def test_citations_carry_the_edition_and_its_address(site: Path) -> None:
    html = page(site, "v1.0/interviews/ding-fixture.html")
    data = menu(html)
    url = f"{BASEURL}v1.0/interviews/ding-fixture.html#p{{n}}"
    assert "1.0版: ¶{n}" in data["citation"]["zh"]
    assert url in data["citation"]["zh"]
    assert ", version 1.0. " in data["citation"]["en"]
    assert url in data["citation"]["en"]
    assert "DOI" not in data["citation"]["zh"]  # none is set: none is printed
    assert (
        f'name="citation_fulltext_html_url" content="{BASEURL}v1.0/interviews/'
        'ding-fixture.html"' in html
    )
    graph = json.loads(
        re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)
        .group(1)
        .replace("<\\/", "</")
    )["@graph"]
    book = next(node for node in graph if node["@type"] == "Book")
    assert book["version"] == "1.0" and book["datePublished"] == DATES["v1.0"]
    english = menu(page(site, "v1.1/en/interviews/ding-fixture.html"))
    assert (
        f"{BASEURL}v1.1/en/interviews/ding-fixture.html#p{{n}}"
        in (english["citation"]["en"])
    )
    annotations = json.loads(page(site, "v1.0/annotations.jsonld"))
    item = annotations["first"]["items"][0]
    assert item["target"]["source"] == f"{BASEURL}v1.0/interviews/ding-fixture.html"


def test_the_switcher_lists_both_editions_in_each_language(site: Path) -> None:
    for folder in ("", "en/"):
        entries = json.loads(page(site, f"{folder}versions.json"))
        assert [e["version"] for e in entries] == ["1.1", "1.0"]
        assert [e["url"] for e in entries] == [
            f"/book/v1.1/{folder}",
            f"/book/v1.0/{folder}",
        ]
        assert entries[0]["preferred"] is True and "preferred" not in entries[1]
        html = page(site, f"v1.0/{folder}interviews/ding-fixture.html")
        # the theme's own switcher, reading the site's file on this host
        assert "version-switcher__container" in html
        assert (
            f"DOCUMENTATION_OPTIONS.theme_switcher_json_url = "
            f"'/book/{folder}versions.json'" in html
        )
        assert "DOCUMENTATION_OPTIONS.theme_switcher_version_match = '1.0'" in html


def test_the_old_edition_names_itself_for_the_banner(site: Path) -> None:
    html = page(site, "v1.0/interviews/ding-fixture.html")
    data = json.loads(
        re.search(
            r'<script type="application/json" id="book-edition">(.*?)</script>', html
        ).group(1)
    )
    assert data["version"] == "1.0"
    assert data["page"] == "interviews/ding-fixture"
    assert data["versions"] == "/book/versions.json"
    assert "book-edition.js" in html
    assert (site / "v1.0/_static/book-edition.js").is_file()


def test_the_history_lists_exactly_the_changed_annotation(site: Path) -> None:
    history = json.loads(page(site, "v1.1/history.json"))
    assert [entry["version"] for entry in history] == ["1.1", "1.0"]
    changes = history[0]["annotations"]
    assert changes["added"] == changes["removed"] == []
    assert len(changes["changed"]) == 1
    changed = changes["changed"][0]
    assert changed["chapter"] == "interviews/ding-fixture"
    assert changed["paragraph"] == "p2"
    assert changed["text"] == SECOND_NOTE and changed["before"] == FIRST_NOTE
    assert (
        history[0]["glossary"]
        == history[0]["references"]
        == {
            "added": [],
            "changed": [],
            "removed": [],
        }
    )
    zh = page(site, "v1.1/history.html")
    assert "修改的注释" in zh and "丁某 ¶2" in zh and SECOND_NOTE in zh
    assert "新增的注释" not in zh and "删除的注释" not in zh
    en = page(site, "v1.1/en/history.html")
    assert "Annotations changed" in en and SECOND_NOTE in en


def test_the_english_history_lists_a_changed_translation(tmp_path: Path) -> None:
    """Built pages of two English editions: a paragraph's translation
    changed, its note and number are not part of its text, a new chapter's
    paragraphs are no change."""

    def edition(name: str, text: str, more: bool) -> Path:
        site = tmp_path / name / "interviews"
        site.mkdir(parents=True)
        (site / "ding-fixture.html").write_text(
            '<p class="interview-paragraph" id="p2"><span class="paranum">¶2</span>'
            f'{text}<label>1</label><span class="sidenote">A note.</span></p>',
            encoding="utf-8",
        )
        if more:
            (site / "new.html").write_text(
                '<p class="interview-paragraph" id="p1">New.</p>', encoding="utf-8"
            )
        return site.parent

    old = edition("old", "Ding: I began in 2019.", more=False)
    new = edition("new", "Ding: I started in 2019.", more=True)
    found = edition_history.entry("1.1", "2025-06-15", "1.0", old, new, True)
    assert found["translation"] == {
        "changed": [
            {
                "id": "interviews/ding-fixture#p2",
                "chapter": "interviews/ding-fixture",
                "paragraph": "p2",
                "text": "Ding: I started in 2019.",
                "before": "Ding: I began in 2019.",
            }
        ]
    }
    assert "translation" not in edition_history.entry("1.1", "", "1.0", old, new)


def test_the_menu_says_when_a_paragraphs_notes_last_changed(site: Path) -> None:
    new = menu(page(site, "v1.1/interviews/ding-fixture.html"))
    assert new["revised"] == {
        "p2": {"version": "1.1", "href": "../history.html#edition-1.1"}
    }
    assert new["revised_text"] == "注释更新于 {version}"
    assert 'id="edition-1.1"' in page(site, "v1.1/history.html")
    english = menu(page(site, "v1.1/en/interviews/ding-fixture.html"))
    assert english["revised_text"] == "Notes revised in {version}"
    # the first edition revised nothing
    assert "revised" not in menu(page(site, "v1.0/interviews/ding-fixture.html"))


def test_marking_the_revisions_again_changes_nothing(
    site: Path, tmp_path: Path
) -> None:
    """A rebuild into the same folder gives the page a clean build gives."""
    from tools.sphinxext.editions import edition_info

    shutil.copytree(site / "v1.1", tmp_path / "v1.1")
    history = json.loads(page(site, "v1.1/history.json"))
    edition_info.mark_revisions(tmp_path / "v1.1", history, "history.html")
    once = page(tmp_path, "v1.1/interviews/ding-fixture.html")
    edition_info.mark_revisions(tmp_path / "v1.1", history, "history.html")
    assert page(tmp_path, "v1.1/interviews/ding-fixture.html") == once
    assert once.count('"revised":') == 1


def test_a_published_edition_is_kept_and_not_built_again(
    two_releases: Path, site: Path
) -> None:
    before = page(site, "v1.0/interviews/ding-fixture.html")
    times = editions_site.build_site(two_releases, site, BASEURL, log=lambda _: None)
    assert times == {}
    assert page(site, "v1.0/interviews/ding-fixture.html") == before


# -- the release procedure (nox -s release -- X.Y) -----------------------------------


def test_a_release_updates_the_citation_file_and_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "book")
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "Editor")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "editor@example.org")
        monkeypatch.setenv(f"GIT_{name}_DATE", "2026-01-05T10:00:00+00:00")
    made = release.make_release(repo, "1.0", "2026-01-05")
    assert (made.tag, made.date) == ("v1.0", "2026-01-05")
    citation = (repo / "CITATION.cff").read_text(encoding="utf-8")
    assert 'version: "1.0"' in citation and 'date-released: "2026-01-05"' in citation
    assert release.citation_problems(repo, made) == []
    assert git(repo, "status", "--porcelain") == ""
    assert release.current(repo).version == "1.0"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.2", "v1.2: does not follow v1.0; release v1.1 or v2.0"),
        ("1.x", "nox -s release -- 'v1.x': not an edition's version"),
    ],
)
def test_a_release_must_follow_the_last(
    two_releases: Path, version: str, expected: str
) -> None:
    git(two_releases, "tag", "-d", "v1.1")
    try:
        problems = release.release_problems(two_releases, version)
    finally:
        git(two_releases, "tag", "-a", "v1.1", "-m", "Edition 1.1", "HEAD")
    assert problems and problems[0].startswith(expected)


def test_a_release_refuses_a_dirty_tree_and_a_missing_history(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "book")
    (repo / "docs" / "history.md").unlink()
    problems = release.release_problems(repo, "1.0")
    assert problems == [
        "docs/history.md: the working tree has uncommitted changes; commit or "
        "stash them, a release is made from a commit",
        "docs/: no page shows the edition history ({edition-history} directive); "
        "restore docs/history.md and its toctree entry",
    ]


# -- in the reader's browser ---------------------------------------------------------


@pytest.mark.browser
def test_the_old_edition_banner_and_switcher_in_the_browser(
    site: Path, browser, tmp_path: Path
) -> None:
    """Served as published (the site under /book/): the old edition's banner
    links the same page and paragraph in the current one, following the
    fragment; the theme's menu lists both editions; nothing leaves the host."""
    from tests.helpers.browser import away, open_page, serve

    (tmp_path / "book").symlink_to(site)
    with serve(tmp_path) as served:
        url = served.rstrip("/") + "/"
        page = open_page(browser, f"{url}book/v1.0/interviews/ding-fixture.html#p2")
        link = page.locator(".book-edition-banner a")
        link.wait_for()
        banner = page.locator(".book-edition-banner").inner_text()
        assert (
            page.locator(".book-edition-banner").evaluate(
                "e => getComputedStyle(e).borderLeftStyle"
            )
            == "solid"
        )  # book-edition.css
        assert "这是第 1.0 版；当前版本是第 1.1 版。" in banner
        assert link.get_attribute("href") == (
            f"{url}book/v1.1/interviews/ding-fixture.html#p2"
        )
        page.evaluate("location.hash = '#p1'")
        page.wait_for_function(
            "document.querySelector('.book-edition-banner a').href.endsWith('#p1')"
        )
        versions = page.locator(".version-switcher__menu a")
        versions.first.wait_for(state="attached")
        assert [versions.nth(i).get_attribute("href") for i in range(2)] == [
            "/book/v1.1/interviews/ding-fixture.html",
            "/book/v1.0/interviews/ding-fixture.html",
        ]
        assert away(page.requests) == []
        current = open_page(browser, f"{url}book/v1.1/interviews/ding-fixture.html")
        current.wait_for_load_state("networkidle")
        assert current.locator(".book-edition-banner").count() == 0


def test_a_doi_is_printed_when_set_and_never_otherwise(tmp_path: Path) -> None:
    """CITATION.cff's doi is the one place: the citations and the JSON-LD
    carry it when it is set, and nothing (no placeholder) when it is not."""
    from types import SimpleNamespace

    from tools.sphinxext.apparatus import citation_meta
    from tools.sphinxext.reader import paragraph_actions
    from tools.sphinxext.text.interview_facts import InterviewFacts

    (tmp_path / "CITATION.cff").write_text(
        'cff-version: 1.2.0\nversion: "1.0"\ndoi: 10.5281/zenodo.1234567\n',
        encoding="utf-8",
    )
    assert release.doi(tmp_path) == "10.5281/zenodo.1234567"
    assert release.doi(tmp_path / "nowhere") == ""
    facts = InterviewFacts(
        docname="interviews/x",
        slug="x",
        interviewee="某某",
        title="某某访谈",
        outlet="某刊",
        series="",
        author="",
        published="",
        url="",
        source="sources/x.txt",
        english={},
    )

    def texts(doi: str) -> tuple[str, str, dict]:
        config = SimpleNamespace(
            language="zh_CN",
            html_baseurl=BASEURL,
            book_languages={"zh_CN": "", "en": "en"},
            book_downloads="",
            book_editions={},
            project="测试书",
            author="测试编者",
            version="1.0",
            book_edition={"version": "1.0", "tag": "v1.0", "date": "2024-03-01"}
            | ({"doi": doi} if doi else {}),
        )
        app = SimpleNamespace(config=config)
        url = f"{BASEURL}v1.0/interviews/x.html"
        book = citation_meta.json_ld(app, facts)["@graph"][0]
        return (
            paragraph_actions.citation_zh(app, facts, url),
            paragraph_actions.citation_en(app, facts, url),
            book,
        )

    zh, en, book = texts("10.5281/zenodo.1234567")
    assert zh.endswith("#p{n}. DOI: 10.5281/zenodo.1234567.")
    assert en.endswith("(accessed {accessed_en}). DOI: 10.5281/zenodo.1234567.")
    assert book["identifier"]["value"] == "10.5281/zenodo.1234567"
    assert book["identifier"]["url"] == "https://doi.org/10.5281/zenodo.1234567"
    zh, en, book = texts("")
    assert "DOI" not in zh and "DOI" not in en and "identifier" not in book


def test_the_editions_command_says_in_one_line_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from tools import publish_editions

    repo = make_repo(tmp_path / "book")
    args = [str(tmp_path / "site"), "--repo", str(repo), "--baseurl", BASEURL]
    assert publish_editions.main(args) == 1
    assert capsys.readouterr().err == (
        f"{repo}: no release tag (vMAJOR.MINOR); make one with nox -s release\n"
    )
    git(repo, "tag", "v1")
    assert publish_editions.main(args) == 1
    assert capsys.readouterr().err == (
        "git tag 'v1': not an edition's version; a release tag is vMAJOR.MINOR "
        "(e.g. v1.2): delete it (git tag -d v1)\n"
    )


def test_whitespace_alone_is_no_change() -> None:
    before = {"n": {"chapter": "glossary", "paragraph": "t", "text": "等。 访谈中"}}
    after = {"n": {"chapter": "glossary", "paragraph": "t", "text": "等。访谈中"}}
    assert edition_history._keyed_changes(before, after)["changed"] == []
    after["n"]["text"] = "等。访谈里"
    assert len(edition_history._keyed_changes(before, after)["changed"]) == 1
