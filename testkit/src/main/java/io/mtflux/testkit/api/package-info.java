/**
 * The Telegram API surface of the testkit cluster: the shared account database and the {@code RpcHandler} each
 * fake DC answers with (login by phone code, sign-up, SRP 2FA, bot tokens, authorization export/import, the
 * calls a logged-in client makes first), with flood control. Public so that {@code io.mtflux.testkit} can wire
 * it; tests use {@link io.mtflux.testkit.TestCluster}, not these classes.
 */
package io.mtflux.testkit.api;
