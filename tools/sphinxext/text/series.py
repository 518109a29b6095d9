"""The series as readers can see it: one data file, read wherever it is shown.

The book is one edition of a series of interviews, most of which it does not
(yet) hold.  What is known of the series lives in one YAML file beside the
sources (``book_series_file``, relative to the source folder), one entry per
interview a stored source confirms::

    interviews:
      - interviewee: 某某
        interviewee_en: Mou Mou
        role: …          # and role_en
        title: …         # the title as published; title_en its translation
        outlet: …        # and outlet_en
        date: 2023-09-22 # as seen, or null
        seen: [key]      # the references.bib entries that confirm the row
        chapter: interviews/slug   # once its chapter is in the edition

A field that could not be verified is ``null`` (or left out) and reads
“未能查证” / “not verified”; ``seen`` is required, because a row with no
source is not one the edition may print.  The ``{series}`` directive renders
the list in the edition's language, the full list on the series page and,
with ``:summary:``, one line an interview on the landing page; the PDF holds
the series page before the chapters.  A page that shows the list is read
again whenever the file changes, so a rebuild is the same book.  A wrong
file stops with ``series.yaml:LINE: what is wrong; what to do``.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from tools.lib.build import ORIGINAL
from tools.sphinxext.apparatus.citation_meta import MONTHS
from tools.sphinxext.plumbing.messages import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

FIELDS = ("interviewee", "role", "title", "outlet")
KEYS = {
    *FIELDS,
    *(f"{field}_en" for field in FIELDS),
    "date",
    "seen",
    "chapter",
}


class SeriesError(ConfigError):
    """The series file is wrong; the message names the file and the line."""


def words() -> dict[str, str]:
    """The words readers see, in the edition's language (messages.py)."""
    said = {
        "role": _("Role"),
        "title": _("Title"),
        "outlet": _("Published in"),
        "date": _("Date"),
        "seen": _("Confirmed by"),
        "state": _("In this edition"),
        "edited": _("edited: {chapter}"),
        "known": _("known; its text is not yet in this edition"),
        "unverified": _("not verified"),
        "count": _(
            "{total} interviews of the series are known to the editors; "
            "this edition holds {edited}."
        ),
    }
    return {kind: str(word) for kind, word in said.items()}


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    return {key.value: value for key, value in node.value if key.value is not None}


def read(path: Path, name: str | None = None) -> list[dict]:
    """The interviews of the file, each with the line it starts on.

    ``name`` is how messages name the file (by default its name).
    """
    name = name or path.name
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        raise SeriesError(
            f"{name}:{line}: not valid YAML ({getattr(error, 'problem', error)}); "
            "fix the syntax"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SeriesError(
            f"{name}:1: cannot be read ({error}); save it as UTF-8 text"
        ) from None
    if not isinstance(root, yaml.MappingNode) or "interviews" not in _mapping(root):
        raise SeriesError(f"{name}:1: no 'interviews:' list; start the file with it")
    items = _mapping(root)["interviews"]
    if not isinstance(items, yaml.SequenceNode):
        line = items.start_mark.line + 1
        raise SeriesError(
            f"{name}:{line}: 'interviews' is not a list; give '- …' items"
        )
    interviews = []
    for item in items.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise SeriesError(
                f"{name}:{line}: an interview is not a mapping; give 'key: value' lines"
            )
        fields = _mapping(item)
        for key, value in fields.items():
            if key not in KEYS:
                raise SeriesError(
                    f"{name}:{value.start_mark.line + 1}: unknown field {key!r}; "
                    f"use one of {', '.join(sorted(KEYS))}"
                )
        entry = {"line": line}
        for key, value in fields.items():
            entry[key] = yaml.safe_load(yaml.serialize(value))
        for key in ("interviewee", "title", "outlet"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise SeriesError(
                    f"{name}:{line}: interview without {key!r}; every row names "
                    "its interviewee, title and outlet as a source shows them"
                )
        seen = entry.get("seen")
        if (
            not isinstance(seen, list)
            or not seen
            or not all(isinstance(key, str) and key for key in seen)
        ):
            raise SeriesError(
                f"{name}:{line}: interview without 'seen'; list the references.bib "
                "keys of the sources that confirm it (a row no source confirms "
                "does not belong in the list)"
            )
        date = entry.get("date")
        if date is not None and not isinstance(date, datetime.date):
            raise SeriesError(
                f"{name}:{fields['date'].start_mark.line + 1}: date {date!r} is not "
                "YYYY-MM-DD; give the date a source shows, or null"
            )
        interviews.append(entry)
    return interviews


def _field(entry: dict, key: str, language: str) -> str | None:
    """A field in the edition's language: ``key_en`` in English, if given."""
    if language != ORIGINAL and entry.get(f"{key}_en"):
        return str(entry[f"{key}_en"])
    value = entry.get(key)
    return str(value) if value else None


def _date(value: datetime.date | None, language: str) -> str | None:
    if value is None:
        return None
    if language == ORIGINAL:
        return f"{value.year} 年 {value.month} 月 {value.day} 日"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def markup(interviews: list[dict], language: str, summary: bool) -> str:
    """The list as MyST, for the directive to parse in place."""
    said = words()
    missing = said["unverified"]
    sep = "：" if language == ORIGINAL else ": "
    lines: list[str] = []
    if summary:
        edited = sum(1 for entry in interviews if entry.get("chapter"))
        lines += [said["count"].format(total=len(interviews), edited=edited), ""]
    for entry in interviews:
        who = _field(entry, "interviewee", language)
        if language != ORIGINAL and entry.get("interviewee_en"):
            who = f"{entry['interviewee_en']} ({entry['interviewee']})"
        role = _field(entry, "role", language) or missing
        chapter = entry.get("chapter")
        state = (
            said["edited"].format(chapter=f"{{doc}}`/{chapter}`")
            if chapter
            else said["known"]
        )
        if summary:
            if language == ORIGINAL:
                lines.append(f"- **{who}**，{role}。{state}")
            else:
                lines.append(f"- **{who}**, {role}. {state}")
            continue
        title = f"《{entry['title']}》" if language == ORIGINAL else entry["title"]
        if language != ORIGINAL and entry.get("title_en"):
            title = f"{entry['title_en']} ({entry['title']})"
        seen = ",".join(entry["seen"])
        lines += [
            f"- **{who}**",
            f"  - {said['role']}{sep}{role}",
            f"  - {said['title']}{sep}{title}",
            f"  - {said['outlet']}{sep}{_field(entry, 'outlet', language)}",
            f"  - {said['date']}{sep}{_date(entry.get('date'), language) or missing}",
            f"  - {said['seen']}{sep}{{cite:p}}`{seen}`",
            f"  - {said['state']}{sep}{state}",
        ]
    return "\n".join(lines) + "\n"


class SeriesDirective(SphinxDirective):
    """``{series}``: the interviews of the series, from the series file."""

    has_content = False
    option_spec: ClassVar[dict] = {"summary": directives.flag}

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir, self.config.book_series_file)
        self.env.note_dependency(str(path))
        try:
            interviews = read(path, _shown(path, self.env.srcdir))
        except SeriesError as error:  # checked when the build began; say it here too
            raise self.error(str(error)) from None
        text = markup(interviews, self.config.language, "summary" in self.options)
        container = nodes.container(classes=["book-series"])
        self.state.nested_parse(
            StringList(text.splitlines(), source=str(path)),
            self.content_offset,
            container,
        )
        # Written in the edition's language from the data file: nothing here
        # goes to the translators' catalogues.
        for node in container.findall(nodes.TextElement):
            node["translatable"] = False
        return [container]


def _shown(path: Path, srcdir: str | Path) -> str:
    """The file as messages name it: from the folder above the sources
    (``docs/series.yaml`` in the book)."""
    return os.path.relpath(path, Path(srcdir).parent)


def check_series_file(app: Sphinx) -> None:
    """Stop a build whose series file is wrong before any page is read,
    with the file and the line, as ``bib_check`` does for references.bib."""
    path = Path(app.srcdir, app.config.book_series_file)
    if path.exists():
        read(path, _shown(path, app.srcdir))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("tools.sphinxext.plumbing.messages")
    app.connect("builder-inited", check_series_file)
    app.add_config_value("book_series_file", "series.yaml", "env", str)
    app.add_directive("series", SeriesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
