export * from './auth-config';
export * from './engine-config';
export * from './generated-secrets';
