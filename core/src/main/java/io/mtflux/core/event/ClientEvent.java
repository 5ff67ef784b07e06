package io.mtflux.core.event;

/**
 * Something that happened to a client's account or connections, emitted by {@code MtprotoClient.events()}. Sealed:
 * a listener tests the kinds it handles with {@code instanceof} and ignores the others, as more kinds will be
 * added.
 */
public sealed interface ClientEvent permits ConnectionStateChanged, SessionRevoked {
    /** {@return the account (the client's {@code accountId}) the event is about} */
    String accountId();
}
