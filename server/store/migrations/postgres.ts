import type { Migration } from './sqlite.js';

/**
 * PostgreSQL schema: the SQLite steps, same numbers and names, in PostgreSQL's dialect. A step
 * is never edited once released: add the next number instead (to both engines).
 *
 * Choices that keep both engines returning identical values:
 * - Timestamps stay ISO-8601 `TEXT` written by the server, so `createdAt` reads back exactly as
 *   SQLite's; ids and timestamps are `COLLATE "C"` so ordering and tie-breaks are byte order,
 *   whatever the database's locale (SQLite compares bytes too).
 * - JSON is `json`, not `jsonb`: it keeps the document verbatim (key order, `\u0000` and lone
 *   surrogate escapes, which `jsonb` refuses) and the driver still parses it.
 * - `COLLATE NOCASE` on emails becomes a unique index on `lower(email)`; under "C" `lower()`
 *   folds ASCII only, as NOCASE does.
 */
export const postgresMigrations: Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
      CREATE TABLE channels (
        id              TEXT COLLATE "C" PRIMARY KEY,
        key             TEXT COLLATE "C" NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        allowed_origins JSON NOT NULL DEFAULT '[]',
        settings        JSON NOT NULL DEFAULT '{}',
        created_at      TEXT COLLATE "C" NOT NULL
      );

      CREATE TABLE visitors (
        id               TEXT COLLATE "C" PRIMARY KEY,
        channel_id       TEXT COLLATE "C" NOT NULL REFERENCES channels(id),
        external_user_id TEXT COLLATE "C",
        verified         BOOLEAN NOT NULL DEFAULT FALSE,
        profile          JSON NOT NULL DEFAULT '{}',
        created_at       TEXT COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX visitors_external ON visitors(channel_id, external_user_id)
        WHERE external_user_id IS NOT NULL;

      CREATE TABLE agents (
        id            TEXT COLLATE "C" PRIMARY KEY,
        email         TEXT COLLATE "C" NOT NULL,
        name          TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
        avatar_url    TEXT,
        password_hash TEXT NOT NULL,
        created_at    TEXT COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX agents_email ON agents(lower(email));

      CREATE TABLE conversations (
        id                TEXT COLLATE "C" PRIMARY KEY,
        channel_id        TEXT COLLATE "C" NOT NULL REFERENCES channels(id),
        visitor_id        TEXT COLLATE "C" NOT NULL REFERENCES visitors(id),
        status            TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        last_seq          INTEGER NOT NULL DEFAULT 0,
        assigned_agent_id TEXT COLLATE "C" REFERENCES agents(id),
        created_at        TEXT COLLATE "C" NOT NULL,
        updated_at        TEXT COLLATE "C" NOT NULL
      );
      -- One open conversation per visitor, whatever races happen above (on any node).
      CREATE UNIQUE INDEX conversations_one_open ON conversations(visitor_id) WHERE status = 'open';
      CREATE INDEX conversations_by_activity ON conversations(status, updated_at DESC);

      CREATE TABLE messages (
        id              TEXT COLLATE "C" PRIMARY KEY,
        conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
        seq             INTEGER NOT NULL,
        client_id       TEXT COLLATE "C" NOT NULL,
        sender          TEXT NOT NULL CHECK (sender IN ('visitor', 'agent', 'bot', 'system')),
        author_id       TEXT COLLATE "C",
        text            TEXT NOT NULL,
        attachments     JSON NOT NULL DEFAULT '[]',
        created_at      TEXT COLLATE "C" NOT NULL,
        CONSTRAINT messages_seq UNIQUE (conversation_id, seq),
        CONSTRAINT messages_client_id UNIQUE (conversation_id, client_id)
      );
    `,
  },
  {
    version: 2,
    name: 'read receipts',
    sql: `
      ALTER TABLE conversations ADD COLUMN visitor_read_seq INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN agent_read_seq INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 3,
    name: 'identity',
    sql: `
      CREATE TABLE channel_secrets (
        channel_id TEXT COLLATE "C" NOT NULL REFERENCES channels(id),
        kind       TEXT NOT NULL CHECK (kind IN ('identity', 'link')),
        secret     TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (channel_id, kind)
      );
      -- Login assertions already used, kept until they expire (replay protection across restarts
      -- and nodes). Expiry in Unix seconds.
      CREATE TABLE used_assertions (
        jti        TEXT COLLATE "C" PRIMARY KEY,
        channel_id TEXT COLLATE "C" NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX used_assertions_expiry ON used_assertions(expires_at);
      -- A verified and an unverified claim of the same external id are different visitors.
      DROP INDEX visitors_external;
      CREATE UNIQUE INDEX visitors_external ON visitors(channel_id, external_user_id, verified)
        WHERE external_user_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'visitor fingerprint',
    sql: `
      -- Opt-in low-entropy browser hash (identity layer 2); the raw signals never reach the server.
      ALTER TABLE visitors ADD COLUMN fingerprint TEXT COLLATE "C";
      CREATE INDEX visitors_fingerprint ON visitors(channel_id, fingerprint) WHERE fingerprint IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'faqs',
    sql: `
      CREATE TABLE faqs (
        id         TEXT COLLATE "C" PRIMARY KEY,
        channel_id TEXT COLLATE "C" NOT NULL REFERENCES channels(id),
        question   TEXT NOT NULL,
        answer     TEXT NOT NULL,
        position   INTEGER NOT NULL DEFAULT 0,
        created_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX faqs_by_channel ON faqs(channel_id, position);
    `,
  },
  {
    version: 6,
    name: 'closing and rating',
    sql: `
      ALTER TABLE conversations ADD COLUMN closed_at TEXT COLLATE "C";
      ALTER TABLE conversations ADD COLUMN rating_score INTEGER CHECK (rating_score BETWEEN 1 AND 5);
      ALTER TABLE conversations ADD COLUMN rating_comment TEXT;
    `,
  },
  {
    version: 7,
    name: 'uploads',
    sql: `
      -- One row per accepted file. A visitor's or an agent's upload stays unbound until a
      -- message carries it; then it belongs to that message (and its conversation) for good.
      CREATE TABLE uploads (
        id              TEXT COLLATE "C" PRIMARY KEY,
        channel_id      TEXT COLLATE "C" REFERENCES channels(id),
        visitor_id      TEXT COLLATE "C" REFERENCES visitors(id),
        agent_id        TEXT COLLATE "C" REFERENCES agents(id),
        conversation_id TEXT COLLATE "C" REFERENCES conversations(id),
        message_id      TEXT COLLATE "C" REFERENCES messages(id),
        storage_key     TEXT NOT NULL UNIQUE,
        file_name       TEXT NOT NULL,
        file_size       INTEGER NOT NULL CHECK (file_size > 0),
        content_type    TEXT NOT NULL,
        width           INTEGER,
        height          INTEGER,
        created_at      TEXT COLLATE "C" NOT NULL,
        CHECK ((visitor_id IS NULL) <> (agent_id IS NULL))
      );
      CREATE INDEX uploads_by_message ON uploads(message_id) WHERE message_id IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'agents: invites, bots, disabling',
    sql: `
      ALTER TABLE agents ADD COLUMN kind TEXT NOT NULL DEFAULT 'human' CHECK (kind IN ('human', 'bot'));
      ALTER TABLE agents ADD COLUMN disabled_at TEXT COLLATE "C";
      -- SHA-256 of a pending invite's token (the token itself is only ever shown once).
      ALTER TABLE agents ADD COLUMN invite_hash TEXT COLLATE "C";
      ALTER TABLE agents ADD COLUMN invite_expires_at TEXT COLLATE "C";
      -- SHA-256 of a bot's API token.
      ALTER TABLE agents ADD COLUMN token_hash TEXT COLLATE "C";
      CREATE UNIQUE INDEX agents_invite ON agents(invite_hash) WHERE invite_hash IS NOT NULL;
      CREATE UNIQUE INDEX agents_token ON agents(token_hash) WHERE token_hash IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'webhooks and their deliveries',
    sql: `
      CREATE TABLE webhooks (
        id          TEXT COLLATE "C" PRIMARY KEY,
        url         TEXT NOT NULL,
        events      JSON NOT NULL,
        channel_key TEXT COLLATE "C",
        secret      TEXT NOT NULL,
        active      BOOLEAN NOT NULL DEFAULT TRUE,
        created_at  TEXT COLLATE "C" NOT NULL
      );
      -- The outbox of webhook requests: written with the event, sent and retried by a dispatcher.
      -- The payload is the exact body that gets signed: text, never re-serialized.
      CREATE TABLE webhook_deliveries (
        id              TEXT COLLATE "C" PRIMARY KEY,
        webhook_id      TEXT COLLATE "C" NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event           TEXT NOT NULL,
        payload         TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT COLLATE "C",
        last_status     INTEGER,
        last_error      TEXT,
        created_at      TEXT COLLATE "C" NOT NULL,
        delivered_at    TEXT COLLATE "C"
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_log ON webhook_deliveries(webhook_id, created_at DESC);
    `,
  },
  {
    version: 10,
    name: 'visitor context',
    sql: `
      -- Page URL, referrer, locale and user agent of the visitor's last handshake.
      ALTER TABLE visitors ADD COLUMN context JSON NOT NULL DEFAULT '{}';
      CREATE INDEX conversations_by_visitor ON conversations(visitor_id, created_at DESC);
    `,
  },
  {
    version: 11,
    name: 'state shared by several nodes',
    sql: `
      -- Rate-limit counters every node draws from (rate-limiter-flexible's layout for PostgreSQL).
      CREATE TABLE rate_limits (
        key    VARCHAR(255) PRIMARY KEY,
        points INTEGER NOT NULL DEFAULT 0,
        expire BIGINT
      );
      -- Socket.IO's Postgres adapter: broadcasts too large for one NOTIFY (its own layout).
      CREATE TABLE socket_io_attachments (
        id         BIGSERIAL UNIQUE,
        created_at TIMESTAMPTZ DEFAULT NOW(),
        payload    BYTEA
      );
    `,
  },
  {
    version: 12,
    name: 'uploaded bytes in the database',
    sql: `
      -- Uploaded files when the nodes keep them in the database (FILE_STORAGE=database, the
      -- default with DATABASE_URL): any node can serve any file without shared disks.
      CREATE TABLE file_blobs (
        key        TEXT COLLATE "C" PRIMARY KEY,
        bytes      BYTEA NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
      );
    `,
  },
  {
    version: 13,
    name: 'retried sends found by client id first',
    sql: `
      -- A retried send is found by (client_id, conversation_id): the widget's client ids are
      -- time-ordered, so new entries land at the right edge of the index instead of on a page
      -- of their own conversation (each such page is one more page written per send).
      CREATE UNIQUE INDEX messages_client_id_first ON messages (client_id, conversation_id);
      ALTER TABLE messages DROP CONSTRAINT messages_client_id;
      ALTER INDEX messages_client_id_first RENAME TO messages_client_id;
    `,
  },
  {
    version: 14,
    name: 'idempotency keys',
    sql: `
      -- The first answer to an agent or admin POST sent with an Idempotency-Key, per caller
      -- (scope), kept 24 hours: the same key and body get it again, another body a 409.
      CREATE TABLE idempotency_keys (
        scope       TEXT COLLATE "C" NOT NULL,
        key         TEXT COLLATE "C" NOT NULL,
        fingerprint TEXT NOT NULL,
        status      INTEGER,
        body        TEXT,
        created_at  TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
    `,
  },
  {
    version: 15,
    name: 'several conversations per visitor',
    sql: `
      -- A visitor may have several conversations: the default one (where a send without a
      -- conversation goes; every conversation so far was one) and ones opened explicitly, found
      -- again by the client id of the request that opened them.
      ALTER TABLE conversations ADD COLUMN is_default BOOLEAN NOT NULL DEFAULT TRUE;
      ALTER TABLE conversations ADD COLUMN subject TEXT;
      ALTER TABLE conversations ADD COLUMN client_id TEXT COLLATE "C";
      ALTER TABLE conversations ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}';
      -- One open default conversation per visitor, whatever races happen above (on any node).
      DROP INDEX conversations_one_open;
      CREATE UNIQUE INDEX conversations_one_open_default ON conversations(visitor_id) WHERE status = 'open' AND is_default;
      CREATE UNIQUE INDEX conversations_client_id ON conversations(visitor_id, client_id) WHERE client_id IS NOT NULL;
    `,
  },
  {
    version: 16,
    name: 'ai agents and interactive messages',
    sql: `
      -- AI agents: a model on an OpenAI-compatible endpoint that answers a channel's visitors
      -- first. The API key is stored encrypted (AES-256-GCM) and never returned. A deleted agent
      -- keeps its row (deleted_at), so the answers it wrote keep their author.
      CREATE TABLE ai_agents (
        id               TEXT COLLATE "C" PRIMARY KEY,
        name             TEXT NOT NULL,
        base_url         TEXT,
        model            TEXT,
        api_key          TEXT,
        instructions     TEXT NOT NULL DEFAULT '',
        knowledge        JSON NOT NULL DEFAULT '{}',
        tools            JSON NOT NULL DEFAULT '[]',
        handoff          JSON NOT NULL DEFAULT '{}',
        max_tokens       INTEGER NOT NULL,
        max_tool_rounds  INTEGER NOT NULL,
        created_at       TEXT COLLATE "C" NOT NULL,
        updated_at       TEXT COLLATE "C" NOT NULL,
        deleted_at       TEXT COLLATE "C"
      );
      -- Who answers a conversation: its AI agent until a handoff, or the team. Every
      -- conversation so far was the team's.
      ALTER TABLE conversations ADD COLUMN handled_by TEXT NOT NULL DEFAULT 'human' CHECK (handled_by IN ('ai', 'human'));
      ALTER TABLE conversations ADD COLUMN ai_agent_id TEXT COLLATE "C" REFERENCES ai_agents(id);
      -- Only when the visitor said an AI answer helped.
      ALTER TABLE conversations ADD COLUMN resolved_by_ai BOOLEAN NOT NULL DEFAULT FALSE;
      -- Interactive content, a visitor's answer to it, and what an AI answer was based on (JSON, or NULL).
      ALTER TABLE messages ADD COLUMN blocks JSON;
      ALTER TABLE messages ADD COLUMN reply_to JSON;
      ALTER TABLE messages ADD COLUMN sources JSON;
      -- The visitor's helpful yes/no under an AI answer: one per message, the latest counts.
      CREATE TABLE message_feedback (
        message_id      TEXT COLLATE "C" PRIMARY KEY REFERENCES messages(id),
        conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
        helpful         BOOLEAN NOT NULL,
        created_at      TEXT COLLATE "C" NOT NULL,
        updated_at      TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX message_feedback_by_conversation ON message_feedback (conversation_id);
    `,
  },
  {
    version: 17,
    name: 'knowledge search',
    sql: `
      -- The full-text index the AI agents retrieve from (and, later, the help search): one
      -- table for every kind of knowledge (FAQs now; articles will add their own trigger), so
      -- one ts_rank orders them together. Each row is indexed with its language's text search
      -- configuration; FAQs carry no language, so theirs is 'simple'.
      CREATE TABLE knowledge_search (
        kind       TEXT COLLATE "C" NOT NULL,
        ref_id     TEXT COLLATE "C" NOT NULL,
        channel_id TEXT COLLATE "C" NOT NULL,
        language   REGCONFIG NOT NULL DEFAULT 'simple',
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,
        document   TSVECTOR GENERATED ALWAYS AS (setweight(to_tsvector(language, title), 'A') || setweight(to_tsvector(language, body), 'B')) STORED,
        PRIMARY KEY (kind, ref_id)
      );
      CREATE INDEX knowledge_search_document ON knowledge_search USING GIN (document);
      CREATE INDEX knowledge_search_channel ON knowledge_search (channel_id);
      CREATE FUNCTION faqs_to_knowledge_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM knowledge_search WHERE kind = 'faq' AND ref_id = OLD.id;
          RETURN OLD;
        END IF;
        INSERT INTO knowledge_search (kind, ref_id, channel_id, title, body) VALUES ('faq', NEW.id, NEW.channel_id, NEW.question, NEW.answer)
          ON CONFLICT (kind, ref_id) DO UPDATE SET channel_id = EXCLUDED.channel_id, title = EXCLUDED.title, body = EXCLUDED.body;
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER faqs_knowledge_search AFTER INSERT OR UPDATE OR DELETE ON faqs
        FOR EACH ROW EXECUTE FUNCTION faqs_to_knowledge_search();
      INSERT INTO knowledge_search (kind, ref_id, channel_id, title, body) SELECT 'faq', id, channel_id, question, answer FROM faqs;
    `,
  },
  {
    version: 18,
    name: 'articles',
    sql: `
      -- Help articles per channel and locale: the Markdown as written, the tree parsed from it
      -- (body), its plain text (what the index reads) and the text search configuration of its
      -- locale ('simple' when it has none). Only published ones are indexed.
      CREATE TABLE articles (
        id         TEXT COLLATE "C" PRIMARY KEY,
        channel_id TEXT COLLATE "C" NOT NULL REFERENCES channels(id),
        locale     TEXT COLLATE "C" NOT NULL,
        slug       TEXT COLLATE "C" NOT NULL,
        title      TEXT NOT NULL,
        markdown   TEXT NOT NULL,
        body       JSONB NOT NULL,
        text       TEXT NOT NULL,
        language   REGCONFIG NOT NULL DEFAULT 'simple',
        status     TEXT COLLATE "C" NOT NULL,
        clicks     INTEGER NOT NULL DEFAULT 0,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL,
        UNIQUE (channel_id, locale, slug)
      );
      CREATE INDEX articles_top ON articles (channel_id, locale, status, clicks DESC, updated_at DESC);
      CREATE FUNCTION articles_to_knowledge_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM knowledge_search WHERE kind = 'article' AND ref_id = OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        IF NEW.status = 'published' THEN
          INSERT INTO knowledge_search (kind, ref_id, channel_id, language, title, body)
            VALUES ('article', NEW.id, NEW.channel_id, NEW.language, NEW.title, NEW.text);
        END IF;
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER articles_knowledge_search AFTER INSERT OR UPDATE OF title, text, status, language, channel_id OR DELETE ON articles
        FOR EACH ROW EXECUTE FUNCTION articles_to_knowledge_search();
    `,
  },
  // ---- desk: notes
  {
    version: 19,
    name: 'notes',
    sql: `
      -- Private notes (DESIGN.md §12): the team's, never a visitor's. Not messages: they take no
      -- seq (a visitor counts 1…n without gaps), they sit after the message whose seq they keep.
      -- position: the order they were written in (ids share a millisecond's prefix at random).
      CREATE TABLE notes (
        id              TEXT COLLATE "C" PRIMARY KEY,
        position        BIGINT GENERATED ALWAYS AS IDENTITY,
        conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
        client_id       TEXT COLLATE "C" NOT NULL,
        author_id       TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
        text            TEXT NOT NULL,
        mentions        JSONB NOT NULL DEFAULT '[]',
        after_seq       INTEGER NOT NULL,
        created_at      TEXT COLLATE "C" NOT NULL,
        CONSTRAINT notes_client_id UNIQUE (conversation_id, client_id)
      );
      CREATE INDEX notes_in_order ON notes (conversation_id, position);
    `,
  },
  // ---- desk: canned replies and labels
  {
    version: 20,
    name: 'canned replies and labels',
    sql: `
      -- Canned replies: shared ones have no owner; a shortcut is unique among the shared ones
      -- and among each agent's own (a personal one may reuse a shared shortcut).
      CREATE TABLE canned_replies (
        id         TEXT COLLATE "C" PRIMARY KEY,
        owner_id   TEXT COLLATE "C" REFERENCES agents(id),
        shortcut   TEXT COLLATE "C" NOT NULL,
        text       TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX canned_replies_shortcut ON canned_replies (COALESCE(owner_id, ''), shortcut);
      -- Label definitions, named uniquely regardless of (ASCII) case under "C", as SQLite's
      -- lower() folds, and the conversations carrying them.
      CREATE TABLE labels (
        id         TEXT COLLATE "C" PRIMARY KEY,
        name       TEXT COLLATE "C" NOT NULL,
        color      TEXT COLLATE "C" NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX labels_name ON labels (lower(name));
      CREATE TABLE conversation_labels (
        conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
        label_id        TEXT COLLATE "C" NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, label_id)
      );
      CREATE INDEX conversation_labels_by_label ON conversation_labels (label_id, conversation_id);
    `,
  },
  // ---- desk: teams
  {
    version: 21,
    name: 'teams and routing',
    sql: `
      -- Teams per channel; members rotate by \`turn\` (the team's \`turns\` when each was last
      -- given a conversation): the member with the lowest turn is next. At most one team per
      -- channel is \`inbound\`: it gets the channel's new conversations. Routing locks the team's
      -- row, then its members' agent rows (in id order), so two nodes never route at once.
      ALTER TABLE agents ADD COLUMN capacity INTEGER NOT NULL DEFAULT 5;
      CREATE TABLE teams (
        id         TEXT COLLATE "C" PRIMARY KEY,
        channel_id TEXT COLLATE "C" NOT NULL REFERENCES channels(id),
        name       TEXT NOT NULL,
        routing    TEXT COLLATE "C" NOT NULL CHECK (routing IN ('round-robin', 'manual')),
        inbound    BOOLEAN NOT NULL DEFAULT false,
        turns      INTEGER NOT NULL DEFAULT 0,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX teams_inbound ON teams(channel_id) WHERE inbound;
      CREATE TABLE team_members (
        team_id  TEXT COLLATE "C" NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        agent_id TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
        position INTEGER NOT NULL,
        turn     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (team_id, agent_id)
      );
      CREATE INDEX team_members_by_agent ON team_members(agent_id);
      -- Which node has which agent connected, refreshed by a heartbeat: online = seen lately.
      CREATE TABLE agent_presence (
        node_id  TEXT COLLATE "C" NOT NULL,
        agent_id TEXT COLLATE "C" NOT NULL REFERENCES agents(id),
        seen_at  TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (node_id, agent_id)
      );
      CREATE INDEX agent_presence_by_agent ON agent_presence(agent_id, seen_at);
      -- A conversation waits in its team's queue while it is open, the team's and unassigned,
      -- in \`queue_seq\` order: numbered as it joins the team (created, handed off, transferred).
      ALTER TABLE conversations ADD COLUMN team_id TEXT COLLATE "C" REFERENCES teams(id);
      CREATE SEQUENCE conversation_queue_seq;
      ALTER TABLE conversations ADD COLUMN queue_seq BIGINT;
      CREATE INDEX conversations_team_queue ON conversations(team_id, queue_seq)
        WHERE status = 'open' AND handled_by = 'human' AND assigned_agent_id IS NULL;
      CREATE INDEX conversations_by_assignee ON conversations(assigned_agent_id) WHERE status = 'open';
      -- Whichever code opens a conversation, it joins the channel's inbound team in the same
      -- statement; a handoff puts it at the back of that team's queue.
      CREATE FUNCTION conversations_join_team() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.team_id := COALESCE(NEW.team_id, (SELECT id FROM teams WHERE channel_id = NEW.channel_id AND inbound));
          NEW.queue_seq := nextval('conversation_queue_seq');
        ELSIF OLD.handled_by = 'ai' AND NEW.handled_by = 'human' THEN
          NEW.team_id := COALESCE(NEW.team_id, (SELECT id FROM teams WHERE channel_id = NEW.channel_id AND inbound));
          NEW.queue_seq := nextval('conversation_queue_seq');
        END IF;
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER conversations_join_team BEFORE INSERT OR UPDATE OF handled_by ON conversations
        FOR EACH ROW EXECUTE FUNCTION conversations_join_team();
    `,
  },
  // ---- desk: search
  {
    version: 22,
    name: 'desk search',
    sql: `
      -- The agents' search (issue 22): GIN indexes over tsvector expressions of message text
      -- and of a visitor's name, email and external id, in 'simple' (words as written, lower
      -- case, as SQLite's unicode61 reads them). Expressions, not generated columns: a column
      -- would ride along in every SELECT m.* of messages. The parser would keep
      -- 'jane@acme.com', 'order-1234' or a URL as one token where FTS5 sees words, so the
      -- characters that join them become spaces first and both engines find the same words.
      -- server/store/postgres/search.ts repeats these expressions word for word (or the planner
      -- cannot use the indexes). System messages are not indexed.
      CREATE INDEX messages_search ON messages
        USING GIN (to_tsvector('simple'::regconfig, translate(text, '@./:-_+~?=&#%,', '              ')))
        WHERE sender <> 'system';
      -- A profile is stored verbatim (json), so it may hold an escape ->> cannot decode (a lone
      -- surrogate): then only the external id is searchable, rather than the visitor unstorable.
      CREATE FUNCTION visitor_search_text(profile JSON, external_user_id TEXT) RETURNS TEXT
        LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        RETURN coalesce(profile ->> 'name', '') || ' ' || coalesce(profile ->> 'email', '') || ' ' || coalesce(external_user_id, '');
      EXCEPTION WHEN OTHERS THEN
        RETURN coalesce(external_user_id, '');
      END
      $$;
      CREATE INDEX visitors_search ON visitors
        USING GIN (to_tsvector('simple'::regconfig, translate(visitor_search_text(profile, external_user_id), '@./:-_+~?=&#%,', '              ')));
      -- Private notes (migration 19), found by agents as messages are.
      CREATE INDEX notes_search ON notes
        USING GIN (to_tsvector('simple'::regconfig, translate(text, '@./:-_+~?=&#%,', '              ')));
    `,
  },
  // ---- desk: reports
  {
    version: 23,
    name: 'reports',
    sql: `
      -- A report reads the conversations created in a period, of one channel or of all.
      CREATE INDEX conversations_by_channel_created ON conversations (channel_id, created_at);
      CREATE INDEX conversations_by_created ON conversations (created_at);
    `,
  },
  // ---- desk: live visitors
  {
    version: 24,
    name: 'visits',
    sql: `
      -- The visitor's current visit (live visitors, §12): when it began, whether it is a return,
      -- and when a widget of theirs was last connected (a gap of 30 minutes ends a visit).
      ALTER TABLE visitors ADD COLUMN visit_started_at TEXT COLLATE "C";
      ALTER TABLE visitors ADD COLUMN visit_returning BOOLEAN NOT NULL DEFAULT FALSE;
      ALTER TABLE visitors ADD COLUMN last_seen_at TEXT COLLATE "C";
    `,
  },
];
