export * from './accounts';
export * from './chatbots';
export * from './conversations';
export * from './events';
export * from './knowledge';
export * from './mail';
export * from './rate-limits';
export * from './workspaces';
