"""Schema migrations, applied in order and tracked by ``PRAGMA user_version``.

Append a new entry to ``MIGRATIONS`` for any change; never edit one that has shipped.
Entry *n* (1-based) moves a database from user_version n-1 to n, inside one transaction.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: documents, initiatives, funding, acronyms, full-text search, key/value meta.
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta (key, value) VALUES ('data_version', '0');

    CREATE TABLE documents (
        id             INTEGER PRIMARY KEY,
        identity       TEXT NOT NULL UNIQUE,      -- source_url, else 'path:' + resolved path
        path           TEXT NOT NULL,
        title          TEXT NOT NULL,
        date           TEXT,                      -- ISO date or NULL when unknown
        published_time TEXT,
        source_url     TEXT,
        tags           TEXT NOT NULL DEFAULT '[]', -- JSON list
        body_text      TEXT NOT NULL DEFAULT '',
        content_hash   TEXT NOT NULL,
        ingested_at    TEXT NOT NULL,             -- ISO 8601 UTC of the stored version
        warnings       TEXT NOT NULL DEFAULT '[]' -- JSON list
    );
    CREATE INDEX documents_date ON documents (date);
    CREATE INDEX documents_ingested_at ON documents (ingested_at);

    CREATE TABLE initiatives (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ord         INTEGER NOT NULL,
        title       TEXT NOT NULL,
        section     TEXT,
        text        TEXT NOT NULL,
        links       TEXT NOT NULL DEFAULT '[]',   -- JSON [[text, url], ...]
        acronyms    TEXT NOT NULL DEFAULT '[]',   -- JSON list of short forms
        UNIQUE (document_id, ord)
    );

    CREATE TABLE funding (
        id            INTEGER PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        initiative_id INTEGER REFERENCES initiatives (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        amount_usd    REAL NOT NULL,
        text          TEXT NOT NULL,
        qualifier     TEXT,
        sentence      TEXT NOT NULL,
        category      TEXT NOT NULL,
        fiscal_year   INTEGER,
        counted       INTEGER NOT NULL,
        reason        TEXT,
        parent_id     INTEGER REFERENCES funding (id) ON DELETE CASCADE,
        UNIQUE (document_id, position)
    );
    CREATE INDEX funding_initiative ON funding (initiative_id);

    CREATE TABLE acronyms (
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        short       TEXT NOT NULL,
        full        TEXT NOT NULL,
        PRIMARY KEY (document_id, short)
    );

    CREATE VIRTUAL TABLE documents_fts USING fts5 (
        title, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE initiatives_fts USING fts5 (
        title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        DELETE FROM documents_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER initiatives_fts_delete AFTER DELETE ON initiatives BEGIN
        DELETE FROM initiatives_fts WHERE rowid = old.id;
    END;
    """,
    # 2: per-guild state (digest settings, delivery claims, spotlight rotation).
    """
    CREATE TABLE digest_settings (
        guild_id    INTEGER PRIMARY KEY,
        channel_id  INTEGER NOT NULL,
        local_time  TEXT NOT NULL,               -- 'HH:MM'
        timezone    TEXT NOT NULL,               -- IANA name
        enabled     INTEGER NOT NULL DEFAULT 1,
        updated_at  TEXT NOT NULL,               -- ISO 8601 UTC
        last_error    TEXT,
        last_error_at TEXT
    );

    CREATE TABLE digest_posts (
        guild_id    INTEGER NOT NULL,
        local_date  TEXT NOT NULL,               -- 'YYYY-MM-DD' in the guild's zone
        status      TEXT NOT NULL,               -- 'claimed' | 'posted' | 'skipped' | 'failed'
        channel_id  INTEGER,
        marker      TEXT NOT NULL,               -- nonce written into the message, for reconciling
        due_at      TEXT,                        -- ISO 8601 UTC
        claimed_at  TEXT NOT NULL,
        posted_at   TEXT,
        message_ids TEXT NOT NULL DEFAULT '[]',  -- JSON list of message ids
        error       TEXT,
        PRIMARY KEY (guild_id, local_date)
    );

    CREATE TABLE digest_spotlight (
        guild_id       INTEGER NOT NULL,
        initiative_key TEXT NOT NULL,            -- document identity + '#' + ord: survives re-ingest
        cycle          INTEGER NOT NULL,
        shown_at       TEXT NOT NULL,
        PRIMARY KEY (guild_id, initiative_key, cycle)
    );
    """,
    # 3: watched sources (bot/sources): health, its transitions and their notices per server, what each
    # source has already handed to ingest (feed entries, folder files), conditional-request headers.
    """
    CREATE TABLE source_state (
        source        TEXT PRIMARY KEY,          -- the watch entry as configured
        kind          TEXT NOT NULL,             -- 'folder' | 'git' | 'feed'
        state         TEXT NOT NULL,             -- 'ok' | 'failing' | 'stale'
        error         TEXT,                      -- why it is failing (or the last error)
        since         TEXT NOT NULL,             -- ISO 8601 UTC: when the current state began
        first_seen    TEXT NOT NULL,
        checked_at    TEXT,
        last_success  TEXT,
        last_new      TEXT,                      -- last poll that stored a new or changed sheet
        last_error_at TEXT,
        cursor        TEXT                       -- git: the last commit ingested
    );

    CREATE TABLE source_transitions (
        id        INTEGER PRIMARY KEY,
        source    TEXT NOT NULL,
        old_state TEXT,
        new_state TEXT NOT NULL,
        error     TEXT,
        at        TEXT NOT NULL,
        notify    INTEGER NOT NULL               -- 1: went bad or recovered (servers are told)
    );
    CREATE INDEX source_transitions_notify ON source_transitions (notify, at);

    CREATE TABLE source_notices (
        transition_id INTEGER NOT NULL REFERENCES source_transitions (id) ON DELETE CASCADE,
        guild_id      INTEGER NOT NULL,
        status        TEXT NOT NULL,             -- 'claimed' | 'posted' | 'failed'
        channel_id    INTEGER NOT NULL,
        marker        TEXT NOT NULL,             -- written into the message, for reconciling
        message_id    INTEGER,
        error         TEXT,
        at            TEXT NOT NULL,
        PRIMARY KEY (transition_id, guild_id)
    );

    CREATE TABLE source_entries (
        source    TEXT NOT NULL,
        entry_key TEXT NOT NULL,                 -- feed: entry id, else its link; folder: file path
        url       TEXT,
        path      TEXT,                          -- the fact-sheet file it became
        size      INTEGER,                       -- folder files: what the last ingest saw
        mtime_ns  INTEGER,
        error     TEXT,
        seen_at   TEXT NOT NULL,
        PRIMARY KEY (source, entry_key)
    );

    CREATE TABLE source_http (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        updated_at    TEXT NOT NULL
    );
    """,
    # 4: follows (topic alerts): who follows what where, one claim per (target, sheet version),
    # which sheet versions were checked, and what matched each server (for the digest).
    """
    CREATE TABLE follows (
        id           INTEGER PRIMARY KEY,
        guild_id     INTEGER NOT NULL,
        user_id      INTEGER NOT NULL,            -- who added it (the DM recipient when channel_id is NULL)
        channel_id   INTEGER,                     -- NULL: delivered by DM to user_id
        role_id      INTEGER,                     -- pinged in the channel, else nobody
        topic        TEXT NOT NULL,               -- as typed, normalised
        min_amount   REAL,                        -- only sheets whose matching money adds up to this
        created_at   TEXT NOT NULL,
        last_error    TEXT,
        last_error_at TEXT,
        broken       INTEGER NOT NULL DEFAULT 0   -- the target is gone: not tried again
    );
    CREATE UNIQUE INDEX follows_unique ON follows (guild_id, user_id, IFNULL(channel_id, 0), topic);
    CREATE INDEX follows_guild ON follows (guild_id);

    CREATE TABLE follow_alerts (
        target       TEXT NOT NULL,               -- 'c:<channel id>' or 'u:<user id>'
        identity     TEXT NOT NULL,               -- the sheet's identity
        content_hash TEXT NOT NULL,               -- the sheet's version
        guild_id     INTEGER NOT NULL,
        kind         TEXT NOT NULL,               -- 'new' | 'updated'
        status       TEXT NOT NULL,               -- 'claimed' | 'posted' | 'failed'
        marker       TEXT NOT NULL,               -- nonce written into the message, for reconciling
        payload      TEXT NOT NULL,               -- JSON: the message as it is sent
        title        TEXT NOT NULL,               -- forum post name
        role_id      INTEGER,
        follow_ids   TEXT NOT NULL DEFAULT '[]',
        attempts     INTEGER NOT NULL DEFAULT 0,
        claimed_at   TEXT NOT NULL,
        posted_at    TEXT,
        message_id   INTEGER,
        error        TEXT,
        PRIMARY KEY (target, identity, content_hash)
    );
    CREATE INDEX follow_alerts_status ON follow_alerts (status);

    CREATE TABLE follow_checked (
        scope        TEXT NOT NULL,               -- which servers the checking process serves
        identity     TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        checked_at   TEXT NOT NULL,
        PRIMARY KEY (scope, identity, content_hash)
    );

    CREATE TABLE follow_baselines (
        scope        TEXT PRIMARY KEY,
        baselined_at TEXT NOT NULL
    );

    CREATE TABLE follow_matches (
        guild_id     INTEGER NOT NULL,
        identity     TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        kind         TEXT NOT NULL,
        title        TEXT NOT NULL,
        topics       TEXT NOT NULL,               -- JSON list of the topics that matched
        matched_at   TEXT NOT NULL,
        PRIMARY KEY (guild_id, identity, content_hash)
    );
    """,
    # 5: who holds a digest claim (``bot.store.digest``: "host/pid/key"), so another process can tell a
    # claim being sent from one whose process stopped. NULL: claimed before this column existed.
    """
    ALTER TABLE digest_posts ADD COLUMN claimed_by TEXT;
    """,
    # 6: one sentence-embedding vector per initiative (``bot.store.vectors``), for /ask's second
    # reader. Dropped with its initiative, so a re-ingested or removed sheet leaves no stale vector.
    """
    CREATE TABLE initiative_vectors (
        initiative_id INTEGER PRIMARY KEY REFERENCES initiatives (id) ON DELETE CASCADE,
        model         TEXT NOT NULL,             -- the model that made it: vectors of other models are not compared
        vector        BLOB NOT NULL              -- opaque bytes, the same length for one model
    );
    """,
]
