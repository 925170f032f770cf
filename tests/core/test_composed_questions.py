"""Questions that combine parts: several fields, yes/no checks, filters over
plans, content inside the summaries, references to the previous answer, time
since, dialect and English. Each asserts what the resident reads."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.answer import HANDLERS
from bot.core.bot import Bot
from bot.core.intents import Decision, Kind
from bot.core.types import MemoryContextStore, Message, Reply
from bot.knowledge import KnowledgeBase, load_knowledge

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def ask(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    bot = Bot(kb, MemoryContextStore(), today=lambda: TODAY)

    def ask(text: str, user: str = "u") -> Reply:
        return bot.handle(Message("test", user, text))

    return ask


def test_every_field_asked_is_answered(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("まちなか交流施設整備計画の認定日と変更の有無")
    assert "平成31年3月29日" in reply.text and "変更はありません" in reply.text
    both = ask("電話番号とFAX番号、両方お願いします")
    assert "0238-87-0714" in both.text and "0238-83-1070" in both.text


def test_yes_no_about_a_town_that_does_not_take_part(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("パラレルワークの計画に白鷹町は参加してる?")
    assert reply.text.startswith("いいえ") and "長井市の計画" in reply.text
    assert ask("白鷹町ってDMOの計画に入ってますか?").text.startswith("はい")


def test_who_certifies_is_read_from_the_knowledge(ask, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    reply = ask("市長が認定したの?")
    assert reply.text.startswith("いいえ") and kb.city.scheme.certified_by in reply.text


def test_same_round_check_and_same_day_filter(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("DMOと6次産業化の計画は同じ回の認定?").text.startswith("はい")
    assert ask("パラレルワークとDMOの計画は同じ日に認定された?").text.startswith("いいえ")
    same_day = ask("まちなか交流施設整備計画と同じ日に認定された計画は?")
    assert set(same_day.plans) == {"dmo-tourism", "sixth-industry"}


def test_period_length_filter_counts(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("期間が3年の計画はいくつ?")
    assert "3件" in reply.text and len(reply.plans) == 3


def test_superlative_by_any_date_role(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("いちばん期間が長かった計画は?").plans == ("water-history-transit",)
    assert ask("一番最初に終わった計画はどれ?").plans == ("job-innovation",)


def test_content_question_quotes_the_summary(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("災害のときに一時避難スペースになるのはどこですか")
    assert reply.plans == ("machinaka-facility",) and "市民協働ホール" in reply.text
    assert "「" in reply.text  # quoted, not paraphrased


def test_a_word_of_a_summary_alone_is_not_a_plan_question(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("最上川で釣りはできますか", "移住したいのですが支援はありますか", "観光案内所の電話番号"):
        reply = ask(text, user=text)
        assert reply.intent == "out_of_scope" and not reply.plans, text


def test_the_previous_answers_plans(ask) -> None:  # type: ignore[no-untyped-def]
    assert len(ask("第51回で認定された計画ってどれがある?").plans) == 3
    changed = ask("そのうち変更があったのは?")
    assert set(changed.plans) == {"dmo-tourism", "sixth-industry"}
    rest = ask("残りの一つは期間いつまで?")
    assert rest.plans == ("machinaka-facility",) and "令和6年3月31日" in rest.text


def test_whose_is_it(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("ハイパー学童クラブって6次産業化の計画のやつ?")
    assert reply.text.startswith("いいえ") and reply.plans == ("parallel-work",)


def test_time_since_the_end_and_since_certification(ask) -> None:  # type: ignore[no-untyped-def]
    assert "約7年8か月" in ask("しごと創出イノベーション計画が終わってから何年経った?").text
    assert "認定から約7年" in ask("DMOの計画が認定されてから何年たった?").text


def test_okitama_forms(ask) -> None:  # type: ignore[no-untyped-def]
    assert "令和4年3月31日" in ask("DMOの計画はいつまでだべ?").text
    assert ask("おしょうしな!").intent == "thanks"


def test_english_is_answered_in_english(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("When does the DMO plan end?")
    assert "March 31, 2022" in reply.text and "です" not in reply.text
    partners = ask("Which plan is Nanyo City part of?", user="e2")
    assert partners.plans == ("dmo-tourism",) and "Nanyo City" in partners.text
    follow = ask("Was it ever revised?", user="e2")
    assert follow.text.startswith("Yes") and "March 30, 2020" in follow.text


def test_the_reply_carries_the_query(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("パラレルワークの計画に白鷹町は参加してる?")
    assert reply.query is not None
    assert reply.query["kind"] == "check" and reply.query["plans"] == ["parallel-work"]
    assert reply.query["operation"] == "partner"


def test_every_kind_has_a_handler_and_a_wrong_kind_is_an_error() -> None:
    assert set(HANDLERS) == set(Kind)
    with pytest.raises(ValueError, match="plna"):
        Decision("plna")


def test_two_superlatives_in_one_question_are_both_answered_in_order(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("一番古い計画と一番新しい計画を教えて")
    assert reply.plans == ("water-history-transit", "parallel-work")
    assert reply.text.index("早く認定") < reply.text.index("新しく認定")
    # a word of the first (最初 in 最初に終わった) is not a second superlative
    assert ask("一番最初に終わった計画はどれ?", user="v").plans == ("job-innovation",)


def test_two_plans_compared_name_the_one_that_is(ask) -> None:  # type: ignore[no-untyped-def]
    first = ask("DMOの計画と人材誘致計画、どっちが先に認定された?")
    assert first.text.startswith("先に認定されたのは「地域連携DMO")
    assert "平成31年3月29日" in first.text and "令和2年3月30日" in first.text
    ended = ask("人材誘致とまちなか、どっちが早く終わった?")
    assert ended.text.startswith("計画期間が先に終わったのは「パラレルワーク")
    later = ask("パラレルワークの計画の終わりと、DMOの計画の終わり、どっちが後?")
    assert "パラレルワーク" in later.text.split("\n")[0]


def test_a_comparison_with_no_difference_says_so(ask) -> None:  # type: ignore[no-untyped-def]
    tie = ask("DMOの計画と6次産業化の計画、どっちが新しい?")
    assert "同じ日に認定されています" in tie.text
    # 1,098 and 1,096 days: both 約3年, not "the DMO plan is longer"
    assert "ほぼ同じ長さ" in ask("パラレルワークの計画とDMOの計画、期間が長いのはどっち?").text


def test_status_of_two_plans_compared(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOと6次産業化、どっちがまだ続いてる?")
    assert reply.text.startswith("どちらも計画期間が終了しています")
    assert reply.text.count("令和4年3月31日") == 2


def test_is_one_plan_more_than_another_answers_yes_or_no(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("まちなか交流施設の計画はパラレルワークの計画より長い?").text.startswith("はい")
    assert ask("パラレルワークの計画はまちなか交流施設の計画より長い?").text.startswith("いいえ")
    assert ask("Is the DMO plan older than the machinaka plan?").text.startswith("No.")


def test_time_between_two_days_of_one_plan(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOの計画が認定されてから変更されるまでどのくらい?")
    assert "平成31年3月29日" in reply.text and "令和2年3月30日" in reply.text
    assert "約1年（367日）" in reply.text
    # a change unsaid which: the one nearer the other day
    last = ask("山の港町の水と歴史の計画、変更から終了まで何か月?")
    assert "令和2年3月30日" in last.text and "最後の変更日" in last.text
    never = ask("人材誘致計画の認定から変更までどのくらい?")
    assert "変更されていません" in never.text


def test_whether_two_days_of_one_plan_are_the_same(ask) -> None:  # type: ignore[no-untyped-def]
    same = ask("水と歴史の計画の認定日って、計画期間の始まりの日と同じですか?")
    assert same.text.startswith("はい") and "平成28年3月15日" in same.text
    differ = ask("しごと創出の計画は認定日と計画期間の終わりが同じ日?")
    assert differ.text.startswith("いいえ") and "平成31年3月31日" in differ.text


def test_days_of_a_plan_under_discussion_and_of_an_unclear_name(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの計画について", user="d")
    assert "367日" in ask("認定から変更までどのくらい?", user="d").text
    unclear = ask("山の港町の計画の認定から最初の変更まで何か月?")
    assert unclear.intent == "clarify" and len(unclear.plans) == 2


def test_plans_sharing_a_day_with_a_named_plan_are_still_listed(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOの計画が認定されたのと同じ日に始まった計画は?")
    assert set(reply.plans) == {"sixth-industry", "machinaka-facility"}


def test_a_list_of_something_else_is_not_the_list_of_plans(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("Pythonでリストをソートする方法を教えて", "ゴミ出しの日の一覧がほしい"):
        reply = ask(text)
        assert reply.intent == "out_of_scope" and not reply.plans, text
    assert len(ask("一覧").plans) == 6


def test_two_plans_share_a_change_day_or_several_values(ask) -> None:  # type: ignore[no-untyped-def]
    changed = ask("6次の計画の変更日とDMOの変更日って同じ?")
    assert changed.text.startswith("はい、令和2年3月30日にどちらも変更されています")
    both = ask("DMOと6次って認定日も計画期間も一緒なの?")
    assert both.text.startswith("はい、認定日も計画期間も、どちらも同じです")
    partly = ask("DMOとまちなか交流施設の計画は認定日も計画期間も同じ?")
    assert partly.text.startswith("いいえ、認定日は同じですが、計画期間は異なります")


def test_plans_changed_on_a_day_another_plan_was_changed(ask) -> None:  # type: ignore[no-untyped-def]
    ask("しごと創出イノベーション計画の変更日は?", user="c")
    reply = ask("同じ日に変更された計画は他にありますか", user="c")
    assert reply.plans == ("water-history-transit",)


def test_how_many_times_changed_is_a_count_not_a_round(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("水と歴史の計画って2回しか変更されてないんだっけ?").text.startswith("いいえ")
    assert ask("DMOの計画は1回だけ変更された?").text.startswith("はい")
    assert ask("2回以上変更された計画は?").plans == ("water-history-transit",)
    assert len(ask("一度も変更されていない計画は?").plans) == 2
    assert len(ask("51回の認定の計画は?").plans) == 3


def test_who_certifies_without_a_yes_or_no(ask, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    reply = ask("計画を認定してるのは誰?")
    assert reply.text.startswith("地域再生計画を認定するのは" + kb.city.scheme.certified_by)


def test_okitama_voicing_and_everyday_words(ask) -> None:  # type: ignore[no-untyped-def]
    assert "令和2年3月30日" in ask("6次のけいかぐ、変更いづしたっけが").text
    ask("まぢなかの新すい交流施設の計画のごど聞ぎでぇんだげんど", user="o")
    # 地震 is a kind of 災害, which the summary speaks of; そごさ is 「そこに」
    shelter = ask("地震だの来たら、そごさ逃げらいるんだが?", user="o")
    assert "一時避難スペース" in shelter.text
    assert "令和6年3月31日" in ask("ほんで、その計画はいづまでだっけ", user="o").text


def test_a_verb_ending_is_not_a_kana_name(ask) -> None:  # type: ignore[no-untyped-def]
    # 見られる ends like ぱられる(わーく): it names no plan
    reply = ask("制度の詳しい説明はどこで見られる?")
    assert reply.intent == "scheme" and not reply.plans


def test_which_of_a_plans_changes_and_the_day_of_one(ask) -> None:  # type: ignore[no-untyped-def]
    ask("水と歴史の計画の変更って何回あった?", user="w")
    first = ask("そのうち一番最初のは?", user="w")
    assert first.text.endswith("最初の変更は平成28年8月30日です（変更は全5回）。")
    assert "令和2年3月30日" in ask("最後は?", user="w").text
    then = ask("最後の変更の日に、新しく認定された計画はあった?", user="w")
    assert then.plans == ("parallel-work",)
    ended = ask("DMOの計画が終わった日に終わった計画は?")
    assert ended.plans == ("sixth-industry",)


def test_that_plan_with_other_words_is_still_that_plan(ask) -> None:  # type: ignore[no-untyped-def]
    ask("2回以上変更された計画は?", user="t")
    assert "5回変更されています" in ask("その計画は合計何回変更されていますか", user="t").text
    ask("ハイパー学童クラブってなに?", user="h")
    more = ask("その計画でほかに何やってたの?", user="h")
    assert more.plans == ("parallel-work",) and "マッチングサイト" in more.text


def test_plans_listed_in_groups_by_round_or_year(ask) -> None:  # type: ignore[no-untyped-def]
    by_round = ask("認定回ごとに計画を整理してもらえる?")
    assert "第51回（平成31年3月29日）: 3件" in by_round.text and len(by_round.plans) == 6
    by_year = ask("認定された年ごとに分けて教えて")
    assert "平成28年（2016年）: 2件" in by_year.text
    # fiscal 2019 runs April 2019 to March 2020: 令和元年度
    assert "令和元年度（2019年度）: 1件" in ask("年度別に認定された計画を教えて").text


def test_how_long_since_for_the_plan_a_superlative_finds(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("How long ago did the last of the plans end?")
    assert "March 31, 2024, about 2 years and 8 months (970 days) ago" in reply.text
    assert "約2年8か月" in ask("最後に終わった計画は終わってから何年たった?").text


def test_time_between_the_same_day_of_two_plans(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOの計画としごと創出の計画の認定日は何年離れてる?")
    assert "約2年3か月（836日）" in reply.text
    ask("一番古い計画ってどれでしたっけ", user="g")
    ask("じゃあ一番新しいのは?", user="g")
    pair = ask("その二つの認定日の間って何年くらい空いてます?", user="g")
    assert set(pair.plans) == {"water-history-transit", "parallel-work"}
    assert "約4年（1476日）" in pair.text


def test_other_plans_within_a_named_plans_period(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("水と歴史の計画の期間中に、新しく認定された他の計画はいくつある?")
    assert "ほかの計画は5件です" in reply.text and "water-history-transit" not in reply.plans
    changed = ask("DMOの計画の期間中に変更された計画は?")
    assert set(changed.plans) == {"water-history-transit", "sixth-industry"}


def test_plans_a_shared_phrase_speaks_of_when_several_are_expected(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("最上川の舟運の歴史に触れている計画はどれとどれ?")
    assert set(reply.plans) == {"water-history-transit", "job-innovation"}


def test_elliptic_follow_ups_about_the_plan_under_discussion(ask) -> None:  # type: ignore[no-untyped-def]
    ask("パラレルワークを中心とした人材誘致計画について知りたいです", user="p")
    # 途中 names nothing: the question is about that plan's changes
    assert "変更はありません" in ask("途中で変更はあった?", user="p").text
    # not "is any plan running?"
    running = ask("今も続いてる?", user="p")
    assert running.text.startswith("いいえ") and running.plans == ("parallel-work",)
    assert ask("今も続いてる計画ある?", user="p").intent == "aggregate.list"


def test_plans_not_yet_made_are_not_answered_with_plan_facts(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("次の地域再生計画はいつ認定される予定ですか")
    assert reply.intent == "out_of_scope" and not reply.plans


def test_a_verb_finds_the_summarys_noun(ask) -> None:  # type: ignore[no-untyped-def]
    ask("まちなか交流施設整備計画の概要を簡単に", user="v")
    reply = ask("その施設は何と一緒に建てられる?", user="v")
    assert "市新庁舎と併設" in reply.text and "レンタルオフィス" not in reply.text


def test_the_other_partners_after_a_yes_or_no_about_one_town(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの計画、南陽市も入ってだっけ?", user="n")
    reply = ask("ほがには どこ入ってんの?", user="n")
    assert reply.intent == "plan.partners" and "白鷹町" in reply.text and "飯豊町" in reply.text


def test_a_list_shows_every_field_asked(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("令和2年に認定された計画と期間")
    assert "認定日: 令和2年3月30日（第55回）、計画期間: 令和2年3月30日から令和5年3月31日まで" in reply.text
    changed = ask("変更があった計画の変更日と認定日")
    assert changed.intent == "aggregate.list" and len(changed.plans) == 4


def test_english_dates_with_months_and_open_sides(ask) -> None:  # type: ignore[no-untyped-def]
    march = ask("Which plans were certified in March 2019?")
    assert march.text.startswith("3 plans certified in March 2019:")
    before = ask("Which plans ended before 2022?")
    assert set(before.plans) == {"water-history-transit", "job-innovation"}
    assert ask("What was certified on March 30, 2020?").plans == ("parallel-work",)


def test_a_bare_when_after_a_yes_or_no_asks_that_field(ask) -> None:  # type: ignore[no-untyped-def]
    ask("Was the DMO plan changed?", user="e")
    assert "March 30, 2020" in ask("When?", user="e").text
    ask("しごと創出の計画は終わった?", user="j")
    assert "平成31年3月31日まで" in ask("いつ?", user="j").text


def test_requests_to_do_something_are_not_answered_with_plans(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("この計画ぜんぶPDFにして私宛にメールで送っといて",
                 "まちなか交流施設の観光案内所で来週のバスツアーって予約できる？"):
        reply = ask(text)
        assert reply.intent == "out_of_scope" and "令和" not in reply.text, text


def test_the_question_after_a_change_of_topic(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOの計画のことは前に調べたので大丈夫です。今日聞きたいのは別件で、"
                "長井市のふるさと納税の返礼品にどんな物があるか知りたいです。")
    assert reply.intent == "out_of_scope" and not reply.plans
    # ところで inside どんなところで is no change of topic
    assert ask("6次の計画では、どんなところで商品を売るの?").plans == ("sixth-industry",)


def test_another_places_contact_details_are_not_the_offices(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("市民プールの住所は?", "図書館の電話番号を教えて", "ゴミ処理場の場所と電話番号"):
        assert ask(text).intent == "out_of_scope", text
    assert "0238-83-1070" in ask("住民からFAX番号を聞かれた").text
    assert "0238-87-0714" in ask("問い合わせ先の電話番号").text


def test_clerks_shorthand_and_totals(ask) -> None:  # type: ignore[no-untyped-def]
    assert set(ask("H29 変更 計画").plans) == {"water-history-transit", "job-innovation"}
    assert ask("R2.3.30 の動き").intent == "aggregate.list"
    assert len(ask("R2.3.30 の動き").plans) == 4
    assert "延べ8回" in ask("全計画の変更は延べ何回ですか。").text


def test_the_time_from_the_last_change_and_how_many(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("長井市地域再生計画は何回変更され、最後の変更から計画期間の終わりまではどのくらい?")
    assert "5回変更されています" in reply.text and "約1年（366日）" in reply.text


def test_what_is_inside_the_facility_and_its_role_in_a_disaster(ask) -> None:  # type: ignore[no-untyped-def]
    ask("まちなか交流施設のやつ教えて", user="f")
    assert "市民交流ホール" in ask("中に何できるの？", user="f").text
    ask("長井市まちなか交流施設整備計画の概要で示されている施設の構成要素を列挙してください。", user="r")
    assert "一時避難スペース" in ask("そのうち、災害時の役割が想定されているのは？", user="r").text


def test_which_plan_says_most_of_a_description(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("首都圏での販売拠点に関する記述があるのはどの計画ですか。")
    assert reply.plans == ("sixth-industry",) and "アンテナショップ" in reply.text
    both = ask("概要の中で移住の促進に触れている計画はどれですか。")
    assert {"water-history-transit", "parallel-work"} <= set(both.plans)


def test_plans_changed_in_a_year_show_those_changes(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("H29 変更 計画")
    assert "変更: 平成29年2月24日、平成29年5月30日（全5回）" in reply.text


def test_the_plan_certified_just_before_or_after(ask) -> None:  # type: ignore[no-untyped-def]
    ask("一番新しい計画は?", user="b")
    before = ask("じゃあその一つ前に認定された長井の計画は？", user="b")
    assert set(before.plans) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}
    after = ask("しごと創出の計画の次に認定されたのは?")
    assert "water-history-transit" not in after.plans and len(after.plans) == 3


def test_a_day_of_one_plan_against_another_day_of_another(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMO計画の変更日とパラレルワーク計画の認定日には何か関係がありますか。")
    assert "同じ日（令和2年3月30日）" in reply.text
    apart = ask("しごと創出の計画の認定日とDMOの計画の終了日は何年離れている?")
    assert "約5年3か月（1934日）" in apart.text


def test_plans_split_by_whether_they_were_changed(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("第51回認定の3計画について、その後変更を経たものと経ていないものに分けてください。")
    assert "変更あり: 2件" in reply.text and "変更なし: 1件" in reply.text
    assert "令和2年3月30日変更" in reply.text


def test_a_word_of_the_plans_own_title_quotes_the_whole_summary(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("長井市まちなか交流施設整備計画の概要で示されている施設の構成要素を列挙してください。")
    for room in ("市民交流ホール", "市民協働ホール", "観光案内所", "レンタルオフィス"):
        assert room in reply.text


def test_another_towns_plan_of_the_same_name_is_out_of_scope(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("東根市のパラレルワーク事業の概要を教えてください")
    assert reply.intent == "out_of_scope" and "マッチングサイト" not in reply.text
    assert ask("白鷹町のDMOの計画").plans == ("dmo-tourism",)


def test_a_scene_setting_clause_does_not_decide_the_question(ask) -> None:  # type: ignore[no-untyped-def]
    tax = ask("パラレルワークって言葉を最近よく聞くけど、副業の確定申告ってどうやればいいの?")
    assert tax.intent == "out_of_scope" and "令和" not in tax.text
    shop = ask("市内で和菓子屋をやっています。うちの商品を首都圏で売るのを後押ししてくれるような計画ってありますか?")
    assert shop.plans == ("sixth-industry",)


def test_a_partner_typed_by_its_sound_and_the_city_left_out(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("南洋市と組んでる計画の期間は").plans == ("dmo-tourism",)
    reply = ask("地域連携DMOを中心とした観光地域づくり計画について、計画期間と、長井市以外に参加している自治体を教えて")
    assert "南陽市" in reply.text and "令和4年3月31日" in reply.text


def test_english_rounds_and_never_amended(ask) -> None:  # type: ignore[no-untyped-def]
    assert len(ask("How many plans were certified in the 51st round?").plans) == 3
    assert "never been changed" in ask("Has the parallel work plan ever been amended?").text


def test_time_between_plans_picked_by_round_or_superlative(ask) -> None:  # type: ignore[no-untyped-def]
    assert "約1年（367日）" in ask("第51回と第55回の認定日は何日離れていますか").text
    assert "約4年（1476日）" in ask("最初に認定された計画から、最後に認定された計画まで何年あいている?").text
    english = ask("How much time passed between the first plan certification and the most recent one?")
    assert "about 4 years (1476 days) apart" in english.text
    both = ask("第36回と第55回、それぞれ認定された計画の名前は?")
    assert set(both.plans) == {"water-history-transit", "parallel-work"}


def test_a_change_of_topic_in_english_or_as_a_personal_question(ask) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "I read about the DMO plan on your page, very interesting. Anyway, unrelated question: "
        "how do I get a Japanese driver's license as a foreigner?",
        "6次産業化に興味があっていろいろ調べているところです。計画のことはまた今度聞くとして、"
        "今日は個人的な相談で、山形県内で農業法人の求人を探すならどのサイトがいいですか?",
    ):
        assert ask(text).intent == "out_of_scope", text


def test_one_of_the_plans_just_answered_and_the_other(ask) -> None:  # type: ignore[no-untyped-def]
    ask("Tell me about the DMO plan and the parallel work plan.", user="o2")
    assert "March 31, 2023" in ask("When did the second one end?", user="o2").text
    assert "March 31, 2022" in ask("And the other?", user="o2").text


def test_a_pasted_email_is_read_without_its_frame(ask) -> None:  # type: ignore[no-untyped-def]
    mail = ("大学の研究室からのメールです。回答案を作って。\n\n長井市総合政策課 御中\n"
            "東北某大学で地域政策を研究している山田です。\n"
            "貴市の地域再生計画について、それぞれ第何回の認定だったかを一覧でいただけますと幸いです。\n"
            "何卒よろしくお願い申し上げます。\n山田太郎")
    reply = ask(mail)
    assert len(reply.plans) == 6 and "第55回" in reply.text
    fiscal = ask("Which plans were certified in fiscal 2018 (April 2018 to March 2019)?")
    assert len(fiscal.plans) == 3


def test_a_place_in_an_order_and_a_plans_place(ask) -> None:  # type: ignore[no-untyped-def]
    second = ask("長井市で2番目に認定された計画は？")
    assert second.plans == ("job-innovation",) and "平成28年12月13日" in second.text
    # a place inside a tie names every plan tied there, and says so
    fourth = ask("4番目に認定された計画")
    assert set(fourth.plans) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}
    assert "3〜5番目" in fourth.text
    assert ask("ページの上から3番目に載ってる計画は?").plans == ("sixth-industry",)
    assert ask("新しい方から1番目に認定された計画は?").plans == ("parallel-work",)
    rank = ask("パラレルワークの計画は何番目に認定されたの？")
    assert "6件中6番目" in rank.text and "いちばん最後" in rank.text
    assert ask("Which plan was the second one Nagai got certified?").plans == ("job-innovation",)
    # 「2つ目の計画」 after a list is still one of the plans just listed
    ask("平成31年3月29日に認定された計画は?", user="list")
    assert ask("2つ目の計画の期間は?", user="list").plans == ("sixth-industry",)


def test_a_correction_asks_the_same_question_of_another_plan(ask) -> None:  # type: ignore[no-untyped-def]
    ask("6次産業化のやつ、第何回の認定？", user="c1")
    assert "第55回" in ask("あ、ごめん、聞きたかったのは副業のほうだった", user="c1").text
    ask("DMOの計画の認定日は?", user="c2")
    fixed = ask("いや、DMOじゃなくてまちなか交流施設の方", user="c2")
    assert fixed.plans == ("machinaka-facility",)
    ask("What's the period of the machinaka facility plan?", user="c3")
    english = ask("Sorry, I meant the one about side jobs.", user="c3")
    assert english.plans == ("parallel-work",) and "March 31, 2023" in english.text


def test_a_one_word_follow_up_asks_about_the_plan_just_answered(ask) -> None:  # type: ignore[no-untyped-def]
    ask("ﾊﾟﾗﾚﾙﾜｰｸのやつ", user="f1")
    assert "令和5年3月31日" in ask("おわり", user="f1").text
    ask("まちなか交流施設の計画の概要を教えてくれますか", user="f2")
    assert "第51回" in ask("回", user="f2").text
    ask("6次化", user="f3")
    ask("変更", user="f3")
    assert "1回変更" in ask("つまり何回", user="f3").text
    # the same field asked again in one word, after a superlative found one plan
    ask("一番短い計画は", user="f4")
    again = ask("何年", user="f4")
    assert again.plans == ("job-innovation",) and "2年3か月" in again.text


def test_western_dates_or_english_asks_for_the_last_answer_again(ask) -> None:  # type: ignore[no-untyped-def]
    ask("水と歴史の計画の期間の終わりは令和何年", user="w1")
    assert "2021年3月31日" in ask("西暦だと", user="w1").text
    english = ask("英語で", user="w1")
    assert "March 31, 2021" in english.text and "計画期間" not in english.text
    # with nothing answered before, 西暦 alone asks nothing
    assert ask("西暦だと", user="w2").plans == ()


def test_plans_that_share_a_value_with_each_other(ask) -> None:  # type: ignore[no-untyped-def]
    same_day = ask("認定日が同じ計画ってあるの?", user="s1")
    assert same_day.text.startswith("はい") and "平成31年3月29日" in same_day.text
    assert set(same_day.plans) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}
    among = ask("そのうち変更されていないのは", user="s1")
    assert among.plans == ("machinaka-facility",)
    ends = ask("終わりが同じ日の計画は?")
    assert set(ends.plans) == {"dmo-tourism", "sixth-industry"} and not ends.text.startswith("はい")
    changed = ask("同じ日に変更された計画は?")
    assert "平成29年5月30日" in changed.text and "令和2年3月30日" in changed.text
    english = ask("Are there plans certified on the same day?")
    assert english.text.startswith("Yes") and "March 29, 2019" in english.text


def test_a_check_over_every_plan(ask) -> None:  # type: ignore[no-untyped-def]
    yes = ask("計画期間の始まりは、どれも認定された日と同じですか")
    assert yes.text.startswith("はい") and "6件すべて" in yes.text
    no = ask("どの計画も認定日と終わりが同じ?")
    assert no.text.startswith("いいえ") and len(no.plans) == 6


def test_a_denied_filter_lists_the_plans_it_leaves_out(ask) -> None:  # type: ignore[no-untyped-def]
    nanyo = ask("南陽市が入ってない計画はいくつ?")
    assert "5件" in nanyo.text and "dmo-tourism" not in nanyo.plans and len(nanyo.plans) == 5
    not_51 = ask("認定が第51回じゃない計画はどれ?")
    assert set(not_51.plans) == {"water-history-transit", "parallel-work", "job-innovation"}
    quiet = ask("令和2年に認定も変更もされてない計画は?")
    assert set(quiet.plans) == {"machinaka-facility", "job-innovation"}
    assert "5件" in ask("「終了した計画」欄じゃない方に載ってる計画は何件?").text
    assert ask("第40回より前に認定された計画").plans == ("water-history-transit",)
    assert "without Nanyo City" in ask("Which plans don't include Nanyo City?").text


def test_a_yes_no_question_over_every_plan(ask) -> None:  # type: ignore[no-untyped-def]
    partner = ask("全部の計画に南陽市が入ってるんですか?")
    assert partner.text.startswith("いいえ") and partner.plans == ("dmo-tourism",)
    assert "6件中1件" in partner.text
    changed = ask("全部の計画が一回は変更されてる?")
    assert changed.text.startswith("いいえ") and "6件中4件" in changed.text
    assert ask("どの計画にも白鷹町が入ってる、で合ってますか?").text.startswith("いいえ")
    assert ask("どの計画も終わってる?").text.startswith("はい、6件すべて")


def test_a_did_you_mean_for_something_else_states_no_plan_fact(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("農業の「地域計画」の話し合いはいつあるの?")
    assert "平成" not in reply.text and "令和" not in reply.text
    # a name two plans share still shows what was asked of each
    both = ask("「山の港町」って名前がつく計画の認定日は?", user="other")
    assert "平成28年3月15日" in both.text and "平成28年12月13日" in both.text


def test_years_said_from_today(ask) -> None:  # type: ignore[no-untyped-def]
    # today is 2026-11-26
    assert ask("2年前の3月に期間満了した計画は?").plans == ("machinaka-facility",)
    assert ask("10年前の12月に認定された計画は?").plans == ("job-innovation",)
    assert ask("3年前に期間が終わったのはどれ?").plans == ("parallel-work",)
    none = ask("去年終わった計画ある?")
    assert none.plans == () and "2025年" in none.text and "ありません" in none.text
    assert "2026年度" in ask("今年度のうちに終わる計画ってある?").text
    assert ask("Which plan ended two years ago?").plans == ("machinaka-facility",)


def test_the_first_and_last_to_end_with_the_period_between_the_words(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("一番早く期間が終わった計画").plans == ("job-innovation",)
    assert ask("一番最近期間が終わった計画はどれ?").plans == ("machinaka-facility",)


def test_yes_no_about_the_plan_under_discussion(ask) -> None:  # type: ignore[no-untyped-def]
    ask("長井市地域再生計画は第36回認定で合ってますか", user="d1")
    hearsay = ask("変更は4回って聞いたんだけど本当?", user="d1")
    assert hearsay.text.startswith("いいえ") and "5回" in hearsay.text
    ask("観光交流センターを作る計画ってどれ?", user="d2")
    since = ask("じゃあ終わったのは何年前?", user="d2")
    assert since.plans == ("water-history-transit",) and "令和3年3月31日" in since.text
    ask("南陽市が参加してる計画は?", user="d3")
    assert ask("白鷹町は?", user="d3").text.startswith("はい")
    assert ask("じゃあ米沢市は?", user="d3").text.startswith("いいえ")
    # an end said against an era
    assert ask("しごと創出イノベーション計画は令和になってから終わった?").text.startswith("いいえ")
    assert ask("DMOの計画は2022年に終わった?").text.startswith("はい")


def test_the_conversation_remembers_the_plan_before_and_the_date_form(ask) -> None:  # type: ignore[no-untyped-def]
    ask("パラレルワークの計画の認定日は?", user="r1")
    ask("まちなかの方は?", user="r1")
    longer = ask("どっちが期間長い?", user="r1")
    assert set(longer.plans) == {"parallel-work", "machinaka-facility"}
    assert "長いのは「長井市まちなか交流施設整備計画」" in longer.text
    ask("DMOの計画の認定日、西暦と令和どっちも書いて", user="r2")
    assert "2020年3月30日" in ask("じゃあパラレルワークは?", user="r2").text
    assert "2020年3月30日" not in ask("和暦で", user="r2").text
    ask("しごと創出イノベーション計画の期間は?", user="r3")
    assert "2019年3月31日" in ask("終わりの日を西暦で", user="r3").text
    ask("2017年5月30日に変更された計画は?", user="r4")
    assert ask("2017年2月24日は?", user="r4").plans == ("water-history-transit",)
    # "the period's length" is not "how long since it ended"
    length = ask("えっと、まちなか交流施設の計画って何年間だっけ")
    assert "約5年" in length.text and "たちます" not in length.text


def test_an_english_word_of_one_plans_name_is_that_plan(ask) -> None:  # type: ignore[no-untyped-def]
    # "tourism" is the DMO plan's English name, and only a word of the
    # water-history plan's "tourism exchange center"
    ask("Hi! Is there a plan about tourism in Nagai?", user="e1")
    towns = ask("Which towns are in it?", user="e1")
    assert towns.plans == ("dmo-tourism",) and "Nanyo" in towns.text
    assert "March 31, 2022" in ask("When did it end?", user="e1").text


def test_slips_of_conversion_and_dates_written_in_other_ways(ask) -> None:  # type: ignore[no-untyped-def]
    # a field word typed as another word of the same sound
    assert "令和2年3月30日" in ask("DMOの偏向日いつ").text
    assert "変更はありません" in ask("ﾏﾁﾅｶ交流施設 変功あり?").text
    assert "令和2年3月30日" in ask("ﾊﾟﾗﾚﾙﾜｰｸの計書っていつ認呈されたの").text
    # kanji digits, 年の月, and a span still running after a day
    assert ask("二〇一九年に始まって二〇二四年に終わる計画はどれですか").plans == ("machinaka-facility",)
    assert ask("2016年の12月に認定されたやつ").plans == ("job-innovation",)
    assert ask("2023年4月以降も計画期間が残っていたのはどれ").plans == ("machinaka-facility",)


def test_where_the_details_are_and_what_the_page_does_not_give(ask, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    pdf = ask("まちなか交流施設整備計画の詳しいPDFはどこで見られますか")
    assert pdf.plans == ("machinaka-facility",) and "ファイル" in pdf.text
    assert kb.city.source.plan_files is not None and kb.city.source.plan_files in pdf.text
    general = ask("計画の詳しい中身ってどこで見れるの")
    assert general.plans == () and "それぞれの計画の欄" in general.text
    cost = ask("パラレルワーク計画の本文ファイルに書いてある事業費を教えて")
    assert "記載はありません" in cost.text and kb.city.contact.phone in cost.text
    assert "記載はありません" in ask("6次産業化のプロジェクトのKPI(目標の数値)を知りたいです").text
    assert "does not give" in ask("What is the budget of the DMO plan?").text


def test_a_list_sorted_in_the_order_asked(ask) -> None:  # type: ignore[no-untyped-def]
    oldest = ask("計画の認定日を古い順に並べて")
    assert oldest.plans[:2] == ("water-history-transit", "job-innovation") and len(oldest.plans) == 6
    assert ask("新しい順に並べて").plans[0] == "parallel-work"
    assert ask("List all plans, newest first please").plans[-1] == "water-history-transit"
    longest = ask("期間の長い順に並べて")
    assert longest.plans[0] == "water-history-transit" and longest.plans[-1] == "job-innovation"
    assert ask("終わるのが早い順に教えて").plans[-1] == "machinaka-facility"


def test_asked_whether_two_plans_differ(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("DMOの計画と6次産業化の計画は別々の日に認定されたの?").text.startswith("いいえ")
    assert ask("パラレルワークとDMOは違う日に認定された?").text.startswith("はい")
    assert ask("DMOのと6次化のって認定日いっしょ?").text.startswith("はい")
    english = ask("The tourism plan and the city hall facility plan were certified on different days, right?")
    assert english.text.startswith("No")


def test_english_content_questions_read_the_english_summary(ask, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    tenant = ask("Who will move into the rental office in the new town-center facility?")
    assert tenant.plans == ("machinaka-facility",) and "Yamagata Railway" in tenant.text
    # one sentence quoted, not cut at "Co."
    assert "evacuation" not in tenant.text and "flow of people" in tenant.text
    farmer = ask("I am farmer. I make juice from apple. "
                 "Is there plan to help sell my product outside the city?")
    assert farmer.plans == ("sixth-industry",) and "outside the city" in farmer.text
    club = ask("What does the Hyper Gakudo Club do?")
    assert club.plans == ("parallel-work",) and "programming" in club.text
    # the English is a translation kept beside the page's Japanese, which is shown too
    assert kb.plan("parallel-work").summary in club.text
    # a single English word shared by two summaries ("these") names no plan
    assert "0238-87-0714" in ask("What's the phone number for questions about these plans?").text


def test_a_count_of_ended_plans_gives_both_readings(ask) -> None:  # type: ignore[no-untyped-def]
    count = ask("終わった計画は何件?")
    assert "6件すべて" in count.text and count.plans == ("job-innovation",)
    assert "「終了した計画」の欄" in count.text
    # the list still shows every plan whose period is over
    assert len(ask("終了した計画はどれ?", user="l").plans) == 6


def test_the_length_of_the_period_is_not_time_since(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("観光交流センターの計画の期間って何年くらい?")
    assert "約5年" in reply.text and "たちます" not in reply.text
    western = ask("アンテナショップやECサイトで売る計画の認定日を西暦で教えてくれますか")
    assert "2019年3月29日" in western.text


def test_plans_whose_summary_has_a_word_as_written(ask) -> None:  # type: ignore[no-untyped-def]
    boats = ask("概要に「舟運」という言葉が出てくる計画はどれですか")
    assert set(boats.plans) == {"water-history-transit", "job-innovation"}
    assert "舟運の歴史が息づく" in boats.text  # the sentence that has it
    tourism = ask("観光って言葉が概要に出てくる計画を全部")
    assert set(tourism.plans) == {"water-history-transit", "dmo-tourism", "machinaka-facility"}
    none = ask("「ドローン」という言葉が出てくる計画は?")
    assert none.plans == () and "「ドローン」" in none.text and "ありません" in none.text


def test_several_towns_and_the_city_alone(ask) -> None:  # type: ignore[no-untyped-def]
    four = ask("DMOの連携先って南陽市、白鷹町、飯豊町、あと米沢市も入ってる?")
    assert four.text.startswith("いいえ") and "米沢市は参加していません" in four.text
    assert ask("DMOの計画に南陽市と白鷹町は入ってる?").text.startswith("はい")
    premise = ask("DMOの計画って長井市だけでやってるんだよね？")
    assert premise.text.startswith("いいえ") and "南陽市" in premise.text
    negative = ask("DMOの計画って長井市だけでやってるわけじゃないですよね?")
    assert negative.text.startswith("はい") and "長井市だけの計画ではありません" in negative.text
    assert ask("パラレルワークの計画は長井市だけでやってるの?").text.startswith("はい")
    assert ask("広域連携してる計画は全部でいくつ?").plans == ("dmo-tourism",)


def test_the_office_known_by_its_street_or_number(ask, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    c = kb.city.contact
    fax = ask(f"{c.fax}に電話すればいいの?")
    assert c.phone in fax.text and f"ファックス番号は {c.fax}" in fax.text
    assert c.postal_code in ask("ままの上5番1号の郵便番号は?").text


def test_the_day_named_before_the_date(ask) -> None:  # type: ignore[no-untyped-def]
    assert "5件" in ask("計画期間の終わりが令和になってる計画はいくつ?").text
    assert len(ask("変更日が2017年の計画").plans) == 2


def test_how_long_since_in_days_and_for_the_plan_under_discussion(ask) -> None:  # type: ignore[no-untyped-def]
    days = ask("まちなか交流施設の計画が終わってから今日(2026年11月26日)で何日たった?")
    assert "970日" in days.text
    assert "2797 days" in ask("how many days since the job innovation plan ended?").text
    ask("中心市街地のにぎわいを作るって計画があったでしょう", user="t1")
    since = ask("今日で終わってから何年", user="t1")
    assert since.plans == ("water-history-transit",) and "約5年8か月" in since.text


def test_a_name_typed_half_in_kana_beside_a_word_of_the_same_plan(ask) -> None:  # type: ignore[no-untyped-def]
    assert "平成31年3月29日" in ask("ﾛｸｼﾞ産業の販路のやつ 認定日").text
    ended = ask("終了した計画のほう、認定日はいつ?", user="other")
    assert ended.plans == ("job-innovation",) and "平成28年12月13日" in ended.text


def test_a_thing_asked_of_the_wrong_plan_names_its_own(ask) -> None:  # type: ignore[no-untyped-def]
    railway = ask("山形鉄道ってDMOの計画に出てくる?")
    assert railway.text.startswith("いいえ。「山形鉄道」") and railway.plans == ("machinaka-facility",)
    # a town is a partner question, not a thing of some summary
    assert "川西町は" in ask("川西町って観光地域づくり計画に関係ある?").text


def test_a_period_length_put_to_confirm_and_the_few_that_are_not(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("まちなか交流施設の計画って5年計画?").text.startswith("はい")
    assert ask("DMOの計画は5年間?").text.startswith("いいえ")
    changed = ask("全部の計画が一回は変更されてる?")
    assert "当てはまらないのは「パラレルワークを中心とした人材誘致計画」" in changed.text


def test_a_loose_likeness_to_a_plan_word_is_not_that_plan(ask) -> None:  # type: ignore[no-untyped-def]
    # 観光キャンペーン is like 観光地域 only in its 観光: no DMO plan fact
    reply = ask("山形県の観光キャンペーンについて教えて")
    assert reply.intent == "out_of_scope" and "平成" not in reply.text
    # a misspelling of a plan's own word still finds it
    assert "プログラミング" in ask("ハイパー額堂クラブって何").text
    assert "DMO" in ask("What is 'Yamagata Nagai Kankokyoku'?").text


def test_one_word_messages_a_town_or_a_thing(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("白鷹町").plans == ("dmo-tourism",)
    alone = ask("米沢市", user="y")
    assert alone.plans == () and "ありません" in alone.text
    thing = ask("プログラミング")
    assert thing.plans == ("parallel-work",) and "ハイパー学童クラブ" in thing.text
    # a thing the city has whatever the plans say stays out of scope
    assert ask("最上川").intent == "out_of_scope"


def test_picks_within_the_last_list_and_whom_to_ask(ask) -> None:  # type: ignore[no-untyped-def]
    ask("変更されていない計画はどれですか", user="w1")
    first = ask("その2つのうち、先に認定されたのは?", user="w1")
    assert first.plans == ("machinaka-facility",)
    assert "令和6年3月31日" in ask("そっちの計画期間は?", user="w1").text
    ask("2016年に認定された計画は?", user="w2")
    later = ask("そのうち後から認定されたほうの概要", user="w2")
    assert later.plans == ("job-innovation",) and "20代~40代" in later.text
    ask("飯豊町も入ってる計画のことを聞きたい", user="w3")
    assert "やまがた長井観光局" in ask("概要を簡単に", user="w3").text
    office = ask("DMOの計画のことは南陽市に聞けばいいの?")
    assert "総合戦略室" in office.text and "0238-87-0714" in office.text
    assert "なにきけば" not in ask("なにきけばいいの?").text and "計画" in ask("なにきけばいいの?").text


def test_a_day_so_many_years_after_and_the_day_of_the_week(ask) -> None:  # type: ignore[no-untyped-def]
    ten = ask("しごと創出の計画、認定からちょうど10年になるまであと何日?")
    assert "令和8年12月13日" in ten.text and "あと17日" in ten.text
    ask("水と歴史の計画", user="a1")
    past = ask("認定から10年になるのはいつ", user="a1")
    assert "令和8年3月15日" in past.text and "過ぎています" in past.text
    sunday = ask("まちなか交流施設の計画期間の最終日って何曜日?")
    assert "令和6年3月31日は日曜日です" in sunday.text


def test_a_wish_or_a_plan_described_before_the_question_is_what_it_asks(ask) -> None:  # type: ignore[no-untyped-def]
    shop = ask("市内で和菓子屋をやってます。首都圏でも売りたいんだけど、使えそうな計画ある?")
    assert shop.plans == ("sixth-industry",)
    farm = ask("うち農家でジャムとか加工品作ってるんだけど、ネットや東京で売れるようにしたい。"
               "参考になる計画ある?")
    assert farm.plans == ("sixth-industry",)
    until = ask("うちは漬物や加工品を作ってる農家です。市外に売り込むのを手伝ってくれる計画が"
                "あったと聞いたんだけど、いつまでの計画だったの")
    assert until.plans == ("sixth-industry",) and "令和4年3月31日" in until.text


def test_a_conversation_stays_on_its_plan_when_words_happen_to_be_elsewhere(ask) -> None:  # type: ignore[no-untyped-def]
    ask("製造業の社長です。企画や人事をスポットで手伝ってくれる人を探してる。関係ある計画は?", user="c")
    how = ask("どうやって人を見つける仕組み?", user="c")
    assert how.plans == ("parallel-work",) and "マッチング" in how.text
    assert "第55回" in ask("その計画、第何回の認定?", user="c").text
    ask("水と歴史と公共交通を活かす計画、認定は平成28年3月15日ですね?", user="t")
    assert "5回変更" in ask("変更は全部で何回?", user="t").text
    # the scheme's 仕組み is the scheme's; a plan's 仕組み is in its summary
    assert "地域再生制度とは" in ask("地域再生制度の仕組みは?").text


def test_the_top_and_bottom_of_the_page(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("ページでいちばん上に載っている計画は?").plans == ("water-history-transit",)
    assert ask("ページの最後に載ってる計画").plans == ("job-innovation",)
    above = ask("「終了した計画」の欄より上に載っている計画はいくつ?")
    assert "5件" in above.text and "job-innovation" not in above.plans


def test_business_keigo_the_law_and_the_former_and_the_latter(ask) -> None:  # type: ignore[no-untyped-def]
    assert "地域再生法" in ask("この計画の認定は何という法律に基づいているの?").text
    assert "内閣総理大臣" in ask("貴課所管の地域再生計画は、どなたの認定を受けたものでしょうか。ご教示ください。").text
    office = ask("貴課の電話番号およびFAX番号をご教示ください。")
    assert "0238-87-0714" in office.text and "0238-83-1070" in office.text
    assert "993-8601" in ask("宛名を書くので、郵便番号から部署名まで全部ください").text
    assert ask("長井市以外の自治体が参加している計画は何件?").plans == ("dmo-tourism",)
    assert ask("3年前の今ごろ、期間中だった計画は?").plans == ("machinaka-facility",)
    assert "ファイル" in ask("各計画の詳しい内容はどこで見られますか").text
    ask("DMOと6次産業化の計画の認定日は?", user="f")
    assert ask("じゃあ前のほうの連携先は?", user="f").plans == ("dmo-tourism",)
    assert ask("後のほうは何を売るの?", user="f").plans == ("sixth-industry",)


def test_a_clerk_relaying_a_residents_words_in_quotes(ask) -> None:  # type: ignore[no-untyped-def]
    draft = ask("以下の問い合わせへの回答案を作ってください。\n"
                "「山形鉄道が市役所に入るって聞いたけど、何の計画?」", user="s")
    assert draft.plans == ("machinaka-facility",)
    more = ask("その住民から「それはいつまでの計画?」と追加の質問がありました。", user="s")
    assert "令和6年3月31日" in more.text
    phoned = ask("市民の方から「DMOの観光の計画って、いつ国に認めてもらったの?」と電話がありました。"
                 "認定日を教えてください。")
    assert "平成31年3月29日" in phoned.text


def test_running_now_and_the_place_just_talked_about(ask) -> None:  # type: ignore[no-untyped-def]
    assert "計画期間中の地域再生計画はありません" in ask("いま期間中の計画ってある?").text
    ask("ままの上5番1号って何の住所?", user="p")
    there = ask("そこの郵便番号とFAXは?", user="p")
    assert "993-8601" in there.text and "0238-83-1070" in there.text


def test_rounds_counted_and_english_page_and_running_words(ask) -> None:  # type: ignore[no-untyped-def]
    kinds = ask("認定回は何種類ある?")
    assert "認定の回は4つ" in kinds.text and "第51回の3件" in kinds.text
    assert "第51回の3件" in ask("いちばん多くの計画が認定されたのは第何回?何件?").text
    assert ask("Which plan does the page classify as terminated?").plans == ("job-innovation",)
    running = ask("As of today, is any of these plans still within its implementation period?")
    assert running.text.startswith("No")


def test_the_page_heading_checked_and_a_change_matched_to_another_plans_day(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("まちなか交流施設の計画は、ページの「終了した計画」のところに載ってる？").text.startswith("いいえ")
    assert ask("しごと創出の計画は「終了した計画」の欄に載ってる?").text.startswith("はい")
    same = ask("水と歴史の計画の変更と、DMOの計画の認定が同じ日っていうのは本当?")
    assert same.text.startswith("はい") and "平成31年3月29日" in same.text
    assert "1336日" in ask("パラレルワークの計画の終了日から今日まで、ちょうど何日?").text
    ask("Tell me about the plan that involves four municipalities.", user="e")
    assert "March 31, 2022" in ask("When did it end?", user="e").text


def test_keigo_asking_the_day_a_thing_named_and_work_in_general(ask) -> None:  # type: ignore[no-untyped-def]
    keigo = ask("副業人材の呼び込みに関する計画につきまして、内閣総理大臣の認定を賜りました日付を"
                "ご教示いただけますでしょうか。")
    assert "令和2年3月30日" in keigo.text
    shop = ask("アンテナショップとかで地元の加工品売るってやつ、認定された日わかる？😊")
    assert "平成31年3月29日" in shop.text
    work = ask("しごとを ふくぎょうで する けいかくは ありますか")
    assert work.plans == ("parallel-work",)


def test_その計画_keeps_the_plan_a_shared_word_would_widen(ask) -> None:  # type: ignore[no-untyped-def]
    ask("秋田県の町で地方創生を担当しております。長井市さんの6次産業化の計画で、"
        "販売の専門家はどういう立場で関わる計画でしたか", user="k")
    where = ask("その計画では、どこで商品を売る想定でしたか", user="k")
    assert where.plans == ("sixth-industry",)
    changed = ask("計画は変更されていますか。されていれば変更日も", user="k")
    assert "令和2年3月30日" in changed.text
    ask("恐れ入りますが、まちなか交流施設の整備計画の概要をお聞かせ願えますでしょうか。", user="m")
    assert "新庁舎" in ask("併設される建物は何でございますか", user="m").text


def test_the_next_change_after_a_day_and_what_the_page_is_said_to_say(ask) -> None:  # type: ignore[no-untyped-def]
    following = ask("水と歴史の計画、2016年8月30日の次の変更はいつ?")
    assert "次の変更は平成29年2月24日です" in following.text
    shop = ask("6次産業化商品のアンテナショップはどこにあるって書いてある?")
    assert "首都圏" in shop.text and "ままの上" not in shop.text
    food = ask("飲食店を経営してます。新しい市役所とくっついた施設に、飲食のスペースができる計画があるって本当?")
    assert food.plans == ("machinaka-facility",) and "飲食" in food.text
    assert "飯豊町" in ask("やまがた長井観光局を一緒に拡大した「町」は?").text


def test_fiscal_years_where_the_answer_comes_from_and_kana_counters(ask, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    fiscal = ask("水と歴史の計画が認定されたのは何年度にあたりますか?")
    assert "平成27年度・2015年度" in fiscal.text
    assert "令和5年度・2023年度" in ask("まちなか交流施設整備計画の終わりは何年度末?").text
    ask("まちなか交流施設の計画は変更された?", user="h")
    how = ask("なんで変更がないってわかるの?", user="h")
    assert "ホームページ" in how.text and "変更はありません" in how.text
    assert how.plans == ("machinaka-facility",)
    ask("DMOの計画はいつまで?", user="e")
    assert "city's own page" in ask("How do you know that?", user="e").text
    ask("水と歴史の計画", user="k")
    assert "5回変更" in ask("へんこう なんかい?", user="k").text
    assert "令和2年3月30日" in ask("いちばんさいごのへんこうは?", user="k").text


def test_several_facts_put_to_confirm_each_checked(ask) -> None:  # type: ignore[no-untyped-def]
    one_wrong = ask("まちなか交流施設整備計画は第51回の認定で、令和2年3月30日に変更されてる、で合ってる?")
    assert one_wrong.text.startswith("いいえ、変更日（令和2年3月30日）が違います")
    end_wrong = ask("パラレルワークの計画は第55回認定で、期間は令和6年3月31日までですよね?")
    assert "計画期間の終わり" in end_wrong.text and "令和5年3月31日" in end_wrong.text
    right = ask("イノベーション計画の変更は平成29年5月30日の1回だけ、ですよね")
    assert right.text.startswith("はい、どれも合っています")


def test_totals_in_other_words_and_in_force(ask) -> None:  # type: ignore[no-untyped-def]
    assert "延べ8回" in ask("全部の計画の変更を合わせると、変更は何回ありますか").text
    assert ask("I was wondering whether any of these plans is still in force today.").text.startswith("No")


def test_a_fiscal_end_put_to_confirm_and_a_change_year_of_the_plan_discussed(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("副業人材の計画は2022年度末まで、ってことで合ってる?").text.startswith("はい")
    ask("水と歴史の計画の変更日は?", user="y")
    assert "令和3年には変更されていません" in ask("じゃあ変更日は令和3年?", user="y").text


def test_a_word_in_the_plans_names(ask) -> None:  # type: ignore[no-untyped-def]
    named = ask("「山の港町」という言葉が名前に入っている計画は何本?")
    assert "2件" in named.text and set(named.plans) == {"water-history-transit", "job-innovation"}


def test_city_things_that_no_plan_has_get_no_plan_fact(ask) -> None:  # type: ignore[no-untyped-def]
    # a loanword (プール) is not the ホール of a summary; the mayor's name is not a
    # plan's name
    for text in ("市民プールはいつから泳げますか", "長井市長の名前を教えて"):
        reply = ask(text)
        assert not reply.plans and "平成" not in reply.text and "令和" not in reply.text, text
    assert len(ask("計画の名前を教えて").plans) == 6


def test_a_childs_all_kana_words_that_ask(ask) -> None:  # type: ignore[no-untyped-def]
    newest = ask("いちばんあたらしく認定された計画はなんですか?")
    assert newest.plans == ("parallel-work",) and "令和2年3月30日" in newest.text
    first = ask("ながいしの けいかくで いちばん はじめに みとめられたのは どれですか")
    assert first.plans == ("water-history-transit",) and "平成28年3月15日" in first.text


def test_the_plan_the_conversation_began_with(ask) -> None:  # type: ignore[no-untyped-def]
    # not the first certified (水と歴史), but the first one asked about
    ask("パラレルワークの計画の認定日は?", user="a")
    ask("じゃあDMOのほうは?", user="a")
    first = ask("最初に聞いたやつの期間っていつまでだっけ", user="a")
    assert first.plans == ("parallel-work",) and "令和5年3月31日" in first.text
    ask("Tell me about the innovation plan", user="b")
    ask("and the DMO one, when did that end?", user="b")
    back = ask("ok back to the first one - which round certified it?", user="b")
    assert back.plans == ("job-innovation",) and "40" in back.text
    ask("6次産業化プロジェクトの認定日は?", user="c")
    ask("しごと創出のほうは?", user="c")
    which = ask("最初のやつとそっち、どっちが先に認定された?", user="c")
    assert set(which.plans) >= {"job-innovation"} and "イノベーション" in which.text


def test_plans_counted_on_a_day_of_either_role_are_plans_not_changes(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("平成31年3月29日に認定か変更があった計画は全部でいくつ")
    assert "4件" in reply.text and "延べ" not in reply.text and len(reply.plans) == 4
    assert "延べ8回" in ask("変更は全部で何回ありましたか").text


def test_both_ends_of_one_date_role(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("計画期間の終了日が一番早い計画と一番遅い計画")
    assert {"machinaka-facility", "job-innovation"} <= set(reply.plans)
    assert "平成31年3月31日" in reply.text and "令和6年3月31日" in reply.text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # since the period began, not since it ended
        ("パラレルワーク計画が始まってから何年くらい経つ？", "開始から約6年8か月（2432日）"),
        ("まちなか交流施設の計画\nはじまったの何年前だっけ？", "開始から約7年8か月"),
        ("How many years since the parallel work plan started?", "about 6 years and 8 months"),
        # since a change: the last one, or the first
        ("水と歴史の計画、最後に変更されたのって何年前？", "最後の変更は令和2年3月30日です"),
        ("水と歴史の計画の最初の変更から今日まで、何年くらい？", "最初の変更から約10年3か月"),
        ("How long ago was the DMO plan last changed?", "last changed on March 30, 2020"),
        # 「今日で」 counts up to today as 「から今日まで」 does
        ("パラレルワークの計画が認定されてから、今日でだいたい何年？", "認定から約6年8か月"),
        ("まちなか交流施設の計画、最後に変更されたのは何年前?", "認定後に変更されていません"),
    ],
)
def test_how_long_since_the_day_asked(ask, text: str, said: str) -> None:  # type: ignore[no-untyped-def]
    assert said in ask(text).text


def test_how_long_since_for_a_short_list_and_the_first_plan(ask) -> None:  # type: ignore[no-untyped-def]
    assert "認定から約6年8か月" in ask("令和2年に認定された計画は、認定から何年経ちましたか").text
    # "how many years" is no count of plans
    reply = ask("How many years ago was the very first plan certified?")
    assert "about 10 years and 8 months (3908 days) ago" in reply.text


def test_a_letter_whose_writer_and_purpose_say_contact_and_council(ask) -> None:  # type: ignore[no-untyped-def]
    """Who writes (「移住相談窓口の小林です」) and why (「議会答弁資料に記載する」)
    are the frame of the question, not a question for the office or the council."""
    letter = (
        "お世話になっております。\n移住相談窓口の小林です。\n"
        "パラレルワークの計画において、市内企業が副業人材に担ってもらう業務はどのようなものと"
        "記載されていますでしょうか。\nよろしくお願いいたします。"
    )
    assert "企画や人事" in ask(letter).text
    reply = ask(
        "お世話になっております。商工観光課の佐藤です。\n地域連携DMOを中心とした観光地域づくり計画の"
        "認定日について、議会答弁資料に記載する必要がございますため、ご教示いただけますでしょうか。\n"
        "お手数をおかけしますが、よろしくお願いいたします。\n――――\n長井市 商工観光課 佐藤"
    )
    assert "平成31年3月29日" in reply.text and "内閣総理大臣" not in reply.text


def test_who_certifies_with_a_wrong_guess(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("こういう地域再生計画って誰が認定するの？市長さん？")
    assert reply.text.startswith("いいえ。") and "内閣総理大臣" in reply.text


def test_plans_two_towns_both_take_part_in(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("南陽市と白鷹町は同じ計画に入ってる?")
    assert "南陽市と白鷹町がどちらも参加している計画は1件です" in reply.text
    assert reply.plans == ("dmo-tourism",)
    english = ask("Are 南陽市 and 白鷹町 partners in the same plan?")
    assert "both taking part" in english.text and english.plans == ("dmo-tourism",)
    # a town in no plan is a filter too: none, said so
    assert "川西町が参加している計画はありません" in ask("川西町と一緒にやってる計画ってある？").text
    assert "どちらも参加している計画はありません" in ask("南陽市と川西町が入ってる計画は?").text


def test_english_with_a_japanese_name_in_it_is_answered_in_english(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("Can you tell me the round of the まちなか交流施設 plan, and is it the same round "
                "as the 6次産業化 one?")  # fmt: skip
    assert reply.text.startswith("Yes") and "round 51" in reply.text
    assert "認定日は" in ask("DMO planの認定日を教えてください").text  # Japanese stays Japanese


def test_plans_ranked_by_a_change_not_by_their_certification(ask) -> None:  # type: ignore[no-untyped-def]
    first = ask("一番古い変更はどの計画？")
    assert first.plans == ("water-history-transit",)
    assert "最初の変更: 平成28年8月30日（全5回）" in first.text
    # three plans share the latest change, 令和2年3月30日
    last = ask("最後に変更された計画は?")
    assert set(last.plans) == {"water-history-transit", "dmo-tourism", "sixth-industry"}
    assert "いちばん最近変更された" in last.text
    assert ask("Which plan was changed first?").plans == ("water-history-transit",)


def test_a_span_of_years_a_month_of_any_year_and_a_decade_of_rounds(ask) -> None:  # type: ignore[no-untyped-def]
    between = ask("2020年から2022年の間に変更された計画")
    assert "2020年から2022年に変更された計画は3件です" in between.text
    assert len(between.plans) == 3
    december = ask("12月に認定された計画は？")
    assert december.plans == ("job-innovation",)
    may = ask("5月に変更があった計画はどれ？")
    assert set(may.plans) == {"water-history-transit", "job-innovation"}
    assert "変更: 平成29年5月30日（全5回）" in may.text
    assert len(ask("Which plans were certified in March?").plans) == 5
    fifties = ask("第50回台で認定された計画は？")
    assert "第50回から第59回までに認定された計画は4件です" in fifties.text


def test_partners_asked_of_no_plan_in_particular(ask) -> None:  # type: ignore[no-untyped-def]
    """Only the DMO plan is made with other towns: asked over all plans, it is
    the one answered, with its towns counted from their names."""
    reply = ask("連携してる自治体 何市何町")
    assert reply.plans == ("dmo-tourism",)
    assert "長井市・南陽市・白鷹町・飯豊町（2市2町、長井市のほか3市町）" in reply.text
    assert ask("連携先のうち「町」のほうだけ教えて").plans == ("dmo-tourism",)
    most = ask("連携してる自治体の数が一番多い計画")
    assert most.text.startswith("連携する市町がいちばん多い計画は") and most.plans == ("dmo-tourism",)


def test_a_count_given_to_confirm(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("認定されたのは5件で合ってる?").text.startswith("いいえ、5件ではありません。")
    assert ask("計画は全部で6つだよね?").text.startswith("はい。")
    assert ask("第51回で認定されたのは3件で合ってますか").text.startswith("はい。第51回で認定された計画は3件です")
    assert ask("Are there 5 plans?").text.startswith("No, not 5. There are 6 plans")


def test_a_plan_named_by_its_own_word_with_a_day_asked(ask) -> None:  # type: ignore[no-untyped-def]
    """観光局 is a word of the DMO plan's: with its day asked, the day, not the summary."""
    for text in ("観光局の計画の認定日は?", "観光局の計画、いつ国さ認められたんだべ?"):
        assert "認定日は平成31年3月29日です" in ask(text).text
    # whose いつから the summary answers (平成28年度から取り組んでいる)
    assert "平成28年度" in ask("やまがた長井観光局はいつから取り組んでいる?").text
    assert "内閣総理大臣" in ask("地域再生計画の認定って県知事がするんやろ?").text
    assert "令和4年3月31日まで（計画期間の終わりが同じ日）の計画は2件です" in ask(
        "計画期間の最終日が令和4年3月31日の計画は何件?").text


def test_questions_about_the_city_name_no_plan(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("長井市の市の花って何?", "家の前の除雪をお願いしたいときはどこに連絡？"):
        reply = ask(text)
        assert reply.plans == () and "そのご質問にはお答えできません" in reply.text


def test_related_and_what_it_is_written_for_are_no_plan_words(ask) -> None:  # type: ignore[no-untyped-def]
    """関係してる is not 関係人口 (the parallel-work plan's word); a report the asker
    writes is the purpose, not a thing a summary should say."""
    assert ask("飯豊町って長井市の地域再生計画に関係してる?").plans == ("dmo-tourism",)
    reply = ask("レポートに「2市2町」って書きたいんですが、具体的にどこの市町ですか")
    assert "南陽市" in reply.text and reply.plans == ("dmo-tourism",)
    assert len(ask("移住に関係してる計画ってどれ?").plans) >= 2


def test_a_description_one_summary_says_whole_over_a_plan_found_by_one_word(ask) -> None:  # type: ignore[no-untyped-def]
    """販売 is a word of the sixth-industry plan's; 地場産品の販売 is what the water
    and history plan's summary says."""
    reply = ask("市内で土産物屋をやってます。地場産品の販売をするって書いてある計画はどれですか")
    assert reply.plans == ("water-history-transit",) and "地場産品の販売" in reply.text


def test_an_eras_first_year_with_nothing_says_the_rest_of_that_year(ask) -> None:  # type: ignore[no-untyped-def]
    """令和元年 starts on May 1, 2019; people often mean all of 2019."""
    reply = ask("令和元年に認定された計画ってあります？")
    assert reply.text.startswith("令和元年に認定された計画はありません。")
    assert "改元前の平成31年3月29日には" in reply.text and "まちなか交流施設" in reply.text
    assert "改元" not in ask("令和2年に認定された計画は?").text


def test_english_said_in_katakana_is_read_and_answered_in_japanese(ask) -> None:  # type: ignore[no-untyped-def]
    march = ask("マーチにサーティファイされたプラン、ぜんぶ挙げて")
    assert march.text.startswith("3月に認定された計画は5件です")
    both = ask("DMOプランとシックスインダストリーのプラン、サーティフィケーションデートはセイム？")
    assert both.text.startswith("はい、どちらも認定日は同じです。")
    # a katakana word that is no English word said in katakana stays as written
    assert ask("パラレルワークの計画の期間").plans == ("parallel-work",)


def test_the_first_so_many_of_a_sorted_list(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("期間の終わりが遅い順に3つ教えて")
    # DMO and 6次産業化 both end on 令和4年3月31日: tied at third, both shown, said so
    assert "はじめの3件（同じ順位を含めて4件）" in reply.text and len(reply.plans) == 4
    assert len(ask("認定日の古い順に2件").plans) == 2
    # the three certified on 平成31年3月29日 share the second place
    assert "The first 3 (4 with a tie)" in ask("List the top 3 plans, newest first").text


def test_a_name_the_summary_quotes_is_answered_by_quoting_it(ask) -> None:  # type: ignore[no-untyped-def]
    """「DMOの名前は?」 asks the DMO's name (やまがた長井観光局), not the plan's title."""
    assert "やまがた長井観光局" in ask("そのDMOの名前は?").text
    halls = ask("まちなか交流施設のホールの名前は?", user="halls").text
    assert "市民交流ホール" in halls and "市民協働ホール" in halls
    english = ask("What is the name of the local DMO?", user="en").text
    assert "Yamagata Nagai Tourism Bureau" in english
    # a plan's own name is its title; a name no summary quotes is not a plan fact
    assert "観光局" not in ask("パラレルワークの計画の名前は?", user="p").text
    assert ask("市長の名前は?", user="m").intent == "out_of_scope"


def test_since_when_the_summary_says_is_quoted(ask) -> None:  # type: ignore[no-untyped-def]
    """The DMO summary says 平成28年度から取り組んでいる: 「いつから取り組んでる?」 about
    that plan quotes it; about a plan that says no such thing, its period is given."""
    ask("DMOの計画について教えて")
    assert "平成28年度" in ask("長井市ではいつから取り組んでるの?").text
    other = ask("パラレルワークの計画はいつから取り組んでるの?", user="pw").text
    assert "令和2年3月30日" in other and "平成28年度" not in other
    alone = ask("いつから取り組んでるの?", user="fresh")
    assert "平成28年度" not in alone.text


def test_a_thing_the_summary_does_not_speak_of_is_said_to_be_not_on_the_page(ask) -> None:  # type: ignore[no-untyped-def]
    """Not the plan's dates for 「工業団地は何ヘクタール?」, and not a silent overview."""
    reply = ask("しごと創出の計画で造成する工業団地は何ヘクタール?")
    assert "「工業団地」" in reply.text and "記載はありません" in reply.text
    assert "平成28年12月13日" not in reply.text and "0238-87-0714" in reply.text
    # what it does say is quoted for the rest of the question
    both = ask("まちなか交流施設には山形鉄道が入居するんだよね?あと図書館もできる?", user="b").text
    assert "「図書館」についての記載はありません" in both and "山形鉄道株式会社が入居" in both
    # and the plan whose summary does say it is named
    housing = ask("しごと創出の計画は、住宅取得を支援する計画ですか", user="h").text
    assert "記載はありません" in housing and "水と歴史と公共交通" in housing
    # an attribute of a thing the summary names (the rental office's rent) is not given
    rent = ask("まちなかのレンタルオフィスの家賃は月いくら?", user="r").text
    assert "「家賃」についての記載はありません" in rent and "レンタルオフィスを設置" in rent
    # a noun a question asks with (仕組み) is no thing left unsaid
    how = ask("6次産業化商品の市外販路を、どういう仕組みで開拓する計画?", user="w").text
    assert "記載はありません" not in how and "プラットフォーム" in how
    # a slip for a field (機関 for 期間, 人定日 for 認定日) is the field
    assert "平成31年3月29日" in ask("六時産業化の計画の人定日を教えて", user="j").text
    assert "令和3年3月31日" in ask("長井市地域再生計画の計画機関を教えて", user="s").text


def test_why_a_plan_was_changed_is_answered_with_the_days_and_that_no_reason_is_given(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("なんでDMOの計画は令和2年に変更されたんですか?")
    assert "令和2年3月30日" in reply.text and "変更の理由や内容は、市のページには書かれていません" in reply.text
    english = ask("When was the DMO plan changed, and why?", user="en").text
    assert "March 30, 2020" in english and "does not say why" in english
    # 「なんでわかるの?」 asks where the facts come from, not a reason
    assert "書かれていません" not in ask("なんで変更がないってわかるの?").text


def test_a_period_asked_in_days_or_months_is_counted(ask) -> None:  # type: ignore[no-untyped-def]
    """Both ends counted: 令和2年3月30日 to 令和5年3月31日 is 1097 days."""
    assert "1097日間" in ask("パラレルワークの計画は何日間?").text
    assert "36か月と2日" in ask("6次産業化の計画の計画期間は何ヶ月?", user="m").text
    assert "839 days" in ask("How long did the job creation innovation plan run, in days?",
                             user="en").text  # fmt: skip
    longest = ask("計画期間が一番長いのはどれ? 日数も添えて", user="l").text
    assert "水と歴史" in longest and "1843日間" in longest
    # 「何日?」 of a day is still the day
    assert "日間" not in ask("DMOの認定日は何日?", user="d").text


def test_another_plan_or_another_things_period_gets_no_plan_dates(ask) -> None:  # type: ignore[no-untyped-def]
    """A summary's word (観光, 住宅取得) inside a question about something else is no
    plan named: no plan's period answers 「観光振興計画は何年度まで?」."""
    for text in ("長井市の観光振興計画は何年度まで?",
                 "住宅取得の補助金、今年度の申請期間はいつからいつまで?"):  # fmt: skip
        reply = ask(text, user=text)
        assert reply.intent == "out_of_scope" and "令和" not in reply.text, text
    # a title's own end (人材誘致計画) and the plans' words (認定計画) are the plans
    assert "令和5年3月31日" in ask("人材誘致計画の期間は?", user="t").text
    assert ask("認定計画 一覧 ください", user="l").intent != "out_of_scope"


def test_a_question_about_the_city_itself_is_no_follow_up_of_the_plan_discussed(ask) -> None:  # type: ignore[no-untyped-def]
    """The DMO summary says 交流人口 and the parallel-work one スポット, but neither
    answers 「長井市の人口」 or sightseeing spots: out of scope, no plan named."""
    ask("DMOの計画について")
    population = ask("長井市の人口って今何人くらい?")
    assert population.intent == "out_of_scope" and "DMO" not in population.text
    ask("パラレルワークの計画について", user="p")
    spots = ask("長井市でおすすめの観光スポットを教えて", user="p")
    assert spots.intent == "out_of_scope" and "人材誘致" not in spots.text


def test_plans_in_force_in_a_span_and_ended_by_a_day(ask) -> None:  # type: ignore[no-untyped-def]
    running = ask("2021年度中に計画期間があった計画を挙げて").text
    assert "4件" in running and "まちなか交流施設" in running and "しごと創出" not in running
    by = ask("2022年末までに終了した計画はいくつ?", user="b").text
    assert by.startswith("2022年末までに計画期間が終わる計画は4件")
    english = ask("How many plans were in force on April 1, 2021?", user="e").text
    assert english.startswith("4 plans")
    inclusive = ask("List the plans whose period ended in or before March 2021.", user="i").text
    assert "March 31, 2021" in inclusive and "2 plans" in inclusive
    # 「…までになってる」 is a period's end, not "by"
    assert "1件" in ask("計画期間が令和5年3月31日までになってるのはどの計画?", user="u").text


def test_dates_in_the_format_asked(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOの計画はいつからいつまで? YYYY/MM/DD形式で").text
    assert "（2019/03/29）" in reply and "（2022/03/31）" in reply and "平成31年3月29日" in reply
    assert "/" not in ask("DMOの計画はいつからいつまで?", user="plain").text


def test_rounds_dates_and_order_words_typed_in_kana(ask) -> None:  # type: ignore[no-untyped-def]
    assert "しごと創出" in ask("だいよんじゅっかい の にんてい は どの けいかく").text
    ended = ask("れいわ6ねん3がつ31にち で おわった けいかく は?", user="k").text
    assert "まちなか交流施設" in ended and "1件" in ended
    ask("いちばん ふるい けいかく は?", user="c")
    after = ask("じゃあ つぎに ふるい の は?", user="c").text
    assert "しごと創出" in after
    assert "終了" in ask("それも もう おわってる?", user="c").text


def test_kana_numbers_are_read() -> None:
    from bot.core.lexicon import kana_numbers

    assert kana_numbers("だいごじゅういっかい") == "第51回"
    assert kana_numbers("へいせいさんじゅういちねんさんがつにじゅうくにち") == "平成31年3月29日"
    assert kana_numbers("れいわがんねん") == "令和1年"
    assert kana_numbers("にかい へんこう") == "にかい へんこう"  # not a round


def test_one_plans_day_counted_from_another_plans_day(ask) -> None:  # type: ignore[no-untyped-def]
    """「Aが認定されたのは、Bが認定されてから何日後?」: from B's day, not from today."""
    after = ask("イノベーション計画が認定されたのは、水と歴史の計画が認定されてから何日後?").text
    assert "273日" in after and "平成28年3月15日" in after and "平成28年12月13日" in after
    earlier = ask("DMOの計画の終わりは、まちなか交流施設の計画の終わりより何年早い?", user="e").text
    assert "約2年" in earlier and "令和4年3月31日" in earlier and "令和6年3月31日" in earlier


def test_plans_sharing_a_day_are_every_group_even_in_a_conversation(ask) -> None:  # type: ignore[no-untyped-def]
    ask("まちなか交流施設の計画について")
    pairs = ask("認定日が同じ日の計画はどれとどれ?").text
    assert "3件" in pairs and "DMO" in pairs and "6次産業化" in pairs
    ends = ask("終了日が同じ計画は?").text
    assert "令和4年3月31日: 2件" in ends


def test_the_plan_that_ended_next_after_another(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("終了日の順で、水と歴史の計画の次に終わったのは?").text
    assert "次に計画期間が終わった" in reply and "DMO" in reply and "6次産業化" in reply
    assert "まちなか" not in reply


def test_which_office_to_visit_in_a_polite_letter(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("お世話になります。計画について伺いたく市役所へ参ろうと思っておりますが、"
                "どちらの課をお訪ねすればよろしいでしょうか。それと、場所はどちらですか。").text  # fmt: skip
    assert "総合戦略室" in reply and "ままの上5番1号" in reply


def test_is_it_only_these_plans(ask) -> None:  # type: ignore[no-untyped-def]
    no = ask("第51回に認定されたのはDMOの計画だけですか").text
    assert no.startswith("いいえ") and "3件" in no and "まちなか交流施設" in no
    yes = ask("第55回で認定されたのはパラレルワークの計画だけ?", user="y").text
    assert yes.startswith("はい")
    ended = ask("今日の時点で終わってる計画って、しごと創出のやつだけ?", user="e").text
    assert ended.startswith("いいえ") and "6件" in ended


def test_partner_checks_in_casual_words(ask) -> None:  # type: ignore[no-untyped-def]
    kana = ask("かわにしまち も DMO の なかま?").text
    assert kana.startswith("いいえ") and "南陽市" in kana
    like = ask("6次産業化の計画も南陽市とかと一緒にやるやつ?", user="l").text
    assert like.startswith("いいえ") and "長井市の計画" in like


def test_time_since_the_last_certification_or_change_of_any_plan(ask) -> None:  # type: ignore[no-untyped-def]
    cert = ask("最後に計画が認定されてから、今日まで何年たちましたか").text
    assert "パラレルワーク" in cert and "約6年8か月" in cert
    change = ask("最後に計画の変更があってから何年ぐらい?", user="c").text
    # three plans were last changed on 令和2年3月30日: the time since is said once
    assert change.count("たちます") == 1 and "いずれも令和2年3月30日" in change


def test_the_citys_plans_as_a_whole_are_no_follow_up(ask) -> None:  # type: ignore[no-untyped-def]
    ask("まちなか交流施設について")
    reply = ask("長井市の計画はいつ認定された?")
    assert reply.intent == "clarify" and "平成28年3月15日" in reply.text
    assert "6件" in ask("長井の再生計画 ぜんぶおしえて", user="all").text


def test_time_since_a_day_given(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("最後の変更(令和2年3月30日)から何年経つ?").text
    assert "令和2年3月30日に変更された計画は3件" in reply and "約6年8か月" in reply


def test_time_between_two_plans_days_named_by_plan_or_by_date(ask) -> None:  # type: ignore[no-untyped-def]
    by_plan = ask("長井市地域再生計画の認定からしごと創出計画の認定まで、何日?").text
    assert "273日" in by_plan
    by_date = ask("平成28年3月15日の認定から令和2年3月30日の認定まで何年あいてる?", user="d").text
    assert "パラレルワーク" in by_date and "約4年" in by_date
    # 「…のあいだにもう一回変更ってあった?」 asks of the changes, not the time between
    asked = ask("最初の計画、平成28年8月30日と平成29年2月24日のあいだにもう一回変更ってあった?",
                user="c").text  # fmt: skip
    assert "同じ日" not in asked


def test_when_it_began_and_ended_gives_the_period(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("まちなか交流施設の計画って、いつ始まっていつ終わったんだべ").text
    assert "平成31年3月29日" in reply and "令和6年3月31日" in reply


def test_a_thing_no_summary_speaks_of_asked_of_the_plan_discussed(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの計画について")
    reply = ask("この計画って温泉のことは書いてある?").text
    assert "「温泉」についての記載はありません" in reply and "観光地域づくり" in reply


def test_a_list_of_plans_to_confirm(ask) -> None:  # type: ignore[no-untyped-def]
    short = ask("第51回で認定されたのはDMOと6次化の2つで合ってる?").text
    assert short.startswith("いいえ。「長井市まちなか交流施設整備計画」も当てはまります")
    wrong = ask("第51回で認定されたのはDMOとパラレルワークで合ってる?", user="w").text
    assert wrong.startswith("いいえ。「パラレルワークを中心とした人材誘致計画」は当てはまりません")


def test_joint_plans_counted_by_the_words_of_the_dmo_plan(ask) -> None:  # type: ignore[no-untyped-def]
    """広域連携事業 and 2市2町 are the DMO plan's own words, but here a kind of plan."""
    assert "1件" in ask("広域連携事業になってる計画はいくつありますか").text
    assert "5件" in ask("2市2町の広域連携じゃない計画はいくつある?", user="n").text
    assert "DMO" in ask("複数の市町で一緒にやってる計画はどれですか", user="m").text


def test_plans_listed_apart_from_the_pages_ended_heading(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("今も載ってる計画(終了した計画以外)っていくつ?").text
    assert "「終了した計画」以外の欄に掲載されている計画は5件" in reply


def test_partners_asked_as_a_follow_up_in_few_words_or_a_letter(ask) -> None:  # type: ignore[no-untyped-def]
    ask("地域連携DMOを中心とした観光地域づくり計画の認定日を教えて")
    letter = ask("ご回答ありがとうございます。追加で恐縮ですが、連携している自治体名も"
                 "お教えいただけますか。").text  # fmt: skip
    assert "白鷹町" in letter and "飯豊町" in letter
    assert "白鷹町" in ask("町は？").text
    ask("DMO 計画 なに する ですか?", user="s")
    assert "南陽市" in ask("いっしょ やる 町 どこ ですか", user="s").text


def test_a_yes_no_question_the_answer_bears_out_starts_with_yes(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("ECサイトでの販売は6次産業化の計画に含まれてる?").text.startswith("はい。")
    changed = ask("水と歴史と公共交通の計画、平成31年3月29日に変更されたって本当ですか", user="c")
    assert changed.text.startswith("はい。")
    assert ask("DMOの計画は平成29年に変更された?", user="n").text.startswith("いいえ。")
    # a question put in the negative gets no bare はい (it would mean "not in it")
    negative = ask("ECサイトでの販売は6次産業化の計画に入っていないよね?", user="x").text
    assert not negative.startswith("はい")


def test_a_second_superlative_among_the_same_list(ask) -> None:  # type: ignore[no-untyped-def]
    ask("2020年4月1日の時点で期間中だった計画を挙げて")
    assert "まちなか交流施設" in ask("その中で一番最後まで続いたのは?").text
    first = ask("じゃあ、その中で一番早く終わったのは?").text
    assert "水と歴史" in first and "まちなか" not in first


def test_rounds_strictly_between_two_rounds(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("第40回と第51回のあいだに、長井市の計画が認定された回はあった?").text
    assert "第41回から第50回" in reply and "ありません" in reply


def test_romaji_questions_with_a_plan_in_english_or_romaji(ask) -> None:  # type: ignore[no-untyped-def]
    assert "6件" in ask("keikaku no ichiran misete").text
    assert "令和5年3月31日" in ask("keikaku kikan parallel work", user="p").text
    assert "令和2年3月30日" in ask("henkou sareta hi: rokuji sangyouka purojekuto", user="r").text


def test_a_national_plan_is_another_plan(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("国の観光立国推進基本計画の期間は?")
    assert reply.intent == "out_of_scope" and "平成" not in reply.text


def test_what_a_plan_aimed_at_or_in_three_lines_is_its_summary(ask) -> None:  # type: ignore[no-untyped-def]
    assert "付加価値" in ask("しごと創出イノベーション計画はどういうことを目指していたんですか？").text
    assert "市民交流ホール" in ask("まちなか交流施設の計画、ざっくり3行で😇", user="3").text
    ask("DMOの計画について", user="d")
    assert "平成28年度" in ask("それっていつから活動してるの", user="d").text


def test_a_second_line_refers_to_what_the_first_asks(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの計画について")
    reply = ask("第51回の計画の中で、変更がないのはどれ？\nあと、その計画の期間もお願い").text
    assert "まちなか交流施設" in reply and "令和6年3月31日" in reply
    pairs = ask("同じ日に認定された計画の組み合わせってある？").text
    assert "平成31年3月29日: 3件" in pairs


def test_out_of_scope_refusal_names_no_plan_word(ask) -> None:  # type: ignore[no-untyped-def]
    """The refusal says what the bot answers without 認定 or a date, so that an
    unrelated question's answer reads as no plan fact; the city's own things and a
    facility's events are no plan questions."""
    for text in ("市長の名前は?", "長井市の今年度の予算はいくら?"):
        reply = ask(text, user=text)
        assert reply.intent == "out_of_scope" and "認定" not in reply.text, text
    events = ask("まちなか交流施設で今月やってるイベントを知りたい", user="e").text
    assert "「イベント」についての記載はありません" in events and "令和6年" not in events


def test_a_city_subsidy_is_not_a_plans_unlisted_figure(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("長井市で起業するときの創業補助金の額")
    assert reply.intent == "out_of_scope" and "しごと創出" not in reply.text
    assert "記載はありません" in ask("パラレルワークの計画の予算は?", user="b").text


def test_a_plan_called_yatsu_in_passing_is_named(ask) -> None:  # type: ignore[no-untyped-def]
    assert "地域連携DMO" in ask("観光局のやつ").text
    ask("DMOの計画はいつ変更された?")
    reply = ask("じゃあ副業のやつは")
    assert reply.plans == ("parallel-work",) and "変更はありません" in reply.text


def test_most_partners_and_most_amendments_in_any_words(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("連携してる自治体が一番多い計画は?").plans == ("dmo-tourism",)
    assert ask("Which plan has the most partner towns?").plans == ("dmo-tourism",)
    assert ask("Which plan had the most amendments?").plans == ("water-history-transit",)
    assert "8回" in ask("変更の記載、全計画あわせると何件ある?").text


def test_a_place_on_the_page_names_a_plan_when_no_list_was_shown(ask) -> None:  # type: ignore[no-untyped-def]
    fifth = ask("5番目の計画 いつ認定", user="a")
    assert fifth.plans == ("machinaka-facility",) and "平成31年3月29日" in fifth.text
    assert ask("一番上の計画は何回変更されているのか", user="b").plans == ("water-history-transit",)
    last = ask("最後のやつ いつまで", user="c")
    assert last.plans == ("job-innovation",) and "平成31年3月31日" in last.text
    assert ask("二番目に書いてある計画の認定日", user="d").plans == ("dmo-tourism",)
    # after a list, a place is one in that list
    ask("第51回に認定された計画は?", user="e")
    assert ask("2つ目の計画の期間は?", user="e").plans == ("sixth-industry",)


def test_kanji_typed_by_the_wrong_conversion_are_read_as_meant(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("しごと相出いのべーしょん系格 いつ任程")
    assert reply.plans == ("job-innovation",) and "平成28年12月13日" in reply.text
    assert "5回" in ask("水と歴史と公共交通を活かす計画の返光日を全部教えて").text
    assert len(ask("系格の一覧ちょうだい", user="x").plans) == 6


def test_numbered_questions_in_one_message_are_each_answered(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("①計画の総数 ②最新の認定日 ③一番変更が多い計画")
    first, second, third = reply.text.split("\n\n")[:3]
    assert first.startswith("①") and "6件" in first
    assert second.startswith("②") and "令和2年3月30日" in second
    assert third.startswith("③") and "水と歴史" in third
    # what the message says before the numbers is what each one asks about
    ended = ask("ページで終了した計画とされているものについて、①計画名、②認定日、③変更があった日")
    assert ended.text.count("しごと創出") >= 3 and "平成28年12月13日" in ended.text
    assert "平成29年5月30日" in ended.text and "パラレルワーク" not in ended.text


def test_numbers_that_label_plans_or_ask_one_thing_are_one_question(ask) -> None:  # type: ignore[no-untyped-def]
    contact = ask("①担当課 ②電話 ③ファックス を教えて")
    assert "①" not in contact.text and "0238-87-0714" in contact.text and "0238-83-1070" in contact.text
    labels = ask("確認したい計画が3つあります。\n①まちなか交流施設\n②6次産業化\n③しごと創出\nまず①の認定日を")
    assert "②" not in labels.text


def test_a_day_put_to_confirm_with_made_or_owari(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("DMO計画って令和5年まで?").text.startswith("いいえ")
    assert ask("パラレルワークの計画って令和5年3月末で終わり?").text.startswith("はい")
    assert not ask("DMOはいつまで?").text.startswith(("はい", "いいえ"))
    assert "平成28年3月15日" in ask("観光交流センターを整備する計画はいつ認められたのか").text


def test_a_yes_no_question_over_the_plans_starts_with_yes_or_no(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("白鷹町は広域連携に入っていますか").text.startswith("はい")
    assert ask("米沢市が入ってる計画はある?").text.startswith("いいえ")
    assert ask("令和に認定された計画ってある?").text.startswith("はい")
    wrong = ask("平成29年5月30日に変更された計画は3つ?")
    assert wrong.text.startswith("いいえ") and "2件" in wrong.text
    assert not ask("令和に認定された計画はどれ?").text.startswith("はい")


def test_a_word_in_the_plans_names_said_in_other_words(ask) -> None:  # type: ignore[no-untyped-def]
    assert len(ask("名前に「長井市」が入っている計画").plans) == 3
    assert "2件" in ask("「山の港町」ってつく計画はいくつ?").text
    only = ask("名前が「計画」じゃなくて「プロジェクト」で終わってるのはどれ?")
    assert only.plans == ("sixth-industry",)


def test_plans_other_than_a_round_or_a_date(ask) -> None:  # type: ignore[no-untyped-def]
    others = ask("認定回が第51回以外のもの")
    assert set(others.plans) == {"water-history-transit", "parallel-work", "job-innovation"}
    assert not others.text.startswith("はい")
    assert ask("認定回 一番若いの").plans == ("water-history-transit",)


def test_a_town_and_which_and_both_towns_checked(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("白鷹 どれ").plans == ("dmo-tourism",)
    assert ask("飯豊町と白鷹町、どっちもDMOに入ってる?").text.startswith("はい")


def test_a_start_said_after_the_day_and_the_end_day_asked(ask) -> None:  # type: ignore[no-untyped-def]
    started = ask("平成28年12月13日に始まった計画はいつまで?")
    assert started.plans == ("job-innovation",) and "平成31年3月31日" in started.text
    assert "令和4年3月31日" in ask("観光局を広域化する計画の終わりの日").text
    ask("When was the 6th industry plan certified?", user="en")
    assert "March 31, 2022" in ask("and when finish", user="en").text


def test_a_thing_of_a_plan_asked_as_a_noun_is_quoted(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("まちなか交流施設に入居予定の会社")
    assert reply.intent == "content" and "山形鉄道" in reply.text


def test_the_day_of_an_act_the_page_does_not_give(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("まちなか交流施設の完成予定日はいつなのか")
    assert "「完成予定日」についての記載はありません" in reply.text
    assert "平成31年3月29日" not in reply.text
    assert "平成31年3月29日" in ask("六時産業化の計画の人定日を教えて").text  # 認定日 mistyped


def test_a_phone_memo_listing_questions_gets_each_answered(ask) -> None:  # type: ignore[no-untyped-def]
    memo = ask("電話メモ貼ります、回答案ください。\n【電話メモ】11/25 市民男性(70代)\n"
               "・まちなかの交流施設の計画は誰が認めたのか\n・計画は何年までか\n折り返し希望")  # fmt: skip
    assert "内閣総理大臣" in memo.text and "令和6年3月31日" in memo.text
    assert memo.plans == ("machinaka-facility",)


def test_two_questions_a_whole_letter_cannot_answer_are_answered_in_turn(ask) -> None:  # type: ignore[no-untyped-def]
    letter = ask("回答案お願いします。\n---\nお世話になります。第51回で認定された長井市の計画をすべて"
                 "教えてください。また、そのうち一度も変更されていないものはどれですか。\n---")  # fmt: skip
    first, second = letter.text.split("\n\n")[:2]
    assert "3件" in first and "まちなか交流施設" in second and "6次産業化" not in second
    # one question said twice is one question
    twice = ask("市民の方から「DMOの計画って、いつ国に認めてもらったの?」と電話がありました。認定日を教えてください。")
    assert twice.plans == ("dmo-tourism",) and "①" not in twice.text


def test_okitama_voicing_kansai_and_slang_endings(ask) -> None:  # type: ignore[no-untyped-def]
    ask("水と歴史の計画の認定日は")
    assert "5回" in ask("ほんで、何回変えだんだべ").text
    assert "令和2年3月30日" in ask("一番最後に変えだのはいづだっけ").text
    assert "第36回" in ask("ちな第何回の認定?").text
    assert ask("ほんで6次産業化のやつて何すんねん", user="k").intent == "plan.summary"


def test_english_eras_exceptions_and_which_came_first(ask) -> None:  # type: ignore[no-untyped-def]
    assert "Heisei era" in ask("Plans certified in the Heisei era?", user="a").text
    assert ask("How many plans were certified after the Reiwa era began?", user="b").plans == (
        "parallel-work",)  # fmt: skip
    first = ask("Which came first, the DMO plan or the parallel work plan?", user="c")
    assert "first" in first.text and first.plans[0] == "dmo-tourism"
    besides = ask("Besides Nagai itself, how many municipalities take part in the DMO plan?", user="d")
    assert "3 besides" in besides.text
    apart = ask("Apart from the DMO plan, which plans were certified in the 51st round?", user="e")
    assert set(apart.plans) == {"sixth-industry", "machinaka-facility"}


def test_anniversaries_and_years_or_more_ago(ask) -> None:  # type: ignore[no-untyped-def]
    soon = ask("しごと創出の計画って、来月で認定何周年?")
    assert "令和8年12月13日で認定から10周年です" in soon.text
    assert "10周年を迎えました" in ask("水と歴史の計画は認定から何周年?", user="w").text
    assert "water-history-transit" in ask("今年、認定10周年を迎えた計画ってある?", user="x").plans
    ended = ask("5年以上前に期間が終わった計画はどれ?", user="y")
    assert set(ended.plans) == {"water-history-transit", "job-innovation"}
    running = ask("ちょうど5年前の今ごろ、期間中だった計画はどれ?", user="z")
    assert len(running.plans) == 4


def test_a_recommendation_or_a_partners_own_plan_is_out_of_scope(ask) -> None:  # type: ignore[no-untyped-def]
    ramen = ask("What's the best ramen shop in Nagai?")
    assert ramen.intent == "out_of_scope" and "6th" not in ramen.text and not ramen.plans
    own = ask("南陽市が自分で作った地域再生計画の内容も教えて", user="n")
    assert own.intent == "out_of_scope" and "DMO" not in own.text
    assert ask("南陽市が入ってる計画は?", user="m").plans == ("dmo-tourism",)


def test_a_self_correction_asks_about_what_is_meant(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("DMOの…あ、違う、6次産業化のほうの計画の認定日を教えてください").plans == ("sixth-industry",)
    assert ask("パラレル…じゃなくて、まちなか交流施設の計画って第何回の認定だった?").plans == (
        "machinaka-facility",)  # fmt: skip
    assert ask("第36回…いや第55回だ。第55回で認定された計画ってどれ?").plans == ("parallel-work",)


def test_english_a_letter_off_and_they_after_a_list(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("Which plan was certifed first of all?", user="a").plans == ("water-history-transit",)
    assert ask("Is any of the plans still runing today?", user="b").text.startswith("No")
    ask("Could you let me know which plans ended on 31 March 2022?", user="c")
    they = ask("Were they amended at any point?", user="c")
    assert set(they.plans) == {"dmo-tourism", "sixth-industry"} and "March 30, 2020" in they.text


def test_a_figure_of_the_city_or_a_future_plan_states_no_plan_fact(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("How many tourists visited Nagai last year?", "長井市の観光客は去年何人?",
                 "次に新しい地域再生計画が認定されるのはいつごろの予定?"):  # fmt: skip
        reply = ask(text, user=text)
        assert reply.intent == "out_of_scope" and "年3月" not in reply.text and "March" not in reply.text
    assert "6 plans" in ask("How many plans are there?", user="p").text


def test_a_detail_of_a_thing_the_page_does_not_give(ask) -> None:  # type: ignore[no-untyped-def]
    url = ask("パラレルワークのマッチングサイトのURLを教えて")
    assert "「URL」についての記載はありません" in url.text
    expert = ask("6次産業化プラットフォームの運営者になった専門家の名前は?", user="e")
    assert "「名前」についての記載はありません" in expert.text
    assert "やまがた長井観光局" in ask("DMOの名前は?", user="d").text


def test_a_claim_of_no_change_or_of_a_length_is_checked(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("しごと創出の計画は変更なしで終わった?").text.startswith("いいえ")
    assert ask("まちなかの計画は変更なしで終わった?", user="m").text.startswith("はい")
    assert ask("まちなか交流施設の計画期間って3年だよね?", user="y").text.startswith("いいえ")
    ask("まちなか交流施設の計画は平成31年の認定だよね?", user="c")
    again = ask("で、期間は3年だったっけ?", user="c")
    assert again.text.startswith("いいえ") and again.plans == ("machinaka-facility",)


def test_the_other_two_of_a_list_and_counts_said_loosely(ask) -> None:  # type: ignore[no-untyped-def]
    ask("第51回に認定された計画は?")
    ask("その中でDMOの期間は?")
    assert set(ask("他の2つは?").plans) == {"sixth-industry", "machinaka-facility"}
    assert "4件" in ask("一度でも変更された計画はいくつある?", user="o").text
    assert len(ask("平成31年3月29日に認定されたり変更されたりした計画", user="t").plans) == 4


def test_before_an_era_began(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("令和になる前に計画期間が終わっていた計画はどれ?").plans == ("job-innovation",)


def test_kyushu_endings_and_the_most_changed_plan_in_english(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("DMOの連携先に米沢市は入っとると?").text.startswith("いいえ")
    most = ask("Which plan had the most amendments?", user="e")
    assert most.plans == ("water-history-transit",) and "dmo" not in most.text.replace(" ", "").lower()


def test_the_same_building_is_a_thing_not_the_same_day(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("まちなか交流施設って新庁舎と同じ建物に入るの?")
    assert reply.intent == "content" and "併設" in reply.text


def test_a_plan_fact_asked_with_something_beyond_the_bot(ask) -> None:  # type: ignore[no-untyped-def]
    both = ask("長井市地域再生計画の認定日と、それからフラワー長井線の始発の時刻も")
    first, second = both.text.split("\n\n")[:2]
    assert "平成28年3月15日" in first and "お答えできません" in second
    hotel = ask("When was the DMO plan certified? Also, could you book me a hotel in Nagai?", user="h")
    assert "March 29, 2019" in hotel.text and "can't" in hotel.text
    # one plan's several fields joined so are answered whole, as before
    whole = ask("長井市地域再生計画(水と歴史)の認定日と、あと計画期間と、ついでに何回変更されたかも", user="w")
    assert "5回" in whole.text and "お答えできません" not in whole.text


def test_a_list_of_towns_with_and_is_one_question(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("地域連携DMOの相手方、南陽と白鷹とあとどこだっけ")
    assert "飯豊町" in reply.text and "お答えできません" not in reply.text


def test_its_date_after_a_plan_is_not_the_day_discussed_before(ask) -> None:  # type: ignore[no-untyped-def]
    ask("パラレルワークの計画の認定日")
    # その日付に: the day before, as a place in time
    assert ask("その日付に認定された計画は?").plans == ("parallel-work",)
    reply = ask("一番最初に認定を受けた計画とその日付")
    assert reply.plans == ("water-history-transit",) and "平成28年3月15日" in reply.text


def test_a_deadline_is_the_end_of_the_period(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("令和6年3月31日が期限の計画").plans == ("machinaka-facility",)
    assert set(ask("期限が令和4年の計画").plans) == {"dmo-tourism", "sixth-industry"}
    latest = ask("期間がいちばん最近まで続いていた計画は?")
    assert latest.plans == ("machinaka-facility",) and "令和6年3月31日" in latest.text


def test_a_list_of_change_days_gives_every_day(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("変更日 一覧 全計画")
    for day in ("平成28年8月30日", "平成29年2月24日", "平成29年5月30日", "平成31年3月29日"):
        assert day in reply.text
    assert "変更: なし" in reply.text


def test_search_words_for_every_plan_and_for_a_day(ask) -> None:  # type: ignore[no-untyped-def]
    listed = ask("長井 地域再生計画 認定日 一覧")
    assert len(listed.plans) == 6 and "平成28年12月13日" in listed.text
    # the title's own words still name the plan
    assert ask("長井市地域再生計画の認定日").plans == ("water-history-transit",)
    changed = ask("2017年2月24日 長井 計画 変更", user="v")
    assert changed.plans == ("water-history-transit",)
    assert ask("H28.12.13 長井市 計画", user="w").plans == ("job-innovation",)


def test_another_kind_of_plan_or_another_things_day_states_no_plan_fact(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("長井市の教育振興基本計画 認定日", "長井市の第2次環境基本計画の計画期間は?",
                 "第51回長井市民文化祭の日程を教えて", "令和2年3月30日の長井市議会で可決された議案は?"):
        reply = ask(text, user=text)
        assert reply.intent == "out_of_scope" and not reply.plans, text
        assert "令和" not in reply.text and "平成" not in reply.text, text
    # what happened to the plans on a day, and a round alone, are still answered
    assert len(ask("R2.3.30 の動き", user="x").plans) == 4
    assert len(ask("第51回は?", user="y").plans) == 3


def test_whether_any_plan_is_so_is_over_every_plan(ask) -> None:  # type: ignore[no-untyped-def]
    ask("しごと創出の計画")
    reply = ask("平成27年度中に認定されたものはありますか")
    assert reply.text.startswith("はい") and reply.plans == ("water-history-transit",)
    # a yes/no of the plan just discussed stays its own
    assert ask("変更はありますか").plans == ("water-history-transit",)


def test_periods_added_up_and_apart(ask) -> None:  # type: ignore[no-untyped-def]
    total = ask("6次産業化とDMOの計画期間を合計すると何年")
    assert "合わせると、約6年" in total.text
    gap = ask("DMOの計画とまちなか交流施設の計画、期間は何年違いますか")
    assert "差は、約2年" in gap.text
    english = ask("What is the total length of the DMO plan and the parallel work plan periods?")
    assert "about 6 years" in english.text
    # one plan's period is no sum
    assert "合わせると" not in ask("DMOの計画期間を合計すると何年", user="v").text


def test_a_record_of_changes_is_a_plan_changed(ask) -> None:  # type: ignore[no-untyped-def]
    assert "4件" in ask("変更履歴のある計画はいくつ").text


def test_search_words_typed_apart_are_no_other_plan(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("アンテナショップ 販売 計画 認定日")
    assert reply.plans == ("sixth-industry",) and "平成31年3月29日" in reply.text
    assert ask("長井市の販売計画の認定日", user="v").intent == "out_of_scope"


def test_a_name_only_loosely_like_the_words_yields_to_the_summary_saying_them(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("Uターン希望者との関係づくり、これはどの計画に入っていますか")
    assert reply.plans == ("parallel-work",) and "関係づくり" in reply.text


def test_which_one_with_words_one_summary_says(ask) -> None:  # type: ignore[no-untyped-def]
    ask("移住のことで市の計画について聞きたいです")
    reply = ask("子ども向けの取組も入っているのはどれですか")
    assert reply.plans == ("parallel-work",) and "ハイパー学童クラブ" in reply.text


def test_the_certifier_by_another_of_its_names_is_yes(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("首相が認定したの?", "国が認定したの?", "Was it certified by the prime minister?"):
        assert ask(text, user=text).text.startswith(("はい", "Yes")), text
    for text in ("市長が認定したの?", "県が認定したの?", "Did the mayor certify it?"):
        assert ask(text, user=text).text.startswith(("いいえ", "No")), text


def test_who_certifies_these_plans_after_a_list_in_english(ask) -> None:  # type: ignore[no-untyped-def]
    ask("first plan approved when?")
    reply = ask("who do the certification of these plan? prime minister?")
    assert reply.text.startswith("Yes") and "Prime Minister" in reply.text


def test_follow_ups_on_length_and_being_out_of_the_period(ask) -> None:  # type: ignore[no-untyped-def]
    ask("まちなか交流施設の計画の期間はいつまで")
    assert ask("ということは、今はもう期間外ですか").text.startswith("はい")
    assert "約5年" in ask("期間の長さは何年?").text
    # a mayor is no length
    assert ask("長井市の市長さんってどなたですか", user="v").intent == "out_of_scope"


def test_english_which_one_is_it_and_round_number(ask) -> None:  # type: ignore[no-untyped-def]
    ask("How long is period of DMO plan, in years?")
    first = ask("first plan approved when? which one is it?")
    assert first.plans == ("water-history-transit",) and "March 15, 2016" in first.text
    round51 = ask("which plans have certification round number 51?", user="v")
    assert set(round51.plans) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}


def test_every_plan_speaking_of_a_topic(ask) -> None:  # type: ignore[no-untyped-def]
    both = {"water-history-transit", "parallel-work"}
    assert set(ask("移住に関わる取組が入ってる計画を全部").plans) == both
    assert set(ask("移住や定住に関わる計画を教えて", user="v").plans) == both
    assert set(ask("移住に関係する計画はどれでしょう", user="w").plans) == both


def test_a_loose_name_yields_to_the_summary_describing_the_plan(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("わたくし年寄りでよくわからんのですが、新しい市役所と一緒に建つ施設の計画は、"
                "いつまでの計画でしたかのう")
    assert reply.plans == ("machinaka-facility",) and "令和6年3月31日" in reply.text


def test_another_plans_name_holding_a_title_end_or_a_plan_word(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("長井市の農業振興地域整備計画はいつ変更された？",
                 "長井市の第3期まち・ひと・しごと創生総合戦略の期間は令和何年まで？"):
        reply = ask(text, user=text)
        assert reply.intent == "out_of_scope" and not reply.plans, text
    # a slip in a title's own compound, and the office's name, are still ours
    assert ask("まちなか交流施節整備計画の期間", user="v").plans == ("machinaka-facility",)
    assert "0238-83-1070" in ask("総合戦略室のファックス番号は?", user="w").text


def test_round_ranges_and_what_a_filter_leaves(ask) -> None:  # type: ignore[no-untyped-def]
    span = ask("第40回から第55回までの間に認定された計画は何本？")
    assert "5件" in span.text and "water-history-transit" not in span.plans
    left = ask("もし第50回より後の認定だけに絞るとしたら、どの計画が残りますか", user="v")
    assert len(left.plans) == 4 and "parallel-work" in left.plans


def test_how_many_year_plan_and_a_described_plans_round(ask) -> None:  # type: ignore[no-untyped-def]
    assert "約5年" in ask("交流施設の計画は何か年計画でしたか").text
    reply = ask("農産物加工品の販路を広げる計画は第何回の認定でしたか", user="v")
    assert reply.plans == ("sixth-industry",) and "第51回" in reply.text
    assert "記載はありません" not in reply.text


def test_both_days_said_and_a_childs_world_in_other_words(ask) -> None:  # type: ignore[no-untyped-def]
    either = ask("平成31年3月29日の日付が出てくる計画はいくつ？（認定でも変更でも）")
    assert "4件" in either.text
    same = ask("同じ日に認定された計画のグループはありますか？", user="v")
    assert "平成31年3月29日" in same.text and len(same.plans) == 3
    child = ask("子育て世帯に関係しそうな内容がある計画は？", user="w")
    assert child.plans == ("parallel-work",) and "学童" in child.text


def test_english_describe_call_and_an_information_office(ask) -> None:  # type: ignore[no-untyped-def]
    ask("Which of Nagai's plans had the shortest duration?")
    described = ask("Describe, in brief, the measures set out in the parallel work plan.")
    assert described.intent == "plan.summary" and "matching site" in described.text
    assert "0238-87-0714" in ask("Who can I call to ask about it?").text
    office = ask("Does the town-centre community facility plan include a tourist information "
                 "office?", user="v")
    assert office.plans == ("machinaka-facility",) and office.intent != "contact"


def test_a_question_of_its_own_about_a_plan_does_not_take_the_field_before(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの認定日")
    own = ask("What stakeholders or organizations are involved in the sixth-industry platform?")
    assert own.plans == ("sixth-industry",) and "certified on" not in own.text
    # an elliptic follow-up still does
    ask("DMOの認定日", user="v")
    assert "平成31年3月29日" in ask("6次産業化の計画は?", user="v").text


def test_a_question_naming_its_own_set_ignores_the_plans_discussed(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOとパラレルワークの認定日")
    shortest = ask("Which of Nagai's plans had the shortest duration?")
    assert shortest.plans == ("job-innovation",)
    ask("パラレルワークの認定日", user="v")
    groups = ask("同じ日に認定された計画のグループはありますか？", user="v")
    assert set(groups.plans) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}


def test_both_after_one_plan_then_another(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの計画の認定日")
    ask("6次産業化のほうは?")
    both = ask("両方とも変更された?")
    assert set(both.plans) == {"dmo-tourism", "sixth-industry"}
    ask("Please state the approval date of the DMO-based tourism plan.", user="v")
    ask("And that of the sixth-industrialization sales project?", user="v")
    amended = ask("Were both plans subsequently amended? If so, when?", user="v")
    assert set(amended.plans) == {"dmo-tourism", "sixth-industry"}
    assert "March 30, 2020" in amended.text


def test_which_plan_in_english_and_this_page_ask_of_every_plan(ask) -> None:  # type: ignore[no-untyped-def]
    ask("Is Shirataka part of the parallel work plan?")
    first = ask("Which plan was certified first, and on what date?")
    assert first.plans == ("water-history-transit",) and "March 15, 2016" in first.text
    ask("長井市地域再生計画の期間って、もう過ぎてる?", user="v")
    assert "6件" in ask("このページには計画がいくつ掲載されていますか", user="v").text
    # a pair just discussed is still compared when asked as one
    ask("DMOの計画の認定日", user="w")
    ask("パラレルワークのほうは?", user="w")
    assert ask("Which one was certified first?", user="w").intent.startswith("compare")


def test_an_english_yes_no_after_a_sentence_and_nagais_plans_after_two(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの計画の認定日")
    ask("パラレルワークのほうは?")
    shortest = ask("Which of Nagai's plans had the shortest duration?")
    assert shortest.plans == ("job-innovation",)
    office = ask("I'm a tourist. Does the town-centre community facility plan include a tourist "
                 "information office?")
    assert office.plans == ("machinaka-facility",) and "certified on" not in office.text


def test_a_word_a_plans_name_bears(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("地域計画を研究している院生です。「山の港町」を冠した長井市の計画は何件ありますか")
    assert "2件" in reply.text and set(reply.plans) == {"water-history-transit", "job-innovation"}


def test_the_askers_own_field_before_the_question(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("都市計画を研究している院生です。長井市の計画の中で、移住・定住に触れているものを"
                "挙げてください")
    assert set(reply.plans) == {"water-history-transit", "parallel-work"}


def test_a_forest_plan_and_where_to_look_up_water_rates_state_no_plan_fact(ask) -> None:  # type: ignore[no-untyped-def]
    forest = ask("長井市森林整備計画の変更日に関して教えてください")
    assert forest.intent == "out_of_scope" and not forest.plans
    ask("パラレルワークの計画の認定日", user="v")
    water = ask("ちなみに、水道料金ってどこで調べられます?", user="v")
    assert water.intent == "out_of_scope" and "令和2年3月30日" not in water.text


def test_that_day_is_the_day_the_message_itself_says(ask) -> None:  # type: ignore[no-untyped-def]
    ask("パラレルワークの認定日")
    reply = ask("平成31年3月29日、その日に認定されたのはどれ?")
    assert set(reply.plans) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}
    # without a day of its own, その日 is still the day discussed
    assert ask("その日に変更された計画は?").intent == "aggregate.list"


def test_a_day_said_aloud_with_fillers(ask) -> None:  # type: ignore[no-untyped-def]
    ask("パラレルワークの認定日")
    reply = ask("えーと、平成31年の3月の、29日?その日に認定されたのは、どれとどれと、どれだったかね")
    assert set(reply.plans) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}


def _titles(kb: KnowledgeBase, reply: Reply) -> set[str]:
    """The plans an answer lists (its ・ lines; a plan left out may be named in the head)."""
    listed = [line for line in reply.text.splitlines() if line.startswith("・")]
    return {p.id for p in kb.plans if any(line.startswith(f"・{p.title}") for line in listed)}


def test_a_clause_leaves_out_the_plans_it_names_by_filters_or_by_name(ask, kb) -> None:  # type: ignore[no-untyped-def]
    # by filters: the 3-year plans are DMO, sixth industry and parallel work (55th round)
    filtered = ask("第55回で認定された計画を除いて、計画期間が3年の計画は?")
    assert _titles(kb, filtered) == {"dmo-tourism", "sixth-industry"}
    assert "以外で" in filtered.text
    # by name, in English, the clause first or in the middle
    first = ask("Excluding the parallel work plan, which plans have a 3-year period?")
    assert _titles(kb, first) == {"dmo-tourism", "sixth-industry"}
    middle = ask("Which plans other than the sixth industry one were changed in 2020?")
    assert _titles(kb, middle) == {"water-history-transit", "dmo-tourism"}
    # nothing but the clause: every other plan
    rest = ask("一度も変更されてない計画じゃないのはどれ?")
    assert _titles(kb, rest) == {"water-history-transit", "dmo-tourism", "sixth-industry",
                                 "job-innovation"}  # fmt: skip


def test_a_town_or_a_way_of_contact_before_igai_is_no_plan_left_out(ask) -> None:  # type: ignore[no-untyped-def]
    towns = ask("DMOの計画に長井市以外で入っている自治体はどこ?").text
    assert all(t in towns for t in ("南陽", "白鷹", "飯豊"))
    other_ways = ask("電話以外で問い合わせる方法はありますか").text
    assert "0238-83-1070" in other_ways or "メール" in other_ways


def test_a_decade_is_ten_years(ask, kb) -> None:  # type: ignore[no-untyped-def]
    reply = ask("2010年代に認定された計画はいくつ?")
    assert "5件" in reply.text and "parallel-work" not in _titles(kb, reply)
    ended = ask("Which plans ended in the 2020s?")
    assert "job-innovation" not in _titles(kb, ended) and len(_titles(kb, ended)) == 5


def test_a_message_that_says_it_is_not_about_the_plans_states_no_plan_fact(ask) -> None:  # type: ignore[no-untyped-def]
    clinic = ask("最近ひざが痛いです。土曜もやってる整形外科ってありますか。"
                 "市の計画とかは関係ないんですけど。").text  # fmt: skip
    assert "申し訳ありません" in clinic and "令和" not in clinic
    ramen = ask("Any good noodle shop near the station? Just making dinner plans").text
    assert "Sorry" in ramen and "2020" not in ramen
    assert "パラレルワーク" in ask("最近認定された計画はどれ?").text


def test_the_plan_a_superlative_found_is_what_a_next_question_about_it_means(ask) -> None:  # type: ignore[no-untyped-def]
    ask("変更がいちばん多かった計画はどれ?")
    again = ask("それって何回変更されたんですか").text
    assert "5回" in again and "どの計画" not in again
    after = ask("その計画のすぐあとに認定された計画はどれ?").text
    assert "しごと創出イノベーション計画" in after and "平成28年12月13日" in after


def test_fiscal_years_asked_of_a_period_are_given_for_both_ends(ask) -> None:  # type: ignore[no-untyped-def]
    both = ask("DMOの計画は何年度に始まって、何年度末に終わりましたか").text
    assert "平成30年度" in both and "令和3年度" in both and "たちます" not in both
    english = ask("Which fiscal year did the sixth industry plan start in?").text
    assert "FY2018" in english


def test_the_role_said_before_both_ends_of_a_superlative_holds_for_both(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("認定日がいちばん早い計画といちばん遅い計画を教えて").text
    assert "平成28年3月15日" in reply and "令和2年3月30日" in reply and "終わる" not in reply


def test_what_certified_means_and_who_certifies_in_plain_words(ask) -> None:  # type: ignore[no-untyped-def]
    assert "内閣総理大臣" in ask("そもそも「認定」ってどういう意味?").text
    assert "Prime Minister" in ask("Who really certifies them, the city or the national government?").text


def test_a_town_that_describes_the_plan_does_not_turn_a_dated_question_into_a_partner_check(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("飯豊町なんかと観光局を広げた計画って、変更されたことあったっけ?").text
    assert "令和2年3月30日" in reply and "参加しています" not in reply


def test_a_number_asked_alongside_a_request_to_send_something_is_given(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("パンフレットをファックスで送ってほしいので、FAX番号を教えてください")
    assert "0238-83-1070" in reply.text


def test_which_plans_there_are_asked_in_other_words_lists_them(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("長井市の地域再生計画って、どんなのがあるんですか",
                 "市はどんな計画を国に認定してもらっているのか知りたいです"):
        assert "6件" in ask(text).text, text


def test_counts_of_changes_compared_are_each_plans_count_not_days_between(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOの計画とまちなか交流施設の計画で、変更回数の違いは?").text
    assert "1回" in reply and "変更はありません" in reply


def test_the_plan_a_neighbour_is_found_from_is_said_with_its_day(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOの計画のすぐあとに認定された計画は?").text
    assert "平成31年3月29日" in reply and "パラレルワーク" in reply
    assert "March 29, 2019" in ask("Which plan was certified right after the DMO plan?").text


def test_a_content_phrase_picks_a_plan_out_of_the_list_just_given(ask) -> None:  # type: ignore[no-untyped-def]
    ask("長井市の計画を全部教えてください")
    reply = ask("その中で、子ども向けの取り組みがある計画は?")
    assert reply.plans == ("parallel-work",) and "ハイパー学童クラブ" in reply.text


def test_a_quoted_sentence_that_leans_on_the_one_before_is_quoted_with_it(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("パラレルワークの計画は、関係人口をどうやって増やすんですか").text
    assert "これらの取組により" in reply and "ハイパー学童クラブ" in reply


def test_hearsay_about_a_plan_is_what_is_asked_and_a_side_question_does_not_hide_it(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("孫が通える放課後の学童みたいな取り組みが計画にあると聞いたんですが、"
                "それはどの計画ですか。ついでに、今日のごみの日はいつでしたっけ。")  # fmt: skip
    assert reply.plans == ("parallel-work",) and "ハイパー学童クラブ" in reply.text


def test_plans_related_to_a_theme_are_all_given_though_the_asker_named_a_body_first(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("観光協会の者です。観光に関わる計画はどれがありますか")
    assert {"water-history-transit", "dmo-tourism", "machinaka-facility"} <= set(reply.plans)


def test_an_english_question_is_read_by_its_question_sentence_not_the_remark_after(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("Do any of these plans cover an emergency shelter? It's for my class.")
    assert reply.plans == ("machinaka-facility",) and "evacuation" in reply.text


def test_a_plan_described_then_taken_up_by_are_is_that_plan_not_the_one_before(ask) -> None:  # type: ignore[no-untyped-def]
    ask("まちなか交流施設の計画はいつ認定されましたか")
    below = ask("ページの下のほうに『終了した計画』として載っている計画、あれはいつ認定?").text
    assert "平成28年12月13日" in below and "平成31年3月29日" not in below
    ask("DMOの計画はいつ認定されましたか")
    hall = ask("一時避難スペースになるホールをつくるって計画、あれはいつ認定されたの?")
    assert hall.plans == ("machinaka-facility",)


def test_the_name_of_the_person_in_charge_is_said_to_be_not_on_the_page(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("6次産業化の計画の担当者の方のお名前を知りたいです").text
    assert "掲載されていません" in reply and "0238-87-0714" in reply and "6件" not in reply
    english = ask("Could you tell me the name of the person in charge of the parallel work plan?")
    assert "does not give the name" in english.text


def test_about_five_years_is_a_length_not_five_years_ago(ask, kb) -> None:  # type: ignore[no-untyped-def]
    reply = ask("期間が5年前後の計画はどれですか")
    assert _titles(kb, reply) == {"water-history-transit", "machinaka-facility"}


def test_asking_leave_to_ask_is_a_request_not_a_yes_no_question(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("恐れ入りますが、パラレルワークの計画の認定日をお聞きしてもよろしいでしょうか").text
    assert reply.startswith("「パラレルワーク") and "令和2年3月30日" in reply


def test_the_other_one_after_a_subset_is_the_plan_the_subset_left_out(ask) -> None:  # type: ignore[no-untyped-def]
    ask("第51回で認定された計画を教えて")
    ask("そのうち変更されたのは?")
    other = ask("もう一方、変更のなかった方の期間は?")
    assert other.plans == ("machinaka-facility",) and "令和6年3月31日" in other.text
    before = ask("その前の回で認定された計画は?").text
    assert "しごと創出イノベーション計画" in before and "第40回" in before


def test_a_quoted_word_said_to_be_in_the_names_or_summaries_finds_those_plans(ask, kb) -> None:  # type: ignore[no-untyped-def]
    titled = ask("「山の港町」が名前に入っている計画の変更日は?")
    assert _titles(kb, titled) == {"water-history-transit", "job-innovation"}
    assert "平成29年5月30日" in titled.text
    summary = ask("概要に「移住」が出てくる計画はどれ?")
    assert _titles(kb, summary) == {"water-history-transit", "parallel-work"}


def test_a_form_with_q1_q2_is_answered_part_by_part(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("Q1. まちなか交流施設にできる2つのホールの名前 Q2. その施設の駐車場の台数").text
    assert reply.startswith("①") and "市民協働ホール" in reply and "②" in reply


def test_what_became_of_a_plan_is_its_status(ask) -> None:  # type: ignore[no-untyped-def]
    ask("しごと創出イノベーション計画はいつ認定?")
    assert "終了しています" in ask("その計画は今どうなってるの?").text


def test_a_plans_own_two_days_compared_are_its_own_not_other_plans(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("パラレルワークの計画期間の始まりは、認定日と同じ日?").text
    assert reply.startswith("はい") and "令和2年3月30日" in reply and "ほかの計画" not in reply


def test_a_change_day_shared_with_a_plan_never_changed_gives_the_days_shared(ask) -> None:  # type: ignore[no-untyped-def]
    ask("まちなか交流施設の計画について教えて")
    reply = ask("同じ日に変更された計画はありますか").text
    assert "平成29年5月30日" in reply and "令和2年3月30日" in reply


def test_what_happened_on_a_day_is_every_event_whatever_fields_follow(ask, kb) -> None:  # type: ignore[no-untyped-def]
    reply = ask("平成31年3月29日にあったことを、認定も変更も教えて")
    assert _titles(kb, reply) == {"water-history-transit", "dmo-tourism", "sixth-industry",
                                  "machinaka-facility"}  # fmt: skip


def test_the_pages_heading_named_inside_english_is_the_heading(ask, kb) -> None:  # type: ignore[no-untyped-def]
    reply = ask("Which plan is listed under 終了した計画 on the city page?")
    assert reply.plans == ("job-innovation",)


def test_a_plan_touching_on_a_thing_counts_without_the_modifier_another_plan_names(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("最上川の舟運に触れてる計画を教えて")
    assert set(reply.plans) == {"water-history-transit", "job-innovation"}


def test_a_year_by_its_last_two_digits(ask, kb) -> None:  # type: ignore[no-untyped-def]
    reply = ask("'19年の3月に認定されたのってどれ?")
    assert _titles(kb, reply) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}


def test_learners_english_for_the_latest_end_zero_changes_and_who_certifies(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("Which plan end the most late?").plans == ("machinaka-facility",)
    assert set(ask("Which plan have change zero time?").plans) == {"parallel-work",
                                                                    "machinaka-facility"}  # fmt: skip
    assert "Prime Minister" in ask("Who certify the plan?").text
    assert "4 plans" in ask("2020 March 30, what happen?").text


def test_an_assembly_members_request_is_answered_not_confirmed(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("第40回認定を受けた計画について、その計画期間を示されたい。").text
    assert "平成31年3月31日" in reply and not reply.startswith("はい")


def test_rounds_up_to_one_are_a_filter_not_the_plan_certified_just_before(ask, kb) -> None:  # type: ignore[no-untyped-def]
    ask("変更が2回以上あるのはどれ?")
    reply = ask("第40回以前に認定された計画は?")
    assert _titles(kb, reply) == {"water-history-transit", "job-innovation"}


def test_a_town_in_other_plans_too_leaves_out_the_plan_discussed(ask) -> None:  # type: ignore[no-untyped-def]
    ask("DMOの計画に参加している自治体は?")
    reply = ask("白鷹町は、ほかの計画にも入ってる?").text
    assert reply.startswith("いいえ") and "ありません" in reply


def test_a_period_asked_from_what_year_to_what_year_is_the_period(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("DMOのやつ、期間って何年から何年?").text
    assert "平成31年3月29日" in reply and "令和4年3月31日" in reply and "たちます" not in reply


def test_an_era_year_then_a_slashed_day_is_that_day(ask, kb) -> None:  # type: ignore[no-untyped-def]
    reply = ask("H31の3/29に認定された計画は?")
    assert _titles(kb, reply) == {"dmo-tourism", "sixth-industry", "machinaka-facility"}


def test_a_kana_ending_is_no_word_a_summary_says(ask, kb) -> None:  # type: ignore[no-untyped-def]
    # なる of 期間切れになる is in one summary (…スペースとなる); the day is what is asked
    reply = ask("2022年3月31日で期間切れになる計画は?")
    assert _titles(kb, reply) == {"dmo-tourism", "sixth-industry"}
