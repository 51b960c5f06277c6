import { describe, expect, it } from 'vitest';
import { buildEmbedSnippet, resolveAppUrl } from './embed';

describe('buildEmbedSnippet', () => {
  it('points at the served loader and carries the public key', () => {
    expect(buildEmbedSnippet('https://chat.example.com', 'cb_abc123')).toBe(
      '<script async src="https://chat.example.com/widget.js" data-chatbot="cb_abc123"></script>',
    );
  });

  it('drops trailing slashes from the app URL', () => {
    expect(buildEmbedSnippet('http://localhost:3000//', 'cb_x')).toBe(
      '<script async src="http://localhost:3000/widget.js" data-chatbot="cb_x"></script>',
    );
  });

  it('escapes attribute values so the tag cannot be broken out of', () => {
    const snippet = buildEmbedSnippet('https://a.example"><img', 'cb_"x<');
    expect(snippet).not.toContain('"><img');
    expect(snippet).toContain('data-chatbot="cb_&quot;x&lt;"');
  });
});

describe('resolveAppUrl', () => {
  it('prefers the configured address, else the origin the page was reached at', () => {
    expect(resolveAppUrl('https://parley.example.com', 'http://10.0.0.5:3000/app/chatbots/x/widget')).toBe(
      'https://parley.example.com',
    );
    expect(resolveAppUrl(null, 'http://127.0.0.1:4123/app/chatbots/x/widget?tab=1')).toBe('http://127.0.0.1:4123');
  });
});
