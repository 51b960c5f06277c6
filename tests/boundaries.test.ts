import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rules in eslint.config.js, each shown to fire (and to let the allowed import through). */
const eslint = new ESLint({ cwd: process.cwd() });

const offences = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
};

describe('import boundaries', () => {
  it.each([
    ['server/services/x/new.ts', "import { a } from '../../../app/lib/embed';", /Only the web app imports app/],
    ['server/services/x/new.ts', "import { t } from '../../trpc/init';", /never the other way/],
    ['server/services/x/new.ts', "import { h } from '../../http/edge';", /never the other way/],
    ['server/trpc/routers/new.ts', "import { db } from '../../../db/client';", /services query the database/],
    ['server/trpc/new.ts', "import { h } from '../http/edge';", /do not know the transport/],
    ['server/http/new.ts', "import { w } from '../../widget/src/frame/markdown';", /its own bundle/],
    ['db/schema/new.ts', "import { s } from '../../server/services/system';", /knows nothing of the services/],
    ['app/lib/new.ts', "import { s } from '../../server/services/system';", /through tRPC/],
    ['app/lib/new.server.ts', "import { d } from '../../db/client';", /through tRPC/],
    ['widget/src/frame/new.ts', "import { a } from '../../../app/lib/embed';", /Only the web app/],
    ['widget/src/frame/new.ts', "import { s } from '../../../server/services/system';", /through tRPC/],
    ['shared/new.ts', "import { a } from '../server/errors';", /shared\/ stands alone/],
  ])('%s may not %s', async (file, code, message) => {
    expect(await offences(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['app/lib/new.ts', "import type { AppRouter } from '../../server/trpc/router';"],
    ['widget/src/new.ts', "import type { AppRouter } from '../../server/trpc/router';"],
    ['server/trpc/routers/new.ts', "import type { Db } from '../../../db/client';"],
    ['server/services/x/new.ts', "import { passwordStrength } from '../../../shared/password-strength';"],
    ['app/lib/new.ts', "import { safeHref } from '../../shared/safe-href';"],
    ['scripts/new.ts', "import { loadEnvOrExit } from '../server/env';"],
    ['server/services/x/new.test.ts', "import { createCaller } from '../../trpc/router';"],
  ])('%s may %s', async (file, code) => {
    expect(await offences(file, code)).toEqual([]);
  });
});
