/**
 * lightning/platformShowToastEvent mock that also exports the event name, so tests can listen for toasts.
 * See https://github.com/salesforce/sfdx-lwc-jest/blob/master/src/lightning-stubs/platformShowToastEvent/platformShowToastEvent.js
 */
export const ShowToastEventName = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(ShowToastEventName, { composed: true, cancelable: true, bubbles: true, detail: toast });
  }
}
