import { reduceErrors, fieldErrorsOf, nodesOf, valueOf, displayOf, formatLabel } from 'c/ldsUtils';
import UPDATE_RECORD_ERROR from './data/updateRecordError.json';
import GRAPHQL_ERRORS from './data/graphqlErrors.json';

describe('c/ldsUtils', () => {
  describe('reduceErrors', () => {
    it.each([
      ['a UI API read error', { body: [{ errorCode: 'NOT_FOUND', message: 'Gone' }], status: 404 }, ['Gone']],
      ['page errors', { body: { pageErrors: [{ message: 'Locked' }] } }, ['Locked']],
      ['top-level field errors', { body: { fieldErrors: { Name: [{ message: 'Too long' }] } } }, ['Too long']],
      ['a message-only body', { body: { message: 'Server down' } }, ['Server down']],
      ['a JS error', new Error('boom'), ['boom']],
      ['only a status text', { body: null, statusText: 'Service Unavailable' }, ['Service Unavailable']],
      ['nothing', undefined, []],
    ])('reduces %s', (_name, input, expected) => {
      expect(reduceErrors(input)).toEqual(expected);
    });

    it('lists page-level and field-level DML errors before the generic body message', () => {
      expect(reduceErrors(UPDATE_RECORD_ERROR)).toEqual([
        "You don't have access to this record.",
        'Attribution must be between 0 and 100.',
      ]);
    });

    it('reduces a GraphQL errors array and skips empty entries', () => {
      expect(reduceErrors([null, ...GRAPHQL_ERRORS])).toEqual(["Field 'Bogus__c' in type 'Partner_Overlap__c' is undefined"]);
    });
  });

  it('keys DML field errors by field API name', () => {
    expect(fieldErrorsOf(UPDATE_RECORD_ERROR)).toEqual({ Attribution_Percent__c: 'Attribution must be between 0 and 100.' });
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });

  it('reads GraphQL connections and field values', () => {
    const connection = { edges: [{ node: { Id: 'a', Name: { value: 'Acme', displayValue: null } } }] };
    expect(nodesOf(connection).map((n) => n.Id)).toEqual(['a']);
    expect(nodesOf(undefined)).toEqual([]);
    expect(valueOf({ value: 25, displayValue: '25%' })).toBe(25);
    expect(valueOf(null)).toBeNull();
    expect(displayOf({ value: 25, displayValue: '25%' })).toBe('25%');
    expect(displayOf({ value: 'Acme', displayValue: null })).toBe('Acme');
    expect(displayOf(undefined)).toBeNull();
  });

  it('fills label placeholders and leaves unknown ones', () => {
    expect(formatLabel('{0} of {1} used, {2}', 60, '100%')).toBe('60 of 100% used, {2}');
  });
});
