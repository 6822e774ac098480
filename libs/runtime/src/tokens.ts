/** Injection tokens of the ports that are interfaces (classes inject by their own type). */
export const CONFIG = Symbol('EngineConfig');
export const LOGGER = Symbol('Logger');
export const SQL_DATABASE = Symbol('SqlDatabase');
export const CLOCK = Symbol('Clock');
export const IDS = Symbol('IdGenerator');
export const APPEND_SIGNAL = Symbol('AppendSignal');
/** The event store port (`DatabaseEventStore`), bound to the SQL adapter by the runtime module. */
export const EVENT_STORE = Symbol('EventStore');
