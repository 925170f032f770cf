"""What staff learn from: questions and their outcomes, ratings, the unanswered
queue, learned aliases and the audit trail (migration 4).

Questions are kept with the hashed user tag (bot.privacy.user_tag), never the
platform's id. Only a question waiting in the queue keeps its way back to the
resident (question_recipients), so that staff can answer it; that row goes
as soon as the question is answered or dismissed.

Every alias change bumps `learning_version` in the same transaction, so a
process that reads the version per request never misses one.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from bot.analytics.records import (
    AMBIGUOUS,
    ANSWERED,
    AUDIT_ALIAS_ADD,
    AUDIT_ALIAS_REMOVE,
    DOWN,
    HANDOFF,
    OUT_OF_SCOPE,
    OUTCOMES,
    QUEUE_ANSWERED,
    QUEUE_DISMISSED,
    QUEUE_OPEN,
    AuditEntry,
    Figures,
    LearnedAlias,
    QuestionRecord,
)
from bot.clock import JST
from bot.core.normalize import normalize
from bot.privacy import user_tag
from bot.store.base import Clock, Database, Row, Session, utc_now
from bot.store.inquiries import DatabaseInquiryDesk

MAX_TEXT = 2000
_QUESTION_COLUMNS = (
    "id, channel, user_tag, text, outcome, intent, plans, query, rating, queue_state, created_at"
)
# Channels whose residents staff's answers can reach (bot.core.inquiry.resident_delivery).
ANSWERABLE = frozenset({"line", "web", "slack"})


class DuplicateAlias(ValueError):
    """The phrase is already an active learned alias."""


class AnalyticsStore:
    def __init__(self, db: Database, desk: DatabaseInquiryDesk, clock: Clock = utc_now) -> None:
        self._db = db
        self._desk = desk
        self._clock = clock

    def _now(self) -> Any:
        return self._db.to_db_time(self._clock())

    # -- recording (bot.analytics.records.Recorder) --------------------------------

    def record(
        self,
        channel: str,
        user_id: str,
        user_key: str,
        text: str,
        outcome: str,
        intent: str,
        plans: tuple[str, ...],
        query: dict[str, Any] | None,
        *,
        answerable: bool = True,
        settle_within: dt.timedelta = dt.timedelta(minutes=30),
    ) -> int:
        """Store one answered question; an answer naming a plan settles the
        user's "which plan?" just before it. Returns the question's id."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        tag = user_tag(channel, user_id)
        queued = outcome in (AMBIGUOUS, OUT_OF_SCOPE)
        with self._db.transaction() as s:
            if outcome == ANSWERED and plans:
                self._settle(s, tag, settle_within)
            (row,) = s.fetchall(
                "INSERT INTO questions (channel, user_tag, text, outcome, intent, plans, query,"
                " queue_state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    channel, tag, text[:MAX_TEXT], outcome, intent,
                    self._db.to_db_json(list(plans)),
                    None if query is None else self._db.to_db_json(query),
                    QUEUE_OPEN if queued else None, self._now(),
                ),
            )  # fmt: skip
            question_id = int(row[0])
            if queued and answerable and channel in ANSWERABLE:
                self._keep_recipient(s, question_id, channel, user_id, user_key)
        return question_id

    def _settle(self, s: Session, tag: str, within: dt.timedelta) -> None:
        cutoff = self._db.to_db_time(self._clock() - within)
        row = s.fetchone(
            "SELECT id, outcome, settled FROM questions WHERE user_tag = ? AND created_at >= ?"
            " ORDER BY id DESC LIMIT 1",
            (tag, cutoff),
        )
        if row is None or row[1] != AMBIGUOUS or row[2]:
            return
        s.execute(
            "UPDATE questions SET settled = 1,"
            " queue_state = CASE WHEN queue_state = 'open' THEN NULL ELSE queue_state END"
            " WHERE id = ?",
            (row[0],),
        )
        s.execute("DELETE FROM question_recipients WHERE question_id = ?", (row[0],))

    def _keep_recipient(
        self, s: Session, question_id: int, channel: str, user_id: str, user_key: str
    ) -> None:
        s.execute(
            "INSERT INTO question_recipients (question_id, channel, user_id, user_key)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (question_id) DO NOTHING",
            (question_id, channel, user_id, user_key),
        )

    def rate_last(
        self,
        channel: str,
        user_id: str,
        user_key: str,
        rating: str,
        within: dt.timedelta,
    ) -> QuestionRecord | None:
        """Rate the user's last answered question (asked within `within`); a 👎
        puts it in the queue. None when there is nothing to rate."""
        tag = user_tag(channel, user_id)
        cutoff = self._db.to_db_time(self._clock() - within)
        with self._db.transaction() as s:
            row = s.fetchone(
                f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE user_tag = ?"
                " AND created_at >= ? ORDER BY id DESC LIMIT 1",
                (tag, cutoff),
            )
            if row is None or row[4] != ANSWERED:
                return None
            s.execute(
                "UPDATE questions SET rating = ?, rated_at = ?,"
                " queue_state = CASE WHEN ? = 'down' THEN COALESCE(queue_state, 'open')"
                " WHEN queue_state = 'open' THEN NULL ELSE queue_state END WHERE id = ?",
                (rating, self._now(), rating, row[0]),
            )
            if rating == DOWN:
                self._keep_recipient(s, int(row[0]), channel, user_id, user_key)
            else:
                s.execute("DELETE FROM question_recipients WHERE question_id = ?", (row[0],))
            fresh = s.fetchone(f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE id = ?", (row[0],))
        assert fresh is not None
        return self._question(fresh)

    def mark_handoff(self, channel: str, user_id: str, user_key: str, within: dt.timedelta) -> int:
        """The user just sent an inquiry: their last unanswered question (or
        👎) becomes 'handoff' and leaves the queue (staff answer it as an
        inquiry); with none, the inquiry's text is recorded as the question."""
        tag = user_tag(channel, user_id)
        cutoff = self._db.to_db_time(self._clock() - within)
        with self._db.transaction() as s:
            found = s.fetchone(
                "SELECT id, text FROM inquiries WHERE user_key = ? ORDER BY id DESC LIMIT 1",
                (user_key,),
            )
            inquiry_id, inquiry_text = (int(found[0]), str(found[1])) if found else (None, "")
            row = s.fetchone(
                "SELECT id FROM questions WHERE user_tag = ? AND created_at >= ?"
                " AND (outcome IN ('ambiguous', 'out_of_scope') OR rating = 'down')"
                " AND inquiry_id IS NULL ORDER BY id DESC LIMIT 1",
                (tag, cutoff),
            )
            if row is not None:
                question_id = int(row[0])
                s.execute(
                    "UPDATE questions SET outcome = 'handoff', inquiry_id = ?,"
                    " queue_state = CASE WHEN queue_state = 'open' THEN NULL"
                    " ELSE queue_state END WHERE id = ?",
                    (inquiry_id, question_id),
                )
                s.execute("DELETE FROM question_recipients WHERE question_id = ?", (question_id,))
                return question_id
            (new,) = s.fetchall(
                "INSERT INTO questions (channel, user_tag, text, outcome, intent, plans,"
                " inquiry_id, created_at) VALUES (?, ?, ?, 'handoff', 'handoff.accepted', ?, ?, ?)"
                " RETURNING id",
                (channel, tag, inquiry_text[:MAX_TEXT], self._db.to_db_json([]), inquiry_id,
                 self._now()),
            )  # fmt: skip
            return int(new[0])

    # -- the queue ------------------------------------------------------------------

    def open_queue(self, limit: int = 500) -> list[QuestionRecord]:
        with self._db.session() as s:
            rows = s.fetchall(
                f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE queue_state = 'open'"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        return [self._question(r) for r in reversed(rows)]

    def question(self, question_id: int) -> QuestionRecord | None:
        with self._db.session() as s:
            row = s.fetchone(
                f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE id = ?", (question_id,)
            )
        return self._question(row) if row else None

    def close_questions(
        self,
        question_ids: tuple[int, ...],
        state: str,
        actor: str,
        action: str,
        detail: dict[str, Any],
    ) -> int:
        """Take open questions out of the queue (alias / dismissed), with an audit
        entry; the residents' way back is forgotten. Returns how many changed."""
        if not question_ids:
            return 0
        marks = ", ".join("?" for _ in question_ids)
        with self._db.transaction() as s:
            changed = s.execute(
                f"UPDATE questions SET queue_state = ?, queue_closed_by = ?, queue_closed_at = ?"
                f" WHERE queue_state = 'open' AND id IN ({marks})",
                (state, actor, self._now(), *question_ids),
            )
            if state == QUEUE_DISMISSED:
                s.execute(
                    f"DELETE FROM question_recipients WHERE question_id IN ({marks})",
                    tuple(question_ids),
                )
            if changed:
                self._audit(s, actor, action, f"questions:{question_ids[0]}",
                            {**detail, "questions": len(question_ids)})  # fmt: skip
        return changed

    def answer_questions(
        self, question_ids: tuple[int, ...], staff_id: str, text: str, action: str
    ) -> int:
        """Send staff's answer to every resident who asked, exactly once each,
        through the inquiry delivery (a closed inquiry per resident holding the
        question and the answer). Returns how many residents it was sent to now.

        Safe to repeat after a crash: a recipient keeps its inquiry until the
        answer is stored, and the answer's key (queue:<question id>) is stored once.
        """
        if not question_ids:
            return 0
        marks = ", ".join("?" for _ in question_ids)
        now = self._now()
        with self._db.transaction() as s:
            rows = s.fetchall(
                "SELECT r.question_id, r.channel, r.user_id, r.user_key, q.text, q.inquiry_id"
                " FROM question_recipients r JOIN questions q ON q.id = r.question_id"
                f" WHERE r.question_id IN ({marks}) ORDER BY r.question_id",
                tuple(question_ids),
            )
            pending: list[tuple[int, int]] = []
            for question_id, channel, user_id, user_key, question, inquiry_id in rows:
                if inquiry_id is None:
                    (made,) = s.fetchall(
                        "INSERT INTO inquiries (channel, user_id, user_key, text, status,"
                        " assignee, created_at, updated_at, closed_at, closed_by)"
                        " VALUES (?, ?, ?, ?, 'closed', ?, ?, ?, ?, ?) RETURNING id",
                        (channel, user_id, user_key, question, staff_id, now, now, now, staff_id),
                    )
                    inquiry_id = int(made[0])
                    s.execute(
                        "UPDATE questions SET inquiry_id = ? WHERE id = ?",
                        (inquiry_id, question_id),
                    )
                pending.append((int(question_id), int(inquiry_id)))
        sent = 0
        for question_id, inquiry_id in pending:
            if self._desk.add_staff_reply(inquiry_id, staff_id, text, f"queue:{question_id}"):
                sent += 1
            with self._db.transaction() as s:
                s.execute("DELETE FROM question_recipients WHERE question_id = ?", (question_id,))
        with self._db.transaction() as s:
            s.execute(
                f"UPDATE questions SET queue_state = ?, queue_closed_by = ?, queue_closed_at = ?"
                f" WHERE queue_state = 'open' AND id IN ({marks})",
                (QUEUE_ANSWERED, staff_id, now, *question_ids),
            )
            self._audit(s, staff_id, action, f"questions:{question_ids[0]}",
                        {"residents": sent, "questions": len(question_ids)})  # fmt: skip
        return sent

    def recipients(self, question_ids: tuple[int, ...]) -> int:
        if not question_ids:
            return 0
        marks = ", ".join("?" for _ in question_ids)
        with self._db.session() as s:
            row = s.fetchone(
                f"SELECT COUNT(*) FROM question_recipients WHERE question_id IN ({marks})",
                tuple(question_ids),
            )
        return int(row[0]) if row else 0

    # -- learned aliases ------------------------------------------------------------

    def alias_version(self) -> int:
        with self._db.session() as s:
            row = s.fetchone("SELECT version FROM learning_version WHERE name = 'aliases'")
        return int(row[0]) if row else 0

    def active_aliases(self) -> list[LearnedAlias]:
        with self._db.session() as s:
            rows = s.fetchall(
                "SELECT id, plan_id, phrase, added_by, added_at FROM learned_aliases"
                " WHERE removed_at IS NULL ORDER BY id"
            )
        return [
            LearnedAlias(int(r[0]), r[1], r[2], r[3], self._db.from_db_time(r[4])) for r in rows
        ]

    def add_alias(self, plan_id: str, phrase: str, actor: str, source: dict[str, Any]) -> int:
        """Store the (already validated) alias, bump the version, audit it.
        DuplicateAlias when the phrase is an active alias already."""
        key = normalize(phrase)
        with self._db.transaction() as s:
            rows = s.fetchall(
                "INSERT INTO learned_aliases (plan_id, phrase, phrase_key, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (phrase_key) WHERE removed_at IS NULL"
                " DO NOTHING RETURNING id",
                (plan_id, phrase, key, actor, self._now()),
            )
            if not rows:
                raise DuplicateAlias(phrase)
            alias_id = int(rows[0][0])
            s.execute("UPDATE learning_version SET version = version + 1 WHERE name = 'aliases'")
            self._audit(s, actor, AUDIT_ALIAS_ADD, f"alias:{alias_id}",
                        {"plan": plan_id, "phrase": phrase, **source})  # fmt: skip
        return alias_id

    def remove_alias(self, alias_id: int, actor: str) -> LearnedAlias | None:
        with self._db.transaction() as s:
            row = s.fetchone(
                "SELECT id, plan_id, phrase, added_by, added_at FROM learned_aliases"
                " WHERE id = ? AND removed_at IS NULL",
                (alias_id,),
            )
            if row is None:
                return None
            s.execute(
                "UPDATE learned_aliases SET removed_by = ?, removed_at = ? WHERE id = ?",
                (actor, self._now(), alias_id),
            )
            s.execute("UPDATE learning_version SET version = version + 1 WHERE name = 'aliases'")
            self._audit(s, actor, AUDIT_ALIAS_REMOVE, f"alias:{alias_id}",
                        {"plan": row[1], "phrase": row[2]})  # fmt: skip
        return LearnedAlias(int(row[0]), row[1], row[2], row[3], self._db.from_db_time(row[4]))

    # -- the audit trail ------------------------------------------------------------

    def audit(self, actor: str, action: str, subject: str, detail: dict[str, Any]) -> None:
        with self._db.transaction() as s:
            self._audit(s, actor, action, subject, detail)

    def _audit(
        self, s: Session, actor: str, action: str, subject: str, detail: dict[str, Any]
    ) -> None:
        s.execute(
            "INSERT INTO audit_log (actor, action, subject, detail, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (actor, action, subject, self._db.to_db_json(detail), self._now()),
        )

    def audit_trail(self, limit: int = 100, since: dt.datetime | None = None) -> list[AuditEntry]:
        with self._db.session() as s:
            rows = s.fetchall(
                "SELECT id, actor, action, subject, detail, created_at FROM audit_log"
                " WHERE created_at >= ? ORDER BY id DESC LIMIT ?",
                (self._db.to_db_time(since or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)), limit),
            )
        return [
            AuditEntry(int(r[0]), r[1], r[2], r[3], self._db.from_db_json(r[4]) or {},
                       self._db.from_db_time(r[5]))
            for r in rows
        ]  # fmt: skip

    # -- retention ------------------------------------------------------------------

    def forget_texts(self, older_than: dt.timedelta) -> int:
        """Blank the text of questions asked before `older_than` ago (the
        figures stay); the queue's open questions are kept until handled."""
        cutoff = self._db.to_db_time(self._clock() - older_than)
        with self._db.session() as s:
            return s.execute(
                "UPDATE questions SET text = '' WHERE created_at < ? AND text <> ''"
                " AND (queue_state IS NULL OR queue_state <> 'open')",
                (cutoff,),
            )

    # -- operations -----------------------------------------------------------------

    def outbox_counts(self) -> dict[tuple[str, str], int]:
        """(platform, status) -> items, the platform being the kind's prefix (line.push → line)."""
        with self._db.session() as s:
            rows = s.fetchall("SELECT kind, status, COUNT(*) FROM outbox GROUP BY kind, status")
        counts: Counter[tuple[str, str]] = Counter()
        for kind, status, count in rows:
            counts[(str(kind).split(".", 1)[0], str(status))] += int(count)
        return dict(counts)

    # -- figures --------------------------------------------------------------------

    def figures(self, since: dt.date | None = None, until: dt.date | None = None) -> Figures:
        today = self._clock().astimezone(JST).date()
        until = until or today
        start = dt.datetime.combine(since or dt.date(1970, 1, 1), dt.time(), JST)
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), JST)
        span = (self._db.to_db_time(start), self._db.to_db_time(end))
        with self._db.session() as s:
            rows = s.fetchall(
                "SELECT outcome, plans, query, rating, created_at FROM questions"
                " WHERE created_at >= ? AND created_at < ?",
                span,
            )
            open_row = s.fetchone("SELECT COUNT(*) FROM inquiries WHERE status <> 'closed'")
            firsts = s.fetchall(
                "SELECT i.created_at, MIN(m.created_at) FROM inquiries i"
                " JOIN inquiry_messages m ON m.inquiry_id = i.id AND m.author = 'staff'"
                " WHERE i.created_at >= ? AND i.created_at < ? AND i.slack_ts IS NOT NULL"
                " GROUP BY i.id, i.created_at",
                span,
            )
        outcomes = dict.fromkeys(OUTCOMES, 0)
        days: dict[dt.date, dict[str, int]] = {}
        plans: Counter[str] = Counter()
        fields: Counter[str] = Counter()
        up = down = 0
        for outcome, plan_json, query_json, rating, created in rows:
            outcomes[outcome] += 1
            day = self._db.from_db_time(created).astimezone(JST).date()
            days.setdefault(day, dict.fromkeys(OUTCOMES, 0))[outcome] += 1
            if outcome == ANSWERED:
                plans.update(self._db.from_db_json(plan_json) or [])
            query = self._db.from_db_json(query_json) if query_json is not None else None
            if query:
                fields.update(query.get("fields") or [])
            up += rating == "up"
            down += rating == DOWN
        first_day = since or (min(days) if days else until)
        per_day = []
        day = first_day
        while day <= until and len(per_day) < 366:
            per_day.append((day, days.get(day, dict.fromkeys(OUTCOMES, 0))))
            day += dt.timedelta(days=1)
        waits = [
            self._db.from_db_time(first) - self._db.from_db_time(created)
            for created, first in firsts
            if first is not None
        ]
        median = (
            dt.timedelta(seconds=statistics.median(w.total_seconds() for w in waits))
            if waits
            else None
        )
        return Figures(
            since=since,
            until=until,
            outcomes=outcomes,
            per_day=per_day,
            up=up,
            down=down,
            top_plans=plans.most_common(10),
            top_fields=fields.most_common(10),
            open_inquiries=int(open_row[0]) if open_row else 0,
            median_first_reply=median,
        )

    def _question(self, row: Row) -> QuestionRecord:
        return QuestionRecord(
            id=int(row[0]),
            channel=row[1],
            user_tag=row[2],
            text=row[3],
            outcome=row[4],
            intent=row[5],
            plans=tuple(self._db.from_db_json(row[6]) or ()),
            query=self._db.from_db_json(row[7]) if row[7] is not None else None,
            rating=row[8],
            queue_state=row[9],
            created_at=self._db.from_db_time(row[10]),
        )


__all__ = ["ANSWERABLE", "HANDOFF", "QUEUE_OPEN", "AnalyticsStore", "DuplicateAlias"]
