"""Pagination that stays fast deep into a long list.

``OFFSET n`` makes PostgreSQL walk ``n`` rows before the page; when each of them is a whole row (an index scan
that visits the table for every entry) page 2,500 of the supplier list read 60,000 rows from the heap (about
700 ms at national scale). Deep pages are therefore read in two steps, the classic *deferred join*: first the
page's ids alone, which an index holding the order and the id answers without touching the table (an
index-only scan), then the page's rows by id, with their ``select_related``/``prefetch_related``. Shallow
pages keep the single query, so query counts do not change.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

DEEP_OFFSET = 500  # rows: from here on a page is read by id


def ranked_slice(
    qs: QuerySet[Any], number: Any, per_page: int, *, ids_only: bool = False
) -> tuple[list[Any], int] | None:
    """Page ``number`` of a query ordered by relevance (annotated ``rank``) and the number of its rows, in one query.

    Ordering by relevance reads every match anyway, so counting them in the same query (a window count) costs
    nothing more, where a separate ``COUNT`` searches a second time (#19). An empty first page is no match at all:
    a count of 0, without counting (a word nothing matches is searched once, not twice). ``None`` when the query
    cannot tell: it is not ranked (an index answers its count and its order apart), or the page is past the end,
    below 1 or not a number (the caller counts, and shows the last page or a 404 as before). ``ids_only``: the
    rows' ids.
    """
    if "rank" not in qs.query.annotations or qs.query.distinct:
        return None
    raw = str(number)
    wanted = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    if wanted < 1:
        return None
    start = (wanted - 1) * per_page
    counted = qs.annotate(_total=Window(Count("pk")))
    if ids_only:
        pairs = list(counted.values_list("pk", "_total")[start : start + per_page])
        if pairs:
            return [pk for pk, _total in pairs], pairs[0][1]
    else:
        rows = list(counted[start : start + per_page])
        if rows:
            return rows, rows[0]._total
    return ([], 0) if wanted == 1 else None  # nothing from the first row on: nothing matched


class DeferredJoinPaginator(Paginator):
    """``rows``: a queryset the page's rows are read from by id, after the list (``object_list``, filtered and
    ordered) gave their ids: for rows that carry costly columns (arrays of related slugs), which PostgreSQL would
    otherwise compute for every candidate of a ranked search before keeping a page of them (#19). It must hold what
    the list may show (its visibility); a row that left it in between is not shown."""

    def __init__(self, object_list: Any, per_page: int, *args: Any, rows: QuerySet[Any] | None = None, **kwargs: Any):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    def page(self, number: Any) -> Page[Any]:
        qs = self.object_list
        if isinstance(qs, QuerySet) and "count" not in self.__dict__ and not self.orphans:
            found = ranked_slice(qs, number, self.per_page, ids_only=self.rows is not None)
            if found is not None:  # the count came with the rows: no COUNT query
                self.__dict__["count"] = found[1]
                listed = self._by_id(found[0]) if self.rows is not None else found[0]
                return self._get_page(listed, self.validate_number(number), self)  # type: ignore[attr-defined]
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        qs = self.object_list
        if not isinstance(qs, QuerySet) or not qs.ordered or (bottom < DEEP_OFFSET and self.rows is None):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(qs.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        return self._get_page(self._by_id(ids), number, self)  # type: ignore[attr-defined]

    def _by_id(self, ids: list[Any]) -> list[Any]:
        """The rows of ``ids``, in that order, read from ``rows`` (or from the list itself)."""
        source: QuerySet[Any] = self.object_list if self.rows is None else self.rows  # type: ignore[assignment]
        by_id = {row.pk: row for row in source.filter(pk__in=ids).order_by()}
        return [by_id[pk] for pk in ids if pk in by_id]
