"""Treaty titles in the document languages the directory does not hold (it keeps en, ar, fr):
a data table, each title official, or a faithful translation marked as such, with its source.

CLDR has no treaty names. The conventions the document names through its catalogue (UNTOC, UNCAC,
the 1988 Convention, Budapest, the UN Cybercrime Convention: `documents.INSTRUMENT_CITATIONS`)
are not repeated here. A title of a kind "official" is the instrument's authentic text or the
official version published by a state of that language; "translation" is a faithful rendering
for a language in which the instrument has no official title.
"""

from __future__ import annotations

from typing import NamedTuple


class Title(NamedTuple):
    text: str
    kind: str  # "official" | "translation"
    source: str


UN_TEXT = "authentic text (UN Treaty Collection, six UN languages)"
PT_BR = "Brazil, official Portuguese version promulgated by decree"
PT_EU = "Official Journal of the EU, Portuguese version"
DE_EU = "Official Journal of the EU, German version"
DE_BGBL = "Germany, Bundesgesetzblatt Teil II, official German version"
ES_BOE = "Spain, Boletín Oficial del Estado, official Spanish version"
PT_DR = "Portugal, Diário da República, official Portuguese version"
COE_RU = "Council of Europe, Russian translation published with the treaty"
OAS_TEXT = "authentic text (OAS: English, French, Portuguese, Spanish)"
FAITHFUL = "faithful translation of the official title; no official title in this language"


def _t(text: str, source: str = UN_TEXT) -> Title:
    return Title(text, "official", source)


def _tr(text: str) -> Title:
    return Title(text, "translation", FAITHFUL)


#: instrument code -> document language -> title.
TREATY_TITLES: dict[str, dict[str, Title]] = {
    "UNTOC_TIP": {
        "es": _t(
            "Protocolo para prevenir, reprimir y sancionar la trata de personas, "
            "especialmente mujeres y niños"
        ),
        "ru": _t(
            "Протокол о предупреждении и пресечении торговли людьми, особенно женщинами и "
            "детьми, и наказании за нее"
        ),
        "zh": _t("《关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》"),
        "pt": _t(
            "Protocolo Relativo à Prevenção, Repressão e Punição do Tráfico de Pessoas, em "
            "Especial Mulheres e Crianças",
            PT_BR,
        ),
        "de": _t(
            "Protokoll zur Verhütung, Bekämpfung und Bestrafung des Menschenhandels, "
            "insbesondere des Frauen- und Kinderhandels",
            DE_BGBL,
        ),
    },
    "UNTOC_SOM": {
        "es": _t("Protocolo contra el tráfico ilícito de migrantes por tierra, mar y aire"),
        "ru": _t("Протокол против незаконного ввоза мигрантов по суше, морю и воздуху"),
        "zh": _t("《关于打击陆、海、空偷运移民的补充议定书》"),
        "pt": _t(
            "Protocolo Relativo ao Combate ao Tráfico de Migrantes por Via Terrestre, "
            "Marítima e Aérea",
            PT_BR,
        ),
        "de": _t(
            "Protokoll gegen die Schleusung von Migranten auf dem Land-, See- und Luftweg", DE_BGBL
        ),
    },
    "UNTOC_FIREARMS": {
        "es": _t(
            "Protocolo contra la fabricación y el tráfico ilícitos de armas de fuego, sus "
            "piezas y componentes y municiones"
        ),
        "ru": _t(
            "Протокол против незаконного изготовления и оборота огнестрельного оружия, его "
            "составных частей и компонентов, а также боеприпасов к нему"
        ),
        "zh": _t("《打击非法制造和贩运枪支及其零部件和弹药的补充议定书》"),
        "pt": _t(
            "Protocolo contra a Fabricação e o Tráfico Ilícito de Armas de Fogo, suas Peças e "
            "Componentes e Munições",
            PT_BR,
        ),
        "de": _t(
            "Protokoll gegen die unerlaubte Herstellung von Schusswaffen, dazugehörigen Teilen "
            "und Komponenten und Munition sowie gegen den unerlaubten Handel damit",
            DE_BGBL,
        ),
    },
    "BUDAPEST_P2": {
        "es": _t(
            "Segundo Protocolo adicional al Convenio sobre la Ciberdelincuencia relativo a la "
            "cooperación reforzada y la revelación de pruebas electrónicas",
            "Official Journal of the EU, Spanish version",
        ),
        "pt": _t(
            "Segundo Protocolo Adicional à Convenção sobre o Cibercrime relativo ao reforço da "
            "cooperação e da divulgação de provas eletrónicas",
            PT_EU,
        ),
        "de": _t(
            "Zweites Zusatzprotokoll zum Übereinkommen über Computerkriminalität über eine "
            "verstärkte Zusammenarbeit und die Weitergabe elektronischen Beweismaterials",
            DE_EU,
        ),
        "ru": _tr(
            "Второй дополнительный протокол к Конвенции о киберпреступности об усилении "
            "сотрудничества и раскрытии электронных доказательств"
        ),
        "zh": _tr("《网络犯罪公约关于加强合作和披露电子证据的第二附加议定书》"),
    },
    "RIYADH1983": {
        "es": _tr("Acuerdo Árabe de Riad sobre Cooperación Judicial"),
        "ru": _tr("Эр-Риядское арабское соглашение о судебном сотрудничестве"),
        "zh": _tr("《利雅得阿拉伯司法合作协定》"),
        "pt": _tr("Acordo Árabe de Riade sobre Cooperação Judiciária"),
        "de": _tr("Arabisches Übereinkommen von Riad über die justizielle Zusammenarbeit"),
    },
    "ARAB_IT2010": {
        "es": _tr(
            "Convenio Árabe sobre la Lucha contra los Delitos de Tecnología de la Información"
        ),
        "ru": _tr(
            "Арабская конвенция о борьбе с правонарушениями в сфере информационных технологий"
        ),
        "zh": _tr("《阿拉伯打击信息技术犯罪公约》"),
        "pt": _tr("Convenção Árabe sobre o Combate aos Crimes de Tecnologia da Informação"),
        "de": _tr(
            "Arabisches Übereinkommen über die Bekämpfung von Straftaten im Bereich der "
            "Informationstechnik"
        ),
    },
    "EUR_MLA1959": {
        "es": _t("Convenio Europeo de Asistencia Judicial en Materia Penal", ES_BOE),
        "pt": _t("Convenção Europeia de Auxílio Judiciário Mútuo em Matéria Penal", PT_DR),
        "de": _t("Europäisches Übereinkommen über die Rechtshilfe in Strafsachen", DE_BGBL),
        "ru": _t("Европейская конвенция о взаимной правовой помощи по уголовным делам", COE_RU),
        "zh": _tr("《欧洲刑事司法协助公约》"),
    },
    "EUR_EXT1957": {
        "es": _t("Convenio Europeo de Extradición", ES_BOE),
        "pt": _t("Convenção Europeia de Extradição", PT_DR),
        "de": _t("Europäisches Auslieferungsübereinkommen", DE_BGBL),
        "ru": _t("Европейская конвенция о выдаче", COE_RU),
        "zh": _tr("《欧洲引渡公约》"),
    },
    "IA_MLA1992": {
        "es": _t("Convención Interamericana sobre Asistencia Mutua en Materia Penal", OAS_TEXT),
        "pt": _t("Convenção Interamericana sobre Assistência Mútua em Matéria Penal", OAS_TEXT),
        "de": _tr(
            "Interamerikanisches Übereinkommen über die gegenseitige Rechtshilfe in Strafsachen"
        ),
        "ru": _tr("Межамериканская конвенция о взаимной помощи по уголовным делам"),
        "zh": _tr("《美洲刑事互助公约》"),
    },
    "IA_EXT1981": {
        "es": _t("Convención Interamericana sobre Extradición", OAS_TEXT),
        "pt": _t("Convenção Interamericana sobre Extradição", OAS_TEXT),
        "de": _tr("Interamerikanisches Auslieferungsübereinkommen"),
        "ru": _tr("Межамериканская конвенция о выдаче"),
        "zh": _tr("《美洲引渡公约》"),
    },
}


def treaty_title(code: str, language: str) -> str | None:
    """The instrument's title in `language` from the table, None when it holds none."""
    title = TREATY_TITLES.get(code.upper(), {}).get(language)
    return title.text if title else None
