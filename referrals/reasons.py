"""The engine's reason codes (`referrals.matching.Reason`) in plain language, through gettext (Danish first).

Codes name lived-experience areas, languages, genders and slots by their stored values; they are shown
with the labels people know ("angst", "mandag formiddag").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from people.models import AgeBand, Gender, Language, LivedExperienceArea
from referrals.matching import Reason, ReasonParam
from referrals.slots import slot_label

Params = Mapping[str, ReasonParam]


def _items(value: ReasonParam | None) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, tuple) else [str(value)]


def _labels(values: ReasonParam | None, choices: Iterable[tuple[str, object]]) -> str:
    names = {str(k).casefold(): str(v) for k, v in choices}
    return get_text_list([names.get(v, v) for v in _items(values)], _("and"))


def _areas(p: Params, key: str = "areas") -> str:
    return _labels(p.get(key), LivedExperienceArea.choices).lower()


def _languages(p: Params, key: str) -> str:
    return _labels(p.get(key), Language.choices).lower()


def _gender(value: ReasonParam | None) -> str:
    return _labels(value, Gender.choices).lower()


def _slots(p: Params) -> str:
    return get_text_list([slot_label(s) for s in _items(p.get("slots"))], _("and"))


def _age(p: Params, band: str | None) -> str:
    if band:
        return str(dict(AgeBand.choices).get(band, band))
    return _("%(age)s years") % {"age": p.get("age")}


def _age_range(p: Params) -> str:
    low, high = p.get("age_min"), p.get("age_max")
    if low is not None and high is not None:
        return _("%(low)s–%(high)s years") % {"low": low, "high": high}
    if low is not None:
        return _("%(low)s years or older") % {"low": low}
    return _("%(high)s years or younger") % {"high": high}


def _km(p: Params) -> str:
    km = p.get("km", 0)
    return number_format(float(km) if isinstance(km, int | float) else 0.0, decimal_pos=0)


def _renderers(band: str | None) -> dict[str, Callable[[Params], str]]:
    return {
        "same_municipality": lambda p: _("Lives in the same municipality (%(m)s).") % {"m": p["municipality"]},
        "nearby": lambda p: _("Lives about %(km)s km away (%(m)s).") % {"km": _km(p), "m": p["municipality"]},
        "same_region": lambda p: _("Lives in the same region (%(r)s).") % {"r": p["region"]},
        "far_away": lambda p: _("Lives further away (%(m)s).") % {"m": p["municipality"]},
        "shared_areas": lambda p: _("Has lived experience of %(areas)s, as the citizen wished.") % {"areas": _areas(p)},
        "areas_not_shared": lambda p: _("Does not have the wished experience of %(areas)s.") % {"areas": _areas(p)},
        "gender_wish_met": lambda p: _("Is a %(gender)s, as the citizen wished.") % {"gender": _gender(p["gender"])},
        "gender_wish_not_met": lambda p: (
            _("The citizen wished for a peer who is a %(gender)s.") % {"gender": _gender(p["wished"])}
        ),
        "age_wish_met": lambda p: (
            _("Is %(age)s, within the wished age (%(range)s).") % {"age": _age(p, band), "range": _age_range(p)}
        ),
        "age_wish_not_met": lambda p: (
            _("Is %(age)s, outside the wished age (%(range)s).") % {"age": _age(p, band), "range": _age_range(p)}
        ),
        "age_unknown": lambda p: _("Age not known; the citizen wished %(range)s.") % {"range": _age_range(p)},
        "knows_citizen": lambda p: _("Has supported the citizen before."),
        "free_places": lambda p: (
            _("Has %(free)s of %(capacity)s places free.") % {"free": p["free"], "capacity": p["capacity"]}
        ),
        "shared_languages": lambda p: _("Speaks %(languages)s.") % {"languages": _languages(p, "languages")},
        "shared_slots": lambda p: _("Both can meet %(slots)s.") % {"slots": _slots(p)},
        "inactive": lambda p: _("Is not active."),
        "not_qualified": lambda p: _("Has not completed the education this programme requires."),
        "paused": lambda p: _("Has paused."),
        "agreement_not_valid": lambda p: _("Has no valid agreement."),
        "no_capacity": lambda p: (
            _("Has no free places (%(load)s of %(capacity)s in use).") % {"load": p["load"], "capacity": p["capacity"]}
        ),
        "no_shared_language": lambda p: (
            _("Speaks no language the citizen speaks (the peer speaks %(peer)s).")
            % {"peer": _languages(p, "peer_languages") or _("none recorded")}
        ),
        "no_shared_availability": lambda p: _("Has no time in common with the citizen."),
        "earlier_failed_pairing": lambda p: _("An earlier match between the two did not work out."),
    }


def describe(reason: Reason, *, age_band: str | None = None) -> str:
    """One reason as a sentence in the active language (Danish in the interface)."""
    render = _renderers(age_band).get(reason.code)
    if render is None:
        return reason.code
    try:
        return render(reason.params)
    except KeyError:
        return reason.code


def describe_all(reasons: Iterable[Reason], *, age_band: str | None = None) -> list[str]:
    return [describe(r, age_band=age_band) for r in reasons]


def from_stored(rows: Iterable[Mapping[str, object]]) -> list[Reason]:
    """Reasons stored on a match as JSON ([{"code", "params"}]) back as engine reasons."""
    result = []
    for row in rows:
        params = {k: tuple(v) if isinstance(v, list) else v for k, v in dict(row.get("params") or {}).items()}  # type: ignore[call-overload]
        result.append(Reason(str(row.get("code", "")), params))
    return result


def to_stored(reasons: Iterable[Reason]) -> list[dict[str, object]]:
    return [
        {"code": r.code, "params": {k: list(v) if isinstance(v, tuple) else v for k, v in r.params.items()}}
        for r in reasons
    ]
