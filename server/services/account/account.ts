/**
 * Accounts, one module per concern; this file gathers them so callers see
 * one `account` service (the router imports it as a namespace).
 */
export * from './account-context';
export * from './email-change';
export * from './log-in';
export * from './password-reset';
export * from './profile';
export * from './sign-up';
