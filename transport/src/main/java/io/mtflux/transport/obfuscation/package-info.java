/**
 * obfuscated2 ({@code docs/protocol.md} section 4.7): the 64-byte init header
 * ({@link io.mtflux.transport.obfuscation.ObfuscatedHeader}), the per-direction AES-256-CTR key streams
 * ({@link io.mtflux.transport.obfuscation.AesCtr}) and the channel handler that applies them
 * ({@link io.mtflux.transport.obfuscation.ObfuscationHandler}).
 */
package io.mtflux.transport.obfuscation;
