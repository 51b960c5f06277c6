import { commonPasswords } from './common-passwords';

/**
 * Password rules shared by the sign-up meter (browser) and the server, so
 * what the meter shows is exactly what the server enforces. Pure: no server
 * imports.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** A translation key saying what to change, with the values its sentence needs (a `TMessage` on the server). */
export type TPasswordProblem = { key: string; values?: Record<string, unknown> };

export type TPasswordStrength = {
  /** 0 (refused) … 4 (strong); anything with problems scores at most 1. */
  score: 0 | 1 | 2 | 3 | 4;
  /** What to change, as translation keys; empty when the password is accepted. */
  problems: TPasswordProblem[];
};

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** The forms a guesser tries first: as typed, without trailing digits/symbols, and with letter swaps undone. */
const variants = (password: string) => {
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[\d\W_]+$/, '');
  const unleet = (text: string) => text.replace(/[013457@$!]/g, (char) => LEET[char] ?? char);
  return [lower, stripped, unleet(lower), unleet(stripped), lower.replace(/^[\d\W_]+/, '')].filter(Boolean);
};

const isCommon = (password: string) => variants(password).some((variant) => commonPasswords.has(variant));

/** One character repeated, or a run along the alphabet, digits or the keyboard. */
const isSequential = (password: string) => {
  const lower = password.toLowerCase();
  if (/^(.)\1+$/.test(lower)) return true;
  if (/^(.{1,4})\1+$/.test(lower)) return true;
  const rows = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
  return rows.some((row) => row.includes(lower) || [...row].reverse().join('').includes(lower));
};

/** A rough entropy estimate: character-class pool size to the power of the length, discounted for repeats. */
const estimateBits = (password: string) => {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/\d/.test(password)) pool += 10;
  if (/[^a-zA-Z\d]/.test(password)) pool += 33;
  const unique = new Set(password).size;
  // Repeated characters add little: count each distinct one fully, repeats at a quarter.
  const effectiveLength = unique + (password.length - unique) / 4;
  return effectiveLength * Math.log2(Math.max(pool, 1));
};

export function passwordStrength(password: string, email = ''): TPasswordStrength {
  const problems: TPasswordProblem[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push({ key: 'auth:password.tooShort', values: { minimum: PASSWORD_MIN_LENGTH } });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push({ key: 'auth:password.tooLong', values: { maximum: PASSWORD_MAX_LENGTH } });
  }
  if (password.length > 0 && (isCommon(password) || isSequential(password))) {
    problems.push({ key: 'auth:password.common' });
  }
  const localPart = email.trim().toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) {
    problems.push({ key: 'auth:password.containsEmail' });
  }
  const bits = estimateBits(password);
  if (problems.length > 0) return { score: bits < 20 ? 0 : 1, problems };
  const score = bits < 30 ? 1 : bits < 50 ? 2 : bits < 70 ? 3 : 4;
  if (score < 2) problems.push({ key: 'auth:password.weak' });
  return { score, problems };
}
