export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'reply'
  | 'assign-me'
  | 'close-reopen'
  | 'help'
  | 'filter-open'
  | 'filter-mine'
  | 'filter-unassigned'
  | 'filter-closed'
  // ---- desk: notes
  | 'note'
  // ---- desk: canned replies and labels
  | 'labels'
  // ---- desk: reports
  | 'reports'
  // ---- desk: live visitors
  | 'live-visitors'
  // ---- desk: teams
  | 'transfer'
  // ---- desk: search
  | 'search';

const KEYS: Record<string, ShortcutAction> = {
  j: 'next',
  k: 'previous',
  r: 'reply',
  a: 'assign-me',
  e: 'close-reopen',
  '?': 'help',
  '1': 'filter-open',
  '2': 'filter-mine',
  '3': 'filter-unassigned',
  '4': 'filter-closed',
  // ---- desk: notes
  n: 'note',
  // ---- desk: canned replies and labels
  l: 'labels',
  // ---- desk: reports
  R: 'reports',
  // ---- desk: live visitors
  v: 'live-visitors',
  // ---- desk: teams
  t: 'transfer',
  // ---- desk: search
  '/': 'search',
};

/** What the help dialog lists. */
export const SHORTCUTS: Array<[string, string]> = [
  ['j / k', 'Next / previous conversation'],
  ['r', 'Reply'],
  ['a', 'Assign to me'],
  ['e', 'Close or reopen'],
  ['1 – 4', 'Open, mine, unassigned, closed'],
  ['t', 'Transfer to an agent or a team'],
  ['?', 'This list'],
  ['Esc', 'Leave the reply box'],
  // ---- desk: notes
  ['n', 'Write a private note (only your team sees it)'],
  // ---- desk: canned replies and labels
  ['l', 'Labels of the conversation'],
  ['/ (reply box)', 'Canned replies: ↑ ↓ pick, Enter or Tab insert, Esc close'],
  // ---- desk: reports
  ['R (Shift + r)', 'Reports, and back; Esc in them goes back too'],
  // ---- desk: live visitors
  ['v', 'Visitors on the site now'],
  // ---- desk: search
  ['/', 'Search messages, visitors and ids (Esc clears)'],
];

/** The action a key press asks for; none while the agent types in a field or holds a modifier. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return null;
  const target = event.composedPath()[0];
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return null;
  return KEYS[event.key] ?? null;
}
