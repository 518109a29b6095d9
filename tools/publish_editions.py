"""Build the published site of every edition from the release tags.

``python -m tools.publish_editions [SITE] [--baseurl URL]`` (what
``nox -s editions`` runs; the release workflow runs it on the branch of the
published editions): every release tag that ``SITE`` (default
``build/editions``) does not hold yet is built into it, the editions it holds
are kept as they were published; the newest is copied to the root and
``versions.json`` written (``tools/lib/editions_site.py``).  Prints each new
edition's build time.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tools.lib import build, release
from tools.lib.editions_site import SiteError, build_site


def main(argv: list[str] | None = None) -> int:
    """Build the published editions from the release tags (nox -s editions)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument(
        "site", nargs="?", default=str(build.ROOT / "build" / "editions")
    )
    parser.add_argument(
        "--baseurl",
        default=None,
        help="the published site's address (default: conf.py's html_baseurl); "
        "http://127.0.0.1:8000/ to preview with python -m http.server",
    )
    parser.add_argument(
        "--repo",
        default=str(build.ROOT),
        help="the repository whose release tags are built (default: this one)",
    )
    parser.add_argument(
        "--downloads",
        action="store_true",
        help="also build each new edition's PDF and EPUB (XeLaTeX), offered "
        "on its pages, as the release workflow does",
    )
    args = parser.parse_args(argv)
    baseurl = args.baseurl or _configured_baseurl()
    if not baseurl.endswith("/"):
        baseurl += "/"
    try:
        times = build_site(
            Path(args.repo), Path(args.site), baseurl, downloads=args.downloads
        )
    except (SiteError, release.ReleaseError) as error:
        print(error, file=sys.stderr)
        return 1
    for tag, seconds in times.items():
        print(f"{tag}: built in {seconds:.1f} s")
    print(f"the editions are in {args.site} (newest at its root)")
    return 0


def _configured_baseurl() -> str:
    """``html_baseurl`` of conf.py, read without running it."""
    text = (build.ROOT / "conf.py").read_text(encoding="utf-8")
    found = re.search(r'^html_baseurl = "([^"]+)"', text, re.M)
    if not found:
        raise SystemExit("conf.py: no html_baseurl; pass --baseurl")
    return found.group(1)


if __name__ == "__main__":
    sys.exit(main())
