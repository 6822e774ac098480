/** The engine configuration as the console module sees it (`EngineConfig`). */
export const CONSOLE_CONFIG = Symbol('ConsoleConfig');
