/**
 * The testkit as a process ({@code java -jar testkit/target/mtflux-testkit.jar}): {@link
 * io.mtflux.testkit.cli.TestkitMain} parses the flags ({@link io.mtflux.testkit.cli.CliOptions}), starts a
 * {@link io.mtflux.testkit.TestCluster} and speaks the stdout contract of the module README ("Standalone jar"):
 * one JSON line describing the DCs and the RSA public key, then one JSON event per line.
 */
package io.mtflux.testkit.cli;
