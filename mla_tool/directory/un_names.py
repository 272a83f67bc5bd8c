"""The reviewed exceptions to CLDR's state names: where the UN names a state otherwise, its name.

Every other state name comes from CLDR (`states.py`). A row here exists only where CLDR's name is
not the one the United Nations uses for the party to a treaty: the UN's official short name in its
six languages (ar en es fr ru zh; UNTERM and the UN's list of Member States), and, in Portuguese and
German, only where CLDR's name is not the state's name at all (a territory, a capital). Each row
says why; `tests/test_state_names.py` checks that each name differs from CLDR's and that every
name without a row equals CLDR's.
"""

# module-size: data table

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameOverride:
    """A state's names (by language) that replace CLDR's, and why."""

    iso3: str
    names: dict[str, str]
    reason: str


#: Why the UN's formal short names replace CLDR's everyday ones in the six UN languages.
_FORMAL = (
    "CLDR gives the everyday name; requests go to the state under the official short name it "
    "is registered under at the UN and in the depositary's lists of parties"
)
#: Why some English names are spelt out.
_SPELT_OUT = (
    'CLDR\'s English abbreviates ("&", "St."); the UN writes the Member State\'s name out, '
    "as a letter to its authorities should"
)

UN_NAMES: tuple[NameOverride, ...] = (
    NameOverride(
        "PSE",
        {
            "en": "State of Palestine",
            "ar": "دولة فلسطين",
            "fr": "État de Palestine",
            "es": "Estado de Palestina",
            "ru": "Государство Палестина",
            "zh": "巴勒斯坦国",
            "pt": "Estado da Palestina",
            "de": "Staat Palästina",
        },
        'CLDR names a territory ("Palestinian Territories"); the party to UNCAC and UNTOC is the '
        "State of Palestine, a UN observer State (GA res. 67/19), as the depositary names it",
    ),
    NameOverride(
        "VAT",
        {
            "en": "Holy See",
            "ar": "الكرسي الرسولي",
            "fr": "Saint-Siège",
            "es": "Santa Sede",
            "ru": "Святой Престол",
            "zh": "教廷",
            "pt": "Santa Sé",
            "de": "Heiliger Stuhl",
        },
        "CLDR names the territory (Vatican City); the subject of international law that is party "
        "to UNTOC and UNCAC and a UN observer State is the Holy See",
    ),
    NameOverride(
        "COD",
        {
            "en": "Democratic Republic of the Congo",
            "ar": "جمهورية الكونغو الديمقراطية",
            "fr": "République démocratique du Congo",
            "ru": "Демократическая Республика Конго",
            "zh": "刚果民主共和国",
            "pt": "República Democrática do Congo",
            "de": "Demokratische Republik Kongo",
        },
        'CLDR tells the two Congos apart by their capitals ("Congo - Kinshasa"), which is no '
        "state's name; the UN's name (es: CLDR's is the same)",
    ),
    NameOverride(
        "COG",
        {
            "en": "Congo",
            "ar": "الكونغو",
            "fr": "Congo",
            "ru": "Конго",
            "zh": "刚果",
            "de": "Kongo",
        },
        'CLDR tells the two Congos apart by their capitals ("Congo - Brazzaville"), which is no '
        "state's name; the UN's name (es, pt: CLDR's is already a state's name)",
    ),
    NameOverride(
        "MMR",
        {
            "en": "Myanmar",
            "ar": "ميانمار",
            "fr": "Myanmar",
            "es": "Myanmar",
            "ru": "Мьянма",
            "pt": "Mianmar",
        },
        'CLDR adds the former name in brackets ("Myanmar (Burma)"); the state\'s name at the UN '
        "since 1989 has none",
    ),
    NameOverride(
        "TUR",
        {"fr": "Türkiye", "es": "Türkiye", "ru": "Тюркийе"},
        'at the state\'s request the UN has written "Türkiye" since June 2022, in French and '
        "Spanish as in English and transliterated in Russian; CLDR still has the old names there "
        '(its en is already "Türkiye"; ar تركيا and zh 土耳其 are what the UN writes)',
    ),
    NameOverride(
        "CIV",
        {"ar": "كوت ديفوار"},
        "the state asked in 1985 that its name not be translated; the UN's Arabic transliterates "
        "it, CLDR's (ساحل العاج) translates it",
    ),
    NameOverride(
        "CPV",
        {"en": "Cabo Verde", "ar": "كابو فيردي", "fr": "Cabo Verde"},
        'at the state\'s request (2013) the UN writes "Cabo Verde" untranslated; CLDR still '
        "translates it in en, ar and fr",
    ),
    NameOverride(
        "KOR",
        {
            "en": "Republic of Korea",
            "ar": "جمهورية كوريا",
            "fr": "République de Corée",
            "es": "República de Corea",
            "zh": "大韩民国",
        },
        _FORMAL + " (ru: CLDR's is the same)",
    ),
    NameOverride(
        "PRK",
        {
            "en": "Democratic People's Republic of Korea",
            "ar": "جمهورية كوريا الشعبية الديمقراطية",
            "fr": "République populaire démocratique de Corée",
            "es": "República Popular Democrática de Corea",
            "ru": "Корейская Народно-Демократическая Республика",
            "zh": "朝鲜民主主义人民共和国",
        },
        _FORMAL + " (ru: CLDR has only the abbreviation КНДР)",
    ),
    NameOverride(
        "IRN",
        {
            "en": "Iran (Islamic Republic of)",
            "ar": "إيران (جمهورية - الإسلامية)",
            "fr": "Iran (République islamique d')",
            "es": "Irán (República Islámica del)",
            "ru": "Иран (Исламская Республика)",
            "zh": "伊朗伊斯兰共和国",
        },
        _FORMAL,
    ),
    NameOverride(
        "SYR",
        {
            "en": "Syrian Arab Republic",
            "ar": "الجمهورية العربية السورية",
            "fr": "République arabe syrienne",
            "es": "República Árabe Siria",
            "ru": "Сирийская Арабская Республика",
            "zh": "阿拉伯叙利亚共和国",
        },
        _FORMAL,
    ),
    NameOverride(
        "RUS",
        {
            "en": "Russian Federation",
            "ar": "الاتحاد الروسي",
            "fr": "Fédération de Russie",
            "es": "Federación de Rusia",
            "ru": "Российская Федерация",
            "zh": "俄罗斯联邦",
        },
        _FORMAL,
    ),
    NameOverride(
        "GBR",
        {
            "en": "United Kingdom of Great Britain and Northern Ireland",
            "ar": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
            "fr": "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
            "es": "Reino Unido de Gran Bretaña e Irlanda del Norte",
            "ru": "Соединенное Королевство Великобритании и Северной Ирландии",
            "zh": "大不列颠及北爱尔兰联合王国",
        },
        _FORMAL,
    ),
    NameOverride(
        "MDA",
        {
            "en": "Republic of Moldova",
            "ar": "جمهورية مولدوفا",
            "fr": "République de Moldova",
            "es": "República de Moldova",
            "ru": "Республика Молдова",
            "zh": "摩尔多瓦共和国",
        },
        _FORMAL,
    ),
    NameOverride(
        "USA",
        {
            "en": "United States of America",
            "ar": "الولايات المتحدة الأمريكية",
            "fr": "États-Unis d'Amérique",
            "es": "Estados Unidos de América",
            "ru": "Соединенные Штаты Америки",
            "zh": "美利坚合众国",
        },
        _FORMAL,
    ),
    NameOverride(
        "BOL",
        {
            "en": "Bolivia (Plurinational State of)",
            "ar": "بوليفيا (دولة - المتعددة القوميات)",
            "fr": "Bolivie (État plurinational de)",
            "es": "Bolivia (Estado Plurinacional de)",
            "ru": "Боливия (Многонациональное Государство)",
            "zh": "多民族玻利维亚国",
        },
        _FORMAL,
    ),
    NameOverride(
        "VEN",
        {
            "en": "Venezuela (Bolivarian Republic of)",
            "ar": "فنزويلا (جمهورية - البوليفارية)",
            "fr": "Venezuela (République bolivarienne du)",
            "es": "Venezuela (República Bolivariana de)",
            "ru": "Венесуэла (Боливарианская Республика)",
            "zh": "委内瑞拉玻利瓦尔共和国",
        },
        _FORMAL,
    ),
    NameOverride(
        "TZA",
        {
            "en": "United Republic of Tanzania",
            "ar": "جمهورية تنزانيا المتحدة",
            "fr": "République-Unie de Tanzanie",
            "es": "República Unida de Tanzanía",
            "ru": "Объединенная Республика Танзания",
            "zh": "坦桑尼亚联合共和国",
        },
        _FORMAL,
    ),
    NameOverride(
        "LAO",
        {
            "en": "Lao People's Democratic Republic",
            "ar": "جمهورية لاو الديمقراطية الشعبية",
            "fr": "République démocratique populaire lao",
            "es": "República Democrática Popular Lao",
            "ru": "Лаосская Народно-Демократическая Республика",
            "zh": "老挝人民民主共和国",
        },
        _FORMAL,
    ),
    NameOverride(
        "FSM",
        {
            "en": "Micronesia (Federated States of)",
            "ar": "ميكرونيزيا (ولايات - الموحدة)",
            "fr": "Micronésie (États fédérés de)",
            "es": "Micronesia (Estados Federados de)",
            "ru": "Микронезия (Федеративные Штаты)",
            "zh": "密克罗尼西亚联邦",
        },
        _FORMAL,
    ),
    NameOverride(
        "BRN",
        {
            "en": "Brunei Darussalam",
            "ar": "بروني دار السلام",
            "fr": "Brunéi Darussalam",
            "es": "Brunei Darussalam",
            "ru": "Бруней-Даруссалам",
            "zh": "文莱达鲁萨兰国",
        },
        _FORMAL,
    ),
    NameOverride(
        "VNM",
        {"en": "Viet Nam", "ar": "فييت نام", "es": "Viet Nam"},
        _FORMAL + " (fr, ru, zh: CLDR's is the same)",
    ),
    NameOverride("ATG", {"en": "Antigua and Barbuda"}, _SPELT_OUT),
    NameOverride("BIH", {"en": "Bosnia and Herzegovina"}, _SPELT_OUT),
    NameOverride("KNA", {"en": "Saint Kitts and Nevis"}, _SPELT_OUT),
    NameOverride("LCA", {"en": "Saint Lucia"}, _SPELT_OUT),
    NameOverride("VCT", {"en": "Saint Vincent and the Grenadines"}, _SPELT_OUT),
    NameOverride("STP", {"en": "Sao Tome and Principe"}, _SPELT_OUT),
    NameOverride("TTO", {"en": "Trinidad and Tobago"}, _SPELT_OUT),
    NameOverride(
        "EUU",
        {"zh": "欧洲联盟"},
        "not a state, a party to UNTOC and UNCAC; CLDR's Chinese is the abbreviation 欧盟, the "
        "UN and the Union's treaties write 欧洲联盟",
    ),
)

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
