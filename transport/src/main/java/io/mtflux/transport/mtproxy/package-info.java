/**
 * MTProxy ({@code docs/protocol.md} section 4.8): {@link io.mtflux.transport.mtproxy.MtProxyConfig} parses
 * {@code tg://proxy} and {@code t.me/proxy} links, {@link io.mtflux.transport.mtproxy.MtProxySecret} classifies the
 * secret (simple, {@code dd} secured, {@code ee} fake TLS), and the fake-TLS handlers wrap the obfuscated stream in
 * TLS records for {@code ee} secrets.
 */
package io.mtflux.transport.mtproxy;
