import { describe, expect, it } from 'vitest';
import { translateMessage } from './i18n/server';
import { passwordStrength as strengthOf } from './password-strength';

/** The problems as the English sentences people read (the function gives translation keys). */
const passwordStrength = (password: string, email?: string) => {
  const result = strengthOf(password, email);
  return { ...result, problems: result.problems.map((problem) => translateMessage('en', problem)) };
};

describe('passwordStrength', () => {
  it('asks for at least 10 and at most 200 characters', () => {
    expect(passwordStrength('Xq7#pL2').problems).toContain('Use at least 10 characters.');
    expect(passwordStrength('x'.repeat(201)).problems).toContain('Use at most 200 characters.');
  });

  it('refuses common passwords, also with digits added or letters swapped', () => {
    for (const password of [
      'password123',
      'P@ssw0rd2024!',
      'qwertyuiop',
      'Sunshine1234',
      '1234567890',
      'aaaaaaaaaaaa',
      'abcabcabcabc',
    ]) {
      const result = passwordStrength(password);
      expect(result.problems, password).toContain('This password is too common. Pick something harder to guess.');
      expect(result.score).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a password containing the e-mail local part', () => {
    expect(passwordStrength('jane.doe-rocks-2030', 'Jane.Doe@example.com').problems).toContain(
      'Do not use your e-mail address in your password.',
    );
  });

  it('accepts long, varied passwords and scores them higher as they grow', () => {
    const medium = passwordStrength('violet-harbour-lantern-42', 'jane@example.com');
    expect(medium.problems).toEqual([]);
    expect(medium.score).toBeGreaterThanOrEqual(3);
    expect(passwordStrength('correcthorse').score).toBeLessThan(passwordStrength('Correct-Horse-Battery-9').score);
  });
});
