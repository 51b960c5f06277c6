import { router } from '../../procedures';
import { gapRouter } from './gap';
import { sourceRouter } from './source';

/** `knowledge.*` mirrors `services/knowledge/`: its sources and the questions it could not answer. */
export const knowledgeRouter = router({ source: sourceRouter, gap: gapRouter });
