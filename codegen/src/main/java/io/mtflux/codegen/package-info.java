/**
 * The build-time TL generator (not a runtime dependency): {@link io.mtflux.codegen.TlSchemaParser} reads a TL
 * schema into a {@link io.mtflux.codegen.TlSchema} of {@link io.mtflux.codegen.TlCombinator}s, checking every
 * constructor id against the CRC32 of its declaration, and {@link io.mtflux.codegen.Main} writes the Java sources
 * {@code mtflux-core} compiles: a record per constructor and method, a sealed interface per type, a schema class
 * with the id table, all documented. The testkit reuses the parser to read older API layers.
 */
package io.mtflux.codegen;
