/**
 * The typed job map: each domain adds its jobs by augmenting this interface
 * from its own module (declaration merging is why it is an interface):
 *
 *   declare module './types' {
 *     interface ParleyJobs { 'source.ingest': { sourceId: string } }
 *   }
 */
export interface ParleyJobs {
  /** Deletes stored event payloads that every listener has long since read. */
  'events.prune': { olderThanMinutes: number };
}

export type JobName = keyof ParleyJobs;
