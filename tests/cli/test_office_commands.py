"""`python -m bot report`, `audit` and `knowledge aliases export` as real
processes, on a database of each backend that the service would have filled."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.store import Store, open_store
from tests.cli.test_knowledge import ROOT, run_bot


@pytest.fixture
def filled(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as store:
        a = store.analytics
        a.record("line", "U1", "line:U1", "DMOの計画はいつまで?", "answered", "plan.period",
                 ("dmo-tourism",), {"kind": "plan", "fields": ["period"]})  # fmt: skip
        a.rate_last("line", "U1", "line:U1", "up", dt.timedelta(minutes=5))
        a.record("line", "U2", "line:U2", "DMOの概要", "answered", "plan.overview",
                 ("dmo-tourism",), {"kind": "plan", "fields": ["overview"]})  # fmt: skip
        a.rate_last("line", "U2", "line:U2", "down", dt.timedelta(minutes=5))
        a.record("web", "w1", "web:w1", "パラレルワークの計画期間", "answered", "plan.period",
                 ("parallel-work",), {"kind": "plan", "fields": ["period"]})  # fmt: skip
        a.record("web", "w2", "web:w2", "認定日は?", "ambiguous", "clarify",
                 ("dmo-tourism", "parallel-work"), {"kind": "clarify"})  # fmt: skip
        a.record("web", "w3", "web:w3", "ごみの日は?", "out_of_scope", "out_of_scope", (), None)
        a.add_alias("dmo-tourism", "雪灯りまつり", "U0STAFF01", {"question": 1})
        yield store


def env(store_url: str) -> dict[str, str]:
    return {"DATABASE_URL": store_url}


def test_report_json_has_exactly_the_issues_keys(filled: Store, database_url: str) -> None:
    result = run_bot("report", "--json", env=env(database_url))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"questions", "answered", "ambiguous", "out_of_scope", "handoffs",
                           "feedback", "top_plans"}  # fmt: skip
    assert (report["questions"], report["answered"], report["ambiguous"]) == (5, 3, 1)
    assert (report["out_of_scope"], report["handoffs"]) == (1, 0)
    assert report["feedback"] == {"up": 1, "down": 1}
    assert report["top_plans"][0] == {
        "id": "dmo-tourism", "title": "地域連携DMOを中心とした観光地域づくり計画", "questions": 2,
    }  # fmt: skip


def test_report_since_leaves_earlier_days_out(filled: Store, database_url: str) -> None:
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    result = run_bot("report", "--json", "--since", tomorrow, env=env(database_url))
    assert json.loads(result.stdout)["questions"] == 0
    bad = run_bot("report", "--since", "2026-02-30", env=env(database_url))
    assert bad.returncode != 0


def test_report_text_says_the_figures_in_japanese(filled: Store, database_url: str) -> None:
    result = run_bot("report", env=env(database_url))
    assert "質問: 5件（回答 3件" in result.stdout
    assert "評価: 役に立った 1件、役に立たなかった 1件" in result.stdout
    assert "ごみの日は?（1件）" in result.stdout


def test_audit_lists_who_did_what_and_when(filled: Store, database_url: str) -> None:
    filled.analytics.audit("U0STAFF02", "inquiry.close", "inquiry:7", {})
    result = run_bot("audit", env=env(database_url))
    lines = result.stdout.strip().splitlines()
    assert "U0STAFF01 呼び方を登録 alias:1" in lines[0] and "雪灯りまつり" in lines[0]
    assert "U0STAFF02 問い合わせを完了 inquiry:7" in lines[1]
    assert lines[0].startswith("令和")


def test_export_writes_learned_aliases_into_aliases_yaml(
    filled: Store,
    database_url: str,
    tmp_path: Path,
) -> None:
    kdir = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", kdir)
    before = (kdir / "aliases.yaml").read_text(encoding="utf-8")
    result = run_bot("knowledge", "aliases", "export", "--dir", str(kdir), env=env(database_url))
    assert result.returncode == 0, result.stderr
    assert "「雪灯りまつり」を追加しました（U0STAFF01）" in result.stdout
    after = (kdir / "aliases.yaml").read_text(encoding="utf-8")
    assert "雪灯りまつり" in load_knowledge(kdir).aliases_of("dmo-tourism").names
    assert after.startswith(before.split("\n", 1)[0])  # comments kept
    again = run_bot("knowledge", "aliases", "export", "--dir", str(kdir), env=env(database_url))
    assert "0件" in again.stdout and (kdir / "aliases.yaml").read_text(encoding="utf-8") == after
