// sodium-native ships no types (and @types/sodium-native describes v2/v3): declare the few calls PSI uses.
// Every function writes into its first argument and throws when libsodium returns an error.
export interface Sodium {
  crypto_generichash(out: Uint8Array, input: Uint8Array, key?: Uint8Array): void;
  crypto_core_ed25519_from_uniform(out: Uint8Array, uniform: Uint8Array): void;
  /** X25519: clamps the scalar; throws when the result is all zero (a low-order input point). */
  crypto_scalarmult(out: Uint8Array, scalar: Uint8Array, point: Uint8Array): void;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out: Uint8Array, message: Uint8Array, ad: Uint8Array | null, nsec: null, nonce: Uint8Array, key: Uint8Array): number;
  crypto_aead_xchacha20poly1305_ietf_decrypt(out: Uint8Array, nsec: null, ciphertext: Uint8Array, ad: Uint8Array | null, nonce: Uint8Array, key: Uint8Array): number;
  randombytes_buf(out: Uint8Array): void;
  crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const sodium = require('sodium-native') as Sodium;
