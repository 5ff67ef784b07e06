/**
 * The web console: {@link io.mtflux.web.Console} serves a resumable login REST API, login, QR and accounts pages,
 * a live dashboard and a Prometheus endpoint for the accounts of an {@link io.mtflux.accounts.AccountManager}, on
 * Reactor Netty's HTTP server; {@link io.mtflux.web.ConsoleOptions} says where and how.
 */
package io.mtflux.web;
