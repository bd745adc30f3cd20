"""What an ingest changed, as the followers of the library see it.

The pipeline records one ``DocumentChange`` per fact sheet it added or materially changed (an
unchanged re-ingest records nothing), so whatever reacts to new sheets — topic alerts, source
health — reads one list instead of diffing the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

NEW = "new"
UPDATED = "updated"


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """A fact sheet stored by an ingest: ``new`` the first time its identity is seen, ``updated``
    when its content hash changed."""

    document_id: int
    identity: str  # the store's identity of the sheet (its source_url, else its path)
    content_hash: str
    path: str
    status: Literal["new", "updated"]
