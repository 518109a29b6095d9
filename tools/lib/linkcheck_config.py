"""How Sphinx's linkcheck builder checks this book's external links.

``conf.py`` imports these settings, and so does the tiny book in
``tests/roots/test-linkcheck/``, so the loopback test exercises exactly the
configuration ``nox -s linkcheck`` uses.  The book's external links are
almost all in ``references.bib``: DOIs (which the bibliography style renders
as ``https://doi.org/…``), publishers' and news sites' pages.

A DOI is checked at doi.org: a DOI that is not registered answers 404 there.
Where doi.org then sends the checker to a publisher that refuses automated
requests, the publisher's host is in ``linkcheck_ignore`` below, so that
redirect is reported as ignored instead of as a false "broken".
"""

from __future__ import annotations

__all__ = [
    "linkcheck_allowed_redirects",
    "linkcheck_anchors_ignore_for_url",
    "linkcheck_ignore",
    "linkcheck_rate_limit_timeout",
    "linkcheck_retries",
    "linkcheck_timeout",
]

# Publisher hosts that answer automated requests with 403, 418 or 429 although
# the page works in a browser.  Matching a redirect target here makes Sphinx
# stop at the redirect (status "ignored", with the target in the report), so a
# DOI is still checked up to doi.org.  Each entry says who reported it.
linkcheck_ignore = [
    # ACS (DOIs 10.1021/…): Cloudflare bot check answers 403; probed and
    # listed in learningmatter-mit/AtomisticSkills#45.
    r"https://pubs\.acs\.org/",
    # AAAS / Science (10.1126/…): 403 to link checkers, the-turing-way#3116.
    r"https://www\.science\.org/",
    # Oxford University Press (10.1093/…): 403, FreeGym/FreeGym-Wiki#73 and
    # rust-lang/rustc-dev-guide#2176.
    r"https://academic\.oup\.com/",
    # Elsevier (10.1016/…): doi.org sends to linkinghub, which sends to
    # ScienceDirect; 403 to bots, root-project/web#782, firedrake#3573.
    r"https://linkinghub\.elsevier\.com/",
    r"https://www\.sciencedirect\.com/",
    # IEEE Xplore (10.1109/…): "418 Client Error" to Sphinx, astropy#14802.
    r"https://ieeexplore\.ieee\.org/",
    # bioRxiv (10.1101/… and direct links): Cloudflare; 403, 429 and read
    # timeouts, brainglobe/brainglobe.github.io#474, spinalcordtoolbox#5287.
    r"https://www\.biorxiv\.org/",
    # OpenAI's site: 403 to link checkers, trailofbits/dylint#783.
    r"https://openai\.com/",
]

# A redirect that is not listed here is reported (and fails the check), so
# that a link which moved is updated in the source.
linkcheck_allowed_redirects = {
    # A DOI is a redirect by design: doi.org sends the reader to wherever the
    # publisher keeps the work today.
    r"https://doi\.org/10\.\d{4,9}/.+": r".+",
    # The bibliography style renders a `pubmed` field as this address, which
    # NCBI redirects to pubmed.ncbi.nlm.nih.gov.
    r"https://www\.ncbi\.nlm\.nih\.gov/pubmed/\d+": (
        r"https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/?"
    ),
}

# Pages whose anchors exist only after JavaScript has run, so the checker
# (which reads the HTML as served) cannot see them.
linkcheck_anchors_ignore_for_url = [
    # GitHub renders READMEs and file views in the browser and prefixes
    # heading ids with "user-content-"; Sphinx's own rewrite for this is
    # disabled (sphinx-doc/sphinx#9435).
    r"https://github\.com/",
]

# Publishers' servers are slow and flaky from CI runners: wait up to 30 s for
# an answer and try a failing link three times before calling it broken.
linkcheck_timeout = 30
linkcheck_retries = 3
# On "429 Too Many Requests" Sphinx waits as long as Retry-After asks, or
# backs off 60 s, 120 s, …; a host still limiting after 5 minutes is broken.
linkcheck_rate_limit_timeout = 300.0
