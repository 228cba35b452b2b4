"""A figure in its base unit, where the conversion is exact by definition.

The stated unit stays on the metric (`unit`); `base_value` / `base_unit` sit beside it so that
"5,000 mu", "333 hectares" and "3.3 square kilometres" can be compared, and so can "CNY per mu"
and "CNY per hectare". Units with rival definitions (ounce, gallon, horsepower, ...) have no
entry in the lexicon's `exact_conversions` and get no base.
"""

from __future__ import annotations

from transforms.lexicon import Lexicon


def to_base(unit: str | None, value: float, lex: Lexicon) -> tuple[float, str] | None:
    """(value in the base unit, base unit), or None when no part of the unit converts exactly.

    A rate converts each part: "CNY per mu" -> CNY per hectare (x 15), "litre per capita per
    day" -> cubic metre per capita per day.
    """
    if not unit:
        return None
    table = lex.exact_conversions
    if unit in table:
        base, factor = table[unit]
        return _tidy(value * factor), base
    numerator, *denominators = unit.split(" per ")
    converted = False
    if numerator in table:
        numerator, factor = table[numerator]
        value *= factor
        converted = True
    parts = [numerator]
    for den in denominators:
        if den in table:
            den, factor = table[den]
            value /= factor
            converted = True
        parts.append(den)
    return (_tidy(value), " per ".join(parts)) if converted else None


def _tidy(value: float) -> float:
    """12 significant digits: "150 mph" is 241.4016 km/h, not 241.40160000000003."""
    return float(f"{value:.12g}")
