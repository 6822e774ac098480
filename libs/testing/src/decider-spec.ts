import type { Decider } from '@app/domain';

/**
 * Given/when/then specs for deciders, in the shape of the domain's own language. This module
 * imports no driver: domain specs import it by path, `@app/testing/decider-spec`.
 *
 * @example
 * const spec = deciderSpec(projectDecider);
 * spec.given([draftCreated]).when(submit).then([proposalSubmitted]);
 * spec.given([]).when(submit).thenThrows('PROJECT.INVALID_TRANSITION');
 */
export function deciderSpec<C, S, E>(decider: Decider<C, S, E>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce<S>((s, e) => decider.evolve(s, e), decider.initialState);
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly E[]): readonly E[] {
              const actual = run();
              expect(actual).toEqual(expected);
              return actual;
            },
            /** Checks only the listed properties of each event (ids, timestamps may differ). */
            thenMatches(expected: readonly Partial<E>[]): readonly E[] {
              const actual = run();
              expect(actual).toHaveLength(expected.length);
              expected.forEach((e, i) => expect(actual[i]).toMatchObject(e as object));
              return actual;
            },
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            /** Expects a refusal with this stable code; returns the error to inspect its details. */
            thenThrows(code: string): { code: string; kind: string; details: Record<string, unknown> } {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeDefined();
              expect((caught as { code?: string }).code).toBe(code);
              return caught as { code: string; kind: string; details: Record<string, unknown> };
            },
            state,
          };
        },
        state,
      };
    },
  };
}
