"""A small server-side trend chart per indicator: coordinates for steps/scale/_chart.html.

The SVG is drawn by the template (so every text is escaped); this module only places the points
and writes the sentence a screen reader hears instead of the picture.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from workshop.steps.scale import rules

WIDTH, HEIGHT, PAD = 240, 72, 8


def _fmt(value):
    return number_format(
        value.normalize() if value == value.to_integral() else value, use_l10n=True
    )


def trend_chart(indicator) -> dict | None:
    readings = indicator.reading_list
    if not readings:
        return None
    values = [r.value for r in readings]
    target, warning = indicator.target, indicator.warning_threshold
    low = min([*values, target, warning])
    high = max([*values, target, warning])
    span = (high - low) or Decimal(1)
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    count = len(readings)

    def y(value):
        return round(float(PAD + (high - value) / span * inner_h), 1)

    def x(index):
        return round(PAD + (inner_w * index / (count - 1) if count > 1 else inner_w / 2), 1)

    points = [
        {"x": x(i), "y": y(r.value), "rag": rules.rag(indicator.data, r.value)}
        for i, r in enumerate(readings)
    ]
    first, last = readings[0], readings[-1]
    if count == 1:
        trend = _("one reading")
    elif last.value == first.value:
        trend = _("level")
    elif (last.value > first.value) == (indicator.direction == rules.HIGHER_IS_BETTER):
        trend = _("improving")
    else:
        trend = _("worsening")
    label = _(
        "%(name)s: %(count)d readings, %(trend)s, from %(first)s on %(first_date)s to %(last)s on"
        " %(last_date)s; target %(target)s, warning level %(warning)s."
    ) % {
        "name": indicator.name,
        "count": count,
        "trend": trend,
        "first": _fmt(first.value),
        "first_date": first.observed_on.isoformat(),
        "last": _fmt(last.value),
        "last_date": last.observed_on.isoformat(),
        "target": _fmt(target),
        "warning": _fmt(warning),
    }
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "points": points,
        "target_y": y(target),
        "warning_y": y(warning),
        "label": label,
        "trend": trend,
    }
