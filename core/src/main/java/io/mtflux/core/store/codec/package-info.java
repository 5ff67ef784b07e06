/**
 * mtflux's own serialized forms of a session: {@link io.mtflux.core.store.codec.StringSession} (the portable
 * {@code mtf1.} string), {@link io.mtflux.core.store.codec.SessionCodec} (the versioned, CRC-checked binary form
 * behind it and the file store), {@link io.mtflux.core.store.codec.StoredFields} (column and hash-field text forms
 * for store adapters) and {@link io.mtflux.core.store.codec.AuthKeyCipher} (auth keys sealed at rest).
 *
 * <p>{@link io.mtflux.core.store.codec.Base64Text} and {@link io.mtflux.core.store.codec.FieldReader} are not API:
 * they are public only for {@code io.mtflux.core.store.importers} and may change without notice.
 */
package io.mtflux.core.store.codec;
