import { ensureBuilt } from '../../scripts/build-if-needed';

/** Browser tests drive the production build, built once here when the sources changed. */
export default function setup() {
  ensureBuilt({ log: (line) => console.log(line) });
}
