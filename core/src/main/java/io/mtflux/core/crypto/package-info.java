/**
 * MTProto cryptography on raw types ({@code byte[]}, {@link java.math.BigInteger}, Netty {@code ByteBuf}):
 * AES-IGE and AES-CTR over the JDK's AES, hashes and PBKDF2, RSA (fingerprints, RSA_PAD, the legacy
 * scheme, PEM), pq factorization, Diffie-Hellman checks, MTProto 2.0 message encryption, the key
 * derivations of the auth-key exchange and SRP for two-step verification.
 *
 * <p>Protocol reference: {@code docs/protocol.md} sections 2, 3 and 7. Every failed check raises
 * {@link io.mtflux.core.crypto.MtprotoSecurityException} with a {@link io.mtflux.core.crypto.SecurityFailure}
 * reason; no exception, log line or {@code toString()} in this package carries key material.
 *
 * <p>CPU-heavy operations (RSA, 2048-bit modular exponentiation, PBKDF2, pq factorization) come as a plain
 * synchronous method and a {@code Mono} variant that runs on {@code Schedulers.parallel()}, so callers on a
 * Netty event loop never do that work inline.
 */
package io.mtflux.core.crypto;
