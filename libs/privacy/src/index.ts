export * from './personal-data-cipher';
export * from './personal-data-guard';
export * from './privacy.migrations';
export * from './subject-keys';
export * from './data-subject-erasure';
export * from './personal-data-view';
export * from './key-encryption';
