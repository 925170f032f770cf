"""The knowledge models: what a plan, its aliases and the city's contact may be."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from bot.knowledge import City, Contact, KnowledgeBase, Plan, PlanAliases, load_knowledge
from bot.knowledge.models import PageStatus, Period


def plan_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "dmo-tourism",
        "title": "地域連携DMOを中心とした観光地域づくり計画",
        "certification": {"date": "2019-03-29", "round": 51},
        "changes": ["2020-03-30"],
        "period": {"start": "2019-03-29", "end": "2022-03-31"},
        "summary": "観光地域づくりに取り組みます。",
        "partners": ["長井市", "南陽市"],
        "partnership": "長井市、南陽市の2市による広域連携事業",
        "status": "current",
    }
    data.update(changes)
    return data


def errors_of(model: type[Any], data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(e["loc"], e["type"]) for e in caught.value.errors()]


def test_a_plan_reads_iso_dates_and_keeps_its_facts() -> None:
    plan = Plan.model_validate(plan_data())
    assert plan.certification.date == dt.date(2019, 3, 29)
    assert plan.certification.round == 51
    assert plan.changes == (dt.date(2020, 3, 30),)
    assert plan.period.days == (dt.date(2022, 3, 31) - dt.date(2019, 3, 29)).days + 1
    assert plan.status is PageStatus.CURRENT


def test_change_dates_are_kept_oldest_first() -> None:
    plan = Plan.model_validate(plan_data(changes=["2021-01-01", "2020-03-30"]))
    assert plan.changes == (dt.date(2020, 3, 30), dt.date(2021, 1, 1))


def test_the_same_change_date_twice_is_refused() -> None:
    with pytest.raises(ValidationError, match="同じ変更日が2回書かれています"):
        Plan.model_validate(plan_data(changes=["2020-03-30", "2020-03-30"]))


def test_a_change_before_certification_is_refused() -> None:
    with pytest.raises(ValidationError, match="変更日 2019-01-01 が認定日 2019-03-29 より前"):
        Plan.model_validate(plan_data(changes=["2019-01-01"]))


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="計画期間の終わり"):
        Period.model_validate({"start": "2019-03-29", "end": "2019-03-28"})
    assert Period.model_validate({"start": "2019-03-29", "end": "2019-03-29"}).days == 1


@pytest.mark.parametrize(
    ("changes", "loc", "kind"),
    [
        ({"certfication": {}}, ("certfication",), "extra_forbidden"),
        ({"id": "DMO tourism"}, ("id",), "string_pattern_mismatch"),
        ({"id": "-dmo"}, ("id",), "string_pattern_mismatch"),
        ({"title": ""}, ("title",), "string_too_short"),
        ({"summary": "   "}, ("summary",), "string_too_short"),
        ({"certification": {"date": "2019-02-30", "round": 51}}, ("certification", "date"),
         "date_from_datetime_parsing"),
        ({"certification": {"date": "2019-03-29", "round": 0}}, ("certification", "round"),
         "greater_than_equal"),
        ({"status": "finished"}, ("status",), "enum"),
        ({"changes": "2020-03-30"}, ("changes",), "tuple_type"),
    ],
)  # fmt: skip
def test_invalid_plan_fields(changes: dict[str, Any], loc: tuple[Any, ...], kind: str) -> None:
    assert (loc, kind) in errors_of(Plan, plan_data(**changes))


def test_a_missing_field_is_named() -> None:
    data = plan_data()
    del data["period"]
    assert errors_of(Plan, data) == [(("period",), "missing")]


def test_plans_are_frozen() -> None:
    plan = Plan.model_validate(plan_data())
    with pytest.raises(ValidationError):
        plan.title = "別の計画"  # type: ignore[misc]


def test_text_is_stripped() -> None:
    plan = Plan.model_validate(plan_data(title="  地域連携DMO計画 \n"))
    assert plan.title == "地域連携DMO計画"


def test_aliases_readings_must_be_hiragana() -> None:
    aliases = PlanAliases.model_validate({"readings": ["でぃーえむおー", "かんこう ちいき"]})
    assert aliases.all() == ("でぃーえむおー", "かんこう ちいき")
    for reading in ("ディーエムオー", "dmo", "観光"):
        with pytest.raises(ValidationError, match=f"読み「{reading}」はひらがなで"):
            PlanAliases.model_validate({"readings": [reading]})


def test_aliases_refuse_unknown_kinds() -> None:
    assert ((("nicknames",), "extra_forbidden")) in errors_of(PlanAliases, {"nicknames": ["x"]})


def contact_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "department": "総合政策課",
        "office": "総合戦略室",
        "postal_code": "993-8601",
        "address": "山形県長井市ままの上5番1号",
        "phone": "0238-87-0714",
        "fax": "0238-83-1070",
        "mail_form": {"label": "メールでのお問い合わせはこちら", "url": None},
    }
    data.update(changes)
    return data


def test_contact_name_joins_department_and_office() -> None:
    assert Contact.model_validate(contact_data()).name == "総合政策課 総合戦略室"


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "0238870714"), ("phone", "0238-87-07"), ("fax", "tel 0238-83-1070"),
     ("postal_code", "9938601"), ("postal_code", "993-860")],
)  # fmt: skip
def test_contact_numbers_must_have_their_shape(field: str, value: str) -> None:
    assert ((field,), "string_pattern_mismatch") in errors_of(
        Contact, contact_data(**{field: value})
    )


def test_mail_form_url_must_be_http() -> None:
    data = contact_data(mail_form={"label": "メール", "url": "mailto:x@example.jp"})
    assert (("mail_form", "url"), "string_pattern_mismatch") in errors_of(Contact, data)


def test_knowledge_base_indexes_plans_by_id() -> None:
    kb = load_knowledge()
    assert isinstance(kb, KnowledgeBase)
    assert isinstance(kb.city, City)
    assert kb.plan("dmo-tourism").certification.round == 51
    assert [p.id for p in kb.plans] == list(kb.by_id)
    assert kb.certification_rounds == frozenset({36, 40, 51, 55})
    assert "でぃーえむおー" in kb.aliases_of("dmo-tourism").readings
    assert kb.aliases_of("no-such-plan") == PlanAliases()
    with pytest.raises(KeyError):
        kb.plan("no-such-plan")
