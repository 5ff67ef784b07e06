/**
 * The MTProto transport framings ({@link io.mtflux.transport.framing.Framing}: abridged, intermediate, padded
 * intermediate, full) as Netty encoders and decoders that turn a byte stream into whole packets; each length is
 * checked before it is trusted.
 */
package io.mtflux.transport.framing;
