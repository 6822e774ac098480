/*
 * Fixtures for the domain's own specs: fixed actors, instants and programmes, command builders
 * with valid defaults, and a World that runs commands through decideProject so a spec can reach
 * any status by the same path production takes. Specs state decisions and refusals with
 * given/when/then over `deciderOn(world)`.
 */

export * from './fixture-basics';
export * from './command-builders';
export * from './fixture-world';
