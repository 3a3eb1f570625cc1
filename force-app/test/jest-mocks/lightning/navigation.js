/**
 * lightning/navigation mock that records what a component navigated to.
 * See https://github.com/salesforce/sfdx-lwc-jest/blob/master/src/lightning-stubs/navigation/navigation.js
 */
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const CurrentPageReference = createTestWireAdapter(jest.fn());

let lastNavigate = { pageReference: undefined, replace: undefined };
let lastGenerateUrl = { pageReference: undefined };

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');
export const NavigationMixin = (Base) =>
  class extends Base {
    [Navigate](pageReference, replace) {
      lastNavigate = { pageReference, replace };
    }

    [GenerateUrl](pageReference) {
      lastGenerateUrl = { pageReference };
      return Promise.resolve(`https://example.com/lightning/r/${pageReference?.attributes?.recordId ?? ''}/view`);
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const getNavigateCalledWith = () => lastNavigate;
export const getGenerateUrlCalledWith = () => lastGenerateUrl;
