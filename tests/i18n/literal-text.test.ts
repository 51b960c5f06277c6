import { describe, expect, it } from 'vitest';
import { CHECKED_FOLDERS, literalTexts, sourceFiles, zodSentences } from './texts';

// Every word a person reads comes from locales/: a sentence written into a page, a toast, an e-mail, a
// refusal or a schema's check would stay English for everyone. `// i18n-ignore` marks the rare literal
// that is the same in every language (a product name, a code sample).
describe('no text for people is hard-coded', () => {
  const files = sourceFiles(CHECKED_FOLDERS);

  it('in the web app, e-mails and the errors services throw', () => {
    const found = files.flatMap(literalTexts).map(({ file, line, text }) => `${file}:${line}  ${text}`);
    expect(found).toEqual([]);
  });

  it('in the messages of schema checks', () => {
    const found = files.flatMap(zodSentences).map(({ file, line, text }) => `${file}:${line}  ${text}`);
    expect(found).toEqual([]);
  });
});
