/**
 * TLS for the testkit's {@code wss://} endpoints: a certificate and its key, self-signed on demand or read from PEM.
 */
package io.mtflux.testkit.tls;
