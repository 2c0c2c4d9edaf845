"""Interactive checklists: one renderer, shared by model, plan and topic pages.

Markup contract (docs/javascripts/checklist.js and the browser tests rely on it):

- a container ``<div class="cn-checklist" data-checklist="<stable id>">``;
- one ``<input type="checkbox">`` per item, each with a real ``<label for=…>``
  and, where the source scores the item, ``data-points``;
- an element ``data-checklist-score`` inside the container, filled with the
  static totals ("12 mục · tối đa 100 điểm") and updated live by the script
  ("7/12 mục · 65/100 điểm");
- a toolbar (``hidden`` until the script runs) with "Xoá đánh dấu" (reset) and
  "Tải danh sách (CSV)" (export named ``<id>.csv``).

Without JavaScript the list stays a readable, printable list of labelled boxes.

Text rules: ``ChecklistItem.label``, ``group`` and ``title`` are plain text from the data and
are escaped here (``vntext.md``). ``ChecklistItem.source`` and ``details`` are **pre-rendered Markdown**
(for instance ``"[Quyết định 448](../van-ban/x.md#muc-1) — 10 điểm"`` built with
``render.common.link``, which escapes its text): the caller escapes any data text in
it; links in it are resolved by MkDocs like any other link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import format_number
from ..vntext import attr, md

_ID_CHARS = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class ChecklistItem:
    """One box to tick: stable id (unique in its checklist), plain-text label,
    optional pre-rendered Markdown source, optional points where the source scores it."""

    id: str
    label: str
    source: str | None = None
    points: float | None = None
    group: str | None = None  # plain text: a sub-heading (e.g. the criterion) starts when it changes
    details: str | None = None  # pre-rendered Markdown shown under the label (who leads, targets …)


def dom_id(*parts: str) -> str:
    """A safe HTML id from stable ids (lower-case ASCII, digits, '-' and '_')."""
    return "cl-" + "--".join(_ID_CHARS.sub("-", part.lower()).strip("-") for part in parts)


def static_score(items: list[ChecklistItem], max_points: float | None) -> str:
    """The score line shown before (or without) JavaScript."""
    text = f"{len(items)} mục"
    total = max_points if max_points is not None else _sum_points(items)
    if total is not None:
        text += f" · tối đa {format_number(total)} điểm"
    return text


def _sum_points(items: list[ChecklistItem]) -> float | None:
    scored = [item.points for item in items if item.points is not None]
    return sum(scored) if scored else None


def _item_html(checklist_id: str, item: ChecklistItem) -> str:
    box_id = dom_id(checklist_id, item.id)
    points = f' data-points="{item.points:g}"' if item.points is not None else ""
    extras = []
    if item.points is not None:
        extras.append(f'<span class="cn-checklist-points">{format_number(item.points)} điểm</span>')
    if item.source:
        extras.append(f'<span class="cn-checklist-source">Nguồn: {item.source}</span>')
    if item.details:
        extras.append(f'<span class="cn-checklist-details">{item.details}</span>')
    extra = f'<br>{" · ".join(extras)}' if extras else ""
    return (f'<li class="cn-checklist-item" markdown="span">'
            f'<input type="checkbox" id="{box_id}" data-item="{attr(item.id)}"{points}> '
            f'<label for="{box_id}">{md(item.label)}</label>{extra}</li>')


def _item_lists(checklist_id: str, items: list[ChecklistItem]) -> list[str]:
    """One <ul> per run of items sharing a group, each run under its group sub-heading."""
    lines: list[str] = []
    current: object = object()
    for item in items:
        if item.group != current:
            if lines:
                lines.append("</ul>")
            if item.group:
                lines.append(f'<p class="cn-checklist-group" markdown="span">{md(item.group)}</p>')
            lines.append('<ul class="cn-checklist-items" markdown="block">')
            current = item.group
        lines.append(_item_html(checklist_id, item))
    return lines + ["</ul>"]


def render_checklist(checklist_id: str, title: str, items: list[ChecklistItem], *,
                     max_points: float | None = None) -> str:
    """Markdown (HTML blocks with md_in_html) for one interactive checklist."""
    if not items:
        raise ValueError(f"checklist {checklist_id!r} has no items")
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"checklist {checklist_id!r} has duplicate item ids")
    heading_id = dom_id(checklist_id) + "--tieu-de"
    total = max_points if max_points is not None else _sum_points(items)
    max_attr = f' data-max-points="{total:g}"' if total is not None else ""
    lines = [
        f'<div class="cn-checklist" data-checklist="{attr(checklist_id)}"{max_attr} '
        f'role="group" aria-labelledby="{heading_id}" style="--cn-muc: {len(items)}" markdown="block">',
        f'<p class="cn-checklist-title" id="{heading_id}" markdown="span"><strong>{md(title)}</strong></p>',
        f'<p class="cn-checklist-score" data-checklist-score aria-live="polite">{static_score(items, max_points)}</p>',
        *_item_lists(checklist_id, items),
        '<p class="cn-checklist-tools" hidden>'
        '<button type="button" class="md-button" data-checklist-reset>Xoá đánh dấu</button> '
        f'<button type="button" class="md-button" data-checklist-export data-filename="{attr(checklist_id)}.csv">'
        "Tải danh sách (CSV)</button> "
        '<button type="button" class="md-button" data-checklist-print>In</button></p>',
        "</div>",
    ]
    return "\n".join(lines) + "\n"
