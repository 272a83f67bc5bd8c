"""Language identification on short legal text: accuracy and time of each candidate library.

    python bench/language_detection.py                 # every library that is installed
    python bench/language_detection.py --runs 3        # repeat each detection for the timing
    python bench/language_detection.py --only lingua   # one library per process: fair memory

The wizard warns when text typed into a request is not in the request's language
(forms/rules/language_identification.py). Each library here chooses among the languages a
request may be written in (IDENTIFIED_LANGUAGES) for sentences of the kind typed into requests
in ar, en, fr, es, de, ru and pt, cut to their first N words, so that the table shows from
which length an answer can be trusted. py3langid is a dependency of the tool;
lingua-language-detector is not (pip install it to compare).

Nothing here passes or fails: it prints accuracy by length, the lowest probability given to a
text's own language and the highest given to another (a rule "flag when p(document language)
< t" is safe where the first stays above t), the wrong answers at the shortest lengths, text
crowded with names and numbers, the time per text, the time to load the models and the memory
they take.
"""

from __future__ import annotations

import argparse
import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

from mla_tool.forms.rules.language_identification import IDENTIFIED_LANGUAGES

OFFERED = IDENTIFIED_LANGUAGES
LENGTHS = (2, 3, 4, 5, 6, 8, 10, 15, 1000)

SAMPLES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Audition en qualité de témoin de M. Karim BENSAÏD, conduite par le procureur de la "
        "République en présence de son avocat.",
        "Le suspect a transféré les fonds sur le compte de la société à Dubaï entre mars et juin "
        "2025.",
        "Obtenir les relevés bancaires du compte AE07 0331 2345 6789 0123 456 ouvert au nom de "
        "la société Atlas Trading.",
        "Les faits sont qualifiés d'escroquerie en bande organisée et de blanchiment aggravé.",
        "Perquisition des locaux situés au 25 rue de la République et saisie des contrats.",
        "L'enquête est dirigée par le juge d'instruction du tribunal judiciaire de Paris.",
        "Les éléments de preuve seront utilisés exclusivement dans la procédure pénale en cours.",
        "Notification d'une citation à comparaître devant le tribunal correctionnel.",
        "La personne recherchée est de nationalité marocaine et réside habituellement à Tanger.",
        "Il est demandé de garder la présente demande confidentielle afin de ne pas compromettre "
        "l'enquête.",
    ),
    "es": (
        "El sospechoso transfirió los fondos a la cuenta de la empresa en Dubái entre marzo y "
        "junio de 2025.",
        "Declaración como testigo del Sr. Karim Bensaïd ante el fiscal, en presencia de su "
        "abogado.",
        "Obtener los extractos bancarios de la cuenta abierta a nombre de la sociedad Atlas "
        "Trading.",
        "Los hechos constituyen un delito de estafa agravada y blanqueo de capitales.",
        "Registro del domicilio situado en la calle Mayor 12 y embargo de los documentos "
        "contables.",
        "La investigación está a cargo del juzgado de instrucción número 3 de Madrid.",
        "Las pruebas se utilizarán únicamente en el proceso penal en curso.",
        "Notificación de una citación para comparecer ante el tribunal.",
        "La persona buscada es de nacionalidad marroquí y reside habitualmente en Tánger.",
        "Se solicita que la presente solicitud se mantenga confidencial para no comprometer la "
        "investigación.",
    ),
    "en": (
        "The suspect transferred the money to an account in Dubai between March and June 2025.",
        "Hearing of Mr Karim Bensaïd as a witness by the public prosecutor, in the presence of "
        "his lawyer.",
        "Obtain the bank statements of the account opened in the name of Atlas Trading LLC.",
        "The facts constitute aggravated fraud and money laundering under sections 1 and 2.",
        "Search of the premises at 25 High Street and seizure of the contracts and ledgers.",
        "The investigation is conducted by the Serious Fraud Office in London.",
        "The evidence will be used only in the criminal proceedings now pending.",
        "Service of a summons to appear before the Crown Court.",
        "The person sought is a Moroccan national who usually lives in Tangier.",
        "Please keep this request confidential so as not to endanger the investigation.",
    ),
    "de": (
        "Der Beschuldigte überwies das Geld zwischen März und Juni 2025 auf ein Konto in Dubai.",
        "Vernehmung von Herrn Karim Bensaïd als Zeuge durch die Staatsanwaltschaft im Beisein "
        "seines Anwalts.",
        "Beschaffung der Kontoauszüge des auf die Atlas Trading GmbH lautenden Kontos.",
        "Die Taten erfüllen den Tatbestand des gewerbsmäßigen Betrugs nach § 263 StGB.",
        "Durchsuchung der Geschäftsräume in der Hauptstraße 25 und Beschlagnahme der Verträge.",
        "Das Ermittlungsverfahren wird von der Staatsanwaltschaft Frankfurt am Main geführt.",
        "Die Beweismittel werden ausschließlich in dem anhängigen Strafverfahren verwendet.",
        "Zustellung einer Ladung zur Hauptverhandlung vor dem Landgericht.",
        "Die gesuchte Person ist marokkanische Staatsangehörige und wohnt gewöhnlich in Tanger.",
        "Es wird gebeten, das Ersuchen vertraulich zu behandeln, um die Ermittlungen nicht zu "
        "gefährden.",
    ),
    "pt": (
        "O suspeito transferiu o dinheiro para uma conta no Dubai entre março e junho de 2025.",
        "Inquirição do Sr. Karim Bensaïd como testemunha pelo Ministério Público, na presença do "
        "seu advogado.",
        "Obter os extratos bancários da conta aberta em nome da sociedade Atlas Trading.",
        "Os factos constituem crime de burla qualificada e branqueamento de capitais.",
        "Busca nas instalações situadas na Rua Augusta 25 e apreensão dos contratos.",
        "O inquérito é dirigido pelo Departamento Central de Investigação e Ação Penal.",
        "As provas serão utilizadas exclusivamente no processo penal em curso.",
        "Notificação de uma convocatória para comparecer perante o tribunal.",
        "A pessoa procurada tem nacionalidade marroquina e reside habitualmente em Tânger.",
        "Solicita-se que o presente pedido seja mantido confidencial para não comprometer a "
        "investigação.",
    ),
    "ru": (
        "Подозреваемый перевёл денежные средства на счёт в Дубае в период с марта по июнь "
        "2025 года.",
        "Допрос господина Карима Бенсаида в качестве свидетеля следователем в присутствии его "
        "адвоката.",
        "Получить выписки по банковскому счёту, открытому на имя компании «Атлас Трейдинг».",
        "Деяния квалифицируются как мошенничество в особо крупном размере по статье 159 УК РФ.",
        "Обыск в помещениях по адресу улица Ленина, дом 25, и выемка договоров.",
        "Расследование ведёт Следственный комитет Российской Федерации.",
        "Доказательства будут использованы исключительно в рамках данного уголовного дела.",
        "Вручение повестки о явке в суд.",
        "Разыскиваемое лицо является гражданином Марокко и постоянно проживает в Танжере.",
        "Просим сохранить конфиденциальность настоящего запроса, чтобы не поставить под угрозу "
        "расследование.",
    ),
    "ar": (
        "قام المشتبه به بتحويل الأموال إلى حساب في دبي بين شهري مارس ويونيو 2025.",
        "سماع أقوال السيد كريم بن سعيد بصفته شاهداً أمام النيابة العامة بحضور محاميه.",
        "الحصول على كشوف الحساب المصرفي المفتوح باسم شركة أطلس للتجارة.",
        "تشكل الأفعال جريمة احتيال مشدد وغسل أموال وفقاً للمادة 2 من القانون رقم 20 لسنة 2021.",
        "تفتيش المقر الكائن في شارع الجمهورية رقم 25 وضبط العقود والسجلات.",
        "تتولى التحقيق النيابة العامة لدى محكمة أبوظبي الابتدائية.",
        "ستستخدم الأدلة حصراً في الدعوى الجزائية المنظورة حالياً.",
        "تبليغ مذكرة حضور أمام المحكمة.",
        "الشخص المطلوب مغربي الجنسية ويقيم عادة في طنجة.",
        "يرجى الحفاظ على سرية هذا الطلب حتى لا يتعرض التحقيق للخطر.",
    ),
}

#: Text made mostly of names, numbers and references: what a threshold on words lets through.
CROWDED: dict[str, tuple[str, ...]] = {
    "fr": (
        "Virement de 250 000 EUR du compte FR76 3000 6000 0112 3456 7890 189 vers Atlas Trading "
        "FZE, Dubai Marina, le 12/03/2025.",
        "Audition de M. Karim BENSAÏD, né le 02/05/1981 à Oujda, passeport Z1234567.",
    ),
    "es": (
        "Transferencia de 250 000 EUR desde la cuenta ES91 2100 0418 4502 0005 1332 a Atlas "
        "Trading FZE, Dubai Marina, el 12/03/2025.",
        "Declaración del Sr. Karim BENSAÏD, nacido el 02/05/1981 en Oujda, pasaporte Z1234567.",
    ),
    "en": (
        "Transfer of EUR 250,000 from account GB29 NWBK 6016 1331 9268 19 to Atlas Trading FZE, "
        "Dubai Marina, on 12/03/2025.",
        "Hearing of Mr Karim BENSAÏD, born 02/05/1981 in Oujda, passport Z1234567.",
    ),
    "de": (
        "Überweisung von 250.000 EUR vom Konto DE89 3704 0044 0532 0130 00 an Atlas Trading FZE, "
        "Dubai Marina, am 12.03.2025.",
        "Vernehmung von Herrn Karim BENSAÏD, geb. 02.05.1981 in Oujda, Reisepass Z1234567.",
    ),
    "pt": (
        "Transferência de 250 000 EUR da conta PT50 0002 0123 1234 5678 9015 4 para Atlas "
        "Trading FZE, Dubai Marina, em 12/03/2025.",
        "Inquirição do Sr. Karim BENSAÏD, nascido em 02/05/1981 em Oujda, passaporte Z1234567.",
    ),
    "ru": (
        "Перевод 250 000 евро со счёта DE89 3704 0044 0532 0130 00 на счёт Atlas Trading FZE, "
        "Dubai Marina, 12.03.2025.",
        "Допрос г-на Karim BENSAÏD, 02.05.1981 г.р., уроженца г. Уджда, паспорт Z1234567.",
    ),
    "ar": (
        "تحويل مبلغ 250000 يورو من الحساب DE89 3704 0044 0532 0130 00 إلى Atlas Trading FZE "
        "بتاريخ 12/03/2025.",
        "سماع أقوال السيد Karim BENSAÏD المولود في 02/05/1981 في وجدة، جواز السفر Z1234567.",
    ),
}

WORDS = re.compile(r"\S+")


def cut(text: str, words: int) -> str:
    return " ".join(WORDS.findall(text)[:words])


def letters(text: str) -> int:
    return sum(character.isalpha() for character in text)


@dataclass
class Candidate:
    name: str
    #: builds the scorer: text -> {language: probability} over OFFERED
    build: Callable[[], Callable[[str], dict[str, float]]]


def lingua_candidate(low_accuracy: bool) -> Candidate:
    def build() -> Callable[[str], dict[str, float]]:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        wanted = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in OFFERED]
        builder = LanguageDetectorBuilder.from_languages(*wanted)
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        detector = builder.build()

        def scores(text: str) -> dict[str, float]:
            return {
                value.language.iso_code_639_1.name.lower(): value.value
                for value in detector.compute_language_confidence_values(text)
            }

        return scores

    mode = "low accuracy mode" if low_accuracy else "high accuracy mode"
    return Candidate(f"lingua-language-detector, {mode}", build)


def langid_candidate() -> Candidate:
    def build() -> Callable[[str], dict[str, float]]:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages(list(OFFERED))

        def scores(text: str) -> dict[str, float]:
            return {code: float(p) for code, p in identifier.rank(text)}

        return scores

    return Candidate("py3langid", build)


def memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(candidate: Candidate, runs: int) -> None:
    memory, started = memory_mb(), time.perf_counter()
    try:
        scores = candidate.build()
    except ImportError as error:
        print(f"\n{candidate.name}: not installed ({error})")
        return
    built = time.perf_counter() - started
    for texts in SAMPLES.values():  # lingua loads each language's models on first use
        scores(texts[0])
    ready = time.perf_counter() - started
    print(
        f"\n{candidate.name}: built in {built * 1000:.0f} ms, every model loaded after "
        f"{ready * 1000:.0f} ms; peak memory +{memory_mb() - memory:.0f} MB"
    )
    print(
        f"  {'words':>6}  {'letters':>8}  {'right':>6}  "
        + "  ".join(f"{c:>3}" for c in SAMPLES)
        + "  lowest p(own)  highest p(other)"
    )
    wrong: list[str] = []
    timings: list[float] = []
    for length in LENGTHS:
        right = total = 0
        letter_counts: list[int] = []
        per_language = []
        lowest_own, highest_other = 1.0, 0.0
        for language, texts in SAMPLES.items():
            hits = 0
            for text in texts:
                piece = cut(text, length)
                letter_counts.append(letters(piece))
                begin = time.perf_counter()
                for _ in range(runs):
                    found = scores(piece)
                timings.append((time.perf_counter() - begin) / runs)
                answer = max(found, key=found.__getitem__) if found else None
                lowest_own = min(lowest_own, found.get(language, 0.0))
                highest_other = max(
                    [highest_other, *(p for code, p in found.items() if code != language)]
                )
                hits += answer == language
                if answer != language and length <= 6:
                    wrong.append(f"    {length} words, {language} -> {answer}: {piece}")
            right += hits
            total += len(texts)
            per_language.append(f"{hits:>3}")
        label = "all" if length == LENGTHS[-1] else str(length)
        median_letters = sorted(letter_counts)[len(letter_counts) // 2]
        print(
            f"  {label:>6}  {median_letters:>8}  {100 * right / total:>5.0f}%  "
            + "  ".join(per_language)
            + f"  {lowest_own:>13.2f}  {highest_other:>16.2f}"
        )
    timings.sort()
    print(
        f"  time per text: median {timings[len(timings) // 2] * 1e6:.0f} µs, "
        f"slowest {timings[-1] * 1e6:.0f} µs ({len(timings)} texts)"
    )
    print("  wrong answers up to 6 words:")
    print("\n".join(wrong) if wrong else "    none")
    print("  text crowded with names and numbers (answer, p(own language)):")
    for language, texts in CROWDED.items():
        for text in texts:
            found = scores(text)
            answer = max(found, key=found.__getitem__) if found else None
            mark = "  " if answer == language else "!!"
            print(f"   {mark} {language} -> {answer} {found.get(language, 0.0):.2f}: {text[:60]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="repeat each detection for timing")
    parser.add_argument("--only", default="", help="comma-separated: lingua,lingua-low,py3langid")
    args = parser.parse_args()
    print(
        f"{sum(len(t) for t in SAMPLES.values())} texts in {len(SAMPLES)} languages; "
        f"answers among {len(OFFERED)} offered languages; 'letters' is the median per row; "
        "the columns after 'right' count the texts of each language found"
    )
    names = {"lingua": lingua_candidate(False), "lingua-low": lingua_candidate(True)}
    names["py3langid"] = langid_candidate()
    for name in args.only.split(",") if args.only else names:
        measure(names[name], args.runs)


if __name__ == "__main__":
    main()
