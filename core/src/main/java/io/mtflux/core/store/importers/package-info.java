/**
 * Imports of other libraries' session strings (Telethon, GramJS, Pyrogram, mtcute) as a
 * {@link io.mtflux.core.store.SessionState}, and exports to Telethon and GramJS strings:
 * {@link io.mtflux.core.store.importers.ForeignSessions}. Layouts: docs/interop-notes.md 5.
 */
package io.mtflux.core.store.importers;
