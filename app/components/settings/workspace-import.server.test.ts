import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../chatbots/source-limits';
import { archiveOf, readSettingsForm } from './workspace-import.server';

const post = (body: FormData | URLSearchParams) =>
  new Request('http://parley.test/app/settings', { method: 'POST', body });

describe('readSettingsForm', () => {
  it('reads a plain form, and an upload with its ZIP as base64', async () => {
    expect((await readSettingsForm(post(new URLSearchParams({ intent: 'export' })))).get('intent')).toBe('export');
    const body = new FormData();
    body.set('intent', 'import');
    body.set('name', 'Copy');
    body.set('archive', new File([new Uint8Array([80, 75, 3, 4])], 'w.zip', { type: 'application/zip' }));
    const form = await readSettingsForm(post(body));
    expect(form.get('name')).toBe('Copy');
    expect(await archiveOf(form)).toBe(Buffer.from([80, 75, 3, 4]).toString('base64'));
  });

  it('stops reading an archive over the limit and says so', async () => {
    const body = new FormData();
    body.set('intent', 'import');
    body.set('archive', new File([new Uint8Array(MAX_FILE_BYTES + 1)], 'big.zip'));
    const form = await readSettingsForm(post(body));
    expect(form.get('archiveTooLarge')).toBe('1');
    expect(await archiveOf(form)).toBe('');
  });
});
