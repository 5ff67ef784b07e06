/**
 * A {@link io.mtflux.core.store.SessionStore} (and {@link io.mtflux.core.store.SessionLeases}) in files, for a bot
 * or a handful of accounts on one machine: start with {@link io.mtflux.store.file.FileSessionStore#directory} or
 * {@link io.mtflux.store.file.FileSessionStore#file}. Each save replaces the file atomically; with a passphrase the
 * files are encrypted with AES-256-GCM under an Argon2id key ({@link io.mtflux.store.file.Argon2Params}).
 */
package io.mtflux.store.file;
