import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { USER_TIME_ZONE } from 'c/localeFormat';
import TITLE from '@salesforce/label/c.PL_Service_Title';
import NEVER from '@salesforce/label/c.PL_Service_Never';
import RUNNING from '@salesforce/label/c.PL_Service_Running';
import PAUSED from '@salesforce/label/c.PL_Service_Paused';
import STOPPED from '@salesforce/label/c.PL_Service_Stopped';
import PAUSED_NOTICE from '@salesforce/label/c.PL_Service_Paused_Notice';
import SILENT from '@salesforce/label/c.PL_Service_Silent';
import LAST_RUN from '@salesforce/label/c.PL_Service_Last_Run';
import NEXT_RUN from '@salesforce/label/c.PL_Service_Next_Run';
import NEXT_DUE from '@salesforce/label/c.PL_Service_Next_Due_Now';
import NOT_SCHEDULED from '@salesforce/label/c.PL_Service_Not_Scheduled';
import LAG from '@salesforce/label/c.PL_Service_Lag';
import SECONDS from '@salesforce/label/c.PL_Service_Seconds';
import MINUTES from '@salesforce/label/c.PL_Service_Minutes';
import HOURS from '@salesforce/label/c.PL_Service_Hours';
import SINCE from '@salesforce/label/c.PL_Service_Since';
import NO_VALUE from '@salesforce/label/c.PL_Service_No_Value';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

const FINISHED = ['Succeeded', 'Partial'];
/** A running service that has not finished a sync for this many intervals (plus a minute) is shown as silent. */
const SILENT_INTERVALS = 3;

/** "42 s", "5 min", "3 h": how long ago, in the largest whole unit. */
function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return formatLabel(SECONDS, s);
  if (s < 7200) return formatLabel(MINUTES, Math.round(s / 60));
  return formatLabel(HOURS, Math.round(s / 3600));
}

/**
 * The sync service as the org knows it (partnerlens serve writes Service_* on the settings record when it starts,
 * pauses for the API budget, resumes and stops; each sync writes its Partner_Sync_Run__c): its state, the last run,
 * when the next is due and how far behind the org is. Shown inside partnerSyncAdmin.
 */
export default class SyncServiceStatus extends LightningElement {
  /** Dates and times show in the user's time zone (@salesforce/i18n/timeZone), not the browser's. */
  timeZone = USER_TIME_ZONE;
  setting;
  runs = [];
  errors;
  dataArrived = false;

  labels = { title: TITLE, never: NEVER, since: SINCE, lastRun: LAST_RUN, nextRun: NEXT_RUN, lag: LAG, loadFailed: LOAD_FAILED, loading: LOADING };

  @wire(graphql, {
    query: gql`
      query syncServiceStatus {
        uiapi {
          query {
            Partner_Sync_Setting__c(where: { External_Id__c: { eq: "default" } }, first: 1) {
              edges {
                node {
                  Id
                  Service_Status__c {
                    value
                    displayValue
                  }
                  Service_Interval__c {
                    value
                  }
                  Service_Updated_At__c {
                    value
                  }
                  Service_Next_Check__c {
                    value
                  }
                  Service_Message__c {
                    value
                  }
                }
              }
            }
            Partner_Sync_Run__c(first: 20, orderBy: { Started__c: { order: DESC, nulls: LAST } }) {
              edges {
                node {
                  Id
                  Started__c {
                    value
                  }
                  Finished__c {
                    value
                  }
                  Status__c {
                    value
                    displayValue
                  }
                }
              }
            }
          }
        }
      }
    `,
  })
  wiredStatus({ data, errors }) {
    this.errors = errors;
    if (data) {
      this.dataArrived = true;
      const node = nodesOf(data.uiapi.query.Partner_Sync_Setting__c)[0];
      this.setting = node && {
        status: valueOf(node.Service_Status__c),
        interval: valueOf(node.Service_Interval__c),
        updatedAt: valueOf(node.Service_Updated_At__c),
        nextCheck: valueOf(node.Service_Next_Check__c),
        message: valueOf(node.Service_Message__c),
      };
      this.runs = nodesOf(data.uiapi.query.Partner_Sync_Run__c).map((r) => ({
        started: valueOf(r.Started__c),
        finished: valueOf(r.Finished__c),
        status: valueOf(r.Status__c),
        statusLabel: r.Status__c?.displayValue ?? valueOf(r.Status__c),
      }));
    }
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get neverRan() {
    return !this.setting?.status;
  }

  get state() {
    return this.setting?.status;
  }

  get badge() {
    const label = { Running: RUNNING, Paused: PAUSED, Stopped: STOPPED }[this.state];
    const theme = { Running: 'slds-theme_success', Paused: 'slds-theme_warning', Stopped: '' }[this.state];
    return { label, className: `state slds-badge ${theme}`.trim() };
  }

  get lastRun() {
    return this.runs[0];
  }

  /** The lag /healthz reports: since the start of the last sync that finished (Succeeded or Partial). */
  get lastFinished() {
    return this.runs.find((r) => FINISHED.includes(r.status));
  }

  get lagText() {
    const run = this.lastFinished;
    return run?.started ? duration(Date.now() - Date.parse(run.started)) : NO_VALUE;
  }

  get pausedNotice() {
    if (this.state !== 'Paused') return undefined;
    return formatLabel(PAUSED_NOTICE, this.setting.message ?? '');
  }

  /** Running, but no run has finished for several intervals: the process or its host may be down. */
  get silentNotice() {
    if (this.state !== 'Running' || !this.setting.interval) return undefined;
    const last = Date.parse(this.lastRun?.finished ?? this.lastRun?.started ?? this.setting.updatedAt);
    const quietMs = Date.now() - last;
    if (!(quietMs > (SILENT_INTERVALS * this.setting.interval + 60) * 1000)) return undefined;
    return formatLabel(SILENT, duration(quietMs), this.setting.interval, this.setting.message ?? '');
  }

  /** Running: the last run's end plus the interval; paused: the next usage check; stopped: none. */
  get nextRun() {
    if (this.state === 'Paused') return this.setting.nextCheck ? { at: this.setting.nextCheck } : { text: NOT_SCHEDULED };
    if (this.state !== 'Running' || !this.setting.interval) return { text: NOT_SCHEDULED };
    const from = this.lastRun?.finished ?? this.setting.updatedAt;
    const at = Date.parse(from) + this.setting.interval * 1000;
    return at > Date.now() ? { at: new Date(at).toISOString() } : { text: NEXT_DUE };
  }
}
