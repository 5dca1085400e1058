import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sqliteMigrations } from '../migrations/sqlite.js';
import * as aiRows from '../ai-rows.js';
import * as rows from '../rows.js';

/** One SQLite connection and its prepared statements, compiled once per SQL text and reused. */
export class Connection {
  readonly database: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(database: Database.Database) {
    this.database = database;
  }

  sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.database.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  /** better-sqlite3's transaction: call it, or `.immediate()` to take the write lock first. */
  transaction<F extends (...args: never[]) => unknown>(work: F): Database.Transaction<F> {
    return this.database.transaction(work);
  }
}

/**
 * Opens the file in WAL mode and applies the migrations it has not seen; foreign keys are on
 * once it is open.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Applies the numbered migrations that the file has not seen yet, each in its own transaction.
 * Foreign keys are off meanwhile (a step may rebuild a table others refer to); a step that
 * leaves more broken references than it found rolls back. The caller turns them on after.
 */
function migrate(db: Database.Database): void {
  db.pragma('foreign_keys = OFF');
  const brokenReferences = () => (db.pragma('foreign_key_check') as unknown[]).length;
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').all().map((row) => (row as { version: number }).version),
  );
  for (const migration of sqliteMigrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      const before = brokenReferences();
      db.exec(migration.sql);
      // Only what the step broke counts: a reference broken before (written with foreign keys off) is not its doing.
      if (brokenReferences() > before) throw new Error(`migration ${migration.version} would leave rows referring to rows that no longer exist`);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
  }
}

// ------------------------------------------------------------ rows

/** SQLite keeps JSON as text and flags as 0/1: its rows are decoded into the shared ones. */
type Encoded<Row, Json extends keyof Row, Flags extends keyof Row = never> = Omit<Row, Json | Flags> & Record<Json, string> & Record<Flags, number>;
export type ChannelRow = Encoded<rows.ChannelRow, 'allowed_origins' | 'settings'>;
export type VisitorRow = Encoded<rows.VisitorRow, 'profile' | 'context', 'verified'>;
export type MessageRow = Omit<Encoded<rows.MessageRow, 'attachments'>, NullableJson> & Record<NullableJson, string | null>;
type NullableJson = 'blocks' | 'reply_to' | 'sources';
export type ConversationRow = Encoded<rows.ConversationRow, 'attributes', 'is_default' | 'resolved_by_ai'>;
export type AiAgentRow = Encoded<aiRows.AiAgentRow, 'knowledge' | 'tools' | 'handoff'>;
export type WebhookRow = Encoded<rows.WebhookRow, 'events', 'active'>;

export const toChannel = (row: ChannelRow) => rows.toChannel({ ...row, allowed_origins: JSON.parse(row.allowed_origins), settings: JSON.parse(row.settings) });
export const toVisitor = (row: VisitorRow) =>
  rows.toVisitor({ ...row, verified: row.verified === 1, profile: JSON.parse(row.profile), context: JSON.parse(row.context) });
export const toConversation = (row: ConversationRow) =>
  rows.toConversation({ ...row, is_default: row.is_default === 1, resolved_by_ai: row.resolved_by_ai === 1, attributes: JSON.parse(row.attributes) });
const parseOrNull = (text: string | null) => (text === null ? null : JSON.parse(text));
export const toMessage = (row: MessageRow) =>
  rows.toMessage({ ...row, attachments: JSON.parse(row.attachments), blocks: parseOrNull(row.blocks), reply_to: parseOrNull(row.reply_to), sources: parseOrNull(row.sources) });
export const toAiAgent = (row: AiAgentRow) =>
  aiRows.toAiAgent({ ...row, knowledge: JSON.parse(row.knowledge), tools: JSON.parse(row.tools), handoff: JSON.parse(row.handoff) });
export const toWebhook = (row: WebhookRow) => rows.toWebhook({ ...row, events: JSON.parse(row.events), active: row.active === 1 });
