// A de-DE user: each partner's attribution as that user's locale writes a percentage, not the server's "60%".
import PartnerInfluencePanel from 'c/partnerInfluencePanel';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import INFLUENCES from './data/graphqlInfluences.json';

jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });

describe('c-partner-influence-panel in de-DE', () => {
  afterEach(cleanup);

  it('writes the attribution as 60 % and 25 %; a row without one stays —', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: '0065g00000OppAAAAA' });
    graphql.emit(INFLUENCES);
    await flushPromises();
    expect([...element.shadowRoot.querySelectorAll('.attribution')].map((d) => d.textContent)).toEqual(['60\u00a0%', '25\u00a0%', '—']);
  });
});
