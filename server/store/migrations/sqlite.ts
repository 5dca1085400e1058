/**
 * SQLite schema, one numbered step at a time. A step is never edited once released:
 * add the next number instead.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const sqliteMigrations: Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
      CREATE TABLE channels (
        id              TEXT PRIMARY KEY,
        key             TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        allowed_origins TEXT NOT NULL DEFAULT '[]',
        settings        TEXT NOT NULL DEFAULT '{}',
        created_at      TEXT NOT NULL
      );

      CREATE TABLE visitors (
        id               TEXT PRIMARY KEY,
        channel_id       TEXT NOT NULL REFERENCES channels(id),
        external_user_id TEXT,
        verified         INTEGER NOT NULL DEFAULT 0,
        profile          TEXT NOT NULL DEFAULT '{}',
        created_at       TEXT NOT NULL
      );
      CREATE UNIQUE INDEX visitors_external ON visitors(channel_id, external_user_id)
        WHERE external_user_id IS NOT NULL;

      CREATE TABLE agents (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name          TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
        avatar_url    TEXT,
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL
      );

      CREATE TABLE conversations (
        id                TEXT PRIMARY KEY,
        channel_id        TEXT NOT NULL REFERENCES channels(id),
        visitor_id        TEXT NOT NULL REFERENCES visitors(id),
        status            TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        last_seq          INTEGER NOT NULL DEFAULT 0,
        assigned_agent_id TEXT REFERENCES agents(id),
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      );
      -- One open conversation per visitor, whatever races happen above.
      CREATE UNIQUE INDEX conversations_one_open ON conversations(visitor_id) WHERE status = 'open';
      CREATE INDEX conversations_by_activity ON conversations(status, updated_at DESC);

      CREATE TABLE messages (
        id              TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        seq             INTEGER NOT NULL,
        client_id       TEXT NOT NULL,
        sender          TEXT NOT NULL CHECK (sender IN ('visitor', 'agent', 'bot', 'system')),
        author_id       TEXT,
        text            TEXT NOT NULL,
        attachments     TEXT NOT NULL DEFAULT '[]',
        created_at      TEXT NOT NULL,
        UNIQUE (conversation_id, seq),
        UNIQUE (conversation_id, client_id)
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
        channel_id TEXT NOT NULL REFERENCES channels(id),
        kind       TEXT NOT NULL CHECK (kind IN ('identity', 'link')),
        secret     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (channel_id, kind)
      );
      -- Login assertions already used, kept until they expire (replay protection across restarts).
      CREATE TABLE used_assertions (
        jti        TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
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
      ALTER TABLE visitors ADD COLUMN fingerprint TEXT;
      CREATE INDEX visitors_fingerprint ON visitors(channel_id, fingerprint) WHERE fingerprint IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'faqs',
    sql: `
      CREATE TABLE faqs (
        id         TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL REFERENCES channels(id),
        question   TEXT NOT NULL,
        answer     TEXT NOT NULL,
        position   INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE INDEX faqs_by_channel ON faqs(channel_id, position);
    `,
  },
  {
    version: 6,
    name: 'closing and rating',
    sql: `
      ALTER TABLE conversations ADD COLUMN closed_at TEXT;
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
        id              TEXT PRIMARY KEY,
        channel_id      TEXT REFERENCES channels(id),
        visitor_id      TEXT REFERENCES visitors(id),
        agent_id        TEXT REFERENCES agents(id),
        conversation_id TEXT REFERENCES conversations(id),
        message_id      TEXT REFERENCES messages(id),
        storage_key     TEXT NOT NULL UNIQUE,
        file_name       TEXT NOT NULL,
        file_size       INTEGER NOT NULL CHECK (file_size > 0),
        content_type    TEXT NOT NULL,
        width           INTEGER,
        height          INTEGER,
        created_at      TEXT NOT NULL,
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
      ALTER TABLE agents ADD COLUMN disabled_at TEXT;
      -- SHA-256 of a pending invite's token (the token itself is only ever shown once).
      ALTER TABLE agents ADD COLUMN invite_hash TEXT;
      ALTER TABLE agents ADD COLUMN invite_expires_at TEXT;
      -- SHA-256 of a bot's API token.
      ALTER TABLE agents ADD COLUMN token_hash TEXT;
      CREATE UNIQUE INDEX agents_invite ON agents(invite_hash) WHERE invite_hash IS NOT NULL;
      CREATE UNIQUE INDEX agents_token ON agents(token_hash) WHERE token_hash IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'webhooks and their deliveries',
    sql: `
      CREATE TABLE webhooks (
        id          TEXT PRIMARY KEY,
        url         TEXT NOT NULL,
        events      TEXT NOT NULL,
        channel_key TEXT,
        secret      TEXT NOT NULL,
        active      INTEGER NOT NULL DEFAULT 1,
        created_at  TEXT NOT NULL
      );
      -- The outbox of webhook requests: written with the event, sent and retried by a dispatcher.
      CREATE TABLE webhook_deliveries (
        id              TEXT PRIMARY KEY,
        webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event           TEXT NOT NULL,
        payload         TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_status     INTEGER,
        last_error      TEXT,
        created_at      TEXT NOT NULL,
        delivered_at    TEXT
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
      ALTER TABLE visitors ADD COLUMN context TEXT NOT NULL DEFAULT '{}';
      CREATE INDEX conversations_by_visitor ON conversations(visitor_id, created_at DESC);
    `,
  },
  {
    version: 11,
    name: 'state shared by several nodes',
    // One node keeps rate limits and broadcasts in memory: nothing to store (PostgreSQL only).
    sql: 'SELECT 1',
  },
  {
    version: 12,
    name: 'uploaded bytes in the database',
    // One node keeps uploaded files on its disk (DATA_DIR/uploads): nothing to store here.
    sql: 'SELECT 1',
  },
  {
    version: 13,
    name: 'retried sends found by client id first',
    sql: `
      -- A retried send is found by (client_id, conversation_id) instead of (conversation_id,
      -- client_id): the widget's client ids are time-ordered, so new entries land at the right
      -- edge of the index instead of on a page of their own conversation (a group commit of 50
      -- sends wrote 50 pages of it). SQLite cannot drop a table's constraint: the table is
      -- rebuilt, as its ALTER TABLE documentation describes (foreign keys are off meanwhile).
      CREATE TABLE messages_next (
        id              TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        seq             INTEGER NOT NULL,
        client_id       TEXT NOT NULL,
        sender          TEXT NOT NULL CHECK (sender IN ('visitor', 'agent', 'bot', 'system')),
        author_id       TEXT,
        text            TEXT NOT NULL,
        attachments     TEXT NOT NULL DEFAULT '[]',
        created_at      TEXT NOT NULL,
        UNIQUE (conversation_id, seq)
      );
      INSERT INTO messages_next (id, conversation_id, seq, client_id, sender, author_id, text, attachments, created_at)
        SELECT id, conversation_id, seq, client_id, sender, author_id, text, attachments, created_at FROM messages;
      DROP TABLE messages;
      ALTER TABLE messages_next RENAME TO messages;
      CREATE UNIQUE INDEX messages_client_id ON messages(client_id, conversation_id);
    `,
  },
  {
    version: 14,
    name: 'idempotency keys',
    sql: `
      -- The first answer to an agent or admin POST sent with an Idempotency-Key, per caller
      -- (scope), kept 24 hours: the same key and body get it again, another body a 409.
      CREATE TABLE idempotency_keys (
        scope       TEXT NOT NULL,
        key         TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status      INTEGER,
        body        TEXT,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);
    `,
  },
  {
    version: 15,
    name: 'several conversations per visitor',
    sql: `
      -- A visitor may have several conversations: the default one (where a send without a
      -- conversation goes; every conversation so far was one) and ones opened explicitly, found
      -- again by the client id of the request that opened them.
      ALTER TABLE conversations ADD COLUMN is_default INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE conversations ADD COLUMN subject TEXT;
      ALTER TABLE conversations ADD COLUMN client_id TEXT;
      ALTER TABLE conversations ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
      -- One open default conversation per visitor, whatever races happen above; explicit ones are free.
      DROP INDEX conversations_one_open;
      CREATE UNIQUE INDEX conversations_one_open_default ON conversations(visitor_id) WHERE status = 'open' AND is_default = 1;
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
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        base_url         TEXT,
        model            TEXT,
        api_key          TEXT,
        instructions     TEXT NOT NULL DEFAULT '',
        knowledge        TEXT NOT NULL DEFAULT '{}',
        tools            TEXT NOT NULL DEFAULT '[]',
        handoff          TEXT NOT NULL DEFAULT '{}',
        max_tokens       INTEGER NOT NULL,
        max_tool_rounds  INTEGER NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        deleted_at       TEXT
      );
      -- Who answers a conversation: its AI agent until a handoff, or the team. Every
      -- conversation so far was the team's.
      ALTER TABLE conversations ADD COLUMN handled_by TEXT NOT NULL DEFAULT 'human' CHECK (handled_by IN ('ai', 'human'));
      ALTER TABLE conversations ADD COLUMN ai_agent_id TEXT REFERENCES ai_agents(id);
      -- Only when the visitor said an AI answer helped.
      ALTER TABLE conversations ADD COLUMN resolved_by_ai INTEGER NOT NULL DEFAULT 0;
      -- Interactive content, a visitor's answer to it, and what an AI answer was based on (JSON, or NULL).
      ALTER TABLE messages ADD COLUMN blocks TEXT;
      ALTER TABLE messages ADD COLUMN reply_to TEXT;
      ALTER TABLE messages ADD COLUMN sources TEXT;
      -- The visitor's helpful yes/no under an AI answer: one per message, the latest counts.
      CREATE TABLE message_feedback (
        message_id      TEXT PRIMARY KEY REFERENCES messages(id),
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        helpful         INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      );
      CREATE INDEX message_feedback_by_conversation ON message_feedback(conversation_id);
    `,
  },
  {
    version: 17,
    name: 'knowledge search',
    sql: `
      -- The full-text index the AI agents retrieve from (and, later, the help search): one
      -- FTS5 table for every kind of knowledge (FAQs now; articles will add their own triggers),
      -- so one bm25 ranks them together. It keeps its own copy of the text: an external-content
      -- table would follow faqs' rowids, which VACUUM may renumber (faqs has a TEXT key).
      CREATE VIRTUAL TABLE knowledge_search USING fts5(
        title, body, kind UNINDEXED, ref_id UNINDEXED, channel_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE TRIGGER faqs_search_insert AFTER INSERT ON faqs BEGIN
        INSERT INTO knowledge_search (title, body, kind, ref_id, channel_id) VALUES (new.question, new.answer, 'faq', new.id, new.channel_id);
      END;
      CREATE TRIGGER faqs_search_update AFTER UPDATE OF question, answer, channel_id ON faqs BEGIN
        DELETE FROM knowledge_search WHERE kind = 'faq' AND ref_id = old.id;
        INSERT INTO knowledge_search (title, body, kind, ref_id, channel_id) VALUES (new.question, new.answer, 'faq', new.id, new.channel_id);
      END;
      CREATE TRIGGER faqs_search_delete AFTER DELETE ON faqs BEGIN
        DELETE FROM knowledge_search WHERE kind = 'faq' AND ref_id = old.id;
      END;
      INSERT INTO knowledge_search (title, body, kind, ref_id, channel_id) SELECT question, answer, 'faq', id, channel_id FROM faqs;
    `,
  },
  {
    version: 18,
    name: 'articles',
    sql: `
      -- Help articles per channel and locale: the Markdown as written, the tree parsed from it
      -- (body, JSON) and its plain text (what the index reads). Only published ones are indexed.
      CREATE TABLE articles (
        id         TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL REFERENCES channels(id),
        locale     TEXT NOT NULL,
        slug       TEXT NOT NULL,
        title      TEXT NOT NULL,
        markdown   TEXT NOT NULL,
        body       TEXT NOT NULL,
        text       TEXT NOT NULL,
        status     TEXT NOT NULL,
        clicks     INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (channel_id, locale, slug)
      );
      CREATE INDEX articles_top ON articles(channel_id, locale, status, clicks DESC, updated_at DESC);
      CREATE TRIGGER articles_search_insert AFTER INSERT ON articles WHEN new.status = 'published' BEGIN
        INSERT INTO knowledge_search (title, body, kind, ref_id, channel_id) VALUES (new.title, new.text, 'article', new.id, new.channel_id);
      END;
      CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text, status, channel_id ON articles BEGIN
        DELETE FROM knowledge_search WHERE kind = 'article' AND ref_id = old.id;
        INSERT INTO knowledge_search (title, body, kind, ref_id, channel_id)
          SELECT new.title, new.text, 'article', new.id, new.channel_id WHERE new.status = 'published';
      END;
      CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        DELETE FROM knowledge_search WHERE kind = 'article' AND ref_id = old.id;
      END;
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
        position        INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        client_id       TEXT NOT NULL,
        author_id       TEXT NOT NULL REFERENCES agents(id),
        text            TEXT NOT NULL,
        mentions        TEXT NOT NULL DEFAULT '[]',
        after_seq       INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        UNIQUE (conversation_id, client_id)
      );
      CREATE INDEX notes_in_order ON notes(conversation_id, position);
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
        id         TEXT PRIMARY KEY,
        owner_id   TEXT REFERENCES agents(id),
        shortcut   TEXT NOT NULL,
        text       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX canned_replies_shortcut ON canned_replies(COALESCE(owner_id, ''), shortcut);
      -- Label definitions, named uniquely regardless of (ASCII) case, and the conversations carrying them.
      CREATE TABLE labels (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        color      TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX labels_name ON labels(lower(name));
      CREATE TABLE conversation_labels (
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        label_id        TEXT NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, label_id)
      );
      CREATE INDEX conversation_labels_by_label ON conversation_labels(label_id, conversation_id);
    `,
  },
  // ---- desk: teams
  {
    version: 21,
    name: 'teams and routing',
    sql: `
      -- Teams per channel; members rotate by \`turn\` (the team's \`turns\` when each was last
      -- given a conversation): the member with the lowest turn is next. At most one team per
      -- channel is \`inbound\`: it gets the channel's new conversations.
      ALTER TABLE agents ADD COLUMN capacity INTEGER NOT NULL DEFAULT 5;
      CREATE TABLE teams (
        id         TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL REFERENCES channels(id),
        name       TEXT NOT NULL,
        routing    TEXT NOT NULL CHECK (routing IN ('round-robin', 'manual')),
        inbound    INTEGER NOT NULL DEFAULT 0,
        turns      INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX teams_inbound ON teams(channel_id) WHERE inbound = 1;
      CREATE TABLE team_members (
        team_id  TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        position INTEGER NOT NULL,
        turn     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (team_id, agent_id)
      );
      CREATE INDEX team_members_by_agent ON team_members(agent_id);
      -- Which node has which agent connected, refreshed by a heartbeat: online = seen lately.
      CREATE TABLE agent_presence (
        node_id  TEXT NOT NULL,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        seen_at  TEXT NOT NULL,
        PRIMARY KEY (node_id, agent_id)
      );
      CREATE INDEX agent_presence_by_agent ON agent_presence(agent_id, seen_at);
      -- A conversation waits in its team's queue while it is open, the team's and unassigned,
      -- in \`queue_seq\` order: numbered as it joins the team (created, handed off, transferred).
      ALTER TABLE conversations ADD COLUMN team_id TEXT REFERENCES teams(id);
      ALTER TABLE conversations ADD COLUMN queue_seq INTEGER;
      CREATE INDEX conversations_queue_seq ON conversations(queue_seq);
      CREATE INDEX conversations_team_queue ON conversations(team_id, queue_seq)
        WHERE status = 'open' AND handled_by = 'human' AND assigned_agent_id IS NULL;
      CREATE INDEX conversations_by_assignee ON conversations(assigned_agent_id) WHERE status = 'open';
      -- Whichever code opens a conversation, it joins the channel's inbound team in the same
      -- statement; a handoff puts it at the back of that team's queue.
      CREATE TRIGGER conversations_join_team AFTER INSERT ON conversations
        WHEN new.team_id IS NULL AND EXISTS (SELECT 1 FROM teams WHERE channel_id = new.channel_id AND inbound = 1)
      BEGIN
        UPDATE conversations SET team_id = (SELECT id FROM teams WHERE channel_id = new.channel_id AND inbound = 1),
          queue_seq = (SELECT COALESCE(MAX(queue_seq), 0) + 1 FROM conversations) WHERE id = new.id;
      END;
      CREATE TRIGGER conversations_handed_to_team AFTER UPDATE OF handled_by ON conversations
        WHEN old.handled_by = 'ai' AND new.handled_by = 'human'
      BEGIN
        UPDATE conversations SET queue_seq = (SELECT COALESCE(MAX(queue_seq), 0) + 1 FROM conversations),
          team_id = COALESCE(new.team_id, (SELECT id FROM teams WHERE channel_id = new.channel_id AND inbound = 1))
          WHERE id = new.id;
      END;
    `,
  },
  // ---- desk: search
  {
    version: 22,
    name: 'desk search',
    sql: `
      -- The agents' search (issue 22): message text in an FTS5 index whose content is the
      -- messages table itself (external content: the text is stored once), kept in step by
      -- triggers. Its rowids are the messages' rowids: messages has a TEXT key, so VACUUM keeps
      -- them (SQLite copies rowids of a table that has an index); a step that rebuilds messages
      -- (as 13 did) must end with INSERT INTO message_search(message_search) VALUES ('rebuild').
      -- System messages ("… joined") are not indexed; the sender never changes. The search reads
      -- the last word typed as a prefix: 3-character prefixes get an index of their own (else a
      -- prefix such as 'the' merges the doclists of every word it begins before the first hit).
      CREATE VIRTUAL TABLE message_search USING fts5(
        text, content = 'messages', prefix = '3', tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.sender <> 'system' BEGIN
        INSERT INTO message_search (rowid, text) VALUES (new.rowid, new.text);
      END;
      CREATE TRIGGER messages_search_update AFTER UPDATE OF text ON messages WHEN new.sender <> 'system' BEGIN
        INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO message_search (rowid, text) VALUES (new.rowid, new.text);
      END;
      CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.sender <> 'system' BEGIN
        INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.rowid, old.text);
      END;
      INSERT INTO message_search (rowid, text) SELECT rowid, text FROM messages WHERE sender <> 'system';
      -- Visitors by name, email and external id: a small index with its own copy of the words
      -- (they live in the profile's JSON), rowid = the visitor's rowid. Only visitors with one
      -- of them are indexed: most are anonymous.
      CREATE VIRTUAL TABLE visitor_search USING fts5(
        name, email, external_id, tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE TRIGGER visitors_search_insert AFTER INSERT ON visitors
        WHEN coalesce(json_extract(new.profile, '$.name'), json_extract(new.profile, '$.email'), new.external_user_id) IS NOT NULL BEGIN
        INSERT INTO visitor_search (rowid, name, email, external_id)
          VALUES (new.rowid, json_extract(new.profile, '$.name'), json_extract(new.profile, '$.email'), new.external_user_id);
      END;
      CREATE TRIGGER visitors_search_update AFTER UPDATE OF profile, external_user_id ON visitors BEGIN
        DELETE FROM visitor_search WHERE rowid = old.rowid;
        INSERT INTO visitor_search (rowid, name, email, external_id)
          SELECT new.rowid, json_extract(new.profile, '$.name'), json_extract(new.profile, '$.email'), new.external_user_id
          WHERE coalesce(json_extract(new.profile, '$.name'), json_extract(new.profile, '$.email'), new.external_user_id) IS NOT NULL;
      END;
      CREATE TRIGGER visitors_search_delete AFTER DELETE ON visitors BEGIN
        DELETE FROM visitor_search WHERE rowid = old.rowid;
      END;
      INSERT INTO visitor_search (rowid, name, email, external_id)
        SELECT rowid, json_extract(profile, '$.name'), json_extract(profile, '$.email'), external_user_id FROM visitors
        WHERE coalesce(json_extract(profile, '$.name'), json_extract(profile, '$.email'), external_user_id) IS NOT NULL;
      -- Private notes (migration 19), found by agents as messages are: external content over
      -- notes, whose rowid is its INTEGER PRIMARY KEY position (VACUUM keeps it).
      CREATE VIRTUAL TABLE note_search USING fts5(
        text, content = 'notes', content_rowid = 'position', prefix = '3', tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
        INSERT INTO note_search (rowid, text) VALUES (new.position, new.text);
      END;
      CREATE TRIGGER notes_search_update AFTER UPDATE OF text ON notes BEGIN
        INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', old.position, old.text);
        INSERT INTO note_search (rowid, text) VALUES (new.position, new.text);
      END;
      CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
        INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', old.position, old.text);
      END;
      INSERT INTO note_search (note_search) VALUES ('rebuild');
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
      ALTER TABLE visitors ADD COLUMN visit_started_at TEXT;
      ALTER TABLE visitors ADD COLUMN visit_returning INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE visitors ADD COLUMN last_seen_at TEXT;
    `,
  },
];
