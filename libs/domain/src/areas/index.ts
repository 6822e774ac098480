export * from './area-types';
export * from './registers';
