import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the standard the accessibility statement names. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type TFinding = { where: string; rule: string; impact: string; help: string; nodes: string[] };

/** What every audit found, by severity; the test fails on `blocking` and prints `moderate`. */
export class AxeReport {
  readonly blocking: TFinding[] = [];
  readonly moderate: TFinding[] = [];

  /**
   * Audits the page as it is (iframes included: the widget's frame is checked inside its host page).
   * The theme only changes colours, so a second theme needs only the contrast rule: `onlyContrast`.
   */
  async audit(page: Page, where: string, options: { onlyContrast?: boolean } = {}) {
    let builder = new AxeBuilder({ page }).withTags(TAGS);
    if (options.onlyContrast) builder = builder.withRules(['color-contrast']);
    const { violations } = await builder.analyze();
    for (const violation of violations) {
      const finding = {
        where,
        rule: violation.id,
        impact: violation.impact ?? 'unknown',
        help: violation.help,
        nodes: violation.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`.trim()),
      };
      (finding.impact === 'serious' || finding.impact === 'critical' ? this.blocking : this.moderate).push(finding);
    }
  }

  /** Audits in light, then the colours again in dark. */
  async auditBothThemes(page: Page, where: string) {
    // Reduced motion turns colour transitions off: otherwise axe may measure a colour half-way to the theme.
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await settledTheme(page);
    await this.audit(page, `${where} (light)`);
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await settledTheme(page);
    await this.audit(page, `${where} (dark)`, { onlyContrast: true });
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: null });
  }

  static format(findings: TFinding[]) {
    return findings
      .map((f) => `${f.where}: ${f.rule} (${f.impact}) ${f.help}\n${f.nodes.map((n) => `    ${n}`).join('\n')}`)
      .join('\n');
  }
}

/**
 * The pages follow the system theme from a media-query listener, which runs some time after
 * `emulateMedia` returns. Axe caches colours while it works, so an audit that overlaps the switch
 * measures one element's text in one theme against its background in the other.
 */
async function settledTheme(page: Page) {
  for (const frame of page.frames()) {
    // Polled by time: a hidden frame (the widget's before it opens) gets no animation frames.
    await frame.waitForFunction(
      () => {
        const root = document.documentElement;
        const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
        return root.dataset.theme !== 'system' || root.classList.contains('dark') === dark;
      },
      undefined,
      { polling: 50, timeout: 10_000 },
    );
  }
  // React re-renders what reads the theme from its own listener: give it a moment to paint.
  await page.waitForTimeout(100);
}
