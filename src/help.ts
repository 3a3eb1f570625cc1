// Help for the standalone `partnerlens` bin. Commands live under the `partnerlens` topic so the same plugin reads
// `sf partnerlens sync` inside the sf CLI; standalone, bin/run.js adds the topic, so users type `partnerlens sync`
// and help must show that, not `partnerlens partnerlens sync`.
import { Help } from '@oclif/core';

export default class PartnerLensHelp extends Help {
  protected override log(...args: string[]): void {
    super.log(...args.map((text) => (this.config.bin === 'partnerlens' ? text.replace(/\bpartnerlens partnerlens\b/g, 'partnerlens') : text)));
  }
}
