"""Link extraction from .bib text (pure) and the address policy."""

from __future__ import annotations

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from bibman.bibtex import loads
from bibman.links.extract import extract, normalize_doi, urls_in_text
from bibman.links.safety import AddressPolicy, classify

BIB = r"""@string{base = "https://example.org/"}

@online{web,
  title = {A page},
  url = {https://example.org/a\_b?x=1\%20},
  urldate = {2020-05-01},
}

@article{paper,
  doi = {https://doi.org/10.1000/XYZ.123},
  title = {Paper},
}

@misc{misc,
  howpublished = {\url{http://example.com/h}},
  note = {See https://example.net/n. Also \href{https://example.net/h2}{here}},
}

@online{macro,
  url = base # {page},
}

@article{nodoi,
  doi = {not a doi},
}
"""


def test_extract_every_field_with_lines() -> None:
    targets = extract(loads(BIB, "refs.bib"), resolver="https://resolver.test/")
    got = [(t.key, t.field, t.url, t.line, t.doi) for t in targets]
    assert got == [
        ("web", "url", "https://example.org/a_b?x=1%20", 5, None),
        ("paper", "doi", "https://resolver.test/10.1000/XYZ.123", 10, "10.1000/XYZ.123"),
        ("misc", "howpublished", "http://example.com/h", 15, None),
        ("misc", "note", "https://example.net/h2", 16, None),
        ("misc", "note", "https://example.net/n", 16, None),
        ("macro", "url", "https://example.org/page", 20, None),
        ("nodoi", "doi", "not a doi", 24, "not a doi"),
    ]
    assert targets[0].urldate == "2020-05-01" and targets[0].file == "refs.bib"


def test_normalize_doi() -> None:
    assert normalize_doi("doi:10.1234/abc") == "10.1234/abc"
    assert normalize_doi("https://dx.doi.org/10.1234/abc") == "10.1234/abc"
    assert normalize_doi(r"10.1234/a\_b") == "10.1234/a_b"
    assert normalize_doi("10.12/abc") is None
    assert normalize_doi("hello") is None


def test_urls_in_text_strips_trailing_punctuation() -> None:
    assert urls_in_text("see http://a.example/x, and (http://b.example/y).") == [
        "http://a.example/x",
        "http://b.example/y",
    ]


@given(st.text())
def test_urls_in_text_never_raises_and_finds_only_urls(text: str) -> None:
    for u in urls_in_text(text):
        assert (
            u.lower().startswith(("http://", "https://", "ftp://"))
            or "\\url" in text
            or "\\href" in text
        )


@given(st.from_regex(r"https?://[a-z]{1,10}\.example/[a-z0-9/_-]{0,20}", fullmatch=True))
def test_bare_url_in_note_is_found_whole(url: str) -> None:
    bib = loads("@misc{k, note = {Online at " + url + " today}}\n")
    assert [t.url for t in extract(bib)] == [url]


def test_classify_addresses() -> None:
    cases = {
        "127.0.0.1": "loopback",
        "10.1.2.3": "private",
        "192.168.0.1": "private",
        "169.254.169.254": "link-local",
        "::1": "loopback",
        "fe80::1": "link-local",
        "::ffff:127.0.0.1": "loopback",
        "0.0.0.0": "unspecified",
        "100.64.0.1": "non-public",
        "93.184.216.34": None,
        "2606:4700::1": None,
    }
    for ip, want in cases.items():
        assert classify(ipaddress.ip_address(ip)) == want, ip


def test_policy_allow_networks_and_trusted() -> None:
    p = AddressPolicy.build(allow_networks=["127.0.0.0/28"], trusted=[("resolver.test", 8080)])
    assert p.refusal(ipaddress.ip_address("127.0.0.5")) is None
    assert p.refusal(ipaddress.ip_address("127.0.0.254")) is not None
    assert p.refusal(ipaddress.ip_address("169.254.169.254")) is not None
    assert p.refusal(ipaddress.ip_address("8.8.8.8")) is None
    assert p.is_trusted("RESOLVER.test", 8080) and not p.is_trusted("resolver.test", 80)
    assert AddressPolicy.build(allow_private=True).refusal(ipaddress.ip_address("10.0.0.1")) is None
