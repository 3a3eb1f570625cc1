import { Messages, SfError } from '@salesforce/core';

Messages.importMessagesDirectory(__dirname);
/** The private exchange's bundle (messages/psi.md): protocol, transport and command strings. */
export const psiMessages = Messages.loadMessages('partnerlens', 'psi');

export type PsiErrorCode =
  | 'Malformed'
  | 'UnsupportedVersion'
  | 'WrongSession'
  | 'UnexpectedMessage'
  | 'TooLarge'
  | 'SetTooSmall'
  | 'EmptySet'
  | 'BadElement'
  | 'DuplicateElement'
  | 'Hidden'
  | 'KeyKindMismatch'
  | 'ModeRaised'
  | 'BadPayload'
  | 'MessageTooLarge'
  | 'Unauthorized'
  | 'RateLimited'
  | 'Timeout'
  | 'PeerError'
  | 'BadState'
  | 'BadResult'
  | 'NeedRecords'
  | 'WeakToken'
  | 'InsecureBind'
  | 'BudgetExceeded'
  | 'SetTooSimilar';

/** Exit code 2 for anything the partner's side (or a tampered message) caused; 1 for local problems. */
const PEER_CAUSED: ReadonlySet<PsiErrorCode> = new Set(['Malformed', 'UnsupportedVersion', 'WrongSession', 'UnexpectedMessage', 'TooLarge', 'SetTooSmall', 'BadElement', 'DuplicateElement', 'KeyKindMismatch', 'ModeRaised', 'BadPayload', 'MessageTooLarge', 'PeerError']);

export type MessageToken = string | number;

/** A refused exchange or message: the code names the rule, the text says what happened and how to fix it. */
export class PsiError extends SfError<{ code: PsiErrorCode }> {
  /** Which rule refused (SfError's own `code` is taken by the exit-code machinery). */
  public readonly rule: PsiErrorCode;
  public constructor(code: PsiErrorCode, tokens: readonly MessageToken[] = [], actionTokens: readonly MessageToken[] = []) {
    super(psiMessages.getMessage(`error.${code}`, [...tokens]), `Psi${code}`, psiMessages.getMessages(`error.${code}.actions`, [...actionTokens]), PEER_CAUSED.has(code) ? 2 : 1);
    this.rule = code;
    this.data = { code };
  }
}

export function isPsiError(error: unknown, code?: PsiErrorCode): error is PsiError {
  return error instanceof PsiError && (code === undefined || error.rule === code);
}
