/**
 * One fake DC: {@link io.mtflux.testkit.server.MtprotoServer} runs the server half of the key exchange, MTProto
 * 2.0 encryption, session checks and the service messages, and hands API queries to an
 * {@link io.mtflux.testkit.server.RpcHandler} with their {@link io.mtflux.testkit.server.RequestContext}.
 * {@link io.mtflux.testkit.server.Faults} injects failures (rpc errors, delays, dropped replies and updates, clock
 * skew, tampered packets); {@link io.mtflux.testkit.server.KeyLog} records which key encrypted what, for PFS
 * tests. A {@link io.mtflux.testkit.TestCluster} is several of these sharing one account database.
 */
package io.mtflux.testkit.server;
