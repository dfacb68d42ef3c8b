// The handler reuses its validator's decision only for the very same command against the very same
// state, and only once.
import { decisionMemo } from '../../workflows/decision-memo';

describe('decisionMemo', () => {
  const state = { status: 'dispatched' };
  const command = { actor: { id: 'h', role: 'handler' }, input: { note: '已联系' } };

  it('gives the validator’s decision to the handler of the same command and state', () => {
    const memo = decisionMemo<object, string>();
    memo.remember(state, 'sign', command, 'decided');
    expect(memo.take(state, 'sign', JSON.parse(JSON.stringify(command)))).toBe('decided');
  });

  it('gives it once only', () => {
    const memo = decisionMemo<object, string>();
    memo.remember(state, 'sign', command, 'decided');
    memo.take(state, 'sign', command);
    expect(memo.take(state, 'sign', command)).toBeUndefined();
  });

  it('decides again for another state object, even an equal one', () => {
    const memo = decisionMemo<object, string>();
    memo.remember(state, 'sign', command, 'decided');
    expect(memo.take({ ...state }, 'sign', command)).toBeUndefined();
  });

  it('decides again for another action or another command', () => {
    const memo = decisionMemo<object, string>();
    memo.remember(state, 'sign', command, 'decided');
    expect(memo.take(state, 'contact', command)).toBeUndefined();
    memo.remember(state, 'sign', command, 'decided');
    expect(memo.take(state, 'sign', { ...command, input: { note: '另一条' } })).toBeUndefined();
  });

  it('has nothing to give when no validator ran (replay)', () => {
    expect(decisionMemo<object, string>().take(state, 'sign', command)).toBeUndefined();
  });
});
