// Types of primaryPartner.js for TypeScript callers (test/sync). Not deployed (.forceignore **/*.ts).

export interface TaggerInfluenceRow {
  partnerId: string;
  partnerName?: string;
  role: string;
  attribution: number | null;
  touchDate?: string;
  createdDate?: string;
}

export declare function compareInfluence(a: TaggerInfluenceRow, b: TaggerInfluenceRow): number;
export declare function primaryPartnerOf(rows: readonly TaggerInfluenceRow[]): string | null;
