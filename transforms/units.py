"""A figure in its base unit, where the conversion is exact by definition.

The stated unit stays on the metric (`unit`); `base_value` / `base_unit` sit beside it so that
"5,000 mu", "333 hectares" and "3.3 square kilometres" can be compared, and so can "CNY per mu"
and "CNY per hectare". Units with rival definitions (ounce, gallon, horsepower, ...) have no
entry in the lexicon's `exact_conversions` and get no base.
"""

from __future__ import annotations

from functools import cache

from transforms.lexicon import Lexicon, lexicon


def to_base(unit: str | None, value: float, lex: Lexicon | None = None) -> tuple[float, str] | None:
    """(value in the base unit, base unit), or None when no part of the unit converts exactly.

    A rate converts each part: "CNY per mu" -> CNY per hectare (x 15), "litre per capita per
    day" -> cubic metre per capita per day.
    """
    if not unit:
        return None
    conversion = _conversion(unit) if lex is None else _conversion_in(unit, lex)
    if conversion is None:
        return None
    factor, base = conversion
    return float(f"{value * factor:.12g}"), base  # "150 mph" is 241.4016 km/h, not ...003


@cache
def _conversion(unit: str) -> tuple[float, str] | None:
    """(factor, base unit) for a unit of the default lexicon: computed once per unit."""
    return _conversion_in(unit, lexicon())


def _conversion_in(unit: str, lex: Lexicon) -> tuple[float, str] | None:
    table = lex.exact_conversions
    if unit in table:
        base, factor = table[unit]
        return factor, base
    numerator, *denominators = unit.split(" per ")
    factor, converted = 1.0, False
    if numerator in table:
        numerator, f = table[numerator]
        factor, converted = factor * f, True
    parts = [numerator]
    for den in denominators:
        if den in table:
            den, f = table[den]
            factor, converted = factor / f, True
        parts.append(den)
    return (factor, " per ".join(parts)) if converted else None
