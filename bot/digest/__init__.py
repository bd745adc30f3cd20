"""The daily digest: one scheduled policy briefing per server per local day, posted exactly once.

- ``ports``: what the digest needs from outside (``Poster``, ``PostError``, ``Clock``);
- ``schedule``: pure time math (zoneinfo, DST gaps and overlaps, catch-up);
- ``content``: what a digest says, as a ``Reply`` of one to three messages;
- ``delivery``: claim → send → record, and settling claims a stopped process left behind;
- ``scheduler``: ``DigestScheduler``, one sleeper for every server;
- ``commands``: ``/digest setup|off|status|preview|now``; ``cli``: ``briefbot digest --preview``;
- ``clock``: ``SystemClock``, wall time (tests run a simulated clock, ``tests/digest_fakes.py``).
"""

from bot.digest.ports import Clock, Poster, PostError

__all__ = ["Clock", "PostError", "Poster"]
