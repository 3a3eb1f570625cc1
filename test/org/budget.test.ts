import { BudgetExceededError, BudgetGuard } from '../../src/org/budget';

describe('BudgetGuard', () => {
  it('allows calls until the reported usage plus calls since reach the share', () => {
    const guard = new BudgetGuard(80);
    guard.beforeCall(); // nothing reported yet: no basis to stop
    guard.report({ used: 77, limit: 100 });
    guard.beforeCall();
    guard.beforeCall();
    guard.beforeCall();
    expect(() => guard.beforeCall()).toThrow(BudgetExceededError);
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

