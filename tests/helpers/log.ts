import { createLogger } from '../../server/logger';

/** A logger for tests: silent unless TEST_LOG_LEVEL asks for lines. */
export const testLog = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
