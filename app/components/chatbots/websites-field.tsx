import { ListField } from './settings-fields';

/** The allowed websites list, as Settings and the wizard's last step both edit it. */
export function WebsitesField({
  initial,
  errorsFor,
  disabled,
}: {
  initial: readonly string[];
  errorsFor: (name: string) => string[] | undefined;
  disabled?: boolean;
}) {
  return (
    <ListField
      legend="Websites"
      name="allowedOrigins"
      initial={initial}
      addLabel="Add a website"
      removeLabel="Remove website"
      placeholder="https://www.example.com"
      max={50}
      maxLength={2048}
      inputMode="url"
      errors={errorsFor('allowedOrigins')}
      errorsAt={(index) => errorsFor(`allowedOrigins.${index}`)}
      disabled={disabled}
    />
  );
}
