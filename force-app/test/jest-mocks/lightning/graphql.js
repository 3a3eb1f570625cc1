/**
 * lightning/graphql mock. The sfdx-lwc-jest stub has no executeMutation and its gql returns
 * undefined; here gql returns the query text so tests can assert what a component asks for.
 * See https://github.com/salesforce/sfdx-lwc-jest/blob/master/src/lightning-stubs/graphql/graphql.js
 */
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export class graphql extends createTestWireAdapter() {
  static emit(value, filterFn, refreshFn) {
    super.emit({ data: value, errors: undefined, ...(refreshFn !== undefined && { refresh: refreshFn }) }, filterFn);
  }

  static emitErrors(errors, filterFn, refreshFn) {
    super.emit({ data: undefined, errors, ...(refreshFn !== undefined && { refresh: refreshFn }) }, filterFn);
  }

  constructor(dataCallback) {
    super(dataCallback);
    // only the new wire starts empty (the stub broadcasts this to every wire, wiping their refresh)
    this.emit({ data: undefined, errors: undefined });
  }
}

export const gql = jest.fn((strings, ...values) => {
  if (typeof strings === 'string') return strings;
  return strings.reduce((text, part, i) => text + part + (i < values.length ? values[i] : ''), '');
});

export const executeMutation = jest.fn();
