/**
 * A D-U-N-S number as 9 digits ("12-345-6789", "123 456 789" -> "123456789"); undefined when the value
 * is not one. Leading zeros are significant (DUNS is text), and all zeros is a placeholder, not a company.
 */
export function normaliseDuns(input: string | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  const digits = input.trim().replace(/[\s.-]/g, '');
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return undefined;
  return digits;
}
