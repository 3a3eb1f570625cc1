import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalConfig } from '../config/localConfig.js';
import type { DemoData } from './types.js';

/**
 * Writes the partners' file drops and referral files under `dir` (partners/..., referrals/...) and
 * returns the config entries that point the sync at them (paths relative to `dir`).
 */
export function writeDemoFiles(data: DemoData, dir: string): Pick<LocalConfig, 'partnerFiles' | 'referralFiles'> {
  const write = (relative: string, content: string): void => {
    const target = path.join(dir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  };
  const partnerFiles: LocalConfig['partnerFiles'] = [];
  const referralFiles: LocalConfig['referralFiles'] = [];
  for (const partner of data.partners) {
    write(partner.partnerFile.path, partner.partnerFile.content);
    partnerFiles.push({ partner: partner.externalId, file: partner.partnerFile.path });
    if (partner.referralFile !== undefined) {
      write(partner.referralFile.path, partner.referralFile.content);
      referralFiles.push({ partner: partner.externalId, file: partner.referralFile.path });
    }
  }
  return { partnerFiles, referralFiles };
}
