from __future__ import annotations

import pytest

from procurement.matching.corpus import MatchQuery, ReferenceDoc, SupplierDocument
from procurement.matching.index import code_prefixes
from procurement.matching.scoring import MatchIndex, Weights
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


def test_weights_come_from_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MATCHING_WEIGHTS = {"same_buyer": 0.0, "code_levels": [1.0, 0.0, 0.0, 0.0]}
    weights = Weights.from_settings()
    assert weights.same_buyer == 0.0
    assert weights.code_levels == (1.0, 0.0, 0.0, 0.0)
    assert weights.profile_text == Weights().profile_text


def test_unknown_weight_names_are_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MATCHING_WEIGHTS = {"popularity": 1.0}
    with pytest.raises(ValueError, match="popularity"):
        Weights.from_settings()


def test_the_buyer_weight_changes_the_ranking() -> None:
    suppliers = [
        SupplierDocument(id="text", name="A", country="CO", profile_text="mantenimiento de vías vías terciarias"),
        SupplierDocument(id="buyer", name="B", country="CO", profile_text="mantenimiento", buyer_names=("invias",)),
    ]
    query = MatchQuery(title="Mantenimiento de vías terciarias", buyer_name="INVIAS")
    assert MatchIndex(suppliers, Weights(same_buyer=0.0)).rank(query)[0].supplier_id == "text"
    assert MatchIndex(suppliers, Weights(same_buyer=5.0)).rank(query)[0].supplier_id == "buyer"


def test_partial_code_credit_up_the_hierarchy() -> None:
    suppliers = [
        SupplierDocument(id="same", name="A", codes=("72141003",)),
        SupplierDocument(id="class", name="B", codes=("72141100",)),
        SupplierDocument(id="segment", name="C", codes=("72000000",)),
        SupplierDocument(id="other", name="D", codes=("81111500",)),
    ]
    credit = MatchIndex(suppliers).code_credit(("72141003",))
    assert credit[0] == 1.0
    assert credit[0] > credit[1] > credit[2] > 0
    assert credit[3] == 0


def test_the_eligibility_mask_matches_the_per_supplier_rule() -> None:
    suppliers = [
        *_suppliers(),
        SupplierDocument(id="unverified", name="U", country="CO", trls=(3,)),
        SupplierDocument(id="ready", name="R", country="CO", verified=True, trls=(7,)),
    ]
    index = MatchIndex(suppliers)
    for q in (
        MatchQuery(title="x", country="CO"),
        MatchQuery(title="x", require_verified=True),
        MatchQuery(title="x", min_trl=5),
        MatchQuery(title="x"),
    ):
        assert list(index.eligible_mask(q)) == [index.eligible(s, q) for s in suppliers]


def test_no_supplier_is_ranked_for_size_alone() -> None:
    big = SupplierDocument(
        id="big",
        name="Big",
        country="CO",
        references=tuple(ReferenceDoc(f"obra civil {i}", buyer_name=f"b{i}") for i in range(30)),
        buyer_names=tuple(f"b{i}" for i in range(30)),
    )
    small = SupplierDocument(id="small", name="Small", country="CO", profile_text="sensores de inundación")
    result = MatchIndex([big, small]).rank(MatchQuery(title="Sensores de inundación", country="CO"))
    assert [r.supplier_id for r in result] == ["small"]
