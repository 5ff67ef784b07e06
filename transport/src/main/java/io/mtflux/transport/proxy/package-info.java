/**
 * SOCKS4/4a, SOCKS5 and HTTP CONNECT proxies to reach a DC through: {@link io.mtflux.transport.proxy.ProxyConfig},
 * given to {@code TcpTransportClient.proxy(..)}.
 */
package io.mtflux.transport.proxy;
