"""The reviewed exceptions to CLDR's state names: where the UN names a state otherwise, and a
document we hold shows it, that name.

Every other state name comes from CLDR (`states.py`). A row here exists only where CLDR's name is
not the one the United Nations uses for the party to a treaty, and only in the languages for which
a source we hold writes that name: each name cites its file and line (`NameSource`). The sources:
the UN Treaty Collection's lists of parties (English, `data/participation.csv`, the 2014 scrape),
two Arabic UN documents of the UNTOC Conference of the Parties (`../shared/seeds/`: 001, of
18 March 2024, and 004, the Secretariat's report to the ninth session, October 2018) and the
League of Arab States' list of the Riyadh Agreement's parties (`data/arab_participation.csv`).
A name without such a source is not kept: CLDR's stands (`AWAITING_SOURCE` lists the names
the UN is known to write otherwise, for a reviewer with UNTERM at hand).
`tests/test_state_names.py` checks that each name differs from CLDR's, has a source whose words
hold it, and that every name without a row equals CLDR's.
"""

# module-size: data table

from __future__ import annotations

from dataclasses import dataclass

#: The files the sources cite (the packaged data is a copy of ../shared/data, line for line).
UNTC = "mla_tool/directory/data/participation.csv"
LAS = "mla_tool/directory/data/arab_participation.csv"
COP_2024 = "../shared/seeds/001_a0a78905f895ee12.txt"
COP_2018 = "../shared/seeds/004_e46f347e1914566a.txt"
#: What to know to read the 2018 report: its text was extracted from a PDF.
PDF_ORDER = (
    "the PDF extraction splits and reorders the words of a line; the name's letters are all there"
)


@dataclass(frozen=True)
class NameSource:
    """Where a name is written so: a file we hold, its line (to `end_line`), and the words found
    there (verbatim, without tatweel)."""

    file: str
    line: int
    words: str
    note: str = ""
    end_line: int | None = None


def _untc(line: int, words: str) -> NameSource:
    return NameSource(UNTC, line, words)


def _cop_2018(
    line: int, words: str, note: str = PDF_ORDER, end_line: int | None = None
) -> NameSource:
    return NameSource(COP_2018, line, words, note, end_line)


@dataclass(frozen=True)
class NameOverride:
    """A state's names (by language) that replace CLDR's, why, and where each is written so."""

    iso3: str
    names: dict[str, str]
    reason: str
    sources: dict[str, NameSource]


#: Why the UN's formal names replace CLDR's everyday ones.
_FORMAL = (
    "CLDR gives the everyday name; requests go to the state under the name it is registered "
    "under at the UN and in the depositary's lists of parties"
)
#: Why some English names are spelt out.
_SPELT_OUT = (
    'CLDR\'s English abbreviates ("&"); the UN\'s lists of parties write "and", as a letter to '
    "the state's authorities should"
)

UN_NAMES: tuple[NameOverride, ...] = (
    NameOverride(
        "PSE",
        {"en": "State of Palestine", "ar": "دولة فلسطين"},
        'CLDR names a territory ("Palestinian Territories"); the party to UNCAC and UNTOC is the '
        "State of Palestine, as the depositary names it, and the League of Arab States in Arabic",
        {
            "en": _untc(444, "UNCAC,PSE,State of Palestine"),
            "ar": NameSource(LAS, 15, "الدول المصدقة: 1. دولة فلسطين بتاريخ 28/11/1983"),
        },
    ),
    NameOverride(
        "VAT",
        {"en": "Holy See"},
        "CLDR names the territory (Vatican City); the party to UNTOC and a UN observer State is "
        "the Holy See",
        {"en": _untc(577, "UNTOC,VAT,Holy See")},
    ),
    NameOverride(
        "COD",
        {"en": "Democratic Republic of the Congo", "ar": "جمهورية الكونغو الديمقراطية"},
        'CLDR tells the two Congos apart by their capitals ("Congo - Kinshasa"), which is no '
        "state's name",
        {
            "en": _untc(549, "UNTOC,COD,Democratic Republic of the Congo"),
            "ar": _cop_2018(
                137,
                "ية وجنوب لديمقراط ية الكونغو ا حدة وجمهور يا المت ية تتران طى وجمهور يا الوس "
                "ية أفريق وجمهور",
            ),
        },
    ),
    NameOverride(
        "COG",
        {"en": "Congo", "ar": "الكونغو"},
        'CLDR tells the two Congos apart by their capitals ("Congo - Brazzaville"), which is no '
        "state's name",
        {
            "en": _untc(541, "UNTOC,COG,Congo"),
            "ar": NameSource(COP_2018, 138, "ا).السودان ورواندا وزامبيا والسودان والكونغو وكيني"),
        },
    ),
    NameOverride(
        "MMR",
        {"en": "Myanmar"},
        'CLDR adds the former name in brackets ("Myanmar (Burma)"); the state\'s name at the UN '
        "has none",
        {"en": _untc(621, "UNTOC,MMR,Myanmar")},
    ),
    NameOverride(
        "CIV",
        {"ar": "كوت ديفوار"},
        "the state asked in 1985 that its name not be translated; the UN's Arabic transliterates "
        "it, CLDR's (ساحل العاج) translates it",
        {
            "ar": NameSource(
                COP_2024, 203, "والمكسيك (أيار/مايو 2022)، وكوت ديفوار (أيلول/سبتمبر 2022)"
            )
        },
    ),
    NameOverride(
        "CPV",
        {"en": "Cabo Verde", "ar": "كابو فيردي"},
        'at the state\'s request (2013) the UN writes "Cabo Verde" untranslated; CLDR still '
        "translates it in en and ar",
        {
            "en": _untc(531, "UNTOC,CPV,Cabo Verde"),
            "ar": NameSource(COP_2018, 93, "كينيا، كابو فيردي، فرنسا"),
        },
    ),
    NameOverride(
        "KOR",
        {"en": "Republic of Korea", "ar": "جمهورية كوريا"},
        _FORMAL,
        {
            "en": _untc(641, "UNTOC,KOR,Republic of Korea"),
            "ar": NameSource(COP_2018, 282, "(جمهورية كوريا،"),
        },
    ),
    NameOverride(
        "PRK",
        {"en": "Democratic People's Republic of Korea"},
        _FORMAL,
        {"en": _untc(152, "DRUGS1988,PRK,Democratic People's Republic of Korea")},
    ),
    NameOverride(
        "IRN",
        {"en": "Iran (Islamic Republic of)", "ar": "جمهورية إيران الإسلامية"},
        _FORMAL + " (ar: as the UN's Arabic text writes it in a sentence)",
        {
            "en": _untc(583, "UNTOC,IRN,Iran (Islamic Republic of)"),
            "ar": NameSource(COP_2018, 344, "في جمهورية إيران الإسلامية، وشارك فيه"),
        },
    ),
    NameOverride(
        "SYR",
        {"en": "Syrian Arab Republic"},
        _FORMAL,
        {"en": _untc(667, "UNTOC,SYR,Syrian Arab Republic")},
    ),
    NameOverride(
        "RUS",
        {"en": "Russian Federation", "ar": "الاتحاد الروسي"},
        _FORMAL,
        {
            "en": _untc(644, "UNTOC,RUS,Russian Federation"),
            "ar": _cop_2018(
                95, ".المملكة العربية السعودية ،المكسيك ،الجزائر ،سبانياالروسي، إ الاتحاد"
            ),
        },
    ),
    NameOverride(
        "GBR",
        {
            "en": "United Kingdom of Great Britain and Northern Ireland",
            "ar": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        },
        _FORMAL,
        {
            "en": _untc(681, "UNTOC,GBR,United Kingdom of Great Britain and Northern Ireland"),
            "ar": _cop_2018(93, "، يرلندا الشماليةوأ المملكة المتحدة لبريطانيا العظمى،"),
        },
    ),
    NameOverride(
        "MDA",
        {"en": "Republic of Moldova"},
        _FORMAL,
        {"en": _untc(642, "UNTOC,MDA,Republic of Moldova")},
    ),
    NameOverride(
        "USA",
        {"en": "United States of America", "ar": "الولايات المتحدة الأمريكية"},
        _FORMAL,
        {
            "en": _untc(683, "UNTOC,USA,United States of America"),
            "ar": _cop_2018(94, ". الأمريكية الولايات المتحدة،"),
        },
    ),
    NameOverride(
        "BOL",
        {"en": "Bolivia (Plurinational State of)", "ar": "دولة بوليفيا المتعددة القوميات"},
        _FORMAL + " (ar: as the UN's Arabic text writes it in a list of states)",
        {
            "en": _untc(523, "UNTOC,BOL,Bolivia (Plurinational State of)"),
            "ar": _cop_2018(
                199,
                "دولة بوليفيا المتعددة ، غواتيمالا، المكسيك، بيرو، الهند، الولايات المتحدةعدد "
                "المستعملين: المملكة المتحدة.، الفلبين، ياكولومب، الأرجنتين، القوميات",
                PDF_ORDER + " (the last word of the name is on the next line)",
                end_line=200,
            ),
        },
    ),
    NameOverride(
        "VEN",
        {"en": "Venezuela (Bolivarian Republic of)"},
        _FORMAL,
        {"en": _untc(687, "UNTOC,VEN,Venezuela (Bolivarian Republic of)")},
    ),
    NameOverride(
        "TZA",
        {"en": "United Republic of Tanzania", "ar": "جمهورية تنزانيا المتحدة"},
        _FORMAL,
        {
            "en": _untc(682, "UNTOC,TZA,United Republic of Tanzania"),
            "ar": NameSource(
                COP_2018,
                92,
                "رومانيا، جمهورية تترانيا المتحدة، جامايكا",
                "the PDF extraction reads the ligature of نز as تر (تترانيا), here and on line "
                "137; the name is otherwise as written",
            ),
        },
    ),
    NameOverride(
        "LAO",
        {"en": "Lao People's Democratic Republic"},
        _FORMAL,
        {"en": _untc(596, "UNTOC,LAO,Lao People's Democratic Republic")},
    ),
    NameOverride(
        "FSM",
        {"en": "Micronesia (Federated States of)"},
        _FORMAL,
        {"en": _untc(615, "UNTOC,FSM,Micronesia (Federated States of)")},
    ),
    NameOverride(
        "BRN",
        {"en": "Brunei Darussalam"},
        _FORMAL,
        {"en": _untc(527, "UNTOC,BRN,Brunei Darussalam")},
    ),
    NameOverride(
        "VNM",
        {"en": "Viet Nam"},
        _FORMAL,
        {"en": _untc(688, "UNTOC,VNM,Viet Nam")},
    ),
    NameOverride(
        "ATG",
        {"en": "Antigua and Barbuda"},
        _SPELT_OUT,
        {"en": _untc(508, "UNTOC,ATG,Antigua and Barbuda")},
    ),
    NameOverride(
        "BIH",
        {"en": "Bosnia and Herzegovina"},
        _SPELT_OUT,
        {"en": _untc(524, "UNTOC,BIH,Bosnia and Herzegovina")},
    ),
    NameOverride(
        "KNA",
        {"en": "St. Kitts and Nevis"},
        _SPELT_OUT,
        {"en": _untc(659, "UNTOC,KNA,St. Kitts and Nevis")},
    ),
    NameOverride(
        "VCT",
        {"en": "St. Vincent and the Grenadines"},
        _SPELT_OUT,
        {"en": _untc(661, "UNTOC,VCT,St. Vincent and the Grenadines")},
    ),
    NameOverride(
        "STP",
        {"en": "Sao Tome and Principe"},
        _SPELT_OUT + ", without accents",
        {"en": _untc(647, "UNTOC,STP,Sao Tome and Principe")},
    ),
    NameOverride(
        "TTO",
        {"en": "Trinidad and Tobago"},
        _SPELT_OUT,
        {"en": _untc(674, "UNTOC,TTO,Trinidad and Tobago")},
    ),
)

_FORMAL_ELSEWHERE = "the formal name in fr, es, ru and zh"

#: Names the UN is known to write otherwise than CLDR, left as CLDR has them because no source we
#: hold shows the UN's spelling (a reviewer with UNTERM adds a row, and its source, for each).
AWAITING_SOURCE: dict[str, str] = {
    "TUR": 'fr, es "Türkiye" and ru "Тюркийе" (since 2022): our UN sources are older or English',
    "PSE": "fr, es, ru, zh, pt, de: the State of Palestine",
    "VAT": "ar, fr, es, ru, zh, pt, de: the Holy See (ar الكرسي الرسولي)",
    "COD": "fr, ru, zh, pt, de: without the capital",
    "COG": "fr, ru, zh, de: without the capital",
    "MMR": "ar, fr, es, ru, pt: without the former name",
    "CPV": 'fr: "Cabo Verde"',
    "EUU": "zh: 欧洲联盟 rather than the abbreviation 欧盟",
    **{iso3: _FORMAL_ELSEWHERE for iso3 in ("KOR", "IRN", "RUS", "GBR", "USA", "BOL", "TZA")},
    **{
        iso3: _FORMAL_ELSEWHERE + " and ar"
        for iso3 in ("PRK", "SYR", "MDA", "VEN", "LAO", "FSM", "BRN", "VNM")
    },
}

#: Names checked and left as CLDR has them, and why (so that nobody "fixes" them by hand).
KEPT_FROM_CLDR: dict[str, str] = {
    "TWN": "CLDR's \"Taiwan\" is kept: the UN has no short name for it as a state, and ISO's "
    '"Taiwan, Province of China" is a statement no document needs to make (no treaty data '
    "of the directory names it)",
    "NLD": 'CLDR\'s "Netherlands" is kept: the UN\'s "Netherlands (Kingdom of the)" names the '
    "whole Kingdom, while NLD is the European country; Aruba, Curaçao and Sint Maarten have "
    "codes of their own",
    "HKG": "CLDR's name of the Special Administrative Region is kept: not a state, it has its "
    "own mutual legal assistance law, and CLDR's name says that it is part of China",
    "MAC": "as HKG",
    "CZE": "CLDR's \"Czechia\" is the UN's short name in every language",
    "MKD": "CLDR's \"North Macedonia\" is the UN's short name in every language",
    "SWZ": "CLDR's \"Eswatini\" is the UN's short name in every language",
}
