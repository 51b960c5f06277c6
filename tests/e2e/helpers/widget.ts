import type { FrameLocator, Page } from 'playwright-core';

/** The chat frame the loader put on a host page. */
export const chatFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title*="chat" i]');

/** Clicks the launcher and waits for the message box. */
export async function openChat(page: Page) {
  await page.getByRole('button', { name: /chat with us|open chat/i }).click();
  const frame = chatFrame(page);
  await frame.getByRole('textbox', { name: /message/i }).waitFor();
  return frame;
}

/** Types a message and sends it with Enter, as a visitor does; fails at once, and says so, if either step did not land. */
export async function send(frame: FrameLocator, text: string) {
  const box = frame.getByRole('textbox', { name: /message/i });
  await box.fill(text);
  if ((await box.inputValue()) !== text) throw new Error(`typed "${text}", and it did not reach the message box`);
  await box.press('Enter');
  // Sent: the text moves to the outbox in the same task as the key, and the box empties.
  await box.and(frame.locator('textarea:placeholder-shown')).waitFor({ timeout: 5000 });
}
