import { useState, type ReactNode } from 'react';
import { TextField } from '~/components/form-fields';
import { PasswordMeter } from '~/components/password-meter';
import { passwordStrength } from '../../shared/password-strength';

/** The `password` field of a form that sets one: the live strength meter once something is typed, else `hint`. */
export function NewPasswordField({
  label,
  email,
  errors,
  hint,
}: {
  label: string;
  /** The account's address, which the strength rules keep out of the password. */
  email: string;
  errors?: string[];
  hint?: ReactNode;
}) {
  const [password, setPassword] = useState('');
  const strength = passwordStrength(password, email);
  return (
    <TextField
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      maxLength={200}
      value={password}
      onChange={(event) => setPassword(event.target.value)}
      errors={errors}
      description={password ? <PasswordMeter score={strength.score} problems={strength.problems} /> : hint}
    />
  );
}
