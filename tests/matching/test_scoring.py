from __future__ import annotations

from procurement.matching.documents import MatchQuery, ReferenceDoc, SupplierDocument
from procurement.matching.index import code_prefixes
from procurement.matching.scoring import MatchIndex
from procurement.matching.text import tokens


def _suppliers() -> list[SupplierDocument]:
    return [
        SupplierDocument(
            id="roads",
            name="Vías Andinas",
            codes=("72141003",),
            country="CO",
            references=(ReferenceDoc("Mantenimiento de vías terciarias", buyer_name="invias"),),
            buyer_names=("invias",),
        ),
        SupplierDocument(
            id="software",
            name="Datos Abiertos",
            codes=("81111500",),
            country="CO",
            profile_text="Desarrollo de software y portales de datos abiertos",
        ),
        SupplierDocument(
            id="abroad", name="Caminos SA", codes=("72141003",), country="PE", profile_text="Mantenimiento de vías"
        ),
    ]


def test_it_folds_accents_and_stems() -> None:
    assert tokens("Mantenimiento de VÍAS", "es") == tokens("mantenimientos de vias", "es")


def test_it_reads_code_hierarchy_levels() -> None:
    assert code_prefixes("72141000") == ["72", "721", "7214", "72141"]


def test_it_ranks_the_relevant_supplier_first_with_reasons() -> None:
    index = MatchIndex(_suppliers())
    result = index.rank(
        MatchQuery(title="Mantenimiento de vías", codes=("72141003",), country="CO", buyer_name="INVIAS")
    )
    assert result[0].supplier_id == "roads"
    codes = {r.code for r in result[0].reasons}
    assert {"code_shared", "terms_matched", "same_buyer", "eligible"} <= codes


def test_it_filters_out_ineligible_suppliers() -> None:
    index = MatchIndex(_suppliers())
    result = index.rank(MatchQuery(title="Mantenimiento de vías", country="CO"))
    assert "abroad" not in [r.supplier_id for r in result]
