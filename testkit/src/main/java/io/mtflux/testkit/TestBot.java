package io.mtflux.testkit;

import java.util.Objects;

/**
 * A bot account to seed into a cluster, logged in with {@code auth.importBotAuthorization} and its token
 * {@code <bot id>:<secret>}. Immutable. {@link #toString()} shows the bot id only, never the secret.
 */
public final class TestBot {
    private final long id;
    private final String token;
    private final String firstName;
    private final String username;
    private final int dc;

    private TestBot(String token, String firstName, String username, int dc) {
        this.token = Objects.requireNonNull(token, "token");
        int colon = token.indexOf(':');
        if (colon <= 0 || colon == token.length() - 1) {
            throw new IllegalArgumentException("a bot token has the form <bot id>:<secret>");
        }
        try {
            this.id = Long.parseLong(token.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a bot token starts with the numeric bot id", e);
        }
        if (id <= 0) {
            throw new IllegalArgumentException("the bot id must be positive");
        }
        this.firstName = firstName;
        this.username = username;
        this.dc = dc;
    }

    /**
     * @param token {@code <bot id>:<secret>}
     * @return a bot named "Test Bot" on the DC the cluster assigns
     */
    public static TestBot of(String token) {
        return new TestBot(token, "Test Bot", null, 0);
    }

    /**
     * @param value the home DC (0: the cluster assigns one)
     * @return a copy with that DC
     */
    public TestBot dc(int value) {
        return new TestBot(token, firstName, username, value);
    }

    /**
     * @param value the bot's name
     * @return a copy with that name
     */
    public TestBot name(String value) {
        return new TestBot(token, value, username, dc);
    }

    /**
     * @param value the bot's username, without {@code @}
     * @return a copy with that username
     */
    public TestBot username(String value) {
        return new TestBot(token, firstName, value, dc);
    }

    /** @return the bot's user id (the part of the token before the colon) */
    public long id() {
        return id;
    }

    /** @return the full token (a secret: do not log it) */
    public String token() {
        return token;
    }

    /**
     * {@return the bot's first name}
     */
    public String firstName() {
        return firstName;
    }

    /**
     * {@return the bot's username, without {@code @}}
     */
    public String username() {
        return username;
    }

    /**
     * {@return the home DC, 0 when the cluster assigns it}
     */
    public int dc() {
        return dc;
    }

    @Override
    public String toString() {
        return "TestBot{id=" + id + ", dc=" + dc + "}";
    }
}
