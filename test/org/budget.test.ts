import { BudgetExceededError, BudgetGuard } from '../../src/org/budget';

describe('BudgetGuard', () => {
  it('allows calls until the reported usage plus calls since reach the share', () => {
    const guard = new BudgetGuard(80);
    guard.beforeCall(); // nothing reported yet: no basis to stop
    guard.report({ used: 77, limit: 100 });
    guard.beforeCall();
    guard.beforeCall();
    guard.beforeCall();
    const stop = (() => {
      try {
        guard.beforeCall();
      } catch (e) {
        return e;
      }
    })();
    expect(stop).toBeInstanceOf(BudgetExceededError);
    // built from messages/org.md: the figures, the fix, and the paused exit code
    expect(stop).toMatchObject({ message: 'API budget reached: 80 of 100 daily requests used (stop at 80%)', exitCode: 4, data: { used: 80, limit: 100, percent: 80 } });
    expect((stop as BudgetExceededError).actions?.[0]).toMatch(/API_Budget_Percent__c/);
    guard.report({ used: 10, limit: 100 });
    expect(() => guard.beforeCall()).not.toThrow();
  });

  it('ignores reports without a limit', () => {
    const guard = new BudgetGuard(50);
    guard.report({ used: 99, limit: 0 });
    expect(() => guard.beforeCall()).not.toThrow();
    expect(guard.lastUsage).toBeUndefined();
  });

  it('lets the run record through past the budget, counting those calls, and guards again after', async () => {
    const guard = new BudgetGuard(50);
    guard.report({ used: 50, limit: 100 });
    expect(() => guard.beforeCall()).toThrow(BudgetExceededError);
    await guard.unguarded(async () => {
      guard.beforeCall();
      guard.beforeCall();
    });
    expect(() => guard.beforeCall()).toThrow(/52 of 100 daily requests used/);
    await expect(guard.unguarded(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(() => guard.beforeCall()).toThrow(BudgetExceededError);
  });
});

