import SyncServiceStatus from 'c/syncServiceStatus';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises, dateTimeFormatOf } from 'jest-utils';
import { DATE_TIME_FORMAT } from 'c/localeFormat';
import RUNNING from './data/graphqlRunning.json';
import AFTER_FAILURE from './data/graphqlRunningAfterFailure.json';
import SILENT from './data/graphqlRunningSilent.json';
import PAUSED from './data/graphqlPaused.json';
import STOPPED from './data/graphqlStopped.json';
import NEVER from './data/graphqlNeverServed.json';

// Every mock is read at this instant: the last runs in the data are seconds to hours before it.
const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const fact = (element, key) => $(element, `.fact[data-key="${key}"] dd`);

async function mountWith(data) {
  const element = mount('c-sync-service-status', SyncServiceStatus);
  if (data) graphql.emit(data);
  await flushPromises();
  return element;
}

describe('c-sync-service-status', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => {
    cleanup();
    jest.restoreAllMocks();
  });

  it('reads the service fields of the settings record and the latest runs through LDS GraphQL', async () => {
    await mountWith();
    const { query } = graphql.getLastConfig();
    for (const field of ['Service_Status__c', 'Service_Interval__c', 'Service_Updated_At__c', 'Service_Next_Check__c', 'Service_Message__c', 'Finished__c']) {
      expect(query).toContain(field);
    }
    expect(query).toContain('External_Id__c: { eq: "default" }');
  });

  it('running: the last run with its status, the next due one interval after it ended, the lag since the last finished sync', async () => {
    const element = await mountWith(RUNNING);
    expect($(element, '.state').textContent).toBe('c.PL_Service_Running');
    expect($(element, '.state').classList).toContain('slds-theme_success');
    expect($(element, '.updated-at').value).toBe('2026-12-07T09:00:00.000Z');
    expect(fact(element, 'last-run').querySelector('lightning-formatted-date-time').value).toBe('2026-12-07T11:59:30.000Z');
    // the one date-and-time format of every screen, in the user's time zone (not the browser's)
    expect(dateTimeFormatOf(fact(element, 'last-run').querySelector('lightning-formatted-date-time'))).toEqual({ ...DATE_TIME_FORMAT, timeZone: 'America/Los_Angeles' });
    expect(fact(element, 'last-run').querySelector('.run-status').textContent).toBe('Succeeded');
    // ended 11:59:40 + 60 s
    expect(fact(element, 'next-run').querySelector('lightning-formatted-date-time').value).toBe('2026-12-07T12:00:40.000Z');
    // since the start of the last finished sync: 11:59:30 -> 12:00:00
    expect(fact(element, 'lag').textContent).toBe('c.PL_Service_Seconds');
    expect($(element, '.paused')).toBeNull();
    expect($(element, '.silent')).toBeNull();
  });

  it('counts the lag from the last sync that finished, not from a failed one, and says a passed schedule is due now', async () => {
    const element = await mountWith(AFTER_FAILURE);
    expect(fact(element, 'last-run').querySelector('.run-status').textContent).toBe('Failed');
    // 11:58:05 + 60 s is past
    expect(fact(element, 'next-run').textContent).toBe('c.PL_Service_Next_Due_Now');
    // 11:50:00 -> 12:00:00 is 10 minutes
    expect(fact(element, 'lag').textContent).toBe('c.PL_Service_Minutes');
  });

  it('warns when a running service has finished no sync for more than three intervals and a minute', async () => {
    const element = await mountWith(SILENT);
    expect($(element, '.silent').getAttribute('role')).toBe('alert');
    expect($(element, '.silent').textContent).toBe('c.PL_Service_Silent');
  });

  it('paused by the API budget: a warning with the reason and the next usage check as the next run', async () => {
    const element = await mountWith(PAUSED);
    expect($(element, '.state').textContent).toBe('c.PL_Service_Paused');
    expect($(element, '.state').classList).toContain('slds-theme_warning');
    expect($(element, '.paused').getAttribute('role')).toBe('alert');
    expect($(element, '.paused').textContent).toBe('c.PL_Service_Paused_Notice');
    expect(fact(element, 'next-run').querySelector('lightning-formatted-date-time').value).toBe('2026-12-07T12:05:00.000Z');
    // the paused run is not a finished one: the lag counts from 11:53
    expect(fact(element, 'lag').textContent).toBe('c.PL_Service_Minutes');
    expect($(element, '.silent')).toBeNull();
  });

  it('stopped: no next run', async () => {
    const element = await mountWith(STOPPED);
    expect($(element, '.state').textContent).toBe('c.PL_Service_Stopped');
    expect(fact(element, 'next-run').textContent).toBe('c.PL_Service_Not_Scheduled');
    expect(fact(element, 'lag').textContent).toBe('c.PL_Service_Hours');
  });

  it('says how to start the service when it never ran against this org', async () => {
    const element = await mountWith(NEVER);
    expect($(element, '.never').textContent).toBe('c.PL_Service_Never');
    expect($(element, '.facts')).toBeNull();
  });

  it('shows a load failure', async () => {
    const element = mount('c-sync-service-status', SyncServiceStatus);
    graphql.emitErrors([{ message: 'No such column Service_Status__c' }]);
    await flushPromises();
    expect($(element, 'c-error-panel')).not.toBeNull();
  });

  it('is accessible', async () => {
    const element = await mountWith(PAUSED);
    await expect(element).toBeAccessible();
  });
});
