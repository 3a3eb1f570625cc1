/**
 * lightning/actions mock (sfdx-lwc-jest ships no stub for it): screen quick actions close with this event.
 */
export const CloseActionScreenEventName = 'lightning__actionsclosescreen';

export class CloseActionScreenEvent extends CustomEvent {
  constructor() {
    super(CloseActionScreenEventName, { bubbles: true, composed: true });
  }
}
