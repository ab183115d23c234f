"""The six published cost assessments (Socialstyrelsen 2018) as data, and a scenario for each.

`PUBLISHED` holds each table exactly as printed: its categories with their quantified and
not-quantified costs, each category total and cost per unit per year, "I alt", and the sensitivity
figures for 1, 3 and 5 operating years. A UI shows them next to what the engine computes.

Each preset's scenario has one cost item per quantified category. Its amounts are the calibration of
the published table (`costs.calibration.calibrate` with the profiles in `PROFILES`), stored to the
øre so that a user can start from them; `test_presets` checks that they reproduce every published
figure except the inconsistencies of the publication itself, which `KNOWN_INCONSISTENCIES` explains.
"""

from __future__ import annotations

from dataclasses import dataclass

from costs.calibration import SplitProfile, item_label
from costs.engine import (
    Assessment,
    CategoryKind,
    CostCategory,
    CostItem,
    Discrepancy,
    FigureCheck,
    Profile,
    PublishedCategory,
    PublishedTable,
    Scenario,
    TotalsConvention,
    assess,
    check_against_published,
    find_discrepancies,
)

SOURCE = (
    "Socialstyrelsen (2018): Modeller for brug af peer-støtte i den regionale og kommunale indsats, "
    "omkostningsvurderinger og følsomhedsberegninger"
)

_PREPARATION = "Forberedelse"
_EDUCATION = "Uddannelse"
_LEADERSHIP = "Ledelsesressourcer til udvikling af peer-støttemodel"
_PEER_EDUCATION = "Evt. udvikling af peer-uddannelse"
_PAID_PEER_LEVEL = (
    "Gns. lønniveau for peer-støttegivere: social- og sundhedspersonale uden social- og sundhedsfaglig "
    "uddannelse (effektiv timesats: 221 kr.)"
)
_SCHOOL_EDUCATION = (
    "Løn til fagprofessionel underviser og underviser med peer-kompetence i forbindelse med vurdering af "
    "ansøgninger og undervisning",
    "Lokaleleje samt forplejning under peer-uddannelse",
)


def _sensitivity(one: int, three: int, five: int) -> dict[int, int]:
    return {1: one, 3: three, 5: five}


PUBLISHED: dict[str, PublishedTable] = {
    "individual_group": PublishedTable(
        key="individual_group",
        title="Lønnet peer-støtte – case inspireret af projekt ”Peer-støtte i Region Hovedstaden”",
        unit="peer-støttegiver",
        units=3,
        years=3,
        totals_convention=TotalsConvention.PRESENT_VALUE,
        categories=(
            PublishedCategory(
                _PREPARATION,
                CategoryKind.PREPARATION,
                None,
                None,
                not_quantified=(_LEADERSHIP, _PEER_EDUCATION),
            ),
            PublishedCategory(
                _EDUCATION,
                CategoryKind.EDUCATION,
                121_521,
                14_035,
                quantified=(
                    "Uddannelse af peer-støttegivere og kollega til peer-støttegivere",
                    "Løn under uddannelse til peer-støttegivere og kollega til peer-støttegivere",
                    "Transport af peer-støttegivere og kollega til og fra peer-uddannelse",
                ),
            ),
            PublishedCategory(
                "Drift – Løn til peer-støtte medarbejdere",
                CategoryKind.OPERATION_SALARIES,
                2_268_237,
                261_973,
                quantified=("Løn under drift til peer-støttegivere",),
            ),
            PublishedCategory(
                "Drift – Andre omkostninger",
                CategoryKind.OPERATION_OTHER,
                81_249,
                9_384,
                quantified=("Supervision fra peer-støttegiveres nærmeste leder",),
            ),
        ),
        total=2_471_077,
        per_unit_year=285_392,
        sensitivity=_sensitivity(299_893, 285_392, 282_497),
        assumptions=(
            "Antal driftsår: 3 år",
            "Antal peer-støttegivere: 3 peer-støttegivere á 20 timer pr. uge",
            _PAID_PEER_LEVEL,
        ),
        source=f"{SOURCE}: Omkostningsvurdering af lønnet peer-støtte (Region Hovedstaden)",
    ),
    "bridge_everyday": PublishedTable(
        key="bridge_everyday",
        title="Frivillig peer-støtte – case inspireret af projekt ”Bro til hverdagslivet”",
        unit="peer-støttegiver",
        units=18,
        years=3,
        totals_convention=TotalsConvention.PRESENT_VALUE,
        categories=(
            PublishedCategory(
                _PREPARATION,
                CategoryKind.PREPARATION,
                None,
                None,
                not_quantified=(_LEADERSHIP, _PEER_EDUCATION),
            ),
            PublishedCategory(
                _EDUCATION,
                CategoryKind.EDUCATION,
                104_557,
                2_013,
                quantified=(
                    "Peer-støttegivers deltagelse i kurser på peer-uddannelsen",
                    "Transport af peer-støtte til og fra peer-uddannelse",
                ),
            ),
            PublishedCategory(
                "Drift af indsatsen",
                CategoryKind.OPERATION_OTHER,
                1_013_139,
                19_502,
                quantified=(
                    "Løn til koordinator",
                    "Lokaleleje, kontorartikler og sparring med tovholder",
                    "Supervision af frivillige peer-støttegivere samt transportudgifter forbundet hermed",
                ),
                not_quantified=("Forsikring af frivillige peer-støttegivere",),
            ),
        ),
        total=1_117_696,
        per_unit_year=21_515,
        sensitivity=_sensitivity(21_515, 21_515, 21_515),
        assumptions=("Antal driftsår: 3 år", "Antal frivillige peer-støttegivere: 18 peer-støttegivere"),
        source=f"{SOURCE}: Omkostningsvurdering af frivillig peer-støtte (Bro til hverdagslivet)",
    ),
    "peer_guide": PublishedTable(
        key="peer_guide",
        title="Frivillig peer-støtte – case inspireret af projekt ”Ligestillet Støtte – En vej til Recovery”",
        unit="peer-guide",
        units=47,
        years=3,
        totals_convention=TotalsConvention.PRESENT_VALUE,
        categories=(
            PublishedCategory(
                _PREPARATION,
                CategoryKind.PREPARATION,
                None,
                None,
                not_quantified=(_LEADERSHIP, _PEER_EDUCATION),
            ),
            PublishedCategory(
                "Udvælgelse og tilknytning",
                CategoryKind.RECRUITMENT,
                None,
                None,
                not_quantified=(
                    "Administrative ressourcer til udarbejdelse af jobopslag, håndtering af ansøgninger mv.",
                ),
            ),
            PublishedCategory(
                _EDUCATION,
                CategoryKind.EDUCATION,
                1_708_860,
                12_598,
                quantified=_SCHOOL_EDUCATION,
            ),
            PublishedCategory(
                "Drift af indsatsen",
                CategoryKind.OPERATION_OTHER,
                3_690_456,
                27_206,
                quantified=(
                    "Løn til overordnet peer-guide koordinator og tovholder",
                    "Løn til lokale peer-guide-koordinatorer",
                    "Løn til lokale peer-guide-tovholdere",
                    "Supervision af peer-guider",
                    "Supervision af peer-guide-koordinatorer",
                    "Refusion af peer-guiders og peer-guide-koordinatorers transportudgifter samt administration heraf",
                    "Lønomkostninger til sundhedsfagligt personale for deltagelse i 1. peer-guide-møde",
                ),
                not_quantified=("Forsikring af frivillige peer-guider",),
            ),
            PublishedCategory(
                "Investering",
                CategoryKind.INVESTMENTS,
                None,
                None,
                not_quantified=("Evt. investering i mobiltelefoner til frivillige peer-guider",),
            ),
        ),
        total=5_399_316,
        per_unit_year=39_804,
        sensitivity=_sensitivity(46_098, 39_804, 38_805),
        assumptions=("Antal driftsår: 3 år", "Antal frivillige peer-guider: 47 peer-guider"),
        source=f"{SOURCE}: Omkostningsvurdering af frivillig peer-støtte (peer-guider, Region Midtjylland)",
    ),
    "recovery_school": PublishedTable(
        key="recovery_school",
        title="Recovery-skole – case inspireret af projekt ”Ligestillet Støtte – En vej til Recovery”",
        unit="kursusgang",
        units=72,
        years=3,
        totals_convention=TotalsConvention.PRESENT_VALUE,
        categories=(
            PublishedCategory(
                _PREPARATION,
                CategoryKind.PREPARATION,
                None,
                None,
                not_quantified=(
                    "Ledelsesressourcer til udvikling af recoveryskole-model",
                    "Evt. ressourcer til udvikling af peer-uddannelse",
                ),
            ),
            PublishedCategory(
                _EDUCATION,
                CategoryKind.EDUCATION,
                37_784,
                182,
                quantified=_SCHOOL_EDUCATION,
            ),
            PublishedCategory(
                "Drift af indsatsen",
                CategoryKind.OPERATION_SALARIES,
                5_192_976,
                24_990,
                quantified=(
                    "Løn til 1,5 undervisere med peer-kompetence og 2 fagprofessionelle undervisere",
                    "Lokaleleje samt forplejning på kurserne",
                ),
            ),
            PublishedCategory(
                "Investeringer",
                CategoryKind.INVESTMENTS,
                None,
                None,
                not_quantified=("Evt. investering i interiør",),
            ),
            PublishedCategory(
                "Øvrige omkostninger",
                CategoryKind.OTHER,
                57_722,
                278,
                quantified=("Markedsføring af recovery-skolen",),
            ),
        ),
        total=5_288_481,
        per_unit_year=25_450,
        sensitivity=_sensitivity(25_793, 25_450, 25_382),
        assumptions=(
            "Antal driftsår: 3 år",
            "Antal kursusgange pr. år: 72 kursusgange (én kursusgang udgør i gennemsnit ca. 1,9 "
            "undervisningsgange á 3 timer)",
            "Team: 2 undervisere med peer-kompetence (en fuldtidsansat og en ansat på halv tid) og 2 "
            "fagprofessionelle undervisere (begge fuldtidsansat – den ene anvender halvdelen af sin arbejdstid "
            "på ledelse og faglig koordinering)",
            "Underviserne deles om administrative arbejdsopgaver inden for deres arbejdstid",
        ),
        source=f"{SOURCE}: Omkostningsvurdering af en recovery-skole (Region Midtjylland)",
    ),
    "bridge_builders": PublishedTable(
        key="bridge_builders",
        title="Lønnet peer-støtte – case inspireret af projekt ”Peers som brobyggere”",
        unit="peer-støttegiver",
        units=3,
        years=3,
        totals_convention=TotalsConvention.SCALED,
        categories=(
            PublishedCategory(
                _PREPARATION,
                CategoryKind.PREPARATION,
                None,
                None,
                not_quantified=(_LEADERSHIP, "Evt. projektseminar", _PEER_EDUCATION),
            ),
            PublishedCategory(
                "Ansættelse",
                CategoryKind.RECRUITMENT,
                None,
                None,
                not_quantified=("Evt. større ansættelsesudvalg end normalt",),
            ),
            PublishedCategory(
                _EDUCATION,
                CategoryKind.EDUCATION,
                133_422,
                14_817,
                quantified=(
                    "Uddannelse af peer-støttegivere og kollega til peer-støttegivere",
                    "Løn til peer-støttegivere og kollega",
                    "Transport af peer-støttegivere og kollega til og fra peer-uddannelse",
                ),
            ),
            PublishedCategory(
                "Drift – Løn til peer-støtte medarbejdere",
                CategoryKind.OPERATION_SALARIES,
                1_183_025,
                131_380,
                quantified=("Løn til peer-støttegivere",),
            ),
            PublishedCategory(
                "Drift – Andre omkostninger",
                CategoryKind.OPERATION_OTHER,
                1_525_684,
                169_434,
                quantified=(
                    "Løn til teamkoordinator",
                    "Løn til tovholdere og mentorer",
                    "Løn til afdelingssygeplejersker ifm. samarbejdsfora",
                ),
            ),
        ),
        total=2_842_131,
        per_unit_year=315_631,
        sensitivity=_sensitivity(331_277, 315_632, 308_780),
        assumptions=(
            "Antal driftsår: 3 år",
            "Antal peer-støtte medarbejdere: 3 peer-støttegivere á 10 timer pr. uge",
            _PAID_PEER_LEVEL,
        ),
        source=f"{SOURCE}: Omkostningsvurdering af case inspireret af projekt ”Peers som brobyggere”",
    ),
    "ark": PublishedTable(
        key="ark",
        title="Recoveryskole – case inspireret af ”Akademiet for Recovery og Kompetenceudvikling” (ARK)",
        unit="kursusgang",
        units=28,
        years=3,
        totals_convention=TotalsConvention.SCALED,
        categories=(
            PublishedCategory(
                _PREPARATION,
                CategoryKind.PREPARATION,
                None,
                None,
                not_quantified=(
                    "Ledelsesressourcer til udvikling af recoveryskole-model",
                    "Evt. ressourcer til udvikling af peer-uddannelse",
                ),
            ),
            PublishedCategory(
                _EDUCATION,
                CategoryKind.EDUCATION,
                133_134,
                1_584,
                quantified=(
                    "Uddannelse af facilitatorer med peer-kompetence og kollega",
                    "Løn til facilitatorer med peer-kompetence og kollega",
                    "Transport af facilitatorer med peer-kompetence og kollega",
                ),
            ),
            PublishedCategory(
                "Drift af indsatsen",
                CategoryKind.OPERATION_SALARIES,
                5_742_994,
                68_334,
                quantified=(
                    "Løn til facilitatorer med peer-kompetence og fagprofessionelle facilitatorer",
                    "Løn til koordinator af recoveryskolen",
                    "Lokaleleje samt forplejning under kurser",
                ),
            ),
            PublishedCategory(
                "Investeringer",
                CategoryKind.INVESTMENTS,
                None,
                None,
                not_quantified=("Evt. ressourcer til evaluering af kurser",),
            ),
            PublishedCategory(
                "Øvrige omkostninger",
                CategoryKind.OTHER,
                15_008,
                179,
                quantified=("Markedsføring af recoveryskolen",),
            ),
        ),
        total=5_891_136,
        per_unit_year=70_097,
        sensitivity=_sensitivity(71_466, 70_097, 69_822),
        assumptions=(
            "Antal driftsår: 3 år",
            "Antal kursusgange: 28 kursusgange pr. år (én kursusgang udgør 4 undervisningsgange á 3 timer)",
            "Team: 3 facilitatorer med peer-kompetence (hver ansat 20 timer pr. uge), 2 fagprofessionelle "
            "facilitatorer (en fuldtidsansat og en ansat på halv tid) og 1 koordinator (ansat på halv tid)",
        ),
        source=f"{SOURCE}: Omkostningsvurdering af ARK – Akademiet for Recovery og Kompetenceudvikling",
    ),
}

# Where the publication says more about a category than the default profiles (operation annual,
# everything else a start-year cost that then recurs) assume.
PROFILES: dict[str, dict[str, SplitProfile]] = {
    "individual_group": {},
    # "alle omkostninger er opgjort som årlige omkostninger" – the sensitivity figures do not vary.
    "bridge_everyday": {_EDUCATION: SplitProfile.ANNUAL},
    "peer_guide": {},
    # The teachers' education is a one-off; marketing the school a yearly cost.
    "recovery_school": {_EDUCATION: SplitProfile.ONCE, "Øvrige omkostninger": SplitProfile.ANNUAL},
    "bridge_builders": {},
    "ark": {"Øvrige omkostninger": SplitProfile.ANNUAL},
}

# Per quantified category: (profile, amount, share), from `calibrate(PUBLISHED[key], profiles=PROFILES[key])`
# with amounts rounded to the øre and shares to ten decimals (the share needs them: 1e-8 of a start
# amount of 900.000 kr. is already 0,01 kr. a year).
_CALIBRATED: dict[str, dict[str, tuple[Profile, float, float | None]]] = {
    "individual_group": {
        "Uddannelse": (Profile.RETRAIN, 85607.76, 0.2224221458),
        "Drift – Løn til peer-støtte medarbejdere": (Profile.ANNUAL, 785919.12, None),
        "Drift – Andre omkostninger": (Profile.ANNUAL, 28151.88, None),
    },
    "bridge_everyday": {
        "Uddannelse": (Profile.ANNUAL, 36227.85, None),
        "Drift af indsatsen": (Profile.ANNUAL, 351041.5, None),
    },
    "peer_guide": {
        "Uddannelse": (Profile.RETRAIN, 887903.66, 0.4902196564),
        "Drift af indsatsen": (Profile.ANNUAL, 1278702.34, None),
    },
    "recovery_school": {
        "Uddannelse": (Profile.ONCE, 37783.52, None),
        "Drift af indsatsen": (Profile.ANNUAL, 1799308.94, None),
        "Øvrige omkostninger": (Profile.ANNUAL, 20000.04, None),
    },
    "bridge_builders": {
        "Uddannelse": (Profile.RETRAIN, 91390.79, 0.214069935),
        "Drift – Løn til peer-støtte medarbejdere": (Profile.ANNUAL, 394139.54, None),
        "Drift – Andre omkostninger": (Profile.ANNUAL, 508300.67, None),
    },
    "ark": {
        "Uddannelse": (Profile.RETRAIN, 82697.77, 0.2905302341),
        "Drift af indsatsen": (Profile.ANNUAL, 1913350.13, None),
        "Øvrige omkostninger": (Profile.ANNUAL, 5000.1, None),
    },
}

# The figures in which the publication contradicts itself (DOMAIN §15), keyed by preset and figure.
# The engine reports them with these explanations instead of bending the costs to fit them.
KNOWN_INCONSISTENCIES: dict[str, dict[str, str]] = {
    "individual_group": {
        "total": (
            "The published 'I alt' (2.471.077 kr.) is 70 kr. more than the sum of the published category "
            "totals (121.521 + 2.268.237 + 81.249 = 2.471.007 kr.). The categories, the cost per peer per year "
            "and the sensitivity figures agree with each other, so the method keeps them and sums the categories."
        ),
    },
    "peer_guide": {
        "sensitivity:5": (
            "The 5-year figure (38.805 kr.) fits no cost profile that also fits the 1- and 3-year figures "
            "(46.098 and 39.804 kr.). Those fix the education's year-0 cost and its cost in years 1–2; carried on "
            "(or as a new cohort every 2nd year) they give about 38.547 kr. for 5 years. 38.805 kr. would need "
            "the education cost to rise after year 2 (about 467.000 kr. a year against 435.000 kr. in years 1–2)."
        ),
    },
    "bridge_builders": {
        "sensitivity:3": (
            "A rounding difference: the published totals give 2.842.131 / 1,04 / (3 × 2,886095) = 315.630 kr. "
            "per peer per year over 3 years; the table's own 'I alt' per peer is 315.631 kr. (the sum of the "
            "rounded categories) and its 3-year sensitivity figure 315.632 kr."
        ),
        "sensitivity:5": (
            "The 5-year figure (308.780 kr.) fits no cost profile that also fits the 1- and 3-year figures: it "
            "is lower than even no education cost at all after year 2 would give (about 310.050 kr.). With the "
            "education's year-0 and recurring cost from the 1- and 3-year figures the method gives about "
            "312.506 kr."
        ),
    },
    "ark": {
        "sensitivity:5": (
            "A 1 kr. rounding difference: any split of the education costs into a year-0 and a recurring cost "
            "that reproduces the 1- and 3-year figures (71.466 and 70.097 kr.) gives 69.823 kr. for 5 years."
        ),
    },
}


@dataclass(frozen=True)
class Preset:
    key: str
    table: PublishedTable
    scenario: Scenario
    explanations: dict[str, str]

    def assess(self) -> Assessment:
        return assess(self.scenario)

    def checks(self) -> tuple[FigureCheck, ...]:
        """Every published figure next to the computed one ("published vs computed")."""
        return check_against_published(self.assess(), self.table)

    def discrepancies(self) -> list[Discrepancy]:
        return find_discrepancies(self.assess(), self.table, self.explanations)


class UnknownPresetError(KeyError):
    def __init__(self, key: str) -> None:
        self.code = "unknown_preset"
        self.key = key
        super().__init__(f'no preset "{key}" (known: {", ".join(PUBLISHED)})')


def preset_keys() -> tuple[str, ...]:
    return tuple(PUBLISHED)


def get_preset(key: str) -> Preset:
    """The published table of one of the six assessments and the scenario that reproduces it."""
    if key not in PUBLISHED:
        raise UnknownPresetError(key)
    table = PUBLISHED[key]
    return Preset(key=key, table=table, scenario=preset_scenario(key), explanations=KNOWN_INCONSISTENCIES.get(key, {}))


def preset_scenario(key: str) -> Scenario:
    """The scenario a user can start from: the published categories with the calibrated costs."""
    if key not in PUBLISHED:
        raise UnknownPresetError(key)
    table = PUBLISHED[key]
    calibrated = _CALIBRATED[key]
    categories = []
    for row in table.categories:
        items: tuple[CostItem, ...] = ()
        if row.name in calibrated:
            profile, amount, share = calibrated[row.name]
            items = (CostItem(label=item_label(row), profile=profile, amount=amount, share=share),)
        categories.append(CostCategory(name=row.name, items=items, not_quantified=row.not_quantified, kind=row.kind))
    return Scenario(
        name=table.title,
        unit=table.unit,
        units=table.units,
        years=table.years,
        categories=tuple(categories),
        totals_convention=table.totals_convention,
        sensitivity_years=tuple(sorted(table.sensitivity)),
        assumptions=table.assumptions,
    )
