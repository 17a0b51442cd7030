"""Acceptance test for the foundation issue: the 50 seed references.

``tests/fixtures/fields/seeds.txt`` holds the numbered reference lines of the two
seed documents (a Wikipedia footnote list and a journal reference list). The
expected values below were written by hand, reading each reference: entry type,
authors ("Family, Given" or an organisation kept whole), editors, and *every*
field. Conventions (see ``bibman.freetext.fields``): web pages and documents are
``misc`` with the site or publishing body in ``howpublished``; newspaper
articles are ``article`` with ``entrysubtype = newspaper``; medium notes such as
"(PDF)" or "(Online web)" go to ``note``; access dates to ``urldate`` (ISO).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bibman.freetext.fields import parse_reference
from bibman.freetext.names import name_str

SEEDS = Path(__file__).parent / "fixtures" / "fields" / "seeds.txt"
LINES = [line for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()]

EXPECTED: list[tuple[str, list[str], list[str], dict[str, str]]] = [
    # 1. ^ Running A Huge Risk Center for Defense Information
    (
        "misc",
        [],
        [],
        {"title": "Running A Huge Risk", "howpublished": "Center for Defense Information"},
    ),
    # 2. ^ Joint Statement Between the United States of America and the Republic of Kazakhstan T
    (
        "misc",
        [],
        [],
        {
            "title": "Joint Statement Between the United States of America and the Republic of Kazakhstan",
            "howpublished": "The White House",
        },
    ),
    # 3. ^ Boris Shiryayev, Großmächte auf dem Weg zur neuen Konfrontation?. Das „Great Game“ am
    (
        "book",
        ["Shiryayev, Boris"],
        [],
        {
            "title": "Großmächte auf dem Weg zur neuen Konfrontation?. Das „Great Game“ am Kaspischen "
            "Meer: eine Untersuchung der neuen Konfliktlage am Beispiel Kasachstan",
            "publisher": "Verlag Dr. Kovac",
            "address": "Hamburg",
            "year": "2008",
        },
    ),
    # 4. ^ Five Years After 9/11: Crackdowns loom behind Central Asia's War On Terror RadioFreeE
    (
        "misc",
        [],
        [],
        {
            "title": "Five Years After 9/11: Crackdowns loom behind Central Asia's War On Terror",
            "howpublished": "RadioFreeEurope/RadioLiberty",
        },
    ),
    # 5. ^ Kazakhstan: President looks to build on alliance with Putin RadioFreeEurope/RadioLibe
    (
        "misc",
        [],
        [],
        {
            "title": "Kazakhstan: President looks to build on alliance with Putin",
            "howpublished": "RadioFreeEurope/RadioLiberty",
        },
    ),
    # 6. ^ U.S. envoy touts Kazakhstan's post-Soviet advances SignOnSanDiego
    (
        "misc",
        [],
        [],
        {
            "title": "U.S. envoy touts Kazakhstan's post-Soviet advances",
            "howpublished": "SignOnSanDiego",
        },
    ),
    # 7. ^ a b Statement by Colonel General M.K. Altynbayev, Minister of Defense of the Republic
    (
        "misc",
        [],
        [],
        {
            "title": "Statement by Colonel General M.K. Altynbayev, Minister of Defense of the Republic of "
            "Kazakhstan, at the Euro-Atlantic Partnership Council in Defence Ministers session",
            "howpublished": "North Atlantic Treaty Organization",
        },
    ),
    # 8. ^ a b Kazakhstan, U.S. Military Assistance Prior to Sept. 11, 2001 Center for Defense I
    (
        "misc",
        [],
        [],
        {
            "title": "Kazakhstan, U.S. Military Assistance Prior to Sept. 11, 2001",
            "howpublished": "Center for Defense Information",
        },
    ),
    # 9. ^ U.S. Assistance to Kazakhstan - Fiscal Year 2003 U.S. Department of State
    (
        "misc",
        [],
        [],
        {
            "title": "U.S. Assistance to Kazakhstan - Fiscal Year 2003",
            "howpublished": "U.S. Department of State",
        },
    ),
    # 10. ^ Use Religion To Fight Terrorism Says Kazakhstan President Space War
    (
        "misc",
        [],
        [],
        {
            "title": "Use Religion To Fight Terrorism Says Kazakhstan President",
            "howpublished": "Space War",
        },
    ),
    # 11. ^ OARDEC (May 15, 2006). "List of Individuals Detained by the Department of Defense at
    (
        "misc",
        ["OARDEC"],
        [],
        {
            "title": "List of Individuals Detained by the Department of Defense at Guantanamo Bay, Cuba "
            "from January 2002 through May 15, 2006",
            "year": "2006",
            "month": "5",
            "date": "2006-05-15",
            "howpublished": "United States Department of Defense",
            "url": "http://www.dod.mil/news/May2006/d20060515%20List.pdf",
            "urldate": "2007-09-29",
            "note": "PDF",
        },
    ),
    # 12. ^ Kazakhstan, Russia ready for close cooperation with USA in combating extremism Pravd
    (
        "misc",
        [],
        [],
        {
            "title": "Kazakhstan, Russia ready for close cooperation with USA in combating extremism",
            "howpublished": "Pravda",
        },
    ),
    # 13. ^ a b Kazakhstan tries to balance disparate interests Eurasia Net
    (
        "misc",
        [],
        [],
        {"title": "Kazakhstan tries to balance disparate interests", "howpublished": "Eurasia Net"},
    ),
    # 14. ^ a b Kazakhstan Under Pressure To Choose One Strategic Partner EurasiaNet
    (
        "misc",
        [],
        [],
        {
            "title": "Kazakhstan Under Pressure To Choose One Strategic Partner",
            "howpublished": "EurasiaNet",
        },
    ),
    # 15. ^ Kazakhstan Country Page National Conference on Soviet Jewry
    (
        "misc",
        [],
        [],
        {"title": "Kazakhstan Country Page", "howpublished": "National Conference on Soviet Jewry"},
    ),
    # 16. ^ U.S. Reviewing Options in Central Asia Eurasia Daily Monitor
    (
        "misc",
        [],
        [],
        {
            "title": "U.S. Reviewing Options in Central Asia",
            "howpublished": "Eurasia Daily Monitor",
        },
    ),
    # 17. ^ No U.S. Base in Kazakhstan– Central Command Chief MOSNEWS
    (
        "misc",
        [],
        [],
        {"title": "No U.S. Base in Kazakhstan– Central Command Chief", "howpublished": "MOSNEWS"},
    ),
    # 18. ^ Official visit of US Secretary of State Condoleezza Rice to Kazakhstan Embassy of th
    (
        "misc",
        [],
        [],
        {
            "title": "Official visit of US Secretary of State Condoleezza Rice to Kazakhstan",
            "howpublished": "Embassy of the Republic of Kazakhstan in India",
        },
    ),
    # 19. ^ a b Kazakhstan journalists gather information on war against terrorism UCLA Internat
    (
        "misc",
        [],
        [],
        {
            "title": "Kazakhstan journalists gather information on war against terrorism",
            "howpublished": "UCLA International Institute",
        },
    ),
    # 1. Embassy of the Republic of Kazakhstan (2010): Joint Statement on the meeting between Pr
    (
        "misc",
        ["Embassy of the Republic of Kazakhstan"],
        [],
        {
            "title": "Joint Statement on the meeting between President Obama and Kazakhstan President "
            "Nazarbayev",
            "address": "Washington",
            "year": "2010",
        },
    ),
    # 2. *Embassy of the Republic of Kazakhstan Washington, D.C., “Nuclear non-proliferation & S
    (
        "misc",
        ["Embassy of the Republic of Kazakhstan"],
        [],
        {
            "title": "Nuclear non-proliferation & Security",
            "address": "Washington, D.C.",
            "url": "https://kazakhembus.com/foreign-policy/nuclear-nonproliferation-security",
        },
    ),
    # 3. *Embassy of the Republic of Kazakhstan, “Kazakhstan-US Relations: Washington”, URL: htt
    (
        "misc",
        ["Embassy of the Republic of Kazakhstan"],
        [],
        {
            "title": "Kazakhstan-US Relations: Washington",
            "url": "https://kazakhembus.com/us-relations",
        },
    ),
    # 4. *Embassy of the United States: Supporting Human Rights and Democracy: U.S. Record 2004-
    (
        "misc",
        ["Embassy of the United States"],
        [],
        {
            "title": "Supporting Human Rights and Democracy: U.S. Record 2004-2005 on Kazakhstan",
            "url": "https://www.usembassy.kz/documents/support-hrr-kaz-en.html",
        },
    ),
    # 5. *The Ministry of Foreign Affairs, Republic of Kazakhstan, “Kazakhstan – United States r
    (
        "misc",
        ["The Ministry of Foreign Affairs, Republic of Kazakhstan"],
        [],
        {
            "title": "Kazakhstan – United States relations",
            "url": "http://mfa.gov.kz/en/content-view/sotrudnichestvo-respubliki-kazakhstan-s-soedinennymi-shtatami-ameriki",
        },
    ),
    # 6. *U.S. Department of state, Diplomacy in Action, (2018), “U.S. Relations with Kazakhstan
    (
        "misc",
        ["U.S. Department of state, Diplomacy in Action"],
        [],
        {
            "title": "U.S. Relations with Kazakhstan",
            "year": "2018",
            "url": "https://www.state.gov/r/pa/ei/bgn/5487.htm",
        },
    ),
    # 7. Chaudhury, D.R (2009), “Contemporary Kazakhstan Success Story of Nation Building, New D
    (
        "book",
        ["Chaudhury, D. R."],
        [],
        {
            "title": "Contemporary Kazakhstan Success Story of Nation Building",
            "publisher": "Haranand Publications Pvt Ltd",
            "address": "New Delhi",
            "year": "2009",
        },
    ),
    # 8. Chevron News (2008): Major Expansion at Tengiz Field in Kazakhstan Completed, (Online w
    (
        "misc",
        ["Chevron News"],
        [],
        {
            "title": "Major Expansion at Tengiz Field in Kazakhstan Completed",
            "year": "2008",
            "url": "https://www.chevron.com/stories/major-expansion-at-tengiz-field-in-kazakhstan-completed",
            "urldate": "2019-04-28",
            "note": "Online web",
        },
    ),
    # 9. Counterpart International, “Kazakhstan Civil Society Strengthening (2011-2014)”, access
    (
        "misc",
        ["Counterpart International"],
        [],
        {
            "title": "Kazakhstan Civil Society Strengthening (2011-2014)",
            "url": "https://www.counterpart.org/projects/kazakhstan-civil-society-strengthening/",
            "urldate": "2019-01-02",
        },
    ),
    # 10. Feigenbaum, E.A (2006), “Kazakhstan and the United States in a Changed World”, China a
    (
        "article",
        ["Feigenbaum, E. A."],
        [],
        {
            "title": "Kazakhstan and the United States in a Changed World",
            "journal": "China and Eurasia Forum Quarterly",
            "year": "2006",
            "volume": "4",
            "number": "4",
            "pages": "7-13",
            "url": "https://www.files.ethz.ch/isn/131571/kazakhstanindependence.pdf",
            "urldate": "2019-01-10",
        },
    ),
    # 11. Hanks, Reuel R. (2009) "‘Multi-vector politics' and Kazakhstan's emerging role as a ge
    (
        "article",
        ["Hanks, Reuel R."],
        [],
        {
            "title": "‘Multi-vector politics' and Kazakhstan's emerging role as a geostrategic player in "
            "Central Asia",
            "journal": "Journal of Balkan and Near Eastern Studies",
            "year": "2009",
            "volume": "11",
            "number": "3",
            "pages": "257-267",
        },
    ),
    # 12. Kukeyeva, Fatima (2006), “Kazakhstan-U.S Relations: Some Perspectives”, Himalayan and
    (
        "article",
        ["Kukeyeva, Fatima"],
        [],
        {
            "title": "Kazakhstan-U.S Relations: Some Perspectives",
            "journal": "Himalayan and Central Asian Studies",
            "year": "2006",
            "volume": "10",
            "number": "4",
            "pages": "35-44",
        },
    ),
    # 13. Lederer, M (1994), “Western Business Will Be Kazakhstan’s Main Security Guarantee”, AP
    (
        "article",
        ["Lederer, M."],
        [],
        {
            "title": "Western Business Will Be Kazakhstan’s Main Security Guarantee",
            "journal": "AP News",
            "year": "1994",
            "entrysubtype": "newspaper",
            "url": "https://apnews.com/fff025bc745b6f628fb56a6e35802048",
            "urldate": "2019-04-28",
        },
    ),
    # 14. McDaniel, Harvey (2013), "US-Kazakhstan Relations: Under Siege”, (Online web), accesse
    (
        "misc",
        ["McDaniel, Harvey"],
        [],
        {
            "title": "US-Kazakhstan Relations: Under Siege",
            "year": "2013",
            "url": "http://www.examiner.com/article/us-kazakhstan-relations-under-seige",
            "urldate": "2019-04-28",
            "note": "Online web",
        },
    ),
    # 15. McDermott, Roger N (2008), "The United States and NATO Military Cooperation with Kazak
    (
        "article",
        ["McDermott, Roger N."],
        [],
        {
            "title": "The United States and NATO Military Cooperation with Kazakhstan: The Need for a New "
            "Approach",
            "journal": "Journal of Slavic Military Studies",
            "year": "2008",
            "volume": "21",
            "pages": "615-641",
        },
    ),
    # 16. Mukhtarov, D. (2013), “U.S. Chevron’s investment in Kazakhstan's Tengiz field totals $
    (
        "misc",
        ["Mukhtarov, D."],
        [],
        {
            "title": "U.S. Chevron’s investment in Kazakhstan's Tengiz field totals $20 billion",
            "year": "2013",
            "url": "http://en.trend.az/capital/energy/2135239.html",
            "urldate": "2019-01-05",
            "note": "Online web",
        },
    ),
    # 17. Nichol, Jim (2013), “Kazakhstan: Recent Developments and U.S. Interests”, Library of C
    (
        "misc",
        ["Nichol, Jim"],
        [],
        {
            "title": "Kazakhstan: Recent Developments and U.S. Interests",
            "year": "2013",
            "howpublished": "Library of Congress Washington Congressional Research Service",
            "url": "http://www.fas.org/sgp/crs/row/97-1058.pdf",
            "urldate": "2018-12-12",
            "note": "Online web",
        },
    ),
    # 18. Nurgaliev, M (2007), "Kazakh-US Military-Political Cooperation in the Context of US Ge
    (
        "article",
        ["Nurgaliev, M."],
        [],
        {
            "title": "Kazakh-US Military-Political Cooperation in the Context of US Geopolitical Interests "
            "in Central Asia",
            "journal": "Central Asia and the Caucasus",
            "year": "2007",
            "volume": "2",
            "number": "44",
            "pages": "52-61",
        },
    ),
    # 19. Oliker, Olga (2007), “Kazakhstan’s Security Interests and Their Implications for the U
    (
        "article",
        ["Oliker, Olga"],
        [],
        {
            "title": "Kazakhstan’s Security Interests and Their Implications for the U.S.-Kazakh "
            "Relationship",
            "journal": "China and Eurasia Forum Quarterly",
            "year": "2007",
            "volume": "5",
            "number": "2",
            "pages": "63-72",
        },
    ),
    # 20. Rodriguez, A. (2005), “US closes air base in Uzbekistan amid uprising dispute: Karimov
    (
        "article",
        ["Rodriguez, A."],
        [],
        {
            "title": "US closes air base in Uzbekistan amid uprising dispute: Karimov ordered shutdown "
            "after calls for inquiry",
            "journal": "The Boston Globe",
            "note": "Chicago",
            "year": "2005",
            "month": "11",
            "date": "2005-11-22",
            "entrysubtype": "newspaper",
        },
    ),
    # 21. Sultanov, B.K. (2010), “Kazakhstan Today”, Almaty: Scientific Publication
    (
        "book",
        ["Sultanov, B. K."],
        [],
        {
            "title": "Kazakhstan Today",
            "publisher": "Scientific Publication",
            "address": "Almaty",
            "year": "2010",
        },
    ),
    # 22. The Oil and Gas Year, “Kazakhstan Overview: Kazakhstan: Refine and expand”, accessed o
    (
        "misc",
        ["The Oil and Gas Year"],
        [],
        {
            "title": "Kazakhstan Overview: Kazakhstan: Refine and expand",
            "url": "https://www.theoilandgasyear.com/market/kazakhstan/",
            "urldate": "2019-02-12",
        },
    ),
    # 23. Thu, Pham Minh (2010), “Energy and Geopolitics: American Power Projection towards Kaza
    (
        "misc",
        ["Thu, Pham Minh"],
        [],
        {
            "title": "Energy and Geopolitics: American Power Projection towards Kazakhstan",
            "year": "2010",
            "url": "http://epa.iias.asia/files/Pham%20Thu%20Energy%20and%20Geopolitics.pdf",
            "urldate": "2019-01-12",
            "note": "online web",
        },
    ),
    # 24. Tokaev, Kassymzhomart (2004), “Kazakhstan: From Renouncing Nuclear Weapons to Building
    (
        "article",
        ["Tokaev, Kassymzhomart"],
        [],
        {
            "title": "Kazakhstan: From Renouncing Nuclear Weapons to Building Democracy",
            "journal": "American Foreign Policy Interests",
            "year": "2004",
            "volume": "26",
            "pages": "93-97",
        },
    ),
    # 25. Rostow, N. (2002). Before and after: The changed UN response to terrorism since Septem
    (
        "article",
        ["Rostow, N."],
        [],
        {
            "title": "Before and after: The changed UN response to terrorism since September 11th",
            "journal": "Cornell International Law Journal",
            "year": "2002",
            "volume": "35",
            "number": "3",
            "pages": "475-490",
        },
    ),
    # 26. US Ambassador speaks about cooperation between US and Kazakhstan", TengriNews. Accesse
    (
        "misc",
        [],
        [],
        {
            "title": "US Ambassador speaks about cooperation between US and Kazakhstan",
            "howpublished": "TengriNews",
            "url": "https://en.tengrinews.kz/politics_sub/US-Ambassador-speaks-about-cooperation-between-US-and-260606/",
            "urldate": "2019-02-12",
        },
    ),
    # 27. Varadarajan, S. (2005), “Central Asia: China and Russia up the ante”, The Hindu, Chenn
    (
        "article",
        ["Varadarajan, S."],
        [],
        {
            "title": "Central Asia: China and Russia up the ante",
            "journal": "The Hindu",
            "note": "Chennai",
            "year": "2005",
            "month": "7",
            "date": "2005-07-08",
            "entrysubtype": "newspaper",
        },
    ),
    # 28. Weitz, Richard (2008), “Kazakhstan and the New International Politics of Eurasia”, Was
    (
        "techreport",
        ["Weitz, Richard"],
        [],
        {
            "title": "Kazakhstan and the New International Politics of Eurasia",
            "institution": "Central Asia-Caucasus Institute Silk Road Studies Program",
            "address": "Washington",
            "year": "2008",
            "type": "Silk Road Paper",
        },
    ),
    # 29. Weitz, Richard (2012), “New Kazakhstan-US Energy Partnership Plan Adopted”, the Jamest
    (
        "article",
        ["Weitz, Richard"],
        [],
        {
            "title": "New Kazakhstan-US Energy Partnership Plan Adopted",
            "journal": "Eurasia Daily Monitor",
            "year": "2012",
            "volume": "9",
            "number": "201",
            "url": "http://www.jamestown.org/single/?no_cache=1&tx_ttnews%5Btt_news%5D=40059&tx_ttnews%5BbackPid%5D=587#.U8-lNvmSyPs",
            "urldate": "2019-04-26",
            "note": "the Jamestown Foundation; Online web",
        },
    ),
    # 30. Yerzhan, B. A (2009),” Foreign policy of Kazakhstan”, in Arun Mohanty & Sumant Swain (
    (
        "incollection",
        ["Yerzhan, B. A."],
        ["Mohanty, Arun", "Swain, Sumant"],
        {
            "title": "Foreign policy of Kazakhstan",
            "booktitle": "Contemporary Kazakhstan: the Way Ahead",
            "publisher": "Axis Publication",
            "address": "New Delhi",
            "year": "2009",
        },
    ),
    # 31. Yesdauletova, A. (2009), “Kazakhstan’s energy policy: Its evolution and tendencies”, J
    (
        "article",
        ["Yesdauletova, A."],
        [],
        {
            "title": "Kazakhstan’s energy policy: Its evolution and tendencies",
            "journal": "Journal of US-China Public Administration",
            "year": "2009",
            "volume": "6",
            "number": "4",
            "pages": "31-39",
        },
    ),
]


def test_fifty_seeds() -> None:
    assert len(LINES) == 50
    assert len(EXPECTED) == 50


@pytest.mark.parametrize(("line", "expected"), list(zip(LINES, EXPECTED, strict=True)))
def test_seed_reference(
    line: str, expected: tuple[str, list[str], list[str], dict[str, str]]
) -> None:
    typ, authors, editors, fields = expected
    ref = parse_reference(line)
    assert ref.type == typ
    assert [name_str(n) for n in ref.authors] == authors
    assert [name_str(n) for n in ref.editors] == editors
    assert dict(ref.fields) == fields
    assert 0.0 <= ref.confidence <= 1.0


def test_organisations_are_whole_names() -> None:
    for line, (_, authors, _, _) in zip(LINES, EXPECTED, strict=True):
        ref = parse_reference(line)
        for n, want in zip(ref.authors, authors, strict=True):
            if "," not in want or want.startswith(("The ", "U.S. ")):
                assert n.literal == want
