import type { vi } from './vi';

/** A message's key: the Vietnamese catalogue, the users' language, names them all. */
export type MessageKey = keyof typeof vi;

/** A language's messages: a key missing in a language, or one the Vietnamese lacks, is a type error. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
