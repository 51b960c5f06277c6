export * from './accounts';
export * from './events';
export * from './mail';
export * from './workspaces';
export * from './rate-limits';
