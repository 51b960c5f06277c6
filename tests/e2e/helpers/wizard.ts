import type { Page } from 'playwright-core';

/**
 * Makes a support chatbot through the setup wizard's first three steps, as
 * a new owner would, from the New chatbot page already open in `page`, and
 * waits until its one text source is indexed. Returns the chatbot's path.
 */
export async function createChatbotInWizard(
  page: Page,
  options: { name: string; source: { title: string; text: string } },
) {
  await page.getByLabel('1. Chatbot name').fill(options.name);
  await page.getByRole('radio', { name: /support/i }).check();
  await page.getByRole('button', { name: 'Create chatbot' }).click();
  await page.getByText('Step 3 of 5').waitFor();
  await page.getByLabel('Title').fill(options.source.title);
  await page.getByLabel('Text or Markdown').fill(options.source.text);
  await page.getByRole('button', { name: 'Add text' }).click();
  await page
    .getByRole('list', { name: 'Sources' })
    .getByRole('listitem')
    .filter({ hasText: options.source.title })
    .getByText('ready', { exact: true })
    .waitFor({ timeout: 30_000 });
  return new URL(page.url()).pathname.replace(/\/setup$/, '');
}
