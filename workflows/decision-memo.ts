// The SDK runs an Update's validator and then, in the same activation and with no other code in
// between, its handler; both decide the same command against the same state at the same workflow
// time. Deciding costs a schema parse, a clone of the state and the action's handler: the handler
// takes the validator's decision instead of deciding again. Only what the validator accepted is
// kept, and only for the very next handler: on replay (no validators) every handler decides itself.
// Pure and Temporal-free, so the commands a ticket sends are the same with or without it.

export interface DecisionMemo<S, D> {
  /** The validator's decision of `command` (named `name`) against `state`. */
  remember(state: S, name: string, command: unknown, decision: D): void;
  /** That decision if the handler decides the same command against the same state object; forgotten either way. */
  take(state: S, name: string, command: unknown): D | undefined;
}

export function decisionMemo<S, D>(): DecisionMemo<S, D> {
  let last: { state: S; name: string; key: string; decision: D } | undefined;
  return {
    remember(state, name, command, decision) {
      last = { state, name, key: JSON.stringify(command ?? null), decision };
    },
    take(state, name, command) {
      const l = last;
      last = undefined;
      return l && l.state === state && l.name === name && l.key === JSON.stringify(command ?? null) ? l.decision : undefined;
    },
  };
}
