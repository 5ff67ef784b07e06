/**
 * The behaviour every {@link io.mtflux.core.store.SessionStore} adapter must have, as a JUnit 5 test kit: extend
 * {@link io.mtflux.store.contract.SessionStoreContract} in one test class of the adapter. Also sample states
 * ({@link io.mtflux.store.contract.SessionStates}) and the crash-consistency harness
 * ({@link io.mtflux.store.contract.CrashLoop}).
 */
package io.mtflux.store.contract;
