export * from './policy-registry';
export type * from './policy-set';
export * from './policy-vocabulary';
export { VN_2014_NATIONAL_V1, VN_2014_NATIONAL_V2 } from './vn-2014-national.policy';
export { VN_LONGAN_LOCAL_2022_V1 } from './vn-longan-local-2022.policy';
export { requireRole } from './authorization';
export { DEFAULT_DEADLINES, DEFAULT_ROLES } from './policy-defaults';
export { DISCLOSURE_EVENT_SCHEMA_VERSIONS, isVisible, PERSONAL_DATA_READERS, PROVINCE_READERS, readScopeOf, seesEverything } from './read-scope';
export type { DisclosedIn, PersonalDataDisclosed, ReadScope, VisibilitySubject } from './read-scope';
