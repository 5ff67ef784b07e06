/**
 * The accounts runtime: many accounts in one JVM on shared resources ({@link io.mtflux.accounts.AccountManager}),
 * each with an explicit {@link io.mtflux.accounts.AccountState}, bulk login pipelines, tagged updates and state
 * events, and metrics.
 */
package io.mtflux.accounts;
