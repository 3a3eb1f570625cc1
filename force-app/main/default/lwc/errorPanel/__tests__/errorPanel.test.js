import ErrorPanel from 'c/errorPanel';
import { mount, cleanup, flushPromises } from 'jest-utils';

describe('c-error-panel', () => {
  afterEach(cleanup);

  it('shows the generic label and no details toggle without errors', async () => {
    const element = mount('c-error-panel', ErrorPanel);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.friendly').textContent).toBe('c.PL_Error_Generic');
    expect(element.shadowRoot.querySelector('lightning-input')).toBeNull();
    expect(element.shadowRoot.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('reveals the reduced messages when the details toggle changes', async () => {
    const element = mount('c-error-panel', ErrorPanel, {
      friendlyMessage: 'Could not load partners',
      errors: [{ message: 'first' }, { body: [{ message: 'second' }] }],
    });
    await flushPromises();
    expect(element.shadowRoot.querySelector('.friendly').textContent).toBe('Could not load partners');
    expect(element.shadowRoot.querySelector('.details')).toBeNull();
    element.shadowRoot.querySelector('lightning-input').dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect([...element.shadowRoot.querySelectorAll('.details li')].map((li) => li.textContent)).toEqual(['first', 'second']);
    await expect(element).toBeAccessible();
  });
});
