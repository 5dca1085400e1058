import { waitUntil } from '@open-wc/testing';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';

/** Fills the inbox's sign-in form and submits it, as an agent would. */
export function submitSignIn(inbox: SupportInbox, email: string, password: string): void {
  const root = inbox.shadowRoot!;
  root.querySelector<HTMLInputElement>('input[name="email"]')!.value = email;
  root.querySelector<HTMLInputElement>('input[name="password"]')!.value = password;
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** Signs in and waits until the inbox's socket is connected. */
export async function signedIn(inbox: SupportInbox, email: string, password: string): Promise<void> {
  submitSignIn(inbox, email, password);
  await waitUntil(() => inbox.shadowRoot!.querySelector('.topbar')?.textContent?.includes('online'), 'the inbox never connected', { timeout: 10_000 });
}
