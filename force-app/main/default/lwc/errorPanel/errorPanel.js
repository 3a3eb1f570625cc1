import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';
import GENERIC_ERROR from '@salesforce/label/c.PL_Error_Generic';
import SHOW_DETAILS from '@salesforce/label/c.PL_Error_Show_Details';

/** Shows a friendly message for LDS/GraphQL errors with the details one click away. */
export default class ErrorPanel extends LightningElement {
  /** Errors as emitted by a wire or thrown by a uiRecordApi call. */
  @api errors;
  /** Summary shown above the details; defaults to a generic label. */
  @api friendlyMessage = GENERIC_ERROR;

  showDetails = false;
  labels = { showDetails: SHOW_DETAILS };

  get messages() {
    return reduceErrors(this.errors).map((message, index) => ({ key: `${index}`, message }));
  }

  get hasDetails() {
    return this.messages.length > 0;
  }

  handleToggle() {
    this.showDetails = !this.showDetails;
  }
}
