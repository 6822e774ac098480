export * from './engine-config';
export * from './generated-secrets';
