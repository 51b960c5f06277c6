import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkText, countWords, HEADING_SEPARATOR, splitSentences } from './chunking';

const returns = fs.readFileSync('tests/fixtures/knowledge/returns.md', 'utf8');

/** A paragraph of `n` numbered sentences, each eight words long. */
const sentences = (n: number, tag = 's') =>
  Array.from({ length: n }, (_, i) => `Sentence ${tag}${i} talks about shoes and their soles.`).join(' ');

describe('chunkText', () => {
  it('follows headings and records the heading path', () => {
    const chunks = chunkText(returns);
    expect(chunks.map((c) => c.headingPath)).toEqual([
      'Returns and refunds',
      `Returns and refunds${HEADING_SEPARATOR}Unworn shoes`,
      `Returns and refunds${HEADING_SEPARATOR}Worn shoes`,
      `Returns and refunds${HEADING_SEPARATOR}Exchanges`,
    ]);
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2, 3]);
    expect(chunks[2]!.content).toMatch(/^Shoes that have been worn outdoors/);
    expect(chunks.every((c) => !c.content.includes('#'))).toBe(true);
  });

  it('pops deeper headings when a shallower one follows', () => {
    const chunks = chunkText('# A\n\n## B\n\n### C\n\nin c\n\n## D\n\nin d\n\n# E\n\nin e');
    expect(chunks.map((c) => c.headingPath)).toEqual([
      ['A', 'B', 'C'].join(HEADING_SEPARATOR),
      ['A', 'D'].join(HEADING_SEPARATOR),
      'E',
    ]);
  });

  it('handles plain text without headings and drops empty sections', () => {
    const chunks = chunkText('First paragraph here.\n\n\n\nSecond paragraph.\n\n# Empty\n\n## Also empty\n');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.headingPath).toBe('');
    expect(chunks[0]!.content).toBe('First paragraph here.\n\nSecond paragraph.');
    expect(chunkText('   \n\n')).toEqual([]);
  });

  it('does not treat # inside fenced code as a heading', () => {
    const chunks = chunkText('# Setup\n\n```sh\n# install\nnpm i\n```\n');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.headingPath).toBe('Setup');
    expect(chunks[0]!.content).toContain('# install');
  });

  it('packs paragraphs up to the size limits, whole, with overlap between chunks of a section', () => {
    // Ten paragraphs of 5 sentences × 8 words = 40 words each.
    const paragraphs = Array.from({ length: 10 }, (_, p) => sentences(5, `p${p}-`));
    const chunks = chunkText(`# Big\n\n${paragraphs.join('\n\n')}`, {
      targetWords: 100,
      maxWords: 130,
      overlapWords: 20,
    });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(countWords(chunk.content)).toBeLessThanOrEqual(130);
    for (let i = 1; i < chunks.length; i++) {
      const previous = splitSentences(chunks[i - 1]!.content);
      const current = splitSentences(chunks[i]!.content);
      // The last two sentences (16 words ≤ 20) of a chunk open the next one.
      expect(current.slice(0, 2)).toEqual(previous.slice(-2));
    }
    // Every paragraph appears whole somewhere.
    for (const paragraph of paragraphs) expect(chunks.some((c) => c.content.includes(paragraph))).toBe(true);
  });

  it('splits an over-long paragraph between sentences only', () => {
    const long = sentences(60); // 480 words in one paragraph
    const chunks = chunkText(long, { targetWords: 150, maxWords: 200, overlapWords: 10 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(countWords(chunk.content)).toBeLessThanOrEqual(200);
      expect(chunk.content).toMatch(/^Sentence s\d+ .*\.$/);
    }
  });

  it('cuts a single sentence longer than the limit by words', () => {
    const chunks = chunkText(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '), {
      targetWords: 15,
      maxWords: 20,
      overlapWords: 0,
    });
    expect(chunks.map((c) => countWords(c.content))).toEqual([20, 20, 10]);
  });

  it('gives stable hashes that change with the content or heading, and a token estimate', () => {
    const a = chunkText(returns);
    const b = chunkText(returns);
    expect(a.map((c) => c.contentHash)).toEqual(b.map((c) => c.contentHash));
    expect(a[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(a.map((c) => c.contentHash)).size).toBe(a.length);

    const edited = chunkText(returns.replace('five business days', 'seven business days'));
    const changed = edited.filter((c, i) => c.contentHash !== a[i]!.contentHash);
    expect(changed.map((c) => c.headingPath)).toEqual([`Returns and refunds${HEADING_SEPARATOR}Unworn shoes`]);

    const renamed = chunkText('# One\n\nSame text.')[0]!;
    expect(renamed.contentHash).not.toBe(chunkText('# Two\n\nSame text.')[0]!.contentHash);
    expect(a[1]!.tokenCount).toBe(Math.ceil(countWords(a[1]!.content) * 1.3));
  });

  it('reads headings padded with long runs of spaces in linear time', () => {
    // The heading expression once backtracked cubically here: 5,000 spaces held a core for two minutes.
    const padding = ' '.repeat(100_000);
    const chunks = chunkText(`## Returns${padding}##\n\nWithin 30 days.\n\n# a${padding}x\n\nMore.`);
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.content])).toEqual([
      ['Returns', 'Within 30 days.'],
      [`a${padding}x`, 'More.'],
    ]);
    expect(chunkText('#  \n\nText.\n\n## C# ##\n\nSharp.').map((chunk) => chunk.headingPath)).toEqual(['', 'C#']);
  });
});
