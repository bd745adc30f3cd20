"""After each index refresh: which new or changed sheets match which follows, and alert once.

Sheet versions are tracked by (identity, content hash) in ``follow_checked``: a version not
checked yet whose identity was never seen is ``new``; one whose identity was checked with another
hash is ``updated``; a version checked already (a re-ingest without change) is nothing. The first
run against an existing library marks everything checked without alerting. Money that a later
sheet only announces again (the index's re-announcement links) does not alert a second time: a
sheet whose matching money is all re-announced is skipped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.app_protocol import BotApp
from bot.follows.alerts import InitiativeLine, SheetFacts, compose, money_text, new_marker
from bot.follows.delivery import AlertDelivery, AlertPoster, Delivered
from bot.follows.matcher import FollowMatch, FollowMatcher
from bot.follows.topics import SheetText, sheet_text
from bot.model import ParsedDocument
from bot.query.text import tokenize
from bot.reply.model import Reply
from bot.store.follows import (
    AlertClaim,
    Follow,
    PendingSheet,
    TopicMatch,
    channel_target,
    user_target,
)

log = logging.getLogger("bot.follows")

ALL = "all"


@dataclass(frozen=True, slots=True)
class PlannedAlert:
    """One alert a sheet would send: where, to whom, and the message."""

    claim: AlertClaim
    matches: tuple[FollowMatch, ...]


@dataclass(slots=True)
class CheckResult:
    baselined: int = 0
    checked: int = 0
    alerts: list[PlannedAlert] = field(default_factory=list)
    delivered: list[Delivered] = field(default_factory=list)
    waiting: int = 0  # sheets not in the index yet (checked after the next refresh)


class FollowService:
    """Matches new sheet versions against follows and hands the alerts to delivery."""

    def __init__(self, app: BotApp, poster: AlertPoster | None, *, scope: str = ALL,
                 guild_filter: Callable[[int], bool] | None = None,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                 delivery: AlertDelivery | None = None) -> None:
        self.app = app
        self.scope = scope
        self.guild_filter = guild_filter
        self.now = now
        self.store = app.store.follows
        self.delivery = delivery or (AlertDelivery(self.store, poster, now=now) if poster is not None else None)
        self._lock = asyncio.Lock()
        self._matcher: FollowMatcher | None = None
        self._matcher_key: tuple[Any, ...] | None = None

    # ---- matching ----------------------------------------------------------------------------

    async def matcher(self) -> FollowMatcher:
        """The matcher for the current follows (rebuilt when they or the library change)."""
        key = (await self.store.version(), id(self.app.index))
        if self._matcher is None or key != self._matcher_key:
            follows = [f for f in await self.store.all()
                       if not f.broken and (self.guild_filter is None or self.guild_filter(f.guild_id))]
            acronyms = {"".join(tokenize(short)): full for short, full in (await self.store.acronym_map()).items()}
            self._matcher = await asyncio.to_thread(FollowMatcher, follows, acronyms)
            self._matcher_key = key
        return self._matcher

    async def sheet(self, document_id: int) -> SheetText | None:
        """The sheet as matching sees it (None when the index does not hold it yet)."""
        index = self.app.index
        doc = index.document(document_id)
        text = await self.store.sheet_text(document_id)
        if doc is None or text is None:
            return None
        title, body = text
        initiatives = index.initiatives_of(document_id)
        acronyms = [short for ini in initiatives for short in ini.acronyms]
        # Folding a long sheet into words is the heaviest step: off the event loop.
        return await asyncio.to_thread(sheet_text, document_id, title, body,
                                       [(i.id, i.title, i.text) for i in initiatives], acronyms)

    def facts(self, sheet: SheetText, identity: str, content_hash: str, matches: Sequence[FollowMatch]) -> SheetFacts:
        index = self.app.index
        doc = index.document(sheet.document_id)
        lines: dict[int, InitiativeLine] = {}
        wanted = {i for m in matches for i in m.why.initiatives}
        for initiative in index.initiatives_of(sheet.document_id):
            if initiative.id in wanted:
                totals = index.funding_totals(index.funding_of_initiative(initiative.id))
                lines[initiative.id] = InitiativeLine(initiative.id, initiative.title,
                                                      money_text(totals.amount, totals.at_least, totals.up_to))
        return SheetFacts(identity, content_hash, doc.title if doc else sheet.title,
                          doc.date.isoformat() if doc and doc.date else None, doc.source_url if doc else None, lines)

    def wanted(self, match: FollowMatch) -> bool:
        """A match alerts unless its money is under the follow's minimum, or all announced before."""
        index = self.app.index
        records = [r for i in match.why.initiatives for r in index.funding_of_initiative(i)]
        counted = [r for r in records if r.counted and r.amount_usd > 0]
        if counted and all(index.first_announcement(r) is not None for r in counted):
            return False
        if match.follow.min_amount:
            return index.funding_totals(records).amount >= match.follow.min_amount
        return True

    def plan(self, sheet: SheetText, pending: PendingSheet, matches: Sequence[FollowMatch], *,
             preview: bool = False) -> list[PlannedAlert]:
        """One alert per place (channel, or person by DM) for the wanted matches of one sheet."""
        kind = "updated" if pending.known else "new"
        # Without a minimum, a match is wanted unless its money is all re-announced: when no
        # money of the sheet is, every such match is wanted without working out why it matched
        # (a long sheet matches thousands of follows; only the alerts sent need their why).
        index = self.app.index
        money = [r for ini in index.initiatives_of(sheet.document_id) for r in index.funding_of_initiative(ini.id)
                 if r.counted and r.amount_usd > 0]
        any_again = any(index.first_announcement(r) is not None for r in money)
        by_target: dict[str, list[FollowMatch]] = {}
        for match in matches:
            if (not match.follow.min_amount and not any_again) or self.wanted(match):
                by_target.setdefault(match.follow.target, []).append(match)
        out = []
        for target, here in by_target.items():
            facts = self.facts(sheet, pending.identity, pending.content_hash, here)
            roles = [m.follow.role_id for m in here if m.follow.role_id is not None]
            marker = None if preview else new_marker(pending.identity, pending.content_hash)
            alert = compose(facts, here, kind=kind, marker=marker, role_ids=list(dict.fromkeys(roles)))
            claim = AlertClaim(target, pending.identity, pending.content_hash, here[0].follow.guild_id, kind,
                               "claimed", alert.marker, alert.payload, alert.title,
                               roles[0] if roles else None, tuple(m.follow.id for m in here), 0, self.now())
            out.append(PlannedAlert(claim, tuple(here)))
        return out

    # ---- the loop step -----------------------------------------------------------------------

    async def check(self, *, deliver: bool = True) -> CheckResult:
        """Check every sheet version not checked yet; claim and send its alerts."""
        async with self._lock:
            result = CheckResult()
            if not await self.store.is_baselined(self.scope):
                result.baselined = await self.store.baseline(self.scope, self.now())
                log.info("follows: %d fact sheet version(s) already in the library will not alert", result.baselined)
                return result
            pending = await self.store.pending(self.scope)
            if not pending:
                return result
            matcher = await self.matcher()
            fresh: list[AlertClaim] = []
            for item in pending:
                sheet = await self.sheet(item.document_id)
                if sheet is None:
                    result.waiting += 1
                    continue
                # Matching and composing read only memory: a worker thread, so a burst of sheets
                # against many follows never holds up gateway heartbeats or answers.
                matches, planned = await asyncio.to_thread(self._evaluate, matcher, sheet, item)
                per_guild: dict[int, list[str]] = {}
                for match in matches:
                    per_guild.setdefault(match.follow.guild_id, []).append(match.follow.topic)
                kind = "updated" if item.known else "new"
                topic_matches = [(guild, TopicMatch(item.identity, kind, sheet.title, tuple(dict.fromkeys(topics)),
                                                    self.now())) for guild, topics in per_guild.items()]
                fresh += await self.store.settle_sheet(self.scope, item, [p.claim for p in planned], topic_matches,
                                                       self.now())
                result.alerts += planned
                result.checked += 1
            if fresh:
                log.info("follows: %d alert(s) to send for %d new or changed fact sheet(s)", len(fresh), result.checked)
            if deliver and self.delivery is not None and fresh:
                result.delivered = await self.delivery.deliver_all(fresh)
            return result

    def _evaluate(self, matcher: FollowMatcher, sheet: SheetText,
                  item: PendingSheet) -> tuple[list[FollowMatch], list[PlannedAlert]]:
        matches = matcher.match(sheet) if len(matcher) else []
        return matches, self.plan(sheet, item, matches)

    async def resume(self) -> list[Delivered]:
        """At start: settle alerts a stopped process claimed but may not have sent."""
        if self.delivery is None:
            return []
        return await self.delivery.resume()

    async def preview_parsed(self, document: ParsedDocument) -> list[tuple[PlannedAlert, Reply]]:
        """The alerts a parsed sheet not stored yet would send, and each message, sending nothing.

        Money is the sheet's own counted figures per initiative (a stored sheet's would also
        leave out money an earlier sheet announced); initiatives are numbered by their order.
        """
        initiatives = [(ini.order, ini.title, ini.text) for ini in document.initiatives]
        acronyms = [a.short for a in document.acronyms]
        sheet = await asyncio.to_thread(sheet_text, 0, document.title, document.body_text, initiatives, acronyms)
        matcher = await self.matcher()
        matches = matcher.match(sheet) if len(matcher) else []
        money: dict[int, float] = {}
        for figure in document.funding:
            if figure.counted and figure.initiative_order is not None:
                money[figure.initiative_order] = money.get(figure.initiative_order, 0.0) + figure.amount_usd
        by_target: dict[str, list[FollowMatch]] = {}
        for match in matches:
            if not match.follow.min_amount or sum(money.get(i, 0.0) for i in match.why.initiatives) >= \
                    match.follow.min_amount:
                by_target.setdefault(match.follow.target, []).append(match)
        out = []
        for target, here in by_target.items():
            lines = {i.order: InitiativeLine(i.order, i.title, money_text(money.get(i.order, 0.0), False, False))
                     for i in document.initiatives}
            facts = SheetFacts("", document.content_hash, document.title,
                               document.date.isoformat() if document.date else None, document.source_url, lines)
            roles = list(dict.fromkeys(m.follow.role_id for m in here if m.follow.role_id is not None))
            alert = compose(facts, here, kind="new", marker=None, role_ids=roles)
            claim = AlertClaim(target, "", document.content_hash, here[0].follow.guild_id, "new", "preview", "",
                               alert.payload, alert.title, roles[0] if roles else None,
                               tuple(m.follow.id for m in here), 0, self.now())
            out.append((PlannedAlert(claim, tuple(here)), alert.reply))
        return out

    async def preview(self, document_id: int, *, known: bool = False) -> list[PlannedAlert]:
        """The alerts a stored sheet would send, without claiming or sending anything."""
        sheet = await self.sheet(document_id)
        if sheet is None:
            return []
        matcher = await self.matcher()
        pending = PendingSheet(document_id, "", "", known)
        return self.plan(sheet, pending, matcher.match(sheet), preview=True)


def follow_target(follow: Follow) -> str:
    return channel_target(follow.channel_id) if follow.channel_id is not None else user_target(follow.user_id)
