import { ConfigError, parseConfig } from '../engine-config';

/**
 * The problems `parseConfig` reports for an environment (none when it parses), for specs.
 *
 * @example
 * expect(problemsOf({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT must be/)]);
 */
export function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
