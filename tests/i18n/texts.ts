import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { API_SCOPES, type TApiScope } from '../../shared/api-scopes';
import { NAMESPACES } from '../../shared/i18n/config';

/**
 * The scanners behind the translation checks, also runnable on their own
 * (`npx tsx tests/i18n/report.ts [files…]`) to list what is left in a file.
 */

const ROOT = new URL('../../', import.meta.url).pathname;

/** Where text for people is written: the web app, and the services and procedures behind it. */
export const CHECKED_FOLDERS = ['app', 'server/services', 'server/trpc', 'shared'];

export const sourceFiles = (folders: string[]) =>
  execSync(`git ls-files ${folders.join(' ')}`, { cwd: ROOT })
    .toString()
    .split('\n')
    // Route modules are pages whatever their URL (the chatbot's "test" tab is `….test.tsx`).
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
    .filter((file) => file.startsWith('app/routes/') || !/\.test\.tsx?$/.test(file));

export const readSource = (file: string) => readFileSync(`${ROOT}${file}`, 'utf8');

/** Text a person reads: a word of two letters or more, and a space or a capital (not a URL, id or class list). */
const readsAsText = (text: string) => {
  const trimmed = text.trim();
  if (!/\p{L}{2,}/u.test(trimmed)) return false;
  if (/^(https?:|mailto:|\/|#|\.|[\w.+-]+@[\w-]+\.)/.test(trimmed)) return false;
  return /\s/.test(trimmed) || /^\p{Lu}/u.test(trimmed);
};

/** Words that are the same in every language. */
const SAME_EVERYWHERE = new Set([
  'Parley',
  'Gemini',
  'OAuth',
  'GitHub',
  'Google',
  'API',
  'CSV',
  'JSON',
  'ZIP',
  'URL',
  'SMTP',
  'Postgres',
  'PGlite',
  'HTTP',
  'HTTPS',
  'WebSocket',
  'tRPC',
  'UTC',
  'ID',
  'OK',
]);

/** Elements whose text is code or input, not prose. */
const CODE_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp', 'var']);

/** JSX attributes and object properties that hold words for people. */
const TEXT_ATTRIBUTES = new Set([
  'placeholder',
  'title',
  'aria-label',
  'alt',
  'label',
  'aria-description',
  'aria-valuetext',
  'aria-roledescription',
]);
const TEXT_PROPERTIES = new Set([
  'label',
  'title',
  'description',
  'heading',
  'body',
  'hint',
  'placeholder',
  'help',
  'summary',
  'text',
  'emptyText',
  'subject',
  'footer',
  'paragraphs',
  'caption',
]);
/** On the server only e-mails and refusals are for people; API descriptions are for developers, in English. */
const SERVER_TEXT_PROPERTIES = new Set(['subject', 'heading', 'paragraphs', 'footer', 'label']);
const TEXT_CALLS = /^(toast(\.\w+)?|(window\.)?confirm|(window\.)?alert)$/;

export type TLiteral = { file: string; line: number; text: string };

const isIgnored = (source: ts.SourceFile, node: ts.Node) => {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  const lines = source.text.split('\n');
  return [lines[line], lines[line - 1]].some((text) => text?.includes('i18n-ignore'));
};

const stringOf = (node: ts.Node): string | null => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    // A key built at run time (`bot:validation.${what}.name`) is still a key.
    return parts.join(KEY.test(`${node.head.text}x`) ? 'x' : ' ');
  }
  if (ts.isJsxExpression(node) && node.expression) return stringOf(node.expression);
  if (ts.isArrayLiteralExpression(node)) {
    const texts = node.elements.map(stringOf).filter((text): text is string => text !== null);
    return texts.length ? texts.join(' ') : null;
  }
  return null;
};

/** The text of a module-level `const NAME = '…'`, for messages thrown through a constant. */
const constantText = (source: ts.SourceFile, name: string): string | null => {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (declaration.name.getText(source) === name && declaration.initializer)
        return stringOf(declaration.initializer);
    }
  }
  return null;
};

/** Literal text people read in a file of the web app (or an e-mail/error of the server), not yet behind a key. */
export function literalTexts(file: string): TLiteral[] {
  const source = ts.createSourceFile(
    file,
    readSource(file),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: TLiteral[] = [];
  const properties = file.startsWith('app/') ? TEXT_PROPERTIES : SERVER_TEXT_PROPERTIES;
  const report = (node: ts.Node, text: string) => {
    if (text.split(/\s+/).every(isKey)) return;
    if (!readsAsText(text) || SAME_EVERYWHERE.has(text.trim()) || isIgnored(source, node)) return;
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      text: text.trim().slice(0, 80),
    });
  };
  const visit = (node: ts.Node, inCode: boolean) => {
    if (ts.isJsxElement(node) && CODE_ELEMENTS.has(node.openingElement.tagName.getText(source))) inCode = true;
    if (!inCode && ts.isJsxText(node)) report(node, node.text);
    if (!inCode && ts.isJsxAttribute(node) && node.initializer && TEXT_ATTRIBUTES.has(node.name.getText(source))) {
      const text = stringOf(node.initializer);
      if (text !== null) report(node, text);
    }
    if (ts.isPropertyAssignment(node) && properties.has(node.name.getText(source).replace(/['"]/g, ''))) {
      const text = stringOf(node.initializer);
      if (text !== null) report(node, text);
    }
    if (ts.isCallExpression(node) && TEXT_CALLS.test(node.expression.getText(source)) && node.arguments[0]) {
      const text = stringOf(node.arguments[0]);
      if (text !== null) report(node, text);
    }
    // Services throw keys (`new AppError('NOT_FOUND', 'inbox:errors.gone')`), never sentences.
    if (ts.isNewExpression(node) && node.expression.getText(source) === 'AppError' && node.arguments?.[1]) {
      const argument = node.arguments[1];
      const text = ts.isIdentifier(argument) ? constantText(source, argument.text) : stringOf(argument);
      if (text !== null && !isKey(text)) report(node, text);
    }
    ts.forEachChild(node, (child) => visit(child, inCode));
  };
  visit(source, false);
  return found;
}

/** zod checks with a message of their own must give a key: `z.string().min(1, 'chatbots:errors.nameRequired')`. */
const ZOD_CHECKS = new Set([
  'min',
  'max',
  'length',
  'regex',
  'refine',
  'email',
  'url',
  'int',
  'positive',
  'nonnegative',
  'gte',
  'lte',
  'gt',
  'lt',
  'nonempty',
  'startsWith',
  'endsWith',
  'includes',
  'uuid',
  'check',
]);
export function zodSentences(file: string): TLiteral[] {
  const text = readSource(file);
  if (!/from 'zod'/.test(text)) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: TLiteral[] = [];
  const visit = (node: ts.Node) => {
    // A check's message (`.max(200, '…')`) or any schema's `{ error: '…' }` / `{ message: '…' }`.
    const isCheck =
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ZOD_CHECKS.has(node.expression.name.text);
    if (ts.isCallExpression(node) && (isCheck || node.arguments.some((a) => ts.isObjectLiteralExpression(a)))) {
      for (const argument of node.arguments) {
        if (!isCheck && !ts.isObjectLiteralExpression(argument)) continue;
        const candidates = ts.isObjectLiteralExpression(argument)
          ? argument.properties
              .filter(ts.isPropertyAssignment)
              .filter((p) => ['message', 'error'].includes(p.name.getText(source)))
              .map((p) => p.initializer)
          : [argument];
        for (const candidate of candidates) {
          const value = stringOf(candidate);
          if (value !== null && readsAsText(value) && !isKey(value) && !isIgnored(source, node)) {
            found.push({
              file,
              line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
              text: value.slice(0, 80),
            });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const KEY = new RegExp(`^(?:${NAMESPACES.join('|')}):[A-Za-z0-9_.-]+$`);
const isKey = (text: string) => KEY.test(text);

/** Every key written in code: whole (`'inbox:list.empty'`) or as the start of one built at run time (`` `inbox:status.${s}` ``). */
export function keysInCode(files: string[]) {
  const whole = new Set<string>();
  const prefixes = new Set<string>();
  const pattern = new RegExp(`(['"\`])((?:${NAMESPACES.join('|')}):[A-Za-z0-9_.-]*)(\\$\\{|\\1)`, 'g');
  for (const file of files) {
    for (const match of readSource(file).matchAll(pattern)) {
      // API scopes (`chatbots:read`) look like keys but are identifiers.
      if (API_SCOPES.includes(match[2] as TApiScope)) continue;
      if (match[3] === '${') prefixes.add(match[2]!);
      else if (match[2]!.length > match[2]!.indexOf(':') + 1) whole.add(match[2]!);
    }
  }
  return { whole, prefixes };
}
