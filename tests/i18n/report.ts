import { CHECKED_FOLDERS, literalTexts, sourceFiles, zodSentences } from './texts';

// Lists the literal texts left in the given files (or everywhere the checks look).
const files = process.argv.length > 2 ? process.argv.slice(2) : sourceFiles(CHECKED_FOLDERS);
for (const file of files) {
  for (const { line, text } of [...literalTexts(file), ...zodSentences(file)]) console.log(`${file}:${line}  ${text}`);
}
