import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../server/root.js';
import type { ChatMessage } from '../../src/protocol.js';

/** One conversation of a fault run: what was sent, what the store has and what a client (visitor or agent) was shown. */
export interface ConversationRun {
  label: string;
  /** The texts each sender sent, in its order (each text once in the run). */
  sent: string[][];
  stored: ChatMessage[];
  /** As the client handed them on (the visitor's `onMessage`, the inbox's `message`), in the order they came. */
  shown: ChatMessage[];
}

/** A row of the fault table. */
export interface FaultRow {
  label: string;
  sent: number;
  stored: number;
  shown: number;
  /** Sent texts missing from the store or from what was shown. */
  lost: number;
  /** Extra copies (by message id) in the store and in what was shown. */
  duplicated: number;
  /** The store, and what was shown put by `seq`, have `seq` 1…n with each sender's texts in the order sent. */
  inOrder: boolean;
}

const copies = (messages: ChatMessage[]) => messages.length - new Set(messages.map((message) => message.id)).size;
const missing = (sent: string[], messages: ChatMessage[]) => {
  const texts = new Set(messages.map((message) => message.text));
  return sent.filter((text) => !texts.has(text)).length;
};
/** `seq` 1…n without a gap, and each sender's texts in the order that sender sent them. */
const ordered = (senders: string[][], messages: ChatMessage[]) =>
  messages.every((message, index) => message.seq === index + 1) &&
  senders.every((texts) => {
    const own = new Set(texts);
    const got = messages.filter((message) => own.has(message.text)).map((message) => message.text);
    return got.length === texts.length && got.every((text, index) => text === texts[index]);
  });

export function faultRow({ label, sent: senders, stored, shown }: ConversationRun): FaultRow {
  const sent = senders.flat();
  return {
    label,
    sent: sent.length,
    stored: stored.length,
    shown: shown.length,
    lost: Math.max(missing(sent, stored), missing(sent, shown)),
    duplicated: copies(stored) + copies(shown),
    inOrder: ordered(senders, stored) && ordered(senders, [...shown].sort((a, b) => a.seq - b.seq)),
  };
}

/** The rows and their total as a Markdown table. */
export function faultTable(title: string, rows: FaultRow[]): string {
  const sum = (key: 'sent' | 'stored' | 'shown' | 'lost' | 'duplicated') => rows.reduce((total, row) => total + row[key], 0);
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  const inOrder = rows.filter((row) => row.inOrder).length;
  return [
    `### ${title}`,
    '',
    line(['conversation', 'sent', 'stored', 'shown', 'lost', 'duplicated', 'seq 1…n in order']),
    line(['---', '--:', '--:', '--:', '--:', '--:', ':-:']),
    ...rows.map((row) => line([row.label, row.sent, row.stored, row.shown, row.lost, row.duplicated, row.inOrder ? 'yes' : '**no**'])),
    line([`**total (${rows.length})**`, sum('sent'), sum('stored'), sum('shown'), sum('lost'), sum('duplicated'), `${inOrder}/${rows.length}`]),
    '',
  ].join('\n');
}

/** Writes `table` to `.test-results/<name>` (git-ignored), for a report to paste; answers that path. */
export function writeFaultTable(name: string, table: string): string {
  const dir = join(projectRoot(), '.test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), table);
  return `.test-results/${name}`;
}
