package io.mtflux.testkit.api;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.internal.server.SrpServer;
import io.mtflux.testkit.CodeDelivery;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.server.RequestContext;
import io.mtflux.testkit.server.ServerAuthKey;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The accounts of a cluster and the login state around them, shared by every DC: users by id and phone, bots,
 * pending login codes, outstanding SRP challenges, exported authorizations, and which auth keys (on which DCs) are
 * logged in as whom. Thread-safe: DCs call it from their event loops concurrently.
 */
public final class AccountDatabase {
    private static final long FIRST_USER_ID = 1_000_001L;
    private static final long SRP_LIFETIME_MILLIS = 10 * 60 * 1000L;
    private static final long EXPORT_LIFETIME_MILLIS = 5 * 60 * 1000L;
    private static final long LOGIN_TOKEN_LIFETIME_MILLIS = 30 * 1000L;
    private static final int PRUNE_THRESHOLD = 10_000;

    private final Clock clock;
    private final LoginLimits limits;
    private final RandomSource random;
    private final int dcCount;
    private final ToIntFunction<String> newAccountDc;
    private final Consumer<LoginCode> codeListener;
    private final Map<Long, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Account> byPhone = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> codesByHash = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> latestCodeByPhone = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> resent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cancelled = new ConcurrentHashMap<>();
    private final Map<Long, SrpSession> srpSessions = new ConcurrentHashMap<>();
    private final Map<String, ExportedAuthorization> exports = new ConcurrentHashMap<>();
    private final Map<Long, Set<ServerAuthKey>> keysByUser = new ConcurrentHashMap<>();
    private final Map<String, LoginToken> loginTokens = new ConcurrentHashMap<>();
    private final Map<Long, LoginToken> loginTokenByKey = new ConcurrentHashMap<>();
    private final Map<Long, RequestContext> lastContextByKey = new ConcurrentHashMap<>();
    private final AtomicLong nextUserId = new AtomicLong(FIRST_USER_ID);
    /** Banned users by id (their phones stay registered, PHONE_NUMBER_BANNED for a new login). */
    private final Set<Long> banned = ConcurrentHashMap.newKeySet();
    /** Auth keys (by id) the operator marked as used concurrently: every call on them is AUTH_KEY_DUPLICATED. */
    private final Set<Long> duplicatedKeys = ConcurrentHashMap.newKeySet();
    /** How many times each API method was called, on every DC (by TL name). */
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final RateLimiter flood = new RateLimiter();

    /** An outstanding account.getPassword answer, until auth.checkPassword consumes it. */
    record SrpSession(long userId, long authKeyId, SrpServer.Challenge challenge, SrpServer srp,
                      long expiresAtMillis) {
    }

    /** An auth.exportAuthorization answer, until auth.importAuthorization on the target DC consumes it. */
    record ExportedAuthorization(long userId, int targetDc, long expiresAtMillis) {
    }

    /**
     * @param clock the time source of code expiry and flood windows
     * @param limits the flood control and code rules
     * @param random the source of codes, hashes, ids and SRP secrets
     * @param dcCount how many DCs the cluster has (1..N)
     * @param newAccountDc the home DC of a new, non-test number (digits only in, 1..N out)
     * @param codeListener receives every code sent
     */
    public AccountDatabase(Clock clock, LoginLimits limits, RandomSource random, int dcCount,
                           ToIntFunction<String> newAccountDc, Consumer<LoginCode> codeListener) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.random = Objects.requireNonNull(random, "random");
        this.dcCount = dcCount;
        this.newAccountDc = Objects.requireNonNull(newAccountDc, "newAccountDc");
        this.codeListener = Objects.requireNonNull(codeListener, "codeListener");
    }

    // ------------------------------------------------------------------ accounts

    /**
     * Creates a user.
     *
     * @param phone the phone (any common spelling)
     * @param first first name
     * @param last last name
     * @param username username or null
     * @param homeDc home DC, or 0 for the one the cluster assigns
     * @param twoFactor the 2FA state or null
     * @param fixedCode the login code to always send, or null
     * @return the account
     * @throws IllegalArgumentException if the phone is invalid or taken
     */
    public Account addUser(String phone, String first, String last, String username, int homeDc,
                           TwoFactor twoFactor, String fixedCode) {
        String normalized = Phones.normalize(phone);
        if (normalized == null) {
            throw new IllegalArgumentException("not a phone number");
        }
        int dc = homeDc != 0 ? checkDc(homeDc) : homeDcOfNewNumber(normalized);
        Account account = new Account(nextUserId.getAndIncrement(), randomLong(), normalized, null,
            fixedCode, first == null ? "" : first, last == null ? "" : last, username, dc, twoFactor);
        if (byPhone.putIfAbsent(normalized, account) != null) {
            throw new IllegalArgumentException("phone already registered");
        }
        accounts.put(account.id(), account);
        return account;
    }

    /**
     * Creates a bot.
     *
     * @param id the bot id (from its token)
     * @param secret the part of the token after the colon
     * @param name the bot's name
     * @param username username or null
     * @param homeDc home DC, or 0 to derive one from the id
     * @return the account
     */
    public Account addBot(long id, String secret, String name, String username, int homeDc) {
        int dc = homeDc != 0 ? checkDc(homeDc) : (int) Math.floorMod(id, (long) dcCount) + 1;
        Account account = new Account(id, randomLong(), null, secret, null, name, "", username, dc,
            null);
        if (accounts.putIfAbsent(id, account) != null) {
            throw new IllegalArgumentException("account id " + id + " exists");
        }
        return account;
    }

    private int checkDc(int dc) {
        if (dc < 1 || dc > dcCount) {
            throw new IllegalArgumentException("DC " + dc + " is not in the cluster (1.." + dcCount + ")");
        }
        return dc;
    }

    /**
     * @param id a user id
     * @return the account with this id
     */
    public Optional<Account> account(long id) {
        return Optional.ofNullable(accounts.get(id));
    }

    /**
     * @param phone a phone number
     * @return the user with this phone (any common spelling)
     */
    public Optional<Account> user(String phone) {
        String normalized = Phones.normalize(phone);
        return normalized == null ? Optional.empty() : Optional.ofNullable(byPhone.get(normalized));
    }

    /** @return every account */
    public List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    /**
     * The DC a number lives on, registered or not: a test number {@code 99966X...} on DC X (when X is in the
     * cluster), any other new number where the assignment function puts it.
     *
     * @param normalized digits only
     * @return the DC
     */
    public int homeDcOf(String normalized) {
        Account account = byPhone.get(normalized);
        return account != null ? account.homeDc() : homeDcOfNewNumber(normalized);
    }

    private int homeDcOfNewNumber(String normalized) {
        int x = Phones.testNumberDc(normalized);
        if (x >= 1 && x <= dcCount) {
            return x;
        }
        return checkDc(newAccountDc.applyAsInt(normalized));
    }

    Account signUp(String phone, String first, String last, int dc) {
        Account account = new Account(nextUserId.getAndIncrement(), randomLong(), phone, null, null,
            first, last, null, dc, null);
        if (byPhone.putIfAbsent(phone, account) != null) {
            return null;
        }
        accounts.put(account.id(), account);
        return account;
    }

    // ------------------------------------------------------------------ operator: revocations

    /**
     * Deletes the user, as Telegram does for a deactivated account: its logged-in keys get 401 USER_DEACTIVATED on
     * their next call, and the phone is free (a new login with it signs up a new account).
     *
     * @param phone any common spelling
     * @return the deleted account
     * @throws IllegalArgumentException when no user has this phone
     */
    public Account deactivate(String phone) {
        Account account = user(phone).orElseThrow(() -> new IllegalArgumentException("no user with this phone"));
        accounts.remove(account.id(), account);
        byPhone.remove(account.phone(), account);
        return account;
    }

    /**
     * Bans the user: its logged-in keys get 401 USER_DEACTIVATED_BAN on their next call, auth.sendCode and
     * auth.signIn for its phone 400 PHONE_NUMBER_BANNED.
     *
     * @param phone any common spelling
     * @return the banned account
     * @throws IllegalArgumentException when no user has this phone
     */
    public Account ban(String phone) {
        Account account = user(phone).orElseThrow(() -> new IllegalArgumentException("no user with this phone"));
        banned.add(account.id());
        return account;
    }

    /**
     * @param userId a user id
     * @return whether the account is banned
     */
    public boolean isBanned(long userId) {
        return banned.contains(userId);
    }

    /** @return whether the phone (digits) belongs to a banned user */
    boolean isBannedPhone(String normalized) {
        Account account = byPhone.get(normalized);
        return account != null && banned.contains(account.id());
    }

    /**
     * Expires every authorization of the user: its keys get 401 SESSION_EXPIRED on their next call (and may log
     * in again).
     *
     * @param phone any common spelling
     * @return how many keys were expired
     * @throws IllegalArgumentException when no user has this phone
     */
    public int expireAuthorizations(String phone) {
        Account account = user(phone).orElseThrow(() -> new IllegalArgumentException("no user with this phone"));
        int n = 0;
        for (ServerAuthKey key : keysOf(account.id())) {
            if (key.authorization() instanceof KeyAuthorization auth && auth.authorized()) {
                authorize(key, auth.withState(KeyAuthorization.State.EXPIRED));
                n++;
            }
        }
        return n;
    }

    /**
     * Marks an auth key as seen in use from two places at once: every call on it (on the DC that has it) is 406
     * AUTH_KEY_DUPLICATED from then on; the client must make a new key.
     *
     * @param authKeyId the key's id
     */
    public void markDuplicated(long authKeyId) {
        duplicatedKeys.add(authKeyId);
    }

    /**
     * @param authKeyId an auth key id
     * @return whether the operator marked the key duplicated
     */
    public boolean isDuplicated(long authKeyId) {
        return duplicatedKeys.contains(authKeyId);
    }

    /**
     * @param method a TL name such as {@code users.getUsers}
     * @return how many times the API of any DC was called with it (answered or not)
     */
    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    void countCall(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    // ------------------------------------------------------------------ login codes

    LoginLimits limits() {
        return limits;
    }

    long nowMillis() {
        return clock.millis();
    }

    /**
     * The user writes {@code text} to Saved Messages from a device outside the cluster (an operator action for
     * tests): the message joins the account's update log (so {@code updates.getDifference} returns it) and is
     * pushed as an {@code updateNewMessage} to the latest session of each logged-in key of the user. A key with no
     * connected session gets nothing now and finds the message in its next difference.
     *
     * @param phone any common spelling
     * @param text the message, 1 to 4,096 characters
     * @return the pts the message moved the account to
     * @throws IllegalArgumentException when no user has this phone, or for an empty or too long text
     */
    public int writeSavedMessage(String phone, String text) {
        Account account = user(phone).orElseThrow(() -> new IllegalArgumentException("no user with this phone"));
        if (text == null || text.isBlank() || text.length() > 4096) {
            throw new IllegalArgumentException("a message is 1 to 4096 characters");
        }
        Account.SavedMessage saved = account.saveMessage(text, (int) (clock.millis() / 1000));
        pushSavedMessage(account, saved, null);
        return saved.pts();
    }

    /**
     * How many times the user's {@code messages.sendMessage} with this random_id was executed: 1 once it was, and
     * it stays 1 (a repeat is answered {@code RANDOM_ID_DUPLICATE}); 0 when it never was (or the account has
     * forgotten it after 100,000 newer ones).
     *
     * @param userId the user
     * @param randomId the random_id the message was sent with
     * @return the number of executions
     */
    public int executions(long userId, long randomId) {
        Account account = accounts.get(userId);
        return account == null ? 0 : account.executions(randomId);
    }

    /**
     * Every random_id of the user's sent messages the account remembers, with how many times each was executed.
     *
     * @param userId the user
     * @return a copy, empty for an unknown user
     */
    public Map<Long, Integer> executions(long userId) {
        Account account = accounts.get(userId);
        return account == null ? Map.of() : account.executions();
    }

    /** Pushes a new Saved Message to the latest session of every logged-in key of its account but {@code skip}. */
    void pushSavedMessage(Account self, Account.SavedMessage saved, ServerAuthKey skip) {
        for (ServerAuthKey key : keysOf(self.id())) {
            KeyAuthorization auth = Authorizations.of(key);
            RequestContext session = lastContext(key);
            if (key != skip && auth != null && auth.authorized() && session != null) {
                session.push(ApiObjects.forLayer(session.layer()).newSavedMessage(self, saved));
            }
        }
    }

    RateLimiter flood() {
        return flood;
    }

    /** A new code for the phone: earlier pending codes of that phone are closed. */
    PendingCode newCode(String phone, int dcId) {
        if (codesByHash.size() > PRUNE_THRESHOLD) {
            long now = clock.millis();
            codesByHash.values().removeIf(c -> isOver(c.state(now)));
            latestCodeByPhone.values().removeIf(c -> isOver(c.state(now)));
        }
        String hash = HexFormat.of().formatHex(random.bytes(9));
        PendingCode code = new PendingCode(phone, hash, dcId, codeFor(phone), expiry());
        PendingCode previous = latestCodeByPhone.put(phone, code);
        if (previous != null) {
            previous.state(PendingCode.State.CLOSED);
            codesByHash.remove(previous.hash());
        }
        codesByHash.put(hash, code);
        deliver(code);
        return code;
    }

    private static boolean isOver(PendingCode.State state) {
        return state == PendingCode.State.EXPIRED || state == PendingCode.State.CLOSED;
    }

    /**
     * A new code for the same hash, by the next kind of the delivery chain.
     *
     * @return false when the hash is used or closed
     */
    boolean resend(PendingCode code) {
        if (!code.resend(codeFor(code.phone()), expiry())) {
            return false;
        }
        count(resent, code.phone());
        deliver(code);
        return true;
    }

    /** Closes the hash ({@code auth.cancelCode}): nothing works with it any more. */
    void cancel(PendingCode code) {
        code.state(PendingCode.State.CLOSED);
        forget(code);
        count(cancelled, code.phone());
    }

    private static void count(Map<String, AtomicInteger> counters, String phone) {
        counters.computeIfAbsent(phone, p -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * @param phone any common spelling
     * @return how many times {@code auth.resendCode} sent this phone a new code
     */
    public int resentCodes(String phone) {
        return counted(resent, phone);
    }

    /**
     * @param phone any common spelling
     * @return how many times {@code auth.cancelCode} closed a code of this phone
     */
    public int cancelledCodes(String phone) {
        return counted(cancelled, phone);
    }

    private static int counted(Map<String, AtomicInteger> counters, String phone) {
        String normalized = Phones.normalize(phone);
        AtomicInteger n = normalized == null ? null : counters.get(normalized);
        return n == null ? 0 : n.get();
    }

    private long expiry() {
        return clock.millis() + limits.codeLifetime().toMillis();
    }

    private void deliver(PendingCode code) {
        codeListener.accept(new LoginCode(code.phone(), code.code(), code.dcId(), deliveryOf(code)));
    }

    /** How the code's current kind of the delivery chain is called. */
    CodeDelivery deliveryOf(PendingCode code) {
        return limits.codeDelivery().get(Math.min(code.delivery(), limits.codeDelivery().size() - 1));
    }

    /** The kind a resend of the code would use, or null when the chain is used up. */
    CodeDelivery nextDeliveryOf(PendingCode code) {
        int next = code.delivery() + 1;
        return next < limits.codeDelivery().size() ? limits.codeDelivery().get(next) : null;
    }

    private String codeFor(String phone) {
        Account account = byPhone.get(phone);
        if (account != null && account.fixedCode() != null) {
            return account.fixedCode();
        }
        int x = Phones.testNumberDc(phone);
        if (x != 0) {
            return Phones.testNumberCode(x, limits.codeLength());
        }
        StringBuilder code = new StringBuilder(limits.codeLength());
        for (int i = 0; i < limits.codeLength(); i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    PendingCode code(String hash) {
        return codesByHash.get(hash);
    }

    void forget(PendingCode code) {
        codesByHash.remove(code.hash(), code);
        latestCodeByPhone.remove(code.phone(), code);
    }

    /**
     * The code most recently sent to a phone, if it is still pending.
     *
     * @param phone any common spelling
     * @return the code
     */
    public Optional<LoginCode> pendingCode(String phone) {
        String normalized = Phones.normalize(phone);
        PendingCode code = normalized == null ? null : latestCodeByPhone.get(normalized);
        if (code == null || code.state(clock.millis()) != PendingCode.State.SENT) {
            return Optional.empty();
        }
        return Optional.of(new LoginCode(code.phone(), code.code(), code.dcId(), deliveryOf(code)));
    }

    // ------------------------------------------------------------------ SRP

    long newSrpSession(long userId, long authKeyId, SrpServer srp, SrpServer.Challenge challenge) {
        long now = clock.millis();
        srpSessions.values().removeIf(s -> s.expiresAtMillis() <= now);
        long id = randomLong();
        srpSessions.put(id, new SrpSession(userId, authKeyId, challenge, srp, now + SRP_LIFETIME_MILLIS));
        return id;
    }

    /** Takes (and removes) an SRP session; null if unknown or expired. */
    SrpSession takeSrpSession(long srpId) {
        SrpSession session = srpSessions.remove(srpId);
        return session == null || session.expiresAtMillis() <= clock.millis() ? null : session;
    }

    RandomSource random() {
        return random;
    }

    long randomLong() {
        byte[] b = random.bytes(8);
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    // ------------------------------------------------------------------ authorization transfer

    byte[] export(long userId, int targetDc) {
        long now = clock.millis();
        exports.values().removeIf(e -> e.expiresAtMillis() <= now);
        byte[] bytes = random.bytes(128);
        exports.put(HexFormat.of().formatHex(bytes), new ExportedAuthorization(userId, targetDc,
            now + EXPORT_LIFETIME_MILLIS));
        return bytes;
    }

    /** Takes (and removes) an export; null if unknown or expired. */
    ExportedAuthorization takeExport(byte[] bytes) {
        ExportedAuthorization e = exports.remove(HexFormat.of().formatHex(bytes));
        return e == null || e.expiresAtMillis() <= clock.millis() ? null : e;
    }

    // ------------------------------------------------------------------ logged-in keys

    /** Records the key's new login state (null: logged out) and keeps the per-account index. */
    void authorize(ServerAuthKey key, KeyAuthorization value) {
        Object old = key.authorization();
        if (old instanceof KeyAuthorization previous) {
            Set<ServerAuthKey> keys = keysByUser.get(previous.userId());
            if (keys != null) {
                keys.remove(key);
            }
        }
        key.authorization(value);
        if (value != null && !value.ended()) {
            keysByUser.computeIfAbsent(value.userId(), id -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    /** @return the keys logged in (or password-pending) as the account, on every DC */
    List<ServerAuthKey> keysOf(long userId) {
        Set<ServerAuthKey> keys = keysByUser.get(userId);
        return keys == null ? List.of() : List.copyOf(keys);
    }

    /**
     * Remembers the latest session of a logged-in key, so updates can be pushed to it (for a permanent key, the
     * latest session of whichever temporary key bound to it).
     */
    void touch(RequestContext ctx) {
        lastContextByKey.put(ctx.authorizationKey().id(), ctx);
    }

    /** @return the latest session of the key, or null */
    RequestContext lastContext(ServerAuthKey key) {
        return lastContextByKey.get(key.id());
    }

    // ------------------------------------------------------------------ QR login

    /** A fresh token for the waiting session; the key's earlier token is dropped. */
    LoginToken newLoginToken(RequestContext waiting, int dcId, List<Long> exceptIds) {
        long now = clock.millis();
        loginTokens.values().removeIf(t -> t.expiresAtMillis() <= now);
        LoginToken token = new LoginToken(random.bytes(32), waiting, dcId, now + LOGIN_TOKEN_LIFETIME_MILLIS,
            exceptIds);
        LoginToken previous = loginTokenByKey.put(waiting.authorizationKey().id(), token);
        if (previous != null) {
            loginTokens.remove(HexFormat.of().formatHex(previous.bytes()));
        }
        loginTokens.put(HexFormat.of().formatHex(token.bytes()), token);
        return token;
    }

    /** @return the token with these bytes (expired ones too), or null */
    LoginToken loginToken(byte[] bytes) {
        return loginTokens.get(HexFormat.of().formatHex(bytes));
    }

    /** @return the key's latest token, or null */
    LoginToken loginTokenOf(ServerAuthKey key) {
        return loginTokenByKey.get(key.id());
    }

    void forget(LoginToken token) {
        loginTokens.remove(HexFormat.of().formatHex(token.bytes()), token);
        // by value: the waiting key's binding may have changed since the token was issued
        loginTokenByKey.values().remove(token);
    }
}
