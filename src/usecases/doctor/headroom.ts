// Daily API headroom: the org's DailyApiRequests (from /limits) against the share the budget guard stops at.
import type { Limits } from './api.js';
import { doctorMessages as messages } from './messages.js';
import { finding, type Finding } from './types.js';

/** Within this many percentage points of the budget: warn. */
export const HEADROOM_WARN_POINTS = 10;

const pct = (n: number): string => (Math.round(n * 10) / 10).toString();
const grouped = (n: number): string => n.toLocaleString('en-US');

/** No call: reads the /limits the API check fetched. */
export function checkHeadroom(limits: Limits, budgetPercent: number): Finding {
  const daily = limits.DailyApiRequests;
  if (daily === undefined || !(daily.Max > 0)) return finding('warn', messages.getMessage('api-headroom.noLimit'));
  const used = daily.Max - daily.Remaining;
  const usedPercent = (used / daily.Max) * 100;
  const stopAt = Math.floor((daily.Max * budgetPercent) / 100);
  const headroom = Math.max(0, stopAt - used);
  const tokens = [grouped(used), grouped(daily.Max), pct(usedPercent), budgetPercent];
  if (used >= stopAt) return finding('fail', messages.getMessage('api-headroom.reached', tokens), messages.getMessages('api-headroom.actions'));
  if (usedPercent >= budgetPercent - HEADROOM_WARN_POINTS) return finding('warn', messages.getMessage('api-headroom.low', [...tokens, grouped(headroom)]), messages.getMessages('api-headroom.actions'));
  return finding('ok', messages.getMessage('api-headroom.ok', [...tokens, grouped(headroom)]));
}
