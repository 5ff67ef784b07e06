/**
 * API layers: the schemas of the layers the testkit answers in (158, 198, 227, 228) and the transcoder that
 * rewrites layer-228 replies and pushes into the client's layer and its requests back, by constructor name.
 */
package io.mtflux.testkit.layer;
