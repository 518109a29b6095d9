"""nox -s gettext changes only the messages that changed (tools/gettext_update.py).

The committed catalogues are in the one format the tool writes (unwrapped,
no line references), so regenerating them from an unchanged tree is no
change at all; and a paragraph whose markup changed keeps its translation,
marked fuzzy with the old Chinese beside it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from tools import check, gettext_update
from tools.lib.build import ROOT

LOCALES = ROOT / "locales"


def test_regenerating_the_catalogues_from_an_unchanged_tree_changes_nothing(
    tmp_path: Path,
) -> None:
    pot = tmp_path / "gettext"
    check.sphinx_findings("gettext", pot, {})  # conf.py's settings, as nox -s gettext
    locales = Path(shutil.copytree(LOCALES, tmp_path / "locales"))
    written = gettext_update.update(pot, locales, ["en"])
    assert written == [], (
        "nox -s gettext would rewrite these catalogues of an unchanged tree: "
        f"{[str(p.relative_to(locales)) for p in written]}; run nox -s gettext "
        "and commit what it writes"
    )


def write(path: Path, messages: dict[str, str], **flags: set[str]) -> None:
    catalog = Catalog(locale="en")
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr, locations=[("../../docs/page.md", 3)])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_a_note_marker_keeps_the_old_translation_fuzzy_with_the_old_chinese(
    tmp_path: Path,
) -> None:
    old = "数据共享对药企模型的提升有一些帮助，但并不像大家预测中的那么大，有很多算法的细节仍有待突破。"
    new = old.replace("帮助，", "帮助，[^a-note]").replace("算法", "{term}`算法`")
    write(tmp_path / "pot" / "page.pot", {new: "", "一段新的话。": ""})
    po = tmp_path / "locales" / "en" / "LC_MESSAGES" / "page.po"
    write(po, {old: "Data sharing helps the companies' models somewhat."})
    gettext_update.update(tmp_path / "pot", tmp_path / "locales", ["en"])
    text = po.read_text(encoding="utf-8")
    with po.open("rb") as handle:
        messages = {m.id: m for m in read_po(handle) if m.id}
    assert messages[new].fuzzy, text
    assert f'#| msgid "{old}"' in text, "the old Chinese beside the new"
    assert messages[new].string == "Data sharing helps the companies' models somewhat."
    assert f'msgid "{new}"' in text, "a long message must stay on one line"
    assert "#:" not in text, "no line references"
    assert "#~" not in text, "no obsolete messages"
    assert messages["一段新的话。"].string == ""
    # and a second run, nothing changed, writes nothing
    assert gettext_update.update(tmp_path / "pot", tmp_path / "locales", ["en"]) == []
