/**
 * The TL runtime under the generated API: {@link io.mtflux.core.tl.TlObject} (every constructor and method
 * record), {@link io.mtflux.core.tl.TlMethod} (a method and its result type), {@link io.mtflux.core.tl.TlReader}
 * and {@link io.mtflux.core.tl.TlWriter} (the binary encoding, every length checked before it is trusted),
 * {@link io.mtflux.core.tl.Tl} for whole-buffer serialization and {@link io.mtflux.core.tl.TlDecodeException} for
 * bytes that are not a valid value. The generated classes are in {@code io.mtflux.core.tl.api} (the Telegram API)
 * and {@code io.mtflux.core.tl.mtproto} (the MTProto service schema).
 */
package io.mtflux.core.tl;
