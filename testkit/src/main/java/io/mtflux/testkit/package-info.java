/**
 * An embedded fake Telegram for tests: {@link io.mtflux.testkit.Testkit#cluster()} builds a
 * {@link io.mtflux.testkit.TestCluster} of DCs on loopback that speak real MTProto 2.0 and the login API, seeded
 * with {@link io.mtflux.testkit.TestUser}s and {@link io.mtflux.testkit.TestBot}s under
 * {@link io.mtflux.testkit.LoginLimits}; a client reaches it through {@code cluster.dcOptions()}. Login codes are
 * delivered to the test ({@link io.mtflux.testkit.LoginCode}). {@link io.mtflux.testkit.TestkitExtension} starts a
 * cluster per JUnit 5 test class; {@link io.mtflux.testkit.TestkitReadyLine} reads the first line of the
 * standalone jar, for tests in other languages.
 */
package io.mtflux.testkit;
