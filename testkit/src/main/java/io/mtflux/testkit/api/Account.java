package io.mtflux.testkit.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One account of the cluster's database: a user (with a phone) or a bot (with a token secret). Its identity is
 * fixed; names, home DC and 2FA can change while the cluster runs. Thread-safe. {@link #toString()} shows no
 * phone, secret or password.
 */
public final class Account {
    private final long id;
    private final long accessHash;
    private final String phone;
    private final String botSecret;
    private final String fixedCode;
    /** How many Saved Messages the update log keeps for updates.getDifference. */
    static final int LOG_SIZE = 1000;
    /** How many random_ids of sent messages the account remembers (the oldest are forgotten first). */
    static final int RANDOM_IDS = 100_000;

    private final AtomicInteger pts = new AtomicInteger();
    private final AtomicInteger messageIds = new AtomicInteger();
    /** The newest Saved Messages, oldest first (guarded by itself; pts and message ids advance under it too). */
    private final Deque<SavedMessage> savedMessages = new ArrayDeque<>();
    /**
     * How many times a message with each random_id was executed (written), guarded by {@link #savedMessages}: a
     * second message with a known random_id is refused, so every count stays 1 unless the refusal is switched off.
     */
    private final Map<Long, Integer> executions = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > RANDOM_IDS;
        }
    };
    private volatile String about;
    private volatile String firstName;
    private volatile String lastName;
    private volatile String username;
    private volatile int homeDc;
    private volatile TwoFactor twoFactor;

    Account(long id, long accessHash, String phone, String botSecret, String fixedCode, String firstName,
            String lastName, String username, int homeDc, TwoFactor twoFactor) {
        this.id = id;
        this.accessHash = accessHash;
        this.phone = phone;
        this.botSecret = botSecret;
        this.fixedCode = fixedCode;
        this.firstName = firstName;
        this.lastName = lastName;
        this.username = username;
        this.homeDc = homeDc;
        this.twoFactor = twoFactor;
    }

    /**
     * {@return the user id}
     */
    public long id() {
        return id;
    }

    /**
     * {@return the access hash other users see}
     */
    public long accessHash() {
        return accessHash;
    }

    /** @return the normalized phone (digits), or null for a bot */
    public String phone() {
        return phone;
    }

    /**
     * {@return whether the account is a bot}
     */
    public boolean bot() {
        return botSecret != null;
    }

    /** Whether {@code secret} is this bot's token secret. */
    boolean botSecretMatches(String secret) {
        return botSecret != null && MessageDigest.isEqual(botSecret.getBytes(StandardCharsets.UTF_8),
            secret.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the code every sendCode for this account produces, or null for a random one */
    String fixedCode() {
        return fixedCode;
    }

    /**
     * {@return the first name}
     */
    public String firstName() {
        return firstName;
    }

    /**
     * {@return the last name, possibly empty}
     */
    public String lastName() {
        return lastName;
    }

    /**
     * {@return the username, or null}
     */
    public String username() {
        return username;
    }

    /**
     * Renames the account.
     *
     * @param first the new first name
     * @param last the new last name
     */
    public void name(String first, String last) {
        this.firstName = first;
        this.lastName = last;
    }

    /**
     * {@return the DC that holds the account's data}
     */
    public int homeDc() {
        return homeDc;
    }

    /**
     * Moves the account's data to another DC: its calls elsewhere then answer {@code USER_MIGRATE_X}.
     *
     * @param dc the new home DC
     */
    public void homeDc(int dc) {
        this.homeDc = dc;
    }

    /** @return the 2FA state, or null when the account has no password */
    public TwoFactor twoFactor() {
        return twoFactor;
    }

    void twoFactor(TwoFactor value) {
        this.twoFactor = value;
    }

    /** @return the profile's "about" text, or null */
    public String about() {
        return about;
    }

    void about(String value) {
        this.about = value;
    }

    /**
     * A message the account wrote to Saved Messages.
     *
     * @param id the message id
     * @param pts the pts it moved the account to
     * @param date when, in Unix seconds
     * @param text what
     */
    public record SavedMessage(int id, int pts, int date, String text) {
        @Override
        public String toString() {
            return "SavedMessage{id=" + id + ", pts=" + pts + "}";
        }
    }

    /** Writes a Saved Message: the next message id and pts, kept in the update log. */
    SavedMessage saveMessage(String text, int date) {
        synchronized (savedMessages) {
            return append(text, date);
        }
    }

    /**
     * {@return the account's newest Saved Messages (the last 1,000), oldest first: a copy}
     */
    public List<SavedMessage> savedMessages() {
        synchronized (savedMessages) {
            return List.copyOf(savedMessages);
        }
    }

    /**
     * Writes a Saved Message the account sent with {@code randomId}, as Telegram does: once. A random_id the
     * account already used is not executed again (null: the caller answers {@code RANDOM_ID_DUPLICATE}).
     */
    SavedMessage saveMessage(String text, int date, long randomId) {
        synchronized (savedMessages) {
            if (executions.containsKey(randomId)) {
                return null;
            }
            executions.put(randomId, 1);
            return append(text, date);
        }
    }

    /** How many times the message with this random_id was executed (0: never, or forgotten). */
    int executions(long randomId) {
        synchronized (savedMessages) {
            return executions.getOrDefault(randomId, 0);
        }
    }

    /** A copy of every remembered random_id and how many times its message was executed. */
    Map<Long, Integer> executions() {
        synchronized (savedMessages) {
            return Map.copyOf(executions);
        }
    }

    /** Appends to the update log; called under {@link #savedMessages}. */
    private SavedMessage append(String text, int date) {
        SavedMessage m = new SavedMessage(messageIds.incrementAndGet(), pts.incrementAndGet(), date, text);
        savedMessages.addLast(m);
        if (savedMessages.size() > LOG_SIZE) {
            savedMessages.removeFirst();
        }
        return m;
    }

    /**
     * The logged messages after {@code fromPts}, oldest first, at most {@code limit}; null when the log no longer
     * reaches back to {@code fromPts} (the gap is too long).
     */
    List<SavedMessage> messagesAfter(int fromPts, int limit) {
        synchronized (savedMessages) {
            SavedMessage oldest = savedMessages.peekFirst();
            if (oldest != null && oldest.pts() > fromPts + 1) {
                return null;
            }
            List<SavedMessage> out = new ArrayList<>();
            for (SavedMessage m : savedMessages) {
                if (m.pts() > fromPts && out.size() < limit) {
                    out.add(m);
                }
            }
            return out;
        }
    }

    /** The account's update sequence (pts), for updates.getState. */
    int pts() {
        return pts.get();
    }

    @Override
    public String toString() {
        return "Account{id=" + id + (bot() ? ", bot" : "") + ", dc=" + homeDc + "}";
    }
}
