import { releasableLength, type TLeakCheck } from './leak-guard';

export type TAnswerStreamOptions = {
  /** Sends one piece to the conversation's clients; `seq` orders the pieces of one answer. */
  publish: (piece: { seq: number; text: string }) => Promise<unknown>;
  /** Monotonic milliseconds, for the time to the first piece shown. */
  now: () => number;
};

/**
 * What a turn has streamed to the visitor so far. Unguarded, every piece is
 * shown as it comes (a webhook's reply). Once guarded by a leak check (a
 * model's answer), the newest HOLD_BACK characters wait for more text and
 * the whole answer is checked before anything new is shown, so a leak of
 * the instructions is caught before any of it reaches the visitor.
 */
export class AnswerStream {
  /** When the first piece was shown: time to first token counts to it. */
  firstShownAt: number | undefined;
  private text = '';
  private shown = 0;
  private seq = 0;
  private leaks: TLeakCheck | null = null;
  private hasLeaked = false;

  constructor(private readonly options: TAnswerStreamOptions) {}

  /** The answer as received so far, shown or not. */
  get answer() {
    return this.text;
  }

  guard(leaks: TLeakCheck) {
    this.leaks = leaks;
  }

  /** Adds text to the answer and shows what may be shown; false once the answer has leaked (stop there). */
  async append(text: string) {
    this.text += text;
    if (this.leaks?.(this.text)) {
      this.hasLeaked = true;
      return false;
    }
    const upTo = this.leaks ? releasableLength(this.text) : this.text.length;
    if (upTo > this.shown) {
      await this.show(this.text.slice(this.shown, upTo));
      this.shown = upTo;
    }
    return true;
  }

  /** The whole answer decides: clean when no part of it, nor all of it together, repeats the instructions. */
  isClean() {
    return !this.hasLeaked && !this.leaks?.(this.text);
  }

  /** Shows the held-back tail; only for an answer that is clean. */
  async flush() {
    await this.show(this.text.slice(this.shown));
    this.shown = this.text.length;
  }

  private async show(text: string) {
    if (!text) return;
    this.firstShownAt ??= this.options.now();
    await this.options.publish({ seq: this.seq++, text });
  }
}
