package io.mtflux.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mtflux.core.store.AccountListingUnsupportedException;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.LeaseHeldException;
import io.mtflux.core.store.LeaseLostException;
import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionConflictException;
import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The contract every {@link SessionStore} adapter passes. Extend it in a test class of the adapter, implement
 * {@link #newStore()} and the corruption hooks, and override the optional hooks where the adapter differs:
 *
 * <pre>{@code
 * class FileSessionStoreContractTest extends SessionStoreContract {
 *     protected SessionStore newStore() { return FileSessionStore.directory(dir).build(); }
 *     protected void corrupt(SessionStore store, String accountId) { ...flip a byte of the account's file... }
 *     protected Object rawStoredData(SessionStore store, String accountId) { return Files.readAllBytes(...); }
 * }
 * }</pre>
 *
 * <p>Every test uses fresh random account ids, so stores on a shared server need no cleanup between tests.
 * Operations run on {@code Schedulers.parallel()} threads where concurrency matters, so a store that blocks a
 * non-blocking thread fails under BlockHound. Each store declares what it can do ({@link #listsAccounts()},
 * {@link #hasLeases()}, {@link #leasesExpire()}) and the kit checks the declaration both ways: a store that lists
 * is checked listing, one that cannot is checked failing with the typed error; leases that expire are checked
 * expiring, leases that do not are checked outliving their ttl. The only tests ever skipped are those that do not
 * apply to the store under test (lease tests of a store without leases, corruption of a store that holds objects):
 * their reason starts with {@value #NOT_APPLICABLE} and depends on the store, never on the machine.
 */
public abstract class SessionStoreContract {
    /** The prefix of the reason of every test this kit skips: the test does not apply to the store. */
    public static final String NOT_APPLICABLE = "not applicable: ";
    private static final Duration BLOCK = Duration.ofSeconds(60);

    /** The store under test in the current test method. */
    protected SessionStore store;
    private final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    /**
     * A new store instance for one test (closed by {@link #closeStore}).
     *
     * @return the store
     * @throws Exception if it cannot be opened (the test fails)
     */
    protected abstract SessionStore newStore() throws Exception;

    /**
     * A second instance over the same stored data as {@code first} (another process or service instance in
     * production), for the lease tests. Defaults to {@code first} itself.
     *
     * @param first the store of the test
     * @return another store over the same data
     * @throws Exception if it cannot be opened (the test fails)
     */
    protected SessionStore sameBackend(SessionStore first) throws Exception {
        return first;
    }

    /**
     * Frees what {@link #newStore()} or {@link #sameBackend} opened. Default: nothing.
     *
     * @param s a store {@link #newStore()} or {@link #sameBackend} returned
     * @throws Exception if closing fails (the test fails)
     */
    protected void closeStore(SessionStore s) throws Exception {
    }

    /**
     * Damages what is stored for {@code accountId} (flips bytes, truncates, writes garbage in a field) so that a
     * load cannot read it. When the store cannot hold corrupt data (a map of objects), call
     * {@code Assumptions.abort(NOT_APPLICABLE + "why")}: the corruption test is then skipped with that reason.
     *
     * @param s the store
     * @param accountId the account to damage
     * @throws Exception if the damage cannot be done (the test fails)
     */
    protected abstract void corrupt(SessionStore s, String accountId) throws Exception;

    /**
     * A snapshot of the raw stored data of {@code accountId} (bytes, a row, a hash) compared with
     * {@code equals} (arrays deeply) before and after a failed load, to prove the store left it untouched.
     *
     * @param s the store
     * @param accountId the account
     * @return the raw data, comparable with {@code equals}
     * @throws Exception if it cannot be read (the test fails)
     */
    protected abstract Object rawStoredData(SessionStore s, String accountId) throws Exception;

    /** {@return whether leases expire after their ttl while the holder lives (false for a process-held file lock)} */
    protected boolean leasesExpire() {
        return true;
    }

    /** {@return the ttl of the short leases of the expiry tests} */
    protected Duration shortLeaseTtl() {
        return Duration.ofMillis(300);
    }

    /** {@return whether the store lists its accounts ({@link SessionStore#accountIds()}); default true} */
    protected boolean listsAccounts() {
        return true;
    }

    /**
     * Whether the store has leases: it implements {@link SessionLeases} (checked). The lease tests of a store
     * without them are skipped as not applicable.
     *
     * @return true by default
     */
    protected boolean hasLeases() {
        return true;
    }

    /** Skips the calling test, as not applicable to this store, unless {@code applies}. */
    private static void applies(boolean applies, String reason) {
        Assumptions.assumeTrue(applies, NOT_APPLICABLE + reason);
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    final void closeTheStore() throws Exception {
        if (store != null) {
            closeStore(store);
        }
    }

    /**
     * A fresh account id for this test.
     *
     * @param name a name unique within the test
     * @return the account id, unique to this test run
     */
    protected final String account(String name) {
        return prefix + name;
    }

    private static <T> T await(Mono<T> mono) {
        return mono.block(BLOCK);
    }

    private static Throwable failure(Mono<?> mono) {
        try {
            mono.block(BLOCK);
        } catch (RuntimeException e) {
            return Exceptions.unwrap(e);
        }
        throw new AssertionError("expected a failure, got success");
    }

    @Test
    void anUnknownAccountLoadsEmpty() {
        assertThat(await(store.load(account("nobody")))).isNull();
        assertThat(await(store.load(account("nobody")).hasElement())).isFalse();
    }

    @Test
    void fullStatesWithManyDcsRoundTrip() {
        for (int dcs : new int[] {1, 5, 12}) {
            String id = account("full-" + dcs);
            SessionState state = SessionStates.full(dcs * 7919L, dcs);
            SessionState saved = await(store.save(id, state));
            assertThat(saved).isEqualTo(state.withVersion(1));
            assertThat(await(store.load(id))).isEqualTo(saved);
            assertThat(await(store.load(id)).dcs()).hasSize(dcs);
        }
        String min = account("minimal");
        SessionState saved = await(store.save(min, SessionStates.minimal(4)));
        assertThat(await(store.load(min))).isEqualTo(saved).isEqualTo(SessionStates.minimal(4).withVersion(1));
    }

    @Test
    void everySaveBumpsTheVersionAndAStaleSaveConflictsWithoutWriting() {
        String id = account("versions");
        SessionState v1 = await(store.save(id, SessionStates.full(1, 3)));
        SessionState v2 = await(store.save(id, v1.withHomeDc(3)));
        assertThat(v2.version()).isEqualTo(2);
        Throwable stale = failure(store.save(id, v1.withHomeDc(1)));
        assertThat(stale).isInstanceOf(SessionConflictException.class);
        SessionConflictException conflict = (SessionConflictException) stale;
        assertThat(conflict.expectedVersion()).isEqualTo(1);
        assertThat(conflict.actualVersion()).isEqualTo(2);
        assertThat(conflict.accountId()).isEqualTo(id);
        assertNoSecrets(conflict.getMessage(), v2);
        assertThat(failure(store.save(id, v2.withVersion(0)))).isInstanceOf(SessionConflictException.class);
        assertThat(await(store.load(id))).isEqualTo(v2);
        // a version the unknown account never had
        assertThat(failure(store.save(account("never"), SessionStates.full(2, 1).withVersion(5))))
            .isInstanceOf(SessionConflictException.class);
        assertThat(await(store.load(account("never")))).isNull();
    }

    @Test
    void concurrentSavesOfOneAccountLetExactlyOneWinPerVersion() {
        String id = account("race");
        SessionState current = await(store.save(id, SessionStates.full(3, 2)));
        for (int round = 0; round < 10; round++) {
            SessionState base = current;
            int writers = 16;
            List<Object> outcomes = Flux.range(0, writers)
                .flatMap(w -> store.save(id, base.withHomeDc(1 + w % 5).withUser((long) w + 1, false))
                    .<Object>map(s -> s)
                    .onErrorResume(SessionConflictException.class, Mono::just)
                    .subscribeOn(Schedulers.parallel()), writers)
                .collectList().block(BLOCK);
            List<SessionState> winners = outcomes.stream().filter(SessionState.class::isInstance)
                .map(SessionState.class::cast).toList();
            assertThat(winners).as("winners of version %d", base.version() + 1).hasSize(1);
            assertThat(outcomes.stream().filter(SessionConflictException.class::isInstance)).hasSize(writers - 1);
            assertThat(winners.get(0).version()).isEqualTo(base.version() + 1);
            current = await(store.load(id));
            assertThat(current).isEqualTo(winners.get(0));
        }
    }

    @Test
    void aThousandAccountsInParallel() {
        int accounts = 1000;
        Map<String, SessionState> saved = new ConcurrentHashMap<>();
        Flux.range(0, accounts)
            .flatMap(i -> store.save(account("many-" + i), SessionStates.full(10_000L + i, 1 + i % 5))
                .doOnNext(s -> saved.put(account("many-" + i), s))
                .subscribeOn(Schedulers.parallel()), 64)
            .then().block(BLOCK);
        assertThat(saved).hasSize(accounts);
        AtomicInteger matched = new AtomicInteger();
        Flux.fromIterable(saved.entrySet())
            .flatMap(e -> store.load(e.getKey()).doOnNext(s -> {
                if (s.equals(e.getValue())) {
                    matched.incrementAndGet();
                }
            }).subscribeOn(Schedulers.parallel()), 64)
            .then().block(BLOCK);
        assertThat(matched).hasValue(accounts);
        Flux.fromIterable(saved.keySet()).flatMap(id -> store.delete(id).subscribeOn(Schedulers.parallel()), 64)
            .then().block(BLOCK);
        assertThat(await(store.load(account("many-7")))).isNull();
    }

    @Test
    void deleteRemovesEverythingAndTheAccountStartsOver() {
        String id = account("gone");
        SessionState v1 = await(store.save(id, SessionStates.full(4, 4)));
        await(store.save(id, v1.withHomeDc(4)));
        await(store.delete(id));
        assertThat(await(store.load(id))).isNull();
        await(store.delete(id));
        await(store.delete(account("never-stored")));
        SessionState fresh = await(store.save(id, SessionStates.minimal(1)));
        assertThat(fresh.version()).isEqualTo(1);
        assertThat(await(store.load(id))).isEqualTo(fresh);
        assertThat(await(store.load(account("neighbour")))).isNull();
    }

    @Test
    void corruptStoredDataIsATypedErrorAndStaysUntouched() throws Exception {
        String id = account("corrupt");
        SessionState state = await(store.save(id, SessionStates.full(5, 3)));
        String other = account("intact");
        SessionState intact = await(store.save(other, SessionStates.full(6, 2)));
        corrupt(store, id);
        Object before = rawStoredData(store, id);
        Throwable error = failure(store.load(id));
        assertThat(error).isInstanceOf(CorruptSessionException.class);
        assertThat(((CorruptSessionException) error).accountId()).isEqualTo(id);
        assertNoSecrets(error.getMessage(), state);
        assertThat(rawStoredData(store, id)).isEqualTo(before);
        assertThat(failure(store.load(id))).isInstanceOf(CorruptSessionException.class);
        assertThat(await(store.load(other))).isEqualTo(intact);
        await(store.delete(id));
        assertThat(await(store.load(id))).isNull();
    }

    @Test
    void apiCredentialsRoundTripAloneOrTogetherAndCanBeCleared() {
        String id = account("credentials");
        SessionState base = SessionStates.full(21, 2);
        SessionState v1 = await(store.save(id, base.withApiCredentials(null, null)));
        assertThat(await(store.load(id))).isEqualTo(v1);
        assertThat(v1.apiId()).isNull();
        assertThat(v1.apiHash()).isNull();
        SessionState v2 = await(store.save(id, v1.withApiCredentials(94575, "a3406de8d171bb422bb6ddf3bbd800e2")));
        assertThat(await(store.load(id))).isEqualTo(v2);
        assertThat(await(store.load(id)).hasApiCredentials()).isTrue();
        // an imported Pyrogram session knows only the api_id
        SessionState v3 = await(store.save(id, v2.withApiCredentials(611335, null)));
        assertThat(await(store.load(id))).isEqualTo(v3);
        // the longest and oddest hash a session keeps
        String odd = "~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}".repeat(8).substring(0, SessionState.MAX_API_HASH_LENGTH);
        SessionState v4 = await(store.save(id, v3.withApiCredentials(null, odd)));
        assertThat(await(store.load(id))).isEqualTo(v4);
        SessionState v5 = await(store.save(id, v4.withApiCredentials(null, null)));
        assertThat(await(store.load(id))).isEqualTo(v5);
        assertThat(v5.apiHash()).isNull();
    }

    @Test
    void aPendingLoginRoundTripsThroughEveryStepAndIsClearedAtLogin() {
        String id = account("pending");
        SessionState base = SessionStates.full(31, 2);
        PendingLogin code = PendingLogin.codeSent("+1 555 010 0042", "c0de-hash-7f3a9e", "sms", 5, "call", 60, 2,
            Instant.ofEpochSecond(1_800_000_000L, 250_000_000));
        SessionState v1 = await(store.save(id, base.withUser(null, false).withPendingLogin(code)));
        assertThat(await(store.load(id))).isEqualTo(v1);
        assertThat(await(store.load(id)).pendingLogin()).isEqualTo(code);
        SessionState v2 = await(store.save(id, v1.withPendingLogin(code.withFailedAttempts(4)
            .withCode("c0de-hash-2", "call", null, null, null, Instant.ofEpochSecond(1_800_000_060L)))));
        assertThat(await(store.load(id))).isEqualTo(v2);
        SessionState v3 = await(store.save(id, v2.withPendingLogin(code.withPasswordStep("the h\u00efnt",
            Instant.ofEpochSecond(1_800_000_100L)))));
        assertThat(await(store.load(id))).isEqualTo(v3);
        SessionState v4 = await(store.save(id, v3.withPendingLogin(code.withSignUpStep(
            "Terms of service \u2713\n" + "x".repeat(3000), "{\"data\":\"tos-2026\"}", Instant.EPOCH))));
        assertThat(await(store.load(id))).isEqualTo(v4);
        // a QR login waiting for the 2FA password has no phone number and no hash
        SessionState v5 = await(store.save(id, v4.withApiCredentials(null, null).withPendingLogin(new PendingLogin(
            PendingLogin.Step.PASSWORD, null, null, null, null, null, null, 3, null, null, null, 0))));
        assertThat(await(store.load(id))).isEqualTo(v5);
        SessionState v6 = await(store.save(id, v5.withUser(77L, false).withPendingLogin(null)));
        assertThat(await(store.load(id))).isEqualTo(v6);
        assertThat(await(store.load(id)).pendingLogin()).isNull();
        assertThat(v4.toString()).doesNotContain("c0de-hash");
    }

    @Test
    void toStringShowsNoSecrets() {
        SessionState state = await(store.save(account("secret"), SessionStates.full(8, 2)));
        assertNoSecrets(store.toString(), state);
        assertNoSecrets(state.toString(), state);
    }

    /**
     * Fails when {@code text} contains the start of any auth key of {@code state} in hex or base64, or its
     * api_hash.
     *
     * @param text a message, a log line or a {@code toString()}; null passes
     * @param state the state whose secrets must not appear
     */
    protected static void assertNoSecrets(String text, SessionState state) {
        if (text == null) {
            return;
        }
        if (state.apiHash() != null) {
            assertThat(text).doesNotContain(state.apiHash());
        }
        if (state.pendingLogin() != null && state.pendingLogin().phoneCodeHash() != null) {
            assertThat(text).doesNotContain(state.pendingLogin().phoneCodeHash());
        }
        state.dcs().values().forEach(auth -> {
            byte[] key = auth.authKey().bytes();
            byte[] head = java.util.Arrays.copyOf(key, 12);
            assertThat(text.toLowerCase()).doesNotContain(HexFormat.of().formatHex(head));
            assertThat(text).doesNotContain(java.util.Base64.getEncoder().encodeToString(head).substring(0, 12));
            assertThat(text).doesNotContain(java.util.Base64.getUrlEncoder().encodeToString(head).substring(0, 12));
        });
    }

    // ---- listing ----

    /** This test's accounts in the store's listing (a shared server holds other tests' accounts too). */
    private List<String> listedOfThisTest(SessionStore s) {
        List<String> all = s.accountIds().collectList().block(BLOCK);
        return all.stream().filter(id -> id.startsWith(prefix)).toList();
    }

    @Test
    void accountsAreListedFromSaveUntilDelete() {
        applies(listsAccounts(), "the store cannot list (theListingIsAsDeclared checks its typed error)");
        String a = account("listed-a");
        String b = account("listed-b");
        assertThat(listedOfThisTest(store)).isEmpty();
        SessionState va = await(store.save(a, SessionStates.full(21, 2)));
        await(store.save(b, SessionStates.minimal(2)));
        assertThat(listedOfThisTest(store)).containsExactlyInAnyOrder(a, b);
        await(store.save(a, va.withHomeDc(3)));
        assertThat(listedOfThisTest(store)).containsExactlyInAnyOrder(a, b);
        await(store.delete(a));
        assertThat(listedOfThisTest(store)).containsExactly(b);
        await(store.delete(b));
        assertThat(listedOfThisTest(store)).isEmpty();
    }

    @Test
    void manyAccountsAreListedOnceEach() {
        applies(listsAccounts(), "the store cannot list (theListingIsAsDeclared checks its typed error)");
        int accounts = 600;
        Set<String> saved = ConcurrentHashMap.newKeySet();
        Flux.range(0, accounts)
            .flatMap(i -> store.save(account("list-" + i), SessionStates.minimal(1 + i % 5))
                .doOnNext(x -> saved.add(account("list-" + i)))
                .subscribeOn(Schedulers.parallel()), 64)
            .then().block(BLOCK);
        List<String> listed = listedOfThisTest(store);
        assertThat(listed).hasSize(accounts).doesNotHaveDuplicates();
        assertThat(new HashSet<>(listed)).isEqualTo(saved);
        Flux.fromIterable(saved).flatMap(id -> store.delete(id).subscribeOn(Schedulers.parallel()), 64)
            .then().block(BLOCK);
        assertThat(listedOfThisTest(store)).isEmpty();
    }

    @Test
    void oddAccountIdsAreListedAsTheyWereSaved() {
        applies(listsAccounts(), "the store cannot list (theListingIsAsDeclared checks its typed error)");
        List<String> ids = List.of(account("with space"), account("star*and?[x]"), account("brace}{"),
            account("per%cent.dot"), account("\u00fcml\u00e4ut-\u6587"), account(".leading"));
        for (String id : ids) {
            await(store.save(id, SessionStates.minimal(1)));
        }
        assertThat(listedOfThisTest(store)).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            await(store.delete(id));
        }
    }

    @Test
    void aLeaseAloneIsNotAnAccount() {
        applies(listsAccounts(), "the store cannot list (theListingIsAsDeclared checks its typed error)");
        SessionLeases l = leases(store);
        String id = account("lease-only");
        SessionLease lease = await(l.acquire(id, "holder", Duration.ofSeconds(30)));
        assertThat(listedOfThisTest(store)).isEmpty();
        await(l.save(lease, SessionStates.minimal(2)));
        assertThat(listedOfThisTest(store)).containsExactly(id);
        await(l.release(lease));
        await(store.delete(id));
        assertThat(listedOfThisTest(store)).isEmpty();
    }

    @Test
    void theListingIsAsDeclared() {
        if (listsAccounts()) {
            String id = account("declared");
            await(store.save(id, SessionStates.minimal(2)));
            assertThat(listedOfThisTest(store)).containsExactly(id);
            await(store.delete(id));
        } else {
            assertThat(failure(store.accountIds().collectList()))
                .isInstanceOf(AccountListingUnsupportedException.class).hasMessageContaining("cannot list");
        }
    }

    @Test
    void theLeasesAreAsDeclared() {
        assertThat(store instanceof SessionLeases).as("the store implements SessionLeases").isEqualTo(hasLeases());
    }

    // ---- leases ----

    @Test
    void currentLeasesAreListedWithTheirHolders() throws Exception {
        SessionLeases l = leases(store);
        String base = account("holders-");
        Throwable unsupported = l.leaseHolders(base).map(x -> (Throwable) null)
            .onErrorResume(e -> Mono.just(e)).block(BLOCK);
        applies(!(unsupported instanceof AccountListingUnsupportedException), "the store does not list leases");
        SessionLease a = await(l.acquire(base + "a", "inst-1", Duration.ofSeconds(30)));
        SessionLease b = await(l.acquire(base + "b", "inst-2", Duration.ofSeconds(30)));
        await(l.acquire(account("elsewhere"), "inst-3", Duration.ofSeconds(30)));
        assertThat(await(l.leaseHolders(base))).isEqualTo(Map.of(base + "a", "inst-1", base + "b", "inst-2"));
        assertThat(await(l.leaseHolders(""))).containsEntry(account("elsewhere"), "inst-3")
            .containsEntry(base + "a", "inst-1");
        await(l.release(a));
        assertThat(await(l.leaseHolders(base))).isEqualTo(Map.of(base + "b", "inst-2"));
        await(l.release(b));
        if (leasesExpire()) {
            Duration ttl = shortLeaseTtl();
            await(l.acquire(base + "c", "inst-1", ttl));
            assertThat(await(l.leaseHolders(base))).containsOnlyKeys(base + "c");
            Thread.sleep(ttl.toMillis() * 2 + 50);
            assertThat(await(l.leaseHolders(base))).isEmpty();
        }
    }

    private SessionLeases leases(SessionStore s) {
        applies(hasLeases(), "the store has no leases");
        assertThat(s).isInstanceOf(SessionLeases.class);
        return (SessionLeases) s;
    }

    @Test
    void aLeaseIsExclusiveAcrossInstances() throws Exception {
        SessionLeases a = leases(store);
        SessionStore second = sameBackend(store);
        try {
            SessionLeases b = leases(second);
            String id = account("exclusive");
            SessionLease la = await(a.acquire(id, "instance-a", Duration.ofSeconds(30)));
            assertThat(la.fencingToken()).isPositive();
            assertThat(la.accountId()).isEqualTo(id);
            Throwable held = failure(b.acquire(id, "instance-b", Duration.ofSeconds(30)));
            assertThat(held).isInstanceOf(LeaseHeldException.class);
            assertThat(((LeaseHeldException) held).accountId()).isEqualTo(id);
            assertThat(failure(a.acquire(id, "instance-a", Duration.ofSeconds(30))))
                .isInstanceOf(LeaseHeldException.class);
            // other accounts are independent
            SessionLease otherAccount = await(b.acquire(account("exclusive-2"), "instance-b", Duration.ofSeconds(30)));
            await(a.release(la));
            SessionLease lb = await(b.acquire(id, "instance-b", Duration.ofSeconds(30)));
            assertThat(lb.fencingToken()).isGreaterThan(la.fencingToken());
            await(b.release(lb));
            await(b.release(otherAccount));
        } finally {
            if (second != store) {
                closeStore(second);
            }
        }
    }

    @Test
    void aRenewedLeaseKeepsWritingAndAReleasedOneCannotRenew() {
        SessionLeases l = leases(store);
        String id = account("renew");
        SessionLease lease = await(l.acquire(id, "holder", Duration.ofSeconds(30)));
        SessionLease renewed = await(l.renew(lease));
        assertThat(renewed.fencingToken()).isEqualTo(lease.fencingToken());
        assertThat(renewed.expiresAt()).isAfterOrEqualTo(lease.expiresAt());
        SessionState v1 = await(l.save(renewed, SessionStates.full(9, 2)));
        assertThat(v1.version()).isEqualTo(1);
        SessionState v2 = await(l.save(lease, v1.withHomeDc(1)));
        assertThat(await(store.load(id))).isEqualTo(v2);
        assertThat(failure(l.save(lease, v1))).isInstanceOf(SessionConflictException.class);
        await(l.release(lease));
        assertThat(failure(l.renew(lease))).isInstanceOf(LeaseLostException.class);
        assertThat(failure(l.save(lease, v2))).isInstanceOf(LeaseLostException.class);
        assertThat(await(store.load(id))).isEqualTo(v2);
        await(l.release(lease));
    }

    @Test
    void aWriteWithAnOldFencingTokenIsRejected() throws Exception {
        SessionLeases a = leases(store);
        SessionStore second = sameBackend(store);
        try {
            SessionLeases b = leases(second);
            String id = account("fencing");
            SessionLease old = await(a.acquire(id, "old-owner", Duration.ofSeconds(30)));
            SessionState v1 = await(a.save(old, SessionStates.full(10, 2)));
            await(a.release(old));
            SessionLease next = await(b.acquire(id, "new-owner", Duration.ofSeconds(30)));
            assertThat(next.fencingToken()).isGreaterThan(old.fencingToken());
            Throwable fenced = failure(a.save(old, v1.withHomeDc(1)));
            assertThat(fenced).isInstanceOf(LeaseLostException.class);
            assertThat(((LeaseLostException) fenced).fencingToken()).isEqualTo(old.fencingToken());
            assertThat(await(second.load(id))).isEqualTo(v1);
            SessionState v2 = await(b.save(next, v1.withHomeDc(1)));
            assertThat(await(store.load(id))).isEqualTo(v2);
            // tokens keep growing across delete
            await(second.delete(id));
            await(b.release(next));
            SessionLease afterDelete = await(a.acquire(id, "old-owner", Duration.ofSeconds(30)));
            assertThat(afterDelete.fencingToken()).isGreaterThan(next.fencingToken());
            await(a.release(afterDelete));
        } finally {
            if (second != store) {
                closeStore(second);
            }
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsHolderIsFencedOut() throws Exception {
        SessionLeases a = leases(store);
        SessionStore second = sameBackend(store);
        try {
            SessionLeases b = leases(second);
            String id = account("expiry");
            SessionLease la = await(a.acquire(id, "slow", shortLeaseTtl()));
            SessionState v1 = await(a.save(la, SessionStates.full(11, 2)));
            Thread.sleep(shortLeaseTtl().multipliedBy(3).toMillis());
            if (!leasesExpire()) {
                // the lease outlives its ttl while its holder lives: no takeover, its holder still writes
                assertThat(failure(b.acquire(id, "fast", Duration.ofSeconds(30))))
                    .isInstanceOf(LeaseHeldException.class);
                SessionState v2 = await(a.save(la, v1.withHomeDc(1)));
                assertThat(await(second.load(id))).isEqualTo(v2);
                await(a.release(la));
                return;
            }
            SessionLease lb = await(b.acquire(id, "fast", Duration.ofSeconds(30)));
            assertThat(lb.fencingToken()).isGreaterThan(la.fencingToken());
            assertThat(failure(a.renew(la))).isInstanceOf(LeaseLostException.class);
            assertThat(failure(a.save(la, v1.withHomeDc(1)))).isInstanceOf(LeaseLostException.class);
            assertThat(await(store.load(id))).isEqualTo(v1);
            assertThat(await(b.save(lb, v1.withHomeDc(3))).homeDc()).isEqualTo(3);
            await(a.release(la));
            assertThat(failure(a.acquire(id, "slow", shortLeaseTtl()))).isInstanceOf(LeaseHeldException.class);
            await(b.release(lb));
        } finally {
            if (second != store) {
                closeStore(second);
            }
        }
    }

    @Test
    void anExpiredLeaseIsNotRenewedOrWrittenWithEvenWithoutATakeover() throws Exception {
        SessionLeases l = leases(store);
        String id = account("lapsed");
        SessionLease lease = await(l.acquire(id, "sleepy", shortLeaseTtl()));
        Thread.sleep(shortLeaseTtl().multipliedBy(3).toMillis());
        if (!leasesExpire()) {
            // not lapsed: it renews and writes
            SessionLease renewed = await(l.renew(lease));
            assertThat(renewed.fencingToken()).isEqualTo(lease.fencingToken());
            SessionState v1 = await(l.save(renewed, SessionStates.minimal(2)));
            assertThat(await(store.load(id))).isEqualTo(v1);
            await(l.release(renewed));
            return;
        }
        assertThat(failure(l.renew(lease))).isInstanceOf(LeaseLostException.class);
        assertThat(failure(l.save(lease, SessionStates.minimal(2)))).isInstanceOf(LeaseLostException.class);
        assertThat(await(store.load(id))).isNull();
    }

    @Test
    void aLeasedStoreRenewsInTheBackgroundWritesFencedAndStopsAfterRelease() throws Exception {
        leases(store);
        SessionStore second = sameBackend(store);
        try {
            String id = account("leased-view");
            Duration ttl = Duration.ofSeconds(1);
            LeasedSessionStore view = await(LeasedSessionStore.acquire(store, id, "view", ttl,
                Duration.ofMillis(100)));
            assertThat(view.isHeld()).isTrue();
            SessionState v1 = await(view.save(id, SessionStates.full(12, 3)));
            if (leasesExpire()) {
                Thread.sleep(ttl.multipliedBy(5).dividedBy(2).toMillis());
            }
            assertThat(view.isHeld()).isTrue();
            assertThat(failure(leases(second).acquire(id, "other", ttl))).isInstanceOf(LeaseHeldException.class);
            SessionState v2 = await(view.save(id, v1.withHomeDc(3)));
            assertThat(await(view.load(id))).isEqualTo(v2);
            assertThat(failure(view.save(account("not-mine"), v1))).isInstanceOf(IllegalArgumentException.class);
            await(view.release());
            assertThat(view.isHeld()).isFalse();
            assertThat(failure(view.save(id, v2))).isInstanceOf(LeaseLostException.class);
            SessionLease taken = await(leases(second).acquire(id, "other", ttl));
            assertThat(taken.fencingToken()).isGreaterThan(view.lease().fencingToken());
            assertThat(await(view.lost().hasElement())).isFalse();
            await(leases(second).release(taken));
        } finally {
            if (second != store) {
                closeStore(second);
            }
        }
    }

    @Test
    void aLeasedStoreThatLosesItsLeaseStopsWriting() throws Exception {
        leases(store);
        SessionStore second = sameBackend(store);
        try {
            String id = account("lost-view");
            Duration ttl = shortLeaseTtl();
            // renewing far less often than the ttl: the lease lapses
            LeasedSessionStore view = await(LeasedSessionStore.acquire(store, id, "view", ttl, ttl.multipliedBy(20)));
            SessionState v1 = await(view.save(id, SessionStates.full(13, 2)));
            Thread.sleep(ttl.multipliedBy(3).toMillis());
            if (!leasesExpire()) {
                // the view stops writing at its own deadline all the same, but the store's lease does not lapse:
                // nobody takes it over until the view releases it
                Throwable lost = failure(view.save(id, v1.withHomeDc(1)));
                assertThat(lost).isInstanceOf(LeaseLostException.class);
                assertThat(view.isHeld()).isFalse();
                assertThat(failure(leases(second).acquire(id, "other", Duration.ofSeconds(30))))
                    .isInstanceOf(LeaseHeldException.class);
                assertThat(await(second.load(id))).isEqualTo(v1);
                await(view.release());
                SessionLease taken = await(leases(second).acquire(id, "other", Duration.ofSeconds(30)));
                await(leases(second).release(taken));
                return;
            }
            SessionLease taken = await(leases(second).acquire(id, "other", Duration.ofSeconds(30)));
            Throwable lost = failure(view.save(id, v1.withHomeDc(1)));
            assertThat(lost).isInstanceOf(LeaseLostException.class);
            assertThat(view.isHeld()).isFalse();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> view.lost().block(BLOCK)))
                .isInstanceOf(LeaseLostException.class);
            assertThat(await(second.load(id))).isEqualTo(v1);
            await(view.release());
            await(leases(second).release(taken));
        } finally {
            if (second != store) {
                closeStore(second);
            }
        }
    }
}
