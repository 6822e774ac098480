export * from './shared';
export * from './policy';
export * from './programme';
export * from './project';
export * from './event-upcasters';
export * from './deadlines';
export * from './areas';
export * from './plan';
